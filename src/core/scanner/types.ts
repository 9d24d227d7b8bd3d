// What the scanner reports. Plain data: offsets into the scanned text, never editor objects.
import type { CatalogEntry, ErrorClass, RetryAdvice, Severity } from '../catalog/types';

/** How a body was written where it was found. */
export type BodyForm = 'json' | 'pretty' | 'escaped' | 'python' | 'truncated' | 'literal';

/** A piece of context found next to a body or a code: a status line or a header. */
export interface ContextMark {
  kind: 'status' | 'retry-after' | 'request-id' | 'rate-limit-reset' | 'timestamp';
  /** The value as written (`429`, `30`, `Wed, 21 Oct 2026 07:28:00 GMT`, `req-123`). */
  value: string;
  start: number;
  end: number;
}

export interface CreditFacts {
  required?: number;
  available?: number;
  /** required - available, when both are known. */
  short?: number;
  breakdown: { nodeId?: string; nodeLabel?: string; credits?: number }[];
}

export interface FailedJob {
  /** Index path, e.g. `steps[0].jobs[1]`. */
  path: string;
  stepName?: string;
  stepType?: string;
  status?: string;
  reason?: string;
  blockedReason?: string;
}

export interface ValidationError {
  path: string;
  messages: string[];
}

export interface GraphqlError {
  message?: string;
  code?: string;
  path?: string;
}

/** Facts computed from this very body and its surroundings. */
export interface Facts {
  /** Workflows `detail`, Wireflow `error`, problem `title`. */
  message?: string;
  /** Problem `detail`. */
  detail?: string;
  problemType?: string;
  instance?: string;
  credits?: CreditFacts;
  /** Wireflow `retryAfter` (Unix seconds) and the same instant in ISO 8601 UTC. */
  retryAfterUnix?: number;
  retryAfterIso?: string;
  /** `Retry-After` header: seconds to wait, or an HTTP date as written. */
  retryAfterHeaderSeconds?: number;
  retryAfterHeaderDate?: string;
  rateLimitResetUnix?: number;
  requestId?: string;
  timestamp?: string;
  validResetEvents?: unknown[];
  /** WF_1102: the workflow's current status. */
  workflowStatus?: string;
  workflowId?: string;
  failedJobs?: FailedJob[];
  validation?: ValidationError[];
  graphqlErrors?: GraphqlError[];
  /** GraphQL: `data` present next to `errors` (partial success). */
  partialData?: boolean;
  /** A 5xx Workflows body: the real cause is only in the server's logs. */
  serverSideCause?: boolean;
}

export interface Finding {
  kind: 'code' | 'body';
  api: string;
  /** WF code, HTTP status as text, job reason, GraphQL code; null when the body names none. */
  code: string | null;
  /** Catalog entry; undefined for an unknown code or an unmatched body. */
  entry?: CatalogEntry;
  status: number | null;
  errorClass: ErrorClass;
  /** Default severity of the class (editors may remap per API and class). */
  severity: Severity;
  retry: RetryAdvice | { decision: 'unknown' };
  /** Offsets [start, end) in the scanned text: the literal, or the whole body. */
  start: number;
  end: number;
  forms: BodyForm[];
  facts: Facts;
  context: ContextMark[];
  /** One line: `WF_1103 Platform Request Failed (500/504) — retry with backoff`. */
  message: string;
  /** For unknown codes: the category its number falls in, and the nearest known codes. */
  inferredCategory?: string;
  suggestions?: CatalogEntry[];
  /** The parsed body, for the support report and "explain". */
  body?: unknown;
}
