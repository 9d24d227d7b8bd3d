// Diagnostics through the real API: vscode.languages.getDiagnostics after opening fixtures.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { closeAllEditors, fixtureUri, openFixture, waitFor, waitForDiagnostics } from './util';

const ours = (d: readonly vscode.Diagnostic[]): vscode.Diagnostic[] => d.filter((x) => x.source === 'errcode');
/** The diagnostic's rule id: its `code` (`workflows/WF_1100`, `errcode/unknown-code`, …). */
const ruleOf = (d: vscode.Diagnostic): string | undefined => (typeof d.code === 'object' ? String(d.code.value) : undefined);

async function withSettings(values: Record<string, unknown>, body: () => Promise<void>): Promise<void> {
  const c = vscode.workspace.getConfiguration('errcode');
  const before: Record<string, unknown> = {};
  for (const k of Object.keys(values)) before[k] = c.inspect(k)?.workspaceValue;
  try {
    for (const [k, v] of Object.entries(values)) await c.update(k, v, vscode.ConfigurationTarget.Workspace);
    await body();
  } finally {
    for (const [k, v] of Object.entries(before)) await vscode.workspace.getConfiguration('errcode').update(k, v, vscode.ConfigurationTarget.Workspace);
  }
}

suite('diagnostics', () => {
  teardown(closeAllEditors);

  test('a log gets one diagnostic per error, severity by class, code with a link, related status line', async () => {
    const editor = await openFixture('features/gateway.log');
    const diags = ours(await waitForDiagnostics(editor.document.uri, (d) => ours(d).length >= 16));
    assert.equal(diags.length, 16, diags.map((d) => d.message).join('\n'));
    const byRule = (r: RegExp) => diags.find((d) => r.test(ruleOf(d) ?? ''));
    const wf1100 = byRule(/^workflows\/WF_1100$/);
    assert.ok(wf1100);
    assert.equal(wf1100.severity, vscode.DiagnosticSeverity.Error);
    // The code is the rule id; its link opens the catalog entry.
    const target = typeof wf1100.code === 'object' ? wf1100.code.target : undefined;
    assert.deepEqual([target?.scheme, target?.path, JSON.parse(target?.query ?? 'null')], ['command', 'errcode.showEntry', ['workflows:WF_1100']]);
    const wf1103 = diags.filter((d) => ruleOf(d) === 'workflows/WF_1103');
    assert.equal(wf1103[0].severity, vscode.DiagnosticSeverity.Warning, 'transient class is a warning');
    const rate = byRule(/\/429$/);
    assert.ok(rate?.relatedInformation?.some((r) => /HTTP status/.test(r.message) && r.location.range.start.line === rate.range.start.line - 4));
    const unknown = byRule(/^errcode\/unknown-code$/);
    assert.equal(editor.document.getText(unknown!.range), 'WF_1110');
    assert.match(unknown!.message, /did you mean/);
    // Every diagnostic carries its finding as data, with the same rule (no policy rule in a log).
    for (const d of diags) assert.equal((d as vscode.Diagnostic & { data?: { rule?: string } }).data?.rule, ruleOf(d));
    // A rule that is not an entry links to its explanation.
    const unknownTarget = typeof unknown!.code === 'object' ? unknown!.code.target : undefined;
    const explanation = await vscode.commands.executeCommand<vscode.Uri>(unknownTarget!.path, ...(JSON.parse(unknownTarget!.query) as unknown[]));
    assert.match((await vscode.workspace.openTextDocument(explanation)).getText(), /errcode\/unknown-code\\?: unknown code/);
  });

  test('source code: an unknown code warns, a transient code with no retry hints, known codes are only listed at hint', async () => {
    const editor = await openFixture('features/workflowsClient.ts');
    const diags = ours(await waitForDiagnostics(editor.document.uri, (d) => ours(d).length >= 3));
    const rows = diags.map((d) => [ruleOf(d), d.severity, editor.document.getText(d.range)]);
    assert.deepEqual(rows, [
      ['workflows/WF_1102', vscode.DiagnosticSeverity.Hint, 'WF_1102'],
      ['errcode/unknown-code', vscode.DiagnosticSeverity.Warning, 'WF_1110'],
      ['errcode/missing-retry', vscode.DiagnosticSeverity.Hint, 'WF_1103'],
    ]);
    // Code that handles known codes correctly: hints only (the Problems panel shows none).
    const quiet = await openFixture('features/quiet.ts');
    const listed = ours(await waitForDiagnostics(quiet.document.uri, (d) => ours(d).length === 3));
    assert.deepEqual(listed.map((d) => [ruleOf(d), d.severity]), [
      ['workflows/WF_1100', vscode.DiagnosticSeverity.Hint],
      ['workflows/WF_1201', vscode.DiagnosticSeverity.Hint],
      ['workflows/WF_1500', vscode.DiagnosticSeverity.Hint],
    ]);
  });

  test('debounced updates on typing and cleared on close', async () => {
    const doc = await vscode.workspace.openTextDocument({ language: 'log', content: 'nothing yet\n' });
    await vscode.window.showTextDocument(doc);
    const edit = new vscode.WorkspaceEdit();
    edit.insert(doc.uri, new vscode.Position(1, 0), 'status=503 {"detail": "An error occurred", "code": "WF_1200"}\n');
    await vscode.workspace.applyEdit(edit);
    const diags = ours(await waitForDiagnostics(doc.uri, (d) => ours(d).length === 1));
    assert.match(diags[0].message, /WF_1200 Schedule Failed \(HTTP 503\)/);
    await vscode.commands.executeCommand('workbench.action.revertAndCloseActiveEditor');
    await waitFor(() => ours(vscode.languages.getDiagnostics(doc.uri)).length === 0, { message: 'diagnostics cleared on close' });
  });

  test('cap per file with one summary diagnostic', async () => {
    await withSettings({ 'diagnostics.maxPerFile': 10 }, async () => {
      const content = Array.from({ length: 25 }, (_, i) => `line ${i} retry after WF_1103`).join('\n');
      const doc = await vscode.workspace.openTextDocument({ language: 'log', content });
      await vscode.window.showTextDocument(doc);
      const diags = ours(await waitForDiagnostics(doc.uri, (d) => ours(d).length === 11));
      const summary = diags.filter((d) => ruleOf(d) === 'errcode/more-problems');
      assert.equal(summary.length, 1);
      assert.match(summary[0].message, /^15 more problems in this file are not shown/);
      await vscode.commands.executeCommand('workbench.action.revertAndCloseActiveEditor');
    });
  });

  test('severity per API and class from settings, live; excluded files get none', async () => {
    const uri = fixtureUri('features/structured.jsonl');
    await openFixture('features/structured.jsonl');
    await waitForDiagnostics(uri, (d) => ours(d).some((x) => x.severity === vscode.DiagnosticSeverity.Error));
    await withSettings({ severity: { 'wireflow.auth': 'information', 'not-found': 'hint' } }, async () => {
      await waitForDiagnostics(uri, (d) => {
        const o = ours(d);
        const forbidden = o.find((x) => ruleOf(x) === 'wireflow/403');
        const notFound = o.find((x) => ruleOf(x) === 'workflows/WF_1201');
        return forbidden?.severity === vscode.DiagnosticSeverity.Information && notFound?.severity === vscode.DiagnosticSeverity.Hint;
      });
    });
    await withSettings({ exclude: ['**/structured.jsonl'] }, async () => {
      await waitForDiagnostics(uri, (d) => ours(d).length === 0);
    });
  });
});
