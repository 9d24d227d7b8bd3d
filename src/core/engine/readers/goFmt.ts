// Reads what Go's fmt package prints for maps, structs and slices (https://pkg.go.dev/fmt):
//   %v, %+v, %q   map[code:WF_1103 detail:Platform request failed status:500]   &{Detail:… Code:WF_1102}   [3 7 12]
//   %#v           map[string]interface {}{"code":"WF_1103", "status":500}       &main.apiError{Detail:"…"}
//
// %v and %+v print strings unquoted, so where a value ends is a guess: it runs to the next ` key:` at
// its nesting level, or to the closer. A key followed by a space must have an empty value, so another
// key must follow it (`Required: 10,` is text). Struct field names are identifiers; a map key that is
// not identifier-like (`10.0.0.1:443` in `dial tcp …`) must sort after the key before it, as fmt sorts
// map keys (since Go 1.12). `%v` of a struct prints no field names at all: that is not read.
//
// fmt never breaks a line inside one value, so a line break ends the input like `limit` does.
import { MAX_DEPTH, newObj, Opaque, type Obj, type Parsed, type Reader, type Value } from '../tree';

const SP = 32;
const QUOTE = 34;
const AMP = 38;
const LPAREN = 40;
const RPAREN = 41;
const STAR = 42;
const COMMA = 44;
const SLASH = 47;
const COLON = 58;
const LBRACK = 91;
const BACKSLASH = 92;
const RBRACK = 93;
const BACKQUOTE = 96;
const LBRACE = 123;
const RBRACE = 125;

/** Where a %v value sits: decides what ends it. */
interface Ctx {
  kind: 'map' | 'struct' | 'slice';
  closer: number;
  /** Key of the entry being read (maps): a later key must sort after it. */
  prevKey: string | undefined;
}

/** A container attempt: `closed` when its closer was read; `unnamed` for a %v struct (no field names). */
interface Cont {
  value: Obj | Value[] | undefined;
  end: number;
  closed: boolean;
  unnamed?: boolean;
}

interface Got {
  value: Value;
  end: number;
}

type Hint = 'map' | 'slice' | 'struct' | 'unknown';

function isDigit(ch: number): boolean {
  return ch >= 48 && ch <= 57;
}

/** Go identifiers: ASCII letters, `_`, and any non-ASCII letter (taken loosely: any code unit ≥ 0x80). */
function isIdentStart(ch: number): boolean {
  return (ch >= 65 && ch <= 90) || (ch >= 97 && ch <= 122) || ch === 95 || ch >= 0x80;
}

function isIdentPart(ch: number): boolean {
  return isIdentStart(ch) || isDigit(ch);
}

function hexValue(ch: number): number {
  if (ch >= 48 && ch <= 57) return ch - 48;
  if (ch >= 97 && ch <= 102) return ch - 87;
  if (ch >= 65 && ch <= 70) return ch - 55;
  return -1;
}

const GO_NUMBER = /^[-+]?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][-+]?\d+)?$/;
const GO_INT = /^[-+]?(?:0|[1-9]\d*)$/;
const GO_POINTER = /^0x[0-9a-f]+$/;

/** A whole %v token typed as fmt would have printed it: numbers, booleans, `<nil>`, pointers. */
function typeBare(token: string): Value {
  if (token === 'true') return true;
  if (token === 'false') return false;
  if (token === '<nil>') return null;
  if (token.length <= 20 && GO_POINTER.test(token)) return new Opaque(token);
  if (token.length <= 40 && GO_NUMBER.test(token)) {
    const n = Number(token);
    // an integer beyond 2^53 keeps its digits: an id must not change
    if (GO_INT.test(token) && !Number.isSafeInteger(n)) return token;
    if (Number.isFinite(n)) return n;
  }
  return token;
}

/** Compares map keys the way fmt sorted them: numbers numerically, everything else by code unit. */
function sortsAfter(key: string, prev: string): boolean {
  if (key.length <= 40 && prev.length <= 40 && GO_NUMBER.test(key) && GO_NUMBER.test(prev)) return Number(key) > Number(prev);
  return key > prev;
}

