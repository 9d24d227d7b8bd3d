// Which finding is under the cursor: hovers call this on every mouse move, so it is a binary search
// over the cached findings, never a rescan.
import type { Finding } from './finding';

/** Binary search over findings sorted by start; prefers the smallest finding containing `offset`. */
export function findingAt(findings: readonly Finding[], offset: number): Finding | undefined {
  let lo = 0;
  let hi = findings.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (findings[mid].start <= offset) lo = mid + 1;
    else hi = mid;
  }
  let best: Finding | undefined;
  // Findings do not nest deeply: look back a few for one that still contains the offset.
  for (let i = lo - 1; i >= 0 && i >= lo - 8; i--) {
    const f = findings[i];
    if (offset >= f.start && offset <= f.end && (!best || f.end - f.start < best.end - best.start)) best = f;
  }
  return best;
}
