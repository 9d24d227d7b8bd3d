// Synthetic logs for `npm run bench`: deterministic (seeded PRNG), of a chosen size, with about 2% of
// the lines belonging to an API error and the rest ordinary traffic. The error bodies are the ones in
// the API docs (the seeds) and in samples/logs/, written every way they show up in real logs: one line
// after a prefix, pretty-printed over several lines, escaped inside a JSON-lines string field, as a
// Python dict repr, truncated by the logger, with `HTTP/1.1 …`, `status=…`, `Retry-After:` and
// `X-Request-Id:` lines nearby, and bare WF codes in prose. Every planted error is exactly one finding,
// so `planted` is what a correct scan of the text must report.
//
// The ordinary 98% is plain-text log lines, JSON-lines records (`"level":"info"`, some with nested
// `{…}`) and lines with harmless objects, a few of them holding the scanner's trigger keys
// (`"error": null`, `"title": "Dashboard"`) so that candidates which are not errors cost what they cost.

export type Api = 'workflows' | 'wireflow' | 'flows' | 'orchestrator';
export const APIS: readonly Api[] = ['workflows', 'wireflow', 'flows', 'orchestrator'];

/** How a planted error is written. */
export type Form = 'one-line' | 'pretty' | 'escaped' | 'python' | 'truncated' | 'headers' | 'nested' | 'literal';

export interface BenchLog {
  text: string;
  /** UTF-8 size of `text` (a few lines hold non-ASCII names). */
  bytes: number;
  lines: number;
  /** Lines that belong to an error event (prefix line, status/header lines, body lines). */
  errorLines: number;
  /** Findings a correct scan reports: one per planted body or bare WF code. */
  planted: number;
  bodies: number;
  codes: number;
  byApi: Record<Api, number>;
  byForm: Partial<Record<Form, number>>;
  /** Ordinary lines that hold a trigger key but no error (`"error": null`, a `"title"`). */
  decoyLines: number;
  /** Each planted error: where its event's lines are in `text` (string offsets, end exclusive). */
  events: PlantedEvent[];
}

export interface PlantedEvent {
  start: number;
  end: number;
  api: Api;
  form: Form;
  kind: 'body' | 'code';
}

export interface GenerateOptions {
  seed?: number;
  /** Share of lines that belong to error events (default 0.02). */
  errorShare?: number;
}

/** mulberry32: small, fast, good enough for test data, and the same on every machine. */
export function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

interface Event {
  api: Api | null;
  form?: Form;
  lines: string[];
  /** Findings this event must produce. */
  findings: number;
  kind?: 'body' | 'code';
  decoy?: boolean;
}

type Rng = () => number;

const pick = <T>(rng: Rng, xs: readonly T[]): T => xs[Math.floor(rng() * xs.length)];
const int = (rng: Rng, lo: number, hi: number): number => lo + Math.floor(rng() * (hi - lo + 1));
const ALNUM = 'ABCDEFGHJKMNPQRSTVWXYZ0123456789';
const id = (rng: Rng, n: number): string => {
  let s = '';
  for (let i = 0; i < n; i++) s += ALNUM[Math.floor(rng() * ALNUM.length)];
  return s;
};

/** Python's repr of plain JSON data: single quotes, True/False/None. */
export function pyRepr(v: unknown): string {
  if (v === null) return 'None';
  if (v === true) return 'True';
  if (v === false) return 'False';
  if (typeof v === 'number') return String(v);
  if (typeof v === 'string') return `'${v.replace(/\\/g, '\\\\').replace(/'/g, "\\'")}'`;
  if (Array.isArray(v)) return `[${v.map(pyRepr).join(', ')}]`;
  return `{${Object.entries(v as Record<string, unknown>).map(([k, x]) => `${pyRepr(k)}: ${pyRepr(x)}`).join(', ')}}`;
}

/** `{"a": 1, "b": [2, 3]}`: JSON with a space after `:` and `,`, as most loggers print it. */
export function spaced(v: unknown): string {
  if (Array.isArray(v)) return `[${v.map(spaced).join(', ')}]`;
  if (v !== null && typeof v === 'object') return `{${Object.entries(v).map(([k, x]) => `${JSON.stringify(k)}: ${spaced(x)}`).join(', ')}}`;
  return JSON.stringify(v);
}

// ---- error bodies, from the seeds -------------------------------------------------------------

