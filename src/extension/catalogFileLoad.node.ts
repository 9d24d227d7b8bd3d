// Desktop build: reading and validating user catalogs (with jsonc-parser) lives in
// dist/catalog-file.js, required only when a user catalog exists.
import type * as catalogFile from '../core/catalog/catalogFile';

declare const require: (id: string) => unknown;

export function loadCatalogFileModule(): typeof catalogFile {
  return require('./catalog-file.js') as typeof catalogFile;
}
