// Which documents the extension works on: the languages in settings, minus excluded globs.
import * as vscode from 'vscode';
import type { Settings } from '../core/policy/settings';

/** Languages read as source code (retry helpers can be inserted there). */
const CODE_LANGUAGES = new Set(['typescript', 'javascript', 'typescriptreact', 'javascriptreact', 'python', 'go']);

export function isCodeLanguage(languageId: string): boolean {
  return CODE_LANGUAGES.has(languageId);
}

export function isLogDocument(document: vscode.TextDocument, settings: Settings): boolean {
  return settings.logLanguages.includes(document.languageId) || /\.(log|jsonl|ndjson|out)$/i.test(document.uri.path);
}

export function isEnabledFor(document: vscode.TextDocument, settings: Settings): boolean {
  if (!settings.enable) return false;
  if (document.uri.scheme === 'output' || document.uri.scheme === 'vscode-scm') return false;
  if (!settings.languages.includes(document.languageId) && !/\.(log|jsonl|ndjson|out)$/i.test(document.uri.path)) return false;
  return !isExcluded(document, settings);
}

export function isExcluded(document: vscode.TextDocument, settings: Settings): boolean {
  return settings.exclude.some((glob) => vscode.languages.match({ pattern: glob }, document) > 0);
}
