// Reads a YAML block mapping (or block sequence) as the value tree: the YAML that tools print around
// API errors — Ansible's yaml callback (`fatal: [web1]: FAILED! =>` and an indented block with `json:`,
// `status: 403`), `kubectl get -o yaml`, GitHub Actions logs. A bounded subset of YAML 1.2
// (https://yaml.org/spec/1.2.2/): block mappings and sequences, plain, quoted and block scalars,
// one-level flow collections, comments; anchors and tags are skipped, aliases stay Opaque; one document.
//
// Lines are visited a bounded number of times (each level of nesting looks at the line that ends it),
// so the work is linear in the text read; nesting stops at MAX_DEPTH.
import { MAX_DEPTH, newObj, Opaque, type Obj, type Parsed, type Reader, type Value } from '../tree';

const TAB = 9;
const LF = 10;
const CR = 13;
const SP = 32;
const QUOTE = 34;
const HASH = 35;
const AMP = 38;
const APOS = 39;
const STAR = 42;
const COMMA = 44;
const DASH = 45;
const DOT = 46;
const COLON = 58;
const QUESTION = 63;
const LBRACK = 91;
const BACKSLASH = 92;
const RBRACK = 93;
const LBRACE = 123;
const RBRACE = 125;
const BANG = 33;
const PIPE = 124;
const GT = 62;

/** How far yamlBlockStart walks up. */
const MAX_BACK_LINES = 200;
const MAX_BACK_CHARS = 16 * 1024;

/** All-caps log levels: `ERROR: request failed` opens a log line, not a mapping. */
const LOG_LEVELS = new Set(['ERROR', 'ERR', 'WARN', 'WARNING', 'INFO', 'DEBUG', 'TRACE', 'FATAL', 'CRITICAL', 'PANIC', 'NOTICE']);

/** One line: its start, indentation (spaces only, as YAML wants), content start and end (before `\r\n`). */
interface Line {
  ls: number;
  indent: number;
  cs: number;
  ce: number;
  /** Start of the next line, or the limit. */
  next: number;
  /** The line ran into the limit (no line break before it). */
  atLimit: boolean;
}

function isWs(ch: number): boolean {
  return ch === SP || ch === TAB;
}

/** Characters that cannot start a plain scalar (YAML 1.2 c-indicator, less `-?:` which depend on what follows). */
function isIndicator(ch: number): boolean {
  return (
    ch === LBRACK || ch === RBRACK || ch === LBRACE || ch === RBRACE || ch === COMMA || ch === HASH || ch === AMP ||
    ch === STAR || ch === BANG || ch === PIPE || ch === GT || ch === QUOTE || ch === APOS || ch === 37 || ch === 64 || ch === 96
  );
}

function isFlowIndicator(ch: number): boolean {
  return ch === COMMA || ch === LBRACK || ch === RBRACK || ch === LBRACE || ch === RBRACE;
}

const INT = /^[-+]?[0-9]+$/;
const OCT = /^0o[0-7]+$/;
const HEX = /^0x[0-9a-fA-F]+$/;
const FLOAT = /^[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)(?:[eE][-+]?[0-9]+)?$/;
const INF = /^[-+]?\.(?:inf|Inf|INF)$/;
const NAN = /^\.(?:nan|NaN|NAN)$/;

/** A plain scalar typed as the YAML 1.2 core schema says (an integer past 2^53 keeps its digits). */
function typePlain(s: string): Value {
  switch (s) {
    case '':
    case '~':
    case 'null':
    case 'Null':
    case 'NULL':
      return null;
    case 'true':
    case 'True':
    case 'TRUE':
      return true;
    case 'false':
    case 'False':
    case 'FALSE':
      return false;
  }
  if (s.length > 64) return s;
  const first = s.charCodeAt(0);
  if (!(first === DASH || first === 43 || first === DOT || (first >= 48 && first <= 57))) return s;
  let n: number | undefined;
  if (INT.test(s)) n = Number(s);
  else if (OCT.test(s)) n = parseInt(s.slice(2), 8);
  else if (HEX.test(s)) n = parseInt(s.slice(2), 16);
  else if (FLOAT.test(s)) return Number(s);
  else if (INF.test(s)) return first === DASH ? -Infinity : Infinity;
  else if (NAN.test(s)) return NaN;
  else return s;
  return Number.isSafeInteger(n) ? n : s;
}

function hexValue(ch: number): number {
  if (ch >= 48 && ch <= 57) return ch - 48;
  if (ch >= 97 && ch <= 102) return ch - 87;
  if (ch >= 65 && ch <= 70) return ch - 55;
  return -1;
}

/** Single-character escapes of double-quoted YAML. */
const ESCAPES: Record<string, string> = {
  '0': '\0', a: '\x07', b: '\b', t: '\t', '\t': '\t', n: '\n', v: '\v', f: '\f', r: '\r', e: '\x1b', ' ': ' ',
  '"': '"', '/': '/', '\\': '\\', N: '\u0085', _: '\u00a0', L: '\u2028', P: '\u2029',
};

interface Key {
  key: string;
  colon: number;
}

type LineKind = 'blank' | 'comment' | 'marker' | 'entry' | 'item' | 'other';

interface LineClass {
  kind: LineKind;
  indent: number;
  /** entry, or item holding an entry: nothing after the colon but properties or a comment (children follow). */
  opens: boolean;
  /** entry: the value is YAML as an emitter writes it (not `[web1]: FAILED! =>`, not `a: b: c`). */
  strict: boolean;
  /** item: what follows the dash(es), and at which column. */
  content: 'empty' | 'entry' | 'scalar';
  contentCol: number;
}

