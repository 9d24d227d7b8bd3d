// Where the retry quick fixes put their text: after the imports, imports merged (Go: into the
// `import (...)` block, grouped and sorted), the document's indentation and line endings kept, nothing
// inserted twice, and the result still parses (TypeScript/JavaScript by the compiler's parser, Python
// by py_compile, Go by gofmt: required, see support/tools.ts).
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import { createRequire } from 'node:module';
import * as os from 'node:os';
import * as path from 'node:path';
import { describe, test } from 'node:test';
import { loadBuiltinCatalog } from '../../src/core/catalog/catalog';
import { buildRetryPlan, planForApi, planForEntry, type RetryLanguage } from '../../src/core/retry';
import {
  callToWrap,
  detectIndentUnit,
  helperInsertionEdits,
  librariesInManifest,
  reindent,
  retryLanguageOf,
  wrapEdits,
  type OffsetEdit,
  type TextStyle,
} from '../../src/core/retry/edits';
import { PYTHON, requireTool } from './support/tools';

const catalog = loadBuiltinCatalog();
const plan = planForEntry(catalog.findCode('WF_1103')!, catalog);
const LF: TextStyle = { eol: '\n', indent: '  ' };

function apply(text: string, edits: readonly OffsetEdit[]): string {
  let out = text;
  for (const e of [...edits].sort((a, b) => b.start - a.start)) out = out.slice(0, e.start) + e.text + out.slice(e.end);
  return out;
}

function insert(text: string, lang: RetryLanguage, style: TextStyle = LF, library?: 'p-retry' | 'tenacity' | 'backoff' | 'cenkalti'): string {
  const r = helperInsertionEdits(text, lang, plan, style, { library });
  assert.ok(r, 'an insertion');
  return apply(text, r.edits);
}

const requireFromHere = createRequire(__filename);
function tsSyntaxErrors(text: string, fileName: string): string[] {
  const ts = requireFromHere('typescript') as typeof import('typescript');
  const out = ts.transpileModule(text, { fileName, reportDiagnostics: true, compilerOptions: { target: ts.ScriptTarget.ES2022 } });
  return (out.diagnostics ?? []).map((d) => ts.flattenDiagnosticMessageText(d.messageText, '\n'));
}

const requirePython = (): void => void requireTool(PYTHON, ['--version'], 'python3');
const requireGofmt = (): void => void requireTool('gofmt', ['-l'], 'golang-go', 'package x\n');

