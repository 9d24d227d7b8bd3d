import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { loadBuiltinCatalog } from '../../src/core/catalog/catalog';
import { planDiagnostics, retryInSight } from '../../src/core/policy/problems';
import { scanText } from '../../src/core/engine/scan';
import { DEFAULT_SETTINGS, sanitizeSettings, severityFor, type Settings } from '../../src/core/policy/settings';

const catalog = loadBuiltinCatalog();
const settings = (over: Partial<Settings> = {}): Settings => ({ ...DEFAULT_SETTINGS, ...over });

describe('settings', () => {
  test('malformed values fall back to defaults; numbers are clamped', () => {
    const raw: Record<string, unknown> = { enable: 'yes', languages: ['log', 3, ''], 'diagnostics.maxPerFile': 5000, severity: { 'rate-limit': 'loud', 'wireflow.auth': 'hint', client: 'off' } };
    const s = sanitizeSettings((k) => raw[k]);
    assert.equal(s.enable, true);
    assert.deepEqual(s.languages, ['log']);
    assert.equal(s.maxDiagnosticsPerFile, 999);
    assert.deepEqual(s.severity, { 'wireflow.auth': 'hint', client: 'off' });
  });

  test('severity: api.class, then class, then api, then the default', () => {
    const s = settings({ severity: { 'wireflow.auth': 'hint', auth: 'information', orchestrator: 'warning' } });
    assert.equal(severityFor(s, 'wireflow', 'auth'), 'hint');
    assert.equal(severityFor(s, 'flows', 'auth'), 'information');
    assert.equal(severityFor(s, 'orchestrator', 'client'), 'warning');
    assert.equal(severityFor(s, 'workflows', 'client'), 'error');
    assert.equal(severityFor(s, 'workflows', 'rate-limit'), 'warning');
  });
});

describe('diagnostics plan', () => {
  const log = 'HTTP/1.1 429 Too Many Requests\n{"error": "Too many workflow executions. Please try again later."}\nWF_1100 WF_1110\n';

  test('logs: one per finding, severities by class, related status line', () => {
    const specs = planDiagnostics(scanText(log, catalog), log, settings(), true, catalog);
    assert.deepEqual(specs.map((s) => [s.kind, s.severity]), [['finding', 'warning'], ['finding', 'error'], ['unknown-code', 'warning']]);
    assert.deepEqual(specs[0].related.map((r) => log.slice(r.start, r.end)), ['429']);
  });

  test('severity off hides a class', () => {
    const specs = planDiagnostics(scanText(log, catalog), log, settings({ severity: { 'rate-limit': 'off' } }), true, catalog);
    assert.equal(specs.length, 2);
  });

  test('code: unknown codes warn, transient codes without retry hint, the rest stays quiet', () => {
    const code = 'if (e.code === "WF_1110") x();\nif (e.code === "WF_1100") y();\n'.padEnd(2000, ' ') + '\nif (e.code === "WF_1103") throw e;\n';
    const specs = planDiagnostics(scanText(code, catalog), code, settings(), false, catalog);
    assert.deepEqual(specs.map((s) => [s.kind, s.severity, code.slice(s.start, s.end)]), [['unknown-code', 'warning', 'WF_1110'], ['retry-hint', 'hint', 'WF_1103']]);
    const withRetry = code + '\nawait withErrcodeRetry(() => call());\n';
    assert.equal(planDiagnostics(scanText(withRetry, catalog), withRetry, settings(), false, catalog).filter((s) => s.kind === 'retry-hint').length, 0);
    assert.equal(planDiagnostics(scanText(code, catalog), code, settings({ retryHints: false }), false, catalog).length, 1);
  });

  test('cap: exactly one summary past the limit', () => {
    const many = Array.from({ length: 30 }, () => 'WF_1103').join('\n');
    const specs = planDiagnostics(scanText(many, catalog), many, settings({ maxDiagnosticsPerFile: 10 }), true, catalog);
    assert.equal(specs.length, 11);
    assert.equal(specs.filter((s) => s.kind === 'summary').length, 1);
    assert.match(specs[10].message, /^20 more errors in this file are not shown \(limit 10/);
  });

  test('retryInSight looks around the code only', () => {
    const text = 'retry'.padEnd(5000, ' ') + 'WF_1103';
    assert.equal(retryInSight(text, 5000, 5007), false);
    const near = 'retry'.padEnd(1000, ' ') + 'WF_1103';
    assert.equal(retryInSight(near, 1000, 1007), true);
  });
});