const WF_CODES: readonly { code: string; status: number; detail: string; extra?: Record<string, unknown> }[] = [
  { code: 'WF_1000', status: 500, detail: 'An error occurred' },
  { code: 'WF_1001', status: 422, detail: 'Invalid event ID for reset', extra: { valid_reset_events: [3, 7, 12] } },
  { code: 'WF_1100', status: 404, detail: 'Workflow execution not found' },
  { code: 'WF_1101', status: 409, detail: 'Workflow already started' },
  { code: 'WF_1102', status: 409, detail: 'Workflow not running', extra: { status: 'COMPLETED' } },
  { code: 'WF_1103', status: 504, detail: 'An error occurred' },
  { code: 'WF_1103', status: 500, detail: 'An error occurred' },
  { code: 'WF_1104', status: 500, detail: 'An error occurred' },
  { code: 'WF_1105', status: 500, detail: 'An error occurred' },
  { code: 'WF_1200', status: 422, detail: 'Invalid cron expression: */61 * * * *' },
  { code: 'WF_1200', status: 503, detail: 'An error occurred' },
  { code: 'WF_1201', status: 404, detail: 'Schedule not found' },
  { code: 'WF_1300', status: 500, detail: 'An error occurred' },
  { code: 'WF_1301', status: 500, detail: 'An error occurred' },
  { code: 'WF_1302', status: 500, detail: 'An error occurred' },
  { code: 'WF_1400', status: 500, detail: 'An error occurred' },
  { code: 'WF_1500', status: 500, detail: 'An error occurred' },
  { code: 'WF_1600', status: 500, detail: 'An error occurred' },
];

const WIREFLOW: readonly { status: number; body: Record<string, unknown> }[] = [
  { status: 400, body: { error: 'Missing required fields: name, nodes, edges' } },
  { status: 400, body: { error: 'At least one node must be provided' } },
  { status: 400, body: { error: 'Node node-1 is missing model.name' } },
  { status: 401, body: { error: 'Missing Authorization header' } },
  { status: 401, body: { error: 'Invalid API key' } },
  { status: 401, body: { error: 'API key has expired' } },
  { status: 402, body: { error: 'Insufficient credits. Required: 10, Available: 3', insufficientCredits: true, requiredCredits: 10, availableCredits: 3, breakdown: [{ nodeId: 'node-1', nodeLabel: 'Text to Image', credits: 10 }] } },
  { status: 403, body: { error: 'Forbidden: Cannot resume execution you do not own' } },
  { status: 404, body: { error: 'Workflow not found' } },
  { status: 404, body: { error: 'Execution not found' } },
  { status: 429, body: { error: 'Too many workflow executions. Please try again later.', retryAfter: 1711036800 } },
  { status: 500, body: { error: 'An unexpected error occurred' } },
];

const FLOWS: readonly { status: number; message: string; code: string }[] = [
  { status: 200, message: 'Variable "$input" got invalid value', code: 'BAD_USER_INPUT' },
  { status: 200, message: 'Cannot query field "runz" on type "Flow"', code: 'GRAPHQL_VALIDATION_FAILED' },
  { status: 401, message: 'Invalid API key', code: 'UNAUTHENTICATED' },
  { status: 403, message: 'No permission for this project', code: 'FORBIDDEN' },
  { status: 404, message: 'Flow not found', code: 'NOT_FOUND' },
  { status: 429, message: 'Too many requests', code: 'RATE_LIMITED' },
  { status: 500, message: 'Internal server error', code: 'INTERNAL_SERVER_ERROR' },
];

const PROBLEMS: readonly Record<string, unknown>[] = [
  { type: 'https://tools.ietf.org/html/rfc9110#section-15.5.1', title: 'One or more validation errors occurred.', status: 400, errors: { 'steps[0].input.resolution': ["The value '4k' is not valid for resolution."] } },
  { type: 'https://tools.ietf.org/html/rfc9110#section-15.5.2', title: 'Unauthorized', status: 401, detail: 'The bearer token has expired.' },
  { type: 'https://tools.ietf.org/html/rfc9110#section-15.5.4', title: 'Forbidden', status: 403, detail: 'Recipe videoGen is not enabled for your tier.' },
  { type: 'https://tools.ietf.org/html/rfc9110#section-15.5.5', title: 'Not Found', status: 404, instance: '/v2/consumer/workflows/wf_01HXYZ' },
  { type: 'https://tools.ietf.org/html/rfc9110#section-15.5.10', title: 'Conflict', status: 409, detail: 'Step 0 already started.' },
  { type: 'about:blank', title: 'Too Many Requests', status: 429 },
  { type: 'https://tools.ietf.org/html/rfc9110#section-15.6.4', title: 'Service Unavailable', status: 503 },
];

