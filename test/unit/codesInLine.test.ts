import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { loadBuiltinCatalog } from '../../src/core/catalog/catalog';
import { LogTally, logSummaryMarkdown } from '../../src/core/render/logSummary';
import { scanStream } from '../../src/core/engine/stream';
import { findCodesInLine } from '../../src/core/engine/codesInLine';

const catalog = loadBuiltinCatalog();
// The terminal link matcher findWfCodesInLine(line) is now findCodesInLine(line, catalog): the codes of every API's codePattern.
const codesInLine = (line: string, limit?: number) => findCodesInLine(line, catalog, limit);
const codes = (line: string): string[] => codesInLine(line).map((m) => `${m.code}@${m.startIndex}`);

describe('terminal links: WF codes in a terminal line', () => {
  test('a code in a sentence, with its position and length', () => {
    // Each code now also carries its entry id (undefined for a code the catalog lacks).
    assert.deepEqual(codesInLine('failed with WF_1103'), [{ code: 'WF_1103', entryId: 'workflows:WF_1103', startIndex: 12, length: 7 }]);
    assert.deepEqual(codesInLine('failed with WF_1110'), [{ code: 'WF_1110', entryId: undefined, startIndex: 12, length: 7 }]);
  });

  test('several codes, left to right', () => {
    assert.deepEqual(codes('WF_1104; last seen code WF_1110 from upstream'), ['WF_1104@0', 'WF_1110@24']);
  });

  test('punctuation and quotes around a code are fine', () => {
    assert.deepEqual(codes('{"code": "WF_1102"} (WF_1001), [WF_1200]. WF_1500:'), ['WF_1102@10', 'WF_1001@21', 'WF_1200@32', 'WF_1500@42']);
  });

  test('not inside a longer token (the scanner rule)', () => {
    assert.deepEqual(codes('XWF_1103 WF_11034 WF_1103_retry wf_1103 WF_110 aWF_1103 WF_1103x 1WF_1103'), []);
    assert.deepEqual(codes('WF_1103WF_1104'), []);
  });

  test('hyphens, slashes and dots are boundaries', () => {
    assert.deepEqual(codes('err-WF_1103-x /WF_1104/ WF_1100.'), ['WF_1103@4', 'WF_1104@15', 'WF_1100@24']);
  });

  test('an empty line and a line without codes', () => {
    assert.deepEqual(codesInLine(''), []);
    assert.deepEqual(codesInLine('INFO all good, status=200'), []);
  });

  test('a long wrapped line is capped at the limit', () => {
    const line = Array.from({ length: 500 }, () => 'WF_1103').join(' ');
    assert.equal(codesInLine(line).length, 100);
    assert.equal(codesInLine(line, 3).length, 3);
  });

  test('offsets are UTF-16 indices (emoji before the code)', () => {
    const line = '🚨 failed: WF_1103';
    const [m] = codesInLine(line);
    assert.equal(line.slice(m.startIndex, m.startIndex + m.length), 'WF_1103');
  });
});

describe('log tally and summary (Scan Log File…)', () => {
  async function* chunks(text: string, size: number): AsyncGenerator<string> {
    for (let i = 0; i < text.length; i += size) yield text.slice(i, i + size);
  }

  async function tallyOf(text: string, keep = 50, chunk = 1000): Promise<LogTally> {
    const t = new LogTally(catalog, keep);
    await scanStream(chunks(text, chunk), catalog, (f) => t.add(f));
    return t;
  }

  test('counts per code, first occurrences with 1-based line numbers, bounded per code', async () => {
    const lines: string[] = [];
    for (let i = 0; i < 300; i++) {
      lines.push(i % 3 === 0 ? `2026-11-21 ERROR retrying after WF_1103 (attempt ${i})` : `2026-11-21 INFO ok ${i}`);
    }
    lines[10] = '2026-11-21 ERROR status=409 body={"detail": "Workflow not running", "code": "WF_1102", "status": "COMPLETED"}';
    lines[250] = lines[10];
    const t = await tallyOf(lines.join('\n') + '\n', 5);
    assert.equal(t.total, 100 + 2);
    const [first, second] = t.tallies;
    assert.equal(first.code, 'WF_1103');
    assert.equal(first.count, 100);
    assert.equal(first.first.length, 5, 'only the first 5 kept');
    assert.deepEqual(first.first.map((f) => f.line), [1, 4, 7, 10, 13]);
    assert.equal(second.code, 'WF_1102');
    assert.equal(second.entryId, 'workflows:WF_1102');
    assert.deepEqual(second.first.map((f) => f.line), [11, 251]);
    // The parsed body is `json` now (`body` is the range of a multi-error body): kept findings hold none.
    assert.equal(second.first[0].finding.json, undefined, 'kept findings hold no parsed body');
    assert.deepEqual(t.perApi, [{ api: 'workflows', count: 102, codes: 2 }]);
    assert.deepEqual(t.kept().map((f) => f.line).slice(0, 5), [1, 4, 7, 10, 11]);
  });

  test('unknown codes and other APIs get their own rows; the report has totals and lines', async () => {
    const text = [
      'a WF_1110 b',
      'x {"error": "Insufficient credits. Required: 10, Available: 3", "insufficientCredits": true, "requiredCredits": 10, "availableCredits": 3}',
      'y WF_1110',
    ].join('\n');
    const t = await tallyOf(text);
    const md = logSummaryMarkdown(t, { file: '/var/log/big|app.log', bytes: 63_000_000, size: 63_000_000, ms: 1500, cancelled: false }, catalog);
    assert.match(md, /^# Errors in big\\\|app\.log/);
    assert.match(md, /\*\*Found:\*\* 3 errors, 2 distinct codes/);
    assert.match(md, /\| WF\\_1110 \| not in the catalog \| Workflows API \| 2 \| 1 \|/);
    assert.match(md, /\| Wireflow API \| 1 \| 1 \|/);
    // Reworded with the API's name (was "WF_1110 is not a known Workflows API code").
    assert.match(md, /- line 3, column 3\\: WF\\_1110 is in the Workflow range but not in the Workflows API catalog/);
    assert.match(md, /\*\*Read:\*\* 60\.1 MB \\\(63,000,000 bytes\\\) in 1\.5 sec \\\(40\.1 MB\/s\\\)/);
    assert.doesNotMatch(md, /Cancelled/);
  });

  test('more occurrences than kept are summed up; a cancelled scan says so', async () => {
    const t = await tallyOf(Array.from({ length: 8 }, () => 'WF_1103').join('\n'), 2);
    const md = logSummaryMarkdown(t, { file: 'x.log', bytes: 10, size: 100, ms: 0, cancelled: true }, catalog);
    assert.match(md, /… and 6 more/);
    assert.match(md, /\*\*Cancelled:\*\*/);
    assert.match(md, /10 bytes of 100 bytes/);
  });

  test('no findings: a short report', () => {
    const md = logSummaryMarkdown(new LogTally(catalog), { file: 'quiet.log', bytes: 5, size: 5, ms: 1, cancelled: false }, catalog);
    assert.match(md, /No error codes or error bodies found/);
  });
});
