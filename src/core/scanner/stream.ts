// Streaming scan for logs too big to hold: text arrives in chunks; each round scans the triggers up
// to a hold-back margin before the last complete line, so a body split across chunk boundaries is
// read whole in the next round. Memory stays bounded by chunk size + margin, whatever the file size.
import type { Catalog } from '../catalog/catalog';
import { Scan } from './scan';
import type { Finding } from './types';

/** Bodies up to this size that start near a chunk's end are read whole in the next round. */
const HOLD_BACK = 64 * 1024;
/** Text kept before the scan position: context lines and the enclosing `{` of a trigger. */
const KEEP_BEFORE = 20 * 1024;

export interface StreamedFinding {
  finding: Finding;
  /** 1-based line and column of start and end (columns in UTF-16 code units). */
  line: number;
  column: number;
  endLine: number;
  endColumn: number;
}

/** Counts line breaks in text[from, to). */
function countLines(text: string, from: number, to: number): number {
  let n = 0;
  for (let i = text.indexOf('\n', from); i >= 0 && i < to; i = text.indexOf('\n', i + 1)) n++;
  return n;
}

/** Scans chunks of one text as they arrive; calls `onFinding` in document order. */
export async function scanStream(chunks: AsyncIterable<string>, catalog: Catalog, onFinding: (f: StreamedFinding) => void): Promise<{ bytes: number; findings: number }> {
  let buf = '';
  let base = 0; // absolute offset of buf[0]
  let lineBase = 1; // line number of buf[0]
  let scanFrom = 0; // relative to buf
  let reportedEnd = 0; // end of the last finding reported, relative to buf
  let total = 0;
  let count = 0;

  // Lines are counted forward from a cursor, since findings come in order.
  let cursorOffset = 0;
  let cursorLine = 1;
  let cursorLineStart = 0;
  const position = (offset: number): { line: number; column: number } => {
    for (let i = buf.indexOf('\n', cursorOffset); i >= 0 && i < offset; i = buf.indexOf('\n', i + 1)) {
      cursorLine++;
      cursorLineStart = i + 1;
    }
    cursorOffset = offset;
    return { line: cursorLine, column: offset - cursorLineStart + 1 };
  };
  /** The end of a finding, counted from its start (bodies are short). */
  const endPosition = (start: { line: number; column: number }, startOffset: number, endOffset: number): { line: number; column: number } => {
    let line = start.line;
    let lineStart = startOffset - start.column + 1;
    for (let i = buf.indexOf('\n', startOffset); i >= 0 && i < endOffset; i = buf.indexOf('\n', i + 1)) {
      line++;
      lineStart = i + 1;
    }
    return { line, column: endOffset - lineStart + 1 };
  };

  const round = (final: boolean): void => {
    const cut = final ? buf.length : buf.lastIndexOf('\n') + 1;
    const limit = final ? buf.length : cut - HOLD_BACK;
    if (limit <= scanFrom) return;
    // Bodies may read into the unfinished last line; triggers stop at `limit`.
    const scan = new Scan(buf, catalog, { from: scanFrom, to: limit });
    scan.step();
    let next = limit;
    for (const f of scan.findings.sort((a, b) => a.start - b.start)) {
      // Found again through a trigger inside it. (A body may start before scanFrom: its `{` was in
      // the last round, its first trigger in this one.)
      if (f.start < reportedEnd) continue;
      reportedEnd = f.end;
      const s = position(f.start);
      const e = endPosition(s, f.start, f.end);
      onFinding({ finding: f, line: s.line, column: s.column, endLine: e.line, endColumn: e.column });
      count++;
      next = Math.max(next, f.end);
    }
    scanFrom = next;
    // Drop what is no longer needed, keeping some text before the scan position.
    const keepFrom = final ? 0 : Math.max(0, buf.lastIndexOf('\n', scanFrom - KEEP_BEFORE) + 1);
    if (keepFrom > 0) {
      const dropped = countLines(buf, 0, keepFrom);
      lineBase += dropped;
      // Keep the line cursor consistent with the shifted buffer.
      if (cursorOffset >= keepFrom) {
        cursorOffset -= keepFrom;
        cursorLineStart -= keepFrom;
      } else {
        cursorOffset = 0;
        cursorLine = lineBase;
        cursorLineStart = 0;
      }
      buf = buf.slice(keepFrom);
      base += keepFrom;
      scanFrom -= keepFrom;
      reportedEnd = Math.max(0, reportedEnd - keepFrom);
    }
  };

  for await (const chunk of chunks) {
    total += chunk.length;
    buf += chunk;
    round(false);
  }
  round(true);
  void base;
  return { bytes: total, findings: count };
}
