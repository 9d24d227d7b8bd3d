import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { loadBuiltinCatalog } from '../../src/core/catalog/catalog';
import { codeBlock, escapeMarkdown, inlineCode } from '../../src/core/render/escape';
import { explainEntry, explainFinding, toMarkdown, toText } from '../../src/core/render/explain';
import { relativeTime } from '../../src/core/render/messages';
import { scanText } from '../../src/core/engine/scan';

const catalog = loadBuiltinCatalog();
const NOW = Date.UTC(2024, 2, 21, 15, 56, 0); // 4 min before 1711036800

describe('explanations', () => {
  test('entry: title, API and category, meaning, what to do, retry with numbers', () => {
    const md = toMarkdown(explainEntry(catalog.findCode('WF_1103')!, catalog));
    assert.match(md, /^\*\*WF\\_1103 Platform Request Failed \\\(500\/504\\\)\*\*/);
    assert.match(md, /Workflows API · Workflow · HTTP 500\/504/);
    assert.match(md, /\*\*What it means:\*\*/);
    assert.match(md, /\*\*What to do:\*\*/);
    assert.match(md, /capped at 30 s, at most 5 attempts/);
  });

  test('orchestrator policy: documented numbers', () => {
    const t = toText(explainEntry(catalog.byStatus('orchestrator', 503)!, catalog));
    assert.match(t, /exponential backoff with full jitter, 1 s base, capped at 30 s, at most 5 attempts/);
    assert.doesNotMatch(t, /extension's default/);
  });

  test('finding: facts from this very body, relative retryAfter', () => {
    const [f] = scanText('{"error": "Too many workflow executions. Please try again later.", "retryAfter": 1711036800}', catalog);
    const t = toText(explainFinding(f, catalog, { now: NOW }));
    assert.match(t, /retryAfter: 2024-03-21T16:00:00Z \(in 4 min; Unix 1711036800\)/);
    const later = toText(explainFinding(f, catalog, { now: NOW + 2 * 3600 * 1000 + 4 * 60 * 1000 }));
    assert.match(later, /\(2 h ago;/);
  });

  test('5xx Workflows body names the server logs and the request id', () => {
    const [f] = scanText('X-Request-Id: abc-1\n{"detail": "An error occurred", "code": "WF_1600"}', catalog);
    const t = toText(explainFinding(f, catalog));
    assert.match(t, /only in the server’s logs/);
    assert.match(t, /Request id: abc-1 \(quote it to support\)/);
  });

  test('credits, validation paths, failed jobs', () => {
    const [credits] = scanText('{"error": "Insufficient credits. Required: 10, Available: 3", "insufficientCredits": true, "requiredCredits": 10, "availableCredits": 3, "breakdown": [{"nodeId": "node-1", "nodeLabel": "Text to Image", "credits": 10}]}', catalog);
    // Facts are data with the catalog's labels, one line each (was one "Credits: short by 7 credits, …" line).
    assert.match(toText(explainFinding(credits, catalog)), /Credits: short by 7 credits\n {2}Required credits: 10\n {2}Available credits: 3\n {2}Costs: Text to Image \(node-1\): 10 credits/);
    const [job] = scanText('{"status": "failed", "steps": [{"name": "0", "$type": "videoGen", "status": "failed", "jobs": [{"status": "failed", "reason": "blocked", "blockedReason": "nsfw"}]}]}', catalog);
    // One finding per failed job: its status, reason, blocked reason, step and path in the body, each on its line.
    const jobText = toText(explainFinding(job, catalog));
    assert.match(jobText, /Job status: failed\n {2}Reason: blocked\n {2}Blocked because: nsfw\n {2}Step: 0\n {2}Step type: videoGen\n/);
    assert.match(jobText, /Where in the body: steps\[0\]\.jobs\[0\]/);
  });
});

describe('untrusted text renders as plain text', () => {
  const hostile = [
    '[click](command:workbench.action.terminal.sendSequence?%7B%22text%22%3A%22rm%20-rf%22%7D)',
    '<img src=x onerror=alert(1)>',
    '`code` and ```fence```',
    '# Heading\n## another',
    '[x](javascript:alert(1))',
    'line\n\n---\n* item',
  ];
  for (const h of hostile) {
    test(JSON.stringify(h).slice(0, 40), () => {
      const [f] = scanText(JSON.stringify({ error: h, retryAfter: 1711036800 }), catalog);
      assert.ok(f, 'body found');
      const full = toMarkdown(explainFinding(f, catalog), [{ title: 'Open', command: 'errcode.openEntry', args: ['x'] }]);
      // Code spans render literally: check what is outside them.
      const md = full.replace(/(`+)[^`]*?\1/g, (span) => (span.includes('\n') ? span : ''));
      // The only link is ours; no raw HTML; no heading or rule starts a line.
      assert.deepEqual([...md.matchAll(/\]\((command|javascript):/g)].map((m) => m[1]), ['command']);
      assert.doesNotMatch(md, /<img/);
      assert.doesNotMatch(md, /^#/m);
      assert.doesNotMatch(md, /^---/m);
    });
  }

  test('escapeMarkdown escapes every markup character', () => {
    assert.equal(escapeMarkdown('a[b](c)'), 'a\\[b\\]\\(c\\)');
    assert.equal(escapeMarkdown('<b>'), '&lt;b&gt;');
    assert.equal(escapeMarkdown('x\ny'), 'x y');
  });

  test('code blocks cannot be closed from inside', () => {
    assert.equal(codeBlock('a ``` b'), '````\na ``` b\n````');
    assert.equal(inlineCode('a`b'), '``a`b``');
  });

  test('user catalog prose gets no code spans', () => {
    const entry = { ...catalog.findCode('WF_1100')!, description: 'see `[x](command:evil)`', source: 'team.jsonc' };
    const md = toMarkdown(explainEntry(entry, catalog));
    assert.doesNotMatch(md, /\]\(command:/);
  });
});

test('relative time', () => {
  assert.equal(relativeTime(1000 * 240, 0), 'in 4 min');
  assert.equal(relativeTime(0, 7200 * 1000), '2 h ago');
  assert.equal(relativeTime(0, 0), 'now');
});
