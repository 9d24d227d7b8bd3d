// Localisation: every string the core passes to l10n.t (its sources and the built-in catalog's prose)
// has a Simplified Chinese translation that keeps placeholders, codes and numbers; explanations
// rendered with that bundle are Chinese; numbers, durations, dates and plurals follow the language.
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { after, describe, test } from 'node:test';
import { loadBuiltinCatalog } from '../../src/core/catalog/catalog';
import { mergeCatalogs } from '../../src/core/catalog/catalogFile';
import { sniff } from '../../src/core/engine/encoding';
import { scanText } from '../../src/core/engine/scan';
import { explainEntry, explainFinding, toMarkdown, toText } from '../../src/core/render/explain';
import { explanationToHtml } from '../../src/core/render/html';
import { bundleCandidates, formatDuration, formatNumber, localeFromEnv, relativeTime, setDisplayLanguage } from '../../src/core/render/locale';
import { LogTally, logSummaryMarkdown } from '../../src/core/render/logSummary';
import { policyText, summarize } from '../../src/core/render/messages';
import { supportReport } from '../../src/core/render/report';
import { allKeys, root } from './support/l10nKeys';

const ZH_FILE = path.join(root, 'l10n', 'bundle.l10n.zh-cn.json');
const zh = JSON.parse(fs.readFileSync(ZH_FILE, 'utf8')) as Record<string, string>;
const catalog = loadBuiltinCatalog();
const CJK = /[\u3400-\u9fff]/;

/** Keys that stay as they are in every language: names of headers, fields and the word API. */
const SAME_IN_EVERY_LANGUAGE = new Set(['Retry-After', 'X-RateLimit-Reset', 'retryAfter', 'extensions.code', 'API', 'Unix {unix}', '{code} {name}', '{status} {name}', 'HTTP {status} {name}']);

