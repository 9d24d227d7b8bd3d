// The display language of the words the core renders. Messages go through `@vscode/l10n`
// (`l10n.t('English text {0}', arg)`, English as the key): the extension hands VS Code's bundle to
// `setDisplayLanguage` at activation, the CLI the bundle of its locale (`localeFromEnv`). Numbers,
// durations, dates, lists and plurals are formatted here with `Intl` for the same language: a
// translated sentence never has English numbers in it, and no sentence is glued from fragments.
// Pure: no `vscode`, no Node built-ins; every function is total (a bad locale falls back to English).
import * as l10n from '@vscode/l10n';

/** The language asked for; checked with Intl on first use (loading Intl's data costs ~20 ms, too much for activation). */
let requestedLocale: string | undefined;
let checkedLocale: string | undefined;
/** True when a bundle with words was given: the words, and plurals, follow the display locale. */
let hasWords = false;

/** The display locale, canonical, or English for a tag Intl does not accept. */
function displayLocale(): string {
  return (checkedLocale ??= canonical(requestedLocale) ?? 'en');
}

/** The language whose words are shown: the display locale when a bundle was given, else English. */
function messagesLocale(): string {
  return hasWords ? displayLocale() : 'en';
}

/** A BCP 47 tag Intl accepts (`zh-cn` → `zh-CN`), or undefined. */
function canonical(tag: string | undefined): string | undefined {
  if (!tag || typeof tag !== 'string') return undefined;
  try {
    const [c] = Intl.getCanonicalLocales(tag);
    return c && Intl.NumberFormat.supportedLocalesOf(c).length ? c : undefined;
  } catch {
    return undefined;
  }
}

/**
 * Sets the display language (`vscode.env.language`: `en`, `zh-cn`, …) and the translations for it
 * (`vscode.l10n.bundle`: `{ "English text": "译文" }`, or its JSON text). Without a bundle the words
 * stay English and only numbers and dates follow the language. A broken bundle is ignored.
 */
export function setDisplayLanguage(language: string | undefined, bundle?: Record<string, unknown> | string): void {
  requestedLocale = language;
  checkedLocale = language === undefined || /^en(?:-us)?$/i.test(language) ? 'en' : undefined; // VS Code's default needs no check
  let contents: Record<string, string> | undefined;
  try {
    const parsed: unknown = typeof bundle === 'string' ? JSON.parse(bundle) : bundle;
    if (parsed && typeof parsed === 'object' && !Array.isArray(parsed)) {
      // Only string messages: anything else would be shown as "[object Object]" or throw.
      contents = Object.create(null) as Record<string, string>;
      for (const [k, v] of Object.entries(parsed)) {
        if (typeof v === 'string') contents[k] = v;
        else if (v && typeof v === 'object' && typeof (v as { message?: unknown }).message === 'string') contents[k] = (v as { message: string }).message;
      }
    }
  } catch {
    contents = undefined;
  }
  hasWords = contents !== undefined && Object.keys(contents).length > 0;
  l10n.config({ contents: hasWords ? contents! : {} });
  formatters.clear();
}

/** The display locale, canonical (`zh-CN`), for `<html lang>` and Intl. */
export function displayLanguage(): string {
  return displayLocale();
}

/**
 * The CLI's locale, as POSIX programs choose it: `LC_ALL`, then `LC_MESSAGES`, then `LANG`
 * (`zh_CN.UTF-8` → `zh-cn`); `C`, `POSIX` or nothing is English. `LANGUAGE` (a GNU list) is not read.
 */
export function localeFromEnv(env: Readonly<Record<string, string | undefined>>): string {
  for (const name of ['LC_ALL', 'LC_MESSAGES', 'LANG']) {
    const v = env[name];
    if (!v) continue;
    const base = v.split(/[.@]/)[0].replace(/_/g, '-').toLowerCase();
    if (base === 'c' || base === 'posix' || !canonical(base)) return 'en';
    return base;
  }
  return 'en';
}

/**
 * The bundle file names to try for a locale, most specific first (`zh-tw` → `zh-tw`, `zh`); VS Code
 * names its bundles `bundle.l10n.<language>.json` with the language in lower case.
 */
export function bundleCandidates(locale: string): string[] {
  const lower = locale.toLowerCase();
  if (lower === 'en' || lower.startsWith('en-')) return [];
  const out = [lower];
  const base = lower.split('-')[0];
  if (base !== lower) out.push(base);
  return out.map((l) => `bundle.l10n.${l}.json`);
}

