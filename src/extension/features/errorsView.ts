// The "Errors in Open Files" view: the findings of the documents open in editor tabs, grouped
// API → code with counts, each occurrence jumping to its line; plus the results of a scan the user
// asked for (workspace, big log file) under a node of their own. Nothing is scanned while the view is
// hidden: VS Code only asks for children of a visible view, and rebuilding is debounced.
import * as vscode from 'vscode';
import { catalogText, formatNumber, pluralOf } from '../../core/render/locale';
import type { Catalog } from '../../core/catalog/catalog';
import type { Finding } from '../../core/engine/finding';
import { findingSeverity } from '../../core/policy/problems';
import { entryOf, summarize } from '../../core/render/messages';
import { clip } from '../../core/render/messages';
import type { SeverityOrOff } from '../../core/policy/settings';
import type { Services } from '../activate';
import { registerCommand } from '../commandUtil';
import { Commands } from '../commands';
import { isEnabledFor } from '../documentFilter';
import { publishTestHook } from './details';

export const ERRORS_VIEW_ID = 'errcode.errors';
/** Occurrences listed under one code; past it one node says how many more there are. */
export const MAX_OCCURRENCES_PER_CODE = 500;
const REFRESH_DELAY_MS = 300;
/** Schemes whose documents are not the user's files (git's originals, our own virtual documents). */
const IGNORED_SCHEMES = new Set(['git', 'gitfs', 'errcode', 'output', 'vscode-scm', 'comment', 'vscode-settings']);


/** Where an occurrence is: an offset range in an open document, or a line and column in a scanned file. */
export type OccurrenceRef = { uri: string; offset: number; end?: number } | { uri: string; line: number; character: number };

interface Occurrence {
  uri: vscode.Uri;
  line: number;
  /** The trimmed line, or the finding's summary when the line says nothing (`{` of a pretty body). */
  text: string;
  finding: Finding;
  ref: OccurrenceRef;
}

export type ErrorsNode = ScanNode | ApiGroupNode | CodeGroupNode | OccurrenceNode | MoreNode;

/** The results of the scan the user asked for, labelled with what it covered. */
export class ScanNode extends vscode.TreeItem {
  readonly kind = 'scan';
  children: ApiGroupNode[] = [];

  constructor(label: string, count: number, files: number, truncated: boolean) {
    super(label, vscode.TreeItemCollapsibleState.Expanded);
    this.id = 'scan';
    this.contextValue = 'scan';
    this.iconPath = new vscode.ThemeIcon('search');
    const args = { count: formatNumber(count), files: formatNumber(files) };
    const inFiles = pluralOf(files) === 'one' ? vscode.l10n.t('{count} in {files} file', args) : vscode.l10n.t('{count} in {files} files', args);
    this.description = truncated ? vscode.l10n.t('{description} (first occurrences only)', { description: inFiles }) : inFiles;
  }
}

export class ApiGroupNode extends vscode.TreeItem {
  readonly kind = 'api';
  readonly children: CodeGroupNode[] = [];

  constructor(
    readonly parent: ScanNode | undefined,
    readonly apiId: string,
    name: string,
    readonly count: number,
  ) {
    super(name, vscode.TreeItemCollapsibleState.Expanded);
    this.id = `${parent ? 'scan/' : ''}api/${apiId}`;
    this.contextValue = 'api';
    this.iconPath = new vscode.ThemeIcon('cloud');
    this.description = String(count);
  }
}

export class CodeGroupNode extends vscode.TreeItem {
  readonly kind = 'code';
  readonly children: (OccurrenceNode | MoreNode)[] = [];
  /** Set for known codes: the catalog entry commands (copy code, find in workspace) read it. */
  readonly entryId: string | undefined;

  constructor(
    readonly parent: ApiGroupNode,
    key: string,
    label: { code: string; name?: string },
    readonly count: number,
    first: Finding,
    severity: SeverityOrOff,
    message: string,
  ) {
    super(label.code, vscode.TreeItemCollapsibleState.Collapsed);
    this.id = `${parent.id}/code/${key}`;
    this.entryId = first.entry ?? undefined;
    this.contextValue = first.entry ? 'errorCode.known' : 'errorCode';
    // The count first: a narrow sidebar cuts the end of the line.
    this.description = label.name ? `${formatNumber(count)} · ${label.name}` : formatNumber(count);
    this.iconPath = severityIcon(severity);
    this.tooltip = message;
  }
}

export class OccurrenceNode extends vscode.TreeItem {
  readonly kind = 'occurrence';

