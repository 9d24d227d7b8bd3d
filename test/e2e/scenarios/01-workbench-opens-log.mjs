// The workbench loads on the fixture workspace with the packaged extension installed, and a person
// can open the .log file from the explorer and read it.
import { assert } from '../ui.mjs';

/** @param {import('../ui.mjs').Workbench} ui */
export default async function workbenchOpensLog(ui) {
  for (const name of ['service.log', 'client.ts', 'features']) {
    await ui.treeItem(name).waitFor({ timeout: 10_000 });
  }
  await ui.openFile('service.log');
  const text = await ui.editorText({ contains: 'WF_1103' });
  assert.match(text, /api starting, workers=4/);
  // The language mode is settled a moment after the text shows: wait for it, then check it.
  const mode = ui.page.locator('#status\\.editor\\.mode');
  await mode.filter({ hasText: /^\s*Log\s*$/ }).waitFor({ timeout: 10_000 }).catch(() => {});
  assert.equal((await mode.innerText()).trim(), 'Log', 'the status bar names the language of the open file');
}
