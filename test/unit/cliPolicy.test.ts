// `errcode scan` applies the editor's policy (core/policy) with the editor's settings, run as a user
// runs it (`node dist/cli.js`): document kinds by file name, severities and rule ids in the output,
// `--fail-on` for the exit status, `--config FILE` and the workspace's `.vscode/settings.json`.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { after, describe, test } from 'node:test';
import type { JsonFinding } from '../../src/cli/format';

const root = path.resolve(__dirname, '../../..');
const cli = path.join(root, 'dist/cli.js');
const base = fs.mkdtempSync(path.join(os.tmpdir(), 'errcode-cli-policy-'));
after(() => fs.rmSync(base, { recursive: true, force: true }));

/** What these tests read of the CLI's JSON findings (its contract: src/cli/format.ts). */
type Row = Pick<JsonFinding, 'line' | 'column' | 'endLine' | 'endColumn' | 'rule' | 'severity' | 'code' | 'message'>;

function run(args: string[], cwd = base): { code: number | null; stdout: string; stderr: string } {
  const r = spawnSync(process.execPath, [cli, ...args], { encoding: 'utf8', cwd, env: { ...process.env, LC_ALL: 'C' }, maxBuffer: 16 * 1024 * 1024 });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

/** A fresh folder with these files (paths relative to it). */
function folder(files: Record<string, string | Buffer>): string {
  const dir = fs.mkdtempSync(path.join(base, 'ws-'));
  for (const [name, content] of Object.entries(files)) {
    fs.mkdirSync(path.dirname(path.join(dir, name)), { recursive: true });
    fs.writeFileSync(path.join(dir, name), content);
  }
  return dir;
}

function rows(stdout: string): Row[] {
  const out = JSON.parse(stdout) as { files: { findings: Row[] }[] };
  return out.files.flatMap((f) => f.findings);
}

/** Code that handles its errors correctly: known codes only, a retry around the transient one. */
const HANDLED = `export async function start(call: () => Promise<Response>): Promise<Response> {
  const res = await withRetry(call);
  if (!res.ok) {
    const err = await res.json();
    switch (err.code) {
      case "WF_1101": return res; // already started
      case "WF_1103": throw new Error("gave up after retries");
    }
  }
  return res;
}
`;

describe('scan: the policy in code, docs and logs', () => {
  test('code that handles known codes correctly exits 0: they are listed at hint and never fail a run', () => {
    const dir = folder({ 'client.ts': HANDLED });
    const r = run(['scan', '--format', 'json', 'client.ts'], dir);
    assert.equal(r.code, 0, r.stderr);
    assert.deepEqual(rows(r.stdout).map((x) => [x.rule, x.severity, x.line, x.column, x.endColumn]), [
      ['workflows/WF_1101', 'hint', 6, 13, 20],
      ['workflows/WF_1103', 'hint', 7, 13, 20],
    ]);
    // Even a run gated at hint: a handled code is no problem.
    assert.equal(run(['scan', '--fail-on', 'hint', 'client.ts'], dir).code, 0);
  });

  test('text output: severity and rule id on each line', () => {
    const dir = folder({ 'client.ts': 'if (e.code === "WF_1110") x();\nif (e.code === "WF_1103") throw e;\n' });
    const r = run(['scan', 'client.ts'], dir);
    assert.equal(r.code, 1, 'the unknown code is a warning');
    assert.deepEqual(r.stdout.trim().split('\n'), [
      'client.ts:1:17: warning: WF_1110 is in the Workflow range but not in the Workflows API catalog; did you mean WF_1101 or WF_1100? [errcode/unknown-code]',
      'client.ts:2:17: hint: Workflows API WF_1103 Platform Request Failed (500/504) is transient (retry with backoff), but no retry handling is in sight. [errcode/missing-retry]',
    ]);
  });

  test('--fail-on decides the exit status; hints count only at hint', () => {
    const dir = folder({ 'hint.ts': 'if (e.code === "WF_1103") throw e;\n', 'app.log': 'status=404 {"detail": "Workflow execution not found", "code": "WF_1100"}\n' });
    assert.equal(run(['scan', 'hint.ts'], dir).code, 0, 'default warning: a missing-retry hint passes');
    assert.equal(run(['scan', '--fail-on', 'hint', 'hint.ts'], dir).code, 1);
    assert.equal(run(['scan', '--fail-on', 'information', 'hint.ts'], dir).code, 0);
    assert.equal(run(['scan', 'app.log'], dir).code, 1, 'an error in a log fails the default run');
    assert.equal(run(['scan', '--fail-on', 'error', 'app.log'], dir).code, 1);
    assert.equal(run(['scan', '--fail-on', 'never', 'app.log'], dir).code, 0);
    const never = run(['scan', '--fail-on', 'never', '--format', 'json', 'app.log'], dir);
    assert.equal(rows(never.stdout).length, 1, 'never still lists everything');
  });

  test('a Markdown page: its example bodies are explained, never problems; a mistyped code is one', () => {
    const page = '# Errors\n\n```json\n{"detail": "Workflow execution not found", "code": "WF_1100"}\n```\n\nSee WF_1110.\n';
    const dir = folder({ 'README.md': page, 'copy.log': page });
    const r = run(['scan', '--format', 'json', 'README.md'], dir);
    assert.deepEqual(rows(r.stdout).map((x) => [x.rule, x.code]), [['errcode/unknown-code', 'WF_1110']]);
    assert.equal(rows(run(['scan', '--format', 'json', 'copy.log'], dir).stdout).length, 2, 'the same text in a log: both');
  });

  test('files skipped as binary do not change the exit status; all skipped is 2', () => {
    const dir = folder({ 'bin.log': Buffer.from([0x7f, 0x45, 0x4c, 0x46, 0, 1, 2, 3]), 'clean.log': 'all good\n' });
    const r = run(['scan', 'bin.log', 'clean.log'], dir);
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stderr, /^errcode: bin\.log: binary file \(NUL byte at offset 4\), skipped\n$/);
    assert.equal(run(['scan', 'bin.log'], dir).code, 2);
  });
});

