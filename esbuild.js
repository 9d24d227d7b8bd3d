// Build: one esbuild context per target. `--production` minifies, `--watch` rebuilds, `--tests` also
// bundles the unit/integration suites and the benchmark into out/. Type checking is `npm run typecheck`.
const esbuild = require('esbuild');
const fs = require('fs');
const path = require('path');

const production = process.argv.includes('--production');
const watch = process.argv.includes('--watch');
const tests = process.argv.includes('--tests');
/** `--outdir DIR`: the bundles go to DIR instead of dist/ (the unit test of the production bundle). */
const outdirArg = process.argv.indexOf('--outdir');
const distDir = outdirArg >= 0 ? process.argv[outdirArg + 1] : 'dist';
if (!distDir) throw new Error('usage: --outdir <directory>');

/** Prints errors in the `[watch]`/problem-matcher friendly format used by VS Code's esbuild tasks. */
const problemMatcher = {
  name: 'problem-matcher',
  setup(build) {
    build.onStart(() => { if (watch) console.log('[watch] build started'); });
    build.onEnd((result) => {
      for (const { text, location } of result.errors) {
        console.error(`✘ [ERROR] ${text}`);
        if (location) console.error(`    ${location.file}:${location.line}:${location.column}:`);
      }
      if (watch) console.log('[watch] build finished');
    });
  },
};

/**
 * Catalog data files are JSONC for reviewers (comments, one fact per line); the bundles carry them
 * as minified JSON text, which is still valid input for the JSONC reader at run time.
 */
const minifiedCatalogData = {
  name: 'minified-catalog-data',
  setup(build) {
    build.onLoad({ filter: /\.jsonc$/ }, async (args) => {
      const { parse } = require('jsonc-parser');
      const errors = [];
      const value = parse(await fs.promises.readFile(args.path, 'utf8'), errors, { allowTrailingComma: true });
      if (errors.length) return { errors: [{ text: `${args.path}: invalid JSONC (${errors.length} error(s))` }] };
      return { contents: JSON.stringify(value), loader: 'text' };
    });
  },
};

/**
 * `@vscode/l10n` can fetch a bundle by URL (`l10n.config({ uri })`); the extension and the CLI only ever
 * pass the bundle's contents. Its URL reader is replaced by one that refuses, so no bundle holds a
 * network call (Restricted Mode's promise, checked by test/unit/bundles.test.ts). The build fails if
 * a new version of the library no longer has that reader where this expects it.
 */
const l10nWithoutNetwork = {
  name: 'l10n-without-network',
  setup(build) {
    build.onLoad({ filter: /[\\/]@vscode[\\/]l10n[\\/]dist[\\/](main|browser)\.js$/ }, async (args) => {
      const text = await fs.promises.readFile(args.path, 'utf8');
      const reader = /async function readFileFromUri\(uri\) \{[\s\S]*?\n\}\n/;
      if (!reader.test(text)) return { errors: [{ text: `${args.path}: readFileFromUri not found; review the l10n-without-network plugin` }] };
      const contents = text.replace(reader, 'async function readFileFromUri(uri) {\n  throw new Error("errcode passes l10n bundles as contents: " + uri);\n}\n');
      return { contents, loader: 'js' };
    });
  },
};

/**
 * Desktop only: the retry code generators and the user-catalog reader load from their own files on
 * first use (src/extension/*Load.node.ts), so dist/extension.js stays small and activation cheap.
 */
const lazyRetryCodegen = {
  name: 'lazy-retry-codegen',
  setup(build) {
    build.onResolve({ filter: /^\.\/retryCodegenLoad$/ }, (args) => ({ path: path.join(args.resolveDir, 'retryCodegenLoad.node.ts') }));
    build.onResolve({ filter: /^\.\/retry-codegen\.js$/ }, () => ({ path: './retry-codegen.js', external: true }));
    build.onResolve({ filter: /^\.\/catalogFileLoad$/ }, (args) => ({ path: path.join(args.resolveDir, 'catalogFileLoad.node.ts') }));
    build.onResolve({ filter: /^\.\/catalog-file\.js$/ }, () => ({ path: './catalog-file.js', external: true }));
  },
};

