// Tallies the findings of a streamed log (counts per code, the first occurrences of each) and renders
// the summary report. Memory is bounded by the number of distinct codes times `maxPerCode`, never by
// the size of the log: a 1 GB log with a million errors keeps at most 50 findings per code.
// Pure: no `vscode` import.
import type { Catalog } from '../catalog/catalog';
import type { StreamedFinding } from '../engine/stream';
import * as l10n from '@vscode/l10n';
import { escapeMarkdown, inlineCode } from './escape';
import { catalogText, displayLanguage as displayLocaleOf, formatDuration, formatNumber, pluralOf } from './locale';
import { apiName, summarize } from './messages';

export interface CodeTally {
  /** The entry id (`/code` added for a GraphQL code under a status entry), `api:code` for a code the catalog lacks, `api:` for a body naming none. */
  key: string;
  api: string;
  /** The entry's code, else the code found (a GraphQL code under a status entry), if any. */
  code?: string;
  /** No code: an error body of a known API without one, or a body nothing names. */
  codeless?: 'body' | 'unrecognized';
  /** For a code of its own under a status entry: the HTTP status it came with. */
  status?: string;
  /** The entry's name (catalog text, English). */
  name?: string;
  entryId?: string;
  count: number;
  /** The first occurrences (at most `maxPerCode`), in file order. */
  first: StreamedFinding[];
}

export class LogTally {
  private readonly codes = new Map<string, CodeTally>();
  /** Every finding counted, kept or not. */
  total = 0;

  constructor(
    private readonly catalog: Catalog,
    readonly maxPerCode = 50,
  ) {}

  add(sf: StreamedFinding): void {
    this.total++;
    const f = sf.finding;
    const entry = f.entry ? this.catalog.get(f.entry) : undefined;
    // A GraphQL code under an HTTP status entry (BAD_USER_INPUT on 200) is a code of its own.
    const own = entry && f.code && f.code.toLowerCase() !== entry.code.toLowerCase() && !/^[1-5]\d\d$/.test(f.code) ? f.code : undefined;
    const key = entry ? (own ? `${entry.id}/${own}` : entry.id) : `${f.api ?? f.rule}:${f.code ?? ''}`;
    let t = this.codes.get(key);
    if (!t) {
      const code = own ?? entry?.code ?? f.code ?? undefined;
      t = { key, api: f.api ?? '', code, codeless: code === undefined ? (f.api ? 'body' : 'unrecognized') : undefined, status: own ? String(f.status ?? entry!.code) : undefined, name: entry?.name, entryId: entry?.id, count: 0, first: [] };
      this.codes.set(key, t);
    }
    t.count++;
    if (t.first.length < this.maxPerCode) t.first.push(sf);
  }

  /** Per code, most frequent first (ties by first line). */
  get tallies(): CodeTally[] {
    return [...this.codes.values()].sort((a, b) => b.count - a.count || a.first[0].line - b.first[0].line);
  }

  /** Findings per API, most first. */
  get perApi(): { api: string; count: number; codes: number }[] {
    const m = new Map<string, { api: string; count: number; codes: number }>();
    for (const t of this.codes.values()) {
      const a = m.get(t.api) ?? { api: t.api, count: 0, codes: 0 };
      a.count += t.count;
      a.codes++;
      m.set(t.api, a);
    }
    return [...m.values()].sort((a, b) => b.count - a.count || (a.api < b.api ? -1 : 1));
  }

  /** The kept occurrences of every code, in file order. */
  kept(): StreamedFinding[] {
    return [...this.codes.values()].flatMap((t) => t.first).sort((a, b) => a.line - b.line || a.column - b.column);
  }
}

export interface LogScanInfo {
  /** Path or name of the log, as shown to the user. */
  file: string;
  /** Bytes read (all of the file unless cancelled). */
  bytes: number;
  /** Size of the file. */
  size: number;
  ms: number;
  cancelled: boolean;
}

/** What a tally is called in the report: its code, or what kind of body it is. */
export function tallyLabel(t: CodeTally): string {
  if (t.code !== undefined) return t.code;
  return t.codeless === 'body' ? l10n.t('error body without a code') : l10n.t('unrecognized error body');
}

/** The entry's name as shown next to the code (`HTTP 200 Success …` for a GraphQL code under a status). */
export function tallyName(t: CodeTally): string | undefined {
  if (t.name === undefined) return undefined;
  return t.status !== undefined ? l10n.t('HTTP {status} {name}', { status: t.status, name: catalogText(t.name) }) : catalogText(t.name);
}

/** Bytes as B, kB, MB or GB (binary multiples, one decimal), for the display language. */
export function formatBytes(n: number): string {
  const units: [number, string][] = [
    [1024 * 1024 * 1024, 'gigabyte'],
    [1024 * 1024, 'megabyte'],
    [1024, 'kilobyte'],
  ];
  for (const [size, unit] of units) {
    if (n >= size) return new Intl.NumberFormat(displayLocaleOf(), { style: 'unit', unit, unitDisplay: 'short', maximumFractionDigits: unit === 'gigabyte' ? 2 : 1, minimumFractionDigits: unit === 'gigabyte' ? 2 : 1 }).format(n / size);
  }
  // `10 bytes` (the short form of a byte is `byte` in English).
  return new Intl.NumberFormat(displayLocaleOf(), { style: 'unit', unit: 'byte', unitDisplay: 'long', maximumFractionDigits: 0 }).format(n);
}

