// In code, a transient code handled with no retry gets a hint, and the quick fix "Insert retry handler
// for WF_1103" (Ctrl+. on the code) adds the retry helper withErrcodeRetry to the file. The edit
// happens in this scenario's copy of the workspace, never in the repo's fixture.
import fs from 'node:fs';
import path from 'node:path';
import { applyQuickFixUntil, until } from '../scenarioUtil.mjs';
import { assert } from '../ui.mjs';

const FILE = 'features/workflowsClient.ts';
const FIX = 'Insert retry handler for WF_1103';

/** @param {import('../ui.mjs').Workbench} ui */
export default async function quickFix(ui) {
  const onDisk = path.join(ui.workspaceDir, FILE);
  const original = fs.readFileSync(onDisk, 'utf8');
  assert.ok(!original.includes('withErrcodeRetry'), 'the fixture has no retry helper yet');

  await ui.openFile(FILE);
  await ui.editorText({ contains: "case 'WF_1103'", timeoutMs: 20_000 });
  // The diagnostics of this file (WF_1110 unknown → warning, WF_1103 with no retry → hint) show the
  // extension has read it.
  await ui.waitForProblems((c) => c.warnings >= 1, 45_000);

  // With the cursor on the code, the light bulb shows once code actions are available there.
  await ui.reveal('WF_1103');
  await ui.activeEditor().locator('.lightBulbWidget').waitFor({ state: 'visible', timeout: 45_000 });
  await applyQuickFixUntil(ui, 'WF_1103', FIX);

  // The edit is applied asynchronously (resolved on pick), and the helper may land off-screen: find
  // it like a person would (Ctrl+F) until it is there.
  const shown = await until(async () => {
    await ui.reveal('withErrcodeRetry');
    return ui.editorText({ contains: 'withErrcodeRetry', timeoutMs: 1_000 });
  }, 30_000, `the editor never showed withErrcodeRetry after "${FIX}"`);
  assert.match(shown, /withErrcodeRetry/);
  await ui.screenshot('helper-inserted');

  // Save (Ctrl+S) and read the file the workbench wrote: the helper is a function, the code is intact.
  await ui.focusEditor();
  await ui.page.keyboard.press('Control+s');
  const saved = await until(() => {
    const text = fs.readFileSync(onDisk, 'utf8');
    return text !== original ? text : undefined;
  }, 15_000, `${FILE} was not saved`);
  assert.match(saved, /function withErrcodeRetry\b/, `the helper is defined in the file; it starts:\n${saved.slice(0, 600)}`);
  assert.ok(saved.includes("case 'WF_1103': // platform hiccup"), 'the original code is still there');
  assert.ok(saved.length > original.length + 500, 'a whole helper was inserted, not a stub');
}
