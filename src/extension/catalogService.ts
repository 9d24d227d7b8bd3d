// The catalog in use: built-in data merged with the user catalogs named in settings. User files are
// read through vscode.workspace.fs (virtual workspaces and the web work too) and watched; a catalog
// with unsaved edits is read from its buffer, re-checked as the user types (debounced). A broken
// file keeps its last good version in use, gets diagnostics at the right line and column, and one
// notification per distinct breakage, not one per keystroke.
import * as vscode from 'vscode';
import { loadBuiltinCatalog, type Catalog } from '../core/catalog/catalog';
import { loadCatalogFileModule } from './catalogFileLoad';
import type { CatalogProblem } from '../core/catalog/types';
import type { Config } from './config';
import { probe } from './testHooks';

/** Typing in an open user catalog re-checks it after this pause. */
const CATALOG_EDIT_DEBOUNCE_MS = 300;

export class CatalogService implements vscode.Disposable {
  private catalog: Catalog = loadBuiltinCatalog();
  private generationCount = 0;
  private readonly emitter = new vscode.EventEmitter<Catalog>();
  readonly onDidChange = this.emitter.event;
  private readonly problems = vscode.languages.createDiagnosticCollection('errcode-catalog');
  private readonly disposables: vscode.Disposable[] = [];
  private watchers: vscode.Disposable[] = [];
  /** Last text of each user file that parsed without errors. */
  private readonly lastGood = new Map<string, string>();
  private lastNotified = '';
  private notifications = 0;
  private loading: Promise<void> = Promise.resolve();
  /** The user catalogs of the latest load, as URI strings: edits in these buffers reload. */
  private userFiles = new Set<string>();
  private editTimer: ReturnType<typeof setTimeout> | undefined;

  constructor(private readonly config: Config) {
    this.disposables.push(this.problems, this.emitter);
    config.onDidChange(() => this.reload(), this, this.disposables);
    vscode.workspace.onDidChangeWorkspaceFolders(() => this.reload(), this, this.disposables);
    vscode.workspace.onDidGrantWorkspaceTrust(() => this.reload(), this, this.disposables);
    vscode.workspace.onDidChangeTextDocument((e) => this.onBufferChange(e.document), this, this.disposables);
    // Closing a buffer with unsaved edits falls back to the file on disk.
    vscode.workspace.onDidCloseTextDocument(this.onBufferChange, this, this.disposables);
    this.reload();
  }

  get current(): Catalog {
    return this.catalog;
  }

  /** Counts the catalogs put in use: findings are valid for the generation they were made with. */
  get generation(): number {
    return this.generationCount;
  }

  /** How many "problems in a user catalog" notifications were shown (one per broken spell). */
  get notificationCount(): number {
    return this.notifications;
  }

  /** Resolves once the latest reload finished (tests and commands await it). */
  ready(): Promise<void> {
    return this.loading;
  }

  /** Resolves setting paths to URIs: absolute paths as they are, others in every workspace folder. */
  userCatalogUris(): vscode.Uri[] {
    const out: vscode.Uri[] = [];
    for (const p of this.config.settings.userCatalogs) {
      // A URI of any scheme (`memfs:/team.errcodes.jsonc`, `vscode-vfs://…`): virtual workspaces
      // have no files on disk, so everything is read through workspace.fs. One letter before the
      // colon is a Windows drive, not a scheme.
      if (/^[a-zA-Z][\w+.-]+:/.test(p)) out.push(vscode.Uri.parse(p));
      else if (p.startsWith('/')) out.push(vscode.Uri.file(p));
      else for (const f of vscode.workspace.workspaceFolders ?? []) out.push(vscode.Uri.joinPath(f.uri, p));
    }
    return out;
  }

  reload(): Promise<void> {
    this.loading = this.loading.then(() => this.load()).catch(() => undefined);
    return this.loading;
  }

  private onBufferChange(doc: vscode.TextDocument): void {
    if (!this.userFiles.has(doc.uri.toString())) return;
    clearTimeout(this.editTimer);
    this.editTimer = setTimeout(() => void this.reload(), CATALOG_EDIT_DEBOUNCE_MS);
  }

