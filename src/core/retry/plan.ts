// The retry plan: everything the retry-helper generators need, derived from the catalog's structured retry
// data (RetryAdvice on entries, RetryPolicy on APIs), never from prose. Pure: no `vscode`, no Node built-ins.
import { DEFAULT_RETRY_POLICY } from '../catalog/defaults';
import { isRetryable } from '../catalog/retryable';
import type { ApiDescription, CatalogEntry } from '../catalog/types';

export { DEFAULT_RETRY_POLICY };

/** An error code worth retrying. */
export interface RetryCodeRule {
  code: string;
  api: string;
  name: string;
  /** Retry only when the HTTP status is one of these (WF_1200: [503]); empty: whatever the status. */
  onStatuses: number[];
  /** True for GraphQL `extensions.code` values (read from `errors[].extensions.code`). */
  graphql?: boolean;
}

/** An error code that must not be retried as it is. */
export interface NoRetryCode {
  code: string;
  api: string;
  name: string;
  /** `no`: the catalog says fix it first; `conditional`: a condition no generated code can check. */
  why: 'no' | 'conditional';
  graphql?: boolean;
}

/** An HTTP status worth retrying when no listed code decides. */
export interface RetryStatusRule {
  status: number;
  /** APIs whose catalog lists it as retryable. */
  apis: string[];
  name: string;
}

/** A body field that says when to try again (Wireflow's `retryAfter`). */
export interface RetryAfterBodyField {
  api: string;
  field: string;
  /** `unix-seconds`: an absolute Unix timestamp; `relative-seconds`: seconds from now. */
  format: 'unix-seconds' | 'relative-seconds';
}

/** The backoff numbers the helper uses. */
export interface RetryPlanPolicy {
  strategy: 'exponential-jitter' | 'fixed';
  /** Attempts in all, the first call included. */
  maxAttempts: number;
  /** First backoff ceiling in ms; doubles on every retry (exponential). */
  baseDelayMs: number;
  /** No wait is longer than this, whatever the backoff or the server says. */
  capSeconds: number;
  jitter: 'full' | 'none';
  /** True when the API's documentation states the numbers. */
  documented: boolean;
  /** The API the numbers come from; undefined when they are this extension's defaults. */
  fromApi?: string;
}

export interface RetryPlan {
  /** APIs covered, in catalog order. */
  apis: { id: string; name: string }[];
  /** Set by planForEntry: the code the helper was inserted for. */
  focus?: { api: string; code: string; name: string; retryable: boolean };
  policy: RetryPlanPolicy;
  /** Codes worth retrying (the focus code first, then by code). */
  retryCodes: RetryCodeRule[];
  /** Codes never retried automatically (they win over a retryable status: WF_1104 comes with 500). */
  noRetryCodes: NoRetryCode[];
  /** Statuses worth retrying when no listed code decides, ascending. */
  retryStatuses: RetryStatusRule[];
  /** Status classes worth retrying (5 for a catalog entry `5xx`), ascending. */
  retryStatusClasses: number[];
  /** Statuses the catalog says not to retry, ascending. */
  noRetryStatuses: number[];
  /**
   * Wait as the server says (`Retry-After` header: delay-seconds or an HTTP date). True when an entry asks
   * for it, an API documents the header or a body field, or the plan retries 429, 503 or 5xx (where HTTP
   * lets servers send it).
   */
  honorRetryAfter: boolean;
  /** Body fields that say when to try again. */
  retryAfterBodyFields: RetryAfterBodyField[];
  /** Attempt limits stricter than policy.maxAttempts, by code or status text (`"WF_1200"`, `"409"`). */
  attemptLimits: Record<string, number>;
  /** True when some rule is a GraphQL `extensions.code`. */
  graphqlCodes: boolean;
  /**
   * True when a covered API answers in GraphQL (`errors[]` in the body, even with HTTP 200): the helper
   * reads `errors[].extensions.code` of every response, and a 200 with errors is not a success.
   */
  graphql: boolean;
  /** HTTP methods a retry may repeat (RFC 9110 §9.2.2); other methods are retried only when the failure says the request was not processed. */
  idempotentMethods: string[];
  /**
   * Failures that say the request was not processed, so even a POST may be repeated: these statuses
   * (429), these only with a server wait (`Retry-After`: 503), and a connection refused or a name that
   * did not resolve (nothing was sent).
   */
  notProcessed: { statuses: number[]; withServerWait: number[] };
  /** Minimum waits from the catalog (WF_1200 on 503: a few seconds), by code and status. */
  minDelays: MinDelayRule[];
  /** Codes that, answering a repeated request, mean an earlier attempt probably took effect (WF_1101). */
  alreadyDoneCodes: OutcomeRule[];
  /** Answers that ask the caller to refetch and reconcile (Orchestrator 409): a distinct outcome, or the reconcile hook. */
  reconcile: { statuses: number[]; codes: OutcomeRule[] };
  /**
   * The longest server-asked wait the helper sits out; a longer one makes it give up at once, saying
   * until when. The extension's default (the seeds give none); callers can change it.
   */
  maxWaitSeconds: number;
}

