// The status line and headers that travel with a body in a log: on the same line, or on the few
// lines just before or after it (`HTTP/1.1 429 Too Many Requests`, `Retry-After: 30`,
// `X-Request-Id: …`). Only nearby lines are read, and a line that holds another body ends the search,
// so one request's status is never lent to the next.
import type { ContextMark } from './types';

const LINES_BEFORE = 4;
const LINES_AFTER = 2;
/** Longest line the context patterns look at; longer lines are read only around the finding. */
const MAX_LINE = 4096;

interface Pattern {
  kind: ContextMark['kind'];
  re: RegExp;
}

// Each pattern is anchored on a literal word and has no nested quantifiers: linear on any line.
const PATTERNS: Pattern[] = [
  { kind: 'status', re: /\bHTTP\/\d(?:\.\d)?[ \t]+([1-5]\d\d)\b/g },
  { kind: 'status', re: /(?:->|→|\breturned|\bresponded(?: with)?|\bgot)[ \t]+(?:HTTP[ \t]+)?([1-5]\d\d)\b/g },
  { kind: 'status', re: /\b(?:status|status_code|statusCode|http_status|httpStatus|http\.status_code)["']?[ \t]*[=:][ \t]*["']?([1-5]\d\d)(?![\d.])/gi },
  { kind: 'retry-after', re: /\bRetry-After["']?[ \t]*[:=][ \t]*["']?([^"',}\r\n]{1,64})/gi },
  { kind: 'request-id', re: /\b(?:X-Request-Id|request[_-]?id)["']?[ \t]*[:=][ \t]*["']?([A-Za-z0-9._:\-]{1,128})/gi },
  { kind: 'rate-limit-reset', re: /\bX-RateLimit-Reset["']?[ \t]*[:=][ \t]*["']?(\d{1,12})/gi },
];

const TIMESTAMP = /^[ \t]*\[?(\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}:\d{2}(?:[.,]\d{1,9})?(?:Z|[+-]\d{2}:?\d{2})?)/;

function lineStartOf(text: string, pos: number): number {
  return text.lastIndexOf('\n', pos - 1) + 1;
}

function lineEndOf(text: string, pos: number): number {
  const e = text.indexOf('\n', pos);
  return e < 0 ? text.length : e;
}

function marksIn(text: string, from: number, to: number, out: ContextMark[]): void {
  if (to - from > MAX_LINE) return;
  const line = text.slice(from, to);
  for (const { kind, re } of PATTERNS) {
    re.lastIndex = 0;
    for (let m = re.exec(line); m; m = re.exec(line)) {
      const value = m[1].trim();
      const valueStart = from + m.index + m[0].lastIndexOf(m[1]);
      out.push({ kind, value, start: valueStart, end: valueStart + m[1].length });
    }
  }
}

function holdsBody(text: string, from: number, to: number): boolean {
  const i = text.indexOf('{', from);
  return i >= 0 && i < to;
}

/**
 * Context marks for a finding at [start, end), nearest first: the finding's own line(s), then the
 * lines before it (closest first), then the lines after.
 */
export function findContext(text: string, start: number, end: number): ContextMark[] {
  const marks: ContextMark[] = [];
  const firstLineStart = lineStartOf(text, start);
  const lastLineEnd = lineEndOf(text, Math.max(start, end - 1));

  // Same line(s), bounded around the finding on very long lines.
  const from = Math.max(firstLineStart, start - MAX_LINE / 2);
  const to = Math.min(lastLineEnd, end + MAX_LINE / 2);
  if (to - from <= MAX_LINE) marksIn(text, from, to, marks);
  else {
    marksIn(text, from, start, marks);
    marksIn(text, end, to, marks);
  }

  const ts = TIMESTAMP.exec(text.slice(firstLineStart, Math.min(firstLineStart + 64, lastLineEnd)));
  if (ts) {
    const s = firstLineStart + ts[0].indexOf(ts[1]);
    marks.push({ kind: 'timestamp', value: ts[1], start: s, end: s + ts[1].length });
  }

  // Lines before, closest first; stop at a blank line or a line with another body.
  let ls = firstLineStart;
  for (let i = 0; i < LINES_BEFORE && ls > 0; i++) {
    const prevEnd = ls - 1;
    const prevStart = lineStartOf(text, prevEnd);
    if (prevEnd - prevStart === 0 || text.slice(prevStart, prevEnd).trim() === '') break;
    if (holdsBody(text, prevStart, prevEnd)) break;
    marksIn(text, prevStart, prevEnd, marks);
    if (!marks.some((m) => m.kind === 'timestamp')) {
      const t = TIMESTAMP.exec(text.slice(prevStart, Math.min(prevStart + 64, prevEnd)));
      if (t) {
        const s = prevStart + t[0].indexOf(t[1]);
        marks.push({ kind: 'timestamp', value: t[1], start: s, end: s + t[1].length });
      }
    }
    ls = prevStart;
  }

  // Lines after.
  let le = lastLineEnd;
  for (let i = 0; i < LINES_AFTER && le < text.length; i++) {
    const nextStart = le + 1;
    const nextEnd = lineEndOf(text, nextStart);
    if (nextEnd === nextStart || text.slice(nextStart, nextEnd).trim() === '') break;
    if (holdsBody(text, nextStart, nextEnd)) break;
    if (TIMESTAMP.test(text.slice(nextStart, Math.min(nextStart + 64, nextEnd)))) break; // the next log record
    marksIn(text, nextStart, nextEnd, marks);
    le = nextEnd;
  }
  return marks;
}

/** The first mark of a kind (marks are nearest first). */
export function firstMark(marks: readonly ContextMark[], kind: ContextMark['kind']): ContextMark | undefined {
  return marks.find((m) => m.kind === kind);
}
