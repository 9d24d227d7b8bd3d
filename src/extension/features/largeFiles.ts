// Large-file mode, said once in the status bar: above 20 MB or 300K lines (where VS Code itself turns
// tokenization off) scans run in idle slices and diagnostics are capped lower. Lines over 20,000
// characters are always read only around each finding (context windows, 100 findings per line).
import * as vscode from 'vscode';
import { formatNumber } from '../../core/render/locale';
import { isLargeFile, LARGE_FILE_MAX_DIAGNOSTICS } from '../../core/policy/settings';
import type { Services } from '../activate';
import { isEnabledFor } from '../documentFilter';
import { publishTestHook } from './details';

export function registerLargeFileNotice(services: Services): vscode.Disposable {
  const item = vscode.window.createStatusBarItem('errcode.largeFile', vscode.StatusBarAlignment.Right, 100);
  item.name = vscode.l10n.t('Error Codes: large file');
  item.text = `$(dashboard) ${vscode.l10n.t('Error Codes: large-file mode')}`;
  item.command = 'errcode.scanLogFile';
  const state = { shown: false };
  const update = (editor: vscode.TextEditor | undefined): void => {
    const doc = editor?.document;
    state.shown = !!doc && isEnabledFor(doc, services.config.settings) && isLargeFile(doc.offsetAt(doc.lineAt(doc.lineCount - 1).range.end), doc.lineCount);
    // The tooltip formats numbers: made when first shown, as Intl's first use costs ~20 ms at activation.
    if (state.shown && item.tooltip === undefined) item.tooltip = tooltip();
    if (state.shown) item.show();
    else item.hide();
  };
  update(vscode.window.activeTextEditor);
  return vscode.Disposable.from(item, vscode.window.onDidChangeActiveTextEditor(update), publishTestHook(services, 'largeFile', state));
}

/** The status item's tooltip: what large-file mode does. */
function tooltip(): vscode.MarkdownString {
  return new vscode.MarkdownString(
    vscode.l10n.t('This file is over {size} or {lines} lines. Error Code Assistant scans it in idle slices (the editor never waits for it), shows at most {max} diagnostics, and reads error bodies only in a window around each one. For the full list use **Scan Log File…** or `errcode scan`.', {
      size: '20 MB',
      lines: formatNumber(300_000),
      max: formatNumber(LARGE_FILE_MAX_DIAGNOSTICS),
    }),
  );
}
