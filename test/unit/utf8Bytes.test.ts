// The CLI scans a file's bytes one character per byte (src/core/engine/utf8Bytes.ts): it must report
// exactly what a scan of the decoded text reports, whatever non-ASCII text, invalid bytes and read
// boundaries the log holds.
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { describe, test } from 'node:test';
import fc from 'fast-check';
import { loadBuiltinCatalog } from '../../src/core/catalog/catalog';
import { scanStream, windowsOf, type StreamedFinding, type StreamWindows } from '../../src/core/engine/stream';
import { decodeByteString, utf16Column } from '../../src/core/engine/utf8Bytes';
import { logProblemsJson } from '../../src/cli/format';
import { DEFAULT_SETTINGS } from '../../src/core/policy/settings';
import { byteWindows, fileWindows } from '../../src/node/windows';

const catalog = loadBuiltinCatalog();

/** What the CLI prints of a finding (its JSON shape: position, rule, entry, severity, retry, message, notation, facts), and where in its body it is. */
function shape(s: StreamedFinding): string {
  const [j] = logProblemsJson(s, catalog, DEFAULT_SETTINGS); // defaults hide nothing in a log
  const f = s.finding;
  return [j.line, j.column, j.endLine, j.endColumn, j.rule, j.api, j.kind, j.code, j.status, j.entry ?? '-', j.severity, j.retry, j.message, JSON.stringify(j.notation), JSON.stringify(j.facts), f.item ?? '-'].join(' | ');
}

/** Equal lists, or an error naming the first difference (not two 50,000-line dumps). */
function sameFindings(actual: string[], expected: string[]): void {
  const i = actual.findIndex((a, k) => a !== expected[k]);
  if (i >= 0 || actual.length !== expected.length) {
    const at = i >= 0 ? i : Math.min(actual.length, expected.length);
    assert.fail(`finding ${at} of ${expected.length} (got ${actual.length}):\n  bytes:   ${actual[at]}\n  decoded: ${expected[at]}`);
  }
}

async function scan(windows: StreamWindows | AsyncIterable<string>): Promise<string[]> {
  const out: string[] = [];
  await scanStream(windows, catalog, (f) => out.push(shape(f)));
  return out;
}

async function* pieces<T extends { length: number; slice: (a: number, b: number) => T }>(whole: T, size: number): AsyncGenerator<T> {
  for (let i = 0; i < whole.length; i += size) yield whole.slice(i, i + size);
}

/** The reference: the decoded text in string chunks. */
function decodedScan(bytes: Buffer, size: number): Promise<string[]> {
  return scan(windowsOf(pieces(new TextDecoder().decode(bytes), size)));
}

/** The CLI's way: raw bytes, one character per byte. */
function byteScan(bytes: Buffer, size: number): Promise<string[]> {
  return scan(byteWindows(pieces(bytes, size)));
}

const LINES: (string | Buffer)[] = [
  '2026-11-21T10:00:00Z INFO café opened → fine',
  '2026-11-21T10:00:01Z ERROR POST /v1/workflows → status=503 {"detail": "An error occurred", "code": "WF_1200"}',
  '2026-11-21T10:00:02Z ERROR résumé upload failed WF_1103 (request 7f3a)',
  '日本語のログ: WF_1110 が返されました',
  '🚀 graphql: {"errors": [{"message": "Ünïcödé ✓ 入力が不正", "extensions": {"code": "BAD_USER_INPUT"}}]}',
  'wireflow said {"error": "Too many workflow executions. Please try again lat…',
  'HTTP/1.1 429 Too Many Requests',
  'Retry-After: 30',
  'X-Request-Id: req-äöü-42',
  '{"level":"error","msg":"upstream \\"é\\" {\\"error\\": \\"Insufficient credits\\", \\"requiredCredits\\": 10, \\"availableCredits\\": 3}"}',
  "resp={'detail': 'Não encontrado — ausente', 'code': 'WF_1100'}",
  '{',
  '  "detail": "Workflow exécution introuvable",',
  '  "code": "WF_1100"',
  '}',
  '{"type": "https://errors.example/validation", "title": "Données invalides", "status": 422, "errors": {"name": ["doit être renseigné"]}}',
  'plain ascii filler line with nothing in it at all, just words',
  '',
  Buffer.from([0xff, 0x20, 0xc3, 0x28, 0x20, 0xe2, 0x82]), // invalid UTF-8
  Buffer.concat([Buffer.from('bad bytes '), Buffer.from([0xed, 0xa0, 0x80]), Buffer.from(' then {"error": "Invalid API key", "status": 401}')]),
];

const doc = fc
  .array(fc.nat({ max: LINES.length - 1 }), { minLength: 1, maxLength: 60 })
  .map((picks) => Buffer.concat(picks.flatMap((i) => [typeof LINES[i] === 'string' ? Buffer.from(LINES[i] as string) : (LINES[i] as Buffer), Buffer.from('\n')])));

describe('scanning UTF-8 bytes one character per byte', () => {
  test('decodeByteString and utf16Column count as a decoder does', () => {
    const line = Buffer.from('é🚀x WF_1100').toString('latin1');
    assert.equal(decodeByteString(line), 'é🚀x WF_1100');
    assert.equal(utf16Column(line, 0, line.indexOf('WF_1100')), 'é🚀x '.length + 1);
    assert.equal(utf16Column('abc', 0, 2), 3);
  });

  test('reports exactly what a scan of the decoded text reports (random logs, random read sizes)', async () => {
    await fc.assert(
      fc.asyncProperty(doc, fc.integer({ min: 1, max: 4096 }), fc.integer({ min: 1, max: 4096 }), async (bytes, a, b) => {
        sameFindings(await byteScan(bytes, a), await decodedScan(bytes, b));
      }),
      { numRuns: 150 },
    );
  });

  test('the same across many rounds: logs past the hold-back margin, bodies on read boundaries', async () => {
    await fc.assert(
      fc.asyncProperty(doc, fc.integer({ min: 5_000, max: 70_000 }), async (unit, size) => {
        const parts: Buffer[] = [];
        for (let n = 0; n < 300_000; n += unit.length) parts.push(unit);
        const bytes = Buffer.concat(parts);
        const expected = await decodedScan(bytes, 65_536);
        sameFindings(await byteScan(bytes, size), expected);
      }),
      { numRuns: 12 },
    );
  });

  test('a file read with read-ahead, including a line longer than the read buffer', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'errcode-windows-'));
    try {
      const bytes = Buffer.concat([
        Buffer.from('début WF_1103\n'.repeat(50_000)),
        Buffer.from(`${'é'.repeat(1_500_000)} {"detail": "An error occurred", "code": "WF_1200"}\n`),
        Buffer.from('fin → status=404 {"detail": "Workflow execution not found", "code": "WF_1100"}\n'),
      ]);
      const file = path.join(dir, 'mixed.log');
      fs.writeFileSync(file, bytes);
      const got = await scan(fileWindows(file));
      sameFindings(got, await decodedScan(bytes, 1 << 20));
      assert.equal(got.length, 50_002);
      assert.match(got[50_000], /^50001 \| 1500002 \| 50001 \| /);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