class GoReader {
  /** Ranges in the order read; a discarded attempt truncates it (see plainValue). */
  private readonly log: Array<[object, number, number]> = [];
  private readonly unclosed = new Set<object>();
  /** Set at the end of the line or of `limit`, past MAX_DEPTH, or at a %#v syntax error: everything unwinds. */
  private stopped = false;
  private stopAt = 0;

  constructor(
    private readonly text: string,
    private readonly lim: number,
  ) {}

  /** The code unit at i, or -1 at the end of the line or at `limit`. */
  private c(i: number): number {
    if (i < 0 || i >= this.lim) return -1;
    const ch = this.text.charCodeAt(i);
    return ch === 10 || ch === 13 ? -1 : ch;
  }

  private has(i: number, word: string): boolean {
    for (let k = 0; k < word.length; k++) if (this.c(i + k) !== word.charCodeAt(k)) return false;
    return true;
  }

  private stop(at: number): void {
    if (!this.stopped) {
      this.stopped = true;
      this.stopAt = at;
    }
  }

  private close(node: Obj | Value[], start: number, end: number): Cont {
    this.log.push([node, start, end]);
    return { value: node, end, closed: true };
  }

  /** A container that stopped before its closer: its range ends where reading stopped. */
  private cut(node: Obj | Value[], start: number): Cont {
    const end = Math.max(start, this.stopAt);
    this.log.push([node, start, end]);
    this.unclosed.add(node);
    return { value: node, end, closed: false };
  }

  read(start: number): Parsed {
    const top = this.top(start);
    const ranges = new Map<object, [number, number]>();
    for (const [node, s, e] of this.log) ranges.set(node, [s, e]);
    const complete = !this.stopped && top.closed && top.value !== undefined;
    if (!complete && top.value !== undefined && typeof top.value === 'object' && top.value !== null && !top.closed) {
      // broken rather than cut (`map[foo]`): still the container read so far, still open
      if (!ranges.has(top.value)) ranges.set(top.value, [start, Math.max(start, top.end)]);
      this.unclosed.add(top.value);
    }
    return {
      value: top.value,
      end: top.value === undefined ? start : top.end,
      complete,
      ranges,
      notation: 'go',
      unclosed: complete ? new Set() : this.unclosed,
    };
  }

  private top(s: number): Cont {
    const ch = this.c(s);
    if (ch === -1) return { value: undefined, end: s, closed: false };
    if (ch === LBRACE) {
      // `main.apiError{Detail:"…", …}` with `start` at its brace: a type name right before it means %#v
      const before = s > 0 ? this.text.charCodeAt(s - 1) : -1;
      if (isIdentPart(before) || before === RBRACE || before === RBRACK || this.sniffSyntaxStruct(s)) {
        return this.composite(s, s, 'unknown', 1);
      }
      return this.plainStruct(s, s, 1);
    }
    if (ch === AMP && this.c(s + 1) === LBRACE) return this.plainStruct(s, s + 1, 1);
    if (ch === AMP || ch === LBRACK || isIdentStart(ch)) {
      // %#v: a type, then its composite literal
      const typeStart = ch === AMP ? s + 1 : s;
      const e = this.typeEnd(typeStart, 0);
      if (e > typeStart && this.c(e) === LBRACE) return this.composite(s, e, this.hintOf(typeStart), 1);
      if (this.stopped) return { value: undefined, end: s, closed: false };
    }
    if (this.has(s, 'map[')) return this.plainMap(s, 1);
    if (ch === LBRACK) return this.plainSlice(s, 1);
    return { value: undefined, end: s, closed: false };
  }

  /** `{Name:"…", ` — %#v fields (quoted, comma separated) though no type name precedes the brace. */
  private sniffSyntaxStruct(brace: number): boolean {
    const id = this.identEnd(brace + 1);
    if (id === brace + 1 || this.c(id) !== COLON || this.c(id + 1) !== QUOTE) return false;
    const q = this.quoted(id + 1);
    return q !== undefined && this.c(q.end) === COMMA;
  }

  private identEnd(p: number): number {
    if (!isIdentStart(this.c(p))) return p;
    let i = p + 1;
    while (isIdentPart(this.c(i))) i++;
    return i;
  }