  constructor(
    readonly parent: CodeGroupNode,
    readonly occurrence: Occurrence,
    index: number,
    message: string,
  ) {
    super(clip(occurrence.text, 120) || message, vscode.TreeItemCollapsibleState.None);
    this.id = `${parent.id}/${index}`;
    this.contextValue = 'occurrence';
    this.description = `${basename(occurrence.uri)}:${occurrence.line + 1}`;
    this.tooltip = `${message}\n${vscode.workspace.asRelativePath(occurrence.uri)}:${occurrence.line + 1}`;
    this.command = { command: Commands.revealOccurrence, title: vscode.l10n.t('Go to Occurrence'), arguments: [occurrence.ref] };
  }
}

export class MoreNode extends vscode.TreeItem {
  readonly kind = 'more';

  constructor(
    readonly parent: CodeGroupNode,
    more: number,
  ) {
    super(`… ${more} more`, vscode.TreeItemCollapsibleState.None);
    this.id = `${parent.id}/more`;
    this.contextValue = 'more';
    this.iconPath = new vscode.ThemeIcon('ellipsis');
  }
}

function severityIcon(severity: SeverityOrOff): vscode.ThemeIcon {
  switch (severity) {
    case 'error':
      return new vscode.ThemeIcon('error', new vscode.ThemeColor('problemsErrorIcon.foreground'));
    case 'warning':
      return new vscode.ThemeIcon('warning', new vscode.ThemeColor('problemsWarningIcon.foreground'));
    case 'information':
      return new vscode.ThemeIcon('info', new vscode.ThemeColor('problemsInfoIcon.foreground'));
    default:
      return new vscode.ThemeIcon('circle-outline');
  }
}

function basename(uri: vscode.Uri): string {
  return uri.path.slice(uri.path.lastIndexOf('/') + 1);
}

/** A log line's leading timestamp (`2026-11-21T09:14:03.007Z`): it hides what the line says in a narrow view. */
const LEADING_TIMESTAMP = /^\[?\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}(?::\d{2}(?:[.,]\d+)?)?(?:Z|[+-]\d{2}:?\d{2})?\]?\s+/;

/** The line without its timestamp; for a line that names nothing (`{`, `}`), the summary. */
function lineLabel(line: string, finding: Finding, catalog: Catalog): string {
  const t = line.trim().replace(LEADING_TIMESTAMP, '');
  return /[\p{L}\p{N}]/u.test(t) ? t : summarize(finding, catalog);
}

/** Validates a revealOccurrence argument (tree items pass plain JSON; so may anyone else). */
export function asOccurrenceRef(arg: unknown): OccurrenceRef | undefined {
  if (typeof arg !== 'object' || arg === null) return undefined;
  const o = arg as Record<string, unknown>;
  const nat = (v: unknown): v is number => typeof v === 'number' && Number.isInteger(v) && v >= 0;
  if (typeof o.uri !== 'string' || o.uri.length > 4096) return undefined;
  if (nat(o.offset)) {
    if (o.end !== undefined && (!nat(o.end) || o.end < o.offset)) return undefined;
    return { uri: o.uri, offset: o.offset, end: o.end as number | undefined };
  }
  if (nat(o.line) && nat(o.character)) return { uri: o.uri, line: o.line, character: o.character };
  return undefined;
}

export class ErrorsTreeProvider implements vscode.TreeDataProvider<ErrorsNode>, vscode.Disposable {
  private readonly emitter = new vscode.EventEmitter<ErrorsNode | undefined | void>();
  readonly onDidChangeTreeData = this.emitter.event;
  private model: Promise<(ScanNode | ApiGroupNode)[]> | undefined;
  private timer: ReturnType<typeof setTimeout> | undefined;
  readonly view: vscode.TreeView<ErrorsNode>;
  private readonly disposables: vscode.Disposable[] = [];

  constructor(private readonly services: Services) {
    this.view = vscode.window.createTreeView(ERRORS_VIEW_ID, { treeDataProvider: this, showCollapseAll: true });
    this.disposables.push(this.view, this.emitter);
    const soon = (): void => this.refreshSoon();
    services.scans.onDidChange(soon, this, this.disposables);
    // Which documents are listed (isEnabledFor) and the severities shown depend on these settings only.
    services.config.onDidChange((change) => change.affects('enable', 'languages', 'logLanguages', 'exclude', 'severity') && soon(), this, this.disposables);
    services.errors.onDidChange(() => this.refresh(), this, this.disposables);
    vscode.workspace.onDidOpenTextDocument(soon, this, this.disposables);
    vscode.workspace.onDidCloseTextDocument(soon, this, this.disposables);
    vscode.window.tabGroups.onDidChangeTabs(soon, this, this.disposables);
  }

