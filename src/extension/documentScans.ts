// Findings per open document, cached by version and catalog generation and updated incrementally on
// edits, so hovers read a cache and a one-line edit in a big log rescans a few kilobytes. Nothing is
// scanned for a document no feature asked about.
//
// Soundness (ARCHITECTURE.md): findings are valid for one document version and one catalog
// generation. A scan that ends after its document was edited or closed, or after the catalog was
// reloaded, is dropped: never stored, never handed out. A hover on a document not scanned yet reads
// a window around the cursor, never the whole document, and otherwise waits for the async scan.
import * as vscode from 'vscode';
import type { Catalog } from '../core/catalog/catalog';
import { findingAt, findingInWindow, WINDOW_CHARS } from '../core/engine/findingAt';
import { updateFindings, type TextChange, type TextSource } from '../core/engine/incremental';
import { scanText, scanTextAsync } from '../core/engine/scan';
import type { Finding } from '../core/engine/finding';
import type { CatalogService } from './catalogService';
import { logError } from './log';
import { probe } from './testHooks';

/** The engine's own failures (a bug: no input should cause one) go to the log, with where they happened. */
function reporter(doc: vscode.TextDocument): (offset: number, error: unknown) => void {
  return (offset, error) => {
    const at = offset <= documentLength(doc) ? doc.positionAt(offset) : undefined;
    logError(`scanning ${doc.uri.toString(true)}${at ? `:${at.line + 1}:${at.character + 1}` : ''}`, error);
  };
}

function documentLength(doc: vscode.TextDocument): number {
  return doc.offsetAt(doc.lineAt(doc.lineCount - 1).range.end);
}

/** Read access to a document's text without copying all of it (a window of a 50 MB log). */
function sourceOf(doc: vscode.TextDocument): TextSource {
  return {
    length: documentLength(doc),
    slice: (from: number, to: number) => doc.getText(new vscode.Range(doc.positionAt(from), doc.positionAt(to))),
  };
}

/** The findings of one document version, made with one catalog generation. */
export interface ScanResult {
  readonly version: number;
  readonly generation: number;
  readonly findings: Finding[];
}

/** Above this size a first scan runs in slices that yield to the event loop. */
export const ASYNC_SCAN_BYTES = 2 * 1024 * 1024;

/**
 * The most characters a hover scans synchronously on a document not scanned yet: a document this
 * small whole, a bigger one a window around the cursor (beyond it, the hover waits for the async scan).
 */
export const HOVER_SYNC_CHARS = WINDOW_CHARS;

/** Resolves with `promise`, or with undefined as soon as `token` is cancelled. */
function unlessCancelled<T>(promise: Promise<T>, token: vscode.CancellationToken | undefined): Promise<T | undefined> {
  if (!token) return promise;
  if (token.isCancellationRequested) return Promise.resolve(undefined);
  return new Promise<T | undefined>((resolve, reject) => {
    const listener = token.onCancellationRequested(() => {
      listener.dispose();
      resolve(undefined);
    });
    promise.then(
      (v) => {
        listener.dispose();
        resolve(v);
      },
      (e: unknown) => {
        listener.dispose();
        reject(e instanceof Error ? e : new Error(String(e)));
      },
    );
  });
}

export class DocumentScans implements vscode.Disposable {
  private readonly cache = new Map<string, ScanResult>();
  /** Async scans in flight, by `uri@version#generation`. */
  private readonly pending = new Map<string, Promise<ScanResult | undefined>>();
  private readonly emitter = new vscode.EventEmitter<vscode.Uri | undefined>();
  /**
   * Fires with a document's URI when its findings changed (scanned, or updated after an edit), or
   * undefined when all did (a new catalog).
   */
  readonly onDidChange = this.emitter.event;
  private readonly disposables: vscode.Disposable[] = [this.emitter];

  constructor(private readonly catalogs: CatalogService) {
    vscode.workspace.onDidChangeTextDocument(this.onEdit, this, this.disposables);
    vscode.workspace.onDidCloseTextDocument((d) => this.forget(d.uri), this, this.disposables);
    catalogs.onDidChange(() => {
      // Entries of an older generation are never handed out; clearing them frees the memory.
      this.cache.clear();
      this.emitter.fire(undefined);
    }, this, this.disposables);
  }

  get catalog(): Catalog {
    return this.catalogs.current;
  }

  /** The generation of the catalog in use: findings made with another one are stale. */
  get generation(): number {
    return this.catalogs.generation;
  }

  /** Documents with cached findings (closed documents are dropped: tests check nothing leaks). */
  get cachedDocuments(): number {
    return this.cache.size;
  }

  /** The cached result for the document's version and the catalog in use, if any. */
  cached(doc: vscode.TextDocument): ScanResult | undefined {
    const e = this.cache.get(doc.uri.toString());
    return e && e.version === doc.version && e.generation === this.generation ? e : undefined;
  }

  /** Cached findings for this version and catalog, if any. */
  peek(doc: vscode.TextDocument): Finding[] | undefined {
    return this.cached(doc)?.findings;
  }

