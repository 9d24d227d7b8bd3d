// Tallies the findings of a streamed log (counts per code, the first occurrences of each) and renders
// the summary report. Memory is bounded by the number of distinct codes times `maxPerCode`, never by
// the size of the log: a 1 GB log with a million errors keeps at most 50 findings per code.
// Pure: no `vscode` import.
import type { Catalog } from '../catalog/catalog';
import type { StreamedFinding } from '../engine/stream';
import { escapeMarkdown, inlineCode } from './escape';
import { apiName, summarize } from './messages';

export interface CodeTally {
  /** The entry id (`/code` added for a GraphQL code under a status entry), `api:code` for a code the catalog lacks, `api:` for a body naming none. */
  key: string;
  api: string;
  /** What to show: the entry's code, else the code found, else a description. */
  label: string;
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
      const label = own ?? entry?.code ?? f.code ?? (f.api ? 'error body without a code' : 'unrecognized error body');
      t = { key, api: f.api ?? '', label, name: entry ? (own ? `HTTP ${f.status ?? entry.code} ${entry.name}` : entry.name) : undefined, entryId: entry?.id, count: 0, first: [] };
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

const number = (n: number): string => n.toLocaleString('en-US');

export function formatBytes(n: number): string {
  if (n < 1024) return `${n} B`;
  if (n < 1024 * 1024) return `${(n / 1024).toFixed(1)} KB`;
  if (n < 1024 * 1024 * 1024) return `${(n / 1024 / 1024).toFixed(1)} MB`;
  return `${(n / 1024 / 1024 / 1024).toFixed(2)} GB`;
}

/** The summary report of a log scan, as Markdown: totals per API and code, then first occurrences with line numbers. */
export function logSummaryMarkdown(tally: LogTally, info: LogScanInfo, catalog: Catalog): string {
  const out: string[] = [];
  const seconds = info.ms / 1000;
  const rate = seconds > 0 ? ` (${(info.bytes / 1024 / 1024 / seconds).toFixed(1)} MB/s)` : '';
  out.push(`# Errors in ${escapeMarkdown(baseName(info.file))}`, '');
  out.push(`- **File:** ${inlineCode(info.file)}`);
  out.push(`- **Read:** ${formatBytes(info.bytes)}${info.bytes !== info.size ? ` of ${formatBytes(info.size)}` : ''} (${number(info.bytes)} bytes) in ${seconds.toFixed(2)} s${rate}`);
  const tallies = tally.tallies;
  out.push(`- **Found:** ${number(tally.total)} error${tally.total === 1 ? '' : 's'}, ${tallies.length} distinct code${tallies.length === 1 ? '' : 's'}`);
  if (info.cancelled) out.push('- **Cancelled:** the counts cover the part of the file read before cancelling.');
  out.push('');
  if (!tallies.length) {
    out.push('No error codes or error bodies found.');
    return out.join('\n') + '\n';
  }

  out.push('## Per API', '', '| API | Errors | Codes |', '| --- | ---: | ---: |');
  for (const a of tally.perApi) out.push(`| ${escapeMarkdown(a.api ? apiName(catalog, a.api) : 'No API named')} | ${number(a.count)} | ${a.codes} |`);
  out.push('');

  out.push('## Per code', '', '| Code | Name | API | Count | First line |', '| --- | --- | --- | ---: | ---: |');
  for (const t of tallies) {
    out.push(`| ${escapeMarkdown(t.label)} | ${escapeMarkdown(t.name ?? (t.entryId ? '' : 'not in the catalog'))} | ${escapeMarkdown(t.api ? apiName(catalog, t.api) : 'No API named')} | ${number(t.count)} | ${t.first[0].line} |`);
  }
  out.push('');

  out.push('## First occurrences', '');
  for (const t of tallies) {
    out.push(`### ${escapeMarkdown(t.label)}${t.name ? ` ${escapeMarkdown(t.name)}` : ''} (${number(t.count)}×)`, '');
    for (const sf of t.first) out.push(`- line ${sf.line}, column ${sf.column}: ${escapeMarkdown(summarize(sf.finding, catalog))}`);
    if (t.count > t.first.length) out.push(`- … and ${number(t.count - t.first.length)} more`);
    out.push('');
  }
  return out.join('\n').trimEnd() + '\n';
}

function baseName(path: string): string {
  const i = Math.max(path.lastIndexOf('/'), path.lastIndexOf('\\'));
  return i >= 0 ? path.slice(i + 1) : path;
}
