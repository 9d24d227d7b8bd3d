// The catalog's shape. The data lives in ./data/*.jsonc (one file per API) and is validated against
// ./catalog.schema.json, the same schema that validates user catalogs. Pure: no `vscode` import.

/** The four built-in APIs. User catalogs may add more API ids. */
export const BUILTIN_API_IDS = ['workflows', 'wireflow', 'flows', 'orchestrator'] as const;
export type BuiltinApiId = (typeof BUILTIN_API_IDS)[number];

/** `yes`: retry with the policy; `no`: fix the request first; `conditional`: only when `condition` holds. */
export type RetryDecision = 'yes' | 'no' | 'conditional';

/** Structured retry advice: code generators read this, never prose. */
export interface RetryAdvice {
  decision: RetryDecision;
  /** For `conditional`: retry only when the HTTP status is one of these (e.g. WF_1200 only on 503). */
  onStatuses?: number[];
  /** Human-readable condition or caveat, in our own words. */
  condition?: string;
  /** Wait as the server says: `Retry-After` header (relative seconds or HTTP date) or a body field. */
  honorRetryAfter?: boolean;
  /** At most this many attempts in all (overrides the API policy). */
  maxAttempts?: number;
  /** Resubmit once with the same body (Orchestrator: failure without a reason). */
  once?: boolean;
}

/** How an API says to back off. */
export interface RetryPolicy {
  strategy: 'exponential-jitter' | 'fixed' | 'none';
  /** First delay in milliseconds. */
  baseDelayMs: number;
  /** Cap between attempts, in seconds (Orchestrator: about 30 s). */
  capSeconds: number;
  /** Give up after this many attempts in all (Orchestrator: about 5). */
  maxAttempts: number;
  /** 'full': sleep a uniform random time in [0, min(cap, base * 2^n)]. */
  jitter: 'full' | 'none';
  /** True when the seed states the numbers; false when they are this extension's defaults. */
  documented: boolean;
  note?: string;
}

/** Severity class of an error: settings map each class (per API) to a diagnostic severity. */
export type ErrorClass =
  | 'client' // fix the request (400, 422, WF_1001, ...)
  | 'auth' // credentials or permissions (401, 403)
  | 'not-found' // a wrong id (404, WF_1100)
  | 'conflict' // state conflict (409)
  | 'quota' // credits, payment (402)
  | 'rate-limit' // 429
  | 'transient' // retry helps (5xx, timeouts, no provider)
  | 'server' // internal error, report it
  | 'moderation' // content blocked
  | 'canceled' // someone canceled it
  | 'unknown'; // a well-formed code the catalog does not know

export type Severity = 'error' | 'warning' | 'information' | 'hint';

/** What an entry is keyed by. */
export type EntryKind = 'code' | 'status' | 'reason' | 'graphql-code' | 'outcome';

export interface StatusCause {
  status: number;
  cause: string;
}

export interface ExampleBody {
  title: string;
  /** The body as JSON text (exactly as the seed shows it). */
  body: string;
  /** HTTP status it comes with, if the seed says. */
  status?: number;
}

export interface CatalogEntry {
  /** Unique id: `${api}:${code}`. */
  id: string;
  api: string;
  kind: EntryKind;
  /** `WF_1103`, `429`, `no_provider_available`, a GraphQL `extensions.code`, ... */
  code: string;
  name: string;
  /** HTTP statuses this entry comes with (WF_1103: [500, 504]). Empty when none applies (job reasons). */
  statuses: number[];
  /** Cause per status where it varies (WF_1200). */
  statusCauses?: StatusCause[];
  category: string;
  errorClass: ErrorClass;
  /** What it means, in our own words. */
  description: string;
  /** What to do. */
  resolution: string;
  retry: RetryAdvice;
  /** Messages the API sends with this status/code (Wireflow lists them per status). */
  messages?: string[];
  /** Names of body fields (see ApiDescription.fields) that come with this entry. */
  fields?: string[];
  examples?: ExampleBody[];
  /** Other phrasings to match in look-up (e.g. job status names). */
  aliases?: string[];
  /** Set on entries that came from a user catalog. */
  source?: string;
  /** User catalogs only: replace the built-in entry with the same api and code (otherwise it is rejected). */
  override?: boolean;
}

export interface CategoryRange {
  name: string;
  /** Inclusive numeric range of WF codes (General: 1000..1099). */
  from?: number;
  to?: number;
  description?: string;
}

export interface FieldDescription {
  name: string;
  meaning: string;
}

export interface HeaderDescription {
  name: string;
  meaning: string;
  /** How to read its value. */
  format?: 'relative-seconds' | 'unix-seconds' | 'opaque' | 'http-date-or-seconds';
}

export interface Gotcha {
  title: string;
  text: string;
}

export interface ApiDescription {
  id: string;
  name: string;
  description: string;
  /** Short description of the error body, e.g. `{"detail", "code"}`. */
  bodyShape: string;
  /** Source document, for the record. */
  seed?: string;
  categories: CategoryRange[];
  fields: FieldDescription[];
  headers: HeaderDescription[];
  retryPolicy: RetryPolicy;
  /** Workflow/step/job status enum (Orchestrator). */
  statusEnum?: string[];
  terminalStatuses?: string[];
  gotchas?: Gotcha[];
  /** General notes (e.g. WF 5xx detail is always "An error occurred"). */
  notes?: string[];
  /** Set on APIs that came from a user catalog. */
  source?: string;
}

/** One catalog file: what the JSONC data files and user catalogs contain. */
export interface CatalogFile {
  $schema?: string;
  apis?: ApiDescription[];
  entries?: Omit<CatalogEntry, 'id'>[];
}

/** A problem in a catalog file, with a 1-based position. */
export interface CatalogProblem {
  file: string;
  line: number;
  column: number;
  /** 0-based offset and length in the file's text, for editors. */
  offset: number;
  length: number;
  message: string;
  severity: 'error' | 'warning';
}
