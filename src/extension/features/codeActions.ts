// Quick fixes and refactorings in source code (TypeScript, JavaScript, Python, Go):
//   - "Change to WF_1100 (Workflow Not Found)" on an unknown WF code, one per suggestion, the first preferred;
//   - "Insert retry handler for WF_1103" on a retryable code (and its retry hint), plus "... using p-retry"
//     (tenacity, backoff, cenkalti/backoff) when the nearest manifest depends on that library;
//   - "Wrap this call in a retry" on a call (the selection, or the call on the cursor's line);
// and the commands behind the hover link, the catalog tree and the palette (errcode.insertRetryHandler,
// errcode.wrapInRetry). The text comes from the pure generators (core/retry) and core/retry/edits, which
// also decide where it goes; here it only becomes one WorkspaceEdit, so one undo restores the file.
// Edits are computed in resolveCodeAction: the light bulb asks for actions on every cursor move.
import * as vscode from 'vscode';
import { catalogText } from '../../core/render/locale';
import type { CatalogEntry } from '../../core/catalog/types';
import type { RetryLanguage, RetryPlan } from '../../core/retry';
import type { CallSpan, DetectedLibrary, OffsetEdit, TextStyle } from '../../core/retry/edits';
import { retryCodegen } from '../retryCodegen';
import type { Finding } from '../../core/engine/finding';
import { entryOf } from '../../core/render/messages';
import type { Services } from '../activate';
import { Commands } from '../commands';
import { asEntryId, asFindingRef, registerCommand } from '../commandUtil';
import { isEnabledFor } from '../documentFilter';
import { problemOf } from './diagnostics';
import { EngineRules } from '../../core/engine/finding';
import { PolicyRules } from '../../core/policy/problems';
import { RETRY_LANGUAGE_IDS } from '../../core/retry/languages';
import { probe } from '../testHooks';


/** Without an explicit request (Ctrl+.), "Wrap this call" shows only this close to an error code. */
const WRAP_NEARBY_LINES = 15;

// ---------------------------------------------------------------------------------------------------
// Retry libraries the workspace depends on

/** Manifests that can name a retry library (see isManifestFor). */
const MANIFEST_GLOB = '**/{package.json,go.mod,pyproject.toml,Pipfile,setup.cfg,requirements*.txt}';

const family = (lang: RetryLanguage): string => (lang === 'typescript' || lang === 'javascript' ? 'js' : lang);

/**
 * Which retry libraries a document may use: those declared by the nearest directory (the document's
 * own, then its parents up to the workspace folder) that holds a manifest of the document's language
 * (package.json; requirements*.txt, pyproject.toml, Pipfile, setup.cfg; go.mod). The nearest manifest
 * wins, as package managers resolve a package's own manifest: a sub-project that depends on p-retry gets
 * the variant, its siblings do not. Never above the workspace folder. Read through workspace.fs
 * (virtual workspaces, the web), cached per directory, dropped when a manifest changes.
 */
export class RetryLibraryIndex implements vscode.Disposable {
  private readonly cache = new Map<string, Promise<DetectedLibrary[] | undefined>>();
  private readonly disposables: vscode.Disposable[] = [];

  constructor() {
    const watcher = vscode.workspace.createFileSystemWatcher(MANIFEST_GLOB);
    const clear = () => this.cache.clear();
    watcher.onDidCreate(clear, undefined, this.disposables);
    watcher.onDidChange(clear, undefined, this.disposables);
    watcher.onDidDelete(clear, undefined, this.disposables);
    vscode.workspace.onDidChangeWorkspaceFolders(clear, undefined, this.disposables);
    this.disposables.push(watcher);
  }

  async librariesFor(uri: vscode.Uri, lang: RetryLanguage): Promise<DetectedLibrary[]> {
    if (uri.scheme === 'untitled') return [];
    const folder = vscode.workspace.getWorkspaceFolder(uri);
    let dir = vscode.Uri.joinPath(uri, '..');
    for (let depth = 0; depth < 64; depth++) {
      const found = await this.inDirectory(dir, lang);
      if (found) return found;
      if (!folder || dir.path === folder.uri.path || !dir.path.startsWith(folder.uri.path)) return [];
      const parent = vscode.Uri.joinPath(dir, '..');
      if (parent.path === dir.path) return [];
      dir = parent;
    }
    return [];
  }

