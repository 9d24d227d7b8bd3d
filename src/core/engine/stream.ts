// Streaming scan for logs too big to hold: text arrives in chunks; each round scans the triggers up
// to a hold-back margin before the last complete line, so a body split across chunk boundaries is
// read whole in the next round. Memory stays bounded by chunk size + margin, whatever the file size.
import type { Catalog } from '../catalog/catalog';
import { evidenceIn, HEAD } from './evidence';
import type { Finding } from './finding';
import { recognitionOf } from './recognition';
import { scanText } from './scan';
import { exactFinding, utf16Column } from './utf8Bytes';

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

/**
 * A text that arrives in windows: `nextWindow(keep)` returns the last `keep` characters of the
 * previous window followed by the text that arrived since (undefined at the end). A source that
 * decodes bytes can build each window in one decode, instead of decoding a chunk and then copying
 * it again onto the kept text (the CLI does: see readWindows in src/cli/main.ts).
 */
export interface StreamWindows {
  nextWindow(keep: number): Promise<string | undefined>;
  /** The windows hold UTF-8 bytes, one character per byte (see utf8Bytes.ts); columns and findings
   * still come out as a scan of the decoded text reports them. */
  readonly utf8Bytes?: boolean;
}

/** Windows over string chunks: the kept text and the new chunk, concatenated. */
export function windowsOf(chunks: AsyncIterable<string>): StreamWindows {
  const it = chunks[Symbol.asyncIterator]();
  let last = '';
  return {
    async nextWindow(keep) {
      const r = await it.next();
      if (r.done) return undefined;
      last = last.slice(last.length - keep) + r.value;
      return last;
    },
  };
}

/** Scans chunks (or windows) of one text as they arrive; calls `onFinding` in document order. */
export async function scanStream(
  source: AsyncIterable<string> | StreamWindows,
  catalog: Catalog,
  onFinding: (f: StreamedFinding) => void,
  options: { onInternalError?: (error: unknown) => void } = {},
): Promise<{ bytes: number; findings: number }> {
  const onInternalError = options.onInternalError && ((_: number, e: unknown) => options.onInternalError!(e));
  const windows = 'nextWindow' in source ? source : windowsOf(source);
  const bytes = windows.utf8Bytes === true;
  let buf = '';
  let keep = 0; // characters at the end of buf that the next window starts with
  let scanFrom = 0; // relative to buf
  let reportedEnd = 0; // end of the last finding reported, relative to buf
  let total = 0;
  let count = 0;
  let head: Set<string> | undefined;

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
    return { line: cursorLine, column: bytes ? utf16Column(buf, cursorLineStart, offset) : offset - cursorLineStart + 1 };
  };
  /** The end of a finding, counted from its start's line (bodies are short). */
  const endPosition = (startLine: number, startLineStart: number, startOffset: number, endOffset: number): { line: number; column: number } => {
    let line = startLine;
    let lineStart = startLineStart;
    for (let i = buf.indexOf('\n', startOffset); i >= 0 && i < endOffset; i = buf.indexOf('\n', i + 1)) {
      line++;
      lineStart = i + 1;
    }
    return { line, column: bytes ? utf16Column(buf, lineStart, endOffset) : endOffset - lineStart + 1 };
  };

  const round = (final: boolean): void => {
    const cut = final ? buf.length : buf.lastIndexOf('\n') + 1;
    const limit = final ? buf.length : cut - HOLD_BACK;
    if (limit <= scanFrom) return;
    // Bodies may read into the unfinished last line; triggers stop at `limit`.
    // Evidence in the head of the stream (a source file's imports) counts for all of it.
    head ??= evidenceIn(recognitionOf(catalog).evidence, buf, 0, HEAD);
    const found0 = scanText(buf, catalog, { from: scanFrom, to: limit, evidenceHead: head, onInternalError });
    let next = limit;
    for (const found of found0) {
      // Found again through a trigger inside it. (A body may start before scanFrom: its `{` was in
      // the last round, its first trigger in this one.)
      if (found.start < reportedEnd) continue;
      const f = bytes ? exactFinding(buf, found, catalog, { evidenceHead: head, onInternalError }) : found;
      if (!f) continue;
      reportedEnd = f.end;
      const s = position(f.start);
      const e = endPosition(s.line, cursorLineStart, f.start, f.end);
      onFinding({ finding: f, line: s.line, column: s.column, endLine: e.line, endColumn: e.column });
      count++;
      next = Math.max(next, f.body ? f.body[1] : f.end);
    }
    scanFrom = next;
    // Drop what is no longer needed, keeping some text before the scan position.
    const keepFrom = final ? 0 : Math.max(0, buf.lastIndexOf('\n', scanFrom - KEEP_BEFORE) + 1);
    if (keepFrom > 0) {
      // Findings come in order, so the line cursor only moves forward: bring it to keepFrom (a line
      // start) if it is behind, then shift it with the buffer. Every line break is counted once.
      if (cursorOffset < keepFrom) position(keepFrom);
      cursorOffset -= keepFrom;
      cursorLineStart -= keepFrom;
      keep = buf.length - keepFrom; // the next window starts with buf.slice(keepFrom)
      scanFrom -= keepFrom;
      reportedEnd = Math.max(0, reportedEnd - keepFrom);
    }
  };

  for (;;) {
    const text = await windows.nextWindow(keep);
    if (text === undefined) break;
    total += text.length - keep;
    buf = text;
    keep = buf.length;
    round(false);
  }
  buf = buf.slice(buf.length - keep);
  round(true);
  return { bytes: total, findings: count };
}
