// The errcode CLI, run as a user runs it: `node dist/cli.js` (built by `node esbuild.js`).
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { describe, test } from 'node:test';

const root = path.resolve(__dirname, '../../..');
const cli = path.join(root, 'dist/cli.js');
const samples = path.join(root, 'samples');

function run(args: string[], input?: string | Buffer, env?: Record<string, string>): { code: number | null; stdout: string; stderr: string } {
  const r = spawnSync(process.execPath, [cli, ...args], { input, encoding: 'utf8', cwd: root, env: { ...process.env, LC_ALL: 'C', ...env } /* English words, whatever the machine's locale */, maxBuffer: 64 * 1024 * 1024 });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

function tmp(name: string, content: string | Buffer): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'errcode-'));
  const p = path.join(dir, name);
  fs.writeFileSync(p, content);
  return p;
}

describe('errcode scan', () => {
  test('text output is compiler-style, one line per finding, exit 1', () => {
    const file = tmp('a.log', 'ok\nERROR retrying after WF_1103\nstatus=401 {"error": "Invalid API key"}\n');
    const r = run(['scan', file]);
    assert.equal(r.code, 1, r.stderr);
    // Messages name the API, and each line ends with the finding's rule id.
    assert.deepEqual(r.stdout.trim().split('\n'), [
      `${file}:2:22: warning: Workflows API error WF_1103 Platform Request Failed (HTTP 500 or 504). Retry with backoff. [workflows/WF_1103]`,
      `${file}:3:12: error: Wireflow API responded 401 Unauthorized: “Invalid API key”. Do not retry as-is. [wireflow/401]`,
    ]);
  });

  test('json output is exactly one object of the documented shape', () => {
    const file = tmp('b.log', 'x {"detail": "Workflow execution not found", "code": "WF_1100"}\n');
    const r = run(['scan', '--format', 'json', file]);
    assert.equal(r.code, 1);
    const out = JSON.parse(r.stdout);
    assert.deepEqual(out, {
      files: [
        {
          path: file,
          findings: [
            // The shape now also has `rule`, `notation` and `facts`; the message names the API.
            {
              line: 1, column: 3, endLine: 1, endColumn: 64, rule: 'workflows/WF_1100', api: 'workflows', kind: 'body', code: 'WF_1100', status: 404,
              entry: 'workflows:WF_1100', severity: 'error', retry: 'no',
              message: 'Workflows API error WF_1100 Workflow Not Found (HTTP 404): “Workflow execution not found”. Do not retry as-is.',
              notation: ['json'],
              facts: [{ label: 'Detail', kind: 'code', value: 'Workflow execution not found' }],
            },
          ],
        },
      ],
    });
  });

  test('a clean file exits 0 with no output; stdin works', () => {
    const r = run(['scan', '-'], 'all good\n');
    assert.equal(r.code, 0);
    assert.equal(r.stdout, '');
  });

  test('scans the realistic sample logs of all four APIs', () => {
    const r = run(['scan', '--format', 'json', path.join(samples, 'logs/api-gateway.log'), path.join(samples, 'logs/structured.jsonl'), path.join(samples, 'logs/worker.log')]);
    assert.equal(r.code, 1, r.stderr);
    const out = JSON.parse(r.stdout) as { files: { findings: { api: string; code: string | null }[] }[] };
    const apis = new Set(out.files.flatMap((f) => f.findings.map((x) => x.api)));
    assert.deepEqual([...apis].sort(), ['flows', 'orchestrator', 'wireflow', 'workflows']);
    const codes = out.files.flatMap((f) => f.findings.map((x) => x.code));
    for (const c of ['WF_1102', 'WF_1100', 'WF_1001', 'WF_1103', 'WF_1200', 'WF_1104', 'WF_1110', '429', '402', '401', 'BAD_USER_INPUT', '400', 'no_provider_available', 'WF_1201', '403', 'timeout', 'RATE_LIMITED', 'blocked', '500', 'WF_1600']) {
      assert.ok(codes.includes(c), `missing ${c} in ${codes.join(',')}`);
    }
  });

  test('bodies split across stream chunks are found once', () => {
    const body = '{\n' + '  "detail": "Workflow execution not found",\n'.repeat(1) + '  "code": "WF_1100"\n}\n';
    const filler = 'x'.repeat(100) + '\n';
    // ~9 MB so the body sits on the CLI's 4 MB read-chunk boundaries.
    let text = '';
    for (let i = 0; i < 90000; i++) text += i % 30000 === 29999 ? body : filler;
    const file = tmp('big.log', text);
    const r = run(['scan', '--format', 'json', file]);
    const out = JSON.parse(r.stdout) as { files: { findings: { line: number; code: string }[] }[] };
    assert.deepEqual(out.files[0].findings.map((f) => f.code), ['WF_1100', 'WF_1100', 'WF_1100']);
    const lines = text.split('\n');
    for (const f of out.files[0].findings) assert.equal(lines[f.line - 1], '{');
  });
});