class YamlReader {
  private readonly log: Array<[object, number, number]> = [];
  private readonly unclosed = new Set<object>();
  /** Start of the first line not yet consumed. */
  private pos = 0;
  /** End of the last significant text consumed: where the entry just read ends. */
  private lastEnd = 0;
  /** Past MAX_DEPTH, or an unterminated quote or flow collection at the end of the text. */
  private stopped = false;
  /** Wanted text at or past a limit that cut the text short. */
  private hitCut = false;
  private memoFrom = -1;
  private memoLine: Line | undefined;

  constructor(
    private readonly text: string,
    private readonly lim: number,
    private readonly cutAtLimit: boolean,
  ) {}

  private get incomplete(): boolean {
    return this.stopped || this.hitCut;
  }

  private ch(i: number): number {
    return i < this.lim ? this.text.charCodeAt(i) : -1;
  }

  // ---- lines ----

  line(ls: number): Line {
    const { text, lim } = this;
    let i = ls;
    while (i < lim && text.charCodeAt(i) === SP) i++;
    const cs = i;
    while (i < lim && text.charCodeAt(i) !== LF) i++;
    const le = i;
    const ce = le > cs && text.charCodeAt(le - 1) === CR ? le - 1 : le;
    return { ls, indent: cs - ls, cs: Math.min(cs, ce), ce, next: le < lim ? le + 1 : lim, atLimit: le >= lim };
  }

  private isBlank(l: Line): boolean {
    for (let i = l.cs; i < l.ce; i++) if (!isWs(this.text.charCodeAt(i))) return false;
    return true;
  }

  private isDocMarker(l: Line): boolean {
    if (l.indent !== 0 || l.ce - l.cs < 3) return false;
    const t = this.text;
    const c = t.charCodeAt(l.cs);
    if ((c !== DASH && c !== DOT) || t.charCodeAt(l.cs + 1) !== c || t.charCodeAt(l.cs + 2) !== c) return false;
    return l.cs + 3 >= l.ce || isWs(t.charCodeAt(l.cs + 3));
  }

  private consume(l: Line): void {
    this.pos = l.next;
    if (l.atLimit && this.cutAtLimit) this.hitCut = true;
  }

  /** The next line with content (blank and comment lines skipped), or undefined at a document marker or the end. */
  private nextSignificant(from: number): Line | undefined {
    if (from === this.memoFrom) return this.memoLine;
    let ls = from;
    let found: Line | undefined;
    for (;;) {
      if (ls >= this.lim) {
        if (this.cutAtLimit) this.hitCut = true;
        break;
      }
      const l = this.line(ls);
      if (!this.isBlank(l) && this.text.charCodeAt(l.cs) !== HASH) {
        if (!this.isDocMarker(l)) found = l;
        break;
      }
      ls = l.next;
    }
    this.memoFrom = from;
    this.memoLine = found;
    return found;
  }

  private skipWs(i: number, end: number): number {
    while (i < end && isWs(this.text.charCodeAt(i))) i++;
    return i;
  }

  /** A comment starts at i (`#` at the start of the content or after white space). */
  private isCommentAt(i: number, from: number): boolean {
    return this.text.charCodeAt(i) === HASH && (i === from || isWs(this.text.charCodeAt(i - 1)));
  }

  private isSeqItem(i: number, ce: number): boolean {
    return i < ce && this.text.charCodeAt(i) === DASH && (i + 1 >= ce || isWs(this.text.charCodeAt(i + 1)));
  }

  // ---- keys ----

  /** The key of a `key: value` entry at i, or undefined when the line is not one (or looks like a log line). */
  entryKey(i: number, ce: number): Key | undefined {
    if (i >= ce) return undefined;
    const t = this.text;
    const c = t.charCodeAt(i);
    if (c === QUOTE || c === APOS) {
      const q = this.inlineQuoted(i, ce);
      if (q === undefined) return undefined;
      const j = this.skipWs(q.end, ce);
      if (j >= ce || t.charCodeAt(j) !== COLON) return undefined;
      // `"k":v` is allowed after a quoted (JSON-like) key
      return { key: q.value, colon: j };
    }
    if (isIndicator(c)) return undefined;
    if ((c === DASH || c === QUESTION || c === COLON) && (i + 1 >= ce || isWs(t.charCodeAt(i + 1)))) return undefined;
    for (let j = i + 1; j < ce; j++) {
      const d = t.charCodeAt(j);
      if (d === COLON && (j + 1 >= ce || isWs(t.charCodeAt(j + 1)))) {
        let e = j;
        while (e > i && isWs(t.charCodeAt(e - 1))) e--;
        const key = t.slice(i, e);
        return plainKeyOk(key) ? { key, colon: j } : undefined;
      }
      if (d === HASH && isWs(t.charCodeAt(j - 1))) return undefined;
    }
    return undefined;
  }

  /** A quoted scalar closed on this line (keys, strictness checks): its value and end. */
  private inlineQuoted(i: number, ce: number): { value: string; end: number } | undefined {
    const close = this.closingQuote(i, ce);
    return close < 0 ? undefined : { value: this.decodeQuoted(i + 1, close, this.text.charCodeAt(i) === QUOTE), end: close + 1 };
  }