  /** The libraries the directory's manifests declare; undefined when it has no manifest of the language. */
  private inDirectory(dir: vscode.Uri, lang: RetryLanguage): Promise<DetectedLibrary[] | undefined> {
    const key = `${family(lang)}|${dir.toString()}`;
    let p = this.cache.get(key);
    if (!p) {
      p = readManifests(dir, lang);
      this.cache.set(key, p);
    }
    return p;
  }

  dispose(): void {
    for (const d of this.disposables) d.dispose();
    this.cache.clear();
  }
}

async function readManifests(dir: vscode.Uri, lang: RetryLanguage): Promise<DetectedLibrary[] | undefined> {
  let entries: [string, vscode.FileType][];
  try {
    entries = await vscode.workspace.fs.readDirectory(dir);
  } catch {
    return undefined;
  }
  const names = entries.filter(([name, type]) => type & vscode.FileType.File && retryCodegen().isManifestFor(lang, name)).map(([name]) => name);
  if (!names.length) return undefined;
  const found: DetectedLibrary[] = [];
  for (const name of names.sort()) {
    let text: string;
    try {
      text = new TextDecoder().decode(await vscode.workspace.fs.readFile(vscode.Uri.joinPath(dir, name)));
    } catch {
      continue;
    }
    for (const lib of retryCodegen().librariesInManifest(name, text)) if (!found.some((f) => f.library === lib.library)) found.push(lib);
  }
  return found;
}

// ---------------------------------------------------------------------------------------------------
// Edits

/** The document's line ending and indentation unit (Go: always tabs, as gofmt writes). */
export function textStyleOf(doc: vscode.TextDocument, lang: RetryLanguage, text = doc.getText()): TextStyle {
  const eol = doc.eol === vscode.EndOfLine.CRLF ? '\r\n' : '\n';
  if (lang === 'go') return { eol, indent: '\t' };
  // The file's own indentation first; a file with none follows the editor's tabs setting, else the
  // generators' unit (2 spaces in TS/JS, 4 in Python).
  const detected = retryCodegen().detectIndentUnit(text);
  if (detected) return { eol, indent: detected };
  const editor = vscode.window.visibleTextEditors.find((e) => e.document === doc);
  const insertSpaces = editor ? editor.options.insertSpaces : vscode.workspace.getConfiguration('editor', doc).get<boolean>('insertSpaces');
  return { eol, indent: insertSpaces === false ? '\t' : retryCodegen().generatorIndent(lang) };
}

function toWorkspaceEdit(doc: vscode.TextDocument, edits: readonly OffsetEdit[]): vscode.WorkspaceEdit {
  const edit = new vscode.WorkspaceEdit();
  for (const e of edits) edit.replace(doc.uri, new vscode.Range(doc.positionAt(e.start), doc.positionAt(e.end)), e.text);
  return edit;
}

/** The plan for wrapping a call: the API of the nearest retryable code in the file, else every API. */
function planNear(services: Services, findings: readonly Finding[], offset: number): RetryPlan {
  const catalog = services.catalogs.current;
  let best: Finding | undefined;
  for (const f of findings) {
    if (!retryCodegen().offersRetry(entryOf(catalog, f))) continue;
    if (!best || Math.abs(f.start - offset) < Math.abs(best.start - offset)) best = f;
  }
  const bestEntry = best && entryOf(catalog, best);
  return bestEntry ? retryCodegen().planForApi(bestEntry.api, catalog) : retryCodegen().buildRetryPlan(catalog.entries, catalog.apis);
}

function insertionFor(services: Services, doc: vscode.TextDocument, lang: RetryLanguage, entry: CatalogEntry, library?: DetectedLibrary): vscode.WorkspaceEdit | undefined {
  const text = doc.getText();
  const plan = retryCodegen().planForEntry(entry, services.catalogs.current);
  const insertion = retryCodegen().helperInsertionEdits(text, lang, plan, textStyleOf(doc, lang, text), { library: library?.library, cenkaltiMajor: library?.major });
  return insertion && toWorkspaceEdit(doc, insertion.edits);
}

