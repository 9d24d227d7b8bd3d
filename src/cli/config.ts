// The CLI's settings: the `errcode.*` keys of a VS Code settings file (JSON with comments), so a CI
// job gets the severities the editor shows. `--config FILE` names the file; by default it is the
// workspace's `.vscode/settings.json`, the nearest one from the current directory upwards. The
// values go through the editor's own sanitizeSettings: what the editor ignores, the CLI ignores.
import * as l10n from '@vscode/l10n';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse, printParseErrorCode, type ParseError } from 'jsonc-parser/lib/esm/main.js';
import { DEFAULT_SETTINGS, sanitizeSettings, type Settings } from '../core/policy/settings';

export interface CliConfig {
  settings: Settings;
  /** The settings file read, if any. */
  file?: string;
  /** User catalogs the settings list that exist, as absolute paths (the default one is optional). */
  userCatalogs: string[];
}

/** A settings file that cannot be used: one line, said by main as `errcode: <message>`. */
export class ConfigError extends Error {}

/** The nearest `.vscode/settings.json` from `dir` upwards, or undefined. */
export function findWorkspaceSettings(dir: string): string | undefined {
  for (let d = path.resolve(dir); ; ) {
    const candidate = path.join(d, '.vscode', 'settings.json');
    try {
      if (fs.statSync(candidate).isFile()) return candidate;
    } catch {
      // not here: look in the parent
    }
    const parent = path.dirname(d);
    if (parent === d) return undefined;
    d = parent;
  }
}

function lineColumn(text: string, offset: number): string {
  const before = text.slice(0, offset);
  const line = before.split('\n').length;
  return `${line}:${offset - before.lastIndexOf('\n')}`;
}

/**
 * Reads the `errcode.*` settings of `file` (flat keys as VS Code writes them, `"errcode.severity"`).
 * User catalogs are relative to the workspace folder: the folder holding `.vscode/`, else the file's.
 */
export function readConfig(file: string): CliConfig {
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch (e) {
    throw new ConfigError(l10n.t('cannot read settings file {file}: {error}', { file, error: (e as NodeJS.ErrnoException).code ?? 'error' }));
  }
  const errors: ParseError[] = [];
  const data: unknown = parse(text.replace(/^\uFEFF/, ''), errors, { allowTrailingComma: true, disallowComments: false });
  if (errors.length) throw new ConfigError(l10n.t('{file}:{position}: not a valid settings file ({error})', { file, position: lineColumn(text, errors[0].offset), error: printParseErrorCode(errors[0].error) }));
  if (data === undefined) return { settings: DEFAULT_SETTINGS, file, userCatalogs: [] };
  if (!data || typeof data !== 'object' || Array.isArray(data)) throw new ConfigError(l10n.t('{file}: not a valid settings file (expected an object of settings)', { file }));
  const values = data as Record<string, unknown>;
  const settings = sanitizeSettings((key) => values[`errcode.${key}`]);
  const dir = path.dirname(path.resolve(file));
  const folder = path.basename(dir) === '.vscode' ? path.dirname(dir) : dir;
  // As the editor reads them: a file: URI, an absolute path, or relative to the workspace folder. A
  // catalog that is not there is simply unused (the default one is optional); other schemes are the
  // editor's virtual file systems, out of a terminal's reach.
  const userCatalogs: string[] = [];
  for (const p of settings.userCatalogs) {
    let file: string;
    if (/^file:/i.test(p)) {
      try {
        file = fileURLToPath(p);
      } catch {
        continue;
      }
    } else if (/^[a-zA-Z][\w+.-]+:/.test(p)) continue; // one letter before the colon is a Windows drive
    else file = path.resolve(folder, p);
    if (fs.existsSync(file)) userCatalogs.push(file);
  }
  return { settings, file, userCatalogs };
}

/** The settings for this run: `--config FILE`, else the workspace's when there is one, else the defaults. */
export function loadConfig(explicit: string | undefined, cwd: string): CliConfig {
  if (explicit !== undefined) return readConfig(explicit);
  const found = findWorkspaceSettings(cwd);
  return found ? readConfig(found) : { settings: DEFAULT_SETTINGS, userCatalogs: [] };
}
