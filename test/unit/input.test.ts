// Every file a user points the CLI (or Scan Log File) at, through src/node/input.ts: its windows of
// text must put back together exactly the text VS Code would show, whatever the encoding, the
// compression and the read boundaries.
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { after, describe, test } from 'node:test';
import * as zlib from 'node:zlib';
import { openInput, openStream, type Input, type InputOptions, type InputWindows } from '../../src/node/input';
import { requireTool } from './support/tools';

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'errcode-input-'));
after(() => fs.rmSync(dir, { recursive: true, force: true }));

let fileCount = 0;
function file(content: Buffer | string, name = `f${fileCount++}.log`): string {
  const p = path.join(dir, name);
  fs.writeFileSync(p, content);
  return p;
}

const BOM8 = Buffer.from([0xef, 0xbb, 0xbf]);
const BOM16LE = Buffer.from([0xff, 0xfe]);
const BOM16BE = Buffer.from([0xfe, 0xff]);
const utf16le = (s: string): Buffer => Buffer.from(s, 'utf16le');
const utf16be = (s: string): Buffer => Buffer.from(s, 'utf16le').swap16();

/** A log with what makes decoding hard: accents, astral characters (surrogate pairs), CRLF, a BOM-like U+FEFF inside. */
const LOG = [
  '2026-11-30T10:00:00.123Z INFO  user="José" msg="naïve café" 😀👍\r\n',
  '2026-11-30T10:00:01.001Z ERROR upstream failed status=500 body={"detail":"An error occurred","code":"WF_1103"} 🚀\r\n',
  'zero width no-break space inside: \ufeff, CJK 日本語, math 𝔘𝔫𝔦𝔠𝔬𝔡𝔢\n',
  '\tindented\f\u001b[31mred\u001b[0m\n',
].join('');

function notSkipped(input: Input): InputWindows {
  if ('skipped' in input) assert.fail(`skipped: ${input.skipped} (${input.detail ?? ''})`);
  return input;
}

/**
 * The text of all windows, checking on the way that each window starts with the `keep` characters
 * asked for. `keeps` cycles, so windows are asked for with and without kept text.
 */
async function readAll(input: InputWindows, keeps: number[] = [0, 5, 70000, 1]): Promise<string> {
  let text = '';
  let prev = '';
  for (let i = 0; ; i++) {
    const keep = Math.min(prev.length, keeps[i % keeps.length]);
    const w = await input.nextWindow(keep);
    if (w === undefined) break;
    assert.equal(w.slice(0, keep), prev.slice(prev.length - keep), `window ${i} starts with the ${keep} kept characters`);
    text += w.slice(keep);
    prev = w;
  }
  assert.equal(await input.nextWindow(0), undefined, 'the end stays the end');
  // UTF-8 windows hold bytes, one character per byte (the CLI's fast path).
  return input.utf8Bytes ? Buffer.from(text, 'latin1').toString('utf8') : text;
}

async function open(p: string, options?: InputOptions): Promise<{ input: Input; notes: string[] }> {
  const notes: string[] = [];
  const input = await openInput(p, (n) => notes.push(n), options);
  return { input, notes };
}

async function* chunked(data: Buffer, size: number): AsyncGenerator<Buffer> {
  for (let i = 0; i < data.length; i += size) yield data.subarray(i, i + size);
}

describe('plain UTF-8 files: the fast path', () => {
  test('bytes in place, one character per byte, the whole size read', async () => {
    const p = file(LOG);
    const input = notSkipped((await open(p)).input);
    assert.equal(input.utf8Bytes, true);
    assert.deepEqual(input.format, { encoding: 'utf-8', gzip: false, bomLength: 0 });
    assert.equal(input.splittable, true);
    assert.equal(await readAll(input), LOG);
    assert.equal(input.bytesRead, fs.statSync(p).size);
  });

  test('several windows (over 1 MB), characters split between reads put back whole', async () => {
    let big = '';
    while (big.length < 3 * 1024 * 1024) big += LOG;
    const p = file(big);
    const input = notSkipped((await open(p)).input);
    assert.equal(await readAll(input, [0, 20 * 1024, 100]), big);
    assert.equal(input.bytesRead, Buffer.byteLength(big));
  });

  test('a UTF-8 BOM is dropped: not text, not a column', async () => {
    const p = file(Buffer.concat([BOM8, Buffer.from(LOG)]));
    const input = notSkipped((await open(p)).input);
    assert.deepEqual(input.format, { encoding: 'utf-8', gzip: false, bomLength: 3 });
    assert.equal(input.splittable, false, 'a byte range from 0 would hold the BOM');
    assert.equal(await readAll(input), LOG);
    assert.equal(input.bytesRead, fs.statSync(p).size);
  });

  test('CRLF is kept as it is (the scanner breaks lines at \\n, VS Code at \\r\\n: the same lines)', async () => {
    const crlf = 'a\r\nb\r\n\r\nc {"error": "Invalid API key"}\r\n';
    assert.equal(await readAll(notSkipped((await open(file(crlf))).input)), crlf);
  });

  test('an empty file has no windows', async () => {
    const input = notSkipped((await open(file(''))).input);
    assert.equal(await input.nextWindow(0), undefined);
    assert.equal(input.bytesRead, 0);
    assert.equal(await readAll(notSkipped((await open(file(BOM8))).input)), '');
  });

  test('close() ends it, read or unread', async () => {
    let big = '';
    while (big.length < 3 * 1024 * 1024) big += LOG;
    const p = file(big);
    const unread = notSkipped((await open(p)).input);
    unread.close();
    assert.equal(await unread.nextWindow(0), undefined);
    const partly = notSkipped((await open(p)).input);
    assert.ok((await partly.nextWindow(0))!.length > 0);
    partly.close();
    assert.equal(await partly.nextWindow(0), undefined);
  });
});