const common = {
  bundle: true,
  minify: production,
  sourcemap: !production,
  sourcesContent: false,
  logLevel: 'warning',
  loader: { '.jsonc': 'text' },
  // Test hooks (src/extension/testHooks.ts) exist only outside production: esbuild drops every branch
  // on this constant, so a published bundle holds none of them.
  define: { __TEST_HOOKS__: production ? 'false' : 'true' },
  plugins: [problemMatcher, minifiedCatalogData, l10nWithoutNetwork],
};

function listTs(dir, suffix) {
  if (!fs.existsSync(dir)) return [];
  return fs.readdirSync(dir).filter((f) => f.endsWith(suffix)).map((f) => path.join(dir, f));
}

const targets = [
  // Desktop extension host (Node).
  { ...common, entryPoints: ['src/extension/main.ts'], outfile: `${distDir}/extension.js`, platform: 'node', format: 'cjs', target: 'node20', external: ['vscode'], plugins: [...common.plugins, lazyRetryCodegen] },
  { ...common, entryPoints: ['src/extension/retryCodegenModule.ts'], outfile: `${distDir}/retry-codegen.js`, platform: 'node', format: 'cjs', target: 'node20' },
  { ...common, entryPoints: ['src/core/catalog/catalogFile.ts'], outfile: `${distDir}/catalog-file.js`, platform: 'node', format: 'cjs', target: 'node20' },
  // Web extension host (browser web worker): no Node built-ins may reach this bundle.
  { ...common, entryPoints: ['src/extension/web.ts'], outfile: `${distDir}/web/extension.js`, platform: 'browser', format: 'cjs', target: 'es2022', external: ['vscode'], define: { ...common.define, 'process.env.NODE_ENV': '"production"' } },
  // The errcode CLI.
  { ...common, entryPoints: ['src/cli/main.ts'], outfile: `${distDir}/cli.js`, platform: 'node', format: 'cjs', target: 'node20', banner: { js: '#!/usr/bin/env node' } },
];

if (tests) {
  // A renamed or deleted test must not keep running from an old build.
  if (!watch) fs.rmSync('out/test/unit', { recursive: true, force: true });
  const unit = listTs('test/unit', '.test.ts');
  if (unit.length) targets.push({ ...common, minify: false, sourcemap: true, entryPoints: unit, outdir: 'out/test/unit', platform: 'node', format: 'cjs', target: 'node20' });
  if (fs.existsSync('test/integration/index.ts')) {
    targets.push({ ...common, minify: false, sourcemap: true, entryPoints: ['test/integration/index.ts'], outfile: 'out/test/integration/index.js', platform: 'node', format: 'cjs', target: 'node20', external: ['vscode', 'mocha'] });
  }
  if (fs.existsSync('scripts/bench.ts')) {
    targets.push({ ...common, minify: false, entryPoints: ['scripts/bench.ts'], outfile: 'out/scripts/bench.js', platform: 'node', format: 'cjs', target: 'node20' });
  }
}

/** Ships the catalog schema next to the bundle: `contributes.jsonValidation` points at it. */
function copySchema() {
  fs.mkdirSync(distDir, { recursive: true });
  fs.copyFileSync('src/core/catalog/catalog.schema.json', path.join(distDir, 'catalog.schema.json'));
}

/** `node esbuild.js --one <entry.ts> <outfile.js>`: one file (a test, a script) with the same plugins, for quick runs. */
async function buildOne() {
  const i = process.argv.indexOf('--one');
  const [entry, outfile] = process.argv.slice(i + 1, i + 3);
  if (!entry || !outfile) throw new Error('usage: node esbuild.js --one <entry.ts> <outfile.js>');
  await esbuild.build({ ...common, minify: false, sourcemap: true, entryPoints: [entry], outfile, platform: 'node', format: 'cjs', target: 'node20' });
}

async function main() {
  if (process.argv.includes('--one')) return buildOne();
  copySchema();
  const contexts = await Promise.all(targets.filter((t) => t.entryPoints.every((e) => fs.existsSync(e))).map((t) => esbuild.context(t)));
  if (watch) {
    await Promise.all(contexts.map((c) => c.watch()));
    return;
  }
  try {
    await Promise.all(contexts.map((c) => c.rebuild()));
  } finally {
    await Promise.all(contexts.map((c) => c.dispose()));
  }
}

main().catch((e) => {
  console.error(e instanceof Error ? e.message : e);
  process.exit(1);
});
