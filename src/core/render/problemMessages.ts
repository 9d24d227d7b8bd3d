// Words for the policy's problems (policy/problems.ts), rendered when shown: the diagnostic line in
// the editor, the CLI's text and JSON `message`. Problems hold data only (a rule id, the finding,
// related places as kind + value); every sentence about them is made here, from summarize().
import * as l10n from '@vscode/l10n';
import type { Catalog } from '../catalog/catalog';
import type { CatalogEntry } from '../catalog/types';
import { EngineRules } from '../engine/finding';
import { PolicyRules, type Problem, type RelatedLocation } from '../policy/problems';
import type { Explanation } from './explain';
import { catalogText, formatList, formatNumber, pluralOf } from './locale';
import { apiName, effectiveRetry, entryOf, entryTitle, retryPhrase, summarize } from './messages';

/** Where a user adds codes: the editor's setting, or the CLI's flag. */
export type UserCatalogPointer = 'setting' | 'flag';

/** Where to add a code, as a phrase that fills the sentences below. */
function pointerPhrase(pointer: UserCatalogPointer): string {
  return pointer === 'flag' ? l10n.t('a user catalog (--catalog FILE)') : l10n.t('a user catalog (setting errcode.userCatalogs)');
}

/** One line for a problem. */
export function problemMessage(p: Problem, catalog: Catalog, pointer: UserCatalogPointer = 'setting'): string {
  if (p.rule === PolicyRules.moreProblems || !p.finding) {
    const hidden = p.hidden ?? 0;
    const args = { count: formatNumber(hidden), limit: formatNumber(p.limit ?? 0) };
    return pluralOf(hidden) === 'one'
      ? l10n.t('{count} more problem in this file is not shown (limit {limit}, setting errcode.diagnostics.maxPerFile). The "Errors in Open Files" view and `errcode scan` list them all.', args)
      : l10n.t('{count} more problems in this file are not shown (limit {limit}, setting errcode.diagnostics.maxPerFile). The "Errors in Open Files" view and `errcode scan` list them all.', args);
  }
  const f = p.finding;
  if (p.rule === PolicyRules.missingRetry) {
    const entry = entryOf(catalog, f);
    if (entry) {
      return l10n.t('{api} {entry} is transient ({retry}), but no retry handling is in sight.', {
        api: apiName(catalog, entry.api),
        entry: entryTitle(entry),
        retry: retryPhrase(effectiveRetry(entry, f.status)),
      });
    }
  }
  if (f.rule === EngineRules.unknownCode && !f.suggestions?.length && f.code) return notInApiCatalog(f.code, f.api, f.category, catalog, pointer);
  return summarize(f, catalog);
}

/** A well-formed code of an API that its catalog does not list and that is no likely typo: not a guess, a pointer. */
function notInApiCatalog(code: string, api: string | null | undefined, category: string | undefined, catalog: Catalog, pointer: UserCatalogPointer): string {
  const args = { code, api: apiName(catalog, api), where: pointerPhrase(pointer) };
  return category
    ? l10n.t('{code} is in the {category} range but not in the {api} catalog: if it is newer than this catalog or your own, add it in {where}.', { ...args, category: catalogText(category) })
    : l10n.t('{code} is not in the {api} catalog: if it is newer than this catalog or your own, add it in {where}.', args);
}

/**
 * A bare word the catalog does not know (`errcode explain WF_2100`): "did you mean" only for likely
 * typos (`suggestions`, from Catalog.nearestCodes), in the words of the unknown-code diagnostic, else
 * "not in this catalog" and where to add it.
 */
export function notInCatalogMessage(word: string, catalog: Catalog, suggestions: readonly CatalogEntry[], pointer: UserCatalogPointer): string {
  // Codes are case-insensitive: `wf_1110` is shown as the code it has the shape of, `WF_1110`.
  const exact = catalog.codeApi(word);
  const api = exact ?? catalog.codeApi(word.toUpperCase());
  if (api && !exact) word = word.toUpperCase();
  const category = api ? catalog.categoryOf(api, word) : undefined;
  if (suggestions.length) {
    const near = formatList(suggestions.map((e) => e.code), 'disjunction');
    if (!api) return l10n.t('{code} is not in the catalog; did you mean {suggestions}?', { code: word, suggestions: near });
    const args = { code: word, api: apiName(catalog, api), suggestions: near };
    return category
      ? l10n.t('{code} is in the {category} range but not in the {api} catalog; did you mean {suggestions}?', { ...args, category: catalogText(category) })
      : l10n.t('{code} is not in the {api} catalog; did you mean {suggestions}?', args);
  }
  if (api) return notInApiCatalog(word, api, category, catalog, pointer);
  return l10n.t('{code} is not in this catalog (no code, HTTP status, job reason or message matches): add it in {where} if it is yours.', { code: word, where: pointerPhrase(pointer) });
}