  /** Offset of the quote closing the one at i on this line, or -1. */
  private closingQuote(i: number, ce: number): number {
    const t = this.text;
    const q = t.charCodeAt(i);
    for (let j = i + 1; j < ce; j++) {
      const c = t.charCodeAt(j);
      if (q === QUOTE && c === BACKSLASH) j++;
      else if (c === q) {
        if (q === APOS && j + 1 < ce && t.charCodeAt(j + 1) === APOS) j++;
        else return j;
      }
    }
    return -1;
  }

  /** Text of a quoted scalar between from and to, escapes resolved (`\n` in "…", `''` in '…'). */
  private decodeQuoted(from: number, to: number, double: boolean): string {
    const t = this.text;
    const parts: string[] = [];
    let run = from;
    for (let j = from; j < to; j++) {
      const c = t.charCodeAt(j);
      if (!double) {
        if (c === APOS && j + 1 < to && t.charCodeAt(j + 1) === APOS) {
          parts.push(t.slice(run, j + 1));
          j++;
          run = j + 1;
        }
        continue;
      }
      if (c !== BACKSLASH || j + 1 >= to) continue;
      parts.push(t.slice(run, j));
      const e = t[j + 1];
      const digits = e === 'x' ? 2 : e === 'u' ? 4 : e === 'U' ? 8 : 0;
      if (digits) {
        let cp = 0;
        let ok = j + 2 + digits <= to;
        for (let k = 0; ok && k < digits; k++) {
          const h = hexValue(t.charCodeAt(j + 2 + k));
          if (h < 0) ok = false;
          else cp = cp * 16 + h;
        }
        if (ok) {
          // \u keeps surrogate halves as they are, so a JSON-style pair joins up again
          parts.push(e === 'U' ? (cp <= 0x10ffff ? String.fromCodePoint(cp) : '\ufffd') : String.fromCharCode(cp));
          j += 1 + digits;
        } else {
          parts.push(e);
          j++;
        }
      } else {
        parts.push(Object.prototype.hasOwnProperty.call(ESCAPES, e) ? ESCAPES[e] : e);
        j++;
      }
      run = j + 1;
    }
    parts.push(t.slice(run, to));
    return parts.join('');
  }

  // ---- block structure ----

  private stop(): void {
    this.stopped = true;
  }

  /**
   * A collection at col ends before line n. If the limit cut n short and n is indented at least to col,
   * the cut may have hidden an entry (`i` of `items:`): the collection may go on.
   */
  private cutLine(n: Line | undefined, col: number): void {
    if (n !== undefined && n.atLimit && this.cutAtLimit && n.indent >= col) this.hitCut = true;
  }

  private finish(node: Obj | Value[], start: number): void {
    this.log.push([node, start, Math.max(start, this.lastEnd)]);
    if (this.incomplete) this.unclosed.add(node);
  }

  /** A block mapping whose first key is at `cs` on line `l`, its keys at column `col`. */
  private blockMap(col: number, l: Line, cs: number, depth: number): Obj | undefined {
    if (depth > MAX_DEPTH) {
      this.stop();
      return undefined;
    }
    const o = newObj();
    let line = l;
    let p = cs;
    for (;;) {
      const k = this.entryKey(p, line.ce);
      if (k === undefined) {
        this.cutLine(line, col);
        break;
      }
      this.lastEnd = k.colon + 1;
      const v = this.entryValue(k.colon + 1, line, col, depth);
      o[k.key] = v === undefined ? null : v;
      if (this.stopped) break;
      const n = this.nextSignificant(this.pos);
      if (n === undefined || n.indent !== col || this.isSeqItem(n.cs, n.ce)) {
        this.cutLine(n, col);
        break;
      }
      line = n;
      p = n.cs;
    }
    this.finish(o, cs);
    return o;
  }

  /** A block sequence whose first `-` is at `dash` on line `l`, at column `col`. */
  private blockSeq(col: number, l: Line, dash: number, depth: number): Value[] | undefined {
    if (depth > MAX_DEPTH) {
      this.stop();
      return undefined;
    }
    const arr: Value[] = [];
    let line = l;
    let d = dash;
    for (;;) {
      this.lastEnd = d + 1;
      const v = this.nodeAfter(d + 1, line, col, d, depth);
      arr.push(v === undefined ? null : v);
      if (this.stopped) break;
      const n = this.nextSignificant(this.pos);
      if (n === undefined || n.indent !== col || !this.isSeqItem(n.cs, n.ce)) {
        this.cutLine(n, col);
        break;
      }
      line = n;
      d = n.cs;
    }
    this.finish(arr, dash);
    return arr;
  }

  /** The value after `key:` (at i on line l) of a mapping at column col. */
  private entryValue(i: number, l: Line, col: number, depth: number): Value | undefined {
    return this.nodeAfter(i, l, col, -1, depth);
  }

