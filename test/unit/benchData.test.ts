// The benchmark's synthetic logs: deterministic, of the size asked for, about 2% error lines, every
// API and every way of writing a body, and exactly as many findings as the generator says it planted.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { APIS, generateLog, prng, pyRepr, spaced, type Form } from '../../scripts/benchData';
import { loadBuiltinCatalog } from '../../src/core/catalog/catalog';
import { scanText } from '../../src/core/engine/scan';

const catalog = loadBuiltinCatalog();
const MB = 1024 * 1024;
const FORMS: Form[] = ['one-line', 'pretty', 'escaped', 'python', 'truncated', 'headers', 'nested', 'literal'];

describe('bench data generator', () => {
  const log = generateLog(MB, { seed: 1 });

  test('is deterministic: same seed, same text; another seed, another text', () => {
    assert.equal(generateLog(MB, { seed: 1 }).text, log.text);
    assert.notEqual(generateLog(MB, { seed: 2 }).text, log.text);
    const a = prng(42);
    const b = prng(42);
    for (let i = 0; i < 100; i++) assert.equal(a(), b());
  });

  test('size within 1% of the target, counted in UTF-8 bytes, never over', () => {
    for (const target of [100 * 1024, MB, 3 * MB]) {
      const g = target === MB ? log : generateLog(target, { seed: 5 });
      assert.equal(g.bytes, Buffer.byteLength(g.text));
      assert.ok(g.bytes <= target && g.bytes >= target * 0.99, `${g.bytes} bytes for a target of ${target}`);
    }
    assert.notEqual(Buffer.byteLength(log.text), log.text.length, 'a few lines hold non-ASCII text');
  });

  test('about 2% of the lines belong to errors; line count is right; text ends with a newline', () => {
    assert.equal(log.lines, log.text.split('\n').length - 1);
    assert.ok(log.text.endsWith('\n'));
    const share = log.errorLines / log.lines;
    assert.ok(share > 0.017 && share < 0.023, `error-line share ${share}`);
    assert.ok(log.decoyLines / log.lines > 0.02, 'ordinary lines with trigger keys are part of the mix');
  });

  test('every API and every body form appears', () => {
    for (const api of APIS) assert.ok(log.byApi[api] > 5, `${api}: ${log.byApi[api]}`);
    for (const form of FORMS) assert.ok((log.byForm[form] ?? 0) > 0, `form ${form} missing: ${JSON.stringify(log.byForm)}`);
    assert.equal(log.planted, log.bodies + log.codes);
    assert.equal(log.events.length, log.planted);
  });

  test('scanText finds exactly what was planted: one finding per event, same API and kind', () => {
    for (const g of [log, generateLog(2 * MB, { seed: 3 })]) {
      const findings = scanText(g.text, catalog);
      assert.equal(findings.length, g.planted);
      // Findings and events are both in document order: pair them up.
      findings.forEach((f, i) => {
        const e = g.events[i];
        assert.ok(f.start >= e.start && f.end <= e.end + 1, `finding ${i} [${f.start}, ${f.end}) outside event [${e.start}, ${e.end}) ${e.api}/${e.form}`);
        assert.equal(f.api, e.api, `finding ${i}: ${g.text.slice(e.start, e.end)}`);
        assert.equal(f.kind, e.kind);
      });
    }
  });

  test('ordinary lines alone, decoys included, give no findings', () => {
    const clean = generateLog(MB / 2, { seed: 9, errorShare: 0 });
    assert.equal(clean.planted, 0);
    assert.ok(clean.decoyLines > 100);
    assert.deepEqual(scanText(clean.text, catalog), []);
  });

  test('body writers: Python repr and spaced JSON', () => {
    assert.equal(pyRepr({ error: "it's", ok: true, n: null, xs: [1, 'a'] }), "{'error': 'it\\'s', 'ok': True, 'n': None, 'xs': [1, 'a']}");
    assert.equal(spaced({ detail: 'x', code: 'WF_1100', v: [3, 7] }), '{"detail": "x", "code": "WF_1100", "v": [3, 7]}');
  });
});