const JOB_FAILURES: readonly { status: string; reason?: string; blockedReason?: string | null }[] = [
  { status: 'failed', reason: 'no_provider_available', blockedReason: null },
  { status: 'failed', reason: 'blocked', blockedReason: 'moderation: prompt' },
  { status: 'expired', reason: 'timeout' },
  { status: 'canceled', reason: 'canceled' },
  { status: 'failed' },
];

// ---- the generator ------------------------------------------------------------------------------

const BASE_TIME = Date.UTC(2026, 10, 21, 9, 0, 0);
const WORKSPACES = ['acme-prod', 'acme-staging', 'globex', 'initech', 'umbrella'];
const PATHS = ['/v1/workflows/executions', '/v1/workflows/schedules', '/api/v1/workflows/run', '/graphql', '/v2/consumer/workflows', '/healthz', '/v1/workflows/executions/exec_{id}/signal'];
const PEOPLE = ['Ana', 'José', 'Zoë', 'Björn', 'Łukasz', 'Chloé', 'Ming', 'Priya'];
const TITLES = ['Dashboard', 'Workflows', 'Schedules', 'Settings', 'Run history'];

class Writer {
  private t = BASE_TIME;
  constructor(private readonly rng: Rng) {}

  /** Advances the clock a little and returns it in ISO 8601. */
  ts(): string {
    this.t += int(this.rng, 0, 40);
    return new Date(this.t).toISOString();
  }

  /** `[2026-11-21 11:02:13,551]`, Python logging's default. */
  pyTs(): string {
    const iso = this.ts();
    return `[${iso.slice(0, 10)} ${iso.slice(11, 19)},${iso.slice(20, 23)}]`;
  }
}

function normalEvent(rng: Rng, w: Writer): Event {
  const r = rng();
  const ms = int(rng, 1, 900);
  const path = pick(rng, PATHS).replace('{id}', id(rng, 4));
  const rid = `req_${id(rng, 8)}`;
  let line: string;
  let decoy = false;
  if (r < 0.16) line = `${w.ts()} INFO  POST ${path} status=${pick(rng, [200, 201, 202])} duration=${ms}ms`;
  else if (r < 0.26) line = `${w.ts()} INFO  GET ${path} -> 200 ${ms}ms request_id=${rid}`;
  else if (r < 0.34) line = `${w.ts()} DEBUG cache hit key=exec_${id(rng, 6)} ttl=${int(rng, 1, 3600)}s`;
  else if (r < 0.40) line = `${w.ts()} INFO  worker-${int(rng, 1, 8)} starting workflow sync (workspace=${pick(rng, WORKSPACES)})`;
  else if (r < 0.44) line = `${w.ts()} WARN  slow query took ${ms}ms table=executions rows=${int(rng, 1, 5000)}`;
  else if (r < 0.47) line = `${w.pyTs()} INFO flows_client: POST https://api.example.test/graphql returned 200`;
  else if (r < 0.49) line = `${w.ts()} INFO  user ${pick(rng, PEOPLE)} signed in from workspace ${pick(rng, WORKSPACES)} → dashboard`;
  else if (r < 0.75) line = JSON.stringify({ ts: w.ts(), level: 'info', msg: 'request ok', status: 200, path, duration_ms: ms, request_id: rid });
  else if (r < 0.83) line = JSON.stringify({ ts: w.ts(), level: pick(rng, ['info', 'debug']), msg: 'step progress', workflow: { id: `wf_${id(rng, 10)}`, status: 'processing', steps: [{ name: '0', status: pick(rng, ['scheduled', 'processing', 'succeeded']), jobs: [{ status: 'processing', progress: int(rng, 0, 100) }] }] } });
  else if (r < 0.89) line = JSON.stringify({ ts: w.ts(), level: 'info', msg: 'workflow done', workflow: { id: `wf_${id(rng, 10)}`, status: 'succeeded', steps: [{ name: '0', status: 'succeeded', jobs: [{ status: 'succeeded' }] }] } });
  else if (r < 0.93) line = `${w.ts()} DEBUG metrics ${spaced({ p50: int(rng, 5, 40), p99: int(rng, 50, 900), count: int(rng, 100, 99999) })}`;
  else if (r < 0.95) line = `${w.ts()} INFO  request payload ${spaced({ name: 'nightly', nodes: int(rng, 1, 9), edges: int(rng, 0, 8) })}`;
  // Decoys: the scanner's trigger keys with nothing wrong behind them.
  else if (r < 0.965) {
    line = `${w.ts()} INFO  config loaded ${spaced({ error: null, errors: [], title: 'settings', type: 'object' })}`;
    decoy = true;
  } else if (r < 0.98) {
    line = JSON.stringify({ ts: w.ts(), level: 'info', msg: 'page rendered', title: pick(rng, TITLES), user: `u_${int(rng, 1, 999)}` });
    decoy = true;
  } else {
    line = JSON.stringify({ ts: w.ts(), level: 'info', msg: 'retry succeeded', error: null, attempt: int(rng, 2, 5), request_id: rid });
    decoy = true;
  }
  return { api: null, lines: [line], findings: 0, decoy };
}

