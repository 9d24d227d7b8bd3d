// Every string the bundle must translate: the literal keys of `l10n.t(...)` calls in src/core, src/cli
// and src/node (`@vscode/l10n`), of `vscode.l10n.t(...)` calls in src/extension (the same bundle file,
// which VS Code hands the extension), the labels the engine gives its own facts, and the prose of the
// built-in catalog data (which renderers pass through `catalogText`). The l10n test checks each bundle
// against this set.
import * as fs from 'node:fs';
import { createRequire } from 'node:module';
import * as path from 'node:path';
import { parse } from 'jsonc-parser/lib/esm/main.js';
import type * as TS from 'typescript';

export const root = path.resolve(__dirname, '../../..');

function walk(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((d) => (d.isDirectory() ? walk(path.join(dir, d.name)) : d.name.endsWith('.ts') ? [path.join(dir, d.name)] : []));
}

export interface SourceKeys {
  keys: Map<string, string>;
  /** `l10n.t` calls whose message is not a literal (only `catalogText` may do that). */
  dynamic: string[];
}

/** Where messages are translated, and how each folder calls the translator. */
export const MESSAGE_SOURCES: readonly { dir: string; call: 'l10n.t' | 'vscode.l10n.t' }[] = [
  { dir: 'src/core', call: 'l10n.t' },
  { dir: 'src/cli', call: 'l10n.t' },
  { dir: 'src/node', call: 'l10n.t' },
  { dir: 'src/extension', call: 'vscode.l10n.t' },
];

/** Whether `node` is a call of `l10n.t` or `vscode.l10n.t` (as written: `import * as l10n`, `import * as vscode`). */
function isTranslatorCall(ts: typeof TS, node: TS.Node, call: 'l10n.t' | 'vscode.l10n.t'): node is TS.CallExpression {
  if (!ts.isCallExpression(node) || !ts.isPropertyAccessExpression(node.expression) || node.expression.name.text !== 't') return false;
  const owner = node.expression.expression;
  if (call === 'l10n.t') return ts.isIdentifier(owner) && owner.text === 'l10n';
  return ts.isPropertyAccessExpression(owner) && owner.name.text === 'l10n' && ts.isIdentifier(owner.expression) && owner.expression.text === 'vscode';
}

/** Keys of translator calls in the sources and engine fact labels (`label: '…'`), with where each is. */
export function sourceKeys(sources: readonly { dir: string; call: 'l10n.t' | 'vscode.l10n.t' }[] = MESSAGE_SOURCES): SourceKeys {
  // TypeScript is loaded at run time from node_modules (not bundled into the test).
  const ts = createRequire(path.join(root, 'package.json'))('typescript') as typeof TS;
  const keys = new Map<string, string>();
  const dynamic: string[] = [];
  for (const { dir, call } of sources) for (const file of walk(path.join(root, dir))) {
    const text = fs.readFileSync(file, 'utf8');
    const sf = ts.createSourceFile(file, text, ts.ScriptTarget.ES2022, true);
    const rel = path.relative(root, file);
    const isEngine = rel.startsWith(path.join('src', 'core', 'engine'));
    const visit = (node: TS.Node): void => {
      if (isTranslatorCall(ts, node, call)) {
        const arg = node.arguments[0];
        const where = `${rel}:${sf.getLineAndCharacterOfPosition(node.getStart()).line + 1}`;
        if (arg && (ts.isStringLiteral(arg) || ts.isNoSubstitutionTemplateLiteral(arg))) keys.set(arg.text, where);
        else dynamic.push(where);
      }
      // The engine's own fact labels (`Retry-After`, `Request id`) are shown through catalogText.
      if (isEngine && ts.isPropertyAssignment(node) && ts.isIdentifier(node.name) && node.name.text === 'label' && ts.isStringLiteral(node.initializer)) {
        keys.set(node.initializer.text, `${rel}:${sf.getLineAndCharacterOfPosition(node.getStart()).line + 1}`);
      }
      ts.forEachChild(node, visit);
    };
    visit(sf);
  }
  return { keys, dynamic };
}

type Json = Record<string, unknown>;
const arr = (x: unknown): Json[] => (Array.isArray(x) ? (x as Json[]) : []);
const str = (x: unknown): x is string => typeof x === 'string' && x.length > 0;

/** The prose of one catalog file: what a person reads, never codes, statuses, field names or the API's own messages. */
export function catalogProse(file: { apis?: unknown; entries?: unknown }): string[] {
  const out: string[] = [];
  const add = (x: unknown): void => {
    if (str(x)) out.push(x);
  };
  for (const api of arr(file.apis)) {
    add(api.description);
    for (const c of arr(api.categories)) {
      add(c.name);
      add(c.description);
    }
    for (const f of arr(api.fields)) add(f.meaning);
    for (const h of arr(api.headers)) add(h.meaning);
    add((api.retryPolicy as Json | undefined)?.note);
    for (const g of arr(api.gotchas)) {
      add(g.title);
      add(g.text);
    }
    for (const n of Array.isArray(api.notes) ? api.notes : []) add(n);
    for (const b of arr(api.bodies)) {
      for (const f of arr(b.facts)) {
        add(f.label);
        // A template is prose for every format but `template`'s holes, which are filled from the body.
        add(f.template);
      }
      for (const n of arr(b.notes)) add(n.text);
    }
  }
  for (const e of arr(file.entries)) {
    add(e.name);
    add(e.category);
    add(e.description);
    add(e.resolution);
    add((e.retry as Json | undefined)?.condition);
    for (const c of arr(e.statusCauses)) add(c.cause);
    for (const x of arr(e.examples)) add(x.title);
  }
  return out;
}

/** The prose of the four built-in catalogs. */
export function builtinCatalogProse(): Map<string, string> {
  const dir = path.join(root, 'src/core/catalog/data');
  const out = new Map<string, string>();
  for (const name of fs.readdirSync(dir).filter((f) => f.endsWith('.jsonc')).sort()) {
    const data = parse(fs.readFileSync(path.join(dir, name), 'utf8'), [], { allowTrailingComma: true }) as { apis?: unknown; entries?: unknown };
    for (const s of catalogProse(data)) if (!out.has(s)) out.set(s, `src/core/catalog/data/${name}`);
  }
  return out;
}

/** Every key a bundle must translate, with where it comes from. */
export function allKeys(): { keys: Map<string, string>; dynamic: string[] } {
  const { keys, dynamic } = sourceKeys();
  for (const [k, where] of builtinCatalogProse()) if (!keys.has(k)) keys.set(k, where);
  return { keys, dynamic };
}