/** The line of a related location (the status line, a header). */
export function relatedMessage(r: RelatedLocation): string {
  switch (r.kind) {
    case 'status':
      return l10n.t('HTTP status logged with this error: {value}', { value: r.value });
    case 'retry-after':
      return l10n.t('Retry-After header for this response: {value}', { value: r.value });
    case 'request-id':
      return l10n.t('Request id to quote to support: {value}', { value: r.value });
    case 'rate-limit-reset':
      return l10n.t('X-RateLimit-Reset for this response: {value}', { value: r.value });
  }
  return r.value;
}

/**
 * What a rule that is not a catalog entry means, and how to set its severity: what a diagnostic's
 * code links to (an entry's rule links to the entry itself). Undefined for a rule nobody reports.
 */
export function ruleExplanation(rule: string, catalog: Catalog): Explanation | undefined {
  // The setting is JSON (braces), so it fills a placeholder rather than sitting in the template.
  const setting = (key: string): string => l10n.t('Set its severity with {setting} (or {off}).', { setting: `\`"errcode.severity": { "${key}": "warning" }\``, off: '`"off"`' });
  const base = (title: string, meaning: string, resolution: string): Explanation => ({
    title: l10n.t('{rule}: {title}', { rule, title }),
    subtitle: l10n.t('Error Code Assistant rule'),
    meaning,
    resolution,
    facts: [],
    examples: [],
    notes: [],
  });
  switch (rule) {
    case EngineRules.unknownCode:
      return base(
        l10n.t('unknown code'),
        l10n.t('A well-formed code of an API (it has the shape of the API\'s codes) that its catalog does not list. When it is one edit or one swap of two digits away from a known code, it is likely a typo and the known codes are suggested; otherwise it may be newer than this catalog, or your own.'),
        l10n.t('Fix the typo (a quick fix offers the known codes), or add the code in a user catalog (setting errcode.userCatalogs, or the CLI\'s --catalog FILE). {severity} A code\'s own key (`"workflows.WF_2100"`) silences one code.', { severity: setting(rule) }),
      );
    case EngineRules.unrecognizedBody:
      return base(
        l10n.t('unrecognized error body'),
        l10n.t('A body shaped like an API\'s error body that came with an HTTP error status, but that nothing names as that API\'s: no listed code or message, no field only that API sends, no host, header or package nearby.'),
        l10n.t('If it is an API this extension knows, its evidence (host, header, SDK package) is missing from the log; add it in a user catalog (`evidence`). {severity}', { severity: setting(rule) }),
      );
    case PolicyRules.missingRetry:
      return base(
        l10n.t('missing retry'),
        l10n.t('In source code, a transient error code (the catalog says retrying helps) is handled, but no retry handling (retry, backoff, a retry library or helper) is within {chars} characters of it.', { chars: formatNumber(1500) }),
        l10n.t('Insert a retry handler (quick fix), or set errcode.diagnostics.retryHints to false. {severity}', { severity: setting(rule) }),
      );
    case PolicyRules.moreProblems:
      return base(
        l10n.t('more problems'),
        l10n.t('The file has more problems than errcode.diagnostics.maxPerFile: the rest are not shown (VS Code drops diagnostics past {max} per file).', { max: formatNumber(1000) }),
        l10n.t('Raise errcode.diagnostics.maxPerFile (at most {max}), or list them all in the "Errors in Open Files" view or with `errcode scan`.', { max: formatNumber(999) }),
      );
  }
  const unlisted = /^(.+)\/unlisted$/.exec(rule);
  const api = unlisted ? catalog.api(unlisted[1]) : undefined;
  if (unlisted && api) {
    // A user catalog's API name is its author's text: plain text, no markup.
    const name = apiName(catalog, unlisted[1]);
    return { ...base(
      l10n.t('{api} error not in the catalog', { api: name }),
      l10n.t('An error body of the {api} whose code or message its catalog does not list.', { api: name }),
      l10n.t('Add the code or message in a user catalog to get its explanation. {severity}', { severity: setting(`${unlisted[1]}.unknown`) }),
    ), untrusted: api.source !== undefined };
  }
  return undefined;
}
