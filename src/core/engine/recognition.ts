// What the engine compiles from a catalog, once per catalog: the body rules, the evidence index and
// the one trigger regex that finds where to look (code literals from every API's codePattern, and the
// anchor keys of every body rule in every notation a key is written in).
import type { Catalog } from '../catalog/catalog';
import { compileEvidence, type EvidenceIndex } from './evidence';
import { compileRules, type RuleSet } from './shapes';

export interface Recognition {
  rules: RuleSet;
  evidence: EvidenceIndex;
  /**
   * Group 1: a code literal of some API. Group 2: a quoted key (`"error":`, `'error':`, `\"error\":`,
   * `""error"":`, `"error" =>`), the match starting at its quote. Group 3: a bare key (`error:`,
   * `error =>`, Go's `Error:`). Group 4: a value word of a rule that needs one (`failed`). Linear:
   * every branch starts with a fixed character set and nothing nests a quantifier.
   */
  trigger: RegExp;
  /**
   * A cheaper regex that finds where the trigger can match: the code literals, the keys without their
   * quotes, colons and first letter, the value words. The scan runs the trigger (sticky) only at the few places each
   * hit allows (see triggers.ts). Undefined when a code pattern could start with a quote, colon or
   * space: then the trigger runs over the whole text.
   */
  finder: Finder | undefined;
  /** Problems compiling the catalog's rules (a bad pattern in a user catalog): reported, never fatal. */
  problems: string[];
}

/** The finder regex and what it is made of, so a scan can drop the keys that can no longer match. */
export interface Finder {
  regex: RegExp;
  /** Alternatives, longest first; `keys` are the (lower-case) trigger keys an alternative stands for. */
  needles: { source: string; keys?: string[] }[];
}

/** The finder without the alternatives whose keys are all in `dead`. */
export function finderWithout(finder: Finder, dead: ReadonlySet<string>): RegExp {
  const alive = finder.needles.filter((n) => !n.keys || !n.keys.every((k) => dead.has(k)));
  return new RegExp(alive.length ? alive.map((n) => n.source).join('|') : '(?!)', 'g');
}

const cache = new WeakMap<Catalog, Recognition>();

const escapeRe = (s: string): string => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** `error` → `[eE]rror`: keys match in their written case or capitalised (Go prints struct fields so). */
function keyAlternative(key: string): string {
  const first = key[0];
  const upper = first.toUpperCase();
  const head = upper !== first ? `[${escapeRe(first)}${escapeRe(upper)}]` : escapeRe(first);
  return head + escapeRe(key.slice(1));
}

export function recognitionOf(catalog: Catalog): Recognition {
  let r = cache.get(catalog);
  if (r) return r;
  const rules = compileRules(catalog.apis);
  const problems = [...rules.problems];
  const keys = rules.triggerKeys.filter((k) => /^[\w$@-]{1,64}$/.test(k)).sort((a, b) => b.length - a.length).map(keyAlternative);
  const words = rules.triggerWords.filter((w) => /^[\w-]{3,64}$/.test(w)).sort((a, b) => b.length - a.length).map(escapeRe);
  const codes = catalog.codePatterns.map((p) => `(?:${p.source})`);
  const branches: string[] = [];
  branches.push(codes.length ? `(${codes.join('|')})` : '((?!))');
  const k = keys.length ? `(?:${keys.join('|')})` : '(?!)';
  branches.push(`["'](${k})["'\\\\]{1,16}[ \\t]*(?::|=>)`);
  // `\b` first: the engine rejects positions inside words at once (a third of the regex's time).
  branches.push(`\\b(${k})(?=[ \\t]*(?::(?![:/\\\\])|=>))`);
  // A value word after a colon or a quote; the scanner checks that a key and a colon (or =>) come before it.
  branches.push(words.length ? `[:"'][ \\t]*(${words.join('|')})(?![\\w-])` : '((?!))');
  // A code pattern that starts with a word character (`WF_`, `\\d`, `[A-Z]`) cannot start on a quote,
  // colon or space, which is what the finder's hit positions rely on. Keys are looked for without
  // their first letter (`rror` for `error` and `Error`): one literal instead of a class is cheaper.
  const wordStart = catalog.codePatterns.every((p) => /^(?:[\w]|\\[dw]|\[[\w-]+\])/.test(p.source));
  const byTail = new Map<string, string[]>();
  for (const key of rules.triggerKeys.filter((k) => /^[\w$@-]{1,64}$/.test(k))) {
    const tail = key.length >= 4 ? escapeRe(key.slice(1)) : keyAlternative(key);
    byTail.set(tail, [...(byTail.get(tail) ?? []), key.toLowerCase()]);
  }
  const needles = [...codes.map((source) => ({ source })), ...[...byTail].map(([source, keys]) => ({ source, keys })), ...words.map((source) => ({ source }))].sort((a, b) => b.source.length - a.source.length);
  const finder = wordStart && needles.length ? { regex: new RegExp(needles.map((n) => n.source).join('|'), 'g'), needles } : undefined;
  r = { rules, evidence: compileEvidence(catalog.apis), trigger: new RegExp(branches.join('|'), 'g'), finder, problems };
  cache.set(catalog, r);
  return r;
}
