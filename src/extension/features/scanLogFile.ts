// "Scan Log File…" (desktop only: it reads from disk with Node). VS Code hands no document over 50 MB
// to extensions, so a big log is streamed from disk through the same scanner (scanStream), in chunks,
// with constant memory: counts per code and the first occurrences of each (LogTally). Results go to
// the Errors view and into a summary report. The file is read as the CLI reads it (src/node/input.ts):
// UTF-8, UTF-16 or gzip-compressed, and a binary file is refused with a reason.
import * as fs from 'node:fs';
import * as vscode from 'vscode';
import { extensionsOf } from '../../core/policy/documentKinds';
import { DEFAULT_SETTINGS } from '../../core/policy/settings';
import { formatBytes, LogTally, logSummaryMarkdown, tallyLabel } from '../../core/render/logSummary';
import { scanStream, type StreamWindows } from '../../core/engine/stream';
import { openInput, openStream, type Input } from '../../node/input';
import { formatDuration, formatNumber, pluralOf } from '../../core/render/locale';
import type { Services } from '../activate';
import { Commands } from '../commands';
import { registerCommand } from '../commandUtil';
import type { ScannedFile } from '../errorsModel';

/** First occurrences kept per code. */
const KEEP_PER_CODE = 50;

export interface LogScanResult {
  uri: vscode.Uri;
  size: number;
  bytes: number;
  ms: number;
  total: number;
  cancelled: boolean;
  codes: { key: string; api: string; code: string; count: number; firstLines: number[] }[];
  /** The summary report (an untitled Markdown document). */
  report: vscode.Uri;
}

/** The file to scan from a command argument: a Uri, a URI string or an absolute path. */
function asFileArg(arg: unknown): vscode.Uri | undefined {
  if (arg instanceof vscode.Uri) return arg;
  if (typeof arg !== 'string' || !arg || arg.length > 4096) return undefined;
  if (/^[a-zA-Z][\w+.-]+:\/\//.test(arg)) {
    try {
      return vscode.Uri.parse(arg, true);
    } catch {
      return undefined;
    }
  }
  return arg.startsWith('/') || /^[a-zA-Z]:[\\/]/.test(arg) ? vscode.Uri.file(arg) : undefined;
}

function baseName(uri: vscode.Uri): string {
  return uri.path.slice(uri.path.lastIndexOf('/') + 1) || uri.path;
}

/** The log opened for scanning (plain, UTF-16 or gzip: src/node/input.ts), or why it is skipped. */
async function openLog(uri: vscode.Uri, onNote: (note: string) => void): Promise<Input> {
  if (uri.scheme === 'file') return openInput(uri.fsPath, onNote);
  // Not on this machine's disk (a virtual file system): workspace.fs reads it whole.
  const bytes = await vscode.workspace.fs.readFile(uri);
  return openStream(
    (async function* () {
      yield bytes;
    })(),
    onNote,
  );
}

/** `app.log: 1,234 errors in 1.5 seconds (cancelled)`, in the display language. */
function scanDoneMessage(file: string, total: number, ms: number, cancelled: boolean): string {
  const args = { file, count: formatNumber(total), time: formatDuration(Math.round(ms / 100) / 10, 'short') };
  const one = pluralOf(total) === 'one';
  if (cancelled) return one ? vscode.l10n.t('{file}: {count} error in {time} (cancelled)', args) : vscode.l10n.t('{file}: {count} errors in {time} (cancelled)', args);
  return one ? vscode.l10n.t('{file}: {count} error in {time}', args) : vscode.l10n.t('{file}: {count} errors in {time}', args);
}

async function pickLogFile(): Promise<vscode.Uri | undefined> {
  const picked = await vscode.window.showOpenDialog({
    title: vscode.l10n.t('Scan Log File'),
    openLabel: vscode.l10n.t('Scan'),
    canSelectMany: false,
    canSelectFolders: false,
    defaultUri: vscode.workspace.workspaceFolders?.[0]?.uri,
    filters: { [vscode.l10n.t('Logs')]: [...extensionsOf(DEFAULT_SETTINGS.logLanguages), 'gz'], [vscode.l10n.t('All files')]: ['*'] },
  });
  return picked?.[0];
}