/**
 * Where a logger's length limit cut a one-line body: a random point in [lo, hi] that falls inside a
 * string (after a letter or digit of it), as cuts usually do. A cut right after `{` or `:` would leave
 * a body whose end, for any reader, is somewhere on the next line.
 */
function truncate(rng: Rng, text: string, lo: number, hi = text.length - 2): string {
  const inside: number[] = [];
  let inString = false;
  for (let i = 0; i < text.length && i <= hi; i++) {
    const c = text[i];
    if (inString && c === '\\') i++;
    else if (c === '"') inString = !inString;
    else if (inString && i + 1 >= lo && /[A-Za-z0-9]/.test(c)) inside.push(i + 1);
  }
  if (inside.length === 0) throw new Error(`no cut point in ${text} from ${lo}`);
  return text.slice(0, pick(rng, inside));
}

function pretty(v: unknown): string[] {
  return JSON.stringify(v, null, 2).split('\n');
}

function body(api: Api, form: Form, lines: string[]): Event {
  return { api, form, lines, findings: 1, kind: form === 'literal' ? 'code' : 'body' };
}

function workflowsEvent(rng: Rng, w: Writer): Event {
  const e = pick(rng, WF_CODES);
  const b = { detail: e.detail, code: e.code, ...e.extra };
  const exec = `exec_${id(rng, 4)}`;
  const rid = `req_${id(rng, 8)}`;
  switch (pick(rng, ['one-line', 'arrow', 'headers', 'pretty', 'escaped', 'python', 'truncated', 'literal'] as const)) {
    case 'one-line':
      return body('workflows', 'one-line', [`${w.ts()} ERROR POST /v1/workflows/executions/${exec}/signal status=${e.status} request_id=${rid} body=${spaced(b)}`]);
    case 'arrow':
      return body('workflows', 'one-line', [`${w.ts()} WARN  GET /v1/workflows/executions/${exec} -> ${e.status} ${spaced(b)}`]);
    case 'headers':
      return body('workflows', 'headers', [`${w.ts()} ERROR platform call failed: HTTP/1.1 ${e.status} ${e.status === 504 ? 'Gateway Timeout' : 'Error'}`, `X-Request-Id: ${rid}`, spaced(b)]);
    case 'pretty':
      return body('workflows', 'pretty', [`${w.ts()} ERROR POST /v1/workflows/executions status=${e.status}`, ...pretty(b)]);
    case 'escaped':
      return body('workflows', 'escaped', [JSON.stringify({ ts: w.ts(), level: 'error', msg: 'request failed', status: e.status, request_id: rid, body: JSON.stringify(b) })]);
    case 'python':
      return body('workflows', 'python', [`${w.pyTs()} ERROR workflows: status=${e.status} ${pyRepr(b)}`]);
    case 'truncated': {
      // Cut after the code: the logger's limit fell inside whatever came next.
      const full = spaced({ ...b, status: e.status, request_id: rid });
      return body('workflows', 'truncated', [`${w.ts()} ERROR upstream body (truncated): ${truncate(rng, full, full.indexOf(e.code) + e.code.length + 1)}`]);
    }
    default:
      return body('workflows', 'literal', [`${w.ts()} INFO  retrying after ${e.code} (attempt ${int(rng, 2, 5)} of 5)`]);
  }
}

