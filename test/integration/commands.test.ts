// Command palette features through the real API: look-up (the seam and the real QuickPick), explain at
// cursor / selection / clipboard, the copy commands behind hover links, the user catalog, the workspace
// scan, the streaming log scan of a file over 50 MB, and terminal links.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { suite, suiteSetup, suiteTeardown, teardown, test } from 'mocha';
import * as vscode from 'vscode';
import { parseCatalogText } from '../../src/core/catalog/catalogFile';
import type { ErrcodeApi, Services } from '../../src/extension/activate';
import type { ExplainSelectionResult } from '../../src/extension/features/explainCommands';
import { lookUpItems } from '../../src/extension/features/lookUp';
import type { LogScanResult } from '../../src/extension/features/scanLogFile';
import { excludeGlob, includeGlob, type WorkspaceScanResult } from '../../src/extension/features/scanWorkspace';
import { ErrorCodeTerminalLinkProvider } from '../../src/extension/features/terminalLinks';
import type { OpenUserCatalogResult } from '../../src/extension/features/userCatalog';
import { closeAllEditors, fixtureUri, getExtension, driveQuickPicks, openFixture, positionOf, recordMetric, waitFor } from './util';

let services: Services;

function allTabLabels(): string[] {
  return vscode.window.tabGroups.all.flatMap((g) => g.tabs.map((t) => t.label));
}

function waitForTab(label: string): Promise<string> {
  return waitFor(() => allTabLabels().find((l) => l === label), { message: `a tab "${label}" (open: ${allTabLabels().join(', ')})` });
}

async function clipboardHolds(text: string): Promise<void> {
  await waitFor(async () => (await vscode.env.clipboard.readText()) === text, { timeoutMs: 3000, message: 'the clipboard to hold the copied text' });
}

