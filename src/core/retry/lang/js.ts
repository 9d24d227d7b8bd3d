// The TypeScript and JavaScript retry helpers (docs/RETRY.md is their contract). One template serves both:
// `⟪…⟫` holds TypeScript-only text (type annotations), and lines starting `TS>` / `JS>` appear in one
// language only. The tables come from the RetryPlan; the code around them is the same for every plan,
// except the Retry-After and GraphQL readings, emitted only for plans that need them. Pure.
import { codeRuleComment, commentText, headerLines, humanMs, jsKey, sq, wrapList } from '../emit';
import type { RetryPlan } from '../plan';

export interface JsHelperParts {
  code: string;
  imports: string[];
}

export function generateJsHelper(lang: 'typescript' | 'javascript', plan: RetryPlan, library?: 'p-retry'): JsHelperParts {
  const pRetry = library === 'p-retry';
  const waits = `That cap is the backoff's: a wait the server asks for is never cut, up to maxWaitMs (${plan.maxWaitSeconds} s by default, the extension's choice; longer: ErrcodeRetryError rate-limited). Only requests safe to repeat are sent again (see withErrcodeRetry).`;
  const note = pRetry
    ? `${waits} p-retry counts the attempts; the decisions and the waits are made here (its own waits are off), because p-retry knows neither full jitter, nor the server's wait, nor which requests are safe to repeat.`
    : waits;
  const header = headerLines(plan, 97, note).map((l) => `// ${l}`.trimEnd());
  const template = [
    ...header,
    '',
    tables(plan),
    '',
    NETWORK,
    '',
    TYPES,
    '',
    ERROR_CLASS,
    '',
    usage(plan),
    pRetry ? MAIN_P_RETRY : MAIN,
    '',
    attempt(plan),
    '',
    CONTEXT,
    '',
    decisions(plan),
    '',
    backoff(plan),
    '',
    read(plan),
    '',
    ...(plan.graphql ? [GRAPHQL, ''] : []),
    ACCESSORS,
  ].join('\n');
  return { code: render(template, lang), imports: pRetry ? ["import pRetry, { AbortError } from 'p-retry';"] : [] };
}

/** Resolves the template markers for one language. */
function render(template: string, lang: 'typescript' | 'javascript'): string {
  const ts = lang === 'typescript';
  const out: string[] = [];
  for (const line of template.split('\n')) {
    if (line.startsWith('TS>')) {
      if (ts) out.push(line.slice(3));
    } else if (line.startsWith('JS>')) {
      if (!ts) out.push(line.slice(3));
    } else {
      out.push(line);
    }
  }
  const text = out.join('\n').replace(/⟪([^⟫]*)⟫/g, ts ? '$1' : '');
  return `${text.replace(/\n{3,}/g, '\n\n').trimEnd()}\n`;
}

// ---------------------------------------------------------------------------------------------------------
// Tables from the plan
// ---------------------------------------------------------------------------------------------------------

