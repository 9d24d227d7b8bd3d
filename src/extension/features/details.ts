// Placeholder: filled in by the feature's implementation.
import * as vscode from 'vscode';
import type { Services } from '../activate';

export function registerDetails(_services: Services): vscode.Disposable {
  return vscode.Disposable.from();
}
