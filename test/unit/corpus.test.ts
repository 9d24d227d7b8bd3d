// The corpus of everyday tool output (test/fixtures/corpus/, see its README): every file read the way
// the CLI reads it (encodings, gzip) and scanned by the streaming engine; every expected finding must
// be found on its line with its entry (or rule) and status, and nothing else may be reported. A miss
// or an extra names the file, the line and what differs.
import { strict as assert } from 'node:assert';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import { parse } from 'jsonc-parser/lib/esm/main.js';
import { loadBuiltinCatalog } from '../../src/core/catalog/catalog';
import { scanStream, type StreamedFinding } from '../../src/core/engine/stream';
import { summarize } from '../../src/core/render/messages';
import { openInput } from '../../src/node/input';

const ROOT = join(process.cwd(), 'test/fixtures/corpus');

interface Expected {
  line: number;
  entry?: string | null;
  code?: string;
  rule?: string;
  status?: number;
  handled?: boolean;
}

interface Manifest {
  files: Record<string, { tool: string; findings: Expected[] }>;
}

const manifest = parse(readFileSync(join(ROOT, 'expected.jsonc'), 'utf8')) as Manifest;
const catalog = loadBuiltinCatalog();

async function scanFile(rel: string): Promise<StreamedFinding[]> {
  const input = await openInput(join(ROOT, rel));
  if ('skipped' in input) throw new Error(`${rel}: skipped (${input.skipped})`);
  const found: StreamedFinding[] = [];
  await scanStream(input, catalog, (f) => found.push(f), { onInternalError: (e) => { throw e; } });
  return found;
}

function matches(e: Expected, f: StreamedFinding): boolean {
  if (f.line !== e.line) return false;
  const x = f.finding;
  if (e.rule !== undefined && x.rule !== e.rule) return false;
  if (e.entry !== undefined && x.entry !== e.entry) return false;
  if (e.code !== undefined && x.code !== e.code) return false;
  if (e.status !== undefined && x.status !== e.status) return false;
  return true;
}

function describeFinding(f: StreamedFinding): string {
  const x = f.finding;
  return `line ${f.line}: ${x.rule} entry=${x.entry} code=${x.code} status=${x.status} (${summarize(x, catalog)})`;
}

describe('corpus of everyday tool output', () => {
  let expectedTotal = 0;
  let foundTotal = 0;
  for (const [rel, spec] of Object.entries(manifest.files)) {
    expectedTotal += spec.findings.length;
    test(`${rel} (${spec.tool.split(':')[0]})`, async () => {
      const found = await scanFile(rel);
      const unmatched = [...found];
      const missing: Expected[] = [];
      for (const e of spec.findings) {
        const i = unmatched.findIndex((f) => matches(e, f));
        if (i >= 0) unmatched.splice(i, 1);
        else missing.push(e);
      }
      foundTotal += spec.findings.length - missing.length;
      const problems = [
        ...missing.map((e) => `missing: line ${e.line} ${e.rule ?? e.entry ?? e.code}${e.status !== undefined ? ` status ${e.status}` : ''}; on that line: ${found.filter((f) => f.line === e.line).map(describeFinding).join(' | ') || 'nothing'}`),
        ...unmatched.map((f) => `unexpected: ${describeFinding(f)}`),
      ];
      assert.deepEqual(problems, [], `${rel}:\n  ${problems.join('\n  ')}`);
    });
  }
  test('recall over the whole corpus', () => {
    // The per-file tests above carry the details; this line is the figure quoted in notes.
    console.log(`corpus: ${foundTotal} of ${expectedTotal} expected findings found`);
    assert.ok(expectedTotal > 100);
  });
});