function tables(plan: RetryPlan): string {
  const p = plan.policy;
  const whose = p.documented && p.fromApi ? 'as the API documents' : "the extension's choice: the API gives no number";
  const L: string[] = [];
  L.push('/** Retry rules, backoff numbers and special answers, from the catalog. */');
  L.push('const ERRCODE_RETRY = {');
  L.push(`  /** Attempts in all, the first call included (${whose}). */`);
  L.push(`  maxAttempts: ${p.maxAttempts},`);
  L.push(
    p.strategy === 'fixed'
      ? `  /** The backoff wait between attempts, before jitter (${whose}). */`
      : `  /** The first backoff ceiling; it doubles on every retry (${whose}). */`,
  );
  L.push(`  baseDelayMs: ${p.baseDelayMs},`);
  L.push(`  /** No backoff wait is longer than this (${whose}); a wait the server asks for is never cut. */`);
  L.push(`  capMs: ${Math.round(p.capSeconds * 1000)},`);
  L.push("  /** The longest server wait sat out (the extension's choice); a longer one gives up at once: rate-limited. */");
  L.push(`  maxWaitMs: ${Math.round(plan.maxWaitSeconds * 1000)},`);
  L.push('  /** Codes worth retrying; a status list means "only with one of these HTTP statuses". */');
  if (plan.retryCodes.length === 0) {
    L.push('  retryCodes: {}⟪ as Record<string, number[]>⟫,');
  } else {
    L.push('  retryCodes: {');
    for (const r of plan.retryCodes) L.push(`    ${jsKey(r.code)}: [${r.onStatuses.join(', ')}], // ${codeRuleComment(r)}`);
    L.push('  }⟪ as Record<string, number[]>⟫,');
  }
  L.push('  /** Codes never retried as they are (fix the cause first), whatever the status. */');
  L.push(...arrayProp('noRetryCodes', plan.noRetryCodes.map((c) => sq(c.code)), 'string'));
  L.push('  /** HTTP statuses worth retrying when no code above decides. */');
  L.push(...arrayProp('retryStatuses', plan.retryStatuses.map((s) => String(s.status)), 'number'));
  if (plan.retryStatusClasses.length) {
    L.push('  /** Status classes worth retrying (5: any 5xx) unless listed in noRetryStatuses. */');
    L.push(...arrayProp('retryStatusClasses', plan.retryStatusClasses.map(String), 'number'));
    L.push('  /** HTTP statuses never retried. */');
    L.push(...arrayProp('noRetryStatuses', plan.noRetryStatuses.map(String), 'number'));
  }
  const limits = Object.entries(plan.attemptLimits);
  if (limits.length) {
    L.push('  /** Attempt limits stricter than maxAttempts, by code or status. */');
    L.push(`  attemptLimits: { ${limits.map(([k, v]) => `${jsKey(k)}: ${v}`).join(', ')} }⟪ as Record<string, number>⟫,`);
  }
  L.push('  /** Methods whose repetition has the effect of one request (RFC 9110): repeated after any transient failure. */');
  L.push(...arrayProp('idempotentMethods', plan.idempotentMethods.map(sq), 'string'));
  L.push('  /** Answers saying the request was not processed, so even a POST is sent again (RFC 6585: 429). */');
  L.push(...arrayProp('notProcessedStatuses', plan.notProcessed.statuses.map(String), 'number'));
  L.push('  /** The same, only when the server also says how long to wait (RFC 9110: 503 with Retry-After). */');
  L.push(...arrayProp('notProcessedWithServerWait', plan.notProcessed.withServerWait.map(String), 'number'));
  L.push('  /** Minimum waits: never retry this code (or status) sooner, whatever the backoff or the server says. */');
  if (plan.minDelays.length === 0) {
    L.push('  minDelays: []⟪ as ErrcodeMinDelay[]⟫,');
  } else {
    L.push('  minDelays: [');
    for (const d of plan.minDelays) {
      const api = plan.apis.find((a) => a.id === d.api)?.name ?? d.api;
      const what = d.code ? `${d.code}${d.onStatuses.length ? ` on ${d.onStatuses.join('/')}` : ''}` : `HTTP ${d.onStatuses.join('/')}`;
      const why = d.documented ? `as the ${api} documents` : `the extension's reading: the ${api} gives no number`;
      const key = d.code !== undefined ? `code: ${sq(d.code)}, ` : '';
      L.push(`    { ${key}onStatuses: [${d.onStatuses.join(', ')}], ms: ${d.ms} }, // ${commentText(`${what}: ${humanMs(d.ms)} (${why})`)}`);
    }
    L.push('  ]⟪ as ErrcodeMinDelay[]⟫,');
  }
  L.push('  /** Codes that, answering a repeated request, mean an earlier attempt probably took effect: already-done. */');
  L.push(...arrayProp('alreadyDoneCodes', plan.alreadyDoneCodes.map((c) => sq(c.code)), 'string', plan.alreadyDoneCodes.map((c) => commentText(c.name))));
  L.push('  /** Answers asking to refetch the resource and reconcile (the reconcile hook, else error kind reconcile). */');
  L.push(...arrayProp('reconcileStatuses', plan.reconcile.statuses.map(String), 'number'));
  L.push(...arrayProp('reconcileCodes', plan.reconcile.codes.map((c) => sq(c.code)), 'string', plan.reconcile.codes.map((c) => commentText(c.name))));
  L.push('};');
  return L.join('\n');
}

function arrayProp(name: string, items: string[], type: 'string' | 'number', names?: string[]): string[] {
  if (items.length === 0) return [`  ${name}: []⟪ as ${type}[]⟫,`];
  const comment = names?.length ? ` // ${names.join(', ')}` : '';
  const one = `  ${name}: [${items.join(', ')}],${comment}`;
  if (one.length <= 100) return [one];
  return [`  ${name}: [`, ...wrapList(items, '    ', 100, true), `  ],${comment}`];
}

// ---------------------------------------------------------------------------------------------------------
// Fixed parts: network failures, types, the error class
// ---------------------------------------------------------------------------------------------------------

const NETWORK = `/**
 * Network failures by the error code Node, undici (fetch) and axios give them. refused and dns: nothing
 * was sent, so any request may be sent again; reset and timeout: it may have been processed.
 */
const ERRCODE_NETWORK⟪: Record<string, ErrcodeNetworkFailure>⟫ = {
  ECONNREFUSED: 'refused',
  EHOSTUNREACH: 'refused', // could not connect either: nothing was sent
  ENETUNREACH: 'refused',
  ENOTFOUND: 'dns',
  EAI_AGAIN: 'dns',
  ECONNRESET: 'reset',
  EPIPE: 'reset',
  UND_ERR_SOCKET: 'reset', // undici: "other side closed"
  ERR_NETWORK: 'reset', // axios in a browser: it cannot tell more
  ETIMEDOUT: 'timeout',
  ECONNABORTED: 'timeout', // axios: its timeout
  UND_ERR_CONNECT_TIMEOUT: 'timeout',
  UND_ERR_HEADERS_TIMEOUT: 'timeout',
  UND_ERR_BODY_TIMEOUT: 'timeout',
};`;

