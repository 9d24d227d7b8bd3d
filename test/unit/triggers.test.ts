// The finder (triggers.ts) is an optimisation only: it must report exactly the matches, in the same
// order and with the same groups, that the trigger regex reports with `exec` over the whole text, for
// the built-in catalog and for a user catalog with its own code pattern and keys.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import fc from 'fast-check';
import { loadBuiltinCatalog, type Catalog } from '../../src/core/catalog/catalog';
import { mergeCatalogs } from '../../src/core/catalog/catalogFile';
import { recognitionOf } from '../../src/core/engine/recognition';
import { Triggers } from '../../src/core/engine/triggers';

const builtin = loadBuiltinCatalog();
const ledgerFile = join(process.cwd(), 'samples/catalogs/ledger.errcodes.jsonc');
const ledger = mergeCatalogs(builtin, [{ file: ledgerFile, text: readFileSync(ledgerFile, 'utf8') }]).catalog;

type Match = [number, string, (string | undefined)[]];

function viaExec(text: string, catalog: Catalog, from = 0): Match[] {
  const re = new RegExp(recognitionOf(catalog).trigger.source, 'g');
  re.lastIndex = from;
  const out: Match[] = [];
  for (let m = re.exec(text); m; m = re.exec(text)) out.push([m.index, m[0], m.slice(1)]);
  return out;
}

function viaTriggers(text: string, catalog: Catalog, from = 0): Match[] {
  const t = new Triggers(recognitionOf(catalog), text, from, true);
  const out: Match[] = [];
  for (let m = t.next(); m; m = t.next()) out.push([m.index, m[0], m.slice(1)]);
  return out;
}

const PIECES = [
  '"', "'", ':', ' ', '\t', '\\', '\\"', '=>', '::', ':/', '\n', '{', '}', 'x', 'e', 'E', '-', '.', '$',
  'error', 'Error', 'errors', 'rror', 'detail', 'Detail', 'title', 'extensions', 'locations', 'status', 'reason',
  'failed', 'expired', 'canceled', 'failedX', 'WF_', 'WF_1103', 'WF_12345', 'xWF_1100', 'LG-4290', 'fault', 'postings',
];

describe('the trigger finder', () => {
  test('the built-in catalog and a user catalog both get a finder', () => {
    assert.ok(recognitionOf(builtin).finder);
    assert.ok(recognitionOf(ledger).finder);
  });

  for (const [name, catalog] of [['built-in', builtin], ['with a user API', ledger]] as const) {
    test(`reports what exec reports (${name}, random text)`, () => {
      fc.assert(
        fc.property(fc.array(fc.constantFrom(...PIECES), { maxLength: 120 }), fc.nat(40), (parts, from) => {
          const text = parts.join('');
          assert.deepEqual(viaTriggers(text, catalog, Math.min(from, text.length)), viaExec(text, catalog, Math.min(from, text.length)));
        }),
        { numRuns: 3000 },
      );
    });
  }

  test('reports what exec reports on the sample logs', () => {
    for (const file of ['samples/logs/ledger.log', 'samples/logs/api-gateway.log', 'samples/logs/structured.jsonl', 'samples/logs/worker.log']) {
      const text = readFileSync(join(process.cwd(), file), 'utf8');
      const expected = viaExec(text, ledger);
      assert.ok(expected.length > 0, file);
      assert.deepEqual(viaTriggers(text, ledger), expected, file);
    }
  });

  test('a code pattern that may start on a colon turns the finder off, and exec is used', () => {
    const odd = mergeCatalogs(builtin, [
      {
        file: 'odd.jsonc',
        text: JSON.stringify({ apis: [{ id: 'odd', name: 'Odd API', codePattern: ':E\\d{3}', entries: [{ code: ':E100', name: 'Odd', description: 'x', retry: { decision: 'no' } }] }] }),
      },
    ]).catalog;
    assert.equal(recognitionOf(odd).finder, undefined);
    const text = 'a :E100 b "error": "x"';
    assert.deepEqual(viaTriggers(text, odd), viaExec(text, odd));
  });

  test('a dropped key is no longer looked for; the other keys and the codes still are', () => {
    const text = '{"detail": "x"} {"error": "y"} WF_1100 {"detail": "z"} {"error": "w"}';
    const t = new Triggers(recognitionOf(builtin), text, 0, true);
    const seen: string[] = [];
    for (let m = t.next(); m; m = t.next()) {
      seen.push(m[0]);
      if (seen.length === 1) t.dropKey('detail');
    }
    assert.deepEqual(seen, ['"detail":', '"error":', 'WF_1100', '"error":']);
  });
});
