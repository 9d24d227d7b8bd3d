// The command palette's "Look Up Error Code…" finds an entry by its message: typing "not running"
// ranks WF_1102 first, and Enter opens its details in a tab titled with the code.
import { paletteRows, quickInputRowsWhen, runCommandTyped } from '../scenarioUtil.mjs';
import { assert } from '../ui.mjs';

/** @param {import('../ui.mjs').Workbench} ui */
export default async function lookUp(ui) {
  const { page } = ui;
  // F1, type the command's name, Enter: as a person does.
  await runCommandTyped(ui, 'Look Up Error Code', /^Error Codes: Look Up Error Code/);

  // The extension's quick pick (title "Look Up Error Code"), then the search.
  await page.locator('.quick-input-widget .quick-input-title', { hasText: 'Look Up Error Code' }).waitFor({ timeout: 30_000 });
  await ui.quickInput().fill('not running');
  const rows = await quickInputRowsWhen(ui, (r) => r[0]?.startsWith('WF_1102'), 'WF_1102 is the first match for "not running"');
  assert.match(rows[0], /Workflow Not Running/, 'the first row names the entry');
  await ui.screenshot('look-up-not-running');
  await page.keyboard.press('Enter');

  const tab = page.locator('.editor-group-container .tab.active[aria-label^="Error: WF_1102"]');
  await tab.waitFor({ timeout: 30_000 });
  const frame = page.frameLocator('iframe.webview.ready').frameLocator('#active-frame');
  // The details are a webview (an iframe inside an iframe): its text is what a person reads.
  const heading = frame.locator('body', { hasText: 'WF_1102 Workflow Not Running' });
  await heading.waitFor({ timeout: 30_000 });
  const text = await heading.innerText();
  assert.match(text, /What it means/, `the details say what it means; they show:\n${text}`);
  assert.match(text, /What to do/, `the details say what to do; they show:\n${text}`);
  assert.match(text, /"code": "WF_1102"/, `the details show an example body; they show:\n${text}`);

  await page.keyboard.press('Escape');

  // In the desktop (Node) extension host the palette also offers the command that streams big logs
  // from disk (the web pass checks that it is absent there).
  await paletteRows(ui, 'Scan Log File', { predicate: (r) => r.some((x) => /^Error Codes: Scan Log File/.test(x)) });
}
