// The sidebar through the real API: the "Error Catalog" and "Errors in Open Files" tree views, the
// catalog filter, the entry commands, the details webview and the `errcode:` virtual documents.
// The tree providers live in the extension's bundle, not in this one: the extension publishes them
// (outside production) under Symbol.for('errcode.testHooks'); see publishTestHook in details.ts.
import * as assert from 'node:assert/strict';
import * as os from 'node:os';
import * as path from 'node:path';
import { suite, suiteSetup, teardown, test } from 'mocha';
import * as vscode from 'vscode';
import type { ErrcodeApi } from '../../src/extension/activate';
import type { CatalogNode, CatalogTreeProvider, EntryNode } from '../../src/extension/features/catalogTree';
import type { ErrorsNode, ErrorsTreeProvider } from '../../src/extension/features/errorsView';
import { closeAllEditors, getExtension, openFixture, waitFor } from './util';

interface TestHooks {
  catalogTree?: CatalogTreeProvider;
  errorsView?: ErrorsTreeProvider;
  detailsHtml?: () => string | undefined;
}

function hooks(): TestHooks {
  const h = (globalThis as unknown as Record<symbol, TestHooks | undefined>)[Symbol.for('errcode.testHooks')];
  assert.ok(h, 'the extension published no test hooks (is it running in production mode?)');
  return h;
}

function catalogTree(): CatalogTreeProvider {
  const p = hooks().catalogTree;
  assert.ok(p, 'no catalog tree provider');
  return p;
}

function errorsView(): ErrorsTreeProvider {
  const p = hooks().errorsView;
  assert.ok(p, 'no errors view provider');
  return p;
}

function labelOf(item: vscode.TreeItem): string {
  const l = item.label;
  return typeof l === 'string' ? l : (l?.label ?? '');
}

async function children(provider: vscode.TreeDataProvider<CatalogNode>, node?: CatalogNode): Promise<CatalogNode[]> {
  return (await provider.getChildren(node)) ?? [];
}

/** Every entry node of the catalog tree, depth first. */
async function allEntries(provider: CatalogTreeProvider): Promise<EntryNode[]> {
  const out: EntryNode[] = [];
  for (const api of await children(provider)) {
    for (const category of await children(provider, api)) {
      for (const entry of await children(provider, category)) if (entry.kind === 'entry') out.push(entry);
    }
  }
  return out;
}

async function errorsChildren(node?: ErrorsNode): Promise<ErrorsNode[]> {
  return (await errorsView().getChildren(node)) ?? [];
}

let api: ErrcodeApi;