const TYPES = `TS>/** Options of withErrcodeRetry (see its comment). */
TS>interface ErrcodeRetryOptions<T> {
TS>  /** The request's HTTP method; without it (and without axios's config.method) a request is not idempotent. */
TS>  method?: string | undefined;
TS>  /** True when repeating the request is safe: an idempotency key the server honours, a GraphQL query. */
TS>  idempotent?: boolean | undefined;
TS>  /** Attempts in all, the first included (default, and for 0, a negative number or NaN: the catalog's). */
TS>  maxAttempts?: number | undefined;
TS>  /** The longest server wait to sit out, in ms (default, and for 0, a negative number or NaN: 60 s). */
TS>  maxWaitMs?: number | undefined;
TS>  /** Reads a failure the built-in reading does not know; return undefined to keep the built-in reading. */
TS>  classify?: ((failure: unknown) => ErrcodeClassified | undefined | Promise<ErrcodeClassified | undefined>) | undefined;
TS>  /** Called on a "refetch and reconcile" answer; what it returns is the result of the call. */
TS>  reconcile?: ((failure: unknown) => T | Promise<T>) | undefined;
TS>  /** Called before each wait. */
TS>  onRetry?: ((info: { attempt: number; delayMs: number; failure: unknown }) => void) | undefined;
TS>  sleep?: ((ms: number) => Promise<void>) | undefined;
TS>  /** Uniform in [0, 1). */
TS>  random?: (() => number) | undefined;
TS>  /** Milliseconds since the epoch. */
TS>  now?: (() => number) | undefined;
TS>}
TS>
TS>type ErrcodeNetworkFailure = 'refused' | 'dns' | 'reset' | 'timeout';
TS>
TS>/** What a classify hook knows about a failure; a field left out keeps the built-in reading. */
TS>interface ErrcodeClassified {
TS>  status?: number | undefined;
TS>  code?: string | undefined;
TS>  /** How long the server asks to wait, in ms. */
TS>  retryAfterMs?: number | undefined;
TS>  network?: ErrcodeNetworkFailure | undefined;
TS>}
TS>
TS>/** What the helper read from a failure. */
TS>interface ErrcodeFailure {
TS>  status: number | undefined;
TS>  code: string | undefined;
TS>  /** How long the server asks to wait, in ms. */
TS>  retryAfterMs: number | undefined;
TS>  /** aborted: the caller's own abort (an AbortError), never retried. */
TS>  network: ErrcodeNetworkFailure | 'aborted' | undefined;
TS>  /** The request's method, upper case, when known. */
TS>  method: string | undefined;
TS>}
TS>
TS>interface ErrcodeMinDelay {
TS>  code?: string;
TS>  onStatuses: number[];
TS>  ms: number;
TS>}
TS>
TS>/** What comes after an attempt: its result, an error to throw, or another attempt after a wait. */
TS>type ErrcodeStep<T> =
TS>  | { next: 'return'; value: T }
TS>  | { next: 'throw'; error: unknown }
TS>  | { next: 'retry'; waitMs: number; failure: unknown };`;

const ERROR_CLASS = `/**
 * How a call ends when it is neither a success nor a plain failure. \`kind\`:
 * - rate-limited: the server asks for a wait longer than maxWaitMs; \`until\` says until when.
 * - already-done: a code such as WF_1101 answered a repeated request: an earlier attempt probably took
 *   effect (an attempt that may have reached the server came before).
 * - reconcile: refetch the resource and reconcile the change with its state (or pass a reconcile hook).
 * - graphql-errors: a GraphQL response with errors on a success status (HTTP 200): \`data\` and \`errors\`.
 * \`failure\` is the error or the response behind it, \`attempts\` the attempts made.
 */
class ErrcodeRetryError extends Error {
TS>  readonly kind: 'rate-limited' | 'already-done' | 'reconcile' | 'graphql-errors';
TS>  readonly failure: unknown;
TS>  readonly attempts: number;
TS>  readonly until: Date | undefined;
TS>  readonly data: unknown;
TS>  readonly errors: unknown[] | undefined;
JS>  /**
JS>   * @param {'rate-limited' | 'already-done' | 'reconcile' | 'graphql-errors'} kind
JS>   * @param {string} message
JS>   * @param {unknown} failure
JS>   * @param {number} attempts
JS>   * @param {{ until?: Date, data?: unknown, errors?: unknown[] }} [extra]
JS>   */
  constructor(
    kind⟪: ErrcodeRetryError['kind']⟫,
    message⟪: string⟫,
    failure⟪: unknown⟫,
    attempts⟪: number⟫,
    extra⟪: { until?: Date; data?: unknown; errors?: unknown[] }⟫ = {},
  ) {
    super(message, { cause: failure });
    this.name = 'ErrcodeRetryError';
    this.kind = kind;
    this.failure = failure;
    this.attempts = attempts;
    this.until = extra.until;
    this.data = extra.data;
    this.errors = extra.errors;
  }
}`;

// ---------------------------------------------------------------------------------------------------------
// The helper
// ---------------------------------------------------------------------------------------------------------

