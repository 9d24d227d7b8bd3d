// What the built bundles may reach: the web bundle no Node built-ins, no bundle the network, no
// production bundle the test hooks.
// Runs on dist/ as `npm test` builds it.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { test } from 'node:test';

test('the web bundle reaches no Node built-ins', () => {
  const web = fs.readFileSync(path.resolve(__dirname, '../../../dist/web/extension.js'), 'utf8');
  assert.doesNotMatch(web, /require\(["'](node:)?(fs|path|child_process|os|util|buffer|string_decoder|stream)["']\)/);
});

test('no bundle reaches the network', () => {
  // Restricted Mode promises that nothing the extension does reaches the network: no bundle holds a
  // network module or browser network API (the generated retry code is text, not a call).
  for (const bundle of ['extension.js', 'web/extension.js', 'retry-codegen.js', 'catalog-file.js', 'cli.js']) {
    const code = fs.readFileSync(path.resolve(__dirname, '../../../dist', bundle), 'utf8');
    assert.doesNotMatch(code, /require\(["'](node:)?(https?|http2|net|tls|dgram|dns)["']\)|\bfetch\(|XMLHttpRequest|WebSocket|sendBeacon|importScripts/, bundle);
  }
});

test('test hooks are absent from a production build, and present in the test build', () => {
  // The hooks (src/extension/testHooks.ts) sit behind the build-time constant __TEST_HOOKS__, which
  // `esbuild.js --production` defines false: esbuild drops them. Built here into a temporary folder.
  const root = path.resolve(__dirname, '../../..');
  const out = fs.mkdtempSync(path.join(os.tmpdir(), 'errcode-production-'));
  try {
    const build = spawnSync(process.execPath, ['esbuild.js', '--production', '--outdir', out], { cwd: root, encoding: 'utf8' });
    assert.equal(build.status, 0, build.stderr);
    const markers = ['errcode.testHooks', 'holdScan', 'syncScannedChars', 'catalogParses', 'recordPublish', 'recordCatalogCheck', 'pickReady', '__TEST_HOOKS__'];
    for (const bundle of ['extension.js', 'web/extension.js']) {
      const production = fs.readFileSync(path.join(out, bundle), 'utf8');
      for (const m of markers) assert.ok(!production.includes(m), `${m} is in the production ${bundle}`);
      // The same markers in the test build (dist/, as `npm test` builds it) show they name the hook code.
      const testBuild = fs.readFileSync(path.join(root, 'dist', bundle), 'utf8');
      for (const m of markers.filter((x) => x !== '__TEST_HOOKS__')) assert.ok(testBuild.includes(m), `${m} is missing from the test build's ${bundle}`);
    }
  } finally {
    fs.rmSync(out, { recursive: true, force: true });
  }
});
