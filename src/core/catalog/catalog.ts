// The error catalog: the built-in data (./data/*.jsonc, bundled as minified JSON text) and the
// look-ups hovers and the scanner call at a high rate (all backed by maps built once in the
// constructor). Reading and validating catalog files (user catalogs) is in ./catalogFile.ts, which
// the extension loads only when a user catalog exists. Pure: no `vscode`, no Node built-ins.
import flowsText from './data/flows.jsonc';
import orchestratorText from './data/orchestrator.jsonc';
import wireflowText from './data/wireflow.jsonc';
import workflowsText from './data/workflows.jsonc';
import { compileRegex } from './safeRegex';
import type { ApiDescription, CatalogEntry, CatalogFile } from './types';

// ---------------------------------------------------------------------------------------------------------
// The catalog and its look-ups
// ---------------------------------------------------------------------------------------------------------

/** A status class entry such as the Orchestrator's `5xx`. */
export const STATUS_CLASS = /^([1-5])xx$/;

interface MessageMatcher {
  entry: CatalogEntry;
  text: string;
  /** The message with numbers and ids turned into wildcards. */
  pattern: RegExp;
  /** The part before the first `: `, for messages that end in data (`Missing required fields: …`). */
  head?: string;
}

/** An API's code pattern, compiled: anchored for checks, global for finding codes in text. */
export interface CodePattern {
  api: string;
  source: string;
  /** `^(?:pattern)$`: is this string a well-formed code of the API? */
  whole: RegExp;
}

interface SearchText {
  entry: CatalogEntry;
  code: string;
  name: string;
  /** Aliases and messages, one a line. */
  phrases: string;
  category: string;
  prose: string;
  all: string;
}

export class Catalog {
  readonly apis: readonly ApiDescription[];
  readonly entries: readonly CatalogEntry[];

  private readonly apiById = new Map<string, ApiDescription>();
  private readonly byId = new Map<string, CatalogEntry>();
  private readonly byCode = new Map<string, CatalogEntry[]>();
  private readonly byApi = new Map<string, CatalogEntry[]>();
  private readonly statusIndex = new Map<string, Map<number, CatalogEntry>>();
  /** api → status class digit (5 for `5xx`) → entry. */
  private readonly statusClassIndex = new Map<string, Map<number, CatalogEntry>>();
  private readonly reasonIndex = new Map<string, CatalogEntry>();
  private readonly exactMessages = new Map<string, Map<string, CatalogEntry>>();
  private readonly messageMatchers = new Map<string, MessageMatcher[]>();
  /** Lower-cased code (and alias) → entries, per API: look-ups ignore case. */
  private readonly byCodeFolded = new Map<string, Map<string, CatalogEntry>>();
  private readonly patternMatchers = new Map<string, { entry: CatalogEntry; re: RegExp }[]>();
  private readonly searchTexts: SearchText[] = [];
  /** Each API's code pattern (WF_\\d{4}), compiled; an unsafe or invalid one is left out. */
  readonly codePatterns: readonly CodePattern[];

  /** Entries get their `id` (`${api}:${code}`) here; the first of two entries with one id wins. */
  constructor(apis: readonly ApiDescription[], entries: readonly (Omit<CatalogEntry, 'id'> & { id?: string })[]) {
    this.apis = apis;
    for (const api of apis) if (!this.apiById.has(api.id)) this.apiById.set(api.id, api);
    const list: CatalogEntry[] = [];
    for (const raw of entries) {
      const id = `${raw.api}:${raw.code}`;
      // Entries of a base catalog are shared with merged ones (treat entries as immutable).
      const entry: CatalogEntry = raw.id === id ? (raw as CatalogEntry) : { ...raw, id };
      if (this.byId.has(entry.id)) continue;
      this.byId.set(entry.id, entry);
      list.push(entry);
      this.index(entry);
    }
    this.entries = list;
    // Kind `reason` wins over `outcome` for the same word, whatever the order.
    for (const e of list) if (e.kind === 'outcome' && !this.reasonIndex.has(e.code)) this.reasonIndex.set(e.code, e);
    const patterns: CodePattern[] = [];
    for (const api of this.apiById.values()) {
      if (!api.codePattern) continue;
      const whole = compileRegex(`^(?:${api.codePattern})$`, '');
      if (typeof whole !== 'string') patterns.push({ api: api.id, source: api.codePattern, whole });
    }
    this.codePatterns = patterns;
  }