/** A catalog minimum wait: never retry `code` (or, without a code, `status`) sooner than `ms`. */
export interface MinDelayRule {
  code?: string;
  /** Only with these statuses; empty: any. */
  onStatuses: number[];
  ms: number;
  /** False when the number is the extension's reading of words such as "a few seconds". */
  documented: boolean;
  api: string;
}

export interface OutcomeRule {
  code: string;
  api: string;
  name: string;
}

/** RFC 9110 §9.2.2: the methods whose repetition has the effect of one request (TRACE aside: no API uses it). */
export const IDEMPOTENT_METHODS: readonly string[] = ['GET', 'HEAD', 'PUT', 'DELETE', 'OPTIONS'];

/** HTTP's "not processed" answers (RFC 6585 §4: 429; RFC 9110 §15.6.4: 503, here only with Retry-After). */
export const NOT_PROCESSED = { statuses: [429], withServerWait: [503] } as const;

/** The longest server wait a helper sits out by default: the extension's choice, the seeds give none. */
export const DEFAULT_MAX_WAIT_SECONDS = 60;

/** What planForEntry needs of a catalog (the built-in Catalog has both). */
export interface RetryCatalog {
  readonly entries: readonly CatalogEntry[];
  readonly apis: readonly ApiDescription[];
}

/** Clamp on whatever a catalog says, so generated code never loops for ever or sleeps for days. */
const LIMITS = { maxAttempts: [1, 20], baseDelayMs: [1, 60_000], capSeconds: [1, 3600] } as const;

/** True when the catalog says retrying can help (always, or under a status condition code can check). */
export const isRetryableEntry = (entry: Pick<CatalogEntry, 'retry'>): boolean => isRetryable(entry);

/**
 * Builds the plan for a set of catalog entries and the APIs they belong to. Entries of APIs missing from
 * `apis` still count; their API gets DEFAULT_RETRY_POLICY. Job reasons and outcomes (kinds `reason`,
 * `outcome`) are not HTTP failures and are left out.
 */