suite('sidebar: Error Catalog', () => {
  suiteSetup(async () => {
    api = (await getExtension().activate()) as ErrcodeApi;
    await api.services.catalogs.ready();
  });
  teardown(async () => {
    await vscode.commands.executeCommand('errcode.clearCatalogFilter');
    await closeAllEditors();
  });

  test('API → category → entry, with descriptions, context values, icons and the click command', async () => {
    const provider = catalogTree();
    const roots = await children(provider);
    const apiIds = roots.map((r) => (r.kind === 'api' ? r.apiId : ''));
    for (const id of ['workflows', 'wireflow', 'flows', 'orchestrator']) assert.ok(apiIds.includes(id), `API node ${id} missing: ${apiIds.join(', ')}`);
    const workflows = roots.find((r) => r.kind === 'api' && r.apiId === 'workflows')!;
    assert.equal(workflows.contextValue, 'api');
    assert.equal(labelOf(workflows), 'Workflows API');
    const categories = await children(provider, workflows);
    assert.deepEqual(categories.map(labelOf).slice(0, 2), ['General', 'Workflow']);
    const workflowCategory = categories.find((c) => labelOf(c) === 'Workflow')!;
    assert.equal(workflowCategory.contextValue, 'category');
    const entries = (await children(provider, workflowCategory)) as EntryNode[];
    const wf1102 = entries.find((e) => e.entryId === 'workflows:WF_1102');
    assert.ok(wf1102, 'WF_1102 under Workflows / Workflow');
    assert.equal(wf1102.description, '409');
    assert.equal(labelOf(wf1102), 'WF_1102 Workflow Not Running');
    assert.equal(wf1102.contextValue, 'entry');
    assert.ok(wf1102.iconPath instanceof vscode.ThemeIcon);
    assert.deepEqual(wf1102.command && { command: wf1102.command.command, arguments: wf1102.command.arguments }, { command: 'errcode.showEntry', arguments: ['workflows:WF_1102'] });
    const wf1103 = entries.find((e) => e.entryId === 'workflows:WF_1103')!;
    assert.equal(wf1103.description, '500/504');
    assert.equal(wf1103.contextValue, 'entry.retryable', 'retryable entries get their own context value (insert retry handler)');
    // Orchestrator 409 retries only after a reconcile, which a handler cannot do: no "insert retry handler".
    assert.equal(provider.nodeOf('orchestrator:409')?.contextValue, 'entry');
    // Job reasons have no status: their retry advice is the description.
    const orchestrator = roots.find((r) => r.kind === 'api' && r.apiId === 'orchestrator')!;
    const jobFailure = (await children(provider, orchestrator)).find((c) => labelOf(c) === 'Job failure')!;
    const noProvider = (await children(provider, jobFailure)).find((e) => e.kind === 'entry' && e.entryId === 'orchestrator:no_provider_available')!;
    assert.match(String(noProvider.description), /retry/);
    // The four built-in APIs hold every built-in entry.
    const builtin = api.services.catalogs.current.entries.filter((e) => e.source === undefined).length;
    assert.ok((await allEntries(provider)).length >= builtin);
  });

  test('tooltips are the Markdown explanation, untrusted', async () => {
    const provider = catalogTree();
    const node = provider.nodeOf('workflows:WF_1102')!;
    const item = provider.resolveTreeItem(node, node);
    const tooltip = (item ?? node).tooltip;
    assert.ok(tooltip instanceof vscode.MarkdownString);
    assert.match(tooltip.value, /\*\*WF\\_1102 Workflow Not Running \\\(409\\\)\*\*/);
    assert.match(tooltip.value, /What it means/);
    assert.ok(!tooltip.isTrusted, 'tooltips must not be trusted');
    assert.doesNotMatch(tooltip.value, /command:/);
  });

  test('getParent walks entry → category → API, and reveal selects the entry in the view', async () => {
    const provider = catalogTree();
    const node = provider.nodeOf('workflows:WF_1102')!;
    const category = provider.getParent(node)!;
    assert.equal(category.kind, 'category');
    assert.equal(labelOf(category), 'Workflow');
    const apiNode = provider.getParent(category)!;
    assert.equal(apiNode.kind, 'api');
    assert.equal(provider.getParent(apiNode), undefined);
    assert.ok(await provider.reveal('workflows:WF_1102'));
    const selected = await waitFor(() => provider.view.selection[0], { message: 'a selection in the catalog view' });
    assert.equal((selected as EntryNode).entryId, 'workflows:WF_1102');
    assert.ok(provider.view.visible, 'reveal showed the view');
  });

  test('the filter narrows the tree and shows in the view description; clearing restores it', async () => {
    const provider = catalogTree();
    const before = (await allEntries(provider)).length;
    await vscode.commands.executeCommand('errcode.filterCatalog', 'WF_1102');
    assert.equal(provider.view.description, 'filter: "WF_1102"');
    assert.equal(provider.filter, 'WF_1102');
    const filtered = await allEntries(provider);
    assert.ok(filtered.length >= 1 && filtered.length < before, `${filtered.length} of ${before}`);
    assert.equal(filtered[0].entryId, 'workflows:WF_1102');
    const expected = new Set(api.services.catalogs.current.search('WF_1102').map((e) => e.id));
    for (const e of filtered) assert.ok(expected.has(e.entryId), `${e.entryId} does not match the filter`);
    // An API with no match has no node; matching nodes open so the matches are visible.
    const roots = await children(provider);
    assert.ok(roots.every((r) => r.kind === 'api' && r.collapsibleState === vscode.TreeItemCollapsibleState.Expanded));

    await vscode.commands.executeCommand('errcode.filterCatalog', '429');
    const rate = await allEntries(provider);
    assert.ok(rate.some((e) => e.entryId === 'wireflow:429') && rate.some((e) => e.entryId === 'orchestrator:429'), 'a status matches across APIs');
    assert.ok(rate.every((e) => e.entry.statuses.includes(429) || api.services.catalogs.current.search('429').includes(e.entry)));

    await vscode.commands.executeCommand('errcode.filterCatalog', 'no such thing at all zzz');
    assert.deepEqual(await children(provider), []);
    assert.match(provider.view.message ?? '', /No entry matches/);

    await vscode.commands.executeCommand('errcode.clearCatalogFilter');
    assert.equal(provider.view.description, undefined);
    assert.equal(provider.view.message, undefined);
    assert.equal(provider.filter, undefined);
    assert.equal((await allEntries(provider)).length, before);
  });

  test('entry commands: copy code, copy example body (tree item or id), find in workspace', async () => {
    const provider = catalogTree();
    const node = provider.nodeOf('workflows:WF_1102')!;
    assert.equal(await vscode.commands.executeCommand('errcode.copyCode', node), 'WF_1102');
    assert.equal(await vscode.env.clipboard.readText(), 'WF_1102');
    const body = await vscode.commands.executeCommand<string>('errcode.copyExample', 'workflows:WF_1102');
    assert.match(body ?? '', /"code": "WF_1102"/);
    assert.equal(await vscode.env.clipboard.readText(), body);
    // No example: nothing copied, a message instead (the command resolves to undefined).
    assert.equal(await vscode.commands.executeCommand('errcode.copyExample', 'workflows:WF_1000'), undefined);
    assert.equal(await vscode.env.clipboard.readText(), body);
    await vscode.commands.executeCommand('errcode.findInWorkspace', node);
  });

  test('a user catalog appears under its own API node, and user entries of a built-in API are marked', async () => {
    const file = vscode.Uri.file(path.join(os.tmpdir(), `errcode-sidebar-${process.pid}.errcodes.jsonc`));
    const text = JSON.stringify({
      apis: [{ id: 'acme', name: 'Acme Billing API', description: 'Our own API', bodyShape: '{"err"}' }],
      entries: [
        { api: 'acme', code: 'ACME_42', name: 'Card Declined', statuses: [402], category: 'Payments', description: 'The card was declined.', resolution: 'Ask for another card.', retry: { decision: 'no' } },
        { api: 'workflows', code: 'WF_1950', name: 'Team Quota', statuses: [429], description: 'Our gateway limit.', resolution: 'Wait.', retry: { decision: 'yes' } },
      ],
    });
    await vscode.workspace.fs.writeFile(file, new TextEncoder().encode(text));
    const config = vscode.workspace.getConfiguration('errcode');
    const previous = config.inspect<string[]>('userCatalogs')?.globalValue;
    try {
      await config.update('userCatalogs', [file.fsPath], vscode.ConfigurationTarget.Global);
      const provider = catalogTree();
      await waitFor(() => api.services.catalogs.current.get('acme:ACME_42'), { message: 'the user catalog to load' });
      const roots = await waitFor(async () => {
        const r = await children(provider);
        return r.some((n) => n.kind === 'api' && n.apiId === 'acme') ? r : undefined;
      }, { message: 'the acme API node' });
      const acme = roots.find((n) => n.kind === 'api' && n.apiId === 'acme')!;
      assert.equal(labelOf(acme), 'Acme Billing API');
      assert.match(String(acme.description), /user catalog/);
      const payments = (await children(provider, acme)).find((c) => labelOf(c) === 'Payments')!;
      const [acme42] = (await children(provider, payments)) as EntryNode[];
      assert.equal(acme42.entryId, 'acme:ACME_42');
      assert.equal(acme42.description, '402 (user)');
      const wf1950 = provider.nodeOf('workflows:WF_1950')!;
      assert.ok(wf1950, 'user entry of a built-in API');
      assert.equal(wf1950.description, '429 (user)');
      assert.equal(wf1950.contextValue, 'entry.retryable');
      assert.equal((wf1950.iconPath as vscode.ThemeIcon).id, 'person');
      assert.notEqual((provider.nodeOf('workflows:WF_1102')!.iconPath as vscode.ThemeIcon).id, 'person');
    } finally {
      await config.update('userCatalogs', previous, vscode.ConfigurationTarget.Global);
      await vscode.workspace.fs.delete(file);
      await waitFor(() => !api.services.catalogs.current.get('acme:ACME_42'), { message: 'the user catalog to unload' });
    }
    assert.ok(!(await children(catalogTree())).some((n) => n.kind === 'api' && n.apiId === 'acme'), 'the tree follows the catalog');
  });
});

