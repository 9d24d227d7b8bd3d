// The Python retry helper (docs/RETRY.md): standard library only, or on top of tenacity or backoff.
// Every variant shares the same reading of failures and the same decisions (_ErrcodeRun.decide);
// the library variants let the library run the attempts and sleep through the `sleep` hook. Pure.
import { codeRuleComment, commentText, dq, headerLines, humanList, pySeconds, wrapList, wrapWords } from '../emit';
import type { RetryPlan } from '../plan';

export function generatePythonHelper(plan: RetryPlan, library?: 'tenacity' | 'backoff'): { code: string; imports: string[] } {
  const note =
    library === 'tenacity'
      ? 'tenacity runs the attempts and sleeps through the sleep hook; the verdict and the waits come from the tables below.'
      : library === 'backoff'
        ? 'backoff counts the attempts; the verdict and the waits come from the tables below, and the helper sleeps through the sleep hook (backoff has no hook of its own for that).'
        : undefined;
  const sections = [
    headerLines(plan, 96, note)
      .map((l) => `# ${l}`.trimEnd())
      .join('\n'),
    tables(plan),
    ERROR_CLASS,
    ...(library === 'tenacity' ? tenacityMain() : library === 'backoff' ? backoffMain() : standardMain()),
    END,
    run(plan),
    shouldRetry(plan),
    ...(Object.keys(plan.attemptLimits).length ? [ATTEMPT_LIMIT] : []),
    MIN_WAIT,
    read(plan),
    body(plan),
    ...(plan.honorRetryAfter ? [serverWait(plan)] : []),
    NETWORK,
    SMALL_HELPERS,
  ];
  const imports = ['import asyncio', 'import datetime', 'import inspect', 'import io', 'import json', 'import math', 'import random', 'import socket', 'import time', 'import urllib.error'];
  if (plan.honorRetryAfter) imports.push('import email.utils', 'import re');
  if (library === 'tenacity') imports.push('import tenacity');
  if (library === 'backoff') imports.push('import backoff');
  imports.push(`from typing import ${['Any', 'Awaitable', 'Callable', 'Dict', 'List', 'Optional', 'Tuple', 'TypeVar'].join(', ')}`);
  // Two blank lines between top-level definitions (PEP 8).
  return { code: `${sections.join('\n\n\n')}\n`, imports: imports.sort(importOrder) };
}

/** Plain `import x` first, then `from x import y`, each alphabetically (isort's default). */
function importOrder(a: string, b: string): number {
  const fa = a.startsWith('from ') ? 1 : 0;
  const fb = b.startsWith('from ') ? 1 : 0;
  return fa - fb || (a < b ? -1 : a > b ? 1 : 0);
}

