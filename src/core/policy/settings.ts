// The extension's settings, typed and sanitised in one place. Pure: the editor edge reads the raw
// values and calls `sanitizeSettings`; anything malformed falls back to its default.
import type { ErrorClass, Severity } from '../catalog/types';

/** Severity of each class when the user has not chosen one. */
export const DEFAULT_SEVERITY: Record<ErrorClass, Severity> = {
  client: 'error',
  auth: 'error',
  'not-found': 'error',
  conflict: 'warning',
  quota: 'error',
  'rate-limit': 'warning',
  transient: 'warning',
  server: 'error',
  moderation: 'warning',
  canceled: 'information',
  unknown: 'warning',
};

export type SeverityOrOff = Severity | 'off';

export interface Settings {
  enable: boolean;
  /** Languages where hovers, diagnostics and code actions run. */
  languages: string[];
  /** Languages read as logs: every error found is a diagnostic. Elsewhere (code) only unknown codes are. */
  logLanguages: string[];
  /** Glob patterns of files never diagnosed. */
  exclude: string[];
  hover: boolean;
  diagnostics: boolean;
  codeActions: boolean;
  terminalLinks: boolean;
  /** Hint where a transient code is handled with no retry in sight. */
  retryHints: boolean;
  maxDiagnosticsPerFile: number;
  debounceMs: number;
  /**
   * Severity overrides, keys in lower case: a rule id (`errcode/unknown-code`, `workflows/WF_1103`), a
   * code of an API (`workflows.WF_1103`), `api.class`, a class, an API, `unrecognized-body`. The most
   * specific key wins (see policy/problems.ts).
   */
  severity: Record<string, SeverityOrOff>;
  /** User catalog files, workspace-relative or absolute. */
  userCatalogs: string[];
}

export const DEFAULT_SETTINGS: Settings = {
  enable: true,
  languages: ['log', 'plaintext', 'json', 'jsonc', 'jsonl', 'typescript', 'javascript', 'typescriptreact', 'javascriptreact', 'python', 'go', 'java', 'kotlin', 'csharp', 'ruby', 'rust', 'php', 'shellscript', 'yaml', 'markdown'],
  logLanguages: ['log', 'plaintext', 'json', 'jsonl'],
  exclude: ['**/node_modules/**', '**/.git/**'],
  hover: true,
  diagnostics: true,
  codeActions: true,
  terminalLinks: true,
  retryHints: true,
  maxDiagnosticsPerFile: 500,
  debounceMs: 300,
  severity: {},
  userCatalogs: ['.vscode/errcodes.jsonc'],
};

/**
 * Large-file mode: above 20 MB or 300K lines VS Code turns tokenization off; the extension also goes
 * lighter there (scans in idle slices, fewer diagnostics) and says so in the status bar.
 */
export const LARGE_FILE_CHARS = 20 * 1024 * 1024;
export const LARGE_FILE_LINES = 300_000;
export const LARGE_FILE_MAX_DIAGNOSTICS = 200;

export function isLargeFile(chars: number, lines: number): boolean {
  return chars > LARGE_FILE_CHARS || lines > LARGE_FILE_LINES;
}

/** VS Code drops diagnostics past 1,000 per file: one slot is kept for the summary. */
export const DIAGNOSTICS_HARD_CAP = 999;

const SEVERITIES = new Set<string>(['error', 'warning', 'information', 'hint', 'off']);

const bool = (v: unknown, d: boolean): boolean => (typeof v === 'boolean' ? v : d);
const strings = (v: unknown, d: string[]): string[] => (Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string' && x.length > 0) : d);
const int = (v: unknown, d: number, min: number, max: number): number => (typeof v === 'number' && Number.isFinite(v) ? Math.min(max, Math.max(min, Math.round(v))) : d);

/** Builds settings from raw values (`get(key)` returns what the user wrote, or undefined). */
export function sanitizeSettings(get: (key: string) => unknown): Settings {
  const d = DEFAULT_SETTINGS;
  const rawSeverity = get('severity');
  const severity: Record<string, SeverityOrOff> = {};
  if (rawSeverity && typeof rawSeverity === 'object' && !Array.isArray(rawSeverity)) {
    // Keys ignore case, as codes do everywhere else (`workflows.wf_1103` is WF_1103's).
    for (const [k, v] of Object.entries(rawSeverity)) if (typeof v === 'string' && SEVERITIES.has(v)) severity[k.trim().toLowerCase()] = v as SeverityOrOff;
  }
  return {
    enable: bool(get('enable'), d.enable),
    languages: strings(get('languages'), d.languages),
    logLanguages: strings(get('logLanguages'), d.logLanguages),
    exclude: strings(get('exclude'), d.exclude),
    hover: bool(get('hover.enable'), d.hover),
    diagnostics: bool(get('diagnostics.enable'), d.diagnostics),
    codeActions: bool(get('codeActions.enable'), d.codeActions),
    terminalLinks: bool(get('terminalLinks.enable'), d.terminalLinks),
    retryHints: bool(get('diagnostics.retryHints'), d.retryHints),
    maxDiagnosticsPerFile: int(get('diagnostics.maxPerFile'), d.maxDiagnosticsPerFile, 1, DIAGNOSTICS_HARD_CAP),
    debounceMs: int(get('diagnostics.debounceMs'), d.debounceMs, 0, 5000),
    severity,
    userCatalogs: strings(get('userCatalogs'), d.userCatalogs),
  };
}

/** The value of the first of `keys` (most specific first) the user set, else `fallback`. Keys ignore case. */
export function severityOf(settings: Pick<Settings, 'severity'>, keys: readonly string[], fallback: SeverityOrOff): SeverityOrOff {
  const own = (k: string): SeverityOrOff | undefined => (Object.prototype.hasOwnProperty.call(settings.severity, k) ? settings.severity[k] : undefined);
  // sanitizeSettings stores keys in lower case; settings built in code may not.
  for (const key of keys) {
    const v = own(key) ?? own(key.toLowerCase());
    if (v !== undefined) return v;
  }
  return fallback;
}

/** Severity for an API and class: `api.class`, then `class`, then `api`, then the class default. */
export function severityFor(settings: Pick<Settings, 'severity'>, api: string, errorClass: ErrorClass): SeverityOrOff {
  return severityOf(settings, [`${api}.${errorClass}`, errorClass, api], DEFAULT_SEVERITY[errorClass]);
}