  /** The API whose code pattern this string is a whole code of (`WF_2100` → workflows), if any. */
  codeApi(code: string): string | undefined {
    for (const p of this.codePatterns) if (p.whole.test(code)) return p.api;
    return undefined;
  }

  private index(e: CatalogEntry): void {
    push(this.byCode, e.code, e);
    push(this.byApi, e.api, e);
    if (e.kind === 'status') {
      const statuses = mapOf(this.statusIndex, e.api);
      for (const s of e.statuses) if (!statuses.has(s)) statuses.set(s, e);
      const cls = STATUS_CLASS.exec(e.code);
      if (cls) {
        const classes = mapOf(this.statusClassIndex, e.api);
        if (!classes.has(Number(cls[1]))) classes.set(Number(cls[1]), e);
      }
    }
    if (e.kind === 'reason' && !this.reasonIndex.has(e.code)) this.reasonIndex.set(e.code, e);
    const folded = mapOf(this.byCodeFolded, e.api);
    for (const k of [e.code, ...(e.kind === 'status' ? [] : e.aliases ?? [])]) if (!folded.has(k.toLowerCase())) folded.set(k.toLowerCase(), e);
    for (const source of e.matches ?? []) {
      const re = compileRegex(source, 'i');
      if (typeof re !== 'string') push(this.patternMatchers, e.api, { entry: e, re });
    }
    for (const m of e.messages ?? []) {
      const exact = mapOf(this.exactMessages, e.api);
      if (!exact.has(m)) exact.set(m, e);
      const sep = m.indexOf(': ');
      push(this.messageMatchers, e.api, {
        entry: e,
        text: m,
        pattern: loosePattern(m),
        head: sep >= 6 ? m.slice(0, sep) : undefined,
      });
    }
    const phrases = [...(e.aliases ?? []), ...(e.messages ?? [])].join('\n').toLowerCase();
    const prose = `${e.description}\n${e.resolution}`.toLowerCase();
    const code = e.code.toLowerCase();
    const name = e.name.toLowerCase();
    const category = e.category.toLowerCase();
    this.searchTexts.push({ entry: e, code, name, phrases, category, prose, all: `${code}\n${name}\n${phrases}\n${category}\n${prose}\n${e.statuses.join(' ')}` });
  }

  api(id: string): ApiDescription | undefined {
    return this.apiById.get(id);
  }

  /** By id, `${api}:${code}` (`workflows:WF_1103`, `orchestrator:5xx`). */
  get(id: string): CatalogEntry | undefined {
    return this.byId.get(id);
  }

  /** Exact, case-sensitive code in one API, or in any API (the first in catalog order) when `api` is omitted. */
  findCode(code: string, api?: string): CatalogEntry | undefined {
    if (api !== undefined) return this.byId.get(`${api}:${code}`);
    return this.byCode.get(code)?.[0];
  }

  /**
   * The entry an API's body names by a code value, ignoring case: a code, a GraphQL code, a job reason
   * or outcome, or an alias; a status entry (`"429"`, `"5xx"`) only when `statuses` is true.
   */
  lookupCode(api: string, value: string, statuses = true): CatalogEntry | undefined {
    const v = value.trim();
    if (!v || v.length > 200) return undefined;
    const e = this.byCodeFolded.get(api)?.get(v.toLowerCase());
    if (e && (e.kind !== 'status' || statuses)) return e;
    if (statuses && /^[1-5]\d\d$/.test(v)) return this.byStatus(api, Number(v));
    return undefined;
  }

  /** The `status` entry of an API for an HTTP status; a status class entry (`5xx`) covers the whole class. */
  byStatus(api: string, status: number): CatalogEntry | undefined {
    const exact = this.statusIndex.get(api)?.get(status);
    if (exact) return exact;
    if (!Number.isInteger(status) || status < 100 || status > 599) return undefined;
    return this.statusClassIndex.get(api)?.get(Math.floor(status / 100));
  }

