// The explainer: builds one structured explanation of an entry or a finding, then renders it as
// Markdown (hovers, details view) or plain text (CLI). Every string that came from a log, a body or
// a user catalog goes through escapeMarkdown/codeBlock in the Markdown renderer. Facts arrive as data
// (engine/finding.ts) and are put into words here, at display time.
import type { Catalog } from '../catalog/catalog';
import type { CatalogEntry } from '../catalog/types';
import { EngineRules, type Fact, type Finding } from '../engine/finding';
import { codeBlock, escapeMarkdown, inlineCode, plainText } from './escape';
import { apiName, effectiveRetry, entryOf, entryTitle, findingTitle, policyText, relativeTime, retryPhrase, statusesText, type RetryView } from './messages';

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

function retryLine(catalog: Catalog, api: string | null, retry: RetryView): string {
  const phrase = retryPhrase(retry);
  if (retry.decision === 'unknown' || !api) return capitalize(phrase) + '.';
  const policy = catalog.api(api)?.retryPolicy;
  const parts = [capitalize(phrase)];
  if (retry.decision === 'conditional' && retry.condition) parts[0] += ` (${retry.condition})`;
  if (retry.decision !== 'no' && policy) {
    const tries = retry.maxAttempts ?? policy.maxAttempts;
    parts.push(`${policyText({ ...policy, maxAttempts: tries })}${policy.documented ? '' : ' (the extension\'s default: the API documents no numbers)'}`);
  }
  if (retry.decision !== 'no' && retry.honorRetryAfter) parts.push('first wait as long as the server asks: the `Retry-After` header (seconds or an HTTP date), or a retry time in the body');
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
    subtitle: [apiName(catalog, entry.api), entry.category, entry.statuses.length ? `HTTP ${statusesText(entry.statuses)}` : ''].filter(Boolean).join(' · '),
    meaning: entry.description,
    resolution: entry.resolution,
    retry: retryLine(catalog, entry.api, entry.retry),
    facts: [],
    examples: options.examples ? (entry.examples ?? []).map((e) => ({ title: e.title, body: e.body })) : [],
    notes,
    untrusted: entry.source !== undefined,
  };
}

/** Formats a number for people: integers as they are, others with up to 3 decimals. */
function num(n: number): string {
  if (!Number.isFinite(n)) return String(n);
  return Number.isInteger(n) ? String(n) : String(Math.round(n * 1000) / 1000);
}

function isoFromUnix(seconds: number): string | undefined {
  const ms = seconds * 1000;
  if (!Number.isFinite(ms) || Math.abs(ms) > 8.64e15) return undefined;
  return new Date(ms).toISOString().replace('.000Z', 'Z');
}

/** A fact as explanation lines (a map of validation errors gives one line per path). */
export function factLines(fact: Fact, now: number): ExplanationLine[] {
  const v = fact.value;
  switch (fact.kind) {
    case 'number':
    case 'difference': {
      const n = typeof v === 'number' ? num(v) : String(v);
      return [{ label: fact.label, text: fact.template ? fact.template.replace('{}', n) : n }];
    }
    case 'unix-seconds': {
      if (typeof v !== 'number') return [{ label: fact.label, text: String(v), code: true }];
      const iso = isoFromUnix(v);
      return [{ label: fact.label, text: iso ? `${iso} (${relativeTime(v * 1000, now)}; Unix ${num(v)})` : `Unix ${num(v)}` }];
    }
    case 'list':
      return [{ label: fact.label, text: Array.isArray(v) ? (v as string[]).join(', ') : String(v) }];
    case 'map':
      return Array.isArray(v) ? (v as unknown[]).map((x) => (Array.isArray(x) && Array.isArray(x[1]) ? { label: String(x[0]), text: x[1].join('; ') } : { label: fact.label, text: String(x) })) : [];
    case 'retry-after':
      return typeof v === 'number' ? [{ label: fact.label, text: `${num(v)} s from the response` }] : [{ label: fact.label, text: String(v), code: true }];
    case 'request-id':
      return [{ label: fact.label, text: `${String(v)} (quote it to support)` }];
    case 'status':
      return [{ label: fact.label, text: String(v) }];
    case 'code':
      return [{ label: fact.label, text: String(v), code: true }];
    default:
      return [{ label: fact.label, text: String(v) }];
  }
}