test('two worker threads on halves of a big file report exactly what one thread reports', () => {
  const samples = ['api-gateway.log', 'structured.jsonl', 'worker.log'].map((f) => fs.readFileSync(path.join(root, 'samples/logs', f), 'utf8')).join('');
  const file = tmp('parallel.log', samples.repeat(200));
  const sequential = run(['scan', '--format', 'json', file]);
  const parallel = run(['scan', '--jobs', '2', '--format', 'json', file], undefined, { ERRCODE_PARALLEL_MIN_BYTES: '1' });
  assert.equal(parallel.code, 1, parallel.stderr);
  const a = JSON.parse(sequential.stdout) as { files: { findings: unknown[] }[] };
  assert.ok(a.files[0].findings.length >= 4000, String(a.files[0].findings.length));
  assert.deepEqual(JSON.parse(parallel.stdout), a);
  assert.equal(run(['scan', '--jobs', '2', file], undefined, { ERRCODE_PARALLEL_MIN_BYTES: '1' }).stdout, run(['scan', file]).stdout);
});

describe('errcode explain', () => {
  test('a WF code', () => {
    const r = run(['explain', 'WF_1102']);
    assert.equal(r.code, 0);
    assert.match(r.stdout, /^WF_1102 Workflow Not Running \(409\)/);
    assert.match(r.stdout, /Retry: +Do not retry/);
  });

  test('a status lists every API that documents it', () => {
    const r = run(['explain', '429']);
    assert.equal(r.code, 0);
    assert.match(r.stdout, /Wireflow API/);
    assert.match(r.stdout, /Flows GraphQL API/);
    assert.match(r.stdout, /Orchestrator API/);
  });

  test('a job reason', () => {
    const r = run(['explain', 'no_provider_available']);
    assert.equal(r.code, 0);
    assert.match(r.stdout, /no_provider_available/);
  });

  test('a body on stdin', () => {
    const r = run(['explain', '-'], '{"error": "Insufficient credits. Required: 10, Available: 3", "insufficientCredits": true, "requiredCredits": 10, "availableCredits": 3}');
    assert.equal(r.code, 0, r.stderr);
    // Facts are data with the catalog's labels (was "short by 7 credits").
    assert.match(r.stdout, /Credits: short by 7 credits/);
  });

  test('an unknown code suggests the nearest', () => {
    const r = run(['explain', 'WF_1110']);
    assert.equal(r.code, 2);
    assert.match(r.stderr, /^errcode: WF_1110 is in the Workflow range but not in the Workflows API catalog; did you mean WF_11/);
  });
});

describe('errcode catalog', () => {
  test('json lists the four APIs and every entry', () => {
    const r = run(['catalog', '--format', 'json']);
    assert.equal(r.code, 0);
    const c = JSON.parse(r.stdout) as { apis: { id: string }[]; entries: { id: string; api: string; code: string; statuses: number[]; retry: unknown }[] };
    assert.deepEqual(c.apis.map((a) => a.id), ['workflows', 'wireflow', 'flows', 'orchestrator']);
    assert.equal(c.entries.filter((e) => e.api === 'workflows').length, 16);
    assert.deepEqual(c.entries.find((e) => e.code === 'WF_1103')?.statuses, [500, 504]);
  });

  test('a user catalog adds codes', () => {
    const user = tmp('team.jsonc', '// our codes\n{"entries": [{"api": "flows", "kind": "graphql-code", "code": "BAD_USER_INPUT", "name": "Bad user input", "statuses": [200], "category": "Validation", "errorClass": "client", "description": "Variables do not match the schema.", "resolution": "Fix the variables.", "retry": {"decision": "no"}}]}');
    const r = run(['catalog', '--format', 'json', '--catalog', user]);
    assert.equal(r.code, 0, r.stderr);
    assert.ok((JSON.parse(r.stdout) as { entries: { code: string }[] }).entries.some((e) => e.code === 'BAD_USER_INPUT'));
  });
});

describe('bad input: one line on stderr, exit 2, no stack trace', () => {
  // A file that cannot be scanned is now skipped with one line ending in ", skipped" and the other
  // files are still scanned (README, `errcode scan`); with no file left to scan the exit is still 2.
  const cases: [string, () => string[], RegExp][] = [
    ['missing file', () => ['scan', '/nonexistent/x.log'], /^errcode: \/nonexistent\/x\.log: no such file, skipped\n$/],
    ['binary file', () => ['scan', tmp('bin.log', Buffer.from([0x7f, 0x45, 0x4c, 0x46, 0, 1, 2, 3]))], /^errcode: \S+bin\.log: binary file \(NUL byte at offset 4\), skipped\n$/],
    ['bad flag', () => ['scan', '--frobnicate', 'x'], /^errcode: Unknown option '--frobnicate'/],
    ['bad format', () => ['scan', '--format', 'xml', 'x'], /^errcode: --format must be text or json/],
    ['bad jobs', () => ['scan', '--jobs', 'many', 'x'], /^errcode: --jobs must be 1 or 2/],
    ['unknown command', () => ['frob'], /^errcode: unknown command "frob"/],
    ['directory', () => ['scan', os.tmpdir()], /^errcode: \S+: is a directory, skipped\n$/],
    ['broken catalog', () => ['catalog', '--catalog', tmp('bad.jsonc', '{"entries": [{"api": "flows", "code": 12,}')], /bad\.jsonc:1:\d+: error: .*\n(.*\n)*errcode: \d+ errors? in the user catalogs \(listed above\)\n$/],
  ];
  for (const [name, args, stderr] of cases) {
    test(name, () => {
      const r = run(args());
      assert.equal(r.code, 2, r.stdout + r.stderr);
      assert.match(r.stderr, stderr);
      assert.doesNotMatch(r.stderr, /\n\s+at /);
    });
  }
});