describe('UTF-16 with a BOM: decoded while streaming', () => {
  // Read sizes that split code units (odd) and surrogate pairs (the BOM and "a" are 4 bytes: a read
  // of 6 ends between the halves of the 😀 that follows).
  const readSizes = [1, 2, 3, 5, 6, 7, 64, 4096];
  for (const [name, bom, encode] of [
    ['utf-16le', BOM16LE, utf16le],
    ['utf-16be', BOM16BE, utf16be],
  ] as const) {
    test(`${name}: the same text at every read size`, async () => {
      const text = 'a😀' + LOG + '𝔘'.repeat(100) + LOG;
      const p = file(Buffer.concat([bom, encode(text)]));
      for (const readBytes of readSizes) {
        const input = notSkipped((await open(p, { readBytes })).input);
        assert.equal(input.utf8Bytes, false);
        assert.deepEqual(input.format, { encoding: name, gzip: false, bomLength: 2 });
        assert.equal(input.splittable, false);
        assert.equal(await readAll(input), text, `read size ${readBytes}`);
        assert.equal(input.bytesRead, fs.statSync(p).size);
      }
    });
  }

  test('a surrogate pair split exactly at the read boundary', async () => {
    // BOM (2) + "a" (2) + the high half of 😀 (2) = 6 bytes in the first read, the low half in the next.
    const p = file(Buffer.concat([BOM16LE, utf16le('a😀b')]));
    const input = notSkipped((await open(p, { readBytes: 6 })).input);
    const windows: string[] = [];
    for (let w = await input.nextWindow(0); w !== undefined; w = await input.nextWindow(0)) windows.push(w);
    assert.equal(windows.join(''), 'a😀b');
    assert.ok(windows.every((w) => !/[\ud800-\udbff]$|^[\udc00-\udfff]/.test(w)), `no window ends or starts with half a pair: ${JSON.stringify(windows)}`);
  });

  test('a U+FEFF after the BOM is text; an odd last byte becomes U+FFFD', async () => {
    const p = file(Buffer.concat([BOM16LE, utf16le('\ufeffx'), Buffer.from([0x41])]));
    assert.equal(await readAll(notSkipped((await open(p, { readBytes: 3 })).input)), '\ufeffx\ufffd');
  });
});

