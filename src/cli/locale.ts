// The CLI's display language, as POSIX programs choose it (LC_ALL, then LC_MESSAGES, then LANG): the
// words come from the package's l10n/ bundles, the same files VS Code hands the extension. A missing
// or broken bundle means English words (numbers and dates still follow the locale), never a failure.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { bundleCandidates, localeFromEnv, setDisplayLanguage } from '../core/render/locale';

/** The package's bundle folder: dist/cli.js → l10n/. */
export const BUNDLE_DIR = path.join(__dirname, '..', 'l10n');

/** Sets the core's display language from the environment; returns the locale and the bundle used, if any. */
export function useLocaleOf(env: Readonly<Record<string, string | undefined>>, dir = BUNDLE_DIR): { locale: string; bundle?: string } {
  const locale = localeFromEnv(env);
  for (const name of bundleCandidates(locale)) {
    let contents: unknown;
    try {
      contents = JSON.parse(fs.readFileSync(path.join(dir, name), 'utf8'));
    } catch {
      continue; // missing or broken: the next, less specific one
    }
    if (!contents || typeof contents !== 'object' || Array.isArray(contents)) continue;
    setDisplayLanguage(locale, contents as Record<string, unknown>);
    return { locale, bundle: name };
  }
  setDisplayLanguage(locale);
  return { locale };
}
