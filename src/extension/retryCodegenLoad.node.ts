// Desktop build: the retry code generators (about 65 KB) live in dist/retry-codegen.js and are
// required on first use, which keeps dist/extension.js small and activation cheap.
import type * as codegen from './retryCodegenModule';

declare const require: (id: string) => unknown;

export function loadRetryCodegen(): typeof codegen {
  return require('./retry-codegen.js') as typeof codegen;
}
