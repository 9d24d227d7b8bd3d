// Property tests over the explainer and every renderer: for arbitrary findings (any rule, entry, API,
// code, status, facts of every kind, context, notes, with hostile text everywhere), for findings the
// scanner makes from arbitrary text (the documented bodies of ./support/bodies.ts with hostile values,
// in every notation of ./support/notations.ts), and for arbitrary user catalogs, every renderer
//   - returns a string and never throws,
//   - keeps untrusted text inert: Markdown, read as VS Code reads it (marked), has no raw HTML and no
//     command link but the ones the caller passed; the details page has no script, no event handler and no
//     tag that benign input does not produce; terminal text has no control characters; one-line
//     messages stay on one line,
//   - names what it explains (the code of a code literal, the API).
// Wording is not tested here (messages are reworded and translated): behaviour is.
import assert from 'node:assert/strict';
import { createRequire } from 'node:module';
import * as path from 'node:path';
import { describe, test } from 'node:test';
import fc from 'fast-check';
import { SHAPES, REPLACEMENTS, fieldPaths, replaced } from './support/bodies';
import { NOTATIONS, canRender, render, type JsonValue } from './support/notations';

// ---------------------------------------------------------------------------------------------------------
// The product. Its renderers are named here and only here.
// ---------------------------------------------------------------------------------------------------------
import { loadBuiltinCatalog, type Catalog } from '../../src/core/catalog/catalog';
import { mergeCatalogs } from '../../src/core/catalog/catalogFile';
import { EngineRules, entryRule, unlistedRule, type Fact, type FactKind, type Finding, type Notation } from '../../src/core/engine/finding';
import { scanText } from '../../src/core/engine/scan';
import type { StreamedFinding } from '../../src/core/engine/stream';
import { commandUri, explainEntry, explainFinding, toMarkdown, toText, type CommandLink, type Explanation } from '../../src/core/render/explain';
import { explanationToHtml } from '../../src/core/render/html';
import { LogTally, logSummaryMarkdown } from '../../src/core/render/logSummary';
import { apiName, findingTitle, summarize } from '../../src/core/render/messages';
import { supportReport } from '../../src/core/render/report';
import { findingLine, problemJson, type JsonPosition } from '../../src/cli/format';

const NOW = Date.UTC(2026, 10, 30, 10, 0, 0);
const HTML_OPTIONS = { cspSource: 'https://file+.vscode-resource.vscode-cdn.net', nonce: 'bm9uY2Utbm9uY2UtMTIz', styleUri: 'https://file+.vscode-resource.vscode-cdn.net/media/details.css' };

// ---------------------------------------------------------------------------------------------------------
// Untrusted text
// ---------------------------------------------------------------------------------------------------------

/** Markup that must stay text: HTML, command links, code fences, headings, terminal escapes, line breaks. */
const NASTY = [
  '<script>alert(1)</script>',
  '<img src=x onerror=alert(1)>',
  '<x-evil>',
  '<svg/onload=alert(1)>',
  '[click](command:workbench.action.terminal.sendSequence?%7B%22text%22%3A%22rm%20-rf%20~%5Cn%22%7D)',
  '](command:evil)',
  '<command:evil>',
  'javascript:alert(1)',
  '`',
  '```',
  '</code></pre></td></table><script>',
  '\n# Heading',
  '\r\n- item',
  '\n```js\n',
  '\u001b[31m',
  '\u001b]8;;https://evil\u0007',
  '\u0000',
  '\u2028',
  '&lt;script&gt;',
  '<!--',
  '"\' onmouseover="alert(1)',
  '**bold** _em_',
  '|a|b|',
  ')',
  '(',
  '\\',
];

const hostile: fc.Arbitrary<string> = fc.oneof(
  fc.constantFrom(...NASTY),
  fc.string({ unit: 'binary', maxLength: 30 }),
  fc.array(fc.oneof(fc.constantFrom(...NASTY), fc.string({ maxLength: 8 }), fc.string({ unit: 'binary', maxLength: 6 })), { minLength: 1, maxLength: 5 }).map((parts) => parts.join('')),
);

