// Incremental update after an edit: findings after the edit shift, findings touching it are dropped,
// and only a window around the edit is scanned again. On a 50 MB log a one-line edit costs a few
// kilobytes of scanning instead of the whole file.
import type { Catalog } from '../catalog/catalog';
import { evidenceIn, HEAD } from './evidence';
import { shiftFinding, type Finding } from './finding';
import { recognitionOf } from './recognition';
import { scanText, type ScanOptions } from './scan';

/** One change, in the coordinates of the text before it (as VS Code reports content changes). */
export interface TextChange {
  offset: number;
  deletedLength: number;
  insertedLength: number;
}

/** Read access to the new text, so callers need not materialise a 50 MB string. */
export interface TextSource {
  readonly length: number;
  slice(from: number, to: number): string;
}

/** Lines around an edit that are scanned again: status lines and headers travel a few lines away. */
const CONTEXT_CHARS = 2048;
/** Text before the window start that the scanner may look back into for an enclosing `{`. */
const LOOK_BACK = 16 * 1024;
/** Text after the window end that a body may run into. */
const LOOK_AHEAD = 256 * 1024;

/** Where the stretch of text a finding depends on starts: itself, its whole body and its context. */
function firstOf(f: Finding): number {
  let first = f.body && f.body[0] < f.start ? f.body[0] : f.start;
  for (const m of f.context) if (m.start < first) first = m.start;
  return first;
}

/** Where that stretch ends. */
function reachOf(f: Finding): number {
  let reach = f.body && f.body[1] > f.end ? f.body[1] : f.end;
  for (const m of f.context) if (m.end > reach) reach = m.end;
  return reach;
}

/** The finding's own text: the error, or its whole body. */
const spanStart = (f: Finding): number => (f.body && f.body[0] < f.start ? f.body[0] : f.start);
const spanEnd = (f: Finding): number => (f.body && f.body[1] > f.end ? f.body[1] : f.end);

/**
 * Applies `changes` (in order) to `findings` and rescans what they touched. Returns the new
 * findings in document order, equal to a full scan of the new text.
 */
export function updateFindings(findings: readonly Finding[], changes: readonly TextChange[], source: TextSource, catalog: Catalog, options: Pick<ScanOptions, 'evidenceHead' | 'onInternalError'> = {}): Finding[] {
  let current = findings.slice();
  const dirty: [number, number][] = [];
  for (const c of changes) {
    const oldEnd = c.offset + c.deletedLength;
    const delta = c.insertedLength - c.deletedLength;
    const next: Finding[] = [];
    let from = c.offset;
    let to = c.offset + c.insertedLength;
    for (const f of current) {
      // Keep findings whose text and context lie clear of the change.
      const reach = reachOf(f);
      if (reach + CONTEXT_CHARS < c.offset) {
        next.push(f);
        continue;
      }
      const first = firstOf(f);
      if (first - CONTEXT_CHARS > oldEnd) next.push(shiftFinding(f, delta));
      else {
        from = Math.min(from, first);
        to = Math.max(to, reach <= c.offset ? reach : reach + delta);
      }
    }
    for (const d of dirty) {
      if (d[0] >= oldEnd) {
        d[0] += delta;
        d[1] += delta;
      } else if (d[1] > c.offset) d[1] = Math.max(c.offset + c.insertedLength, d[1] + delta);
    }
    dirty.push([from, to]);
    current = next;
  }
  if (dirty.length === 0) return current;

  // Merge dirty ranges, widen them by the context distance, rescan each in a window of text.
  dirty.sort((a, b) => a[0] - b[0]);
  const merged: [number, number][] = [];
  for (const [a, b] of dirty) {
    const from = Math.max(0, a - CONTEXT_CHARS);
    const to = Math.min(source.length, b + CONTEXT_CHARS);
    const last = merged[merged.length - 1];
    if (last && from <= last[1]) last[1] = Math.max(last[1], to);
    else merged.push([from, to]);
  }
  let out = current;
  // A window that does not start at the top misses the document's head, where evidence (a source
  // file's imports) counts for the whole document: it is read once, as a full scan reads it.
  let head = options.evidenceHead;
  for (let [from, to] of merged) {
    // Findings in the widened range are replaced by the rescan; one that starts before it (a
    // pretty-printed body) pulls the range back to its trigger.
    for (const f of out) {
      const s0 = spanStart(f);
      if (s0 < from && spanEnd(f) > from) from = s0;
    }
    out = out.filter((f) => spanEnd(f) <= from || spanStart(f) >= to);
    const winStart = Math.max(0, from - LOOK_BACK);
    const winEnd = Math.min(source.length, to + LOOK_AHEAD);
    const window = source.slice(winStart, winEnd);
    const onInternalError = options.onInternalError && ((o: number, e: unknown) => options.onInternalError!(o + winStart, e));
    if (winStart > 0) head ??= evidenceIn(recognitionOf(catalog).evidence, source.slice(0, HEAD), 0, HEAD);
    const found = scanText(window, catalog, { from: from - winStart, to: to - winStart, evidenceHead: winStart > 0 ? head : undefined, onInternalError });
    for (const f of found) {
      const g = shiftFinding(f, winStart);
      if (g.start < from && out.some((o) => o.start === g.start && o.end === g.end)) continue;
      out.push(g);
    }
  }
  return out.sort((a, b) => a.start - b.start || a.end - b.end);
}