  // ---- %v / %+v / %q ----

  private plainContainer(p: number, depth: number): Cont {
    const ch = this.c(p);
    if (ch === LBRACE) return this.plainStruct(p, p, depth);
    if (ch === AMP) return this.plainStruct(p, p + 1, depth);
    if (ch === LBRACK) return this.plainSlice(p, depth);
    return this.plainMap(p, depth);
  }

  private opensContainer(p: number): boolean {
    const ch = this.c(p);
    return ch === LBRACE || ch === LBRACK || (ch === AMP && this.c(p + 1) === LBRACE) || this.has(p, 'map[');
  }

  private plainMap(s: number, depth: number): Cont {
    if (depth > MAX_DEPTH) {
      this.stop(s);
      return { value: undefined, end: s, closed: false };
    }
    const o = newObj();
    const ctx: Ctx = { kind: 'map', closer: RBRACK, prevKey: undefined };
    let p = s + 4;
    if (this.c(p) === RBRACK) return this.close(o, s, p + 1);
    let first = true;
    for (;;) {
      const k = first ? this.firstMapKey(p) : this.keyAt(p, ctx);
      first = false;
      if (k === undefined) {
        if (this.stopped || this.c(p) === -1) {
          this.stop(p);
          return this.cut(o, s);
        }
        return { value: o, end: p, closed: false };
      }
      ctx.prevKey = k.key;
      const v = this.plainValue(k.colon + 1, ctx, depth);
      o[k.key] = v.value;
      if (this.stopped) return this.cut(o, s);
      const ch = this.c(v.end);
      if (ch === RBRACK) return this.close(o, s, v.end + 1);
      if (ch !== SP) return { value: o, end: v.end, closed: false };
      p = v.end + 1;
    }
  }

  /**
   * The first key of a %v map: everything up to the first `:` at bracket depth 0 (a Go map key may hold
   * spaces or brackets, `steps[0].input`). Later keys are found by keyCandidate, which is stricter.
   */
  private firstMapKey(p: number): { key: string; colon: number } | undefined {
    if (this.c(p) === QUOTE) return this.keyAt(p, { kind: 'map', closer: RBRACK, prevKey: undefined });
    let depth = 0;
    for (let i = p; ; i++) {
      const ch = this.c(i);
      if (ch === -1) {
        this.stop(i);
        return undefined;
      }
      if (ch === LBRACK || ch === LBRACE) depth++;
      else if (ch === RBRACK || ch === RBRACE) {
        if (depth === 0) return undefined;
        depth--;
      } else if (ch === COLON && depth === 0) return { key: this.text.slice(p, i), colon: i };
    }
  }

  private plainStruct(s: number, brace: number, depth: number): Cont {
    if (depth > MAX_DEPTH) {
      this.stop(s);
      return { value: undefined, end: s, closed: false };
    }
    const o = newObj();
    const ctx: Ctx = { kind: 'struct', closer: RBRACE, prevKey: undefined };
    let p = brace + 1;
    if (this.c(p) === RBRACE) return this.close(o, s, p + 1);
    // %+v prints `Name:value`; without a field name first this is %v, whose fields cannot be told apart
    if (!this.keyCandidate(p, ctx)) {
      if (this.c(p) === -1) this.stop(p);
      return { value: undefined, end: s, closed: false, unnamed: !this.stopped };
    }
    for (;;) {
      const k = this.keyAt(p, ctx);
      if (k === undefined) {
        if (this.stopped) return this.cut(o, s);
        return { value: o, end: p, closed: false };
      }
      const v = this.plainValue(k.colon + 1, ctx, depth);
      o[k.key] = v.value;
      if (this.stopped) return this.cut(o, s);
      const ch = this.c(v.end);
      if (ch === RBRACE) return this.close(o, s, v.end + 1);
      if (ch !== SP) return { value: o, end: v.end, closed: false };
      p = v.end + 1;
    }
  }