suite('sidebar: Errors in Open Files', () => {
  suiteSetup(async () => {
    api = (await getExtension().activate()) as ErrcodeApi;
    api.services.errors.clear(); // results of an earlier suite's workspace scan
    await closeAllEditors();
  });
  teardown(async () => {
    api.services.errors.clear();
    await closeAllEditors();
  });

  test('findings of an open log grouped API → code with counts; an occurrence opens its line', async () => {
    const editor = await openFixture('features/gateway.log');
    const doc = editor.document;
    const roots = await waitFor(async () => {
      errorsView().refresh();
      const r = await errorsChildren();
      return r.some((n) => n.kind === 'api' && n.apiId === 'workflows') && r.some((n) => n.kind === 'api' && n.apiId === 'orchestrator') ? r : undefined;
    }, { message: 'API groups for gateway.log' });
    const apiIds = roots.map((n) => (n.kind === 'api' ? n.apiId : n.kind));
    assert.deepEqual(apiIds, ['workflows', 'wireflow', 'flows', 'orchestrator']);
    const findings = api.services.scans.get(doc);
    let total = 0;
    for (const group of roots) {
      assert.equal(group.kind, 'api');
      const codes = await errorsChildren(group);
      const sum = codes.reduce((n, c) => n + (c.kind === 'code' ? c.count : 0), 0);
      assert.equal(group.description, String(sum), `count of ${labelOf(group)}`);
      for (const c of codes) {
        assert.equal(c.kind, 'code');
        assert.match(String(c.description), new RegExp(`^${(await errorsChildren(c)).length}( · |$)`), 'the count first');
      }
      total += sum;
    }
    assert.equal(total, findings.length, 'every finding of the log is listed once');

    const workflows = roots.find((n) => n.kind === 'api' && n.apiId === 'workflows')!;
    const codes = await errorsChildren(workflows);
    const wf1102 = codes.find((c) => labelOf(c) === 'WF_1102');
    assert.ok(wf1102, codes.map(labelOf).join(', '));
    assert.equal(wf1102.description, '1 · Workflow Not Running');
    const [occurrence] = await errorsChildren(wf1102);
    assert.equal(occurrence.kind, 'occurrence');
    const line = doc.getText().split('\n').findIndex((l) => l.includes('"code": "WF_1102"'));
    assert.equal(occurrence.description, `gateway.log:${line + 1}`);
    assert.match(labelOf(occurrence), /^ERROR POST \/v1\/workflows\/executions\/exec_7Hq2\/signal status=409/, 'the line, without its timestamp');
    assert.equal(errorsView().getParent(occurrence), wf1102);
    assert.equal(errorsView().getParent(wf1102), workflows);

    const flows = roots.find((n) => n.kind === 'api' && n.apiId === 'flows')!;
    const graphql = (await errorsChildren(flows)).find((c) => labelOf(c) === 'BAD_USER_INPUT');
    assert.equal(graphql?.description, '1 · HTTP 200', 'a GraphQL code is its own group');

    // Go somewhere else, then follow the occurrence's own command.
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    const command = occurrence.command!;
    assert.equal(command.command, 'errcode.revealOccurrence');
    await vscode.commands.executeCommand(command.command, ...(command.arguments ?? []));
    const active = await waitFor(() => vscode.window.activeTextEditor, { message: 'an editor' });
    assert.equal(active.document.uri.toString(), doc.uri.toString());
    assert.equal(active.selection.active.line, line);
  });

  test('closing the file empties the view; a requested scan shows under its own node', async () => {
    const editor = await openFixture('features/gateway.log');
    const uri = editor.document.uri;
    const findings = api.services.scans.get(editor.document).map((finding) => {
      const p = editor.document.positionAt(finding.start);
      return { finding, line: p.line, character: p.character };
    });
    await closeAllEditors();
    await waitFor(async () => {
      errorsView().refresh();
      return (await errorsChildren()).length === 0;
    }, { message: 'the view to empty once the file is closed' });

    api.services.errors.set('Workspace scan', [{ uri, findings }]);
    const [scan] = await waitFor(async () => {
      const r = await errorsChildren();
      return r.length === 1 && r[0].kind === 'scan' ? r : undefined;
    }, { message: 'the scan node' });
    assert.equal(labelOf(scan), 'Workspace scan');
    assert.match(String(scan.description), new RegExp(`^${findings.length} in 1 file`));
    const groups = await errorsChildren(scan);
    assert.deepEqual(groups.map((g) => (g.kind === 'api' ? g.apiId : '')), ['workflows', 'wireflow', 'flows', 'orchestrator']);
    const wireflow = groups.find((g) => g.kind === 'api' && g.apiId === 'wireflow')!;
    const rate = (await errorsChildren(wireflow)).find((c) => labelOf(c).startsWith('429'))!;
    const [occurrence] = await errorsChildren(rate);
    await vscode.commands.executeCommand(occurrence.command!.command, ...(occurrence.command!.arguments ?? []));
    const active = await waitFor(() => vscode.window.activeTextEditor, { message: 'an editor' });
    assert.equal(active.document.uri.toString(), uri.toString());
    const expected = findings.find((f) => f.finding.entry === 'wireflow:429')!;
    assert.equal(active.selection.active.line, expected.line);

    // Arguments are validated: a bad one is reported, nothing opens.
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    await vscode.commands.executeCommand('errcode.revealOccurrence', { uri: uri.toString(), offset: -1 });
    assert.equal(vscode.window.activeTextEditor, undefined);
  });
});

