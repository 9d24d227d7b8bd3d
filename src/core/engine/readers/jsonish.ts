// The reader for the brace family of notations, which share one grammar closely enough to be read by
// one forgiving parser: JSON, JavaScript object literals in code, Node's util.inspect/console.log
// output, Python repr/pprint and Ruby Hash#inspect. It never throws: on a syntax error it stops and
// returns the partial tree it built, so a body cut off by a logger still explains itself; a value it
// cannot read as data (a variable, a call, `[Object]`, `#<Foo>`) becomes an Opaque and reading goes on.
//
// What each notation adds to JSON (all accepted everywhere, the tree is the same):
//   JS / inspect  bare keys, 'single quotes', `backticks`, trailing commas, comments, `'a' +` string
//                 continuations, `[Object]` `[Array]` `[Circular *1]` `[Function: f]`, `<ref *1>` before a
//                 value, constructor names before a container (`Object [AxiosHeaders] {`, `Map(2) {`),
//                 `[Symbol(k)]` keys, `... 3 more items`, `'…'... 200 more characters`, undefined
//   Python        True/False/None, adjacent string literals (pprint), b'' u'' r'' f'' prefixes, \xNN
//   Ruby          `=>` between key and value, `:symbol` keys and values, nil, `#<Object …>`
import { MAX_DEPTH, newObj, Opaque, type Notation, type Parsed, type Value } from '../tree';

const enum Ch {
  Tab = 9,
  LF = 10,
  CR = 13,
  Space = 32,
  DQuote = 34,
  Hash = 35,
  Dollar = 36,
  SQuote = 39,
  LParen = 40,
  RParen = 41,
  Star = 42,
  Plus = 43,
  Comma = 44,
  Minus = 45,
  Dot = 46,
  Slash = 47,
  Colon = 58,
  Lt = 60,
  Eq = 61,
  Gt = 62,
  LBracket = 91,
  Backslash = 92,
  RBracket = 93,
  Underscore = 95,
  Backtick = 96,
  LBrace = 123,
  RBrace = 125,
}

