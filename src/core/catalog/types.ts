// The catalog's shape. The data lives in ./data/*.jsonc (one file per API) and is validated against
// ./catalog.schema.json, the same schema that validates user catalogs. Pure: no `vscode` import.


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
  /** Never retry sooner than this many seconds (WF_1200 on 503: "retry after a few seconds"). */
  minDelaySeconds?: number;
  /** True when the API's documentation gives that number; false when it is the extension's reading of words such as "a few seconds". */
  minDelayDocumented?: boolean;
  /**
   * What the answer means to a retrying client beyond "retry or not": `reconcile`, refetch the resource
   * and reconcile the change with its state before trying again (Orchestrator 409); `already-done`,
   * answering a repeated request it says an earlier attempt probably took effect (WF_1101 after a
   * retried start).
   */
  outcome?: 'reconcile' | 'already-done';
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
  /**
   * Regexes (case-insensitive) over a body's message that mean this entry when no code says
   * otherwise: a GraphQL error about an invalid API key is the 401.
   */
  matches?: string[];
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

// ---------------------------------------------------------------------------------------------------------
// How an API's errors look in text: body rules, code literals and evidence (data read by the engine)
// ---------------------------------------------------------------------------------------------------------

/**
 * A condition on the value at a path: a type (`"string"`, `"number"`, `"boolean"`, `"array"`,
 * `"object"`, `"present"`, `"absent"`), a literal, a list of allowed literals, `{ "pattern": regex }`
 * on a string, or `{ "min", "max" }` on a number. A path with `*` holds when any item holds.
 */
export type Condition =
  | 'string' | 'number' | 'boolean' | 'array' | 'object' | 'present' | 'absent'
  | string | number | boolean | null
  | (string | number | boolean | null)[]
  | { pattern: string }
  | { min?: number; max?: number };

/** How a fact's value is shown. */
export type FactFormat =
  | 'text' // as written
  | 'code' // as written, in a code span (a value from the body)
  | 'number'
  | 'list' // an array of scalars, joined
  | 'map' // an object of path → messages (validation errors): one line each
  | 'unix-seconds' // a Unix time: ISO 8601 UTC, and how far from now
  | 'template' // `template` with `{path}` holes filled from an object
  | 'difference' // `path` minus `minus` (credits short by N)
  | 'present'; // shown (with `template` as its text) when the value is there and not false/null

/** A fact shown for a body: where it is, what it is called, how to show it. */
export interface FactRule {
  /** Dotted path from the error object (see BodyRule.each); `^.` goes up to the enclosing object. */
  path: string;
  label: string;
  format?: FactFormat;
  /**
   * For `template` and `present`: text with `{path}` holes, e.g. `{nodeLabel} ({nodeId}): {credits} credits`.
   * For `number` and `difference`: the words around the number, `{}` standing for it (`short by {} credits`).
   */
  template?: string;
  /** For `difference`: the path subtracted. */
  minus?: string;
  /** Only when the value has this type (`"string"`: WF_1102's `status` is the workflow's, not HTTP's). */
  type?: 'string' | 'number' | 'boolean' | 'array' | 'object';
}

/** A note shown with a body when its HTTP status is one of a list (`"503"`) or in a class (`"5xx"`). */
export interface RuleNote {
  statuses?: string[];
  text: string;
}

/**
 * One shape of an API's error bodies (the `bodies` contract in the README): which objects it
 * matches, which values name the code, message and status, and which facts to show.
 */
export interface BodyRule {
  /** Short id, unique in the API (`problem`, `job`): named in findings and tests. */
  id?: string;
  /** Dotted paths and conditions that must all hold. The first path's first key anchors the search. */
  when: Record<string, Condition>;
  /** Paths that rule a match out (any one holding is enough). */
  unless?: Record<string, Condition>;
  /** Every array item at this path is its own error; the paths below are relative to it. */
  each?: string;
  /** With `each`: conditions an item must meet to be an error (a job that failed). */
  where?: Record<string, Condition>;
  /** With `each`: conditions that rule an item out (a failed step whose jobs already report it). */
  whereNot?: Record<string, Condition>;
  /** Path(s) of the value looked up among this API's entries; the first present wins. */
  code?: string | string[];
  /** Path(s) of the human-readable message (looked up in the entries' `messages` and `matches`). */
  message?: string | string[];
  /** Path(s) of the HTTP status. */
  status?: string | string[];
  /** HTTP statuses the body implies by its fields when it states none (`insufficientCredits`: 402). */
  implies?: { when: Record<string, Condition>; status: number }[];
  /** The status assumed when nothing at all gives one (GraphQL errors arrive on HTTP 200). */
  defaultStatus?: number;
  /**
   * What names the API when this shape matches. `shape` (default): the shape alone. `known`: a code or
   * message this API's entries list, a field only this API sends (evidence `fields`), or evidence
   * around the body; `evidence`: only evidence around the body. Otherwise the body is reported as an
   * unrecognized error body (`{"error": "…"}` is everybody's shape).
   */
  identifies?: 'shape' | 'known' | 'evidence';
  /** A regex with named groups read from the message into fields (`Required: (?<requiredCredits>\d+)`). */
  messageFields?: string;
  facts?: FactRule[];
  notes?: RuleNote[];
}

/** What else identifies an API in the text around a body (endpoints, SDK imports, headers). */
export interface Evidence {
  /** Host names (a suffix match: `lamatic.dev` covers `x.lamatic.dev`). */
  hosts?: string[];
  /** URL paths of its endpoints (`/v2/consumer/workflows`). */
  paths?: string[];
  /** Packages and modules its SDKs are imported by (`@civitai/client`, `mistralai.workflows`). */
  packages?: string[];
  /** Header names only this API sends or reads. */
  headers?: string[];
  contentTypes?: string[];
  /** Other words only this API uses (operation names, environment variables). */
  terms?: string[];
  /** Body fields only this API sends: a body that has one is this API's (`insufficientCredits`). */
  fields?: string[];
  /** Where these come from (the seeds give no hosts or packages). */
  note?: string;
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
  /** A regex for this API's codes as they appear anywhere in text (`WF_\\d{4}`): each is a finding. */
  codePattern?: string;
  /** The kind of this API's entries that do not say (`graphql-code` for a GraphQL API). Default: `code`. */
  entryKind?: EntryKind;
  /** The shapes of its error bodies. */
  bodies?: BodyRule[];
  evidence?: Evidence;
  /**
   * User catalogs only: add `bodies` and `evidence` to the built-in API with this id (an SDK's
   * package your code imports, your gateway's host) instead of defining a new API.
   */
  extends?: boolean;
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
