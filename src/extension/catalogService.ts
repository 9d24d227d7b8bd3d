// The catalog in use: built-in data merged with the user catalogs named in settings. User files are
// read through vscode.workspace.fs (virtual workspaces and the web work too) and watched; a catalog
// with unsaved edits is read from its buffer, re-checked as the user types (debounced). A broken
// file keeps its last good version in use, gets diagnostics at the right line and column, and one
// notification per distinct breakage, not one per keystroke.
//
// Each catalog put in use has a new `generation`: findings are valid only for the generation they
// were made with (DocumentScans). Only a change of what the catalog is made of (the `userCatalogs`
// setting, workspace folders, the files' texts) makes one; each text is parsed once per change.
import * as vscode from 'vscode';
import { formatNumber, pluralOf } from '../core/render/locale';
import { loadBuiltinCatalog, type Catalog } from '../core/catalog/catalog';
import type { MergeMemo } from '../core/catalog/catalogFile';
import { loadCatalogFileModule } from './catalogFileLoad';
import type { CatalogProblem } from '../core/catalog/types';
import type { Config } from './config';
import { logError } from './log';
import { probe } from './testHooks';

/** A user catalog as read for one load: from its unsaved buffer (with its version) or from the file. */
interface UserText {
  uri: vscode.Uri;
  key: string;
  text: string;
  /** The version of the buffer read; undefined when the file was read. */
  version?: number;
}

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
  /** A reload is queued and has not started: further requests join it. */
  private queued = false;
  /** What the catalog in use was made of (file and text of each user catalog): none at first. */
  private madeOf = '[]';
  /** The files watched, as a key, so watchers are made again only when the list changes. */
  private watched = '';
  /** Parses of the last merge: unchanged texts are not parsed again. */
  private readonly memo: MergeMemo = { parses: 0 };

  constructor(private readonly config: Config) {
    this.disposables.push(this.problems, this.emitter);
    config.onDidChange((change) => change.affects('userCatalogs') && this.reload(), this, this.disposables);
    vscode.workspace.onDidChangeWorkspaceFolders(() => this.reload(), this, this.disposables);
    vscode.workspace.onDidGrantWorkspaceTrust(() => this.reload(), this, this.disposables);
    vscode.workspace.onDidChangeTextDocument((e) => this.onBufferChange(e.document), this, this.disposables);
    // Closing a buffer with unsaved edits falls back to the file on disk.
    vscode.workspace.onDidCloseTextDocument(this.onBufferChange, this, this.disposables);
    void this.reload(); // never rejects: load failures become problems
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

  /** Loads the user catalogs again (requests made before a queued load starts share it). */
  reload(): Promise<void> {
    if (this.queued) return this.loading;
    this.queued = true;
    this.loading = this.loading
      .then(() => {
        this.queued = false;
        return this.load();
      })
      .catch((e: unknown) => logError('loading the user catalogs', e));
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
    const texts: UserText[] = [];
    for (const uri of uris) {
      const key = uri.toString();
      // Unsaved edits count (the problems show as you type); a saved buffer is the file on disk, and
      // the file is what counts once it is deleted, even while an editor still shows it.
      const buffer = this.dirtyBuffer(key);
      if (buffer) {
        texts.push({ uri, key, text: buffer.getText(), version: buffer.version });
        continue;
      }
      try {
        texts.push({ uri, key, text: new TextDecoder().decode(await vscode.workspace.fs.readFile(uri)) });
      } catch {
        // a catalog path that does not exist is simply unused
      }
    }
    const madeOf = JSON.stringify(texts.map((t) => [t.key, t.text]));
    if (madeOf === this.madeOf) {
      // The same texts (a watcher event, an undone edit): the catalog in use and its problems stand.
      this.recordChecks(texts);
      return;
    }
    this.madeOf = madeOf;
    if (texts.length === 0) {
      // No user catalog: the reader and validator are not even loaded.
      this.publishProblems(new Map(), texts);
      this.use(loadBuiltinCatalog());
      return;
    }
    const { mergeCatalogs } = loadCatalogFileModule();
    const parsesBefore = this.memo.parses;
    // One parse per text; a text with errors is replaced by its file's last good version, and only
    // its own problems are shown, where they are in it.
    const merged = mergeCatalogs(
      loadBuiltinCatalog(),
      texts.map((t) => ({ file: t.key, text: t.text, lastGood: this.lastGood.get(t.key) ?? null })),
      this.memo,
    );
    if (__TEST_HOOKS__) probe!.catalogParses += this.memo.parses - parsesBefore;
    for (const t of texts) if (!merged.broken.includes(t.key)) this.lastGood.set(t.key, t.text);
    const byFile = new Map<string, CatalogProblem[]>();
    for (const p of merged.problems) {
      const list = byFile.get(p.file) ?? [];
      list.push(p);
      byFile.set(p.file, list);
    }
    this.publishProblems(byFile, texts);
    this.use(merged.catalog);
  }

  private dirtyBuffer(key: string): vscode.TextDocument | undefined {
    return vscode.workspace.textDocuments.find((d) => !d.isClosed && d.isDirty && d.uri.toString() === key);
  }

  private use(catalog: Catalog): void {
    this.catalog = catalog;
    this.generationCount++;
    this.emitter.fire(catalog);
  }

  private recordChecks(texts: readonly UserText[]): void {
    if (__TEST_HOOKS__) {
      for (const t of texts) {
        if (this.isStale(t)) continue;
        probe!.recordCatalogCheck({ uri: t.key, version: t.version, problems: this.problems.get(t.uri)?.length ?? 0 });
      }
    }
  }

  /** The buffer read was edited since: its problems would be misplaced (a reload is on its way). */
  private isStale(t: UserText): boolean {
    return t.version !== undefined && this.dirtyBuffer(t.key)?.version !== t.version;
  }

  private publishProblems(byFile: Map<string, CatalogProblem[]>, texts: readonly UserText[]): void {
    this.problems.clear();
    for (const [file, list] of byFile) {
      const uri = vscode.Uri.parse(file);
      // Problems are positions in the text read: on a buffer edited since, none rather than misplaced.
      const read = texts.find((t) => t.key === file);
      if (read && this.isStale(read)) continue;
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
        const count = { count: formatNumber(errors.length) };
        void vscode.window.showWarningMessage(
          pluralOf(errors.length) === 'one'
            ? vscode.l10n.t('Error Code Assistant: {count} problem in a user catalog; the last good version stays in use. See the Problems panel.', count)
            : vscode.l10n.t('Error Code Assistant: {count} problems in a user catalog; the last good version stays in use. See the Problems panel.', count),
        );
      }
    } else if (!errors.length) this.lastNotified = '';
    this.recordChecks(texts);
  }

  private watch(uris: vscode.Uri[]): void {
    const watched = uris.map((u) => u.toString()).join('\n');
    if (watched === this.watched) return;
    this.watched = watched;
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
