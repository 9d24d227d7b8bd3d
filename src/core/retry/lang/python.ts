// The Python retry helper: standard library only, or on top of tenacity or backoff. Pure.
import { codeRuleComment, dq, headerLines, pySeconds, wrapList } from '../emit';
import type { RetryPlan } from '../plan';

export function generatePythonHelper(plan: RetryPlan, library?: 'tenacity' | 'backoff'): { code: string; imports: string[] } {
  const limits = Object.keys(plan.attemptLimits).length > 0;
  const note =
    library === 'tenacity'
      ? 'tenacity runs the attempts; the verdict and the waits come from the tables below.'
      : library === 'backoff'
        ? 'backoff runs the attempts; the verdict and the waits come from the tables below.'
        : undefined;
  const sections = [
    headerLines(plan, 96, note)
      .map((l) => `# ${l}`.trimEnd())
      .join('\n'),
    tables(plan),
    library === 'tenacity' ? tenacityMain(plan, limits) : library === 'backoff' ? backoffMain(plan) : standardMain(),
    // tenacity asks the verdict, the limit and the wait separately (see _errcode_tenacity_options).
    ...(library === 'tenacity' ? [] : [decide(plan, limits)]),
    shouldRetry(plan),
    ...(limits ? [ATTEMPT_LIMIT] : []),
    inspect(plan),
    ...(plan.honorRetryAfter ? [retryAfter(plan)] : []),
    HELPERS,
  ];
  const imports = ['import asyncio', 'import json', 'import random', 'import time'];
  if (plan.honorRetryAfter) imports.unshift('import email.utils');
  if (library === 'tenacity') imports.push('import tenacity');
  if (library === 'backoff') imports.push('import backoff');
  imports.push('from typing import Any, Awaitable, Callable, Optional, Tuple, TypeVar');
  // Two blank lines between top-level definitions (PEP 8).
  return { code: `${sections.join('\n\n\n')}\n`, imports: imports.sort(importOrder) };
}

/** Plain `import x` first, then `from x import y`, each alphabetically (isort's default). */
function importOrder(a: string, b: string): number {
  const fa = a.startsWith('from ') ? 1 : 0;
  const fb = b.startsWith('from ') ? 1 : 0;
  return fa - fb || (a < b ? -1 : a > b ? 1 : 0);
}

function tables(plan: RetryPlan): string {
  const p = plan.policy;
  const L: string[] = [];
  L.push('_T = TypeVar("_T")');
  L.push('');
  L.push('# Retry rules and backoff numbers from the catalog.');
  L.push(`_ERRCODE_MAX_ATTEMPTS = ${p.maxAttempts}  # attempts in all, the first call included`);
  L.push(
    `_ERRCODE_BASE_DELAY = ${pySeconds(p.baseDelayMs)}  # seconds: ${p.strategy === 'fixed' ? 'the wait between attempts' : 'the first backoff ceiling, doubled on every retry'}`,
  );
  L.push(`_ERRCODE_MAX_DELAY = ${pySeconds(Math.round(p.capSeconds * 1000))}  # seconds: no wait is longer, whatever the server says`);
  L.push('# Codes worth retrying; a tuple of statuses means "only with one of these HTTP statuses".');
  if (plan.retryCodes.length === 0) {
    L.push('_ERRCODE_RETRY_CODES: "dict[str, Tuple[int, ...]]" = {}');
  } else {
    L.push('_ERRCODE_RETRY_CODES = {');
    for (const r of plan.retryCodes) {
      const t = r.onStatuses.length === 0 ? '()' : r.onStatuses.length === 1 ? `(${r.onStatuses[0]},)` : `(${r.onStatuses.join(', ')})`;
      L.push(`    ${dq(r.code)}: ${t},  # ${codeRuleComment(r)}`);
    }
    L.push('}');
  }
  L.push('# Codes never retried as they are (fix the cause first), whatever the status.');
  L.push(...frozenset('_ERRCODE_NO_RETRY_CODES', plan.noRetryCodes.map((c) => dq(c.code))));
  L.push('# HTTP statuses worth retrying when no code above decides.');
  L.push(...frozenset('_ERRCODE_RETRY_STATUSES', plan.retryStatuses.map((s) => String(s.status))));
  if (plan.retryStatusClasses.length) {
    L.push('# Status classes worth retrying (5: any 5xx) unless listed in _ERRCODE_NO_RETRY_STATUSES.');
    L.push(...frozenset('_ERRCODE_RETRY_STATUS_CLASSES', plan.retryStatusClasses.map(String)));
    L.push(...frozenset('_ERRCODE_NO_RETRY_STATUSES', plan.noRetryStatuses.map(String)));
  }
  const limits = Object.entries(plan.attemptLimits);
  if (limits.length) {
    L.push('# Attempt limits stricter than _ERRCODE_MAX_ATTEMPTS, by code or status.');
    L.push(`_ERRCODE_ATTEMPT_LIMITS = {${limits.map(([k, v]) => `${dq(k)}: ${v}`).join(', ')}}`);
  }
  return L.join('\n');
}

