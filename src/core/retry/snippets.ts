// VS Code snippet files (snippets/<language>.json) holding the same retry helpers the quick fixes insert,
// generated from a catalog. scripts/gen-snippets.ts writes them; a unit test keeps them from going stale.
// Pure: no `vscode`, no Node built-ins.
import { generateRetryHelper, RETRY_LANGUAGES, RETRY_LIBRARIES, type RetryLanguage, type RetryLibrary } from './generate';
import { buildRetryPlan, planForApi, type RetryCatalog } from './plan';

interface Snippet {
  prefix: string;
  description: string;
  body: string[];
}

/** Paths (relative to the extension root) of the snippet files, by VS Code language id. */
export const SNIPPET_FILES: Readonly<Record<RetryLanguage, string>> = {
  typescript: 'snippets/typescript.json',
  javascript: 'snippets/javascript.json',
  python: 'snippets/python.json',
  go: 'snippets/go.json',
};

/** Escapes text for a snippet body: `$` and `\` are special there. */
export function snippetEscape(text: string): string {
  return text.replace(/[\\$]/g, (c) => `\\${c}`);
}

/** The snippet files' contents, keyed by path (see SNIPPET_FILES). */
export function buildSnippetFiles(catalog: RetryCatalog): Record<string, string> {
  const files: Record<string, string> = {};
  for (const lang of RETRY_LANGUAGES) files[SNIPPET_FILES[lang]] = `${JSON.stringify(snippetsFor(lang, catalog), null, 2)}\n`;
  return files;
}

function snippetsFor(lang: RetryLanguage, catalog: RetryCatalog): Record<string, Snippet> {
  const out: Record<string, Snippet> = {};
  const all = buildRetryPlan(catalog.entries, catalog.apis);
  const helper = (plan: typeof all, library?: RetryLibrary) => {
    const h = generateRetryHelper(lang, plan, { library });
    return bodyLines(lang, h.imports, h.code);
  };
  out['Retry helper (all APIs)'] = {
    prefix: 'errcode-retry',
    description: `${helperName(lang)}: retries what the error catalog calls transient (all APIs), with exponential backoff, full jitter and Retry-After.`,
    body: helper(all),
  };
  for (const api of catalog.apis) {
    out[`Retry helper (${api.name})`] = {
      prefix: `errcode-retry-${api.id}`,
      description: `${helperName(lang)} for the ${api.name}: retries what the catalog calls transient, with exponential backoff and full jitter.`,
      body: helper(planForApi(api.id, catalog)),
    };
  }
  for (const library of RETRY_LIBRARIES[lang]) {
    out[`Retry helper using ${library} (all APIs)`] = {
      prefix: `errcode-retry-${library}`,
      description: `${helperName(lang)} on top of ${library === 'cenkalti' ? 'github.com/cenkalti/backoff/v4' : library}, with the catalog's retry rules.`,
      body: helper(all, library),
    };
  }
  out['Wrap a call in the retry helper'] = { prefix: 'errcode-wrap', description: 'Calls an API through the errcode retry helper.', body: wrapBody(lang) };
  return out;
}

function helperName(lang: RetryLanguage): string {
  return lang === 'python' ? 'with_errcode_retry' : lang === 'go' ? 'WithErrcodeRetry' : 'withErrcodeRetry';
}

/**
 * Snippet lines: imports first where the language allows them anywhere at top level (TS/JS, Python);
 * Go imports must precede declarations, so the Go snippet names them in a comment instead.
 */
function bodyLines(lang: RetryLanguage, imports: string[], code: string): string[] {
  const lines = code.replace(/\n$/, '').split('\n');
  let head: string[];
  if (lang === 'go') {
    head = ['// Needs these imports:', ...imports.map((i) => `//   ${i.replace(/^import /, '')}`)];
  } else {
    head = imports;
  }
  return [...head, ...(head.length ? [''] : []), ...lines].map(snippetEscape);
}

function wrapBody(lang: RetryLanguage): string[] {
  switch (lang) {
    case 'typescript':
    case 'javascript':
      return ["await withErrcodeRetry(() => ${1:api.getRun(id)}, { method: '${2:GET}' })$0"];
    case 'python':
      return ['with_errcode_retry(lambda: ${1:fetch_thing()}, method="${2:GET}")$0'];
    case 'go':
      return ['${1:resp}, ${2:err} := WithErrcodeRetry(${3:ctx}, func(context.Context) (${4:*http.Response}, error) {', '\treturn ${5:client.Do(req)}', '})$0'];
  }
}
