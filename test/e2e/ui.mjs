// What a person does in the workbench, as functions for e2e scenarios (playwright-core driving
// code-server's web workbench in Debian's Chromium). Selectors are VS Code's own DOM; the recipes
// (reveal-then-hover, explorer tree items, F1 palette) are the verified ones in REAL_VSCODE.md.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';

const CTRL = 'Control';

export class Workbench {
  /**
   * @param {import('playwright-core').Page} page
   * @param {{ serverUrl: string, workspaceDir: string, resultsDir: string, scenario: string }} opts
   */
  constructor(page, { serverUrl, workspaceDir, resultsDir, scenario }) {
    this.page = page;
    this.serverUrl = serverUrl;
    /** Absolute path of this scenario's private copy of test/fixtures/workspace (edits are safe). */
    this.workspaceDir = workspaceDir;
    this.resultsDir = resultsDir;
    this.scenario = scenario;
    this.shots = 0;
  }

  /** Loads the workbench on the workspace folder and waits until the explorer lists its files. */
  async open() {
    await this.page.goto(`${this.serverUrl}?folder=${encodeURIComponent(this.workspaceDir)}`, { waitUntil: 'domcontentloaded' });
    await this.page.locator('.monaco-workbench').waitFor({ timeout: 60_000 });
    await this.page.locator('.part.sidebar [role="treeitem"]').first().waitFor({ timeout: 60_000 });
    await this.page.locator('#status\\.problems').waitFor({ timeout: 30_000 });
  }

  /** Saves test-results/e2e/<scenario>-<n>-<label>.png and returns its path. */
  async screenshot(label = 'final') {
    fs.mkdirSync(this.resultsDir, { recursive: true });
    const safe = label.replace(/[^\w.-]+/g, '-');
    const file = path.join(this.resultsDir, `${this.scenario}-${String(++this.shots).padStart(2, '0')}-${safe}.png`);
    await this.page.screenshot({ path: file });
    return file;
  }

  // ---- files and editors -------------------------------------------------------------------------

  /** A row of the explorer (or any side-bar tree) by its accessible name, e.g. 'service.log'. */
  treeItem(name) {
    return this.page.locator('.part.sidebar').getByRole('treeitem', { name, exact: true });
  }

  /** Opens a workspace file from the explorer, expanding folders on the way ('features/gateway.log'). */
  async openFile(relativePath) {
    await this.runCommand('View: Show Explorer');
    const parts = relativePath.split('/');
    for (const folder of parts.slice(0, -1)) {
      const row = this.treeItem(folder);
      await row.waitFor();
      if ((await row.getAttribute('aria-expanded')) !== 'true') await row.click();
    }
    const name = parts.at(-1);
    await this.treeItem(name).dblclick(); // double-click: a pinned tab, like a person keeping it open
    await this.activeTab(name).waitFor();
    await this.editorText({ contains: '' });
  }

  /** Opens a file through Quick Open (F1, then drop the '>' prefix): works for files not in view. */
  async quickOpen(fileName) {
    await this.page.keyboard.press('F1');
    const input = this.quickInput();
    await input.waitFor();
    await input.fill(fileName);
    await this.page.locator('.quick-input-list .monaco-list-row').first().waitFor();
    await this.page.keyboard.press('Enter');
    await this.activeTab(path.basename(fileName)).waitFor();
  }

  /** The active editor tab whose label starts with `name`. */
  activeTab(name) {
    return this.page.locator(`.editor-group-container.active .tab.active[aria-label^="${cssString(name)}"]`);
  }

  /** The active editor's widget. */
  activeEditor() {
    return this.page.locator('.editor-group-container.active .monaco-editor').first();
  }

  /** Puts keyboard focus into the active editor (Ctrl+F etc. act on the focused part). */
  async focusEditor() {
    await this.page.keyboard.press('Escape');
    await this.runCommand('View: Focus Active Editor Group');
  }