  private plainSlice(s: number, depth: number): Cont {
    if (depth > MAX_DEPTH) {
      this.stop(s);
      return { value: undefined, end: s, closed: false };
    }
    const arr: Value[] = [];
    const ctx: Ctx = { kind: 'slice', closer: RBRACK, prevKey: undefined };
    let p = s + 1;
    if (this.c(p) === RBRACK) return this.close(arr, s, p + 1);
    for (;;) {
      const v = this.plainValue(p, ctx, depth);
      arr.push(v.value);
      if (this.stopped) return this.cut(arr, s);
      const ch = this.c(v.end);
      if (ch === RBRACK) return this.close(arr, s, v.end + 1);
      if (ch !== SP) return { value: arr, end: v.end, closed: false };
      p = v.end + 1;
    }
  }

  /** The key of the entry at p (already known to be one, or the first of a map): text and colon offset. */
  private keyAt(p: number, ctx: Ctx): { key: string; colon: number } | undefined {
    if (ctx.kind !== 'struct' && this.c(p) === QUOTE) {
      const q = this.quoted(p);
      if (q === undefined || this.c(q.end) !== COLON) return undefined;
      return { key: q.value as string, colon: q.end };
    }
    const colon = this.keyToken(p, ctx);
    return colon < 0 ? undefined : { key: this.text.slice(p, colon), colon };
  }

  /** End (the colon) of a key token at p, or -1: an identifier in a struct; in a map, no space, balanced brackets. */
  private keyToken(p: number, ctx: Ctx): number {
    if (ctx.kind === 'struct') {
      const e = this.identEnd(p);
      return e > p && this.c(e) === COLON ? e : -1;
    }
    if (this.c(p) === QUOTE) {
      const q = this.quoted(p);
      return q !== undefined && this.c(q.end) === COLON ? q.end : -1;
    }
    let depth = 0;
    for (let i = p; ; i++) {
      const ch = this.c(i);
      if (ch === -1 || ch === SP) return -1;
      if (ch === LBRACK || ch === LBRACE) depth++;
      else if (ch === RBRACK || ch === RBRACE) {
        if (depth === 0) return -1;
        depth--;
      } else if (ch === COLON && depth === 0) return i > p ? i : -1;
    }
  }

  /**
   * Whether ` key:` at p (just past a space) starts the next entry rather than continuing a value such
   * as `Insufficient credits. Required: 10`. A key followed by a space must be an empty value, so a
   * key or the closer must follow; `https://` is a URL; in a map a key that does not look like an
   * identifier must sort after the last one (unsorted identifier keys are accepted: hand-written maps).
   */
  private keyCandidate(p: number, ctx: Ctx): boolean {
    const colon = this.keyToken(p, ctx);
    if (colon < 0) return false;
    const after = this.c(colon + 1);
    if (after === SLASH && this.c(colon + 2) === SLASH) return false;
    if (after === SP) {
      const next = colon + 2;
      if (this.c(next) !== ctx.closer && this.keyToken(next, ctx) < 0) return false;
    }
    if (ctx.kind === 'map' && ctx.prevKey !== undefined && !isIdentStart(this.c(p)) && this.c(p) !== QUOTE) {
      const k = this.keyAt(p, ctx);
      if (k === undefined || !sortsAfter(k.key, ctx.prevKey)) return false;
    }
    return true;
  }

  /** Whether the value ending at q ends there: at the closer, or at a space before the next entry. */
  private boundary(q: number, ctx: Ctx): boolean {
    const ch = this.c(q);
    if (ch === ctx.closer) return true;
    if (ch !== SP) return false;
    return ctx.kind === 'slice' || this.keyCandidate(q + 1, ctx);
  }

