// Regexes written in catalogs (code patterns, body conditions, message patterns) run on untrusted text,
// a line at a time, millions of times: the shapes that can backtrack without bound are refused with a
// reason (in the display language: it is shown on the catalog file), so a user catalog can never make a scan hang.
import * as l10n from '@vscode/l10n';

/** Regexes from catalogs run on untrusted text: refuse the shapes that can backtrack without bound. */
export function unsafeRegexReason(source: string): string | undefined {
  if (source.length > 500) return l10n.t('longer than 500 characters');
  if (/\\[1-9]|\\k</.test(source)) return l10n.t('back-references are not allowed');
  // A quantified group that itself contains a quantifier: (a+)+, (a|b*)*, (x{1,9}){2,}.
  let depth = 0;
  const quantifiedInside: boolean[] = [];
  for (let i = 0; i < source.length; i++) {
    const c = source[i];
    if (c === '\\') {
      i++;
      continue;
    }
    if (c === '[') {
      const close = source.indexOf(']', i + 2);
      if (close < 0) return l10n.t('an unclosed character class');
      i = close;
      continue;
    }
    if (c === '(') {
      depth++;
      quantifiedInside[depth] = false;
      continue;
    }
    // `?` right after `(` opens a group kind (`(?:`), elsewhere it is a quantifier.
    const isQuantifier = c === '*' || c === '+' || (c === '?' && source[i - 1] !== '(') || (c === '{' && /^\{\d+(,\d*)?\}/.test(source.slice(i, i + 12)));
    if (c === ')') {
      const inner = quantifiedInside[depth];
      depth--;
      const next = source[i + 1];
      if (inner && (next === '*' || next === '+' || next === '{')) return l10n.t('a repeated group that repeats inside (it can take exponential time)');
      if (depth > 0 && inner) quantifiedInside[depth] = true;
      continue;
    }
    if (isQuantifier && depth > 0) {
      // A bounded small repeat of a single character class (`.{0,40}`) is fine in sequence, but it
      // still counts as a quantifier for an enclosing repeated group.
      quantifiedInside[depth] = true;
    }
  }
  return undefined;
}

/** Compiles a regex from a catalog, or explains why not. */
export function compileRegex(source: string, flags: string): RegExp | string {
  const unsafe = unsafeRegexReason(source);
  if (unsafe) return unsafe;
  try {
    return new RegExp(source, flags);
  } catch (e) {
    return e instanceof Error ? e.message : l10n.t('invalid regular expression');
  }
}
