// Recognises the four APIs' error bodies in a parsed tree and computes the facts each one carries.
// Shapes (from the seeds):
//   workflows     {"detail": "...", "code": "WF_1100", ...extra}
//   wireflow      {"error": "...", ...extra (credits, retryAfter)}
//   flows         {"errors": [{"message", "extensions": {"code"}}], "data"?}   (even on HTTP 200)
//   orchestrator  RFC 7807 / RFC 9457 problem+json {"type","title","status","detail","errors","instance"}
//                 and workflow payloads whose steps[].jobs[] failed, expired or were canceled.
import type { Catalog } from '../catalog/catalog';
import type { CatalogEntry } from '../catalog/types';
import type { CreditFacts, FailedJob, Facts, GraphqlError, ValidationError } from './types';

export type Json = Record<string, unknown>;

export interface BodyHit {
  api: string;
  code: string | null;
  entry?: CatalogEntry;
  /** Status the body itself states (problem `status`, or implied by its fields). */
  status: number | null;
  /** The object recognised, and the objects enclosing it (nearest first), for sibling context. */
  node: Json;
  ancestors: Json[];
  facts: Facts;
}

const WF_CODE = /^WF_\d{4}$/;
const FAILED_STATES = new Set(['failed', 'expired', 'canceled']);
/** Keys that mark an object as a logger's record rather than an API's error body. */
const LOG_RECORD_KEYS = ['level', 'severity', 'msg', 'ts', '@timestamp', 'logger', 'lvl'];