  /** A job reason (`no_provider_available`), or an outcome (`failed`) when no reason has that name. */
  byReason(reason: string): CatalogEntry | undefined {
    return this.reasonIndex.get(reason);
  }

  /**
   * The entry that lists this message. Tried in order: exact; the same text with numbers and ids loose
   * (`Insufficient credits. Required: 7, Available: 1`); starts with a listed message (longest first);
   * starts with the part of a listed message before its `: ` (`Missing required fields: nodes`).
   */
  byMessage(api: string, message: string): CatalogEntry | undefined {
    const m = message.trim();
    if (!m) return undefined;
    const exact = this.exactMessages.get(api)?.get(m);
    if (exact) return exact;
    const matchers = this.messageMatchers.get(api);
    if (!matchers) return undefined;
    for (const x of matchers) if (x.pattern.test(m)) return x.entry;
    let best: MessageMatcher | undefined;
    for (const x of matchers) {
      if (m.startsWith(x.text) && (!best || x.text.length > best.text.length)) best = x;
    }
    if (best) return best.entry;
    for (const x of matchers) {
      if (x.head && m.startsWith(x.head) && /^\s*:/.test(m.slice(x.head.length)) && (!best || x.head.length > (best.head ?? '').length)) best = x;
    }
    if (best) return best.entry;
    // A message the logger cut off: the start of exactly one listed message.
    if (m.length >= 16) {
      const cut = new Set(matchers.filter((x) => x.text.startsWith(m)).map((x) => x.entry));
      if (cut.size === 1) return [...cut][0];
    }
    return undefined;
  }

  /** The entry whose `matches` patterns fit a message (a GraphQL error about an invalid key: 401). */
  byMessagePattern(api: string, message: string): CatalogEntry | undefined {
    const m = message.length > 2000 ? message.slice(0, 2000) : message;
    for (const x of this.patternMatchers.get(api) ?? []) if (x.re.test(m)) return x.entry;
    return undefined;
  }

  /** The category of an API whose number range holds the digits of a code (`WF_1103` → Workflow). */
  categoryOf(api: string, code: string): string | undefined {
    const digits = /(\d+)(?!.*\d)/.exec(code)?.[1];
    if (digits === undefined) return undefined;
    const n = Number(digits);
    for (const c of this.apiById.get(api)?.categories ?? []) if (c.from !== undefined && c.to !== undefined && n >= c.from && n <= c.to) return c.name;
    return undefined;
  }

  /**
   * Known codes a code the catalog lacks was likely meant as: one edit or one transposition away,
   * ignoring case, and only when the code's number falls in one of its API's ranges (a code past every
   * range, such as a newer version's `WF_2100`, is not a typo). Nearest number first.
   */
  nearestCodes(code: string, limit = 3): CatalogEntry[] {
    const q = code.trim();
    if (!q || q.length > 100) return [];
    const api = this.codeApi(q) ?? this.codeApi(q.toUpperCase());
    if (api && (this.apiById.get(api)?.categories ?? []).some((c) => c.from !== undefined) && this.categoryOf(api, q) === undefined) return [];
    const lower = q.toLowerCase();
    const n = Number(/(\d+)(?!.*\d)/.exec(q)?.[1] ?? NaN);
    return this.entries
      .filter((e) => e.kind !== 'status' && (api === undefined || e.api === api) && e.code.toLowerCase() !== lower)
      .map((e) => ({ e, d: editDistance(lower, e.code.toLowerCase()), far: Math.abs(Number(/(\d+)(?!.*\d)/.exec(e.code)?.[1] ?? NaN) - n) }))
      .filter((x) => x.d <= 1)
      .sort((a, b) => (Number.isFinite(a.far) && Number.isFinite(b.far) ? a.far - b.far : 0) || cmp(a.e.code, b.e.code))
      .slice(0, limit)
      .map((x) => x.e);
  }

