// The TypeScript and JavaScript retry helpers. One template serves both: `⟪…⟫` holds TypeScript-only text
// (type annotations), and lines starting `TS>` / `JS>` appear in one language only. Pure.
import { codeRuleComment, commentText, headerLines, jsKey, sq, wrapList } from '../emit';
import type { RetryPlan } from '../plan';

export interface JsHelperParts {
  code: string;
  imports: string[];
}

export function generateJsHelper(lang: 'typescript' | 'javascript', plan: RetryPlan, library?: 'p-retry'): JsHelperParts {
  const pRetry = library === 'p-retry';
  const note = pRetry ? 'p-retry counts the attempts; the waits are computed here, because p-retry has neither full jitter nor Retry-After.' : undefined;
  const header = headerLines(plan, 97, note).map((l) => `// ${l}`.trimEnd());
  const template = [
    ...header,
    '',
    tables(plan),
    '',
    OPTIONS,
    '',
    (pRetry ? mainPRetry : main)(Object.keys(plan.attemptLimits).length > 0),
    '',
    shouldRetry(plan),
    '',
    ...(Object.keys(plan.attemptLimits).length ? [ATTEMPT_LIMIT, ''] : []),
    delay(plan),
    '',
    inspect(plan),
    '',
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

function tables(plan: RetryPlan): string {
  const p = plan.policy;
  const L: string[] = [];
  L.push('/** Retry rules and backoff numbers from the catalog. */');
  L.push('const ERRCODE_RETRY = {');
  L.push('  /** Attempts in all, the first call included. */');
  L.push(`  maxAttempts: ${p.maxAttempts},`);
  L.push(p.strategy === 'fixed' ? '  /** The wait between attempts (before jitter). */' : '  /** The first backoff ceiling; it doubles on every retry. */');
  L.push(`  baseDelayMs: ${p.baseDelayMs},`);
  L.push('  /** No wait is longer than this, whatever the backoff or the server says. */');
  L.push(`  capMs: ${Math.round(p.capSeconds * 1000)},`);
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
  L.push('};');
  return L.join('\n');
}

function arrayProp(name: string, items: string[], type: 'string' | 'number'): string[] {
  if (items.length === 0) return [`  ${name}: []⟪ as ${type}[]⟫,`];
  const one = `  ${name}: [${items.join(', ')}],`;
  if (one.length <= 100) return [one];
  return [`  ${name}: [`, ...wrapList(items, '    ', 100, true), '  ],'];
}

const OPTIONS = `TS>/** Options of withErrcodeRetry. The hooks let tests run without waiting. */
TS>interface ErrcodeRetryOptions {
TS>  /** Attempts in all (default: the catalog's). */
TS>  maxAttempts?: number;
TS>  /** Called before each wait. */
TS>  onRetry?: (info: { attempt: number; delayMs: number; failure: unknown }) => void;
TS>  sleep?: (ms: number) => Promise<void>;
TS>  /** Uniform in [0, 1). */
TS>  random?: () => number;
TS>  /** Milliseconds since the epoch. */
TS>  now?: () => number;
TS>}
TS>
TS>/** What a failure tells about itself. */
TS>interface ErrcodeFailure {
TS>  status: number | undefined;
TS>  code: string | undefined;
TS>  /** How long the server asks us to wait, in ms. */
TS>  retryAfterMs?: number | undefined;
TS>}
TS>
TS>/** The part of a fetch Response the helper reads. */
TS>interface ErrcodeFailedResponse {
TS>  ok: false;
TS>  status: number;
TS>  clone?: () => { json(): Promise<unknown> };
TS>}`;

const MAIN_DOC = `/**
 * Calls \`operation\` until it succeeds, fails in a way the catalog says not to retry, or runs out of
 * attempts. A thrown error and a returned fetch Response with \`ok === false\` both count as failures;
 * when retrying stops, the last error is rethrown (or the last Response returned) as it is.
JS> * @template T
JS> * @param {(attempt: number) => Promise<T>} operation
JS> * @param {{
JS> *   maxAttempts?: number,
JS> *   onRetry?: (info: { attempt: number, delayMs: number, failure: unknown }) => void,
JS> *   sleep?: (ms: number) => Promise<void>,
JS> *   random?: () => number,
JS> *   now?: () => number,
JS> * }} [options] maxAttempts: attempts in all (default: the catalog's); the hooks let tests run
JS> *   without waiting.
JS> * @returns {Promise<T>}
 */`;

/** The helper's signature and its option defaults, the same with or without p-retry. */
const SIGNATURE = `async function withErrcodeRetry⟪<T>⟫(
  operation⟪: (attempt: number) => Promise<T>⟫,
  options⟪: ErrcodeRetryOptions⟫ = {},
)⟪: Promise<T>⟫ {
  const sleep = options.sleep ?? ((ms⟪: number⟫) => new Promise⟪<void>⟫((resolve) => setTimeout(resolve, ms)));
  const random = options.random ?? Math.random;
  const now = options.now ?? Date.now;`;

function main(limits: boolean): string {
  const limit = limits
    ? 'Math.min(options.maxAttempts ?? ERRCODE_RETRY.maxAttempts, errcodeAttemptLimit(info))'
    : 'options.maxAttempts ?? ERRCODE_RETRY.maxAttempts';
  return `${MAIN_DOC}
${SIGNATURE}
  for (let attempt = 1; ; attempt++) {
    let failure⟪: unknown⟫;
    try {
      const result = await operation(attempt);
      if (!errcodeIsFailedResponse(result)) return result;
      failure = result;
    } catch (error) {
      failure = error;
    }
    const info = await errcodeInspect(failure, now());
    const limit = ${limit};
    if (attempt >= limit || !errcodeShouldRetry(info)) {
      if (errcodeIsFailedResponse(failure)) return failure⟪ as T⟫;
      throw failure;
    }
    const delayMs = errcodeDelayMs(attempt, info, random());
    options.onRetry?.({ attempt, delayMs, failure });
    await sleep(delayMs);
  }
}`;
}

function mainPRetry(limits: boolean): string {
  const limit = limits ? 'Math.min(maxAttempts, errcodeAttemptLimit(info))' : 'maxAttempts';
  return `${MAIN_DOC}
${SIGNATURE}
  const maxAttempts = options.maxAttempts ?? ERRCODE_RETRY.maxAttempts;
  let waitMs = 0;
  try {
    return await pRetry(
      async (attempt⟪: number⟫) => {
        if (attempt > 1) await sleep(waitMs);
        let failure⟪: unknown⟫;
        try {
          const result = await operation(attempt);
          if (!errcodeIsFailedResponse(result)) return result;
          failure = result;
        } catch (error) {
          failure = error;
        }
        const info = await errcodeInspect(failure, now());
        const carried = new ErrcodeRetryFailure(failure);
        if (attempt >= ${limit} || !errcodeShouldRetry(info)) {
          throw new AbortError(carried);
        }
        waitMs = errcodeDelayMs(attempt, info, random());
        options.onRetry?.({ attempt, delayMs: waitMs, failure });
        throw carried;
      },
      // p-retry's own waits are off: the next attempt sleeps waitMs first.
      { retries: maxAttempts - 1, factor: 1, minTimeout: 0, maxTimeout: 0 },
    );
  } catch (error) {
    if (!(error instanceof ErrcodeRetryFailure)) throw error;
    if (errcodeIsFailedResponse(error.failure)) return error.failure⟪ as T⟫;
    throw error.failure;
  }
}

/** Carries any failure (a non-Error value, a failed Response) through p-retry, which wants Errors. */
class ErrcodeRetryFailure extends Error {
TS>  readonly failure: unknown;
  constructor(failure⟪: unknown⟫) {
    super('errcode retry failure');
    this.failure = failure;
  }
}`;
}

function shouldRetry(plan: RetryPlan): string {
  const classes = plan.retryStatusClasses.length > 0;
  const statusLine = classes
    ? `  if (ERRCODE_RETRY.noRetryStatuses.includes(status)) return false;
  if (ERRCODE_RETRY.retryStatuses.includes(status)) return true;
  return ERRCODE_RETRY.retryStatusClasses.includes(Math.floor(status / 100));`
    : '  return ERRCODE_RETRY.retryStatuses.includes(status);';
  return `/** The catalog's verdict: a listed code decides (with its status condition), otherwise the HTTP status. */
function errcodeShouldRetry({ status, code }⟪: ErrcodeFailure⟫)⟪: boolean⟫ {
  if (code !== undefined && Object.prototype.hasOwnProperty.call(ERRCODE_RETRY.retryCodes, code)) {
    const onlyOn = ERRCODE_RETRY.retryCodes[code] ?? [];
    return onlyOn.length === 0 || (status !== undefined && onlyOn.includes(status));
  }
  if (code !== undefined && ERRCODE_RETRY.noRetryCodes.includes(code)) return false;
  if (status === undefined) return false; // neither a status nor a known code: not ours to retry
${statusLine}
}`;
}

const ATTEMPT_LIMIT = `/** The attempt limit for this failure: a stricter one from the catalog, or maxAttempts. */
function errcodeAttemptLimit({ status, code }⟪: ErrcodeFailure⟫)⟪: number⟫ {
  const limits⟪: Record<string, number>⟫ = ERRCODE_RETRY.attemptLimits;
  const keys = [code, String(status), status === undefined ? undefined : \`\${Math.floor(status / 100)}xx\`];
  for (const key of keys) {
    if (key !== undefined && Object.prototype.hasOwnProperty.call(limits, key)) return limits[key] ?? ERRCODE_RETRY.maxAttempts;
  }
  return ERRCODE_RETRY.maxAttempts;
}`;

function delay(plan: RetryPlan): string {
  const p = plan.policy;
  const ceiling =
    p.strategy === 'fixed'
      ? 'Math.min(ERRCODE_RETRY.capMs, ERRCODE_RETRY.baseDelayMs)'
      : 'Math.min(ERRCODE_RETRY.capMs, ERRCODE_RETRY.baseDelayMs * 2 ** (attempt - 1))';
  const what =
    p.jitter === 'full'
      ? p.strategy === 'fixed'
        ? 'Full jitter: a random wait in [0, min(cap, base)].'
        : 'Full jitter: a random wait in [0, min(cap, base * 2^(attempt - 1))].'
      : p.strategy === 'fixed'
        ? 'The fixed wait (no jitter).'
        : 'The backoff ceiling min(cap, base * 2^(attempt - 1)) itself (no jitter).';
  const doc = plan.honorRetryAfter ? `/**\n * ${what}\n * A wait the server asks for wins (capped).\n */` : `/** ${what} */`;
  const serverLine = plan.honorRetryAfter
    ? `  if (failure.retryAfterMs !== undefined) {
    return Math.min(Math.max(0, failure.retryAfterMs), ERRCODE_RETRY.capMs);
  }
`
    : '';
  const randomUse = p.jitter === 'full' ? 'Math.round(random * ceiling)' : 'ceiling';
  const params = [
    p.strategy === 'fixed' ? '_attempt⟪: number⟫' : 'attempt⟪: number⟫',
    plan.honorRetryAfter ? 'failure⟪: ErrcodeFailure⟫' : '_failure⟪: ErrcodeFailure⟫',
    p.jitter === 'full' ? 'random⟪: number⟫' : '_random⟪: number⟫',
  ].join(', ');
  return `${doc}
function errcodeDelayMs(${params})⟪: number⟫ {
${serverLine}  const ceiling = ${ceiling};
  return ${randomUse};
}`.replace(/\n\s*const ceiling = (.*);\n\s*return ceiling;/, '\n  return $1;');
}

function inspect(plan: RetryPlan): string {
  const code = ["errcodeGet(body, 'code')"];
  if (plan.graphqlCodes) code.push("errcodeGet(errcodeGet(errcodeGet(errcodeGet(body, 'errors'), 0), 'extensions'), 'code')");
  code.push("errcodeGet(failure, 'code')");
  const hints: string[] = [];
  if (plan.honorRetryAfter) {
    hints.push('errcodeRetryAfterMs(retryAfter, now)');
    for (const f of plan.retryAfterBodyFields) {
      const api = plan.apis.find((a) => a.id === f.api)?.name ?? f.api;
      hints.push(
        f.format === 'unix-seconds'
          ? `// ${commentText(`${api}: \`${f.field}\` in the body is a Unix time in seconds.`)}\n    errcodeUnixSecondsToMs(errcodeGet(body, ${sq(f.field)}), now)`
          : `// ${commentText(`${api}: \`${f.field}\` in the body is seconds to wait.`)}\n    errcodeSecondsToMs(errcodeGet(body, ${sq(f.field)}))`,
      );
    }
  }
  const hintBlock = hints.length
    ? `  // The server's wait: Retry-After first${plan.retryAfterBodyFields.length ? ', then the body' : ''}.
  const retryAfter = errcodeHeader(response, 'retry-after') ?? errcodeHeader(failure, 'retry-after');
  const retryAfterMs =
    ${hints.join(' ??\n    ')};
  return { status, code, retryAfterMs };`
    : '  return { status, code };';
  const nowParam = plan.honorRetryAfter ? 'now' : '_now';
  const parts = [
    `/**
 * Reads the HTTP status, the error code and the server's wait from a failure: a thrown error (fetch
 * wrappers, axios, ky, got and most SDKs keep the response on \`.response\`) or a failed fetch Response.
 */
async function errcodeInspect(failure⟪: unknown⟫, ${nowParam}⟪: number⟫)⟪: Promise<ErrcodeFailure>⟫ {
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
  const code = errcodeFirst('string', ${code.join(', ')});
${hintBlock}
}`,
    `/** The error body, parsed: \`.body\` / \`.data\` of the error or its response, or a failed Response's JSON. */
async function errcodeBody(failure⟪: unknown⟫, response⟪: unknown⟫)⟪: Promise<unknown>⟫ {
  if (errcodeIsFailedResponse(response) && typeof response.clone === 'function') {
    try {
      return await response.clone().json(); // a clone, so the caller can still read the body
    } catch {
      return undefined;
    }
  }
  const body = errcodeGet(failure, 'body') ?? errcodeGet(response, 'data') ?? errcodeGet(response, 'body');
  if (typeof body !== 'string') return body;
  try {
    return JSON.parse(body);
  } catch {
    return undefined;
  }
}`,
  ];
  if (plan.honorRetryAfter) {
    parts.push(`/** A header from a fetch Headers, an axios/got headers object or a plain record. */
function errcodeHeader(source⟪: unknown⟫, name⟪: string⟫)⟪: string | undefined⟫ {
  const headers = errcodeGet(source, 'headers');
  if (typeof headers !== 'object' || headers === null) return undefined;
  const get = errcodeGet(headers, 'get');
  if (typeof get === 'function') {
    const value = get.call(headers, name);
    return value === null || value === undefined ? undefined : String(value);
  }
  for (const [key, value] of Object.entries(headers)) if (key.toLowerCase() === name) return String(value);
  return undefined;
}`);
    parts.push(`/** \`Retry-After\` is either delay-seconds or an HTTP date. */
function errcodeRetryAfterMs(value⟪: string | undefined⟫, now⟪: number⟫)⟪: number | undefined⟫ {
  if (value === undefined) return undefined;
  if (/^\\s*\\d+(\\.\\d+)?\\s*$/.test(value)) return Number(value) * 1000;
  const at = Date.parse(value);
  return Number.isNaN(at) ? undefined : at - now;
}`);
    if (plan.retryAfterBodyFields.some((f) => f.format === 'unix-seconds')) {
      parts.push(`/** A Unix time in seconds (a number or a numeric string), as ms from now. */
function errcodeUnixSecondsToMs(value⟪: unknown⟫, now⟪: number⟫)⟪: number | undefined⟫ {
  const seconds = typeof value === 'string' ? Number(value) : value;
  return typeof seconds === 'number' && Number.isFinite(seconds) ? seconds * 1000 - now : undefined;
}`);
    }
    if (plan.retryAfterBodyFields.some((f) => f.format === 'relative-seconds')) {
      parts.push(`/** Seconds (a number or a numeric string), as ms. */
function errcodeSecondsToMs(value⟪: unknown⟫)⟪: number | undefined⟫ {
  const seconds = typeof value === 'string' ? Number(value) : value;
  return typeof seconds === 'number' && Number.isFinite(seconds) ? seconds * 1000 : undefined;
}`);
    }
  }
  return parts.join('\n\n');
}

const ACCESSORS = `/** A fetch-style Response whose status says it failed. */
function errcodeIsFailedResponse(value⟪: unknown⟫)⟪: value is ErrcodeFailedResponse⟫ {
  return errcodeGet(value, 'ok') === false && typeof errcodeGet(value, 'status') === 'number';
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
