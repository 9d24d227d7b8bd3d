// Web (browser worker) entry point: the shared features only; no Node APIs reach this bundle.
import type * as vscode from 'vscode';
import { activateShared, type ErrcodeApi } from './activate';

export function activate(context: vscode.ExtensionContext): ErrcodeApi {
  return activateShared(context);
}

export function deactivate(): void {}
