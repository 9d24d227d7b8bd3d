// Helpers for extension-host tests: they run inside a real VS Code (code-server or desktop through
// @vscode/test-electron) against the real `vscode` API, never a mock.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import manifest from '../../package.json';
import { TEST_HOOKS_SYMBOL, type CatalogCheckRecord, type EditorProbe, type PublishRecord } from '../../src/extension/testHooks';

/** `publisher.name` from package.json: the id VS Code knows the extension under. */
export const EXTENSION_ID = `${manifest.publisher}.${manifest.name}`;

/** Named numbers the suite reports next to the test results (e.g. `activation_ms` for the perf issue). */
export const metrics: Record<string, number | string | null> = {};

export function recordMetric(name: string, value: number | string | null): void {
  metrics[name] = value;
}

/** The extension under test; fails the test when VS Code did not load it. */
export function getExtension(): vscode.Extension<unknown> {
  const ext = vscode.extensions.getExtension(EXTENSION_ID);
  assert.ok(ext, `extension ${EXTENSION_ID} is not loaded (is extensionDevelopmentPath the repo root?)`);
  return ext;
}

/** The fixture workspace (test/fixtures/workspace), which both runners open as the workspace folder. */
export function fixtureRoot(): vscode.Uri {
  const folder = vscode.workspace.workspaceFolders?.[0];
  assert.ok(folder, 'no workspace folder open: the runner must open test/fixtures/workspace');
  return folder.uri;
}

export function fixtureUri(relativePath: string): vscode.Uri {
  return vscode.Uri.joinPath(fixtureRoot(), ...relativePath.split('/'));
}

/** Opens a fixture file in an editor (which is what triggers `onLanguage` activation and diagnostics). */
export async function openFixture(relativePath: string): Promise<vscode.TextEditor> {
  const doc = await vscode.workspace.openTextDocument(fixtureUri(relativePath));
  return vscode.window.showTextDocument(doc, { preview: false });
}

export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/**
 * Polls `predicate` until it returns a truthy value (which is returned) or `timeoutMs` passes.
 * Diagnostics are debounced and providers register asynchronously, so tests wait instead of sleeping.
 */
export async function waitFor<T>(
  predicate: () => T | undefined | null | false | Promise<T | undefined | null | false>,
  { timeoutMs = 10_000, intervalMs = 50, message = 'condition' }: { timeoutMs?: number; intervalMs?: number; message?: string } = {},
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let lastError: unknown;
  for (;;) {
    try {
      const value = await predicate();
      if (value) return value;
    } catch (e) {
      lastError = e;
    }
    if (Date.now() > deadline) {
      const why = lastError instanceof Error ? ` (last error: ${lastError.message})` : '';
      throw new Error(`timed out after ${timeoutMs} ms waiting for ${message}${why}`);
    }
    await sleep(intervalMs);
  }
}

/** Position of the `nth` (0-based) occurrence of `token` in the document, inside the token. */
export function positionOf(doc: vscode.TextDocument, token: string, nth = 0): vscode.Position {
  const text = doc.getText();
  let at = -1;
  for (let i = 0; i <= nth; i++) {
    at = text.indexOf(token, at + 1);
    assert.ok(at >= 0, `"${token}" occurs fewer than ${nth + 1} times in ${doc.uri.path}`);
  }
  return doc.positionAt(at + Math.floor(token.length / 2));
}

/** Plain text of every hover the registered providers return at the position. */
export async function hoverTextAt(doc: vscode.TextDocument, position: vscode.Position): Promise<string> {
  const hovers = await vscode.commands.executeCommand<vscode.Hover[]>('vscode.executeHoverProvider', doc.uri, position);
  return (hovers ?? [])
    .flatMap((h) => h.contents)
    .map((c) => (typeof c === 'string' ? c : c.value))
    .join('\n---\n');
}

/** Waits until the document's diagnostics satisfy `predicate` (e.g. reach an expected count). */
export function waitForDiagnostics(
  uri: vscode.Uri,
  predicate: (diagnostics: readonly vscode.Diagnostic[]) => boolean,
  timeoutMs = 10_000,
): Promise<readonly vscode.Diagnostic[]> {
  return waitFor(() => {
    const d = vscode.languages.getDiagnostics(uri);
    return predicate(d) ? d : undefined;
  }, { timeoutMs, message: `diagnostics of ${uri.path}` });
}

/** Code actions the providers offer for the range (resolved, so `edit` is filled in). */
export async function codeActionsAt(doc: vscode.TextDocument, range: vscode.Range, kind?: vscode.CodeActionKind): Promise<vscode.CodeAction[]> {
  const actions = await vscode.commands.executeCommand<(vscode.CodeAction | vscode.Command)[]>(
    'vscode.executeCodeActionProvider', doc.uri, range, kind?.value, 50,
  );
  return (actions ?? []).filter((a): a is vscode.CodeAction => !('command' in a && typeof a.command === 'string'));
}

/** Applies a code action the way the light bulb does: its edit, then its command. */
export async function applyCodeAction(action: vscode.CodeAction): Promise<void> {
  if (action.edit) assert.ok(await vscode.workspace.applyEdit(action.edit), `applying "${action.title}" failed`);
  if (action.command) await vscode.commands.executeCommand(action.command.command, ...(action.command.arguments ?? []));
}

/** Closes every editor and reverts unsaved fixture changes, so tests don't leak state into each other. */
export async function closeAllEditors(): Promise<void> {
  for (const doc of vscode.workspace.textDocuments) {
    if (!doc.isDirty) continue;
    await vscode.window.showTextDocument(doc);
    await vscode.commands.executeCommand('workbench.action.files.revert');
  }
  await vscode.commands.executeCommand('workbench.action.closeAllEditors');
}

