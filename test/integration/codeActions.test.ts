// Retry quick fixes through the real API: vscode.executeCodeActionProvider on fixtures under
// test/fixtures/workspace/retry/, applied as the light bulb applies them, then checked: the helper is
// there once, a second request offers nothing, the file still parses in its language (TypeScript's own
// parser, python3 -m py_compile, gofmt), line endings and tabs are kept, and one undo restores the text
// byte for byte. Every test reverts what it changed (closeAllEditors reverts dirty documents).
import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import { createRequire } from 'node:module';
import * as os from 'node:os';
import * as path from 'node:path';
import { suite, suiteSetup, suiteTeardown, teardown, test } from 'mocha';
import * as vscode from 'vscode';
import type { Finding } from '../../src/core/engine/finding';
import type { ErrcodeApi } from '../../src/extension/activate';
import { offersRetry as retryCodegenOffers } from '../../src/core/retry/edits';
import { RetryCodeActionProvider, RetryLibraryIndex, type RetryCommandResult } from '../../src/extension/features/codeActions';
import { hoverLinks } from '../../src/extension/features/hover';
import { applyCodeAction, closeAllEditors, codeActionsAt, fixtureUri, getExtension, driveQuickPicks, openFixture, recordMetric, waitFor, waitForDiagnostics } from './util';

const ours = (d: readonly vscode.Diagnostic[]): vscode.Diagnostic[] => d.filter((x) => x.source === 'errcode');
/** The diagnostic's rule id (its `code`: `errcode/unknown-code`, `errcode/missing-retry`, `workflows/WF_1103`). */
const ruleOf = (d: vscode.Diagnostic): string | undefined => (typeof d.code === 'object' ? String(d.code.value) : undefined);
/** Our diagnostic of `rule` on the text `token`. */
const isOn = (doc: vscode.TextDocument, d: vscode.Diagnostic, rule: string, token: string): boolean => ruleOf(d) === rule && doc.getText(d.range) === token;

/** The range of the first occurrence of `token` in the document. */
function rangeOf(doc: vscode.TextDocument, token: string): vscode.Range {
  const at = doc.getText().indexOf(token);
  assert.ok(at >= 0, `"${token}" is not in ${doc.uri.path}`);
  return new vscode.Range(doc.positionAt(at), doc.positionAt(at + token.length));
}

function count(text: string, re: RegExp): number {
  return (text.match(new RegExp(re.source, re.flags.includes('g') ? re.flags : `${re.flags}g`)) ?? []).length;
}

function hasCommand(cmd: string): boolean {
  return spawnSync('which', [cmd]).status === 0;
}

