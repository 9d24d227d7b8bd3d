// Desktop (Node) entry point: the shared features plus those that need Node (streaming big files).
import type * as vscode from 'vscode';
import { activateShared, type ErrcodeApi } from './activate';
import { registerScanLogFile } from './features/scanLogFile';

export function activate(context: vscode.ExtensionContext): ErrcodeApi {
  return activateShared(context, [registerScanLogFile]);
}

export function deactivate(): void {}
