// The explainer: builds one structured explanation of an entry or a finding, then renders it as
// Markdown (hovers, details view) or plain text (CLI). Every string that came from a log, a body or
// a user catalog goes through escapeMarkdown/codeBlock in the Markdown renderer.
import type { Catalog } from '../catalog/catalog';
import type { CatalogEntry } from '../catalog/types';
import type { Finding } from '../scanner/types';
import { codeBlock, escapeMarkdown, inlineCode, plainText } from './escape';
import { API_NAMES, entryTitle, policyText, relativeTime, retryPhrase, statusesText } from './summary';

/** A line of an explanation: a label and its text, or a code block. */
export interface ExplanationLine {
  label?: string;
  text: string;
  /** Render as code (a value from the body, a path). */
  code?: boolean;
}

export interface Explanation {
  title: string;
  subtitle: string;
  meaning?: string;
  resolution?: string;
  retry?: string;
  /** Facts computed from this very body. */
  facts: ExplanationLine[];
  /** Example bodies (JSON text). */
  examples: { title: string; body: string }[];
  notes: string[];
  /** Prose from a user catalog: rendered as plain text, no code spans. */
  untrusted?: boolean;
}

/** A command link in a hover: only the extension's own commands are trusted at the edge. */
export interface CommandLink {
  title: string;
  command: string;
  args?: unknown[];
  tooltip?: string;
}

export interface ExplainOptions {
  /** Current time in ms, for "in 4 min" / "2 h ago". */
  now?: number;
  /** Include example bodies (details view, CLI explain). */
  examples?: boolean;
}

function retryLine(catalog: Catalog, api: string, retry: Finding['retry']): string {
  const phrase = retryPhrase(retry);
  if (retry.decision === 'unknown') return phrase;
  const policy = catalog.api(api)?.retryPolicy;
  const parts = [capitalize(phrase)];
  if (retry.decision === 'conditional' && retry.condition) parts[0] += ` (${retry.condition})`;
  if (retry.decision !== 'no' && policy) {
    const tries = retry.maxAttempts ?? policy.maxAttempts;
    parts.push(`${policyText({ ...policy, maxAttempts: tries })}${policy.documented ? '' : ' (the extension\'s default: the API documents no numbers)'}`);
  }
  if (retry.decision !== 'no' && retry.honorRetryAfter) parts.push('wait as `Retry-After` (seconds or an HTTP date) or the body\'s `retryAfter` (Unix time) says');
  return parts.join('; ') + '.';
}

function capitalize(s: string): string {
  return s ? s[0].toUpperCase() + s.slice(1) : s;
}

export function explainEntry(entry: CatalogEntry, catalog: Catalog, options: ExplainOptions = {}): Explanation {
  const api = catalog.api(entry.api);
  const notes: string[] = [];
  if (entry.statusCauses?.length) {
    for (const c of entry.statusCauses) notes.push(`${c.status}: ${c.cause}`);
  }
  if (entry.messages?.length) notes.push(...entry.messages.map((m) => `Message: “${m}”`));
  if (entry.fields?.length && api) {
    for (const name of entry.fields) {
      const f = api.fields.find((x) => x.name === name);
      if (f) notes.push(`Field \`${f.name}\`: ${f.meaning}`);
    }
  }
  if (entry.source) notes.push(`From the user catalog ${entry.source}`);
  return {
    title: entryTitle(entry),
    subtitle: [api?.name ?? API_NAMES[entry.api] ?? entry.api, entry.category, entry.statuses.length ? `HTTP ${statusesText(entry.statuses)}` : ''].filter(Boolean).join(' · '),
    meaning: entry.description,
    resolution: entry.resolution,
    retry: retryLine(catalog, entry.api, entry.retry),
    facts: [],
    examples: options.examples ? (entry.examples ?? []).map((e) => ({ title: e.title, body: e.body })) : [],
    notes,
    untrusted: entry.source !== undefined,
  };
}

