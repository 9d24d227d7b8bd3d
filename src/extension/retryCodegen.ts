// The retry code generators, loaded once on first use.
import type * as Codegen from './retryCodegenModule';
import { loadRetryCodegen } from './retryCodegenLoad';

let loaded: typeof Codegen | undefined;

export function retryCodegen(): typeof Codegen {
  return (loaded ??= loadRetryCodegen());
}