export function buildRetryPlan(entries: readonly CatalogEntry[], apis: readonly ApiDescription[]): RetryPlan {
  const apiById = new Map(apis.map((a) => [a.id, a]));
  const apiIds: string[] = [];
  for (const a of apis) if (!apiIds.includes(a.id)) apiIds.push(a.id);
  for (const e of entries) if (!apiIds.includes(e.api)) apiIds.push(e.api);

  const retryCodes = new Map<string, RetryCodeRule>();
  const noRetryCodes = new Map<string, NoRetryCode>();
  const retryStatuses = new Map<number, RetryStatusRule>();
  const noRetryStatuses = new Set<number>();
  const retryClasses = new Set<number>();
  const attemptLimits: Record<string, number> = {};
  const minDelays: MinDelayRule[] = [];
  const alreadyDone = new Map<string, OutcomeRule>();
  const reconcileStatuses = new Set<number>();
  const reconcileCodes = new Map<string, OutcomeRule>();
  let honorRetryAfter = false;

  const limit = (key: string, n: number | undefined) => {
    if (n === undefined || !Number.isFinite(n)) return;
    const v = clamp(Math.floor(n), LIMITS.maxAttempts);
    attemptLimits[key] = Math.min(attemptLimits[key] ?? v, v);
  };

  for (const e of entries) {
    const policy = apiById.get(e.api)?.retryPolicy ?? DEFAULT_RETRY_POLICY;
    // An API whose policy is "do not retry" contributes no retryable rules.
    const retryable = policy.strategy !== 'none' && isRetryableEntry(e);
    const attempts = e.retry.once ? Math.min(2, e.retry.maxAttempts ?? 2) : e.retry.maxAttempts;
    if (e.kind === 'code' || e.kind === 'graphql-code' || e.kind === 'status') {
      const minSeconds = e.retry.minDelaySeconds;
      if (retryable && minSeconds !== undefined && Number.isFinite(minSeconds) && minSeconds > 0) {
        const status = e.kind === 'status' ? parseStatusCode(e.code, e.statuses) : undefined;
        minDelays.push({
          ...(e.kind !== 'status' && { code: e.code }),
          onStatuses: e.kind === 'status' ? (status?.statuses ?? []) : e.retry.decision === 'conditional' ? uniqSorted(e.retry.onStatuses ?? []) : [],
          ms: Math.round(clamp(minSeconds, [0, LIMITS.capSeconds[1]]) * 1000),
          documented: e.retry.minDelayDocumented ?? false,
          api: e.api,
        });
      }
      if (e.retry.outcome === 'already-done' && e.kind !== 'status') alreadyDone.set(e.code, { code: e.code, api: e.api, name: e.name });
      if (e.retry.outcome === 'reconcile') {
        if (e.kind === 'status') for (const s of parseStatusCode(e.code, e.statuses)?.statuses ?? []) reconcileStatuses.add(s);
        else reconcileCodes.set(e.code, { code: e.code, api: e.api, name: e.name });
      }
    }

    if (e.kind === 'code' || e.kind === 'graphql-code') {
      const graphql = e.kind === 'graphql-code' ? true : undefined;
      if (e.retry.decision === 'no' || (e.retry.decision === 'conditional' && !retryable)) {
        retryCodes.delete(e.code); // "no" wins when two APIs disagree
        noRetryCodes.set(e.code, { code: e.code, api: e.api, name: e.name, why: e.retry.decision, ...(graphql && { graphql }) });
      } else if (retryable && !noRetryCodes.has(e.code)) {
        const onStatuses = e.retry.decision === 'conditional' ? uniqSorted(e.retry.onStatuses ?? []) : [];
        retryCodes.set(e.code, { code: e.code, api: e.api, name: e.name, onStatuses, ...(graphql && { graphql }) });
        limit(e.code, attempts);
      }
      if (retryable && e.retry.honorRetryAfter) honorRetryAfter = true;
      if (retryable && (e.retry.decision === 'conditional' ? e.retry.onStatuses ?? [] : e.statuses).some(sendsRetryAfter)) honorRetryAfter = true;
    } else if (e.kind === 'status') {
      const parsed = parseStatusCode(e.code, e.statuses);
      if (!parsed) continue;
      if (e.retry.decision === 'no') {
        for (const s of parsed.statuses) {
          noRetryStatuses.add(s);
          retryStatuses.delete(s);
        }
        if (parsed.statusClass !== undefined) retryClasses.delete(parsed.statusClass);
        continue;
      }
      if (!retryable) continue; // a condition code cannot check (409: "refetch and reconcile")
      if (e.retry.honorRetryAfter || parsed.statuses.some(sendsRetryAfter) || parsed.statusClass === 5) honorRetryAfter = true;
      // A conditional status entry only retries the statuses its condition names.
      const statuses = e.retry.decision === 'conditional' ? parsed.statuses.filter((s) => e.retry.onStatuses?.includes(s)) : parsed.statuses;
      if (parsed.statusClass !== undefined && e.retry.decision === 'yes') {
        retryClasses.add(parsed.statusClass);
        limit(`${parsed.statusClass}xx`, attempts);
      }
      for (const s of statuses) {
        if (noRetryStatuses.has(s)) continue;
        const rule = retryStatuses.get(s);
        if (rule) {
          if (!rule.apis.includes(e.api)) rule.apis.push(e.api);
        } else {
          retryStatuses.set(s, { status: s, apis: [e.api], name: e.name });
        }
        limit(String(s), attempts);
      }
    }
  }

  // A status its class already covers needs no rule of its own (unless it has its own attempt limit).
  for (const s of [...retryStatuses.keys()]) {
    if (retryClasses.has(Math.floor(s / 100)) && attemptLimits[String(s)] === undefined) retryStatuses.delete(s);
  }
  // Limits only matter when stricter than the policy; keep the plan small.
  const policy = pickPolicy(apiIds.map((id) => apiById.get(id)).filter((a): a is ApiDescription => a !== undefined));
  for (const key of Object.keys(attemptLimits)) {
    const cls = /^([1-5])xx$/.exec(key);
    const stillRetried = cls ? retryClasses.has(Number(cls[1])) : retryCodes.has(key) || retryStatuses.has(Number(key));
    if (attemptLimits[key] >= policy.maxAttempts || !stillRetried) delete attemptLimits[key];
  }

  const retryAfterBodyFields: RetryAfterBodyField[] = [];
  for (const id of apiIds) {
    const api = apiById.get(id);
    if (!api) continue;
    if (api.headers.some((h) => /^retry-after$/i.test(h.name))) honorRetryAfter = true;
    for (const f of api.fields) {
      if (!/^retry[_-]?after$/i.test(f.name) || retryAfterBodyFields.some((b) => b.field === f.name)) continue;
      const unix = /unix|epoch|timestamp/i.test(f.meaning) || api.headers.some((h) => h.format === 'unix-seconds');
      retryAfterBodyFields.push({ api: id, field: f.name, format: unix ? 'unix-seconds' : 'relative-seconds' });
    }
  }

  const byCode = (a: { code: string }, b: { code: string }) => (a.code < b.code ? -1 : a.code > b.code ? 1 : 0);
  const codeRules = [...retryCodes.values()].sort(byCode);
  const noCodes = [...noRetryCodes.values()].sort(byCode);
  return {
    apis: apiIds.map((id) => ({ id, name: apiById.get(id)?.name ?? id })),
    policy,
    retryCodes: codeRules,
    noRetryCodes: noCodes,
    retryStatuses: [...retryStatuses.values()].sort((a, b) => a.status - b.status),
    retryStatusClasses: [...retryClasses].sort((a, b) => a - b),
    noRetryStatuses: [...noRetryStatuses].sort((a, b) => a - b),
    honorRetryAfter: honorRetryAfter || retryAfterBodyFields.length > 0,
    retryAfterBodyFields,
    attemptLimits,
    graphqlCodes: codeRules.some((r) => r.graphql) || noCodes.some((r) => r.graphql),
    graphql: apiIds.some((id) => apiById.get(id)?.entryKind === 'graphql-code') || entries.some((e) => e.kind === 'graphql-code'),
    idempotentMethods: [...IDEMPOTENT_METHODS],
    notProcessed: { statuses: [...NOT_PROCESSED.statuses], withServerWait: [...NOT_PROCESSED.withServerWait] },
    minDelays: minDelays.sort((a, b) => (a.code ?? '').localeCompare(b.code ?? '') || a.ms - b.ms),
    alreadyDoneCodes: [...alreadyDone.values()].sort(byCode),
    reconcile: { statuses: [...reconcileStatuses].sort((a, b) => a - b), codes: [...reconcileCodes.values()].sort(byCode) },
    maxWaitSeconds: DEFAULT_MAX_WAIT_SECONDS,
  };
}

