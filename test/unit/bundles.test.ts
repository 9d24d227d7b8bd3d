// What the built bundles may reach: the web bundle no Node built-ins, no bundle the network.
// Runs on dist/ as `npm test` builds it.
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
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
