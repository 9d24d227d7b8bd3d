// The extension in Simplified Chinese, in the real editor: the runner's --locale zh-cn pass starts
// code-server with `--locale zh-cn`, VS Code hands the extension l10n/bundle.l10n.zh-cn.json as
// vscode.l10n.bundle, and the core renders with it (activate.ts). Only this file runs in that pass.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { closeAllEditors, codeActionsAt, fixtureUri, hoverTextAt, openFixture, positionOf, waitFor, waitForDiagnostics } from './util';

const CJK = /[\u3400-\u9fff]/;

suite('Simplified Chinese (code-server --locale zh-cn)', () => {
  teardown(closeAllEditors);

  test('VS Code runs in zh-cn and gives the extension its bundle', () => {
    assert.equal(vscode.env.language, 'zh-cn');
    assert.ok(vscode.l10n.bundle, 'vscode.l10n.bundle is set');
    assert.equal(vscode.l10n.t('Open in catalog'), '在目录中打开');
  });

  test('diagnostics and hovers on gateway.log are Chinese, with the same codes', async () => {
    const editor = await openFixture('features/gateway.log');
    const doc = editor.document;
    const diags = await waitForDiagnostics(doc.uri, (d) => d.some((x) => x.message.includes('WF_1100')));
    const wf1100 = diags.find((d) => d.message.includes('WF_1100'))!;
    assert.match(wf1100.message, CJK, wf1100.message);
    const typo = diags.find((d) => d.message.includes('WF_1110'))!;
    assert.match(typo.message, /你是否指的是 WF_1101或WF_1100？/, typo.message);
    const hover = await waitFor(async () => {
      const t = await hoverTextAt(doc, positionOf(doc, 'WF_1100'));
      return t.includes('WF\\_1100') ? t : undefined;
    }, { message: 'hover on WF_1100' });
    assert.match(hover, CJK);
    assert.match(hover, /\[在目录中打开\]\(command:errcode\.showEntry\?/);
  });

  test('a quick fix in code is titled in Chinese', async () => {
    const { document: doc } = await openFixture('retry/unknown.ts');
    const typo = (await waitForDiagnostics(doc.uri, (d) => d.some((x) => x.code !== undefined && x.message.includes('WF_1110')))).find((x) => x.message.includes('WF_1110'))!;
    assert.match(typo.message, CJK, typo.message);
    const fixes = await waitFor(async () => {
      const all = await codeActionsAt(doc, typo.range, vscode.CodeActionKind.QuickFix);
      return all.some((a) => a.title.startsWith('改为 ')) ? all : undefined;
    }, { message: 'a Chinese quick fix on WF_1110' });
    assert.ok(fixes.some((a) => a.title === '改为 WF_1100（工作流未找到）'), fixes.map((a) => a.title).join(' | '));
  });

  test('Create User Catalog writes Chinese comments, and a broken user catalog\'s problems are Chinese', async () => {
    // The default errcode.userCatalogs names .vscode/errcodes.jsonc of the fixture workspace.
    const uri = fixtureUri('.vscode/errcodes.jsonc');
    const remove = async (): Promise<void> => {
      try {
        await vscode.workspace.fs.delete(uri);
      } catch {
        // not there
      }
    };
    await remove();
    try {
      const result = await vscode.commands.executeCommand<{ uri: vscode.Uri; created: boolean }>('errcode.openUserCatalog');
      assert.ok(result?.created);
      const template = new TextDecoder().decode(await vscode.workspace.fs.readFile(uri));
      assert.match(template, /^\/\/ 你自己的错误代码/);
      assert.match(template, /^ {4}\/\/ 示例：.*errors\[\]\.extensions\.code/m);
      assert.match(template, /"\$schema": /);
      await closeAllEditors();

      await vscode.workspace.fs.writeFile(uri, new TextEncoder().encode('{\n  "entries": [\n    {"api": "flows", "code": 42, "name": "Broken"}\n  ]\n}\n'));
      const problems = await waitFor(() => {
        const d = vscode.languages.getDiagnostics(uri).filter((x) => x.source === 'errcode catalog');
        return d.length ? d : undefined;
      }, { message: 'the broken user catalog\'s problems' });
      assert.deepEqual(
        problems.map((p) => [p.range.start.line, p.message]),
        [[2, 'entries[0].code 必须是字符串，而不是整数']],
      );
    } finally {
      await closeAllEditors();
      await remove();
    }
  });

  test('a command answers in Chinese: Show Rule opens the rule explained in Chinese', async () => {
    const uri = await vscode.commands.executeCommand<vscode.Uri>('errcode.showRule', 'errcode/unknown-code');
    const text = (await vscode.workspace.openTextDocument(uri)).getText();
    assert.match(text, /errcode\/unknown-code：未知代码/);
    assert.match(text, /错误代码助手规则/);
  });
});
