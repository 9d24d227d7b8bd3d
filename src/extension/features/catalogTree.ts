// The "Error Catalog" view: API → category → entry, built-in and user entries alike. VS Code has no
// filter API for trees, so a filter command (QuickPick, or a string argument) narrows the model and
// the view's description shows the active filter. Tooltips are the pure Markdown explanation, with
// no trust (no command links). Also the entry context-menu commands: copy code, copy example body,
// find in workspace (insert retry handler is registered by the retry feature).
import * as vscode from 'vscode';
import { catalogText, formatNumber, pluralOf } from '../../core/render/locale';
import { isRetryable } from '../../core/catalog/retryable';
import type { Catalog } from '../../core/catalog/catalog';
import type { ApiDescription, CatalogEntry } from '../../core/catalog/types';
import { explainEntry, toMarkdown } from '../../core/render/explain';
import { retryPhrase, statusesText } from '../../core/render/messages';
import type { Services } from '../activate';
import { asEntryId, registerCommand } from '../commandUtil';
import { Commands } from '../commands';
import { publishTestHook } from './details';

export const CATALOG_VIEW_ID = 'errcode.catalog';
/** Context key: a filter is active (package.json shows "Clear Catalog Filter" then). */
export const FILTERED_CONTEXT_KEY = 'errcode.catalogFiltered';

export type CatalogNode = ApiNode | CategoryNode | EntryNode;

export class ApiNode extends vscode.TreeItem {
  readonly kind = 'api';
  readonly children: CategoryNode[] = [];

  constructor(
    readonly apiId: string,
    readonly api: ApiDescription | undefined,
    idPrefix: string,
    expanded: boolean,
  ) {
    super(api?.name ?? apiId, expanded ? vscode.TreeItemCollapsibleState.Expanded : vscode.TreeItemCollapsibleState.Collapsed);
    this.id = `${idPrefix}api/${apiId}`;
    this.contextValue = 'api';
    const user = api?.source !== undefined;
    this.iconPath = new vscode.ThemeIcon(user ? 'account' : 'cloud');
    if (api) this.tooltip = `${user ? vscode.l10n.t('{api} (user catalog {file})', { api: api.name, file: api.source ?? '' }) : api.name}\n\n${catalogText(api.description)}`;
  }

  /** Called once the children are known: the count goes in the description. */
  describe(): void {
    const count = this.children.reduce((n, c) => n + c.children.length, 0);
    const args = { count: formatNumber(count) };
    const entries = pluralOf(count) === 'one' ? vscode.l10n.t('{count} entry', args) : vscode.l10n.t('{count} entries', args);
    this.description = this.api?.source !== undefined ? vscode.l10n.t('user catalog · {entries}', { entries }) : entries;
  }
}

export class CategoryNode extends vscode.TreeItem {
  readonly kind = 'category';
  readonly children: EntryNode[] = [];

  constructor(
    readonly parent: ApiNode,
    readonly category: string,
    description: string | undefined,
    idPrefix: string,
    expanded: boolean,
  ) {
    super(catalogText(category), expanded ? vscode.TreeItemCollapsibleState.Expanded : vscode.TreeItemCollapsibleState.Collapsed);
    this.id = `${idPrefix}category/${parent.apiId}/${category}`;
    this.contextValue = 'category';
    this.iconPath = new vscode.ThemeIcon('symbol-folder');
    if (description) this.tooltip = catalogText(description);
  }

  describe(): void {
    this.description = String(this.children.length);
  }
}

export class EntryNode extends vscode.TreeItem {
  readonly kind = 'entry';
  /** What the entry commands read from a tree item (see asEntryId). */
  readonly entryId: string;

  constructor(
    readonly parent: CategoryNode,
    readonly entry: CatalogEntry,
    idPrefix: string,
    highlight: string | undefined,
  ) {
    const label = `${entry.code} ${catalogText(entry.name)}`;
    super(labelWithHighlight(label, highlight), vscode.TreeItemCollapsibleState.None);
    this.entryId = entry.id;
    this.id = `${idPrefix}entry/${entry.id}`;
    // "Insert Retry Handler" in its context menu only where the handler retries it (not Orchestrator 409).
    const retryable = isRetryable(entry);
    this.contextValue = retryable ? 'entry.retryable' : 'entry';
    this.description = entryDescription(entry);
    this.iconPath = entryIcon(entry, retryable);
    this.command = { command: Commands.showEntry, title: vscode.l10n.t('Show Error Details'), arguments: [entry.id] };
    this.accessibilityInformation = { label: `${label}, ${this.description}` };
  }
}