function wrapFor(services: Services, doc: vscode.TextDocument, lang: RetryLanguage, call: CallSpan): vscode.WorkspaceEdit {
  const text = doc.getText();
  const plan = planNear(services, services.scans.get(doc), call.start);
  return toWorkspaceEdit(doc, retryCodegen().wrapEdits(text, lang, call, plan, textStyleOf(doc, lang, text)));
}

// ---------------------------------------------------------------------------------------------------
// Code actions

class InsertRetryAction extends vscode.CodeAction {
  constructor(
    readonly doc: vscode.TextDocument,
    readonly lang: RetryLanguage,
    readonly entry: CatalogEntry,
    readonly library: DetectedLibrary | undefined,
  ) {
    super(
      library
        ? vscode.l10n.t('Insert retry handler for {code} using {library}', { code: entry.code, library: retryCodegen().libraryLabel(library) })
        : vscode.l10n.t('Insert retry handler for {code}', { code: entry.code }),
      vscode.CodeActionKind.QuickFix,
    );
  }
}

class WrapCallAction extends vscode.CodeAction {
  constructor(
    readonly doc: vscode.TextDocument,
    readonly lang: RetryLanguage,
    readonly version: number,
    readonly selection: { start: number; end: number },
  ) {
    super(vscode.l10n.t('Wrap this call in a retry'), vscode.CodeActionKind.RefactorRewrite);
  }
}

/** The call a range points at: the selection when it is one call, else the call on its (single) line. */
function callAt(text: string, lang: RetryLanguage, start: number, end: number): CallSpan | undefined {
  const call = retryCodegen().callToWrap(text, lang, start, end);
  if (call || end === start || text.slice(start, end).includes('\n')) return call;
  // The light bulb passes a diagnostic's range (the code literal), not a selection.
  return retryCodegen().callToWrap(text, lang, start, start);
}

export class RetryCodeActionProvider implements vscode.CodeActionProvider {
  static readonly metadata: vscode.CodeActionProviderMetadata = {
    providedCodeActionKinds: [vscode.CodeActionKind.QuickFix, vscode.CodeActionKind.RefactorRewrite],
  };

  constructor(
    private readonly services: Services,
    private readonly libraries: RetryLibraryIndex,
  ) {}

  async provideCodeActions(doc: vscode.TextDocument, range: vscode.Range | vscode.Selection, context: vscode.CodeActionContext, token: vscode.CancellationToken): Promise<vscode.CodeAction[]> {
    const settings = this.services.config.settings;
    const lang = retryCodegen().retryLanguageOf(doc.languageId);
    if (!lang || !settings.enable || !settings.codeActions || !isEnabledFor(doc, settings)) return [];
    const allows = (kind: vscode.CodeActionKind) => !context.only || context.only.contains(kind);
    const text = doc.getText();
    const start = doc.offsetAt(range.start);
    const end = doc.offsetAt(range.end);
    // Our diagnostics carry their rule id and finding (diagnostics.ts): the fixes come from them.
    const ours = context.diagnostics.flatMap((d) => {
      const p = problemOf(d);
      return p?.finding ? [{ diagnostic: d, rule: p.rule, finding: p.finding }] : [];
    });

    const catalog = this.services.catalogs.current;
    const actions: vscode.CodeAction[] = [];
    if (allows(vscode.CodeActionKind.QuickFix)) {
      for (const { diagnostic, rule, finding: f } of ours) {
        if (rule !== EngineRules.unknownCode || !f.suggestions?.length) continue;
        // The diagnostic's range, which VS Code keeps on the code through edits; the code must still be there.
        if (doc.getText(diagnostic.range) !== f.code) continue;
        f.suggestions.forEach((id, i) => {
          const s = catalog.get(id);
          if (!s || f.code === s.code) return;
          const fix = new vscode.CodeAction(vscode.l10n.t('Change to {code} ({name})', { code: s.code, name: catalogText(s.name) }), vscode.CodeActionKind.QuickFix);
          fix.edit = new vscode.WorkspaceEdit();
          fix.edit.replace(doc.uri, diagnostic.range, s.code);
          fix.diagnostics = [diagnostic];
          fix.isPreferred = i === 0;
          actions.push(fix);
        });
      }
      // A known code the handler retries: on the missing-retry hint (the preferred fix) or on the code's
      // own hint. Once the file has a helper, inserting another would duplicate it: nothing is offered.
      const retryable = retryCodegen().hasRetryHelper(text, lang) ? [] : ours.filter((o) => o.finding.kind === 'code' && retryCodegen().offersRetry(entryOf(catalog, o.finding)));
      if (retryable.length) {
        const libraries = (await this.libraries.librariesFor(doc.uri, lang)).filter((l) => retryCodegen().canUseLibrary(lang, l.library, text));
        if (token.isCancellationRequested) return [];
        const byEntry = new Map<string, typeof retryable>();
        for (const o of retryable) byEntry.set(o.finding.entry!, [...(byEntry.get(o.finding.entry!) ?? []), o]);
        for (const [id, list] of byEntry) {
          const entry = catalog.get(id)!;
          const hinted = list.some((o) => o.rule === PolicyRules.missingRetry);
          for (const library of [undefined, ...libraries]) {
            const insert = new InsertRetryAction(doc, lang, entry, library);
            insert.diagnostics = list.map((o) => o.diagnostic);
            // The standard helper is the fix for the missing-retry hint; library variants are alternatives.
            insert.isPreferred = !library && hinted;
            actions.push(insert);
          }
        }
      }
    }
    if (allows(vscode.CodeActionKind.RefactorRewrite)) {
      const call = callAt(text, lang, start, end);
      if (call && this.wrapWanted(doc, context, start !== end || ours.length > 0, call)) {
        const wrap = new WrapCallAction(doc, lang, doc.version, { start, end });
        const hints = ours.filter((o) => o.rule === PolicyRules.missingRetry).map((o) => o.diagnostic);
        if (hints.length) wrap.diagnostics = hints;
        actions.push(wrap);
      }
    }
    return actions;
  }

