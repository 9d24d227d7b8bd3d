// A forgiving, bounded, non-recursive-in-spirit parser for error bodies as they appear in logs:
// JSON, JSONC-ish object literals, Python dict reprs (single quotes, True/False/None) and bodies a
// logger cut off. It never throws: on a syntax error it stops and returns the partial tree it built,
// so a truncated body still explains itself. Depth is capped well below the stack limit (issue 6:
// jsonc-parser's recursive parse overflows near 5,000 levels).

export const MAX_DEPTH = 64;

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

class Stop {
  constructor(readonly at: number) {}
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

  // Containers are filled as they are read, so a Stop leaves a usable partial tree behind.
  const readValue = (depth: number): unknown => {
    skipWs();
    if (pos >= end) throw new Stop(pos);
    const c = text.charCodeAt(pos);
    if (c === Ch.LBrace) return readObject(depth + 1);
    if (c === Ch.LBracket) return readArray(depth + 1);
    if (c === Ch.DQuote || c === Ch.SQuote) {
      const s = readString();
      if (!s.complete) throw new StopWith(pos, s.value);
      return s.value;
    }
    if (c === Ch.Minus || (c >= 48 && c <= 57)) {
      const n = readNumber();
      if (n === undefined) throw new Stop(pos);
      return n;
    }
    const w = readWord();
    switch (w) {
      case 'true': return true;
      case 'false': return false;
      case 'null': return null;
      case 'True': python = true; return true;
      case 'False': python = true; return false;
      case 'None': python = true; return null;
    }
    throw new Stop(pos - w.length);
  };

  const readObject = (depth: number): Record<string, unknown> => {
    if (depth > MAX_DEPTH) throw new Stop(pos);
    const obj: Record<string, unknown> = Object.create(null);
    const range: [number, number] = [pos, pos];
    ranges.set(obj, range);
    pos++; // {
    let key: string | undefined;
    try {
      for (;;) {
        key = undefined;
        skipWs();
        if (pos >= end) throw new Stop(pos);
        let c = text.charCodeAt(pos);
        if (c === Ch.RBrace) {
          pos++;
          range[1] = pos;
          return obj;
        }
        let k: string;
        if (c === Ch.DQuote || c === Ch.SQuote) {
          const r = readString();
          if (!r.complete) throw new Stop(pos);
          k = r.value;
        } else {
          k = readWord(); // bare keys: JS object literals in code
          if (!k) throw new Stop(pos);
        }
        skipWs();
        if (text.charCodeAt(pos) !== Ch.Colon) throw new Stop(pos);
        pos++;
        key = k;
        obj[k] = readValue(depth);
        key = undefined;
        range[1] = pos;
        skipWs();
        c = text.charCodeAt(pos);
        if (c === Ch.Comma) pos++;
        else if (c !== Ch.RBrace) throw new Stop(pos);
      }
    } catch (e) {
      // Keep what was read: the partial value of the key being read, and this object itself.
      if (e instanceof StopWith && key !== undefined) obj[key] = e.partial;
      range[1] = pos;
      throw new StopWith((e as Stop).at, obj);
    }
  };

  const readArray = (depth: number): unknown[] => {
    if (depth > MAX_DEPTH) throw new Stop(pos);
    const arr: unknown[] = [];
    const range: [number, number] = [pos, pos];
    ranges.set(arr, range);
    pos++; // [
    let reading = false;
    try {
      for (;;) {
        skipWs();
        if (pos >= end) throw new Stop(pos);
        let c = text.charCodeAt(pos);
        if (c === Ch.RBracket) {
          pos++;
          range[1] = pos;
          return arr;
        }
        reading = true;
        arr.push(readValue(depth));
        reading = false;
        range[1] = pos;
        skipWs();
        c = text.charCodeAt(pos);
        if (c === Ch.Comma) pos++;
        else if (c !== Ch.RBracket) throw new Stop(pos);
      }
    } catch (e) {
      if (e instanceof StopWith && reading) arr.push(e.partial);
      range[1] = pos;
      throw new StopWith((e as Stop).at, arr);
    }
  };

  let root: unknown;
  try {
    const c = text.charCodeAt(start);
    if (c === Ch.LBrace) root = readObject(1);
    else if (c === Ch.LBracket) root = readArray(1);
    else return { value: undefined, end: start, complete: false, ranges, python };
    return { value: root, end: pos, complete: true, ranges, python };
  } catch (e) {
    if (!(e instanceof Stop)) throw e;
    // The root container is the first one registered.
    const first = ranges.keys().next();
    return { value: first.done ? undefined : first.value, end: Math.max(e.at, start + 1), complete: false, ranges, python };
  }
}

/** A stop inside a value: carries the part of the value that was read (a string, object or array). */
class StopWith extends Stop {
  constructor(at: number, readonly partial: unknown) {
    super(at);
  }
}