describe('gzip: decompressed while streaming, then sniffed again', () => {
  test('a .gz log reads as the log, sniffed by its bytes not its name', async () => {
    const gz = zlib.gzipSync(LOG);
    for (const name of ['app.log.gz', 'no-extension']) {
      const p = file(gz, name);
      const { input, notes } = await open(p);
      const w = notSkipped(input);
      assert.deepEqual(w.format, { encoding: 'utf-8', gzip: true, bomLength: 0 });
      assert.equal(w.splittable, false);
      assert.equal(w.utf8Bytes, true);
      assert.equal(await readAll(w), LOG);
      assert.equal(w.bytesRead, gz.length, 'progress counts compressed bytes');
      assert.deepEqual(notes, []);
    }
  });

  test('concatenated members are read whole, at any read size', async () => {
    const parts = [LOG, 'second member {"error": "Invalid API key"}\n', '', LOG.repeat(1000)];
    const p = file(Buffer.concat(parts.map((s) => zlib.gzipSync(s))));
    for (const readBytes of [undefined, 1, 7, 1000]) {
      const { input, notes } = await open(p, { readBytes });
      assert.equal(await readAll(notSkipped(input)), parts.join(''), `read size ${readBytes}`);
      assert.deepEqual(notes, []);
    }
  });

  test('a big .gz (windows gathered from many decompressed pieces)', async () => {
    let big = '';
    while (big.length < 5 * 1024 * 1024) big += LOG;
    const p = file(zlib.gzipSync(big));
    assert.equal(await readAll(notSkipped((await open(p)).input), [0, 20000, 3]), big);
  });

  test('a gzipped UTF-8 file with a BOM, and gzipped UTF-16 LE and BE', async () => {
    const bom8 = notSkipped((await open(file(zlib.gzipSync(Buffer.concat([BOM8, Buffer.from(LOG)]))))).input);
    assert.deepEqual(bom8.format, { encoding: 'utf-8', gzip: true, bomLength: 3 });
    assert.equal(await readAll(bom8), LOG);
    for (const [bom, encode, encoding] of [
      [BOM16LE, utf16le, 'utf-16le'],
      [BOM16BE, utf16be, 'utf-16be'],
    ] as const) {
      const p = file(zlib.gzipSync(Buffer.concat([bom, encode(LOG)])));
      for (const readBytes of [undefined, 5]) {
        const input = notSkipped((await open(p, { readBytes })).input);
        assert.deepEqual(input.format, { encoding, gzip: true, bomLength: 2 });
        assert.equal(input.utf8Bytes, false);
        assert.equal(await readAll(input), LOG);
      }
    }
  });

  test('a truncated .gz: a note, and all the text before the cut', async () => {
    let big = '';
    for (let i = 0; i < 20000; i++) big += `${i} ${LOG}`;
    const gz = zlib.gzipSync(big);
    const cut = gz.subarray(0, Math.floor(gz.length * 0.6));
    // All that can be decompressed from the cut stream.
    const recoverable = zlib.gunzipSync(cut, { finishFlush: zlib.constants.Z_SYNC_FLUSH }).toString('utf8');
    assert.ok(recoverable.length > big.length / 2);
    for (const readBytes of [undefined, 100, 4096]) {
      const { input, notes } = await open(file(cut), { readBytes });
      const text = await readAll(notSkipped(input));
      assert.deepEqual(notes, ['gzip data truncated, scanned up to there'], `read size ${readBytes}`);
      // Not a byte of the decompressible text lost (the cut may end inside a character: U+FFFD).
      assert.equal(text, recoverable, `read size ${readBytes}: ${text.length} of ${recoverable.length} characters`);
      assert.ok(big.startsWith(text.replace(/\ufffd$/, '')));
    }
  });

  test('a .gz damaged in the middle: a note, and text up to the damage', async () => {
    let big = '';
    for (let i = 0; i < 20000; i++) big += `${i} ${LOG}`;
    const gz = Buffer.from(zlib.gzipSync(big));
    const mid = Math.floor(gz.length / 2);
    for (let i = mid; i < mid + 64; i++) gz[i] ^= 0x5a;
    const { input, notes } = await open(file(gz));
    const text = await readAll(notSkipped(input));
    assert.equal(notes.length, 1);
    assert.match(notes[0], /^gzip data corrupt \(.+\), scanned up to there$/);
    assert.ok(text.length > 0 && big.startsWith(text.slice(0, text.length - 2)), 'text up to the damage');
  });

  test('a .gz that ends inside its header is skipped: nothing to scan', async () => {
    const { input, notes } = await open(file(Buffer.from([0x1f, 0x8b, 0x08, 0x00, 0x00, 0x00, 0x57, 0x46, 0x5f])));
    assert.deepEqual(input, { skipped: 'gzip data truncated' });
    assert.deepEqual(notes, []);
  });

  test('a gzipped binary (a .tar.gz) and a gzip inside a gzip are binary files', async () => {
    const tarLike = Buffer.concat([Buffer.from('app.log'), Buffer.alloc(100), Buffer.from(LOG)]);
    const inner = await open(file(zlib.gzipSync(tarLike)));
    assert.deepEqual(inner.input, { skipped: 'binary file', binary: true, detail: 'NUL byte at offset 7 after gunzip' });
    const twice = await open(file(zlib.gzipSync(zlib.gzipSync(LOG))));
    assert.deepEqual(twice.input, { skipped: 'binary file', binary: true, detail: 'gzip inside gzip after gunzip' });
  });

  test('an empty .gz is an empty text', async () => {
    assert.equal(await readAll(notSkipped((await open(file(zlib.gzipSync('')))).input)), '');
  });
});