function usage(plan: RetryPlan): string {
  const graphql = plan.graphql
    ? `
 * A response whose JSON body has a non-empty \`errors\` array (GraphQL) is a failure too, even with HTTP
 * 200; its code is the first \`errors[].extensions.code\`. When it is not retried, the call ends with
 * ErrcodeRetryError kind graphql-errors (its \`data\` and \`errors\`), unless its HTTP status already made
 * it a failure (then it comes back as it is).`
    : '';
  return `/**
 * Calls \`operation\` until it succeeds, fails in a way the catalog says not to retry, cannot be sent
 * again safely, or runs out of attempts. A thrown error and a returned fetch Response with
 * \`ok === false\` are failures; when retrying stops, the last error is rethrown (or the last Response
 * returned) as it is, or the call ends with an ErrcodeRetryError (rate-limited, already-done,
 * reconcile, graphql-errors).${graphql}
 *
 * Only safe requests are repeated: GET, HEAD, PUT, DELETE and OPTIONS; any request when the failure
 * says it was not processed (429, 503 with Retry-After, a connection refused, a name that did not
 * resolve); others (a POST or PATCH after a 5xx, a reset, a timeout) only with \`idempotent: true\`.
 * Say the method: fetch does not tell it (axios does), and an unknown method counts as not idempotent.
 *
 *   // startRun posts with fetch, an Idempotency-Key header and signal: AbortSignal.timeout(10_000)
 *   const res = await withErrcodeRetry(() => startRun(input), { method: 'POST', idempotent: true });
 *
 * Network failures (refused, reset, a name that did not resolve, a timeout such as
 * AbortSignal.timeout's) are transient; an AbortError (the caller's own abort) is never retried.
 * The usual \`if (!res.ok) throw new Error(...)\` hides the status: return the Response itself, throw
 * an error that keeps it (\`throw Object.assign(new Error(res.statusText), { response: res })\`),
 * or pass \`classify: (e) => ({ status: ..., code: ... })\` to read your own errors.
 *
 * Waits: the server's (Retry-After, seconds or an HTTP date, first; then a body field where the API
 * has one), else the backoff; never less than the catalog's minimum wait for the code. A server wait
 * longer than maxWaitMs is never cut short: the call gives up at once (kind rate-limited, \`until\`).
 *
 * Options: method, idempotent, maxAttempts (attempts in all; 0, a negative number or NaN: the
 * catalog's), maxWaitMs (the longest server wait, default 60 s), classify (returns any of status, code,
 * retryAfterMs, network: 'refused' | 'dns' | 'reset' | 'timeout', or undefined), reconcile (called on a
 * "refetch and reconcile" answer; its result is returned), and the hooks onRetry, sleep, random and
 * now (tests run on a fake clock through them).
JS> * @template T
JS> * @param {(attempt: number) => Promise<T>} operation
JS> * @param {{
JS> *   method?: string,
JS> *   idempotent?: boolean,
JS> *   maxAttempts?: number,
JS> *   maxWaitMs?: number,
JS> *   classify?: (failure: unknown) => ({ status?: number, code?: string, retryAfterMs?: number,
JS> *     network?: 'refused' | 'dns' | 'reset' | 'timeout' } | undefined | Promise<any>),
JS> *   reconcile?: (failure: unknown) => T | Promise<T>,
JS> *   onRetry?: (info: { attempt: number, delayMs: number, failure: unknown }) => void,
JS> *   sleep?: (ms: number) => Promise<void>,
JS> *   random?: () => number,
JS> *   now?: () => number,
JS> * }} [options]
JS> * @returns {Promise<T>}
 */`;
}

const SIGNATURE = `async function withErrcodeRetry⟪<T>⟫(
  operation⟪: (attempt: number) => Promise<T>⟫,
  options⟪: ErrcodeRetryOptions<T>⟫ = {},
)⟪: Promise<T>⟫ {
  const context = errcodeContext(options);
  const sleep = options.sleep ?? ((ms⟪: number⟫) => new Promise⟪<void>⟫((resolve) => setTimeout(resolve, ms)));`;

const MAIN = `${SIGNATURE}
  for (let attempt = 1; ; attempt++) {
    const step = await errcodeAttempt(operation, attempt, context);
    if (step.next === 'return') return step.value;
    if (step.next === 'throw') throw step.error;
    options.onRetry?.({ attempt, delayMs: step.waitMs, failure: step.failure });
    await sleep(step.waitMs);
  }
}`;

const MAIN_P_RETRY = `${SIGNATURE}
  let waitMs = 0;
  try {
    return await pRetry(
      async (attempt⟪: number⟫) => {
        let step⟪: ErrcodeStep<T>⟫;
        try {
          if (attempt > 1) await sleep(waitMs);
          step = await errcodeAttempt(operation, attempt, context);
        } catch (error) {
          throw new AbortError(new ErrcodeRetryStop({ next: 'throw', error })); // a hook failed
        }
        if (step.next === 'return') return step.value;
        if (step.next === 'throw') throw new AbortError(new ErrcodeRetryStop(step));
        waitMs = step.waitMs;
        options.onRetry?.({ attempt, delayMs: waitMs, failure: step.failure });
        throw new ErrcodeRetryStop(step); // p-retry tries again, at once: the next attempt sleeps first
      },
      // p-retry counts the attempts; its own waits are off (the waits above are the catalog's).
      { retries: context.maxAttempts - 1, factor: 1, minTimeout: 0, maxTimeout: 0 },
    );
  } catch (error) {
    if (!(error instanceof ErrcodeRetryStop)) throw error;
    const step = error.step;
    if (step.next === 'throw') throw step.error;
    if (step.next === 'return') return step.value;
    if (errcodeIsFailedResponse(step.failure)) return step.failure⟪ as T⟫;
    throw step.failure;
  }
}

/** Carries an attempt's outcome through p-retry, which wants Errors. */
class ErrcodeRetryStop⟪<T>⟫ extends Error {
TS>  readonly step: ErrcodeStep<T>;
JS>  /** @param {{ next: string, value?: unknown, error?: unknown, waitMs?: number, failure?: unknown }} step */
  constructor(step⟪: ErrcodeStep<T>⟫) {
    super('errcode retry step');
    this.step = step;
  }
}`;

