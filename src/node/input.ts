// A file (or stdin) the user points at, as windows of text for scanStream, whatever it holds: plain
// UTF-8 (read in place, the fast path), UTF-8 with a BOM, UTF-16 with a BOM (what Windows
// PowerShell writes), or any of these gzip-compressed (rotated logs). Binary files are skipped with a
// reason rather than scanned into garbage. Shared by the CLI and the desktop extension's Scan Log File.
import * as l10n from '@vscode/l10n';
import * as fs from 'node:fs';
import * as zlib from 'node:zlib';
import { SNIFF_BYTES, sniff, type TextEncodingName } from '../core/engine/encoding';
import type { StreamWindows } from '../core/engine/stream';
import { byteWindows, fileWindows } from './windows';

/** Bytes read at a time from a stream source, and decompressed bytes gathered into one window. */
const STREAM_READ_BYTES = 1024 * 1024;

/** How the input's bytes become text. */
export interface InputFormat {
  encoding: TextEncodingName;
  gzip: boolean;
  /** Bytes of byte order mark dropped before the text (columns are counted as VS Code counts them: without it). */
  bomLength: number;
}

export interface InputWindows extends StreamWindows {
  readonly format: InputFormat;
  /** A regular file whose bytes are its text (UTF-8, no BOM, not compressed): a byte range of it can
   * be scanned on its own (`--jobs 2`). */
  readonly splittable: boolean;
  /** Bytes of the input read so far (compressed bytes for gzip): progress against the file's size. */
  readonly bytesRead: number;
  /** Stops reading and releases the file; `nextWindow` then returns undefined. */
  close(): void;
}

/** Not scanned: `skipped` is a one-line reason ("binary file", "no such file", …), `detail` says more. */
export interface SkippedInput {
  skipped: string;
  /** Read, but not text (as against: could not be read). */
  binary?: true;
  detail?: string;
}

export type Input = InputWindows | SkippedInput;

export interface InputOptions {
  /** Bytes per read on the stream path (UTF-16, gzip, pipes). Tests make it small to split code units
   * and surrogate pairs across reads; nothing else sets it. */
  readBytes?: number;
}

/**
 * Opens `path` (`-` for stdin) for scanning. A file that cannot be read or is binary resolves to
 * `{ skipped }`, never throws. `onNote` hears of problems met while reading that still leave a
 * result (a truncated .gz: what came before the damage is scanned).
 */
export async function openInput(path: string, onNote: (note: string) => void = () => {}, options: InputOptions = {}): Promise<Input> {
  if (path === '-') return openStream(process.stdin, onNote, options);
  let handle: fs.promises.FileHandle;
  try {
    handle = await fs.promises.open(path, 'r');
  } catch (e) {
    return { skipped: unreadable(e) };
  }
  let handedOver = false;
  try {
    const st = await handle.stat();
    if (st.isDirectory()) return { skipped: l10n.t('is a directory') };
    if (st.isFile()) {
      const head = Buffer.alloc(SNIFF_BYTES);
      const { bytesRead } = await handle.read(head, 0, SNIFF_BYTES, 0);
      const sniffed = sniff(head.subarray(0, bytesRead));
      if (sniffed.kind === 'binary') return { skipped: l10n.t('binary file'), binary: true, detail: sniffed.reason };
      if (sniffed.kind === 'text' && sniffed.encoding === 'utf-8') return plainFile(path, sniffed.bomLength);
    }
    // Compressed, UTF-16, or not seekable (a FIFO, `<(…)`): read as a stream, sniffed again from its start.
    handedOver = true;
    return await openStream(handle.createReadStream({ highWaterMark: options.readBytes ?? STREAM_READ_BYTES }), onNote, options);
  } catch (e) {
    return { skipped: unreadable(e) };
  } finally {
    if (!handedOver) await handle.close();
  }
}

/**
 * Opens a stream of bytes (stdin, a pipe, a file's bytes from elsewhere) for scanning, sniffed from
 * its first `SNIFF_BYTES`.
 */