  /**
   * The node that follows i on line l, in a collection at column col: on this line (a scalar, a flow
   * collection, a block scalar; in a sequence item also a nested mapping or sequence), or on the lines
   * below when nothing but properties and a comment follow. `dash` is the item's `-` (-1 for a
   * mapping value): it sits at column col, which gives the column of what follows it.
   */
  private nodeAfter(i: number, l: Line, col: number, dash: number, depth: number): Value | undefined {
    const t = this.text;
    let strTag = false;
    let j = this.skipWs(i, l.ce);
    // properties: `&anchor` and `!tag` are skipped (`!!str` keeps a plain scalar a string)
    for (;;) {
      const c = this.ch(j);
      if (j >= l.ce || (c !== AMP && c !== BANG)) break;
      let e = j;
      while (e < l.ce && !isWs(t.charCodeAt(e))) e++;
      if (c === BANG && t.slice(j, e) === '!!str') strTag = true;
      this.lastEnd = e;
      j = this.skipWs(e, l.ce);
    }
    if (j >= l.ce || this.isCommentAt(j, i)) {
      this.consume(l);
      const n = this.nextSignificant(this.pos);
      if (n !== undefined && n.indent > col) return this.blockNode(n, col, depth + 1, strTag);
      // a mapping's sequence may sit at the mapping's own indentation (`key:` then `- item`)
      if (dash < 0 && n !== undefined && n.indent === col && this.isSeqItem(n.cs, n.ce)) return this.blockSeq(col, n, n.cs, depth + 1);
      return null;
    }
    if (dash >= 0) {
      // `- - a` and `- key: v`: a collection inside the item, at the column where it starts
      const contentCol = col + (j - dash);
      if (this.isSeqItem(j, l.ce)) return this.blockSeq(contentCol, l, j, depth + 1);
      if (this.entryKey(j, l.ce) !== undefined) return this.blockMap(contentCol, l, j, depth + 1);
    }
    return this.scalarAt(j, l, col, depth + 1, strTag);
  }

  /** A node on its own line(s), more indented than its parent at parentCol. */
  private blockNode(n: Line, parentCol: number, depth: number, strTag: boolean): Value | undefined {
    if (this.isSeqItem(n.cs, n.ce)) return this.blockSeq(n.indent, n, n.cs, depth);
    if (this.entryKey(n.cs, n.ce) !== undefined) return this.blockMap(n.indent, n, n.cs, depth);
    return this.scalarAt(n.cs, n, parentCol, depth, strTag);
  }

  /** A scalar or flow collection at i; continuation lines must be indented past parentCol. */
  private scalarAt(i: number, l: Line, parentCol: number, depth: number, strTag: boolean): Value | undefined {
    const c = this.text.charCodeAt(i);
    if (c === PIPE || c === GT) {
      const b = this.blockScalar(i, l, parentCol);
      if (b !== undefined) return b;
    } else if (c === STAR) {
      let e = i + 1;
      while (e < l.ce && !isWs(this.text.charCodeAt(e))) e++;
      this.lastEnd = e;
      this.consume(l);
      return new Opaque(this.text.slice(i, e)); // an alias: what it names is not resolved
    } else if (c === QUOTE || c === APOS) {
      const q = this.quotedScalar(i, l, parentCol);
      if (q !== undefined) return q;
    } else if (c === LBRACK || c === LBRACE) {
      const mark = this.log.length;
      const f = this.flow(i, l, parentCol, depth);
      if (f !== undefined || this.stopped) return f;
      this.log.length = mark; // `[WARN] disk full`: text after all
    }
    return this.plain(i, l, parentCol, strTag);
  }

  /** End of a plain scalar on one line: before a ` #` comment, trailing white space trimmed. */
  private plainEnd(i: number, ce: number): { end: number; comment: boolean } {
    const t = this.text;
    let e = ce;
    let comment = false;
    for (let j = i; j < ce; j++) {
      if (t.charCodeAt(j) === HASH && j > i && isWs(t.charCodeAt(j - 1))) {
        e = j;
        comment = true;
        break;
      }
    }
    while (e > i && isWs(t.charCodeAt(e - 1))) e--;
    return { end: e, comment };
  }

  /** A plain scalar, folded over its continuation lines (more indented than parentCol). */
  private plain(i: number, l: Line, parentCol: number, strTag: boolean): Value {
    const first = this.plainEnd(i, l.ce);
    const parts = [this.text.slice(i, first.end)];
    this.lastEnd = first.end;
    this.consume(l);
    let stopped = first.comment;
    let blanks = 0;
    let p = this.pos;
    while (!stopped) {
      if (p >= this.lim) {
        if (this.cutAtLimit) this.hitCut = true;
        break;
      }
      const n = this.line(p);
      if (this.isBlank(n)) {
        blanks++;
        p = n.next;
        continue;
      }
      if (n.indent <= parentCol || this.text.charCodeAt(n.cs) === HASH || this.isDocMarker(n)) break;
      const seg = this.plainEnd(n.cs, n.ce);
      parts.push(blanks ? '\n'.repeat(blanks) : ' ', this.text.slice(n.cs, seg.end));
      blanks = 0;
      this.lastEnd = seg.end;
      this.consume(n);
      p = n.next;
      stopped = seg.comment;
    }
    const s = parts.join('');
    return strTag ? s : typePlain(s);
  }