// ---------------------------------------------------------------------------------------------------------
// Tables: everything the catalog decides, as data
// ---------------------------------------------------------------------------------------------------------

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
  L.push(`_ERRCODE_MAX_DELAY = ${pySeconds(Math.round(p.capSeconds * 1000))}  # seconds: the longest backoff wait (a server's wait is never cut)`);
  L.push(
    ...comment(
      `The longest wait a server may ask for: a longer one makes the helper give up at once (ErrcodeRetryError "rate-limited", saying until when). ${plan.maxWaitSeconds} s is the extension's choice (the API documentation gives none); max_wait changes it.`,
    ),
  );
  L.push(`_ERRCODE_MAX_WAIT = ${pySeconds(plan.maxWaitSeconds * 1000)}`);
  L.push('_ERRCODE_WAIT_LIMIT = 1e9  # seconds: a server wait longer than this counts as this');
  L.push('# Codes worth retrying; a tuple of statuses means "only with one of these HTTP statuses".');
  if (plan.retryCodes.length === 0) {
    L.push('_ERRCODE_RETRY_CODES: "Dict[str, Tuple[int, ...]]" = {}');
  } else {
    L.push('_ERRCODE_RETRY_CODES = {');
    for (const r of plan.retryCodes) L.push(`    ${dq(r.code)}: ${pyTuple(r.onStatuses)},  # ${codeRuleComment(r)}`);
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
  L.push(
    ...comment(
      'Methods whose repetition has the effect of one request (RFC 9110): such a request is sent again after a transient failure. Another method (or an unknown one) only when the failure says the request was not processed, or when the caller says it is safe (idempotent=True).',
    ),
  );
  L.push(...frozenset('_ERRCODE_IDEMPOTENT_METHODS', plan.idempotentMethods.map(dq)));
  L.push(
    ...comment(
      `Answers that say the request was not processed: ${humanList(plan.notProcessed.statuses.map(String)) || 'none'}; ${humanList(plan.notProcessed.withServerWait.map(String)) || 'none'} only with a server wait (Retry-After). A refused connection and a name that did not resolve say it too (nothing was sent).`,
    ),
  );
  L.push(...frozenset('_ERRCODE_NOT_PROCESSED', plan.notProcessed.statuses.map(String)));
  L.push(...frozenset('_ERRCODE_NOT_PROCESSED_WITH_WAIT', plan.notProcessed.withServerWait.map(String)));
  L.push('# Minimum waits: (code or None, statuses (empty: any), seconds). No retry comes sooner.');
  if (plan.minDelays.length === 0) {
    L.push('_ERRCODE_MIN_WAITS: "Tuple[Tuple[Optional[str], Tuple[int, ...], float], ...]" = ()');
  } else {
    L.push('_ERRCODE_MIN_WAITS: "Tuple[Tuple[Optional[str], Tuple[int, ...], float], ...]" = (');
    for (const m of plan.minDelays) {
      const why = m.documented ? 'documented' : "the extension's reading of the documentation, which gives no number";
      L.push(...comment(`${m.code ?? `HTTP ${m.onStatuses.join('/')}`}${m.code && m.onStatuses.length ? ` on ${m.onStatuses.join('/')}` : ''}: ${pySeconds(m.ms)} s, ${why}.`, '    '));
      L.push(`    (${m.code ? dq(m.code) : 'None'}, ${pyTuple(m.onStatuses)}, ${pySeconds(m.ms)}),`);
    }
    L.push(')');
  }
  L.push(
    ...comment(
      'Codes that, answering a repeated request, say an earlier attempt probably took effect (ErrcodeRetryError "already-done"). On a first attempt they are plain failures.',
    ),
  );
  for (const c of plan.alreadyDoneCodes) L.push(`#   ${c.code}: ${commentText(c.name)}`);
  L.push(...frozenset('_ERRCODE_ALREADY_DONE_CODES', plan.alreadyDoneCodes.map((c) => dq(c.code))));
  L.push(
    ...comment(
      'Answers that ask to refetch the resource and reconcile the change with its state: the reconcile hook is called, or ErrcodeRetryError "reconcile". A status counts when no code of the tables above comes with it.',
    ),
  );
  L.push(...frozenset('_ERRCODE_RECONCILE_STATUSES', plan.reconcile.statuses.map(String)));
  L.push(...frozenset('_ERRCODE_RECONCILE_CODES', plan.reconcile.codes.map((c) => dq(c.code))));
  return L.join('\n');
}

function pyTuple(xs: readonly number[]): string {
  return xs.length === 0 ? '()' : xs.length === 1 ? `(${xs[0]},)` : `(${xs.join(', ')})`;
}

function comment(text: string, indent = ''): string[] {
  return wrapWords(commentText(text), 98 - indent.length).map((l) => `${indent}# ${l}`);
}

function frozenset(name: string, items: string[]): string[] {
  if (items.length === 0) return [`${name}: "frozenset[Any]" = frozenset()`];
  const one = `${name} = frozenset({${items.join(', ')}})`;
  if (one.length <= 100) return [one];
  return [`${name} = frozenset(`, '    {', ...wrapList(items, '        ', 100, true), '    }', ')'];
}

// ---------------------------------------------------------------------------------------------------------
// The helper's error and entry points
// ---------------------------------------------------------------------------------------------------------

const ERROR_CLASS = String.raw`class ErrcodeRetryError(Exception):
    """Why with_errcode_retry stopped, when it is not the failure itself. kind is one of:
    "rate-limited": the server asks to wait longer than max_wait; until (an aware UTC datetime)
        says until when.
    "already-done": a repeated request was answered with a code saying it was done already: an
        earlier attempt probably took effect (a start that did start).
    "reconcile": refetch the resource and reconcile the change with its state (or pass reconcile=).
    "graphql-errors": a GraphQL answer with errors on a success status (HTTP 200): data and errors.
    failure is the last failure (an exception, a response, or the dict the operation returned);
    attempts counts the attempts made.
    """

    def __init__(
        self,
        kind: str,
        message: str,
        failure: Any,
        attempts: int,
        until: Optional[datetime.datetime] = None,
        data: Any = None,
        errors: Any = None,
    ) -> None:
        super().__init__(message)
        self.kind = kind
        self.failure = failure
        self.attempts = attempts
        self.until = until
        self.data = data
        self.errors = errors
        if isinstance(failure, BaseException):
            self.__cause__ = failure`;

