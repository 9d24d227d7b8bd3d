// `errcode scan` over every kind of file a user points it at (src/node/input.ts), run as a user runs
// it: `node dist/cli.js` (built by `node esbuild.js`). One bad file among many is skipped with a line
// on stderr; compressed and UTF-16 logs give the findings, lines and columns of the plain log.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { after, describe, test } from 'node:test';
import * as zlib from 'node:zlib';

const root = path.resolve(__dirname, '../../..');
const cli = path.join(root, 'dist/cli.js');
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'errcode-cli-input-'));
after(() => fs.rmSync(dir, { recursive: true, force: true }));

function run(args: string[], input?: Buffer, env?: Record<string, string>): { code: number | null; stdout: string; stderr: string } {
  const r = spawnSync(process.execPath, [cli, ...args], { input, encoding: 'utf8', cwd: root, env: { ...process.env, LC_ALL: 'C', ...env } /* English words, whatever the machine's locale */, maxBuffer: 64 * 1024 * 1024 });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

function file(name: string, content: string | Buffer): string {
  const p = path.join(dir, name);
  fs.writeFileSync(p, content);
  return p;
}

interface JsonFinding {
  line: number;
  column: number;
  endLine: number;
  endColumn: number;
  code: string | null;
  [k: string]: unknown;
}
type JsonOut = { files: { path: string; findings: JsonFinding[] }[] };

function scanJson(args: string[], input?: Buffer, env?: Record<string, string>): { code: number | null; out: JsonOut; stderr: string } {
  const r = run(['scan', '--format', 'json', ...args], input, env);
  let out: JsonOut;
  try {
    out = JSON.parse(r.stdout) as JsonOut;
  } catch {
    assert.fail(`stdout is not one JSON object (exit ${r.code}): ${r.stdout.slice(0, 300)}\nstderr: ${r.stderr}`);
  }
  return { code: r.code, out, stderr: r.stderr };
}

/** A log whose columns differ between bytes and UTF-16 code units (accents, astral characters before bodies on the same line). */
const LOG = [
  '2026-11-30T10:00:00.123Z INFO  user="José" started 😀\n',
  '2026-11-30T10:00:01.001Z ERROR naïve 🚀🚀 upstream failed status=500 body={"detail":"An error occurred","code":"WF_1103"}\n',
  '2026-11-30T10:00:02.010Z ERROR wireflow status=401 {"error": "Invalid API key"} — 日本語\n',
  '2026-11-30T10:00:03.000Z INFO  retrying after WF_1103 (attempt 2)\n',
].join('');
const BOM16LE = Buffer.from([0xff, 0xfe]);
const BOM16BE = Buffer.from([0xfe, 0xff]);

/** The findings of the plain UTF-8 log: what every other form of it must give. */
function plainFindings(): JsonFinding[] {
  const r = scanJson([file('plain.log', LOG)]);
  assert.equal(r.code, 1, r.stderr);
  const findings = r.out.files[0].findings;
  assert.ok(findings.some((f) => f.code === 'WF_1103') && findings.length >= 3, JSON.stringify(findings));
  return findings;
}

/** Line and column (1-based, UTF-16 code units) of `offset` as VS Code shows them: lines end at \r\n, \r or \n. */
function editorPosition(text: string, offset: number): { line: number; column: number } {
  const before = text.slice(0, offset);
  const breaks = before.match(/\r\n|\r|\n/g) ?? [];
  const lineStart = Math.max(before.lastIndexOf('\n'), before.lastIndexOf('\r')) + 1;
  return { line: breaks.length + 1, column: offset - lineStart + 1 };
}

describe('errcode scan: one bad file among many', () => {
  test('a binary file is skipped with one stderr line; the others are scanned; JSON stays one object', () => {
    const ok1 = file('ok1.log', LOG);
    const bin = file('bin.dat', Buffer.from([0x7f, 0x45, 0x4c, 0x46, 0x02, 0x01, 0x01, 0x00, 0x00, 0x00]));
    const ok2 = file('ok2.log', 'status=401 {"error": "Invalid API key"}\n');
    const r = scanJson([ok1, bin, ok2]);
    assert.equal(r.code, 1);
    assert.equal(r.stderr, `errcode: ${bin}: binary file (NUL byte at offset 7), skipped\n`);
    assert.deepEqual(r.out.files.map((f) => f.path), [ok1, ok2]);
    assert.ok(r.out.files.every((f) => f.findings.length > 0));
  });

  test('missing, a directory: skipped the same way, in text output too', () => {
    const ok = file('ok3.log', LOG);
    const missing = path.join(dir, 'missing.log');
    const r = run(['scan', missing, ok, dir]);
    assert.equal(r.code, 1);
    assert.equal(r.stderr, `errcode: ${missing}: no such file, skipped\nerrcode: ${dir}: is a directory, skipped\n`);
    assert.match(r.stdout, new RegExp(`^${ok.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}:2:\\d+: `));
    assert.doesNotMatch(r.stderr, /\n\s+at /);
  });

  test('exit status: as for the files scanned; 2 only when none could be', () => {
    const clean = file('clean.log', 'all good\n');
    const bin = file('bin2.dat', Buffer.from([0, 1, 2, 3]));
    assert.equal(run(['scan', clean, bin]).code, 0, 'clean + skipped: 0');
    assert.equal(run(['scan', file('dirty.log', LOG), bin]).code, 1, 'findings + skipped: 1');
    const none = scanJson([bin, path.join(dir, 'missing2.log')]);
    assert.equal(none.code, 2);
    assert.deepEqual(none.out, { files: [] });
    assert.equal(none.stderr.split('\n').filter(Boolean).length, 2);
  });
});

describe('errcode scan: compressed and UTF-16 logs give the plain log findings', () => {
  test('a .gz log (and one whose name says nothing), concatenated members', () => {
    const expected = plainFindings();
    for (const [name, content] of [
      ['app.log.gz', zlib.gzipSync(LOG)],
      ['app.log.1', zlib.gzipSync(LOG)],
      ['members.gz', Buffer.concat([zlib.gzipSync(LOG.slice(0, 100)), zlib.gzipSync(LOG.slice(100))])],
    ] as const) {
      const r = scanJson([file(name, content)]);
      assert.equal(r.code, 1, r.stderr);
      assert.equal(r.stderr, '');
      assert.deepEqual(r.out.files[0].findings, expected, name);
    }
  });

  test('UTF-16 LE and BE (with a BOM), UTF-8 with a BOM: same findings, same lines and columns', () => {
    const expected = plainFindings();
    for (const [name, content] of [
      ['le.log', Buffer.concat([BOM16LE, Buffer.from(LOG, 'utf16le')])],
      ['be.log', Buffer.concat([BOM16BE, Buffer.from(LOG, 'utf16le').swap16()])],
      ['bom8.log', Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(LOG)])],
      ['le.log.gz', zlib.gzipSync(Buffer.concat([BOM16LE, Buffer.from(LOG, 'utf16le')]))],
    ] as const) {
      const r = scanJson([file(name, content)]);
      assert.equal(r.code, 1, r.stderr);
      assert.deepEqual(r.out.files[0].findings, expected, name);
    }
  });

  test('a finding on the first line of a file with a BOM: the BOM is no column', () => {
    const line = 'x {"error": "Invalid API key"}\n';
    const plain = scanJson([file('first.log', line)]).out.files[0].findings;
    assert.equal(plain[0].column, 3);
    assert.deepEqual(scanJson([file('first-bom.log', Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(line)]))]).out.files[0].findings, plain);
    assert.deepEqual(scanJson([file('first-le.log', Buffer.concat([BOM16LE, Buffer.from(line, 'utf16le')]))]).out.files[0].findings, plain);
  });

  test('CRLF: lines and columns are those VS Code shows, in UTF-8 and UTF-16', () => {
    const crlf = LOG.replace(/\n/g, '\r\n');
    const expectedStarts = [crlf.indexOf('{"detail"'), crlf.indexOf('{"error"'), crlf.indexOf('WF_1103 (attempt')].map((o) => editorPosition(crlf, o));
    for (const [name, content] of [
      ['crlf.log', Buffer.from(crlf)],
      ['crlf16.log', Buffer.concat([BOM16LE, Buffer.from(crlf, 'utf16le')])],
      ['crlf.log.gz', zlib.gzipSync(crlf)],
    ] as const) {
      const findings = scanJson([file(name, content)]).out.files[0].findings;
      assert.deepEqual(
        findings.map((f) => ({ line: f.line, column: f.column })),
        expectedStarts,
        name,
      );
    }
  });

  test('stdin: gzip, UTF-16, and plain text on `-`', () => {
    const expected = plainFindings();
    for (const input of [zlib.gzipSync(LOG), Buffer.concat([BOM16LE, Buffer.from(LOG, 'utf16le')]), Buffer.from(LOG)]) {
      const r = scanJson(['-'], input);
      assert.equal(r.code, 1, r.stderr);
      assert.deepEqual(r.out.files, [{ path: '<stdin>', findings: expected }]);
    }
    const bin = run(['scan', '-'], Buffer.from([1, 0, 2]));
    assert.equal(bin.code, 2);
    assert.equal(bin.stderr, 'errcode: <stdin>: binary file (NUL byte at offset 1), skipped\n');
  });

  test('a truncated .gz: one note on stderr and the findings before the cut', () => {
    let big = '';
    for (let i = 0; i < 4000; i++) big += i % 40 === 0 ? `${i} status=401 {"error": "Invalid API key"}\n` : `${i} INFO ${'x'.repeat((i * 7919) % 97)} ok\n`;
    const gz = zlib.gzipSync(big);
    const full = scanJson([file('full.log', big)]).out.files[0].findings;
    const r = scanJson([file('cut.log.gz', gz.subarray(0, Math.floor(gz.length / 2)))]);
    assert.equal(r.code, 1);
    assert.match(r.stderr, /^errcode: .*cut\.log\.gz: gzip data truncated, scanned up to there\n$/);
    const got = r.out.files[0].findings;
    assert.ok(got.length > full.length / 4 && got.length < full.length, `${got.length} of ${full.length}`);
    assert.deepEqual(got, full.slice(0, got.length));
  });

  test('--jobs 2 scans compressed and UTF-16 logs on one thread, with the same findings', () => {
    const env = { ERRCODE_PARALLEL_MIN_BYTES: '1000' };
    const expected = plainFindings();
    let big = '';
    for (let i = 0; i < 200; i++) big += LOG;
    const plainBig = scanJson([file('big.log', big)]).out.files[0].findings;
    for (const [name, content] of [
      ['big.log.gz', zlib.gzipSync(big)],
      ['big16.log', Buffer.concat([BOM16LE, Buffer.from(big, 'utf16le')])],
      ['big-bom.log', Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(big)])],
      ['big.log', Buffer.from(big)],
    ] as const) {
      const r = scanJson(['--jobs', '2', file(name, content)], undefined, env);
      assert.equal(r.code, 1, r.stderr);
      assert.deepEqual(r.out.files[0].findings, plainBig, name);
    }
    assert.deepEqual(plainBig.slice(0, expected.length), expected);
  });
});