function frozenset(name: string, items: string[]): string[] {
  if (items.length === 0) return [`${name}: "frozenset[Any]" = frozenset()`];
  const one = `${name} = frozenset({${items.join(', ')}})`;
  if (one.length <= 100) return [one];
  return [`${name} = frozenset(`, '    {', ...wrapList(items, '        ', 100, true), '    }', ')'];
}

const SYNC_DOC = `    """Call operation() until it succeeds, fails in a way the catalog says not to retry, or runs
    out of attempts. A raised exception and a returned response with status_code >= 400
    (requests, httpx) both count as failures; when retrying stops, the last one is raised (or
    returned) as it is.
    """`;

const ASYNC_DOC = `    """with_errcode_retry for coroutines: await operation() until it succeeds, fails in a way the
    catalog says not to retry, or runs out of attempts.
    """`;

function standardMain(): string {
  return `${retryLoop(false)}\n\n\n${retryLoop(true)}`;
}

/** with_errcode_retry, or its coroutine twin: the same loop, awaiting the operation and the sleep. */
function retryLoop(isAsync: boolean): string {
  const aw = isAsync ? 'await ' : '';
  return `${isAsync ? 'async def with_errcode_retry_async' : 'def with_errcode_retry'}(
    operation: Callable[[], ${isAsync ? 'Awaitable[_T]' : '_T'}],
    *,
    max_attempts: Optional[int] = None,
    on_retry: Optional[Callable[[int, float, Any], Any]] = None,
    sleep: Callable[[float], ${isAsync ? 'Awaitable[Any]] = asyncio.sleep' : 'Any] = time.sleep'},
    rand: Callable[[], float] = random.random,
    now: Callable[[], float] = time.time,
) -> _T:
${isAsync ? ASYNC_DOC : SYNC_DOC}
    attempt = 1
    while True:
        failure: Any
        try:
            result = ${aw}operation()
        except Exception as error:  # classified below; raised again unless worth retrying
            failure = error
        else:
            if not _errcode_failed_response(result):
                return result
            failure = result
        delay = _errcode_next_delay(failure, attempt, max_attempts, rand(), now())
        if delay is None:
            if isinstance(failure, BaseException):
                raise failure
            return failure
        if on_retry is not None:
            on_retry(attempt, delay, failure)
        ${aw}sleep(delay)
        attempt += 1`;
}

const FAILED_RESPONSE_CLASS = `class _ErrcodeFailedResponse(Exception):
    """Carries a failed response through the retry library, which retries on exceptions."""

    def __init__(self, response: Any) -> None:
        super().__init__(f"HTTP {getattr(response, 'status_code', '?')}")
        self.response = response`;