/** What a translation must keep from its key: placeholders, code spans, codes, statuses, numbers, field and header names. */
function protectedTokens(text: string): string[] {
  const patterns = [
    /\{[^{}]*\}/g, // placeholders, `{}` included
    /`[^`]*`/g, // code spans
    /\b[A-Z]{2,}_\w+\b/g, // WF_1001, WF_XXXX
    /\b\d+(?:xx)?\b/g, // 429, 5xx, 30, 0
    /\b[a-z]+(?:_[a-z]+)+\b/g, // valid_reset_events, no_provider_available
    /\b[a-z]+[A-Z]\w*\b/g, // retryAfter, blockedReason, nodeLabel
    /\b[a-z]+\.[a-z]+\b/g, // response.data, extensions.code
    /\b[A-Z][a-z]*(?:-[A-Z][A-Za-z]*)+\b/g, // X-Request-Id, Retry-After
  ];
  return patterns.flatMap((re) => text.match(re) ?? []);
}

describe('the Simplified Chinese bundle', () => {
  const { keys, dynamic } = allKeys();

  test('only catalogText passes a non-literal message to l10n.t', () => {
    assert.deepEqual(dynamic.map((d) => d.replace(/:\d+$/, '')), [path.join('src', 'core', 'render', 'locale.ts')]);
  });

  test('has every string the core renders and every string of the built-in catalogs', () => {
    assert.ok(keys.size > 300, `${keys.size} keys collected`);
    const missing = [...keys].filter(([k]) => typeof zh[k] !== 'string' || !zh[k]).map(([k, where]) => `${where}: ${JSON.stringify(k)}`);
    assert.deepEqual(missing, [], `missing from ${path.relative(root, ZH_FILE)}`);
  });

  test('has no stale key', () => {
    assert.deepEqual(Object.keys(zh).filter((k) => !keys.has(k)), []);
  });

  test('keeps placeholders, codes, statuses, numbers and names, and is Chinese', () => {
    const bad: string[] = [];
    for (const [k, v] of Object.entries(zh)) {
      for (const token of protectedTokens(k)) if (!v.includes(token)) bad.push(`${JSON.stringify(k)} lost ${token}`);
      const extra = (v.match(/\{[^{}]*\}/g) ?? []).filter((p) => !k.includes(p));
      if (extra.length) bad.push(`${JSON.stringify(k)} has unknown placeholders ${extra.join(' ')}`);
      // Words become Chinese; a key of placeholders and punctuation only must at least change (`{first}{second}`).
      const words = /[A-Za-z]{2,}/.test(k.replace(/\{[^{}]*\}/g, ''));
      const translated = words ? /[\u3000-\u303f\u3400-\u9fff\uff00-\uffef]/.test(v) : v !== k;
      if (!translated && !SAME_IN_EVERY_LANGUAGE.has(k)) bad.push(`${JSON.stringify(k)} is not translated`);
    }
    assert.deepEqual(bad, []);
  });
});

describe('rendered in Simplified Chinese', () => {
  after(() => setDisplayLanguage('en'));
  const NOW = Date.UTC(2024, 2, 21, 15, 56, 0);

  /** English left in a rendering once code spans, code blocks, quotes and values are taken out: a sentence of three words or more. */
  function englishLeft(text: string): string[] {
    const names = ['Workflows API', 'Wireflow API', 'Flows GraphQL API', 'Orchestrator API', 'Ledger API'];
    let t = text
      .replace(/(`{3,})[\s\S]*?\1/g, ' ')
      .replace(/(`+)[^`]*?\1/g, ' ')
      .replace(/“[^”]*”/g, ' ')
      .replace(/"[^"]*"/g, ' ')
      .replace(/<[^>]*>/g, ' ')
      .replace(/\\(.)/g, '$1');
    for (const n of names) t = t.split(n).join(' ');
    return t.match(/[A-Za-z][A-Za-z'’-]+(?: [A-Za-z][A-Za-z'’-]+){2,}/g) ?? [];
  }

  test('every built-in entry: Markdown, text and HTML are Chinese with codes and statuses intact', () => {
    setDisplayLanguage('zh-cn', zh);
    const leftovers: string[] = [];
    for (const entry of catalog.entries) {
      const e = explainEntry(entry, catalog, { examples: true });
      const md = toMarkdown(e);
      const text = toText(e);
      const html = explanationToHtml(e, { cspSource: 'vscode-resource:' });
      for (const out of [md, text, html]) {
        assert.match(out, CJK, entry.id);
        assert.ok(out.includes(entry.code.replace(/_/g, out === md ? '\\_' : '_')), `${entry.id}: its code`);
        for (const s of entry.statuses) assert.ok(out.includes(String(s)), `${entry.id}: status ${s}`);
      }
      assert.match(html, /<html lang="zh-CN">/);
      for (const x of englishLeft(text)) leftovers.push(`${entry.id}: ${x}`);
    }
    // Technical names stay as they are (Studio → Settings → API Keys, Limits & Quotas, Platform Status, …).
    const allowed = /^(?:Studio|Settings|API Keys|Limits|Quotas|Platform Status|Rate Limits|Workflows Dashboard|Bearer|Authorization|Python SDK|ProblemDetails|ValidationProblemDetails|application|problem|json|RFC|JSON|Pointer|Connect|Tempo|GetBlob|DeleteWorkflow)/;
    assert.deepEqual(leftovers.filter((l) => !l.split(': ')[1].split(' ').every((w) => allowed.test(w))), []);
  });

  test('one-line messages and facts: Chinese words, the same codes, statuses and numbers', () => {
    setDisplayLanguage('zh-cn', zh);
    const [wf] = scanText('HTTP/1.1 504 Gateway Timeout\n{"detail": "An error occurred", "code": "WF_1103"}', catalog);
    assert.equal(summarize(wf, catalog), 'Workflows API 错误 WF_1103 平台请求失败（HTTP 504）：“An error occurred”。请退避后重试。');
    const [job] = scanText('{"jobs": [{"status": "failed", "reason": "blocked", "blockedReason": "nsfw"}]}', catalog);
    assert.equal(summarize(job, catalog), 'Orchestrator API 作业状态为 failed（原因：blocked）：“nsfw”。不要原样重试。');
    const [unknown] = scanText('x WF_1110 y', catalog);
    assert.match(summarize(unknown, catalog), /^WF_1110 位于 工作流 区间，但不在 Workflows API 目录中；你是否指的是 WF_110\d或WF_110\d？$/);

    const [credits] = scanText('{"error": "Insufficient credits. Required: 10, Available: 3", "insufficientCredits": true, "requiredCredits": 10, "availableCredits": 3, "breakdown": [{"nodeId": "node-1", "nodeLabel": "Text to Image", "credits": 10}]}', catalog);
    const text = toText(explainFinding(credits, catalog));
    assert.match(text, /积分：还差 7 积分/);
    assert.match(text, /费用：Text to Image（node-1）：10 积分/);
    assert.match(text, /^402 需要付费$/m);

    const [limited] = scanText('HTTP/1.1 429 Too Many Requests\nRetry-After: 120\n\n{"error": "Too many workflow executions. Please try again later.", "retryAfter": 1711036800}', catalog);
    const limitedText = toText(explainFinding(limited, catalog, { now: NOW }));
    assert.match(limitedText, /Retry-After：2分钟（来自响应）/);
    assert.match(limitedText, /retryAfter：2024年3月21日 UTC 16:00:00（4分钟后；Unix 1711036800）/);
    assert.match(limitedText, /两次尝试之间最多 30秒钟，总共尝试 5 次/);
  });

  test('the log summary and the support report', () => {
    setDisplayLanguage('zh-cn', zh);
    const tally = new LogTally(catalog);
    const text = 'a WF_1103\nb WF_1103\nc WF_1110\n';
    for (const f of scanText(text, catalog)) tally.add({ finding: f, line: text.slice(0, f.start).split('\n').length, column: 3, endLine: 1, endColumn: 10 });
    const md = logSummaryMarkdown(tally, { file: 'app.log', bytes: 63_000_000, size: 63_000_000, ms: 1500, cancelled: false }, catalog);
    assert.match(md, /^# app\.log 中的错误/);
    assert.match(md, /\*\*发现：\*\* 3 个错误，2 个不同代码/);
    assert.match(md, /63,000,000 字节/);
    assert.match(md, /\| WF\\_1103 \| 平台请求失败 \| Workflows API \| 2 \| 1 \|/);
    const report = supportReport(scanText(text, catalog)[0], catalog, text);
    assert.match(report, /^API：Workflows API\n错误：WF_1103（平台请求失败）\nHTTP 状态：未知\n/);
  });

  test('user catalog problems and binary-file reasons', () => {
    setDisplayLanguage('zh-cn', zh);
    const text = '{"entries": [{"api": "flows", "code": 12}, {"api": "nope", "code": "X", "name": "X"}, {"api": "workflows", "code": "WF_1103", "name": "x"}], "apis": [{"id": "y", "name": "Y", "codePattern": "(a+)+"}]}';
    const { problems } = mergeCatalogs(catalog, [{ file: 'mine.jsonc', text }]);
    assert.deepEqual(
      problems.map((p) => `${p.line}:${p.column} ${p.severity} ${p.message}`),
      [
        '1:14 error entries[0]：缺少必需的属性 "name"',
        '1:39 error entries[0].code 必须是字符串，而不是整数',
        '1:191 error apis[0].codePattern：不安全的正则表达式：重复的分组内部又有重复（可能耗费指数级时间）',
        '1:68 error X 的 api "nope" 未知；请使用内置 API（workflows, wireflow, flows, orchestrator），或在 "apis" 下定义它',
        '1:116 error WF_1103 是内置的 workflows 条目；已拒绝（设置 "override": true 可替换它）',
      ],
    );
    assert.deepEqual(sniff(new Uint8Array([0x61, 0x62, 0, 0x63])), { kind: 'binary', reason: '偏移 2 处有 NUL 字节' });
    assert.deepEqual(sniff(new Uint8Array([0x61, 1, 2, 3])), { kind: 'binary', reason: '75% 为控制字节' });
  });

  test('a broken or empty bundle leaves English words; a bad locale is English', () => {
    for (const bundle of ['{not json', '[]', '{"Retry with backoff.": 42}', undefined]) {
      setDisplayLanguage('zh-cn', bundle);
      const [wf] = scanText('x WF_1103', catalog);
      assert.match(summarize(wf, catalog), /Retry with backoff\.$/);
    }
    setDisplayLanguage('not a locale!!', zh);
    assert.equal(formatNumber(1234.5), '1,234.5');
  });
});

