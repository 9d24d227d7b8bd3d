// Everything quick fixes need to generate retry code, as one module: the desktop build ships it as
// its own file (dist/retry-codegen.js), loaded on the first quick fix, not at activation.
export * from '../core/retry';
export * from '../core/retry/edits';