/** A user catalog whose every text is hostile: its entries render as `untrusted`. */

/** The CLI's JSON of a finding as a warning problem (the policy's choice of severity is not what these tests vary). */
function findingJson(s: JsonPosition & { finding: Finding }, cat: Catalog) {
  return problemJson({ rule: s.finding.rule, severity: 'warning', start: 0, end: 1, finding: s.finding, related: [] }, s, cat);
}

function hostileUserCatalog(base: Catalog, text: (i: number) => string): Catalog {
  const api = { id: 'evil', name: text(0), description: text(1), codePattern: 'EV-\\d{3}' };
  const entry = (code: string, i: number) => ({ api: 'evil', code, name: text(i), description: text(i + 1), resolution: text(i + 2), statuses: [400 + i], messages: [text(i + 3)], examples: [{ title: text(i + 4), body: text(i + 5) }] });
  const file = JSON.stringify({
    apis: [api],
    entries: [entry('EV-001', 2), entry('EV-002', 8), { api: 'workflows', code: 'WF_1599', name: text(14), description: text(15), resolution: text(16) }],
  });
  const merged = mergeCatalogs(base, [{ file: `${text(17).slice(0, 20)}.errcodes.jsonc`, text: file }]);
  return merged.catalog;
}

const builtin = loadBuiltinCatalog();
const catalog = hostileUserCatalog(builtin, (i) => NASTY[i % NASTY.length]);

// ---------------------------------------------------------------------------------------------------------
// What "inert" means for each output
// ---------------------------------------------------------------------------------------------------------

// VS Code renders Markdown (hovers, the log summary) with marked: the test reads the Markdown with it.
const { marked } = createRequire(path.join(__dirname, '../../../package.json'))('marked') as typeof import('marked');

/**
 * Markdown, as marked reads it: no raw HTML and no image, and no command link but the ones passed in,
 * each whole (its destination is exactly the command URI: nothing in the arguments ends it early).
 * The links GFM makes of a `www.` address or an e-mail address in a log line run no command (VS Code
 * asks before opening them): they are allowed, and nothing else.
 */
function assertInertMarkdown(md: unknown, links: readonly CommandLink[] = [], where = ''): asserts md is string {
  assert.equal(typeof md, 'string', where);
  const commandLinks: string[] = [];
  void marked.walkTokens(marked.lexer(md as string), (t) => {
    assert.ok(t.type !== 'html', `${where}: raw HTML ${JSON.stringify(t.raw)}`);
    assert.ok(t.type !== 'image', `${where}: an image ${JSON.stringify(t.raw)}`);
    if (t.type !== 'link') return;
    if (/^command:/i.test(t.href)) commandLinks.push(t.href);
    else assert.match(t.href, /^(?:https?:\/\/www\.|mailto:)/, `${where}: a link to ${t.href}`);
  });
  assert.deepEqual(commandLinks, links.map(commandUri), `${where}: the links are exactly the command links passed in`);
}

/** Tags the details page makes from benign input (every built-in entry, every documented body): hostile input adds none. */
const PAGE_TAGS = (() => {
  const tags = new Set<string>();
  const add = (e: Explanation): void => {
    for (const m of explanationToHtml(e, HTML_OPTIONS).matchAll(/<\/?([a-zA-Z][\w-]*|!DOCTYPE)/g)) tags.add(m[1].toLowerCase());
  };
  for (const e of builtin.entries) add(explainEntry(e, builtin, { examples: true }));
  for (const s of SHAPES) for (const f of scanText(`HTTP/1.1 ${s.status}\n${JSON.stringify(s.body)}\n`, builtin)) add(explainFinding(f, builtin, { now: NOW, examples: true }));
  return tags;
})();