  /** Drops the model and tells VS Code to ask again (which rebuilds only if the view is visible). */
  refresh(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    this.model = undefined;
    this.emitter.fire();
  }

  /** Typing, opening and closing come in bursts: rebuild once they settle. */
  refreshSoon(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = setTimeout(() => this.refresh(), REFRESH_DELAY_MS);
  }

  /** The tree's top level, built now if it is not cached (tests await it). */
  roots(): Promise<(ScanNode | ApiGroupNode)[]> {
    return (this.model ??= this.build());
  }

  /** Documents loaded in an editor tab that the settings enable. */
  private openDocuments(): vscode.TextDocument[] {
    const settings = this.services.config.settings;
    const inTabs = new Set<string>();
    for (const group of vscode.window.tabGroups.all) {
      for (const tab of group.tabs) {
        const input = tab.input;
        if (input instanceof vscode.TabInputText) inTabs.add(input.uri.toString());
        else if (input instanceof vscode.TabInputTextDiff) inTabs.add(input.modified.toString());
      }
    }
    return vscode.workspace.textDocuments.filter((d) => !d.isClosed && !IGNORED_SCHEMES.has(d.uri.scheme) && inTabs.has(d.uri.toString()) && isEnabledFor(d, settings));
  }

  private async build(): Promise<(ScanNode | ApiGroupNode)[]> {
    const catalog = this.services.catalogs.current;
    const open: Occurrence[] = [];
    for (const doc of this.openDocuments()) {
      // Positions come from the version scanned: a document edited meanwhile comes with the refresh
      // that its new findings cause (DocumentScans.onDidChange).
      const scanned = await this.services.scans.scan(doc);
      if (!scanned || scanned.version !== doc.version) continue;
      for (const f of scanned.findings) {
        const start = doc.positionAt(f.start);
        open.push({ uri: doc.uri, line: start.line, text: lineLabel(doc.lineAt(start.line).text, f, catalog), finding: f, ref: { uri: doc.uri.toString(), offset: f.start, end: f.end } });
      }
    }
    const roots: (ScanNode | ApiGroupNode)[] = this.group(open, undefined);
    this.view.badge = open.length
      ? { value: open.length, tooltip: pluralOf(open.length) === 'one' ? vscode.l10n.t('{count} error in open files', { count: formatNumber(open.length) }) : vscode.l10n.t('{count} errors in open files', { count: formatNumber(open.length) }) }
      : undefined;

    const errors = this.services.errors;
    const scanned = errors.scanned;
    if (errors.label !== undefined && scanned.length) {
      const loaded = new Map(vscode.workspace.textDocuments.map((d) => [d.uri.toString(), d]));
      const found: Occurrence[] = [];
      for (const file of scanned) {
        const doc = loaded.get(file.uri.toString());
        for (const x of file.findings) {
          const text = doc && x.line < doc.lineCount ? lineLabel(doc.lineAt(x.line).text, x.finding, catalog) : summarize(x.finding, catalog);
          found.push({ uri: file.uri, line: x.line, text, finding: x.finding, ref: { uri: file.uri.toString(), line: x.line, character: x.character } });
        }
      }
      const truncated = scanned.some((f) => f.total !== undefined && f.total > f.findings.length);
      const scan = new ScanNode(errors.label, found.length, scanned.length, truncated);
      scan.children = this.group(found, scan);
      roots.push(scan);
    }
    return roots;
  }