function wireflowEvent(rng: Rng, w: Writer): Event {
  const e = pick(rng, WIREFLOW);
  const rid = `wf-req-${id(rng, 6).toLowerCase()}`;
  switch (pick(rng, ['one-line', 'headers', 'pretty', 'escaped', 'nested', 'python', 'truncated'] as const)) {
    case 'one-line':
      return body('wireflow', 'one-line', [`${w.ts()} ERROR wireflow run rejected status=${e.status} ${spaced(e.body)}`]);
    case 'headers': {
      const lines = [`${w.ts()} ERROR wireflow POST /api/v1/workflows/run`, `HTTP/1.1 ${e.status} ${e.status === 429 ? 'Too Many Requests' : 'Error'}`];
      if (e.status === 429) lines.push(`Retry-After: ${int(rng, 1, 60)}`, 'X-RateLimit-Reset: 1711036800');
      lines.push(`X-Request-Id: ${rid}`, spaced(e.body));
      return body('wireflow', 'headers', lines);
    }
    case 'pretty':
      return body('wireflow', 'pretty', [`${w.ts()} ERROR wireflow response status=${e.status}`, ...pretty(e.body)]);
    case 'escaped':
      return body('wireflow', 'escaped', [JSON.stringify({ ts: w.ts(), level: 'error', msg: 'wireflow call failed', status_code: e.status, request_id: rid, body: JSON.stringify(e.body) })]);
    case 'nested':
      return body('wireflow', 'nested', [JSON.stringify({ ts: w.ts(), level: 'error', msg: 'wireflow rejected run', status_code: e.status, request_id: rid, response: e.body })]);
    case 'python':
      return body('wireflow', 'python', [`${w.pyTs()} ERROR wireflow: status=${e.status} ${pyRepr({ ...e.body, retryable: e.status >= 500 })}`]);
    default: {
      // Cut somewhere after the first 17 characters of the message (enough to recognise it).
      const text = spaced(e.body);
      const message = String(e.body.error);
      const lo = text.indexOf('"error": "') + 10 + Math.min(17, message.length - 1);
      return body('wireflow', 'truncated', [`${w.ts()} ERROR status=${e.status} upstream body (truncated): ${truncate(rng, text, lo)}`]);
    }
  }
}

function flowsEvent(rng: Rng, w: Writer): Event {
  const e = pick(rng, FLOWS);
  const b = { data: null, errors: [{ message: e.message, path: ['runFlow'], extensions: { code: e.code } }] };
  switch (pick(rng, ['one-line', 'pretty', 'escaped', 'python', 'truncated'] as const)) {
    case 'one-line':
      return body('flows', 'one-line', [`${w.ts()} WARN  flows graphql HTTP ${e.status} with errors: ${spaced(b)}`]);
    case 'pretty':
      return body('flows', 'pretty', [`${w.ts()} ERROR flows_client: POST https://api.example.test/graphql returned ${e.status}`, ...pretty({ errors: b.errors })]);
    case 'escaped':
      return body('flows', 'escaped', [JSON.stringify({ ts: w.ts(), level: 'warn', msg: 'graphql errors', status: e.status, body: JSON.stringify(b) })]);
    case 'python':
      return body('flows', 'python', [`${w.pyTs()} ERROR flows_client: POST https://api.example.test/graphql returned ${e.status}`, `${w.pyTs()} ERROR flows_client: body=${pyRepr({ errors: b.errors, data: null })}`]);
    default: {
      const text = spaced({ errors: b.errors, data: null });
      return body('flows', 'truncated', [`${w.ts()} ERROR flows response (truncated): ${truncate(rng, text, text.indexOf('"message": "') + 13)}`]);
    }
  }
}