  /**
   * A quoted scalar, possibly over several lines (folded as YAML does). Undefined when it does not
   * close before a line indented no deeper than parentCol, or when text follows it: then it is read as
   * plain text.
   */
  private quotedScalar(i: number, l: Line, parentCol: number): string | undefined {
    const t = this.text;
    const double = t.charCodeAt(i) === QUOTE;
    const parts: string[] = [];
    let line = l;
    let from = i + 1;
    for (;;) {
      const close = this.closingQuoteFrom(from, line.ce, double);
      if (close >= 0) {
        const after = this.skipWs(close + 1, line.ce);
        if (after < line.ce && !this.isCommentAt(after, close + 1)) return undefined;
        parts.push(this.decodeQuoted(from, close, double));
        this.lastEnd = close + 1;
        this.consume(line);
        return parts.join('');
      }
      // the line ends inside the scalar: its trailing white space folds away
      let e = line.ce;
      while (e > from && isWs(t.charCodeAt(e - 1))) e--;
      let escapedBreak = false;
      if (double) {
        let slashes = 0;
        while (e - slashes - 1 >= from && t.charCodeAt(e - slashes - 1) === BACKSLASH) slashes++;
        if (slashes % 2 === 1 && e === line.ce) {
          escapedBreak = true; // `\` at the end of a line joins it to the next with no space
          e--;
        }
      }
      parts.push(this.decodeQuoted(from, e, double));
      let p = line.next;
      let blanks = 0;
      let n: Line | undefined;
      while (p < this.lim) {
        const m = this.line(p);
        if (!this.isBlank(m)) {
          n = m;
          break;
        }
        blanks++;
        p = m.next;
      }
      if (n === undefined || line.atLimit) {
        // the text ends inside the quotes: cut off
        this.lastEnd = line.ce;
        this.consume(line);
        this.pos = this.lim;
        this.stop();
        return parts.join('');
      }
      if (n.indent <= parentCol || this.isDocMarker(n)) return undefined;
      parts.push(escapedBreak ? '' : blanks ? '\n'.repeat(blanks) : ' ');
      line = n;
      from = this.skipWs(n.cs, n.ce);
    }
  }

  private closingQuoteFrom(from: number, ce: number, double: boolean): number {
    const t = this.text;
    const q = double ? QUOTE : APOS;
    for (let j = from; j < ce; j++) {
      const c = t.charCodeAt(j);
      if (double && c === BACKSLASH) j++;
      else if (c === q) {
        if (!double && j + 1 < ce && t.charCodeAt(j + 1) === APOS) j++;
        else return j;
      }
    }
    return -1;
  }

  /** A `|` literal or `>` folded block scalar; undefined when the header is not one. */
  private blockScalar(i: number, l: Line, parentCol: number): string | undefined {
    const t = this.text;
    const folded = t.charCodeAt(i) === GT;
    let chomp: 'clip' | 'strip' | 'keep' = 'clip';
    let explicit = 0;
    let j = i + 1;
    for (let k = 0; k < 2 && j < l.ce; k++, j++) {
      const c = t.charCodeAt(j);
      if (c === DASH) chomp = 'strip';
      else if (c === 43) chomp = 'keep';
      else if (c >= 49 && c <= 57) explicit = c - 48;
      else break;
    }
    const headerEnd = j;
    const after = this.skipWs(j, l.ce);
    if (after < l.ce && !(after > headerEnd && t.charCodeAt(after) === HASH)) return undefined;
    this.lastEnd = headerEnd;
    this.consume(l);
    // content indentation: given, else that of the first non-empty line; it must exceed the parent's
    let n = explicit ? Math.max(0, parentCol) + explicit : -1;
    const lines: string[] = [];
    let lastContent = -1;
    let p = this.pos;
    while (p < this.lim) {
      const m = this.line(p);
      const blank = this.isBlank(m);
      if (!blank) {
        if (n < 0) n = m.indent;
        if (m.indent < n || n <= parentCol) break;
      }
      lines.push(m.ce - m.ls > n && n >= 0 ? t.slice(m.ls + n, m.ce) : '');
      if (!blank) {
        lastContent = lines.length - 1;
        this.lastEnd = m.ce;
        this.consume(m);
      }
      p = m.next;
    }
    if (p >= this.lim && this.cutAtLimit) this.hitCut = true;
    const body = lines.slice(0, lastContent + 1);
    const trailing = lines.length - body.length;
    let s = folded ? foldLines(body) : body.join('\n');
    if (chomp === 'keep') s += '\n'.repeat(body.length ? trailing + 1 : trailing);
    else if (chomp === 'clip' && body.length) s += '\n';
    return s;
  }

  // ---- flow collections ----

  /**
   * A flow collection at i (`{a: 1, b: [x, y]}`), which may go on over lines indented past parentCol.
   * Undefined when it is not one (then the caller reads plain text); partial and stopped at the end of
   * the text.
   */
  private flow(i: number, l: Line, parentCol: number, depth: number): Value | undefined {
    const f = new FlowCursor(this, this.text, l, i, parentCol);
    const v = this.flowValue(f, depth);
    if (this.stopped) {
      this.lastEnd = Math.max(this.lastEnd, f.lastEnd);
      this.pos = this.lim;
      return v;
    }
    if (v === undefined) return undefined;
    const after = this.skipWs(f.p, f.line.ce);
    if (after < f.line.ce && !this.isCommentAt(after, f.p)) return undefined;
    this.lastEnd = f.lastEnd;
    this.consume(f.line);
    return v;
  }

  private flowValue(f: FlowCursor, depth: number): Value | undefined {
    const s = f.skip();
    if (s === 'eof') {
      this.stop();
      return undefined;
    }
    if (s === 'dedent') return undefined;
    const t = this.text;
    const c = t.charCodeAt(f.p);
    if (c === LBRACK || c === LBRACE) return this.flowCollection(f, depth + 1);
    if (c === QUOTE || c === APOS) {
      const q = this.inlineQuoted(f.p, f.line.ce);
      if (q === undefined) return undefined;
      f.p = q.end;
      f.lastEnd = q.end;
      return q.value;
    }
    if (c === STAR) {
      const st = f.p;
      while (f.p < f.line.ce && !isWs(t.charCodeAt(f.p)) && !isFlowIndicator(t.charCodeAt(f.p))) f.p++;
      f.lastEnd = f.p;
      return new Opaque(t.slice(st, f.p));
    }
    const e = this.flowPlainEnd(f.p, f.line.ce);
    if (e === f.p) return undefined;
    const v = typePlain(t.slice(f.p, e));
    f.p = e;
    f.lastEnd = e;
    return v;
  }

