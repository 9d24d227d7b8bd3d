// "Scan Workspace for Error Codes": finds the files holding a trigger through VS Code's own search
// (`findTextInFiles`, ripgrep on the desktop) when the host offers it, else lists the files of the
// configured languages with `findFiles`; reads each through `workspace.fs` (virtual workspaces and the
// web work too), scans it without blocking, and publishes the results to the Errors view.
import * as vscode from 'vscode';
import { formatNumber, pluralOf } from '../../core/render/locale';
import type { Catalog } from '../../core/catalog/catalog';
import { SNIFF_BYTES, sniff } from '../../core/engine/encoding';
import { recognitionOf } from '../../core/engine/recognition';
import { scanTextAsync } from '../../core/engine/scan';
import { extensionsOf } from '../../core/policy/documentKinds';
import type { Finding } from '../../core/engine/finding';
import type { Services } from '../activate';
import { Commands } from '../commands';
import { registerCommand } from '../commandUtil';
import type { ScannedFile } from '../errorsModel';

/** VS Code hands no document over 50 MB to extensions; the streaming "Scan Log File…" handles those. */
export const MAX_WORKSPACE_FILE_BYTES = 50 * 1024 * 1024;
export const MAX_WORKSPACE_FILES = 2000;
/** Files read at once (keeps memory bounded by a few files, not the workspace). */
const CONCURRENCY = 4;

/** `**\/*.{log,jsonl,ts,…}` for the configured languages (and the log files, always: core/policy/documentKinds.ts). */
export function includeGlob(languages: readonly string[]): string {
  return `**/*.{${extensionsOf(languages).join(',')}}`;
}

/**
 * One glob for `errcode.exclude` plus `files.exclude` (passing an exclude to findFiles replaces the
 * default files.exclude, so it is merged back). Patterns holding braces cannot nest in a brace group
 * and are left out.
 */
export function excludeGlob(exclude: readonly string[], filesExclude: Record<string, unknown>): string | undefined {
  const patterns = new Set(exclude);
  for (const [p, on] of Object.entries(filesExclude)) if (on === true) patterns.add(p);
  const usable = [...patterns].filter((p) => !/[{},]/.test(p));
  return usable.length ? `{${usable.join(',')}}` : undefined;
}

/**
 * The files worth reading: those where the engine's own finder (or, when a catalog's code pattern
 * rules it out, its trigger) matches (engine/recognition.ts, compiled from the catalog, user APIs
 * included). Both are plain alternations of literals and code patterns, which ripgrep reads as
 * JavaScript does; no API is named here.
 */
function searchPattern(catalog: Catalog): string {
  const r = recognitionOf(catalog);
  return (r.finder?.regex ?? r.trigger).source;
}

interface FindTextInFiles {
  (
    query: { pattern: string; isRegExp?: boolean; isCaseSensitive?: boolean },
    options: { include?: vscode.GlobPattern; exclude?: vscode.GlobPattern; maxResults?: number },
    callback: (result: { uri: vscode.Uri }) => void,
    token?: vscode.CancellationToken,
  ): Thenable<unknown>;
}

/** The candidate files: through findTextInFiles when the host lets us, else by name. */
async function candidateFiles(services: Services, token: vscode.CancellationToken, preferSearch: boolean): Promise<{ uris: vscode.Uri[]; via: 'search' | 'files'; limited: boolean }> {
  const settings = services.config.settings;
  const include = includeGlob(settings.languages);
  const exclude = excludeGlob(settings.exclude, vscode.workspace.getConfiguration('files').get<Record<string, unknown>>('exclude') ?? {});
  // A proposed API: present as a function only where the extension may use it; calling it without
  // the proposal enabled throws, so that falls back too.
  const find = (vscode.workspace as unknown as { findTextInFiles?: FindTextInFiles }).findTextInFiles;
  if (preferSearch && typeof find === 'function') {
    try {
      const seen = new Map<string, vscode.Uri>();
      await find.call(
        vscode.workspace,
        { pattern: searchPattern(services.catalogs.current), isRegExp: true, isCaseSensitive: true },
        { include, exclude, maxResults: 100_000 },
        (r) => {
          if (seen.size < MAX_WORKSPACE_FILES) seen.set(r.uri.toString(), r.uri);
        },
        token,
      );
      return { uris: [...seen.values()], via: 'search', limited: seen.size >= MAX_WORKSPACE_FILES };
    } catch {
      // not available to this extension: list the files instead
    }
  }
  const uris = await vscode.workspace.findFiles(include, exclude ?? null, MAX_WORKSPACE_FILES + 1, token);
  return { uris: uris.slice(0, MAX_WORKSPACE_FILES), via: 'files', limited: uris.length > MAX_WORKSPACE_FILES };
}

/** 0-based line and character of each finding (they come sorted by offset): one forward pass. */
export function withPositions(text: string, findings: readonly Finding[]): ScannedFile['findings'] {
  const out: ScannedFile['findings'] = [];
  let line = 0;
  let lineStart = 0;
  let pos = 0;
  for (const finding of findings) {
    if (finding.start < pos) {
      // Not sorted after all: restart the count (rare; keeps the result right).
      line = 0;
      lineStart = 0;
      pos = 0;
    }
    for (let i = text.indexOf('\n', pos); i >= 0 && i < finding.start; i = text.indexOf('\n', i + 1)) {
      line++;
      lineStart = i + 1;
    }
    pos = finding.start;
    out.push({ finding, line, character: finding.start - lineStart });
  }
  return out;
}

export interface WorkspaceScanResult {
  files: number;
  filesWithErrors: number;
  findings: number;
  skippedBinary: number;
  skippedLarge: vscode.Uri[];
  unreadable: number;
  cancelled: boolean;
  limited: boolean;
  via: 'search' | 'files';
}

