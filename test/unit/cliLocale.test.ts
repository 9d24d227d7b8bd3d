// The CLI's words follow LC_ALL / LC_MESSAGES / LANG as the editor's follow its display language: run
// as a user runs it (`node dist/cli.js`, built by `node esbuild.js`), with the package's l10n/ bundles.
// Rule ids, codes, severities and JSON field names stay the same in every language.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { after, describe, test } from 'node:test';
import { root } from './support/l10nKeys';

const cli = path.join(root, 'dist/cli.js');
const FIXTURE = path.join(root, 'test/fixtures/workspace/features/gateway.log');
const CJK = /[\u3400-\u9fff]/;

/** The CLI with exactly these locale variables (none inherited from the machine). */
function run(args: string[], locale: Record<string, string>, cliPath = cli): { code: number | null; stdout: string; stderr: string } {
  const env: Record<string, string | undefined> = { ...process.env, LANG: undefined, LC_ALL: undefined, LC_MESSAGES: undefined, LANGUAGE: undefined, ...locale };
  const r = spawnSync(process.execPath, [cliPath, ...args], { encoding: 'utf8', cwd: root, env: env as NodeJS.ProcessEnv });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

interface Row {
  rule: string;
  code: string | null;
  severity: string;
  line: number;
  message: string;
}

function rows(locale: Record<string, string>): Row[] {
  const r = run(['scan', '--format', 'json', FIXTURE], locale);
  assert.equal(r.stderr, '');
  const out = JSON.parse(r.stdout) as { files: { findings: Row[] }[] };
  return out.files[0].findings;
}

describe('the CLI in the locale of its environment', () => {
  test('LANG=zh_CN.UTF-8: Chinese messages, the same rule ids, codes, severities and lines as in English', () => {
    const zh = rows({ LANG: 'zh_CN.UTF-8' });
    const en = rows({ LC_ALL: 'C' });
    assert.ok(zh.length > 0);
    const facts = (rs: Row[]) => rs.map(({ rule, code, severity, line }) => ({ rule, code, severity, line }));
    assert.deepEqual(facts(zh), facts(en));
    for (const [i, row] of zh.entries()) {
      assert.match(row.message, CJK, `Chinese: ${row.message}`);
      assert.doesNotMatch(en[i].message, CJK, `English: ${en[i].message}`);
      if (row.code) assert.ok(row.message.includes(row.code), `${row.message} keeps ${row.code}`);
    }
    assert.ok(zh.some((r) => r.code === 'WF_1100'));
  });

  test('LC_ALL wins over LANG; C is English; LC_MESSAGES is read', () => {
    const text = (locale: Record<string, string>) => run(['scan', FIXTURE], locale).stdout;
    const english = text({ LC_ALL: 'C' });
    assert.equal(text({ LC_ALL: 'C', LANG: 'zh_CN.UTF-8' }), english);
    assert.match(text({ LC_MESSAGES: 'zh_CN.UTF-8' }), CJK);
    // The compiler-style line keeps its English severity and rule id, which CI tools parse.
    const zhLine = text({ LANG: 'zh_CN.UTF-8' }).split('\n')[0];
    assert.match(zhLine, /^\S+gateway\.log:\d+:\d+: (error|warning|information|hint): .*[\u3400-\u9fff].* \[[\w/.-]+\]$/);
  });

  test('usage errors, explain and help are Chinese too', () => {
    const typo = run(['explain', 'WF_1110'], { LANG: 'zh_CN.UTF-8' });
    assert.equal(typo.code, 2);
    assert.equal(typo.stderr, 'errcode: WF_1110 位于 工作流 区间，但不在 Workflows API 目录中；你是否指的是 WF_1101或WF_1100？\n');
    const bad = run(['scan', '--jobs', '3', FIXTURE], { LANG: 'zh_CN.UTF-8' });
    assert.equal(bad.stderr, 'errcode: --jobs 必须是 1 或 2，而不是 "3"\n');
    const missing = run(['scan', '/nonexistent/x.log'], { LANG: 'zh_CN.UTF-8' });
    assert.equal(missing.stderr, 'errcode: /nonexistent/x.log：文件不存在，已跳过\n');
    assert.match(run(['explain', 'WF_1100'], { LANG: 'zh_CN.UTF-8' }).stdout, CJK);
    assert.match(run(['--help'], { LANG: 'zh_CN.UTF-8' }).stdout, /^errcode 0\.1\.0：解释/);
    assert.match(run(['--help'], { LANG: 'en_US.UTF-8' }).stdout, /^errcode 0\.1\.0: explains/);
  });

  test('a broken user catalog: its problems are Chinese, at the same places, with the compiler-style severity kept', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'errcode-catalog-'));
    try {
      const file = path.join(dir, 'bad.jsonc');
      fs.writeFileSync(file, '{"entries": [{"api": "flows", "code": 12, "nme": "x"}], "apis": [{"id": "x", "name": "X", "codePattern": "(a+)+"}]}');
      const zh = run(['catalog', '--catalog', file], { LANG: 'zh_CN.UTF-8' });
      const en = run(['catalog', '--catalog', file], { LC_ALL: 'C' });
      assert.equal(zh.code, 2);
      const lines = (stderr: string) => stderr.trimEnd().split('\n');
      const where = (line: string) => line.replace(/^(\S+:\d+:\d+: (?:error|warning): ).*$/, '$1');
      assert.deepEqual(lines(zh.stderr).slice(0, -1).map(where), lines(en.stderr).slice(0, -1).map(where));
      assert.deepEqual(lines(zh.stderr).slice(0, -1).map((l) => l.slice(where(l).length)), [
        'entries[0]：缺少必需的属性 "name"',
        'entries[0].code 必须是字符串，而不是整数',
        'entries[0].nme：未知属性（已忽略）',
        'apis[0].codePattern：不安全的正则表达式：重复的分组内部又有重复（可能耗费指数级时间）',
      ]);
      assert.match(en.stderr, /entries\[0\]\.code must be a string, not integer\n/);
      fs.writeFileSync(file, '{"entries": [');
      assert.match(run(['catalog', '--catalog', file], { LANG: 'zh_CN.UTF-8' }).stderr, /bad\.jsonc:1:14: error: 语法错误：此处应为右方括号\n/);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  describe('a missing or broken bundle is English, never a crash', () => {
    // A copy of the CLI next to its own l10n/ folder, as the package lays them out (dist/cli.js, l10n/).
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'errcode-l10n-'));
    after(() => fs.rmSync(dir, { recursive: true, force: true }));
    fs.mkdirSync(path.join(dir, 'dist'));
    fs.mkdirSync(path.join(dir, 'l10n'));
    const copy = path.join(dir, 'dist', 'cli.js');
    fs.copyFileSync(cli, copy);

    test('no bundle for the locale', () => {
      const r = run(['explain', 'WF_1110'], { LANG: 'zh_CN.UTF-8' }, copy);
      assert.equal(r.code, 2);
      assert.match(r.stderr, /^errcode: WF_1110 is in the Workflow range but not in the Workflows API catalog; did you mean/);
    });

    test('a broken zh-cn bundle falls back to zh, then English', () => {
      fs.writeFileSync(path.join(dir, 'l10n', 'bundle.l10n.zh-cn.json'), '{not json');
      assert.match(run(['explain', 'WF_1110'], { LANG: 'zh_CN.UTF-8' }, copy).stderr, /^errcode: WF_1110 is in the Workflow range/);
      fs.writeFileSync(path.join(dir, 'l10n', 'bundle.l10n.zh.json'), JSON.stringify({ 'catalog takes no arguments': '目录命令不接受参数' }));
      assert.equal(run(['catalog', 'x'], { LANG: 'zh_CN.UTF-8' }, copy).stderr, 'errcode: 目录命令不接受参数\n');
    });
  });
});
