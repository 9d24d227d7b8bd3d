// A fifth API defined in a user catalog alone (samples/catalogs/ledger.errcodes.jsonc, the README's
// example): the engine finds its bodies in every form its log holds, names them by its own rules,
// explains them, and generates retry handlers from its retry data, in-process and through the CLI;
// and the engine's isolation of failures: one body that makes it fail costs no other finding.
import { strict as assert } from 'node:assert';
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import { Catalog, loadBuiltinCatalog } from '../../src/core/catalog/catalog';
import { mergeCatalogs } from '../../src/core/catalog/catalogFile';
import { scanText } from '../../src/core/engine/scan';
import { explainFinding, toText } from '../../src/core/render/explain';
import { summarize } from '../../src/core/render/messages';
import { generateRetryHelper, planForApi } from '../../src/core/retry';

const root = process.cwd();
const CATALOG = join(root, 'samples/catalogs/ledger.errcodes.jsonc');
const LOG = join(root, 'samples/logs/ledger.log');
const { catalog, problems } = mergeCatalogs(loadBuiltinCatalog(), [{ file: CATALOG, text: readFileSync(CATALOG, 'utf8') }]);
const log = readFileSync(LOG, 'utf8');
const lineOf = (offset: number): number => log.slice(0, offset).split('\n').length;

/** What samples/logs/ledger.log holds, line by line. */
const EXPECTED = [
  { line: 4, rule: 'ledger/LG-4290', status: 429, notation: 'json' }, // one line after a prefix
  { line: 13, rule: 'ledger/LG-4001', status: 400, notation: 'pretty' }, // a batch: one finding per rejected posting
  { line: 14, rule: 'ledger/LG-4041', status: 400, notation: 'pretty' },
  { line: 18, rule: 'ledger/LG-5030', status: 503, notation: 'literal' }, // the code in prose
  { line: 19, rule: 'ledger/LG-4091', status: 409, notation: 'escaped' }, // escaped in a JSON-lines record
  { line: 20, rule: 'ledger/LG-5000', status: 500, notation: 'python' }, // a Python repr
];

describe('a fifth API from a user catalog alone', () => {
  test('the catalog merges without a problem', () => {
    assert.deepEqual(problems, []);
    assert.equal(catalog.api('ledger')?.name, 'Ledger API');
    assert.equal(catalog.codeApi('LG-4290'), 'ledger');
  });

  test('every error of its log is found, named by its own rules', () => {
    const found = scanText(log, catalog).map((f) => ({ line: lineOf(f.start), rule: f.rule, status: f.status, notation: f.notation.find((n) => n !== 'json') ?? 'json' }));
    assert.deepEqual(found, EXPECTED);
  });

  test('without its catalog, none of it is anybody\'s error', () => {
    assert.deepEqual(scanText(log, loadBuiltinCatalog()).map((f) => f.rule), []);
  });

  test('messages, explanations and facts come from its data', () => {
    const [first] = scanText(log, catalog);
    assert.match(summarize(first, catalog), /^Ledger API error LG-4290 Posting Rate Limited \(HTTP 429\): “Too many postings to account acc_81/);
    const text = toText(explainFinding(first, catalog, { now: Date.parse('2026-11-30T08:00:03Z') }));
    assert.match(text, /Ledger API · Request · HTTP 429/);
    assert.match(text, /Retry at: Nov 30, 2026, 8:00:05 AM UTC \(in 2 seconds; Unix 1796025605\)/);
    assert.match(text, /Account: acc_81/);
    assert.match(text, /250 milliseconds first, at most 10 seconds between attempts, 4 attempts in all/);
    const batch = scanText(log, catalog).find((f) => f.code === 'LG-4041')!;
    assert.equal(batch.item, 'fault.items[1]');
    assert.match(toText(explainFinding(batch, catalog)), /Batch: b-2291/);
  });

  test('retry handlers come from its retry data', () => {
    const plan = planForApi('ledger', catalog);
    assert.deepEqual(plan.retryCodes.map((r) => r.code).sort(), ['LG-4290', 'LG-5030']);
    assert.ok(plan.noRetryCodes.some((c) => c.code === 'LG-4091'));
    assert.deepEqual([plan.policy.baseDelayMs, plan.policy.capSeconds, plan.policy.maxAttempts, plan.policy.documented], [250, 10, 4, true]);
    const ts = generateRetryHelper('typescript', plan).code;
    assert.match(ts, /'LG-5030'/);
    assert.match(ts, /Ledger API/);
  });

  test('the CLI scans, explains and lists it with --catalog', () => {
    const cli = join(root, 'dist/cli.js');
    // The assertions quote English entry names and counts, whatever the machine's locale.
    const ENGLISH = { ...process.env, LC_ALL: 'C' };
    const scan = spawnSync(process.execPath, [cli, 'scan', '--format', 'json', '--catalog', CATALOG, LOG], { encoding: 'utf8', env: ENGLISH });
    assert.equal(scan.status, 1, scan.stderr);
    const out = JSON.parse(scan.stdout) as { files: { findings: { line: number; rule: string; status: number | null }[] }[] };
    assert.deepEqual(out.files[0].findings.map((f) => [f.line, f.rule, f.status]), EXPECTED.map((e) => [e.line, e.rule, e.status]));
    const explain = spawnSync(process.execPath, [cli, 'explain', '--catalog', CATALOG, 'LG-4091'], { encoding: 'utf8', env: ENGLISH });
    assert.equal(explain.status, 0, explain.stderr);
    assert.match(explain.stdout, /LG-4091 Duplicate Posting \(409\)/);
    const list = spawnSync(process.execPath, [cli, 'catalog', '--catalog', CATALOG], { encoding: 'utf8', env: ENGLISH });
    assert.match(list.stdout, /Ledger API \(ledger\)\n {2}LG-4001 +Invalid Amount \(400\)/);
  });
});

describe('one failure inside the engine costs no other finding', () => {
  test('a body whose look-up throws is reported and skipped; the bodies around it are found', () => {
    // A catalog whose look-up of one code fails stands in for a bug that one body could hit.
    const base = loadBuiltinCatalog();
    class Failing extends Catalog {
      override lookupCode(api: string, value: string, statuses?: boolean) {
        if (value === 'WF_1105') throw new Error('look-up failed');
        return super.lookupCode(api, value, statuses);
      }
    }
    const failing = new Failing(base.apis, base.entries);
    const text = ['{"detail":"Workflow execution not found","code":"WF_1100"}', '{"detail":"An error occurred","code":"WF_1105"}', '{"error":"Workflow not found"}'].join('\n');
    const errors: [number, unknown][] = [];
    const found = scanText(text, failing, { onInternalError: (offset, e) => errors.push([offset, e]) });
    // The failing body is lost as a body; its code, read on its own, and the other bodies are not.
    assert.deepEqual(found.map((f) => `${f.kind} ${f.rule}`), ['body workflows/WF_1100', 'code workflows/WF_1105', 'body wireflow/404']);
    assert.equal(errors.length, 1);
    assert.equal(errors[0][0], text.indexOf('"detail":"An error'));
    assert.match(String((errors[0][1] as Error).message), /look-up failed/);
  });
});