const OPTIONS_DOC = String.raw`
    A raised exception is a failure, and so is a returned requests or httpx response with a
    status_code of 400 or more, or a GraphQL answer with errors (a response, or the dict the
    operation returned) whatever its HTTP status. After a transient failure (the tables above;
    network failures too) the request is sent again when that is safe: its method is GET, HEAD,
    PUT, DELETE or OPTIONS, or the failure says it was not processed, or idempotent=True. The wait
    is the server's (Retry-After, or the body) when it gives one, never cut, else the backoff, and
    never less than the catalog's minimum. When retrying stops, the last failure is raised (or
    returned) as it is, or an ErrcodeRetryError says why (see its kind).

    method: the request's HTTP method when the failure does not tell (requests and httpx record
        it; urllib does not). An unknown method counts as not idempotent.
    idempotent: True when the request is safe to repeat anyway (an idempotency key the server
        honours, a GraphQL query sent as POST).
    max_attempts: attempts in all, the first included (None, 0, negative, NaN: the catalog's;
        a fraction is rounded down; 1 turns retries off).
    max_wait: the longest server wait to sit out, in seconds (None, 0, negative, NaN: the table's).
    classify: classify(failure) returns a dict with any of "status", "code", "wait" (seconds),
        "network" ("refused", "dns", "reset" or "timeout"), or None, for failures the built-in
        reading does not know; what it returns wins. The usual
        "if not resp.ok: raise Exception(...)" hides the status from the helper: call
        resp.raise_for_status() (the error keeps the response), return the response itself, or
        pass classify.
    reconcile: called with the failure on a "refetch and reconcile" answer; its result is returned.
    on_retry(attempt, wait, failure), sleep(seconds), rand() in [0, 1), now() in Unix seconds:
        hooks (tests run the helper on a fake clock through them).

    With urllib: pass method=, and return the parsed JSON (json.load(resp)) so that a GraphQL
    answer with errors is seen; an HTTPError's body is read and kept (e.read() still gives it).
    """`;

const SYNC_DOC = `    """Calls operation() until it succeeds, or retrying stops.\n${OPTIONS_DOC}`;
const ASYNC_DOC = `    """with_errcode_retry for coroutines: awaits operation() until it succeeds, or retrying stops.\n${OPTIONS_DOC}`;

/** The keyword options, the same in every entry point. */
function signature(isAsync: boolean): string {
  return `${isAsync ? 'async def with_errcode_retry_async' : 'def with_errcode_retry'}(
    operation: Callable[[], ${isAsync ? 'Awaitable[_T]' : '_T'}],
    *,
    method: Optional[str] = None,
    idempotent: bool = False,
    max_attempts: Optional[float] = None,
    max_wait: Optional[float] = None,
    classify: Optional[Callable[[Any], Any]] = None,
    reconcile: Optional[Callable[[Any], Any]] = None,
    on_retry: Optional[Callable[[int, float, Any], Any]] = None,
    sleep: Callable[[float], Any] = ${isAsync ? 'asyncio.sleep' : 'time.sleep'},
    rand: Callable[[], float] = random.random,
    now: Callable[[], float] = time.time,
) -> Any:
${isAsync ? ASYNC_DOC : SYNC_DOC}
    run = _ErrcodeRun(method, idempotent, max_attempts, max_wait, classify, rand, now)`;
}

function standardMain(): string[] {
  const loop = (isAsync: boolean) => {
    const aw = isAsync ? 'await ' : '';
    return `${signature(isAsync)}
    while True:
        failure: Any
        try:
            result = ${aw}operation()
        except Exception as error:  # read by run.decide; raised again unless worth retrying
            failure = error
        else:
            if not _errcode_failed(result):
                return result
            failure = result
        action, outcome = run.decide(failure)
        if action != "retry":
            break
        if on_retry is not None:
            ${isAsync ? 'await _errcode_maybe_await(on_retry(run.attempt, outcome, failure))' : 'on_retry(run.attempt, outcome, failure)'}
        ${aw}sleep(outcome)
    ${isAsync ? 'return await _errcode_maybe_await(_errcode_end(action, outcome, failure, reconcile))' : 'return _errcode_end(action, outcome, failure, reconcile)'}`;
  };
  return [loop(false), loop(true)];
}

/** How a library variant ends: the attempt it stopped on decides what the caller gets (docs/RETRY.md, step 7). */
function libraryEnd(isAsync: boolean): string {
  const end = '_errcode_end(last.action, last.outcome, last.failure, reconcile)';
  return `    except _ErrcodeAttempt as failed:
        last = failed
    ${isAsync ? `return await _errcode_maybe_await(\n        ${end}\n    )` : `return ${end}`}`;
}

/** The attempt wrapper of the library variants: the failure and the decision travel in an exception. */
function attemptBody(isAsync: boolean, indent: string): string {
  return `${indent}try:
${indent}    result = ${isAsync ? 'await ' : ''}operation()
${indent}except Exception as error:  # read by run.decide
${indent}    failure: Any = error
${indent}else:
${indent}    if not _errcode_failed(result):
${indent}        return result
${indent}    failure = result
${indent}raise _ErrcodeAttempt(failure, *run.decide(failure))`;
}