/** HTTP status(es) for codes; the retry advice for status entries (the status is the label) and job reasons. */
export function entryDescription(entry: CatalogEntry): string {
  const base = entry.kind !== 'status' && entry.statuses.length ? statusesText(entry.statuses) : retryPhrase(entry.retry);
  return entry.source !== undefined ? vscode.l10n.t('{description} (user)', { description: base }) : base;
}

function entryIcon(entry: CatalogEntry, retryable: boolean): vscode.ThemeIcon {
  if (entry.source !== undefined) return new vscode.ThemeIcon('person');
  if (retryable) return new vscode.ThemeIcon('sync');
  switch (entry.errorClass) {
    case 'auth':
      return new vscode.ThemeIcon('key');
    case 'not-found':
      return new vscode.ThemeIcon('search');
    case 'quota':
      return new vscode.ThemeIcon('credit-card');
    case 'canceled':
      return new vscode.ThemeIcon('circle-slash');
    case 'server':
      return new vscode.ThemeIcon('server');
    default:
      return new vscode.ThemeIcon('error');
  }
}

function labelWithHighlight(label: string, query: string | undefined): string | vscode.TreeItemLabel {
  if (!query) return label;
  const at = label.toLowerCase().indexOf(query.toLowerCase());
  return at >= 0 ? { label, highlights: [[at, at + query.length]] } : label;
}

/** Ids of the entries a filter keeps: the catalog's own search (code, name, status, messages, aliases, prose). */
export function filterEntries(catalog: Catalog, query: string): Set<string> {
  return new Set(catalog.search(query).map((e) => e.id));
}

export class CatalogTreeProvider implements vscode.TreeDataProvider<CatalogNode>, vscode.Disposable {
  private readonly emitter = new vscode.EventEmitter<CatalogNode | undefined | void>();
  readonly onDidChangeTreeData = this.emitter.event;
  private model: ApiNode[] | undefined;
  private byEntryId = new Map<string, EntryNode>();
  private query: string | undefined;
  /** Bumped on each filter change: ids change with it, so VS Code applies the new expansion states. */
  private generation = 0;
  readonly view: vscode.TreeView<CatalogNode>;
  private readonly disposables: vscode.Disposable[] = [];

  constructor(private readonly services: Services) {
    this.view = vscode.window.createTreeView(CATALOG_VIEW_ID, { treeDataProvider: this, showCollapseAll: true });
    this.disposables.push(this.view, this.emitter);
    services.catalogs.onDidChange(() => this.refresh(), this, this.disposables);
  }

  private get catalog(): Catalog {
    return this.services.catalogs.current;
  }

  /** The active filter text, if any. */
  get filter(): string | undefined {
    return this.query;
  }

  /** Drops the cached model and tells VS Code to ask again. */
  refresh(): void {
    this.model = undefined;
    this.byEntryId.clear();
    this.emitter.fire();
  }

  /** Narrows the tree to the entries matching `query`; an empty query clears the filter. */
  async setFilter(query: string | undefined): Promise<void> {
    const q = query?.trim() || undefined;
    this.query = q;
    this.generation++;
    this.view.description = q ? vscode.l10n.t('filter: "{query}"', { query: q }) : undefined;
    await vscode.commands.executeCommand('setContext', FILTERED_CONTEXT_KEY, q !== undefined);
    this.refresh();
    this.updateMessage();
  }

  private updateMessage(): void {
    const model = this.getModel();
    this.view.message = this.query && model.length === 0 ? vscode.l10n.t('No entry matches "{query}".', { query: this.query }) : undefined;
  }

  private getModel(): ApiNode[] {
    if (!this.model) this.model = this.build();
    return this.model;
  }

