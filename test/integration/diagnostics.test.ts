// Diagnostics through the real API: vscode.languages.getDiagnostics after opening fixtures.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { closeAllEditors, fixtureUri, openFixture, waitFor, waitForDiagnostics } from './util';

const ours = (d: readonly vscode.Diagnostic[]): vscode.Diagnostic[] => d.filter((x) => x.source === 'errcode');

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
    const byCode = (c: string) => diags.find((d) => typeof d.code === 'object' && d.code.value === c);
    const wf1100 = byCode('WF_1100');
    assert.ok(wf1100);
    assert.equal(wf1100.severity, vscode.DiagnosticSeverity.Error);
    assert.equal(typeof wf1100.code === 'object' && wf1100.code.target.scheme, 'command');
    const wf1103 = diags.filter((d) => typeof d.code === 'object' && d.code.value === 'WF_1103');
    assert.equal(wf1103[0].severity, vscode.DiagnosticSeverity.Warning, 'transient class is a warning');
    const rate = byCode('429');
    assert.ok(rate?.relatedInformation?.some((r) => /HTTP status/.test(r.message) && r.location.range.start.line === rate.range.start.line - 4));
    const unknown = byCode('WF_1110');
    assert.match(unknown!.message, /did you mean/);
  });

  test('source code: an unknown code warns, a transient code with no retry hints, known codes stay quiet', async () => {
    const editor = await openFixture('features/workflowsClient.ts');
    const diags = ours(await waitForDiagnostics(editor.document.uri, (d) => ours(d).length >= 2));
    const warn = diags.find((d) => d.severity === vscode.DiagnosticSeverity.Warning);
    assert.equal(editor.document.getText(warn!.range), 'WF_1110');
    const hint = diags.find((d) => d.severity === vscode.DiagnosticSeverity.Hint);
    assert.equal(editor.document.getText(hint!.range), 'WF_1103');
    assert.equal(diags.length, 2, diags.map((d) => d.message).join('\n'));
    const quiet = await openFixture('features/quiet.ts');
    await new Promise((r) => setTimeout(r, 800));
    assert.deepEqual(ours(vscode.languages.getDiagnostics(quiet.document.uri)).map((d) => d.message), []);
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
      const summary = diags.filter((d) => /15 more errors in this file are not shown/.test(d.message));
      assert.equal(summary.length, 1);
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
        const forbidden = o.find((x) => typeof x.code === 'object' && x.code.value === '403');
        const notFound = o.find((x) => typeof x.code === 'object' && x.code.value === 'WF_1201');
        return forbidden?.severity === vscode.DiagnosticSeverity.Information && notFound?.severity === vscode.DiagnosticSeverity.Hint;
      });
    });
    await withSettings({ exclude: ['**/structured.jsonl'] }, async () => {
      await waitForDiagnostics(uri, (d) => ours(d).length === 0);
    });
  });
});