export async function openStream(chunks: AsyncIterable<Uint8Array>, onNote: (note: string) => void = () => {}, options: InputOptions = {}): Promise<Input> {
  let bytesRead = 0;
  const raw = new ByteSource(counted(chunks, (n) => (bytesRead += n)));
  let gunzip: zlib.Gunzip | undefined;
  const release = (): void => {
    gunzip?.destroy();
    raw.close();
  };
  const skip = (skipped: SkippedInput): SkippedInput => (release(), skipped);
  try {
    let text = raw;
    let sniffed = sniff(await raw.peek(SNIFF_BYTES));
    if (sniffed.kind === 'gzip') {
      // Gunzip reads concatenated members whole (`cat a.gz b.gz`, logrotate's appends).
      gunzip = zlib.createGunzip();
      void feed(raw, gunzip); // errors reach the reader below through gunzip
      let damage: string | undefined;
      let sniffing = true;
      text = new ByteSource(gunzip[Symbol.asyncIterator](), (e) => {
        if (!isZlibError(e)) return false;
        damage = e.code === 'Z_BUF_ERROR' ? l10n.t('gzip data truncated') : l10n.t('gzip data corrupt ({error})', { error: e.message });
        if (!sniffing) onNote(l10n.t('{damage}, scanned up to there', { damage }));
        return true;
      });
      const head = await text.peek(SNIFF_BYTES);
      sniffing = false;
      if (damage !== undefined && head.length === 0) return skip({ skipped: damage });
      sniffed = sniff(head);
      if (sniffed.kind === 'gzip') sniffed = { kind: 'binary', reason: l10n.t('gzip inside gzip') };
      else if (damage !== undefined && sniffed.kind === 'text') onNote(l10n.t('{damage}, scanned up to there', { damage }));
    }
    if (sniffed.kind === 'binary') return skip({ skipped: l10n.t('binary file'), binary: true, detail: gunzip ? l10n.t('{reason} after gunzip', { reason: sniffed.reason }) : sniffed.reason });
    if (sniffed.kind !== 'text') throw new Error('unreachable');
    await text.skip(sniffed.bomLength);
    // Decompressed output comes in 16 KB pieces: gathered, a window costs one copy per megabyte.
    const pieces: AsyncIterable<Buffer> = gunzip ? gathered(text, options.readBytes ?? STREAM_READ_BYTES) : text;
    const windows = sniffed.encoding === 'utf-8' ? byteWindows(pieces) : decodedWindows(pieces, sniffed.encoding);
    const format: InputFormat = { encoding: sniffed.encoding, gzip: gunzip !== undefined, bomLength: sniffed.bomLength };
    let closed = false;
    return {
      utf8Bytes: windows.utf8Bytes === true,
      format,
      splittable: false,
      get bytesRead() {
        return bytesRead;
      },
      nextWindow: (keep) => (closed ? Promise.resolve(undefined) : windows.nextWindow(keep)),
      close() {
        closed = true;
        release();
      },
    };
  } catch (e) {
    release();
    throw e;
  }
}

/** A plain UTF-8 file: its bytes read in place into one reused buffer (src/node/windows.ts), as today. */
function plainFile(path: string, bomLength: number): InputWindows {
  // Opened on the first window: `--jobs 2` may close this unread and scan the file in workers instead.
  let windows: StreamWindows | undefined;
  let inflight: Promise<string | undefined> | undefined;
  let closed = false;
  let bytesRead = bomLength;
  return {
    utf8Bytes: true,
    format: { encoding: 'utf-8', gzip: false, bomLength },
    splittable: bomLength === 0,
    get bytesRead() {
      return bytesRead;
    },
    nextWindow(keep) {
      if (closed) return Promise.resolve(undefined);
      try {
        windows ??= fileWindows(path, (chunk) => (bytesRead += chunk.length), bomLength ? { start: bomLength, end: Infinity } : undefined);
      } catch (e) {
        return Promise.reject(e);
      }
      return (inflight = windows.nextWindow(keep));
    },
    close() {
      if (closed) return;
      closed = true;
      const open = windows;
      if (!open) return;
      // fileWindows closes its file at the end: read on to there (in the background) so it does.
      void (async () => {
        await inflight?.catch(() => undefined);
        while ((await open.nextWindow(0)) !== undefined);
      })().catch(() => undefined);
    },
  };
}

/** A pull source of byte chunks that can hand back what it read ahead (the sniffed head). */
class ByteSource implements AsyncIterable<Buffer> {
  private readonly ahead: Buffer[] = [];
  private done = false;

  /** `onError` returns true for an error that only ends the data (a damaged .gz), false to rethrow it. */
  constructor(
    private readonly it: AsyncIterator<Uint8Array>,
    private readonly onError: (e: NodeJS.ErrnoException) => boolean = () => false,
  ) {}