function assertInertHtml(html: unknown, where = ''): asserts html is string {
  assert.equal(typeof html, 'string', where);
  const page = html as string;
  for (const m of page.matchAll(/<\/?([a-zA-Z][\w-]*|!DOCTYPE)/g)) assert.ok(PAGE_TAGS.has(m[1].toLowerCase()), `${where}: a <${m[1]}> tag that benign input never makes`);
  assert.ok(!/<script|<img|<svg|<iframe|<x-evil/i.test(page), `${where}: active markup`);
  assert.ok(!/<[^>]*\son[a-z]+\s*=/i.test(page), `${where}: an event handler attribute`);
  assert.ok(!/<[^>]*=\s*["']?\s*javascript:/i.test(page), `${where}: a javascript: URL in an attribute`);
  assert.ok(!page.includes('<!--', 1), `${where}: a comment opened`);
  assert.match(page, /<meta http-equiv="Content-Security-Policy" content="default-src 'none';/);
}

/** Terminal text: no control character but tab and line feed (no escape sequence can reach the terminal). */
function assertPlainText(text: unknown, where = ''): asserts text is string {
  assert.equal(typeof text, 'string', where);
  const bad = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/.exec(text as string);
  assert.equal(bad, null, `${where}: control character ${JSON.stringify(bad?.[0])}`);
}

function assertOneLine(text: unknown, where = ''): asserts text is string {
  assert.equal(typeof text, 'string', where);
  assert.ok(!/[\r\n\u2028\u2029]/.test(text as string), `${where}: a line break in a one-line message: ${JSON.stringify(text)}`);
}

// ---------------------------------------------------------------------------------------------------------
// Every renderer on one finding
// ---------------------------------------------------------------------------------------------------------

/** Hover links as the editor builds them: the finding's data goes into their arguments. */
function hoverLinks(f: Finding): CommandLink[] {
  return [
    { title: 'Open in catalog', command: 'errcode.showEntry', args: [f.entry], tooltip: 'Show the full entry' },
    { title: 'Copy explanation', command: 'errcode.copyExplanation', args: [{ uri: `file:///tmp/${f.item ?? 'a'}.log`, offset: f.start, code: f.code }] },
  ];
}

function renderExplanation(e: Explanation, links: readonly CommandLink[], where: string): void {
  assert.equal(typeof e.title, 'string', where);
  assertInertMarkdown(toMarkdown(e, links), links, `${where} toMarkdown`);
  assertInertMarkdown(toMarkdown(e), [], `${where} toMarkdown without links`);
  assertPlainText(toText(e), `${where} toText`);
  assertInertHtml(explanationToHtml(e, HTML_OPTIONS), `${where} explanationToHtml`);
}

/** Renders `f` every way a front end does; returns the texts that name it, for the caller's checks. */
function renderFinding(f: Finding, cat: Catalog, documentText: string): { title: string; summary: string; text: string; cliLine: string } {
  const e = explainFinding(f, cat, { now: NOW, examples: true });
  renderExplanation(e, hoverLinks(f), 'explainFinding');
  const summary = summarize(f, cat);
  assertOneLine(summary, 'summarize');
  const title = findingTitle(f, cat);
  assertOneLine(title, 'findingTitle');
  const report = supportReport(f, cat, documentText, 'app.log');
  assert.equal(typeof report, 'string');
  const sf: StreamedFinding = { finding: f, line: 1, column: 1, endLine: 1, endColumn: 2 };
  const json = findingJson(sf, cat);
  assert.doesNotThrow(() => JSON.parse(JSON.stringify(json)));
  const cliLine = findingLine('app.log', json);
  assertOneLine(cliLine, 'findingLine');
  assertPlainText(cliLine, 'findingLine');
  return { title, summary, text: toText(e), cliLine };
}

function renderLogSummary(findings: readonly Finding[], cat: Catalog, file: string): void {
  const tally = new LogTally(cat, 3);
  findings.forEach((finding, i) => tally.add({ finding, line: i + 1, column: 1, endLine: i + 1, endColumn: 2 }));
  assertInertMarkdown(logSummaryMarkdown(tally, { file, bytes: 1234, size: 5678, ms: 12, cancelled: findings.length % 2 === 1 }, cat), [], 'logSummaryMarkdown');
}

// ---------------------------------------------------------------------------------------------------------
// Arbitrary findings
// ---------------------------------------------------------------------------------------------------------

const entryIds = catalog.entries.map((e) => e.id);
const apiIds = catalog.apis.map((a) => a.id);
const FACT_KINDS: readonly FactKind[] = ['text', 'code', 'number', 'list', 'map', 'unix-seconds', 'template', 'difference', 'present', 'retry-after', 'request-id', 'status'];
const NOTATION_TAGS: readonly Notation[] = ['json', 'js', 'python', 'ruby', 'go', 'yaml', 'pretty', 'escaped', 'csv', 'ansi', 'truncated', 'literal'];

/** A fact's value: any of the types a Fact may hold, for any kind (numbers include NaN, ±Infinity, ±1e308). */
const factValue: fc.Arbitrary<Fact['value']> = fc.oneof(
  hostile,
  fc.double(),
  fc.integer(),
  fc.constantFrom(1711036800, -1e308, 1e308, 8.64e12, 0),
  fc.array(hostile, { maxLength: 3 }),
  fc.array(fc.tuple(hostile, fc.array(hostile, { maxLength: 3 })), { maxLength: 3 }),
);

const fact: fc.Arbitrary<Fact> = fc.record(
  { label: fc.oneof(hostile, fc.constantFrom('Request id', 'Logged at', 'Reason', 'Job status', 'Step status', 'Blocked because')), kind: fc.constantFrom(...FACT_KINDS), value: factValue, template: hostile.map((t) => `${t} {} ${t}`) },
  { requiredKeys: ['label', 'kind', 'value'] },
);

const finding: fc.Arbitrary<Finding> = fc
  .record({
    api: fc.oneof(fc.constantFrom(...apiIds), fc.constant(null), hostile),
    entry: fc.oneof(fc.constantFrom(...entryIds), fc.constantFrom(...entryIds), fc.constant(null), hostile),
    code: fc.oneof(fc.constantFrom(...catalog.entries.map((e) => e.code)), fc.constant(null), hostile),
    ruleChoice: fc.constantFrom('entry', 'unknown', 'unrecognized', 'unlisted', 'hostile'),
    hostileRule: hostile,
    kind: fc.constantFrom('code' as const, 'body' as const),
    status: fc.oneof(fc.constant(null), fc.integer({ min: 100, max: 599 }), fc.integer()),
    start: fc.nat({ max: 400 }),
    length: fc.nat({ max: 200 }),
    body: fc.option(fc.tuple(fc.nat({ max: 400 }), fc.nat({ max: 400 })), { nil: undefined }),
    item: fc.option(hostile, { nil: undefined }),
    notation: fc.subarray([...NOTATION_TAGS]),
    facts: fc.array(fact, { maxLength: 6 }),
    context: fc.array(fc.record({ kind: fc.constantFrom('status' as const, 'retry-after' as const, 'request-id' as const, 'rate-limit-reset' as const, 'timestamp' as const), value: hostile, start: fc.nat({ max: 400 }), end: fc.nat({ max: 400 }) }), { maxLength: 3 }),
    identifiedBy: fc.option(fc.constantFrom('shape' as const, 'code' as const, 'message' as const, 'field' as const, 'evidence' as const), { nil: undefined }),
    candidates: fc.option(fc.array(fc.oneof(fc.constantFrom(...apiIds), hostile), { maxLength: 3 }), { nil: undefined }),
    suggestions: fc.option(fc.array(fc.oneof(fc.constantFrom(...entryIds), hostile), { maxLength: 3 }), { nil: undefined }),
    category: fc.option(hostile, { nil: undefined }),
    notes: fc.option(fc.array(hostile, { maxLength: 3 }), { nil: undefined }),
    json: fc.option(fc.jsonValue({ maxDepth: 2 }), { nil: undefined }),
  })
  .map((r): Finding => {
    const rule = { entry: entryRule(r.api ?? 'x', r.code ?? 'y'), unknown: EngineRules.unknownCode, unrecognized: EngineRules.unrecognizedBody, unlisted: unlistedRule(r.api ?? 'x'), hostile: r.hostileRule }[r.ruleChoice];
    return { rule, kind: r.kind, api: r.api, entry: r.entry, code: r.code, status: r.status, start: r.start, end: r.start + r.length, body: r.body, item: r.item, notation: r.notation, facts: r.facts, context: r.context, identifiedBy: r.identifiedBy, candidates: r.candidates, suggestions: r.suggestions, category: r.category, notes: r.notes, json: r.json };
  });

// ---------------------------------------------------------------------------------------------------------
// Arbitrary text: documented bodies with hostile values, in every notation, around hostile lines
// ---------------------------------------------------------------------------------------------------------

const replacement: fc.Arbitrary<JsonValue> = fc.oneof(
  hostile,
  fc.constantFrom(...REPLACEMENTS.map((r) => r.value).filter((v) => typeof v !== 'string' || v.length < 1000)),
  fc.constantFrom(...catalog.entries.map((e) => e.code)),
  fc.jsonValue({ maxDepth: 2 }) as fc.Arbitrary<JsonValue>,
);

const logText: fc.Arbitrary<string> = fc
  .record({
    shape: fc.constantFrom(...SHAPES),
    replacements: fc.array(fc.tuple(fc.nat(), replacement), { maxLength: 3 }),
    notation: fc.constantFrom(...NOTATIONS.map((n) => n.id)),
    before: hostile,
    after: hostile,
    codes: fc.array(fc.constantFrom(...catalog.entries.map((e) => e.code), 'WF_2100', 'wf_1103', 'EV-999'), { maxLength: 3 }),
  })
  .map(({ shape, replacements, notation, before, after, codes }) => {
    const paths = fieldPaths(shape.body);
    let value: JsonValue = shape.body;
    for (const [i, v] of replacements) value = replaced(value, paths[i % paths.length], v) ?? value;
    const body = canRender(value, notation) ? render(value, notation, { status: shape.status }).text : JSON.stringify(value);
    return `${before}\nHTTP/1.1 ${shape.status}\nX-Request-Id: ${before.slice(0, 12)}\n${body}${codes.join(' ')} ${after}\n`;
  });

// ---------------------------------------------------------------------------------------------------------
// The properties
// ---------------------------------------------------------------------------------------------------------

describe('renderers: arbitrary findings', () => {
  test('every renderer returns inert text for any finding, and never throws', () => {
    fc.assert(
      fc.property(finding, hostile, (f, documentText) => {
        renderFinding(f, catalog, documentText);
      }),
      { numRuns: 600 },
    );
  });

  test('the log summary of any findings is inert Markdown', () => {
    fc.assert(
      fc.property(fc.array(finding, { maxLength: 12 }), hostile, (findings, file) => renderLogSummary(findings, catalog, file)),
      { numRuns: 150 },
    );
  });

  test('one-line messages name the API of a finding that has one', () => {
    fc.assert(
      fc.property(finding, (f) => {
        if (f.api === null || !catalog.api(f.api) || f.rule === EngineRules.unrecognizedBody) return;
        assert.ok(summarize(f, catalog).includes(apiName(catalog, f.api)), `${summarize(f, catalog)} names ${apiName(catalog, f.api)}`);
      }),
      { numRuns: 300 },
    );
  });
});

describe('renderers: findings the scanner makes from arbitrary text', () => {
  test('every finding from hostile bodies in every notation renders inert, naming its code', () => {
    let findings = 0;
    fc.assert(
      fc.property(logText, (text) => {
        const found = scanText(text, catalog);
        findings += found.length;
        for (const f of found) {
          const { title, summary, text: plain, cliLine } = renderFinding(f, catalog, text);
          if (f.kind === 'code' && f.code) {
            // A code literal: every one-line form and the explanation name it.
            for (const [what, s] of [['title', title], ['summary', summary], ['toText', plain], ['CLI line', cliLine]]) assert.ok(s.toLowerCase().includes(f.code.toLowerCase()), `${what} names ${f.code}: ${s}`);
          }
          if (f.api !== null) assert.ok(summary.includes(apiName(catalog, f.api)), `the summary names the API: ${summary}`);
        }
        renderLogSummary(found, catalog, 'app.log');
      }),
      { numRuns: 300 },
    );
    assert.ok(findings > 300, `the texts gave ${findings} findings: the generator must reach the renderers`);
  });
});

describe('renderers: arbitrary user catalogs', () => {
  test('every entry of a hostile user catalog explains as inert text, plain (untrusted) prose', () => {
    fc.assert(
      fc.property(fc.array(hostile, { minLength: 18, maxLength: 18 }), (texts) => {
        const user = hostileUserCatalog(builtin, (i) => texts[i]);
        for (const entry of user.entries.filter((e) => e.source !== undefined)) {
          const e = explainEntry(entry, user, { examples: true });
          assert.equal(e.untrusted, true, 'a user entry is untrusted');
          renderExplanation(e, [{ title: 'Copy code', command: 'errcode.copyCode', args: [entry.id] }], `user entry ${entry.id}`);
        }
        for (const f of scanText('EV-001 EV-002 WF_1599 EV-777\n', user)) renderFinding(f, user, 'EV-001');
      }),
      { numRuns: 150 },
    );
  });

  test('every built-in and hostile entry explains as inert text', () => {
    for (const entry of catalog.entries) renderExplanation(explainEntry(entry, catalog, { examples: true }), [{ title: 'x', command: 'errcode.showEntry', args: [entry.id] }], entry.id);
  });
});

describe('renderers: what these properties found, kept as examples', () => {
  const base: Finding = { rule: 'workflows/WF_1000', kind: 'code', api: 'workflows', entry: 'workflows:WF_1000', code: 'WF_1000', status: null, start: 0, end: 7, notation: [], facts: [], context: [] };

  test('an empty code span next to another made raw HTML of the second (inlineCode of "" was two bare backticks)', () => {
    const f: Finding = { ...base, notes: ['```<script>alert(1)</script>`'] };
    assertInertMarkdown(toMarkdown(explainFinding(f, catalog, { now: NOW })));
    const g: Finding = { ...base, item: '`<script>alert(1)</script>', facts: [{ label: 'Code', kind: 'code', value: '' }] };
    assertInertMarkdown(toMarkdown(explainFinding(g, catalog, { now: NOW })));
  });

  test('a ")" in a command link argument ended the link early', () => {
    const link: CommandLink = { title: 'Copy explanation', command: 'errcode.copyExplanation', args: [{ uri: 'file:///tmp/a).log', offset: 0 }] };
    assertInertMarkdown(toMarkdown(explainFinding(base, catalog, { now: NOW }), [link]), [link]);
    assert.deepEqual(JSON.parse(decodeURIComponent(commandUri(link).split('?')[1])), link.args, 'the arguments still decode');
  });

  test('a line break in a user catalog name or a rule id broke one-line messages and the CLI line', () => {
    const user = hostileUserCatalog(builtin, (i) => (i === 2 ? 'Locked\n# posting' : 'x'));
    const [f] = scanText('EV-001\n', user);
    assertOneLine(summarize(f, user), 'summarize');
    assertOneLine(findingTitle(f, user), 'findingTitle');
    assertOneLine(findingLine('app.log', { ...findingJson({ finding: f, line: 1, column: 1, endLine: 1, endColumn: 7 }, user), rule: 'evil/\u001b[2J\nfake' }), 'findingLine');
  });

  test('a map fact holding plain strings made the explainer throw', () => {
    const f: Finding = { ...base, facts: [{ label: 'Errors', kind: 'map', value: ['steps[0]: bad', ''] }] };
    renderExplanation(explainFinding(f, catalog, { now: NOW }), [], 'map of strings');
  });
});
