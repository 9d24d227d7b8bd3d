// The editor under edits, catalog reloads and settings changes (issue 11), each race made
// deterministic with the test probe (src/extension/testHooks.ts): a scan is held at a gate until the
// test releases it, and every wait is for a positive signal (a publish of a given version, a check
// of a catalog text), never a sleep.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { parseCatalogText } from '../../src/core/catalog/catalogFile';
import type { ErrcodeApi, Services } from '../../src/extension/activate';
import { HOVER_SYNC_CHARS } from '../../src/extension/documentScans';
import { ErrorHoverProvider } from '../../src/extension/features/hover';
import { closeAllEditors, getExtension, holdScans, probe, publishedNow, waitFor, watchCatalogChecks, watchPublishes } from './util';

const ours = (d: readonly vscode.Diagnostic[]): vscode.Diagnostic[] => d.filter((x) => x.source === 'errcode');
const catalogProblems = (uri: vscode.Uri): vscode.Diagnostic[] => vscode.languages.getDiagnostics(uri).filter((x) => x.source === 'errcode catalog');

const BODY = 'status=503 {"detail": "An error occurred", "code": "WF_1200"}';

/** A user catalog entry: a Workflows code the built-in catalog does not have. */
function entry(code: string, name: string, extra = ''): string {
  return `{"api": "workflows", "code": "${code}", "name": "${name}", "statuses": [409], "category": "Custom", "errorClass": "conflict", "description": "d", "resolution": "r", "retry": {"decision": "no"}${extra}}`;
}

let services: Services;
let dir: string;

function tmpFile(name: string, content: string): vscode.Uri {
  const file = path.join(dir, name);
  fs.writeFileSync(file, content);
  return vscode.Uri.file(file);
}

async function setting(key: string, value: unknown, target = vscode.ConfigurationTarget.Global): Promise<void> {
  await vscode.workspace.getConfiguration('errcode').update(key, value, target);
}

