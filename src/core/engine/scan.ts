// The scanner: one pass over a text with the catalog's trigger regex (recognition.ts). A code literal
// (`WF_1103`) is a finding; a key that anchors some body rule (`"error":`, `\"detail\":`, `error:`,
// `""errors"":`, `Detail:`) leads to the objects enclosing it, which a notation reader reads once into a
// value tree (readers/), which the body rules match (shapes.ts) and resolve.ts turns into findings.
// Objects already read are not read again, so the work stays linear in the size of the text.
//
// Wrappings are undone on the way: terminal colours everywhere first (text/ansi.ts), then per body the
// string escaping of JSON-lines and CloudWatch records (any number of levels, text/unescape.ts) and the
// doubled quotes of CSV fields (text/csv.ts), each with a map back to the original offsets.
import type { Catalog } from '../catalog/catalog';
import { findContext, type ContextMark } from './context';
import { EvidenceTracker } from './evidence';
import { EngineRules, entryRule, mapFinding, newFinding, type Finding } from './finding';
import { readGoFmt } from './readers/goFmt';
import { isCutOff, readJsonish } from './readers/jsonish';
import { readYaml, yamlBlockStart } from './readers/yaml';
import { recognitionOf, type Recognition } from './recognition';
import { contextFacts, resolveMatches, type LocatedMatch, type ResolveEnv } from './resolve';
import { matchTree, type RuleMatch } from './shapes';
import { hasAnsi, stripAnsi } from './text/ansi';
import { Triggers } from './triggers';
import { unquoteCsvField } from './text/csv';
import { unescapeOnce, type Unescaped } from './text/unescape';
import { isArr, isObj, type Notation, type Obj, type Parsed, type Value } from './tree';

export interface ScanOptions {
  /** Scan only triggers in [from, to) (offsets); bodies may extend past `to`. */
  from?: number;
  to?: number;
  /** Longest body read, in characters (a window around the trigger). */
  maxBodyLength?: number;
  /** APIs evidenced in the head of the whole document, when the text scanned is a part of it. */
  evidenceHead?: ReadonlySet<string>;
  /**
   * Told about a failure inside the engine at one place of the text (a bug: no input should cause
   * one). The scan goes on past it, so one bad body never costs the text its other findings.
   */
  onInternalError?: (offset: number, error: unknown) => void;
  /** The scan yields between slices: it needs a regex of its own (set by scanTextAsync). */
  ownRegex?: boolean;
}

/** Escape levels read: `\"` is 1, `\\\"` 2, ... (2^level - 1 backslashes). Deeper is noise. */
const MAX_ESCAPE_LEVEL = 4;
const DEFAULT_MAX_BODY = 256 * 1024;
/** More findings than this on one line is junk or an attack: the rest of the line is skipped. */
export const MAX_FINDINGS_PER_LINE = 100;
/** Escaped bodies sit in one log line; longer ones are not read. */
const MAX_ESCAPED_BODY = 64 * 1024;
/** How far back the enclosing `{` of a trigger is looked for. */
const MAX_BACK = 16 * 1024;
const MAX_BACK_LINES = 200;
/** Enclosing objects considered per trigger: real bodies sit a few levels deep at most. */
const MAX_STARTS = 16;
const MAX_OPENERS = 64;