/** Writes `text` to a temp file and runs `cmd` on it: '' when it accepts it, else its output. */
function checkFile(cmd: string, args: (file: string) => string[], text: string, ext: string): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'errcode-it-'));
  const file = path.join(dir, `check${ext}`);
  fs.writeFileSync(file, text);
  try {
    const r = spawnSync(cmd, args(file), { encoding: 'utf8', timeout: 30_000 });
    return r.status === 0 ? '' : `${r.stdout}${r.stderr}` || `exit ${r.status}`;
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

/**
 * Syntax errors of `text` in its language, or undefined when no checker is at hand. TypeScript and
 * JavaScript go through the repo's `typescript` package (the extension host is Node), JavaScript falls
 * back to `new Function`; Python to `python3 -m py_compile`; Go to `gofmt -e`.
 */
function syntaxErrors(languageId: string, text: string): string[] | undefined {
  if (languageId === 'typescript' || languageId === 'javascript') {
    try {
      const ts = createRequire(path.resolve(__dirname, '../../../package.json'))('typescript') as typeof import('typescript');
      const out = ts.transpileModule(text, { fileName: languageId === 'typescript' ? 'check.ts' : 'check.js', reportDiagnostics: true, compilerOptions: { target: ts.ScriptTarget.ES2022, module: ts.ModuleKind.ESNext } });
      return (out.diagnostics ?? []).map((d) => ts.flattenDiagnosticMessageText(d.messageText, '\n'));
    } catch (e) {
      if (languageId !== 'javascript') return undefined;
      try {
        // An ES module's import/export lines are not function-body syntax: leave them out.
        new Function(text.replace(/^\s*(?:import\s.*|export\s+(?=async|function|const|let|class))/gm, ''));
        return [];
      } catch (syntax) {
        return [String(syntax)];
      }
    }
  }
  if (languageId === 'python') return hasCommand('python3') ? [checkFile('python3', (f) => ['-m', 'py_compile', f], text, '.py')].filter(Boolean) : undefined;
  if (languageId === 'go') return hasCommand('gofmt') ? [checkFile('gofmt', (f) => ['-e', '-l', f], text, '.go')].filter(Boolean) : undefined;
  return undefined;
}

async function undoUntil(doc: vscode.TextDocument, expected: string): Promise<void> {
  await vscode.window.showTextDocument(doc, { preview: false });
  await vscode.commands.executeCommand('undo');
  await waitFor(() => doc.getText() === expected, { timeoutMs: 5000, message: `undo to restore ${path.basename(doc.uri.path)}` });
}

const HELPER_MARKER = /errcode-retry-helper v2/;

let api: ErrcodeApi;

/** The provider's own answer with the document's real diagnostics as context (for `diagnostics`). */
async function provideDirectly(doc: vscode.TextDocument, range: vscode.Range): Promise<vscode.CodeAction[]> {
  const libraries = new RetryLibraryIndex();
  try {
    const diagnostics = vscode.languages.getDiagnostics(doc.uri).filter((d) => d.range.intersection(range));
    const context: vscode.CodeActionContext = { diagnostics, triggerKind: vscode.CodeActionTriggerKind.Invoke, only: undefined };
    return await new RetryCodeActionProvider(api.services, libraries).provideCodeActions(doc, range, context, new vscode.CancellationTokenSource().token);
  } finally {
    libraries.dispose();
  }
}

interface Case {
  file: string;
  code: string;
  /** The helper's definition as the language writes it. */
  definition: RegExp;
  /** Extra checks of the result. */
  check?: (after: string, before: string, doc: vscode.TextDocument) => void;
}

const CASES: Case[] = [
  {
    file: 'retry/client.ts',
    code: 'WF_1103',
    definition: /\nexport async function withErrcodeRetry<T>|\n(?:export )?(?:async )?function withErrcodeRetry\b/,
    check: (after) => {
      assert.ok(after.startsWith("// Starts executions through the Workflows API.\nimport { URL } from 'node:url';\n\n// errcode-retry-helper v2"), after.slice(0, 160));
      assert.equal(count(after, /^ {2}maxAttempts: \d+,$/m), 1, 'two-space indentation, like the file');
    },
  },
  {
    file: 'retry/client.js',
    code: 'WF_1200',
    definition: /\n(?:export )?(?:async )?function withErrcodeRetry\b/,
    check: (after) => assert.equal(/\bas Record</.test(after), false, 'no TypeScript syntax in a JavaScript file'),
  },
  {
    file: 'retry/client.py',
    code: 'WF_1103',
    definition: /\ndef with_errcode_retry\(/,
    check: (after) => {
      assert.ok(/^import asyncio$/m.test(after) && count(after, /^import json$/m) === 1, 'missing imports added, present ones not repeated');
      assert.ok(/\nimport urllib\.request\n(?:import [\w.]+\n|from typing import [^\n]+\n)+\n\n# errcode-retry-helper v2/.test(after), 'imports join the block, two blank lines before the helper');
    },
  },
  {
    file: 'retry/client.go',
    code: 'WF_1103',
    definition: /\nfunc WithErrcodeRetry\[/,
    check: (after) => {
      assert.equal(count(after, /^import \($/m), 1, 'imports merged into the existing block');
      assert.ok(/^\t"context"$/m.test(after) && count(after, /^\t"net\/http"$/m) === 1);
      assert.ok(/^\terrcodeMaxAttempts\s+= \d+/m.test(after), 'Go: tabs');
      if (hasCommand('gofmt')) assert.equal(spawnSync('gofmt', [], { input: after, encoding: 'utf8' }).stdout, after, 'gofmt-clean');
    },
  },
  {
    file: 'retry/crlf.ts',
    code: 'WF_1103',
    definition: /\r\n(?:export )?(?:async )?function withErrcodeRetry\b/,
    check: (after, _before, doc) => {
      assert.equal(doc.eol, vscode.EndOfLine.CRLF);
      assert.equal(/(^|[^\r])\n/.test(after), false, 'no lone LF after the fix');
    },
  },
  {
    file: 'retry/tabs.ts',
    code: 'WF_1500',
    definition: /\n(?:export )?(?:async )?function withErrcodeRetry\b/,
    check: (after) => {
      assert.ok(/^\tmaxAttempts: \d+,$/m.test(after), 'the helper is indented with tabs, like the file');
      assert.equal(/^ {2,}\S/m.test(after.replace(/^\s*\*.*$/gm, '')), false, 'no space indentation');
    },
  },
  {
    file: 'retry/tabs.py',
    code: 'WF_1600',
    definition: /\ndef with_errcode_retry\(/,
    check: (after) => assert.equal(/^ {4}\S/m.test(after.replace(/"""[\s\S]*?"""/g, '')), false, 'tabs in a tab-indented Python file'),
  },
];

/** Every file under retry/, by path: the bytes the tests must leave on disk. */
function snapshotFixtures(): Map<string, Buffer> {
  const root = fixtureUri('retry').fsPath;
  const files = new Map<string, Buffer>();
  const walk = (dir: string) => {
    for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
      const p = path.join(dir, e.name);
      if (e.isDirectory()) walk(p);
      else files.set(p, fs.readFileSync(p));
    }
  };
  walk(root);
  return files;
}

suite('retry quick fixes', () => {
  let fixtures: Map<string, Buffer>;
  const touched = new Set<string>();
  let autoSaveBefore: unknown;

  suiteSetup(async () => {
    api = (await getExtension().activate()) as ErrcodeApi;
    await api.services.catalogs.ready();
    fixtures = snapshotFixtures();
    // The web workbench (code-server) auto-saves after a delay by default: a fix left applied for a
    // second would reach the repo's fixtures. Off for this suite (the test profile is temporary).
    const files = vscode.workspace.getConfiguration('files');
    autoSaveBefore = files.inspect('autoSave')?.globalValue;
    await files.update('autoSave', 'off', vscode.ConfigurationTarget.Global);
  });

  teardown(async () => {
    await closeAllEditors();
    // Whatever happened, the fixtures on disk stay as they were (and the suite says so below).
    for (const [file, bytes] of fixtures) {
      if (!fs.readFileSync(file).equals(bytes)) {
        touched.add(path.relative(fixtureUri('').fsPath, file));
        fs.writeFileSync(file, bytes);
      }
    }
  });

  suiteTeardown(async () => {
    await vscode.workspace.getConfiguration('files').update('autoSave', autoSaveBefore, vscode.ConfigurationTarget.Global);
    assert.deepEqual([...touched], [], 'fixtures were saved to disk by a test');
  });

  test('did you mean: WF_1110 becomes WF_1100, the warning goes, nothing is offered twice, undo restores', async () => {
    const { document: doc } = await openFixture('retry/unknown.ts');
    const before = doc.getText();
    const warning = ours(await waitForDiagnostics(doc.uri, (d) => ours(d).some((x) => isOn(doc, x, 'errcode/unknown-code', 'WF_1110')))).find((x) => isOn(doc, x, 'errcode/unknown-code', 'WF_1110'))!;
    assert.equal(warning.severity, vscode.DiagnosticSeverity.Warning);
    const catalog = api.services.catalogs.current;
    const suggested = api.services.scans.at(doc, doc.offsetAt(rangeOf(doc, 'WF_1110').start))?.suggestions?.map((id) => catalog.get(id)!).map((e) => `Change to ${e.code} (${e.name})`) ?? [];
    assert.ok(suggested.includes('Change to WF_1100 (Workflow Not Found)'), suggested.join(' | '));
    const fixes = (await codeActionsAt(doc, rangeOf(doc, 'WF_1110'), vscode.CodeActionKind.QuickFix)).filter((a) => a.title.startsWith('Change to '));
    assert.deepEqual(fixes.map((f) => f.title), suggested, 'one fix per suggestion, in the scanner\'s order');
    assert.equal(fixes[0].isPreferred, true, 'the first suggestion is preferred');
    assert.ok(fixes.slice(1).every((f) => !f.isPreferred), 'only the first is preferred');
    assert.ok(fixes.every((f) => f.kind?.value === vscode.CodeActionKind.QuickFix.value));
    // executeCodeActionProvider does not return `diagnostics`: ask the provider itself with the real context.
    const direct = await provideDirectly(doc, rangeOf(doc, 'WF_1110'));
    const directFixes = direct.filter((a) => a.title.startsWith('Change to '));
    assert.ok(directFixes.length && directFixes.every((f) => f.diagnostics?.length === 1 && f.diagnostics[0].message === warning.message), 'each fix names the diagnostic it fixes');

    await applyCodeAction(fixes.find((f) => f.title === 'Change to WF_1100 (Workflow Not Found)')!);
    assert.equal(doc.getText(), before.replace("'WF_1110'", "'WF_1100'"), 'only the code changed');
    await waitForDiagnostics(doc.uri, (d) => !ours(d).some((x) => ruleOf(x) === 'errcode/unknown-code'));
    const again = (await codeActionsAt(doc, rangeOf(doc, 'WF_1100'), vscode.CodeActionKind.QuickFix)).filter((a) => a.title.startsWith('Change to '));
    assert.deepEqual(again.map((a) => a.title), [], 'a known code offers no correction');

    await undoUntil(doc, before);
    assert.equal(doc.isDirty, false, 'back to the saved text');
  });

  test('diagnostics carry their rule id and finding; quick fixes read them, not a new scan', async () => {
    const { document: doc } = await openFixture('retry/unknown.ts');
    const warning = ours(await waitForDiagnostics(doc.uri, (d) => ours(d).some((x) => isOn(doc, x, 'errcode/unknown-code', 'WF_1110')))).find((x) => isOn(doc, x, 'errcode/unknown-code', 'WF_1110'))!;
    const data = (warning as vscode.Diagnostic & { data?: Finding }).data;
    assert.ok(data, 'the finding is the diagnostic\'s data');
    assert.equal(data.rule, 'errcode/unknown-code');
    assert.equal(data.code, 'WF_1110');
    const target = typeof warning.code === 'object' ? warning.code.target : undefined;
    assert.deepEqual([target?.scheme, target?.path, JSON.parse(target?.query ?? 'null')], ['command', 'errcode.showRule', ['errcode/unknown-code']], 'the code links to the rule\'s explanation');
    // The same diagnostic with other data: the fixes follow the data (a scan would suggest WF_1101 and WF_1100).
    const forged = new vscode.Diagnostic(warning.range, warning.message, warning.severity) as vscode.Diagnostic & { data?: Finding };
    forged.source = warning.source;
    forged.code = warning.code;
    forged.data = { ...data, suggestions: ['workflows:WF_1102'] };
    const libraries = new RetryLibraryIndex();
    try {
      const provider = new RetryCodeActionProvider(api.services, libraries);
      const token = new vscode.CancellationTokenSource().token;
      const fixes = await provider.provideCodeActions(doc, warning.range, { diagnostics: [forged], triggerKind: vscode.CodeActionTriggerKind.Invoke, only: vscode.CodeActionKind.QuickFix }, token);
      assert.deepEqual(fixes.map((f) => f.title), ['Change to WF_1102 (Workflow Not Running)']);
      // Someone else's diagnostic on the same range, or ours without data: no fix.
      const foreign = new vscode.Diagnostic(warning.range, warning.message, warning.severity);
      foreign.source = 'other-linter';
      foreign.code = warning.code;
      assert.deepEqual(await provider.provideCodeActions(doc, warning.range, { diagnostics: [foreign], triggerKind: vscode.CodeActionTriggerKind.Invoke, only: vscode.CodeActionKind.QuickFix }, token), []);
    } finally {
      libraries.dispose();
    }
  });

  test('the hover offers a retry handler only for what the handler retries (not Orchestrator 409)', async () => {
    const catalog = api.services.catalogs.current;
    const uri = fixtureUri('retry/client.ts');
    const at = (entry: string, status: number | null): Finding => ({ rule: entry.replace(':', '/'), kind: 'body', api: entry.split(':')[0], entry, code: entry.split(':')[1], status, start: 0, end: 1, notation: ['json'], facts: [], context: [] });
    const offers = (f: Finding, languageId = 'typescript') => hoverLinks(f, catalog, uri, languageId).some((l) => l.command === 'errcode.insertRetryHandler');
    assert.equal(offers(at('orchestrator:409', 409)), false, '409: retry only after reconciling, which the handler does not do');
    assert.equal(offers(at('workflows:WF_1103', 504)), true);
    assert.equal(offers(at('workflows:WF_1200', 503)), true);
    assert.equal(offers(at('workflows:WF_1200', 400)), false, 'WF_1200 retries on 503 only');
    assert.equal(offers(at('workflows:WF_1103', 504), 'log'), false, 'no handler in a log');
    assert.deepEqual(catalog.entries.filter((e) => retryCodegenOffers(e)).map((e) => e.id).includes('orchestrator:409'), false, 'nor among the quick fixes and the palette');
  });

  test('the syntax checks used below reject broken code', () => {
    assert.ok(syntaxErrors('typescript', 'export const = ;')?.length, 'TypeScript');
    assert.ok(syntaxErrors('javascript', 'function (')?.length, 'JavaScript');
    const py = syntaxErrors('python', 'def f(:\n');
    if (py) assert.ok(py.length, 'Python');
    const go = syntaxErrors('go', 'package x\nfunc {');
    if (go) assert.ok(go.length, 'Go');
    recordMetric('retry_syntax_checkers', ['typescript', ...(py ? ['py_compile'] : []), ...(go ? ['gofmt'] : [])].join('+'));
  });

  for (const c of CASES) {
    test(`insert retry handler in ${c.file}: once, parses, undo restores byte for byte`, async () => {
      const { document: doc } = await openFixture(c.file);
      const before = doc.getText();
      const eolBefore = doc.eol;
      const hint = await waitForDiagnostics(doc.uri, (d) => ours(d).some((x) => isOn(doc, x, 'errcode/missing-retry', c.code) && x.severity === vscode.DiagnosticSeverity.Hint));
      const actions = await codeActionsAt(doc, rangeOf(doc, c.code), vscode.CodeActionKind.QuickFix);
      const title = `Insert retry handler for ${c.code}`;
      const insert = actions.find((a) => a.title === title);
      assert.ok(insert, `"${title}" among: ${actions.map((a) => a.title).join(' | ')}`);
      assert.equal(insert.isPreferred, true, 'preferred on the retry hint');
      const direct = (await provideDirectly(doc, rangeOf(doc, c.code))).find((a) => a.title === title);
      assert.deepEqual(direct?.diagnostics?.map((d) => d.message), [ours(hint).find((x) => isOn(doc, x, 'errcode/missing-retry', c.code))!.message], 'the fix names the retry hint');
      assert.deepEqual(actions.filter((a) => / using /.test(a.title)).map((a) => a.title), [], 'no retry library in this folder: no variant');

      await applyCodeAction(insert);
      const after = doc.getText();
      assert.equal(count(after, HELPER_MARKER), 1, 'the helper is there once');
      assert.match(after, c.definition);
      assert.equal(doc.eol, eolBefore);
      // Only insertions: the original text is still there, in order.
      let at = 0;
      for (const line of before.split(/\r?\n/)) {
        const found = after.indexOf(line, at);
        assert.ok(found >= 0, `original line kept: ${line}`);
        at = found + line.length;
      }
      c.check?.(after, before, doc);
      const errors = syntaxErrors(doc.languageId, after);
      assert.ok(errors || !['typescript', 'javascript'].includes(doc.languageId), 'TypeScript and JavaScript are always checked');
      if (errors) assert.deepEqual(errors, [], `${c.file} still parses`);

      // A second time: nothing offered, and the command is a no-op.
      const again = await codeActionsAt(doc, rangeOf(doc, c.code), vscode.CodeActionKind.QuickFix);
      assert.deepEqual(again.filter((a) => a.title.startsWith('Insert retry handler')).map((a) => a.title), []);
      const offset = after.indexOf(c.code);
      const result = await vscode.commands.executeCommand<RetryCommandResult>('errcode.insertRetryHandler', { uri: doc.uri.toString(), offset, entry: `workflows:${c.code}` });
      assert.equal(result?.applied, false);
      assert.equal(result?.reason, 'present');
      assert.equal(doc.getText(), after, 'applying twice changes nothing');
      // An older handler (its marker says v1): nothing inserted either, and the result says it is outdated.
      const older = await vscode.workspace.openTextDocument({ language: doc.languageId, content: after.replace(/errcode-retry-helper v\d+/, 'errcode-retry-helper v1') });
      const outdated = await vscode.commands.executeCommand<RetryCommandResult>('errcode.insertRetryHandler', { uri: older.uri.toString(), offset: older.getText().indexOf(c.code), entry: `workflows:${c.code}` });
      assert.deepEqual([outdated?.applied, outdated?.reason], [false, 'outdated']);
      assert.equal(older.getText(), after.replace(/errcode-retry-helper v\d+/, 'errcode-retry-helper v1'), 'an older handler is left as it is');

      await undoUntil(doc, before);
      assert.equal(doc.eol, eolBefore);
      assert.equal(doc.isDirty, false);
    });
  }

  test('the p-retry variant is offered only where the nearest package.json depends on p-retry', async () => {
    const { document: doc } = await openFixture('retry/with-p-retry/job.ts');
    const before = doc.getText();
    const actions = await waitFor(async () => {
      const list = await codeActionsAt(doc, rangeOf(doc, 'WF_1103'), vscode.CodeActionKind.QuickFix);
      return list.some((a) => a.title === 'Insert retry handler for WF_1103 using p-retry') ? list : undefined;
    }, { message: 'the p-retry variant' });
    assert.ok(actions.some((a) => a.title === 'Insert retry handler for WF_1103'), 'the standard one too');
    const variant = actions.find((a) => a.title === 'Insert retry handler for WF_1103 using p-retry')!;
    assert.notEqual(variant.isPreferred, true, 'the standard handler stays the preferred fix');
    await applyCodeAction(variant);
    const after = doc.getText();
    assert.equal(count(after, /^import pRetry, \{ AbortError \} from 'p-retry';$/m), 1);
    assert.ok(after.startsWith("// Runs a job through the Workflows API, in a package that depends on p-retry.\nimport { URL } from 'node:url';\nimport pRetry"), after.slice(0, 200));
    assert.equal(count(after, HELPER_MARKER), 1);
    const errors = syntaxErrors('typescript', after);
    if (errors) assert.deepEqual(errors, []);
    await undoUntil(doc, before);

    // A sibling folder with no manifest: the workspace root has none either, so no variant.
    const { document: other } = await openFixture('retry/wrap.ts');
    // Quick fixes come from the file's diagnostics: wait for them to be published.
    const plain = await waitFor(async () => {
      const list = await codeActionsAt(other, rangeOf(other, 'WF_1103'), vscode.CodeActionKind.QuickFix);
      return list.some((a) => a.title === 'Insert retry handler for WF_1103') ? list : undefined;
    }, { message: 'the quick fix in retry/wrap.ts' });
    assert.ok(!plain.some((a) => / using /.test(a.title)), plain.map((a) => a.title).join(' | '));
  });

  for (const lib of [
    { file: 'retry/with-tenacity/jobs.py', title: 'Insert retry handler for WF_1103 using tenacity', imports: /^import tenacity$/m },
    { file: 'retry/with-cenkalti/jobs.go', title: 'Insert retry handler for WF_1103 using cenkalti/backoff v4', imports: /^\t"github\.com\/cenkalti\/backoff\/v4"$/m },
  ]) {
    test(`library variant from the nearest manifest: ${lib.title.replace(/.* using /, '')}`, async () => {
      const { document: doc } = await openFixture(lib.file);
      const before = doc.getText();
      const actions = await waitFor(async () => {
        const list = await codeActionsAt(doc, rangeOf(doc, 'WF_1103'), vscode.CodeActionKind.QuickFix);
        return list.some((a) => a.title === lib.title) ? list : undefined;
      }, { message: lib.title });
      assert.equal(actions.filter((a) => / using /.test(a.title)).length, 1, actions.map((a) => a.title).join(' | '));
      await applyCodeAction(actions.find((a) => a.title === lib.title)!);
      const after = doc.getText();
      assert.equal(count(after, lib.imports), 1, 'the library is imported once');
      assert.equal(count(after, HELPER_MARKER), 1);
      const errors = syntaxErrors(doc.languageId, after);
      if (errors) assert.deepEqual(errors, []);
      if (doc.languageId === 'go' && hasCommand('gofmt')) assert.equal(spawnSync('gofmt', [], { input: after, encoding: 'utf8' }).stdout, after, 'gofmt-clean');
      await undoUntil(doc, before);
    });
  }

  test('wrap this call in a retry (TypeScript): the call and the helper in one edit, one undo', async () => {
    const editor = await openFixture('retry/wrap.ts');
    const doc = editor.document;
    const before = doc.getText();
    const line = doc.lineAt(rangeOf(doc, 'await fetch(').start.line);
    const cursor = new vscode.Range(line.range.start.translate(0, line.text.indexOf('fetch') + 2), line.range.start.translate(0, line.text.indexOf('fetch') + 2));
    const actions = await codeActionsAt(doc, cursor, vscode.CodeActionKind.RefactorRewrite);
    const wrap = actions.find((a) => a.title === 'Wrap this call in a retry');
    assert.ok(wrap, actions.map((a) => a.title).join(' | '));
    assert.ok(wrap.kind && vscode.CodeActionKind.RefactorRewrite.contains(wrap.kind));
    await applyCodeAction(wrap);
    const after = doc.getText();
    // fetch with no init is a GET: the wrap says so, so the helper may repeat it.
    assert.ok(after.includes("  const res = await withErrcodeRetry(() => fetch(new URL(`https://workflows.example.test/v1/workflows/${id}`)), { method: 'GET' });\n"), after.slice(-600));
    assert.equal(count(after, HELPER_MARKER), 1, 'the helper came with it');
    const errors = syntaxErrors('typescript', after);
    if (errors) assert.deepEqual(errors, []);
    // Already wrapped: not offered again on that line; the helper is not offered either.
    const wrappedLine = doc.lineAt(rangeOf(doc, 'await withErrcodeRetry(').start.line);
    const again = await codeActionsAt(doc, new vscode.Range(wrappedLine.range.start.translate(0, 4), wrappedLine.range.start.translate(0, 4)));
    assert.ok(!again.some((a) => a.title === 'Wrap this call in a retry' || a.title.startsWith('Insert retry handler')), again.map((a) => a.title).join(' | '));
    await undoUntil(doc, before);
  });

  test('wrap command in Python: the call on the line, compiles, undo restores', async () => {
    const { document: doc } = await openFixture('retry/client.py');
    const before = doc.getText();
    const offset = before.indexOf('urllib.request.urlopen(req)');
    const result = await vscode.commands.executeCommand<RetryCommandResult>('errcode.wrapInRetry', { uri: doc.uri.toString(), offset });
    assert.equal(result?.applied, true);
    const after = doc.getText();
    assert.ok(after.includes('    with with_errcode_retry(lambda: urllib.request.urlopen(req)) as resp:\n'), after.slice(-500));
    assert.equal(count(after, HELPER_MARKER), 1);
    const errors = syntaxErrors('python', after);
    if (errors) assert.deepEqual(errors, []);
    await undoUntil(doc, before);
  });

  test('wrap command in Go: the context import joins the block, the package still compiles', async () => {
    const { document: doc } = await openFixture('retry/client.go');
    const before = doc.getText();
    const result = await vscode.commands.executeCommand<RetryCommandResult>('errcode.wrapInRetry', { uri: doc.uri.toString(), offset: before.indexOf('c.Do(req)') });
    assert.equal(result?.applied, true);
    const after = doc.getText();
    assert.ok(after.includes('\tresp, err := WithErrcodeRetry(context.TODO(), func(context.Context) (*http.Response, error) {\n\t\treturn c.Do(req)\n\t})\n'), after.slice(-900));
    assert.equal(count(after, /^import \($/m), 1);
    assert.equal(count(after, /^\t"context"$/m), 1);
    const errors = syntaxErrors('go', after);
    if (errors) assert.deepEqual(errors, []);
    if (hasCommand('go')) {
      // Type-checked too: a throwaway module with only the standard library (no network needed).
      const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'errcode-go-'));
      try {
        fs.writeFileSync(path.join(dir, 'go.mod'), 'module example.test/check\n\ngo 1.21\n');
        fs.writeFileSync(path.join(dir, 'client.go'), after);
        const vet = spawnSync('go', ['vet', './...'], { cwd: dir, encoding: 'utf8', timeout: 120_000, env: { ...process.env, GOFLAGS: '-mod=mod', GOTOOLCHAIN: 'local', GOPROXY: 'off' } });
        assert.equal(vet.status, 0, `${vet.stdout}${vet.stderr}`);
        recordMetric('retry_go_vet', 'passed');
      } finally {
        fs.rmSync(dir, { recursive: true, force: true });
      }
    }
    await undoUntil(doc, before);
  });

  test('insert command: entry id from the catalog tree, the palette QuickPick, bad arguments', async () => {
    const { document: doc } = await openFixture('retry/client.ts');
    const before = doc.getText();
    const byId = await vscode.commands.executeCommand<RetryCommandResult>('errcode.insertRetryHandler', { entryId: 'workflows:WF_1103' });
    assert.equal(byId?.applied, true);
    assert.equal(count(doc.getText(), HELPER_MARKER), 1);
    await undoUntil(doc, before);

    // Palette: a QuickPick of retryable entries; accepting the first one inserts its handler.
    const picked = await driveQuickPicks(() => vscode.commands.executeCommand<RetryCommandResult>('errcode.insertRetryHandler'));
    assert.equal(picked?.applied, true, JSON.stringify(picked));
    assert.equal(count(doc.getText(), HELPER_MARKER), 1);
    await undoUntil(doc, before);

    const bad = await vscode.commands.executeCommand<RetryCommandResult | undefined>('errcode.insertRetryHandler', 42);
    assert.equal(bad, undefined, 'a bad argument is reported, not applied');
    const noRetry = await vscode.commands.executeCommand<RetryCommandResult | undefined>('errcode.insertRetryHandler', 'workflows:WF_1100');
    assert.equal(noRetry, undefined, 'WF_1100 must not be retried');
    assert.equal(doc.getText(), before);
  });

  test('snippets are contributed for TypeScript, JavaScript, Python and Go', async () => {
    for (const language of ['typescript', 'javascript', 'python', 'go']) {
      const doc = await vscode.workspace.openTextDocument({ language, content: 'errcode' });
      await vscode.window.showTextDocument(doc);
      const labels = await waitFor(async () => {
        const list = await vscode.commands.executeCommand<vscode.CompletionList>('vscode.executeCompletionItemProvider', doc.uri, new vscode.Position(0, 7));
        const snippets = list.items.filter((i) => i.kind === vscode.CompletionItemKind.Snippet).map((i) => (typeof i.label === 'string' ? i.label : i.label.label));
        return snippets.includes('errcode-retry') ? snippets : undefined;
      }, { message: `errcode snippets in ${language}` });
      assert.ok(labels.includes('errcode-wrap'), labels.join(', '));
      await vscode.commands.executeCommand('workbench.action.revertAndCloseActiveEditor');
    }
  });
});
