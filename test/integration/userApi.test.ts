// Issue 10 in the real editor: a fifth API defined in a user catalog alone (the Ledger API of
// test/fixtures/workspace/ledger/, a copy of the samples' one) gets what the built-in APIs get:
// diagnostics and hovers computed from its own rules, its place in the catalog sidebar, look-up.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { ErrcodeApi } from '../../src/extension/activate';
import type { CatalogNode, CatalogTreeProvider } from '../../src/extension/features/catalogTree';
import { lookUpItems } from '../../src/extension/features/lookUp';
import { closeAllEditors, fixtureUri, getExtension, hoverTextAt, openFixture, positionOf, waitFor, waitForDiagnostics } from './util';

const ours = (d: readonly vscode.Diagnostic[]) => d.filter((x) => x.source === 'errcode');

function catalogTree(): CatalogTreeProvider {
  const h = (globalThis as unknown as Record<symbol, { catalogTree?: CatalogTreeProvider } | undefined>)[Symbol.for('errcode.testHooks')];
  assert.ok(h?.catalogTree, 'no catalog tree provider among the test hooks');
  return h.catalogTree;
}

suite('a fifth API from a user catalog', () => {
  const config = () => vscode.workspace.getConfiguration('errcode');
  let services: ErrcodeApi['services'];

  suiteSetup(async () => {
    services = ((await getExtension().activate()) as ErrcodeApi).services;
    await config().update('userCatalogs', [fixtureUri('ledger/ledger.errcodes.jsonc').toString()], vscode.ConfigurationTarget.Global);
    await waitFor(async () => (await services.catalogs.ready(), services.catalogs.current.api('ledger')), { message: 'the Ledger API merged' });
  });

  suiteTeardown(async () => {
    await config().update('userCatalogs', undefined, vscode.ConfigurationTarget.Global);
    await services.catalogs.reload();
    await closeAllEditors();
  });

  test('its log gets one diagnostic per error, in every form the log holds it', async () => {
    const { document: doc } = await openFixture('ledger/ledger.log');
    const diags = ours(await waitForDiagnostics(doc.uri, (d) => ours(d).length >= 6));
    const lines = diags.map((d) => `${d.range.start.line + 1} ${d.message.split(/[:.] /)[0]}`).sort((a, b) => parseInt(a) - parseInt(b));
    assert.deepEqual(lines, [
      '4 Ledger API error LG-4290 Posting Rate Limited (HTTP 429)',
      '13 Ledger API error LG-4001 Invalid Amount (HTTP 400)',
      '14 Ledger API error LG-4041 Account Not Found (HTTP 400)',
      '18 Ledger API error LG-5030 Ledger Locked (HTTP 503)',
      '19 Ledger API error LG-4091 Duplicate Posting (HTTP 409)',
      '20 Ledger API error LG-5000 Internal Ledger Error (HTTP 500)',
    ]);
  });

  test('a hover over its body shows its entry and the facts its rules read', async () => {
    const { document: doc } = await openFixture('ledger/ledger.log');
    const text = await hoverTextAt(doc, positionOf(doc, 'Too many postings'));
    assert.match(text, /LG-4290 Posting Rate Limited \\\(429\\\)/);
    assert.match(text, /Ledger API · Request · HTTP 429/);
    assert.match(text, /\*\*Retry at:\*\* Nov 30, 2026, 8\\:00\\:05 AM UTC/);
    assert.match(text, /\*\*Account:\*\* `acc_81`/);
    assert.match(text, /250 milliseconds first, at most 10 seconds between attempts, 4 attempts in all/);
  });

  test('the catalog sidebar lists it with its entries', async () => {
    const provider = catalogTree();
    const apis = provider.getChildren() ?? [];
    const ledger = apis.find((n) => n.kind === 'api' && n.apiId === 'ledger') as CatalogNode | undefined;
    assert.ok(ledger, 'a Ledger API node');
    const codes: string[] = [];
    for (const category of provider.getChildren(ledger) ?? []) for (const e of provider.getChildren(category) ?? []) if (e.kind === 'entry') codes.push(e.entry.code);
    assert.deepEqual(codes.sort(), ['LG-4001', 'LG-4041', 'LG-4091', 'LG-4290', 'LG-5000', 'LG-5030']);
  });

  test('look-up finds its codes and words', () => {
    const catalog = services.catalogs.current;
    assert.equal(lookUpItems(catalog, 'LG-4091')[0].entryId, 'ledger:LG-4091');
    assert.equal(lookUpItems(catalog, 'duplicate posting')[0].entryId, 'ledger:LG-4091');
  });
});
