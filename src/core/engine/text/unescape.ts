// Bodies escaped inside a string field of a JSON-lines log (`"msg":"{\"error\":\"…\"}"`) are read by
// unescaping one level at a time while remembering where each character came from, so findings
// inside still get exact document ranges.

export interface Unescaped {
  text: string;
  /** For each index of `text` (and one past its end), the offset in the original document. */
  map: Int32Array;
}

/**
 * Undoes one level of JSON string escaping over `source[start, end)`. Stops at an unescaped `"`
 * (the end of the enclosing string literal) or at a line break.
 */
export function unescapeOnce(source: string, start: number, end: number, baseMap?: Int32Array): Unescaped {
  const parts: string[] = [];
  const map = new Int32Array(end - start + 1);
  let n = 0;
  let i = start;
  const at = (k: number): number => (baseMap ? baseMap[k] : k);
  while (i < end) {
    const c = source.charCodeAt(i);
    if (c === 34 /* " */ || c === 10 || c === 13) break;
    if (c === 92 /* \ */ && i + 1 < end) {
      const d = source[i + 1];
      let ch: string;
      let len = 2;
      switch (d) {
        case 'n': ch = '\n'; break;
        case 't': ch = '\t'; break;
        case 'r': ch = '\r'; break;
        case 'b': ch = '\b'; break;
        case 'f': ch = '\f'; break;
        case 'u': {
          const hex = source.slice(i + 2, i + 6);
          if (/^[0-9a-fA-F]{4}$/.test(hex)) {
            ch = String.fromCharCode(parseInt(hex, 16));
            len = 6;
          } else ch = 'u';
          break;
        }
        default: ch = d;
      }
      parts.push(ch);
      map[n++] = at(i);
      i += len;
      continue;
    }
    parts.push(source[i]);
    map[n++] = at(i);
    i++;
  }
  map[n] = at(i);
  return { text: parts.join(''), map: map.subarray(0, n + 1) };
}
