import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { loadBuiltinCatalog } from '../../src/core/catalog/catalog';
import { codeBlock, escapeMarkdown, inlineCode } from '../../src/core/render/escape';
import { explainEntry, explainFinding, toMarkdown, toText } from '../../src/core/render/explain';
import { relativeTime, summarize } from '../../src/core/render/messages';
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
    assert.match(toText(explainEntry(catalog.findCode('WF_1103')!, catalog)), /Retry: Retry with backoff\. Exponential backoff with full jitter: 500 milliseconds first, at most 30 seconds between attempts, 5 attempts in all\. These numbers are the extension’s defaults/);
  });

  test('orchestrator policy: documented numbers', () => {
    const t = toText(explainEntry(catalog.byStatus('orchestrator', 503)!, catalog));
    assert.match(t, /Exponential backoff with full jitter: 1 second first, at most 30 seconds between attempts, 5 attempts in all\./);
    assert.doesNotMatch(t, /extension’s defaults/);
  });

  test('a job reason is not named twice: no "blocked Blocked", no "expired Expired"', () => {
    for (const code of ['blocked', 'expired', 'timeout', 'canceled', 'no_provider_available']) {
      const e = catalog.entries.find((x) => x.api === 'orchestrator' && x.code === code)!;
      assert.equal(explainEntry(e, catalog).title, `Job reason ${code}`);
    }
    const [blocked] = scanText('{"jobs": [{"status": "failed", "reason": "blocked", "blockedReason": "nsfw"}]}', catalog);
    assert.equal(summarize(blocked, catalog), 'Orchestrator API job failed (reason: blocked): “nsfw”. Do not retry as-is.');
    const [expired] = scanText('{"jobs": [{"status": "expired", "reason": "expired"}]}', catalog);
    assert.equal(summarize(expired, catalog), 'Orchestrator API job expired (reason: expired). Retry with backoff.');
    const [generic] = scanText('{"jobs": [{"status": "failed"}]}', catalog);
    assert.equal(summarize(generic, catalog), 'Orchestrator API job failed without a reason. Safe to retry once.');
  });

  test('finding: facts from this very body, relative retryAfter', () => {
    const [f] = scanText('{"error": "Too many workflow executions. Please try again later.", "retryAfter": 1711036800}', catalog);
    const t = toText(explainFinding(f, catalog, { now: NOW }));
    assert.match(t, /retryAfter: Mar 21, 2024, 4:00:00 PM UTC \(in 4 minutes; Unix 1711036800\)/);
    const later = toText(explainFinding(f, catalog, { now: NOW + 2 * 3600 * 1000 + 4 * 60 * 1000 }));
    assert.match(later, /\(2 hours ago;/);
  });

  test('Retry-After in seconds is a duration in words', () => {
    const [f] = scanText('HTTP/1.1 429 Too Many Requests\nRetry-After: 120\n\n{"error": "Too many workflow executions. Please try again later."}', catalog);
    assert.match(toText(explainFinding(f, catalog)), /Retry-After: 2 minutes \(from the response\)/);
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

describe('what a retry handler does, in the explanation', () => {
  const catalog = loadBuiltinCatalog();
  test('WF_1200 on 503: the minimum wait, and that its number is the extension\'s reading', () => {
    const [f] = scanText('HTTP 503 {"detail": "search attributes not ready", "code": "WF_1200"}', catalog);
    const text = toText(explainFinding(f, catalog));
    assert.match(text, /Wait at least 3 seconds before retrying: the documentation gives no number, 3 seconds is the extension’s reading\./);
    const [g] = scanText('HTTP 422 {"detail": "bad cron", "code": "WF_1200"}', catalog);
    assert.doesNotMatch(toText(explainFinding(g, catalog)), /Wait at least/, 'no retry on 422: no wait to state');
  });
  test('Orchestrator 409 and WF_1101: the outcomes a handler reports', () => {
    assert.match(toText(explainEntry(catalog.byStatus('orchestrator', 409)!, catalog)), /returns a “reconcile” outcome, or calls the reconcile hook/);
    assert.match(toText(explainEntry(catalog.findCode('WF_1101')!, catalog)), /an earlier attempt probably took effect/);
  });
});

describe('a hover under its diagnostic line', () => {
  const hover = (text: string, diagnosticShown: boolean): { md: string; line: string } => {
    const [f] = scanText(text, catalog);
    return { md: toMarkdown(explainFinding(f, catalog), [], { diagnosticShown }), line: summarize(f, catalog) };
  };

  test('leaves out the title, the retry advice, the quoted message and the status the line gives', () => {
    const body = 'HTTP/1.1 504 Gateway Timeout\n{"detail": "An error occurred", "code": "WF_1103"}';
    const alone = hover(body, false);
    const under = hover(body, true);
    assert.equal(alone.line, 'Workflows API error WF_1103 Platform Request Failed (HTTP 504): “An error occurred”. Retry with backoff.');
    assert.match(alone.md, /^\*\*WF\\_1103 Platform Request Failed \\\(504\\\)\*\*/);
    assert.match(alone.md, /\*\*Retry:\*\* Retry with backoff\./);
    assert.match(alone.md, /- \*\*Detail:\*\* `An error occurred`/);
    assert.doesNotMatch(under.md, /Platform Request Failed/);
    assert.doesNotMatch(under.md, /Retry with backoff/);
    assert.doesNotMatch(under.md, /An error occurred`/);
    // What the line does not say stays: the meaning, what to do, the policy's numbers, the cause of a 504.
    assert.match(under.md, /^\*\*What it means:\*\*/);
    assert.match(under.md, /\*\*Retry:\*\* Exponential backoff/);
    assert.match(under.md, /\*\*Status 504:\*\* Deadline exceeded/);
  });

  test('a failed job: status, reason and blocked reason are in the line, the step is not', () => {
    const { md, line } = hover('{"steps": [{"name": "0", "$type": "videoGen", "status": "failed", "jobs": [{"status": "failed", "reason": "blocked", "blockedReason": "nsfw"}]}]}', true);
    assert.match(line, /job failed \(reason: blocked\): “nsfw”/);
    assert.doesNotMatch(md, /Job status|Reason:|Blocked because/);
    assert.match(md, /\*\*Step type:\*\* `videoGen`/);
  });

  test('a message cut short in the line is still shown whole', () => {
    const long = 'Cannot save workflow with 0 nodes and 0 edges. This appears to be a frontend bug. Reload the page.';
    const { md, line } = hover(JSON.stringify({ error: long }), true);
    assert.match(line, /frontend bu…”/);
    assert.match(md, /Reload the page\.`/);
  });
});

describe('no empty sections', () => {
  test('a bare code in source: no "In this body:", no heading without lines', () => {
    const [f] = scanText('if (e.code === "WF_1103") retry()', catalog);
    for (const diagnosticShown of [false, true]) {
      const md = toMarkdown(explainFinding(f, catalog), [], { diagnosticShown });
      assert.doesNotMatch(md, /In this body|Nearby/);
      // Every bold heading is followed by text on its line.
      for (const m of md.matchAll(/^\*\*([^*]+)\*\*(.*)$/gm)) assert.ok(m[2].trim().length > 0 || /^\*\*[^*]+\*\* {2}$/.test(m[0]), m[0]);
    }
    assert.doesNotMatch(toText(explainFinding(f, catalog)), /In this body|Nearby/);
  });

  test('a bare code in a log: what was read around it is "Nearby", not "In this body"', () => {
    const [f] = scanText('2024-03-21T16:00:00Z request_id=req_42 ERROR WF_1103', catalog);
    const md = toMarkdown(explainFinding(f, catalog));
    assert.match(md, /\*\*Nearby:\*\*/);
    assert.doesNotMatch(md, /In this body/);
  });

  test('an unknown code offers its suggestions with names, once', () => {
    const [f] = scanText('x WF_1110 y', catalog);
    const md = toMarkdown(explainFinding(f, catalog));
    assert.match(md, /\*\*Did you mean:\*\* WF\\_1101 Workflow Already Started or WF\\_1100 Workflow Not Found/);
    assert.doesNotMatch(md, /In this body/);
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
  assert.equal(relativeTime(1000 * 240, 0), 'in 4 minutes');
  assert.equal(relativeTime(0, 7200 * 1000), '2 hours ago');
  assert.equal(relativeTime(0, 0), 'now');
});
