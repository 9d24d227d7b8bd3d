// The value tree every notation reader produces: the same plain values whatever the text looked like
// (JSON, a JavaScript or Python literal, Node's util.inspect, Ruby's Hash#inspect, Go's fmt, YAML), with
// the source range of every object and array. Body rules (catalog `bodies`) are matched against it.
//
// Totality: values come from untrusted text, so objects are created without a prototype (a key named
// `__proto__`, `constructor` or `toString` is just a key) and nothing here ever converts a value
// implicitly (`String(obj)`, `arr.join()`, template literals over values): a null-prototype object has no
// `toString`, and that conversion throws. Read values only through the accessors below.

/** A value a reader could not read as data: `[Object]`, `[Circular *1]`, `<nil>`, a variable name in code. */
export class Opaque {
  constructor(readonly text: string) {}
}

export type Value = string | number | boolean | null | Obj | Value[] | Opaque;
/** An object of the tree: always created with `Object.create(null)` (see newObj). */
export interface Obj {
  [key: string]: Value;
}

/** How a body was written. Syntax notations first, then how it was wrapped or cut. */
export type Notation =
  | 'json' // JSON (and JSONC)
  | 'js' // JavaScript object literal or Node's util.inspect / console.log output
  | 'python' // Python repr / pprint
  | 'ruby' // Ruby Hash#inspect
  | 'go' // Go fmt: map[k:v], &{Field:value}
  | 'yaml' // a YAML mapping
  | 'pretty' // spread over several lines
  | 'escaped' // inside a string literal (JSON-lines, CloudWatch, HAR), any number of levels
  | 'csv' // inside a CSV field with doubled quotes
  | 'ansi' // with terminal colour codes
  | 'truncated' // cut off by a logger
  | 'literal'; // a bare code, not a body

/** What a reader returns. */
export interface Parsed {
  /** The value read (possibly partial); undefined when nothing could be read. */
  value: Value | undefined;
  /** Offset just past what was consumed. */
  end: number;
  /** False when the text was cut off or broken before the value closed. */
  complete: boolean;
  /** Source range [start, end) of every object and array in the tree. */
  ranges: Map<object, [number, number]>;
  /** The syntax recognised (`json` when nothing more specific was seen). */
  notation: Notation;
  /** Containers still open where reading stopped (empty when complete). */
  unclosed: Set<object>;
  /** True when some text inside was skipped unread (an expression in code): objects in it were not seen. */
  skipped?: boolean;
}

/**
 * A notation reader: reads the object (or array) that starts at `start` in `text`, reading no further
 * than `limit`. Never throws, whatever the text; stops at a syntax error and returns the partial tree.
 */
export type Reader = (text: string, start: number, limit: number) => Parsed;

/** Readers stop this deep: error bodies and the records around them are a few levels deep. */
export const MAX_DEPTH = 32;

export function newObj(): Obj {
  return Object.create(null) as Obj;
}

export function isObj(v: unknown): v is Obj {
  return typeof v === 'object' && v !== null && !Array.isArray(v) && !(v instanceof Opaque);
}

export function isArr(v: unknown): v is Value[] {
  return Array.isArray(v);
}

/** Per object, its keys by lower case (null when two keys fold together), built on the first miss. */
const folded = new WeakMap<object, Map<string, string | null>>();

/** Own key of an object (never a prototype's): exact, else the one key equal ignoring case (Go's `Detail`). */
export function keyOf(o: Obj, key: string): string | undefined {
  if (Object.prototype.hasOwnProperty.call(o, key)) return key;
  let keys = folded.get(o);
  if (!keys) {
    keys = new Map();
    for (const k in o) {
      const lower = k.toLowerCase();
      keys.set(lower, keys.has(lower) ? null : k);
    }
    folded.set(o, keys);
  }
  return keys.get(key.toLowerCase()) ?? undefined;
}

