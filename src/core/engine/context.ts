// The status line and headers that travel with a body in a log: on the same line, or on the few
// lines just before or after it (`HTTP/1.1 429 Too Many Requests`, `Retry-After: 30`,
// `X-Request-Id: …`), through a whole block of response headers up to its status line (`curl -v`,
// HTTPie, raw exchanges). Only nearby lines are read, and a line that holds another body ends the
// search, so one request's status is never lent to the next. These are HTTP's own words (RFC 9110's
// status line and Retry-After, the de-facto X-Request-Id and X-RateLimit-Reset): no API's knowledge.
import { get, httpStatusOf, isArr, isObj, textOf, type Obj } from './tree';

/** A piece of context found next to a body or a code: a status line or a header. */
export interface ContextMark {
  kind: 'status' | 'retry-after' | 'request-id' | 'rate-limit-reset' | 'timestamp';
  /** The value as written (`429`, `30`, `Wed, 21 Oct 2026 07:28:00 GMT`, `req-123`). */
  value: string;
  start: number;
  end: number;
}

const LINES_BEFORE = 4;
const LINES_AFTER = 2;
/** A block of response headers is followed up to its status line, at most this many lines. */
const HEADER_BLOCK_LINES = 40;
/** `< content-type: application/json`, `Retry-After: 30`, `> Host: x` (curl -v, HTTPie, raw HTTP). */
const HEADER_LINE = /^[<>]?[ \t]*[A-Za-z][A-Za-z0-9-]{0,63}:[ \t]|^[<>][ \t]*$|^[<>]?[ \t]*HTTP\/\d/;
/** Longest line the context patterns look at; longer lines are read only around the finding. */
const MAX_LINE = 4096;
/** On a long line, how much text on each side of the finding is read. */
const NEAR = 300;

interface Pattern {
  kind: ContextMark['kind'];
  re: RegExp;
}