/** The extension's test probe (development and test builds only: src/extension/testHooks.ts). */
export function probe(): EditorProbe {
  const hooks = (globalThis as unknown as Record<symbol, { probe?: EditorProbe } | undefined>)[Symbol.for(TEST_HOOKS_SYMBOL)];
  assert.ok(hooks?.probe, 'the test probe is not published: is this a --production build, or is the extension inactive?');
  return hooks.probe;
}

/** Records of one kind, collected from the moment of the call, with a wait for the next one that fits. */
export interface Watch<T> extends vscode.Disposable {
  readonly seen: readonly T[];
  /** The first record seen (since the watch began) that satisfies `predicate`, waiting for it if none did yet. */
  next(predicate: (record: T) => boolean, timeoutMs?: number): Promise<T>;
}

function watch<T>(event: vscode.Event<T>, what: string): Watch<T> {
  const seen: T[] = [];
  const waiters = new Set<{ predicate: (r: T) => boolean; resolve: (r: T) => void }>();
  const listener = event((r) => {
    seen.push(r);
    for (const w of [...waiters]) {
      if (w.predicate(r)) {
        waiters.delete(w);
        w.resolve(r);
      }
    }
  });
  return {
    seen,
    next(predicate, timeoutMs = 20_000) {
      const found = seen.find(predicate);
      if (found) return Promise.resolve(found);
      return new Promise<T>((resolve, reject) => {
        const waiter = { predicate, resolve: (r: T) => (clearTimeout(timer), resolve(r)) };
        const timer = setTimeout(() => {
          waiters.delete(waiter);
          reject(new Error(`timed out after ${timeoutMs} ms waiting for ${what} (seen: ${JSON.stringify(seen)})`));
        }, timeoutMs);
        waiters.add(waiter);
      });
    },
    dispose: () => listener.dispose(),
  };
}

/** Diagnostics publishes of `uri` (applied or dropped), from now on. */
export function watchPublishes(uri: vscode.Uri): Watch<PublishRecord> {
  const key = uri.toString();
  return watch((listener) => probe().onDidPublish((r) => r.uri === key && listener(r)), `a diagnostics publish of ${uri.path}`);
}

/** Waits for the publish of the document's current version and returns it (applied). */
export async function publishedNow(doc: vscode.TextDocument, publishes: Watch<PublishRecord>, timeoutMs?: number): Promise<PublishRecord> {
  return publishes.next((r) => r.applied && r.version === doc.version, timeoutMs);
}

/** Checks of the user catalog `uri` (its problems published), from now on. */
export function watchCatalogChecks(uri: vscode.Uri): Watch<CatalogCheckRecord> {
  const key = uri.toString();
  return watch((listener) => probe().onDidCheckCatalog((r) => r.uri === key && listener(r)), `a check of the user catalog ${uri.path}`);
}

/**
 * Runs a command that shows the extension's QuickPicks and drives each one with `action` (accept by
 * default) once it is shown with an active item (the positive signal: accepting then picks that item).
 */
export async function driveQuickPicks<T>(run: () => Thenable<T>, action = 'workbench.action.acceptSelectedQuickOpenItem'): Promise<T> {
  const listener = probe().onDidShowPick(() => void vscode.commands.executeCommand(action));
  try {
    return await run();
  } finally {
    listener.dispose();
  }
}

/** Async scans of one document held at the probe's gate until released. */
export interface HeldScans extends vscode.Disposable {
  /** Versions that reached the gate, in order. */
  readonly held: readonly number[];
  /** Resolves when a scan of `version` (any version when omitted) is held. */
  reached(version?: number): Promise<number>;
  /** Lets the held scans of `version` (all when omitted) go on; later scans of it pass. */
  release(version?: number): void;
}

/**
 * Holds the async scans of `uri` until released: those `which` accepts, given the version and how
 * many scans of the document reached the gate before (default: all).
 */
export function holdScans(uri: vscode.Uri, which: (version: number, arrival: number) => boolean = () => true): HeldScans {
  const p = probe();
  const key = uri.toString();
  const gates = new Map<number, { promise: Promise<void>; open: () => void }>();
  const released = new Set<number>();
  let releaseAll = false;
  const held: number[] = [];
  let arrivalCount = 0;
  const arrivals = new vscode.EventEmitter<number>();
  const arrived = watch(arrivals.event, `a held scan of ${uri.path}`);
  const previous = p.holdScan;
  p.holdScan = (u, version) => {
    if (u !== key) return previous?.(u, version);
    const arrival = arrivalCount++;
    if (releaseAll || released.has(version) || !which(version, arrival)) return undefined;
    let gate = gates.get(version);
    if (!gate) {
      let open!: () => void;
      gate = { promise: new Promise<void>((r) => (open = r)), open };
      gates.set(version, gate);
    }
    held.push(version);
    arrivals.fire(version);
    return gate.promise;
  };
  const release = (version?: number): void => {
    if (version === undefined) releaseAll = true;
    else released.add(version);
    for (const [v, g] of gates) if (version === undefined || v === version) g.open();
  };
  return {
    held,
    reached: (version) => arrived.next((v) => version === undefined || v === version),
    release,
    dispose: () => {
      release();
      if (p.holdScan) p.holdScan = previous;
      arrived.dispose();
      arrivals.dispose();
    },
  };
}
