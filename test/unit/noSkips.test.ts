// No test may skip: a test that needs a tool requires it and fails without it (support/tools.ts), and
// `npm test` installs what the tests need. This scans every test source (and the runner, which could
// skip a whole suite) for the ways a test quietly does not run, so a future skip fails the suite.
// This file holds examples of every construct, so it is the one source left out of the scan.
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, test } from 'node:test';

const root = path.resolve(__dirname, '../../..');

const SKIP_CONSTRUCTS: readonly { what: string; re: RegExp }[] = [
  { what: 'test.skip / describe.skip / t.skip() / this.skip()', re: /\.skip\s*\(/ },
  { what: 'a { skip } option', re: /\bskip\s*:/ },
  { what: 'test.todo / a { todo } option', re: /\.todo\s*\(|\btodo\s*:/ },
  { what: 'test.only / a { only } option (every other test silently does not run)', re: /\.only\s*\(|\bonly\s*:\s*(?:true|!|\w+\()/ },
  { what: "mocha's xit / xtest / xdescribe / xsuite", re: /\bx(?:it|test|describe|suite)\s*\(/ },
  { what: 'an early return when a tool is missing', re: /\bif\s*\(\s*!\s*(?:has|HAS_\w+|toolVersion|which|commandExists|isInstalled)\b[^\n]*\)\s*return\b/ },
  { what: 'a check that runs only when a tool is there', re: /\bif\s*\(\s*(?:has|HAS_\w+|toolVersion|which|commandExists|isInstalled)\s*\([^\n]*\)\s*\)?\s*assert\b/ },
  { what: 'a documented skip ("skipped when …", "skips if …")', re: /\bskip(?:s|ped)?\s+(?:when|if|unless)\b/i },
  { what: 'a missing tool reported as a diagnostic instead of a failure', re: /\.diagnostic\([^\n]*(?:missing|not installed|unavailable|not checked)/i },
];

/** Every match of a skip construct in `text`, as `line: text`. */
function skipsIn(text: string): string[] {
  const out: string[] = [];
  text.split('\n').forEach((line, i) => {
    for (const { what, re } of SKIP_CONSTRUCTS) if (re.test(line)) out.push(`${i + 1}: ${what}: ${line.trim().slice(0, 160)}`);
  });
  return out;
}

function testSources(): string[] {
  const out: string[] = [];
  const walk = (dir: string): void => {
    for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
      const p = path.join(dir, e.name);
      if (e.isDirectory()) {
        if (p !== path.join(root, 'test', 'fixtures')) walk(p);
      } else if (/\.(?:ts|mts|cts|js|mjs|cjs)$/.test(e.name) && e.name !== 'noSkips.test.ts') out.push(p);
    }
  };
  walk(path.join(root, 'test'));
  out.push(path.join(root, 'scripts', 'test-all.mjs'));
  return out;
}

describe('no skipped tests', () => {
  test('the scanner finds each way of skipping, and not the product\'s own "skipped"', () => {
    const skips = [
      "test.skip('x', () => {});",
      "describe.skip('x', () => {});",
      "test('x', { skip: !has('gofmt') }, () => {});",
      "test('x', { skip: process.platform === 'win32' }, () => {});",
      "  if (!jq) return t.skip('jq is not installed');",
      '  this.skip();',
      "test.todo('later');",
      "test('x', { todo: 'later' }, () => {});",
      "test.only('x', () => {});",
      "xit('x', () => {});",
      "  if (!toolVersion('go', ['version'])) return;",
      "  if (!has('python3')) return;",
      "  if (has('gofmt')) assert.equal(check(out), '');",
      '// The CLI part runs dist/cli.js (skipped when absent).',
      "  if (no yaml) t.diagnostic('PyYAML missing: yaml not checked');",
    ];
    for (const s of skips) assert.equal(skipsIn(s).length, 1, s);
    const fine = [
      "assert.deepEqual(input, { skipped: 'binary file' });",
      "test('a binary file is skipped with one stderr line; the others are scanned', () => {});",
      "test('missingImports skips what the file already imports', () => {});",
      "const only = args.includes('--only') ? args[args.indexOf('--only') + 1] : undefined;",
      "if (only && !name.includes(only)) continue;",
      'let failed = count(\'fail\') + (count(\'skipped\') || 0);',
    ];
    for (const s of fine) assert.deepEqual(skipsIn(s), [], s);
  });

  test('no test source skips a test, conditionally or not', () => {
    const files = testSources();
    assert.ok(files.length > 30, `found only ${files.length} test sources under ${root}/test`);
    const found = files.flatMap((f) => skipsIn(fs.readFileSync(f, 'utf8')).map((m) => `${path.relative(root, f)}:${m}`));
    assert.deepEqual(found, [], `Tests may not skip: require what the test needs (test/unit/support/tools.ts) and fail without it.\n${found.join('\n')}`);
  });
});