export function isObject(v: unknown): v is Json {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

const str = (v: unknown): string | undefined => (typeof v === 'string' ? v : undefined);
const num = (v: unknown): number | undefined => (typeof v === 'number' && Number.isFinite(v) ? v : undefined);

function httpStatus(v: unknown): number | undefined {
  const n = typeof v === 'string' && /^\d{3}$/.test(v) ? Number(v) : num(v);
  return n !== undefined && Number.isInteger(n) && n >= 100 && n <= 599 ? n : undefined;
}

/** Finds every error body in the tree rooted at `root` (depth-limited walk). */
export function findBodies(root: unknown, catalog: Catalog): BodyHit[] {
  const hits: BodyHit[] = [];
  const walk = (v: unknown, ancestors: Json[], depth: number): void => {
    if (depth > 12) return;
    if (Array.isArray(v)) {
      for (const item of v) if (typeof item === 'object' && item !== null) walk(item, ancestors, depth + 1);
      return;
    }
    if (!isObject(v)) return;
    const hit = classifyObject(v, ancestors, catalog);
    if (hit) {
      hits.push(hit);
      return;
    }
    const next = [v, ...ancestors];
    for (const key in v) {
      const child = v[key];
      if (typeof child === 'object' && child !== null) walk(child, next, depth + 1);
    }
  };
  walk(root, [], 0);
  return hits;
}

function classifyObject(o: Json, ancestors: Json[], catalog: Catalog): BodyHit | undefined {
  return workflowsBody(o, ancestors, catalog)
    ?? flowsBody(o, ancestors, catalog)
    ?? problemBody(o, ancestors, catalog)
    ?? workflowPayload(o, ancestors, catalog)
    ?? wireflowBody(o, ancestors, catalog);
}

function workflowsBody(o: Json, ancestors: Json[], catalog: Catalog): BodyHit | undefined {
  const code = str(o.code);
  if (!code || !WF_CODE.test(code) || !('detail' in o)) return undefined;
  const entry = catalog.findCode(code, 'workflows');
  const facts: Facts = { message: str(o.detail) };
  if (Array.isArray(o.valid_reset_events)) facts.validResetEvents = o.valid_reset_events;
  if (typeof o.status === 'string') facts.workflowStatus = o.status;
  return { api: 'workflows', code, entry, status: httpStatus(o.status) ?? null, node: o, ancestors, facts };
}

function flowsBody(o: Json, ancestors: Json[], catalog: Catalog): BodyHit | undefined {
  const errors = o.errors;
  if (!Array.isArray(errors) || errors.length === 0) return undefined;
  const gql: GraphqlError[] = [];
  for (const e of errors) {
    if (!isObject(e)) continue;
    const message = str(e.message);
    const ext = isObject(e.extensions) ? e.extensions : undefined;
    const code = ext ? str(ext.code) : undefined;
    if (message === undefined && code === undefined) continue;
    const path = Array.isArray(e.path) ? e.path.join('.') : undefined;
    gql.push({ message, code, path });
  }
  if (gql.length === 0) return undefined;
  const code = gql.find((g) => g.code)?.code ?? null;
  const entry = (code ? catalog.findCode(code, 'flows') : undefined);
  const facts: Facts = { message: gql[0].message, graphqlErrors: gql };
  if (o.data !== undefined && o.data !== null) facts.partialData = true;
  return { api: 'flows', code, entry, status: null, node: o, ancestors, facts };
}

function problemBody(o: Json, ancestors: Json[], catalog: Catalog): BodyHit | undefined {
  const status = httpStatus(o.status);
  const title = str(o.title);
  // A JSON Schema has `title` and `type` but never a numeric 4xx/5xx status.
  if (status === undefined || status < 400 || title === undefined) return undefined;
  const facts: Facts = { message: title, detail: str(o.detail), problemType: str(o.type), instance: str(o.instance) };
  if (isObject(o.errors)) {
    const validation: ValidationError[] = [];
    for (const path in o.errors) {
      const v = o.errors[path];
      const messages = Array.isArray(v) ? v.filter((m): m is string => typeof m === 'string') : typeof v === 'string' ? [v] : [];
      validation.push({ path, messages });
    }
    facts.validation = validation;
  }
  const entry = catalog.byStatus('orchestrator', status);
  return { api: 'orchestrator', code: entry?.code ?? String(status), entry, status, node: o, ancestors, facts };
}

function workflowPayload(o: Json, ancestors: Json[], catalog: Catalog): BodyHit | undefined {
  if (!Array.isArray(o.steps)) return undefined;
  const failed: FailedJob[] = [];
  o.steps.forEach((step, si) => {
    if (!isObject(step)) return;
    const jobs = Array.isArray(step.jobs) ? step.jobs : [];
    let jobFailed = false;
    jobs.forEach((job, ji) => {
      if (!isObject(job)) return;
      const status = str(job.status);
      if (!status || !FAILED_STATES.has(status)) return;
      jobFailed = true;
      failed.push({
        path: `steps[${si}].jobs[${ji}]`,
        stepName: str(step.name),
        stepType: str(step.$type),
        status,
        reason: str(job.reason),
        blockedReason: str(job.blockedReason),
      });
    });
    const stepStatus = str(step.status);
    if (!jobFailed && stepStatus && FAILED_STATES.has(stepStatus)) {
      failed.push({ path: `steps[${si}]`, stepName: str(step.name), stepType: str(step.$type), status: stepStatus });
    }
  });
  const wfStatus = str(o.status);
  if (failed.length === 0 && !(wfStatus && FAILED_STATES.has(wfStatus))) return undefined;
  const first = failed.find((f) => f.reason) ?? failed[0];
  // No reason: the job's own terminal status names the outcome (`expired`, `canceled`, generic `failed`).
  const code = first?.reason ?? first?.status ?? wfStatus ?? 'failed';
  const entry = catalog.byReason(code) ?? catalog.findCode(code, 'orchestrator');
  const facts: Facts = { workflowStatus: wfStatus, workflowId: str(o.id), failedJobs: failed };
  return { api: 'orchestrator', code, entry, status: null, node: o, ancestors, facts };
}

function wireflowBody(o: Json, ancestors: Json[], catalog: Catalog): BodyHit | undefined {
  const message = str(o.error);
  if (!message || !message.trim()) return undefined;
  // A logger's own record with an `error` field is not an API body.
  if (LOG_RECORD_KEYS.some((k) => k in o)) return undefined;
  const facts: Facts = { message };
  let status: number | undefined;
  const credits = creditFacts(o, message);
  if (credits) {
    facts.credits = credits;
    status = 402;
  }
  const retryAfter = num(o.retryAfter);
  if (retryAfter !== undefined && retryAfter > 0) {
    facts.retryAfterUnix = retryAfter;
    facts.retryAfterIso = isoFromUnix(retryAfter);
    status ??= 429;
  }
  const byMessage = catalog.byMessage('wireflow', message) ?? byTruncatedMessage(catalog, message);
  status ??= byMessage?.statuses[0];
  return { api: 'wireflow', code: status !== undefined ? String(status) : null, entry: status !== undefined ? catalog.byStatus('wireflow', status) : undefined, status: status ?? null, node: o, ancestors, facts };
}

/** A message the logger cut off: the start of exactly one listed message. */
function byTruncatedMessage(catalog: Catalog, message: string): CatalogEntry | undefined {
  if (message.length < 16) return undefined;
  const matches = catalog.entriesOf('wireflow').filter((e) => e.messages?.some((m) => m.startsWith(message)));
  return matches.length === 1 ? matches[0] : undefined;
}

function creditFacts(o: Json, message: string): CreditFacts | undefined {
  const m = /Required:\s*(\d+),\s*Available:\s*(\d+)/.exec(message);
  const required = num(o.requiredCredits) ?? (m ? Number(m[1]) : undefined);
  const available = num(o.availableCredits) ?? (m ? Number(m[2]) : undefined);
  if (o.insufficientCredits !== true && required === undefined && available === undefined) return undefined;
  const breakdown = Array.isArray(o.breakdown)
    ? o.breakdown.filter(isObject).map((b) => ({ nodeId: str(b.nodeId), nodeLabel: str(b.nodeLabel), credits: num(b.credits) }))
    : [];
  const short = required !== undefined && available !== undefined ? required - available : undefined;
  return { required, available, short, breakdown };
}

export function isoFromUnix(seconds: number): string | undefined {
  const ms = seconds * 1000;
  if (!Number.isFinite(ms) || Math.abs(ms) > 8.64e15) return undefined;
  return new Date(ms).toISOString().replace('.000Z', 'Z');
}

/** Sibling context from enclosing log records: status, request id, headers, timestamp. */
export function ancestorContext(ancestors: Json[]): { status?: number; requestId?: string; retryAfter?: string; timestamp?: string } {
  const out: { status?: number; requestId?: string; retryAfter?: string; timestamp?: string } = {};
  for (const a of ancestors) {
    out.status ??= httpStatus(a.status) ?? httpStatus(a.status_code) ?? httpStatus(a.statusCode) ?? httpStatus(a.http_status) ?? httpStatus(a.httpStatus);
    out.requestId ??= str(a.request_id) ?? str(a.requestId) ?? str(a['x-request-id']) ?? str(a['X-Request-Id']);
    out.timestamp ??= str(a.ts) ?? str(a.time) ?? str(a.timestamp) ?? str(a['@timestamp']);
    const headers = isObject(a.headers) ? a.headers : undefined;
    if (headers) {
      for (const k in headers) {
        const lk = k.toLowerCase();
        const v = headers[k];
        const value = typeof v === 'number' ? String(v) : str(v);
        if (lk === 'retry-after') out.retryAfter ??= value;
        if (lk === 'x-request-id') out.requestId ??= value;
      }
    }
  }
  return out;
}