describe('numbers, durations, dates and plurals follow the display language', () => {
  after(() => setDisplayLanguage('en'));

  test('English', () => {
    setDisplayLanguage('en');
    assert.equal(formatNumber(1234567.5), '1,234,567.5');
    assert.equal(formatDuration(120), '2 minutes');
    assert.equal(formatDuration(90), '90 seconds');
    assert.equal(formatDuration(0.5), '500 milliseconds');
    assert.equal(formatDuration(7200), '2 hours');
    assert.equal(relativeTime(240_000, 0), 'in 4 minutes');
    const policy = { strategy: 'exponential-jitter', baseDelayMs: 1000, capSeconds: 30, jitter: 'full', documented: true } as const;
    assert.match(policyText({ ...policy, maxAttempts: 1 }), /1 attempt in all\.$/);
    assert.match(policyText({ ...policy, maxAttempts: 2 }), /2 attempts in all\.$/);
  });

  test('German numbers with English words (no German bundle)', () => {
    setDisplayLanguage('de');
    assert.equal(formatNumber(1234567.5), '1.234.567,5');
    assert.equal(formatDuration(120), '2 Minuten');
    // The words are English, so English plural rules pick the message.
    const policy = { strategy: 'fixed', baseDelayMs: 1000, capSeconds: 30, jitter: 'none', documented: true, maxAttempts: 1 } as const;
    assert.match(policyText(policy), /1 attempt in all\.$/);
  });

  test('Chinese', () => {
    setDisplayLanguage('zh-cn', zh);
    assert.equal(formatDuration(120), '2分钟');
    assert.equal(relativeTime(0, 7_200_000), '2小时前');
  });
});