  private plainValue(p: number, ctx: Ctx, depth: number): Got {
    if (this.boundary(p, ctx)) return { value: '', end: p }; // `detail: code:X`: an empty string
    const ch = this.c(p);
    if (ch === QUOTE || ch === BACKQUOTE) {
      const q = this.quoted(p); // %q
      if (q !== undefined && this.boundary(q.end, ctx)) return q;
    }
    let unnamed = false;
    if (this.opensContainer(p)) {
      const mark = this.log.length;
      const r = this.plainContainer(p, depth + 1);
      if (this.stopped) return { value: r.value ?? this.text.slice(p, this.stopAt), end: this.stopAt };
      if (r.closed && r.value !== undefined && this.boundary(r.end, ctx)) return { value: r.value, end: r.end };
      // not a container after all (`[5] out of range`): read it again as text; each level rereads its
      // own text at most once, so the work stays within MAX_DEPTH times the length
      this.log.length = mark;
      unnamed = r.unnamed === true;
    }
    if (this.has(p, '<nil>') && this.boundary(p + 5, ctx)) return { value: null, end: p + 5 };
    const e = this.bare(p, ctx);
    const token = this.text.slice(p, e);
    // a struct printed with %v inside a map or slice: kept whole, never split into guessed fields
    if (unnamed && e > p && this.text.charCodeAt(e - 1) === RBRACE) return { value: new Opaque(token), end: e };
    return { value: typeBare(token), end: e };
  }

  /** A %v value as text: to the closer or the next entry at bracket depth 0 (brackets inside it balance). */
  private bare(p: number, ctx: Ctx): number {
    let depth = 0;
    for (let i = p; ; i++) {
      const ch = this.c(i);
      if (ch === -1) {
        this.stop(i);
        return i;
      }
      if (ch === LBRACK || ch === LBRACE) depth++;
      else if (ch === RBRACK || ch === RBRACE) {
        if (depth > 0) depth--;
        else if (ch === ctx.closer) return i;
      } else if (ch === SP && depth === 0 && (ctx.kind === 'slice' || this.keyCandidate(i + 1, ctx))) return i;
    }
  }

  /** A Go string literal, interpreted (strconv.Quote's escapes) or raw; undefined when not closed on the line. */
  private quoted(p: number): Got | undefined {
    if (this.c(p) === BACKQUOTE) {
      for (let i = p + 1; ; i++) {
        const ch = this.c(i);
        if (ch === -1) return undefined;
        if (ch === BACKQUOTE) return { value: this.text.slice(p + 1, i), end: i + 1 };
      }
    }
    const parts: string[] = [];
    let run = p + 1;
    for (let i = p + 1; ; ) {
      const ch = this.c(i);
      if (ch === -1) return undefined;
      if (ch === QUOTE) {
        parts.push(this.text.slice(run, i));
        return { value: parts.join(''), end: i + 1 };
      }
      if (ch !== BACKSLASH) {
        i++;
        continue;
      }
      parts.push(this.text.slice(run, i));
      const esc = this.c(i + 1);
      let len = 2;
      switch (esc) {
        case -1:
          return undefined;
        case 110: parts.push('\n'); break; // n
        case 116: parts.push('\t'); break; // t
        case 114: parts.push('\r'); break; // r
        case 97: parts.push('\x07'); break; // a
        case 98: parts.push('\b'); break; // b
        case 102: parts.push('\f'); break; // f
        case 118: parts.push('\v'); break; // v
        case 120: // \xHH: a byte that is not valid UTF-8 on its own
        case 117: // \uHHHH
        case 85: { // \UHHHHHHHH
          const digits = esc === 120 ? 2 : esc === 117 ? 4 : 8;
          let cp = 0;
          for (let k = 0; k < digits; k++) {
            const h = hexValue(this.c(i + 2 + k));
            if (h < 0) return undefined;
            cp = cp * 16 + h;
          }
          len = 2 + digits;
          if (esc === 120 && cp >= 0x80) parts.push('\ufffd');
          else parts.push(cp <= 0x10ffff && (cp < 0xd800 || cp > 0xdfff) ? String.fromCodePoint(cp) : '\ufffd');
          break;
        }
        default:
          if (esc >= 48 && esc <= 55) {
            // \NNN octal (strconv.Unquote accepts it; Quote never writes it)
            let cp = 0;
            for (let k = 0; k < 3; k++) {
              const d = this.c(i + 1 + k);
              if (d < 48 || d > 55) return undefined;
              cp = cp * 8 + (d - 48);
            }
            len = 4;
            parts.push(cp < 0x80 ? String.fromCharCode(cp) : '\ufffd');
          } else parts.push(String.fromCharCode(esc)); // \\ \" \' and anything unknown as itself
      }
      i += len;
      run = i;
    }
  }

