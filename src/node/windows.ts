// The CLI's source of text for scanStream: the file's bytes, one character per byte.
//
// Why not decoded text: a log with a single non-ASCII character decodes to a string of two bytes per
// character, and each window of text is over a megabyte, so V8 maps fresh pages for every one of
// them; on a 1 GB log those allocations and page faults cost as much as the scan. A latin1 view of
// the bytes is a plain copy at one byte per character. The scanner reads it in its UTF-8 bytes mode
// (src/core/engine/utf8Bytes.ts), which checks every finding near a non-ASCII byte against a proper
// decoding, so what it reports is what a scan of the decoded text reports.
import * as fs from 'node:fs';
import type { StreamWindows } from '../core/engine/stream';

/** Bytes read per window. */
const READ_BYTES = 1024 * 1024;

/** Windows over a stream (stdin). `onChunk` sees every raw chunk first (the binary-file check). */
export function byteWindows(chunks: AsyncIterable<Buffer>, onChunk: (chunk: Buffer) => void = () => {}): StreamWindows {
  const it = chunks[Symbol.asyncIterator]();
  let last: Buffer = Buffer.alloc(0);
  return {
    utf8Bytes: true,
    async nextWindow(keep) {
      const r = await it.next();
      if (r.done) return undefined;
      onChunk(r.value);
      // One character per byte, so the kept characters are the last `keep` bytes.
      last = keep ? Buffer.concat([last.subarray(last.length - keep), r.value]) : r.value;
      return last.toString('latin1');
    },
  };
}

/**
 * Windows over a file (or the byte range [start, end) of it), built in one reused buffer: the kept bytes move to its front and the new ones
 * follow. The next read runs while the current window is scanned, into a second buffer, so the disk
 * (or page cache) and the scan overlap. A window costs one copy and one string, no allocation.
 */
export function fileWindows(path: string, onChunk: (chunk: Buffer) => void = () => {}, range?: { start: number; end: number }): StreamWindows {
  let fd: number | undefined = fs.openSync(path, 'r');
  let position = range?.start ?? 0;
  const end = range?.end ?? Infinity;
  const incoming = Buffer.allocUnsafe(READ_BYTES);
  let work = Buffer.allocUnsafe(2 * READ_BYTES);
  let used = 0;
  const close = (): void => {
    if (fd !== undefined) fs.closeSync(fd);
    fd = undefined;
  };
  const readAhead = (): Promise<number> => {
    const length = Math.min(READ_BYTES, end - position);
    if (length <= 0) return Promise.resolve(0);
    const at = position;
    position += length;
    const p = new Promise<number>((resolve, reject) => fs.read(fd!, incoming, 0, length, at, (e, n) => (e ? reject(e) : resolve(n))));
    p.catch(() => {}); // awaited by the next nextWindow(); this only keeps it from counting as unhandled
    return p;
  };
  let pending: Promise<number> | undefined = readAhead();
  return {
    utf8Bytes: true,
    async nextWindow(keep) {
      if (!pending) return undefined;
      let n: number;
      try {
        n = await pending;
      } catch (e) {
        pending = undefined;
        close();
        throw e;
      }
      if (n === 0) {
        pending = undefined;
        close();
        return undefined;
      }
      if (keep + n > work.length) {
        const bigger = Buffer.allocUnsafe(2 * (keep + n)); // a very long kept stretch
        work.copy(bigger, 0, used - keep, used);
        work = bigger;
      } else {
        work.copyWithin(0, used - keep, used);
      }
      incoming.copy(work, keep, 0, n);
      used = keep + n;
      pending = readAhead();
      onChunk(work.subarray(keep, used));
      return work.toString('latin1', 0, used);
    },
  };
}