function tenacityMain(plan: RetryPlan, limits: boolean): string {
  const p = plan.policy;
  const wait =
    p.strategy === 'fixed'
      ? p.jitter === 'full'
        ? `# Full jitter: a random wait in [0, base].
_errcode_backoff = tenacity.wait_random(0, min(_ERRCODE_BASE_DELAY, _ERRCODE_MAX_DELAY))`
        : `# A fixed wait (no jitter).
_errcode_backoff = tenacity.wait_fixed(min(_ERRCODE_BASE_DELAY, _ERRCODE_MAX_DELAY))`
      : p.jitter === 'full'
        ? `# Full jitter: a random wait in [0, min(cap, base * 2 ** (attempt - 1))].
_errcode_backoff = tenacity.wait_random_exponential(
    multiplier=_ERRCODE_BASE_DELAY, max=_ERRCODE_MAX_DELAY
)`
        : `# Exponential backoff without jitter: min(cap, base * 2 ** (attempt - 1)).
_errcode_backoff = tenacity.wait_exponential(multiplier=_ERRCODE_BASE_DELAY, max=_ERRCODE_MAX_DELAY)`;
  const stop = limits
    ? `def _errcode_stop(max_attempts: Optional[int]) -> Callable[[Any], bool]:
    """tenacity stop condition: the attempt limit for this failure has been reached."""

    def stop(state: Any) -> bool:
        failure = _errcode_unwrap(state.outcome.exception())
        status, code, _ = _errcode_inspect(failure, time.time())
        limit = min(max_attempts or _ERRCODE_MAX_ATTEMPTS, _errcode_attempt_limit(status, code))
        return state.attempt_number >= limit

    return stop`
    : '';
  const stopExpr = limits ? '_errcode_stop(max_attempts)' : 'tenacity.stop_after_attempt(max_attempts or _ERRCODE_MAX_ATTEMPTS)';
  return [
    `def with_errcode_retry(operation: Callable[[], _T], *, max_attempts: Optional[int] = None) -> _T:
${SYNC_DOC}

    def attempt() -> _T:
        result = operation()
        if _errcode_failed_response(result):
            raise _ErrcodeFailedResponse(result)
        return result

    try:
        return tenacity.Retrying(**_errcode_tenacity_options(max_attempts))(attempt)
    except _ErrcodeFailedResponse as failed:
        return failed.response`,
    `async def with_errcode_retry_async(
    operation: Callable[[], Awaitable[_T]], *, max_attempts: Optional[int] = None
) -> _T:
${ASYNC_DOC}

    async def attempt() -> _T:
        result = await operation()
        if _errcode_failed_response(result):
            raise _ErrcodeFailedResponse(result)
        return result

    try:
        return await tenacity.AsyncRetrying(**_errcode_tenacity_options(max_attempts))(attempt)
    except _ErrcodeFailedResponse as failed:
        return failed.response`,
    `def _errcode_tenacity_options(max_attempts: Optional[int]) -> "dict[str, Any]":
    """tenacity settings: the catalog's verdict, attempt limit and waits."""
    return {
        "retry": tenacity.retry_if_exception(_errcode_tenacity_retryable),
        "stop": ${stopExpr},
        "wait": _errcode_tenacity_wait,
        "reraise": True,
    }`,
    `def _errcode_tenacity_retryable(error: BaseException) -> bool:
    """tenacity retry condition: the catalog's verdict on this failure."""
    status, code, _ = _errcode_inspect(_errcode_unwrap(error), time.time())
    return _errcode_should_retry(status, code)`,
    wait,
    `def _errcode_tenacity_wait(state: Any) -> float:
    """The wait the server asks for (capped) when it says one, else _errcode_backoff's."""
    _, _, hint = _errcode_inspect(_errcode_unwrap(state.outcome.exception()), time.time())
    if hint is not None:
        return min(max(hint, 0.0), _ERRCODE_MAX_DELAY)
    return _errcode_backoff(state)`,
    ...(stop ? [stop] : []),
    FAILED_RESPONSE_CLASS,
    UNWRAP,
  ].join('\n\n\n');
}

function backoffMain(plan: RetryPlan): string {
  const p = plan.policy;
  const gen =
    p.strategy === 'fixed'
      ? 'backoff.constant(interval=min(_ERRCODE_BASE_DELAY, _ERRCODE_MAX_DELAY))'
      : 'backoff.expo(factor=_ERRCODE_BASE_DELAY, max_value=_ERRCODE_MAX_DELAY)';
  const jittered = p.jitter === 'full' ? 'backoff.full_jitter(ceiling)' : 'ceiling';
  return [
    `def with_errcode_retry(operation: Callable[[], _T], *, max_attempts: Optional[int] = None) -> _T:
${SYNC_DOC}
    attempts = 0

    def give_up(error: Exception) -> bool:
        failure = _errcode_unwrap(error)
        return _errcode_next_delay(failure, attempts, max_attempts, 0.0, time.time()) is None

    @backoff.on_exception(
        _errcode_backoff_waits, Exception, max_tries=max_attempts or _ERRCODE_MAX_ATTEMPTS,
        giveup=give_up, jitter=None, logger=None,
    )
    def attempt() -> _T:
        nonlocal attempts
        attempts += 1
        result = operation()
        if _errcode_failed_response(result):
            raise _ErrcodeFailedResponse(result)
        return result

    try:
        return attempt()
    except _ErrcodeFailedResponse as failed:
        return failed.response`,
    `async def with_errcode_retry_async(
    operation: Callable[[], Awaitable[_T]], *, max_attempts: Optional[int] = None
) -> _T:
${ASYNC_DOC}
    attempts = 0

    def give_up(error: Exception) -> bool:
        failure = _errcode_unwrap(error)
        return _errcode_next_delay(failure, attempts, max_attempts, 0.0, time.time()) is None

    @backoff.on_exception(
        _errcode_backoff_waits, Exception, max_tries=max_attempts or _ERRCODE_MAX_ATTEMPTS,
        giveup=give_up, jitter=None, logger=None,
    )
    async def attempt() -> _T:
        nonlocal attempts
        attempts += 1
        result = await operation()
        if _errcode_failed_response(result):
            raise _ErrcodeFailedResponse(result)
        return result

    try:
        return await attempt()
    except _ErrcodeFailedResponse as failed:
        return failed.response`,
    `def _errcode_backoff_waits() -> Any:
    """backoff wait generator: the wait the server asks for (capped) when it says one, else
    ${p.strategy === 'fixed' ? 'backoff.constant' : 'backoff.expo'}${p.jitter === 'full' ? ' with full jitter' : ''}. backoff sends in each failure."""
    waits = ${gen}
    next(waits)  # backoff's generators start with a bare yield
    failure = yield
    while True:
        ceiling = next(waits)
        _, _, hint = _errcode_inspect(_errcode_unwrap(failure), time.time())
        if hint is not None:
            failure = yield min(max(hint, 0.0), _ERRCODE_MAX_DELAY)
        else:
            failure = yield ${jittered}`,
    FAILED_RESPONSE_CLASS,
    UNWRAP,
  ].join('\n\n\n');
}

