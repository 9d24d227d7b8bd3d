// One-line messages and the retry wording shared by hovers, diagnostics, trees and the CLI, built from
// a finding and the catalog when shown (a finding holds no message of its own). Every sentence is one
// template of `l10n.t` with English as its key: a phrase may fill a placeholder of a sentence, but no
// sentence is glued together from translated pieces. Catalog prose goes through `catalogText`.
import * as l10n from '@vscode/l10n';
import type { Catalog } from '../catalog/catalog';
import type { ApiDescription, CatalogEntry, RetryAdvice, RetryPolicy } from '../catalog/types';
import { settledRetry } from '../catalog/retryable';
import { EngineRules, type Fact, type Finding } from '../engine/finding';
import { catalogText, formatDuration, formatList, pluralOf, relativeTime } from './locale';

export { relativeTime };

export type RetryView = RetryAdvice | { decision: 'unknown' };

/** `500/504`: compact, for titles and trees. */
export function statusesText(statuses: readonly number[]): string {
  return statuses.join('/');
}

/** `500 or 504`, in the display language: for sentences. */
function statusesWords(statuses: readonly number[]): string {
  return formatList(statuses.map(String), 'disjunction');
}

/** The API's display name (a proper noun, never translated): its catalog name, or its id when the catalog has no such API. */
export function apiName(catalog: Catalog, api: string | null | undefined): string {
  if (!api) return l10n.t('Unknown API');
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

/** Short retry advice, lower case, for trees and lists: `retry with backoff`, `do not retry as-is`, `retry only on 503`. */
export function retryPhrase(retry: RetryView): string {
  switch (retry.decision) {
    case 'yes':
      if (retry.once) return l10n.t('safe to retry once');
      return retry.honorRetryAfter ? l10n.t('retry after the time the server gives') : l10n.t('retry with backoff');
    case 'no':
      return l10n.t('do not retry as-is');
    case 'conditional':
      if (retry.onStatuses?.length) return l10n.t('retry only on {statuses}', { statuses: statusesWords(retry.onStatuses) });
      return retry.condition ? l10n.t('retry only if {condition}', { condition: catalogText(retry.condition) }) : l10n.t('retry depends on the cause');
    default:
      return l10n.t('no retry advice');
  }
}

/** The retry advice as a sentence: `Retry with backoff.`, `Do not retry as-is.`; empty when there is no advice. */
export function retrySentence(retry: RetryView): string {
  switch (retry.decision) {
    case 'yes':
      if (retry.once) return l10n.t('Safe to retry once.');
      return retry.honorRetryAfter ? l10n.t('Retry after the time the server gives.') : l10n.t('Retry with backoff.');
    case 'no':
      return l10n.t('Do not retry as-is.');
    case 'conditional':
      if (retry.onStatuses?.length) return l10n.t('Retry only on {statuses}.', { statuses: statusesWords(retry.onStatuses) });
      return retry.condition ? l10n.t('Retry only if {condition}.', { condition: catalogText(retry.condition) }) : l10n.t('Whether to retry depends on the cause.');
    default:
      return '';
  }
}

/**
 * The policy with its numbers, as one sentence: `Exponential backoff with full jitter: 500 milliseconds
 * first, at most 30 seconds between attempts, 5 attempts in all.`
 */
export function policyText(policy: RetryPolicy): string {
  if (policy.strategy === 'none') return l10n.t('No automatic retries.');
  const args = { base: formatDuration(policy.baseDelayMs / 1000), cap: formatDuration(policy.capSeconds), attempts: String(policy.maxAttempts) };
  const one = pluralOf(policy.maxAttempts) === 'one';
  if (policy.strategy === 'fixed') {
    return one ? l10n.t('A fixed delay of {base} between attempts, {attempts} attempt in all.', args) : l10n.t('A fixed delay of {base} between attempts, {attempts} attempts in all.', args);
  }
  if (policy.jitter === 'full') {
    return one
      ? l10n.t('Exponential backoff with full jitter: {base} first, at most {cap} between attempts, {attempts} attempt in all.', args)
      : l10n.t('Exponential backoff with full jitter: {base} first, at most {cap} between attempts, {attempts} attempts in all.', args);
  }
  return one
    ? l10n.t('Exponential backoff: {base} first, at most {cap} between attempts, {attempts} attempt in all.', args)
    : l10n.t('Exponential backoff: {base} first, at most {cap} between attempts, {attempts} attempts in all.', args);
}

/** Two pieces of text side by side, sentences or a label and its text: a space between them in English, none in Chinese. */
export function spaced(first: string, second: string): string {
  if (!first) return second;
  if (!second) return first;
  return l10n.t('{first} {second}', { first, second });
}

/** A code and a name are the same words (`blocked` and `Blocked`, `no_provider_available` and `No provider available`). */
function sameWords(a: string, b: string): boolean {
  const norm = (s: string): string => s.toLowerCase().replace(/[\s_-]+/g, ' ').trim();
  return norm(a) === norm(b);
}

/** The name of an entry in the display language (a user catalog's as written). */
export function entryName(entry: CatalogEntry): string {
  return catalogText(entry.name);
}

/** An entry on its own, for the catalog: `WF_1103 Platform Request Failed (500/504)`, `429 Too Many Requests`, `Job reason blocked`. */
export function entryTitle(entry: CatalogEntry): string {
  const name = entryName(entry);
  switch (entry.kind) {
    case 'status':
      return l10n.t('{status} {name}', { status: entry.code, name });
    case 'reason':
      return sameWords(entry.code, entry.name) ? l10n.t('Job reason {reason}', { reason: entry.code }) : l10n.t('Job reason {reason}: {name}', { reason: entry.code, name });
    case 'outcome':
      return l10n.t('{name} (job status {status})', { name, status: entry.code });
    default:
      return entry.statuses.length ? l10n.t('{code} {name} ({statuses})', { code: entry.code, name, statuses: statusesText(entry.statuses) }) : l10n.t('{code} {name}', { code: entry.code, name });
  }
}

/** The fact holding the message of a body, as the rule read it (the first text fact: `detail`, `error`, `title`, `message`). */
function messageFact(f: Finding): Fact | undefined {
  return f.facts.find((x) => (x.kind === 'code' || x.kind === 'text') && typeof x.value === 'string');
}

/** The message of a body, as the rule read it. */
export function findingMessage(f: Finding): string | undefined {
  const m = messageFact(f);
  return m ? (m.value as string) : undefined;
}

/** Facts of a failed job or step, by the catalog's labels. */
const JOB_LABELS = { jobStatus: 'Job status', stepStatus: 'Step status', reason: 'Reason', blocked: 'Blocked because' } as const;

function labelled(f: Finding, label: string): Fact | undefined {
  return f.facts.find((y) => y.label === label && typeof y.value === 'string');
}

/** A GraphQL `extensions.code` (or another code of its own) found under an HTTP status entry. */
function ownCode(f: Finding, e: CatalogEntry): string | undefined {
  return e.kind === 'status' && f.code && f.code.toLowerCase() !== e.code.toLowerCase() && !/^[1-5]\d\d$/.test(f.code) ? f.code : undefined;
}

/** The status of a status entry as shown: the one found (503 for `5xx`), else the entry's code. */
function statusShown(f: Finding, e: CatalogEntry): string {
  return f.status !== null && /^[1-5]xx$/i.test(e.code) ? String(f.status) : e.code;
}

const MESSAGE_MAX = 80;

/** A message from a body, quoted in a sentence: one line, at most 80 characters, no final full stop (the sentence has one). */
function quoted(message: string): { text: string; whole: boolean } {
  const flat = message.replace(/\s+/g, ' ').trim();
  if (flat.length > MESSAGE_MAX) return { text: flat.slice(0, MESSAGE_MAX - 1) + '…', whole: false };
  return { text: flat.replace(/(?<![.])\.$/, ''), whole: true };
}

/** What the one-line message says and which facts it quotes whole (a hover under it leaves those out). */
interface Summary {
  text: string;
  facts: Set<Fact>;
  /** The HTTP status is in the line. */
  status: boolean;
}

/** A head phrase with the body's message quoted after it, as one sentence. */
function withMessage(head: string, message: string | undefined): { text: string; whole: boolean } {
  if (!message) return { text: l10n.t('{head}.', { head }), whole: false };
  const q = quoted(message);
  return { text: l10n.t('{head}: “{message}”.', { head, message: q.text }), whole: q.whole };
}

function summary(f: Finding, catalog: Catalog): Summary {
  const api = apiName(catalog, f.api);
  const e = entryOf(catalog, f);
  const facts = new Set<Fact>();
  const mf = f.kind === 'body' ? messageFact(f) : undefined;
  let message = mf ? (mf.value as string) : undefined;
  const status = f.status !== null ? String(f.status) : undefined;

  if (f.rule === EngineRules.unrecognizedBody) {
    const head = status ? l10n.t('Unrecognized error body (HTTP {status})', { status }) : l10n.t('Unrecognized error body');
    const first = withMessage(head, message);
    if (first.whole && mf) facts.add(mf);
    const fits = f.candidates?.length
      ? l10n.t('Its shape is that of {apis} errors, but nothing names its API.', { apis: formatList(f.candidates.map((c) => apiName(catalog, c)), 'disjunction') })
      : '';
    return { text: spaced(first.text, fits), facts, status: status !== undefined };
  }

  if (f.rule === EngineRules.unknownCode) {
    const code = f.code ?? '';
    const category = f.category ? catalogText(f.category) : undefined;
    if (f.suggestions?.length) {
      const near = formatList(f.suggestions.map((s) => catalog.get(s)?.code ?? s), 'disjunction');
      const text = category
        ? l10n.t('{code} is in the {category} range but not in the {api} catalog; did you mean {suggestions}?', { code, category, api, suggestions: near })
        : l10n.t('{code} is not in the {api} catalog; did you mean {suggestions}?', { code, api, suggestions: near });
      return { text, facts, status: false };
    }
    const text = category
      ? l10n.t('{code} is in the {category} range but not in the {api} catalog: it may be newer than the catalog, and a user catalog can add it.', { code, category, api })
      : l10n.t('{code} is not in the {api} catalog: it may be newer than the catalog, and a user catalog can add it.', { code, api });
    return { text, facts, status: false };
  }

  if (!e) {
    // An error of a known API that its catalog does not list.
    const code = f.code ?? undefined;
    const head = code
      ? status ? l10n.t('{api} error {code} (HTTP {status})', { api, code, status }) : l10n.t('{api} error {code}', { api, code })
      : status ? l10n.t('{api} error (HTTP {status})', { api, status }) : l10n.t('{api} error', { api });
    const first = withMessage(head, message);
    if (first.whole && mf) facts.add(mf);
    return { text: first.text, facts, status: status !== undefined };
  }

  const retry = retrySentence(effectiveRetry(e, f.status));
  const name = entryName(e);
  // The message says no more than the entry's name ("Forbidden", "Workflow not running").
  if (message && sameWords(message, e.name)) {
    facts.add(mf!);
    message = undefined;
  }

  if (e.kind === 'reason' || e.kind === 'outcome') {
    const jobStatus = labelled(f, JOB_LABELS.jobStatus);
    const stepStatus = labelled(f, JOB_LABELS.stepStatus);
    const step = stepStatus !== undefined && jobStatus === undefined;
    const statusFact = jobStatus ?? stepStatus;
    const reasonFact = labelled(f, JOB_LABELS.reason);
    const blockedFact = labelled(f, JOB_LABELS.blocked);
    const st = statusFact ? (statusFact.value as string) : e.kind === 'outcome' ? e.code : 'failed';
    if (statusFact) facts.add(statusFact);
    let text: string;
    if (e.kind === 'outcome' && !reasonFact) {
      text = step ? l10n.t('{api} step {status} without a reason.', { api, status: st }) : l10n.t('{api} job {status} without a reason.', { api, status: st });
    } else if (reasonFact) {
      facts.add(reasonFact);
      const reason = reasonFact.value as string;
      const detail = blockedFact ? quoted(blockedFact.value as string) : undefined;
      if (detail?.whole) facts.add(blockedFact!);
      text = detail
        ? step
          ? l10n.t('{api} step {status} (reason: {reason}): “{detail}”.', { api, status: st, reason, detail: detail.text })
          : l10n.t('{api} job {status} (reason: {reason}): “{detail}”.', { api, status: st, reason, detail: detail.text })
        : step
          ? l10n.t('{api} step {status} (reason: {reason}).', { api, status: st, reason })
          : l10n.t('{api} job {status} (reason: {reason}).', { api, status: st, reason });
    } else {
      text = step ? l10n.t('{api} step {status}.', { api, status: st }) : l10n.t('{api} job {status}.', { api, status: st });
    }
    return { text: spaced(text, retry), facts, status: false };
  }

  let head: string;
  const own = ownCode(f, e);
  if (own) {
    // A GraphQL code on a status: the status entry says what it means, unless it is a success status.
    const st = status ?? e.code;
    head = /^2/.test(e.code) ? l10n.t('{api} error {code} on HTTP {status}', { api, code: own, status: st }) : l10n.t('{api} error {code} on HTTP {status} ({name})', { api, code: own, status: st, name });
  } else if (e.kind === 'status') {
    head = l10n.t('{api} responded {status} {name}', { api, status: statusShown(f, e), name });
  } else {
    const statuses = status ?? (e.statuses.length ? statusesWords(e.statuses) : undefined);
    head = statuses ? l10n.t('{api} error {code} {name} (HTTP {statuses})', { api, code: e.code, name, statuses }) : l10n.t('{api} error {code} {name}', { api, code: e.code, name });
  }
  const first = withMessage(head, message);
  if (first.whole && mf) facts.add(mf);
  return { text: spaced(first.text, retry), facts, status: status !== undefined };
}

/**
 * One line, naming the API, in sentences: `Workflows API error WF_1103 Platform Request Failed (HTTP 504):
 * “An error occurred”. Retry with backoff.`, `Orchestrator API job failed (reason: blocked): “nsfw”. Do
 * not retry as-is.`
 */
export function summarize(f: Finding, catalog: Catalog): string {
  return oneLine(summary(f, catalog).text);
}

/** What the one-line message of a finding already says: the facts it quotes whole, and whether it gives the status. */
export function summarizedFacts(f: Finding, catalog: Catalog): { facts: ReadonlySet<Fact>; status: boolean } {
  const s = summary(f, catalog);
  return { facts: s.facts, status: s.status };
}

/** The title of a finding: what it is, in a few words (`WF_1103 Platform Request Failed (504)`, `Job failed (reason: blocked)`). */
export function findingTitle(f: Finding, catalog: Catalog): string {
  return oneLine(titleOf(f, catalog));
}

function titleOf(f: Finding, catalog: Catalog): string {
  const e = entryOf(catalog, f);
  if (!e) {
    if (f.rule === EngineRules.unrecognizedBody) return l10n.t('Unrecognized error body');
    if (f.code) return f.code;
    const api = apiName(catalog, f.api);
    return f.status !== null ? l10n.t('{api} error (HTTP {status})', { api, status: String(f.status) }) : l10n.t('{api} error', { api });
  }
  const name = entryName(e);
  if (e.kind === 'status') {
    const own = ownCode(f, e);
    if (own) return l10n.t('{code} on HTTP {status}', { code: own, status: f.status !== null ? String(f.status) : e.code });
    return l10n.t('{status} {name}', { status: statusShown(f, e), name });
  }
  if (e.kind === 'reason' || e.kind === 'outcome') {
    const st = labelled(f, JOB_LABELS.jobStatus) ?? labelled(f, JOB_LABELS.stepStatus);
    const step = labelled(f, JOB_LABELS.stepStatus) !== undefined && labelled(f, JOB_LABELS.jobStatus) === undefined;
    const reason = labelled(f, JOB_LABELS.reason);
    if (!st) return entryTitle(e);
    const status = st.value as string;
    if (reason) return step ? l10n.t('Step {status} (reason: {reason})', { status, reason: reason.value as string }) : l10n.t('Job {status} (reason: {reason})', { status, reason: reason.value as string });
    if (e.kind === 'outcome') return step ? l10n.t('Step {status} without a reason', { status }) : l10n.t('Job {status} without a reason', { status });
    return step ? l10n.t('Step {status}', { status }) : l10n.t('Job {status}', { status });
  }
  if (f.status !== null && e.statuses.length > 1) return l10n.t('{code} {name} ({statuses})', { code: e.code, name, statuses: String(f.status) });
  return entryTitle(e);
}

/** One line: a line break in a catalog's or a body's text (a user catalog's name, a job's reason) becomes a space. */
export function oneLine(text: string): string {
  return text.replace(/[\r\n\u2028\u2029]+/g, ' ');
}

export function clip(text: string, max: number): string {
  const flat = text.replace(/\s+/g, ' ').trim();
  return flat.length > max ? flat.slice(0, max - 1) + '…' : flat;
}

export type { ApiDescription };