function attempt(plan: RetryPlan): string {
  const call = plan.graphql
    ? `  let graphql⟪: { data: unknown; errors: unknown[] } | undefined⟫;
  try {
    const result = await operation(attempt);
    graphql = await errcodeGraphqlErrors(result);
    if (!errcodeIsFailedResponse(result) && graphql === undefined) return { next: 'return', value: result };
    failure = result;
  } catch (error) {
    failure = error;
  }`
    : `  try {
    const result = await operation(attempt);
    if (!errcodeIsFailedResponse(result)) return { next: 'return', value: result };
    failure = result;
  } catch (error) {
    failure = error;
  }`;
  const giveUp = plan.graphql
    ? `  if (graphql !== undefined) {
    const first = errcodeGet(graphql.errors[0], 'message');
    const message = \`The GraphQL response has errors\${info.code === undefined ? '' : \` (\${info.code})\`}\${typeof first === 'string' ? \`: \${first}\` : ''}\`;
    return { next: 'throw', error: new ErrcodeRetryError('graphql-errors', message, failure, attempt, graphql) };
  }
`
    : '';
  return `/** One attempt: call the operation, read the failure, decide what comes next (docs/RETRY.md, steps 1 to 7). */
async function errcodeAttempt⟪<T>⟫(
  operation⟪: (attempt: number) => Promise<T>⟫,
  attempt⟪: number⟫,
  context⟪: ErrcodeContext<T>⟫,
)⟪: Promise<ErrcodeStep<T>>⟫ {
  let failure⟪: unknown⟫;
${call}
  const now = context.now();
  const info = await errcodeRead(failure, now, context.options);
  if (info.network === 'aborted') return { next: 'throw', error: failure }; // the caller's own abort
  const notProcessed = errcodeNotProcessed(info);
  const reachedBefore = context.reached;
  if (!notProcessed) context.reached = true; // this attempt may have reached the server

  // Special outcomes.
  if (reachedBefore && info.code !== undefined && ERRCODE_RETRY.alreadyDoneCodes.includes(info.code)) {
    const message = \`\${info.code} answered a repeated request: an earlier attempt probably took effect\`;
    return { next: 'throw', error: new ErrcodeRetryError('already-done', message, failure, attempt) };
  }
  if (errcodeIsReconcile(info)) {
    const reconcile = context.options.reconcile;
    if (reconcile) return { next: 'return', value: await reconcile(failure) };
    const message = \`\${info.code ?? \`HTTP \${info.status}\`}: refetch the resource and reconcile the change with its state\`;
    return { next: 'throw', error: new ErrcodeRetryError('reconcile', message, failure, attempt) };
  }

  // Retry or not, and is it safe to send again?
  const safe =
    context.options.idempotent === true ||
    notProcessed ||
    (info.method !== undefined && ERRCODE_RETRY.idempotentMethods.includes(info.method));
  if (attempt >= errcodeAttemptLimit(info, context.maxAttempts) || !errcodeShouldRetry(info) || !safe) {
${giveUp}    if (errcodeIsFailedResponse(failure)) return { next: 'return', value: failure⟪ as T⟫ };
    return { next: 'throw', error: failure };
  }

  // How long to wait: the server's wait is never cut; longer than maxWaitMs, give up at once.
  if (info.retryAfterMs !== undefined && info.retryAfterMs > context.maxWaitMs) {
    const until = new Date(now + info.retryAfterMs);
    const message = \`Rate-limited until \${until.toISOString()} (longer than the longest wait, \${context.maxWaitMs} ms)\`;
    return { next: 'throw', error: new ErrcodeRetryError('rate-limited', message, failure, attempt, { until }) };
  }
  const waitMs = Math.max(info.retryAfterMs ?? errcodeBackoffMs(attempt, context.random()), errcodeMinDelayMs(info));
  return { next: 'retry', waitMs, failure };
}`;
}

const CONTEXT = `TS>/** One call's settings and what its attempts learnt. */
TS>interface ErrcodeContext<T> {
TS>  options: ErrcodeRetryOptions<T>;
TS>  maxAttempts: number;
TS>  maxWaitMs: number;
TS>  random: () => number;
TS>  now: () => number;
TS>  /** True once an attempt may have reached the server (its failure did not say "not processed"). */
TS>  reached: boolean;
TS>}
TS>
/** The options with odd values read as docs/RETRY.md says: maxAttempts 0, negative or NaN is the catalog's. */
function errcodeContext⟪<T>⟫(options⟪: ErrcodeRetryOptions<T>⟫)⟪: ErrcodeContext<T>⟫ {
  const attempts = Math.floor(Number(options.maxAttempts));
  const maxWaitMs = Number(options.maxWaitMs);
  return {
    options,
    maxAttempts: Number.isFinite(attempts) && attempts >= 1 ? attempts : ERRCODE_RETRY.maxAttempts,
    maxWaitMs: options.maxWaitMs !== undefined && maxWaitMs > 0 ? maxWaitMs : ERRCODE_RETRY.maxWaitMs,
    random: options.random ?? Math.random,
    now: options.now ?? Date.now,
    reached: false,
  };
}`;

