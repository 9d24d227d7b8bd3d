// Findings per open document, cached by version and updated incrementally on edits, so hovers read
// a cache and a one-line edit in a big log rescans a few kilobytes. Nothing is scanned for a
// document no feature asked about.
import * as vscode from 'vscode';
import type { Catalog } from '../core/catalog/catalog';
import { findingAt } from '../core/engine/findingAt';
import { updateFindings, type TextChange } from '../core/engine/incremental';
import { scanText, scanTextAsync } from '../core/engine/scan';
import type { Finding } from '../core/engine/finding';
import type { CatalogService } from './catalogService';
import { logError } from './log';
import { probe } from './testHooks';

/** The engine's own failures (a bug: no input should cause one) go to the log, with where they happened. */
function reporter(doc: vscode.TextDocument): (offset: number, error: unknown) => void {
  return (offset, error) => {
    const at = offset <= doc.getText().length ? doc.positionAt(offset) : undefined;
    logError(`scanning ${doc.uri.toString(true)}${at ? `:${at.line + 1}:${at.character + 1}` : ''}`, error);
  };
}

interface Entry {
  version: number;
  findings: Finding[];
}

/** Above this size a first scan runs in slices that yield to the event loop. */
export const ASYNC_SCAN_BYTES = 2 * 1024 * 1024;

/** Characters a hover may scan synchronously on a document not yet scanned. */
export const HOVER_SYNC_CHARS = 128 * 1024;

export class DocumentScans implements vscode.Disposable {
  private readonly cache = new Map<string, Entry>();
  private readonly pending = new Map<string, Promise<Finding[]>>();
  private readonly emitter = new vscode.EventEmitter<vscode.Uri | undefined>();
  /** Fires with a document's URI when its findings changed, or undefined when all did. */
  readonly onDidChange = this.emitter.event;
  private readonly disposables: vscode.Disposable[] = [this.emitter];

  constructor(private readonly catalogs: CatalogService) {
    vscode.workspace.onDidChangeTextDocument(this.onEdit, this, this.disposables);
    vscode.workspace.onDidCloseTextDocument((d) => this.forget(d.uri), this, this.disposables);
    catalogs.onDidChange(() => {
      this.cache.clear();
      this.emitter.fire(undefined);
    }, this, this.disposables);
  }

  get catalog(): Catalog {
    return this.catalogs.current;
  }

  get generation(): number {
    return this.catalogs.generation;
  }

  /** Documents with cached findings (closed documents are dropped: tests check nothing leaks). */
  get cachedDocuments(): number {
    return this.cache.size;
  }

  /** Cached findings for this version, if any. */
  peek(doc: vscode.TextDocument): Finding[] | undefined {
    const e = this.cache.get(doc.uri.toString());
    return e && e.version === doc.version ? e.findings : undefined;
  }

  /** Findings of the document now (scans synchronously when not cached: hovers on small files). */
  get(doc: vscode.TextDocument): Finding[] {
    const cached = this.peek(doc);
    if (cached) return cached;
    let findings: Finding[] = [];
    if (__TEST_HOOKS__) {
      probe!.syncScannedChars += doc.getText().length;
      probe!.scannedChars += doc.getText().length;
    }
    try {
      findings = scanText(doc.getText(), this.catalog, { onInternalError: reporter(doc) });
    } catch (e) {
      logError(`scanning ${doc.uri.toString(true)}`, e);
    }
    this.cache.set(doc.uri.toString(), { version: doc.version, findings });
    return findings;
  }

  /** Findings without blocking the extension host on big documents. */
  async getAsync(doc: vscode.TextDocument): Promise<Finding[]> {
    const cached = this.peek(doc);
    if (cached) return cached;
    const key = `${doc.uri.toString()}@${doc.version}`;
    let p = this.pending.get(key);
    if (!p) {
      const version = doc.version;
      const text = doc.getText();
      const options = { onInternalError: reporter(doc) };
      if (__TEST_HOOKS__) probe!.scannedChars += text.length;
      p = (text.length > ASYNC_SCAN_BYTES ? scanTextAsync(text, this.catalog, options) : Promise.resolve().then(() => scanText(text, this.catalog, options)))
        .catch((e: unknown) => {
          logError(`scanning ${doc.uri.toString(true)}`, e);
          return [] as Finding[];
        })
        .then(async (findings) => {
          if (__TEST_HOOKS__) await probe!.holdScan?.(doc.uri.toString(), version);
          if (doc.version === version) this.cache.set(doc.uri.toString(), { version, findings });
          return findings;
        });
      this.pending.set(key, p);
      void p.finally(() => this.pending.delete(key));
    }
    return p;
  }

  /** Finding under an offset: the innermost one containing it. */
  at(doc: vscode.TextDocument, offset: number): Finding | undefined {
    return findingAt(this.get(doc), offset);
  }

  private onEdit(e: vscode.TextDocumentChangeEvent): void {
    const key = e.document.uri.toString();
    const entry = this.cache.get(key);
    if (!entry || e.contentChanges.length === 0) return;
    const doc = e.document;
    const changes: TextChange[] = e.contentChanges.map((c) => ({ offset: c.rangeOffset, deletedLength: c.rangeLength, insertedLength: c.text.length }));
    const last = doc.lineAt(doc.lineCount - 1).range.end;
    const source = {
      length: doc.offsetAt(last),
      slice: (from: number, to: number) => doc.getText(new vscode.Range(doc.positionAt(from), doc.positionAt(to))),
    };
    try {
      this.cache.set(key, { version: doc.version, findings: updateFindings(entry.findings, changes, source, this.catalog, { onInternalError: reporter(doc) }) });
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
