// A body inside a quoted CSV field (`"{""error"":""Forbidden""}"`, exports of logs and spreadsheets):
// the field's doubled quotes are undone, over several lines if the field spans them, with a map back
// to the original offsets.

export interface Unquoted {
  text: string;
  /** For each index of `text` (and one past its end), the offset in the original. */
  map: Int32Array;
  /** Offset in the original just past the field's closing quote (or where reading stopped). */
  end: number;
}

/**
 * Undoes CSV quoting from `start` (the first character inside the field, after its opening quote) up
 * to the field's closing quote (a `"` not followed by another), reading at most `max` characters.
 */
export function unquoteCsvField(source: string, start: number, max: number): Unquoted {
  const limit = Math.min(source.length, start + max);
  const map = new Int32Array(limit - start + 1);
  const parts: string[] = [];
  let n = 0;
  let i = start;
  let chunk = start;
  while (i < limit) {
    if (source.charCodeAt(i) === 34 /* " */) {
      if (source.charCodeAt(i + 1) !== 34) break; // the closing quote
      parts.push(source.slice(chunk, i + 1));
      for (let k = chunk; k <= i; k++) map[n++] = k;
      i += 2;
      chunk = i;
      continue;
    }
    i++;
  }
  parts.push(source.slice(chunk, i));
  for (let k = chunk; k < i; k++) map[n++] = k;
  map[n] = i;
  return { text: parts.join(''), map: map.subarray(0, n + 1), end: i + 1 };
}
