// Issue 6 in the real editor: broken user catalogs, many files, and nothing kept for closed documents.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import * as v8 from 'node:v8';
import * as vm from 'node:vm';
import * as vscode from 'vscode';
import type { ErrcodeApi } from '../../src/extension/activate';
import { closeAllEditors, getExtension, recordMetric, waitFor, watchCatalogChecks } from './util';

async function api(): Promise<ErrcodeApi> {
  return (await getExtension().activate()) as ErrcodeApi;
}

const ours = (d: readonly vscode.Diagnostic[]) => d.filter((x) => x.source === 'errcode');

suite('reliability', () => {
  teardown(closeAllEditors);

  test('a broken user catalog keeps the last good one, with diagnostics at the right line and column', async () => {
    const { services } = await api();
    const uri = vscode.Uri.joinPath(vscode.workspace.workspaceFolders![0].uri, 'reliability.errcodes.jsonc');
    const good = '{\n  "entries": [\n    {"api": "flows", "kind": "graphql-code", "code": "RELIABLE_CODE", "name": "Reliable", "statuses": [200], "category": "Custom", "errorClass": "client", "description": "d", "resolution": "r", "retry": {"decision": "no"}}\n  ]\n}\n';
    const broken = '{\n  "entries": [\n    {"api": "flows", "code": 42, "name": "Broken"}\n  ]\n}\n';
    const config = vscode.workspace.getConfiguration('errcode');
    try {
      await vscode.workspace.fs.writeFile(uri, new TextEncoder().encode(good));
      await config.update('userCatalogs', [uri.toString()], vscode.ConfigurationTarget.Global);
      await waitFor(async () => (await services.catalogs.ready(), services.catalogs.current.findCode('RELIABLE_CODE', 'flows')), { message: 'the good catalog' });

      await vscode.workspace.fs.writeFile(uri, new TextEncoder().encode(broken));
      await services.catalogs.reload();
      const problems = await waitFor(() => {
        const d = vscode.languages.getDiagnostics(uri).filter((x) => x.source === 'errcode catalog');
        return d.length ? d : undefined;
      }, { message: 'diagnostics in the broken catalog' });
      // `"code": 42` sits on line 3 (0-based 2), at the value 42.
      const codeProblem = problems.find((p) => /code/.test(p.message));
      assert.ok(codeProblem, problems.map((p) => p.message).join('\n'));
      assert.equal(codeProblem.range.start.line, 2);
      assert.equal(codeProblem.range.start.character, '    {"api": "flows", "code": '.length);
      assert.ok(services.catalogs.current.findCode('RELIABLE_CODE', 'flows'), 'the last good version stays in use');
    } finally {
      await config.update('userCatalogs', undefined, vscode.ConfigurationTarget.Global);
      await vscode.workspace.fs.delete(uri);
      await services.catalogs.reload();
    }
    assert.equal(vscode.languages.getDiagnostics(uri).filter((x) => x.source === 'errcode catalog').length, 0);
  });

  test('typing in a broken catalog: live diagnostics, one notification per broken spell, the good version in use', async function () {
    this.timeout(120_000);
    const { services } = await api();
    const uri = vscode.Uri.joinPath(vscode.workspace.workspaceFolders![0].uri, 'typing.errcodes.jsonc');
    const entry = (code: string) => `{"api": "flows", "kind": "graphql-code", "code": "${code}", "name": "Typed", "statuses": [200], "category": "Custom", "errorClass": "client", "description": "d", "resolution": "r", "retry": {"decision": "no"}}`;
    const config = vscode.workspace.getConfiguration('errcode');
    const catalogProblems = () => vscode.languages.getDiagnostics(uri).filter((x) => x.source === 'errcode catalog');
    try {
      await vscode.workspace.fs.writeFile(uri, new TextEncoder().encode(`{\n  "entries": [\n    ${entry('TYPED_ONE')}\n  ]\n}\n`));
      await config.update('userCatalogs', [uri.toString()], vscode.ConfigurationTarget.Global);
      await waitFor(async () => (await services.catalogs.ready(), services.catalogs.current.findCode('TYPED_ONE', 'flows')), { message: 'the good catalog' });
      const editor = await vscode.window.showTextDocument(await vscode.workspace.openTextDocument(uri));
      const before = services.catalogs.notificationCount;

      // Break it (a second entry without its closing brace), then keep typing inside the broken part:
      // every keystroke is checked (the check of its version is the signal) and moves the problem,
      // none of them notifies again.
      const checks = watchCatalogChecks(uri);
      const endOfEntry = editor.document.lineAt(2).range.end;
      assert.ok(await editor.edit((e) => e.insert(endOfEntry, ',\n    {"api": "flows", "code": "TYPED_TWO"')));
      await checks.next((r) => r.version === editor.document.version && r.problems > 0);
      assert.ok(catalogProblems().length > 0, 'diagnostics for the unsaved broken buffer');
      for (const ch of 'abcdefgh') {
        const line = editor.document.lineAt(3);
        assert.ok(await editor.edit((e) => e.insert(line.range.end, ch)));
        await checks.next((r) => r.version === editor.document.version && r.problems > 0);
        assert.ok(catalogProblems().some((p) => p.range.start.line >= 3), 'the moved problem');
      }
      checks.dispose();
      await services.catalogs.ready();
      assert.equal(services.catalogs.notificationCount - before, 1, 'one notification for the whole broken spell');
      assert.ok(services.catalogs.current.findCode('TYPED_ONE', 'flows'), 'the last good version stays in use');
      assert.equal(services.catalogs.current.findCode('TYPED_TWO', 'flows'), undefined);

      // Fixed in the buffer (not saved): the problems go and the new entry is in use at once.
      const fullRange = new vscode.Range(editor.document.positionAt(0), editor.document.positionAt(editor.document.getText().length));
      assert.ok(await editor.edit((e) => e.replace(fullRange, `{\n  "entries": [\n    ${entry('TYPED_ONE')},\n    ${entry('TYPED_TWO')}\n  ]\n}\n`)));
      await waitFor(async () => (await services.catalogs.ready(), services.catalogs.current.findCode('TYPED_TWO', 'flows') && catalogProblems().length === 0), { message: 'the fixed buffer in use' });

      // Broken again later: a new spell, a new notification.
      assert.ok(await editor.edit((e) => e.insert(editor.document.positionAt(0), 'x')));
      await waitFor(() => catalogProblems().length > 0, { message: 'the second breakage' });
      assert.equal(services.catalogs.notificationCount - before, 2);

      // Closing the unsaved buffer falls back to the file on disk (which has only TYPED_ONE).
      await vscode.commands.executeCommand('workbench.action.revertAndCloseActiveEditor');
      await waitFor(async () => (await services.catalogs.ready(), !services.catalogs.current.findCode('TYPED_TWO', 'flows') && catalogProblems().length === 0 && services.catalogs.current.findCode('TYPED_ONE', 'flows')), { message: 'the file on disk again' });
    } finally {
      await config.update('userCatalogs', undefined, vscode.ConfigurationTarget.Global);
      await vscode.workspace.fs.delete(uri);
      await services.catalogs.reload();
    }
  });

  test('2,000 files with findings all get their diagnostics', async function () {
    this.timeout(240_000);
    // Files on disk, not untitled documents: closing dirty untitled ones would ask to save them.
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'errcode-many-'));
    try {
      const uris: vscode.Uri[] = [];
      for (let i = 0; i < 2000; i++) {
        const file = path.join(dir, `request-${i}.log`);
        fs.writeFileSync(file, `request ${i} failed: status=404 {"detail": "Workflow execution not found", "code": "WF_1100"}\n`);
        uris.push(vscode.Uri.file(file));
      }
      // VS Code may close documents no editor shows (and their diagnostics go with them), so count
      // every file that was published at some point.
      const published = new Set<string>();
      const listener = vscode.languages.onDidChangeDiagnostics((e) => {
        for (const uri of e.uris) if (ours(vscode.languages.getDiagnostics(uri)).length === 1) published.add(uri.toString());
      });
      try {
        for (let i = 0; i < uris.length; i += 20) {
          await Promise.all(uris.slice(i, i + 20).map((u) => Promise.resolve(vscode.workspace.openTextDocument(u)).catch(() => undefined)));
        }
        await waitFor(() => uris.every((u) => published.has(u.toString())), { timeoutMs: 120_000, message: 'diagnostics for all 2,000 files' });
      } finally {
        listener.dispose();
      }
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  test('opening and closing editors over and over keeps nothing for closed documents', async function () {
    this.timeout(300_000);
    const { services } = await api();
    const content = Array.from({ length: 50 }, (_, i) => `line ${i} status=503 {"detail": "An error occurred", "code": "WF_1200"}`).join('\n');
    const cycle = async (): Promise<void> => {
      const doc = await vscode.workspace.openTextDocument({ language: 'log', content });
      await vscode.window.showTextDocument(doc, { preview: false });
      await waitFor(() => ours(vscode.languages.getDiagnostics(doc.uri)).length === 50, { message: 'diagnostics of the cycled document' });
      await vscode.commands.executeCommand('workbench.action.revertAndCloseActiveEditor');
    };
    for (let i = 0; i < 20; i++) await cycle(); // warm-up
    collectGarbage();
    const heapBefore = process.memoryUsage().heapUsed;
    const rounds = 60;
    for (let i = 0; i < rounds; i++) await cycle();
    // VS Code disposes closed documents lazily; the cache never holds more than VS Code has open.
    await waitFor(() => services.scans.cachedDocuments <= vscode.workspace.textDocuments.length, { message: 'the scan cache to hold only open documents' });
    collectGarbage();
    const heapAfter = process.memoryUsage().heapUsed;
    // Each round scans 50 bodies; keeping the findings of closed documents would grow the heap by
    // several MB over these rounds.
    assert.ok(heapAfter - heapBefore < 8 * 1024 * 1024, `heap grew ${((heapAfter - heapBefore) / 1048576).toFixed(1)} MB over ${rounds} open/close cycles`);
  });
});

/** The real garbage collector, so heap figures mean live objects rather than garbage not yet collected. */
function collectGarbage(): void {
  v8.setFlagsFromString('--expose-gc');
  const gc = vm.runInNewContext('gc') as () => void;
  gc();
  gc();
}

suite('10,000 opens and closes', () => {
  test('documents opened and closed 10,000 times leave no scans, diagnostics or heap behind', async function () {
    this.timeout(600_000);
    const { services } = await api();
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'errcode-cycles-'));
    // 400 files opened in turn: VS Code keeps about 50 documents that no editor shows and closes the
    // rest, so by the time a file comes round again it was closed and opens anew.
    const FILES = 400;
    const uris: vscode.Uri[] = [];
    for (let i = 0; i < FILES; i++) {
      const file = path.join(dir, `cycle-${i}.log`);
      const lines = Array.from({ length: 20 }, (_, j) => `req ${i}-${j} status=503 {"detail": "An error occurred", "code": "WF_1200"}`);
      fs.writeFileSync(file, `${lines.join('\n')}\n`);
      uris.push(vscode.Uri.file(file));
    }
    const inDir = (uri: vscode.Uri) => uri.scheme === 'file' && uri.fsPath.startsWith(dir);
    let opened = 0;
    let closed = 0;
    const listeners = [
      vscode.workspace.onDidOpenTextDocument((d) => { if (inDir(d.uri)) opened++; }),
      vscode.workspace.onDidCloseTextDocument((d) => { if (inDir(d.uri)) closed++; }),
    ];
    let next = 0;
    const openUntil = async (target: number): Promise<void> => {
      while (opened < target) {
        const batch = uris.slice(next % FILES, (next % FILES) + 20);
        next += batch.length;
        await Promise.all(batch.map((u) => Promise.resolve(vscode.workspace.openTextDocument(u)).catch(() => undefined)));
      }
    };
    const settle = () => waitFor(() => services.scans.cachedDocuments <= vscode.workspace.textDocuments.length, { timeoutMs: 60_000, message: 'the scan cache to hold only open documents' });
    try {
      await openUntil(1_000); // warm-up: caches, JIT, VS Code's own structures
      await settle();
      collectGarbage();
      const heapBefore = process.memoryUsage().heapUsed;
      const openedBefore = opened;
      await openUntil(openedBefore + 10_000);
      await settle();
      collectGarbage();
      const heapAfter = process.memoryUsage().heapUsed;

      assert.ok(opened - openedBefore >= 10_000, `${opened - openedBefore} opens`);
      assert.ok(closed >= opened - 100, `VS Code closed them again: ${opened} opened, ${closed} closed`);
      const stillOpen = vscode.workspace.textDocuments.filter((d) => inDir(d.uri)).length;
      const withDiagnostics = vscode.languages.getDiagnostics().filter(([uri, d]) => inDir(uri) && ours(d).length > 0).length;
      assert.ok(withDiagnostics <= stillOpen, `${withDiagnostics} files keep diagnostics, ${stillOpen} are open`);
      // Each document holds 20 findings; keeping those of closed documents would cost tens of MB.
      const grown = heapAfter - heapBefore;
      recordMetric('open_close_10k_heap_growth_MB', Math.round((grown / 1048576) * 10) / 10);
      assert.ok(grown < 8 * 1024 * 1024, `heap grew ${(grown / 1048576).toFixed(1)} MB over 10,000 open/close cycles`);
    } finally {
      for (const l of listeners) l.dispose();
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});

suite('large-file mode', () => {
  teardown(closeAllEditors);

  test('a log over 20 MB: fewer diagnostics, the status bar says so, hovers still answer', async function () {
    this.timeout(180_000);
    const line = '2026-11-21T09:14:02.412Z INFO POST /v1/workflows/executions status=201 duration=88ms user=alice region=eu-west-1 ok\n';
    const err = 'status=503 {"detail": "An error occurred", "code": "WF_1200"}\n';
    const parts: string[] = [];
    let size = 0;
    for (let i = 0; size < 21 * 1024 * 1024; i++) {
      const l = i % 500 === 0 ? err : line;
      parts.push(l);
      size += l.length;
    }
    const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'errcode-large-')), 'large.log');
    fs.writeFileSync(file, parts.join(''));
    const doc = await vscode.workspace.openTextDocument(vscode.Uri.file(file));
    await vscode.window.showTextDocument(doc);
    const diags = await waitFor(() => {
      const d = ours(vscode.languages.getDiagnostics(doc.uri));
      return d.length ? d : undefined;
    }, { timeoutMs: 120_000, message: 'diagnostics of the large log' });
    assert.equal(diags.length, 201, 'capped at 200 plus one summary');
    assert.ok(diags.some((d) => /more problems in this file are not shown \(limit 200/.test(d.message)));
    const hooks = (globalThis as unknown as Record<symbol, Record<string, { shown: boolean }> | undefined>)[Symbol.for('errcode.testHooks')];
    assert.equal(hooks?.largeFile?.shown, true, 'the large-file notice is in the status bar');
    const hover = await vscode.commands.executeCommand<vscode.Hover[]>('vscode.executeHoverProvider', doc.uri, doc.positionAt(doc.getText().lastIndexOf('WF_1200') + 2));
    assert.ok(hover.some((h) => h.contents.some((c) => typeof c !== 'string' && /Schedule Failed/.test(c.value))));
    await closeAllEditors();
    fs.rmSync(path.dirname(file), { recursive: true, force: true });
  });
});
