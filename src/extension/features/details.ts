// The details view: one reused webview panel showing an entry (from the catalog tree, a hover or the
// look-up) or a finding (with the facts of its body), plus a read-only virtual document
// (`errcode:/<entryId>.md`) holding the same explanation as Markdown, for "Open to the side" and for
// editors that prefer text. The HTML comes from the pure explanationToHtml; the page is static (no
// scripts) under a strict Content-Security-Policy, and reads only media/.
import * as vscode from 'vscode';
import type { Catalog } from '../../core/catalog/catalog';
import { explainEntry, explainFinding, toMarkdown, type Explanation } from '../../core/render/explain';
import { explanationToHtml } from '../../core/render/html';
import type { Services } from '../activate';
import { asEntryId, asFindingRef, registerCommand, type FindingRef } from '../commandUtil';
import { Commands } from '../commands';
import { publishTestHook as publishHook } from '../testHooks';

export const DETAILS_VIEW_TYPE = 'errcode.details';
export const ENTRY_DOCUMENT_SCHEME = 'errcode';

/** What the panel shows, so it can be rebuilt when the catalog changes. */
type Shown = { kind: 'entry'; id: string } | { kind: 'finding'; ref: FindingRef };

let lastHtml: string | undefined;

/** Test hook: the HTML the details panel was last given (undefined before the first one). */
export function currentDetailsHtml(): string | undefined {
  return lastHtml;
}

/**
 * Publishes a test hook (development and test builds only: see testHooks.ts). Kept here because the
 * sidebar features import it from this module.
 */
export function publishTestHook(services: Services, name: string, value: unknown): vscode.Disposable {
  return publishHook(services.context, name, value);
}

/** `errcode:/workflows:WF_1102.md`: the entry's explanation as a read-only Markdown document. */
export function entryDocumentUri(entryId: string): vscode.Uri {
  return vscode.Uri.from({ scheme: ENTRY_DOCUMENT_SCHEME, path: `/${entryId}.md` });
}

