// One-line summaries and the retry wording shared by hovers, diagnostics and the CLI.
import type { CatalogEntry, RetryAdvice, RetryPolicy } from '../catalog/types';
import type { Finding } from '../scanner/types';

export const API_NAMES: Record<string, string> = {
  workflows: 'Workflows API',
  wireflow: 'Wireflow API',
  flows: 'Flows GraphQL API',
  orchestrator: 'Orchestrator API',
};

export function statusesText(statuses: readonly number[]): string {
  return statuses.join('/');
}

/** Short retry advice: `retry with backoff`, `do not retry`, `retry only on 503`. */
export function retryPhrase(retry: RetryAdvice | { decision: 'unknown' }): string {
  switch (retry.decision) {
    case 'yes':
      if (retry.once) return 'safe to retry once';
      return retry.honorRetryAfter ? 'retry after the time the server gives' : 'retry with backoff';
    case 'no':
      return 'do not retry as-is';
    case 'conditional':
      if (retry.onStatuses?.length) return `retry only on ${statusesText(retry.onStatuses)}`;
      return retry.condition ? `retry only if ${retry.condition}` : 'retry depends on the cause';
    default:
      return 'unknown code: no retry advice';
  }
}

/** The policy in words with its numbers: `exponential backoff with full jitter, 1 s base, capped at 30 s, at most 5 attempts`. */
export function policyText(policy: RetryPolicy): string {
  if (policy.strategy === 'none') return 'no automatic retries';
  const parts = [policy.strategy === 'exponential-jitter' ? `exponential backoff${policy.jitter === 'full' ? ' with full jitter' : ''}` : 'fixed delay'];
  parts.push(`${formatSeconds(policy.baseDelayMs / 1000)} base`, `capped at ${formatSeconds(policy.capSeconds)}`, `at most ${policy.maxAttempts} attempts`);
  return parts.join(', ');
}

export function formatSeconds(s: number): string {
  return `${Number.isInteger(s) ? s : s.toFixed(1)} s`;
}

export function entryTitle(entry: CatalogEntry): string {
  const statuses = entry.statuses.length ? ` (${statusesText(entry.statuses)})` : '';
  return entry.kind === 'status' ? `${entry.code} ${entry.name}` : `${entry.code} ${entry.name}${statuses}`;
}

/** The one-line message of a finding, as in `WF_1103 Platform Request Failed (500/504) — retry with backoff`. */
export function summarize(f: Finding): string {
  const api = API_NAMES[f.api] ?? f.api;
  if (!f.entry) {
    if (f.code && /^WF_\d{4}$/.test(f.code)) {
      const near = f.suggestions?.length ? `; did you mean ${f.suggestions.map((s) => s.code).join(', ')}?` : '';
      const cat = f.inferredCategory ? ` (${f.inferredCategory} range)` : '';
      return `${f.code} is not a known ${api} code${cat}${near}`;
    }
    const what = f.facts.message ? `: ${clip(f.facts.message, 80)}` : '';
    const code = f.code && f.code !== String(f.status) ? ` ${f.code}` : ''; // not "error 422 422"
    return `${api} error${f.status !== null ? ` ${f.status}` : ''}${code}${what}`;
  }
  const e = f.entry;
  let head: string;
  if (e.kind === 'status') {
    head = `${api} ${e.code} ${e.name}`;
    if (f.api === 'flows' && f.code && f.code !== e.code) head = `${api} ${f.code} (HTTP ${e.code})`;
  } else {
    head = entryTitle(e);
    if (f.status !== null && e.statuses.length > 1) head = `${e.code} ${e.name} (${f.status})`;
  }
  const detail = f.kind === 'body' && f.facts.message && f.facts.message !== e.name ? `: ${clip(f.facts.message, 80)}` : '';
  return `${head}${detail} — ${retryPhrase(f.retry)}`;
}

export function clip(text: string, max: number): string {
  const flat = text.replace(/\s+/g, ' ').trim();
  return flat.length > max ? flat.slice(0, max - 1) + '…' : flat;
}

/** "in 4 min", "2 h ago", from seconds relative to now. */
export function relativeTime(targetMs: number, nowMs: number): string {
  const diff = Math.round((targetMs - nowMs) / 1000);
  const abs = Math.abs(diff);
  let amount: string;
  if (abs < 60) amount = `${abs} s`;
  else if (abs < 3600) amount = `${Math.round(abs / 60)} min`;
  else if (abs < 86400 * 2) amount = `${Math.round(abs / 3600)} h`;
  else amount = `${Math.round(abs / 86400)} days`;
  if (diff === 0) return 'now';
  return diff > 0 ? `in ${amount}` : `${amount} ago`;
}
