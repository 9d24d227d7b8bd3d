// The policy (core/policy): which findings are problems, with what severity, in logs, code and docs;
// the severity keys and their precedence; what fails a CLI run; the words rendered for problems.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { loadBuiltinCatalog } from '../../src/core/catalog/catalog';
import { entriesNamedBy } from '../../src/core/catalog/namedBy';
import { isRetryable } from '../../src/core/catalog/retryable';
import { EngineRules } from '../../src/core/engine/finding';
import { scanText } from '../../src/core/engine/scan';
import { documentKindOf, extensionsOf, isLogFileName, languageOfFileName } from '../../src/core/policy/documentKinds';
import { failsAt, planProblems, PolicyRules, retryInSight, type DocumentKind, type Problem } from '../../src/core/policy/problems';
import { DEFAULT_SETTINGS, sanitizeSettings, severityFor, type Settings } from '../../src/core/policy/settings';
import { notInCatalogMessage, problemMessage, relatedMessage, ruleExplanation } from '../../src/core/render/problemMessages';

const catalog = loadBuiltinCatalog();
const settings = (over: Partial<Settings> = {}): Settings => ({ ...DEFAULT_SETTINGS, ...over });
const plan = (text: string, kind: DocumentKind, over: Partial<Settings> = {}): Problem[] => planProblems(scanText(text, catalog), text, settings(over), kind, catalog);
/** [rule, severity, text] of each problem. */
const rows = (text: string, kind: DocumentKind, over: Partial<Settings> = {}): [string, string, string][] => plan(text, kind, over).map((p) => [p.rule, p.severity, text.slice(p.start, p.end)]);

describe('settings', () => {
  test('malformed values fall back to defaults; numbers are clamped; severity keys ignore case', () => {
    const raw: Record<string, unknown> = { enable: 'yes', languages: ['log', 3, ''], 'diagnostics.maxPerFile': 5000, severity: { 'rate-limit': 'loud', 'wireflow.auth': 'hint', client: 'off', 'Workflows.WF_1103': 'error' } };
    const s = sanitizeSettings((k) => raw[k]);
    assert.equal(s.enable, true);
    assert.deepEqual(s.languages, ['log']);
    assert.equal(s.maxDiagnosticsPerFile, 999);
    assert.deepEqual(s.severity, { 'wireflow.auth': 'hint', client: 'off', 'workflows.wf_1103': 'error' });
  });

  test('severity: api.class, then class, then api, then the default', () => {
    const s = settings({ severity: { 'wireflow.auth': 'hint', auth: 'information', orchestrator: 'warning' } });
    assert.equal(severityFor(s, 'wireflow', 'auth'), 'hint');
    assert.equal(severityFor(s, 'flows', 'auth'), 'information');
    assert.equal(severityFor(s, 'orchestrator', 'client'), 'warning');
    assert.equal(severityFor(s, 'workflows', 'client'), 'error');
    assert.equal(severityFor(s, 'workflows', 'rate-limit'), 'warning');
  });

  test('a key named like an Object property is not a setting', () => {
    assert.equal(severityFor(settings(), 'constructor', 'unknown'), 'warning');
  });
});

