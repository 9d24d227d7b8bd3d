// The scenario table of the generated retry helpers: what each one must do, in every language and
// variant, against the loopback server (retryHarness.ts). It is also the documentation: docs/RETRY.md
// shows it (scripts/gen-retry-docs.ts writes it there; a unit test checks the page is current).
//
// Every expectation comes from the seeds through the catalog: WF_1103 retried, WF_1200 only on 503
// and not sooner than its minimum wait, WF_1101 after a retried start "already done", Orchestrator
// 429/5xx with backoff and 409 "refetch and reconcile", Wireflow's retryAfter a Unix time, GraphQL
// errors even on HTTP 200. The numbers follow the plans' policies with `random` fixed at 0.5: the
// Workflows, Wireflow and Flows backoff is the extension's (500 ms first, the seeds give none), so a
// wait is 0.25 s, 0.5 s, 1 s, 2 s; the Orchestrator's documented policy (1 s first here, capped at
// 30 s, 5 attempts) gives 0.5 s, 1 s, 2 s, 4 s.
import type { CatalogEntry } from '../../../src/core/catalog/types';

/** 2026-01-01T00:00:00Z: the fake clock starts here, in every driver. */
export const T0_MS = Date.UTC(2026, 0, 1);
export const T0_S = T0_MS / 1000;

/** One answer of the scripted server, in order; after the last one it answers 200 `{"ok": true}`. */
export type Step =
  | { status: number; headers?: Record<string, string>; body?: unknown }
  /** refused: nothing listens; dns: the host does not resolve; reset: the connection closes after the request; timeout: no answer (the client's timeout is 500 ms). */
  | { network: 'refused' | 'dns' | 'reset' | 'timeout' };

/** The plan a scenario's helper is generated from: one API's, or Flows with the user catalog below. */
export type ScenarioApi = 'workflows' | 'wireflow' | 'flows' | 'orchestrator' | 'flows+user';

export type Result =
  /** The operation's success came back. */
  | 'ok'
  /** The last failure came back as it is (rethrown, or the failed response returned). */
  | 'failure'
  /** Error kinds of the helper. */
  | 'rate-limited'
  | 'already-done'
  | 'reconcile'
  | 'graphql-errors'
  /** The reconcile hook's result came back. */
  | 'reconciled';

export interface Scenario {
  id: string;
  /** What it shows, for the docs. */
  title: string;
  api: ScenarioApi;
  method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  options?: {
    idempotent?: boolean;
    maxAttempts?: number;
    maxWaitSeconds?: number;
    /** Pass a reconcile hook (it returns a marker the driver reports as `reconciled`). */
    reconcile?: boolean;
  };
  steps: Step[];
  expect: {
    /** Requests the server received (a refused connection or an unresolved name is none). */
    requests: number;
    /** The waits the helper asked its sleep hook for, in seconds, in order. */
    waits: number[];
    result: Result;
    /** The HTTP status of a `failure` (null: a network failure). */
    status?: number | null;
    /** `rate-limited`: the time it names, in seconds after T0. */
    untilSeconds?: number;
  };
}

/** A team's own GraphQL codes, as a user catalog adds them (entries of kind graphql-code for Flows). */
export const USER_GRAPHQL_ENTRIES: CatalogEntry[] = [
  {
    id: 'flows:THROTTLED', api: 'flows', kind: 'graphql-code', code: 'THROTTLED', name: 'Throttled', statuses: [], category: 'GraphQL errors', errorClass: 'rate-limit',
    description: 'A team code: the Flow was throttled.', resolution: 'Retry with backoff.', retry: { decision: 'yes' },
  } as CatalogEntry,
  {
    id: 'flows:BAD_INPUT', api: 'flows', kind: 'graphql-code', code: 'BAD_INPUT', name: 'Bad input', statuses: [], category: 'GraphQL errors', errorClass: 'client',
    description: 'A team code: the variables do not match the schema.', resolution: 'Fix the variables.', retry: { decision: 'no' },
  } as CatalogEntry,
];