  /**
   * Findings of the document now, scanning it whole synchronously when not cached: for commands the
   * user runs on a document (code actions, details). Hovers use `findingAt`, which never does.
   */
  get(doc: vscode.TextDocument): Finding[] {
    const cached = this.cached(doc);
    if (cached) return cached.findings;
    const text = doc.getText();
    if (__TEST_HOOKS__) {
      probe!.syncScannedChars += text.length;
      probe!.scannedChars += text.length;
    }
    let findings: Finding[] = [];
    try {
      findings = scanText(text, this.catalog, { onInternalError: reporter(doc) });
    } catch (e) {
      logError(`scanning ${doc.uri.toString(true)}`, e);
    }
    this.cache.set(doc.uri.toString(), { version: doc.version, generation: this.generation, findings });
    return findings;
  }

  /**
   * The findings of the document's current version, without blocking the extension host on big
   * documents. Undefined when the scan was superseded before it ended (the document was edited or
   * closed, or the catalog reloaded): whoever caused that also starts what replaces it.
   */
  scan(doc: vscode.TextDocument): Promise<ScanResult | undefined> {
    const cached = this.cached(doc);
    if (cached) return Promise.resolve(cached);
    const version = doc.version;
    const generation = this.generation;
    const key = `${doc.uri.toString()}@${version}#${generation}`;
    let p = this.pending.get(key);
    if (!p) {
      p = this.scanWhole(doc, version, generation, this.catalog);
      this.pending.set(key, p);
      void p.finally(() => this.pending.delete(key));
    }
    return p;
  }

  private async scanWhole(doc: vscode.TextDocument, version: number, generation: number, catalog: Catalog): Promise<ScanResult | undefined> {
    const uri = doc.uri.toString();
    const superseded = (): boolean => doc.isClosed || doc.version !== version || this.generation !== generation;
    const text = doc.getText();
    if (__TEST_HOOKS__) probe!.scannedChars += text.length;
    const options = { onInternalError: reporter(doc), isCancelled: superseded };
    let findings: Finding[] = [];
    try {
      if (text.length > ASYNC_SCAN_BYTES) findings = await scanTextAsync(text, catalog, options);
      else {
        await Promise.resolve();
        if (!superseded()) findings = scanText(text, catalog, options);
      }
    } catch (e) {
      logError(`scanning ${doc.uri.toString(true)}`, e);
    }
    if (__TEST_HOOKS__) await probe!.holdScan?.(uri, version);
    if (superseded()) return undefined;
    const result: ScanResult = { version, generation, findings };
    this.cache.set(uri, result);
    this.emitter.fire(doc.uri);
    return result;
  }

  /** Finding under an offset now, scanning the document whole when not cached (commands; see `get`). */
  at(doc: vscode.TextDocument, offset: number): Finding | undefined {
    return findingAt(this.get(doc), offset);
  }

  /**
   * Finding under an offset, for hovers: from the cache; on a document not scanned yet, from a window
   * around the offset (a small document whole), synchronously; when the window cannot tell, from the
   * async scan of the document, unless `token` is cancelled first.
   */
  async findingAt(doc: vscode.TextDocument, offset: number, token?: vscode.CancellationToken): Promise<Finding | undefined> {
    const cached = this.cached(doc);
    if (cached) return findingAt(cached.findings, offset);
    const source = sourceOf(doc);
    if (source.length <= WINDOW_CHARS) return findingAt(this.get(doc), offset);
    const answer = findingInWindow(source, this.catalog, offset, { onInternalError: reporter(doc) });
    if (__TEST_HOOKS__) probe!.syncScannedChars += answer.scanned;
    if (answer.settled) return answer.finding;
    const version = doc.version;
    const result = await unlessCancelled(this.scan(doc), token);
    if (!result || result.version !== version || doc.version !== version) return undefined;
    return findingAt(result.findings, offset);
  }

  private onEdit(e: vscode.TextDocumentChangeEvent): void {
    const key = e.document.uri.toString();
    const entry = this.cache.get(key);
    if (!entry || e.contentChanges.length === 0) return;
    const doc = e.document;
    if (entry.generation !== this.generation) {
      this.cache.delete(key);
      return;
    }
    const changes: TextChange[] = e.contentChanges.map((c) => ({ offset: c.rangeOffset, deletedLength: c.rangeLength, insertedLength: c.text.length }));
    try {
      this.cache.set(key, { version: doc.version, generation: entry.generation, findings: updateFindings(entry.findings, changes, sourceOf(doc), this.catalog, { onInternalError: reporter(doc) }) });
    } catch (e) {
      logError(`updating ${doc.uri.toString(true)} after an edit`, e);
      this.cache.delete(key);
    }
    this.emitter.fire(doc.uri);
  }

  forget(uri: vscode.Uri): void {
    this.cache.delete(uri.toString());
  }

  dispose(): void {
    for (const d of this.disposables) d.dispose();
    this.cache.clear();
  }
}