  private build(): ApiNode[] {
    const catalog = this.catalog;
    const keep = this.query ? filterEntries(catalog, this.query) : undefined;
    const filtered = keep !== undefined;
    const prefix = filtered ? `f${this.generation}/` : '';
    const byEntryId = new Map<string, EntryNode>();
    const apiIds = [...catalog.apis.map((a) => a.id)];
    // Entries of an API the catalog does not describe still get a node.
    for (const e of catalog.entries) if (!apiIds.includes(e.api)) apiIds.push(e.api);
    const roots: ApiNode[] = [];
    for (const apiId of new Set(apiIds)) {
      const api = catalog.api(apiId);
      const entries = catalog.entriesOf(apiId).filter((e) => !keep || keep.has(e.id));
      if (!entries.length) continue;
      const apiNode = new ApiNode(apiId, api, prefix, true);
      // Categories in the API's own order, then any others in the order their entries come.
      const order = (api?.categories ?? []).map((c) => c.name);
      for (const e of entries) if (!order.includes(e.category)) order.push(e.category);
      for (const name of order) {
        const inCategory = entries.filter((e) => e.category === name);
        if (!inCategory.length) continue;
        const described = api?.categories.find((c) => c.name === name)?.description;
        const categoryNode = new CategoryNode(apiNode, name, described, prefix, filtered);
        for (const e of inCategory) {
          const node = new EntryNode(categoryNode, e, prefix, this.query);
          categoryNode.children.push(node);
          byEntryId.set(e.id, node);
        }
        categoryNode.describe();
        apiNode.children.push(categoryNode);
      }
      apiNode.describe();
      roots.push(apiNode);
    }
    this.byEntryId = byEntryId;
    return roots;
  }

  getTreeItem(element: CatalogNode): vscode.TreeItem {
    return element;
  }

  getChildren(element?: CatalogNode): CatalogNode[] {
    if (!element) return this.getModel();
    if (element.kind === 'entry') return [];
    return element.children;
  }

  getParent(element: CatalogNode): CatalogNode | undefined {
    return element.kind === 'api' ? undefined : element.parent;
  }

  /** Tooltips are built when VS Code asks (hover), not for every entry up front. */
  resolveTreeItem(item: vscode.TreeItem, element: CatalogNode): vscode.TreeItem {
    if (element.kind === 'entry' && item.tooltip === undefined) item.tooltip = entryTooltip(element.entry, this.catalog);
    return item;
  }

  /** The node of an entry in the current (possibly filtered) model. */
  nodeOf(entryId: string): EntryNode | undefined {
    this.getModel();
    return this.byEntryId.get(entryId);
  }

  /** Shows an entry in the tree; clears a filter that hides it. */
  async reveal(entryId: string, options: { select?: boolean; focus?: boolean } = {}): Promise<boolean> {
    if (!this.nodeOf(entryId) && this.query) await this.setFilter(undefined);
    const node = this.nodeOf(entryId);
    if (!node) return false;
    await this.view.reveal(node, { select: options.select ?? true, focus: options.focus ?? false, expand: true });
    return true;
  }

  dispose(): void {
    for (const d of this.disposables) d.dispose();
  }
}

/** The hover's Markdown, untrusted: a tooltip has no business running commands. */
export function entryTooltip(entry: CatalogEntry, catalog: Catalog): vscode.MarkdownString {
  const md = new vscode.MarkdownString(toMarkdown(explainEntry(entry, catalog)));
  md.isTrusted = false;
  md.supportHtml = false;
  return md;
}

interface EntryPick extends vscode.QuickPickItem {
  entryId?: string;
}

