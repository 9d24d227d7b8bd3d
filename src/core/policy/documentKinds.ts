// What a document is, for the policy: a log, code or documentation. One definition for the editor
// (which knows a document's language id) and the CLI (which knows a file name): "log file", "code
// file" and "docs file" are decided here and nowhere else. ("Binary file" is engine/encoding.ts.)
import type { Settings } from './settings';

/**
 * `log`: every error found is a problem. `code`: only unknown codes and missing retries are problems
 * (a known code that the code handles is listed at hint). `docs`: example bodies and known codes are
 * explained on hover, never problems; only a mistyped or unknown code is.
 */
export type DocumentKind = 'log' | 'code' | 'docs';

/** File extensions (lower case, no dot) of the languages the extension knows, as VS Code associates them. */
export const LANGUAGE_EXTENSIONS: Readonly<Record<string, readonly string[]>> = {
  log: ['log', 'out'],
  plaintext: ['txt'],
  json: ['json'],
  jsonc: ['jsonc'],
  jsonl: ['jsonl', 'ndjson'],
  typescript: ['ts', 'mts', 'cts'],
  typescriptreact: ['tsx'],
  javascript: ['js', 'mjs', 'cjs'],
  javascriptreact: ['jsx'],
  python: ['py'],
  go: ['go'],
  java: ['java'],
  kotlin: ['kt', 'kts'],
  csharp: ['cs'],
  ruby: ['rb'],
  rust: ['rs'],
  php: ['php'],
  shellscript: ['sh', 'bash'],
  yaml: ['yaml', 'yml'],
  markdown: ['md', 'markdown'],
  restructuredtext: ['rst'],
  asciidoc: ['adoc', 'asciidoc'],
};

/** Files that are logs whatever their language settings say (rotated logs and JSON lines included). */
export const LOG_FILE_EXTENSIONS: readonly string[] = ['log', 'jsonl', 'ndjson', 'out'];

/** Languages of documentation: a page's example bodies are explained, not reported. */
export const DOCS_LANGUAGES: readonly string[] = ['markdown', 'restructuredtext', 'asciidoc'];

/** A compressed log's name without its `.gz` (`app.log.gz` is a log). */
function withoutCompression(path: string): string {
  return path.replace(/\.gz$/i, '');
}

function extensionOf(path: string): string | undefined {
  const name = withoutCompression(path).slice(Math.max(withoutCompression(path).lastIndexOf('/'), withoutCompression(path).lastIndexOf('\\')) + 1);
  const dot = name.lastIndexOf('.');
  return dot > 0 ? name.slice(dot + 1).toLowerCase() : undefined;
}

/** True for a file that is a log by its name: `.log`, `.jsonl`, `.ndjson`, `.out` (also gzip-compressed). */
export function isLogFileName(path: string): boolean {
  const ext = extensionOf(path);
  return ext !== undefined && LOG_FILE_EXTENSIONS.includes(ext);
}

/** The language id VS Code gives a file of this name, among those above; undefined when none. */
export function languageOfFileName(path: string): string | undefined {
  const ext = extensionOf(path);
  if (ext === undefined) return undefined;
  for (const [language, extensions] of Object.entries(LANGUAGE_EXTENSIONS)) if (extensions.includes(ext)) return language;
  return undefined;
}

/** The extensions of the given languages plus the log files': what a workspace scan reads. */
export function extensionsOf(languages: readonly string[]): string[] {
  const exts = new Set(LOG_FILE_EXTENSIONS);
  for (const l of languages) for (const e of Object.prototype.hasOwnProperty.call(LANGUAGE_EXTENSIONS, l) ? LANGUAGE_EXTENSIONS[l] : []) exts.add(e);
  return [...exts].sort();
}

/**
 * The kind of a document: a log by its name or when its language is one of `errcode.logLanguages`,
 * docs for Markdown and the like, code otherwise. `languageId` is the editor's; the CLI passes
 * undefined and the language comes from the file name. A name no language claims (`syslog`,
 * `app.log.1`, stdin) is read as a log, as VS Code opens it as plain text.
 */
export function documentKindOf(languageId: string | undefined, path: string, settings: Pick<Settings, 'logLanguages'>): DocumentKind {
  if (isLogFileName(path)) return 'log';
  const language = languageId ?? languageOfFileName(path) ?? 'plaintext';
  if (settings.logLanguages.includes(language)) return 'log';
  if (DOCS_LANGUAGES.includes(language)) return 'docs';
  return 'code';
}