function orchestratorEvent(rng: Rng, w: Writer): Event {
  const p = pick(rng, PROBLEMS);
  const job = pick(rng, JOB_FAILURES);
  const wf = { id: `wf_${id(rng, 10)}`, status: job.status, steps: [{ name: String(int(rng, 0, 3)), $type: pick(rng, ['videoGen', 'imageGen', 'training']), status: job.status, jobs: [{ ...job }] }] };
  const rid = `orc-${id(rng, 5).toLowerCase()}`;
  switch (pick(rng, ['pretty', 'one-line', 'escaped', 'payload', 'nested', 'python', 'truncated'] as const)) {
    case 'pretty':
      return body('orchestrator', 'pretty', [`${w.ts()} ERROR orchestrator submit failed HTTP/1.1 ${p.status} ${p.title}`, ...pretty(p)]);
    case 'one-line': {
      const lines = [`${w.ts()} ERROR orchestrator GET /v2/consumer/workflows/${wf.id}`, `HTTP/1.1 ${p.status} ${p.title}`];
      if (p.status === 429 || p.status === 503) lines.push(`Retry-After: ${int(rng, 1, 30)}`);
      lines.push(`X-Request-Id: ${rid}`, spaced(p));
      return body('orchestrator', 'headers', lines);
    }
    case 'escaped':
      return body('orchestrator', 'escaped', [JSON.stringify({ ts: w.ts(), level: 'error', msg: 'orchestrator error', status: p.status, headers: { 'Retry-After': String(int(rng, 1, 30)), 'X-Request-Id': rid }, body: JSON.stringify(p) })]);
    case 'payload':
      return body('orchestrator', 'one-line', [`${w.ts()} ERROR orchestrator workflow ${wf.id} finished: ${spaced(wf)}`]);
    case 'nested':
      return body('orchestrator', 'nested', [JSON.stringify({ ts: w.ts(), level: 'warn', msg: 'job ended badly', workflow: wf })]);
    case 'python':
      return body('orchestrator', 'python', [`${w.pyTs()} ERROR orchestrator: job ended: ${pyRepr(wf)}`]);
    default: {
      // Cut after the status (a problem needs its title and status): only problems with more after it.
      const q = pick(rng, PROBLEMS.filter((x) => Object.keys(x).length > 3));
      const text = spaced(q);
      return body('orchestrator', 'truncated', [`${w.ts()} ERROR orchestrator HTTP/1.1 ${q.status} body (truncated): ${truncate(rng, text, text.indexOf('"status": ') + 13)}`]);
    }
  }
}

const ERROR_EVENTS: Record<Api, (rng: Rng, w: Writer) => Event> = {
  workflows: workflowsEvent,
  wireflow: wireflowEvent,
  flows: flowsEvent,
  orchestrator: orchestratorEvent,
};

/**
 * A log of about `targetBytes` UTF-8 bytes (never more than a line over). Same seed and size, same
 * text, byte for byte.
 */
export function generateLog(targetBytes: number, options: GenerateOptions = {}): BenchLog {
  const rng = prng(options.seed ?? 1);
  const share = options.errorShare ?? 0.02;
  const w = new Writer(rng);
  const out: string[] = [];
  const log: Omit<BenchLog, 'text'> = {
    bytes: 0,
    lines: 0,
    errorLines: 0,
    planted: 0,
    bodies: 0,
    codes: 0,
    byApi: { workflows: 0, wireflow: 0, flows: 0, orchestrator: 0 },
    byForm: {},
    decoyLines: 0,
    events: [],
  };
  let chars = 0;
  while (log.bytes < targetBytes) {
    // Keep the error share near its target: an error event is due when the running share is low,
    // and comes at a random moment after that.
    const due = log.errorLines < share * (log.lines + 1) && rng() < 0.3;
    const e = due ? ERROR_EVENTS[pick(rng, APIS)](rng, w) : normalEvent(rng, w);
    const chunk = e.lines.join('\n') + '\n';
    const size = Buffer.byteLength(chunk);
    if (log.bytes + size > targetBytes && log.bytes > 0) break; // within one event of the target
    out.push(chunk);
    if (e.api && e.form && e.kind) log.events.push({ start: chars, end: chars + chunk.length - 1, api: e.api, form: e.form, kind: e.kind });
    chars += chunk.length;
    log.bytes += size;
    log.lines += e.lines.length;
    if (e.api) {
      log.errorLines += e.lines.length;
      log.planted += e.findings;
      if (e.kind === 'code') log.codes += e.findings;
      else log.bodies += e.findings;
      log.byApi[e.api] += e.findings;
      if (e.form) log.byForm[e.form] = (log.byForm[e.form] ?? 0) + 1;
    } else if (e.decoy) log.decoyLines++;
  }
  return { text: out.join(''), ...log };
}
