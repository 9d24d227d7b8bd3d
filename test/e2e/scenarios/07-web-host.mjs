// The extension as a web extension: the runner installs a build whose manifest has only the
// `browser` entry (no `main`), so VS Code can run it only in the browser's web-worker extension host
// (as on vscode.dev). A person still gets the hover with this body's facts, the Problems count and
// the look-up with its details view, from the same bundle of shared features; the one Node-only
// command, "Scan Log File…", is not offered.
import { hoverUntil, paletteRows, quickInputRowsWhen, runCommandTyped } from '../scenarioUtil.mjs';
import { assert } from '../ui.mjs';

export const host = 'web';
export const timeoutMs = 180_000;

/** @param {import('../ui.mjs').Workbench} ui */
export default async function webHost(ui) {
  const { page } = ui;
  await ui.openFile('features/gateway.log');
  await ui.editorText({ contains: 'WF_1104', timeoutMs: 20_000 });

  const code = await hoverUntil(ui, 'WF_1104', /What it means[\s\S]*What to do/, 90_000);
  assert.match(code, /WF_1104 Workflow Registration Failed/, `the hover names the entry; it shows:\n${code}`);
  const body = await hoverUntil(ui, 'requiredCredits', /short by/);
  assert.match(body, /short by 7 credits/, `the hover computes the shortfall of this body; it shows:\n${body}`);
  await ui.screenshot('web-hover');

  const counts = await ui.waitForProblems((c) => c.total >= 16, 45_000);
  assert.equal(counts.total, 16, `the status bar counts 16 problems in gateway.log (${counts.label})`);

  await runCommandTyped(ui, 'Look Up Error Code', /^Error Codes: Look Up Error Code/);
  await page.locator('.quick-input-widget .quick-input-title', { hasText: 'Look Up Error Code' }).waitFor({ timeout: 30_000 });
  await ui.quickInput().fill('not running');
  await quickInputRowsWhen(ui, (r) => r[0]?.startsWith('WF_1102'), 'WF_1102 is the first match for "not running"');
  await page.keyboard.press('Enter');
  const frame = page.frameLocator('iframe.webview.ready').frameLocator('#active-frame');
  const details = frame.locator('body', { hasText: 'WF_1102 Workflow Not Running' });
  await details.waitFor({ timeout: 30_000 });
  assert.match(await details.innerText(), /What to do/, 'the details view says what to do');

  await page.keyboard.press('Escape');

  // The palette knows the extension's commands (the look-up ran from it), but not the one that
  // needs Node.
  const rows = await paletteRows(ui, 'Scan Log File', { settleMs: 1_500 });
  assert.ok(!rows.some((r) => /Scan Log File/.test(r)), `"Scan Log File…" is not offered on the web; the palette shows:\n${rows.join('\n')}`);
}