  /** API → code → occurrences, APIs in catalog order, codes by count. */
  private group(occurrences: readonly Occurrence[], parent: ScanNode | undefined): ApiGroupNode[] {
    const catalog = this.services.catalogs.current;
    const settings = this.services.config.settings;
    const byApi = new Map<string, Map<string, Occurrence[]>>();
    for (const o of occurrences) {
      const f = o.finding;
      // A GraphQL code under an HTTP status entry is its own group (BAD_USER_INPUT, not "200").
      const entry = entryOf(catalog, f);
      const key = entry ? (f.code && f.code.toLowerCase() !== entry.code.toLowerCase() && !/^[1-5]\d\d$/.test(f.code) ? `${entry.id}/${f.code}` : entry.id) : `${f.api ?? f.rule}:${f.code ?? '(body)'}`;
      const api = f.api ?? '';
      let codes = byApi.get(api);
      if (!codes) byApi.set(api, (codes = new Map()));
      const list = codes.get(key);
      if (list) list.push(o);
      else codes.set(key, [o]);
    }
    // APIs in catalog order; bodies no API is named for come last.
    const order = [...catalog.apis.map((a) => a.id), ''];
    const rank = (api: string): number => (order.includes(api) ? order.indexOf(api) : order.length);
    const apis = [...byApi.keys()].sort((a, b) => rank(a) - rank(b) || (a < b ? -1 : 1));
    return apis.map((apiId) => {
      const codes = byApi.get(apiId)!;
      const total = [...codes.values()].reduce((n, l) => n + l.length, 0);
      const apiNode = new ApiGroupNode(parent, apiId || 'unrecognized', apiId ? catalog.api(apiId)?.name ?? apiId : 'No API named', total);
      const sorted = [...codes.entries()].sort((a, b) => b[1].length - a[1].length || (a[0] < b[0] ? -1 : 1));
      for (const [key, list] of sorted) {
        const first = list[0].finding;
        const codeNode = new CodeGroupNode(apiNode, key, codeLabel(first, catalog), list.length, first, findingSeverity(first, catalog, settings), summarize(first, catalog));
        list.slice(0, MAX_OCCURRENCES_PER_CODE).forEach((o, i) => codeNode.children.push(new OccurrenceNode(codeNode, o, i, summarize(o.finding, catalog))));
        if (list.length > MAX_OCCURRENCES_PER_CODE) codeNode.children.push(new MoreNode(codeNode, list.length - MAX_OCCURRENCES_PER_CODE));
        apiNode.children.push(codeNode);
      }
      return apiNode;
    });
  }

  getTreeItem(element: ErrorsNode): vscode.TreeItem {
    return element;
  }

  async getChildren(element?: ErrorsNode): Promise<ErrorsNode[]> {
    if (!element) return this.roots();
    switch (element.kind) {
      case 'scan':
      case 'api':
      case 'code':
        return element.children;
      default:
        return [];
    }
  }

  getParent(element: ErrorsNode): ErrorsNode | undefined {
    return element.kind === 'scan' ? undefined : element.parent;
  }

  dispose(): void {
    if (this.timer) clearTimeout(this.timer);
    for (const d of this.disposables) d.dispose();
  }
}

/** The code as the label, what it is as the description. */
function codeLabel(f: Finding, catalog: Catalog): { code: string; name?: string } {
  const entry = entryOf(catalog, f);
  if (entry) {
    if (f.code && f.code.toLowerCase() !== entry.code.toLowerCase() && !/^[1-5]\d\d$/.test(f.code)) return { code: f.code, name: vscode.l10n.t('HTTP {status}', { status: String(f.status ?? entry.code) }) };
    return { code: entry.code, name: catalogText(entry.name) };
  }
  if (f.code) return { code: f.code, name: f.rule === 'errcode/unknown-code' ? vscode.l10n.t('unknown code') : undefined };
  return { code: f.api ? vscode.l10n.t('Error body without a code') : vscode.l10n.t('Unrecognized error body') };
}

/** Opens the document at an occurrence: the literal selected, or the cursor at the start of a body. */
async function revealOccurrence(ref: OccurrenceRef): Promise<vscode.TextEditor> {
  const doc = await vscode.workspace.openTextDocument(vscode.Uri.parse(ref.uri, true));
  let range: vscode.Range;
  if ('offset' in ref) {
    const start = doc.positionAt(ref.offset);
    const end = doc.positionAt(ref.end ?? ref.offset);
    range = new vscode.Range(start, end);
  } else {
    const position = doc.validatePosition(new vscode.Position(ref.line, ref.character));
    range = new vscode.Range(position, position);
  }
  const selection = range.isSingleLine ? new vscode.Selection(range.start, range.end) : new vscode.Selection(range.start, range.start);
  const editor = await vscode.window.showTextDocument(doc, { selection, preview: true });
  editor.revealRange(range, vscode.TextEditorRevealType.InCenterIfOutsideViewport);
  return editor;
}

/** Test hook (same bundle only; integration tests use the `errorsView` hook, see publishTestHook). */
export let errorsViewProvider: ErrorsTreeProvider | undefined;

export function registerErrorsView(services: Services): vscode.Disposable {
  const provider = new ErrorsTreeProvider(services);
  errorsViewProvider = provider;
  return vscode.Disposable.from(
    provider,
    publishTestHook(services, 'errorsView', provider),
    new vscode.Disposable(() => {
      if (errorsViewProvider === provider) errorsViewProvider = undefined;
    }),
    registerCommand(Commands.refreshErrors, () => provider.refresh()),
    registerCommand(Commands.revealOccurrence, async (arg: unknown) => {
      const ref = asOccurrenceRef(arg);
      if (!ref) throw new Error(vscode.l10n.t('Go to Occurrence needs a document and a position.'));
      await revealOccurrence(ref);
    }),
  );
}