async function scanLogFile(services: Services, arg: unknown): Promise<LogScanResult | undefined> {
  if (arg !== undefined && asFileArg(arg) === undefined) {
    void vscode.window.showErrorMessage(vscode.l10n.t('Error Code Assistant: Scan Log File needs a file URI or an absolute path.'));
    return undefined;
  }
  const uri = asFileArg(arg) ?? (await pickLogFile());
  if (!uri) return undefined;
  const name = baseName(uri);
  let size: number;
  try {
    size = uri.scheme === 'file' ? (await fs.promises.stat(uri.fsPath)).size : (await vscode.workspace.fs.stat(uri)).size;
  } catch {
    void vscode.window.showErrorMessage(vscode.l10n.t('Error Code Assistant: cannot read {file}.', { file: uri.scheme === 'file' ? uri.fsPath : uri.toString(true) }));
    return undefined;
  }
  const notes: string[] = [];
  let input: Input;
  try {
    input = await openLog(uri, (note) => notes.push(note));
  } catch {
    input = { skipped: vscode.l10n.t('cannot read') };
  }
  if ('skipped' in input) {
    if (input.binary) {
      void vscode.window.showWarningMessage(
        vscode.l10n.t('{file} is not a text log ({reason}). Scan Log File reads text logs: UTF-8, UTF-16 (with a BOM), or either gzip-compressed.', { file: name, reason: input.detail ?? input.skipped }),
      );
    } else {
      void vscode.window.showErrorMessage(vscode.l10n.t('Error Code Assistant: cannot read {file}: {reason}.', { file: uri.scheme === 'file' ? uri.fsPath : uri.toString(true), reason: input.skipped }));
    }
    return undefined;
  }
  const log = input;
  await services.catalogs.ready();
  const catalog = services.catalogs.current;
  const tally = new LogTally(catalog, KEEP_PER_CODE);
  const t0 = Date.now();
  let bytes = 0;

  const cancelled = await vscode.window.withProgress(
    { location: vscode.ProgressLocation.Notification, title: vscode.l10n.t('Scanning {file} ({size})', { file: name, size: formatBytes(size) }), cancellable: true },
    async (progress, token) => {
      let reported = 0;
      const onBytes = (read: number): void => {
        bytes = read;
        const percent = size ? Math.floor((read / size) * 100) : 100;
        if (percent > reported) {
          const args = { read: formatBytes(read), count: formatNumber(tally.total) };
          const message = pluralOf(tally.total) === 'one' ? vscode.l10n.t('{read} read, {count} error', args) : vscode.l10n.t('{read} read, {count} errors', args);
          progress.report({ increment: percent - reported, message });
          reported = percent;
        }
      };
      // Stops reading (and releases the file) when cancelled.
      const windows: StreamWindows = {
        utf8Bytes: log.utf8Bytes,
        async nextWindow(keep) {
          if (token.isCancellationRequested) {
            log.close();
            return undefined;
          }
          const text = await log.nextWindow(keep);
          onBytes(log.bytesRead);
          return text;
        },
      };
      try {
        await scanStream(windows, catalog, (f) => tally.add(f));
      } finally {
        log.close();
      }
      return token.isCancellationRequested;
    },
  );
  const ms = Date.now() - t0;
  for (const note of notes) void vscode.window.showWarningMessage(vscode.l10n.t('{file}: {note}.', { file: name, note })); // a damaged .gz

  const file: ScannedFile = {
    uri,
    // Streamed lines and columns are 1-based; the Errors view wants editor positions.
    findings: tally.kept().map((sf) => ({ finding: sf.finding, line: sf.line - 1, character: sf.column - 1 })),
    total: tally.total,
  };
  services.errors.set(name, tally.total ? [file] : []);

  const markdown = logSummaryMarkdown(tally, { file: uri.scheme === 'file' ? uri.fsPath : uri.toString(true), bytes, size, ms, cancelled }, catalog);
  const report = await vscode.workspace.openTextDocument({ language: 'markdown', content: markdown });
  await vscode.window.showTextDocument(report, { preview: false });
  if (tally.total) {
    try {
      await vscode.commands.executeCommand('errcode.errors.focus');
    } catch {
      // no Errors view: the report has it all
    }
  }
  vscode.window.setStatusBarMessage(`$(check) ${scanDoneMessage(name, tally.total, ms, cancelled)}`, 8000);

  return {
    uri,
    size,
    bytes,
    ms,
    total: tally.total,
    cancelled,
    codes: tally.tallies.map((t) => ({ key: t.key, api: t.api, code: tallyLabel(t), count: t.count, firstLines: t.first.map((f) => f.line) })),
    report: report.uri,
  };
}

/** Context key for the palette's `when`: set only where this command exists (the Node host). The
 * workbench's own `isWeb` would not do: code-server's browser workbench runs a Node extension host. */
const CAN_SCAN_LOG_FILE = 'errcode.canScanLogFile';

export function registerScanLogFile(services: Services): vscode.Disposable {
  void vscode.commands.executeCommand('setContext', CAN_SCAN_LOG_FILE, true);
  return registerCommand(Commands.scanLogFile, (arg?: unknown) => scanLogFile(services, arg));
}
