// The one resolver of a bare word (`WF_1103`, `wf_1103`, `429`, `no_provider_available`), for every
// front end: the CLI's `explain`, Explain Selection, the look-up. Case never matters, as for codes
// found in text.
import type { Catalog } from './catalog';
import type { CatalogEntry } from './types';

/**
 * The entries a bare word names, ignoring case: a code, GraphQL code, job reason or outcome, or
 * alias, in any API; an HTTP status names each API's entry for it (a status class such as `5xx`
 * covers its statuses). APIs in catalog order; empty when the text is not one word.
 */
export function entriesNamedBy(catalog: Catalog, text: string): CatalogEntry[] {
  const word = text.trim().replace(/^["'`]+|["'`]+$/g, '');
  if (!word || word.length > 100 || /\s/.test(word)) return [];
  const apis = new Set([...catalog.apis.map((a) => a.id), ...catalog.entries.map((e) => e.api)]);
  const found: CatalogEntry[] = [];
  for (const api of apis) {
    const e = catalog.lookupCode(api, word, true);
    if (e && !found.includes(e)) found.push(e);
  }
  // The exact spelling first when two APIs differ only in case.
  return found.sort((a, b) => Number(b.code === word) - Number(a.code === word));
}