function decisions(plan: RetryPlan): string {
  const classes = plan.retryStatusClasses.length > 0;
  const statusLine = classes
    ? `  if (ERRCODE_RETRY.noRetryStatuses.includes(status)) return false;
  if (ERRCODE_RETRY.retryStatuses.includes(status)) return true;
  return ERRCODE_RETRY.retryStatusClasses.includes(Math.floor(status / 100));`
    : '  return ERRCODE_RETRY.retryStatuses.includes(status);';
  const limits = Object.keys(plan.attemptLimits).length > 0;
  const limit = limits
    ? `/** The attempt limit for this failure: maxAttempts, or a stricter one from the catalog. */
function errcodeAttemptLimit({ status, code }⟪: ErrcodeFailure⟫, maxAttempts⟪: number⟫)⟪: number⟫ {
  const limits⟪: Record<string, number>⟫ = ERRCODE_RETRY.attemptLimits;
  const keys = [code, String(status), status === undefined ? undefined : \`\${Math.floor(status / 100)}xx\`];
  for (const key of keys) {
    if (key !== undefined && Object.prototype.hasOwnProperty.call(limits, key)) return Math.min(maxAttempts, limits[key] ?? maxAttempts);
  }
  return maxAttempts;
}`
    : `/** The attempt limit for this failure (the catalog sets no stricter one for any code). */
function errcodeAttemptLimit(_failure⟪: ErrcodeFailure⟫, maxAttempts⟪: number⟫)⟪: number⟫ {
  return maxAttempts;
}`;
  return `/**
 * The catalog's verdict: a listed code decides (with its status condition), then the HTTP status; a
 * network failure is transient.
 */
function errcodeShouldRetry({ status, code, network }⟪: ErrcodeFailure⟫)⟪: boolean⟫ {
  if (code !== undefined && Object.prototype.hasOwnProperty.call(ERRCODE_RETRY.retryCodes, code)) {
    const onlyOn = ERRCODE_RETRY.retryCodes[code] ?? [];
    return onlyOn.length === 0 || (status !== undefined && onlyOn.includes(status));
  }
  if (code !== undefined && ERRCODE_RETRY.noRetryCodes.includes(code)) return false;
  if (status === undefined) return network !== undefined; // neither a status, a known code nor a network failure: not ours
${statusLine}
}

/** True when the failure says the request was not processed, so any request may be sent again. */
function errcodeNotProcessed({ status, retryAfterMs, network }⟪: ErrcodeFailure⟫)⟪: boolean⟫ {
  if (network === 'refused' || network === 'dns') return true; // nothing was sent
  if (status === undefined) return false;
  if (ERRCODE_RETRY.notProcessedStatuses.includes(status)) return true;
  return retryAfterMs !== undefined && ERRCODE_RETRY.notProcessedWithServerWait.includes(status);
}

/** True for an answer asking to refetch and reconcile. */
function errcodeIsReconcile({ status, code }⟪: ErrcodeFailure⟫)⟪: boolean⟫ {
  if (code !== undefined && ERRCODE_RETRY.reconcileCodes.includes(code)) return true;
  return status !== undefined && ERRCODE_RETRY.reconcileStatuses.includes(status);
}

${limit}

/** The catalog's minimum wait for this code and status, or 0. */
function errcodeMinDelayMs({ status, code }⟪: ErrcodeFailure⟫)⟪: number⟫ {
  let ms = 0;
  for (const rule of ERRCODE_RETRY.minDelays) {
    if (rule.code !== undefined && rule.code !== code) continue;
    if (rule.onStatuses.length > 0 && (status === undefined || !rule.onStatuses.includes(status))) continue;
    ms = Math.max(ms, rule.ms);
  }
  return ms;
}`;
}

function backoff(plan: RetryPlan): string {
  const p = plan.policy;
  const ceiling =
    p.strategy === 'fixed'
      ? 'Math.min(ERRCODE_RETRY.capMs, ERRCODE_RETRY.baseDelayMs)'
      : 'Math.min(ERRCODE_RETRY.capMs, ERRCODE_RETRY.baseDelayMs * 2 ** (attempt - 1))';
  const what =
    p.jitter === 'full'
      ? p.strategy === 'fixed'
        ? 'The backoff, full jitter: a random wait in [0, min(cap, base)].'
        : 'The backoff, full jitter: a random wait in [0, min(cap, base * 2^(attempt - 1))].'
      : p.strategy === 'fixed'
        ? 'The backoff: the fixed wait (no jitter).'
        : 'The backoff: the ceiling min(cap, base * 2^(attempt - 1)) itself (no jitter).';
  const params = [p.strategy === 'fixed' ? '_attempt⟪: number⟫' : 'attempt⟪: number⟫', p.jitter === 'full' ? 'random⟪: number⟫' : '_random⟪: number⟫'].join(', ');
  const body = p.jitter === 'full' ? `  return Math.round(random * ${ceiling});` : `  return ${ceiling};`;
  return `/** ${what} */
function errcodeBackoffMs(${params})⟪: number⟫ {
${body}
}`;
}

