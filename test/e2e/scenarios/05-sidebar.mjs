// The "Error Codes" activity-bar item opens the Error Catalog: the four APIs, each expanding to its
// categories and codes (Workflows API → Workflow → WF_1102 Workflow Not Running, 409).
import { assert } from '../ui.mjs';

const VIEW = 'Error Catalog';
/** apis[0].name of src/core/catalog/data/*.jsonc, in the catalog's order. */
const APIS = ['Workflows API', 'Wireflow API', 'Flows GraphQL API', 'Orchestrator API'];

/** @param {import('../ui.mjs').Workbench} ui */
export default async function sidebar(ui) {
  // The activity-bar item appears once the extension host has registered the extension.
  await ui.page.locator('.activitybar [aria-label^="Error Codes"]').first().waitFor({ timeout: 60_000 });
  await ui.openActivity('Error Codes');
  const pane = ui.sideBarPane(VIEW);
  await pane.locator('.pane-header[aria-expanded="true"]').waitFor({ timeout: 10_000 });
  await ui.sideBarRow(APIS[0], VIEW).waitFor({ timeout: 30_000 });

  // The APIs may open expanded; "Collapse All" in the view's title bar shows the four of them at once.
  await pane.locator('.pane-header').hover();
  await pane.locator('.pane-header .action-label[aria-label^="Collapse All"]').click();
  await ui.sideBarRow(APIS[0], VIEW).and(ui.page.locator('[aria-expanded="false"]')).waitFor({ timeout: 10_000 });
  const top = (await ui.sideBarTreeItems(VIEW)).filter((r) => r.level === 1);
  assert.deepEqual(top.map((r) => r.label), APIS, 'the catalog lists the four APIs');
  for (const api of top) assert.match(api.description, /^\d+ entr(y|ies)$/, `${api.label} says how many entries it has`);
  await ui.screenshot('four-apis');

  // Widen the side bar (drag its edge) so that entry names and their statuses are not cut off.
  const bar = await ui.page.locator('.part.sidebar').boundingBox();
  if (bar) {
    const y = bar.y + bar.height / 2;
    await ui.page.mouse.move(bar.x + bar.width + 1, y);
    await ui.page.mouse.down();
    await ui.page.mouse.move(bar.x + bar.width + 150, y, { steps: 5 });
    await ui.page.mouse.move(bar.x + bar.width + 250, y, { steps: 5 });
    await ui.page.mouse.up();
  }

  // Workflows API → its categories → Workflow → its codes.
  await ui.expandSideBarRow('Workflows API', VIEW);
  await ui.sideBarRow('Workflow', VIEW).waitFor({ timeout: 10_000 });
  await ui.expandSideBarRow('Workflow', VIEW);
  const entry = ui.sideBarRow('WF_1102 Workflow Not Running', VIEW);
  await entry.waitFor({ timeout: 10_000 });
  const rows = await ui.sideBarTreeItems(VIEW);
  const wf1102 = rows.find((r) => r.label === 'WF_1102 Workflow Not Running');
  assert.ok(wf1102, `WF_1102 is listed; rows: ${rows.map((r) => r.label).join(' | ')}`);
  assert.equal(wf1102.level, 3, 'WF_1102 sits under API → category');
  assert.equal(wf1102.description, '409', 'WF_1102 shows its HTTP status');
  const categories = rows.filter((r) => r.level === 2).map((r) => r.label);
  assert.ok(categories.includes('General') && categories.includes('Workflow'), `the Workflows API's categories: ${categories.join(', ')}`);
  await entry.hover(); // the screenshot shows the row as a person points at it
}
