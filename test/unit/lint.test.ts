// The layering is enforced by eslint.config.mjs; this runs that config through ESLint's API on tiny
// in-memory files, so the rule cannot silently disappear (a renamed glob, a config that overrides it).
import assert from 'node:assert/strict';
import { createRequire } from 'node:module';
import * as path from 'node:path';
import { before, describe, test } from 'node:test';
import type { ESLint as ESLintClass, Linter } from 'eslint';

const root = path.resolve(__dirname, '../../..');
// Loaded from the project at run time, not bundled into this test.
const rootRequire = createRequire(path.join(root, 'package.json'));

let eslint: ESLintClass;
before(() => {
  const { ESLint } = rootRequire('eslint') as typeof import('eslint');
  const tseslint = rootRequire('typescript-eslint') as typeof import('typescript-eslint');
  // The probe files do not exist, so the type-aware rules (src/extension, src/cli, src/node) could not
  // find them in the TypeScript project: those rules are switched off here. The layering rules need
  // no types and stay exactly as configured.
  eslint = new ESLint({ cwd: root, overrideConfig: [{ files: ['**/*.ts'], ...tseslint.configs.disableTypeChecked }] as Linter.Config[] });
});

async function lint(relPath: string, code: string): Promise<Linter.LintMessage[]> {
  const [result] = await eslint.lintText(code, { filePath: path.join(root, relPath) });
  return result.messages;
}

/** The messages about a layering rule; anything else (a parse error) fails the test. */
async function layeringErrors(relPath: string, code: string): Promise<string[]> {
  const messages = await lint(relPath, code);
  for (const m of messages) assert.ok(m.ruleId, `${relPath}: ${m.message}`);
  return messages.filter((m) => /^no-restricted-(imports|syntax|globals)$/.test(m.ruleId!)).map((m) => `${m.line}: ${m.ruleId} ${m.message}`);
}

describe('lint: the layering', () => {
  test("src/core: `import * as vscode from 'vscode'` is a restricted-import error", async () => {
    const errors = await layeringErrors('src/core/render/probe.ts', "import * as vscode from 'vscode';\nexport const window = vscode.window;\n");
    assert.equal(errors.length, 1, errors.join('\n'));
    assert.match(errors[0], /^1: no-restricted-imports 'vscode' import is restricted/);
    const typeOnly = await layeringErrors('src/core/engine/probe.ts', "import type { Uri } from 'vscode';\nexport type Where = Uri;\n");
    assert.equal(typeOnly.length, 1, 'a type-only import of vscode is refused too');
  });

  test('src/core: every Node built-in, bare or node:, and the edges are refused', async () => {
    const sources = ['node:fs', 'fs', 'fs/promises', 'path', 'os', 'child_process', 'zlib', 'worker_threads', 'util', 'crypto', 'stream', 'buffer', 'url', 'events', 'node:test', '../../extension/config', '../../node/input', '../../cli/format', '../extension'];
    const code = sources.map((s, i) => `import * as m${i} from '${s}';`).join('\n') + `\nexport const all = [${sources.map((_, i) => `m${i}`).join(', ')}];\n`;
    const errors = await layeringErrors('src/core/catalog/probe.ts', code);
    assert.deepEqual(errors.map((e) => Number(e.split(':')[0])), sources.map((_, i) => i + 1), errors.join('\n'));
    for (const e of errors) assert.match(e, /no-restricted-imports/);
  });

  test("src/core: `import('node:fs')`, `require('fs')` and Node's globals are refused", async () => {
    const errors = await layeringErrors('src/core/engine/probe.ts', "export const a = () => import('node:fs');\nexport const b = process.env;\nexport const c = Buffer.from('x');\nexport const d = require('fs');\n");
    assert.deepEqual(errors.map((e) => e.split(' ')[0] + ' ' + e.split(' ')[1]), ['1: no-restricted-syntax', '2: no-restricted-globals', '3: no-restricted-globals', '4: no-restricted-globals']);
  });

  test('src/core: imports inside the core and its packages are fine', async () => {
    const messages = await lint('src/core/render/probe.ts', "import { parse } from 'jsonc-parser/lib/esm/main.js';\nimport { scanText } from '../engine/scan';\nimport type { Finding } from '../engine/finding';\nexport const use = (f: Finding): unknown => [parse, scanText, f];\n");
    assert.deepEqual(messages, []);
  });

  test('src/node and src/cli may not import vscode; src/extension may', async () => {
    const code = "import * as vscode from 'vscode';\nexport const v = vscode;\n";
    for (const p of ['src/node/probe.ts', 'src/cli/probe.ts']) {
      const errors = await layeringErrors(p, code);
      assert.equal(errors.length, 1, `${p}: ${errors.join('\n')}`);
      assert.match(errors[0], /'vscode' import is restricted/);
    }
    assert.deepEqual(await layeringErrors('src/extension/probe.ts', code), []);
    assert.deepEqual(await layeringErrors('src/node/probe.ts', "import * as fs from 'node:fs';\nexport const f = fs;\n"), [], 'src/node is where Node code goes');
  });
});
