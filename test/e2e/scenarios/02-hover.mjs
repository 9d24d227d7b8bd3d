// Hovering over a WF code in a .log file, and over a key inside an error body, shows the entry's
// explanation: its name, what it means and what to do, and the facts of that very body.
import { hoverUntil } from '../scenarioUtil.mjs';
import { assert } from '../ui.mjs';

/** @param {import('../ui.mjs').Workbench} ui */
export default async function hover(ui) {
  await ui.openFile('features/gateway.log');
  await ui.editorText({ contains: 'WF_1104', timeoutMs: 20_000 });

  // A code named in prose, far right on a long line (hoverText reveals it first). The hover also
  // shows the line's diagnostic, which names the entry too: wait for the extension's own hover part.
  const code = await hoverUntil(ui, 'WF_1104', /What it means[\s\S]*What to do/);
  assert.match(code, /WF_1104 Workflow Registration Failed/, `the hover names the entry; it shows:\n${code}`);
  assert.match(code, /What it means/, `the hover says what the code means; it shows:\n${code}`);
  assert.match(code, /What to do/, `the hover says what to do; it shows:\n${code}`);
  await ui.screenshot('hover-WF_1104');

  // Inside a Wireflow 402 body: the hover speaks about this body's numbers (10 required, 3 available).
  const body = await hoverUntil(ui, 'requiredCredits', /short by/);
  assert.match(body, /402 Payment Required/, `the hover names the Wireflow entry; it shows:\n${body}`);
  assert.match(body, /short by 7 credits/, `the hover computes the shortfall of this body; it shows:\n${body}`);
  assert.match(body, /What to do/, `the hover says what to do; it shows:\n${body}`);
  await ui.screenshot('hover-requiredCredits');
}
