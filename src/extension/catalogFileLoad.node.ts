// Desktop build: reading and validating user catalogs (with jsonc-parser) lives in
// dist/catalog-file.js, required only when a user catalog exists.
import * as vscode from 'vscode';
import type * as catalogFile from '../core/catalog/catalogFile';

declare const require: (id: string) => unknown;

let loaded: typeof catalogFile | undefined;

export function loadCatalogFileModule(): typeof catalogFile {
  if (!loaded) {
    loaded = require('./catalog-file.js') as typeof catalogFile;
    // Its core has its own l10n state: the same language and bundle as the extension's (activate.ts),
    // so a user catalog's problems are in the display language.
    loaded.setDisplayLanguage(vscode.env.language, vscode.l10n.bundle);
  }
  return loaded;
}