const ATTEMPT_CLASS = String.raw`class _ErrcodeAttempt(Exception):
    """A failed attempt and the helper's decision on it, carried through the retry library."""

    def __init__(self, failure: Any, action: str, outcome: Any) -> None:
        super().__init__(action)
        self.failure = failure
        self.action = action
        self.outcome = outcome`;

function tenacityMain(): string[] {
  const main = (isAsync: boolean) => `${signature(isAsync)}

    ${isAsync ? 'async ' : ''}def attempt() -> Any:
${attemptBody(isAsync, '        ')}

    ${isAsync ? 'async ' : ''}def pause(seconds: float) -> None:
        if on_retry is not None:
            ${isAsync ? 'await _errcode_maybe_await(on_retry(run.attempt, seconds, run.failure))' : 'on_retry(run.attempt, seconds, run.failure)'}
        ${isAsync ? 'await ' : ''}sleep(seconds)

    try:
        return ${isAsync ? 'await tenacity.AsyncRetrying' : 'tenacity.Retrying'}(**_errcode_tenacity_options(run, pause))(attempt)
${libraryEnd(isAsync)}`;
  return [
    main(false),
    main(true),
    String.raw`def _errcode_tenacity_options(run: "_ErrcodeRun", pause: Callable[[float], Any]) -> Dict[str, Any]:
    """tenacity settings: retry what the helper decided to retry, after the wait it decided, through
    pause (the sleep hook); stop after the helper's attempts (it stops by then itself)."""

    def retry(error: BaseException) -> bool:
        return isinstance(error, _ErrcodeAttempt) and error.action == "retry"

    def wait(state: Any) -> float:
        return float(state.outcome.exception().outcome)

    return {
        "retry": tenacity.retry_if_exception(retry),
        "stop": tenacity.stop_after_attempt(run.max_attempts),
        "wait": wait,
        "sleep": pause,
        "reraise": True,
    }`,
    ATTEMPT_CLASS,
  ];
}

function backoffMain(): string[] {
  const main = (isAsync: boolean) => `${signature(isAsync)}

    ${isAsync ? 'async ' : ''}def pause(details: Dict[str, Any]) -> None:
        # backoff itself waits 0 s (backoff.constant, interval=0): the helper's wait is done here.
        seconds = float(details["exception"].outcome)
        if on_retry is not None:
            ${isAsync ? 'await _errcode_maybe_await(on_retry(details["tries"], seconds, run.failure))' : 'on_retry(details["tries"], seconds, run.failure)'}
        ${isAsync ? 'await ' : ''}sleep(seconds)

    @backoff.on_exception(
        backoff.constant,
        _ErrcodeAttempt,
        interval=0,
        max_tries=run.max_attempts,
        giveup=_errcode_backoff_give_up,
        on_backoff=pause,
        jitter=None,
        logger=None,
    )
    ${isAsync ? 'async ' : ''}def attempt() -> Any:
${attemptBody(isAsync, '        ')}

    try:
        return ${isAsync ? 'await ' : ''}attempt()
${libraryEnd(isAsync)}`;
  return [
    main(false),
    main(true),
    String.raw`def _errcode_backoff_give_up(failed: Exception) -> bool:
    """backoff stops when the helper decided not to retry."""
    return not (isinstance(failed, _ErrcodeAttempt) and failed.action == "retry")`,
    ATTEMPT_CLASS,
  ];
}

const END = String.raw`def _errcode_end(action: str, outcome: Any, failure: Any, reconcile: Any) -> Any:
    """Ends a call that will not be retried: the reconcile hook's result, the helper's error, or
    the last failure as it is (raised again, or the failed response returned)."""
    if action == "reconcile" and reconcile is not None:
        return reconcile(failure)
    if outcome is not None:
        raise outcome
    if isinstance(failure, BaseException):
        raise failure
    return failure`;

// ---------------------------------------------------------------------------------------------------------
// Deciding, attempt by attempt
// ---------------------------------------------------------------------------------------------------------