/**
 * The plan for "Insert retry handler for WF_1103": the full retryable set of the entry's API (a helper
 * that retried only one code would rethrow its transient siblings), with the entry as `focus` and its
 * code first among the retry rules.
 */
export function planForEntry(entry: CatalogEntry, catalog: RetryCatalog): RetryPlan {
  const entries = catalog.entries.filter((e) => e.api === entry.api);
  if (!entries.some((e) => e.id === entry.id)) entries.push(entry);
  const plan = buildRetryPlan(
    entries,
    catalog.apis.filter((a) => a.id === entry.api),
  );
  const i = plan.retryCodes.findIndex((r) => r.code === entry.code);
  if (i > 0) plan.retryCodes.unshift(...plan.retryCodes.splice(i, 1));
  plan.focus = { api: entry.api, code: entry.code, name: entry.name, retryable: isRetryableEntry(entry) };
  return plan;
}

/** The plan for one API (the quick fix "Wrap this call in a retry" when it knows which API is called). */
export function planForApi(apiId: string, catalog: RetryCatalog): RetryPlan {
  return buildRetryPlan(
    catalog.entries.filter((e) => e.api === apiId),
    catalog.apis.filter((a) => a.id === apiId),
  );
}

/** The documented policy of the first API that documents one, else the first API's, else the defaults. */
function pickPolicy(apis: readonly ApiDescription[]): RetryPlanPolicy {
  const usable = apis.filter((a) => a.retryPolicy && a.retryPolicy.strategy !== 'none');
  const api = usable.find((a) => a.retryPolicy.documented) ?? usable[0];
  const p = api?.retryPolicy ?? DEFAULT_RETRY_POLICY;
  return {
    strategy: p.strategy === 'fixed' ? 'fixed' : 'exponential-jitter',
    maxAttempts: clamp(Math.floor(p.maxAttempts), LIMITS.maxAttempts),
    baseDelayMs: clamp(Math.round(p.baseDelayMs), LIMITS.baseDelayMs),
    capSeconds: clamp(p.capSeconds, LIMITS.capSeconds),
    jitter: p.jitter === 'none' ? 'none' : 'full',
    documented: api ? p.documented : false,
    ...(api && { fromApi: api.id }),
  };
}

