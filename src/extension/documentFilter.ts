// Which documents the extension works on: the languages in settings, minus excluded globs; and what
// kind each is for the policy (core/policy/documentKinds.ts decides, for the CLI too).
import * as vscode from 'vscode';
import { documentKindOf, isLogFileName, type DocumentKind } from '../core/policy/documentKinds';
import type { Settings } from '../core/policy/settings';

/** Log, code or docs: from the document's language and name, as the CLI decides from a file name. */
export function documentKind(document: vscode.TextDocument, settings: Settings): DocumentKind {
  return documentKindOf(document.languageId, document.uri.path, settings);
}

export function isEnabledFor(document: vscode.TextDocument, settings: Settings): boolean {
  if (!settings.enable) return false;
  if (document.uri.scheme === 'output' || document.uri.scheme === 'vscode-scm') return false;
  if (!settings.languages.includes(document.languageId) && !isLogFileName(document.uri.path)) return false;
  return !isExcluded(document, settings);
}

export function isExcluded(document: vscode.TextDocument, settings: Settings): boolean {
  return settings.exclude.some((glob) => vscode.languages.match({ pattern: glob }, document) > 0);
}
