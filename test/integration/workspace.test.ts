// The fixture workspace opens in the real editor. Also the template for feature tests: open a
// fixture, then ask VS Code (not the extension's internals) what a user would see, e.g.
//   const text = await hoverTextAt(editor.document, positionOf(editor.document, 'WF_1103'));
//   const diags = await waitForDiagnostics(editor.document.uri, (d) => d.length === 5);
//   const [fix] = await codeActionsAt(doc, diags[0].range, vscode.CodeActionKind.QuickFix);
import * as assert from 'node:assert/strict';
import { suite, suiteTeardown, test } from 'mocha';
import * as vscode from 'vscode';
import { closeAllEditors, openFixture, positionOf, recordMetric } from './util';

suite('fixture workspace', () => {
  suiteTeardown(closeAllEditors);

  test('runs in a real VS Code host', () => {
    // 'server-distro' under code-server, 'desktop' under test-electron.
    assert.ok(vscode.env.appHost.length > 0);
    assert.ok(vscode.env.appName.length > 0);
    assert.match(vscode.version, /^1\.\d+\.\d+/);
    recordMetric('vscode_version', vscode.version);
    recordMetric('app_host', vscode.env.appHost);
  });

  test('opens the fixture .log file as a `log` document with WF codes in it', async () => {
    const editor = await openFixture('service.log');
    assert.equal(editor.document.languageId, 'log');
    assert.equal(vscode.window.activeTextEditor?.document.uri.toString(), editor.document.uri.toString());
    const at = positionOf(editor.document, 'WF_1103');
    assert.equal(editor.document.getText(editor.document.getWordRangeAtPosition(at, /WF_\d{4}/)), 'WF_1103');
  });

  test('opens the fixture .ts file as TypeScript', async () => {
    const editor = await openFixture('client.ts');
    assert.equal(editor.document.languageId, 'typescript');
    assert.match(editor.document.getText(), /'WF_1101'/);
  });
});