const UNWRAP = `def _errcode_unwrap(error: Any) -> Any:
    """The failed response behind _ErrcodeFailedResponse, else the error itself."""
    return error.response if isinstance(error, _ErrcodeFailedResponse) else error`;

function decide(plan: RetryPlan, limits: boolean): string {
  const p = plan.policy;
  const limitLine = limits
    ? '    limit = min(max_attempts or _ERRCODE_MAX_ATTEMPTS, _errcode_attempt_limit(status, code))'
    : '    limit = max_attempts or _ERRCODE_MAX_ATTEMPTS';
  const ceiling = p.strategy === 'fixed' ? 'min(_ERRCODE_MAX_DELAY, _ERRCODE_BASE_DELAY)' : 'min(_ERRCODE_MAX_DELAY, _ERRCODE_BASE_DELAY * 2 ** (attempt - 1))';
  const jitterDoc =
    (p.jitter === 'full' ? '\n\n    Full jitter: a random wait in [0, ceiling].' : '\n\n    The wait is the backoff ceiling (no jitter).') +
    (plan.honorRetryAfter ? ' A wait the server asks for wins (capped).\n    ' : '\n    ');
  const server = plan.honorRetryAfter
    ? `    if hint is not None:
        return min(max(hint, 0.0), _ERRCODE_MAX_DELAY)
`
    : '';
  return `def _errcode_next_delay(
    failure: Any, attempt: int, max_attempts: Optional[int], rand: float, now: float
) -> Optional[float]:
    """Seconds to wait after failed attempt number \`attempt\`, or None when retrying must stop.${jitterDoc}"""
    status, code, ${plan.honorRetryAfter ? 'hint' : '_'} = _errcode_inspect(failure, now)
${limitLine}
    if attempt >= limit or not _errcode_should_retry(status, code):
        return None
${server}    return ${p.jitter === 'full' ? `rand * ${ceiling}` : ceiling}`;
}

function shouldRetry(plan: RetryPlan): string {
  const statusLine = plan.retryStatusClasses.length
    ? `    if status is None or status in _ERRCODE_NO_RETRY_STATUSES:
        return False
    if status in _ERRCODE_RETRY_STATUSES:
        return True
    return status // 100 in _ERRCODE_RETRY_STATUS_CLASSES`
    : '    return status in _ERRCODE_RETRY_STATUSES';
  return `def _errcode_should_retry(status: Optional[int], code: Optional[str]) -> bool:
    """The catalog's verdict: a listed code decides (with its status condition), else the status."""
    if code in _ERRCODE_RETRY_CODES:
        only_on = _ERRCODE_RETRY_CODES[code]
        return not only_on or status in only_on
    if code in _ERRCODE_NO_RETRY_CODES:
        return False
${statusLine}`;
}