function run(plan: RetryPlan): string {
  const p = plan.policy;
  const limit = Object.keys(plan.attemptLimits).length
    ? `
        # A stricter limit from the catalog for this code or status.
        limit = min(self.max_attempts, _errcode_attempt_limit(seen.status, seen.code))`
    : `
        limit = self.max_attempts`;
  const ceiling = p.strategy === 'fixed' ? 'min(_ERRCODE_MAX_DELAY, _ERRCODE_BASE_DELAY)' : 'min(_ERRCODE_MAX_DELAY, _ERRCODE_BASE_DELAY * 2 ** (self.attempt - 1))';
  const backoffDoc =
    p.strategy === 'fixed'
      ? p.jitter === 'full'
        ? 'Full jitter: a random wait in [0, base].'
        : 'A fixed wait (no jitter).'
      : p.jitter === 'full'
        ? 'Full jitter: a random wait in [0, min(cap, base * 2 ** (attempt - 1))].'
        : 'Exponential backoff without jitter: min(cap, base * 2 ** (attempt - 1)).';
  return String.raw`class _ErrcodeRun:
    """One call of the helper: its options, the attempts so far, and what to do after a failure."""

    def __init__(
        self,
        method: Optional[str],
        idempotent: bool,
        max_attempts: Any,
        max_wait: Any,
        classify: Optional[Callable[[Any], Any]],
        rand: Callable[[], float],
        now: Callable[[], float],
    ) -> None:
        self.method = method.upper() if isinstance(method, str) else None
        self.idempotent = idempotent is True
        self.max_attempts = _errcode_max_attempts(max_attempts)
        self.max_wait = _errcode_max_wait(max_wait)
        self.classify = classify
        self.rand = rand
        self.now = now
        self.attempt = 0  # failed attempts so far
        self.failure: Any = None  # the last one
        self.reached = False  # an earlier attempt may have reached the server

    def decide(self, failure: Any) -> Tuple[str, Any]:
        """After a failed attempt: ("retry", seconds to wait); ("fail", None): the failure as it
        is; ("stop", error) or ("reconcile", error): the ErrcodeRetryError to raise."""
        self.attempt += 1
        self.failure = failure
        now = self.now()
        seen = _errcode_read(failure, now, self.classify)
        reached_before = self.reached
        if seen.network not in ("refused", "dns"):
            self.reached = True
        # Special outcomes: done already (after an attempt that may have reached the server), or
        # refetch and reconcile.
        if seen.code in _ERRCODE_ALREADY_DONE_CODES and reached_before:
            message = f"{seen.code} answered a repeated request: an earlier attempt took effect"
            return "stop", ErrcodeRetryError("already-done", message, failure, self.attempt)
        if _errcode_asks_to_reconcile(seen):
            message = f"HTTP {seen.status}: refetch the resource and reconcile the change"
            return "reconcile", ErrcodeRetryError("reconcile", message, failure, self.attempt)
        # The catalog's verdict, whether the request is safe to send again, the attempts left.
        transient = seen.network is not None or _errcode_should_retry(seen.status, seen.code)${limit}
        if not transient or not self.repeatable(seen) or self.attempt >= limit:
            return self.last(failure, seen)
        # The server's wait is never cut: longer than max_wait, give up at once.
        if seen.wait is not None and seen.wait > self.max_wait:
            until = _errcode_utc(now + seen.wait)
            message = (
                f"rate-limited until {until.isoformat()}: the server asks to wait {seen.wait:g} s,"
                f" more than max_wait ({self.max_wait:g} s)"
            )
            return "stop", ErrcodeRetryError("rate-limited", message, failure, self.attempt, until)
        wait = seen.wait if seen.wait is not None else self.backoff()
        return "retry", max(wait, _errcode_min_wait(seen.status, seen.code))

    def repeatable(self, seen: "_ErrcodeSeen") -> bool:
        """Safe to send again: an idempotent method (the method option first, else the one the
        failure records), the caller says so, or the failure says the request was not processed."""
        if self.idempotent or (self.method or seen.method) in _ERRCODE_IDEMPOTENT_METHODS:
            return True
        if seen.network in ("refused", "dns"):  # nothing was sent
            return True
        if seen.status in _ERRCODE_NOT_PROCESSED:
            return True
        return seen.status in _ERRCODE_NOT_PROCESSED_WITH_WAIT and seen.wait is not None

    def backoff(self) -> float:
        """${backoffDoc}"""
        return ${p.jitter === 'full' ? `self.rand() * ${ceiling}` : ceiling}

    def last(self, failure: Any, seen: "_ErrcodeSeen") -> Tuple[str, Any]:
        """No retry: the failure as it is (a GraphQL answer with errors on HTTP 200 excepted)."""
        if seen.errors and (seen.status is None or seen.status < 400):
            message = f"GraphQL errors: {_errcode_graphql_message(seen.errors)}"
            error = ErrcodeRetryError(
                "graphql-errors", message, failure, self.attempt, data=seen.data, errors=seen.errors
            )
            return "stop", error
        return "fail", None`;
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
${statusLine}


def _errcode_asks_to_reconcile(seen: "_ErrcodeSeen") -> bool:
    """A "refetch and reconcile" answer: a listed code, or a listed status with no code the tables
    know (a known code says what the answer is)."""
    if seen.code in _ERRCODE_RECONCILE_CODES:
        return True
    known = (
        seen.code in _ERRCODE_RETRY_CODES
        or seen.code in _ERRCODE_NO_RETRY_CODES
        or seen.code in _ERRCODE_ALREADY_DONE_CODES
    )
    return seen.status in _ERRCODE_RECONCILE_STATUSES and not known`;
}

const ATTEMPT_LIMIT = `def _errcode_attempt_limit(status: Optional[int], code: Optional[str]) -> int:
    """The attempt limit for this failure: a stricter one from the catalog, else the default."""
    for key in (code, str(status), None if status is None else f"{status // 100}xx"):
        if key in _ERRCODE_ATTEMPT_LIMITS:
            return _ERRCODE_ATTEMPT_LIMITS[key]
    return _ERRCODE_MAX_ATTEMPTS`;

const MIN_WAIT = String.raw`def _errcode_min_wait(status: Optional[int], code: Optional[str]) -> float:
    """The catalog's minimum wait for this failure, in seconds (0 when it gives none)."""
    waits = [
        seconds
        for only_code, only_on, seconds in _ERRCODE_MIN_WAITS
        if (only_code is None or only_code == code) and (not only_on or status in only_on)
    ]
    return max(waits, default=0.0)


def _errcode_max_attempts(value: Any) -> int:
    """max_attempts as the helper reads it: None, 0, negative, NaN or infinite: the catalog's; a
    fraction is rounded down (and 0 again means the catalog's)."""
    if isinstance(value, bool) or not isinstance(value, (int, float)) or not math.isfinite(value):
        return _ERRCODE_MAX_ATTEMPTS
    attempts = math.floor(value)
    return attempts if attempts >= 1 else _ERRCODE_MAX_ATTEMPTS


def _errcode_max_wait(value: Any) -> float:
    """max_wait as the helper reads it: None, 0, negative or NaN: _ERRCODE_MAX_WAIT."""
    if isinstance(value, bool) or not isinstance(value, (int, float)) or math.isnan(value):
        return _ERRCODE_MAX_WAIT
    return float(value) if value > 0 else _ERRCODE_MAX_WAIT


def _errcode_utc(seconds: float) -> datetime.datetime:
    """A Unix time as an aware UTC datetime (the latest one Python holds when it is further)."""
    try:
        return datetime.datetime.fromtimestamp(seconds, tz=datetime.timezone.utc)
    except (OverflowError, OSError, ValueError):
        return datetime.datetime.max.replace(tzinfo=datetime.timezone.utc)`;

// ---------------------------------------------------------------------------------------------------------
// Reading a failure
// ---------------------------------------------------------------------------------------------------------

function read(plan: RetryPlan): string {
  const graphql = plan.graphql || plan.graphqlCodes;
  const code = ['body.get("code")', ...(graphql ? ['_errcode_graphql_code(seen.errors)'] : []), 'getattr(failure, "code", None)'];
  return String.raw`class _ErrcodeSeen:
    """What the helper reads of a failure."""

    def __init__(self) -> None:
        self.status: Optional[int] = None
        self.code: Optional[str] = None
        self.wait: Optional[float] = None  # seconds the server asks to wait
        self.network: Optional[str] = None  # "refused", "dns", "reset" or "timeout"
        self.method: Optional[str] = None  # the request's, when the failure records it
        self.data: Any = None  # a GraphQL answer's data
        self.errors: Optional[List[Any]] = None  # a GraphQL answer's errors


def _errcode_read(
    failure: Any, now: float, classify: Optional[Callable[[Any], Any]]
) -> _ErrcodeSeen:
    """Reads a failure: a requests or httpx response, or their HTTP errors (.response); urllib's
    HTTPError (its body is read and kept); a network error (what it wraps); a dict the operation
    returned. Then classify(failure): what it returns wins."""
    seen = _ErrcodeSeen()
    response = getattr(failure, "response", None)
    if response is None:
        response = failure
    body = _errcode_body(failure, response)
    seen.status = _errcode_first(
        int,
        getattr(response, "status_code", None),
        getattr(response, "status", None),
        getattr(failure, "status_code", None),
        getattr(failure, "status", None),
        body.get("status"),
    )
${graphql ? `    seen.errors = _errcode_graphql_errors(body)
    if seen.errors is not None:
        seen.data = body.get("data")
` : ''}    seen.code = _errcode_first(${code.length > 2 ? `\n        str,\n        ${code.join(',\n        ')},\n    ` : `str, ${code.join(', ')}`})
${plan.honorRetryAfter ? '    seen.wait = _errcode_server_wait(failure, response, body, now)\n' : ''}    if seen.status is None and isinstance(failure, BaseException):
        seen.network = _errcode_network(failure)
    seen.method = _errcode_method(response) or _errcode_method(failure)
    extra = classify(failure) if classify is not None else None
    if isinstance(extra, dict):
        seen.status = _errcode_first(int, extra.get("status"), seen.status)
        seen.code = _errcode_first(str, extra.get("code"), seen.code)
        wait = _errcode_number(extra.get("wait"))
        if wait is not None and wait >= 0:
            seen.wait = min(wait, _ERRCODE_WAIT_LIMIT)
        if extra.get("network") in ("refused", "dns", "reset", "timeout"):
            seen.network = extra["network"]
    return seen


def _errcode_failed(result: Any) -> bool:
    """A failure returned rather than raised: a response (requests, httpx) with a status_code of
    400 or more${graphql ? ', or a GraphQL answer with errors (a response or a dict) whatever its status' : ''}."""
    status = getattr(result, "status_code", None)
    if isinstance(status, int) and not isinstance(status, bool) and status >= 400:
        return True
    return ${graphql ? '_errcode_graphql_errors(_errcode_body(result, result)) is not None' : 'False'}


def _errcode_method(source: Any) -> Optional[str]:
    """The HTTP method a response or an error records (requests, httpx: .request.method)."""
    try:
        method = getattr(getattr(source, "request", None), "method", None)
    except Exception:  # httpx: an error without a request raises on .request
        return None
    if isinstance(method, bytes):
        method = method.decode("ascii", "replace")
    return method.upper() if isinstance(method, str) else None`;
}

function body(plan: RetryPlan): string {
  const graphql = plan.graphql || plan.graphqlCodes;
  const gql = graphql
    ? String.raw`


def _errcode_graphql_errors(body: Dict[str, Any]) -> Optional[List[Any]]:
    """A GraphQL answer's errors, when there are some."""
    errors = body.get("errors")
    return errors if isinstance(errors, list) and errors else None


def _errcode_graphql_code(errors: Optional[List[Any]]) -> Any:
    """The first errors[].extensions.code."""
    for error in errors or []:
        extensions = error.get("extensions") if isinstance(error, dict) else None
        if isinstance(extensions, dict) and isinstance(extensions.get("code"), str):
            return extensions["code"]
    return None`
    : '';
  return String.raw`def _errcode_body(failure: Any, response: Any) -> Dict[str, Any]:
    """The answer's body as a dict: a dict the operation returned, urllib's HTTPError body, .body
    of the error (text or parsed), or the response's JSON; {} when there is none."""
    if isinstance(response, dict):
        return response
    body = getattr(failure, "body", None)
    if isinstance(failure, urllib.error.HTTPError):
        body = _errcode_urllib_body(failure)
    elif body is None and callable(getattr(response, "json", None)):
        try:
            body = response.json()
        except Exception:  # not JSON, or not read (a streamed httpx response)
            return {}
        if inspect.isawaitable(body):  # aiohttp: reading needs an await; do without it
            getattr(body, "close", lambda: None)()
            return {}
    if isinstance(body, (bytes, str)):
        try:
            body = json.loads(body)
        except ValueError:
            return {}
    return body if isinstance(body, dict) else {}


def _errcode_urllib_body(error: urllib.error.HTTPError) -> bytes:
    """urllib's HTTPError body, read once and put back so that error.read() still gives it."""
    kept = getattr(error, "_errcode_body", None)
    if isinstance(kept, bytes):
        return kept
    try:
        body = error.read()
    except Exception:  # no body, or closed already
        body = b""
    if not isinstance(body, bytes):
        body = b""
    replay = io.BytesIO(body)
    attributes = vars(error)
    for name in ("read", "read1", "readinto", "readline", "readlines"):
        attributes.pop(name, None)  # file methods the error caches after a first use
    for name in ("fp", "file"):
        if name in attributes:
            attributes[name] = replay
    setattr(error, "_errcode_body", body)
    return body${gql}`;
}

function serverWait(plan: RetryPlan): string {
  const fields = plan.retryAfterBodyFields.map((f) =>
    f.format === 'unix-seconds'
      ? `    # ${f.field} in the body (${f.api}): a Unix time in seconds.
    reset_at = _errcode_number(body.get(${dq(f.field)}))
    if reset_at is not None:
        return min(max(reset_at - now, 0.0), _ERRCODE_WAIT_LIMIT)`
      : `    # ${f.field} in the body (${f.api}): seconds to wait.
    seconds = _errcode_number(body.get(${dq(f.field)}))
    if seconds is not None and seconds >= 0:
        return min(seconds, _ERRCODE_WAIT_LIMIT)`,
  );
  return String.raw`def _errcode_server_wait(
    failure: Any, response: Any, body: Dict[str, Any], now: float
) -> Optional[float]:
    """Seconds the server asks to wait: Retry-After (seconds or an HTTP date)${fields.length ? ' first, then the body' : ''}.
    Odd values (nan, -5, inf, 1e3, empty) are no wait; a past time waits 0; a wait over 10**9 s
    counts as 10**9 s."""
    value = _errcode_header(response, "Retry-After") or _errcode_header(failure, "Retry-After")
    if value:
        if re.fullmatch(r"[0-9]+(\.[0-9]+)?", value):
            return min(float(value), _ERRCODE_WAIT_LIMIT)
        try:
            date = email.utils.parsedate_to_datetime(value)
            if date.tzinfo is None:
                date = date.replace(tzinfo=datetime.timezone.utc)
            return min(max(date.timestamp() - now, 0.0), _ERRCODE_WAIT_LIMIT)
        except Exception:  # not an HTTP date either: no wait
            pass
${fields.length ? `${fields.join('\n')}\n` : ''}    return None


def _errcode_header(source: Any, name: str) -> Optional[str]:
    """A header of a response or an error (requests, httpx and urllib headers ignore case)."""
    headers = getattr(source, "headers", None)
    if headers is None or not callable(getattr(headers, "get", None)):
        return None
    try:
        value = headers.get(name)
        if value is None:
            value = headers.get(name.lower())
    except Exception:  # an odd headers object
        return None
    return None if value is None else str(value).strip()`;
}

const NETWORK = String.raw`# Exception class names of network failures, for clients whose errors wrap no built-in exception
# (httpx, httpcore, urllib3, requests, aiohttp); read after the built-in exceptions.
_ERRCODE_NETWORK_NAMES = {
    "ConnectTimeout": "timeout",
    "ReadTimeout": "timeout",
    "WriteTimeout": "timeout",
    "PoolTimeout": "timeout",
    "TimeoutException": "timeout",
    "ServerTimeoutError": "timeout",
    "ConnectError": "refused",
    "ClientConnectorError": "refused",
    "NewConnectionError": "refused",
    "RemoteProtocolError": "reset",
    "ReadError": "reset",
    "WriteError": "reset",
    "ProtocolError": "reset",
    "ChunkedEncodingError": "reset",
    "ServerDisconnectedError": "reset",
}


def _errcode_network(error: BaseException) -> Optional[str]:
    """The network failure behind an exception: "refused", "dns", "reset", "timeout" or None.
    Looks through what it wraps (__cause__, __context__, args, reason), nearest first, for the
    built-in exceptions (http.client.RemoteDisconnected is a ConnectionResetError), then for the
    class names above."""
    wrapped = _errcode_wrapped(error)
    for inner in wrapped:
        if isinstance(inner, ConnectionRefusedError):
            return "refused"
        if isinstance(inner, socket.gaierror):
            return "dns"
        if isinstance(inner, (TimeoutError, socket.timeout, asyncio.TimeoutError)):
            return "timeout"
        if isinstance(inner, (ConnectionResetError, ConnectionAbortedError, BrokenPipeError)):
            return "reset"
    for inner in wrapped:
        for kind in type(inner).__mro__:
            if kind.__name__ in _ERRCODE_NETWORK_NAMES:
                return _ERRCODE_NETWORK_NAMES[kind.__name__]
    return None


def _errcode_wrapped(error: BaseException) -> List[BaseException]:
    """error and the exceptions it wraps, nearest first (at most 32)."""
    found = [error]
    for inner in found:
        if len(found) >= 32:
            break
        reason = getattr(inner, "reason", None)
        for more in (inner.__cause__, inner.__context__, reason, *inner.args):
            if isinstance(more, BaseException) and all(more is not f for f in found):
                found.append(more)
    return found`;

const SMALL_HELPERS = String.raw`def _errcode_first(kind: Any, *values: Any) -> Any:
    """The first value of the given type (bool does not count as int)."""
    return next((v for v in values if isinstance(v, kind) and not isinstance(v, bool)), None)


def _errcode_number(value: Any) -> Optional[float]:
    """A finite number, or a string of digits (with a fraction); None for anything else."""
    if isinstance(value, str) and value.isascii() and value.strip().replace(".", "", 1).isdigit():
        value = float(value)
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        return None
    return float(value) if math.isfinite(value) else None


def _errcode_graphql_message(errors: List[Any]) -> str:
    """The first GraphQL error's message."""
    first = errors[0]
    return str(first.get("message", first) if isinstance(first, dict) else first)


async def _errcode_maybe_await(value: Any) -> Any:
    """value, awaited when it is awaitable (hooks may be coroutines or plain functions)."""
    return await value if inspect.isawaitable(value) else value`;
