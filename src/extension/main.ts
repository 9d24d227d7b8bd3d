// Desktop (Node) entry point. Placeholder until the editor features land.
import * as vscode from 'vscode';

export function activate(context: vscode.ExtensionContext): void {
  context.subscriptions.push(vscode.commands.registerCommand('errcode.lookUp', () => undefined));
}

export function deactivate(): void {}