function entryIdOfDocument(uri: vscode.Uri): string {
  return uri.path.replace(/^\//, '').replace(/\.md$/, '');
}

function nonce(): string {
  const bytes = new Uint8Array(18);
  crypto.getRandomValues(bytes);
  return btoa(String.fromCharCode(...bytes));
}

class DetailsPanel implements vscode.Disposable {
  private panel: vscode.WebviewPanel | undefined;
  private shown: Shown | undefined;
  private readonly mediaRoot: vscode.Uri;

  constructor(private readonly services: Services) {
    this.mediaRoot = vscode.Uri.joinPath(services.context.extensionUri, 'media');
  }

  private get catalog(): Catalog {
    return this.services.catalogs.current;
  }

  async showEntry(id: string): Promise<boolean> {
    const entry = this.catalog.get(id);
    if (!entry) {
      void vscode.window.showWarningMessage(vscode.l10n.t('Error Code Assistant: {code} is not in the catalog.', { code: id }));
      return false;
    }
    this.shown = { kind: 'entry', id };
    this.render(explainEntry(entry, this.catalog, { examples: true }), entry.code);
    return true;
  }

  async showFinding(ref: FindingRef): Promise<boolean> {
    const doc = await vscode.workspace.openTextDocument(vscode.Uri.parse(ref.uri, true));
    const finding = await this.services.scans.findingAt(doc, ref.offset);
    if (!finding) {
      // The document changed since the link was made: fall back to the entry the link named.
      if (ref.entry) return this.showEntry(ref.entry);
      void vscode.window.showInformationMessage(vscode.l10n.t('Error Code Assistant: no error is recognised there any more.'));
      return false;
    }
    this.shown = { kind: 'finding', ref };
    this.render(explainFinding(finding, this.catalog, { examples: true }), finding.code ?? vscode.l10n.t('Error'));
    return true;
  }

  /** The catalog changed (a user catalog was edited): show the new facts, or close if the entry is gone. */
  async refresh(): Promise<void> {
    if (!this.panel || !this.shown) return;
    if (this.shown.kind === 'entry') {
      const entry = this.catalog.get(this.shown.id);
      if (!entry) return this.panel.dispose();
      this.render(explainEntry(entry, this.catalog, { examples: true }), entry.code, true);
    } else {
      const ref = this.shown.ref;
      const doc = vscode.workspace.textDocuments.find((d) => d.uri.toString() === ref.uri);
      const finding = doc && (await this.services.scans.findingAt(doc, ref.offset));
      if (finding) this.render(explainFinding(finding, this.catalog, { examples: true }), finding.code ?? vscode.l10n.t('Error'), true);
    }
  }

  private render(explanation: Explanation, title: string, quiet = false): void {
    const panel = this.ensurePanel();
    const webview = panel.webview;
    panel.title = vscode.l10n.t('Error: {title}', { title });
    lastHtml = explanationToHtml(explanation, {
      cspSource: webview.cspSource,
      nonce: nonce(),
      styleUri: webview.asWebviewUri(vscode.Uri.joinPath(this.mediaRoot, 'details.css')).toString(),
    });
    webview.html = lastHtml;
    if (!quiet) panel.reveal(panel.viewColumn ?? vscode.ViewColumn.Beside, false);
  }

  private ensurePanel(): vscode.WebviewPanel {
    if (this.panel) return this.panel;
    const column = vscode.window.activeTextEditor ? vscode.ViewColumn.Beside : vscode.ViewColumn.Active;
    const panel = vscode.window.createWebviewPanel(DETAILS_VIEW_TYPE, vscode.l10n.t('Error details'), { viewColumn: column, preserveFocus: false }, {
      enableScripts: false,
      enableCommandUris: false,
      enableFindWidget: true,
      retainContextWhenHidden: false,
      localResourceRoots: [this.mediaRoot],
    });
    panel.iconPath = new vscode.ThemeIcon('error');
    panel.onDidDispose(() => {
      if (this.panel === panel) {
        this.panel = undefined;
        this.shown = undefined;
      }
    });
    this.panel = panel;
    return panel;
  }

  dispose(): void {
    this.panel?.dispose();
    lastHtml = undefined;
  }
}

/** `errcode:/<entryId>.md` documents: the Markdown of an entry, updated when the catalog changes. */
class EntryDocuments implements vscode.TextDocumentContentProvider, vscode.Disposable {
  private readonly emitter = new vscode.EventEmitter<vscode.Uri>();
  readonly onDidChange = this.emitter.event;
  private readonly listener: vscode.Disposable;

  constructor(private readonly services: Services) {
    this.listener = services.catalogs.onDidChange(() => {
      for (const doc of vscode.workspace.textDocuments) if (doc.uri.scheme === ENTRY_DOCUMENT_SCHEME) this.emitter.fire(doc.uri);
    });
  }

  provideTextDocumentContent(uri: vscode.Uri): string {
    const catalog = this.services.catalogs.current;
    const id = entryIdOfDocument(uri);
    const entry = catalog.get(id);
    if (!entry) return `${vscode.l10n.t('{code} is not in the catalog.', { code: id })}\n`;
    return toMarkdown(explainEntry(entry, catalog, { examples: true }));
  }

  dispose(): void {
    this.listener.dispose();
    this.emitter.dispose();
  }
}

export function registerDetails(services: Services): vscode.Disposable {
  const panel = new DetailsPanel(services);
  const documents = new EntryDocuments(services);
  return vscode.Disposable.from(
    panel,
    documents,
    vscode.workspace.registerTextDocumentContentProvider(ENTRY_DOCUMENT_SCHEME, documents),
    services.catalogs.onDidChange(() => panel.refresh()),
    publishTestHook(services, 'detailsHtml', currentDetailsHtml),
    registerCommand(Commands.showEntry, (arg: unknown) => {
      // From the palette (no argument): pick an entry first.
      if (arg === undefined) return vscode.commands.executeCommand(Commands.lookUp);
      const id = asEntryId(arg);
      if (!id) throw new Error(vscode.l10n.t('Show Error Details needs an entry id such as "workflows:WF_1102".'));
      return panel.showEntry(id);
    }),
    registerCommand(Commands.showFinding, (arg: unknown) => {
      const ref = asFindingRef(arg);
      if (!ref) throw new Error(vscode.l10n.t('Show Error Explanation needs a document and an offset.'));
      return panel.showFinding(ref);
    }),
  );
}
