// Restricted Mode, in a real untrusted workbench: the runner's --restricted pass opens
// test/fixtures/untrusted with Workspace Trust on and nothing trusted, and runs only this file.
// The extension declares `limited` support: its features work, the workspace's `errcode.userCatalogs`
// is ignored, a user-level catalog renders as plain text, and nothing is written into the workspace.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { ErrcodeApi } from '../../src/extension/activate';
import { closeAllEditors, fixtureUri, getExtension, openFixture, waitFor } from './util';

const ours = (d: readonly vscode.Diagnostic[]) => d.filter((x) => x.source === 'errcode');

function hoverText(hovers: vscode.Hover[]): string {
  return hovers.flatMap((h) => h.contents.map((c) => (typeof c === 'string' ? c : 'value' in c ? c.value : ''))).join('\n');
}

suite('Restricted Mode (untrusted workspace)', () => {
  teardown(closeAllEditors);

  test('the workspace really is untrusted, and the extension runs with limited support', async () => {
    assert.equal(vscode.workspace.isTrusted, false, 'the --restricted pass must open an untrusted workspace');
    const editor = await openFixture('service.log');
    const diags = await waitFor(() => {
      const d = ours(vscode.languages.getDiagnostics(editor.document.uri));
      return d.length ? d : undefined;
    }, { timeoutMs: 20_000, message: 'diagnostics in Restricted Mode' });
    assert.ok(diags.some((d) => String(typeof d.code === 'object' ? d.code.value : d.code) === 'workflows/WF_1103'), diags.map((d) => d.message).join('\n'));
    const at = editor.document.positionAt(editor.document.getText().indexOf('WF_1103') + 2);
    const text = hoverText(await vscode.commands.executeCommand<vscode.Hover[]>('vscode.executeHoverProvider', editor.document.uri, at));
    assert.match(text, /WF_1103/);
    assert.match(text, /What to do/);
  });

  test("the workspace's errcode.userCatalogs setting is ignored", async () => {
    const { services } = (await getExtension().activate()) as ErrcodeApi;
    const settingsFile = new TextDecoder().decode(await vscode.workspace.fs.readFile(fixtureUri('.vscode/settings.json')));
    assert.match(settingsFile, /"errcode\.userCatalogs": \["team\.errcodes\.jsonc"\]/, 'the fixture sets it in .vscode/settings.json');
    // The manifest's restrictedConfigurations make VS Code drop the workspace value, even from inspect().
    const inspected = vscode.workspace.getConfiguration('errcode').inspect<string[]>('userCatalogs');
    assert.equal(inspected?.workspaceValue, undefined);
    await services.catalogs.ready();
    assert.equal(services.catalogs.current.findCode('WORKSPACE_TEAM_CODE', 'flows'), undefined, 'a catalog named only by the untrusted workspace never loads');
    assert.ok(!services.catalogs.userCatalogUris().some((u) => u.path.endsWith('/team.errcodes.jsonc')), 'only the default path, never the workspace\'s');
  });

  test('a user-level catalog loads, and its texts show as plain text: no links, no HTML, no code spans', async () => {
    const { services } = (await getExtension().activate()) as ErrcodeApi;
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'errcode-restricted-'));
    const file = path.join(dir, 'user.errcodes.jsonc');
    const hostile = 'See [settings](command:workbench.action.openSettings) or <img src=x onerror=alert(1)> or `rm -rf` or [x](javascript:alert(1))';
    fs.writeFileSync(file, JSON.stringify({
      entries: [{ api: 'flows', kind: 'graphql-code', code: 'USER_TEAM_CODE', name: 'Team failure', statuses: [200], category: 'Team', errorClass: 'client', description: hostile, resolution: hostile, retry: { decision: 'no' } }],
    }));
    const config = vscode.workspace.getConfiguration('errcode');
    try {
      await config.update('userCatalogs', [file], vscode.ConfigurationTarget.Global);
      await waitFor(async () => (await services.catalogs.ready(), services.catalogs.current.findCode('USER_TEAM_CODE', 'flows')), { message: 'the user-level catalog' });
      const editor = await openFixture('service.log');
      const at = editor.document.positionAt(editor.document.getText().indexOf('USER_TEAM_CODE') + 2);
      const text = await waitFor(async () => {
        const t = hoverText(await vscode.commands.executeCommand<vscode.Hover[]>('vscode.executeHoverProvider', editor.document.uri, at));
        return /Team failure/.test(t) ? t : undefined;
      }, { message: 'the hover of the user entry' });
      assert.match(text, /\\\[settings\\\]\\\(command\\:workbench/, `the link is escaped text:\n${text}`);
      assert.doesNotMatch(text, /<img/, 'no HTML survives');
      assert.doesNotMatch(text, /`rm -rf`/, 'no code span from a user catalog');
      for (const m of text.matchAll(/\]\((\w+):/g)) assert.equal(m[1], 'command', `only command links: ${m[0]}`);
      for (const m of text.matchAll(/\]\(command:([\w.]+)/g)) assert.match(m[1], /^errcode\./, `only the extension's own commands: ${m[1]}`);
    } finally {
      await config.update('userCatalogs', undefined, vscode.ConfigurationTarget.Global);
      await services.catalogs.reload();
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  test('Open/Create User Catalog writes nothing into an untrusted workspace', async () => {
    const target = fixtureUri('.vscode/new.errcodes.jsonc');
    const config = vscode.workspace.getConfiguration('errcode');
    try {
      await config.update('userCatalogs', [target.fsPath], vscode.ConfigurationTarget.Global);
      const result = await vscode.commands.executeCommand('errcode.openUserCatalog');
      assert.equal(result, undefined, 'nothing is opened or created');
      await assert.rejects(Promise.resolve(vscode.workspace.fs.stat(target)), 'the file was not created');
    } finally {
      await config.update('userCatalogs', undefined, vscode.ConfigurationTarget.Global);
      await vscode.workspace.fs.delete(target).then(undefined, () => undefined);
    }
  });
});