/**
 * Catalog prose (entry names, descriptions, advice, fact labels, notes): the catalog stays English
 * data and the bundle translates it, English text as the key. A user catalog's text has no key and is
 * shown as written (`l10n.t` without arguments never formats it).
 */
export function catalogText(text: string): string {
  return typeof text === 'string' && text ? l10n.t(text) : text;
}

// ---------------------------------------------------------------------------------------------------
// Intl, cached per locale and options (a diagnostic pass formats hundreds of numbers).
// ---------------------------------------------------------------------------------------------------

const formatters = new Map<string, unknown>();

function cached<T>(key: string, make: () => T): T {
  let f = formatters.get(key) as T | undefined;
  if (!f) {
    f = make();
    formatters.set(key, f);
  }
  return f;
}

/** A quantity (credits, counts, bytes): grouped and with the decimal sign of the display language. */
export function formatNumber(n: number, maximumFractionDigits = 3): string {
  if (typeof n !== 'number' || !Number.isFinite(n)) return String(n);
  return cached(`n${maximumFractionDigits}`, () => new Intl.NumberFormat(displayLocale(), { maximumFractionDigits })).format(n);
}

type DurationUnit = 'millisecond' | 'second' | 'minute' | 'hour' | 'day';

function unit(n: number, u: DurationUnit, display: 'long' | 'short'): string {
  return cached(`u${u}${display}`, () => new Intl.NumberFormat(displayLocale(), { style: 'unit', unit: u, unitDisplay: display, maximumFractionDigits: 1 })).format(n);
}

/**
 * A duration in words: `500 milliseconds`, `30 seconds`, `2 minutes` (a Retry-After of 120 s),
 * `1.5 hours`; the largest unit that keeps the number short and exact enough.
 */
export function formatDuration(seconds: number, display: 'long' | 'short' = 'long'): string {
  if (typeof seconds !== 'number' || !Number.isFinite(seconds)) return String(seconds);
  const s = Math.abs(seconds);
  if (s > 0 && s < 1) return unit(Math.round(seconds * 1000), 'millisecond', display);
  if (s < 120 || (s < 3600 && s % 60 !== 0)) return unit(seconds, 'second', display);
  if (s < 7200 || (s < 86400 && s % 3600 !== 0)) return unit(seconds / 60, 'minute', display);
  if (s < 86400 * 2) return unit(seconds / 3600, 'hour', display);
  return unit(seconds / 86400, 'day', display);
}

/** `in 4 minutes`, `2 hours ago`, `now`: from a time and the current time, both in ms. */
export function relativeTime(targetMs: number, nowMs: number): string {
  const diff = Math.round((targetMs - nowMs) / 1000);
  if (!Number.isFinite(diff)) return '';
  const rtf = cached('rt', () => new Intl.RelativeTimeFormat(displayLocale(), { numeric: 'auto' }));
  const abs = Math.abs(diff);
  if (abs < 60) return rtf.format(diff, 'second');
  if (abs < 3600) return rtf.format(Math.round(diff / 60), 'minute');
  if (abs < 86400 * 2) return rtf.format(Math.round(diff / 3600), 'hour');
  return rtf.format(Math.round(diff / 86400), 'day');
}

/** A point in time (ms since the epoch) as a date and time in UTC, for the display language; undefined when out of range. */
export function formatDateTime(ms: number): string | undefined {
  if (typeof ms !== 'number' || !Number.isFinite(ms) || Math.abs(ms) > 8.64e15) return undefined;
  return cached('dt', () => new Intl.DateTimeFormat(displayLocale(), { dateStyle: 'medium', timeStyle: 'long', timeZone: 'UTC' })).format(ms);
}

/** `a, b or c` (`disjunction`) or `a, b and c`, with the display language's separators. */
export function formatList(items: readonly string[], type: 'conjunction' | 'disjunction' = 'conjunction'): string {
  return cached(`l${type}`, () => new Intl.ListFormat(displayLocale(), { type, style: 'long' })).format(items.map(String));
}

/**
 * The plural category of a count in the language shown (`one`, `other`, …): callers pick between
 * whole messages (`n === 1`-style keys), never glue a plural ending onto a word. English rules when
 * the words are English, whatever the number format.
 */
export function pluralOf(n: number): Intl.LDMLPluralRule {
  return cached('p', () => new Intl.PluralRules(messagesLocale())).select(Number.isFinite(n) ? n : 0);
}