  async next(): Promise<Buffer | undefined> {
    const first = this.ahead.shift();
    if (first) return first;
    if (this.done) return undefined;
    let r: IteratorResult<Uint8Array>;
    try {
      r = await this.it.next();
    } catch (e) {
      this.done = true;
      if (this.onError(e as NodeJS.ErrnoException)) return undefined;
      throw e;
    }
    if (r.done) {
      this.done = true;
      return undefined;
    }
    const v = r.value;
    return Buffer.isBuffer(v) ? v : Buffer.from(v.buffer, v.byteOffset, v.byteLength);
  }

  /** The first `n` bytes (fewer at the end), left in place for `next`. */
  async peek(n: number): Promise<Buffer> {
    const got: Buffer[] = [];
    let size = 0;
    while (size < n) {
      const c = await this.next();
      if (!c) break;
      got.push(c);
      size += c.length;
    }
    this.ahead.unshift(...got);
    return (got.length === 1 ? got[0] : Buffer.concat(got, size)).subarray(0, n);
  }

  /** Drops the next `n` bytes (a byte order mark, already peeked at). */
  async skip(n: number): Promise<void> {
    while (n > 0) {
      const c = await this.next();
      if (!c) return;
      if (c.length > n) this.ahead.unshift(c.subarray(n));
      n -= c.length;
    }
  }

  close(): void {
    this.done = true;
    this.ahead.length = 0;
    void Promise.resolve(this.it.return?.()).catch(() => undefined);
  }

  async *[Symbol.asyncIterator](): AsyncGenerator<Buffer> {
    for (let c = await this.next(); c; c = await this.next()) yield c;
  }
}

/**
 * Writes the compressed bytes into `gunzip`, each chunk once the previous one is decompressed, and
 * ends it only then: zlib drops the output of the call that fails, and a stream ended while its last
 * chunk waits decompresses that chunk in the finishing call, so a truncated .gz would lose the text
 * of its last read. This way the finishing call has no input and a truncation costs no text.
 */
async function feed(raw: ByteSource, gunzip: zlib.Gunzip): Promise<void> {
  try {
    for (let c = await raw.next(); c && !gunzip.destroyed; c = await raw.next()) {
      const chunk = c;
      await new Promise<void>((resolve, reject) => gunzip.write(chunk, (e) => (e ? reject(e) : resolve())));
    }
    gunzip.end();
  } catch (e) {
    gunzip.destroy(e as Error);
  }
}

async function* counted(chunks: AsyncIterable<Uint8Array>, add: (n: number) => void): AsyncGenerator<Uint8Array> {
  for await (const c of chunks) {
    add(c.length);
    yield c;
  }
}

/** Chunks joined to at least `min` bytes each (the last may be shorter). */
async function* gathered(source: ByteSource, min: number): AsyncGenerator<Buffer> {
  let parts: Buffer[] = [];
  let size = 0;
  for (let c = await source.next(); c; c = await source.next()) {
    parts.push(c);
    size += c.length;
    if (size >= min) {
      yield parts.length === 1 ? parts[0] : Buffer.concat(parts, size);
      parts = [];
      size = 0;
    }
  }
  if (size) yield Buffer.concat(parts, size);
}

/** Windows of text decoded from UTF-16 bytes (windows of decoded text: `utf8Bytes` is false). */
function decodedWindows(chunks: AsyncIterable<Buffer>, encoding: 'utf-16le' | 'utf-16be'): StreamWindows {
  const it = chunks[Symbol.asyncIterator]();
  // `stream: true` holds back a code unit or surrogate pair split between two reads for the next one.
  // The BOM was dropped before: a U+FEFF further on is text.
  const decoder = new TextDecoder(encoding, { ignoreBOM: true });
  let last = '';
  let ended = false;
  return {
    async nextWindow(keep) {
      if (ended) return undefined;
      const r = await it.next();
      let text: string;
      if (r.done) {
        ended = true;
        text = decoder.decode(); // a dangling half at the very end becomes U+FFFD
        if (!text) return undefined;
      } else {
        text = decoder.decode(r.value, { stream: true });
      }
      last = last.slice(last.length - keep) + text;
      return last;
    },
  };
}

function isZlibError(e: NodeJS.ErrnoException): boolean {
  return typeof e?.code === 'string' && e.code.startsWith('Z_');
}

/** A one-line reason for a file that cannot be opened or read. */
function unreadable(e: unknown): string {
  const code = (e as NodeJS.ErrnoException)?.code;
  switch (code) {
    case 'ENOENT':
      return l10n.t('no such file');
    case 'EACCES':
    case 'EPERM':
      return l10n.t('permission denied');
    case 'EISDIR':
      return l10n.t('is a directory');
    default:
      return l10n.t('cannot read ({error})', { error: code ?? (e instanceof Error ? e.message : String(e)) });
  }
}
