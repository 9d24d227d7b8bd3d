// A forgiving, bounded, non-recursive-in-spirit parser for error bodies as they appear in logs:
// JSON, JSONC-ish object literals, Python dict reprs (single quotes, True/False/None) and bodies a
// logger cut off. It never throws: on a syntax error it stops and returns the partial tree it built,
// so a truncated body still explains itself. Depth is capped well below the stack limit (issue 6:
// jsonc-parser's recursive parse overflows near 5,000 levels).

/** Error bodies and the log records around them are a few levels deep; deeper input is not a body. */
export const MAX_DEPTH = 32;

export interface LooseParse {
  /** The value parsed (possibly partial). Undefined when nothing could be read. */
  value: unknown;
  /** Offset just past what was consumed (the closing brace, or where parsing stopped). */
  end: number;
  /** False when the body was cut off or broken before its closing brace. */
  complete: boolean;
  /** Source range [start, end) of every object and array in the tree. */
  ranges: Map<object, [number, number]>;
  /** True when single-quoted strings or Python literals were seen. */
  python: boolean;
  /** Containers still open where parsing stopped (empty when complete). */
  unclosed: Set<object>;
}

const enum Ch {
  Tab = 9,
  LF = 10,
  CR = 13,
  Space = 32,
  DQuote = 34,
  SQuote = 39,
  Comma = 44,
  Minus = 45,
  Colon = 58,
  LBracket = 91,
  Backslash = 92,
  RBracket = 93,
  LBrace = 123,
  RBrace = 125,
}

/**
 * Parses the object or array starting at `start` (which must hold `{` or `[`), reading no further
 * than `limit`.
 */
export function parseLoose(text: string, start: number, limit = text.length): LooseParse {
  const ranges = new Map<object, [number, number]>();
  let pos = start;
  let python = false;
  const end = Math.min(limit, text.length);

  const skipWs = (): void => {
    while (pos < end) {
      const c = text.charCodeAt(pos);
      if (c === Ch.Space || c === Ch.LF || c === Ch.CR || c === Ch.Tab) pos++;
      else break;
    }
  };

  // Strings end at their quote; a raw line break means the logger cut the body: stop there.
  const readString = (): { value: string; complete: boolean } => {
    const quote = text.charCodeAt(pos);
    if (quote === Ch.SQuote) python = true;
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
      if (c === Ch.LF || c === Ch.CR) break;
      if (c === Ch.Backslash) {
        out += text.slice(chunkStart, pos);
        const n = text.charCodeAt(pos + 1);
        if (pos + 1 >= end) { pos++; break; }
        switch (n) {
          case 110: out += '\n'; pos += 2; break; // n
          case 116: out += '\t'; pos += 2; break; // t
          case 114: out += '\r'; pos += 2; break; // r
          case 98: out += '\b'; pos += 2; break; // b
          case 102: out += '\f'; pos += 2; break; // f
          case 117: { // u
            const hex = text.slice(pos + 2, pos + 6);
            if (/^[0-9a-fA-F]{4}$/.test(hex)) {
              out += String.fromCharCode(parseInt(hex, 16));
              pos += 6;
            } else {
              out += 'u';
              pos += 2;
            }
            break;
          }
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

  const readNumber = (): number | undefined => {
    const s = pos;
    if (text.charCodeAt(pos) === Ch.Minus) pos++;
    let digits = 0;
    while (pos < end) {
      const c = text.charCodeAt(pos);
      if ((c >= 48 && c <= 57) || c === 46 || c === 101 || c === 69 || c === 43 || c === 45) {
        pos++;
        digits++;
      } else break;
    }
    if (digits === 0) return undefined;
    const n = Number(text.slice(s, pos));
    return Number.isFinite(n) ? n : undefined;
  };

  const readWord = (): string => {
    const s = pos;
    while (pos < end) {
      const c = text.charCodeAt(pos);
      if ((c >= 65 && c <= 90) || (c >= 97 && c <= 122) || (c >= 48 && c <= 57) || c === 95 || c === 36) pos++;
      else break;
    }
    return text.slice(s, pos);
  };

  // Containers are attached to their parent as soon as they open, so a stop leaves a usable
  // partial tree behind. A stop is a `false` passed up (exceptions cost microseconds each, and
  // hostile input stops a lot); open containers' ranges end where parsing stopped.
  const open: [number, number][] = [];
  const openNodes: object[] = [];
  let stopAt = -1;
  const stop = (at: number): false => {
    stopAt = at;
    return false;
  };

  const readValue = (depth: number, set: (v: unknown) => void): boolean => {
    skipWs();
    if (pos >= end) return stop(pos);
    const c = text.charCodeAt(pos);
    if (c === Ch.LBrace) return readObject(depth + 1, set);
    if (c === Ch.LBracket) return readArray(depth + 1, set);
    if (c === Ch.DQuote || c === Ch.SQuote) {
      const s = readString();
      set(s.value); // a cut-off string keeps the part that was logged
      return s.complete || stop(pos);
    }
    if (c === Ch.Minus || (c >= 48 && c <= 57)) {
      const n = readNumber();
      if (n === undefined) return stop(pos);
      set(n);
      return true;
    }
    const w = readWord();
    switch (w) {
      case 'true': set(true); return true;
      case 'false': set(false); return true;
      case 'null': set(null); return true;
      case 'True': python = true; set(true); return true;
      case 'False': python = true; set(false); return true;
      case 'None': python = true; set(null); return true;
    }
    return stop(pos - w.length);
  };

  const readObject = (depth: number, set: (v: unknown) => void): boolean => {
    if (depth > MAX_DEPTH) return stop(pos);
    const obj: Record<string, unknown> = Object.create(null);
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
      let key: string;
      if (c === Ch.DQuote || c === Ch.SQuote) {
        const r = readString();
        if (!r.complete) return stop(pos);
        key = r.value;
      } else {
        key = readWord(); // bare keys: JS object literals in code
        if (!key) return stop(pos);
      }
      skipWs();
      if (text.charCodeAt(pos) !== Ch.Colon) return stop(pos);
      pos++;
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

  const readArray = (depth: number, set: (v: unknown) => void): boolean => {
    if (depth > MAX_DEPTH) return stop(pos);
    const arr: unknown[] = [];
    const range: [number, number] = [pos, pos];
    ranges.set(arr, range);
    set(arr);
    open.push(range);
    openNodes.push(arr);
    pos++; // [
    const push = (v: unknown): void => {
      arr.push(v);
    };
    for (;;) {
      skipWs();
      if (pos >= end) return stop(pos);
      let c = text.charCodeAt(pos);
      if (c === Ch.RBracket) break;
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

  let root: unknown;
  const setRoot = (v: unknown): void => {
    root = v;
  };
  const c = text.charCodeAt(start);
  let ok: boolean;
  if (c === Ch.LBrace) ok = readObject(1, setRoot);
  else if (c === Ch.LBracket) ok = readArray(1, setRoot);
  else return { value: undefined, end: start, complete: false, ranges, python, unclosed: new Set() };
  if (ok) return { value: root, end: pos, complete: true, ranges, python, unclosed: new Set() };
  for (const r of open) r[1] = Math.min(Math.max(r[1], pos), text.length);
  return { value: root, end: Math.max(stopAt, start + 1), complete: false, ranges, python, unclosed: new Set(openNodes) };
}

/**
 * True when a parse that stopped at `at` was cut off by a logger (the rest of the line is gone, or
 * an ellipsis marks the cut) rather than broken by junk in the middle of a line.
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
