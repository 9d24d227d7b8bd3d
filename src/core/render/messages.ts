// One-line messages and the retry wording shared by hovers, diagnostics, trees and the CLI, built from
// a finding and the catalog when shown (a finding holds no message of its own).
import type { Catalog } from '../catalog/catalog';
import type { ApiDescription, CatalogEntry, RetryAdvice, RetryPolicy } from '../catalog/types';
import { settledRetry } from '../catalog/retryable';
import { EngineRules, type Finding } from '../engine/finding';

export type RetryView = RetryAdvice | { decision: 'unknown' };

export function statusesText(statuses: readonly number[]): string {
  return statuses.join('/');
}

/** The API's display name: its catalog name, or its id when the catalog has no such API. */
export function apiName(catalog: Catalog, api: string | null | undefined): string {
  if (!api) return 'Unknown API';
  return catalog.api(api)?.name ?? api;
}

/** The entry a finding names, if any. */
export function entryOf(catalog: Catalog, f: Pick<Finding, 'entry'>): CatalogEntry | undefined {
  return f.entry ? catalog.get(f.entry) : undefined;
}

/** The retry advice for this occurrence: a conditional one is settled when the status is known. */
export function effectiveRetry(entry: CatalogEntry | undefined, status: number | null): RetryView {
  return entry ? settledRetry(entry.retry, status) : { decision: 'unknown' };
}

/** Short retry advice: `retry with backoff`, `do not retry as-is`, `retry only on 503`. */
export function retryPhrase(retry: RetryView): string {
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
      return 'no retry advice';
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
  if (s > 0 && s < 1) return `${Math.round(s * 1000)} ms`;
  return `${Number.isInteger(s) ? s : s.toFixed(1)} s`;
}

export function entryTitle(entry: CatalogEntry): string {
  const statuses = entry.statuses.length ? ` (${statusesText(entry.statuses)})` : '';
  return entry.kind === 'status' ? `${entry.code} ${entry.name}` : `${entry.code} ${entry.name}${statuses}`;
}

/** The message of a body, as the rule read it (the first text fact: `detail`, `error`, `title`, `message`). */
export function findingMessage(f: Finding): string | undefined {
  const m = f.facts.find((x) => (x.kind === 'code' || x.kind === 'text') && typeof x.value === 'string');
  return m ? (m.value as string) : undefined;
}

function jobFact(f: Finding, label: string): string | undefined {
  const x = f.facts.find((y) => y.label === label && typeof y.value === 'string');
  return x ? (x.value as string) : undefined;
}

/** The title of a finding: what it is, in a few words (`WF_1103 Platform Request Failed (504)`). */
export function findingTitle(f: Finding, catalog: Catalog): string {
  return oneLine(titleOf(f, catalog));
}

function titleOf(f: Finding, catalog: Catalog): string {
  const e = entryOf(catalog, f);
  if (!e) {
    if (f.rule === EngineRules.unrecognizedBody) return 'Unrecognized error body';
    if (f.code) return f.code;
    return `${apiName(catalog, f.api)} error${f.status !== null ? ` ${f.status}` : ''}`;
  }
  if (e.kind === 'status') {
    if (f.code && f.code.toLowerCase() !== e.code.toLowerCase() && !/^[1-5]\d\d$/.test(f.code)) return `${f.code} (HTTP ${f.status ?? e.code})`;
    return f.status !== null && /^[1-5]xx$/.test(e.code) ? `${f.status} ${e.name}` : `${e.code} ${e.name}`;
  }
  if (f.status !== null && e.statuses.length > 1) return `${e.code} ${e.name} (${f.status})`;
  return entryTitle(e);
}

/**
 * One line, naming the API: `Workflows API WF_1103 Platform Request Failed (504): An error occurred —
 * retry with backoff`, `Orchestrator API: a job failed, reason blocked (Blocked) — do not retry as-is`.
 */
export function summarize(f: Finding, catalog: Catalog): string {
  return oneLine(summaryOf(f, catalog));
}

function summaryOf(f: Finding, catalog: Catalog): string {
  const api = apiName(catalog, f.api);
  const e = entryOf(catalog, f);
  const message = f.kind === 'body' ? findingMessage(f) : undefined;
  if (f.rule === EngineRules.unrecognizedBody) {
    const fits = f.candidates?.length ? ` (its shape is the ${f.candidates.map((c) => apiName(catalog, c)).join('’s or the ')}’s, but nothing names the API)` : '';
    return `Unrecognized error body${f.status !== null ? ` with HTTP ${f.status}` : ''}${message ? `: ${clip(message, 80)}` : ''}${fits}`;
  }
  if (f.rule === EngineRules.unknownCode) {
    const near = f.suggestions?.length ? `; did you mean ${f.suggestions.map((s) => catalog.get(s)?.code ?? s).join(', ')}?` : '; it may be newer than this catalog';
    return `${f.code} is not in the ${api} catalog${f.category ? ` (${f.category} range)` : ''}${near}`;
  }
  const retry = retryPhrase(effectiveRetry(e, f.status));
  if (!e) return `${api} error${f.status !== null ? ` ${f.status}` : ''}${f.code ? ` ${f.code}` : ''}${message ? `: ${clip(message, 80)}` : ''}`;
  if (e.kind === 'reason' || e.kind === 'outcome') {
    const jobStatus = jobFact(f, 'Job status') ?? jobFact(f, 'Step status');
    const what = jobFact(f, 'Step status') !== undefined && jobFact(f, 'Job status') === undefined ? 'a step' : 'a job';
    const reason = jobFact(f, 'Reason');
    const head = reason ? `${what} ${jobStatus ?? 'failed'}, reason ${reason} (${e.name})` : e.kind === 'outcome' ? `${what} ${jobStatus ?? e.code} with no reason given` : `${what} ${jobStatus ?? e.code} (${e.name})`;
    const blocked = jobFact(f, 'Blocked because');
    return `${api}: ${head}${blocked ? `: ${clip(blocked, 80)}` : ''} — ${retry}`;
  }
  const title = findingTitle(f, catalog);
  const detail = message && message !== e.name ? `: ${clip(message, 80)}` : '';
  return `${api} ${title}${detail} — ${retry}`;
}

/** One line: a line break in a catalog's or a body's text (a user catalog's name, a job's reason) becomes a space. */
export function oneLine(text: string): string {
  return text.replace(/[\r\n\u2028\u2029]+/g, ' ');
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

export type { ApiDescription };
