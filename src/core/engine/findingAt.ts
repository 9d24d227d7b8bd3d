// Which finding is under the cursor: hovers call this on every mouse move, so it is a binary search
// over the cached findings, never a rescan. On a document not scanned yet, a window around the
// cursor answers, so a hover never scans a big document whole.
import type { Catalog } from '../catalog/catalog';
import { evidenceIn, HEAD } from './evidence';
import { shiftFinding, type Finding } from './finding';
import type { TextSource } from './incremental';
import { recognitionOf } from './recognition';
import { scanText, type ScanOptions } from './scan';

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

/** Triggers this far either side of the cursor are scanned by a window. */
export const WINDOW_REACH = 16 * 1024;
/**
 * Text read before the cursor: the reach, then the scanner's walk back to an enclosing `{` (16 KB)
 * and the evidence counted before a body (8 KB), so every body of a trigger in reach reads as in a
 * full scan.
 */
const WINDOW_BACK = WINDOW_REACH + 24 * 1024;
/** Text read after the cursor: a body that does not end inside it (with 2 KB of evidence after) is not settled. */
const WINDOW_AHEAD = 64 * 1024;
const EVIDENCE_AFTER = 2 * 1024;
/** The most characters one window reads: the text around the cursor, and the document's head for evidence. */
export const WINDOW_CHARS = WINDOW_BACK + WINDOW_AHEAD + HEAD;

export interface WindowAnswer {
  /** The finding under the cursor (undefined: none found in the window). */
  finding?: Finding;
  /**
   * True when the answer is the full scan's: the window is the whole text, or the finding ends inside
   * the window. Otherwise only a scan of the whole text can tell (a body longer than the window).
   */
  settled: boolean;
  /** Characters read. */
  scanned: number;
}

/**
 * The finding under `offset` from a window of text around it, for a hover on a document not scanned
 * yet: at most WINDOW_CHARS are read, whatever the size of the document.
 */
export function findingInWindow(source: TextSource, catalog: Catalog, offset: number, options: Pick<ScanOptions, 'onInternalError'> = {}): WindowAnswer {
  const winStart = Math.max(0, offset - WINDOW_BACK);
  const winEnd = Math.min(source.length, offset + WINDOW_AHEAD);
  const whole = winStart === 0 && winEnd === source.length;
  const text = source.slice(winStart, winEnd);
  let scanned = text.length;
  let evidenceHead: Set<string> | undefined;
  if (winStart > 0) {
    // A source file's imports name its API for the whole file.
    const head = source.slice(0, HEAD);
    scanned += head.length;
    evidenceHead = evidenceIn(recognitionOf(catalog).evidence, head, 0, HEAD);
  }
  const onInternalError = options.onInternalError && ((o: number, e: unknown) => options.onInternalError!(o + winStart, e));
  const from = Math.max(0, offset - WINDOW_REACH - winStart);
  const to = Math.min(text.length, offset + WINDOW_REACH - winStart);
  const found = findingAt(scanText(text, catalog, whole ? { onInternalError } : { from, to, evidenceHead, onInternalError }), offset - winStart);
  const finding = found && shiftFinding(found, winStart);
  if (whole) return { finding, settled: true, scanned };
  if (!finding) return { settled: false, scanned };
  const end = Math.max(finding.end, finding.body?.[1] ?? 0);
  return { finding, settled: winEnd === source.length || end + EVIDENCE_AFTER <= winEnd, scanned };
}
