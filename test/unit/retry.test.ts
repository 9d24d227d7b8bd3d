// Retry-helper generation: the plan drawn from the catalog, and generated code that compiles (TypeScript
// type-checked strictly, JavaScript parsed by node, Python by py_compile, Go by gofmt + go vet) and
// behaves (run in Node, Python and Go against fake failures, with injected sleep/clock/random).
import assert from 'node:assert/strict';
import { execFile, spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import { createRequire } from 'node:module';
import * as os from 'node:os';
import * as path from 'node:path';
import { after, describe, test } from 'node:test';
import { loadBuiltinCatalog } from '../../src/core/catalog/catalog';
import type { ApiDescription, CatalogEntry, RetryPolicy } from '../../src/core/catalog/types';
import {
  buildRetryPlan,
  buildSnippetFiles,
  generateRetryHelper,
  hasRetryHelper,
  isRetryableEntry,
  missingImports,
  planForApi,
  planForEntry,
  RETRY_LANGUAGES,
  RETRY_LIBRARIES,
  retryHelperVersion,
  SNIPPET_FILES,
  snippetEscape,
  inferHttpMethod,
  wrapCallInRetry,
  wrapImports,
  type RetryLanguage,
  type RetryLibrary,
  type RetryPlan,
} from '../../src/core/retry';
import { goMissing, goModule } from './support/retryRunners/go';

// ---------------------------------------------------------------------------------------------------------
// Inline catalog fixture
// ---------------------------------------------------------------------------------------------------------

const DEFAULTS: RetryPolicy = { strategy: 'exponential-jitter', baseDelayMs: 500, capSeconds: 30, maxAttempts: 5, jitter: 'full', documented: false };

function api(id: string, name: string, extra: Partial<ApiDescription> = {}): ApiDescription {
  return { id, name, description: '', bodyShape: '', categories: [], fields: [], headers: [], retryPolicy: DEFAULTS, ...extra };
}

function entry(apiId: string, kind: CatalogEntry['kind'], code: string, statuses: number[], retry: CatalogEntry['retry'], name = code): CatalogEntry {
  return { id: `${apiId}:${code}`, api: apiId, kind, code, name, statuses, category: 'x', errorClass: 'transient', description: '', resolution: '', retry };
}

const APIS: ApiDescription[] = [
  api('workflows', 'Workflows API'),
  api('wireflow', 'Wireflow API', {
    fields: [{ name: 'retryAfter', meaning: 'When the rate limit resets, as a Unix timestamp in seconds.' }],
    headers: [{ name: 'Retry-After', meaning: 'Seconds to wait.', format: 'relative-seconds' }],
  }),
  api('orchestrator', 'Orchestrator API', { retryPolicy: { ...DEFAULTS, baseDelayMs: 1000, documented: true } }),
  api('flows', 'Flows GraphQL API'),
];

const ENTRIES: CatalogEntry[] = [
  entry('workflows', 'code', 'WF_1001', [422], { decision: 'no' }, 'Invalid Request'),
  entry('workflows', 'code', 'WF_1100', [404], { decision: 'no' }, 'Workflow Not Found'),
  entry('workflows', 'code', 'WF_1103', [500, 504], { decision: 'yes' }, 'Platform Request Failed'),
  entry('workflows', 'code', 'WF_1104', [500], { decision: 'no' }, 'Workflow Registration Failed'),
  entry('workflows', 'code', 'WF_1200', [422, 500, 503], { decision: 'conditional', onStatuses: [503], condition: 'status 503' }, 'Schedule Failed'),
  entry('workflows', 'code', 'WF_1600', [500], { decision: 'yes' }, 'Event Store Error'),
  entry('wireflow', 'status', '400', [400], { decision: 'no' }),
  entry('wireflow', 'status', '404', [404], { decision: 'no' }),
  entry('wireflow', 'status', '429', [429], { decision: 'yes', honorRetryAfter: true }),
  entry('wireflow', 'status', '500', [500], { decision: 'yes' }),
  entry('orchestrator', 'status', '400', [400], { decision: 'no' }),
  entry('orchestrator', 'status', '409', [409], { decision: 'conditional', condition: 'after reconciling' }),
  entry('orchestrator', 'status', '429', [429], { decision: 'yes' }),
  entry('orchestrator', 'status', '5xx', [500], { decision: 'yes' }),
  entry('orchestrator', 'reason', 'no_provider_available', [], { decision: 'yes' }),
  entry('flows', 'graphql-code', 'RATE_LIMITED', [], { decision: 'yes', maxAttempts: 3 }),
  entry('flows', 'graphql-code', 'BAD_USER_INPUT', [], { decision: 'no' }),
];

const FIXTURE = { entries: ENTRIES, apis: APIS };
const wf1103 = ENTRIES.find((e) => e.code === 'WF_1103')!;
const ALL_PLAN = buildRetryPlan(ENTRIES, APIS);
const WF_PLAN = planForEntry(wf1103, FIXTURE);
const WIREFLOW_PLAN = planForApi('wireflow', FIXTURE);
const FIXED_PLAN: RetryPlan = { ...WF_PLAN, policy: { ...WF_PLAN.policy, strategy: 'fixed', jitter: 'none' }, honorRetryAfter: false };
const EMPTY_PLAN = buildRetryPlan([], []);

// ---------------------------------------------------------------------------------------------------------
// The plan
// ---------------------------------------------------------------------------------------------------------

describe('retry plan', () => {
  test('WF_1200 retries only on 503, WF_1103 on any status; codes the catalog rejects are never retried', () => {
    const wf1200 = WF_PLAN.retryCodes.find((r) => r.code === 'WF_1200');
    assert.deepEqual(wf1200?.onStatuses, [503]);
    assert.deepEqual(WF_PLAN.retryCodes.find((r) => r.code === 'WF_1103')?.onStatuses, []);
    assert.deepEqual(
      WF_PLAN.noRetryCodes.map((c) => c.code),
      ['WF_1001', 'WF_1100', 'WF_1104'],
    );
    assert.ok(!WF_PLAN.retryCodes.some((r) => ['WF_1001', 'WF_1100', 'WF_1104'].includes(r.code)));
  });

  test('4xx statuses are never retryable (429 aside); 5xx and 429 are', () => {
    for (const plan of [ALL_PLAN, WIREFLOW_PLAN]) {
      for (const s of plan.retryStatuses) assert.ok(s.status === 429 || s.status >= 500, `status ${s.status}`);
      for (const r of plan.retryCodes) for (const s of r.onStatuses) assert.ok(s >= 500 || s === 429, `${r.code} on ${s}`);
    }
    assert.deepEqual(
      WIREFLOW_PLAN.retryStatuses.map((s) => s.status),
      [429, 500],
    );
    assert.deepEqual(WIREFLOW_PLAN.noRetryStatuses, [400, 404]);
    // The orchestrator's "5xx" is a status class; 500 needs no rule of its own then; 409 (a condition no
    // code can check) is neither retried nor listed as a rule.
    assert.deepEqual(ALL_PLAN.retryStatusClasses, [5]);
    assert.deepEqual(
      ALL_PLAN.retryStatuses.map((s) => s.status),
      [429],
    );
    assert.ok(!ALL_PLAN.retryStatuses.some((s) => s.status === 409));
    assert.deepEqual(ALL_PLAN.noRetryStatuses, [400, 404]);
  });

  test('Retry-After is honoured: header and Wireflow retryAfter (a Unix time in seconds)', () => {
    assert.equal(WIREFLOW_PLAN.honorRetryAfter, true);
    assert.deepEqual(WIREFLOW_PLAN.retryAfterBodyFields, [{ api: 'wireflow', field: 'retryAfter', format: 'unix-seconds' }]);
    // WF_1200 retries on 503, where HTTP lets a server send Retry-After.
    assert.equal(WF_PLAN.honorRetryAfter, true);
    assert.equal(EMPTY_PLAN.honorRetryAfter, false);
  });

  test('policy numbers come from the RetryPolicy, the documented one first; defaults without an API', () => {
    assert.deepEqual(
      { ...ALL_PLAN.policy },
      { strategy: 'exponential-jitter', maxAttempts: 5, baseDelayMs: 1000, capSeconds: 30, jitter: 'full', documented: true, fromApi: 'orchestrator' },
    );
    assert.equal(WF_PLAN.policy.baseDelayMs, 500);
    assert.equal(WF_PLAN.policy.fromApi, 'workflows');
    assert.equal(EMPTY_PLAN.policy.fromApi, undefined);
    assert.equal(EMPTY_PLAN.policy.documented, false);
    const odd = buildRetryPlan([], [api('x', 'X', { retryPolicy: { ...DEFAULTS, maxAttempts: 1000, capSeconds: -4 } })]);
    assert.equal(odd.policy.maxAttempts, 20);
    assert.equal(odd.policy.capSeconds, 1);
  });

  test('planForEntry: the named code first, the rest of its API retryable set, nothing from other APIs', () => {
    assert.equal(WF_PLAN.retryCodes[0].code, 'WF_1103');
    assert.deepEqual(
      WF_PLAN.retryCodes.map((r) => r.code),
      ['WF_1103', 'WF_1200', 'WF_1600'],
    );
    assert.deepEqual(WF_PLAN.focus, { api: 'workflows', code: 'WF_1103', name: 'Platform Request Failed', retryable: true });
    assert.deepEqual(
      WF_PLAN.apis.map((a) => a.id),
      ['workflows'],
    );
    assert.deepEqual(WF_PLAN.retryStatuses, []);
    const wf1200 = planForEntry(ENTRIES.find((e) => e.code === 'WF_1200')!, FIXTURE);
    assert.equal(wf1200.retryCodes[0].code, 'WF_1200');
    const wf1001 = planForEntry(ENTRIES.find((e) => e.code === 'WF_1001')!, FIXTURE);
    assert.equal(wf1001.focus?.retryable, false);
    assert.equal(isRetryableEntry(ENTRIES.find((e) => e.code === '409')!), false);
  });

  test('"no" wins when two APIs disagree; job reasons stay out; stricter attempt limits are kept', () => {
    const plan = buildRetryPlan(
      [entry('a', 'status', '502', [502], { decision: 'yes' }), entry('b', 'status', '502', [502], { decision: 'no' }), entry('c', 'code', 'X', [], { decision: 'yes' }), entry('d', 'code', 'X', [], { decision: 'no' })],
      [],
    );
    assert.deepEqual(plan.retryStatuses, []);
    assert.deepEqual(plan.noRetryStatuses, [502]);
    assert.deepEqual(plan.retryCodes, []);
    assert.ok(!ALL_PLAN.retryCodes.some((r) => r.code === 'no_provider_available'));
    assert.deepEqual(ALL_PLAN.attemptLimits, { RATE_LIMITED: 3 });
    assert.equal(ALL_PLAN.graphqlCodes, true);
  });
});

// ---------------------------------------------------------------------------------------------------------
// Generated text: markers, wrapping, imports
// ---------------------------------------------------------------------------------------------------------

const VARIANTS: { lang: RetryLanguage; library?: RetryLibrary; cenkaltiMajor?: number }[] = [
  ...RETRY_LANGUAGES.map((lang) => ({ lang })),
  ...RETRY_LANGUAGES.flatMap((lang) => RETRY_LIBRARIES[lang].map((library) => ({ lang, library }))),
  { lang: 'go', library: 'cenkalti', cenkaltiMajor: 5 },
];
const variantName = (v: (typeof VARIANTS)[number]) => `${v.lang}${v.library ? `+${v.library}` : ''}${v.cenkaltiMajor ? `/v${v.cenkaltiMajor}` : ''}`;

describe('retry helper text', () => {
  test('every helper starts with its marker; hasRetryHelper sees it (so a second insert is skipped)', () => {
    for (const v of VARIANTS) {
      const h = generateRetryHelper(v.lang, WF_PLAN, { library: v.library, cenkaltiMajor: v.cenkaltiMajor });
      assert.ok(h.code.startsWith(`${h.marker}:`), variantName(v));
      assert.equal(h.marker, v.lang === 'python' ? '# errcode-retry-helper v2' : '// errcode-retry-helper v2');
      assert.ok(hasRetryHelper(`header\n${h.code}\nfooter`, v.lang), variantName(v));
      assert.equal(retryHelperVersion(h.code), 2);
      assert.ok(h.code.includes(h.helperName));
      assert.ok(h.code.endsWith('\n') && !h.code.endsWith('\n\n'));
      assert.ok(h.code.includes('WF_1103') && h.code.includes('WF_1200') && h.code.includes('503'));
    }
    assert.equal(hasRetryHelper('const x = 1;\n// some errcode talk\n', 'typescript'), false);
    assert.equal(hasRetryHelper('def with_errcode_retry(op):\n    pass\n', 'python'), true);
    assert.equal(hasRetryHelper('func WithErrcodeRetry[T any]() {}', 'go'), true);
    assert.equal(hasRetryHelper('# errcode-retry-helper v1', 'typescript'), false);
  });

  test('numbers and tables are emitted from the plan, not copied by hand', () => {
    const plan: RetryPlan = { ...WF_PLAN, policy: { ...WF_PLAN.policy, maxAttempts: 7, baseDelayMs: 250, capSeconds: 12 } };
    const ts = generateRetryHelper('typescript', plan).code;
    assert.match(ts, /maxAttempts: 7,/);
    assert.match(ts, /baseDelayMs: 250,/);
    assert.match(ts, /capMs: 12000,/);
    assert.match(ts, /WF_1200: \[503\], \/\/ Schedule Failed: only on 503/);
    const py = generateRetryHelper('python', plan).code;
    assert.match(py, /_ERRCODE_MAX_ATTEMPTS = 7 /);
    assert.match(py, /_ERRCODE_BASE_DELAY = 0\.25 /);
    assert.match(py, /_ERRCODE_MAX_DELAY = 12\.0 /);
    assert.match(py, /"WF_1200": \(503,\),/);
    const go = generateRetryHelper('go', plan).code;
    assert.match(go, /errcodeMaxAttempts = 7 /);
    assert.match(go, /errcodeBaseDelay {3}= 250 \* time\.Millisecond/);
    assert.match(go, /errcodeMaxDelay {4}= 12 \* time\.Second/);
    assert.match(go, /case "WF_1200": \/\/ Schedule Failed: only on 503\n\t\treturn status == 503/);
  });

  test('library variants are only offered where they fit', () => {
    assert.throws(() => generateRetryHelper('go', WF_PLAN, { library: 'tenacity' }), /not available for go/);
    assert.deepEqual(generateRetryHelper('typescript', WF_PLAN, { library: 'p-retry' }).imports, ["import pRetry, { AbortError } from 'p-retry';"]);
    assert.ok(generateRetryHelper('python', WF_PLAN, { library: 'tenacity' }).imports.includes('import tenacity'));
    assert.ok(generateRetryHelper('python', WF_PLAN, { library: 'backoff' }).imports.includes('import backoff'));
    assert.ok(generateRetryHelper('go', WF_PLAN, { library: 'cenkalti' }).imports.includes('import "github.com/cenkalti/backoff/v4"'));
    assert.ok(generateRetryHelper('go', WF_PLAN, { library: 'cenkalti', cenkaltiMajor: 5 }).imports.includes('import "github.com/cenkalti/backoff/v5"'));
  });

  test('wrapCallInRetry: closure forms, await kept outside, Go types and context', () => {
    assert.equal(wrapCallInRetry('typescript', 'await fetchThing()', ''), 'await withErrcodeRetry(() => fetchThing())');
    assert.equal(wrapCallInRetry('javascript', 'fetchThing(a, b)', ''), 'withErrcodeRetry(() => fetchThing(a, b))');
    assert.equal(wrapCallInRetry('python', 'fetch_thing()', ''), 'with_errcode_retry(lambda: fetch_thing())');
    assert.equal(wrapCallInRetry('python', 'await client.get(url)', ''), 'await with_errcode_retry_async(lambda: client.get(url), method="GET")');
    // The method, where the call says it: the helper repeats only what is safe to repeat.
    assert.equal(wrapCallInRetry('typescript', 'await fetch(url)', ''), "await withErrcodeRetry(() => fetch(url), { method: 'GET' })");
    assert.equal(wrapCallInRetry('typescript', "fetch(url, { method: 'POST', body })", ''), "withErrcodeRetry(() => fetch(url, { method: 'POST', body }), { method: 'POST' })");
    assert.equal(wrapCallInRetry('typescript', 'fetch(url, init)', ''), 'withErrcodeRetry(() => fetch(url, init))', 'an init in a variable may hold any method');
    assert.equal(wrapCallInRetry('javascript', 'axios.patch(url, data)', ''), "withErrcodeRetry(() => axios.patch(url, data), { method: 'PATCH' })");
    assert.equal(wrapCallInRetry('python', 'session.request("DELETE", url)', ''), 'with_errcode_retry(lambda: session.request("DELETE", url), method="DELETE")');
    assert.equal(wrapCallInRetry('python', 'requests.post(url, json=body)', ''), 'with_errcode_retry(lambda: requests.post(url, json=body), method="POST")');
    assert.equal(wrapCallInRetry('python', 'urllib.request.urlopen(req)', ''), 'with_errcode_retry(lambda: urllib.request.urlopen(req))');
    // Given the awaited text itself, the method is read the same (the await once shifted the match).
    assert.deepEqual(['await client.get(u)', 'await axios.post(u, b)', 'await fetch(u)'].map((t) => inferHttpMethod('typescript', t)), ['GET', 'POST', 'GET']);
    assert.equal(
      wrapCallInRetry('go', 'client.Do(req)', '\t'),
      'WithErrcodeRetry(context.TODO(), func(context.Context) (*http.Response, error) {\n\t\treturn client.Do(req)\n\t})',
    );
    assert.equal(
      wrapCallInRetry('go', 'api.Fetch(ctx, id)', ''),
      'WithErrcodeRetry(ctx, func(context.Context) (any, error) {\n\treturn api.Fetch(ctx, id)\n})',
    );
    assert.equal(
      wrapCallInRetry('go', 'api.Delete(ctx, id)', '', { goResultType: 'error' }),
      'DoWithErrcodeRetry(ctx, func(context.Context) error {\n\treturn api.Delete(ctx, id)\n})',
    );
    assert.deepEqual(wrapImports('go'), ['import "context"']);
    assert.deepEqual(wrapImports('python'), []);
  });

  test('missingImports skips what the file already imports', () => {
    const py = ['import asyncio', 'import json', 'import time', 'from typing import Any, Callable'];
    assert.deepEqual(missingImports('import json\nimport os, time\nfrom typing import Any, Callable, Dict\n', 'python', py), ['import asyncio']);
    assert.deepEqual(missingImports('from typing import (\n    Any,\n)\n', 'python', ['from typing import Any, Callable']), ['from typing import Any, Callable']);
    const go = ['import "context"', 'import "net/http"', 'import "time"'];
    assert.deepEqual(missingImports('package x\n\nimport (\n\t"context"\n\tnethttp "net/http"\n)\n', 'go', go), ['import "time"']);
    assert.deepEqual(missingImports('import "time"\n', 'go', go), ['import "context"', 'import "net/http"']);
    const ts = ["import pRetry, { AbortError } from 'p-retry';"];
    assert.deepEqual(missingImports("import pRetry, { AbortError } from 'p-retry';\n", 'typescript', ts), []);
    assert.deepEqual(missingImports("import { something } from 'p-retry-x';\n", 'typescript', ts), ts);
  });
});

// ---------------------------------------------------------------------------------------------------------
// Tooling
// ---------------------------------------------------------------------------------------------------------

/** The repository root (the tests run from out/test/unit, bundled). */
function repoRoot(): string {
  for (let dir = __dirname; ; dir = path.dirname(dir)) {
    const pkg = path.join(dir, 'package.json');
    if (fs.existsSync(pkg) && JSON.parse(fs.readFileSync(pkg, 'utf8')).name === 'errcode-assistant') return dir;
    if (path.dirname(dir) === dir) return process.cwd();
  }
}
const ROOT = repoRoot();
const rootRequire = createRequire(path.join(ROOT, 'package.json'));

let tmpBase: string | undefined;
function tmpDir(name: string): string {
  tmpBase ??= fs.mkdtempSync(path.join(os.tmpdir(), 'errcode-retry-'));
  const dir = path.join(tmpBase, name.replace(/[^\w.-]+/g, '_'));
  fs.mkdirSync(dir, { recursive: true });
  return dir;
}

after(() => {
  if (tmpBase) fs.rmSync(tmpBase, { recursive: true, force: true });
});

function run(cmd: string, args: string[], opts: { cwd?: string; env?: NodeJS.ProcessEnv; input?: string } = {}) {
  const r = spawnSync(cmd, args, { encoding: 'utf8', timeout: 180_000, ...opts, env: { ...process.env, ...opts.env } });
  return { status: r.status, stdout: r.stdout ?? '', stderr: r.stderr ?? '', error: r.error };
}

function runAsync(cmd: string, args: string[]): Promise<{ status: number | null; stderr: string }> {
  return new Promise((resolve) => {
    execFile(cmd, args, { encoding: 'utf8', timeout: 60_000 }, (error, _stdout, stderr) => {
      resolve({ status: error ? (typeof error.code === 'number' ? error.code : 1) : 0, stderr: String(stderr) });
    });
  });
}

/** Tools the tests need are installed by `npm test` (scripts/systemDeps.mjs): missing ones fail, never skip. */
function need(present: boolean, what: string): void {
  assert.ok(present, `${what}: run \`npm test\` (it installs golang-go, python3-tenacity and python3-backoff) or install it`);
}

function has(cmd: string, args = ['--version']): boolean {
  const r = run(cmd, args);
  return !r.error && r.status === 0;
}

// Debian's python3 is the one whose tenacity/backoff packages the test script installs.
const PYTHON = process.env.ERRCODE_PYTHON || (fs.existsSync('/usr/bin/python3') ? '/usr/bin/python3' : 'python3');
const HAS_PYTHON = has(PYTHON);
const HAS_GOFMT = (() => {
  const r = run('gofmt', ['-l'], { input: 'package x\n' });
  return !r.error && r.status === 0;
})();
const HAS_GO = has('go', ['version']);
const pyHas = (mod: string) => HAS_PYTHON && run(PYTHON, ['-c', `import ${mod}`]).status === 0;

/** A node_modules holding p-retry, if any: the project's, or ERRCODE_NODE_MODULES. */
function pRetryNodeModules(): string | undefined {
  for (const dir of [process.env.ERRCODE_NODE_MODULES, path.join(ROOT, 'node_modules')]) {
    if (dir && fs.existsSync(path.join(dir, 'p-retry', 'package.json'))) return dir;
  }
  return undefined;
}

const PLANS: [string, RetryPlan][] = [
  ['fixture-all', ALL_PLAN],
  ['fixture-wf1103', WF_PLAN],
  ['fixture-wireflow', WIREFLOW_PLAN],
  ['fixture-fixed', FIXED_PLAN],
  ['empty', EMPTY_PLAN],
  ['builtin-all', buildRetryPlan(loadBuiltinCatalog().entries, loadBuiltinCatalog().apis)],
  ...loadBuiltinCatalog().apis.map((a): [string, RetryPlan] => [`builtin-${a.id}`, planForApi(a.id, loadBuiltinCatalog())]),
];

// ---------------------------------------------------------------------------------------------------------
// Compilation
// ---------------------------------------------------------------------------------------------------------

const P_RETRY_DECL = `declare module 'p-retry' {
  export class AbortError extends Error {
    readonly originalError: Error;
    constructor(message: string | Error);
  }
  export interface Options {
    retries?: number;
    factor?: number;
    minTimeout?: number;
    maxTimeout?: number;
    randomize?: boolean;
  }
  export default function pRetry<T>(input: (attemptNumber: number) => PromiseLike<T> | T, options?: Options): Promise<T>;
}
`;

describe('generated code compiles', () => {
  test('TypeScript: strict type-check (DOM lib, and Node types) of every plan and variant', () => {
    const ts = rootRequire('typescript') as typeof import('typescript');
    const dir = tmpDir('ts');
    const files: string[] = [];
    for (const [name, plan] of PLANS) {
      for (const library of [undefined, 'p-retry'] as const) {
        const h = generateRetryHelper('typescript', plan, { library });
        const file = path.join(dir, `${name}${library ? '-p-retry' : ''}.ts`);
        const use = `\nexport async function use(): Promise<number> {\n  return withErrcodeRetry(async () => 1, { maxAttempts: 2 });\n}\n`;
        fs.writeFileSync(file, [...h.imports, '', h.code + use].join('\n'));
        files.push(file);
      }
    }
    const realPRetry = pRetryNodeModules();
    if (!realPRetry) {
      fs.writeFileSync(path.join(dir, 'p-retry.d.ts'), P_RETRY_DECL);
      files.push(path.join(dir, 'p-retry.d.ts'));
    }
    const base: import('typescript').CompilerOptions = {
      strict: true,
      noUnusedLocals: true,
      noUnusedParameters: true,
      noImplicitReturns: true,
      noFallthroughCasesInSwitch: true,
      exactOptionalPropertyTypes: true,
      noUncheckedIndexedAccess: true,
      target: ts.ScriptTarget.ES2022,
      module: ts.ModuleKind.ESNext,
      moduleResolution: ts.ModuleResolutionKind.Bundler,
      noEmit: true,
      skipLibCheck: true,
      ...(realPRetry && { baseUrl: dir, paths: { 'p-retry': [path.join(realPRetry, 'p-retry')] } }),
    };
    const configs: [string, import('typescript').CompilerOptions][] = [
      ['dom', { ...base, lib: ['lib.es2022.d.ts', 'lib.dom.d.ts'], types: [] }],
      ['node', { ...base, lib: ['lib.es2022.d.ts'], types: ['node'], typeRoots: [path.join(ROOT, 'node_modules', '@types')] }],
    ];
    for (const [label, options] of configs) {
      const program = ts.createProgram(files, options);
      const diags = ts.getPreEmitDiagnostics(program);
      const text = ts.formatDiagnostics(diags, { getCanonicalFileName: (f) => f, getCurrentDirectory: () => dir, getNewLine: () => '\n' });
      assert.equal(diags.length, 0, `${label}:\n${text}`);
    }
  });

  test('JavaScript: node --check of every plan and variant', async () => {
    const dir = tmpDir('js');
    const files: string[] = [];
    for (const [name, plan] of PLANS) {
      for (const library of [undefined, 'p-retry'] as const) {
        const h = generateRetryHelper('javascript', plan, { library });
        // The plain helper suits both module systems; p-retry is ESM only.
        for (const ext of library ? ['.mjs'] : ['.cjs', '.mjs']) {
          const file = path.join(dir, `${name}${library ? '-p-retry' : ''}${ext}`);
          fs.writeFileSync(file, [...h.imports, '', h.code].join('\n'));
          files.push(file);
        }
      }
    }
    const results = await Promise.all(files.map((file) => runAsync(process.execPath, ['--check', file])));
    results.forEach((r, i) => assert.equal(r.status, 0, `${files[i]}\n${r.stderr}`));
  });

  test('Python: py_compile of every plan and variant', () => {
    need(HAS_PYTHON, `no ${PYTHON}`);
    const dir = tmpDir('py');
    const files: string[] = [];
    for (const [name, plan] of PLANS) {
      for (const library of [undefined, 'tenacity', 'backoff'] as const) {
        const h = generateRetryHelper('python', plan, { library });
        const file = path.join(dir, `${name.replace(/-/g, '_')}_${library ?? 'std'}.py`);
        fs.writeFileSync(file, [...h.imports, '', '', h.code].join('\n'));
        files.push(file);
        for (const [i, line] of h.code.split('\n').entries()) assert.ok(line.length <= 100, `${file}: line ${i + 1} of the helper is ${line.length} long`);
      }
    }
    const r = run(PYTHON, ['-m', 'py_compile', ...files]);
    assert.equal(r.status, 0, r.stderr);
  });

  const goVariants = [{}, { library: 'cenkalti' as const, cenkaltiMajor: 4 }, { library: 'cenkalti' as const, cenkaltiMajor: 5 }];

  test('Go: gofmt-clean for every plan and variant', () => {
    need(HAS_GOFMT, 'no gofmt');
    const dir = tmpDir('gofmt');
    const files: string[] = [];
    for (const [name, plan] of PLANS) {
      for (const v of goVariants) {
        const h = generateRetryHelper('go', plan, v);
        const file = path.join(dir, `${name}-${v.cenkaltiMajor ?? 'std'}.go`);
        fs.writeFileSync(file, `package main\n\n${h.imports.join('\n')}\n\n${h.code}`);
        files.push(file);
      }
    }
    const r = run('gofmt', ['-e', '-l', ...files]);
    assert.equal(r.status, 0, r.stderr);
    assert.equal(r.stdout, '', `not gofmt-formatted:\n${r.stdout}${run('gofmt', ['-d', ...r.stdout.split('\n').filter(Boolean)]).stdout}`);
  });

  test('Go: go vet of every plan and variant (cenkalti v4: Debian\'s real library; v5: the offline stand-in)', () => {
    need(HAS_GO, 'no go toolchain');
    for (const v of goVariants) {
      const dir = tmpDir(`govet-${v.cenkaltiMajor ?? 'std'}`);
      fs.writeFileSync(path.join(dir, 'go.mod'), goModule('errcodetest', v.cenkaltiMajor));
      PLANS.forEach(([name, plan], i) => {
        const h = generateRetryHelper('go', plan, v);
        const pkg = path.join(dir, `p${i}`);
        fs.mkdirSync(pkg, { recursive: true });
        // One package per plan: helpers of different plans would collide.
        fs.writeFileSync(path.join(pkg, 'helper.go'), `// Plan ${name}.\npackage p${i}\n\n${h.imports.join('\n')}\n\n${h.code}`);
        fs.writeFileSync(
          path.join(pkg, 'use.go'),
          `package p${i}\n\nimport (\n\t"context"\n\t"net/http"\n)\n\nfunc Use(c *http.Client, req *http.Request) (*http.Response, error) {\n\treturn ${wrapCallInRetry('go', 'c.Do(req)', '\t', { goContext: 'context.Background()', goResultType: '*http.Response' })}\n}\n`,
        );
      });
      const r = run('go', ['vet', './...'], { cwd: dir, env: GO_ENV });
      assert.equal(r.status, 0, `${dir}\n${r.stderr}${r.stdout}`);
    }
  });
});

const GO_ENV: NodeJS.ProcessEnv = { GOFLAGS: '-mod=mod', GOPROXY: 'off', GOTOOLCHAIN: 'local', GOCACHE: path.join(os.tmpdir(), 'errcode-retry-gocache'), GOWORK: 'off' };


// ---------------------------------------------------------------------------------------------------------
// Behaviour: JavaScript / TypeScript, run in this process
// ---------------------------------------------------------------------------------------------------------

type Helper = <T>(op: (attempt: number) => Promise<T>, options?: Record<string, unknown>) => Promise<T>;

function loadJsHelper(code: string, name: string): Helper {
  const file = path.join(tmpDir('behaviour-js'), `${name}.cjs`);
  fs.writeFileSync(file, `${code}\nmodule.exports = { withErrcodeRetry };\n`);
  return (createRequire(file)(file) as { withErrcodeRetry: Helper }).withErrcodeRetry;
}

async function loadPRetryHelper(lang: 'javascript' | 'typescript', plan: RetryPlan, nodeModules: string): Promise<Helper> {
  const h = generateRetryHelper(lang, plan, { library: 'p-retry' });
  const dir = tmpDir(`behaviour-p-retry-${lang}`);
  if (!fs.existsSync(path.join(dir, 'node_modules'))) fs.symlinkSync(nodeModules, path.join(dir, 'node_modules'), 'dir');
  const code = lang === 'typescript' ? transpileTs(h.code) : h.code;
  const file = path.join(dir, `helper-${Date.now()}-${Math.random().toString(36).slice(2)}.mjs`);
  fs.writeFileSync(file, `${h.imports.join('\n')}\n${code}\nexport { withErrcodeRetry };\n`);
  const mod = (await import(/* webpackIgnore: true */ `file://${file}`)) as { withErrcodeRetry: Helper };
  return mod.withErrcodeRetry;
}

function transpileTs(code: string): string {
  const ts = rootRequire('typescript') as typeof import('typescript');
  return ts.transpileModule(code, { compilerOptions: { target: ts.ScriptTarget.ES2022, module: ts.ModuleKind.ESNext } }).outputText.replace(/^export \{\};\s*$/m, '');
}

/** A fake operation failing with the given failures in turn (a Response is returned, anything else thrown), then succeeding. */
function fake(failures: unknown[], result: unknown = 'ok') {
  const calls = { n: 0 };
  const op = async () => {
    const f = failures[calls.n++];
    if (calls.n > failures.length) return result;
    if (f instanceof Response) return f;
    throw f;
  };
  return { op, calls };
}

/** An error as axios (1.x) builds it: `code`, `config.method` (lower case), `response` with status, data and headers. */
function axiosError(opts: { code?: string; method: string; status?: number; data?: unknown; headers?: Record<string, string> }) {
  const config = { method: opts.method.toLowerCase(), url: 'https://api.example.test/x', headers: {} };
  const response = opts.status === undefined ? undefined : { status: opts.status, statusText: '', data: opts.data, headers: { ...opts.headers }, config };
  const message = response ? `Request failed with status code ${opts.status}` : `connect ${opts.code}`;
  return Object.assign(new Error(message), { name: 'AxiosError', isAxiosError: true, code: opts.code ?? (response ? 'ERR_BAD_RESPONSE' : undefined), config, response, status: opts.status });
}

/** fetch's TypeError with the network error on `cause`, as undici throws it. */
const fetchFailed = (code: string) => new TypeError('fetch failed', { cause: Object.assign(new Error(`${code} (test)`), { code }) });

const NOW = Date.parse('2024-03-21T16:00:00Z');
const isRetryError = (kind: string) => (e: unknown) => (e as { name?: string }).name === 'ErrcodeRetryError' && (e as { kind?: string }).kind === kind;

async function jsBehaviour(helper: Helper, variant: string) {
  const sleeps: number[] = [];
  const hooks = { sleep: async (ms: number) => void sleeps.push(ms), random: () => 0.5, now: () => NOW };
  const get = { ...hooks, method: 'GET' };
  const reset = () => sleeps.splice(0);
  const e503 = { status: 503, body: { code: 'WF_1200' } };

  // 503 WF_1200 twice on a GET, then success: three calls, full-jitter waits (0.5 of 500 ms, then of 1000 ms).
  let f = fake([e503, e503]);
  assert.equal(await helper(f.op, get), 'ok', variant);
  assert.equal(f.calls.n, 3, variant);
  assert.deepEqual(sleeps, [250, 500], variant);

  // The same without a method: an unknown method is not idempotent, and a 503 without a wait may have been processed.
  reset();
  f = fake([e503]);
  await assert.rejects(helper(f.op, hooks), (e) => e === e503);
  assert.equal(f.calls.n, 1, variant);
  // ... unless the caller says the request is safe.
  f = fake([e503]);
  assert.equal(await helper(f.op, { ...hooks, method: 'POST', idempotent: true }), 'ok', variant);
  assert.equal(f.calls.n, 2, variant);

  // 422 WF_1200: the catalog says no; one call, the same error rethrown.
  reset();
  const e422 = { status: 422, body: { code: 'WF_1200' } };
  f = fake([e422]);
  await assert.rejects(helper(f.op, get), (e) => e === e422);
  assert.equal(f.calls.n, 1, variant);

  // A code the catalog rejects beats a retryable-looking status.
  f = fake([{ statusCode: 500, body: JSON.stringify({ code: 'WF_1104' }) }]);
  await assert.rejects(helper(f.op, get));
  assert.equal(f.calls.n, 1, variant);

  // Retry-After as an HTTP date, read through a fetch Headers (ky style: the error holds a Response).
  reset();
  const date = new Date(NOW + 2000).toUTCString();
  f = fake([{ response: new Response(JSON.stringify({ code: 'WF_1200' }), { status: 503, headers: { 'Retry-After': date } }) }]);
  assert.equal(await helper(f.op, get), 'ok');
  assert.deepEqual(sleeps, [2000], variant);

  // A server wait is never cut: longer than the longest wait (60 s), the call gives up at once, saying until when.
  reset();
  const long = { ...e503, headers: { 'Retry-After': '3600' } };
  f = fake([long]);
  await assert.rejects(helper(f.op, get), (e) => {
    assert.ok(isRetryError('rate-limited')(e), String(e));
    const err = e as { until: Date; failure: unknown; attempts: number };
    assert.equal(err.until.getTime(), NOW + 3_600_000);
    assert.equal(err.failure, long);
    assert.equal(err.attempts, 1);
    return true;
  });
  assert.equal(f.calls.n, 1, variant);
  assert.deepEqual(sleeps, [], variant);
  // With a longer maxWaitMs, the full wait.
  f = fake([long]);
  assert.equal(await helper(f.op, { ...get, maxWaitMs: 3_600_000 }), 'ok');
  assert.deepEqual(sleeps, [3_600_000], variant);
  // Odd Retry-After values are no wait: the backoff applies; a huge one counts as 10⁹ s.
  for (const value of ['nan', '-5', 'inf', '1e3', '']) {
    reset();
    f = fake([{ ...e503, headers: { 'Retry-After': value } }]);
    assert.equal(await helper(f.op, get), 'ok', `${variant} Retry-After ${value}`);
    assert.deepEqual(sleeps, [250], `${variant} Retry-After ${value}`);
  }
  f = fake([{ ...e503, headers: { 'Retry-After': '99999999999' } }]);
  await assert.rejects(helper(f.op, get), (e) => isRetryError('rate-limited')(e) && (e as { until: Date }).until.getTime() === NOW + 1e12);

  // maxAttempts: the policy's 5 when absent, 0, negative or NaN; a fraction is rounded down.
  for (const [maxAttempts, calls] of [[undefined, 5], [0, 5], [-3, 5], [Number.NaN, 5], [2, 2], [2.7, 2], [1, 1]] as const) {
    reset();
    f = fake(Array(10).fill(e503));
    await assert.rejects(helper(f.op, { ...get, maxAttempts }), (e) => e === e503);
    assert.equal(f.calls.n, calls, `${variant} maxAttempts ${maxAttempts}`);
  }
  assert.deepEqual(sleeps, [], variant);

  // A returned fetch Response that failed counts; the last one comes back as is, body unread.
  reset();
  const failing = () => new Response(JSON.stringify({ code: 'WF_1200' }), { status: 503 });
  f = fake([failing(), failing()], 'fine');
  assert.equal(await helper(f.op, get), 'fine');
  assert.equal(f.calls.n, 3, variant);
  f = fake(Array.from({ length: 10 }, failing));
  const last = (await helper(f.op, get)) as unknown as Response;
  assert.equal(last.status, 503);
  assert.deepEqual(await last.json(), { code: 'WF_1200' });
  assert.equal(f.calls.n, 5, variant);
  const notFound = new Response(JSON.stringify({ code: 'WF_1100' }), { status: 404 });
  f = fake([notFound]);
  assert.equal(await helper(f.op, get), notFound);
  assert.equal(f.calls.n, 1, variant);

  // The usual `if (!res.ok) throw new Error(...)` hides the status: not retried, unless classify reads it.
  const opaque = new Error('HTTP 503');
  f = fake([opaque]);
  await assert.rejects(helper(f.op, get), (e) => e === opaque);
  assert.equal(f.calls.n, 1, variant);
  f = fake([opaque]);
  assert.equal(await helper(f.op, { ...get, classify: (e: unknown) => (e === opaque ? { status: 503, code: 'WF_1200' } : undefined) }), 'ok');
  assert.equal(f.calls.n, 2, variant);
}

/** Network failures as fetch (undici) and axios report them: what is repeated, and for which methods. */
async function jsNetworkBehaviour(helper: Helper, variant: string) {
  const hooks = { sleep: async () => undefined, random: () => 0.5, now: () => NOW };
  const cases: [string, () => unknown, string | undefined, number][] = [
    // [what, failure, method option, calls]
    ['fetch refused, POST', () => fetchFailed('ECONNREFUSED'), 'POST', 2],
    ['fetch dns, POST', () => fetchFailed('ENOTFOUND'), 'POST', 2],
    ['fetch reset, GET', () => fetchFailed('ECONNRESET'), 'GET', 2],
    ['fetch socket closed, GET', () => fetchFailed('UND_ERR_SOCKET'), 'GET', 2],
    ['fetch reset, POST', () => fetchFailed('ECONNRESET'), 'POST', 1],
    ['fetch refused in an AggregateError', () => new TypeError('fetch failed', { cause: Object.assign(new AggregateError([Object.assign(new Error('x'), { code: 'ECONNREFUSED' })]), { code: 'ECONNREFUSED' }) }), 'POST', 2],
    ['AbortSignal.timeout, GET', () => new DOMException('The operation was aborted due to timeout', 'TimeoutError'), 'GET', 2],
    ['AbortSignal.timeout, POST', () => new DOMException('The operation was aborted due to timeout', 'TimeoutError'), 'POST', 1],
    ["the caller's abort, GET", () => new DOMException('This operation was aborted', 'AbortError'), 'GET', 1],
    ['an invalid URL', () => new TypeError('Failed to parse URL', { cause: Object.assign(new TypeError('Invalid URL'), { code: 'ERR_INVALID_URL' }) }), 'GET', 1],
    // axios: the method comes from error.config.method when the option is absent.
    ['axios refused, post', () => axiosError({ code: 'ECONNREFUSED', method: 'post' }), undefined, 2],
    ['axios reset, get', () => axiosError({ code: 'ECONNRESET', method: 'get' }), undefined, 2],
    ['axios reset, post', () => axiosError({ code: 'ECONNRESET', method: 'post' }), undefined, 1],
    ['axios timeout (ECONNABORTED), get', () => axiosError({ code: 'ECONNABORTED', method: 'get' }), undefined, 2],
    ['axios timeout (ETIMEDOUT), patch', () => axiosError({ code: 'ETIMEDOUT', method: 'patch' }), undefined, 1],
    ['axios dns, post', () => axiosError({ code: 'ENOTFOUND', method: 'post' }), undefined, 2],
    ['axios canceled, get', () => axiosError({ code: 'ERR_CANCELED', method: 'get' }), undefined, 1],
    // axios responses: status, data and headers on error.response.
    ['axios 503 with Retry-After, post', () => axiosError({ method: 'post', status: 503, data: { code: 'WF_1200' }, headers: { 'retry-after': '1' } }), undefined, 2],
    ['axios 503 without a wait, post', () => axiosError({ method: 'post', status: 503, data: { code: 'WF_1200' } }), undefined, 1],
    ['axios 503, get', () => axiosError({ method: 'get', status: 503, data: { code: 'WF_1200' } }), undefined, 2],
    ['axios 422, get', () => axiosError({ method: 'get', status: 422, data: JSON.stringify({ code: 'WF_1200' }) }), undefined, 1],
  ];
  for (const [what, failure, method, calls] of cases) {
    const first = failure();
    const f = fake([first]);
    const run = helper(f.op, { ...hooks, ...(method && { method }) });
    if (calls === 2) assert.equal(await run, 'ok', `${variant}: ${what}`);
    else await assert.rejects(run, (e) => e === first, `${variant}: ${what}`);
    assert.equal(f.calls.n, calls, `${variant}: ${what}`);
  }
  // axios's Retry-After is waited for (its headers are a plain record here).
  const sleeps: number[] = [];
  const f = fake([axiosError({ method: 'get', status: 503, data: { code: 'WF_1200' }, headers: { 'Retry-After': '2' } })]);
  assert.equal(await helper(f.op, { ...hooks, sleep: async (ms: number) => void sleeps.push(ms) }), 'ok');
  assert.deepEqual(sleeps, [2000], variant);
}

async function jsBehaviourAllApis(helper: Helper, variant: string) {
  const sleeps: number[] = [];
  const hooks = { sleep: async (ms: number) => void sleeps.push(ms), random: () => 0, now: () => NOW };
  // Wireflow: retryAfter in the body is a Unix time in seconds; a 429 was not processed, so a POST is repeated.
  let f = fake([{ status: 429, body: { error: 'Too many workflow executions.', retryAfter: NOW / 1000 + 3 } }]);
  assert.equal(await helper(f.op, { ...hooks, method: 'POST' }), 'ok', variant);
  assert.deepEqual(sleeps, [3000], variant);
  // Orchestrator: any 5xx, 4xx never, 409 not automatically.
  for (const [status, calls] of [[502, 2], [400, 1], [404, 1], [409, 1]] as const) {
    f = fake([{ status, body: { type: 'about:blank', title: 'x', status } }]);
    await helper(f.op, { ...hooks, method: 'GET' }).catch(() => undefined);
    assert.equal(f.calls.n, calls, `${variant} ${status}`);
  }
  // GraphQL extensions.code with a stricter attempt limit (3).
  f = fake(Array(10).fill({ status: 200, body: { errors: [{ message: 'slow down', extensions: { code: 'RATE_LIMITED' } }] } }));
  await assert.rejects(helper(f.op, { ...hooks, idempotent: true }));
  assert.equal(f.calls.n, 3, variant);
  f = fake([{ body: { errors: [{ extensions: { code: 'BAD_USER_INPUT' } }] }, status: 500 }]);
  await assert.rejects(helper(f.op, { ...hooks, idempotent: true }));
  assert.equal(f.calls.n, 1, variant);
  // A returned HTTP 200 whose JSON body has errors is a failure: retried on a listed code, else graphql-errors.
  const gql = (code: string, type = 'application/json') =>
    new Response(JSON.stringify({ data: { x: null }, errors: [{ message: `failed: ${code}`, extensions: { code } }] }), { status: 200, headers: { 'content-type': type } });
  f = fake([gql('RATE_LIMITED')], 'fine');
  assert.equal(await helper(f.op, { ...hooks, idempotent: true }), 'fine', variant);
  assert.equal(f.calls.n, 2, variant);
  const bad = gql('BAD_USER_INPUT', 'application/graphql-response+json; charset=utf-8');
  f = fake([bad]);
  await assert.rejects(helper(f.op, { ...hooks, idempotent: true }), (e) => {
    assert.ok(isRetryError('graphql-errors')(e), String(e));
    const err = e as { data: unknown; errors: unknown[]; failure: unknown };
    assert.deepEqual(err.data, { x: null });
    assert.equal((err.errors[0] as { message: string }).message, 'failed: BAD_USER_INPUT');
    assert.equal(err.failure, bad);
    return true;
  });
  assert.equal(f.calls.n, 1, variant);
  assert.deepEqual(((await bad.json()) as { data: unknown }).data, { x: null }, 'the caller can still read the body');
  // The same from an axios response (data) and from an already parsed body.
  for (const result of [{ status: 200, headers: {}, data: { data: null, errors: [{ message: 'no' }] } }, { data: null, errors: [{ message: 'no' }] }]) {
    await assert.rejects(helper(async () => result, hooks), isRetryError('graphql-errors'), variant);
  }
  // A body that does not say it is JSON, or has no errors, is a success.
  const plain = new Response('{"errors":[{"message":"x"}]}', { status: 200, headers: { 'content-type': 'text/plain' } });
  assert.equal(await helper(async () => plain, hooks), plain, variant);
  assert.deepEqual(await helper(async () => ({ data: { a: 1 }, errors: [] }), hooks), { data: { a: 1 }, errors: [] }, variant);
}

/** The built-in catalog's outcomes: already-done only after an attempt that may have reached the server; reconcile. */
async function jsOutcomes(load: (plan: RetryPlan, name: string) => Helper | Promise<Helper>, variant: string) {
  const catalog = loadBuiltinCatalog();
  const workflows = await load(planForApi('workflows', catalog), 'builtin-workflows');
  const hooks = { sleep: async () => undefined, random: () => 0.5, now: () => NOW, method: 'POST', idempotent: true };
  const wf1101 = { status: 409, body: { detail: 'Workflow already started', code: 'WF_1101' } };
  let f = fake([{ status: 504, body: { code: 'WF_1103' } }, wf1101]);
  await assert.rejects(helper(workflows), (e) => isRetryError('already-done')(e) && (e as { attempts: number }).attempts === 2);
  assert.equal(f.calls.n, 2, variant);
  // A refused connection sent nothing: WF_1101 after it is the first answer, a plain failure.
  f = fake([fetchFailed('ECONNREFUSED'), wf1101]);
  await assert.rejects(helper(workflows), (e) => e === wf1101);
  assert.equal(f.calls.n, 2, variant);
  f = fake([wf1101]);
  await assert.rejects(helper(workflows), (e) => e === wf1101);
  // WF_1200 on 503: never sooner than the catalog's 3 s, even when the server says 1 s.
  const sleeps: number[] = [];
  f = fake([{ status: 503, headers: { 'retry-after': '1' }, body: { code: 'WF_1200' } }]);
  assert.equal(await workflows(f.op, { ...hooks, sleep: async (ms: number) => void sleeps.push(ms) }), 'ok');
  assert.deepEqual(sleeps, [3000], variant);
  // Orchestrator 409: error kind reconcile, or the hook's result.
  const orchestrator = await load(planForApi('orchestrator', catalog), 'builtin-orchestrator');
  const conflict = { status: 409, body: { type: 'about:blank', title: 'Conflict', status: 409 } };
  f = fake([conflict]);
  await assert.rejects(orchestrator(f.op, { ...hooks, method: 'PATCH' }), (e) => isRetryError('reconcile')(e) && (e as { failure: unknown }).failure === conflict);
  f = fake([conflict]);
  assert.equal(await orchestrator(f.op, { ...hooks, method: 'PATCH', reconcile: async (failure: unknown) => (failure === conflict ? 'merged' : 'wrong') }), 'merged');
  assert.equal(f.calls.n, 1, variant);

  function helper(h: Helper) {
    return h(f.op, hooks);
  }
}

describe('generated helper behaviour', () => {
  test('JavaScript and TypeScript helpers: retries, rethrows, waits, limits, network failures, outcomes', async () => {
    for (const lang of ['javascript', 'typescript'] as const) {
      const load = (plan: RetryPlan, name: string) => {
        const code = generateRetryHelper(lang, plan).code;
        return loadJsHelper(lang === 'typescript' ? transpileTs(code) : code, `${lang}-${name}`);
      };
      await jsBehaviour(load(WF_PLAN, 'wf'), `${lang} wf`);
      await jsNetworkBehaviour(load(WF_PLAN, 'wf-net'), `${lang} wf`);
      await jsBehaviourAllApis(load(ALL_PLAN, 'all'), `${lang} all`);
      await jsOutcomes(load, lang);
      // A fixed wait without jitter ignores random().
      const fixed = load(FIXED_PLAN, 'fixed');
      const sleeps: number[] = [];
      const f = fake([{ status: 503, body: { code: 'WF_1200' } }, { status: 500, body: { code: 'WF_1103' } }]);
      await fixed(f.op, { method: 'GET', sleep: async (ms: number) => void sleeps.push(ms), random: () => 0.1 });
      assert.deepEqual(sleeps, [500, 500]);
    }
  });

  const nodeModules = pRetryNodeModules();
  test('p-retry variants behave the same', async () => {
    need(nodeModules !== undefined, 'p-retry is not installed (set ERRCODE_NODE_MODULES to a node_modules holding it)');
    for (const lang of ['javascript', 'typescript'] as const) {
      const load = (plan: RetryPlan) => loadPRetryHelper(lang, plan, nodeModules!);
      await jsBehaviour(await load(WF_PLAN), `${lang}+p-retry wf`);
      await jsNetworkBehaviour(await load(WF_PLAN), `${lang}+p-retry wf`);
      await jsBehaviourAllApis(await load(ALL_PLAN), `${lang}+p-retry all`);
      await jsOutcomes(load, `${lang}+p-retry`);
    }
  });

  test('Python helper (sync and async): the contract of docs/RETRY.md, corner by corner', () => {
    need(HAS_PYTHON, `no ${PYTHON}`);
    pythonBehaviour(undefined);
  });

  for (const library of ['tenacity', 'backoff'] as const) {
    test(`Python ${library} variant behaves the same (the same decisions, waits through the sleep hook)`, () => {
      need(pyHas(library), `${library} is not importable by ${PYTHON}`);
      pythonBehaviour(library);
    });
  }

  test('Go helper: options, user errors, closed bodies, outcomes', () => {
    need(HAS_GO, 'no go toolchain');
    goBehaviour(undefined);
  });

  for (const major of [4, 5]) {
    test(`Go cenkalti/backoff v${major} variant behaves the same (${major === 4 ? "Debian's real v4" : 'offline stand-in'})`, () => {
      const missing = goMissing(major);
      need(missing === undefined, String(missing));
      goBehaviour(major);
    });
  }
});

// ---------------------------------------------------------------------------------------------------------
// Behaviour: Python
// ---------------------------------------------------------------------------------------------------------
// The scenario table (retryBehaviour.test.ts) runs the Python helpers with real clients; these checks
// cover the contract's corners one by one (odd values, each network exception, the hooks, urllib's kept
// body), on the built-in catalog's plan for every API (the Orchestrator's documented backoff: 1 s first,
// so the waits are 0.5 s, 1 s, 2 s, 4 s with rand() = 0.5), with fakes where the table uses a server.

const PY_TEST = String.raw`
import asyncio, datetime, email.utils, http.client, io, json, math, socket, sys, urllib.error

NOW = 1711036800.0
results = {}


class FakeRequest:
    def __init__(self, method):
        self.method = method


class FakeResponse:
    def __init__(self, status, body, headers=None, method="GET"):
        self.status_code = status
        self._body = body
        self.headers = headers or {}
        self.request = FakeRequest(method)

    def json(self):
        if self._body is None:
            raise ValueError("no JSON")
        return self._body


class FakeHTTPError(Exception):
    def __init__(self, status, body, headers=None, method="GET"):
        super().__init__(f"HTTP {status}")
        self.response = FakeResponse(status, body, headers, method)


class ReadTimeout(Exception):  # named like httpx's, wraps nothing
    pass


def describe(value):
    if isinstance(value, ErrcodeRetryError):
        until = value.until
        return {
            "kind": value.kind,
            "attempts": value.attempts,
            "until": None if until is None else [until.isoformat(), until.tzinfo is not None],
            "data": value.data,
            "errors": value.errors,
        }
    if isinstance(value, BaseException):
        return "raised " + type(value).__name__
    if isinstance(value, FakeResponse):
        return "returned response %d" % value.status_code
    return "returned " + json.dumps(value)


def fake(failures, result):
    calls = {"n": 0}

    def op():
        calls["n"] += 1
        if calls["n"] > len(failures):
            return result
        f = failures[calls["n"] - 1]
        if isinstance(f, BaseException):
            raise f
        return f

    return op, calls


def run(name, failures, result="ok", **kw):
    sleeps, retries = [], []
    op, calls = fake(failures, result)
    kwargs = dict(sleep=sleeps.append, rand=lambda: 0.5, now=lambda: NOW)
    kwargs["on_retry"] = lambda attempt, wait, failure: retries.append([attempt, wait])
    kwargs.update(kw)
    try:
        out = describe(with_errcode_retry(op, **kwargs))
    except Exception as e:
        out = describe(e)
    results[name] = {"calls": calls["n"], "sleeps": sleeps, "out": out, "retries": retries}


wf = lambda status, code, method="GET", headers=None: FakeHTTPError(
    status, {"detail": "x", "code": code}, headers, method
)
r429 = lambda headers=None, body=None, method="GET": FakeHTTPError(429, body or {}, headers, method)

# Codes, methods, idempotency.
run("wf1103_get", [wf(504, "WF_1103"), wf(504, "WF_1103")])
run("wf1103_post", [wf(504, "WF_1103", "POST")])
run("wf1103_post_idempotent", [wf(504, "WF_1103", "POST")], idempotent=True)
run("method_option_wins", [wf(504, "WF_1103", "GET")], method="post")
run("wf1200_503", [wf(503, "WF_1200")])
run("wf1200_503_short_retry_after", [wf(503, "WF_1200", headers={"Retry-After": "1"})])
run("wf1200_422", [wf(422, "WF_1200")])
run("wf1104_500", [wf(500, "WF_1104")])
run("exhausted", [wf(504, "WF_1103") for _ in range(9)])
run("returned_last", [FakeResponse(503, {}) for _ in range(9)])
run("returned_then_ok", [FakeResponse(502, {}), FakeResponse(502, {})], "fine")
run("returned_404", [FakeResponse(404, {})])
run("post_503_with_wait", [FakeHTTPError(503, {}, {"Retry-After": "2"}, "POST")])
run("post_503_without_wait", [FakeHTTPError(503, {}, None, "POST")])
run("post_429", [r429(method="POST")])
# Already done: only after an attempt that may have reached the server.
run("already_done", [wf(504, "WF_1103", "POST"), wf(409, "WF_1101", "POST")], idempotent=True)
run("already_done_first", [wf(409, "WF_1101", "POST")], idempotent=True)
run("already_done_after_refused", [ConnectionRefusedError(), wf(409, "WF_1101", "POST")])
# Reconcile: a 409 without a known code.
run("reconcile", [FakeHTTPError(409, {"title": "Conflict"}, None, "PATCH")])
run("reconcile_hook", [FakeHTTPError(409, {}, None, "PATCH")], reconcile=lambda f: "reconciled")
run("wf1102_409", [wf(409, "WF_1102", "PATCH")])
# GraphQL answers with errors, whatever the status; a dict the operation returns too.
gql = lambda code: {"data": {"a": 1}, "errors": [{"message": "no", "extensions": {"code": code}}]}
run("graphql_200", [FakeResponse(200, gql("SOMETHING"), None, "POST")])
run("graphql_dict", [gql("SOMETHING")])
run("graphql_no_errors", [], {"data": {"a": 1}, "errors": []})
# The server's wait.
for value in ["nan", "-5", "inf", "1e3", "", "  ", "Infinity", "0x10", "\u0663", "\u00b2"]:
    run("retry_after_odd " + value, [r429({"Retry-After": value})])
run("retry_after_2.5", [r429({"Retry-After": "2.5"})])
run("retry_after_lower_case", [r429({"retry-after": "3"})])
date = lambda s: email.utils.formatdate(NOW + s, usegmt=True)
run("retry_after_date", [r429({"Retry-After": date(4)})])
run("retry_after_past_date", [r429({"Retry-After": date(-40)})])
run("retry_after_120", [r429({"Retry-After": "120"})])
run("retry_after_120_max_wait_180", [r429({"Retry-After": "120"})], max_wait=180)
run("retry_after_huge", [r429({"Retry-After": "99999999999"})])
run("retry_after_huge_max_wait_inf", [r429({"Retry-After": "99999999999"})], max_wait=math.inf)
run("retry_after_header_first", [r429({"Retry-After": "5"}, {"retryAfter": NOW + 7})])
run("retry_after_body", [r429(None, {"retryAfter": NOW + 7})])
run("retry_after_body_string", [r429(None, {"retryAfter": str(int(NOW) + 7)})])
run("retry_after_body_past", [r429(None, {"retryAfter": NOW - 30})])
run("retry_after_body_odd", [r429(None, {"retryAfter": "soon"})])
run("retry_after_body_nan", [r429(None, {"retryAfter": math.nan})])
run("retry_after_body_true", [r429(None, {"retryAfter": True})])
# Odd options.
for value in [None, 0, -1, math.nan, math.inf, "3", True]:
    run("max_attempts " + repr(value), [wf(504, "WF_1103") for _ in range(9)], max_attempts=value)
run("max_attempts 2.7", [wf(504, "WF_1103") for _ in range(9)], max_attempts=2.7)
run("max_attempts 0.5", [wf(504, "WF_1103") for _ in range(9)], max_attempts=0.5)
run("max_attempts 1", [wf(504, "WF_1103") for _ in range(9)], max_attempts=1)
for value in [None, 0, -1, math.nan, "90", True]:
    run("max_wait " + repr(value) + " 61", [r429({"Retry-After": "61"})], max_wait=value)
    run("max_wait " + repr(value) + " 60", [r429({"Retry-After": "60"})], max_wait=value)
# Network failures: built-in exceptions, wrapped ones, class names; the method decides.
network = {
    "refused": lambda: ConnectionRefusedError(111, "refused"),
    "dns": lambda: socket.gaierror(-2, "Name or service not known"),
    "timeout": lambda: TimeoutError("timed out"),
    "socket_timeout": lambda: socket.timeout("timed out"),
    "asyncio_timeout": lambda: asyncio.TimeoutError(),
    "reset": lambda: ConnectionResetError(104, "reset"),
    "remote_disconnected": lambda: http.client.RemoteDisconnected("closed"),
    "url_error_refused": lambda: urllib.error.URLError(ConnectionRefusedError(111, "refused")),
    "url_error_dns": lambda: urllib.error.URLError(socket.gaierror(-2, "x")),
    "by_name": lambda: ReadTimeout("timed out"),
    "not_network": lambda: ValueError("bad"),
}


def caused(inner):
    try:
        try:
            raise inner
        except Exception as e:
            raise RuntimeError("wrapped") from e
    except RuntimeError as outer:
        return outer


for name, make in network.items():
    run("net_get " + name, [make()], method="GET")
    run("net_post " + name, [make()], method="POST")
    run("net_unknown " + name, [make()])
run("net_chained_reset_get", [caused(ConnectionResetError())], method="GET")
run("net_args_reset_get", [RuntimeError("aborted", ConnectionResetError())], method="GET")
# classify: what the built-in reading does not know.
hidden = lambda: Exception("HTTP 503")
run("hidden_status", [hidden()], method="GET")
classify = lambda f: {"status": 503, "wait": 2} if str(f) == "HTTP 503" else None
run("classify", [hidden()], method="POST", classify=classify)
run("classify_network", [hidden()], method="GET", classify=lambda f: {"network": "reset"})
run("classify_none", [wf(504, "WF_1103")], classify=lambda f: None)


# urllib's HTTPError: the body is read (the code decides) and kept for the caller.
def http_error():
    body = io.BytesIO(b'{"detail": "x", "code": "WF_1103"}')
    return urllib.error.HTTPError("http://x", 504, "Gateway Timeout", {}, body)


last = {}


def urllib_op():
    last["error"] = http_error()
    raise last["error"]


try:
    with_errcode_retry(urllib_op, method="GET", max_attempts=2, sleep=lambda s: None, rand=lambda: 0.5)
except urllib.error.HTTPError as e:
    results["urllib_kept_body"] = {"same": e is last["error"], "body": json.loads(e.read())}
urllib_422 = urllib.error.HTTPError("http://x", 422, "x", {}, io.BytesIO(b'{"code": "WF_1200"}'))
run("urllib_422", [urllib_422], method="GET")


async def run_async(name, failures, result="ok", **kw):
    calls = {"n": 0}
    sleeps, retries = [], []

    async def op():
        calls["n"] += 1
        if calls["n"] > len(failures):
            return result
        f = failures[calls["n"] - 1]
        if isinstance(f, BaseException):
            raise f
        return f

    async def sleep(s):
        sleeps.append(s)

    async def on_retry(attempt, wait, failure):
        retries.append([attempt, wait])

    kwargs = dict(sleep=sleep, rand=lambda: 0.5, now=lambda: NOW, on_retry=on_retry)
    kwargs.update(kw)
    try:
        out = describe(await with_errcode_retry_async(op, **kwargs))
    except Exception as e:
        out = describe(e)
    results[name] = {"calls": calls["n"], "sleeps": sleeps, "out": out, "retries": retries}


async def async_cases():
    await run_async("async wf1103_get", [wf(504, "WF_1103"), wf(504, "WF_1103")])
    await run_async("async wf1103_post", [wf(504, "WF_1103", "POST")])

    async def reconcile(failure):
        return "reconciled"

    await run_async("async reconcile_hook", [FakeHTTPError(409, {}, None, "PATCH")], reconcile=reconcile)
    await run_async("async retry_after_120", [r429({"Retry-After": "120"})])
    await run_async("async graphql_dict", [gql("SOMETHING")])


asyncio.run(async_cases())
print(json.dumps(results))
`;

type PyRun = { calls: number; sleeps: number[]; out: unknown; retries: [number, number][] };

/** Runs PY_TEST against one variant's helper (the built-in catalog's plan for every API). */
function pythonResults(library: 'tenacity' | 'backoff' | undefined): Record<string, PyRun & { same?: boolean; body?: unknown }> {
  const h = generateRetryHelper('python', buildRetryPlan(loadBuiltinCatalog().entries, loadBuiltinCatalog().apis), { library });
  const dir = tmpDir(`behaviour-py-${library ?? 'std'}`);
  const file = path.join(dir, 'check.py');
  fs.writeFileSync(file, [...h.imports, '', '', h.code, '', PY_TEST].join('\n'));
  const r = run(PYTHON, [file]);
  assert.equal(r.status, 0, r.stderr);
  return JSON.parse(r.stdout) as Record<string, PyRun>;
}

const T = (s: number) => new Date((1711036800 + s) * 1000).toISOString().replace('.000Z', '+00:00');

function pythonBehaviour(library: 'tenacity' | 'backoff' | undefined): void {
  const res = pythonResults(library);
  const expect = (name: string, calls: number, out: unknown, sleeps: number[]) => {
    const got = res[name];
    assert.ok(got, `${name}: no result`);
    assert.deepEqual({ calls: got.calls, out: got.out, sleeps: got.sleeps }, { calls, out, sleeps }, name);
    // on_retry sees every wait, numbered from the first attempt.
    assert.deepEqual(got.retries, sleeps.map((s, i) => [i + 1, s]), `${name}: on_retry`);
  };
  const kind = (k: string, attempts: number, extra: Record<string, unknown> = {}) => ({ kind: k, attempts, until: null, data: null, errors: null, ...extra });
  expect('wf1103_get', 3, 'returned "ok"', [0.5, 1]);
  expect('wf1103_post', 1, 'raised FakeHTTPError', []);
  expect('wf1103_post_idempotent', 2, 'returned "ok"', [0.5]);
  expect('method_option_wins', 1, 'raised FakeHTTPError', []);
  expect('wf1200_503', 2, 'returned "ok"', [3]);
  expect('wf1200_503_short_retry_after', 2, 'returned "ok"', [3]);
  expect('wf1200_422', 1, 'raised FakeHTTPError', []);
  expect('wf1104_500', 1, 'raised FakeHTTPError', []);
  expect('exhausted', 5, 'raised FakeHTTPError', [0.5, 1, 2, 4]);
  expect('returned_last', 5, 'returned response 503', [0.5, 1, 2, 4]);
  expect('returned_then_ok', 3, 'returned "fine"', [0.5, 1]);
  expect('returned_404', 1, 'returned response 404', []);
  expect('post_503_with_wait', 2, 'returned "ok"', [2]);
  expect('post_503_without_wait', 1, 'raised FakeHTTPError', []);
  expect('post_429', 2, 'returned "ok"', [0.5]);
  expect('already_done', 2, kind('already-done', 2), [0.5]);
  expect('already_done_first', 1, 'raised FakeHTTPError', []);
  expect('already_done_after_refused', 2, 'raised FakeHTTPError', [0.5]);
  expect('reconcile', 1, kind('reconcile', 1), []);
  expect('reconcile_hook', 1, 'returned "reconciled"', []);
  expect('wf1102_409', 1, 'raised FakeHTTPError', []);
  const errors = [{ message: 'no', extensions: { code: 'SOMETHING' } }];
  expect('graphql_200', 1, kind('graphql-errors', 1, { data: { a: 1 }, errors }), []);
  expect('graphql_dict', 1, kind('graphql-errors', 1, { data: { a: 1 }, errors }), []);
  expect('graphql_no_errors', 1, 'returned {"data": {"a": 1}, "errors": []}', []);
  for (const v of ['nan', '-5', 'inf', '1e3', '', '  ', 'Infinity', '0x10', '\u0663', '\u00b2']) expect(`retry_after_odd ${v}`, 2, 'returned "ok"', [0.5]);
  expect('retry_after_2.5', 2, 'returned "ok"', [2.5]);
  expect('retry_after_lower_case', 2, 'returned "ok"', [3]);
  expect('retry_after_date', 2, 'returned "ok"', [4]);
  expect('retry_after_past_date', 2, 'returned "ok"', [0]);
  expect('retry_after_120', 1, kind('rate-limited', 1, { until: [T(120), true] }), []);
  expect('retry_after_120_max_wait_180', 2, 'returned "ok"', [120]);
  expect('retry_after_huge', 1, kind('rate-limited', 1, { until: [T(1e9), true] }), []);
  expect('retry_after_huge_max_wait_inf', 2, 'returned "ok"', [1e9]);
  expect('retry_after_header_first', 2, 'returned "ok"', [5]);
  expect('retry_after_body', 2, 'returned "ok"', [7]);
  expect('retry_after_body_string', 2, 'returned "ok"', [7]);
  expect('retry_after_body_past', 2, 'returned "ok"', [0]);
  for (const v of ['odd', 'nan', 'true']) expect(`retry_after_body_${v}`, 2, 'returned "ok"', [0.5]);
  for (const v of ['None', '0', '-1', 'nan', 'inf', "'3'", 'True']) expect(`max_attempts ${v}`, 5, 'raised FakeHTTPError', [0.5, 1, 2, 4]);
  expect('max_attempts 2.7', 2, 'raised FakeHTTPError', [0.5]);
  expect('max_attempts 0.5', 5, 'raised FakeHTTPError', [0.5, 1, 2, 4]);
  expect('max_attempts 1', 1, 'raised FakeHTTPError', []);
  for (const v of ['None', '0', '-1', 'nan', "'90'", 'True']) {
    expect(`max_wait ${v} 61`, 1, kind('rate-limited', 1, { until: [T(61), true] }), []);
    expect(`max_wait ${v} 60`, 2, 'returned "ok"', [60]);
  }
  const cls: Record<string, string> = {
    refused: 'ConnectionRefusedError', dns: 'gaierror', timeout: 'TimeoutError', socket_timeout: 'TimeoutError', asyncio_timeout: 'TimeoutError', reset: 'ConnectionResetError',
    remote_disconnected: 'RemoteDisconnected', url_error_refused: 'URLError', url_error_dns: 'URLError', by_name: 'ReadTimeout', not_network: 'ValueError',
  };
  const notSent = ['refused', 'dns', 'url_error_refused', 'url_error_dns'];
  for (const [name, type] of Object.entries(cls)) {
    const network = name !== 'not_network';
    expect(`net_get ${name}`, network ? 2 : 1, network ? 'returned "ok"' : `raised ${type}`, network ? [0.5] : []);
    // A POST, or an unknown method: repeated only when nothing was sent.
    for (const m of ['post', 'unknown']) expect(`net_${m} ${name}`, notSent.includes(name) ? 2 : 1, notSent.includes(name) ? 'returned "ok"' : `raised ${type}`, notSent.includes(name) ? [0.5] : []);
  }
  expect('net_chained_reset_get', 2, 'returned "ok"', [0.5]);
  expect('net_args_reset_get', 2, 'returned "ok"', [0.5]);
  expect('hidden_status', 1, 'raised Exception', []);
  expect('classify', 2, 'returned "ok"', [2]);
  expect('classify_network', 2, 'returned "ok"', [0.5]);
  expect('classify_none', 2, 'returned "ok"', [0.5]);
  assert.deepEqual(res.urllib_kept_body, { same: true, body: { detail: 'x', code: 'WF_1103' } });
  expect('urllib_422', 1, 'raised HTTPError', []);
  expect('async wf1103_get', 3, 'returned "ok"', [0.5, 1]);
  expect('async wf1103_post', 1, 'raised FakeHTTPError', []);
  expect('async reconcile_hook', 1, 'returned "reconciled"', []);
  expect('async retry_after_120', 1, kind('rate-limited', 1, { until: [T(120), true] }), []);
  expect('async graphql_dict', 1, kind('graphql-errors', 1, { data: { a: 1 }, errors }), []);
}

// ---------------------------------------------------------------------------------------------------------
// Behaviour: Go
// ---------------------------------------------------------------------------------------------------------

// What the scenario table (retryBehaviour.test.ts, over real sockets) does not reach: the options
// (Method, Idempotent, MaxWait, Classify, Reconcile), *ErrcodeAPIError and *url.Error as a user's
// code returns them, the bodies of retried responses closed, DoWithErrcodeRetry, a Sleep that fails.
// The fixture's Workflows plan, with the built-in catalog's WF_1200 minimum wait and a 409 to reconcile.
const GO_PLAN: RetryPlan = {
  ...WF_PLAN,
  minDelays: [{ code: 'WF_1200', onStatuses: [503], ms: 3000, documented: false, api: 'workflows' }],
  reconcile: { statuses: [409], codes: [] },
};

const GO_TEST = `
type outcome struct {
	Calls  int     \`json:"calls"\`
	Sleeps []int64 \`json:"sleeps"\`
	Closed int     \`json:"closed"\`
	Result string  \`json:"result"\`
}

const now = 1711036800

// body counts the closes of the response bodies it hands out.
type body struct {
	io.Reader
	closed *int
}

func (b body) Close() error {
	*b.closed++
	return nil
}

func apiErr(status int, code string, header http.Header) error {
	b, _ := json.Marshal(map[string]any{"code": code})
	return fmt.Errorf("calling the API: %w", &ErrcodeAPIError{StatusCode: status, Header: header, Body: b})
}

func urlErr(op string, err error) error {
	return &url.Error{Op: op, URL: "http://x/y", Err: err}
}

func runCase(opts ErrcodeRetryOptions, failures ...func(closed *int) (*http.Response, error)) outcome {
	var o outcome
	o.Sleeps = []int64{}
	opts.Sleep = func(ctx context.Context, d time.Duration) error {
		o.Sleeps = append(o.Sleeps, d.Milliseconds())
		if opts.MaxAttempts == 99 {
			return context.Canceled // a Sleep that fails: the call ends with its error
		}
		return nil
	}
	opts.Rand = func() float64 { return 0.5 }
	opts.Now = func() time.Time { return time.Unix(now, 0) }
	resp, err := WithErrcodeRetry(context.Background(), func(context.Context) (*http.Response, error) {
		o.Calls++
		if o.Calls > len(failures) {
			return &http.Response{StatusCode: 200, Body: io.NopCloser(strings.NewReader("ok"))}, nil
		}
		return failures[o.Calls-1](&o.Closed)
	}, opts)
	var retryErr *ErrcodeRetryError
	switch {
	case errors.As(err, &retryErr):
		o.Result = fmt.Sprintf("%s %d %s", retryErr.Kind, retryErr.Status, retryErr.Code)
		if !retryErr.Until.IsZero() {
			o.Result += fmt.Sprintf(" until +%ds", retryErr.Until.Unix()-now)
		}
	case err != nil:
		o.Result = "error " + err.Error()
	default:
		b, _ := io.ReadAll(resp.Body)
		o.Result = fmt.Sprintf("response %d %s", resp.StatusCode, b)
	}
	return o
}

func times(n int, f func(closed *int) (*http.Response, error)) []func(closed *int) (*http.Response, error) {
	out := make([]func(closed *int) (*http.Response, error), n)
	for i := range out {
		out[i] = f
	}
	return out
}

func fail(err error) func(*int) (*http.Response, error) {
	return func(*int) (*http.Response, error) { return nil, err }
}

func respond(status int, method string, header http.Header, text string) func(*int) (*http.Response, error) {
	return func(closed *int) (*http.Response, error) {
		req, _ := http.NewRequest(method, "http://x/y", nil)
		if method == "" {
			req = nil
		}
		return &http.Response{StatusCode: status, Header: header, Request: req, Body: body{strings.NewReader(text), closed}}, nil
	}
}

func main() {
	get := ErrcodeRetryOptions{Method: "GET"}
	e503 := fail(apiErr(503, "WF_1200", nil))
	e504 := fail(apiErr(504, "WF_1103", nil))
	hidden := fail(errors.New("HTTP 503"))
	classify := get
	classify.Classify = func(result any, err error) *ErrcodeFailure {
		if err != nil && err.Error() == "HTTP 503" {
			return &ErrcodeFailure{Status: 503, Code: "WF_1200"}
		}
		return nil
	}
	long := respond(503, "GET", http.Header{"Retry-After": {"3600"}}, \`{"code":"WF_1200"}\`)
	calls := 0
	results := map[string]outcome{
		"api_error_min_wait": runCase(get, e503, e503),
		"unknown_method":     runCase(ErrcodeRetryOptions{}, e504),
		"post":               runCase(ErrcodeRetryOptions{Method: "post"}, e504),
		"idempotent":         runCase(ErrcodeRetryOptions{Method: "POST", Idempotent: true}, e504),
		"max_attempts":       runCase(ErrcodeRetryOptions{Method: "GET", MaxAttempts: 2}, times(5, e504)...),
		"url_reset_get":      runCase(ErrcodeRetryOptions{}, fail(urlErr("Get", syscall.ECONNRESET))),
		"url_eof_post":       runCase(ErrcodeRetryOptions{}, fail(urlErr("Post", io.EOF))),
		"url_refused_post":   runCase(ErrcodeRetryOptions{}, fail(urlErr("Post", &net.OpError{Op: "dial", Err: os.NewSyscallError("connect", syscall.ECONNREFUSED)}))),
		"url_dns_post":       runCase(ErrcodeRetryOptions{}, fail(urlErr("Post", &net.DNSError{Err: "no such host", Name: "x"}))),
		"plain_error":        runCase(get, fail(errors.New("boom"))),
		"hidden_status":      runCase(get, hidden),
		"classify":           runCase(classify, hidden),
		"rate_limited":       runCase(ErrcodeRetryOptions{}, long),
		"max_wait":           runCase(ErrcodeRetryOptions{MaxWait: 2 * time.Hour}, long),
		"retry_after_1e3":    runCase(get, respond(504, "GET", http.Header{"Retry-After": {"1e3"}}, \`{"code":"WF_1103"}\`)),
		"returned_last":      runCase(ErrcodeRetryOptions{}, times(6, respond(504, "GET", nil, \`{"code":"WF_1103"}\`))...),
		"returned_no_method": runCase(ErrcodeRetryOptions{}, respond(504, "", nil, \`{"code":"WF_1103"}\`)),
		"reconcile":          runCase(ErrcodeRetryOptions{}, respond(409, "PATCH", nil, \`{}\`)),
		"reconcile_hook": runCase(ErrcodeRetryOptions{Reconcile: func(ctx context.Context, e *ErrcodeRetryError) (any, error) {
			b, _ := io.ReadAll(e.Response.Body)
			return &http.Response{StatusCode: 200, Body: io.NopCloser(strings.NewReader("reconciled " + string(b)))}, nil
		}}, respond(409, "PATCH", nil, \`{"v":2}\`)),
		"reconcile_wrong_type": runCase(ErrcodeRetryOptions{Reconcile: func(context.Context, *ErrcodeRetryError) (any, error) {
			return "a string", nil
		}}, respond(409, "PATCH", nil, \`{}\`)),
		"sleep_fails": runCase(ErrcodeRetryOptions{Method: "GET", MaxAttempts: 99}, e504),
	}
	err := DoWithErrcodeRetry(context.Background(), func(context.Context) error {
		calls++
		if calls < 3 {
			return apiErr(504, "WF_1103", nil)
		}
		return nil
	}, ErrcodeRetryOptions{Method: "GET", Sleep: func(context.Context, time.Duration) error { return nil }})
	results["do_with"] = outcome{Calls: calls, Sleeps: []int64{}, Result: fmt.Sprint(err)}
	out, _ := json.Marshal(results)
	fmt.Println(string(out))
}
`;

function goBehaviour(cenkaltiMajor: number | undefined): void {
  const dir = tmpDir(`behaviour-go-${cenkaltiMajor ?? 'std'}`);
  fs.writeFileSync(path.join(dir, 'go.mod'), goModule('errcodetest', cenkaltiMajor));
  const h = generateRetryHelper('go', GO_PLAN, cenkaltiMajor ? { library: 'cenkalti', cenkaltiMajor } : {});
  fs.writeFileSync(path.join(dir, 'helper.go'), `package main\n\n${h.imports.join('\n')}\n\n${h.code}`);
  fs.writeFileSync(
    path.join(dir, 'main.go'),
    `package main\n\nimport (\n\t"context"\n\t"encoding/json"\n\t"errors"\n\t"fmt"\n\t"io"\n\t"net"\n\t"net/http"\n\t"net/url"\n\t"os"\n\t"strings"\n\t"syscall"\n\t"time"\n)\n${GO_TEST}`,
  );
  const r = run('go', ['run', '.'], { cwd: dir, env: GO_ENV });
  assert.equal(r.status, 0, r.stderr);
  const res = JSON.parse(r.stdout) as Record<string, { calls: number; sleeps: number[]; closed: number; result: string }>;
  const expect = (name: string, calls: number, result: string | RegExp, sleeps: number[], closed?: number) => {
    const got = res[name];
    assert.equal(got.calls, calls, `${name}: ${JSON.stringify(got)}`);
    if (typeof result === 'string') assert.equal(got.result, result, name);
    else assert.match(got.result, result, name);
    assert.deepEqual(got.sleeps, sleeps, name);
    if (closed !== undefined) assert.equal(got.closed, closed, `${name}: bodies closed`);
  };
  // The catalog's minimum wait (3 s for WF_1200 on 503) wins over the backoff (0.25 s, 0.5 s).
  expect('api_error_min_wait', 3, 'response 200 ok', [3000, 3000]);
  // A 504 is not repeated unless the method is idempotent or the caller says it is safe.
  expect('unknown_method', 1, /^error calling the API: api error \(HTTP 504\)$/, []);
  expect('post', 1, /HTTP 504/, []);
  expect('idempotent', 2, 'response 200 ok', [250]);
  expect('max_attempts', 2, /HTTP 504/, [250]);
  // *url.Error: the method from Op; a reset repeats a GET only; refused and dns even a POST.
  expect('url_reset_get', 2, 'response 200 ok', [250]);
  expect('url_eof_post', 1, /^error Post "http:\/\/x\/y": EOF$/, []);
  expect('url_refused_post', 2, 'response 200 ok', [250]);
  expect('url_dns_post', 2, 'response 200 ok', [250]);
  // An error the helper cannot read returns at once; Classify reads it.
  expect('plain_error', 1, 'error boom', []);
  expect('hidden_status', 1, 'error HTTP 503', []);
  expect('classify', 2, 'response 200 ok', [3000]);
  // The server's wait is never cut: past MaxWait (60 s by default), rate-limited at once.
  expect('rate_limited', 1, 'rate-limited 503 WF_1200 until +3600s', [], 1);
  expect('max_wait', 2, 'response 200 ok', [3_600_000], 1);
  expect('retry_after_1e3', 2, 'response 200 ok', [250]);
  // Returned failures: every body read and closed (the connection goes back), the last one handed
  // back with a copy of its body to read.
  expect('returned_last', 5, 'response 504 {"code":"WF_1103"}', [250, 500, 1000, 2000], 5);
  expect('returned_no_method', 1, 'response 504 {"code":"WF_1103"}', [], 1);
  // 409 to reconcile: a distinct outcome, or the hook's result (of the operation's type).
  expect('reconcile', 1, 'reconcile 409 ', []);
  expect('reconcile_hook', 1, 'response 200 reconciled {"v":2}', []);
  expect('reconcile_wrong_type', 1, /Reconcile returned a string, not a \*http\.Response/, []);
  expect('sleep_fails', 1, 'error context canceled', [250]);
  expect('do_with', 3, '<nil>', []);
}

// ---------------------------------------------------------------------------------------------------------
// The built-in catalog and the committed snippet files
// ---------------------------------------------------------------------------------------------------------

describe('built-in catalog', () => {
  const catalog = loadBuiltinCatalog();

  test('the plan follows the catalog: WF_1200 only on 503, 4xx never, Wireflow retryAfter', () => {
    const plan = buildRetryPlan(catalog.entries, catalog.apis);
    assert.deepEqual(plan.retryCodes.find((r) => r.code === 'WF_1200')?.onStatuses, [503]);
    assert.deepEqual(plan.retryCodes.find((r) => r.code === 'WF_1103')?.onStatuses, []);
    assert.ok(plan.noRetryCodes.some((c) => c.code === 'WF_1001'));
    for (const s of plan.retryStatuses) assert.ok(s.status === 429 || s.status >= 500, String(s.status));
    assert.ok(plan.retryStatuses.some((s) => s.status === 429));
    assert.ok(plan.retryStatusClasses.includes(5) || plan.retryStatuses.some((s) => s.status === 500));
    for (const s of [400, 401, 403, 404]) assert.ok(plan.noRetryStatuses.includes(s), String(s));
    assert.equal(plan.honorRetryAfter, true);
    assert.deepEqual(plan.retryAfterBodyFields, [{ api: 'wireflow', field: 'retryAfter', format: 'unix-seconds' }]);
    for (const a of catalog.apis) {
      const p = planForApi(a.id, catalog).policy;
      assert.equal(p.maxAttempts, a.retryPolicy.maxAttempts);
      assert.equal(p.capSeconds, a.retryPolicy.capSeconds);
      assert.equal(p.baseDelayMs, a.retryPolicy.baseDelayMs);
    }
  });

  test('planForEntry(WF_1103): the Workflows retryable set, WF_1103 first', () => {
    const e = catalog.findCode('WF_1103');
    assert.ok(e);
    const plan = planForEntry(e, catalog);
    assert.equal(plan.retryCodes[0].code, 'WF_1103');
    assert.ok(plan.retryCodes.every((r) => r.api === 'workflows'));
    const ts = generateRetryHelper('typescript', plan).code;
    assert.match(ts, /inserted for WF_1103 \(Platform Request Failed\)/);
  });

  test('snippets/*.json equal a fresh generation (run scripts/gen-snippets.ts after catalog changes)', () => {
    const files = buildSnippetFiles(catalog);
    assert.deepEqual(Object.keys(files).sort(), Object.values(SNIPPET_FILES).sort());
    for (const [rel, text] of Object.entries(files)) {
      const file = path.join(ROOT, rel);
      assert.ok(fs.existsSync(file), `${rel} is missing: run scripts/gen-snippets.ts`);
      assert.equal(fs.readFileSync(file, 'utf8'), text, `${rel} is stale: run scripts/gen-snippets.ts`);
      const snippets = JSON.parse(text) as Record<string, { prefix: string; body: string[] }>;
      assert.ok(Object.values(snippets).some((s) => s.prefix === 'errcode-retry'));
    }
    // The snippet holds the same helper the quick fix inserts.
    const py = JSON.parse(files[SNIPPET_FILES.python]) as Record<string, { prefix: string; body: string[] }>;
    const helper = generateRetryHelper('python', buildRetryPlan(catalog.entries, catalog.apis));
    const body = Object.values(py).find((s) => s.prefix === 'errcode-retry')!.body.join('\n');
    assert.ok(body.includes(snippetEscape(helper.code.trimEnd())));
  });

  test('snippetEscape protects $ and backslashes', () => {
    assert.equal(snippetEscape('`${a}` \\d'), '`\\${a}` \\\\d');
  });
});