  /**
   * Asked for (Ctrl+., the refactor menu), any call can be wrapped; the automatic light bulb offers it
   * only for a selection, on a diagnostic, or near an error code, not on every line with a call.
   */
  private wrapWanted(doc: vscode.TextDocument, context: vscode.CodeActionContext, explicit: boolean, call: CallSpan): boolean {
    if (context.triggerKind === vscode.CodeActionTriggerKind.Invoke || explicit) return true;
    const line = doc.positionAt(call.start).line;
    return this.services.scans.get(doc).some((f) => f.kind === 'code' && f.entry && Math.abs(doc.positionAt(f.start).line - line) <= WRAP_NEARBY_LINES);
  }

  resolveCodeAction(action: vscode.CodeAction): vscode.CodeAction {
    if (action instanceof InsertRetryAction && !action.doc.isClosed) {
      action.edit = insertionFor(this.services, action.doc, action.lang, action.entry, action.library) ?? new vscode.WorkspaceEdit();
    } else if (action instanceof WrapCallAction && !action.doc.isClosed) {
      const text = action.doc.getText();
      const call = action.doc.version === action.version ? callAt(text, action.lang, action.selection.start, action.selection.end) : undefined;
      action.edit = call ? wrapFor(this.services, action.doc, action.lang, call) : new vscode.WorkspaceEdit();
    }
    return action;
  }
}

// ---------------------------------------------------------------------------------------------------
// Commands

export interface RetryCommandResult {
  /** True when the document changed. */
  applied: boolean;
  uri?: string;
  /** Why nothing changed: `present` (a helper is already there), `no-call`, `cancelled`. */
  /** present: a current handler is there; outdated: an older one is (its version is in the marker). */
  reason?: 'present' | 'outdated' | 'no-call' | 'cancelled';
}

const unsupported = (): string => vscode.l10n.t('Open a TypeScript, JavaScript, Python or Go file to insert a retry handler into.');

function activeCodeEditor(): { editor: vscode.TextEditor; lang: RetryLanguage } {
  const editor = vscode.window.activeTextEditor;
  const lang = editor && retryCodegen().retryLanguageOf(editor.document.languageId);
  if (!editor || !lang) throw new Error(unsupported());
  return { editor, lang };
}

/** Tests: the pick is shown with an active item (VS Code reports the first active item through this). */
const pickReady = __TEST_HOOKS__ ? (): void => probe!.pickReady('Insert Retry Handler') : undefined;