  // ---- %#v ----

  private hintOf(typeStart: number): Hint {
    if (this.has(typeStart, 'map[')) return 'map';
    if (this.c(typeStart) === LBRACK) return 'slice';
    if (this.has(typeStart, 'struct {')) return 'struct';
    return 'unknown'; // a named type: struct, map or slice underneath, told by its first entry
  }

  /** End of a Go type as %#v prints it (`map[string]interface {}`, `[]*main.T`, `pkg.T[int]`), or -1. */
  private typeEnd(p: number, depth: number): number {
    if (depth > MAX_DEPTH) return -1;
    const ch = this.c(p);
    if (ch === STAR) return this.typeEnd(p + 1, depth + 1);
    if (ch === LBRACK) {
      let i = p + 1;
      while (isDigit(this.c(i))) i++;
      if (this.has(i, '...')) i += 3;
      return this.c(i) === RBRACK ? this.typeEnd(i + 1, depth + 1) : -1;
    }
    if (this.has(p, 'map[')) {
      const k = this.typeEnd(p + 4, depth + 1);
      return k > 0 && this.c(k) === RBRACK ? this.typeEnd(k + 1, depth + 1) : -1;
    }
    if (this.has(p, 'interface {') || this.has(p, 'struct {')) return this.balanced(p + (this.c(p) === 105 ? 10 : 7), LBRACE, RBRACE);
    if (this.has(p, 'func(')) return this.balanced(p + 4, LPAREN, RPAREN);
    if (this.has(p, 'chan ')) return this.typeEnd(p + 5, depth + 1);
    if (!isIdentStart(ch)) return -1;
    let i = p;
    for (;;) {
      i = this.identEnd(i);
      if (this.c(i) !== 46 || !isIdentStart(this.c(i + 1))) break; // pkg.Name
      i++;
    }
    return this.c(i) === LBRACK ? this.balanced(i, LBRACK, RBRACK) : i; // generic arguments
  }

  /** End just past the bracket matching the one at p (quoted strings skipped), or -1 on this line. */
  private balanced(p: number, open: number, close: number): number {
    let depth = 0;
    for (let i = p; ; i++) {
      const ch = this.c(i);
      if (ch === -1) return -1;
      if (ch === QUOTE || ch === BACKQUOTE) {
        const q = this.quoted(i);
        if (q === undefined) return -1;
        i = q.end - 1;
      } else if (ch === open) depth++;
      else if (ch === close && --depth === 0) return i + 1;
    }
  }

  private skipSpaces(p: number): number {
    while (this.c(p) === SP) p++;
    return p;
  }

  /** A %#v composite literal `{…}` at brace; its range starts at s (the type or `&`). */
  private composite(s: number, brace: number, hint: Hint, depth: number): Cont {
    if (depth > MAX_DEPTH) {
      this.stop(s);
      return { value: undefined, end: s, closed: false };
    }
    let node: Obj | Value[] | undefined = hint === 'slice' ? [] : hint === 'unknown' ? undefined : newObj();
    const done = (end: number): Cont => this.close(node ?? newObj(), s, end);
    const broken = (at: number): Cont => {
      this.stop(at);
      return this.cut(node ?? newObj(), s);
    };
    let p = this.skipSpaces(brace + 1);
    for (;;) {
      if (this.c(p) === RBRACE) return done(p + 1);
      if (this.c(p) === -1) return broken(p);
      let key: string | undefined;
      if (hint !== 'slice') {
        const id = this.identEnd(p); // Field: of a struct
        if (id > p && this.c(id) === COLON) {
          key = this.text.slice(p, id);
          p = id + 1;
        }
      }
      let v = this.syntaxValue(p, depth);
      if (v === undefined) return broken(p);
      if (key === undefined && hint !== 'slice' && this.c(v.end) === COLON && !this.stopped) {
        key = this.keyText(v, p); // a map key
        p = v.end + 1;
        v = this.syntaxValue(p, depth);
        if (v === undefined) return broken(p);
      }
      if (key !== undefined) {
        if (node === undefined) node = newObj();
        if (Array.isArray(node)) return broken(p);
        node[key] = v.value;
      } else {
        if (node === undefined) node = [];
        if (!Array.isArray(node)) return broken(p);
        node.push(v.value);
      }
      if (this.stopped) return this.cut(node, s);
      p = this.skipSpaces(v.end);
      if (this.c(p) === COMMA) p = this.skipSpaces(p + 1);
      else if (this.c(p) !== RBRACE) return broken(p);
    }
  }

