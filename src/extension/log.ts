// The extension's log (Output › Error Code Assistant): what went wrong where, so a failure is seen and
// reported, never swallowed. A failure in one document is logged and costs only that document.
import * as vscode from 'vscode';

let channel: vscode.LogOutputChannel | undefined;

export function log(): vscode.LogOutputChannel {
  return (channel ??= vscode.window.createOutputChannel('Error Code Assistant', { log: true }));
}

/** Logs an error of the engine or a feature, with where it happened. */
export function logError(where: string, error: unknown): void {
  const text = error instanceof Error ? `${error.message}${error.stack ? `\n${error.stack}` : ''}` : String(error);
  log().error(`${where}: ${text}`);
}

export function disposeLog(): void {
  channel?.dispose();
  channel = undefined;
}