function errorsFound(total: number, codes: number): string {
  const n = formatNumber(total);
  const c = formatNumber(codes);
  const oneError = pluralOf(total) === 'one';
  const oneCode = pluralOf(codes) === 'one';
  if (oneError) return oneCode ? l10n.t('{errors} error, {codes} distinct code', { errors: n, codes: c }) : l10n.t('{errors} error, {codes} distinct codes', { errors: n, codes: c });
  return oneCode ? l10n.t('{errors} errors, {codes} distinct code', { errors: n, codes: c }) : l10n.t('{errors} errors, {codes} distinct codes', { errors: n, codes: c });
}

/** The summary report of a log scan, as Markdown: totals per API and code, then first occurrences with line numbers. */
export function logSummaryMarkdown(tally: LogTally, info: LogScanInfo, catalog: Catalog): string {
  const out: string[] = [];
  const seconds = info.ms / 1000;
  // The label is escaped before the (trusted) colon template is applied: `**Found:**`.
  const item = (label: string, text: string): string => `- **${l10n.t('{label}:', { label: escapeMarkdown(label) })}** ${text}`;
  out.push(`# ${escapeMarkdown(l10n.t('Errors in {file}', { file: baseName(info.file) }))}`, '');
  out.push(item(l10n.t('File'), inlineCode(info.file)));
  const args = { read: formatBytes(info.bytes), size: formatBytes(info.size), bytes: formatNumber(info.bytes), time: formatDuration(Math.round(seconds * 100) / 100, 'short'), rate: seconds > 0 ? formatBytes(info.bytes / seconds) : '' };
  const read = info.bytes !== info.size
    ? seconds > 0 ? l10n.t('{read} of {size} ({bytes} bytes) in {time} ({rate}/s)', args) : l10n.t('{read} of {size} ({bytes} bytes) in {time}', args)
    : seconds > 0 ? l10n.t('{read} ({bytes} bytes) in {time} ({rate}/s)', args) : l10n.t('{read} ({bytes} bytes) in {time}', args);
  out.push(item(l10n.t('Read'), escapeMarkdown(read)));
  const tallies = tally.tallies;
  out.push(item(l10n.t('Found'), escapeMarkdown(errorsFound(tally.total, tallies.length))));
  if (info.cancelled) out.push(item(l10n.t('Cancelled'), escapeMarkdown(l10n.t('the counts cover the part of the file read before cancelling.'))));
  out.push('');
  if (!tallies.length) {
    out.push(escapeMarkdown(l10n.t('No error codes or error bodies found.')));
    return out.join('\n') + '\n';
  }

  const noApi = l10n.t('No API named');
  const row = (cells: string[]): string => `| ${cells.join(' | ')} |`;
  out.push(`## ${escapeMarkdown(l10n.t('Per API'))}`, '', row([l10n.t('API'), l10n.t('Errors'), l10n.t('Codes')].map(escapeMarkdown)), '| --- | ---: | ---: |');
  for (const a of tally.perApi) out.push(row([escapeMarkdown(a.api ? apiName(catalog, a.api) : noApi), formatNumber(a.count), formatNumber(a.codes)]));
  out.push('');

  out.push(`## ${escapeMarkdown(l10n.t('Per code'))}`, '', row([l10n.t('Code'), l10n.t('Name'), l10n.t('API'), l10n.t('Count'), l10n.t('First line')].map(escapeMarkdown)), '| --- | --- | --- | ---: | ---: |');
  for (const t of tallies) {
    const name = tallyName(t) ?? (t.entryId ? '' : l10n.t('not in the catalog'));
    out.push(row([escapeMarkdown(tallyLabel(t)), escapeMarkdown(name), escapeMarkdown(t.api ? apiName(catalog, t.api) : noApi), formatNumber(t.count), String(t.first[0].line)]));
  }
  out.push('');

  out.push(`## ${escapeMarkdown(l10n.t('First occurrences'))}`, '');
  for (const t of tallies) {
    const name = tallyName(t);
    const heading = name ? l10n.t('{code} {name} ({count}×)', { code: tallyLabel(t), name, count: formatNumber(t.count) }) : l10n.t('{code} ({count}×)', { code: tallyLabel(t), count: formatNumber(t.count) });
    out.push(`### ${escapeMarkdown(heading)}`, '');
    for (const sf of t.first) out.push(`- ${escapeMarkdown(l10n.t('line {line}, column {column}: {message}', { line: String(sf.line), column: String(sf.column), message: summarize(sf.finding, catalog) }))}`);
    if (t.count > t.first.length) out.push(`- ${escapeMarkdown(l10n.t('… and {count} more', { count: formatNumber(t.count - t.first.length) }))}`);
    out.push('');
  }
  return out.join('\n').trimEnd() + '\n';
}

function baseName(path: string): string {
  const i = Math.max(path.lastIndexOf('/'), path.lastIndexOf('\\'));
  return i >= 0 ? path.slice(i + 1) : path;
}