describe('the CLI locale', () => {
  test('LC_ALL, then LC_MESSAGES, then LANG; C and POSIX are English', () => {
    assert.equal(localeFromEnv({ LANG: 'zh_CN.UTF-8' }), 'zh-cn');
    assert.equal(localeFromEnv({ LC_ALL: 'de_DE.UTF-8', LC_MESSAGES: 'fr_FR', LANG: 'zh_CN' }), 'de-de');
    assert.equal(localeFromEnv({ LC_MESSAGES: 'fr_FR@euro', LANG: 'zh_CN' }), 'fr-fr');
    assert.equal(localeFromEnv({ LC_ALL: 'C', LANG: 'zh_CN.UTF-8' }), 'en');
    assert.equal(localeFromEnv({ LANG: 'POSIX' }), 'en');
    assert.equal(localeFromEnv({}), 'en');
    assert.equal(localeFromEnv({ LANG: '!!' }), 'en');
  });

  test('bundle files to try, most specific first', () => {
    assert.deepEqual(bundleCandidates('zh-cn'), ['bundle.l10n.zh-cn.json', 'bundle.l10n.zh.json']);
    assert.deepEqual(bundleCandidates('en-us'), []);
  });
});

describe('the manifest in Simplified Chinese', () => {
  const pkg = JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8'));
  const nls = JSON.parse(fs.readFileSync(path.join(root, 'package.nls.json'), 'utf8')) as Record<string, string>;
  const nlsZh = JSON.parse(fs.readFileSync(path.join(root, 'package.nls.zh-cn.json'), 'utf8')) as Record<string, string>;

  test('every user-visible manifest string is a %key%', () => {
    assert.equal(pkg.displayName, '%errcode.displayName%');
    assert.equal(pkg.description, '%errcode.description%');
    const literal: string[] = [];
    const c = pkg.contributes;
    for (const x of c.commands) for (const k of ['title', 'category']) if (!/^%.+%$/.test(x[k])) literal.push(`${x.command}.${k}`);
    for (const x of c.viewsContainers.activitybar) if (!/^%.+%$/.test(x.title)) literal.push(`${x.id}.title`);
    for (const views of Object.values(c.views) as { id: string; name: string; contextualTitle?: string }[][]) {
      for (const v of views) for (const k of ['name', 'contextualTitle'] as const) if (v[k] !== undefined && !/^%.+%$/.test(v[k]!)) literal.push(`${v.id}.${k}`);
    }
    for (const w of c.viewsWelcome) if (!/^%.+%$/.test(w.contents)) literal.push(`${w.view}.contents`);
    if (!/^%.+%$/.test(c.configuration.title)) literal.push('configuration.title');
    for (const [id, p] of Object.entries(c.configuration.properties) as [string, { description?: string; markdownDescription?: string }][]) {
      const d = p.description ?? p.markdownDescription;
      if (!d || !/^%.+%$/.test(d)) literal.push(id);
    }
    if (!/^%.+%$/.test(pkg.capabilities.untrustedWorkspaces.description)) literal.push('untrustedWorkspaces.description');
    assert.deepEqual(literal, []);
  });

  test('package.nls.zh-cn.json translates every key of package.nls.json, keeping command links and setting names', () => {
    assert.deepEqual(Object.keys(nlsZh).sort(), Object.keys(nls).sort());
    for (const [k, v] of Object.entries(nls)) {
      assert.match(nlsZh[k], CJK, k);
      for (const token of [...(v.match(/\(command:[\w.]+\)|`[^`]*`|\.\w+\b|\d[\d,]*/g) ?? [])]) assert.ok(nlsZh[k].includes(token), `${k} keeps ${token}`);
    }
  });

  test('the bundles ship: "l10n" points at them and .vscodeignore re-includes them', () => {
    assert.equal(pkg.l10n, './l10n');
    assert.ok(fs.existsSync(path.join(root, 'l10n', 'bundle.l10n.zh-cn.json')));
    const ignore = fs.readFileSync(path.join(root, '.vscodeignore'), 'utf8').split('\n');
    assert.ok(ignore.includes('!l10n/*.json'));
    assert.ok(ignore.includes('!package.nls.*.json'));
  });
});