  /** End of a plain scalar inside a flow collection: before `,[]{}`, `: ` or ` #`, trimmed. */
  private flowPlainEnd(i: number, ce: number): number {
    const t = this.text;
    let e = i;
    for (let j = i; j < ce; j++) {
      const c = t.charCodeAt(j);
      if (isFlowIndicator(c)) break;
      if (c === COLON && (j + 1 >= ce || isWs(t.charCodeAt(j + 1)) || isFlowIndicator(t.charCodeAt(j + 1)))) break;
      if (c === HASH && j > i && isWs(t.charCodeAt(j - 1))) break;
      if (!isWs(c)) e = j + 1;
    }
    return e;
  }

  private flowCollection(f: FlowCursor, depth: number): Value | undefined {
    if (depth > MAX_DEPTH) {
      this.stop();
      return undefined;
    }
    const t = this.text;
    const start = f.p;
    const isMap = t.charCodeAt(start) === LBRACE;
    const close = isMap ? RBRACE : RBRACK;
    const node: Obj | Value[] = isMap ? newObj() : [];
    f.p++;
    f.lastEnd = f.p;
    const done = (): Value => {
      this.log.push([node, start, f.lastEnd]);
      if (this.stopped) this.unclosed.add(node);
      return node;
    };
    for (;;) {
      let s = f.skip();
      if (s === 'eof') {
        this.stop();
        return done();
      }
      if (s === 'dedent') return undefined;
      if (t.charCodeAt(f.p) === close) {
        f.p++;
        f.lastEnd = f.p;
        return done();
      }
      // an entry: `key: value`, `key` alone (a null value) in a mapping; `value` or `key: value` in a sequence
      const keyStart = f.p;
      let first = this.flowValue(f, depth);
      if (this.stopped) {
        if (first !== undefined) {
          if (isMap) (node as Obj)[this.keyText(first, keyStart, f)] = null;
          else (node as Value[]).push(first);
        }
        return done();
      }
      if (first === undefined) return undefined;
      s = f.skip();
      if (s === 'eof') {
        this.stop();
        if (!isMap) (node as Value[]).push(first);
        else (node as Obj)[this.keyText(first, keyStart, f)] = null;
        return done();
      }
      if (s === 'dedent') return undefined;
      let value: Value = null;
      let keyed = isMap;
      if (t.charCodeAt(f.p) === COLON) {
        keyed = true;
        f.p++;
        s = f.skip();
        if (s === 'eof') {
          this.stop();
          return done();
        }
        if (s === 'dedent') return undefined;
        const c = t.charCodeAt(f.p);
        if (c !== COMMA && c !== close) {
          const v = this.flowValue(f, depth);
          if (v === undefined && !this.stopped) return undefined;
          value = v === undefined ? null : v;
        }
      } else if (!isMap) {
        value = first;
        first = undefined;
      }
      if (isMap) (node as Obj)[this.keyText(first as Value, keyStart, f)] = value;
      else if (keyed) {
        const pair = newObj(); // `[a: 1]`: a single-pair mapping
        pair[this.keyText(first as Value, keyStart, f)] = value;
        this.log.push([pair, keyStart, f.lastEnd]);
        (node as Value[]).push(pair);
      } else (node as Value[]).push(value);
      if (this.stopped) return done();
      s = f.skip();
      if (s === 'eof') {
        this.stop();
        return done();
      }
      if (s === 'dedent') return undefined;
      const c = t.charCodeAt(f.p);
      if (c === COMMA) f.p++;
      else if (c !== close) return undefined;
    }
  }

  /** A flow key as text: strings as they are, anything else (`1`, `~`, `[a]`) as written. */
  private keyText(v: Value, keyStart: number, f: FlowCursor): string {
    return typeof v === 'string' ? v : this.text.slice(keyStart, Math.max(keyStart, f.lastEnd));
  }

  // ---- entry points ----

  read(start: number): Parsed {
    const v = this.top(start);
    const ranges = new Map<object, [number, number]>();
    for (const [node, s, e] of this.log) ranges.set(node, [s, e]);
    const complete = v !== undefined && !this.incomplete;
    return {
      value: v,
      end: v === undefined ? start : Math.max(start, this.lastEnd),
      complete,
      ranges,
      notation: 'yaml',
      unclosed: complete ? new Set() : this.unclosed,
    };
  }

  private top(start: number): Value | undefined {
    const t = this.text;
    let ls = start;
    let back = 0;
    while (ls > 0 && back < 1024 && t.charCodeAt(ls - 1) !== LF) {
      ls--;
      back++;
    }
    let first: Line | undefined;
    let col: number;
    if (this.onlySpaces(ls, start)) {
      // at the start of a line or in its indentation: the first line with content, past a `---`
      first = this.nextSignificant(ls);
      if (first === undefined && ls < this.lim) {
        const l = this.line(ls);
        if (this.isDocMarker(l)) first = this.nextSignificant(l.next);
      }
      if (first === undefined) return undefined;
      col = first.indent;
    } else {
      // mid-line (`- key: v` with start at the key): the column counts everything before start; a
      // line start more than 1024 characters back just means a deep column
      const l = this.line(start);
      const key = this.skipWs(start, l.ce);
      col = (ls === 0 || t.charCodeAt(ls - 1) === LF ? key - ls : key - ls + 1);
      first = { ...l, indent: col, cs: key };
    }
    const cs = first.cs;
    if (cs >= first.ce) return undefined;
    if (this.isSeqItem(cs, first.ce)) return this.blockSeq(col, first, cs, 1);
    if (this.entryKey(cs, first.ce) !== undefined) return this.blockMap(col, first, cs, 1);
    const c = t.charCodeAt(cs);
    if (c === LBRACK || c === LBRACE) return this.flow(cs, first, -1, 0);
    return undefined;
  }

