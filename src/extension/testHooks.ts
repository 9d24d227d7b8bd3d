// What the integration tests use to watch and steer the extension in a real editor: a scan held
// until the test releases it, the characters scanned synchronously, each diagnostics publish, each
// QuickPick ready for input. Races are then made deterministic and tests wait for positive signals.
//
// `__TEST_HOOKS__` is a build-time constant: `node esbuild.js --production` defines it `false`, so
// esbuild drops every branch on it and nothing here reaches a published build
// (test/unit/bundles.test.ts builds the production bundle and looks for it).
import * as vscode from 'vscode';

declare global {
  /** Set by esbuild.js: true in development and test builds, false with `--production`. */
  const __TEST_HOOKS__: boolean;
}

/**
 * The integration suite is a separate bundle (out/test/integration/index.js) with its own copy of
 * these modules, so it cannot read this module's state by importing it: hooks are published on a
 * global keyed by this symbol, which both bundles share (same extension host).
 */
export const TEST_HOOKS_SYMBOL = 'errcode.testHooks';

/** One diagnostics publish of one document, applied or dropped as superseded. */
export interface PublishRecord {
  uri: string;
  /** The document version the findings were computed on. */
  version: number;
  /** The catalog generation the findings were computed with. */
  generation: number;
  /** False when the publish was dropped (a newer one, or the document or catalog changed meanwhile). */
  applied: boolean;
  /** Diagnostics set (0 when dropped). */
  diagnostics: number;
}

/** One check of one user catalog: the text read, and the problems shown for it. */
export interface CatalogCheckRecord {
  uri: string;
  /** The version of the unsaved buffer read, or undefined when the file on disk was read. */
  version: number | undefined;
  /** Problems published on the file for this text (errors and warnings). */
  problems: number;
}

/** The probe the integration tests read through `hooks.probe`. */
export interface EditorProbe {
  /** Characters handed to the engine synchronously (hover windows, commands' full scans). */
  syncScannedChars: number;
  /** Characters handed to the engine by any scan: full, windowed, incremental, async. */
  scannedChars: number;
  /** User catalog texts parsed. */
  catalogParses: number;
  /**
   * Set by a test to hold scans: an async scan of (uri, version) waits for the promise returned,
   * after its findings are computed and before anything stores or publishes them.
   */
  holdScan: ((uri: string, version: number) => Promise<void> | undefined) | undefined;
  /** Every publish so far (the last 1,000), oldest first. */
  readonly publishes: readonly PublishRecord[];
  readonly onDidPublish: vscode.Event<PublishRecord>;
  /** A user catalog was checked and its problems published (after every reload, per file). */
  readonly onDidCheckCatalog: vscode.Event<CatalogCheckRecord>;
  /** A QuickPick of the extension is shown with an active item (accepting it now picks that item): its title. */
  readonly onDidShowPick: vscode.Event<string>;
}

class Probe implements EditorProbe {
  syncScannedChars = 0;
  scannedChars = 0;
  catalogParses = 0;
  holdScan: EditorProbe['holdScan'] = undefined;
  readonly publishes: PublishRecord[] = [];
  private readonly published = new vscode.EventEmitter<PublishRecord>();
  private readonly pickShown = new vscode.EventEmitter<string>();
  private readonly catalogChecked = new vscode.EventEmitter<CatalogCheckRecord>();
  readonly onDidCheckCatalog = this.catalogChecked.event;
  readonly onDidPublish = this.published.event;
  readonly onDidShowPick = this.pickShown.event;

  recordPublish(record: PublishRecord): void {
    this.publishes.push(record);
    if (this.publishes.length > 1000) this.publishes.splice(0, this.publishes.length - 1000);
    this.published.fire(record);
  }

  recordCatalogCheck(record: CatalogCheckRecord): void {
    this.catalogChecked.fire(record);
  }

  pickReady(title: string): void {
    this.pickShown.fire(title);
  }
}

/** The probe, in development and test builds only (undefined and dropped with `--production`). */
export const probe: Probe | undefined = __TEST_HOOKS__ ? new Probe() : undefined;

/**
 * Publishes `value` as `hooks[name]` on the shared global while the returned Disposable lives
 * (development and test builds, outside production mode; a no-op otherwise).
 */
export function publishTestHook(context: vscode.ExtensionContext, name: string, value: unknown): vscode.Disposable {
  if (__TEST_HOOKS__ && context.extensionMode !== vscode.ExtensionMode.Production) {
    const g = globalThis as unknown as Record<symbol, Record<string, unknown> | undefined>;
    const hooks = (g[Symbol.for(TEST_HOOKS_SYMBOL)] ??= {});
    hooks[name] = value;
    return new vscode.Disposable(() => {
      if (hooks[name] === value) delete hooks[name];
    });
  }
  return new vscode.Disposable(() => undefined);
}
