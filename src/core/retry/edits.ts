// Where and how a retry helper goes into a source file: the insertion point after the imports, the
// imports it still needs (Go: merged into an existing `import (...)` block), the call a cursor or a
// selection points at, the file's own indentation and line endings. Pure (no `vscode`): the editor edge
// turns the returned offset edits into one WorkspaceEdit, so one undo restores the file byte for byte.
import { isRetryable } from '../catalog/retryable';
import { retryLanguageOf } from './languages';
import type { CatalogEntry } from '../catalog/types';
import {
  generateRetryHelper,
  hasRetryHelper,
  missingImports,
  wrapCallInRetry,
  wrapImports,
  type RetryHelperOptions,
  type RetryLanguage,
  type RetryLibrary,
  type RetryPlan,
} from '.';

/** Replace [start, end) of the original text with `text` (already in the document's line endings). */
export interface OffsetEdit {
  start: number;
  end: number;
  text: string;
}

/** How the document writes code: its line ending and its indentation unit (`\t` or N spaces). */
export interface TextStyle {
  eol: '\n' | '\r\n';
  indent: string;
}

export { retryLanguageOf };

/** The indentation unit the generators write: 2 spaces (TS/JS), 4 (Python), a tab (Go). */
export function generatorIndent(lang: RetryLanguage): string {
  return lang === 'go' ? '\t' : lang === 'python' ? '    ' : '  ';
}

/** Entries a retry handler makes sense for: those it retries (core/catalog/retryable.ts). */
export function offersRetry(entry: CatalogEntry | undefined): entry is CatalogEntry {
  return isRetryable(entry);
}

// ---------------------------------------------------------------------------------------------------
// Indentation and line endings

/**
 * The indentation unit the text already uses: `\t` when most indented lines start with a tab, else the
 * most common step between consecutive indentation levels (2, 4, ...). Undefined when nothing is
 * indented. Lines continuing a block comment (` * `) are ignored: their odd space is not a unit.
 */
export function detectIndentUnit(text: string): string | undefined {
  let tabs = 0;
  let spaces = 0;
  const steps = new Map<number, number>();
  let previous = 0;
  for (const line of text.split(/\r?\n/)) {
    if (!line.trim()) continue;
    const lead = /^[ \t]*/.exec(line)![0];
    if (/^\s*\*/.test(line)) continue;
    if (lead.startsWith('\t')) {
      tabs++;
      continue;
    }
    const n = lead.length;
    if (n > 0) spaces++;
    const step = n - previous;
    if (step >= 2 && step <= 8) steps.set(step, (steps.get(step) ?? 0) + 1);
    previous = n;
  }
  if (tabs === 0 && spaces === 0) return undefined;
  if (tabs > spaces) return '\t';
  let best = 0;
  let bestCount = 0;
  for (const [step, count] of steps) {
    if (count > bestCount || (count === bestCount && step < best)) {
      best = step;
      bestCount = count;
    }
  }
  return best ? ' '.repeat(best) : undefined;
}

/**
 * Re-indents generated code from the generator's unit to the document's: only leading whitespace
 * changes, and spaces left over after whole units (a block comment's ` * `) are kept.
 */
export function reindent(code: string, from: string, to: string): string {
  if (from === to) return code;
  return code.replace(/^[ \t]+/gm, (lead) => {
    if (from === '\t') {
      const tabsCount = /^\t*/.exec(lead)![0].length;
      return to.repeat(tabsCount) + lead.slice(tabsCount);
    }
    const spaces = /^ */.exec(lead)![0].length;
    const units = Math.floor(spaces / from.length);
    return to.repeat(units) + ' '.repeat(spaces - units * from.length) + lead.slice(spaces);
  });
}

/** Text with `\n` line breaks in the document's line ending. */
export function withEol(text: string, eol: TextStyle['eol']): string {
  return eol === '\n' ? text.replace(/\r\n/g, '\n') : text.replace(/\r?\n/g, '\r\n');
}