export function get(o: Obj, key: string): Value | undefined {
  const k = keyOf(o, key);
  return k === undefined ? undefined : o[k];
}

/** A string, or a finite number or boolean as text; undefined for everything else. Never throws. */
export function textOf(v: unknown): string | undefined {
  if (typeof v === 'string') return v;
  if (typeof v === 'number') return Number.isFinite(v) ? String(v) : undefined;
  if (typeof v === 'boolean') return v ? 'true' : 'false';
  return undefined;
}

/** A finite number, also from a numeric string (`"429"`); undefined otherwise. */
export function numberOf(v: unknown): number | undefined {
  if (typeof v === 'number') return Number.isFinite(v) ? v : undefined;
  if (typeof v === 'string' && /^-?\d+(?:\.\d+)?$/.test(v.trim())) {
    const n = Number(v.trim());
    return Number.isFinite(n) ? n : undefined;
  }
  return undefined;
}

/** An HTTP status (an integer 100–599, or such a number as a string). */
export function httpStatusOf(v: unknown): number | undefined {
  const n = typeof v === 'string' ? (/^\s*[1-5]\d\d\s*$/.test(v) ? Number(v) : undefined) : numberOf(v);
  return n !== undefined && Number.isInteger(n) && n >= 100 && n <= 599 ? n : undefined;
}

/**
 * Any value as one line of display text, bounded: scalars as written, arrays and objects as a short
 * JSON-like summary. For facts and messages: it never throws and never runs a value's own methods.
 */
export function displayOf(v: unknown, max = 200): string {
  const out: string[] = [];
  let size = 0;
  const put = (s: string): boolean => {
    if (size >= max) return false;
    out.push(s);
    size += s.length;
    return true;
  };
  const walk = (x: unknown, depth: number): void => {
    if (size >= max) return;
    if (x === null) put('null');
    else if (x === undefined) put('undefined');
    else if (typeof x === 'string') put(depth === 0 ? x : JSON.stringify(x));
    else if (typeof x === 'number') put(Number.isFinite(x) ? String(x) : x > 0 ? 'Infinity' : x < 0 ? '-Infinity' : 'NaN');
    else if (typeof x === 'boolean') put(x ? 'true' : 'false');
    else if (x instanceof Opaque) put(x.text);
    else if (Array.isArray(x)) {
      if (depth > 3) return void put('[…]');
      put('[');
      for (let i = 0; i < x.length; i++) {
        if (i) put(', ');
        walk(x[i], depth + 1);
        if (size >= max) break;
      }
      put(']');
    } else if (typeof x === 'object') {
      if (depth > 3) return void put('{…}');
      put('{');
      let first = true;
      for (const k in x as Record<string, unknown>) {
        if (!Object.prototype.hasOwnProperty.call(x, k)) continue;
        if (!first) put(', ');
        first = false;
        put(`${JSON.stringify(k)}: `);
        walk((x as Record<string, unknown>)[k], depth + 1);
        if (size >= max) break;
      }
      put('}');
    } else put(typeof x);
  };
  walk(v, 0);
  const s = out.join('');
  return s.length > max ? s.slice(0, max - 1) + '…' : s;
}

/** A plain JSON-able copy of a value (Opaque as its text), bounded in depth: for reports and `data`. */
export function toJson(v: unknown, depth = 0): unknown {
  if (v === null || typeof v === 'string' || typeof v === 'boolean') return v;
  if (typeof v === 'number') return Number.isFinite(v) ? v : null;
  if (v instanceof Opaque) return v.text;
  if (depth > MAX_DEPTH) return null;
  if (Array.isArray(v)) return v.map((x) => toJson(x, depth + 1));
  if (typeof v === 'object') {
    const o: Record<string, unknown> = Object.create(null);
    for (const k in v as Record<string, unknown>) if (Object.prototype.hasOwnProperty.call(v, k)) o[k] = toJson((v as Record<string, unknown>)[k], depth + 1);
    return o;
  }
  return null;
}