interface EntryPick extends vscode.QuickPickItem {
  entry: CatalogEntry;
}

async function pickEntry(services: Services): Promise<CatalogEntry | undefined> {
  const catalog = services.catalogs.current;
  const items: EntryPick[] = catalog.entries
    .filter((e) => retryCodegen().offersRetry(e) && (e.kind === 'code' || e.kind === 'graphql-code' || e.kind === 'status'))
    .map((e) => ({
      label: e.code,
      description: catalogText(e.name),
      detail: `${catalog.api(e.api)?.name ?? e.api} · ${e.retry.decision === 'conditional' && e.retry.onStatuses?.length ? vscode.l10n.t('retry on {statuses}', { statuses: e.retry.onStatuses.join('/') }) : vscode.l10n.t('retry with backoff')}`,
      entry: e,
    }));
  const chosen = await vscode.window.showQuickPick(items, { title: vscode.l10n.t('Insert Retry Handler'), placeHolder: vscode.l10n.t('The error the handler is for (it retries everything its API calls transient)'), matchOnDescription: true, matchOnDetail: true, onDidSelectItem: pickReady });
  return chosen?.entry;
}

async function pickLibrary(libraries: readonly DetectedLibrary[]): Promise<DetectedLibrary | undefined | 'cancelled'> {
  if (!libraries.length) return undefined;
  const items = [
    { label: vscode.l10n.t('Standard library only'), library: undefined as DetectedLibrary | undefined },
    ...libraries.map((l) => ({ label: vscode.l10n.t('Using {library}', { library: retryCodegen().libraryLabel(l) }), description: vscode.l10n.t('the workspace depends on it'), library: l })),
  ];
  const chosen = await vscode.window.showQuickPick(items, { title: vscode.l10n.t('Insert Retry Handler'), placeHolder: vscode.l10n.t('How the handler retries'), onDidSelectItem: pickReady });
  return chosen ? chosen.library : 'cancelled';
}

async function applyAndReveal(doc: vscode.TextDocument, edit: vscode.WorkspaceEdit, marker: RegExp): Promise<boolean> {
  if (!(await vscode.workspace.applyEdit(edit))) throw new Error(vscode.l10n.t('the editor refused the edit (was the document changed meanwhile?)'));
  const editor = vscode.window.visibleTextEditors.find((e) => e.document === doc);
  const at = marker.exec(doc.getText())?.index;
  if (editor && at !== undefined) editor.revealRange(new vscode.Range(doc.positionAt(at), doc.positionAt(at)), vscode.TextEditorRevealType.InCenterIfOutsideViewport);
  return true;
}

/**
 * errcode.insertRetryHandler: from a hover link (`{ uri, offset, entry }`), the catalog tree (an item or
 * an entry id; into the active editor), or the palette (no argument: pick an entry, then a library when
 * the workspace has one).
 */
