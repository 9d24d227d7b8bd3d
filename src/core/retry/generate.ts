// Retry-helper code generation: a self-contained helper per language, generated from a RetryPlan, and the
// text that wraps one call in it. Pure: no `vscode`, no Node built-ins.
import { MARKER_TEXT } from './emit';
import { generateGoHelper } from './lang/go';
import { generateJsHelper } from './lang/js';
import { generatePythonHelper } from './lang/python';
import type { RetryPlan } from './plan';

export type RetryLanguage = 'typescript' | 'javascript' | 'python' | 'go';
export type RetryLibrary = 'p-retry' | 'tenacity' | 'backoff' | 'cenkalti';

export const RETRY_LANGUAGES: readonly RetryLanguage[] = ['typescript', 'javascript', 'python', 'go'];

/** Which well-known retry libraries each language can use. */
export const RETRY_LIBRARIES: Readonly<Record<RetryLanguage, readonly RetryLibrary[]>> = {
  typescript: ['p-retry'],
  javascript: ['p-retry'],
  python: ['tenacity', 'backoff'],
  go: ['cenkalti'],
};

export interface RetryHelperOptions {
  /** Use this library (it must suit the language, see RETRY_LIBRARIES); default: standard library only. */
  library?: RetryLibrary;
  /** Major version of github.com/cenkalti/backoff (4: `Retry(op, b)`; 5 and later: `Retry(ctx, op, opts...)`). Default 4. */
  cenkaltiMajor?: number;
}

export interface GeneratedRetryHelper {
  /** `withErrcodeRetry`, `with_errcode_retry` or `WithErrcodeRetry`. */
  helperName: string;
  /** The helper, ending with a newline. Its first line holds the marker. */
  code: string;
  /**
   * Import statements the helper needs, one per item, in the language's own syntax (`import time`,
   * `import "context"`, `import pRetry, { AbortError } from 'p-retry';`). Filter them with missingImports.
   */
  imports: string[];
  /** The marker comment the helper starts with, e.g. `// errcode-retry-helper v2`. */
  marker: string;
}

export const HELPER_NAMES: Readonly<Record<RetryLanguage, string>> = {
  typescript: 'withErrcodeRetry',
  javascript: 'withErrcodeRetry',
  python: 'with_errcode_retry',
  go: 'WithErrcodeRetry',
};

export function markerFor(lang: RetryLanguage): string {
  return `${lang === 'python' ? '#' : '//'} ${MARKER_TEXT}`;
}

export function generateRetryHelper(lang: RetryLanguage, plan: RetryPlan, opts: RetryHelperOptions = {}): GeneratedRetryHelper {
  const library = opts.library;
  if (library && !RETRY_LIBRARIES[lang].includes(library)) {
    throw new Error(`The ${library} variant is not available for ${lang} (choose one of: ${RETRY_LIBRARIES[lang].join(', ') || 'none'}).`);
  }
  let parts: { code: string; imports: string[] };
  switch (lang) {
    case 'typescript':
    case 'javascript':
      parts = generateJsHelper(lang, plan, library === 'p-retry' ? library : undefined);
      break;
    case 'python':
      parts = generatePythonHelper(plan, library === 'tenacity' || library === 'backoff' ? library : undefined);
      break;
    case 'go':
      parts = generateGoHelper(plan, library === 'cenkalti' ? { major: opts.cenkaltiMajor ?? 4 } : undefined);
      break;
  }
  return { helperName: HELPER_NAMES[lang], code: parts.code, imports: parts.imports, marker: markerFor(lang) };
}