/** Free-text filter with a live preview of the matches; choosing a match also reveals it. */
async function pickFilter(provider: CatalogTreeProvider, catalog: Catalog): Promise<void> {
  const pick = vscode.window.createQuickPick<EntryPick>();
  pick.title = vscode.l10n.t('Filter the Error Catalog');
  pick.placeholder = vscode.l10n.t('Code, name, HTTP status or message text (empty: show everything)');
  pick.matchOnDescription = false;
  pick.value = provider.filter ?? '';
  const update = (): void => {
    const q = pick.value.trim();
    const matches = q ? catalog.search(q) : [];
    // The quick pick sorts by how well labels match what was typed: the query itself as the label
    // keeps "apply this filter" first (an exact match), and it is made active so Enter applies it.
    const head: EntryPick = q
      ? { label: q, iconPath: new vscode.ThemeIcon('filter'), description: pluralOf(matches.length) === 'one' ? vscode.l10n.t('Filter the catalog: {count} entry', { count: formatNumber(matches.length) }) : vscode.l10n.t('Filter the catalog: {count} entries', { count: formatNumber(matches.length) }), alwaysShow: true }
      : { label: vscode.l10n.t('Show every entry'), iconPath: new vscode.ThemeIcon('clear-all'), alwaysShow: true };
    pick.items = [
      head,
      ...matches.slice(0, 30).map((e) => ({ label: `${e.code} ${catalogText(e.name)}`, description: entryDescription(e), detail: catalog.api(e.api)?.name ?? e.api, entryId: e.id, alwaysShow: true })),
    ];
    pick.activeItems = [head];
  };
  update();
  const done = new Promise<void>((resolve) => {
    pick.onDidChangeValue(update);
    pick.onDidAccept(async () => {
      const chosen = pick.selectedItems[0] ?? pick.activeItems[0];
      const value = pick.value;
      pick.hide();
      await provider.setFilter(value);
      if (chosen?.entryId) await provider.reveal(chosen.entryId, { focus: true });
      else await vscode.commands.executeCommand(`${CATALOG_VIEW_ID}.focus`);
      resolve();
    });
    pick.onDidHide(() => resolve());
  });
  pick.show();
  await done;
  pick.dispose();
}

/** Test hook (same bundle only; integration tests use the `catalogTree` hook, see publishTestHook). */
export let catalogTreeProvider: CatalogTreeProvider | undefined;

export function registerCatalogTree(services: Services): vscode.Disposable {
  const provider = new CatalogTreeProvider(services);
  catalogTreeProvider = provider;
  const entryOf = (arg: unknown): CatalogEntry => {
    const id = asEntryId(arg);
    const entry = id !== undefined ? services.catalogs.current.get(id) : undefined;
    if (!entry) throw new Error(id ? vscode.l10n.t('{code} is not in the catalog.', { code: id }) : vscode.l10n.t('this command needs a catalog entry.'));
    return entry;
  };
  return vscode.Disposable.from(
    provider,
    publishTestHook(services, 'catalogTree', provider),
    new vscode.Disposable(() => {
      if (catalogTreeProvider === provider) catalogTreeProvider = undefined;
    }),
    registerCommand(Commands.filterCatalog, async (arg: unknown) => {
      // A string argument filters directly (keybindings, tests); otherwise ask.
      if (typeof arg === 'string') return provider.setFilter(arg.slice(0, 200));
      return pickFilter(provider, services.catalogs.current);
    }),
    registerCommand(Commands.clearCatalogFilter, () => provider.setFilter(undefined)),
    registerCommand(Commands.copyCode, async (arg: unknown) => {
      const entry = entryOf(arg);
      await vscode.env.clipboard.writeText(entry.code);
      vscode.window.setStatusBarMessage(vscode.l10n.t('Copied {code}', { code: entry.code }), 3000);
      return entry.code;
    }),
    registerCommand(Commands.copyExample, async (arg: unknown) => {
      const entry = entryOf(arg);
      const example = entry.examples?.[0];
      if (!example) {
        void vscode.window.showInformationMessage(vscode.l10n.t('{code} {name} has no example body in the catalog.', { code: entry.code, name: catalogText(entry.name) }));
        return undefined;
      }
      await vscode.env.clipboard.writeText(example.body);
      vscode.window.setStatusBarMessage(vscode.l10n.t('Copied the example body of {code}', { code: entry.code }), 3000);
      return example.body;
    }),
    registerCommand(Commands.findInWorkspace, async (arg: unknown) => {
      const entry = entryOf(arg);
      await vscode.commands.executeCommand('workbench.action.findInFiles', { query: entry.code, isRegex: false, matchWholeWord: true, triggerSearch: true });
    }),
  );
}
