// "Retryable", defined once for every front end: the hover's "Insert retry handler" link, the quick
// fixes, the missing-retry hint, the CLI's `retry` field and the retry planner all ask here, so none
// of them offers a retry that the generated handler would then refuse (Orchestrator 409).
import type { CatalogEntry, RetryAdvice, RetryDecision } from './types';

/**
 * The catalog's advice for one occurrence: a decision conditional on statuses is settled when the
 * status is known (WF_1200 with 503: yes; with 400: no).
 */
export function settledRetry(advice: RetryAdvice, status: number | null): RetryAdvice {
  if (advice.decision === 'conditional' && advice.onStatuses && status !== null) {
    return { ...advice, decision: advice.onStatuses.includes(status) ? 'yes' : 'no' };
  }
  return advice;
}

/**
 * True when retrying can help and a generated handler can tell when: the catalog says yes, or yes on
 * statuses (and `status`, when known, is one of them). A condition that code cannot check ("after
 * you refetched and reconciled", Orchestrator 409) is not retryable: a handler would not retry it.
 */
export function isRetryable(entry: Pick<CatalogEntry, 'retry'> | undefined, status: number | null = null): boolean {
  if (!entry) return false;
  const decision: RetryDecision = settledRetry(entry.retry, status).decision;
  if (decision === 'yes') return true;
  return decision === 'conditional' && (entry.retry.onStatuses?.length ?? 0) > 0;
}