describe('policy: logs', () => {
  const log = 'HTTP/1.1 429 Too Many Requests\n{"error": "Too many workflow executions. Please try again later."}\nWF_1100 WF_1110\n';

  test('every finding is a problem with its rule id, severity by class, related places as data', () => {
    const problems = plan(log, 'log');
    assert.deepEqual(problems.map((p) => [p.rule, p.severity]), [['wireflow/429', 'warning'], ['workflows/WF_1100', 'error'], [EngineRules.unknownCode, 'warning']]);
    assert.deepEqual(problems[0].related.map((r) => [r.kind, r.value, log.slice(r.start, r.end)]), [['status', '429', '429']]);
    assert.equal(relatedMessage(problems[0].related[0]), 'HTTP status logged with this error: 429');
  });

  test('problems are plain data: no message, no functions or class instances (structured clone keeps them whole)', () => {
    for (const p of plan(log, 'log')) {
      assert.equal('message' in p, false);
      assert.deepEqual(structuredClone(p), p);
    }
  });

  test('a class set to off hides its errors', () => {
    assert.deepEqual(rows(log, 'log', { severity: { 'rate-limit': 'off' } }).map((r) => r[0]), ['workflows/WF_1100', EngineRules.unknownCode]);
  });

  test('precedence: code, then rule id, then api.class, then class, then api, then the default', () => {
    const text = 'WF_1100 WF_1103 WF_1104\n';
    const sev = (severity: Record<string, string>) => rows(text, 'log', sanitizeSettings((k) => (k === 'severity' ? severity : undefined))).map((r) => r[1]);
    assert.deepEqual(sev({}), ['error', 'warning', 'error']);
    assert.deepEqual(sev({ workflows: 'information' }), ['information', 'information', 'information']);
    assert.deepEqual(sev({ workflows: 'information', transient: 'hint' }), ['information', 'hint', 'information']);
    assert.deepEqual(sev({ transient: 'hint', 'workflows.transient': 'error' }), ['error', 'error', 'error']);
    assert.deepEqual(sev({ 'workflows.transient': 'error', 'workflows/WF_1103': 'information' }), ['error', 'information', 'error']);
    assert.deepEqual(sev({ 'workflows/WF_1103': 'information', 'workflows.WF_1103': 'off' }), ['error', 'error']);
    // Keys ignore case, as codes do.
    assert.deepEqual(sev({ 'WORKFLOWS.wf_1100': 'hint' }), ['hint', 'warning', 'error']);
  });

  test('rule-id keys: unknown codes and unrecognized bodies (and the older unrecognized-body key)', () => {
    assert.deepEqual(rows(log, 'log', { severity: { [EngineRules.unknownCode]: 'off' } }).map((r) => r[0]), ['wireflow/429', 'workflows/WF_1100']);
    assert.deepEqual(rows('WF_2100\n', 'log', { severity: { [EngineRules.unknownCode]: 'information', 'workflows.WF_2100': 'error' } }).map((r) => r[1]), ['error'], 'a code key is more specific than its rule');
    const body = 'HTTP/1.1 400 Bad Request\n{"error": "something nobody lists here"}\n';
    assert.deepEqual(rows(body, 'log').map((r) => [r[0], r[1]]), [[EngineRules.unrecognizedBody, 'hint']]);
    assert.deepEqual(rows(body, 'log', { severity: { 'unrecognized-body': 'warning' } }).map((r) => r[1]), ['warning']);
    assert.deepEqual(rows(body, 'log', { severity: { 'unrecognized-body': 'warning', [EngineRules.unrecognizedBody]: 'off' } }), []);
  });

  test('the cap: exactly one errcode/more-problems summary, its numbers as data', () => {
    const many = Array.from({ length: 30 }, () => 'WF_1103').join('\n');
    const problems = plan(many, 'log', { maxDiagnosticsPerFile: 10 });
    assert.equal(problems.length, 11);
    const summary = problems[10];
    assert.equal(summary.rule, PolicyRules.moreProblems);
    assert.deepEqual([summary.severity, summary.hidden, summary.limit, summary.finding], ['information', 20, 10, null]);
    assert.match(problemMessage(summary, catalog), /^20 more problems in this file are not shown \(limit 10/);
    assert.equal(plan(many, 'log', { maxDiagnosticsPerFile: 10, severity: { [PolicyRules.moreProblems]: 'off' } }).length, 10);
  });
});

describe('policy: code', () => {
  const code = 'if (e.code === "WF_1110") x();\nif (e.code === "WF_1100") y();\n'.padEnd(2000, ' ') + '\nif (e.code === "WF_1103") throw e;\n';

  test('an unknown code warns, a transient code with no retry in sight hints, other known codes are listed at hint', () => {
    assert.deepEqual(rows(code, 'code'), [
      [EngineRules.unknownCode, 'warning', 'WF_1110'],
      ['workflows/WF_1100', 'hint', 'WF_1100'],
      [PolicyRules.missingRetry, 'hint', 'WF_1103'],
    ]);
    const problems = plan(code, 'code');
    assert.deepEqual(problems.map((p) => p.handled === true), [false, true, false], 'only the handled code is marked');
    assert.equal(problems[2].finding?.rule, 'workflows/WF_1103', 'the missing-retry hint carries its finding');
  });

  test('retry in sight, retry hints off, or the rule off: the transient code is a handled code again', () => {
    const withRetry = code + '\nawait withErrcodeRetry(() => call());\n';
    const handled = ['workflows/WF_1103', 'hint', 'WF_1103'];
    assert.deepEqual(rows(withRetry, 'code')[2], handled);
    assert.deepEqual(rows(code, 'code', { retryHints: false })[2], handled);
    assert.deepEqual(rows(code, 'code', { severity: { [PolicyRules.missingRetry]: 'off' } })[2], handled);
    assert.deepEqual(rows(code, 'code', { severity: { [PolicyRules.missingRetry]: 'information' } })[2], [PolicyRules.missingRetry, 'information', 'WF_1103']);
  });

  test('a code key can hide a handled code but not raise it: handling an error is no problem', () => {
    assert.deepEqual(rows(code, 'code', { severity: { 'workflows.WF_1100': 'off', 'workflows.WF_1103': 'off' } }).map((r) => r[2]), ['WF_1110']);
    assert.deepEqual(rows(code, 'code', { severity: { 'workflows.WF_1100': 'error', 'not-found': 'error' } })[1], ['workflows/WF_1100', 'hint', 'WF_1100']);
  });

  test('bodies in code are examples and mocks: never problems', () => {
    const fixture = 'const body = {"detail": "Workflow execution not found", "code": "WF_1100"};\n';
    assert.equal(plan(fixture, 'log').length, 1);
    assert.deepEqual(rows(fixture, 'code'), [], 'the body is no problem');
  });

  test('did you mean: only for likely typos; a code far from every known one points at user catalogs', () => {
    const [typo] = plan('x = "WF_1110"\n', 'code');
    assert.match(problemMessage(typo, catalog), /did you mean WF_1101 or WF_1100\?/);
    const [newer] = plan('x = "WF_2100"\n', 'code');
    assert.equal(newer.rule, EngineRules.unknownCode);
    assert.deepEqual(newer.finding?.suggestions ?? [], []);
    const message = problemMessage(newer, catalog);
    assert.doesNotMatch(message, /did you mean/);
    assert.match(message, /WF_2100 is not in the Workflows API catalog: .*user catalog \(setting errcode\.userCatalogs\)/);
    assert.match(problemMessage(newer, catalog, 'flag'), /--catalog FILE/);
  });

  test('the missing-retry hint says what is transient and how to retry', () => {
    const [hint] = plan('if (e.code === "WF_1103") throw e;\n', 'code');
    assert.equal(problemMessage(hint, catalog), 'Workflows API WF_1103 Platform Request Failed (500/504) is transient (retry with backoff), but no retry handling is in sight.');
  });
});

describe('policy: docs', () => {
  test('bodies and known codes are explained, never problems; an unknown code still warns', () => {
    const page = '# Errors\n\n```json\n{"detail": "Workflow execution not found", "code": "WF_1100"}\n```\n\nRetry WF_1103. See WF_1110.\n';
    assert.deepEqual(rows(page, 'docs'), [[EngineRules.unknownCode, 'warning', 'WF_1110']]);
    assert.equal(rows(page, 'log').length, 3, 'the same page read as a log reports all three');
  });
});

describe('exit status (--fail-on)', () => {
  const code = 'if (e.code === "WF_1100") y();\nif (e.code === "WF_1103") throw e;\nif (e.code === "WF_1110") z();\n';
  const problems = plan(code, 'code');
  const failing = (failOn: Parameters<typeof failsAt>[1]) => problems.filter((p) => failsAt(p, failOn)).map((p) => p.rule);

  test('a handled code never counts, whatever the threshold; hints count only at hint', () => {
    assert.deepEqual(failing('warning'), [EngineRules.unknownCode]);
    assert.deepEqual(failing('hint'), [PolicyRules.missingRetry, EngineRules.unknownCode]);
    assert.deepEqual(failing('error'), []);
    assert.deepEqual(failing('never'), []);
  });
});

describe('one definition each', () => {
  test('retryable: yes, or yes on statuses code can check; Orchestrator 409 (reconcile first) is not', () => {
    const e = (id: string) => catalog.get(id)!;
    assert.equal(isRetryable(e('workflows:WF_1103')), true);
    assert.equal(isRetryable(e('workflows:WF_1100')), false);
    assert.equal(isRetryable(e('orchestrator:409')), false);
    assert.equal(isRetryable(e('workflows:WF_1200')), true);
    assert.equal(isRetryable(e('workflows:WF_1200'), 503), true);
    assert.equal(isRetryable(e('workflows:WF_1200'), 400), false);
    assert.equal(isRetryable(undefined), false);
  });

  test('document kinds: log, code and docs by name and language, for the editor and the CLI alike', () => {
    const kind = (language: string | undefined, path: string, logLanguages = DEFAULT_SETTINGS.logLanguages) => documentKindOf(language, path, { logLanguages });
    assert.equal(kind(undefined, 'app.log'), 'log');
    assert.equal(kind(undefined, 'app.log.gz'), 'log');
    assert.equal(kind(undefined, 'logs/app.log.1'), 'log', 'no language claims .1: plain text, a log');
    assert.equal(kind(undefined, 'syslog'), 'log');
    assert.equal(kind(undefined, 'events.ndjson'), 'log');
    assert.equal(kind(undefined, 'body.json'), 'log');
    assert.equal(kind(undefined, 'client.ts'), 'code');
    assert.equal(kind(undefined, 'tsconfig.jsonc'), 'code');
    assert.equal(kind(undefined, 'README.md'), 'docs');
    assert.equal(kind('markdown', 'untitled:Untitled-1'), 'docs');
    assert.equal(kind('typescript', 'weird.log'), 'log', 'a .log file is a log whatever its language');
    assert.equal(kind(undefined, 'body.json', ['log']), 'code', 'json is a log only while errcode.logLanguages says so');
    assert.equal(languageOfFileName('C:\\src\\client.PY'), 'python');
    assert.equal(isLogFileName('out/trace.OUT'), true);
    assert.deepEqual(extensionsOf(['typescript', 'python', 'no-such-language']), ['cts', 'jsonl', 'log', 'mts', 'ndjson', 'out', 'py', 'ts']);
  });

  test('a bare word resolves in any case, in every API', () => {
    const ids = (w: string) => entriesNamedBy(catalog, w).map((e) => e.id);
    assert.deepEqual(ids('wf_1103'), ['workflows:WF_1103']);
    assert.deepEqual(ids(' "WF_1103" '), ['workflows:WF_1103']);
    assert.deepEqual(ids('429'), ['wireflow:429', 'flows:429', 'orchestrator:429']);
    assert.deepEqual(ids('502'), ['orchestrator:5xx']);
    assert.deepEqual(ids('NO_PROVIDER_AVAILABLE'), ['orchestrator:no_provider_available']);
    assert.deepEqual(ids('two words'), []);
    assert.deepEqual(ids('WF_2100'), []);
  });

  test('not in the catalog: a guess only for typos', () => {
    // One wording for "did you mean": the CLI's explain says what the unknown-code diagnostic says.
    const typo = notInCatalogMessage('WF_1110', catalog, catalog.nearestCodes('WF_1110'), 'flag');
    assert.equal(typo, 'WF_1110 is in the Workflow range but not in the Workflows API catalog; did you mean WF_1101 or WF_1100?');
    assert.equal(typo, problemMessage(plan('x = "WF_1110"\n', 'code')[0], catalog));
    assert.match(notInCatalogMessage('WF_2100', catalog, catalog.nearestCodes('WF_2100'), 'flag'), /^WF_2100 is not in the Workflows API catalog: if it is newer than this catalog or your own, add it in a user catalog \(--catalog FILE\)\.$/);
  });

  test('every rule a problem can carry that is not an entry has an explanation', () => {
    for (const rule of [EngineRules.unknownCode, EngineRules.unrecognizedBody, PolicyRules.missingRetry, PolicyRules.moreProblems, 'wireflow/unlisted']) {
      assert.ok(ruleExplanation(rule, catalog)?.meaning, rule);
    }
    assert.equal(ruleExplanation('nobody/unlisted', catalog), undefined);
  });
});

describe('retryInSight', () => {
  test('looks around the code only', () => {
    const text = 'retry'.padEnd(5000, ' ') + 'WF_1103';
    assert.equal(retryInSight(text, 5000, 5007), false);
    const near = 'retry'.padEnd(1000, ' ') + 'WF_1103';
    assert.equal(retryInSight(near, 1000, 1007), true);
  });
});
