// Waiting helpers shared by the e2e scenarios, on top of ./ui.mjs. Everything here polls for what a
// person would wait for (a hover with the extension's text, a light bulb's action, a list's first row)
// instead of sleeping a fixed time: on a loaded 2-core machine the extension host, the TypeScript
// server and the palette's command list all arrive late, and at different times.

/** Polls `probe` (async or not) until it returns a truthy value; a throw counts as "not yet". */
export async function until(probe, timeoutMs, message, intervalMs = 300) {
  const deadline = Date.now() + timeoutMs;
  let last;
  for (;;) {
    try {
      const value = await probe();
      if (value) return value;
    } catch (e) {
      last = e;
    }
    if (Date.now() > deadline) throw new Error(`${message}${last ? ` (last: ${String(last.message).split('\n')[0]})` : ''}`);
    await new Promise((r) => setTimeout(r, intervalMs));
  }
}

/**
 * ui.hoverText, repeated until the hover matches `expected`: right after a file opens the hover can
 * be empty or "Loading..." until the extension has activated.
 * @param {import('./ui.mjs').Workbench} ui
 */
export async function hoverUntil(ui, token, expected, timeoutMs = 45_000) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const text = await ui.hoverText(token, { timeoutMs: 10_000 }).catch((e) => `(no hover: ${e.message.split('\n')[0]})`);
    if (expected.test(text)) return text;
    if (Date.now() > deadline) throw new Error(`the hover over ${token} never matched ${expected}; it shows:\n${text}`);
    await ui.page.waitForTimeout(500);
  }
}

/**
 * ui.applyQuickFix, repeated while the fix is not offered yet (the action list only opens once every
 * code action provider, the TypeScript server's too, has answered).
 * @param {import('./ui.mjs').Workbench} ui
 */
export async function applyQuickFixUntil(ui, token, title, timeoutMs = 45_000) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      await ui.applyQuickFix(token, title);
      return;
    } catch (e) {
      if (Date.now() > deadline) throw e;
      await ui.page.keyboard.press('Escape');
      await ui.page.waitForTimeout(1_000);
    }
  }
}

/**
 * The quick input's rows as shown, top to bottom (the list is virtualised and reuses its elements,
 * so DOM order is not screen order), once `predicate(rows)` holds.
 * @param {import('./ui.mjs').Workbench} ui
 */
export async function quickInputRowsWhen(ui, predicate, what, timeoutMs = 30_000) {
  const list = ui.page.locator('.quick-input-widget .quick-input-list .monaco-list-row');
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const rows = await list.evaluateAll((els) => els
      .sort((a, b) => a.getBoundingClientRect().y - b.getBoundingClientRect().y)
      .map((e) => (e.getAttribute('aria-label') ?? e.textContent ?? '').trim()));
    if (predicate(rows)) return rows;
    if (Date.now() > deadline) throw new Error(`${what}; the list shows:\n${rows.slice(0, 8).join('\n') || '(nothing)'}`);
    await ui.page.waitForTimeout(150);
  }
}

/**
 * Runs a contributed command from the palette the way a person types it (F1, part of its name, Enter
 * on the first row). The palette lists an extension's commands only once the extension host has
 * registered the extension; until then close it and try again.
 * @param {import('./ui.mjs').Workbench} ui
 */
export async function runCommandTyped(ui, typed, expectedFirst, timeoutMs = 60_000) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    await ui.page.keyboard.press('F1');
    await ui.quickInput().waitFor();
    await ui.quickInput().fill(`>${typed}`);
    try {
      await quickInputRowsWhen(ui, (rows) => expectedFirst.test(rows[0] ?? ''), `the palette's first row for "${typed}" is not ${expectedFirst}`, 5_000);
      break;
    } catch (e) {
      if (Date.now() > deadline) throw e;
      await ui.page.keyboard.press('Escape');
      await ui.quickInput().waitFor({ state: 'hidden' });
    }
  }
  await ui.page.keyboard.press('Enter');
}

/**
 * The palette's rows for `>typed` (F1, type, read, Escape), once `predicate(rows)` holds or, when
 * `settleMs` is given, as they stand after that long (to check that something is *not* offered).
 * @param {import('./ui.mjs').Workbench} ui
 */
export async function paletteRows(ui, typed, { predicate = () => true, settleMs = 0, timeoutMs = 30_000 } = {}) {
  await ui.page.keyboard.press('F1');
  await ui.quickInput().waitFor();
  await ui.quickInput().fill(`>${typed}`);
  if (settleMs) await ui.page.waitForTimeout(settleMs);
  const rows = await quickInputRowsWhen(ui, predicate, `the palette never showed what was expected for "${typed}"`, timeoutMs);
  await ui.page.keyboard.press('Escape');
  await ui.quickInput().waitFor({ state: 'hidden' });
  return rows;
}