// Each pattern is anchored on a literal word and has no nested quantifiers: linear on any line.
const PATTERNS: Pattern[] = [
  { kind: 'status', re: /\bHTTP(?:\/\d(?:\.\d)?["']?)?[ \t]+([1-5]\d\d)\b/g },
  { kind: 'status', re: /(?:->|→|\breturned|\bresponded(?: with)?|\bgot)[ \t]+(?:HTTP[ \t]+)?([1-5]\d\d)\b/g },
  { kind: 'status', re: /\b(?:status|status_code|statusCode|http_status|httpStatus|http\.status_code|http\.response\.status_code)["']?[ \t]*(?:=>|[=:])[ \t]*["']?([1-5]\d\d)(?![\d.])/gi },
  // OpenTelemetry attributes: {"key":"http.response.status_code","value":{"intValue":"429"}}.
  { kind: 'status', re: /\bhttp\.(?:response\.)?status_code\\?["'][ \t]*,[ \t]*\\?["']value\\?["'][ \t]*:[ \t]*\{[ \t]*\\?["']intValue\\?["'][ \t]*:[ \t]*\\?["']?([1-5]\d\d)/g },
  // Rails: `Completed 429 Too Many Requests in 12ms`; prose: `status 400`, `returned 503:`, `(422)`.
  { kind: 'status', re: /\bCompleted[ \t]+([1-5]\d\d)\b/g },
  { kind: 'status', re: /\bstatus[ \t]+([1-5]\d\d)\b/gi },
  { kind: 'status', re: /\((?:HTTP[ \t]+)?([1-5]\d\d)\)/g },
  { kind: 'retry-after', re: /\bRetry-After["']?[ \t]*[:=][ \t]*["']?([^"',}\r\n]{1,64})/gi },
  { kind: 'request-id', re: /\b(?:X-Request-Id|request[_-]?id)["']?[ \t]*[:=][ \t]*["']?([A-Za-z0-9._:-]{1,128})/gi },
  { kind: 'rate-limit-reset', re: /\bX-RateLimit-Reset["']?[ \t]*[:=][ \t]*["']?(\d{1,12})/gi },
];

const STATUS_BEFORE = /(?:^|[\s([{,])([1-5]\d\d)(?:[ \t]*,[ \t]*[`'"]?|[ \t]+)$/;

const TIMESTAMP = /^[ \t]*\[?(\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}:\d{2}(?:[.,]\d{1,9})?(?:Z|[+-]\d{2}:?\d{2})?)/;

/**
 * A stretch of the last text searched that holds no line break. Findings come in document order,
 * so on a long line each search only covers the text since the previous finding.
 */
let lineFree = { text: '', from: 0, to: 0 };

function noteLineFree(text: string, from: number, to: number): void {
  if (lineFree.text === text && from <= lineFree.to && to >= lineFree.from) {
    lineFree = { text, from: Math.min(from, lineFree.from), to: Math.max(to, lineFree.to) };
  } else lineFree = { text, from, to };
}

/** Start of the line holding `pos`, looking back at most MAX_LINE characters (long lines are cut there). */
function lineStartOf(text: string, pos: number): number {
  const floor = Math.max(0, pos - MAX_LINE);
  let i = pos - 1;
  while (i >= floor) {
    if (lineFree.text === text && i >= lineFree.from && i < lineFree.to) {
      i = lineFree.from - 1; // a stretch already known to hold no break
      continue;
    }
    if (text.charCodeAt(i) === 10) {
      noteLineFree(text, i + 1, pos);
      return i + 1;
    }
    i--;
  }
  noteLineFree(text, floor, pos);
  return floor;
}

/** End of the line holding `pos`, looking ahead at most MAX_LINE characters. */
function lineEndOf(text: string, pos: number): number {
  const ceil = Math.min(text.length, pos + MAX_LINE);
  let i = pos;
  if (lineFree.text === text && lineFree.from <= pos && lineFree.to > pos) i = lineFree.to;
  for (; i < ceil; i++) {
    if (text.charCodeAt(i) === 10) {
      noteLineFree(text, pos, i);
      return i;
    }
  }
  noteLineFree(text, pos, ceil);
  return ceil;
}

/** Every pattern above needs one of these words or signs: a line without any is skipped at once. */
const ANY_PATTERN = /HTTP\/|status|Completed|->|→|returned|responded|\bgot\b|\(|retry-after|request|ratelimit/i;

/** Marks of whole lines, by line start: neighbouring findings read the same lines again. */
let lineMarks = { text: '', cache: new Map<number, { to: number; marks: ContextMark[] }>() };

/** All the patterns in one regex (one pass per line); group i + 1 is the value of PATTERNS[i]. */
const COMBINED = new RegExp(PATTERNS.map((p) => `(?:${p.re.source})`).join('|'), 'gi');

function marksIn(text: string, from: number, to: number, out: ContextMark[], wholeLine = false): void {
  if (to - from > MAX_LINE) return;
  if (wholeLine) {
    if (lineMarks.text !== text) lineMarks = { text, cache: new Map() };
    const hit = lineMarks.cache.get(from);
    if (hit && hit.to === to) {
      for (const m of hit.marks) out.push(m);
      return;
    }
    const marks: ContextMark[] = [];
    marksIn(text, from, to, marks);
    if (lineMarks.cache.size > 256) lineMarks.cache.clear();
    lineMarks.cache.set(from, { to, marks });
    for (const m of marks) out.push(m);
    return;
  }
  const line = text.slice(from, to);
  if (!ANY_PATTERN.test(line)) return;
  COMBINED.lastIndex = 0;
  for (let m = COMBINED.exec(line); m; m = COMBINED.exec(line)) {
    let g = 1;
    while (g < m.length && m[g] === undefined) g++;
    if (g >= m.length) continue;
    const raw = m[g];
    const valueStart = from + m.index + m[0].lastIndexOf(raw);
    out.push({ kind: PATTERNS[g - 1].kind, value: raw.trim(), start: valueStart, end: valueStart + raw.length });
  }
}

/** Whether text[from, to) holds a `{`. (Bounded: an indexOf would run on to the next `{` anywhere
 * in the text, once per finding: quadratic on a long log of codes in prose.) */
function holdsBody(text: string, from: number, to: number): boolean {
  for (let i = from; i < to; i++) if (text.charCodeAt(i) === 123) return true;
  return false;
}

/**
 * Context marks for a finding at [start, end), nearest first: the finding's own line(s), then the
 * lines before it (closest first), then the lines after.
 */
export function findContext(text: string, start: number, end: number): ContextMark[] {
  const marks: ContextMark[] = [];
  const firstLineStart = lineStartOf(text, start);
  const lastLineEnd = lineEndOf(text, Math.max(start, end - 1));

  // Same line(s); on long lines only the text near the finding (a status is logged next to it).
  const from = Math.max(firstLineStart, start - NEAR);
  const to = Math.min(lastLineEnd, end + NEAR);
  if (to - from <= MAX_LINE) marksIn(text, from, to, marks);
  else {
    marksIn(text, from, start, marks);
    marksIn(text, end, to, marks);
  }

  // A status written just before the body: a table row or a tuple (`(504, {…})`, `{"name", 504, \`{…}\``),
  // or printed with it (`200 {'errors': …}`).
  const lead = STATUS_BEFORE.exec(text.slice(Math.max(firstLineStart, start - 48), start));
  if (lead) {
    const s = start - lead[0].length + lead[0].indexOf(lead[1]);
    marks.unshift({ kind: 'status', value: lead[1], start: s, end: s + 3 });
  }

  const ts = TIMESTAMP.exec(text.slice(firstLineStart, Math.min(firstLineStart + 64, lastLineEnd)));
  if (ts) {
    const s = firstLineStart + ts[0].indexOf(ts[1]);
    marks.push({ kind: 'timestamp', value: ts[1], start: s, end: s + ts[1].length });
  }

  // Lines before, closest first; stop at a blank line or a line with another body. A line cut
  // short (longer than MAX_LINE) has no neighbours worth reading.
  let ls = firstLineStart > 0 && text.charCodeAt(firstLineStart - 1) === 10 ? firstLineStart : 0;
  let budget = LINES_BEFORE;
  for (let i = 0; i < budget && ls > 0; i++) {
    const prevEnd = ls - 1;
    const prevStart = lineStartOf(text, prevEnd);
    const prevLine = text.slice(prevStart, Math.min(prevEnd, prevStart + 256));
    // A blank line ends the search, except the one HTTPie and raw HTTP put between headers and body.
    if (prevEnd - prevStart === 0 || prevLine.trim() === '') {
      if (i > 0 || !isHeaderLine(text, lineStartOf(text, Math.max(0, prevStart - 1)), prevStart - 1)) break;
      ls = prevStart;
      continue;
    }
    if (holdsBody(text, prevStart, prevEnd)) break;
    // Inside a block of response headers, read on up to its status line.
    if (HEADER_LINE.test(prevLine)) budget = Math.max(budget, Math.min(HEADER_BLOCK_LINES, i + 2));
    if (/^[<>]?[ \t]*HTTP\/\d/.test(prevLine)) budget = i + 1;
    marksIn(text, prevStart, prevEnd, marks, true);
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
  let le = lastLineEnd < text.length && text.charCodeAt(lastLineEnd) === 10 ? lastLineEnd : text.length;
  for (let i = 0; i < LINES_AFTER && le < text.length; i++) {
    const nextStart = le + 1;
    const nextEnd = lineEndOf(text, nextStart);
    if (nextEnd === nextStart || text.slice(nextStart, nextEnd).trim() === '') break;
    if (holdsBody(text, nextStart, nextEnd)) break;
    if (TIMESTAMP.test(text.slice(nextStart, Math.min(nextStart + 64, nextEnd)))) break; // the next log record
    marksIn(text, nextStart, nextEnd, marks, true);
    le = nextEnd;
  }
  return marks;
}

function isHeaderLine(text: string, from: number, to: number): boolean {
  return to > from && HEADER_LINE.test(text.slice(from, Math.min(to, from + 256)));
}

/** The first mark of a kind (marks are nearest first). */
export function firstMark(marks: readonly ContextMark[], kind: ContextMark['kind']): ContextMark | undefined {
  return marks.find((m) => m.kind === kind);
}

/** Context from the records around a body (nearest first): a log record's status, request id, time, headers. */
export interface AncestorContext {
  status?: number;
  requestId?: string;
  retryAfter?: string;
  timestamp?: string;
}

const STATUS_KEYS = new Set(['status', 'status_code', 'statuscode', 'http_status', 'httpstatus', 'http.status_code', 'http.response.status_code']);
const REQUEST_ID_KEYS = new Set(['request_id', 'requestid', 'x-request-id']);
const TIME_KEYS = new Set(['ts', 'time', 'timestamp', '@timestamp']);

export function contextFromAncestors(ancestors: readonly Obj[]): AncestorContext {
  const out: AncestorContext = {};
  for (const a of ancestors) {
    // One pass over the record's own keys (the nearest record that says a thing wins).
    let status: number | undefined;
    let requestId: string | undefined;
    let timestamp: string | undefined;
    let headers: unknown;
    let attributes: unknown;
    for (const k in a) {
      const lk = k.toLowerCase();
      const v = a[k];
      if (STATUS_KEYS.has(lk)) status ??= httpStatusOf(v);
      else if (REQUEST_ID_KEYS.has(lk)) requestId ??= textOf(v);
      else if (TIME_KEYS.has(lk)) timestamp ??= typeof v === 'string' ? v : undefined;
      else if (lk === 'headers') headers = v;
      else if (lk === 'attributes') attributes = v;
    }
    out.status ??= status;
    out.requestId ??= requestId;
    out.timestamp ??= timestamp;
    // OpenTelemetry attributes: [{"key": "http.response.status_code", "value": {"intValue": "429"}}].
    if (out.status === undefined && isArr(attributes)) {
      for (const at of attributes.slice(0, 100)) {
        if (!isObj(at)) continue;
        const key = textOf(get(at, 'key'));
        const v = get(at, 'value');
        if ((key === 'http.status_code' || key === 'http.response.status_code') && isObj(v)) out.status ??= httpStatusOf(get(v, 'intValue') ?? get(v, 'stringValue'));
      }
    }
    // Headers as an object ({"Retry-After": "30"}) or as HAR's list of {name, value}.
    const pairs: [string, unknown][] = [];
    if (isObj(headers)) for (const k in headers) pairs.push([k, headers[k]]);
    else if (isArr(headers)) for (const h of headers.slice(0, 200)) if (isObj(h)) pairs.push([textOf(get(h, 'name')) ?? '', get(h, 'value')]);
    for (const [name, v] of pairs) {
      const lk = name.toLowerCase();
      const value = textOf(v);
      if (value === undefined) continue;
      if (lk === 'retry-after') out.retryAfter ??= value;
      if (lk === 'x-request-id') out.requestId ??= value;
    }
  }
  return out;
}