  /**
   * Entries matching a query, best first: exact code; HTTP status (status entries before codes that come
   * with it); code prefix; name; code substring; aliases and messages; category; prose; all words anywhere.
   * Ties keep catalog order. An empty query lists everything.
   */
  search(query: string): CatalogEntry[] {
    const q = query.trim().toLowerCase().replace(/\s+/g, ' ');
    if (!q) return [...this.entries];
    const status = /^\d{3}$/.test(q) ? Number(q) : undefined;
    const words = q.split(' ');
    const scored: { e: CatalogEntry; s: number; i: number }[] = [];
    this.searchTexts.forEach((t, i) => {
      const e = t.entry;
      let s = 0;
      if (t.code === q) s = 1000;
      else if (status !== undefined && e.statuses.includes(status)) s = e.kind === 'status' ? 900 : 500;
      else if (status !== undefined && e.kind === 'status' && this.byStatus(e.api, status) === e) s = 850;
      else if (t.name === q) s = 800;
      else if (t.code.startsWith(q)) s = 700;
      else if (t.name.includes(q)) s = 600;
      else if (t.code.includes(q)) s = 550;
      else if (t.phrases.includes(q)) s = 450;
      else if (t.category === q) s = 300;
      else if (t.prose.includes(q)) s = 200;
      else if (words.length > 1 && words.every((w) => t.all.includes(w))) s = 100 + words.filter((w) => t.name.includes(w)).length;
      if (s > 0) scored.push({ e, s, i });
    });
    return scored.sort((a, b) => b.s - a.s || a.i - b.i).map((x) => x.e);
  }

  /** The entries of one API, in catalog order (a copy). */
  entriesOf(api: string): CatalogEntry[] {
    return [...(this.byApi.get(api) ?? [])];
  }
}

function push<K, V>(map: Map<K, V[]>, key: K, value: V): void {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
}

function mapOf<K, K2, V>(map: Map<K, Map<K2, V>>, key: K): Map<K2, V> {
  let inner = map.get(key);
  if (!inner) map.set(key, (inner = new Map()));
  return inner;
}

function cmp(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** Listed message → anchored regex in which each token holding a digit (`10`, `node-1`) matches any token. */
function loosePattern(message: string): RegExp {
  const parts = message.split(/[\w-]*\d[\w-]*/);
  return new RegExp(`^${parts.map(escapeRegExp).join('[^\\s,;]+')}$`, 'i');
}

function escapeRegExp(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** Optimal string alignment distance: Levenshtein plus adjacent transpositions (`1110` → `1101` is 1). */
export function editDistance(a: string, b: string): number {
  const rows: number[][] = [];
  for (let i = 0; i <= a.length; i++) {
    rows.push([i]);
    for (let j = 1; j <= b.length; j++) {
      if (i === 0) {
        rows[0].push(j);
        continue;
      }
      const sub = a[i - 1] === b[j - 1] ? 0 : 1;
      let d = Math.min(rows[i - 1][j] + 1, rows[i][j - 1] + 1, rows[i - 1][j - 1] + sub);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) d = Math.min(d, rows[i - 2][j - 2] + 1);
      rows[i].push(d);
    }
  }
  return rows[a.length][b.length];
}

// ---------------------------------------------------------------------------------------------------------
// The built-in catalog
// ---------------------------------------------------------------------------------------------------------

/** The bundled data files, in catalog order. */
export const BUILTIN_CATALOG_FILES: readonly { file: string; text: string }[] = [
  { file: 'workflows.jsonc', text: workflowsText },
  { file: 'wireflow.jsonc', text: wireflowText },
  { file: 'flows.jsonc', text: flowsText },
  { file: 'orchestrator.jsonc', text: orchestratorText },
];

let builtin: Catalog | undefined;

/** The built-in catalog, parsed once. The unit tests validate the data strictly (catalogFile.ts). */
export function loadBuiltinCatalog(): Catalog {
  if (builtin) return builtin;
  const apis: ApiDescription[] = [];
  const entries: Omit<CatalogEntry, 'id'>[] = [];
  for (const { file, text } of BUILTIN_CATALOG_FILES) {
    // Bundles carry the data as minified JSON (esbuild.js), which the native parser reads in well
    // under a millisecond: activation stays cheap.
    let data: CatalogFile;
    try {
      data = JSON.parse(text) as CatalogFile;
    } catch {
      throw new Error(`built-in catalog ${file} is not minified JSON: bundle it with esbuild.js`);
    }
    apis.push(...(data.apis ?? []));
    entries.push(...(data.entries ?? []));
  }
  builtin = new Catalog(apis, entries);
  return builtin;
}
