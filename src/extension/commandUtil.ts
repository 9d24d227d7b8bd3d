// Command plumbing shared by the features: handlers report their errors instead of throwing into
// the void, and arguments (which may come from a hover link as raw JSON) are validated.
import * as vscode from 'vscode';

/** Registers a command whose failures are shown to the user, never lost. */
export function registerCommand(id: string, handler: (...args: unknown[]) => unknown): vscode.Disposable {
  return vscode.commands.registerCommand(id, async (...args: unknown[]) => {
    try {
      return await handler(...args);
    } catch (e) {
      const message = e instanceof Error ? e.message : String(e);
      void vscode.window.showErrorMessage(vscode.l10n.t('Error Code Assistant: {message}', { message }));
      return undefined;
    }
  });
}

/** `{ uri, offset }` from a hover link or a tree item. */
export interface FindingRef {
  uri: string;
  offset: number;
  entry?: string;
}

export function asFindingRef(arg: unknown): FindingRef | undefined {
  if (typeof arg !== 'object' || arg === null) return undefined;
  const { uri, offset, entry } = arg as Record<string, unknown>;
  if (typeof uri !== 'string' || typeof offset !== 'number' || !Number.isInteger(offset) || offset < 0) return undefined;
  if (entry !== undefined && typeof entry !== 'string') return undefined;
  return { uri, offset, entry: entry as string | undefined };
}

/** An entry id (`api:code`) from a link or a tree item (which passes its `entryId`). */
export function asEntryId(arg: unknown): string | undefined {
  if (typeof arg === 'string' && arg.includes(':') && arg.length < 300) return arg;
  if (typeof arg === 'object' && arg !== null && typeof (arg as { entryId?: unknown }).entryId === 'string') return (arg as { entryId: string }).entryId;
  return undefined;
}