describe('skipped: binary or unreadable, one line of reason each, never a throw', () => {
  test('a binary file', async () => {
    assert.deepEqual((await open(file(Buffer.from([0x7f, 0x45, 0x4c, 0x46, 0, 1, 2, 3])))).input, {
      skipped: 'binary file',
      binary: true,
      detail: 'NUL byte at offset 4',
    });
    const png = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 0x0d, 0x49, 0x48, 0x44, 0x52]);
    assert.ok('skipped' in (await open(file(png))).input, 'a PNG');
  });

  test('missing, a directory', async () => {
    assert.deepEqual((await open(path.join(dir, 'no-such.log'))).input, { skipped: 'no such file' });
    assert.deepEqual((await open(dir)).input, { skipped: 'is a directory' });
  });

  test('permission denied', async () => {
    const p = file('secret');
    fs.chmodSync(p, 0o000);
    if (process.getuid?.() !== 0) {
      assert.deepEqual((await open(p)).input, { skipped: 'permission denied' });
      return;
    }
    // Root reads every file: the CLI is run as nobody (65534), which cannot. Its bundle is copied next
    // to the file, where nobody can read it whatever the checkout's permissions.
    fs.chmodSync(path.dirname(p), 0o755);
    const cli = path.join(path.dirname(p), 'cli.js');
    fs.copyFileSync(path.resolve(__dirname, '../../../dist/cli.js'), cli);
    fs.chmodSync(cli, 0o644);
    const r = spawnSync(process.execPath, [cli, 'scan', p], { encoding: 'utf8', env: { ...process.env, LC_ALL: 'C' }, uid: 65534, gid: 65534 });
    assert.equal(r.stderr, `errcode: ${p}: permission denied, skipped\n`);
    assert.equal(r.status, 2);
  });
});

describe('streams: stdin and pipes, sniffed from their first bytes', () => {
  test('plain UTF-8 in small chunks, a BOM split between chunks', async () => {
    for (const size of [1, 2, 5, 65536]) {
      const plain = notSkipped(await openStream(chunked(Buffer.from(LOG), size)));
      assert.equal(plain.utf8Bytes, true);
      assert.equal(plain.splittable, false);
      assert.equal(await readAll(plain), LOG, `chunks of ${size}`);
      const bom = notSkipped(await openStream(chunked(Buffer.concat([BOM8, Buffer.from(LOG)]), size)));
      assert.equal(bom.format.bomLength, 3);
      assert.equal(await readAll(bom), LOG, `BOM, chunks of ${size}`);
      assert.equal(bom.bytesRead, Buffer.byteLength(LOG) + 3);
    }
  });

  test('gzip and UTF-16 on a stream (`errcode scan - < x.gz`)', async () => {
    const gz = zlib.gzipSync(LOG);
    for (const size of [1, 3, 4096]) {
      const z = notSkipped(await openStream(chunked(gz, size)));
      assert.equal(z.format.gzip, true);
      assert.equal(await readAll(z), LOG, `gzip, chunks of ${size}`);
      const u = notSkipped(await openStream(chunked(Buffer.concat([BOM16BE, utf16be(LOG)]), size)));
      assert.equal(await readAll(u), LOG, `UTF-16BE, chunks of ${size}`);
    }
  });

  test('binary on a stream, an empty stream, Uint8Array chunks', async () => {
    assert.deepEqual(await openStream(chunked(Buffer.from([1, 2, 0, 3]), 1)), { skipped: 'binary file', binary: true, detail: 'NUL byte at offset 2' });
    assert.equal(await readAll(notSkipped(await openStream(chunked(Buffer.alloc(0), 1)))), '');
    const u8 = (async function* () {
      yield new Uint8Array(Buffer.from(LOG.slice(0, 10)));
      yield new Uint8Array(Buffer.from(LOG.slice(10)));
    })();
    assert.equal(await readAll(notSkipped(await openStream(u8))), LOG);
  });

  test('a FIFO (`errcode scan <(zcat x.gz)`) is read as a stream, not seeked', async () => {
    const fifo = path.join(dir, 'fifo');
    requireTool('mkfifo', [fifo], 'coreutils');
    const source = file(zlib.gzipSync(LOG));
    const writer = spawn('sh', ['-c', 'cat "$1" > "$2"', 'sh', source, fifo], { stdio: 'ignore' });
    const exited = new Promise((resolve) => writer.on('exit', resolve));
    const input = notSkipped((await open(fifo)).input);
    assert.equal(input.format.gzip, true);
    assert.equal(input.splittable, false);
    assert.equal(await readAll(input), LOG);
    assert.equal(await exited, 0);
  });
});
