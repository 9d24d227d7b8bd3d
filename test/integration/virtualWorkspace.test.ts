// Virtual workspaces have no files on disk: user catalogs and documents are read through
// vscode.workspace.fs. A FileSystemProvider registered by the test stands in for one (like memfs).
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { ErrcodeApi } from '../../src/extension/activate';
import { closeAllEditors, getExtension, hoverTextAt, waitFor, waitForDiagnostics } from './util';

const SCHEME = 'errcode-memfs';

/** A tiny in-memory file system. */
class MemFs implements vscode.FileSystemProvider {
  private readonly files = new Map<string, Uint8Array>();
  private readonly emitter = new vscode.EventEmitter<vscode.FileChangeEvent[]>();
  readonly onDidChangeFile = this.emitter.event;
  watch(): vscode.Disposable {
    return new vscode.Disposable(() => undefined);
  }
  stat(uri: vscode.Uri): vscode.FileStat {
    const data = this.files.get(uri.path);
    if (!data) throw vscode.FileSystemError.FileNotFound(uri);
    return { type: vscode.FileType.File, ctime: 0, mtime: Date.now(), size: data.length };
  }
  readDirectory(): [string, vscode.FileType][] {
    return [...this.files.keys()].map((k) => [k.slice(1), vscode.FileType.File]);
  }
  createDirectory(): void {}
  readFile(uri: vscode.Uri): Uint8Array {
    const data = this.files.get(uri.path);
    if (!data) throw vscode.FileSystemError.FileNotFound(uri);
    return data;
  }
  writeFile(uri: vscode.Uri, content: Uint8Array): void {
    this.files.set(uri.path, content);
    this.emitter.fire([{ type: vscode.FileChangeType.Changed, uri }]);
  }
  delete(uri: vscode.Uri): void {
    this.files.delete(uri.path);
  }
  rename(): void {}
}

suite('virtual workspace (files only through workspace.fs)', () => {
  const fs = new MemFs();
  let registration: vscode.Disposable;
  suiteSetup(() => {
    registration = vscode.workspace.registerFileSystemProvider(SCHEME, fs, { isCaseSensitive: true });
  });
  suiteTeardown(async () => {
    await vscode.workspace.getConfiguration('errcode').update('userCatalogs', undefined, vscode.ConfigurationTarget.Global);
    await closeAllEditors();
    registration.dispose();
  });

  test('a user catalog on a virtual file system is read and merged', async () => {
    const catalogUri = vscode.Uri.parse(`${SCHEME}:/team.errcodes.jsonc`);
    const text = '// team codes\n{"entries": [{"api": "flows", "kind": "graphql-code", "code": "VIRTUAL_QUOTA", "name": "Virtual quota exceeded", "statuses": [200], "category": "Quota", "errorClass": "quota", "description": "The team quota ran out.", "resolution": "Wait for the next window.", "retry": {"decision": "no"}}]}';
    await vscode.workspace.fs.writeFile(catalogUri, new TextEncoder().encode(text));
    await vscode.workspace.getConfiguration('errcode').update('userCatalogs', [catalogUri.toString()], vscode.ConfigurationTarget.Global);
    const api = (await getExtension().activate()) as ErrcodeApi;
    await waitFor(async () => {
      await api.services.catalogs.ready();
      return api.services.catalogs.current.findCode('VIRTUAL_QUOTA', 'flows');
    }, { message: 'the virtual user catalog entry' });
    assert.equal(api.services.catalogs.current.findCode('VIRTUAL_QUOTA', 'flows')?.source, catalogUri.toString());
  });

  test('a log on a virtual file system gets hovers and diagnostics', async () => {
    const logUri = vscode.Uri.parse(`${SCHEME}:/remote.log`);
    await vscode.workspace.fs.writeFile(logUri, new TextEncoder().encode('2026-11-21T09:14:05Z WARN {"detail": "Workflow execution not found", "code": "WF_1100"}\n'));
    const doc = await vscode.workspace.openTextDocument(logUri);
    await vscode.window.showTextDocument(doc);
    const diags = await waitForDiagnostics(logUri, (d) => d.some((x) => x.source === 'errcode'));
    assert.match(diags.find((d) => d.source === 'errcode')!.message, /WF_1100 Workflow Not Found/);
    const hover = await hoverTextAt(doc, doc.positionAt(doc.getText().indexOf('WF_1100') + 2));
    assert.match(hover, /Workflow Not Found/);
  });
});