function read(plan: RetryPlan): string {
  const codes = ["errcodeGet(body, 'code')"];
  if (plan.graphql || plan.graphqlCodes) codes.push('errcodeGraphqlCode(body)');
  const hints: string[] = [];
  if (plan.honorRetryAfter) {
    hints.push('errcodeRetryAfterMs(errcodeHeader(response, \'retry-after\') ?? errcodeHeader(failure, \'retry-after\'), now)');
    for (const f of plan.retryAfterBodyFields) {
      const api = plan.apis.find((a) => a.id === f.api)?.name ?? f.api;
      hints.push(
        f.format === 'unix-seconds'
          ? `// ${commentText(`${api}: \`${f.field}\` in the body is a Unix time in seconds.`)}\n    errcodeUnixSecondsToMs(errcodeGet(body, ${sq(f.field)}), now)`
          : `// ${commentText(`${api}: \`${f.field}\` in the body is seconds to wait.`)}\n    errcodeSecondsToMs(errcodeGet(body, ${sq(f.field)}))`,
      );
    }
  }
  const wait = hints.length
    ? `  // The server's wait: Retry-After first${plan.retryAfterBodyFields.length ? ', then the body' : ''}.
  const retryAfterMs =
    ${hints.join(' ??\n    ')};`
    : '  const retryAfterMs⟪: number | undefined⟫ = undefined; // the catalog names no server wait for these APIs';
  const nowParam = plan.honorRetryAfter ? 'now' : '_now';
  const parts = [
    `/**
 * Reads a failure: its HTTP status, error code, the server's wait, the network failure and the method.
 * A thrown error (axios, ky, got and most SDKs keep the response on \`.response\`; fetch's TypeError
 * keeps the network error on \`.cause\`) or a failed fetch Response; then the classify hook, if any.
 */
async function errcodeRead⟪<T>⟫(failure⟪: unknown⟫, ${nowParam}⟪: number⟫, options⟪: ErrcodeRetryOptions<T>⟫)⟪: Promise<ErrcodeFailure>⟫ {
  const response = errcodeGet(failure, 'response') ?? failure;
  const body = await errcodeBody(failure, response);
  const status = errcodeFirst(
    'number',
    errcodeGet(failure, 'status'),
    errcodeGet(failure, 'statusCode'),
    errcodeGet(response, 'status'),
    errcodeGet(response, 'statusCode'),
    errcodeGet(body, 'status'),
  );
  const network = status === undefined ? errcodeNetwork(failure) : undefined;
  // An error's own code is an API code only when it is not a network failure's (ECONNRESET).
  const code = errcodeFirst('string', ${codes.join(', ')}, network === undefined ? errcodeGet(failure, 'code') : undefined);
${wait}
  const method = errcodeFirst(
    'string',
    options.method,
    errcodeGet(errcodeGet(failure, 'config'), 'method'), // axios
    errcodeGet(errcodeGet(failure, 'request'), 'method'), // ky's Request, Node's ClientRequest
  );
  const info⟪: ErrcodeFailure⟫ = { status, code, retryAfterMs, network, method: method?.toUpperCase() };
  const own = options.classify ? await options.classify(failure) : undefined;
  if (own?.status !== undefined) info.status = own.status;
  if (own?.code !== undefined) info.code = own.code;
  if (own?.retryAfterMs !== undefined) info.retryAfterMs = errcodeWaitMs(own.retryAfterMs);
  if (own?.network !== undefined) info.network = own.network;
  return info;
}`,
    `/** The network failure behind an error without a response: fetch (undici, browsers) and axios. */
function errcodeNetwork(failure⟪: unknown⟫)⟪: ErrcodeNetworkFailure | 'aborted' | undefined⟫ {
  const name = errcodeGet(failure, 'name');
  if (name === 'TimeoutError') return 'timeout'; // AbortSignal.timeout()
  if (name === 'AbortError' || errcodeGet(failure, 'code') === 'ERR_CANCELED') return 'aborted'; // the caller's abort
  // The codes of the error and its causes (undici: on \`cause\`; Node's AggregateError: on \`errors\`).
  let cause = failure;
  for (let depth = 0; depth < 4 && typeof cause === 'object' && cause !== null; depth++) {
    const inner = errcodeGet(cause, 'errors');
    for (const c of [cause, ...(Array.isArray(inner) ? inner : [])]) {
      const code = errcodeGet(c, 'code');
      if (typeof code === 'string' && Object.prototype.hasOwnProperty.call(ERRCODE_NETWORK, code)) return ERRCODE_NETWORK[code];
    }
    cause = errcodeGet(cause, 'cause');
  }
  // Browsers say only "Failed to fetch": it may have reached the server, as after a reset.
  const message = String(errcodeGet(failure, 'message') ?? '');
  if (name === 'TypeError' && /^(failed to fetch|networkerror when attempting|load failed)/i.test(message)) return 'reset';
  return undefined;
}`,
    `/** The failure's body, parsed: a fetch Response's JSON (from a clone), or \`.body\` / \`.data\`. */
async function errcodeBody(failure⟪: unknown⟫, response⟪: unknown⟫)⟪: Promise<unknown>⟫ {
  if (errcodeIsFetchResponse(response)) return errcodeFetchJson(response);
  return errcodeParse(errcodeGet(failure, 'body') ?? errcodeGet(response, 'data') ?? errcodeGet(response, 'body'));
}

/**
 * A fetch Response's JSON body, read from a clone so the caller can still read it: a failed one's
 * always (error bodies are small), a successful one's only when it says it is JSON.
 */
async function errcodeFetchJson(response⟪: ErrcodeFetchResponse⟫)⟪: Promise<unknown>⟫ {
  const type = String(response.headers?.get('content-type') ?? '');
  if (response.ok !== false && !/^application\\/(?:[\\w.+-]+\\+)?json\\b/i.test(type)) return undefined;
  try {
    return await response.clone().json();
  } catch {
    return undefined;
  }
}

/** A body that may still be JSON text. */
function errcodeParse(body⟪: unknown⟫)⟪: unknown⟫ {
  if (typeof body !== 'string') return body;
  try {
    return JSON.parse(body);
  } catch {
    return undefined;
  }
}`,
  ];
  if (plan.graphql || plan.graphqlCodes) {
    parts.push(`/** The first \`errors[].extensions.code\` of a GraphQL body. */
function errcodeGraphqlCode(body⟪: unknown⟫)⟪: string | undefined⟫ {
  const errors = errcodeGet(body, 'errors');
  if (!Array.isArray(errors)) return undefined;
  return errcodeFirst('string', ...errors.map((e) => errcodeGet(errcodeGet(e, 'extensions'), 'code')));
}`);
  }
  parts.push(`/** A wait in ms: none below 0 (a time already past), none over 10⁹ s (a longer one counts as 10⁹ s). */
function errcodeWaitMs(ms⟪: number⟫)⟪: number⟫ {
  return Math.min(Math.max(0, ms), 1e12);
}`);
  if (plan.honorRetryAfter) {
    parts.push(`/** A header from a fetch Headers, an axios/got headers object or a plain record. */
function errcodeHeader(source⟪: unknown⟫, name⟪: string⟫)⟪: string | undefined⟫ {
  const headers = errcodeGet(source, 'headers');
  if (typeof headers !== 'object' || headers === null) return undefined;
  const get = errcodeGet(headers, 'get');
  if (typeof get === 'function') {
    const value⟪: unknown⟫ = get.call(headers, name);
    return value === null || value === undefined ? undefined : String(value);
  }
  for (const [key, value] of Object.entries(headers)) if (key.toLowerCase() === name) return String(value);
  return undefined;
}`);
    parts.push(`/**
 * \`Retry-After\`: delay-seconds (\`3\`, \`2.5\`) or an HTTP date (a past one waits 0). Anything else
 * (\`nan\`, \`-5\`, \`inf\`, \`1e3\`, empty) is no server wait: the backoff applies.
 */
function errcodeRetryAfterMs(value⟪: string | undefined⟫, now⟪: number⟫)⟪: number | undefined⟫ {
  const text = (value ?? '').trim();
  if (/^\\d+(\\.\\d+)?$/.test(text)) return errcodeWaitMs(Number(text) * 1000);
  if (!/^[A-Za-z]{3,9},? /.test(text)) return undefined; // an HTTP date starts with the day's name
  const at = Date.parse(text);
  return Number.isNaN(at) ? undefined : errcodeWaitMs(at - now);
}`);
    if (plan.retryAfterBodyFields.some((f) => f.format === 'unix-seconds')) {
      parts.push(`/** A Unix time in seconds (a number or a numeric string), as ms from now (a past time waits 0). */
function errcodeUnixSecondsToMs(value⟪: unknown⟫, now⟪: number⟫)⟪: number | undefined⟫ {
  const seconds = typeof value === 'string' && value.trim() !== '' ? Number(value) : value;
  return typeof seconds === 'number' && Number.isFinite(seconds) ? errcodeWaitMs(seconds * 1000 - now) : undefined;
}`);
    }
    if (plan.retryAfterBodyFields.some((f) => f.format === 'relative-seconds')) {
      parts.push(`/** Seconds to wait (a number or a numeric string, not negative), as ms. */
function errcodeSecondsToMs(value⟪: unknown⟫)⟪: number | undefined⟫ {
  const seconds = typeof value === 'string' && value.trim() !== '' ? Number(value) : value;
  return typeof seconds === 'number' && Number.isFinite(seconds) && seconds >= 0 ? errcodeWaitMs(seconds * 1000) : undefined;
}`);
    }
  }
  return parts.join('\n\n');
}

