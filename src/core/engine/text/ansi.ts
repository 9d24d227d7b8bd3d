// Terminal colour codes (`ESC[34;1m`) sit anywhere in coloured output: around keys (`jq -C`), around
// values (Node's coloured inspect), inside words. They are taken out before anything is read, and every
// offset in the text without them maps back to the text with them, so findings keep exact ranges.

// CSI sequences (colours, cursor moves) and OSC sequences (hyperlinks, titles), bounded in length.
const ANSI = /\x1b\[[0-9;:?<=>]{0,32}[@-~]|\x1b\][^\x07\x1b]{0,512}(?:\x07|\x1b\\)|\x1b[@-Z\\-_]/g;

export interface AnsiStripped {
  /** The text without escape sequences. */
  text: string;
  /** Offset in the stripped text → offset in the original (exact at sequence boundaries). */
  toSource(offset: number): number;
}

/** Whether the text holds an escape character at all (cheap: one indexOf). */
export function hasAnsi(text: string): boolean {
  return text.indexOf('\x1b') >= 0;
}

/**
 * The text without ANSI escape sequences. The offset map is sparse: one entry per sequence removed,
 * so memory grows with the colour codes, not with the text.
 */
export function stripAnsi(text: string): AnsiStripped {
  // at[i]: offset in the stripped text where the i-th removal happened; shift[i]: characters removed
  // up to and including it.
  const at: number[] = [];
  const shift: number[] = [];
  let removed = 0;
  const stripped = text.replace(ANSI, (m: string, offset: number) => {
    removed += m.length;
    at.push(offset - (removed - m.length));
    shift.push(removed);
    return '';
  });
  return {
    text: stripped,
    toSource(offset: number): number {
      // The last removal at or before this offset decides the shift.
      let lo = 0;
      let hi = at.length;
      while (lo < hi) {
        const mid = (lo + hi) >> 1;
        if (at[mid] <= offset) lo = mid + 1;
        else hi = mid;
      }
      return offset + (lo > 0 ? shift[lo - 1] : 0);
    },
  };
}