  private keyText(v: Got, p: number): string {
    const x = v.value;
    if (typeof x === 'string') return x;
    if (typeof x === 'number' || typeof x === 'boolean') return this.text.slice(p, v.end);
    if (x instanceof Opaque) return x.text;
    return this.text.slice(p, v.end);
  }

  /** One %#v value; undefined on a syntax error (the caller stops there). */
  private syntaxValue(p: number, depth: number): Got | undefined {
    const ch = this.c(p);
    if (ch === -1) {
      this.stop(p);
      return undefined;
    }
    if (ch === QUOTE || ch === BACKQUOTE) return this.quoted(p);
    if (isDigit(ch) || ch === 45 || ch === 43 || ch === 46) return this.syntaxNumber(p);
    if (ch === LPAREN) {
      // (*main.T)(nil), (*main.T)(0xc000010000), (1+2i)
      const g1 = this.balanced(p, LPAREN, RPAREN);
      if (g1 < 0) return undefined;
      if (this.c(g1) !== LPAREN) return { value: new Opaque(this.text.slice(p, g1)), end: g1 };
      const g2 = this.balanced(g1, LPAREN, RPAREN);
      if (g2 < 0) return undefined;
      return { value: this.text.slice(g1 + 1, g2 - 1) === 'nil' ? null : new Opaque(this.text.slice(p, g2)), end: g2 };
    }
    for (const [word, value] of [['true', true], ['false', false], ['nil', null]] as const) {
      if (this.has(p, word) && !isIdentPart(this.c(p + word.length))) return { value, end: p + word.length };
    }
    const typeStart = ch === AMP ? p + 1 : p;
    const e = this.typeEnd(typeStart, 0);
    if (e <= typeStart) return undefined;
    if (this.c(e) === LBRACE) {
      const r = this.composite(p, e, this.hintOf(typeStart), depth + 1);
      return r.value === undefined ? undefined : { value: r.value, end: r.end };
    }
    if (this.c(e) === LPAREN) {
      // a conversion: interface {}(nil), []string(nil), time.Duration(5)
      const g = this.balanced(e, LPAREN, RPAREN);
      if (g < 0) return undefined;
      return { value: this.text.slice(e + 1, g - 1) === 'nil' ? null : new Opaque(this.text.slice(p, g)), end: g };
    }
    return { value: new Opaque(this.text.slice(p, e)), end: e }; // a named constant
  }

  private syntaxNumber(p: number): Got {
    let i = p + 1;
    for (;;) {
      const ch = this.c(i);
      const prev = this.text.charCodeAt(i - 1);
      if (isIdentPart(ch) || ch === 46 || ((ch === 43 || ch === 45) && (prev === 101 || prev === 69 || prev === 112 || prev === 80))) i++;
      else break;
    }
    const token = this.text.slice(p, i);
    if (token.length <= 20 && /^-?0x[0-9a-fA-F]+$/.test(token)) {
      const n = parseInt(token, 16);
      if (Number.isSafeInteger(n)) return { value: n, end: i };
    }
    const typed = typeBare(token);
    return { value: typeof typed === 'number' ? typed : new Opaque(token), end: i };
  }
}

/**
 * Reads Go fmt output starting at `start` (`m` of `map[`, `&` of `&{`, `{`, `[`, or a %#v type name)
 * on the line of `start`. `%v` of a struct (no field names) gives no value and `complete: false`.
 */
export const readGoFmt: Reader = (text, start, limit) => {
  const lim = Math.min(limit, text.length);
  if (!(start >= 0 && start < lim)) {
    return { value: undefined, end: Math.max(0, start), complete: false, ranges: new Map(), notation: 'go', unclosed: new Set() };
  }
  return new GoReader(text, lim).read(start);
};
