// The editor and the CLI give the same problems: every file of the fixture workspace is opened in
// this real VS Code and its diagnostics collected; the built CLI (dist/cli.js) scans the same files
// with the workspace's settings (it reads .vscode/settings.json, where VS Code wrote them); the two
// sets of (file, range, rule id, severity) must be equal. One policy (core/policy) makes both.
import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { suite, suiteSetup, teardown, test } from 'mocha';
import * as vscode from 'vscode';
import type { JsonFinding } from '../../src/cli/format';
import type { ErrcodeApi } from '../../src/extension/activate';
import { isEnabledFor } from '../../src/extension/documentFilter';
import { closeAllEditors, fixtureRoot, getExtension, waitFor } from './util';

const SEVERITY: Record<string, vscode.DiagnosticSeverity> = {
  error: vscode.DiagnosticSeverity.Error,
  warning: vscode.DiagnosticSeverity.Warning,
  information: vscode.DiagnosticSeverity.Information,
  hint: vscode.DiagnosticSeverity.Hint,
};
const SEVERITY_NAME = Object.fromEntries(Object.entries(SEVERITY).map(([k, v]) => [v, k]));

/** Settings that exercise each kind of severity key, and a user catalog (a fifth API). */
const SETTINGS: Record<string, unknown> = {
  severity: {
    'workflows.WF_1104': 'off', // a code key
    'errcode/unknown-code': 'information', // a rule-id key
    'rate-limit': 'error', // a class
    'wireflow.auth': 'hint', // api.class
  },
  userCatalogs: ['ledger/ledger.errcodes.jsonc'],
};

/** What the comparison reads of the CLI's JSON findings (its contract: src/cli/format.ts). */
type CliRow = Pick<JsonFinding, 'line' | 'column' | 'endLine' | 'endColumn' | 'rule' | 'severity'>;

/** Every file of the fixture workspace, relative, except the settings VS Code itself writes. */
function fixtureFiles(root: string): string[] {
  const out: string[] = [];
  const walk = (dir: string): void => {
    for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
      const p = path.join(dir, e.name);
      if (e.isDirectory()) {
        if (e.name !== '.vscode') walk(p);
      } else out.push(path.relative(root, p).split(path.sep).join('/'));
    }
  };
  walk(root);
  return out.sort();
}

const key = (file: string, r: { sl: number; sc: number; el: number; ec: number }, rule: string, severity: string): string => `${file}:${r.sl + 1}:${r.sc + 1}-${r.el + 1}:${r.ec + 1} ${rule} ${severity}`;

function editorSet(file: string, diagnostics: readonly vscode.Diagnostic[]): string[] {
  return diagnostics
    .filter((d) => d.source === 'errcode')
    .map((d) => key(file, { sl: d.range.start.line, sc: d.range.start.character, el: d.range.end.line, ec: d.range.end.character }, typeof d.code === 'object' ? String(d.code.value) : String(d.code), SEVERITY_NAME[d.severity]))
    .sort();
}

suite('the editor and the CLI agree', () => {
  let api: ErrcodeApi;

  suiteSetup(async () => {
    api = (await getExtension().activate()) as ErrcodeApi;
  });

  teardown(closeAllEditors);

  test('same files, same settings: the same (file, range, rule id, severity) set', async function () {
    this.timeout(300_000);
    const config = vscode.workspace.getConfiguration('errcode');
    const before = Object.fromEntries(Object.keys(SETTINGS).map((k) => [k, config.inspect(k)?.workspaceValue]));
    try {
      for (const [k, v] of Object.entries(SETTINGS)) await config.update(k, v, vscode.ConfigurationTarget.Workspace);
      // The user catalog is in use (its API is known) before anything is compared.
      await waitFor(() => api.services.catalogs.current.api('ledger'), { timeoutMs: 20_000, message: 'the ledger user catalog to load' });

      const root = fixtureRoot().fsPath;
      const files = fixtureFiles(root);
      assert.ok(files.length >= 25, files.join(', '));
      const cli = spawnSync(process.execPath, [path.join(getExtension().extensionPath, 'dist', 'cli.js'), 'scan', '--format', 'json', '--fail-on', 'never', ...files], { cwd: root, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
      assert.equal(cli.status, 0, cli.stderr);
      const out = JSON.parse(cli.stdout) as { files: { path: string; findings: CliRow[] }[] };
      const expected = new Map<string, string[]>(files.map((f) => [f, []]));
      for (const f of out.files) {
        expected.set(f.path, f.findings.map((r) => key(f.path, { sl: r.line - 1, sc: r.column - 1, el: r.endLine - 1, ec: r.endColumn - 1 }, r.rule, r.severity)).sort());
      }
      const ruleIds = new Set([...expected.values()].flat().map((k) => k.split(' ')[1]));
      for (const rule of ['errcode/unknown-code', 'errcode/missing-retry', 'workflows/WF_1103', 'ledger/LG-4290']) assert.ok(ruleIds.has(rule), `the fixtures exercise ${rule}: ${[...ruleIds].join(', ')}`);

      const disagreements: string[] = [];
      let compared = 0;
      for (const file of files) {
        const uri = vscode.Uri.file(path.join(root, file));
        const doc = await vscode.workspace.openTextDocument(uri);
        await vscode.window.showTextDocument(doc, { preview: false });
        const want = expected.get(file) ?? [];
        if (!isEnabledFor(doc, api.services.config.settings)) {
          // Not a language the editor works on (errcode.languages): then the CLI must find nothing either.
          if (want.length) disagreements.push(`${file} (${doc.languageId}, not enabled in the editor): the CLI reports ${want.join(' | ')}`);
          continue;
        }
        compared++;
        try {
          // Wait until the editor has scanned this version and published exactly the CLI's set.
          await waitFor(() => api.services.scans.peek(doc) !== undefined && editorSet(file, vscode.languages.getDiagnostics(uri)).join('\n') === want.join('\n'), { timeoutMs: 20_000, message: file });
        } catch {
          const got = editorSet(file, vscode.languages.getDiagnostics(uri));
          disagreements.push(`${file}:\n  editor only: ${got.filter((g) => !want.includes(g)).join(' | ') || '-'}\n  CLI only:    ${want.filter((w) => !got.includes(w)).join(' | ') || '-'}`);
        }
      }
      assert.deepEqual(disagreements, []);
      assert.ok(compared >= 20, `files compared: ${compared}`);
    } finally {
      for (const [k, v] of Object.entries(before)) await vscode.workspace.getConfiguration('errcode').update(k, v, vscode.ConfigurationTarget.Workspace);
    }
  });
});