  private onlySpaces(from: number, to: number): boolean {
    for (let i = from; i < to; i++) if (this.text.charCodeAt(i) !== SP) return false;
    return true;
  }

  // ---- classification for yamlBlockStart ----

  classify(l: Line): LineClass {
    const t = this.text;
    const base: LineClass = { kind: 'other', indent: l.indent, opens: false, strict: false, content: 'scalar', contentCol: 0 };
    if (this.isBlank(l)) return { ...base, kind: 'blank' };
    if (t.charCodeAt(l.cs) === HASH) return { ...base, kind: 'comment' };
    if (this.isDocMarker(l)) return { ...base, kind: 'marker' };
    let i = l.cs;
    if (this.isSeqItem(i, l.ce)) {
      while (this.isSeqItem(i, l.ce)) i = this.skipWs(i + 1, l.ce);
      const contentCol = l.indent + (i - l.cs);
      if (i >= l.ce || this.isCommentAt(i, i)) return { ...base, kind: 'item', content: 'empty', contentCol, strict: true };
      const k = this.entryKey(i, l.ce);
      if (k === undefined) return { ...base, kind: 'item', content: 'scalar', contentCol, strict: true };
      const v = this.valueShape(k.colon + 1, l.ce);
      return { ...base, kind: 'item', content: 'entry', contentCol, opens: v === 'empty', strict: v !== 'invalid' };
    }
    const k = this.entryKey(i, l.ce);
    if (k === undefined) return base;
    const v = this.valueShape(k.colon + 1, l.ce);
    return { ...base, kind: 'entry', opens: v === 'empty', strict: v !== 'invalid' };
  }

  /** What follows `key:` on a line, as an emitter would write it: nothing, a value, or not YAML. */
  private valueShape(i: number, ce: number): 'empty' | 'value' | 'invalid' {
    const t = this.text;
    let j = this.skipWs(i, ce);
    while (j < ce && (t.charCodeAt(j) === AMP || t.charCodeAt(j) === BANG)) {
      while (j < ce && !isWs(t.charCodeAt(j))) j++;
      j = this.skipWs(j, ce);
    }
    if (j >= ce || this.isCommentAt(j, i)) return 'empty';
    const c = t.charCodeAt(j);
    const restIsEmpty = (k: number): boolean => {
      const r = this.skipWs(k, ce);
      return r >= ce || this.isCommentAt(r, k);
    };
    if (c === QUOTE || c === APOS) {
      const close = this.closingQuote(j, ce);
      return close < 0 || restIsEmpty(close + 1) ? 'value' : 'invalid'; // unclosed: goes on over lines
    }
    if (c === LBRACK || c === LBRACE) {
      const end = this.balancedOnLine(j, ce);
      return end < 0 || restIsEmpty(end) ? 'value' : 'invalid'; // `[web1]: FAILED! =>` is a log line
    }
    if (c === PIPE || c === GT || c === STAR) return 'value';
    if (c === 37 || c === 64 || c === 96) return 'invalid'; // reserved indicators
    if ((c === DASH || c === QUESTION || c === COLON) && (j + 1 >= ce || isWs(t.charCodeAt(j + 1)))) return 'invalid';
    for (let k = j; k < ce; k++) {
      const d = t.charCodeAt(k);
      if (d === HASH && isWs(t.charCodeAt(k - 1))) break;
      if (d === COLON && (k + 1 >= ce || isWs(t.charCodeAt(k + 1)))) return 'invalid'; // `a: b: c`
    }
    return 'value';
  }

  /** End just past the flow collection at i if it closes on this line, else -1. */
  private balancedOnLine(i: number, ce: number): number {
    const t = this.text;
    let depth = 0;
    for (let j = i; j < ce; j++) {
      const c = t.charCodeAt(j);
      if (c === QUOTE || c === APOS) {
        const close = this.closingQuote(j, ce);
        if (close < 0) return -1;
        j = close;
      } else if (c === LBRACK || c === LBRACE) depth++;
      else if ((c === RBRACK || c === RBRACE) && --depth === 0) return j + 1;
    }
    return -1;
  }

  /** Used by FlowCursor. */
  lineAt(ls: number): Line {
    return this.line(ls);
  }

  blank(l: Line): boolean {
    return this.isBlank(l);
  }

  docMarker(l: Line): boolean {
    return this.isDocMarker(l);
  }

  get limit(): number {
    return this.lim;
  }
}

/** Position inside a flow collection, which may go on over the following lines. */
class FlowCursor {
  lastEnd: number;

  constructor(
    private readonly r: YamlReader,
    private readonly text: string,
    public line: Line,
    public p: number,
    private readonly parentCol: number,
  ) {
    this.lastEnd = p;
  }