function isWordChar(c: number): boolean {
  return (c >= 48 && c <= 57) || (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || c === 95;
}

/** The previous walk back, so the next trigger only walks the gap between them. */
export interface WalkCache {
  at: number;
  /** Unmatched openers found walking back from `at`, innermost first; `[` stored as -(pos + 1). */
  openers: number[];
}

/**
 * Where objects enclosing `pos` may start, innermost first: a `{` (or `&{`), or the `m` of Go's
 * `map[`. Walks back over the current line, and over previous lines only while the line being left
 * looks like the inside of a multi-line body (it starts with whitespace, a quote or a closing
 * bracket). With a cache of the previous walk it stops where that walk began, so a run of triggers
 * costs the text between them, not 16 KB each.
 */
export function enclosingStarts(text: string, pos: number, floor: number, cache?: WalkCache): number[] {
  const openers: number[] = [];
  let starts = 0;
  let depth = 0;
  let lines = 0;
  const stop = Math.max(floor, pos - MAX_BACK);
  const resumeAt = cache && cache.at <= pos && cache.at >= stop ? cache.at : -1;
  for (let i = pos - 1; i >= stop; i--) {
    if (i === resumeAt - 1) {
      // The previous walk began here: its openers, less those closed in between, continue ours.
      for (const o of cache!.openers) {
        if (depth > 0) depth--;
        else {
          openers.push(o);
          if (o >= 0 && ++starts >= MAX_STARTS) break;
        }
      }
      break;
    }
    const c = text.charCodeAt(i);
    if (c === 125 /* } */ || c === 93 /* ] */) depth++;
    else if (c === 123 /* { */ || c === 91 /* [ */) {
      if (depth > 0) depth--;
      else {
        openers.push(c === 123 ? i : -(i + 1));
        if ((c === 123 && ++starts >= MAX_STARTS) || openers.length >= MAX_OPENERS) break;
      }
    } else if (c === 10 /* \n */) {
      const first = text.charCodeAt(i + 1);
      const continues = first === 32 || first === 9 || first === 34 || first === 39 || first === 125 || first === 93;
      if (!continues || ++lines > MAX_BACK_LINES) break;
    }
  }
  if (cache) {
    cache.at = pos;
    cache.openers = openers;
  }
  const out: number[] = [];
  for (const o of openers) {
    if (o >= 0) {
      if (o >= stop) out.push(o > 0 && text.charCodeAt(o - 1) === 38 /* & */ ? o - 1 : o);
    } else {
      const at = -o - 1;
      if (at >= 3 + stop && text.startsWith('map', at - 3) && !isWordChar(text.charCodeAt(at - 4))) out.push(at - 3);
    }
  }
  return out;
}

/** The start of a YAML mapping line up to a trigger: `  key: ` or `  - key: ` (the trigger is the key or its value). */
const YAML_KEY_LINE = /^[ \t]*(?:- +)*(?:[\w$@./-]+:(?:[ \t]+['"]?)?)?[\w$@./-]*$/;

/** `{Detail:Workflow not running Code:WF_1102}`: a Go struct printed with %+v (unquoted values). */
const GO_STRUCT = /^\{[A-Z][A-Za-z0-9_]*:[^\s"'{[\]}]/;

/** Reads the object at `start` with the reader its opening calls for. */
function readAt(text: string, start: number, limit: number): Parsed {
  const c = text.charCodeAt(start);
  if (c === 109 /* m */ || c === 38 /* & */) return readGoFmt(text, start, limit);
  if (c === 123 && GO_STRUCT.test(text.slice(start, start + 66))) return readGoFmt(text, start, limit);
  return readJsonish(text, start, limit);
}

/** Bodies of a read that stopped on junk mid-line are kept only if they closed before it. */
function acceptable(text: string, p: Parsed, rec: Recognition, outer: readonly Obj[] = []): RuleMatch[] {
  if (p.complete || isCutOff(text, p.end)) return matchTree(p.value, rec.rules, outer);
  if (p.unclosed.size === p.ranges.size) return []; // nothing closed: junk, not worth matching
  return matchTree(p.value, rec.rules, outer).filter((h) => !p.unclosed.has(h.body));
}

/**
 * Objects already read that held no body, by start offset, with where their read ended. Each start is
 * read at most once, which keeps adversarial input (a million `{"detail":"` prefixes, deep nesting)
 * linear.
 */
class ParseMemo {
  /** Start → end of the read; stored as -(end + 1) when the read stopped before the object closed. */
  private readonly ends = new Map<number, number>();
  private limit = 4096;

  /** Where a read from `start` ended, and whether it read the whole object. */
  get(start: number): { end: number; complete: boolean } | undefined {
    const e = this.ends.get(start);
    return e === undefined ? undefined : e >= 0 ? { end: e, complete: true } : { end: -e - 1, complete: false };
  }

  /** Remembers a read that held no body, and every object inside it (they were matched too). */
  remember(start: number, end: number, complete: boolean, ranges: Map<object, [number, number]> | undefined, now: number): void {
    if (this.ends.size > this.limit) {
      // Triggers only look back MAX_BACK characters: older entries can go.
      for (const k of this.ends.keys()) if (k < now - MAX_BACK) this.ends.delete(k);
      this.limit = Math.max(4096, this.ends.size * 2);
    }
    this.ends.set(start, complete ? end : -end - 1);
    if (ranges) for (const r of ranges.values()) if (!this.ends.has(r[0])) this.ends.set(r[0], complete ? r[1] : -r[1] - 1);
  }
}

/** The matches of one read, located in the scanned text. */
function locate(hits: readonly RuleMatch[], p: Parsed, wrap: Notation[], multiline: boolean, map: (o: number) => number, fallback: [number, number]): LocatedMatch[] {
  const notation: Notation[] = [p.notation, ...wrap];
  if (multiline && p.notation !== 'yaml') notation.push('pretty');
  if (!p.complete) notation.push('truncated');
  return hits.map((h) => {
    const er = p.ranges.get(h.error as object) ?? p.ranges.get(h.body) ?? fallback;
    const br = p.ranges.get(h.body) ?? fallback;
    const start = map(er[0]);
    const end = map(er[1]);
    const located: LocatedMatch = { match: h, start, end, notation };
    if (h.error !== h.body) located.body = [map(br[0]), map(br[1])];
    return located;
  });
}

const identity = (o: number): number => o;


/** `  message: '…` up to where a body starts: a YAML key whose scalar may fold over the lines below. */
const YAML_SCALAR_START = /^([ \t]*)(?:- +)*[\w$@./-]+:[ \t]+(['"]?)/;

/**
 * The text of a YAML plain or single-quoted scalar from `start` to its end, its line breaks folded to
 * spaces (and `''` to `'`) as YAML reads them, with a map back to the original offsets. Undefined when
 * `start` is not inside such a scalar that goes on over the next line.
 */
function foldedYamlScalar(text: string, start: number, max: number, lineStart: number): { text: string; map: Int32Array } | undefined {
  if (start - lineStart > 4096) return undefined;
  const m = YAML_SCALAR_START.exec(text.slice(lineStart, start));
  if (!m || m[2] === '"') return undefined;
  const indent = m[1].length;
  const single = m[2] === "'";
  const out: string[] = [];
  const map: number[] = [];
  let i = start;
  const limit = Math.min(text.length, start + max);
  let lines = 0;
  while (i < limit) {
    const c = text.charCodeAt(i);
    if (c === 10 || c === 13) {
      // The next line continues the scalar only if it is indented deeper than the key.
      const j = i + (c === 13 && text.charCodeAt(i + 1) === 10 ? 2 : 1);
      let k = j;
      while (k < limit && (text.charCodeAt(k) === 32 || text.charCodeAt(k) === 9)) k++;
      if (k - j <= indent || k >= limit || text.charCodeAt(k) === 10 || text.charCodeAt(k) === 13 || ++lines > 200) break;
      out.push(' ');
      map.push(i);
      i = k;
      continue;
    }
    if (single && c === 39) {
      if (text.charCodeAt(i + 1) !== 39) break; // the scalar's closing quote
      out.push("'");
      map.push(i);
      i += 2;
      continue;
    }
    out.push(text[i]);
    map.push(i);
    i++;
  }
  if (lines === 0) return undefined;
  map.push(i);
  return { text: out.join(''), map: Int32Array.from(map) };
}

/**
 * For a value word at `at`: the position of its opening quote when it is a quoted value of a key
 * (`"status": "failed"`, `\"status\":\"failed\"`, `""status"":""failed""`), -1 when it is a bare
 * value (`status: failed`, `status:failed`, `:failed`), -2 when it is not a value at all (prose).
 */
function valueQuote(text: string, at: number): number {
  let i = at - 1;
  let quote = -1;
  const c0 = text.charCodeAt(i);
  if (c0 === 34 || c0 === 39) {
    quote = i;
    i--;
    while (i >= 0 && i > at - 24 && (text.charCodeAt(i) === 92 || text.charCodeAt(i) === 34)) i--;
  }
  while (i >= 0 && i > at - 40 && (text.charCodeAt(i) === 32 || text.charCodeAt(i) === 9)) i--;
  const c = text.charCodeAt(i);
  // `:` after a key, `=>` (Ruby), or a Ruby symbol value `:failed` (then the word follows the colon).
  if (c === 58 /* : */ || (c === 62 /* > */ && text.charCodeAt(i - 1) === 61)) return quote;
  return -2;
}

/**
 * Line bounds around positions that mostly move forward: each line's start and end are searched for
 * once, so a text of one 11 MB line costs one search, not one per trigger on it.
 */
class Lines {
  private start = 0;
  private end = -1;

  constructor(private readonly text: string) {}

  /** [start, end) of the line holding `pos` (end at the line break or the end of the text). */
  at(pos: number): [number, number] {
    if (pos >= this.start && pos <= this.end) return [this.start, this.end];
    const { text } = this;
    // Moving forward from the cached line, the break before `pos` is at or after its end.
    this.start = text.lastIndexOf('\n', pos - 1) + 1;
    const e = text.indexOf('\n', pos);
    this.end = e < 0 ? text.length : e;
    return [this.start, this.end];
  }
}

/**
 * A resumable scan: `step(n)` handles up to n triggers, so callers can yield to the event loop
 * between slices (the editor must never block for long on a 50 MB log).
 */
export class Scan {
  readonly findings: Finding[] = [];
  private readonly rec: Recognition;
  private readonly triggers: Triggers;
  private readonly to: number;
  private readonly env: ResolveEnv;
  /** Level-0 bodies already read end here: triggers before it are part of them. */
  private coveredUntil = 0;
  /** End of the last body found, to keep code literals inside it from becoming findings of their own. */
  private lastBodyEnd = -1;
  /** Per escape level, where the last escaped read ended; and the same for CSV fields. */
  private readonly escapedUntil = [0, 0, 0, 0, 0];
  private csvUntil = 0;
  private readonly memo = new ParseMemo();
  private readonly walk: WalkCache = { at: -1, openers: [] };
  private readonly lines: Lines;
  /** The last log record read around an escaped body (its tree gives the body's surroundings). */
  private outer: { start: number; end: number; p: Parsed } | undefined;
  private done = false;
  /** Findings on the current line, and where that line ends. */
  private lineEnd = -1;
  private lineFindings = 0;

  constructor(
    private readonly text: string,
    private readonly catalog: Catalog,
    private readonly options: ScanOptions = {},
  ) {
    this.rec = recognitionOf(catalog);
    this.lines = new Lines(text);
    // A scan that runs to its end at once shares the catalog's compiled regexes; one that yields
    // between slices (and so may interleave with another) has its own.
    this.triggers = new Triggers(this.rec, text, options.from ?? 0, options.ownRegex === true);
    this.to = Math.min(options.to ?? text.length, text.length);
    const evidence = new EvidenceTracker(this.rec.evidence, text, options.evidenceHead);
    // The errors of one body ask for the same context: the last answer is kept.
    let last: { s: number; e: number; marks: ContextMark[] } | undefined;
    const contextOf = (s: number, e: number): ContextMark[] => {
      if (!last || last.s !== s || last.e !== e) last = { s, e, marks: findContext(text, s, e) };
      return last.marks;
    };
    this.env = { catalog, evidence, contextOf };
  }

  get finished(): boolean {
    return this.done;
  }

  /** Offset the scan has reached. */
  get position(): number {
    return this.done ? this.to : this.triggers.position;
  }

  /** Handles up to `budget` triggers; returns true when the scan is complete. */
  step(budget = Infinity): boolean {
    const { triggers } = this;
    while (budget-- > 0) {
      const m = triggers.next();
      if (!m || m.index >= this.to) {
        this.done = true;
        return true;
      }
      try {
        this.trigger(m);
      } catch (e) {
        this.options.onInternalError?.(m.index, e);
      }
    }
    return false;
  }

  /** Handles one match of the trigger regex. */
  private trigger(m: RegExpExecArray): void {
    const { text } = this;
    {
      const at = m.index;
      if (m[1] !== undefined) {
        this.codeLiteral(at, m[1]);
        return;
      }
      let q = at;
      if (m[4] !== undefined) {
        // A value word: only as the value of a key (`"status": "failed"`, `status: failed`, `:failed`).
        const w = m.index + m[0].length - m[4].length;
        q = valueQuote(text, w);
        if (q === -2) return;
        if (q === -1) {
          this.plainKey(w, true);
          return;
        }
      }
      if (m[4] === undefined && !this.gateOpen((m[2] ?? m[3]).toLowerCase(), at + m[0].length)) return;
      const c = text.charCodeAt(q);
      if (c === 34 /* " */ || c === 39 /* ' */) {
        let slashes = 0;
        while (slashes < 1 << MAX_ESCAPE_LEVEL && q - slashes > 0 && text.charCodeAt(q - slashes - 1) === 92) slashes++;
        if (slashes > 0) this.escapedKey(q, slashes);
        else if (c === 34 && q > 0 && text.charCodeAt(q - 1) === 34) this.csvKey(q);
        else this.plainKey(q, false);
      } else {
        // A bare key: not the tail of a longer word or path (`terror:`, `obj.error:`, `x-error:`).
        const b = at > 0 ? text.charCodeAt(at - 1) : 32;
        if (isWordChar(b) || b === 36 /* $ */ || b === 46 /* . */ || b === 45 /* - */ || b === 64 /* @ */) return;
        this.plainKey(at, true);
      }
    }
  }

  /**
   * The quick checks of a trigger key (KeyGate): the value after it, and the other keys its rules need
   * somewhere on its line (or, for a line that opens a multi-line body, nearby). `after` is where the
   * trigger match ended. Conservative: whatever it cannot tell passes.
   */
  private gateOpen(key: string, after: number): boolean {
    const gate = this.rec.rules.gates.get(key);
    if (!gate || (!gate.value && !gate.keys && !gate.items)) return true;
    if (this.deadKeys?.has(key)) return false;
    const { text } = this;
    let i = after;
    // Past the colon (a bare key's match ends before it), spaces, escapes and quotes of the value.
    while (i < text.length && i < after + 16) {
      const c = text.charCodeAt(i);
      if (c === 32 || c === 9 || c === 58 || c === 61 || c === 62) i++;
      else break;
    }
    if (gate.value) {
      let j = i;
      while (j < text.length && j < i + 8 && text.charCodeAt(j) === 92) j++;
      const c = text.charCodeAt(j);
      // null, None, nil, undefined, true, false, True, False: the first letter says whether to look.
      const word = c === 110 || c === 78 || c === 117 || c === 116 || c === 102 || c === 84 || c === 70 ? /^(?:null|None|nil|undefined|true|false|True|False)\b/.exec(text.slice(j, j + 10))?.[0] : undefined;
      let ok = false;
      for (const kind of gate.value) {
        if (kind === 'present') ok ||= word === undefined || word === 'true' || word === 'false' || word === 'True' || word === 'False';
        else if (kind === 'string') ok ||= c === 34 || c === 39 || c === 96 || ((c >= 97 && c <= 122) || (c >= 65 && c <= 90)) && word === undefined || c === 10 || c === 13 || j >= text.length;
        else if (kind === 'array') ok ||= c === 91 || c === 10 || c === 13 || c === 34 || j >= text.length;
        else if (kind === 'number') ok ||= (c >= 48 && c <= 57) || c === 45 || c === 34 || c === 39;
        else ok = true;
        if (ok) break;
      }
      if (!ok) return false;
      // An empty array (`"errors": []`) holds no error for rules that read its items.
      if (gate.items && c === 91) {
        let k = j + 1;
        while (k < text.length && (text.charCodeAt(k) === 32 || text.charCodeAt(k) === 9)) k++;
        if (text.charCodeAt(k) === 93) return false;
      }
    }
    if (gate.keys) {
      const [from, to] = this.lines.at(after);
      let t = to;
      while (t > after && (text.charCodeAt(t - 1) === 32 || text.charCodeAt(t - 1) === 13 || text.charCodeAt(t - 1) === 9)) t--;
      const last = text.charCodeAt(t - 1);
      // A line that ends its record (`}`, `]`, `)`) is the record; any other may go on below.
      // A one-line record is its line, read once for all the words. A long line (minified or
      // hostile) or a record over several lines gets a window around the trigger, searched through a
      // per-word cache so the whole scan reads the text about once per word.
      const oneLine = to - from <= 4096 && t !== after && (last === 125 || last === 93 || last === 41);
      const line = oneLine ? text.slice(from, to) : '';
      const long = to - from > 4096;
      const a = oneLine ? from : long ? Math.max(from, after - 512) : Math.max(0, after - 2048);
      const b = oneLine ? to : long ? Math.min(to, after + 512) : Math.min(text.length, after + 2048);
      let anyRule = false;
      for (const needed of gate.keys) {
        let all = true;
        for (const [k, K] of needed) {
          const here = oneLine ? line.includes(k) || line.includes(K) : this.occursIn(k, a, b) || this.occursIn(K, a, b);
          if (!here) {
            all = false;
            break;
          }
        }
        if (all) {
          anyRule = true;
          break;
        }
      }
      if (!anyRule) {
        // When every rule lacks a word that occurs nowhere further on, no later trigger of this key
        // can pass either: a million of them cost a lookup each.
        if (gate.keys.every((needed) => needed.some(([k, K]) => this.nowhereAfter(k, after) && this.nowhereAfter(K, after)))) {
          (this.deadKeys ??= new Set()).add(key);
          this.triggers.dropKey(key);
        }
        return false;
      }
    }
    return true;
  }

  /** Trigger keys whose rules cannot match anywhere further on in this text. */
  private deadKeys: Set<string> | undefined;

  /**
   * True when `word` occurs nowhere that the window of a trigger at or after `pos` can reach (windows
   * reach at most 2,048 characters back): searched through the same cache.
   */
  private nowhereAfter(word: string, pos: number): boolean {
    const from = Math.max(0, pos - 2048);
    this.occursIn(word, from, from);
    const c = this.nextAt.get(word)!;
    return c.at < 0 && c.from <= from;
  }

  /** Per word, where the last search for it started (`from`) and where it found it (`at`, -1: nowhere after). */
  private readonly nextAt = new Map<string, { from: number; at: number }>();

  /** Whether `word` occurs in text[from, to); each word's searches together read the text about once. */
  private occursIn(word: string, from: number, to: number): boolean {
    const { text } = this;
    let c = this.nextAt.get(word);
    if (!c) this.nextAt.set(word, (c = { from, at: text.indexOf(word, from) }));
    else if (from < c.from) {
      // Searching further back: only the gap before the last search is new.
      const gap = text.slice(from, c.from + word.length - 1).indexOf(word);
      c.from = from;
      if (gap >= 0) c.at = from + gap;
    } else if (c.at >= 0 && c.at < from) {
      c.from = from;
      c.at = text.indexOf(word, from);
    }
    return c.at >= 0 && c.at + word.length <= to;
  }

  /**
   * The fast path for the most common record, strict JSON that is the rest of its line (JSON-lines):
   * the native parser decides whether it holds any body at all. Only a record that does is read again
   * by the forgiving reader, for the offsets of what it holds. Undefined when the fast path does not apply.
   */
  private noBodyInJsonLine(s: number, maxBody: number): number | undefined {
    const { text } = this;
    if (text.charCodeAt(s) !== 123) return undefined;
    let e = this.lines.at(s)[1];
    if (e - s > maxBody) return undefined;
    while (e > s && (text.charCodeAt(e - 1) === 32 || text.charCodeAt(e - 1) === 13 || text.charCodeAt(e - 1) === 9)) e--;
    if (text.charCodeAt(e - 1) !== 125) return undefined;
    let value: Value;
    try {
      value = JSON.parse(text.slice(s, e)) as Value;
    } catch {
      return undefined;
    }
    return matchTree(value, this.rec.rules).length === 0 ? e : undefined;
  }

  private codeLiteral(at: number, code: string): void {
    const { text } = this;
    // Not part of a longer token, and not inside a body already reported.
    if ((at > 0 && isWordChar(text.charCodeAt(at - 1))) || isWordChar(text.charCodeAt(at + code.length))) return;
    if (at < this.lastBodyEnd) return;
    if (this.lineFull(at)) return;
    const api = this.catalog.codeApi(code);
    if (!api) return;
    const entry = this.catalog.findCode(code, api) ?? this.catalog.lookupCode(api, code, false);
    const end = at + code.length;
    const context = findContext(text, at, end);
    const f = newFinding({
      rule: entry ? entryRule(api, entry.code) : EngineRules.unknownCode,
      kind: 'code',
      api,
      entry: entry?.id ?? null,
      code,
      status: entry && entry.statuses.length === 1 ? entry.statuses[0] : null,
      start: at,
      end,
      notation: ['literal'],
      facts: contextFacts(context),
      context,
    });
    const status = context.find((m) => m.kind === 'status');
    if (status && (!entry || entry.statuses.length === 0 || entry.statuses.includes(Number(status.value)))) f.status = Number(status.value);
    if (!entry) {
      const near = this.catalog.nearestCodes(code, 3);
      if (near.length) f.suggestions = near.map((e) => e.id);
      const category = this.catalog.categoryOf(api, code);
      if (category) f.category = category;
    }
    this.findings.push(f);
  }

  /** A key outside any string: read the objects enclosing it (or, for a bare key starting a line, its YAML block). */
  private plainKey(at: number, bare: boolean): void {
    if (at < this.coveredUntil) return;
    const { text } = this;
    const maxBody = this.options.maxBodyLength ?? DEFAULT_MAX_BODY;
    const starts = enclosingStarts(text, at, 0, this.walk);
    let innermostEnd = at + 1;
    // Outermost first: a log record around the body lends it its status and request id. A record
    // that holds no body (its error text is a string) hands over to the objects inside it.
    for (let i = starts.length - 1; i >= 0; i--) {
      const s = starts[i];
      const known = this.memo.get(s);
      if (known !== undefined) {
        // A whole object around the trigger was read already and held no body: nor does anything in it.
        if (known.complete && known.end > at) return;
        if (i === 0) innermostEnd = Math.max(innermostEnd, known.end);
        continue;
      }
      const clean = this.noBodyInJsonLine(s, maxBody);
      if (clean !== undefined && clean > at) {
        this.memo.remember(s, clean, true, undefined, at);
        return;
      }
      let p = readAt(text, s, Math.min(text.length, s + maxBody));
      let map = identity;
      let wrap: Notation[] = [];
      let read = text;
      // A body in a YAML scalar folded over several lines (kubectl's `message: '… {"error":"…` ).
      if (!p.complete) {
        const folded = foldedYamlScalar(text, s, maxBody, this.lines.at(s)[0]);
        if (folded) {
          const q = readJsonish(folded.text, 0);
          if (q.complete || q.end > p.end - s) {
            p = q;
            read = folded.text;
            map = (o) => folded.map[Math.min(Math.max(o, 0), folded.map.length - 1)];
            wrap = ['yaml'];
          }
        }
      }
      const end = map(p.end);
      const hits = end <= at ? [] : acceptable(read, p, this.rec); // closed before the trigger: a brace in a string misled us
      if (hits.length === 0) {
        // Only a read that saw everything inside vouches for the objects in it.
        this.memo.remember(s, end, p.complete && !p.skipped && !wrap.length, wrap.length ? undefined : p.ranges, at);
        if (i === 0) innermostEnd = Math.max(innermostEnd, end);
        continue;
      }
      const multiline = this.lines.at(s)[1] < end;
      this.coveredUntil = Math.max(this.coveredUntil, end);
      this.push(locate(hits, p, wrap, multiline && !wrap.length, map, [0, p.end]));
      return;
    }
    this.coveredUntil = Math.max(this.coveredUntil, starts.length ? innermostEnd : 0);
    // No object around it held a body: a bare key (or value) on a `key: value` line may be YAML's.
    if (bare) this.yamlKey(at);
  }

  /** A bare key, or the value of one, on a YAML `key: value` line (indented, or a `- ` item). */
  private yamlKey(at: number): void {
    const { text } = this;
    const lineStart = this.lines.at(at)[0];
    if (at - lineStart > 512 || !YAML_KEY_LINE.test(text.slice(lineStart, at + 1))) return;
    const start = yamlBlockStart(text, at);
    if (this.memo.get(start) !== undefined) return;
    const maxBody = this.options.maxBodyLength ?? DEFAULT_MAX_BODY;
    const p = readYaml(text, start, Math.min(text.length, start + maxBody));
    const hits = p.end <= at ? [] : acceptable(text, p, this.rec);
    if (hits.length === 0) {
      this.memo.remember(start, p.end, p.complete, p.ranges, at);
      return;
    }
    this.coveredUntil = Math.max(this.coveredUntil, p.end);
    this.push(locate(hits, p, [], true, identity, [start, p.end]));
  }

  /** A key escaped `level` times inside a string literal (`{\"error\":…}` in a JSON-lines record). */
  private escapedKey(at: number, slashes: number): void {
    // `\"` is level 1, `\\\"` level 2: 2^level - 1 backslashes; anything else is not an escape.
    const level = Math.log2(slashes + 1);
    if (!Number.isInteger(level) || level > MAX_ESCAPE_LEVEL) return;
    if (at < this.escapedUntil[level]) return;
    const { text } = this;
    const quote = text[at];
    // The body's own `{` is followed by a key quoted exactly like the trigger's.
    const opening = '\\'.repeat(slashes) + quote;
    const starts = enclosingStarts(text, at - slashes, 0, this.walk).filter((s) => {
      let k = s + 1;
      while (k < text.length && (text.charCodeAt(k) === 32 || text.charCodeAt(k) === 9)) k++;
      return text.startsWith(opening, k) || (text.startsWith('\\n', k) && level === 1);
    });
    if (starts.length === 0) return;
    const s = starts[starts.length - 1];
    const maxBody = Math.min(this.options.maxBodyLength ?? DEFAULT_MAX_BODY, MAX_ESCAPED_BODY);
    const limit = Math.min(this.lines.at(s)[1], s + maxBody);
    for (let window = 2048; ; window *= 8) {
      const to = Math.min(limit, s + window);
      let un: Unescaped | undefined;
      for (let l = 0; l < level; l++) un = un ? unescapeOnce(un.text, 0, un.text.length, un.map) : unescapeOnce(text, s, to);
      if (!un || un.text.charCodeAt(0) !== 123) return;
      const p = readJsonish(un.text, 0);
      // Ran out of unescaped text mid-body while more of the line is left: read a larger window.
      if (!p.complete && p.end >= un.text.length && to < limit) continue;
      const map = un.map;
      const toSource = (o: number): number => map[Math.min(Math.max(o, 0), map.length - 1)];
      const end = toSource(p.end);
      this.escapedUntil[level] = Math.max(at + 1, end);
      // The record around the string (a HAR entry's response, a log record) is read only for a body found.
      let hits = acceptable(un.text, p, this.rec);
      if (hits.length) {
        const outer = this.outerRecord(s);
        if (outer.length) hits = acceptable(un.text, p, this.rec, outer);
      }
      if (hits.length) this.push(locate(hits, p, ['escaped'], false, toSource, [0, p.end]));
      return;
    }
  }

  /** A key in a CSV field (`""error"":`): the field's doubled quotes undone, over lines if need be. */
  private csvKey(at: number): void {
    if (at < this.csvUntil) return;
    const { text } = this;
    // The body's brace opens the field (`"{""error"":…`) or sits inside it, after text or a line break.
    const starts = enclosingStarts(text, at - 1, 0, this.walk).filter((s) => text.charCodeAt(s) === 123);
    if (starts.length === 0) return;
    const s = starts[starts.length - 1];
    const field = unquoteCsvField(text, s, Math.min(this.options.maxBodyLength ?? DEFAULT_MAX_BODY, MAX_ESCAPED_BODY));
    this.csvUntil = Math.max(at + 1, field.end);
    const p = readJsonish(field.text, 0);
    const toSource = (o: number): number => field.map[Math.min(Math.max(o, 0), field.map.length - 1)];
    const hits = acceptable(field.text, p, this.rec);
    if (hits.length) this.push(locate(hits, p, ['csv'], field.text.includes('\n'), toSource, [0, p.end]));
  }

  /**
   * The objects around a string that holds an escaped body, nearest first (a HAR entry's `content`,
   * `response` with its status and headers), read from the record that holds the string.
   */
  private outerRecord(stringPos: number): Obj[] {
    const { text } = this;
    const starts = enclosingStarts(text, stringPos, 0).filter((s) => text.charCodeAt(s) === 123);
    // The body's own `{` is inside the string; the record's are further out. Take the outermost.
    if (starts.length < 2) return [];
    const s = starts[starts.length - 1];
    let rec = this.outer;
    if (!rec || rec.start !== s) {
      const p = readJsonish(text, s, Math.min(text.length, s + DEFAULT_MAX_BODY));
      rec = this.outer = { start: s, end: p.end, p };
    }
    if (rec.end <= stringPos) return [];
    // Walk down the containers whose ranges hold the string.
    const chain: Obj[] = [];
    let node: Value | undefined = rec.p.value;
    for (let depth = 0; node !== undefined && depth < 32; depth++) {
      if (isObj(node)) chain.push(node);
      let next: Value | undefined;
      const children: Value[] = isArr(node) ? node : isObj(node) ? Object.values(node) : [];
      for (const child of children) {
        if (typeof child !== 'object' || child === null) continue;
        const r = rec.p.ranges.get(child);
        if (r && r[0] <= stringPos && stringPos < r[1]) {
          next = child;
          break;
        }
      }
      node = next;
    }
    return chain.reverse();
  }

  /** Counts a finding at `at` against its line; true when the line already has too many. */
  private lineFull(at: number): boolean {
    if (at >= this.lineEnd) {
      const nl = this.text.indexOf('\n', at);
      this.lineEnd = nl < 0 ? this.text.length : nl;
      this.lineFindings = 0;
    }
    if (++this.lineFindings <= MAX_FINDINGS_PER_LINE) return false;
    this.triggers.skipTo(this.lineEnd);
    return true;
  }

  private push(located: LocatedMatch[]): void {
    const kept = located.filter((l) => !this.lineFull(l.start));
    if (kept.length === 0) return;
    const first = Math.min(...kept.map((l) => l.body?.[0] ?? l.start));
    // Code literals reported just before their body (inside its range) are superseded by it.
    while (this.findings.length) {
      const last = this.findings[this.findings.length - 1];
      if (last.kind !== 'code' || last.start < first) break;
      this.findings.pop();
    }
    for (const f of resolveMatches(kept, this.env)) {
      this.findings.push(f);
      this.lastBodyEnd = Math.max(this.lastBodyEnd, f.body?.[1] ?? f.end);
    }
  }
}

function byStart(a: Finding, b: Finding): number {
  return a.start - b.start || a.end - b.end;
}

/**
 * Scans the whole text (or [from, to)) and returns its findings in document order. Terminal colour
 * codes are taken out first when there are any; offsets still refer to `text`.
 */
export function scanText(text: string, catalog: Catalog, options?: ScanOptions): Finding[] {
  if (hasAnsi(text)) return scanStripped(text, catalog, options);
  const scan = new Scan(text, catalog, options);
  scan.step();
  return scan.findings.sort(byStart);
}

function scanStripped(text: string, catalog: Catalog, options: ScanOptions = {}): Finding[] {
  const view = stripAnsi(text);
  // [from, to) in the view: the first view offset whose source offset reaches them.
  const toView = (o: number | undefined): number | undefined => {
    if (o === undefined) return undefined;
    let lo = 0;
    let hi = view.text.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (view.toSource(mid) < o) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  };
  const scan = new Scan(view.text, catalog, { ...options, from: toView(options.from), to: toView(options.to) });
  scan.step();
  return scan.findings.map((f) => {
    const g = mapFinding(f, (o) => view.toSource(o));
    if (!g.notation.includes('ansi')) g.notation = [...g.notation, 'ansi'];
    return g;
  }).sort(byStart);
}

/**
 * Scans without blocking: runs slices of at most `sliceMs` and yields between them. Stops early
 * (returning what it has) when `isCancelled()` turns true.
 */
export async function scanTextAsync(
  text: string,
  catalog: Catalog,
  options: ScanOptions & { sliceMs?: number; isCancelled?: () => boolean; onProgress?: (offset: number) => void } = {},
): Promise<Finding[]> {
  if (hasAnsi(text)) return scanStripped(text, catalog, options);
  const scan = new Scan(text, catalog, { ...options, ownRegex: true });
  const sliceMs = options.sliceMs ?? 20;
  for (;;) {
    const t0 = Date.now();
    let done = false;
    while (!done && Date.now() - t0 < sliceMs) done = scan.step(256);
    options.onProgress?.(scan.position);
    if (done || options.isCancelled?.()) break;
    await new Promise<void>((resolve) => setTimeout(resolve, 0));
  }
  return scan.findings.sort(byStart);
}

export type { Finding } from './finding';