// ---------------------------------------------------------------------------------------------------
// Line plumbing

interface Line {
  /** Offset of the line's first character. */
  start: number;
  /** Offset just past its content (before the line break). */
  end: number;
  /** Offset of the next line's first character (past the line break; the text's length at the end). */
  next: number;
  text: string;
}

function linesOf(text: string): Line[] {
  const lines: Line[] = [];
  let start = 0;
  for (;;) {
    const nl = text.indexOf('\n', start);
    if (nl < 0) {
      lines.push({ start, end: text.length, next: text.length, text: text.slice(start) });
      return lines;
    }
    const end = nl > start && text[nl - 1] === '\r' ? nl - 1 : nl;
    lines.push({ start, end, next: nl + 1, text: text.slice(start, end) });
    start = nl + 1;
  }
}

/** Where a file's header (shebang, directives, package clause, docstring) and its import block end. */
interface Layout {
  /** Start of the line after the last import; undefined when the file imports nothing. */
  importsEnd?: number;
  /** Where code goes when there are no imports: after the header. */
  headerEnd: number;
  /** Go only: the `import (...)` blocks, by the offset of their closing-paren line. */
  goBlocks: { open: number; close: number }[];
}

/** Index of the line where a statement that starts on line i ends (the first line `done` accepts). */
function statementEnd(lines: readonly Line[], i: number, done: (soFar: string) => boolean, maxLines = 200): number {
  let soFar = lines[i].text;
  let j = i;
  while (!done(soFar) && j + 1 < lines.length && j - i < maxLines) {
    j++;
    soFar += `\n${lines[j].text}`;
  }
  return j;
}