suite('command palette', () => {
  suiteSetup(async () => {
    const api = (await getExtension().activate()) as ErrcodeApi;
    services = api.services;
    await services.catalogs.ready();
  });
  teardown(closeAllEditors);

  suite('Look Up Error Code…', () => {
    test('lookUpItems: every entry when empty, grouped by API; message text ranks WF_1102 first', () => {
      const catalog = services.catalogs.current;
      const all = lookUpItems(catalog, '');
      const entries = all.filter((i) => i.entryId);
      assert.equal(entries.length, catalog.entries.length);
      assert.ok(all.some((i) => i.kind === vscode.QuickPickItemKind.Separator && i.label === 'Workflows API'));
      const wf1102 = entries.find((i) => i.entryId === 'workflows:WF_1102');
      assert.ok(wf1102);
      assert.equal(wf1102.label, 'WF_1102');
      assert.match(wf1102.description ?? '', /Workflow Not Running · 409/);
      assert.match(wf1102.detail ?? '', /^Workflows API · Workflow/);

      const notRunning = lookUpItems(catalog, 'not running');
      assert.equal(notRunning[0].entryId, 'workflows:WF_1102');
      assert.ok(notRunning.every((i) => i.alwaysShow), 're-ranked items are all shown, in this order');
      assert.equal(lookUpItems(catalog, 'no_provider_available')[0].entryId, 'orchestrator:no_provider_available');
      assert.equal(lookUpItems(catalog, '429')[0].label, '429');
      const unknown = lookUpItems(catalog, 'WF_1110');
      assert.match(unknown[0].label, /No entry matches/);
      assert.equal(unknown[0].entryId, undefined);
      assert.ok(unknown.slice(1).some((i) => i.entryId?.startsWith('workflows:WF_11')), 'nearest known codes offered');
    });

    test('the real QuickPick: the query argument pre-fills it, accepting opens WF_1102 details', async () => {
      const chosen = await driveQuickPicks(() => vscode.commands.executeCommand<string | undefined>('errcode.lookUp', 'not running'));
      assert.equal(chosen, 'workflows:WF_1102');
      await waitForTab('Error: WF_1102');
    });

    test('closing the QuickPick opens nothing', async () => {
      const chosen = await driveQuickPicks(() => vscode.commands.executeCommand<string | undefined>('errcode.lookUp', 'WF_1103'), 'workbench.action.closeQuickOpen');
      assert.equal(chosen, undefined);
    });
  });

  suite('explain', () => {
    test('Explain Error at Cursor: the finding under the cursor opens in the details view', async () => {
      const editor = await openFixture('features/gateway.log');
      const pos = positionOf(editor.document, 'WF_1104');
      editor.selection = new vscode.Selection(pos, pos);
      const ref = await vscode.commands.executeCommand<{ uri: string; offset: number } | undefined>('errcode.explainAtCursor');
      assert.ok(ref);
      assert.equal(ref.uri, editor.document.uri.toString());
      assert.equal(editor.document.getText(new vscode.Range(editor.document.positionAt(ref.offset), editor.document.positionAt(ref.offset + 7))), 'WF_1104');
      await waitForTab('Error: WF_1104');
    });

    test('Explain Error at Cursor on a quiet line: a message, no crash', async () => {
      const editor = await openFixture('features/gateway.log');
      editor.selection = new vscode.Selection(0, 0, 0, 0);
      assert.equal(await vscode.commands.executeCommand('errcode.explainAtCursor'), undefined);
    });

    test('Explain Selection: a selected body becomes a Markdown explanation with its facts', async () => {
      const editor = await openFixture('features/gateway.log');
      const line = editor.document.lineAt(positionOf(editor.document, 'requiredCredits').line);
      editor.selection = new vscode.Selection(line.range.start, line.range.end);
      const result = await vscode.commands.executeCommand<ExplainSelectionResult>('errcode.explainSelection');
      assert.equal(result.kind, 'findings');
      assert.deepEqual(result.entryIds, ['wireflow:402']);
      assert.ok(result.document);
      const doc = await vscode.workspace.openTextDocument(result.document);
      assert.equal(doc.languageId, 'markdown');
      assert.match(doc.getText(), /short by 7 credits/);
      assert.match(doc.getText(), /```json\n\{"error": "Insufficient credits/);
    });

    test('Explain Clipboard: a bare job reason opens its entry; a status of several APIs gives one document; nonsense says so', async () => {
      await vscode.commands.executeCommand('workbench.action.closeAllEditors');
      const saved = await vscode.env.clipboard.readText();
      try {
        await vscode.env.clipboard.writeText('no_provider_available');
        const reason = await vscode.commands.executeCommand<ExplainSelectionResult>('errcode.explainSelection');
        assert.deepEqual(reason, { kind: 'entries', entryIds: ['orchestrator:no_provider_available'] });
        await waitForTab('Error: no_provider_available');

        await vscode.env.clipboard.writeText('401');
        const status = await vscode.commands.executeCommand<ExplainSelectionResult>('errcode.explainSelection');
        assert.equal(status.kind, 'entries');
        assert.ok(status.entryIds.length >= 2, `401 in several APIs: ${status.entryIds.join(', ')}`);
        assert.ok(status.document);
        assert.match((await vscode.workspace.openTextDocument(status.document)).getText(), /^# 401 in \d APIs/);

        await vscode.env.clipboard.writeText('{"detail": "Workflow not running", "code": "WF_1102", "status": "COMPLETED"}');
        const body = await vscode.commands.executeCommand<ExplainSelectionResult>('errcode.explainSelection');
        assert.equal(body.kind, 'findings');
        assert.match((await vscode.workspace.openTextDocument(body.document!)).getText(), /Current workflow status/);

        await vscode.env.clipboard.writeText('all quiet here');
        const none = await vscode.commands.executeCommand<ExplainSelectionResult>('errcode.explainSelection');
        assert.equal(none.kind, 'none');
      } finally {
        await vscode.env.clipboard.writeText(saved);
      }
    });

    test('Copy Explanation and Copy Support Report (hover link arguments) put the text on the clipboard', async () => {
      const editor = await openFixture('features/gateway.log');
      const doc = editor.document;
      const code = { uri: doc.uri.toString(), offset: doc.offsetAt(positionOf(doc, 'WF_1104')) - 3 };
      const explanation = await vscode.commands.executeCommand<string>('errcode.copyExplanation', code);
      assert.match(explanation, /^WF_1104 Workflow Registration Failed \(500\)\n/);
      assert.match(explanation, /What to do:/);
      await clipboardHolds(explanation);

      const bodyAt = doc.getText().indexOf('{"detail": "An error occurred", "code": "WF_1103"}');
      const report = await vscode.commands.executeCommand<string>('errcode.copySupportReport', { uri: doc.uri.toString(), offset: bodyAt + 5 });
      assert.match(report, /^API: Workflows API\nError: WF_1103 \(Platform Request Failed\)\nHTTP status: 504\nRequest id: req_01JD4KB7Q\n/);
      assert.match(report, /Found in: features\/gateway\.log/);
      assert.match(report, /Body:\n\{"detail": "An error occurred", "code": "WF_1103"\}/);
      await clipboardHolds(report);
    });

    test('invalid arguments are reported, never thrown, and leave the clipboard alone', async () => {
      await vscode.env.clipboard.writeText('unchanged');
      const doc = (await openFixture('features/gateway.log')).document;
      for (const arg of [undefined, 'garbage', 42, { uri: 5, offset: 1 }, { uri: doc.uri.toString(), offset: -1 }, { uri: doc.uri.toString(), offset: 1.5 }, { uri: 'file:///no/such/file.log', offset: 0 }, { uri: doc.uri.toString(), offset: 0 }]) {
        assert.equal(await vscode.commands.executeCommand('errcode.copyExplanation', arg), undefined, `copyExplanation(${JSON.stringify(arg)})`);
        assert.equal(await vscode.commands.executeCommand('errcode.copySupportReport', arg), undefined, `copySupportReport(${JSON.stringify(arg)})`);
      }
      assert.equal(await vscode.env.clipboard.readText(), 'unchanged');
    });
  });

  suite('Open/Create User Catalog', () => {
    const catalogUri = (): vscode.Uri => fixtureUri('.vscode/errcodes.jsonc');
    const remove = async (): Promise<void> => {
      try {
        await vscode.workspace.fs.delete(catalogUri());
      } catch {
        // not there
      }
    };
    suiteSetup(remove);
    teardown(async () => {
      await closeAllEditors();
      await remove();
      await waitFor(async () => {
        await services.catalogs.ready();
        return !services.catalogs.current.entries.some((e) => e.source !== undefined);
      }, { message: 'the user catalog entries to go away after deleting the file' });
    });

    test('creates .vscode/errcodes.jsonc from a template wired to the schema, opens it, never overwrites it', async () => {
      const result = await vscode.commands.executeCommand<OpenUserCatalogResult>('errcode.openUserCatalog');
      assert.ok(result?.created);
      assert.equal(result.uri.toString(), catalogUri().toString());
      const text = new TextDecoder().decode(await vscode.workspace.fs.readFile(catalogUri()));
      assert.match(text, /"\$schema": ".*\/dist\/catalog\.schema\.json"/);
      assert.match(text, /"kind": "graphql-code"/);
      assert.match(text, /"api": "flows"/);
      const parsed = parseCatalogText(text, 'errcodes.jsonc');
      assert.deepEqual(parsed.problems.filter((p) => p.severity === 'error'), [], 'the template is a valid catalog');
      assert.equal(vscode.window.activeTextEditor?.document.uri.toString(), catalogUri().toString());
      assert.equal(vscode.window.activeTextEditor?.document.languageId, 'jsonc');

      await vscode.workspace.fs.writeFile(catalogUri(), new TextEncoder().encode('{ "entries": [] } // mine\n'));
      const again = await vscode.commands.executeCommand<OpenUserCatalogResult>('errcode.openUserCatalog');
      assert.equal(again?.created, false);
      assert.equal(new TextDecoder().decode(await vscode.workspace.fs.readFile(catalogUri())), '{ "entries": [] } // mine\n');
    });

    test('a new code in the user catalog shows up in Look Up Error Code…', async () => {
      const userCatalog = {
        entries: [{ api: 'flows', kind: 'graphql-code', code: 'TEAM_QUOTA_EXCEEDED', name: 'Team quota exceeded', statuses: [200], messages: ['Team quota exceeded for this month'] }],
      };
      await vscode.workspace.fs.createDirectory(fixtureUri('.vscode'));
      await vscode.workspace.fs.writeFile(catalogUri(), new TextEncoder().encode(JSON.stringify(userCatalog, null, 2)));
      // Catalogs reload through a file watcher.
      await waitFor(async () => {
        await services.catalogs.ready();
        return services.catalogs.current.get('flows:TEAM_QUOTA_EXCEEDED');
      }, { message: 'the user catalog to be loaded' });
      const items = lookUpItems(services.catalogs.current, 'quota exceeded for this month');
      assert.equal(items[0].entryId, 'flows:TEAM_QUOTA_EXCEEDED');
      assert.match(items[0].detail ?? '', /\(user catalog\)/);
      const chosen = await driveQuickPicks(() => vscode.commands.executeCommand<string | undefined>('errcode.lookUp', 'TEAM_QUOTA_EXCEEDED'));
      assert.equal(chosen, 'flows:TEAM_QUOTA_EXCEEDED');
    });
  });

  suite('Scan Workspace for Error Codes', () => {
    // Later suites (the Errors view's) expect no requested scan in the view.
    suiteTeardown(() => services.errors.clear());

    test('the fallback file listing: globs from the language settings and the excludes', () => {
      assert.equal(includeGlob(['typescript', 'python', 'no-such-language']), '**/*.{cts,jsonl,log,mts,ndjson,out,py,ts}');
      assert.equal(excludeGlob(['**/node_modules/**'], { '**/.git': true, '**/*.{tmp,bak}': true, '**/dist': false }), '{**/node_modules/**,**/.git}');
      assert.equal(excludeGlob([], {}), undefined);
    });

    test('publishes the findings of the fixture workspace to the Errors view, with line numbers', async () => {
      const t0 = Date.now();
      const result = await vscode.commands.executeCommand<WorkspaceScanResult>('errcode.scanWorkspace');
      recordMetric('scan_workspace_ms', Date.now() - t0);
      assert.ok(result);
      // 'search' where the host lets the extension use the proposed findTextInFiles, else 'files'.
      recordMetric('scan_workspace_via', result.via);
      assert.equal(result.cancelled, false);
      assert.ok(result.files >= 7, `files scanned: ${result.files}`);
      assert.equal(services.errors.label, 'workspace');
      const gateway = services.errors.scanned.find((f) => f.uri.path.endsWith('/features/gateway.log'));
      assert.ok(gateway, `gateway.log among ${services.errors.scanned.map((f) => f.uri.path).join(', ')}`);
      assert.ok(services.errors.scanned.some((f) => f.uri.path.endsWith('/features/structured.jsonl')));
      assert.ok(services.errors.scanned.some((f) => f.uri.path.endsWith('/features/quiet.ts')), 'codes in source files count too');
      assert.ok(!services.errors.scanned.some((f) => f.uri.path.endsWith('/.vscode/settings.json')), 'files without errors are left out');
      const doc = await vscode.workspace.openTextDocument(gateway.uri);
      const wf1104 = gateway.findings.find((f) => f.finding.code === 'WF_1104');
      assert.ok(wf1104);
      const at = positionOf(doc, 'WF_1104');
      assert.equal(wf1104.line, at.line);
      assert.equal(doc.getText(new vscode.Range(wf1104.line, wf1104.character, wf1104.line, wf1104.character + 7)), 'WF_1104');
      assert.equal(result.findings, services.errors.scanned.reduce((n, f) => n + f.findings.length, 0));
    });

    test('the findFiles fallback publishes the same files as the search', async () => {
      const search = await vscode.commands.executeCommand<WorkspaceScanResult>('errcode.scanWorkspace');
      const withSearch = services.errors.scanned.map((f) => `${f.uri.toString()}:${f.findings.length}`);
      const files = await vscode.commands.executeCommand<WorkspaceScanResult>('errcode.scanWorkspace', { via: 'files' });
      assert.equal(files.via, 'files');
      assert.ok(files.files >= search.files, 'the fallback reads every file of the configured languages');
      assert.deepEqual(services.errors.scanned.map((f) => `${f.uri.toString()}:${f.findings.length}`), withSearch);
      assert.equal(files.findings, search.findings);
    });
  });

  suite('Scan Log File…', () => {
    const tmp = path.join(os.tmpdir(), `errcode-big-${process.pid}.log`);
    const binary = path.join(os.tmpdir(), `errcode-binary-${process.pid}.log.gz`);
    teardown(async () => {
      // The summary report is an untitled document: close it without a save prompt.
      for (const doc of vscode.workspace.textDocuments.filter((d) => d.isUntitled)) {
        await vscode.window.showTextDocument(doc);
        await vscode.commands.executeCommand('workbench.action.revertAndCloseActiveEditor');
      }
      fs.rmSync(tmp, { force: true });
      fs.rmSync(binary, { force: true });
      services.errors.clear();
    });

    test('streams a 60 MB log from disk: counts per code, first lines, Errors view, summary report', async () => {
      // 60 blocks of ~1 MB; each holds 2 WF_1103 literals and one WF_1102 body; the first 7 a Wireflow 402.
      const filler = '2026-11-21T09:14:02.118Z INFO  worker-3 GET /v1/workflows/executions status=200 duration=12ms ok\n';
      const wf1102 = '2026-11-21T09:14:03.007Z ERROR status=409 body={"detail": "Workflow not running", "code": "WF_1102", "status": "COMPLETED"}\n';
      const wf1103 = '2026-11-21T09:14:12.004Z INFO  retrying after WF_1103 (attempt 2 of 5)\n';
      const w402 = '2026-11-21T09:18:00.250Z ERROR wireflow status=402 {"error": "Insufficient credits. Required: 10, Available: 3", "insufficientCredits": true, "requiredCredits": 10, "availableCredits": 3}\n';
      const expected = { 'WF_1102': [] as number[], 'WF_1103': [] as number[], '402': [] as number[] };
      const out = fs.openSync(tmp, 'w');
      let line = 0;
      try {
        for (let block = 0; block < 60; block++) {
          const lines: string[] = [];
          for (let i = 0; i < 10_500; i++) {
            let l = filler;
            if (i === 100 || i === 7000) { l = wf1103; expected.WF_1103.push(line + i + 1); }
            else if (i === 5000) { l = wf1102; expected.WF_1102.push(line + i + 1); }
            else if (i === 9000 && block < 7) { l = w402; expected['402'].push(line + i + 1); }
            lines.push(l);
          }
          fs.writeSync(out, lines.join(''));
          line += lines.length;
        }
      } finally {
        fs.closeSync(out);
      }
      const size = fs.statSync(tmp).size;
      assert.ok(size > 50 * 1024 * 1024, `the log is over 50 MB (${size})`);

      const result = await vscode.commands.executeCommand<LogScanResult>('errcode.scanLogFile', vscode.Uri.file(tmp));
      assert.ok(result);
      recordMetric('scan_log_60mb_ms', result.ms);
      assert.equal(result.cancelled, false);
      assert.equal(result.bytes, size);
      assert.equal(result.total, 60 + 120 + 7);
      const byCode = new Map(result.codes.map((c) => [c.code, c]));
      assert.equal(byCode.get('WF_1103')?.count, 120);
      assert.equal(byCode.get('WF_1102')?.count, 60);
      assert.equal(byCode.get('402')?.count, 7);
      assert.equal(byCode.get('402')?.api, 'wireflow');
      assert.deepEqual(byCode.get('WF_1102')?.firstLines, expected.WF_1102.slice(0, 50));
      assert.deepEqual(byCode.get('WF_1103')?.firstLines, expected.WF_1103.slice(0, 50));
      assert.deepEqual(byCode.get('402')?.firstLines, expected['402']);

      assert.equal(services.errors.label, path.basename(tmp));
      const [file] = services.errors.scanned;
      assert.equal(file.uri.fsPath, vscode.Uri.file(tmp).fsPath);
      assert.equal(file.total, 187);
      assert.equal(file.findings.length, 50 + 50 + 7, 'first 50 occurrences per code');
      assert.equal(file.findings[0].line, expected.WF_1103[0] - 1, '0-based lines in the Errors view');

      const report = vscode.workspace.textDocuments.find((d) => d.uri.toString() === result.report.toString());
      assert.ok(report);
      assert.equal(report.languageId, 'markdown');
      assert.match(report.getText(), /\*\*Found:\*\* 187 errors, 3 distinct codes/);
      assert.match(report.getText(), /\| WF\\_1103 \| Platform Request Failed \| Workflows API \| 120 \| 101 \|/);
      assert.match(report.getText(), /… and 70 more/);
    });

    test('a binary file gets a clear message, and bad arguments no crash', async () => {
      fs.writeFileSync(binary, Buffer.from([0x1f, 0x8b, 0x08, 0x00, 0x00, 0x00, 0x57, 0x46, 0x5f]));
      assert.equal(await vscode.commands.executeCommand('errcode.scanLogFile', vscode.Uri.file(binary)), undefined);
      assert.equal(await vscode.commands.executeCommand('errcode.scanLogFile', 42), undefined);
      assert.equal(await vscode.commands.executeCommand('errcode.scanLogFile', '/no/such/file.log'), undefined);
    });
  });

  suite('terminal links', () => {
    let terminal: vscode.Terminal | undefined;
    teardown(async () => {
      terminal?.dispose();
      terminal = undefined;
      await vscode.workspace.getConfiguration('errcode').update('terminalLinks.enable', undefined, vscode.ConfigurationTarget.Global);
    });

    test('WF codes in a terminal line become links to their explanation (unknown codes to the look-up)', async () => {
      const write = new vscode.EventEmitter<string>();
      terminal = vscode.window.createTerminal({
        name: 'errcode test',
        pty: { onDidWrite: write.event, open: () => write.fire('job 42 failed with WF_1103\r\n'), close: () => undefined },
      });
      terminal.show();
      const provider = new ErrorCodeTerminalLinkProvider(services);
      const links = provider.provideTerminalLinks({ line: 'job 42 failed with WF_1103; upstream said WF_1110, not XWF_1100', terminal });
      assert.deepEqual(links.map((l) => [l.code, l.startIndex, l.length, l.entryId]), [
        ['WF_1103', 19, 7, 'workflows:WF_1103'],
        ['WF_1110', 42, 7, undefined],
      ]);
      assert.match(links[0].tooltip ?? '', /WF_1103 Platform Request Failed/);
      assert.match(links[1].tooltip ?? '', /not in the catalog/);

      await provider.handleTerminalLink(links[0]);
      await waitForTab('Error: WF_1103');
      // The unknown code opens the look-up with the code typed in; closing it opens nothing.
      await driveQuickPicks(() => provider.handleTerminalLink(links[1]), 'workbench.action.closeQuickOpen');
    });

    test('turning errcode.terminalLinks.enable off stops the links at once', async () => {
      const provider = new ErrorCodeTerminalLinkProvider(services);
      await vscode.workspace.getConfiguration('errcode').update('terminalLinks.enable', false, vscode.ConfigurationTarget.Global);
      await waitFor(() => services.config.settings.terminalLinks === false, { message: 'the setting to apply' });
      terminal = vscode.window.createTerminal({ name: 'errcode test 2' });
      assert.deepEqual(provider.provideTerminalLinks({ line: 'failed with WF_1103', terminal }), []);
    });
  });
});