export async function insertRetryHandler(services: Services, libraries: RetryLibraryIndex, arg?: unknown): Promise<RetryCommandResult> {
  const ref = asFindingRef(arg);
  const id = ref ? undefined : asEntryId(arg);
  if (arg !== undefined && !ref && !id) throw new Error(vscode.l10n.t('Insert Retry Handler: unexpected argument.'));
  await services.catalogs.ready();
  const catalog = services.catalogs.current;
  let doc: vscode.TextDocument;
  let lang: RetryLanguage | undefined;
  let entry: CatalogEntry | undefined;
  if (ref) {
    doc = await vscode.workspace.openTextDocument(vscode.Uri.parse(ref.uri, true));
    lang = retryCodegen().retryLanguageOf(doc.languageId);
    if (!lang) throw new Error(unsupported());
    entry = ref.entry ? catalog.get(ref.entry) : entryOf(catalog, services.scans.at(doc, ref.offset) ?? { entry: null });
    if (!entry) throw new Error(ref.entry ? vscode.l10n.t('no catalog entry "{entry}".', { entry: ref.entry }) : vscode.l10n.t('no catalog entry at that position.'));
  } else {
    const active = activeCodeEditor();
    doc = active.editor.document;
    lang = active.lang;
    if (id) {
      entry = catalog.get(id);
      if (!entry) throw new Error(vscode.l10n.t('no catalog entry "{entry}".', { entry: id }));
    } else {
      entry = await pickEntry(services);
      if (!entry) return { applied: false, reason: 'cancelled' };
    }
  }
  const { code, name } = entry;
  if (!retryCodegen().offersRetry(entry)) throw new Error(vscode.l10n.t('the catalog says {code} ({name}) must not be retried as it is.', { code, name: catalogText(name) }));
  if (retryCodegen().hasRetryHelper(doc.getText(), lang)) {
    const file = vscode.workspace.asRelativePath(doc.uri);
    const version = retryCodegen().retryHelperVersion(doc.getText());
    if (version !== undefined && version < retryCodegen().HELPER_VERSION) {
      // Replacing it in place could cut code the user added around it: say what changed and how to update.
      void vscode.window.showInformationMessage(
        vscode.l10n.t('An older retry handler (v{old}) is in {file}: nothing inserted. The current one (v{current}) repeats only requests that are safe to repeat, retries network failures and never cuts the server’s wait; delete the old one and insert again to update it.', { old: String(version), current: String(retryCodegen().HELPER_VERSION), file }),
      );
      return { applied: false, uri: doc.uri.toString(), reason: 'outdated' };
    }
    void vscode.window.showInformationMessage(vscode.l10n.t('A retry handler is already in {file}: nothing inserted.', { file }));
    return { applied: false, uri: doc.uri.toString(), reason: 'present' };
  }
  let library: DetectedLibrary | undefined;
  if (arg === undefined) {
    const text = doc.getText();
    const docLang = lang;
    const picked = await pickLibrary((await libraries.librariesFor(doc.uri, lang)).filter((l) => retryCodegen().canUseLibrary(docLang, l.library, text)));
    if (picked === 'cancelled') return { applied: false, reason: 'cancelled' };
    library = picked;
  }
  const edit = insertionFor(services, doc, lang, entry, library);
  if (!edit) return { applied: false, uri: doc.uri.toString(), reason: 'present' };
  return { applied: await applyAndReveal(doc, edit, /errcode-retry-helper v\d+/), uri: doc.uri.toString() };
}

/** errcode.wrapInRetry: the call at `{ uri, offset }`, else the active editor's selection or cursor line. */
export async function wrapInRetry(services: Services, arg?: unknown): Promise<RetryCommandResult> {
  const ref = asFindingRef(arg);
  if (arg !== undefined && !ref) throw new Error(vscode.l10n.t('Wrap Call in a Retry: unexpected argument.'));
  let doc: vscode.TextDocument;
  let start: number;
  let end: number;
  if (ref) {
    doc = await vscode.workspace.openTextDocument(vscode.Uri.parse(ref.uri, true));
    start = end = ref.offset;
  } else {
    const { editor } = activeCodeEditor();
    doc = editor.document;
    start = doc.offsetAt(editor.selection.start);
    end = doc.offsetAt(editor.selection.end);
  }
  const lang = retryCodegen().retryLanguageOf(doc.languageId);
  if (!lang) throw new Error(unsupported());
  const call = callAt(doc.getText(), lang, start, end);
  if (!call) {
    void vscode.window.showInformationMessage(vscode.l10n.t('Select a call (or put the cursor on a line with one) to wrap it in a retry.'));
    return { applied: false, uri: doc.uri.toString(), reason: 'no-call' };
  }
  const edit = wrapFor(services, doc, lang, call);
  if (!(await vscode.workspace.applyEdit(edit))) throw new Error(vscode.l10n.t('the editor refused the edit.'));
  return { applied: true, uri: doc.uri.toString() };
}

export function registerCodeActions(services: Services): vscode.Disposable {
  const libraries = new RetryLibraryIndex();
  const provider = new RetryCodeActionProvider(services, libraries);
  return vscode.Disposable.from(
    libraries,
    vscode.languages.registerCodeActionsProvider(
      Object.keys(RETRY_LANGUAGE_IDS).map((language) => ({ language })),
      provider,
      RetryCodeActionProvider.metadata,
    ),
    registerCommand(Commands.insertRetryHandler, (arg) => insertRetryHandler(services, libraries, arg)),
    registerCommand(Commands.wrapInRetry, (arg) => wrapInRetry(services, arg)),
  );
}
