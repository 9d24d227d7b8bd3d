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
let encoder: InstanceType<typeof TextEncoder> | undefined;

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

/**
 * The finding as a scan of the decoded text would report it: itself when its neighbourhood is all
 * ASCII, else the finding at the same place in a proper decoding of that neighbourhood (its offsets
 * still in bytes), or undefined when that scan finds nothing there.
 */
export function exactFinding(bytes: string, f: Finding, catalog: Catalog, options: ScanOptions = {}): Finding | undefined {
  // One error of several in a body (a GraphQL error, a job) is found through its body's trigger.
  const bodyStart = f.body ? Math.min(f.body[0], f.start) : f.start;
  const bodyEnd = f.body ? Math.max(f.body[1], f.end) : f.end;
  const from = linesBack(bytes, bodyStart, LINES_BEFORE);
  const to = linesAhead(bytes, bodyEnd, LINES_AFTER);
  const region = bytes.slice(from, to);
  if (!HIGH_BYTE.test(region)) return f;
  const text = decodeByteString(region);
  // Findings start and end at ASCII characters (`{`, `}`, a code), so decoding the bytes before
  // one gives exactly the text before it: UTF-8 resynchronises at every ASCII byte.
  const toText = (b: number): number => decodeByteString(region.slice(0, b - from)).length;
  const at = toText(f.start);
  // Only the triggers inside the body: the rest of the region is there for its context.
  const g = scanText(text, catalog, { ...options, from: toText(bodyStart), to: toText(bodyEnd) }).find((x) => x.start === at && x.kind === f.kind);
  if (!g) return undefined;
  // Back to bytes: the UTF-8 length of the text before each offset. Where the decoder replaced invalid
  // bytes, lengths differ: the byte scan's own offsets (which the same ASCII syntax decided) stand.
  const enc = (encoder ??= new TextEncoder());
  const toBytes = (o: number): number => from + enc.encode(text.slice(0, o)).length;
  if (text.includes('\uFFFD')) return { ...mapFinding(g, toBytes), start: f.start, end: f.end, body: f.body };
  return mapFinding(g, toBytes);
}
