// Web build (and type checking): the catalog-file reader is bundled in. The desktop build swaps this
// file for catalogFileLoad.node.ts (see esbuild.js).
import * as catalogFile from '../core/catalog/catalogFile';

export function loadCatalogFileModule(): typeof catalogFile {
  return catalogFile;
}