export function explainFinding(f: Finding, catalog: Catalog, options: ExplainOptions = {}): Explanation {
  const now = options.now ?? Date.now();
  const base: Explanation = f.entry
    ? explainEntry(f.entry, catalog, options)
    : {
        title: f.code ?? `${API_NAMES[f.api] ?? f.api} error`,
        subtitle: [API_NAMES[f.api] ?? f.api, f.inferredCategory ? `${f.inferredCategory} range` : ''].filter(Boolean).join(' · '),
        meaning: f.code && /^WF_\d{4}$/.test(f.code) ? 'This code is well-formed but is not in the catalog: it may be a typo or a code newer than the catalog.' : undefined,
        facts: [],
        examples: [],
        notes: [],
      };
  if (f.entry && f.status !== null && f.entry.statuses.length > 1) {
    base.title = `${f.entry.code} ${f.entry.name} (${f.status})`;
    const cause = f.entry.statusCauses?.find((c) => c.status === f.status);
    if (cause) base.facts.push({ label: `Status ${f.status}`, text: cause.cause });
  }
  if (f.entry?.kind === 'status' && f.api === 'flows' && f.code && f.code !== f.entry.code) base.title = `${f.code} (HTTP ${f.entry.code})`;
  base.retry = retryLine(catalog, f.api, f.retry);
  if (f.suggestions?.length) base.facts.push({ label: 'Did you mean', text: f.suggestions.map((s) => `${s.code} ${s.name}`).join(', ') });
  const facts = f.facts;
  const add = (label: string, text: string, code = false): void => {
    base.facts.push({ label, text, code });
  };
  if (facts.message !== undefined) add(f.api === 'wireflow' ? 'Error' : f.api === 'orchestrator' ? 'Title' : 'Detail', facts.message, true);
  if (facts.detail) add('Detail', facts.detail, true);
  if (facts.problemType) add('Type', facts.problemType, true);
  if (facts.instance) add('Instance', facts.instance, true);
  if (facts.credits) {
    const c = facts.credits;
    const parts: string[] = [];
    if (c.short !== undefined) parts.push(`short by ${c.short} credit${c.short === 1 ? '' : 's'}`);
    if (c.required !== undefined) parts.push(`required ${c.required}`);
    if (c.available !== undefined) parts.push(`available ${c.available}`);
    add('Credits', parts.join(', '));
    for (const b of c.breakdown) add('Costs', `${b.nodeLabel ?? '?'} (${b.nodeId ?? '?'}): ${b.credits ?? '?'} credits`);
  }
  if (facts.retryAfterUnix !== undefined && facts.retryAfterIso) {
    add('retryAfter', `${facts.retryAfterIso} (${relativeTime(facts.retryAfterUnix * 1000, now)}; Unix ${facts.retryAfterUnix})`);
  }
  if (facts.retryAfterHeaderSeconds !== undefined) add('Retry-After', `${facts.retryAfterHeaderSeconds} s from the response`);
  if (facts.retryAfterHeaderDate) add('Retry-After', facts.retryAfterHeaderDate, true);
  if (facts.rateLimitResetUnix !== undefined) {
    const iso = new Date(facts.rateLimitResetUnix * 1000);
    if (!Number.isNaN(iso.getTime())) add('X-RateLimit-Reset', `${iso.toISOString().replace('.000Z', 'Z')} (${relativeTime(facts.rateLimitResetUnix * 1000, now)})`);
  }
  if (facts.validResetEvents) add('Valid reset events', facts.validResetEvents.map((e) => String(e)).join(', '));
  if (facts.workflowStatus) add(f.api === 'orchestrator' ? 'Workflow status' : 'Current workflow status', facts.workflowStatus, true);
  if (facts.workflowId) add('Workflow', facts.workflowId, true);
  for (const j of facts.failedJobs ?? []) {
    const step = [j.stepName !== undefined ? `step “${j.stepName}”` : '', j.stepType ? `(${j.stepType})` : ''].filter(Boolean).join(' ');
    add('Failed', `${j.path}${step ? ' ' + step : ''}: ${j.status ?? 'failed'}${j.reason ? `, reason ${j.reason}` : ', no reason given'}${j.blockedReason ? `, blocked: ${j.blockedReason}` : ''}`);
  }
  for (const v of facts.validation ?? []) add(v.path, v.messages.join('; '));
  for (const g of facts.graphqlErrors ?? []) add('GraphQL error', `${g.code ? `[${g.code}] ` : ''}${g.message ?? ''}${g.path ? ` at ${g.path}` : ''}`);
  if (facts.partialData) add('Data', 'the response also carries data: a partial success');
  if (f.status !== null && !(f.entry?.statuses.length === 1 && f.entry.statuses[0] === f.status) && f.entry?.kind !== 'status') add('HTTP status', String(f.status));
  if (facts.timestamp) add('Logged at', facts.timestamp, true);
  if (facts.requestId) add('Request id', `${facts.requestId} (quote it to support)`);
  if (facts.serverSideCause) {
    base.notes.unshift('For 5xx errors the Workflows API always answers “An error occurred”: the real cause is only in the server’s logs. Quote the request id and the time when you ask the platform team.');
  }
  if (f.forms.includes('truncated')) base.notes.push('The body was cut off in the log; the facts above come from the part that was logged.');
  return base;
}