  private async load(): Promise<void> {
    const uris = this.userCatalogUris();
    this.watch(uris);
    this.userFiles = new Set(uris.map((u) => u.toString()));
    const texts: { uri: vscode.Uri; text: string; version?: number }[] = [];
    for (const uri of uris) {
      const key = uri.toString();
      // Unsaved edits count (the problems show as you type); a saved buffer is the file on disk, and
      // the file is what counts once it is deleted, even while an editor still shows it.
      const buffer = vscode.workspace.textDocuments.find((d) => !d.isClosed && d.isDirty && d.uri.toString() === key);
      if (buffer) {
        texts.push({ uri, text: buffer.getText(), version: buffer.version });
        continue;
      }
      try {
        texts.push({ uri, text: new TextDecoder().decode(await vscode.workspace.fs.readFile(uri)) });
      } catch {
        // a catalog path that does not exist is simply unused
      }
    }
    if (texts.length === 0) {
      // No user catalog: the reader and validator are not even loaded.
      this.publishProblems(new Map());
      this.catalog = loadBuiltinCatalog();
      this.generationCount++;
      this.emitter.fire(this.catalog);
      return;
    }
    const { mergeCatalogs, parseCatalogText } = loadCatalogFileModule();
    const users: { file: string; text: string }[] = [];
    const byFile = new Map<string, CatalogProblem[]>();
    for (const { uri, text } of texts) {
      const key = uri.toString();
      if (__TEST_HOOKS__) probe!.catalogParses++;
      const parsed = parseCatalogText(text, key);
      if (parsed.problems.some((p) => p.severity === 'error')) {
        byFile.set(key, parsed.problems);
        const good = this.lastGood.get(key);
        if (good !== undefined) users.push({ file: key, text: good });
        continue;
      }
      this.lastGood.set(key, text);
      users.push({ file: key, text });
    }
    if (__TEST_HOOKS__) probe!.catalogParses += users.length;
    const merged = mergeCatalogs(loadBuiltinCatalog(), users);
    for (const p of merged.problems) {
      const list = byFile.get(p.file) ?? [];
      list.push(p);
      byFile.set(p.file, list);
    }
    this.publishProblems(byFile);
    if (__TEST_HOOKS__) for (const t of texts) probe!.recordCatalogCheck({ uri: t.uri.toString(), version: t.version, problems: byFile.get(t.uri.toString())?.length ?? 0 });
    this.catalog = merged.catalog;
    this.generationCount++;
    this.emitter.fire(this.catalog);
  }

  private publishProblems(byFile: Map<string, CatalogProblem[]>): void {
    this.problems.clear();
    for (const [file, list] of byFile) {
      const uri = vscode.Uri.parse(file);
      this.problems.set(
        uri,
        list.map((p) => {
          const start = new vscode.Position(p.line - 1, p.column - 1);
          const d = new vscode.Diagnostic(new vscode.Range(start, start.translate(0, Math.max(1, p.length))), p.message, p.severity === 'error' ? vscode.DiagnosticSeverity.Error : vscode.DiagnosticSeverity.Warning);
          d.source = 'errcode catalog';
          return d;
        }),
      );
    }
    const errors = [...byFile.values()].flat().filter((p) => p.severity === 'error');
    const signature = errors.map((p) => `${p.file}:${p.line}:${p.column}:${p.message}`).join('\n');
    if (errors.length && signature !== this.lastNotified) {
      // Typing in a catalog changes positions on every keystroke: notify once per broken state.
      const wasBroken = this.lastNotified !== '';
      this.lastNotified = signature;
      if (!wasBroken) {
        this.notifications++;
        void vscode.window.showWarningMessage(`Error Code Assistant: ${errors.length} problem${errors.length === 1 ? '' : 's'} in a user catalog; the last good version stays in use. See the Problems panel.`);
      }
    } else if (!errors.length) this.lastNotified = '';
  }

  private watch(uris: vscode.Uri[]): void {
    for (const w of this.watchers) w.dispose();
    this.watchers = [];
    for (const uri of uris) {
      if (uri.scheme !== 'file') continue;
      const folder = vscode.Uri.joinPath(uri, '..');
      const name = uri.path.slice(uri.path.lastIndexOf('/') + 1);
      const w = vscode.workspace.createFileSystemWatcher(new vscode.RelativePattern(folder, name));
      w.onDidChange(() => this.reload());
      w.onDidCreate(() => this.reload());
      w.onDidDelete(() => this.reload());
      this.watchers.push(w);
    }
  }

  dispose(): void {
    clearTimeout(this.editTimer);
    for (const w of this.watchers) w.dispose();
    for (const d of this.disposables) d.dispose();
  }
}