function jsLayout(lines: readonly Line[]): Layout {
  let importsEnd: number | undefined;
  let headerEnd = 0;
  let commentRunStart: number | undefined; // a leading comment (license) followed by a blank line is header
  let i = 0;
  if (lines[0]?.text.startsWith('#!')) headerEnd = lines[i++].next;
  for (; i < lines.length; i++) {
    const t = lines[i].text.trim();
    if (!t) {
      if (commentRunStart !== undefined && importsEnd === undefined) headerEnd = lines[i].next;
      commentRunStart = undefined;
      continue;
    }
    if (t.startsWith('//')) {
      commentRunStart ??= lines[i].start;
      continue;
    }
    if (t.startsWith('/*')) {
      commentRunStart ??= lines[i].start;
      i = statementEnd(lines, i, (s) => s.indexOf('*/', s.indexOf('/*') + 2) >= 0);
      continue;
    }
    commentRunStart = undefined;
    if (/^(['"])use (strict|client|server)\1;?$/.test(t)) {
      headerEnd = lines[i].next;
      if (importsEnd !== undefined) importsEnd = lines[i].next;
      continue;
    }
    const isRequire = /^(?:const|let|var)\s+[\w${},\s:]+=\s*require\(\s*['"][^'"]+['"]\s*\)(?:\.\w+)*;?$/.test(t);
    if (/^import(?:\s|\{|\*|['"])/.test(t) || /^export\s+(?:type\s+)?(?:\*|\{)/.test(t)) {
      const j = statementEnd(lines, i, (s) => /(?:\bfrom\s*|^\s*import\s*)(['"])[^'"]*\1\s*;?\s*(?:\/\/.*)?$/.test(s) || /;\s*(?:\/\/.*)?$/.test(s));
      const statement = lines.slice(i, j + 1).map((l) => l.text).join('\n');
      if (t.startsWith('export') && !/\bfrom\s*['"]/.test(statement)) break; // `export { a }`: code, not a re-export
      i = j;
      importsEnd = lines[i].next;
      continue;
    }
    if (isRequire) {
      importsEnd = lines[i].next;
      continue;
    }
    break;
  }
  return { importsEnd, headerEnd, goBlocks: [] };
}

function pythonLayout(lines: readonly Line[]): Layout {
  let importsEnd: number | undefined;
  let headerEnd = 0;
  let sawCode = false;
  for (let i = 0; i < lines.length; i++) {
    const t = lines[i].text.trim();
    if (!t || t.startsWith('#')) continue;
    const doc = /^[rRuUbB]{0,2}("""|''')/.exec(t);
    if (doc && !sawCode && importsEnd === undefined) {
      const quote = doc[1];
      i = statementEnd(lines, i, (s) => s.indexOf(quote, s.indexOf(quote) + 3) >= 0);
      headerEnd = lines[i].next;
      sawCode = true;
      continue;
    }
    if (/^(?:import\s+[\w.]|from\s+[\w.]+\s+import\b)/.test(t)) {
      i = statementEnd(lines, i, (s) => {
        if (/\\\s*$/.test(s)) return false;
        const open = (s.match(/\(/g) ?? []).length;
        const close = (s.match(/\)/g) ?? []).length;
        return open <= close;
      });
      importsEnd = lines[i].next;
      sawCode = true;
      continue;
    }
    break;
  }
  return { importsEnd, headerEnd, goBlocks: [] };
}

function goLayout(lines: readonly Line[]): Layout {
  let importsEnd: number | undefined;
  let headerEnd = 0;
  const goBlocks: Layout['goBlocks'] = [];
  let inComment = false;
  for (let i = 0; i < lines.length; i++) {
    const t = lines[i].text.trim();
    if (inComment) {
      if (t.includes('*/')) inComment = false;
      continue;
    }
    if (!t || t.startsWith('//')) continue;
    if (t.startsWith('/*')) {
      inComment = !t.includes('*/', 2);
      continue;
    }
    if (/^package\s+\w+/.test(t)) {
      headerEnd = lines[i].next;
      continue;
    }
    if (/^import\s*\($/.test(t) || /^import\s*\(\s*\/\//.test(t)) {
      const open = i;
      while (i + 1 < lines.length && lines[i + 1].text.trim() !== ')' && !/^\)/.test(lines[i + 1].text.trim())) i++;
      i = Math.min(i + 1, lines.length - 1);
      goBlocks.push({ open: lines[open].start, close: lines[i].start });
      importsEnd = lines[i].next;
      continue;
    }
    if (/^import\s*\(.*\)\s*$/.test(t) || /^import\s+(?:[\w.]+\s+)?"[^"]*"/.test(t)) {
      importsEnd = lines[i].next;
      continue;
    }
    break;
  }
  return { importsEnd, headerEnd, goBlocks };
}

function layoutOf(lang: RetryLanguage, lines: readonly Line[]): Layout {
  return lang === 'python' ? pythonLayout(lines) : lang === 'go' ? goLayout(lines) : jsLayout(lines);
}

function isBlankAt(text: string, offset: number): boolean {
  if (offset >= text.length) return true;
  const nl = text.indexOf('\n', offset);
  return text.slice(offset, nl < 0 ? text.length : nl).trim() === '';
}

/** True when the line before `offset` (which starts a line) is blank, or there is none. */
function blankBefore(text: string, offset: number): boolean {
  if (offset === 0) return true;
  const before = text.slice(0, offset).replace(/\r?\n$/, '');
  const nl = before.lastIndexOf('\n');
  return before.slice(nl + 1).trim() === '';
}

// ---------------------------------------------------------------------------------------------------
// Go imports

/** The quoted path of an import spec (`"context"`, `backoff "github.com/..."`). */
function goPath(spec: string): string {
  return /"([^"]*)"/.exec(spec)?.[1] ?? spec;
}

const isGoStdlib = (path: string): boolean => !path.split('/')[0].includes('.');

/**
 * Edits that add Go import specs: into the first `import (...)` block at their sorted place (standard
 * library paths in the group that holds the standard library, others in the last group of module
 * paths or a new group at the end, as goimports lays them out), else as a new block after the
 * existing imports or the package clause.
 */
function goImportEdits(text: string, lines: readonly Line[], layout: Layout, specs: readonly string[]): OffsetEdit[] {
  if (!specs.length) return [];
  const block = layout.goBlocks[0];
  if (!block) {
    const at = layout.importsEnd ?? layout.headerEnd;
    const body = `import (\n${specs.map((s) => `\t${s}`).join('\n')}\n)\n`;
    const lead = at > 0 && text[at - 1] !== '\n' ? '\n' : '';
    return [{ start: at, end: at, text: layout.importsEnd !== undefined ? `${lead}${body}` : `${lead}\n${body}` }];
  }
  // Groups of consecutive spec lines inside the block.
  type SpecLine = { line: Line; path: string };
  const groups: SpecLine[][] = [];
  let current: SpecLine[] = [];
  for (const line of lines) {
    if (line.start <= block.open || line.start >= block.close) continue;
    const t = line.text.trim();
    if (!t) {
      if (current.length) groups.push(current);
      current = [];
      continue;
    }
    if (t.startsWith('//')) continue;
    current.push({ line, path: goPath(t) });
  }
  if (current.length) groups.push(current);

  const edits = new Map<number, string[]>();
  const add = (offset: number, piece: string) => edits.set(offset, [...(edits.get(offset) ?? []), piece]);
  const newStdGroup: string[] = [];
  const newModuleGroup: string[] = [];
  for (const spec of [...specs].sort((a, b) => (goPath(a) < goPath(b) ? -1 : 1))) {
    const path = goPath(spec);
    const std = isGoStdlib(path);
    const group = std ? groups.find((g) => g.some((s) => isGoStdlib(s.path))) : [...groups].reverse().find((g) => g.some((s) => !isGoStdlib(s.path)));
    if (!group) {
      (std ? newStdGroup : newModuleGroup).push(spec);
      continue;
    }
    const after = group.find((s) => s.path > path);
    add(after ? after.line.start : group[group.length - 1].line.next, `\t${spec}\n`);
  }
  const specLines = (list: string[]) => list.map((s) => `\t${s}\n`).join('');
  // The standard library comes first: before the first group (a blank line after it), or alone.
  if (newStdGroup.length) add(groups.length ? groups[0][0].line.start : block.close, specLines(newStdGroup) + (groups.length ? '\n' : ''));
  if (newModuleGroup.length) add(block.close, (groups.length || newStdGroup.length ? '\n' : '') + specLines(newModuleGroup));
  return [...edits].map(([offset, pieces]) => ({ start: offset, end: offset, text: pieces.join('') }));
}

// ---------------------------------------------------------------------------------------------------
// Helper insertion

export interface HelperInsertion {
  /** The edits, in the document's line endings and indentation, non-overlapping, by offset. */
  edits: OffsetEdit[];
  /** The helper's name (`withErrcodeRetry`, ...). */
  helperName: string;
}

/**
 * The edits that insert the retry helper for `plan` and the imports it (and `extraImports`, e.g. what a
 * wrapped call needs) still lacks: imports join the existing import block; the helper goes after the
 * imports (or the header: shebang, directives, package clause, module docstring), set off by blank
 * lines (two in Python, as PEP 8 asks around top-level definitions). Undefined when the text already
 * has a helper and no extra import is missing: inserting is then a no-op.
 */
export function helperInsertionEdits(
  text: string,
  lang: RetryLanguage,
  plan: RetryPlan,
  style: TextStyle,
  options: RetryHelperOptions & { extraImports?: readonly string[] } = {},
): HelperInsertion | undefined {
  const present = hasRetryHelper(text, lang);
  const helper = present ? undefined : generateRetryHelper(lang, plan, { library: options.library, cenkaltiMajor: options.cenkaltiMajor });
  const wanted = [...(helper?.imports ?? []), ...(options.extraImports ?? [])].filter((s, i, all) => all.indexOf(s) === i);
  const imports = missingImports(text, lang, wanted);
  if (!helper && !imports.length) return undefined;

  const lines = linesOf(text);
  const layout = layoutOf(lang, lines);
  const raw: OffsetEdit[] = [];
  const at = layout.importsEnd ?? layout.headerEnd;
  // A last line with no line break: the inserted text starts with one.
  const lead = at > 0 && text[at - 1] !== '\n' ? '\n' : '';
  const gap = lang === 'python' ? 2 : 1;
  let chunk = '';
  if (lang === 'go') {
    raw.push(...goImportEdits(text, lines, layout, imports.map((s) => s.replace(/^import\s+/, ''))));
  } else if (imports.length) {
    // Right under the existing imports; with none, at the header's end, followed by a blank line.
    chunk += `${layout.importsEnd === undefined && !blankBefore(text, at) ? '\n' : ''}${imports.join('\n')}\n`;
  }
  if (helper) {
    const code = lang === 'go' ? helper.code : reindent(helper.code, generatorIndent(lang), style.indent);
    const before = chunk ? gap : blankBefore(text, at) ? (at === 0 ? 0 : gap - 1) : gap;
    const after = isBlankAt(text, at) ? (at >= text.length ? 0 : gap - 1) : gap;
    chunk += '\n'.repeat(before) + code + '\n'.repeat(after);
  } else if (chunk && !isBlankAt(text, at) && layout.importsEnd === undefined) {
    chunk += '\n';
  }
  if (chunk) raw.push({ start: at, end: at, text: lead + chunk });
  const edits = mergeEdits(raw).map((e) => ({ ...e, text: withEol(e.text, style.eol) }));
  return { edits, helperName: helper?.helperName ?? '' };
}

/** Sorts edits by offset and joins inserts at the same offset (and an insert where a replacement starts). */
export function mergeEdits(edits: readonly OffsetEdit[]): OffsetEdit[] {
  const sorted = [...edits].sort((a, b) => a.start - b.start || a.end - a.start - (b.end - b.start));
  const out: OffsetEdit[] = [];
  for (const e of sorted) {
    const last = out[out.length - 1];
    if (last && last.start === e.start && last.end === last.start) {
      out[out.length - 1] = { start: e.start, end: e.end, text: last.text + e.text };
    } else {
      if (last && e.start < last.end) throw new Error('overlapping edits');
      out.push({ ...e });
    }
  }
  return out;
}

// ---------------------------------------------------------------------------------------------------
// Calls

/** A call expression in the text: `[start, end)`, `await` included when the call is awaited. */
export interface CallSpan {
  start: number;
  end: number;
  text: string;
}

/** Names that look like calls but are not (statements, definitions), and the helpers themselves. */
const NOT_CALLS = new Set([
  'if', 'for', 'while', 'switch', 'catch', 'function', 'return', 'typeof', 'await', 'new', 'def', 'class', 'func', 'elif',
  'with', 'assert', 'import', 'require', 'super', 'constructor', 'lambda', 'not', 'and', 'or', 'in', 'defer', 'go', 'select',
]);
const HELPER_CALLS = new Set(['withErrcodeRetry', 'with_errcode_retry', 'with_errcode_retry_async', 'WithErrcodeRetry', 'DoWithErrcodeRetry']);

/** Helper names: a line that holds one is already wrapped. */
export const WRAPPED = /\b(?:withErrcodeRetry|with_errcode_retry(?:_async)?|(?:Do)?WithErrcodeRetry)\s*\(/;

/**
 * Skips a string literal or comment starting at `i`; returns the offset after it, or `i` when none
 * starts there. `#` comments in Python; backtick strings in JS/TS and Go.
 */
function skipLiteral(text: string, i: number, lang: RetryLanguage, limit: number): number {
  const c = text[i];
  if (c === '/' && lang !== 'python' && text[i + 1] === '/') {
    const nl = text.indexOf('\n', i);
    return nl < 0 ? limit : nl;
  }
  if (c === '/' && lang !== 'python' && text[i + 1] === '*') {
    const close = text.indexOf('*/', i + 2);
    return close < 0 ? limit : close + 2;
  }
  if (c === '#' && lang === 'python') {
    const nl = text.indexOf('\n', i);
    return nl < 0 ? limit : nl;
  }
  if (lang === 'python' && (text.startsWith('"""', i) || text.startsWith("'''", i))) {
    const close = text.indexOf(text.slice(i, i + 3), i + 3);
    return close < 0 ? limit : close + 3;
  }
  if (c === '"' || c === "'" || (c === '`' && lang !== 'python')) {
    for (let j = i + 1; j < limit; j++) {
      if (text[j] === '\\' && !(c === '`' && lang === 'go')) j++;
      else if (text[j] === c) return j + 1;
      else if (text[j] === '\n' && c !== '`') return j;
    }
    return limit;
  }
  return i;
}

/** Offset after the `)` matching the `(` at `open`, or undefined when it does not close in time. */
function matchParen(text: string, open: number, lang: RetryLanguage, limit: number): number | undefined {
  let depth = 0;
  for (let i = open; i < limit; ) {
    const skipped = skipLiteral(text, i, lang, limit);
    if (skipped !== i) {
      i = skipped;
      continue;
    }
    const c = text[i];
    if (c === '(' || c === '[' || c === '{') depth++;
    else if (c === ')' || c === ']' || c === '}') {
      depth--;
      if (depth === 0) return c === ')' ? i + 1 : undefined;
      if (depth < 0) return undefined;
    }
    i++;
  }
  return undefined;
}

const IDENT = /[A-Za-z_$][\w$]*/y;
const CALLEE = /(?:await\s+)?([A-Za-z_$][\w$]*)((?:\s*(?:\?\.|\.)\s*[A-Za-z_$][\w$]*)*)(?:<[\w$.,\s[\]|<>]*>)?\s*\(/y;

/**
 * The call expressions that start on the line holding `lineStart`, outermost first: a callee (a name or
 * a member chain), balanced parentheses, then any chained calls (`.json()`). Strings and comments are
 * skipped; definitions (`def f(`, `function f(`, `func (r T) F(`, a method `f() {`) are not calls.
 */
export function callsOnLine(text: string, lang: RetryLanguage, lineStart: number): CallSpan[] {
  const nl = text.indexOf('\n', lineStart);
  const lineEnd = nl < 0 ? text.length : nl;
  const line = text.slice(lineStart, lineEnd);
  if (lang === 'go' && /^\s*func\b/.test(line)) return [];
  if (lang === 'python' && /^\s*(?:async\s+)?(?:def|class)\b/.test(line)) return [];
  const limit = Math.min(text.length, lineStart + 20_000);
  const calls: CallSpan[] = [];
  let coveredTo = lineStart;
  for (let i = lineStart; i < lineEnd; ) {
    const skipped = skipLiteral(text, i, lang, limit);
    if (skipped !== i) {
      i = skipped;
      continue;
    }
    const prev = i > 0 ? text[i - 1] : '';
    if (i < coveredTo || !/[A-Za-z_$]/.test(text[i]) || /[\w$.]/.test(prev)) {
      i++;
      continue;
    }
    CALLEE.lastIndex = i;
    const m = CALLEE.exec(text);
    if (!m || (!m[2] && NOT_CALLS.has(m[1])) || HELPER_CALLS.has(lastName(m[1], m[2])) || /\b(?:def|function|func|class|new|fn)\s+$/.test(text.slice(lineStart, i))) {
      IDENT.lastIndex = i;
      const word = IDENT.exec(text);
      i += word ? word[0].length : 1;
      continue;
    }
    let end = matchParen(text, i + m[0].length - 1, lang, limit);
    if (end === undefined) break;
    // Chained calls and member accesses that end in a call: `fetch(u).then(f)`, `client.get(x).json()`.
    for (;;) {
      const chain = /^\s*(?:\?\.|\.)\s*[A-Za-z_$][\w$]*\s*\(/.exec(text.slice(end, end + 200));
      if (!chain) break;
      const close = matchParen(text, end + chain[0].length - 1, lang, limit);
      if (close === undefined) break;
      end = close;
    }
    const after = /^[ \t]*(\S)/.exec(text.slice(end, end + 200))?.[1];
    // `name(args) {` and TypeScript's `name(args): Type {` define, they do not call.
    const definition = after === '{' || (after === ':' && lang !== 'python');
    if (!definition) calls.push({ start: i, end, text: text.slice(i, end) });
    coveredTo = end;
    i = definition ? i + m[0].length : end;
  }
  return calls;
}

function lastName(first: string, chain: string): string {
  const names = chain.split(/\s*(?:\?\.|\.)\s*/).filter(Boolean);
  return names.length ? names[names.length - 1] : first;
}

/**
 * The call to wrap: a selection holding one call expression (trimmed; a trailing `;` left out), or the
 * call on the cursor's line that contains the cursor (else the next one, else the line's first). Undefined when there
 * is none, or when it is already wrapped in the helper.
 */
export function callToWrap(text: string, lang: RetryLanguage, selectionStart: number, selectionEnd: number): CallSpan | undefined {
  if (selectionEnd > selectionStart) {
    const raw = text.slice(selectionStart, selectionEnd);
    const lead = raw.length - raw.trimStart().length;
    const trimmed = raw.trim().replace(/;$/, '').trimEnd();
    if (!trimmed || WRAPPED.test(trimmed) || !/\)$/.test(trimmed)) return undefined;
    const start = selectionStart + lead;
    // The selection must be exactly one call expression (possibly awaited).
    if (!callsOnLine(trimmed, lang, 0).some((c) => c.start === 0 && c.end === trimmed.length)) return undefined;
    return { start, end: start + trimmed.length, text: trimmed };
  }
  const lineStart = text.lastIndexOf('\n', selectionStart - 1) + 1;
  const nl = text.indexOf('\n', lineStart);
  if (WRAPPED.test(text.slice(lineStart, nl < 0 ? text.length : nl))) return undefined;
  const calls = callsOnLine(text, lang, lineStart);
  return calls.find((c) => c.start <= selectionStart && selectionStart <= c.end) ?? calls.find((c) => c.start >= selectionStart) ?? calls[0];
}

/**
 * The edits of "Wrap this call in a retry": the call replaced by the helper call (`await` moved
 * outside), plus the helper and the imports the wrapped call needs when the file lacks them: one
 * list, so one WorkspaceEdit and one undo.
 */
export function wrapEdits(text: string, lang: RetryLanguage, call: CallSpan, plan: RetryPlan, style: TextStyle): OffsetEdit[] {
  const lineStart = text.lastIndexOf('\n', call.start - 1) + 1;
  const indent = /^[ \t]*/.exec(text.slice(lineStart))![0];
  let goResultType: string | undefined;
  if (lang === 'go') {
    // `err := f()` / `if err := f(); ...`: the call returns only an error.
    const before = text.slice(lineStart, call.start);
    if (/(?:^|[\s;])(?:if\s+)?\w+\s*:?=\s*$/.test(before) && !/,/.test(before)) goResultType = 'error';
    // `c.Do(req)` where the file declares `c *http.Client` (the generator only knows `client`/`http.DefaultClient`).
    const receiver = /^(\w+)\.(?:Do|Get|Head|Post|PostForm)\(/.exec(call.text)?.[1];
    if (!goResultType && receiver && new RegExp(`\\b${receiver}\\s+\\*http\\.Client\\b|\\b${receiver}\\s*:?=\\s*&?http\\.(?:Client\\b|DefaultClient\\b)`).test(text)) {
      goResultType = '*http.Response';
    }
  }
  let wrapped = wrapCallInRetry(lang, call.text, indent, goResultType ? { goResultType } : {});
  if (lang !== 'go') wrapped = reindent(wrapped, generatorIndent(lang), style.indent);
  const edits: OffsetEdit[] = [{ start: call.start, end: call.end, text: withEol(wrapped, style.eol) }];
  const insertion = helperInsertionEdits(text, lang, plan, style, { extraImports: wrapImports(lang) });
  if (insertion) edits.push(...insertion.edits);
  return mergeEdits(edits);
}

// ---------------------------------------------------------------------------------------------------
// Retry libraries the workspace depends on

export interface DetectedLibrary {
  library: RetryLibrary;
  /** github.com/cenkalti/backoff: the module's major version. */
  major?: number;
}

/** Manifest files that name a language's dependencies. */
export function isManifestFor(lang: RetryLanguage, fileName: string): boolean {
  switch (lang) {
    case 'typescript':
    case 'javascript':
      return fileName === 'package.json';
    case 'python':
      return /^requirements.*\.txt$/i.test(fileName) || fileName === 'pyproject.toml' || fileName === 'Pipfile' || fileName === 'setup.cfg';
    case 'go':
      return fileName === 'go.mod';
  }
}

/** The retry libraries a manifest declares as dependencies (p-retry, tenacity, backoff, cenkalti/backoff). */
export function librariesInManifest(fileName: string, text: string): DetectedLibrary[] {
  if (fileName === 'package.json') {
    try {
      const json = JSON.parse(text) as Record<string, unknown>;
      const fields = ['dependencies', 'devDependencies', 'peerDependencies', 'optionalDependencies'];
      const has = fields.some((f) => {
        const deps = json[f];
        return typeof deps === 'object' && deps !== null && Object.prototype.hasOwnProperty.call(deps, 'p-retry');
      });
      return has ? [{ library: 'p-retry' }] : [];
    } catch {
      return [];
    }
  }
  if (fileName === 'go.mod') {
    // `github.com/cenkalti/backoff/v4 v4.3.0`; before v4 the API differs: not offered.
    const m = /^\s*(?:require\s+)?github\.com\/cenkalti\/backoff(?:\/v(\d+))?\s+v(\d+)/m.exec(text);
    if (!m) return [];
    const major = Number(m[1] ?? m[2]);
    return major >= 4 ? [{ library: 'cenkalti', major }] : [];
  }
  // Python: a requirement names the distribution at the start of a line or inside a quoted list.
  const out: DetectedLibrary[] = [];
  const lines = text.split(/\r?\n/).map((l) => l.replace(/(^|\s)#.*$/, ''));
  for (const library of ['tenacity', 'backoff'] as const) {
    const named = new RegExp(`^\\s*["']?${library}\\s*(?:$|[=<>~!;\\[,"' ])`, 'i');
    const quoted = new RegExp(`["']${library}\\s*(?:[=<>~!;\\[,"' ]|$)`, 'i');
    if (lines.some((l) => named.test(l) || quoted.test(l))) out.push({ library });
  }
  return out;
}

/** Where a file sits for the JS p-retry variant: p-retry is ESM only, so a CommonJS file cannot use it. */
export function canUseLibrary(lang: RetryLanguage, library: RetryLibrary, text: string): boolean {
  if (library !== 'p-retry' || lang === 'typescript') return true;
  return /^\s*(?:import|export)\b/m.test(text) || !/\brequire\s*\(/.test(text);
}

/** How a library is named in an action's title. */
export function libraryLabel(d: DetectedLibrary): string {
  return d.library === 'cenkalti' ? `cenkalti/backoff v${d.major ?? 4}` : d.library;
}