const wf = (code: string, detail: string) => ({ detail, code });
const problem = (status: number, title: string) => ({ type: 'about:blank', title, status, detail: title });
const gqlErrors = (code: string) => ({ data: null, errors: [{ message: `failed: ${code}`, extensions: { code } }] });
const httpDate = (secondsAfterT0: number) => new Date(T0_MS + secondsAfterT0 * 1000).toUTCString();

export const SCENARIOS: Scenario[] = [
  // Workflows API: codes decide.
  {
    id: 'wf-1103-get', title: 'WF_1103 (504) on a GET: retried with backoff', api: 'workflows', method: 'GET',
    steps: [{ status: 504, body: wf('WF_1103', 'deadline exceeded') }, { status: 504, body: wf('WF_1103', 'deadline exceeded') }],
    expect: { requests: 3, waits: [0.25, 0.5], result: 'ok' },
  },
  {
    id: 'wf-1103-post', title: 'WF_1103 (504) on a POST: not repeated (the start may have happened)', api: 'workflows', method: 'POST',
    steps: [{ status: 504, body: wf('WF_1103', 'deadline exceeded') }],
    expect: { requests: 1, waits: [], result: 'failure', status: 504 },
  },
  {
    id: 'wf-1103-post-idempotent', title: 'WF_1103 on a POST the caller says is safe (idempotency key): retried', api: 'workflows', method: 'POST', options: { idempotent: true },
    steps: [{ status: 504, body: wf('WF_1103', 'deadline exceeded') }],
    expect: { requests: 2, waits: [0.25], result: 'ok' },
  },
  {
    id: 'wf-1101-after-retry', title: 'WF_1101 answering a retried start: the earlier attempt probably started it', api: 'workflows', method: 'POST', options: { idempotent: true },
    steps: [{ status: 504, body: wf('WF_1103', 'deadline exceeded') }, { status: 409, body: wf('WF_1101', 'Workflow already started') }],
    expect: { requests: 2, waits: [0.25], result: 'already-done' },
  },
  {
    id: 'wf-1101-first', title: 'WF_1101 on a first attempt: a plain failure (the ID is in use)', api: 'workflows', method: 'POST',
    steps: [{ status: 409, body: wf('WF_1101', 'Workflow already started') }],
    expect: { requests: 1, waits: [], result: 'failure', status: 409 },
  },
  {
    id: 'wf-1200-503', title: 'WF_1200 on 503: retried, not sooner than 3 s ("a few seconds")', api: 'workflows', method: 'GET',
    steps: [{ status: 503, body: wf('WF_1200', 'search attributes not ready') }],
    expect: { requests: 2, waits: [3], result: 'ok' },
  },
  {
    id: 'wf-1200-422', title: 'WF_1200 on 422: not retried (fix the cron expression or payload)', api: 'workflows', method: 'GET',
    steps: [{ status: 422, body: wf('WF_1200', 'invalid cron expression') }],
    expect: { requests: 1, waits: [], result: 'failure', status: 422 },
  },
  {
    id: 'wf-1104-500', title: 'WF_1104 on 500: the code says no, whatever the status', api: 'workflows', method: 'GET',
    steps: [{ status: 500, body: wf('WF_1104', 'registration failed') }],
    expect: { requests: 1, waits: [], result: 'failure', status: 500 },
  },
  {
    id: 'wf-exhausted', title: 'A transient code every time: 5 attempts, then the last failure', api: 'workflows', method: 'GET',
    steps: Array.from({ length: 6 }, () => ({ status: 504, body: wf('WF_1103', 'deadline exceeded') })),
    expect: { requests: 5, waits: [0.25, 0.5, 1, 2], result: 'failure', status: 504 },
  },
  {
    id: 'max-attempts-0', title: 'maxAttempts 0: the catalog\'s 5 attempts', api: 'workflows', method: 'GET', options: { maxAttempts: 0 },
    steps: Array.from({ length: 6 }, () => ({ status: 504, body: wf('WF_1103', 'deadline exceeded') })),
    expect: { requests: 5, waits: [0.25, 0.5, 1, 2], result: 'failure', status: 504 },
  },
  {
    id: 'max-attempts-1', title: 'maxAttempts 1: no retry', api: 'workflows', method: 'GET', options: { maxAttempts: 1 },
    steps: [{ status: 504, body: wf('WF_1103', 'deadline exceeded') }],
    expect: { requests: 1, waits: [], result: 'failure', status: 504 },
  },
  // Network failures.
  {
    id: 'net-refused-get', title: 'Connection refused on a GET: retried', api: 'orchestrator', method: 'GET',
    steps: [{ network: 'refused' }, { network: 'refused' }],
    expect: { requests: 1, waits: [0.5, 1], result: 'ok' },
  },
  {
    id: 'net-refused-post', title: 'Connection refused on a POST: retried (nothing was sent)', api: 'orchestrator', method: 'POST',
    steps: [{ network: 'refused' }],
    expect: { requests: 1, waits: [0.5], result: 'ok' },
  },
  {
    id: 'net-reset-get', title: 'Connection reset on a GET: retried', api: 'orchestrator', method: 'GET',
    steps: [{ network: 'reset' }],
    expect: { requests: 2, waits: [0.5], result: 'ok' },
  },
  {
    id: 'net-reset-post', title: 'Connection reset on a POST: not repeated (it may have been processed)', api: 'orchestrator', method: 'POST',
    steps: [{ network: 'reset' }],
    expect: { requests: 1, waits: [], result: 'failure', status: null },
  },
  {
    id: 'net-timeout-get', title: 'A timeout on a GET: retried', api: 'orchestrator', method: 'GET',
    steps: [{ network: 'timeout' }],
    expect: { requests: 2, waits: [0.5], result: 'ok' },
  },
  {
    id: 'net-timeout-post', title: 'A timeout on a POST: not repeated', api: 'orchestrator', method: 'POST',
    steps: [{ network: 'timeout' }],
    expect: { requests: 1, waits: [], result: 'failure', status: null },
  },
  {
    id: 'net-dns-get', title: 'A name that does not resolve, on a GET: retried, then the failure', api: 'orchestrator', method: 'GET', options: { maxAttempts: 2 },
    steps: [{ network: 'dns' }, { network: 'dns' }],
    expect: { requests: 0, waits: [0.5], result: 'failure', status: null },
  },
  // The server's wait.
  {
    id: 'wireflow-429-header', title: 'Wireflow 429: Retry-After (relative seconds) wins over the body', api: 'wireflow', method: 'GET',
    steps: [{ status: 429, headers: { 'Retry-After': '5' }, body: { error: 'Rate limit exceeded', retryAfter: T0_S + 7 } }],
    expect: { requests: 2, waits: [5], result: 'ok' },
  },
  {
    id: 'wireflow-429-body', title: 'Wireflow 429 on a POST: retryAfter is a Unix time (429: not processed, so a POST is repeated)', api: 'wireflow', method: 'POST',
    steps: [{ status: 429, body: { error: 'Rate limit exceeded', retryAfter: T0_S + 7 } }],
    expect: { requests: 2, waits: [7], result: 'ok' },
  },
  {
    id: 'wireflow-429-long', title: 'Retry-After: 120 beyond the longest wait (60 s): give up at once, saying until when', api: 'wireflow', method: 'GET',
    steps: [{ status: 429, headers: { 'Retry-After': '120' }, body: { error: 'Rate limit exceeded' } }],
    expect: { requests: 1, waits: [], result: 'rate-limited', untilSeconds: 120 },
  },
  {
    id: 'wireflow-429-long-allowed', title: 'Retry-After: 120 with a longest wait of 180 s: the full 120 s', api: 'wireflow', method: 'GET', options: { maxWaitSeconds: 180 },
    steps: [{ status: 429, headers: { 'Retry-After': '120' }, body: { error: 'Rate limit exceeded' } }],
    expect: { requests: 2, waits: [120], result: 'ok' },
  },
  {
    id: 'max-wait-0', title: 'maxWait 0: the default longest wait (60 s), so Retry-After: 5 is waited', api: 'wireflow', method: 'GET', options: { maxWaitSeconds: 0 },
    steps: [{ status: 429, headers: { 'Retry-After': '5' }, body: { error: 'Rate limit exceeded' } }],
    expect: { requests: 2, waits: [5], result: 'ok' },
  },
  {
    id: 'wireflow-429-date', title: 'Retry-After as an HTTP date', api: 'wireflow', method: 'GET',
    steps: [{ status: 429, headers: { 'Retry-After': httpDate(4) }, body: { error: 'Rate limit exceeded' } }],
    expect: { requests: 2, waits: [4], result: 'ok' },
  },
  {
    id: 'retry-after-nan', title: 'Retry-After: nan is no wait: the backoff applies', api: 'wireflow', method: 'GET',
    steps: [{ status: 429, headers: { 'Retry-After': 'nan' }, body: { error: 'Rate limit exceeded' } }],
    expect: { requests: 2, waits: [0.25], result: 'ok' },
  },
  {
    id: 'retry-after-negative', title: 'Retry-After: -5 is no wait: the backoff applies', api: 'wireflow', method: 'GET',
    steps: [{ status: 429, headers: { 'Retry-After': '-5' }, body: { error: 'Rate limit exceeded' } }],
    expect: { requests: 2, waits: [0.25], result: 'ok' },
  },
  {
    id: 'retry-after-huge', title: 'Retry-After: 99999999999: rate-limited (a wait over 10⁹ s counts as 10⁹ s)', api: 'wireflow', method: 'GET',
    steps: [{ status: 429, headers: { 'Retry-After': '99999999999' }, body: { error: 'Rate limit exceeded' } }],
    expect: { requests: 1, waits: [], result: 'rate-limited', untilSeconds: 1e9 },
  },
  {
    id: 'retry-after-past', title: 'retryAfter in the past: wait 0', api: 'wireflow', method: 'GET',
    steps: [{ status: 429, body: { error: 'Rate limit exceeded', retryAfter: T0_S - 30 } }],
    expect: { requests: 2, waits: [0], result: 'ok' },
  },
  {
    id: 'retry-after-bad-header', title: 'A Retry-After that is not a number gives way to the body\'s retryAfter', api: 'wireflow', method: 'GET',
    steps: [{ status: 429, headers: { 'Retry-After': 'soon' }, body: { error: 'Rate limit exceeded', retryAfter: T0_S + 7 } }],
    expect: { requests: 2, waits: [7], result: 'ok' },
  },
  {
    id: 'wireflow-500-post', title: 'Wireflow 500 on a POST: not repeated', api: 'wireflow', method: 'POST',
    steps: [{ status: 500, body: { error: 'Internal server error' } }],
    expect: { requests: 1, waits: [], result: 'failure', status: 500 },
  },
  // Orchestrator API.
  {
    id: 'orch-5xx-get', title: 'Orchestrator 502 on a GET: backoff from its documented policy', api: 'orchestrator', method: 'GET',
    steps: [{ status: 502, body: problem(502, 'Bad Gateway') }, { status: 502, body: problem(502, 'Bad Gateway') }],
    expect: { requests: 3, waits: [0.5, 1], result: 'ok' },
  },
  {
    id: 'orch-409', title: 'Orchestrator 409: "refetch and reconcile", a distinct outcome', api: 'orchestrator', method: 'PATCH',
    steps: [{ status: 409, body: problem(409, 'Conflict') }],
    expect: { requests: 1, waits: [], result: 'reconcile' },
  },
  {
    id: 'orch-409-hook', title: 'Orchestrator 409 with a reconcile hook: its result comes back', api: 'orchestrator', method: 'PATCH', options: { reconcile: true },
    steps: [{ status: 409, body: problem(409, 'Conflict') }],
    expect: { requests: 1, waits: [], result: 'reconciled' },
  },
  {
    id: 'orch-404', title: 'Orchestrator 404: never retried', api: 'orchestrator', method: 'GET',
    steps: [{ status: 404, body: problem(404, 'Not Found') }],
    expect: { requests: 1, waits: [], result: 'failure', status: 404 },
  },
  {
    id: 'orch-429-post', title: 'Orchestrator 429 on a POST: repeated (not processed)', api: 'orchestrator', method: 'POST',
    steps: [{ status: 429, body: problem(429, 'Too Many Requests') }],
    expect: { requests: 2, waits: [0.5], result: 'ok' },
  },
  {
    id: 'orch-503-post-wait', title: 'Orchestrator 503 with Retry-After on a POST: repeated after the wait', api: 'orchestrator', method: 'POST',
    steps: [{ status: 503, headers: { 'Retry-After': '2' }, body: problem(503, 'Service Unavailable') }],
    expect: { requests: 2, waits: [2], result: 'ok' },
  },
  {
    id: 'orch-503-post', title: 'Orchestrator 503 without Retry-After on a POST: not repeated', api: 'orchestrator', method: 'POST',
    steps: [{ status: 503, body: problem(503, 'Service Unavailable') }],
    expect: { requests: 1, waits: [], result: 'failure', status: 503 },
  },
  // Flows GraphQL API.
  {
    id: 'flows-200-errors', title: 'Flows HTTP 200 with errors: surfaced as GraphQL errors, not success', api: 'flows', method: 'POST', options: { idempotent: true },
    steps: [{ status: 200, body: gqlErrors('SOMETHING') }],
    expect: { requests: 1, waits: [], result: 'graphql-errors' },
  },
  {
    id: 'flows-user-code-200', title: 'A user catalog\'s retryable extensions.code on HTTP 200: retried', api: 'flows+user', method: 'POST', options: { idempotent: true },
    steps: [{ status: 200, body: gqlErrors('THROTTLED') }],
    expect: { requests: 2, waits: [0.25], result: 'ok' },
  },
  {
    id: 'flows-user-code-400', title: 'The same code on HTTP 400: the code decides, not the status', api: 'flows+user', method: 'POST', options: { idempotent: true },
    steps: [{ status: 400, body: gqlErrors('THROTTLED') }],
    expect: { requests: 2, waits: [0.25], result: 'ok' },
  },
  {
    id: 'flows-user-code-no', title: 'A user catalog\'s non-retryable code on HTTP 200: GraphQL errors at once', api: 'flows+user', method: 'POST', options: { idempotent: true },
    steps: [{ status: 200, body: gqlErrors('BAD_INPUT') }],
    expect: { requests: 1, waits: [], result: 'graphql-errors' },
  },
  {
    id: 'flows-500-errors', title: 'Flows 500 with errors every time: the last 500 as is (GraphQL errors on an error status are a failure)', api: 'flows', method: 'GET', options: { maxAttempts: 2 },
    steps: [{ status: 500, body: gqlErrors('INTERNAL') }, { status: 500, body: gqlErrors('INTERNAL') }],
    expect: { requests: 2, waits: [0.25], result: 'failure', status: 500 },
  },
  {
    id: 'rate-limited-last-attempt', title: 'Retry-After: 120 with no attempt left: the 429 as is (nothing to wait for)', api: 'wireflow', method: 'GET', options: { maxAttempts: 1 },
    steps: [{ status: 429, headers: { 'Retry-After': '120' }, body: { error: 'Rate limit exceeded' } }],
    expect: { requests: 1, waits: [], result: 'failure', status: 429 },
  },
  {
    id: 'flows-429-post', title: 'Flows 429 on a POST: repeated with backoff', api: 'flows', method: 'POST',
    steps: [{ status: 429, body: { errors: [{ message: 'Too many requests' }] } }],
    expect: { requests: 2, waits: [0.25], result: 'ok' },
  },
  {
    id: 'flows-500-get', title: 'Flows 500 on a GET: retried', api: 'flows', method: 'GET',
    steps: [{ status: 500, body: { errors: [{ message: 'Server error' }] } }],
    expect: { requests: 2, waits: [0.25], result: 'ok' },
  },
];