/** Command options (tests use `via: 'files'` to exercise the fallback where search is available). */
export interface ScanWorkspaceOptions {
  via?: 'search' | 'files';
}

async function scanWorkspace(services: Services, options: ScanWorkspaceOptions): Promise<WorkspaceScanResult | undefined> {
  if (!vscode.workspace.workspaceFolders?.length) {
    void vscode.window.showInformationMessage(vscode.l10n.t('Open a folder to scan it for error codes (or use “Scan Log File…” for a single log).'));
    return undefined;
  }
  await services.catalogs.ready();
  const catalog = services.catalogs.current;
  const result = await vscode.window.withProgress(
    { location: vscode.ProgressLocation.Notification, title: vscode.l10n.t('Scanning the workspace for error codes'), cancellable: true },
    async (progress, token): Promise<WorkspaceScanResult> => {
      progress.report({ message: vscode.l10n.t('finding files…') });
      const { uris, via, limited } = await candidateFiles(services, token, options.via !== 'files');
      const r: WorkspaceScanResult = { files: 0, filesWithErrors: 0, findings: 0, skippedBinary: 0, skippedLarge: [], unreadable: 0, cancelled: false, limited, via };
      const scanned: ScannedFile[] = [];
      const step = uris.length ? 100 / uris.length : 100;
      let next = 0;
      const worker = async (): Promise<void> => {
        while (next < uris.length && !token.isCancellationRequested) {
          const uri = uris[next++];
          try {
            const stat = await vscode.workspace.fs.stat(uri);
            if (stat.size > MAX_WORKSPACE_FILE_BYTES) {
              r.skippedLarge.push(uri);
              continue;
            }
            const bytes = await vscode.workspace.fs.readFile(uri);
            // The one rule for binary files (engine/encoding.ts); UTF-16 with a BOM is text. A gzip
            // file is not read here (Scan Log File decompresses).
            const sniffed = sniff(bytes.subarray(0, SNIFF_BYTES));
            if (sniffed.kind !== 'text') {
              r.skippedBinary++;
              continue;
            }
            const text = new TextDecoder(sniffed.encoding).decode(bytes);
            const findings = await scanTextAsync(text, catalog, { isCancelled: () => token.isCancellationRequested });
            r.files++;
            if (findings.length) {
              scanned.push({ uri, findings: withPositions(text, findings) });
              r.filesWithErrors++;
              r.findings += findings.length;
            }
          } catch {
            r.unreadable++;
          } finally {
            progress.report({ increment: step, message: `${vscode.workspace.asRelativePath(uri)} (${formatNumber(Math.min(next, uris.length))}/${formatNumber(uris.length)})` });
          }
        }
      };
      await Promise.all(Array.from({ length: CONCURRENCY }, worker));
      r.cancelled = token.isCancellationRequested;
      scanned.sort((a, b) => (a.uri.toString() < b.uri.toString() ? -1 : 1));
      services.errors.set(vscode.l10n.t('workspace'), scanned);
      return r;
    },
  );

  try {
    await vscode.commands.executeCommand('errcode.errors.focus');
  } catch {
    // the Errors view is not there (e.g. hidden by the user): the message below still reports
  }
  const n = (count: number): { count: string } => ({ count: formatNumber(count) });
  const errors = pluralOf(result.findings) === 'one' ? vscode.l10n.t('{count} error', n(result.findings)) : vscode.l10n.t('{count} errors', n(result.findings));
  const files = pluralOf(result.files) === 'one' ? vscode.l10n.t('{count} file', n(result.files)) : vscode.l10n.t('{count} files', n(result.files));
  const parts = [vscode.l10n.t('{errors} in {withErrors} of {files} scanned', { errors, withErrors: formatNumber(result.filesWithErrors), files })];
  if (result.cancelled) parts.push(vscode.l10n.t('cancelled before the end'));
  if (result.limited) parts.push(vscode.l10n.t('stopped at {count} files', n(MAX_WORKSPACE_FILES)));
  if (result.skippedBinary) parts.push(vscode.l10n.t('{count} binary skipped', n(result.skippedBinary)));
  if (result.unreadable) parts.push(vscode.l10n.t('{count} unreadable', n(result.unreadable)));
  const summary = (): string => vscode.l10n.t('Error Code Assistant: {summary}.', { summary: parts.join(vscode.l10n.t('; ')) });
  // The streaming scan needs Node: the web extension has no "Scan Log File…".
  const canStream = result.skippedLarge.length > 0 && (await vscode.commands.getCommands(true)).includes(Commands.scanLogFile);
  if (result.skippedLarge.length && canStream) {
    const large = n(result.skippedLarge.length);
    parts.push(pluralOf(result.skippedLarge.length) === 'one' ? vscode.l10n.t('{count} over 50 MB skipped (use “Scan Log File…” for it)', large) : vscode.l10n.t('{count} over 50 MB skipped (use “Scan Log File…” for them)', large));
    void vscode.window.showInformationMessage(summary(), vscode.l10n.t('Scan Log File…')).then((choice) => {
      if (choice) void vscode.commands.executeCommand(Commands.scanLogFile, result.skippedLarge[0]);
    });
  } else {
    if (result.skippedLarge.length) parts.push(vscode.l10n.t('{count} over 50 MB skipped (too big for the editor)', n(result.skippedLarge.length)));
    void vscode.window.showInformationMessage(summary());
  }
  return result;
}

export function registerScanWorkspace(services: Services): vscode.Disposable {
  return registerCommand(Commands.scanWorkspace, (arg?: unknown) => {
    const via = typeof arg === 'object' && arg !== null ? (arg as { via?: unknown }).via : undefined;
    return scanWorkspace(services, { via: via === 'files' || via === 'search' ? via : undefined });
  });
}
