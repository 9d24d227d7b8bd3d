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
  wrapCallInRetry,
  wrapImports,
  type RetryLanguage,
  type RetryLibrary,
  type RetryPlan,
} from '../../src/core/retry';

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
      assert.equal(h.marker, v.lang === 'python' ? '# errcode-retry-helper v1' : '// errcode-retry-helper v1');
      assert.ok(hasRetryHelper(`header\n${h.code}\nfooter`, v.lang), variantName(v));
      assert.equal(retryHelperVersion(h.code), 1);
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
    assert.equal(wrapCallInRetry('python', 'await client.get(url)', ''), 'await with_errcode_retry_async(lambda: client.get(url))');
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

  test('Go: go vet of every plan and variant (cenkalti against offline stand-ins)', () => {
    need(HAS_GO, 'no go toolchain');
    const fixtures = path.join(ROOT, 'test', 'unit', 'fixtures', 'retry');
    for (const v of goVariants) {
      const dir = tmpDir(`govet-${v.cenkaltiMajor ?? 'std'}`);
      writeGoModule(dir, v.cenkaltiMajor, fixtures);
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

function writeGoModule(dir: string, cenkaltiMajor: number | undefined, fixtures: string): void {
  const lines = ['module errcodetest', '', 'go 1.18', ''];
  if (cenkaltiMajor) {
    const mod = `github.com/cenkalti/backoff/v${cenkaltiMajor}`;
    lines.push(`require ${mod} v${cenkaltiMajor}.0.0`, '', `replace ${mod} => ${path.join(fixtures, `cenkalti-v${cenkaltiMajor === 4 ? 4 : 5}`)}`, '');
    if (cenkaltiMajor !== 4 && cenkaltiMajor !== 5) throw new Error('stand-ins exist for v4 and v5 only');
  }
  fs.writeFileSync(path.join(dir, 'go.mod'), lines.join('\n'));
}

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

  test('Python helper (sync and async): retries, raises, waits, limits', () => {
    need(HAS_PYTHON, `no ${PYTHON}`);
    pythonBehaviour(undefined);
  });

  for (const library of ['tenacity', 'backoff'] as const) {
    test(`Python ${library} variant behaves the same`, () => {
    need(pyHas(library), `${library} is not importable by ${PYTHON}`);
      pythonBehaviour(library);
    });
  }

  test('Go helper: retries, returns, waits, limits', () => {
    need(HAS_GO, 'no go toolchain');
    goBehaviour(undefined);
  });

  for (const major of [4, 5]) {
    test(`Go cenkalti/backoff v${major} variant behaves the same (offline stand-in)`, () => {
    need(HAS_GO, 'no go toolchain');
      goBehaviour(major);
    });
  }
});

// ---------------------------------------------------------------------------------------------------------
// Behaviour: Python
// ---------------------------------------------------------------------------------------------------------

const PY_TEST = String.raw`
import asyncio, email.utils, json, sys

NOW = 1711036800.0
results = {}


class FakeResponse:
    def __init__(self, status, body, headers=None):
        self.status_code = status
        self._body = body
        self.headers = headers or {}

    def json(self):
        if self._body is None:
            raise ValueError("no JSON")
        return self._body


class FakeHTTPError(Exception):
    def __init__(self, status, body, headers=None):
        super().__init__(f"HTTP {status}")
        self.response = FakeResponse(status, body, headers)


def fake(failures, result="ok"):
    calls = {"n": 0}

    def op():
        calls["n"] += 1
        if calls["n"] > len(failures):
            return result
        f = failures[calls["n"] - 1]
        if isinstance(f, FakeResponse):
            return f
        raise f

    return op, calls


def run(name, failures, result="ok", **kw):
    sleeps = []
    op, calls = fake(failures, result)
    kwargs = dict(kw)
    if STANDARD:
        kwargs.update(sleep=sleeps.append, rand=lambda: 0.5, now=lambda: NOW)
    try:
        out = with_errcode_retry(op, **kwargs)
        outcome = "returned " + (out if isinstance(out, str) else "response %d" % out.status_code)
    except Exception as e:
        outcome = "raised " + type(e).__name__
    results[name] = {"calls": calls["n"], "sleeps": sleeps, "outcome": outcome}


e503 = lambda: FakeHTTPError(503, {"detail": "An error occurred", "code": "WF_1200"})
run("503_twice", [e503(), e503()])
run("422", [FakeHTTPError(422, {"detail": "bad cron", "code": "WF_1200"})])
run("500_wf1104", [FakeHTTPError(500, {"code": "WF_1104"})])
run("retry_after_seconds", [FakeHTTPError(503, {"code": "WF_1200"}, {"Retry-After": "1"})])
run("retry_after_date", [FakeHTTPError(503, {"code": "WF_1200"}, {"Retry-After": email.utils.formatdate(NOW + 2, usegmt=True)})])
run("retry_after_capped", [FakeHTTPError(503, {"code": "WF_1200"}, {"Retry-After": "3600"})])
run("max_attempts", [e503() for _ in range(10)])
run("max_attempts_2", [e503() for _ in range(10)], max_attempts=2)
run("returned_response", [FakeResponse(503, {"code": "WF_1200"}), FakeResponse(503, {"code": "WF_1200"})], "fine")
run("returned_response_last", [FakeResponse(503, {"code": "WF_1200"}) for _ in range(10)])
run("returned_404", [FakeResponse(404, {"code": "WF_1100"})])
run("network", [ConnectionError("reset")])
run("body_text", [FakeHTTPError(503, None), FakeHTTPError(503, None)])


async def run_async():
    calls = {"n": 0}
    sleeps = []

    async def op():
        calls["n"] += 1
        if calls["n"] < 3:
            raise e503()
        return "ok"

    async def sleep(s):
        sleeps.append(s)

    kwargs = dict(sleep=sleep, rand=lambda: 0.5, now=lambda: NOW) if STANDARD else {}
    out = await with_errcode_retry_async(op, **kwargs)
    results["async"] = {"calls": calls["n"], "sleeps": sleeps, "outcome": "returned " + out}


asyncio.run(run_async())
print(json.dumps(results))
`;

function pythonBehaviour(library: 'tenacity' | 'backoff' | undefined): void {
  const h = generateRetryHelper('python', WF_PLAN, { library });
  const dir = tmpDir(`behaviour-py-${library ?? 'std'}`);
  const file = path.join(dir, 'check.py');
  const prelude = `STANDARD = ${library ? 'False' : 'True'}\n`;
  // The library variants wait for real: keep the waits tiny.
  const fast = library ? h.code.replace(/^_ERRCODE_BASE_DELAY = .*$/m, '_ERRCODE_BASE_DELAY = 0.001').replace(/^_ERRCODE_MAX_DELAY = .*$/m, '_ERRCODE_MAX_DELAY = 0.01') : h.code;
  fs.writeFileSync(file, [...h.imports, '', '', fast, '', prelude + PY_TEST].join('\n'));
  const r = run(PYTHON, [file]);
  assert.equal(r.status, 0, r.stderr);
  const res = JSON.parse(r.stdout) as Record<string, { calls: number; sleeps: number[]; outcome: string }>;
  const expect = (name: string, calls: number, outcome: string, sleeps?: number[]) => {
    assert.equal(res[name].calls, calls, `${name}: ${JSON.stringify(res[name])}`);
    assert.equal(res[name].outcome, outcome, name);
    if (sleeps && !library) assert.deepEqual(res[name].sleeps, sleeps, name);
  };
  expect('503_twice', 3, 'returned ok', [0.25, 0.5]);
  expect('422', 1, 'raised FakeHTTPError', []);
  expect('500_wf1104', 1, 'raised FakeHTTPError', []);
  expect('retry_after_seconds', 2, 'returned ok', [1]);
  expect('retry_after_date', 2, 'returned ok', [2]);
  expect('retry_after_capped', 2, 'returned ok', [30]);
  expect('max_attempts', 5, 'raised FakeHTTPError', [0.25, 0.5, 1, 2]);
  expect('max_attempts_2', 2, 'raised FakeHTTPError');
  expect('returned_response', 3, 'returned fine');
  expect('returned_response_last', 5, 'returned response 503');
  expect('returned_404', 1, 'returned response 404');
  expect('network', 1, 'raised ConnectionError');
  // 503 without a body: no code, and the Workflows plan lists no bare statuses.
  expect('body_text', 1, 'raised FakeHTTPError');
  expect('async', 3, 'returned ok', [0.25, 0.5]);
}

// ---------------------------------------------------------------------------------------------------------
// Behaviour: Go
// ---------------------------------------------------------------------------------------------------------

const GO_TEST = `
type outcome struct {
	Calls  int     \`json:"calls"\`
	Sleeps []int64 \`json:"sleeps"\`
	Result string  \`json:"result"\`
}

func apiErr(status int, code string, header http.Header) error {
	body, _ := json.Marshal(map[string]any{"code": code})
	e := &ErrcodeAPIError{StatusCode: status, Header: header, Body: body}
	if code != "" {
		e.Code = code
	}
	return fmt.Errorf("calling the API: %w", e)
}

func runCase(failures []func() (*http.Response, error), max int) outcome {
	var o outcome
	var sleeps []int64
	opts := ErrcodeRetryOptions{
		MaxAttempts: max,
		Sleep: func(ctx context.Context, d time.Duration) error {
			sleeps = append(sleeps, d.Milliseconds())
			return nil
		},
		OnRetry: func(attempt int, wait time.Duration, err error) {
			if STANDARD == false {
				sleeps = append(sleeps, wait.Milliseconds())
			}
		},
		Rand: func() float64 { return 0.5 },
		Now:  func() time.Time { return time.Unix(1711036800, 0) },
	}
	resp, err := WithErrcodeRetry(context.Background(), func(context.Context) (*http.Response, error) {
		o.Calls++
		if o.Calls > len(failures) {
			return &http.Response{StatusCode: 200, Body: io.NopCloser(strings.NewReader("ok"))}, nil
		}
		return failures[o.Calls-1]()
	}, opts)
	o.Sleeps = sleeps
	switch {
	case err != nil:
		var apiErr *ErrcodeAPIError
		if errors.As(err, &apiErr) {
			o.Result = fmt.Sprintf("error %d %s", apiErr.StatusCode, apiErr.Code)
		} else {
			o.Result = "error " + err.Error()
		}
	default:
		body, _ := io.ReadAll(resp.Body)
		o.Result = fmt.Sprintf("response %d %s", resp.StatusCode, body)
	}
	return o
}

func times(n int, f func() (*http.Response, error)) []func() (*http.Response, error) {
	out := make([]func() (*http.Response, error), n)
	for i := range out {
		out[i] = f
	}
	return out
}

func main() {
	e503 := func() (*http.Response, error) { return nil, apiErr(503, "WF_1200", nil) }
	failedResp := func() (*http.Response, error) {
		return &http.Response{StatusCode: 503, Header: http.Header{}, Body: io.NopCloser(strings.NewReader(\`{"code":"WF_1200"}\`))}, nil
	}
	date := time.Unix(1711036800+2, 0).UTC().Format(http.TimeFormat)
	results := map[string]outcome{
		"503_twice":           runCase(times(2, e503), 0),
		"422":                 runCase(times(1, func() (*http.Response, error) { return nil, apiErr(422, "WF_1200", nil) }), 0),
		"500_wf1104":          runCase(times(1, func() (*http.Response, error) { return nil, apiErr(500, "WF_1104", nil) }), 0),
		"retry_after_seconds": runCase(times(1, func() (*http.Response, error) { return nil, apiErr(503, "WF_1200", http.Header{"Retry-After": {"1"}}) }), 0),
		"retry_after_date":    runCase(times(1, func() (*http.Response, error) { return nil, apiErr(503, "WF_1200", http.Header{"Retry-After": {date}}) }), 0),
		"retry_after_capped":  runCase(times(1, func() (*http.Response, error) { return nil, apiErr(503, "WF_1200", http.Header{"Retry-After": {"3600"}}) }), 0),
		"max_attempts":        runCase(times(10, e503), 0),
		"max_attempts_2":      runCase(times(10, e503), 2),
		"returned_response":   runCase(times(2, failedResp), 0),
		"returned_last":       runCase(times(10, failedResp), 0),
		"network":             runCase(times(1, func() (*http.Response, error) { return nil, errors.New("connection reset") }), 0),
	}
	out, _ := json.Marshal(results)
	fmt.Println(string(out))
}
`;

function goBehaviour(cenkaltiMajor: number | undefined): void {
  const dir = tmpDir(`behaviour-go-${cenkaltiMajor ?? 'std'}`);
  writeGoModule(dir, cenkaltiMajor, path.join(ROOT, 'test', 'unit', 'fixtures', 'retry'));
  const h = generateRetryHelper('go', WF_PLAN, cenkaltiMajor ? { library: 'cenkalti', cenkaltiMajor } : {});
  const imports = [...new Set([...h.imports, 'import "strings"'])];
  fs.writeFileSync(path.join(dir, 'helper.go'), `package main\n\n${imports.join('\n')}\n\n${h.code}`);
  fs.writeFileSync(
    path.join(dir, 'main.go'),
    `package main\n\nimport (\n\t"context"\n\t"encoding/json"\n\t"errors"\n\t"fmt"\n\t"io"\n\t"net/http"\n\t"strings"\n\t"time"\n)\n\nconst STANDARD = ${cenkaltiMajor ? 'false' : 'true'}\n${GO_TEST}`,
  );
  const r = run('go', ['run', '.'], { cwd: dir, env: GO_ENV });
  assert.equal(r.status, 0, r.stderr);
  const res = JSON.parse(r.stdout) as Record<string, { calls: number; sleeps: number[] | null; result: string }>;
  const expect = (name: string, calls: number, result: string, sleeps?: number[]) => {
    assert.equal(res[name].calls, calls, `${name}: ${JSON.stringify(res[name])}`);
    assert.equal(res[name].result, result, name);
    if (sleeps) assert.deepEqual(res[name].sleeps ?? [], sleeps, name);
  };
  expect('503_twice', 3, 'response 200 ok', [250, 500]);
  expect('422', 1, 'error 422 WF_1200', []);
  expect('500_wf1104', 1, 'error 500 WF_1104', []);
  expect('retry_after_seconds', 2, 'response 200 ok', [1000]);
  expect('retry_after_date', 2, 'response 200 ok', [2000]);
  expect('retry_after_capped', 2, 'response 200 ok', [30_000]);
  expect('max_attempts', 5, 'error 503 WF_1200', [250, 500, 1000, 2000]);
  expect('max_attempts_2', 2, 'error 503 WF_1200', [250]);
  expect('returned_response', 3, 'response 200 ok', [250, 500]);
  expect('returned_last', 5, 'response 503 {"code":"WF_1200"}');
  expect('network', 1, 'error connection reset', []);
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