/** Node inspect tags that stand for a value it did not print (`[Object]`, `[Circular *1]`). */
const INSPECT_TAG = /^\[(?:Object|Array|Function|AsyncFunction|GeneratorFunction|AsyncGeneratorFunction|Circular|Getter|Setter|Getter\/Setter|class|Symbol|Buffer|Promise|Arguments|Module|WeakMap|WeakSet|External|Stream)\b[^\]\n]{0,200}\]/;
/** A prefix before a container: `Object [AxiosHeaders] `, `Map(2) `, `[Object: null prototype] `, `AxiosError `. */
const CONTAINER_PREFIX = /^(?:[A-Za-z_$][\w$.]{0,80}(?:\(\d+\))?(?: \[[\w$.:\- ]{1,80}\])?|\[Object: null prototype\]) (?=[{[])/;
/** `<ref *1> ` before a value that is referred to again. */
const REF_PREFIX = /^<ref \*\d+> /;
/** `... 12 more items` / `... 1 more item` at the end of an inspected array or object. */
const MORE_ITEMS = /^\.\.\. \d+ more (?:items?|propert(?:y|ies)|lines?)/;
/** `... 1200 more characters` after an inspected string cut short. */
const MORE_CHARS = /^\.\.\. \d+ more characters?/;

function isIdentChar(c: number): boolean {
  return (c >= 48 && c <= 57) || (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || c === Ch.Underscore || c === Ch.Dollar || c > 127;
}

/** Reads the object or array that starts at `start` (`{` or `[`), reading nothing at or past `limit`. */
export function readJsonish(full: string, start: number, limit = full.length): Parsed {
  // The reader sees the text only up to its limit, so no look-ahead (`,` after a key, a `... more
  // items` tag) can reach past it.
  const text = limit < full.length ? full.slice(0, Math.max(limit, 0)) : full;
  const ranges = new Map<object, [number, number]>();
  const end = text.length;
  let pos = start;
  let sawPython = false;
  let sawSingle = false;
  let sawBare = false;
  let sawRuby = false;
  let sawInspect = false;
  let skipped = false;

  // Whitespace and comments (`//`, `/* */`, and `# ` outside Ruby's `#<…>`).
  const skipWs = (): void => {
    while (pos < end) {
      const c = text.charCodeAt(pos);
      if (c === Ch.Space || c === Ch.LF || c === Ch.CR || c === Ch.Tab) pos++;
      else if (c === Ch.Slash && text.charCodeAt(pos + 1) === Ch.Slash) {
        const nl = text.indexOf('\n', pos);
        pos = nl < 0 || nl > end ? end : nl;
      } else if (c === Ch.Slash && text.charCodeAt(pos + 1) === Ch.Star) {
        const close = text.indexOf('*/', pos + 2);
        pos = close < 0 || close + 2 > end ? end : close + 2;
      } else if (c === Ch.Hash && text.charCodeAt(pos + 1) === Ch.Space) {
        const nl = text.indexOf('\n', pos);
        pos = nl < 0 || nl > end ? end : nl;
      } else break;
    }
  };

  // A string ends at its quote; a raw line break in a '…' or "…" string means the logger cut the
  // body there, so reading stops (a template literal may span lines).
  const readString = (raw: boolean): { value: string; complete: boolean } => {
    const quote = text.charCodeAt(pos);
    if (quote === Ch.SQuote) sawSingle = true;
    pos++;
    let out = '';
    let chunkStart = pos;
    while (pos < end) {
      const c = text.charCodeAt(pos);
      if (c === quote) {
        out += text.slice(chunkStart, pos);
        pos++;
        return { value: out, complete: true };
      }
      if ((c === Ch.LF || c === Ch.CR) && quote !== Ch.Backtick) break;
      if (c === Ch.Backslash && !raw) {
        out += text.slice(chunkStart, pos);
        if (pos + 1 >= end) {
          pos++;
          chunkStart = pos;
          break;
        }
        const n = text.charCodeAt(pos + 1);
        switch (n) {
          case 110: out += '\n'; pos += 2; break; // n
          case 116: out += '\t'; pos += 2; break; // t
          case 114: out += '\r'; pos += 2; break; // r
          case 98: out += '\b'; pos += 2; break; // b
          case 102: out += '\f'; pos += 2; break; // f
          case 48: out += '\0'; pos += 2; break; // 0
          case 117: { // u: \uXXXX, or \u{X…} in JavaScript
            const hex = text.slice(pos + 2, pos + 6);
            if (/^[0-9a-fA-F]{4}$/.test(hex)) {
              out += String.fromCharCode(parseInt(hex, 16));
              pos += 6;
            } else {
              const m = /^\{([0-9a-fA-F]{1,6})\}/.exec(text.slice(pos + 2, pos + 10));
              const cp = m ? parseInt(m[1], 16) : -1;
              if (m && cp <= 0x10ffff) {
                out += String.fromCodePoint(cp);
                pos += 2 + m[0].length;
              } else {
                out += 'u';
                pos += 2;
              }
            }
            break;
          }
          case 120: { // x: Python's \xNN
            const hex = text.slice(pos + 2, pos + 4);
            if (/^[0-9a-fA-F]{2}$/.test(hex)) {
              out += String.fromCharCode(parseInt(hex, 16));
              pos += 4;
            } else {
              out += 'x';
              pos += 2;
            }
            break;
          }
          case Ch.LF: pos += 2; break; // a line continuation
          default: out += text[pos + 1]; pos += 2;
        }
        chunkStart = pos;
        continue;
      }
      pos++;
    }
    out += text.slice(chunkStart, Math.min(pos, end));
    return { value: out, complete: false };
  };

  // Python's adjacent literals ('a' 'b', pprint's way of splitting long strings) and JavaScript's
  // `'a' +` continuation (inspect's way) join into one string; inspect's `... N more characters` goes.
  const continueString = (value: string, raw: boolean): { value: string; complete: boolean } => {
    for (;;) {
      const save = pos;
      skipWs();
      let c = text.charCodeAt(pos);
      let plus = false;
      if (c === Ch.Plus) {
        plus = true;
        pos++;
        skipWs();
        c = text.charCodeAt(pos);
      } else if (c === Ch.Dot && MORE_CHARS.test(text.slice(pos, pos + 40))) {
        pos += MORE_CHARS.exec(text.slice(pos, pos + 40))![0].length;
        sawInspect = true;
        continue;
      }
      if (pos < end && (c === Ch.DQuote || c === Ch.SQuote || c === Ch.Backtick)) {
        if (!plus) sawPython = true;
        const next = readString(raw);
        value += next.value;
        if (!next.complete) return { value, complete: false };
        continue;
      }
      pos = save;
      return { value, complete: true };
    }
  };

  const readNumber = (): number | undefined => {
    const s = pos;
    if (text.charCodeAt(pos) === Ch.Minus || text.charCodeAt(pos) === Ch.Plus) pos++;
    let digits = 0;
    while (pos < end) {
      const c = text.charCodeAt(pos);
      if ((c >= 48 && c <= 57) || c === 46 || c === 101 || c === 69 || c === 43 || c === 45 || c === 95 || c === 120 || c === 88 || (c >= 97 && c <= 102) || (c >= 65 && c <= 70)) {
        pos++;
        digits++;
      } else break;
    }
    if (digits === 0) return undefined;
    if (text.charCodeAt(pos) === 110 /* n: BigInt */) pos++;
    const n = Number(text.slice(s, pos).replace(/_/g, ''));
    return Number.isNaN(n) ? undefined : n;
  };

  const readWord = (): string => {
    const s = pos;
    while (pos < end && isIdentChar(text.charCodeAt(pos))) pos++;
    return text.slice(s, pos);
  };

  // Skips an expression the reader cannot read as data (a variable, a call, a `new X()`), up to the
  // `,` or closing bracket that ends it at this level, and keeps its text as an Opaque.
  const skipExpression = (from: number): Opaque | undefined => {
    let depth = 0;
    pos = from;
    while (pos < end) {
      const c = text.charCodeAt(pos);
      if (c === Ch.DQuote || c === Ch.SQuote || c === Ch.Backtick) {
        if (!readString(false).complete) return undefined;
        continue;
      }
      if (c === Ch.LParen || c === Ch.LBracket || c === Ch.LBrace) depth++;
      else if (c === Ch.RParen || c === Ch.RBracket || c === Ch.RBrace) {
        if (depth === 0) break;
        depth--;
      } else if (c === Ch.Comma && depth === 0) break;
      else if ((c === Ch.LF || c === Ch.CR) && depth === 0) {
        // A log line that ends inside a value: not an expression spread over lines.
        const next = text.charCodeAt(pos + 1);
        if (next !== Ch.Space && next !== Ch.Tab && next !== Ch.LF && next !== Ch.CR && next !== Ch.RBrace && next !== Ch.RBracket && next !== Ch.RParen && next !== Ch.Dot && next !== Ch.Plus) return undefined;
      }
      pos++;
    }
    if (pos >= end) return undefined;
    skipped = true;
    const t = text.slice(from, pos).trim();
    return t ? new Opaque(t.length > 200 ? t.slice(0, 199) + '…' : t) : undefined;
  };

  // Containers are attached to their parent as soon as they open, so a stop leaves a usable partial
  // tree behind. A stop is a `false` passed up (exceptions cost microseconds each, and hostile input
  // stops a lot); open containers' ranges end where reading stopped.
  const open: [number, number][] = [];
  const openNodes: object[] = [];
  let stopAt = -1;
  const stop = (at: number): false => {
    stopAt = at;
    return false;
  };

  /** A prefix that only decorates the value after it (`<ref *1> `, `Object [AxiosHeaders] `). */
  const skipDecorations = (): void => {
    for (let i = 0; i < 3 && pos < end; i++) {
      const c = text.charCodeAt(pos);
      if (c === Ch.Lt) {
        const m = REF_PREFIX.exec(text.slice(pos, pos + 16));
        if (!m) return;
        pos += m[0].length;
        sawInspect = true;
      } else if ((c >= 65 && c <= 90) || (c >= 97 && c <= 122) || c === Ch.Underscore || c === Ch.Dollar || c === Ch.LBracket) {
        const m = CONTAINER_PREFIX.exec(text.slice(pos, pos + 200));
        if (!m) return;
        pos += m[0].length;
        sawInspect = true;
      } else return;
    }
  };

  const readValue = (depth: number, set: (v: Value) => void): boolean => {
    skipWs();
    if (pos >= end) return stop(pos);
    skipDecorations();
    const c = text.charCodeAt(pos);
    if (c === Ch.LBrace) return readObject(depth + 1, set);
    if (c === Ch.LBracket) {
      const tag = INSPECT_TAG.exec(text.slice(pos, pos + 220));
      if (tag) {
        set(new Opaque(tag[0]));
        pos += tag[0].length;
        sawInspect = true;
        return true;
      }
      return readArray(depth + 1, set);
    }
    if (c === Ch.DQuote || c === Ch.SQuote || c === Ch.Backtick) {
      const s = readString(false);
      if (!s.complete) {
        set(s.value); // a cut-off string keeps the part that was logged
        return stop(pos);
      }
      const joined = continueString(s.value, false);
      set(joined.value);
      return joined.complete || stop(pos);
    }
    if (c === Ch.Minus || c === Ch.Plus || (c >= 48 && c <= 57)) {
      const s = pos;
      const n = readNumber();
      if (n !== undefined) {
        set(n);
        return true;
      }
      pos = s;
    }
    if (c === Ch.Colon && isIdentChar(text.charCodeAt(pos + 1))) {
      // Ruby symbol value `:foo`.
      pos++;
      set(readWord());
      sawRuby = true;
      return true;
    }
    if (c === Ch.Hash && text.charCodeAt(pos + 1) === Ch.Lt) {
      // Ruby's `#<Foo bar=1>`.
      const close = text.indexOf('>', pos);
      if (close < 0 || close >= end || close - pos > 500) return stop(pos);
      set(new Opaque(text.slice(pos, close + 1)));
      pos = close + 1;
      sawRuby = true;
      return true;
    }
    const wordStart = pos;
    const w = readWord();
    // String prefixes: b'', u'', r'', f'', rb'' (Python).
    if (w.length <= 2 && /^[bBuUrRfF]{1,2}$/.test(w)) {
      const q = text.charCodeAt(pos);
      if (q === Ch.DQuote || q === Ch.SQuote) {
        sawPython = true;
        const raw = /[rR]/.test(w);
        const s = readString(raw);
        if (!s.complete) {
          set(s.value);
          return stop(pos);
        }
        const joined = continueString(s.value, raw);
        set(joined.value);
        return joined.complete || stop(pos);
      }
    }
    switch (w) {
      case 'true': set(true); return true;
      case 'false': set(false); return true;
      case 'null': set(null); return true;
      case 'True': sawPython = true; set(true); return true;
      case 'False': sawPython = true; set(false); return true;
      case 'None': sawPython = true; set(null); return true;
      case 'nil': sawRuby = true; set(null); return true;
      case 'undefined': sawBare = true; set(null); return true;
      case 'NaN': set(NaN); return true;
      case 'Infinity': set(Infinity); return true;
    }
    // Anything else is an expression (a variable, a call): kept as Opaque when it ends cleanly.
    const expr = skipExpression(wordStart);
    if (!expr) return stop(wordStart);
    set(expr);
    return true;
  };

  const readKey = (): string | undefined => {
    const c = text.charCodeAt(pos);
    if (c === Ch.DQuote || c === Ch.SQuote) {
      const r = readString(false);
      return r.complete ? r.value : undefined;
    }
    if (c === Ch.Colon && isIdentChar(text.charCodeAt(pos + 1))) {
      pos++;
      sawRuby = true;
      return readWord() || undefined;
    }
    if (c === Ch.LBracket) {
      // `[Symbol(kCapture)]: false` (inspect) or a computed key: read it as text.
      const close = text.indexOf(']', pos);
      if (close < 0 || close >= end || close - pos > 200) return undefined;
      const key = text.slice(pos, close + 1);
      pos = close + 1;
      sawInspect = true;
      return key;
    }
    if (c >= 48 && c <= 57) {
      const s = pos;
      while (pos < end && isIdentChar(text.charCodeAt(pos))) pos++;
      return text.slice(s, pos);
    }
    const w = readWord();
    if (w) sawBare = true;
    return w || undefined;
  };

  const readObject = (depth: number, set: (v: Value) => void): boolean => {
    if (depth > MAX_DEPTH) return stop(pos);
    const obj = newObj();
    const range: [number, number] = [pos, pos];
    ranges.set(obj, range);
    set(obj);
    open.push(range);
    openNodes.push(obj);
    pos++; // {
    for (;;) {
      skipWs();
      if (pos >= end) return stop(pos);
      let c = text.charCodeAt(pos);
      if (c === Ch.RBrace) break;
      if (c === Ch.Dot) {
        if (MORE_ITEMS.test(text.slice(pos, pos + 40))) {
          pos += MORE_ITEMS.exec(text.slice(pos, pos + 40))![0].length;
          sawInspect = true;
          skipWs();
          if (text.charCodeAt(pos) === Ch.Comma) pos++;
          continue;
        }
        if (text.startsWith('...', pos)) {
          // A spread in code (`...defaults`): nothing we can read.
          if (!skipExpression(pos)) return stop(pos);
          if (text.charCodeAt(pos) === Ch.Comma) pos++;
          continue;
        }
      }
      const key = readKey();
      // A key cut off by the logger stops where the text ends, so the cut is seen as one.
      if (key === undefined) return stop(pos);
      skipWs();
      c = text.charCodeAt(pos);
      if (c === Ch.Colon) pos++;
      else if (c === Ch.Eq && text.charCodeAt(pos + 1) === Ch.Gt) {
        pos += 2;
        sawRuby = true;
      } else if ((c === Ch.Comma || c === Ch.RBrace) && sawBare) {
        // Shorthand property `{ error, status }` in code.
        obj[key] = new Opaque(key);
        if (c === Ch.Comma) pos++;
        continue;
      } else return stop(pos);
      if (!readValue(depth, (v) => { obj[key] = v; })) return false;
      skipWs();
      c = text.charCodeAt(pos);
      if (c === Ch.Comma) pos++;
      else if (c !== Ch.RBrace) return stop(pos);
    }
    pos++;
    range[1] = pos;
    open.pop();
    openNodes.pop();
    return true;
  };

  const readArray = (depth: number, set: (v: Value) => void): boolean => {
    if (depth > MAX_DEPTH) return stop(pos);
    const arr: Value[] = [];
    const range: [number, number] = [pos, pos];
    ranges.set(arr, range);
    set(arr);
    open.push(range);
    openNodes.push(arr);
    pos++; // [
    const push = (v: Value): void => {
      arr.push(v);
    };
    for (;;) {
      skipWs();
      if (pos >= end) return stop(pos);
      let c = text.charCodeAt(pos);
      if (c === Ch.RBracket) break;
      if (c === Ch.Dot && MORE_ITEMS.test(text.slice(pos, pos + 40))) {
        pos += MORE_ITEMS.exec(text.slice(pos, pos + 40))![0].length;
        sawInspect = true;
        continue;
      }
      if (!readValue(depth, push)) return false;
      skipWs();
      c = text.charCodeAt(pos);
      if (c === Ch.Comma) pos++;
      else if (c !== Ch.RBracket) return stop(pos);
    }
    pos++;
    range[1] = pos;
    open.pop();
    openNodes.pop();
    return true;
  };

  let root: Value | undefined;
  const setRoot = (v: Value): void => {
    root = v;
  };
  const notation = (): Notation => (sawRuby ? 'ruby' : sawPython || (sawSingle && !sawBare && !sawInspect) ? 'python' : sawBare || sawInspect || sawSingle ? 'js' : 'json');
  const c = text.charCodeAt(start);
  let ok: boolean;
  if (c === Ch.LBrace) ok = readObject(1, setRoot);
  else if (c === Ch.LBracket) ok = readArray(1, setRoot);
  else return { value: undefined, end: start, complete: false, ranges, notation: 'json', unclosed: new Set() };
  if (ok) return { value: root, end: pos, complete: true, ranges, notation: notation(), unclosed: new Set(), skipped };
  for (const r of open) r[1] = Math.min(Math.max(r[1], pos), text.length);
  return { value: root, end: Math.max(stopAt, start + 1), complete: false, ranges, notation: notation(), unclosed: new Set(openNodes), skipped };
}

/**
 * True when a read that stopped at `at` was cut off by a logger (the rest of the line is gone, or an
 * ellipsis marks the cut) rather than broken by junk in the middle of a line.
 */
export function isCutOff(text: string, at: number): boolean {
  if (at >= text.length) return true;
  const c = text.charCodeAt(at);
  // An ellipsis: `…`, `...`, or the UTF-8 bytes of `…` when the text is bytes (see utf8Bytes.ts).
  if (c === Ch.LF || c === Ch.CR || c === 0x2026 || text.startsWith('...', at) || (c === 0xe2 && text.startsWith('\u00e2\u0080\u00a6', at))) return true;
  for (let i = at - 1; i >= 0; i--) {
    const b = text.charCodeAt(i);
    if (b === Ch.LF) return true; // stopped at the start of the next line
    if (b !== Ch.Space && b !== Ch.Tab && b !== Ch.CR) return false;
  }
  return false;
}
