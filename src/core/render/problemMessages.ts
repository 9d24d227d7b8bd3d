// Words for the policy's problems (policy/problems.ts), rendered when shown: the diagnostic line in
// the editor, the CLI's text and JSON `message`. Problems hold data only (a rule id, the finding,
// related places as kind + value); every sentence about them is made here, from summarize().
import type { Catalog } from '../catalog/catalog';
import type { CatalogEntry } from '../catalog/types';
import { EngineRules, type Finding } from '../engine/finding';
import { PolicyRules, type Problem, type RelatedLocation } from '../policy/problems';
import type { Explanation } from './explain';
import { apiName, effectiveRetry, entryOf, entryTitle, retryPhrase, summarize } from './messages';

/** Where a user adds codes: the editor's setting, or the CLI's flag. */
export type UserCatalogPointer = 'setting' | 'flag';

const POINTER: Record<UserCatalogPointer, string> = {
  setting: 'a user catalog (setting errcode.userCatalogs)',
  flag: 'a user catalog (--catalog FILE)',
};

/** One line for a problem. */
export function problemMessage(p: Problem, catalog: Catalog, pointer: UserCatalogPointer = 'setting'): string {
  if (p.rule === PolicyRules.moreProblems || !p.finding) {
    const hidden = p.hidden ?? 0;
    return `${hidden} more problem${hidden === 1 ? '' : 's'} in this file ${hidden === 1 ? 'is' : 'are'} not shown (limit ${p.limit ?? 0}, setting errcode.diagnostics.maxPerFile). The "Errors in Open Files" view and \`errcode scan\` list them all.`;
  }
  const f = p.finding;
  if (p.rule === PolicyRules.missingRetry) {
    const entry = entryOf(catalog, f);
    if (entry) return `${apiName(catalog, entry.api)} ${entryTitle(entry)} is transient (${retryPhrase(effectiveRetry(entry, f.status))}), but no retry handling is in sight.`;
  }
  if (f.rule === EngineRules.unknownCode && !f.suggestions?.length && f.code) return unknownCodeMessage(f, catalog, pointer);
  return summarize(f, catalog);
}

/** A well-formed code that no entry lists and that is no likely typo: not a guess, a pointer. */
function unknownCodeMessage(f: Finding, catalog: Catalog, pointer: UserCatalogPointer): string {
  const range = f.category ? ` (${f.category} range)` : '';
  return `${f.code} is not in the ${apiName(catalog, f.api)} catalog${range}: if it is newer than this catalog or your own, add it in ${POINTER[pointer]}.`;
}

/**
 * A bare word the catalog does not know (`errcode explain WF_2100`): "did you mean" only for likely
 * typos (`suggestions`, from Catalog.nearestCodes), else "not in this catalog" and where to add it.
 */
export function notInCatalogMessage(word: string, catalog: Catalog, suggestions: readonly CatalogEntry[], pointer: UserCatalogPointer): string {
  if (suggestions.length) return `${word} is not in the catalog; did you mean ${suggestions.map((e) => e.code).join(', ')}?`;
  const api = catalog.codeApi(word) ?? catalog.codeApi(word.toUpperCase());
  if (api) {
    const category = catalog.categoryOf(api, word);
    return `${word} is not in the ${apiName(catalog, api)} catalog${category ? ` (${category} range)` : ''}: if it is newer than this catalog or your own, add it in ${POINTER[pointer]}.`;
  }
  return `${word} is not in this catalog (no code, HTTP status, job reason or message matches): add it in ${POINTER[pointer]} if it is yours.`;
}

const RELATED_LABEL: Record<RelatedLocation['kind'], string> = {
  status: 'HTTP status logged with this error',
  'retry-after': 'Retry-After header for this response',
  'request-id': 'Request id to quote to support',
  'rate-limit-reset': 'X-RateLimit-Reset for this response',
};

/** The line of a related location (the status line, a header). */
export function relatedMessage(r: RelatedLocation): string {
  return `${RELATED_LABEL[r.kind]}: ${r.value}`;
}

/**
 * What a rule that is not a catalog entry means, and how to set its severity: what a diagnostic's
 * code links to (an entry's rule links to the entry itself). Undefined for a rule nobody reports.
 */
export function ruleExplanation(rule: string, catalog: Catalog): Explanation | undefined {
  const setting = (key: string): string => `Set its severity with \`"errcode.severity": { "${key}": "warning" }\` (or \`"off"\`).`;
  const base = (title: string, meaning: string, resolution: string): Explanation => ({ title: `${rule}: ${title}`, subtitle: 'Error Code Assistant rule', meaning, resolution, facts: [], examples: [], notes: [] });
  switch (rule) {
    case EngineRules.unknownCode:
      return base(
        'unknown code',
        'A well-formed code of an API (it has the shape of the API\'s codes) that its catalog does not list. When it is one edit or one swap of two digits away from a known code, it is likely a typo and the known codes are suggested; otherwise it may be newer than this catalog, or your own.',
        `Fix the typo (a quick fix offers the known codes), or add the code in a user catalog (setting errcode.userCatalogs, or the CLI's --catalog FILE). ${setting(rule)} A code's own key (\`"workflows.WF_2100"\`) silences one code.`,
      );
    case EngineRules.unrecognizedBody:
      return base(
        'unrecognized error body',
        'A body shaped like an API\'s error body that came with an HTTP error status, but that nothing names as that API\'s: no listed code or message, no field only that API sends, no host, header or package nearby.',
        `If it is an API this extension knows, its evidence (host, header, SDK package) is missing from the log; add it in a user catalog (\`evidence\`). ${setting(rule)}`,
      );
    case PolicyRules.missingRetry:
      return base(
        'missing retry',
        'In source code, a transient error code (the catalog says retrying helps) is handled, but no retry handling (retry, backoff, a retry library or helper) is within 1,500 characters of it.',
        `Insert a retry handler (quick fix), or set errcode.diagnostics.retryHints to false. ${setting(rule)}`,
      );
    case PolicyRules.moreProblems:
      return base(
        'more problems',
        'The file has more problems than errcode.diagnostics.maxPerFile: the rest are not shown (VS Code drops diagnostics past 1,000 per file).',
        'Raise errcode.diagnostics.maxPerFile (at most 999), or list them all in the "Errors in Open Files" view or with `errcode scan`.',
      );
  }
  const unlisted = /^(.+)\/unlisted$/.exec(rule);
  const api = unlisted ? catalog.api(unlisted[1]) : undefined;
  if (unlisted && api) {
    // A user catalog's API name is its author's text: plain text, no markup.
    return { ...base(
      `${apiName(catalog, unlisted[1])} error not in the catalog`,
      `An error body of the ${apiName(catalog, unlisted[1])} whose code or message its catalog does not list.`,
      `Add the code or message in a user catalog to get its explanation. ${setting(`${unlisted[1]}.unknown`)}`,
    ), untrusted: api.source !== undefined };
  }
  return undefined;
}
