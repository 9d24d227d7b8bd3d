// The explainer: builds one structured explanation of an entry or a finding, then renders it as
// Markdown (hovers, details view) or plain text (CLI). Every string that came from a log, a body or
// a user catalog goes through escapeMarkdown/codeBlock in the Markdown renderer. Facts arrive as data
// (engine/finding.ts) and are put into words here, at display time.
import * as l10n from '@vscode/l10n';
import type { Catalog } from '../catalog/catalog';
import type { CatalogEntry } from '../catalog/types';
import { EngineRules, type Fact, type Finding } from '../engine/finding';
import { codeBlock, escapeMarkdown, inlineCode, plainText } from './escape';
import { catalogText, formatDateTime, formatDuration, formatList, formatNumber, relativeTime } from './locale';
import { apiName, effectiveRetry, entryName, entryOf, entryTitle, findingMessage, findingTitle, policyText, retrySentence, spaced, statusesText, summarizedFacts, type RetryView } from './messages';

/** A line of an explanation: a label and its text, or a code block. */
export interface ExplanationLine {
  label?: string;
  text: string;
  /** Render as code (a value from the body, a path). */
  code?: boolean;
  /** The one-line message (the diagnostic) quotes this whole: a hover under it leaves it out. */
  inSummary?: boolean;
}

export interface Explanation {
  title: string;
  subtitle: string;
  meaning?: string;
  resolution?: string;
  /** The retry advice in full: the advice, its condition, the policy's numbers. */
  retry?: string;
  /** The same without the advice the one-line message already gives (`Retry with backoff.`). */
  retryDetails?: string;
  /** Unknown codes: the likely intended codes, with their names. */
  suggestions?: string[];
  /** Facts computed from this very body (`body`), or read around a bare code (`nearby`). */
  factsAbout?: 'body' | 'nearby';
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
  /** Current time in ms, for "in 4 minutes" / "2 hours ago". */
  now?: number;
  /** Include example bodies (details view, CLI explain). */
  examples?: boolean;
}

export interface MarkdownOptions {
  /**
   * The editor shows the finding's diagnostic line right above the hover: leave out what that line
   * says (the title, the retry advice, the quoted message and status), keep what it does not.
   */
  diagnosticShown?: boolean;
}

/** The retry advice in sentences: in full, and without the advice itself (for a hover under the diagnostic). */
function retryText(catalog: Catalog, api: string | null, retry: RetryView): { full?: string; details?: string } {
  if (retry.decision === 'unknown') return {};
  const advice = retrySentence(retry);
  let details = '';
  // A condition of a plain yes/no is a sentence of its own; a conditional's is in the advice.
  if ((retry.decision === 'yes' || retry.decision === 'no') && !retry.onStatuses && retry.condition) details = catalogText(retry.condition);
  if (retry.decision !== 'no' && retry.honorRetryAfter) {
    details = spaced(details, l10n.t('The server gives the time to wait in the `Retry-After` header (seconds or an HTTP date) or as a retry time in the body.'));
  }
  if (retry.decision !== 'no' && retry.minDelaySeconds) {
    const duration = formatDuration(retry.minDelaySeconds);
    details = spaced(details, retry.minDelayDocumented
      ? l10n.t('Wait at least {duration} before retrying.', { duration })
      : l10n.t('Wait at least {duration} before retrying: the documentation gives no number, {duration} is the extension’s reading.', { duration }));
  }
  if (retry.outcome === 'reconcile') {
    details = spaced(details, l10n.t('A generated retry handler does not repeat it: it returns a “reconcile” outcome, or calls the reconcile hook you give it.'));
  } else if (retry.outcome === 'already-done') {
    details = spaced(details, l10n.t('Answering a repeated request (a retried start), it means an earlier attempt probably took effect: a generated retry handler reports it as “already done”, not as a plain failure.'));
  }
  const policy = api ? catalog.api(api)?.retryPolicy : undefined;
  if (retry.decision !== 'no' && policy) {
    details = spaced(details, policyText({ ...policy, maxAttempts: retry.maxAttempts ?? policy.maxAttempts }));
    if (!policy.documented) details = spaced(details, l10n.t('These numbers are the extension’s defaults: the API documents none.'));
  }
  return { full: spaced(advice, details), details: details || undefined };
}

export function explainEntry(entry: CatalogEntry, catalog: Catalog, options: ExplainOptions = {}): Explanation {
  return entryExplanation(entry, catalog, options);
}