  /** Skips white space, comments and line breaks: 'ok' at a character, 'dedent' at a line too little indented, 'eof'. */
  skip(): 'ok' | 'dedent' | 'eof' {
    const { text } = this;
    for (;;) {
      while (this.p < this.line.ce && isWs(text.charCodeAt(this.p))) this.p++;
      if (this.p < this.line.ce && text.charCodeAt(this.p) === HASH && (this.p === this.line.cs || isWs(text.charCodeAt(this.p - 1)))) this.p = this.line.ce;
      if (this.p < this.line.ce) return 'ok';
      if (this.line.atLimit) return 'eof';
      let ls = this.line.next;
      let n: Line | undefined;
      while (ls < this.r.limit) {
        const m = this.r.lineAt(ls);
        if (!this.r.blank(m)) {
          n = m;
          break;
        }
        if (m.atLimit) break;
        ls = m.next;
      }
      if (n === undefined) return 'eof';
      if (n.indent <= this.parentCol || this.r.docMarker(n)) return 'dedent';
      this.line = n;
      this.p = n.cs;
    }
  }
}

/** `>` folding: lines join with a space, an empty line is a line break, more-indented lines keep theirs. */
function foldLines(lines: readonly string[]): string {
  const out: string[] = [];
  let prev: string | undefined;
  let empties = 0;
  for (const line of lines) {
    if (line === '') {
      empties++;
      continue;
    }
    if (prev === undefined) out.push('\n'.repeat(empties));
    else {
      const spaced = isWs(prev.charCodeAt(0)) || isWs(line.charCodeAt(0));
      out.push(spaced ? '\n'.repeat(empties + 1) : empties ? '\n'.repeat(empties) : ' ');
    }
    out.push(line);
    prev = line;
    empties = 0;
  }
  return out.join('');
}

/**
 * A plain key as tools write them: no tabs; words only if it does not look like the start of a log
 * line (`2024-05-01 10:00:01 worker: …`, `ERROR: …`, more than four words).
 */
function plainKeyOk(key: string): boolean {
  if (key.length === 0) return false;
  let spaces = 0;
  let firstWordEnd = key.length;
  for (let i = 0; i < key.length; i++) {
    const c = key.charCodeAt(i);
    if (c === TAB) return false;
    if (c === SP) {
      if (firstWordEnd === key.length) firstWordEnd = i;
      if (key.charCodeAt(i - 1) !== SP) spaces++;
    }
  }
  const c0 = key.charCodeAt(0);
  if (spaces > 0 && ((c0 >= 48 && c0 <= 57) || spaces > 3)) return false;
  return !LOG_LEVELS.has(key.slice(0, firstWordEnd));
}

/** Reads the YAML block mapping (or sequence) whose first key is on the line at `start`. */
export const readYaml: Reader = (text, start, limit) => {
  const lim = Math.min(limit, text.length);
  if (!(start >= 0 && start < lim)) {
    return { value: undefined, end: Math.max(0, start), complete: false, ranges: new Map(), notation: 'yaml', unclosed: new Set() };
  }
  return new YamlReader(text, lim, lim < text.length).read(start);
};

/**
 * Where the YAML block around the `key: value` line holding `pos` starts: the start of its topmost
 * line, found by walking up over lines indented at least as deep and over their parents (`json:` above
 * `error: Forbidden`). Stops at a line that is not YAML (a log line, `fatal: [web1]: FAILED! =>`), at
 * `---`, after 200 lines or 16 KB. The start of pos's own line when it is not such a line (pos itself
 * when that line starts more than 16 KB back); never -1, so the result can go straight to readYaml.
 */
export function yamlBlockStart(text: string, pos: number): number {
  if (!(pos >= 0 && pos <= text.length)) return Math.max(0, Math.min(text.length, Number.isFinite(pos) ? Math.trunc(pos) : 0));
  let ls0 = pos;
  while (ls0 > 0 && text.charCodeAt(ls0 - 1) !== LF) {
    if (pos - ls0 >= MAX_BACK_CHARS) return pos;
    ls0--;
  }
  const r = new YamlReader(text, text.length, false);
  const c0 = r.classify(r.line(ls0));
  if (c0.kind !== 'entry' && !(c0.kind === 'item' && c0.content === 'entry')) return ls0;
  let minIndent = c0.indent;
  let best = ls0;
  let ls = ls0;
  for (let count = 0; count < MAX_BACK_LINES && ls > 0; count++) {
    let pls = ls - 1;
    while (pls > 0 && text.charCodeAt(pls - 1) !== LF) {
      pls--;
      if (ls0 - pls > MAX_BACK_CHARS) return best;
    }
    if (ls0 - pls > MAX_BACK_CHARS) return best;
    ls = pls;
    const c = r.classify(r.line(pls));
    switch (c.kind) {
      case 'blank':
      case 'comment':
        continue;
      case 'marker':
        return best;
      case 'other':
        if (c.indent > minIndent) continue; // a continuation line of a scalar
        return best;
      case 'entry':
        if (c.indent >= minIndent) {
          if (!c.strict) {
            if (c.indent > minIndent) continue;
            return best;
          }
          if (c.indent === minIndent) best = pls;
          continue;
        }
        if (c.opens) {
          // `json:` above `error: Forbidden`: the parent, so the block goes on above it
          minIndent = c.indent;
          best = pls;
          continue;
        }
        return best;
      case 'item':
        if (c.indent >= minIndent) {
          if (c.indent === minIndent) best = pls;
          continue;
        }
        if (c.content === 'empty' || (c.content === 'entry' && (c.opens || c.contentCol === minIndent))) {
          minIndent = c.indent;
          best = pls;
          continue;
        }
        return best;
    }
  }
  return best;
}