const ATTEMPT_LIMIT = `def _errcode_attempt_limit(status: Optional[int], code: Optional[str]) -> int:
    """The attempt limit for this failure: a stricter one from the catalog, else the default."""
    for key in (code, str(status), None if status is None else f"{status // 100}xx"):
        if key in _ERRCODE_ATTEMPT_LIMITS:
            return _ERRCODE_ATTEMPT_LIMITS[key]
    return _ERRCODE_MAX_ATTEMPTS`;

function inspect(plan: RetryPlan): string {
  const code = ['body.get("code")'];
  if (plan.graphqlCodes) code.push('_errcode_graphql_code(body)');
  code.push('getattr(failure, "code", None)');
  const hint = plan.honorRetryAfter ? '_errcode_server_delay(failure, response, body, now)' : 'None';
  const graphql = plan.graphqlCodes
    ? `


def _errcode_graphql_code(body: "dict[str, Any]") -> Any:
    """extensions.code of the first GraphQL error."""
    errors = body.get("errors")
    if isinstance(errors, list) and errors and isinstance(errors[0], dict):
        extensions = errors[0].get("extensions")
        if isinstance(extensions, dict):
            return extensions.get("code")
    return None`
    : '';
  return `def _errcode_inspect(
    failure: Any, now: float
) -> Tuple[Optional[int], Optional[str], Optional[float]]:
    """(HTTP status, error code, seconds the server asks to wait) of an exception or a failed
    response. requests' and httpx's HTTP errors keep the response on .response; a returned
    response is its own."""
    response = getattr(failure, "response", None)
    if response is None:
        response = failure
    body = _errcode_body(failure, response)
    status = _errcode_first(
        int,
        getattr(response, "status_code", None),
        getattr(failure, "status_code", None),
        getattr(failure, "status", None),
        body.get("status"),
    )
    code = _errcode_first(${code.length > 2 ? `\n        str,\n        ${code.join(',\n        ')},\n    ` : `str, ${code.join(', ')}`})
    return status, code, ${hint}


def _errcode_body(failure: Any, response: Any) -> "dict[str, Any]":
    """The error body as a dict: .body of the error (text or parsed), or the response's JSON."""
    body = getattr(failure, "body", None)
    if body is None and callable(getattr(response, "json", None)):
        try:
            body = response.json()
        except Exception:  # not JSON
            return {}
        if asyncio.iscoroutine(body):  # aiohttp: reading the body needs an await; do without it
            body.close()
            return {}
    if isinstance(body, (bytes, str)):
        try:
            body = json.loads(body)
        except ValueError:
            return {}
    return body if isinstance(body, dict) else {}${graphql}`;
}

function retryAfter(plan: RetryPlan): string {
  const fields = plan.retryAfterBodyFields.map((f) =>
    f.format === 'unix-seconds'
      ? `    # ${f.field} in the body: a Unix time in seconds.
    reset_at = _errcode_first((int, float), body.get(${dq(f.field)}))
    if reset_at is not None:
        return reset_at - now`
      : `    # ${f.field} in the body: seconds to wait.
    seconds = _errcode_first((int, float), body.get(${dq(f.field)}))
    if seconds is not None:
        return float(seconds)`,
  );
  return `def _errcode_server_delay(
    failure: Any, response: Any, body: "dict[str, Any]", now: float
) -> Optional[float]:
    """Seconds the server asks to wait: Retry-After (delay-seconds or an HTTP date)${plan.retryAfterBodyFields.length ? ' or the body' : ''}."""
    value = _errcode_header(response, "Retry-After") or _errcode_header(failure, "Retry-After")
    if value is not None:
        try:
            return float(value)
        except ValueError:
            pass
        try:
            return email.utils.parsedate_to_datetime(value).timestamp() - now
        except (TypeError, ValueError):
            pass
${fields.length ? `${fields.join('\n')}\n` : ''}    return None


def _errcode_header(source: Any, name: str) -> Optional[str]:
    """A header of a requests/httpx/aiohttp response or error (their headers ignore case)."""
    headers = getattr(source, "headers", None)
    if headers is None or not callable(getattr(headers, "get", None)):
        return None
    value = headers.get(name)
    if value is None:
        value = headers.get(name.lower())
    return None if value is None else str(value).strip()`;
}

const HELPERS = `def _errcode_failed_response(value: Any) -> bool:
    """A response object (requests, httpx) whose status says it failed."""
    status = getattr(value, "status_code", None)
    return isinstance(status, int) and status >= 400


def _errcode_first(kind: Any, *values: Any) -> Any:
    """The first value of the given type (bool does not count as int)."""
    return next((v for v in values if isinstance(v, kind) and not isinstance(v, bool)), None)`;