/** An entry's explanation; `found` is the message of the body being explained, already among its facts. */
function entryExplanation(entry: CatalogEntry, catalog: Catalog, options: ExplainOptions, found?: string): Explanation {
  const api = catalog.api(entry.api);
  const notes: string[] = [];
  if (entry.statusCauses?.length) {
    for (const c of entry.statusCauses) notes.push(l10n.t('HTTP {status}: {cause}', { status: String(c.status), cause: catalogText(c.cause) }));
  }
  // The messages the API sends are its own words, quoted as they are.
  for (const m of entry.messages ?? []) if (m !== found) notes.push(l10n.t('Message: “{message}”', { message: m }));
  if (entry.fields?.length && api) {
    for (const name of entry.fields) {
      const f = api.fields.find((x) => x.name === name);
      if (f) notes.push(l10n.t('Field `{field}`: {meaning}', { field: f.name, meaning: catalogText(f.meaning) }));
    }
  }
  if (entry.source) notes.push(l10n.t('From the user catalog {file}', { file: entry.source }));
  const retry = retryText(catalog, entry.api, entry.retry);
  return {
    title: entryTitle(entry),
    subtitle: [apiName(catalog, entry.api), entry.category ? catalogText(entry.category) : '', entry.statuses.length ? `HTTP ${statusesText(entry.statuses)}` : ''].filter(Boolean).join(' · '),
    meaning: catalogText(entry.description),
    resolution: catalogText(entry.resolution),
    retry: retry.full,
    retryDetails: retry.details,
    facts: [],
    examples: options.examples ? (entry.examples ?? []).map((e) => ({ title: catalogText(e.title), body: e.body })) : [],
    notes,
    untrusted: entry.source !== undefined,
  };
}

/** A Unix time: the date and time for the display language, how far from now, and the number as sent. */
function unixText(seconds: number, now: number): string {
  const date = formatDateTime(seconds * 1000);
  const unix = Number.isInteger(seconds) ? String(seconds) : String(Math.round(seconds * 1000) / 1000);
  return date ? l10n.t('{date} ({relative}; Unix {unix})', { date, relative: relativeTime(seconds * 1000, now), unix }) : l10n.t('Unix {unix}', { unix });
}

/** `{nodeLabel} ({nodeId}): {credits} credits`: the catalog's template, translated, with the values of this body. */
function fillTemplate(template: string, holes: Readonly<Record<string, string>>): string {
  return catalogText(template).replace(/\{([^{}]{1,64})\}/g, (_, path: string) => (Object.prototype.hasOwnProperty.call(holes, path) ? holes[path] : '?'));
}

/** A fact as explanation lines (a map of validation errors gives one line per path). */
export function factLines(fact: Fact, now: number): ExplanationLine[] {
  const v = fact.value;
  const label = catalogText(fact.label);
  switch (fact.kind) {
    case 'number':
    case 'difference': {
      const n = typeof v === 'number' ? formatNumber(v) : String(v);
      return [{ label, text: fact.template ? catalogText(fact.template).replace('{}', n) : n }];
    }
    case 'unix-seconds':
      return typeof v === 'number' ? [{ label, text: unixText(v, now) }] : [{ label, text: String(v), code: true }];
    case 'list':
      return [{ label, text: Array.isArray(v) ? (v as string[]).join(', ') : String(v) }];
    case 'map':
      return Array.isArray(v) ? (v as unknown[]).map((x) => (Array.isArray(x) && Array.isArray(x[1]) ? { label: String(x[0]), text: x[1].join('; ') } : { label, text: String(x) })) : [];
    case 'retry-after':
      return typeof v === 'number' ? [{ label, text: l10n.t('{duration} (from the response)', { duration: formatDuration(v) }) }] : [{ label, text: String(v), code: true }];
    case 'request-id':
      return [{ label, text: l10n.t('{id} (quote it to support)', { id: String(v) }) }];
    case 'template':
      return [{ label, text: fact.template && fact.holes ? fillTemplate(fact.template, fact.holes) : String(v) }];
    case 'present':
      return [{ label, text: typeof v === 'string' ? catalogText(v) : String(v) }];
    case 'code':
      return [{ label, text: String(v), code: true }];
    default:
      return [{ label, text: String(v) }];
  }
}