const DEFINITION: Readonly<Record<RetryLanguage, RegExp>> = {
  typescript: /\bfunction\s+withErrcodeRetry\b|\b(?:const|let|var)\s+withErrcodeRetry\s*=/,
  javascript: /\bfunction\s+withErrcodeRetry\b|\b(?:const|let|var)\s+withErrcodeRetry\s*=/,
  python: /^\s*(?:async\s+)?def\s+with_errcode_retry\s*\(/m,
  go: /\bfunc\s+WithErrcodeRetry\s*[[(]/,
};

/** True when `text` already holds a retry helper: the marker comment, or a definition of the helper. */
export function hasRetryHelper(text: string, lang: RetryLanguage): boolean {
  const marker = lang === 'python' ? /#\s*errcode-retry-helper v\d+/ : /\/\/\s*errcode-retry-helper v\d+/;
  return marker.test(text) || DEFINITION[lang].test(text);
}

/** Version of the helper present in `text` (from its marker), or undefined. */
export function retryHelperVersion(text: string): number | undefined {
  const m = /errcode-retry-helper v(\d+)/.exec(text);
  return m ? Number(m[1]) : undefined;
}

export interface WrapOptions {
  /** The request's HTTP method, when known (see inferHttpMethod); the helper retries by it (docs/RETRY.md, step 5). */
  method?: string;
  /** Go: the operation's result type; `error` for a call that returns only an error. Default: inferred for net/http calls, else `any`. */
  goResultType?: string;
  /** Go: the context expression to pass. Default: `ctx` when the call mentions it, else `context.TODO()`. */
  goContext?: string;
}

/**
 * Wraps one call expression in the helper. `indent` is the indentation of the line the expression starts
 * on (used for the lines a multi-line result adds). A leading `await` moves outside the wrapper:
 * `await fetchThing()` becomes `await withErrcodeRetry(() => fetchThing())`, while `fetchThing()`
 * becomes `withErrcodeRetry(() => fetchThing())` (still a promise). In Python an awaited call uses
 * `with_errcode_retry_async`.
 */
export function wrapCallInRetry(lang: RetryLanguage, callExpressionText: string, indent: string, opts: WrapOptions = {}): string {
  const raw = callExpressionText.trim();
  const awaited = /^await\s/.test(raw);
  const expr = awaited ? raw.replace(/^await\s+/, '') : raw;
  switch (lang) {
    case 'typescript':
    case 'javascript': {
      const method = opts.method ?? inferHttpMethod(lang, expr);
      const call = `withErrcodeRetry(() => ${expr}${method ? `, { method: '${method}' }` : ''})`;
      return awaited ? `await ${call}` : call;
    }
    case 'python': {
      const method = opts.method ?? inferHttpMethod(lang, expr);
      const kw = method ? `, method="${method}"` : '';
      return awaited ? `await with_errcode_retry_async(lambda: ${expr}${kw})` : `with_errcode_retry(lambda: ${expr}${kw})`;
    }
    case 'go': {
      const ctx = opts.goContext ?? (/\bctx\b/.test(expr) ? 'ctx' : 'context.TODO()');
      const type = opts.goResultType ?? inferGoResultType(expr);
      const body = expr
        .split('\n')
        .map((l, i) => (i === 0 ? l : `\t${l}`))
        .join('\n');
      if (type === 'error') {
        return `DoWithErrcodeRetry(${ctx}, func(context.Context) error {\n${indent}\treturn ${body}\n${indent}})`;
      }
      return `WithErrcodeRetry(${ctx}, func(context.Context) (${type}, error) {\n${indent}\treturn ${body}\n${indent}})`;
    }
  }
}

const METHODS = ['get', 'post', 'put', 'patch', 'delete', 'head', 'options'];

/**
 * The HTTP method of a call, read from its text where the client says it: `fetch(url)` (GET) or
 * `fetch(url, { method: 'POST' })`, `axios.post(…)`, `client.get(…)`, `requests.put(…)`,
 * `session.request("PATCH", …)`, `http.Get(…)`. Undefined when the text does not say (a method held
 * in a variable): the helper then reads it from the failure where the client records it, and
 * otherwise treats the request as not idempotent. Go's helper always reads it from the request.
 */
export function inferHttpMethod(lang: RetryLanguage, callText: string): string | undefined {
  if (lang === 'go') return undefined;
  const text = callText.trim().replace(/^await\s+/, '');
  if (lang === 'typescript' || lang === 'javascript') {
    if (/^(?:globalThis\.|window\.)?fetch\s*\(/.test(text)) {
      const m = /\bmethod\s*:\s*(['"`])(\w+)\1/.exec(text);
      if (m) return m[2].toUpperCase();
      return /\bmethod\s*:/.test(text) || /,\s*\w+\s*\)\s*$/.test(text) ? undefined : 'GET'; // an init held in a variable may set one
    }
  }
  const request = /\brequest\s*\(\s*(['"])(\w+)\1/.exec(text);
  if (request && METHODS.includes(request[2].toLowerCase())) return request[2].toUpperCase();
  const named = /^[\w$.]*?\.?\b(get|post|put|patch|delete|head|options)(?:_async)?\s*\(/i.exec(text);
  if (named && /\./.test(text.slice(0, named.index + named[0].length))) return named[1].toUpperCase();
  return undefined;
}

/** Imports the text from wrapCallInRetry needs in its own file (Go: the closure names context.Context). */
export function wrapImports(lang: RetryLanguage): string[] {
  return lang === 'go' ? ['import "context"'] : [];
}

/** net/http calls return *http.Response; anything else is `any` unless the caller knows better. */
function inferGoResultType(expr: string): string {
  if (/^(?:http\.(?:Get|Head|Post|PostForm)|[\w.]*(?:[cC]lient|http\.DefaultClient)\.(?:Do|Get|Head|Post|PostForm))\(/.test(expr)) return '*http.Response';
  return 'any';
}

/** The imports of `imports` that `text` does not have yet (by module/path, not by exact text). */
export function missingImports(text: string, lang: RetryLanguage, imports: readonly string[]): string[] {
  return imports.filter((statement) => !hasImport(text, lang, statement));
}

function hasImport(text: string, lang: RetryLanguage, statement: string): boolean {
  const esc = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  switch (lang) {
    case 'typescript':
    case 'javascript': {
      const m = /from\s+(['"])([^'"]+)\1/.exec(statement);
      if (!m) return text.includes(statement);
      const mod = esc(m[2]);
      const names = /import\s+(\w+)/.exec(statement)?.[1];
      const imported = new RegExp(`(?:from\\s*|require\\(\\s*|import\\(\\s*)['"]${mod}['"]`).test(text);
      return imported && (!names || new RegExp(`\\b${esc(names)}\\b`).test(text));
    }
    case 'python': {
      const from = /^from\s+(\S+)\s+import\s+(.+)$/.exec(statement.trim());
      if (from) {
        const wanted = from[2].split(',').map((n) => n.trim());
        const have = new Set<string>();
        const re = new RegExp(`^\\s*from\\s+${esc(from[1])}\\s+import\\s+\\(?([^)\\n]+(?:\\n[^)\\n]+)*)\\)?`, 'gm');
        for (let m = re.exec(text); m; m = re.exec(text)) for (const n of m[1].split(/[,\s]+/)) if (n) have.add(n);
        return wanted.every((n) => have.has(n));
      }
      const mod = /^import\s+(\S+)$/.exec(statement.trim())?.[1];
      if (!mod) return text.includes(statement);
      return new RegExp(`^\\s*import\\s+(?:[\\w.]+\\s*,\\s*)*${esc(mod)}\\b(?!\\.)`, 'm').test(text);
    }
    case 'go': {
      const path = /"([^"]+)"/.exec(statement)?.[1];
      if (!path) return text.includes(statement);
      // Inside `import (...)` or as `import "path"`, with or without an alias.
      return new RegExp(`^\\s*(?:import\\s+)?(?:[\\w.]+\\s+)?"${esc(path)}"\\s*$`, 'm').test(text);
    }
  }
}