suite('sidebar: details', () => {
  suiteSetup(async () => {
    api = (await getExtension().activate()) as ErrcodeApi;
  });
  teardown(closeAllEditors);

  function detailsTab(): vscode.Tab | undefined {
    return vscode.window.tabGroups.all.flatMap((g) => g.tabs).find((t) => t.input instanceof vscode.TabInputWebview && t.input.viewType.includes('errcode.details'));
  }

  test('showEntry opens one webview with the entry, its example body (escaped) and a strict CSP', async () => {
    await vscode.commands.executeCommand('errcode.showEntry', 'workflows:WF_1102');
    const html = hooks().detailsHtml?.() ?? '';
    const entry = api.services.catalogs.current.get('workflows:WF_1102')!;
    assert.match(html, /<h1>WF_1102 Workflow Not Running \(409\)<\/h1>/);
    const escaped = entry.description.replace(/[&<>"'`]/g, (c) => `&${{ '&': 'amp', '<': 'lt', '>': 'gt', '"': 'quot', "'": '#39', '`': '#96' }[c]};`);
    assert.ok(html.includes(escaped), 'the description, escaped');
    assert.ok(html.includes('&quot;detail&quot;: &quot;Workflow not running&quot;'), 'the example body, escaped');
    assert.match(html, /<pre><code>/);
    assert.match(html, /<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src [^"]+ 'nonce-[^']+'; img-src [^"]+;">/);
    assert.doesNotMatch(html, /<script/i);
    const tab = await waitFor(detailsTab, { message: 'the details tab' });
    assert.match(tab.label, /WF_1102/);

    // A tree item works as the argument too, and the panel is reused.
    const node = catalogTree().nodeOf('wireflow:429')!;
    await vscode.commands.executeCommand('errcode.showEntry', node);
    assert.match(hooks().detailsHtml?.() ?? '', /<h1>429 Too Many Requests<\/h1>/);
    await waitFor(() => /429/.test(detailsTab()?.label ?? ''), { message: 'the reused tab to show 429' });
    assert.equal(vscode.window.tabGroups.all.flatMap((g) => g.tabs).filter((t) => t.input instanceof vscode.TabInputWebview && t.input.viewType.includes('errcode.details')).length, 1);
  });

  test('showFinding explains a body with the facts found in it', async () => {
    const editor = await openFixture('features/gateway.log');
    const doc = editor.document;
    const finding = api.services.scans.get(doc).find((f) => f.entry === 'wireflow:402')!;
    assert.ok(finding, 'the 402 body of gateway.log');
    await vscode.commands.executeCommand('errcode.showFinding', { uri: doc.uri.toString(), offset: finding.start + 2 });
    const html = hooks().detailsHtml?.() ?? '';
    assert.match(html, /In this body/);
    assert.match(html, /short by 7 credits/);
    assert.match(html, /Text to Image/);
  });

  test('the errcode: virtual document holds the Markdown explanation', async () => {
    const doc = await vscode.workspace.openTextDocument(vscode.Uri.parse('errcode:/workflows:WF_1102.md'));
    assert.equal(doc.languageId, 'markdown');
    const text = doc.getText();
    assert.match(text, /^\*\*WF\\_1102 Workflow Not Running \\\(409\\\)\*\*/);
    assert.match(text, /\*\*What to do:\*\*/);
    assert.match(text, /"detail": "Workflow not running"/, 'with the example body');
    const missing = await vscode.workspace.openTextDocument(vscode.Uri.parse('errcode:/workflows:WF_9999.md'));
    assert.match(missing.getText(), /not in the catalog/);
  });
});