export function explainFinding(f: Finding, catalog: Catalog, options: ExplainOptions = {}): Explanation {
  const now = options.now ?? Date.now();
  const entry = entryOf(catalog, f);
  const api = apiName(catalog, f.api);
  let base: Explanation;
  if (entry) base = entryExplanation(entry, catalog, options, f.kind === 'body' ? findingMessage(f) : undefined);
  else if (f.rule === EngineRules.unrecognizedBody) {
    base = {
      title: '',
      subtitle: f.candidates?.length ? l10n.t('Shaped like: {apis}', { apis: formatList(f.candidates.map((c) => apiName(catalog, c)), 'disjunction') }) : l10n.t('No API named'),
      meaning: l10n.t('This looks like an error body, but nothing names its API: no catalog lists its code or message, and no endpoint, SDK import or header of a known API is near it.'),
      resolution: l10n.t('If it comes from one of your APIs, describe the API in a user catalog: its codes or messages, or the evidence that identifies it (its host, its SDK package).'),
      facts: [],
      examples: [],
      notes: [],
    };
  } else if (f.rule === EngineRules.unknownCode) {
    base = {
      title: '',
      subtitle: [api, f.category ? l10n.t('{category} range', { category: catalogText(f.category) }) : ''].filter(Boolean).join(' · '),
      meaning: l10n.t('This code has the form of a {api} code but is not in its catalog: a typo, or a code newer than the catalog.', { api }),
      resolution: l10n.t('If the code is right, describe it in a user catalog (setting `errcode.userCatalogs`) to have it explained here.'),
      facts: [],
      examples: [],
      notes: [],
    };
  } else {
    base = {
      title: '',
      subtitle: [api, f.status !== null ? `HTTP ${f.status}` : ''].filter(Boolean).join(' · '),
      meaning: l10n.t('The {api} reported an error that its catalog does not list.', { api }),
      resolution: l10n.t('If you know what it means, describe it in a user catalog (setting `errcode.userCatalogs`) to have it explained here.'),
      facts: [],
      examples: [],
      notes: [],
    };
  }
  base.title = findingTitle(f, catalog);
  base.factsAbout = f.kind === 'body' ? 'body' : 'nearby';
  const said = summarizedFacts(f, catalog);
  if (entry && f.status !== null && entry.statuses.length > 1) {
    const cause = entry.statusCauses?.find((c) => c.status === f.status);
    if (cause) base.facts.push({ label: l10n.t('Status {status}', { status: String(f.status) }), text: catalogText(cause.cause) });
  }
  const retry = retryText(catalog, f.api, effectiveRetry(entry, f.status));
  base.retry = retry.full;
  base.retryDetails = retry.details;
  if (f.suggestions?.length) base.suggestions = f.suggestions.map((s) => { const e = catalog.get(s); return e ? l10n.t('{code} {name}', { code: e.code, name: entryName(e) }) : s; });
  for (const fact of f.facts) {
    const lines = factLines(fact, now);
    if (said.facts.has(fact)) for (const l of lines) l.inSummary = true;
    base.facts.push(...lines);
  }
  if (f.item) base.facts.push({ label: l10n.t('Where in the body'), text: f.item, code: true });
  if (f.status !== null && !(entry?.statuses.length === 1 && entry.statuses[0] === f.status) && entry?.kind !== 'status') {
    base.facts.push({ label: l10n.t('HTTP status'), text: String(f.status), inSummary: said.status });
  }
  for (const n of [...(f.notes ?? [])].reverse()) base.notes.unshift(catalogText(n));
  if (f.identifiedBy === 'evidence') base.notes.push(l10n.t('Recognised as {api} by what is around it (its endpoint, SDK import or headers), not by its shape alone.', { api }));
  if (f.notation.includes('truncated')) base.notes.push(l10n.t('The body was cut off in the log; the facts above come from the part that was logged.'));
  return base;
}

/** `Label:` with the display language's colon. */
function withColon(label: string): string {
  return l10n.t('{label}:', { label });
}

/** Section headings, shared by the Markdown, text and HTML renderers. */
export function headings(e: Pick<Explanation, 'factsAbout' | 'examples'>): { meaning: string; resolution: string; retry: string; suggestions: string; facts: string; notes: string; examples: string } {
  return {
    meaning: l10n.t('What it means'),
    resolution: l10n.t('What to do'),
    retry: l10n.t('Retry'),
    suggestions: l10n.t('Did you mean'),
    facts: e.factsAbout === 'nearby' ? l10n.t('Nearby') : l10n.t('In this body'),
    notes: l10n.t('Details'),
    examples: e.examples.length === 1 ? l10n.t('Example') : l10n.t('Examples'),
  };
}

