// ESLint: correctness rules (ESLint's and typescript-eslint's recommended sets) and the layering the
// architecture depends on. No stylistic rules: formatting is not lint's job here.
//
// The layers (ARCHITECTURE.md): src/core is pure, it runs in the extension host, a browser web
// worker and the CLI, so it imports neither `vscode` nor any Node built-in nor the edges built on it
// (src/extension, src/cli, src/node); src/node and src/cli run outside VS Code, so no `vscode` there.
// test/unit/lint.test.ts runs this config on an in-memory core file, so the rule cannot silently go.
import js from '@eslint/js';
import { builtinModules } from 'node:module';
import { defineConfig, globalIgnores } from 'eslint/config';
import tseslint from 'typescript-eslint';

/** Every Node built-in by its bare name (`fs`, `fs/promises`, `worker_threads`, …); `node:*` is a pattern below. */
const NODE_BUILTINS = builtinModules.filter((m) => !m.startsWith('_'));

const NO_VSCODE = { name: 'vscode', message: 'Only src/extension may import vscode: the core, the CLI and src/node run outside VS Code.' };

const CORE_IMPORTS = {
  paths: [
    { ...NO_VSCODE, message: 'src/core is pure (it runs in a browser web worker and the CLI too): no vscode. Take what you need as a parameter.' },
    ...NODE_BUILTINS.map((name) => ({ name, message: `src/core is pure (it runs in a browser web worker too): no Node built-ins (${name}). Node-only code goes in src/node.` })),
  ],
  patterns: [
    { group: ['node:*'], message: 'src/core is pure (it runs in a browser web worker too): no Node built-ins. Node-only code goes in src/node.' },
    // Relative paths that climb out into an edge (`../../extension/config`, `../../node/input`).
    { regex: '^\\.{1,2}/(?:.*/)?(?:extension|cli|node)(?:/|$)', message: 'src/core may not import from src/extension, src/cli or src/node: the edges depend on the core, never the other way.' },
  ],
};

/** Node's own globals, for the .mjs/.js scripts (TypeScript files get theirs from @types/node). */
const NODE_GLOBALS = Object.fromEntries(
  ['process', 'console', 'Buffer', 'URL', 'URLSearchParams', 'setTimeout', 'clearTimeout', 'setInterval', 'clearInterval', 'setImmediate', 'clearImmediate', 'queueMicrotask', 'structuredClone', 'AbortController', 'AbortSignal', 'TextDecoder', 'TextEncoder', 'fetch', 'performance', 'globalThis', '__dirname', '__filename', 'require', 'module', 'exports'].map((g) => [g, 'readonly']),
);

export default defineConfig(
  globalIgnores(['dist/', 'out/', 'node_modules/', '.vscode-test/', 'test-results/', 'samples/', 'test/fixtures/', 'snippets/', 'media/', 'docs/', '**/*.vsix']),

  {
    files: ['src/**/*.ts', 'test/**/*.ts', 'scripts/**/*.ts', 'test/**/*.mjs', 'scripts/**/*.mjs', 'eslint.config.mjs', 'esbuild.js'],
    extends: [js.configs.recommended],
    linterOptions: { reportUnusedDisableDirectives: 'error' },
    rules: {
      // `for (let [from, to] of …)` where only `from` changes is one binding list, not a missed const.
      'prefer-const': ['error', { destructuring: 'all' }],
      'no-unused-vars': ['error', { ignoreRestSiblings: true }],
      // Off: matching control characters is the point of several regexes here (ANSI colours, terminal
      // sanitising, the separators Ansible's YAML callback folds on).
      'no-control-regex': 'off',
    },
  },

  {
    files: ['**/*.ts'],
    extends: [tseslint.configs.recommended],
    rules: {
      // `_`-prefixed parameters and destructured leftovers are deliberate (callback signatures).
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrors: 'none', ignoreRestSiblings: true }],
    },
  },

  // Type-aware rules where a dropped promise is a real bug: the editor edge (an unhandled rejection
  // in a provider, an async listener VS Code does not await), the CLI and Node input, and the tests
  // (an assertion in a floating promise is a test that cannot fail).
  {
    files: ['src/extension/**/*.ts', 'src/cli/**/*.ts', 'src/node/**/*.ts', 'test/**/*.ts'],
    languageOptions: { parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname } },
    rules: {
      // node:test's test()/describe() return promises the runner itself awaits.
      '@typescript-eslint/no-floating-promises': ['error', { allowForKnownSafeCalls: [{ from: 'package', package: 'node:test', name: ['test', 'describe', 'it', 'suite'] }] }],
      '@typescript-eslint/no-misused-promises': 'error',
      '@typescript-eslint/await-thenable': 'error',
    },
  },

  {
    files: ['**/*.mjs', '**/*.js'],
    languageOptions: { ecmaVersion: 2024, sourceType: 'module', globals: NODE_GLOBALS },
  },
  { files: ['esbuild.js'], languageOptions: { sourceType: 'commonjs' } },
  // Functions the UI suite hands to page.evaluate() run in the workbench page.
  { files: ['test/e2e/**/*.mjs'], languageOptions: { globals: { window: 'readonly', document: 'readonly', NodeFilter: 'readonly' } } },

  // The layering.
  {
    files: ['src/core/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', CORE_IMPORTS],
      // What import rules cannot see: `import('node:fs')`, and Node's globals (`require('fs')` among them).
      'no-restricted-syntax': [
        'error',
        { selector: 'ImportExpression', message: 'src/core imports statically: a dynamic import() is how Node built-ins and edges sneak in.' },
      ],
      'no-restricted-globals': ['error', ...['process', 'Buffer', '__dirname', '__filename', 'require', 'module', 'global', 'setImmediate'].map((name) => ({ name, message: `src/core is pure: ${name} is Node's (it does not exist in a browser web worker).` }))],
    },
  },
  {
    files: ['src/node/**/*.ts', 'src/cli/**/*.ts'],
    rules: { 'no-restricted-imports': ['error', { paths: [NO_VSCODE] }] },
  },
);
