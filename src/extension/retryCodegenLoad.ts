// Web build (and type checking): the retry code generators are bundled in. The desktop build swaps
// this file for retryCodegenLoad.node.ts (see esbuild.js).
import * as codegen from './retryCodegenModule';

export function loadRetryCodegen(): typeof codegen {
  return codegen;
}