/** What a renderer shows of an explanation: under a diagnostic line, what that line says is left out. */
function shown(e: Explanation, options: MarkdownOptions): { retry?: string; facts: ExplanationLine[] } {
  if (!options.diagnosticShown) return { retry: e.retry, facts: e.facts };
  return { retry: e.retryDetails, facts: e.facts.filter((l) => !l.inSummary) };
}

function mdLine(line: ExplanationLine): string {
  const label = line.label ? `**${withColon(escapeMarkdown(line.label))}** ` : '';
  return `- ${label}${line.code ? inlineCode(line.text) : escapeMarkdown(line.text)}`;
}

/** Builds a command URI for a hover link. Arguments are JSON, URI-encoded. */
export function commandUri(link: CommandLink): string {
  const args = link.args ? `?${encodeURIComponent(JSON.stringify(link.args)).replace(/[()]/g, (c) => (c === '(' ? '%28' : '%29'))}` : ''; // an unbalanced ")" would end a Markdown link
  return `command:${link.command}${args}`;
}

/**
 * Markdown for hovers and the details view. Catalog prose from built-in data is ours; everything
 * else is escaped. `links` are rendered last, as the only links in the text. No section is shown
 * without content.
 */
export function toMarkdown(e: Explanation, links: readonly CommandLink[] = [], options: MarkdownOptions = {}): string {
  // Built-in prose may mark names as `code`; a user catalog's prose is plain text.
  const prose = (s: string): string =>
    e.untrusted ? escapeMarkdown(s) : s.split(/(`[^`\n]*`)/).map((part, i) => (i % 2 ? inlineCode(part.slice(1, -1)) : escapeMarkdown(part))).join('');
  const h = headings(e);
  // A space after the bold label in every language: CommonMark does not close `**含义：**` right before a letter.
  const section = (heading: string, text: string): string => `**${withColon(escapeMarkdown(heading))}** ${text}`;
  const { retry, facts } = shown(e, options);
  const out: string[] = [];
  if (!options.diagnosticShown) {
    out.push(`**${escapeMarkdown(e.title)}**  `);
    if (e.subtitle) out.push(`*${escapeMarkdown(e.subtitle)}*`);
    out.push('');
  }
  if (e.meaning) out.push(section(h.meaning, prose(e.meaning)), '');
  if (e.resolution) out.push(section(h.resolution, prose(e.resolution)), '');
  if (retry) out.push(section(h.retry, prose(retry)), '');
  if (e.suggestions?.length) out.push(section(h.suggestions, escapeMarkdown(formatList(e.suggestions, 'disjunction'))), '');
  if (facts.length) {
    out.push(`**${withColon(escapeMarkdown(h.facts))}**`, '');
    for (const l of facts) out.push(mdLine(l));
    out.push('');
  }
  for (const n of e.notes) out.push(`> ${prose(n)}`, '');
  for (const ex of e.examples) {
    out.push(`**${escapeMarkdown(ex.title)}**`, '', codeBlock(ex.body, 'json'), '');
  }
  if (links.length) {
    out.push(links.map((l) => `[${escapeMarkdown(l.title)}](${commandUri(l)}${l.tooltip ? ` "${l.tooltip.replace(/["\\]/g, '')}"` : ''})`).join(' · '));
  }
  return out.join('\n').trim() + '\n';
}

/** Plain text for terminals: no Markdown, control characters stripped, no empty section. */
export function toText(e: Explanation): string {
  const h = headings(e);
  const plain = (s: string): string => s.replace(/`/g, '');
  const line = (label: string, text: string): string => spaced(withColon(label), text);
  const out: string[] = [];
  out.push(e.title);
  if (e.subtitle) out.push(e.subtitle);
  out.push('');
  if (e.meaning) out.push(line(h.meaning, plain(e.meaning)));
  if (e.resolution) out.push(line(h.resolution, plain(e.resolution)));
  if (e.retry) out.push(line(h.retry, plain(e.retry)));
  if (e.suggestions?.length) out.push(line(h.suggestions, formatList(e.suggestions, 'disjunction')));
  if (e.facts.length) {
    out.push('', withColon(h.facts));
    for (const l of e.facts) out.push(`  ${l.label ? line(l.label, l.text) : l.text}`);
  }
  if (e.notes.length) out.push('');
  for (const n of e.notes) out.push(l10n.t('Note: {note}', { note: plain(n) }));
  for (const ex of e.examples) out.push('', withColon(ex.title), ex.body);
  return plainText(out.join('\n')) + '\n';
}