suite('races: a sound editor', () => {
  suiteSetup(async () => {
    services = ((await getExtension().activate()) as ErrcodeApi).services;
    await services.catalogs.ready();
  });
  setup(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'errcode-races-'));
  });
  teardown(async () => {
    await closeAllEditors();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  test('a catalog reload mid-scan: the old catalog\'s findings are neither stored nor published', async () => {
    const uri = tmpFile('reload.log', 'job 7 failed: WF_1999\n');
    const catalogUri = tmpFile('race.errcodes.jsonc', `{"entries": [${entry('WF_1999', 'Race Condition Found')}]}`);
    const publishes = watchPublishes(uri);
    // Only the first scan is held: the one that started with the built-in catalog.
    const held = holdScans(uri, (_version, arrival) => arrival === 0);
    try {
      const doc = await vscode.workspace.openTextDocument(uri);
      await held.reached(doc.version);
      const before = services.catalogs.generation;
      await setting('userCatalogs', [catalogUri.toString()]);
      await waitFor(async () => (await services.catalogs.ready(), services.catalogs.current.findCode('WF_1999', 'workflows')), { message: 'the user catalog in use' });
      const after = services.catalogs.generation;
      assert.ok(after > before, 'the reload put a new catalog in use');

      held.release();
      // The publish that started before the reload ends: dropped, whatever it found.
      const stale = await publishes.next((r) => r.generation === before);
      assert.equal(stale.applied, false, 'a publish computed with the old catalog must be dropped');
      const fresh = await publishes.next((r) => r.applied && r.generation === after && r.version === doc.version);
      assert.equal(fresh.diagnostics, 1);
      const diags = ours(vscode.languages.getDiagnostics(uri));
      assert.equal(diags.length, 1);
      assert.match(diags[0].message, /Race Condition Found/, 'the diagnostic comes from the new catalog');
      const cached = services.scans.peek(doc);
      assert.ok(cached, 'the findings of this version are cached');
      assert.deepEqual(cached.map((f) => f.entry), ['workflows:WF_1999'], 'the cache holds findings made with the new catalog');
      assert.ok(publishes.seen.filter((r) => r.generation === before).every((r) => !r.applied), JSON.stringify(publishes.seen));
    } finally {
      held.dispose();
      publishes.dispose();
      await setting('userCatalogs', undefined);
      await services.catalogs.ready();
    }
  });

  test('an edit during a publish: the old version\'s findings are never put on the new text', async () => {
    const uri = tmpFile('edit.log', `${BODY}\n`);
    const publishes = watchPublishes(uri);
    const held = holdScans(uri);
    try {
      const doc = await vscode.workspace.openTextDocument(uri);
      const v1 = doc.version;
      await held.reached(v1);
      // The scan of v1 is held; an edit makes v2, whose scan is held too.
      const edit = new vscode.WorkspaceEdit();
      edit.insert(uri, new vscode.Position(0, 0), 'a new first line\nand a second one\n');
      assert.ok(await vscode.workspace.applyEdit(edit));
      const v2 = doc.version;
      assert.ok(v2 > v1);
      await held.reached(v2);

      // v1 finishes first, while v2 is still being scanned.
      held.release(v1);
      const old = await publishes.next((r) => r.version === v1);
      assert.equal(old.applied, false, `the findings of version ${v1} must not be published on version ${v2}`);
      assert.equal(ours(vscode.languages.getDiagnostics(uri)).length, 0, 'nothing was published for the old version');

      held.release(v2);
      await publishes.next((r) => r.applied && r.version === v2);
      const diags = ours(vscode.languages.getDiagnostics(uri));
      assert.equal(diags.length, 1);
      assert.equal(diags[0].range.start.line, 2, 'the body is on line 3 of the new text');
      assert.match(doc.getText(diags[0].range), /WF_1200|An error occurred|^\{/);
    } finally {
      held.dispose();
      publishes.dispose();
    }
  });

  test('an old publish finishing after a new one never overwrites it', async () => {
    const uri = tmpFile('late.log', `${BODY}\n`);
    const publishes = watchPublishes(uri);
    // A document opens at version 1: only its scan is held.
    const held = holdScans(uri, (version) => version === 1);
    try {
      const doc = await vscode.workspace.openTextDocument(uri);
      assert.equal(doc.version, 1);
      await held.reached(1);
      const edit = new vscode.WorkspaceEdit();
      edit.insert(uri, new vscode.Position(0, 0), 'x\n');
      assert.ok(await vscode.workspace.applyEdit(edit));
      const v2 = doc.version;
      const fresh = await publishes.next((r) => r.applied && r.version === v2);
      assert.equal(fresh.diagnostics, 1);
      assert.deepEqual(ours(vscode.languages.getDiagnostics(uri)).map((d) => d.range.start.line), [1]);

      held.release(1);
      const late = await publishes.next((r) => r.version === 1);
      assert.equal(late.applied, false, 'the older publish finished last and must not win');
      assert.deepEqual(ours(vscode.languages.getDiagnostics(uri)).map((d) => d.range.start.line), [1], 'the newer diagnostics stay');
    } finally {
      held.dispose();
      publishes.dispose();
    }
  });

  test('a hover on a big document not yet scanned scans only a window synchronously, then waits for the async scan', async function () {
    this.timeout(120_000);
    const line = '2026-11-21T09:14:02.412Z INFO POST /v1/workflows/executions status=201 duration=88ms user=alice region=eu-west-1 ok\n';
    const lines: string[] = [];
    let size = 0;
    for (let i = 0; size < 3 * 1024 * 1024; i++) {
      const l = i % 500 === 0 ? `${BODY}\n` : line;
      lines.push(l);
      size += l.length;
    }
    const text = lines.join('');
    const uri = tmpFile('big.log', text);
    const held = holdScans(uri);
    const p = probe();
    const fullBefore = p.scannedChars;
    try {
      const doc = await vscode.workspace.openTextDocument(uri);
      await held.reached(doc.version);
      const syncBefore = p.syncScannedChars;

      // On a body in the middle: the window around the cursor answers at once.
      const mid = text.indexOf('WF_1200', text.length >> 1);
      const hovers = await vscode.commands.executeCommand<vscode.Hover[]>('vscode.executeHoverProvider', uri, doc.positionAt(mid + 2));
      assert.ok(hovers.some((h) => h.contents.some((c) => typeof c !== 'string' && /Schedule Failed/.test(c.value))), 'the hover answers from the window');
      const scanned = p.syncScannedChars - syncBefore;
      assert.ok(scanned > 0 && scanned <= HOVER_SYNC_CHARS, `scanned ${scanned} characters synchronously for one hover (window ${HOVER_SYNC_CHARS}, document ${text.length})`);

      // On plain text: nothing in the window, so the hover waits for the async scan of this version.
      const plain = text.indexOf('alice', mid + 10_000);
      const pending = vscode.commands.executeCommand<vscode.Hover[]>('vscode.executeHoverProvider', uri, doc.positionAt(plain));
      held.release();
      const none = await pending;
      assert.ok(!none.some((h) => h.contents.some((c) => typeof c !== 'string' && /Schedule Failed/.test(c.value))));
      assert.ok(p.syncScannedChars - syncBefore <= 2 * HOVER_SYNC_CHARS, `${p.syncScannedChars - syncBefore} characters scanned synchronously for two hovers`);
      // One full scan of the document in all: the async one, shared by the hover and the diagnostics.
      await waitFor(() => services.scans.peek(doc), { message: 'the async scan stored' });
      assert.equal(p.scannedChars - fullBefore, text.length, 'the document was scanned whole exactly once');
    } finally {
      held.dispose();
    }
  });

  test('a hover waiting for the async scan gives up when VS Code cancels it', async function () {
    this.timeout(120_000);
    const text = `${BODY}\n${'2026-11-21T09:14:02.412Z INFO nothing to see here, just a long and quiet log line of work\n'.repeat(40_000)}`;
    const uri = tmpFile('cancelled.log', text);
    const held = holdScans(uri);
    try {
      const doc = await vscode.workspace.openTextDocument(uri);
      await held.reached(doc.version);
      const provider = new ErrorHoverProvider(services.config, services.catalogs, services.scans);
      const cancel = new vscode.CancellationTokenSource();
      // Plain text far from any body: the window cannot tell, so the hover waits for the held scan.
      const hover = provider.provideHover(doc, doc.positionAt(text.length >> 1), cancel.token);
      cancel.cancel();
      assert.equal(await hover, undefined, 'a cancelled hover answers nothing');
      assert.deepEqual(held.held, [doc.version], 'the scan is still held: the cancellation ended the wait');
      assert.equal(services.scans.peek(doc), undefined);
    } finally {
      held.dispose();
    }
  });

  test('toggling hovers rescans nothing; a severity change re-plans from the cached findings', async () => {
    const uri = tmpFile('settings.log', `${BODY}\n`);
    const publishes = watchPublishes(uri);
    try {
      const doc = await vscode.workspace.openTextDocument(uri);
      await publishedNow(doc, publishes);
      const p = probe();
      const scanned = p.scannedChars;
      const generation = services.catalogs.generation;

      await setting('hover.enable', false);
      const hovers = await vscode.commands.executeCommand<vscode.Hover[]>('vscode.executeHoverProvider', uri, doc.positionAt(BODY.indexOf('WF_1200') + 2));
      assert.ok(!hovers.some((h) => h.contents.some((c) => typeof c !== 'string' && /Schedule Failed/.test(c.value))), 'hovers are off');

      // A later change on the same pipeline: its publish is the positive signal that everything the
      // hover toggle set off is done.
      const replans = watchPublishes(uri);
      await setting('severity', { workflows: 'hint' });
      await replans.next((r) => r.applied && r.version === doc.version && ours(vscode.languages.getDiagnostics(uri)).every((d) => d.severity === vscode.DiagnosticSeverity.Hint));
      replans.dispose();
      assert.equal(p.scannedChars, scanned, 'neither the hover toggle nor the severity change rescanned the document');
      assert.equal(services.catalogs.generation, generation, 'no catalog was reloaded');
    } finally {
      publishes.dispose();
      await setting('hover.enable', undefined);
      await setting('severity', undefined);
    }
  });

  test('each user catalog is parsed once per change', async () => {
    const a = tmpFile('a.errcodes.jsonc', `{"entries": [${entry('WF_1997', 'Parsed Once A')}]}\n`);
    const b = tmpFile('b.errcodes.jsonc', `{"entries": [${entry('WF_1998', 'Parsed Once B')}]}\n`);
    const checks = watchCatalogChecks(a);
    try {
      await setting('userCatalogs', [a.toString(), b.toString()]);
      await checks.next((r) => r.version === undefined);
      await waitFor(async () => (await services.catalogs.ready(), services.catalogs.current.findCode('WF_1998', 'workflows')), { message: 'both user catalogs in use' });
      const editor = await vscode.window.showTextDocument(await vscode.workspace.openTextDocument(a));
      const before = probe().catalogParses;
      // One change (an unsaved edit of a): one reload, each file parsed once.
      assert.ok(await editor.edit((e) => e.replace(new vscode.Range(0, 0, 1, 0), `{"entries": [${entry('WF_1996', 'Parsed Once C')}]}\n`)));
      await checks.next((r) => r.version === editor.document.version);
      await services.catalogs.ready();
      assert.ok(services.catalogs.current.findCode('WF_1996', 'workflows'));
      assert.equal(probe().catalogParses - before, 2, 'two user catalogs, one parse each');
    } finally {
      checks.dispose();
      await closeAllEditors();
      await setting('userCatalogs', undefined);
      await services.catalogs.ready();
    }
  });

  test('a broken user catalog buffer: its problems sit on the text they were found in', async () => {
    // The good version has a warning from the merge ("override" without a built-in to replace) on line 2.
    const good = `{\n  "entries": [${entry('WF_1995', 'Placed Right', ', "override": true')}]\n}\n`;
    const uri = tmpFile('placed.errcodes.jsonc', good);
    const checks = watchCatalogChecks(uri);
    try {
      await setting('userCatalogs', [uri.toString()]);
      await checks.next((r) => r.version === undefined && r.problems > 0);
      assert.ok(catalogProblems(uri).some((d) => d.severity === vscode.DiagnosticSeverity.Warning && d.range.start.line === 1), 'the merge warning of the good version, on line 2');
      const editor = await vscode.window.showTextDocument(await vscode.workspace.openTextDocument(uri));
      // Unsaved: three comment lines on top, and the closing brace gone.
      const broken = `// one\n// two\n// three\n${good.slice(0, good.lastIndexOf('}'))}`;
      assert.ok(await editor.edit((e) => e.replace(new vscode.Range(0, 0, editor.document.lineCount, 0), broken)));
      await checks.next((r) => r.version === editor.document.version);
      const expected = parseCatalogText(editor.document.getText(), uri.toString()).problems.map((p) => `${p.line - 1}:${p.column - 1}:${p.message}`).sort();
      assert.ok(expected.length > 0, 'the broken text has problems');
      const shown = catalogProblems(uri).map((d) => `${d.range.start.line}:${d.range.start.character}:${d.message}`).sort();
      assert.deepEqual(shown, expected, 'exactly the problems of the text in the buffer, where they are in it');
      assert.ok(services.catalogs.current.findCode('WF_1995', 'workflows'), 'the last good version stays in use');
    } finally {
      checks.dispose();
      await closeAllEditors();
      await setting('userCatalogs', undefined);
      await services.catalogs.ready();
    }
  });
});
