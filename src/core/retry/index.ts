// Retry-helper generation from the catalog's structured retry data. Pure: no `vscode`, no Node built-ins.
export {
  buildRetryPlan,
  DEFAULT_RETRY_POLICY,
  isRetryableEntry,
  planForApi,
  planForEntry,
  type NoRetryCode,
  type RetryAfterBodyField,
  type RetryCatalog,
  type RetryCodeRule,
  type RetryPlan,
  type RetryPlanPolicy,
  type RetryStatusRule,
} from './plan';
export {
  generateRetryHelper,
  hasRetryHelper,
  HELPER_NAMES,
  markerFor,
  missingImports,
  RETRY_LANGUAGES,
  RETRY_LIBRARIES,
  retryHelperVersion,
  inferHttpMethod,
  wrapCallInRetry,
  wrapImports,
  type GeneratedRetryHelper,
  type RetryHelperOptions,
  type RetryLanguage,
  type RetryLibrary,
  type WrapOptions,
} from './generate';
export { buildSnippetFiles, SNIPPET_FILES, snippetEscape } from './snippets';
export { HELPER_VERSION } from './emit';