describe('scan: settings', () => {
  const log = 'status=404 {"detail": "Workflow execution not found", "code": "WF_1100"}\nretrying after WF_1103\nWF_1110\n';

  test('--config FILE: a VS Code settings file (comments, trailing commas), code, rule-id and class keys', () => {
    const dir = folder({
      'app.log': log,
      'ci-settings.json': `{
        // what the team set in the editor
        "editor.fontSize": 14,
        "errcode.severity": { "workflows.WF_1100": "information", "errcode/unknown-code": "off", "transient": "error", },
      }`,
    });
    const r = run(['scan', '--format', 'json', '--config', 'ci-settings.json', 'app.log'], dir);
    assert.equal(r.code, 1, r.stderr);
    assert.deepEqual(rows(r.stdout).map((x) => [x.rule, x.severity]), [['workflows/WF_1100', 'information'], ['workflows/WF_1103', 'error']]);
  });

  test('by default, the nearest .vscode/settings.json from the current directory upwards', () => {
    const dir = folder({
      '.vscode/settings.json': '{ "errcode.severity": { "not-found": "off" }, "errcode.diagnostics.retryHints": false }',
      'src/deep/client.ts': 'if (e.code === "WF_1103") throw e;\n',
      'src/deep/app.log': log,
      'other.json': '{ "errcode.severity": { "not-found": "hint" } }',
    });
    const cwd = path.join(dir, 'src', 'deep');
    const logRows = rows(run(['scan', '--format', 'json', 'app.log'], cwd).stdout);
    assert.deepEqual(logRows.map((x) => x.rule), ['workflows/WF_1103', 'errcode/unknown-code'], 'not-found is off');
    assert.deepEqual(rows(run(['scan', '--format', 'json', 'client.ts'], cwd).stdout).map((x) => x.rule), ['workflows/WF_1103'], 'retry hints off: a handled code');
    // --config wins over the workspace's file.
    assert.deepEqual(rows(run(['scan', '--format', 'json', '--config', '../../other.json', 'app.log'], cwd).stdout).map((x) => [x.rule, x.severity])[0], ['workflows/WF_1100', 'hint']);
    // Outside the workspace: the defaults.
    assert.equal(rows(run(['scan', '--format', 'json', path.join(cwd, 'app.log')], base).stdout)[0].severity, 'error');
  });

  test('user catalogs listed in the settings, relative to the workspace folder', () => {
    const catalog = '{"entries": [{"api": "workflows", "code": "WF_1110", "name": "Our Own Code", "statuses": [400], "category": "Workflow", "errorClass": "client", "description": "Ours.", "resolution": "Fix it.", "retry": {"decision": "no"}}]}';
    const dir = folder({ '.vscode/settings.json': '{ "errcode.userCatalogs": ["catalogs/ours.errcodes.jsonc", "missing.jsonc"] }', 'catalogs/ours.errcodes.jsonc': catalog, 'app.log': 'WF_1110\n' });
    const r = run(['scan', '--format', 'json', 'app.log'], dir);
    assert.deepEqual(rows(r.stdout).map((x) => [x.rule, x.severity]), [['workflows/WF_1110', 'error']], r.stderr);
    // The default user catalog (.vscode/errcodes.jsonc) is read when it is there, with no settings at all.
    const plain = folder({ '.vscode/settings.json': '{}', '.vscode/errcodes.jsonc': catalog, 'app.log': 'WF_1110\n' });
    assert.deepEqual(rows(run(['scan', '--format', 'json', 'app.log'], plain).stdout).map((x) => x.rule), ['workflows/WF_1110']);
  });

  const bad: [string, Record<string, string>, string[], RegExp][] = [
    ['a broken settings file', { '.vscode/settings.json': '{ "errcode.severity": { "client": "off" ' }, ['scan', 'a.log'], /^errcode: \S*\.vscode\/settings\.json:1:\d+: not a valid settings file \(\w+\)\n$/],
    ['settings that are not an object', { 's.json': '[1, 2]' }, ['scan', '--config', 's.json', 'a.log'], /^errcode: s\.json: not a valid settings file \(expected an object of settings\)\n$/],
    ['a missing --config file', {}, ['scan', '--config', 'nope.json', 'a.log'], /^errcode: cannot read settings file nope\.json: ENOENT\n$/],
    ['a bad --fail-on', {}, ['scan', '--fail-on', 'sometimes', 'a.log'], /^errcode: --fail-on must be one of error, warning, information, hint, or never, not "sometimes"\n$/],
  ];
  for (const [name, files, args, stderr] of bad) {
    test(`${name}: one line, exit 2, no stack trace`, () => {
      const dir = folder({ 'a.log': 'WF_1100\n', ...files });
      const r = run(args, dir);
      assert.equal(r.code, 2, r.stdout + r.stderr);
      assert.match(r.stderr, stderr);
      assert.equal(r.stdout, '');
    });
  }
});

describe('explain: the one resolver', () => {
  test('a code in any case', () => {
    const r = run(['explain', 'wf_1103']);
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stdout, /^WF_1103 Platform Request Failed/);
  });

  test('a well-formed code far from every known one: not in this catalog, where to add it, no guess', () => {
    const r = run(['explain', 'WF_2100']);
    assert.equal(r.code, 2);
    assert.equal(r.stderr, 'errcode: WF_2100 is not in the Workflows API catalog: if it is newer than this catalog or your own, add it in a user catalog (--catalog FILE).\n');
  });

  test('a likely typo: did you mean', () => {
    const r = run(['explain', 'wf_1110']);
    assert.equal(r.code, 2);
    assert.match(r.stderr, /^errcode: WF_1110 is in the Workflow range but not in the Workflows API catalog; did you mean WF_1101 or WF_1100\?\n$/);
  });
});