export function explainFinding(f: Finding, catalog: Catalog, options: ExplainOptions = {}): Explanation {
  const now = options.now ?? Date.now();
  const entry = entryOf(catalog, f);
  const api = apiName(catalog, f.api);
  let base: Explanation;
  if (entry) base = explainEntry(entry, catalog, options);
  else if (f.rule === EngineRules.unrecognizedBody) {
    base = {
      title: 'Unrecognized error body',
      subtitle: f.candidates?.length ? `Shaped like: ${f.candidates.map((c) => apiName(catalog, c)).join(', ')}` : 'No API named',
      meaning: 'This looks like an error body, but nothing names its API: no catalog lists its code or message, and no endpoint, SDK import or header of a known API is near it.',
      resolution: 'If it comes from one of your APIs, describe the API in a user catalog: its codes or messages, or the evidence that identifies it (its host, its SDK package).',
      facts: [],
      examples: [],
      notes: [],
    };
  } else {
    base = {
      title: f.code ?? `${api} error`,
      subtitle: [api, f.category ? `${f.category} range` : '', f.status !== null ? `HTTP ${f.status}` : ''].filter(Boolean).join(' · '),
      meaning: f.rule === EngineRules.unknownCode ? 'This code is well-formed but is not in the catalog: a typo, or a code newer than the catalog (a user catalog can add it).' : `The ${api} reported an error that its catalog does not list.`,
      facts: [],
      examples: [],
      notes: [],
    };
  }
  base.title = findingTitle(f, catalog);
  if (entry && f.status !== null && entry.statuses.length > 1) {
    const cause = entry.statusCauses?.find((c) => c.status === f.status);
    if (cause) base.facts.push({ label: `Status ${f.status}`, text: cause.cause });
  }
  base.retry = retryLine(catalog, f.api, effectiveRetry(entry, f.status));
  if (f.suggestions?.length) base.facts.push({ label: 'Did you mean', text: f.suggestions.map((s) => { const e = catalog.get(s); return e ? `${e.code} ${e.name}` : s; }).join(', ') });
  for (const fact of f.facts) base.facts.push(...factLines(fact, now));
  if (f.item) base.facts.push({ label: 'Where in the body', text: f.item, code: true });
  if (f.status !== null && !(entry?.statuses.length === 1 && entry.statuses[0] === f.status) && entry?.kind !== 'status') base.facts.push({ label: 'HTTP status', text: String(f.status) });
  for (const n of [...(f.notes ?? [])].reverse()) base.notes.unshift(n);
  if (f.identifiedBy === 'evidence') base.notes.push(`Recognised as ${api} by what is around it (its endpoint, SDK import or headers), not by its shape alone.`);
  if (f.notation.includes('truncated')) base.notes.push('The body was cut off in the log; the facts above come from the part that was logged.');
  return base;
}

function mdLine(line: ExplanationLine): string {
  const label = line.label ? `**${escapeMarkdown(line.label)}:** ` : '';
  return `- ${label}${line.code ? inlineCode(line.text) : escapeMarkdown(line.text)}`;
}

/** Builds a command URI for a hover link. Arguments are JSON, URI-encoded. */
export function commandUri(link: CommandLink): string {
  const args = link.args ? `?${encodeURIComponent(JSON.stringify(link.args)).replace(/[()]/g, (c) => (c === '(' ? '%28' : '%29'))}` : ''; // an unbalanced ")" would end a Markdown link
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