  /**
   * Text of the active editor's rendered lines (only what is on screen: keep fixtures short).
   * With { contains } waits until that text is shown.
   */
  async editorText({ contains, timeoutMs = 10_000 } = {}) {
    const lines = this.activeEditor().locator('.view-lines');
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const text = await lines.evaluate((el) => [...el.querySelectorAll('.view-line')]
        .sort((a, b) => parseFloat(a.style.top) - parseFloat(b.style.top))
        .map((l) => l.textContent.replace(/\u00a0/g, ' '))
        .join('\n')).catch(() => '');
      if (contains === undefined || text.includes(contains)) return text;
      if (Date.now() > deadline) throw new Error(`the editor does not show "${contains}"; it shows:\n${text}`);
      await this.page.waitForTimeout(100);
    }
  }

  /**
   * Scrolls `token` into view and selects it, with the editor's find widget (Ctrl+F, type, Enter,
   * Escape): a token far right on a long log line is otherwise off-screen and cannot be hovered.
   * `nth` (0-based) picks a later occurrence.
   */
  async reveal(token, nth = 0) {
    await this.focusEditor();
    await this.page.keyboard.press(`${CTRL}+f`);
    const find = this.page.locator('.editor-group-container.active .find-widget textarea, .editor-group-container.active .find-widget input').first();
    await find.waitFor();
    await find.fill(token);
    for (let i = 0; i < nth; i++) await this.page.keyboard.press('Enter');
    await this.page.keyboard.press('Escape'); // closes find; the match stays selected and in view
    await this.page.waitForTimeout(150); // let the editor finish scrolling
  }

  /** On-screen box of `token` in the active editor (the rendered characters, not the whole span). */
  async tokenBox(token) {
    const box = await this.activeEditor().evaluate((editor, tok) => {
      const vw = window.innerWidth;
      for (const line of editor.querySelectorAll('.view-line')) {
        const walker = document.createTreeWalker(line, NodeFilter.SHOW_TEXT);
        // Tokens can span several spans; search the line's text, then map offsets back to nodes.
        const nodes = [];
        let text = '';
        for (let n = walker.nextNode(); n; n = walker.nextNode()) { nodes.push([n, text.length]); text += n.data.replace(/\u00a0/g, ' '); }
        let at = text.indexOf(tok);
        while (at >= 0) {
          const locate = (offset) => {
            for (let i = nodes.length - 1; i >= 0; i--) if (nodes[i][1] <= offset) return [nodes[i][0], offset - nodes[i][1]];
            return [nodes[0][0], 0];
          };
          const range = document.createRange();
          range.setStart(...locate(at));
          range.setEnd(...locate(at + tok.length));
          const r = range.getBoundingClientRect();
          if (r.width > 0 && r.x >= 0 && r.x + r.width <= vw) return { x: r.x, y: r.y, width: r.width, height: r.height };
          at = text.indexOf(tok, at + 1);
        }
      }
      return null;
    }, token);
    if (!box) throw new Error(`"${token}" is not visible in the active editor (reveal it first)`);
    return box;
  }

  // ---- hovers ------------------------------------------------------------------------------------

  /**
   * The text of the hover over `token` in the active editor: reveal it, move the mouse onto it,
   * nudge it one pixel (VS Code shows hovers on mouse *move*), wait for the hover widget.
   */
  async hoverText(token, { nth = 0, timeoutMs = 10_000 } = {}) {
    await this.page.mouse.move(0, 0); // drop any hover still showing
    await this.reveal(token, nth);
    const box = await this.tokenBox(token);
    const x = box.x + box.width / 2;
    const y = box.y + box.height / 2;
    await this.page.mouse.move(x, y);
    await this.page.mouse.move(x + 1, y);
    const hover = this.page.locator('.monaco-hover:not(.hidden) .monaco-hover-content').filter({ hasText: /\S/ }).first();
    await hover.waitFor({ state: 'visible', timeout: timeoutMs });
    await this.page.waitForTimeout(200); // the hover renders its parts progressively
    return hover.innerText();
  }

  // ---- commands and quick input ------------------------------------------------------------------

  /** The quick input box (command palette, Quick Open, quick picks). */
  quickInput() {
    return this.page.locator('.quick-input-widget .quick-input-box input');
  }

  /** Labels of the rows the quick input shows now. */
  async quickInputItems() {
    const rows = this.page.locator('.quick-input-widget .quick-input-list .monaco-list-row');
    await rows.first().waitFor({ timeout: 10_000 });
    return rows.evaluateAll((els) => els
      .sort((a, b) => a.getBoundingClientRect().y - b.getBoundingClientRect().y) // virtualised list: DOM order is not screen order
      .map((e) => e.getAttribute('aria-label') ?? e.textContent ?? ''));
  }

  /** Runs a command from the palette by its title, as a person does (F1, type, pick the exact row). */
  async runCommand(title) {
    await this.page.keyboard.press('F1');
    const input = this.quickInput();
    await input.waitFor();
    await input.fill(`>${title}`);
    const row = this.page.locator('.quick-input-widget .quick-input-list .monaco-list-row').filter({
      has: this.page.locator('.label-name', { hasText: new RegExp(`^${escapeRegExp(title)}$`) }),
    }).first();
    await row.waitFor({ timeout: 10_000 }).catch(async () => {
      const shown = await this.quickInputItems().catch(() => []);
      throw new Error(`no command "${title}" in the palette; it shows: ${shown.slice(0, 8).join(' | ') || '(nothing)'}`);
    });
    await row.click();
    await this.quickInput().waitFor({ state: 'hidden', timeout: 10_000 }).catch(() => { /* command opened its own quick pick */ });
  }

  /** Types into an open quick input (e.g. a look-up command's search) and returns the rows. */
  async typeInQuickInput(text) {
    const input = this.quickInput();
    await input.waitFor();
    await input.fill(text);
    await this.page.waitForTimeout(300); // filtering is asynchronous
    return this.quickInputItems();
  }

  /** Picks the first quick-input row whose label contains `text`. */
  async pickQuickItem(text) {
    const row = this.page.locator('.quick-input-widget .quick-input-list .monaco-list-row').filter({ hasText: text }).first();
    await row.waitFor({ timeout: 10_000 });
    await row.click();
  }

  // ---- problems, quick fixes, notifications --------------------------------------------------------

  /** Counts from the status bar's problems item, e.g. { errors: 5, warnings: 5, infos: 0, total: 10 }. */
  async problemsCount() {
    const label = (await this.page.locator('#status\\.problems').getAttribute('aria-label')) ?? '';
    const get = (word) => Number(new RegExp(`${word}\\w*: (\\d+)`, 'i').exec(label)?.[1] ?? 0);
    const counts = { errors: get('Error'), warnings: get('Warning'), infos: get('Info') };
    return { ...counts, total: counts.errors + counts.warnings + counts.infos, label };
  }

  /** Polls problemsCount() until `predicate(counts)` holds (diagnostics are debounced). */
  async waitForProblems(predicate, timeoutMs = 15_000) {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const counts = await this.problemsCount();
      if (predicate(counts)) return counts;
      if (Date.now() > deadline) throw new Error(`problems never matched; last: ${counts.label}`);
      await this.page.waitForTimeout(250);
    }
  }

  /** Opens the Problems panel and returns its rows' accessible labels (files and markers). */
  async problemsPanelRows() {
    await this.runCommand('View: Focus Problems (Errors, Warnings, Infos)');
    const rows = this.page.locator('.markers-panel .monaco-list-row');
    await rows.first().waitFor({ timeout: 10_000 });
    return rows.evaluateAll((els) => els
      .sort((a, b) => a.getBoundingClientRect().y - b.getBoundingClientRect().y) // virtualised list: DOM order is not screen order
      .map((e) => e.getAttribute('aria-label') ?? e.textContent ?? ''));
  }

  /**
   * Applies the quick fix titled `title` (exact or a RegExp) at `token`: reveal (which puts the cursor
   * on it), Ctrl+. like a person, pick it from the action widget.
   */
  async applyQuickFix(token, title) {
    await this.reveal(token);
    await this.page.keyboard.press(`${CTRL}+.`);
    const list = this.page.locator('.action-widget .monaco-list-row');
    await list.first().waitFor({ timeout: 10_000 });
    const row = list.filter({ hasText: title }).first();
    await row.waitFor({ timeout: 5_000 }).catch(async () => {
      const shown = await list.evaluateAll((els) => els.map((e) => e.textContent));
      throw new Error(`no quick fix "${title}" at ${token}; offered: ${shown.join(' | ')}`);
    });
    await row.click();
    await list.first().waitFor({ state: 'hidden', timeout: 5_000 }).catch(() => {});
  }

  /** Texts of the visible notification toasts. */
  async notifications() {
    return this.page.locator('.notification-toast .notification-list-item-message').allInnerTexts();
  }

  // ---- side bar -----------------------------------------------------------------------------------

  /** Opens a view container from the activity bar by its title (e.g. 'Error Codes'). */
  async openActivity(title) {
    const item = this.page.locator(`.activitybar .action-item a[aria-label^="${cssString(title)}"], .activitybar .action-item [aria-label^="${cssString(title)}"]`).first();
    await item.waitFor({ timeout: 10_000 });
    const expanded = await item.locator('xpath=..').getAttribute('aria-expanded').catch(() => null);
    if (expanded !== 'true') await item.click();
  }

  /** The side bar's panes, or the one whose header says `viewTitle` (e.g. 'Error Catalog'). */
  sideBarPane(viewTitle) {
    const panes = this.page.locator('.part.sidebar .pane');
    return viewTitle ? panes.filter({ has: this.page.locator('.pane-header', { hasText: viewTitle }) }) : this.page.locator('.part.sidebar');
  }

  /**
   * The visible rows of a side-bar tree as { label, description, expanded, level } (label is the
   * text a person reads; a row's aria-label also carries its tooltip, so it is not used here).
   */
  async sideBarTreeItems(viewTitle) {
    const rows = this.sideBarPane(viewTitle).locator('[role="treeitem"]');
    await rows.first().waitFor({ timeout: 10_000 });
    // The list virtualises and reuses row elements, so DOM order is not screen order: sort by position.
    return rows.evaluateAll((els) => els.sort((a, b) => a.getBoundingClientRect().y - b.getBoundingClientRect().y).map((e) => ({
      label: (e.querySelector('.label-name')?.textContent ?? e.textContent ?? '').trim(),
      description: (e.querySelector('.label-description')?.textContent ?? '').trim(),
      expanded: e.getAttribute('aria-expanded') === null ? undefined : e.getAttribute('aria-expanded') === 'true',
      level: Number(e.getAttribute('aria-level') ?? 0),
    })));
  }

  /** A side-bar tree row by the label a person reads (exact). */
  sideBarRow(label, viewTitle) {
    return this.sideBarPane(viewTitle).locator('[role="treeitem"]').filter({
      has: this.page.locator('.label-name', { hasText: new RegExp(`^\\s*${escapeRegExp(label)}\\s*$`) }),
    }).first();
  }

  /** Expands a collapsed side-bar tree row (click on its twistie, as a person does). */
  async expandSideBarRow(label, viewTitle) {
    const row = this.sideBarRow(label, viewTitle);
    await row.waitFor({ timeout: 10_000 });
    if ((await row.getAttribute('aria-expanded')) === 'false') {
      const rows = this.sideBarPane(viewTitle).locator('[role="treeitem"]');
      const before = await rows.count();
      await row.click();
      await this.page.waitForFunction((el) => el.getAttribute('aria-expanded') === 'true', await row.elementHandle(), { timeout: 5_000 });
      // Children are fetched asynchronously: wait until they are rendered (an empty node adds none).
      const deadline = Date.now() + 5_000;
      while ((await rows.count()) <= before && Date.now() < deadline) await this.page.waitForTimeout(100);
    }
  }
}

export function cssString(s) {
  return s.replace(/["\\]/g, '\\$&');
}

function escapeRegExp(s) {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

export { assert };