function mdLine(line: ExplanationLine): string {
  const label = line.label ? `**${escapeMarkdown(line.label)}:** ` : '';
  return `- ${label}${line.code ? inlineCode(line.text) : escapeMarkdown(line.text)}`;
}

/** Builds a command URI for a hover link. Arguments are JSON, URI-encoded. */
export function commandUri(link: CommandLink): string {
  const args = link.args ? `?${encodeURIComponent(JSON.stringify(link.args))}` : '';
  return `command:${link.command}${args}`;
}

/**
 * Markdown for hovers and the details view. Catalog prose from built-in data is ours; everything
 * else is escaped. `links` are rendered last, as the only links in the text.
 */
export function toMarkdown(e: Explanation, links: readonly CommandLink[] = []): string {
  // Built-in prose may mark names as `code`; a user catalog's prose is plain text.
  const prose = (s: string): string =>
    e.untrusted ? escapeMarkdown(s) : s.split(/(`[^`\n]*`)/).map((part, i) => (i % 2 ? inlineCode(part.slice(1, -1)) : escapeMarkdown(part))).join('');
  const out: string[] = [];
  out.push(`**${escapeMarkdown(e.title)}**  `);
  out.push(`*${escapeMarkdown(e.subtitle)}*`);
  out.push('');
  if (e.meaning) out.push(`**What it means:** ${prose(e.meaning)}`, '');
  if (e.resolution) out.push(`**What to do:** ${prose(e.resolution)}`, '');
  if (e.retry) out.push(`**Retry:** ${prose(e.retry)}`, '');
  if (e.facts.length) {
    out.push('**In this body:**', '');
    for (const l of e.facts) out.push(mdLine(l));
    out.push('');
  }
  for (const n of e.notes) out.push(`> ${prose(n)}`, '');
  for (const ex of e.examples) {
    out.push(`**${escapeMarkdown(ex.title)}**`, '', codeBlock(ex.body, 'json'), '');
  }
  if (links.length) {
    out.push(links.map((l) => `[${escapeMarkdown(l.title)}](${commandUri(l)}${l.tooltip ? ` "${l.tooltip.replace(/["\\]/g, '')}"` : ''})`).join(' · '));
  }
  return out.join('\n').trimEnd() + '\n';
}

/** Plain text for terminals: no Markdown, control characters stripped. */
export function toText(e: Explanation): string {
  const out: string[] = [];
  out.push(e.title, e.subtitle, '');
  if (e.meaning) out.push(`What it means: ${e.meaning}`);
  if (e.resolution) out.push(`What to do:    ${e.resolution}`);
  if (e.retry) out.push(`Retry:         ${e.retry.replace(/`/g, '')}`);
  if (e.facts.length) {
    out.push('', 'In this body:');
    for (const l of e.facts) out.push(`  ${l.label ? l.label + ': ' : ''}${l.text}`);
  }
  if (e.notes.length) out.push('');
  for (const n of e.notes) out.push(`Note: ${n.replace(/`/g, '')}`);
  for (const ex of e.examples) out.push('', `${ex.title}:`, ex.body);
  return plainText(out.join('\n')) + '\n';
}