/** HTTP says Retry-After may come with these (RFC 9110 section 10.2.3, RFC 6585): retrying them honours it. */
function sendsRetryAfter(status: number): boolean {
  return status === 429 || status === 503;
}

/** `"429"` → [429]; `"5xx"` → class 5 (plus any statuses the entry lists). */
function parseStatusCode(code: string, statuses: readonly number[]): { statuses: number[]; statusClass?: number } | undefined {
  const trimmed = code.trim();
  if (/^[1-5]\d\d$/.test(trimmed)) return { statuses: uniqSorted([Number(trimmed), ...statuses]) };
  const m = /^([45])xx$/i.exec(trimmed);
  if (m) return { statuses: uniqSorted(statuses.filter((s) => Math.floor(s / 100) === Number(m[1]))), statusClass: Number(m[1]) };
  return statuses.length ? { statuses: uniqSorted(statuses) } : undefined;
}

/** Distinct failure statuses (400 to 599: a 2xx is not a failure to retry), ascending. */
function uniqSorted(xs: readonly number[]): number[] {
  return [...new Set(xs.filter((x) => Number.isInteger(x) && x >= 400 && x <= 599))].sort((a, b) => a - b);
}

function clamp(n: number, [lo, hi]: readonly [number, number]): number {
  return Number.isFinite(n) ? Math.min(hi, Math.max(lo, n)) : lo;
}
