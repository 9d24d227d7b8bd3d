// Scanning UTF-8 bytes held one byte per character (a latin1 decoding), which the CLI does for speed:
// such a string takes one byte per character in V8 and costs nothing to decode, where a real decoding
// of a log with any non-ASCII character makes a string of two bytes per character.
//
// Every piece of syntax the scanner looks for is ASCII, so the scan finds the same things; what
// differs is text inside values (and column counts). So a finding whose neighbourhood holds no byte
// over 0x7F is exact as it is, and any other is checked again: its neighbourhood (the lines a finding
// reads its context from) is decoded properly and scanned, and that result replaces it.
import type { Catalog } from '../catalog/catalog';
import { mapFinding, type Finding } from './finding';
import { scanText, type ScanOptions } from './scan';

const HIGH_BYTE = /[\x80-\xff]/;
/** Lines before and after a finding that its context may come from (see context.ts), plus one. */
const LINES_BEFORE = 5;
const LINES_AFTER = 3;
/** At most this many bytes per neighbouring line (context reads at most 4,096 characters of one). */
const MAX_LINE_BYTES = 4 * 4096;

let decoder: InstanceType<typeof TextDecoder> | undefined;

/** Decodes a byte string (one byte per character) as UTF-8. */
export function decodeByteString(bytes: string): string {
  const out = new Uint8Array(bytes.length);
  for (let i = 0; i < bytes.length; i++) out[i] = bytes.charCodeAt(i);
  return (decoder ??= new TextDecoder('utf-8', { ignoreBOM: true })).decode(out);
}

/** The UTF-16 column (1-based) of byte `offset` on a line that starts at byte `lineStart`. */
export function utf16Column(bytes: string, lineStart: number, offset: number): number {
  const prefix = bytes.slice(lineStart, offset);
  return (HIGH_BYTE.test(prefix) ? decodeByteString(prefix).length : prefix.length) + 1;
}

/** Start of the line `lines` lines above the one holding `at` (each line read back at most MAX_LINE_BYTES). */
function linesBack(text: string, at: number, lines: number): number {
  let pos = at;
  for (let i = 0; i <= lines; i++) {
    const lineStart = pos > 0 ? text.lastIndexOf('\n', pos - 1) + 1 : 0;
    if (pos - lineStart > MAX_LINE_BYTES) return pos - MAX_LINE_BYTES;
    if (lineStart === 0) return 0;
    pos = lineStart - 1; // the line break that ends the line above
  }
  return pos + 1;
}

/** End of the line `lines` lines below the one holding `at` (each line read at most MAX_LINE_BYTES). */
function linesAhead(text: string, at: number, lines: number): number {
  let pos = at;
  for (let i = 0; i <= lines; i++) {
    const from = i === 0 ? pos : pos + 1;
    const nl = text.indexOf('\n', from);
    const lineEnd = nl < 0 ? text.length : nl;
    if (lineEnd - from > MAX_LINE_BYTES) return from + MAX_LINE_BYTES;
    if (nl < 0) return text.length;
    pos = nl;
  }
  return pos;
}

/** A decoded region of the bytes with the byte offset of every character: shared by the errors of one body. */
interface Region {
  bytes: string;
  from: number;
  to: number;
  text: string;
  /** For each index of `text` (and one past its end), its offset in bytes from `from` (valid UTF-8 only). */
  byteAt: Int32Array;
  /** False when the decoder replaced invalid bytes: then byteAt is not exact and prefixes are decoded. */
  exact: boolean;
  findings: Finding[] | undefined;
  scanned: [number, number] | undefined;
}

let lastRegion: Region | undefined;

function regionOf(bytes: string, from: number, to: number): Region {
  if (lastRegion && lastRegion.bytes === bytes && lastRegion.from === from && lastRegion.to === to) return lastRegion;
  const text = decodeByteString(bytes.slice(from, to));
  const byteAt = new Int32Array(text.length + 1);
  let n = 0;
  for (let i = 0; i < text.length; i++) {
    byteAt[i] = n;
    const c = text.charCodeAt(i);
    if (c < 0x80) n += 1;
    else if (c < 0x800) n += 2;
    else if (c >= 0xd800 && c <= 0xdbff && i + 1 < text.length) {
      byteAt[++i] = n + 2; // the low surrogate sits inside the same 4-byte sequence
      n += 4;
    } else n += 3;
  }
  byteAt[text.length] = n;
  return (lastRegion = { bytes, from, to, text, byteAt, exact: !text.includes('\uFFFD'), findings: undefined, scanned: undefined });
}

/** The character index at byte offset `b` (from the region's start): a binary search of byteAt. */
function charAt(r: Region, b: number): number {
  if (!r.exact) return decodeByteString(r.bytes.slice(r.from, r.from + b)).length;
  let lo = 0;
  let hi = r.byteAt.length - 1;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (r.byteAt[mid] < b) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/**
 * The finding as a scan of the decoded text would report it: itself when its neighbourhood is all
 * ASCII, else the finding at the same place in a proper decoding of that neighbourhood (its offsets
 * still in bytes), or undefined when that scan finds nothing there. The errors of one body share one
 * decoding and one scan.
 */
export function exactFinding(bytes: string, f: Finding, catalog: Catalog, options: ScanOptions = {}): Finding | undefined {
  // One error of several in a body (a GraphQL error, a job) is found through its body's trigger.
  const bodyStart = f.body ? Math.min(f.body[0], f.start) : f.start;
  const bodyEnd = f.body ? Math.max(f.body[1], f.end) : f.end;
  // What a finding says comes from its body (the context around it is status lines, header names
  // and values, timestamps and ids: ASCII): an ASCII body is exact as the byte scan read it.
  if (!HIGH_BYTE.test(bytes.slice(bodyStart, bodyEnd))) return f;
  const from = linesBack(bytes, bodyStart, LINES_BEFORE);
  const to = linesAhead(bytes, bodyEnd, LINES_AFTER);
  const r = regionOf(bytes, from, to);
  // Findings start and end at ASCII characters (`{`, `}`, a code), and UTF-8 resynchronises at every
  // ASCII byte: a byte offset there is exactly one character offset.
  const at = charAt(r, f.start - from);
  const range: [number, number] = [charAt(r, bodyStart - from), charAt(r, bodyEnd - from)];
  if (!r.findings || !r.scanned || r.scanned[0] !== range[0] || r.scanned[1] !== range[1]) {
    // Only the triggers inside the body: the rest of the region is there for its context.
    r.findings = scanText(r.text, catalog, { ...options, from: range[0], to: range[1] });
    r.scanned = range;
  }
  const g = r.findings.find((x) => x.start === at && x.kind === f.kind);
  if (!g) return undefined;
  // Back to bytes. Where the decoder replaced invalid bytes, lengths differ: the byte scan's own
  // offsets (which the same ASCII syntax decided) stand.
  const toBytes = (o: number): number => from + r.byteAt[Math.min(Math.max(o, 0), r.byteAt.length - 1)];
  if (!r.exact) return { ...mapFinding(g, toBytes), start: f.start, end: f.end, body: f.body };
  return mapFinding(g, toBytes);
}
