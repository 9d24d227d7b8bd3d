// Evidence: what identifies an API in the text around a body besides the body's shape (the catalog's
// `evidence` of each API: hosts and paths of its endpoints, SDK packages, header names, content types,
// its own words). A body whose shape many APIs share (`{"error": "…"}`) is named only with evidence.
//
// Where evidence counts: near the body (the lines before and after it: the request line, the headers,
// the log record) and in the head of the document (a source file's imports). Never the whole of a big
// log: a content type logged 10,000 lines away says nothing about this body. Linear: the text is
// searched once, front to back, as bodies are found in order.
import type { ApiDescription } from '../catalog/types';

/** How far before and after a body evidence counts. */
const BEFORE = 8 * 1024;
const AFTER = 2 * 1024;
/** The head of a document where imports live. */
export const HEAD = 16 * 1024;
/** Positions kept per API (the most recent). */
const KEEP = 32;
/** The forward pass reads at least this far at a time. */
const STEP = 16 * 1024;

export interface EvidenceIndex {
  /** One regex per API that declares evidence (for a bounded look at a slice). */
  byApi: { api: string; re: RegExp }[];
  /** All of them in one regex, group i + 1 for `apis[i]`: the forward pass reads the text once. */
  all?: RegExp;
  apis: string[];
  /** Lower-cased body field → APIs that alone send it. */
  fields: Map<string, string[]>;
}

const escape = (s: string): string => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

export function compileEvidence(apis: readonly ApiDescription[]): EvidenceIndex {
  const byApi: EvidenceIndex['byApi'] = [];
  const fields = new Map<string, string[]>();
  for (const api of apis) {
    const e = api.evidence;
    if (!e) continue;
    const alts: string[] = [];
    // A host matches as itself or as a suffix (`x.lamatic.dev`): a word boundary before it is enough.
    for (const h of e.hosts ?? []) if (h.trim()) alts.push(`\\b${escape(h.trim())}(?![\\w-])`);
    for (const p of e.paths ?? []) if (p.trim()) alts.push(escape(p.trim()));
    // Packages as imports write them: in quotes (JS, Go, Java strings) or after import/from (Python).
    for (const p of e.packages ?? []) {
      if (!p.trim()) continue;
      const q = escape(p.trim());
      alts.push(`["'\`]${q}(?:/[^"'\`\\s]*)?["'\`]`, `\\b(?:import|from)\\s+${q}(?![\\w-])`, `\\brequire\\s*\\(\\s*["']${q}`);
    }
    for (const h of e.headers ?? []) if (h.trim()) alts.push(`(?<![\\w-])${escape(h.trim())}["']?\\s*[:=,]`);
    for (const c of e.contentTypes ?? []) if (c.trim()) alts.push(escape(c.trim()));
    for (const t of e.terms ?? []) if (t.trim()) alts.push(`\\b${escape(t.trim())}(?![\\w$])`);
    if (alts.length) byApi.push({ api: api.id, re: new RegExp(alts.join('|'), 'gi') });
    for (const f of e.fields ?? []) {
      const k = f.toLowerCase();
      const list = fields.get(k);
      if (list) list.push(api.id);
      else fields.set(k, [api.id]);
    }
  }
  const all = byApi.length ? new RegExp(byApi.map((b) => `(${b.re.source})`).join('|'), 'gi') : undefined;
  return { byApi, all, apis: byApi.map((b) => b.api), fields };
}

/** APIs whose evidence appears in text[from, to): one pass of the combined regex. */
export function evidenceIn(index: EvidenceIndex, text: string, from: number, to: number): Set<string> {
  const found = new Set<string>();
  if (to <= from || !index.all) return found;
  const slice = text.slice(Math.max(0, from), Math.min(text.length, to));
  const re = index.all;
  re.lastIndex = 0;
  for (let m = re.exec(slice); m && found.size < index.apis.length; m = re.exec(slice)) {
    const api = index.apis[m.slice(1).findIndex((g) => g !== undefined)];
    if (api !== undefined) found.add(api);
    if (m[0].length === 0) re.lastIndex++;
  }
  return found;
}

/**
 * Evidence for the bodies of one scanned text, found lazily: the head once, and the rest of the text
 * in one forward pass that only goes as far as the bodies asked about.
 */
export class EvidenceTracker {
  private headApis: Set<string> | undefined;
  private cursor = 0;
  private readonly seen = new Map<string, number[]>();

  /** `head`: APIs evidenced in the document's head when the scanned text is not the whole document. */
  constructor(
    private readonly index: EvidenceIndex,
    private readonly text: string,
    head?: ReadonlySet<string>,
  ) {
    if (head) this.headApis = new Set(head);
  }

  /** Body fields only one API sends (lower-cased) → the APIs. */
  get fields(): ReadonlyMap<string, string[]> {
    return this.index.fields;
  }

  get empty(): boolean {
    return this.index.byApi.length === 0;
  }

  /** APIs evidenced in the head of the text (imports of a source file). */
  head(): Set<string> {
    return (this.headApis ??= evidenceIn(this.index, this.text, 0, HEAD));
  }

  /** True when `api` has evidence near [start, end) or in the head of the document. */
  has(api: string, start: number, end: number): boolean {
    if (this.empty) return false;
    if (this.head().has(api)) return true;
    this.advance(Math.min(this.text.length, end + AFTER), Math.max(0, start - BEFORE));
    const at = this.seen.get(api);
    if (!at) return false;
    for (let i = at.length - 1; i >= 0; i--) if (at[i] >= start - BEFORE && at[i] <= end + AFTER) return true;
    return false;
  }

  /** APIs with evidence near [start, end) (for a body that several APIs' shapes fit). */
  near(start: number, end: number): Set<string> {
    const out = new Set<string>(this.head());
    for (const { api } of this.index.byApi) if (this.has(api, start, end)) out.add(api);
    return out;
  }

  private advance(to: number, from: number): void {
    if (to <= this.cursor || !this.index.all) return;
    // Read ahead in big steps: one search per step, not one per body (a log of a million bodies).
    to = Math.min(this.text.length, Math.max(to, this.cursor + STEP));
    // Text before the window that nobody will ask about again is skipped, not searched.
    const start = Math.max(this.cursor, from);
    // Re-search a little before the cursor so a term cut at the last stop is found whole.
    const overlap = Math.max(0, start - 128);
    const re = this.index.all;
    // A slice bounds the search (a regex run on the whole text would read on to its next match).
    const slice = this.text.slice(overlap, to);
    re.lastIndex = 0;
    for (let m = re.exec(slice); m; m = re.exec(slice)) {
      const at = overlap + m.index;
      const api = this.index.apis[m.slice(1).findIndex((g) => g !== undefined)];
      if (api !== undefined) {
        let list = this.seen.get(api);
        if (!list) this.seen.set(api, (list = []));
        if (list[list.length - 1] !== at) list.push(at);
        if (list.length > KEEP) list.shift();
      }
      if (m[0].length === 0) re.lastIndex++;
    }
    this.cursor = to;
  }
}