function checkWith(cmd: string, args: (file: string) => string[], text: string, ext: string): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'errcode-edit-'));
  const file = path.join(dir, `check${ext}`);
  fs.writeFileSync(file, text);
  try {
    const r = spawnSync(cmd, args(file), { encoding: 'utf8' });
    if (r.error) throw r.error;
    return r.status === 0 ? '' : `${r.stdout}${r.stderr}`;
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

describe('indentation and line endings', () => {
  test('detects the unit a file uses', () => {
    assert.equal(detectIndentUnit('a {\n  b {\n    c\n  }\n}\n'), '  ');
    assert.equal(detectIndentUnit('def f():\n    if x:\n        y\n'), '    ');
    assert.equal(detectIndentUnit('func f() {\n\tx()\n\tif y {\n\t\tz()\n\t}\n}\n'), '\t');
    assert.equal(detectIndentUnit('/**\n * doc\n */\nconst a = 1;\n'), undefined);
    assert.equal(detectIndentUnit('x = 1\n'), undefined);
  });

  test('re-indents leading whitespace only, keeping a block comment’s extra space', () => {
    assert.equal(reindent('a {\n  /**\n   * x  y\n   */\n    b\n}', '  ', '\t'), 'a {\n\t/**\n\t * x  y\n\t */\n\t\tb\n}');
    assert.equal(reindent('if x:\n    y = "  a"\n', '    ', '  '), 'if x:\n  y = "  a"\n');
  });
});

describe('helper insertion', () => {
  test('TypeScript: after the import block, blank lines around, once', () => {
    const text = "import { a } from './a';\nimport {\n  b,\n} from './b';\n\nexport async function f() {\n  return a(b);\n}\n";
    const out = insert(text, 'typescript');
    assert.ok(out.startsWith("import { a } from './a';\nimport {\n  b,\n} from './b';\n\n// errcode-retry-helper v2"), out.slice(0, 200));
    assert.ok(out.includes('\n}\n\nexport async function f() {'), 'one blank line before the code');
    assert.equal(helperInsertionEdits(out, 'typescript', plan, LF), undefined, 'second time: nothing to do');
    assert.deepEqual(tsSyntaxErrors(out, 'f.ts'), []);
  });

  test('TypeScript p-retry variant: the import joins the others', () => {
    const text = "import { a } from './a';\n\nexport const x = a();\n";
    const out = insert(text, 'typescript', LF, 'p-retry');
    assert.ok(out.startsWith("import { a } from './a';\nimport pRetry, { AbortError } from 'p-retry';\n\n// errcode-retry-helper"), out.slice(0, 200));
    assert.deepEqual(tsSyntaxErrors(out, 'f.ts'), []);
  });

  test('no imports: after a shebang, directive and license header; a file with no final newline', () => {
    const text = "#!/usr/bin/env node\n'use strict';\n// License: MIT\n\n/** Docs of main. */\nfunction main() {}\nmain();";
    const out = insert(text, 'javascript');
    assert.ok(out.startsWith("#!/usr/bin/env node\n'use strict';\n// License: MIT\n\n// errcode-retry-helper"), out.slice(0, 120));
    assert.ok(out.includes('\n\n/** Docs of main. */\nfunction main() {}\nmain();'), 'the doc comment stays with its function');
    const bare = insert("import x from 'x';", 'javascript');
    assert.ok(bare.startsWith("import x from 'x';\n\n// errcode-retry-helper"));
    assert.deepEqual(tsSyntaxErrors(out.replace(/^#!.*\n/, ''), 'f.js'), []);
  });

  test('CRLF and tabs are kept', () => {
    const text = "import { a } from './a';\r\n\r\nexport function f() {\r\n\treturn a();\r\n}\r\n";
    const out = insert(text, 'typescript', { eol: '\r\n', indent: '\t' });
    assert.equal(/(^|[^\r])\n/.test(out), false, 'no lone LF');
    assert.ok(/\r\n\tmaxAttempts: 5,\r\n/.test(out), 'tab-indented helper');
    assert.equal(/^ {2}\S/m.test(out), false, 'no 2-space indentation left');
    assert.deepEqual(tsSyntaxErrors(out, 'f.ts'), []);
  });

  test('Python: imports merged, two blank lines around the helper, compiles (also tab-indented)', () => {
    requirePython();
    const text = '"""Module docs."""\nimport json\nfrom typing import Any\n\n\ndef f(x: Any) -> str:\n    return json.dumps(x)\n';
    const out = insert(text, 'python', { eol: '\n', indent: '    ' });
    assert.ok(out.startsWith('"""Module docs."""\nimport json\nfrom typing import Any\nimport asyncio\n'), out.slice(0, 200));
    assert.equal((out.match(/^import json$/gm) ?? []).length, 1, 'json is not imported twice');
    assert.ok(/\n\n\n# errcode-retry-helper v2/.test(out));
    assert.equal(helperInsertionEdits(out, 'python', plan, LF), undefined);
    assert.equal(checkWith(PYTHON, (f) => ['-m', 'py_compile', f], out, '.py'), '');
    const tabbed = 'import json\n\n\ndef f(x):\n\tif x:\n\t\treturn json.dumps(x)\n';
    const outTabs = insert(tabbed, 'python', { eol: '\n', indent: '\t' });
    assert.equal(/^ {4}/m.test(outTabs.replace(/"""[\s\S]*?"""/g, '')), false);
    assert.equal(checkWith(PYTHON, (f) => ['-m', 'py_compile', f], outTabs, '.py'), '');
  });

  test('Go: imports merged into the block in goimports order, helper after it; gofmt accepts it', () => {
    requireGofmt();
    const text = 'package client\n\nimport (\n\t"fmt"\n\t"net/http"\n\n\t"example.com/lib"\n)\n\nfunc Get(c *http.Client) error {\n\tfmt.Println(lib.X)\n\treturn nil\n}\n';
    const out = insert(text, 'go', { eol: '\n', indent: '\t' }, 'cenkalti');
    const block = /import \(\n([\s\S]*?)\n\)/.exec(out)![1];
    assert.equal(block.split('\n\n').length, 2, 'still two groups');
    const [std, mods] = block.split('\n\n').map((g) => g.split('\n').map((l) => l.trim()));
    assert.deepEqual(std, [...std].sort());
    assert.ok(std.includes('"context"') && std.includes('"time"') && std.includes('"fmt"'));
    assert.deepEqual(mods, ['"example.com/lib"', '"github.com/cenkalti/backoff/v4"']);
    assert.equal((out.match(/import \(/g) ?? []).length, 1, 'one import block');
    assert.equal(checkWith('gofmt', (f) => ['-e', '-l', f], out, '.go'), '');
    const formatted = spawnSync('gofmt', [], { input: out, encoding: 'utf8' }).stdout;
    assert.equal(formatted, out, 'already gofmt-clean');
  });

  test('Go: no imports, single-line imports', () => {
    requireGofmt();
    for (const text of ['package main\n\nfunc main() {}\n', 'package main\n\nimport "fmt"\n\nfunc main() { fmt.Println() }\n']) {
      const out = insert(text, 'go', { eol: '\n', indent: '\t' });
      assert.equal(checkWith('gofmt', (f) => ['-e', '-l', f], out, '.go'), '', out.slice(0, 400));
    }
  });
});

describe('calls to wrap', () => {
  const at = (text: string, marker = '|') => {
    const i = text.indexOf(marker);
    return { text: text.slice(0, i) + text.slice(i + 1), offset: i };
  };
  const wrapped = (lang: RetryLanguage, src: string): string | undefined => {
    const { text, offset } = at(src);
    return callToWrap(text, lang, offset, offset)?.text;
  };

  test('the awaited call on the cursor line, by balanced parentheses', () => {
    assert.equal(wrapped('typescript', 'const r = await cli|ent.get(`/x/${id}`, { a: f(1) });\n'), 'await client.get(`/x/${id}`, { a: f(1) })');
    assert.equal(wrapped('typescript', 'const r = await fetch(url, {\n  method: "POST",\n|});\n'), undefined, 'the line holds no call start');
    assert.equal(wrapped('typescript', '|const r = await fetch(url, {\n  method: "POST",\n});\n'), 'await fetch(url, {\n  method: "POST",\n})');
    assert.equal(wrapped('typescript', 'if (ok(x)) { retur|n load(x).then(parse); }'), 'load(x).then(parse)');
    assert.equal(wrapped('typescript', 'a(1); b|(2);'), 'b(2)');
    assert.equal(wrapped('typescript', 'async function lo|ad(id: string): Promise<void> {'), undefined);
    assert.equal(wrapped('typescript', '  method(x: number): void {|'), undefined);
    assert.equal(wrapped('typescript', 'const r = await withErrcodeRetry(() => fe|tch(u));'), undefined, 'already wrapped');
    assert.equal(wrapped('typescript', '// fetch(|x)'), undefined, 'comments are not code');
    assert.equal(wrapped('python', 'resp = requests.get(url, timeout=5)  # get(|)'), 'requests.get(url, timeout=5)');
    assert.equal(wrapped('python', 'def fe|tch(url):'), undefined);
    assert.equal(wrapped('go', '\tresp, err := c.Do(re|q)'), 'c.Do(req)');
    assert.equal(wrapped('go', 'func (c *Client) G|et(ctx context.Context) error {'), undefined);
  });

  test('a selection must be exactly one call', () => {
    const text = 'const r = await fetch(url);\n';
    const s = text.indexOf('await');
    assert.equal(callToWrap(text, 'typescript', s, text.indexOf(';') + 1)?.text, 'await fetch(url)');
    assert.equal(callToWrap(text, 'typescript', 0, text.indexOf(';')), undefined);
  });

  test('wrap edits: TypeScript with the helper, Python, Go with context; one list of edits', () => {
    const ts = "import x from 'x';\n\nexport async function f(u: string) {\n  const r = await fetch(u);\n  return r;\n}\n";
    const call = callToWrap(ts, 'typescript', ts.indexOf('fetch'), ts.indexOf('fetch'))!;
    const out = apply(ts, wrapEdits(ts, 'typescript', call, planForApi('workflows', catalog), LF));
    assert.ok(out.includes("  const r = await withErrcodeRetry(() => fetch(u), { method: 'GET' });\n"));
    assert.equal((out.match(/errcode-retry-helper v2/g) ?? []).length, 1);
    assert.deepEqual(tsSyntaxErrors(out, 'f.ts'), []);
    // A second call in the same file: only the call changes.
    const again = out.replace('return r;', 'return fetch(u);');
    const second = callToWrap(again, 'typescript', again.indexOf('return fetch'), again.indexOf('return fetch'))!;
    const edits = wrapEdits(again, 'typescript', second, planForApi('workflows', catalog), LF);
    assert.equal(edits.length, 1);

    const go = 'package c\n\nimport "net/http"\n\nfunc Get(client *http.Client, req *http.Request) error {\n\tresp, err := client.Do(req)\n\tif err != nil {\n\t\treturn err\n\t}\n\treturn resp.Body.Close()\n}\n';
    const goCall = callToWrap(go, 'go', go.indexOf("client.Do"), go.indexOf("client.Do"))!;
    const goOut = apply(go, wrapEdits(go, 'go', goCall, buildRetryPlan(catalog.entries, catalog.apis), { eol: '\n', indent: '\t' }));
    assert.ok(goOut.includes('\tresp, err := WithErrcodeRetry(context.TODO(), func(context.Context) (*http.Response, error) {\n\t\treturn client.Do(req)\n\t})\n'), goOut);
    requireGofmt();
    assert.equal(checkWith('gofmt', (f) => ['-e', '-l', f], goOut, '.go'), '');
    // A receiver the file declares as *http.Client: the result is still *http.Response.
    const short = go.replace(/client/g, 'c');
    const shortCall = callToWrap(short, 'go', short.indexOf('c.Do'), short.indexOf('c.Do'))!;
    assert.match(apply(short, wrapEdits(short, 'go', shortCall, plan, { eol: '\n', indent: '\t' })), /WithErrcodeRetry\(context\.TODO\(\), func\(context\.Context\) \(\*http\.Response, error\)/);
    // `err := f()`: an operation that returns only an error.
    const errOnly = 'package c\n\nfunc run() error {\n\terr := send(ctx)\n\treturn err\n}\n';
    const errCall = callToWrap(errOnly, 'go', errOnly.indexOf('send'), errOnly.indexOf('send'))!;
    assert.match(apply(errOnly, wrapEdits(errOnly, 'go', errCall, plan, { eol: '\n', indent: '\t' })), /\terr := DoWithErrcodeRetry\(ctx, func\(context\.Context\) error \{\n\t\treturn send\(ctx\)\n\t\}\)/);
  });
});

describe('retry libraries in manifests', () => {
  test('p-retry, tenacity, backoff, cenkalti/backoff with its major version', () => {
    assert.deepEqual(librariesInManifest('package.json', '{"dependencies":{"p-retry":"^6.2.0"}}'), [{ library: 'p-retry' }]);
    assert.deepEqual(librariesInManifest('package.json', '{"dependencies":{"p-retry-x":"1"}}'), []);
    assert.deepEqual(librariesInManifest('package.json', '{ broken'), []);
    assert.deepEqual(librariesInManifest('requirements.txt', 'requests==2.31\ntenacity>=8.2 # retries\n'), [{ library: 'tenacity' }]);
    assert.deepEqual(librariesInManifest('requirements-dev.txt', '# backoff is not used\nbackoffice==1\n'), []);
    assert.deepEqual(librariesInManifest('pyproject.toml', '[project]\ndependencies = ["httpx", "backoff>=2"]\n'), [{ library: 'backoff' }]);
    assert.deepEqual(librariesInManifest('Pipfile', '[packages]\ntenacity = "*"\n'), [{ library: 'tenacity' }]);
    assert.deepEqual(librariesInManifest('go.mod', 'module x\n\nrequire (\n\tgithub.com/cenkalti/backoff/v5 v5.0.2\n)\n'), [{ library: 'cenkalti', major: 5 }]);
    assert.deepEqual(librariesInManifest('go.mod', 'module x\nrequire github.com/cenkalti/backoff/v4 v4.3.0\n'), [{ library: 'cenkalti', major: 4 }]);
    assert.deepEqual(librariesInManifest('go.mod', 'module x\nrequire github.com/cenkalti/backoff v2.2.1+incompatible\n'), []);
  });

  test('language ids', () => {
    assert.equal(retryLanguageOf('typescriptreact'), 'typescript');
    assert.equal(retryLanguageOf('javascriptreact'), 'javascript');
    assert.equal(retryLanguageOf('rust'), undefined);
  });
});