const GRAPHQL = `/**
 * The GraphQL errors of a successful-looking result (any HTTP status): a fetch Response's JSON body, an
 * axios response's \`data\`, or a parsed body. Undefined when there are none.
 */
async function errcodeGraphqlErrors(result⟪: unknown⟫)⟪: Promise<{ data: unknown; errors: unknown[] } | undefined>⟫ {
  if (errcodeIsFailedResponse(result)) return undefined;
  let body⟪: unknown⟫ = result;
  if (errcodeIsFetchResponse(result)) body = await errcodeFetchJson(result);
  else if (typeof errcodeGet(result, 'status') === 'number' && errcodeGet(result, 'data') !== undefined) body = errcodeParse(errcodeGet(result, 'data'));
  const errors = errcodeGet(body, 'errors');
  return Array.isArray(errors) && errors.length > 0 ? { data: errcodeGet(body, 'data'), errors } : undefined;
}`;

const ACCESSORS = `TS>/** The part of a fetch Response the helper reads. */
TS>interface ErrcodeFetchResponse {
TS>  ok: boolean;
TS>  status: number;
TS>  headers?: { get(name: string): string | null };
TS>  clone(): { json(): Promise<unknown> };
TS>}
TS>
/** A fetch-style Response whose status says it failed. */
function errcodeIsFailedResponse(value⟪: unknown⟫)⟪: boolean⟫ {
  return errcodeGet(value, 'ok') === false && typeof errcodeGet(value, 'status') === 'number';
}

/** A fetch Response (or one like it: a status, \`ok\`, and \`clone()\` to read the body twice). */
function errcodeIsFetchResponse(value⟪: unknown⟫)⟪: value is ErrcodeFetchResponse⟫ {
  return typeof errcodeGet(value, 'ok') === 'boolean' && typeof errcodeGet(value, 'clone') === 'function';
}

/** \`value[key]\` when value is an object, else undefined. */
function errcodeGet(value⟪: unknown⟫, key⟪: string | number⟫)⟪: unknown⟫ {
  if (typeof value !== 'object' || value === null) return undefined;
  return ⟪(⟫value⟪ as Record<string | number, unknown>)⟫[key];
}

TS>/** The first value of the given type. */
TS>function errcodeFirst(type: 'number', ...values: unknown[]): number | undefined;
TS>function errcodeFirst(type: 'string', ...values: unknown[]): string | undefined;
JS>/** The first value of the given type. */
function errcodeFirst(type⟪: 'number' | 'string'⟫, ...values⟪: unknown[]⟫)⟪: unknown⟫ {
  return values.find((v) => typeof v === type);
}`;
