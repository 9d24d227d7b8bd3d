import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { loadBuiltinCatalog } from '../../src/core/catalog/catalog';
import { mergeCatalogs } from '../../src/core/catalog/catalogFile';
import { explainEntry, explainFinding, type Explanation } from '../../src/core/render/explain';
import { escapeHtml, explanationToHtml } from '../../src/core/render/html';
import { scanText } from '../../src/core/engine/scan';

const catalog = loadBuiltinCatalog();
const OPTS = { cspSource: 'https://file+.vscode-resource.vscode-cdn.net', nonce: 'abcDEF0123456789', styleUri: 'https://file+.vscode-resource.vscode-cdn.net/ext/media/details.css' };

const HOSTILE = ['<img src=x onerror=alert(1)>', '</pre><script>alert(2)</script>', `"quoted" & 'single' \`tick\``];

/** Text content of the page: tags removed, entities decoded (what the user reads). */
function textOf(html: string): string {
  return html
    .replace(/<[^>]*>/g, '')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&#39;/g, "'")
    .replace(/&#96;/g, '`')
    .replace(/&amp;/g, '&');
}

function hostileExplanation(): Explanation {
  const [a, b, c] = HOSTILE;
  return {
    title: a,
    subtitle: b,
    meaning: `${c} ${a}`,
    resolution: `${b} then \`${a}\``,
    retry: `Retry ${a}`,
    facts: [
      { label: a, text: b },
      { label: 'code', text: `${a}${b}`, code: true },
    ],
    examples: [{ title: b, body: `{"detail": "${b}", "x": "${a}"}` }],
    notes: [`note ${a}`, `\`${b}\``],
    untrusted: true,
  };
}

describe('details HTML', () => {
  test('escapeHtml covers the five HTML specials and the backtick', () => {
    assert.equal(escapeHtml(`<a href="x" title='y'>&\`</a>`), '&lt;a href=&quot;x&quot; title=&#39;y&#39;&gt;&amp;&#96;&lt;/a&gt;');
  });

  test('hostile strings in every field never become markup', () => {
    const html = explanationToHtml(hostileExplanation(), OPTS);
    assert.doesNotMatch(html, /<img/i);
    assert.doesNotMatch(html, /<script/i);
    assert.doesNotMatch(html, /onerror=alert\(1\)>/); // only inside escaped text, never a live attribute
    // Exactly one <pre> is opened and closed per example: the body cannot close it early.
    assert.equal(html.match(/<pre>/g)?.length, 1);
    assert.equal(html.match(/<\/pre>/g)?.length, 1);
    assert.match(html, /&lt;\/pre&gt;&lt;script&gt;/);
    // ...and everything is still there for the reader.
    const text = textOf(html);
    for (const s of HOSTILE) assert.ok(text.includes(s), `missing ${s}`);
  });

  test('untrusted prose keeps backticks as text; built-in prose turns them into <code>', () => {
    const hostile = explanationToHtml(hostileExplanation(), OPTS);
    // User-catalog prose: the backticks stay text, no code span.
    assert.match(hostile, /then &#96;&lt;img src=x onerror=alert\(1\)&gt;&#96;<\/p>/);
    assert.match(hostile, /<code>&lt;img src=x onerror=alert\(1\)&gt;&lt;\/pre&gt;/); // facts marked as code
    const trusted = explanationToHtml({ ...hostileExplanation(), untrusted: false }, OPTS);
    assert.match(trusted, /then <code>&lt;img src=x onerror=alert\(1\)&gt;<\/code>/);
    assert.doesNotMatch(trusted, /<img/i);
  });

  test('strict Content-Security-Policy: no scripts, styles only from the webview and the nonce', () => {
    const html = explanationToHtml(hostileExplanation(), OPTS);
    const csp = /<meta http-equiv="Content-Security-Policy" content="([^"]*)">/.exec(html)?.[1];
    assert.equal(csp, `default-src 'none'; style-src ${OPTS.cspSource} 'nonce-${OPTS.nonce}'; img-src ${OPTS.cspSource};`);
    assert.doesNotMatch(html, /<script/i);
    assert.match(html, /<link rel="stylesheet" href="https:\/\/file\+\.vscode-resource\.vscode-cdn\.net\/ext\/media\/details\.css" nonce="abcDEF0123456789">/);
  });

  test('a nonce or source that could break out of the policy is dropped', () => {
    const html = explanationToHtml(hostileExplanation(), { cspSource: `x"; script-src *`, nonce: `a' 'unsafe-inline` });
    const csp = /<meta http-equiv="Content-Security-Policy" content="([^"]*)">/.exec(html)?.[1] ?? '';
    assert.doesNotMatch(csp, /unsafe-inline|nonce|"/);
    assert.equal(csp.split(';').filter((d) => d.trim()).length, 3);
    assert.doesNotMatch(html, /nonce="/);
  });

  test('an entry: everything the explanation holds appears, with the example body', () => {
    const entry = catalog.get('workflows:WF_1102')!;
    const e = explainEntry(entry, catalog, { examples: true });
    const html = explanationToHtml(e, OPTS);
    const text = textOf(html);
    for (const s of [e.title, e.subtitle, e.retry!, ...e.examples.map((x) => x.title)]) assert.ok(text.includes(s), `missing ${s}`);
    // Built-in prose may carry `code` spans: compare without the backticks.
    for (const s of [e.meaning!, e.resolution!, ...e.notes]) assert.ok(text.includes(s.replace(/`/g, '')), `missing ${s}`);
    assert.ok(text.includes(entry.examples![0].body), 'example body');
    assert.match(html, /<pre><code>\{\n {2}&quot;detail&quot;: &quot;Workflow not running&quot;,/);
    assert.match(text, /What it means/);
    assert.match(text, /What to do/);
    assert.match(text, /Workflows API · Workflow · HTTP 409/);
  });

  test('status causes, fields and retry numbers of a conditional entry', () => {
    const entry = catalog.get('workflows:WF_1200')!;
    const text = textOf(explanationToHtml(explainEntry(entry, catalog, { examples: true }), OPTS));
    for (const c of entry.statusCauses ?? []) assert.ok(text.includes(`${c.status}: ${c.cause.replace(/`/g, '')}`), `cause of ${c.status}`);
    assert.match(text, /Retry/);
  });

  test('a finding: the facts of this very body', () => {
    const [f] = scanText('{"error": "Insufficient credits. Required: 10, Available: 3", "insufficientCredits": true, "requiredCredits": 10, "availableCredits": 3}', catalog);
    const html = explanationToHtml(explainFinding(f, catalog, { examples: true }), OPTS);
    const text = textOf(html);
    assert.match(text, /In this body/);
    // Facts are data with the catalog's labels, one table row each (was the sentence "short by 7 credits").
    assert.match(html, /<th scope="row">Credits<\/th><td>short by 7 credits<\/td>/);
  });

  test('a user catalog entry with hostile prose renders as text', () => {
    const user = JSON.stringify({
      entries: [{ api: 'workflows', code: 'WF_1950', name: '<img src=x onerror=alert(1)>', statuses: [500], description: '</pre><script>alert(2)</script>', resolution: '`<b>x</b>`', examples: [{ title: 't', body: '</code></pre><script>alert(3)</script>' }] }],
    });
    const { catalog: merged } = mergeCatalogs(catalog, [{ file: 'file:///u.jsonc', text: user }]);
    const entry = merged.get('workflows:WF_1950');
    assert.ok(entry, 'user entry merged');
    const html = explanationToHtml(explainEntry(entry, merged, { examples: true }), OPTS);
    assert.doesNotMatch(html, /<img|<script|<b>/i);
    assert.match(html, /From a user catalog/);
    assert.ok(textOf(html).includes('</code></pre><script>alert(3)</script>'));
  });
});
