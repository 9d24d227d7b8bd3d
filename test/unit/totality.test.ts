// Totality: no documented error body, with any of its fields replaced by any JSON value and written in
// any notation a real tool prints, makes a stage of the product throw.
//
// Cases: the body shapes the seeds document (./support/bodies.ts: 10 shapes, 51 fields counting the first item of each
// array) × 20 replacement values, plus the 10 shapes as documented and 39 seeded random combinations of
// 2–3 replacements: 1,070 bodies. Each is rendered in every notation of ./support/notations.ts that can
// hold it (23 notations; go-struct holds only the flat bodies, jq and Ruby no lone high surrogate), except
// that the 10,000-character string goes into a rotating sixth of the notations (a text holding it costs
// ~20 ms, mostly the 7-character stream): 22,699 texts, each through every stage in-process
// (runEverything). The built CLI scans every 50th as a file (454, in batches of 25) and reads every
// 400th on stdin with scan and explain (57 × 2 processes): a node process costs ~0.1 s to start here.
// Measured on the 2-core machine (busy with other work, so these are upper bounds): ~29 s CPU
// in-process, ~6 s of self-checks (python3, go, jq, ruby: required), ~17 s CPU of CLI processes
// spread over both cores: about 45 s of wall time on an idle machine. To trim: lower
// RANDOM_COMBINATIONS, raise LONG_STRING_SHARE, CLI_EVERY or CLI_STDIN_EVERY.
//
// Build and run alone:
//   npx esbuild test/unit/totality.test.ts --bundle --platform=node --format=cjs \
//     --outfile=/tmp/tot/totality.test.js --loader:.jsonc=text && node --test /tmp/tot/totality.test.js
// The CLI part runs `process.env.ERRCODE_CLI ?? <repo>/dist/cli.js` (built by `node esbuild.js`; it fails without it).
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { describe, test } from 'node:test';
import { inspect } from 'node:util';
// The ESM build, as src/core/catalog/catalogFile.ts imports it (the UMD one does not bundle).
import { parse as parseJsonc } from 'jsonc-parser/lib/esm/main.js';
import {
  ANSIBLE_HEAD,
  NOTATIONS,
  NotRepresentable,
  PYTHON_EXCEPTION_PROGRAM,
  PYTHON_EXCEPTION_ROOT,
  ansibleTaskResult,
  canRender,
  goFieldName,
  pyPformat,
  pyRepr,
  render,
  type JsonValue,
  type NotationId,
  type RenderOptions,
} from './support/notations';
import { LONG_LABEL, REPLACEMENTS, SHAPES, fieldPaths, pathLabel, replaced } from './support/bodies';
import { PYTHON, requireTool } from './support/tools';

// ---------------------------------------------------------------------------------------------------------
// The product. Its functions are named here and only here (imports included): the lead re-points this
// section when the engine's API changes.
// ---------------------------------------------------------------------------------------------------------
import { BUILTIN_CATALOG_FILES, Catalog, loadBuiltinCatalog } from '../../src/core/catalog/catalog';
import { planProblems } from '../../src/core/policy/problems';
import { problemMessage } from '../../src/core/render/problemMessages';
import { findingAt } from '../../src/core/engine/findingAt';
import { updateFindings } from '../../src/core/engine/incremental';
import { scanText } from '../../src/core/engine/scan';
import { scanStream, type StreamedFinding } from '../../src/core/engine/stream';
import { explainFinding, toMarkdown, toText } from '../../src/core/render/explain';
import { explanationToHtml } from '../../src/core/render/html';
import { supportReport } from '../../src/core/render/report';
import { LogTally, logSummaryMarkdown } from '../../src/core/render/logSummary';
import { DEFAULT_SETTINGS } from '../../src/core/policy/settings';
import { findingLine, logProblemsJson } from '../../src/cli/format';

/**
 * The built-in catalog. esbuild.js bundles the data as minified JSON; the one-file build above
 * (`--loader:.jsonc=text`) carries the JSONC as written, which loadBuiltinCatalog refuses: read it here.
 */
function builtinCatalog(): Catalog {
  try {
    return loadBuiltinCatalog();
  } catch {
    type Data = { apis?: ConstructorParameters<typeof Catalog>[0]; entries?: ConstructorParameters<typeof Catalog>[1] };
    const files = BUILTIN_CATALOG_FILES.map(({ text }) => parseJsonc(text, [], { allowTrailingComma: true }) as Data);
    return new Catalog(files.flatMap((f) => f.apis ?? []), files.flatMap((f) => f.entries ?? []));
  }
}

const catalog = builtinCatalog();
const NOW = Date.UTC(2026, 10, 30, 10, 0, 0);

/** A stage threw: which one, and what. */
class StageError extends Error {
  constructor(
    readonly stage: string,
    readonly error: unknown,
  ) {
    super(`${stage}: ${error instanceof Error ? error.message : String(error)}`);
  }
}

function stage<T>(name: string, run: () => T): T {
  try {
    return run();
  } catch (e) {
    throw new StageError(name, e);
  }
}

async function* chunksOf(text: string, size: number): AsyncGenerator<string> {
  for (let i = 0; i < text.length; i += size) yield text.slice(i, i + size);
}

// The ONE place that names the product's functions: the lead will re-point it when the engine's API changes.
// (Async because the streaming scan is; returns the number of findings, so a run that finds nothing shows.)
async function runEverything(text: string): Promise<number> {
  const findings = stage('scanText', () => scanText(text, catalog));
  for (const f of findings) {
    const e = stage('explainFinding', () => explainFinding(f, catalog, { now: NOW, examples: true }));
    stage('toMarkdown', () => toMarkdown(e, [{ title: 'Details', command: 'errcode.showDetails', args: [f.start] }]));
    stage('toText', () => toText(e));
    stage('explanationToHtml', () => explanationToHtml(e, { cspSource: 'vscode-webview://errcode', nonce: 'bm9uY2Utbm9uY2UtMTIz' }));
    stage('supportReport', () => supportReport(f, catalog, text, 'totality.log'));
    stage('findingAt', () => findingAt(findings, f.start));
  }
  for (const kind of ['log', 'code', 'docs'] as const) {
    const problems = stage(`planProblems(${kind})`, () => planProblems(findings, text, DEFAULT_SETTINGS, kind, catalog));
    for (const p of problems) stage(`problemMessage(${p.rule})`, () => problemMessage(p, catalog));
  }

  // A one-character edit in the middle.
  if (text.length) {
    const mid = text.length >> 1;
    const edited = text.slice(0, mid) + (text[mid] === 'x' ? 'y' : 'x') + text.slice(mid + 1);
    stage('updateFindings', () => updateFindings(findings, [{ offset: mid, deletedLength: 1, insertedLength: 1 }], { length: edited.length, slice: (a, b) => edited.slice(a, b) }, catalog));
  }

  // The streaming scan over chunks of 7 characters, and what the CLI and the log summary do with it.
  const streamed: StreamedFinding[] = [];
  try {
    await scanStream(chunksOf(text, 7), catalog, (sf) => streamed.push(sf));
  } catch (e) {
    throw new StageError('scanStream', e);
  }
  const tally = stage('new LogTally', () => new LogTally(catalog));
  for (const sf of streamed) {
    for (const json of stage('logProblemsJson', () => logProblemsJson(sf, catalog, DEFAULT_SETTINGS))) {
      stage('findingLine', () => findingLine('totality.log', json));
      stage('JSON.stringify(logProblemsJson)', () => JSON.stringify(json));
    }
    stage('LogTally.add', () => tally.add(sf));
  }
  stage('logSummaryMarkdown', () => logSummaryMarkdown(tally, { file: 'totality.log', bytes: text.length, size: text.length, ms: 12, cancelled: false }, catalog));
  return findings.length;
}

/** mulberry32: a small seeded PRNG, so the random combinations are the same on every run. */
function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

interface Variant {
  shape: string;
  field: string;
  replacement: string;
  status: number;
  value: JsonValue;
}

const RANDOM_COMBINATIONS = 40;

function variants(): Variant[] {
  const out: Variant[] = [];
  for (const s of SHAPES) {
    out.push({ shape: s.name, field: '(none)', replacement: '(as documented)', status: s.status, value: s.body });
    for (const p of fieldPaths(s.body)) {
      for (const r of REPLACEMENTS) {
        const value = replaced(s.body, p, r.value);
        if (value !== undefined) out.push({ shape: s.name, field: pathLabel(p), replacement: r.label, status: s.status, value });
      }
    }
  }
  const random = prng(0x7071a1);
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(random() * xs.length)];
  for (let n = 0; n < RANDOM_COMBINATIONS; n++) {
    const s = pick(SHAPES);
    const paths = fieldPaths(s.body);
    let value: JsonValue | undefined = s.body;
    const fields: string[] = [];
    const labels: string[] = [];
    for (let k = 0, count = 2 + Math.floor(random() * 2); k < count && value !== undefined; k++) {
      const p = pick(paths);
      const r = pick(REPLACEMENTS);
      const next: JsonValue | undefined = replaced(value, p, r.value);
      if (next === undefined) continue;
      value = next;
      fields.push(pathLabel(p));
      labels.push(r.label);
    }
    if (value !== undefined && fields.length) out.push({ shape: s.name, field: fields.join(' + '), replacement: labels.join(' + '), status: s.status, value });
  }
  return out;
}

interface Case {
  variant: Variant;
  notation: NotationId;
  opts: RenderOptions;
}

/** Texts with the 10,000-character string cost ~20 ms each (mostly the 7-character stream): they go into a rotating sixth of the notations. */
const LONG_STRING_SHARE = 6;

function allCases(): Case[] {
  const out: Case[] = [];
  variants().forEach((variant, i) => {
    const long = variant.replacement.includes(LONG_LABEL);
    NOTATIONS.forEach((n, j) => {
      if (!canRender(variant.value, n.id) || (long && (i + j) % LONG_STRING_SHARE !== 0)) return;
      // The options a notation has vary from body to body: Ruby 3.4 with symbol or string keys, jq 1.6
      // or 1.7 colours, PyYAML at Ansible's width or the default 80 (long strings folded), curl's header
      // lines with or without their CR, and the truncated line cut anywhere in the body.
      const opts: RenderOptions = { status: variant.status };
      if (n.id === 'ruby-34' && i % 2) opts.rubyKeys = 'string';
      if (n.id === 'jq-color' && i % 2) opts.jqVersion = '1.7';
      if (n.id === 'yaml' && i % 3 === 0) opts.yamlWidth = 80;
      if (n.id === 'curl-v' && i % 2) opts.crlf = true;
      if (n.id === 'truncated') opts.truncateBodyAt = 1 + ((i * 7919) % Math.max(1, JSON.stringify(variant.value).length));
      out.push({ variant, notation: n.id, opts });
    });
  });
  return out;
}

function describeCase(c: Case): string {
  const v = c.variant;
  return `${v.shape}: ${v.field} := ${v.replacement}, in ${c.notation}`;
}

// ---------------------------------------------------------------------------------------------------------
// Tools
// ---------------------------------------------------------------------------------------------------------

function repoRoot(): string {
  for (let dir = __dirname; ; dir = path.dirname(dir)) {
    try {
      if ((JSON.parse(fs.readFileSync(path.join(dir, 'package.json'), 'utf8')) as { name?: string }).name === 'errcode-assistant') return dir;
    } catch {
      // not here
    }
    if (path.dirname(dir) === dir) return process.cwd();
  }
}

function run(cmd: string, args: string[], input: string, env?: NodeJS.ProcessEnv): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const p = spawn(cmd, args, { env: { ...process.env, ...env }, stdio: ['pipe', 'pipe', 'pipe'] });
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    p.stdout.on('data', (b: Buffer) => out.push(b));
    p.stderr.on('data', (b: Buffer) => err.push(b));
    p.on('error', reject);
    p.on('close', (code) => resolve({ code, stdout: Buffer.concat(out).toString('utf8'), stderr: Buffer.concat(err).toString('utf8') }));
    p.stdin.on('error', () => undefined); // a CLI that refuses the input early closes its stdin
    p.stdin.end(input);
  });
}

async function inParallel<T>(items: readonly T[], width: number, work: (item: T, index: number) => Promise<void>): Promise<void> {
  let next = 0;
  await Promise.all(
    Array.from({ length: width }, async () => {
      while (next < items.length) {
        const i = next++;
        await work(items[i], i);
      }
    }),
  );
}

// ---------------------------------------------------------------------------------------------------------
// 1. The renderers print what the tools print
// ---------------------------------------------------------------------------------------------------------

const LONG = REPLACEMENTS.find((r) => r.label === LONG_LABEL)!.value as string;

/** The documented bodies, and hostile values in the places a printer treats differently. */
const CHECK_VALUES: readonly { value: JsonValue; status: number }[] = [
  ...SHAPES.map((s) => ({ value: s.body, status: s.status })),
  ...REPLACEMENTS.map((r) => ({ value: { detail: r.value, code: 'WF_1100' } as JsonValue, status: 404 })),
  { value: { error: 'x', n: [0.00001, 0.0001, 1e15, 1e16, 1e21, 123456, 1234567, 1.5e-7, -0.5, 1711036800] }, status: 429 },
  { value: { words: 'lorem ipsum dolor sit amet '.repeat(12), lines: 'first line  \n\tsecond\r\nthird\n', quotes: "it's \"quoted\"", yamlish: ['true', 'null', '~', '- x', 'a: b', '#c', '0x1F', '2026-11-30', '1e999', '=', '<<'] }, status: 500 },
  { value: { '': 'empty key', ' k': 'space key', 'k\nk': 'break key', ['k'.repeat(130)]: 'long key', ['$type']: 'videoGen' }, status: 400 },
  { value: { error: LONG.slice(0, 300) + '\n' + LONG.slice(0, 200) }, status: 500 },
  { value: 'a top-level string', status: 500 },
  { value: [1, 'two', null, { three: [3] }], status: 500 },
];

const ROUND_TRIP: Partial<Record<NotationId, (text: string, bodyStart: number) => unknown>> = {
  'json-line': (t, at) => JSON.parse(t.slice(at)),
  'json-pretty': (t, at) => JSON.parse(t.slice(at)),
  'jsonl-escaped-1': (t) => JSON.parse((JSON.parse(t) as { msg: string }).msg),
  'jsonl-escaped-2': (t) => JSON.parse((JSON.parse((JSON.parse(t) as { log: string }).log) as { msg: string }).msg),
  cloudwatch: (t) => JSON.parse((JSON.parse(t) as { message: string }).message),
  otel: (t) => JSON.parse((JSON.parse(t) as { resourceLogs: { scopeLogs: { logRecords: { body: { stringValue: string } }[] }[] }[] }).resourceLogs[0].scopeLogs[0].logRecords[0].body.stringValue),
  har: (t) => JSON.parse((JSON.parse(t) as { log: { entries: { response: { content: { text: string } } }[] } }).log.entries[0].response.content.text),
  csv: (t) => {
    const row = t.slice(t.indexOf('\n') + 1).replace(/\n$/, '');
    const field = row.slice(row.indexOf(',"') + 2, -1);
    assert.ok(!/(^|[^"])"([^"]|$)/.test(field.replace(/""/g, '')), 'every quote inside the field is doubled');
    return JSON.parse(field.replace(/""/g, '"'));
  },
  'curl-v': (t, at) => JSON.parse(t.slice(at, t.lastIndexOf('* Connection #0 to host api.example left intact'))),
  'js-literal': (t, at) => new Function(`return (${t.slice(at, t.indexOf(';\n\ntest(', at))});`)() as unknown,
};

describe('renderers produce what the tools produce', () => {
  test('JSON and JS notations give the value back (JSON.parse, or evaluating the literal)', () => {
    for (const { value, status } of CHECK_VALUES) {
      for (const [id, back] of Object.entries(ROUND_TRIP) as [NotationId, (t: string, at: number) => unknown][]) {
        const r = render(value, id, { status });
        assert.deepStrictEqual(back(r.text, r.bodyStart), value, `${id}: ${r.text.slice(0, 200)}`);
      }
    }
  });

  test('bodyStart is where the body begins', () => {
    const openers: Partial<Record<NotationId, string>> = {
      'json-line': '{', 'json-pretty': '{', 'jsonl-escaped-1': '{', 'jsonl-escaped-2': '{', cloudwatch: '{', otel: '{', har: '{', truncated: '{',
      'python-repr': '{', 'python-pprint': '{', 'python-exception': '{', 'node-inspect': '{', 'node-inspect-color': '{', 'axios-error': '{',
      'js-literal': '{', 'ruby-inspect': '{', 'ruby-34': '{', 'go-map': 'map[', 'go-struct': '&{', csv: '{', 'jq-color': '\x1b[1;39m{', 'curl-v': '{',
    };
    for (const { value, status } of CHECK_VALUES.slice(0, SHAPES.length)) {
      for (const n of NOTATIONS) {
        if (!canRender(value, n.id)) continue;
        const r = render(value, n.id, { status });
        if (n.id === 'yaml') {
          const first = Object.keys(value as object).sort()[0];
          assert.ok(r.text.startsWith(`${first}:`, r.bodyStart), `yaml: ${JSON.stringify(r.text.slice(r.bodyStart, r.bodyStart + 40))}`);
        } else assert.ok(r.text.startsWith(openers[n.id]!, r.bodyStart), `${n.id}: ${JSON.stringify(r.text.slice(r.bodyStart, r.bodyStart + 40))}`);
      }
    }
  });

  test('node-inspect is util.inspect(value, { depth: 2 }), with and without colours; axios-error dumps like axios', () => {
    for (const { value, status } of CHECK_VALUES) {
      const plain = render(value, 'node-inspect', { status });
      assert.equal(plain.text.slice(plain.bodyStart), inspect(value, { depth: 2 }) + '\n');
      const color = render(value, 'node-inspect-color', { status });
      assert.equal(color.text.slice(color.bodyStart), inspect(value, { depth: 2, colors: true }) + '\n');
      const ax = render(value, 'axios-error', { status });
      assert.ok(ax.text.startsWith(`AxiosError: Request failed with status code ${status}\n    at settle (`), ax.text.slice(0, 80));
      assert.match(ax.text, /headers: Object \[AxiosHeaders\] \{/);
      assert.match(ax.text, /request: <ref \*1> ClientRequest \{/);
      // response.data is at depth 2 of the error: its own objects print as [Object] / [Array].
      const wrapped = inspect({ response: { data: value } }, { depth: 2 });
      const data = wrapped.slice(wrapped.indexOf('data: ') + 6).replace(/\s*\}\s*\}$/, '');
      assert.ok(ax.text.startsWith(data, ax.bodyStart), `${JSON.stringify(ax.text.slice(ax.bodyStart, ax.bodyStart + 60))} vs ${JSON.stringify(data)}`);
    }
  });

  test('truncated is the json-line cut at N characters', () => {
    const value = SHAPES[5].body;
    const line = render(value, 'json-line').text.replace(/\n$/, '');
    for (const n of [50, 60, 120, line.length, line.length + 10]) {
      assert.equal(render(value, 'truncated', { truncateAt: n }).text, line.slice(0, n) + '\n');
    }
    assert.equal(render(value, 'truncated', { truncateAt: 60, truncationMarker: '…[truncated]' }).text, line.slice(0, 60) + '…[truncated]\n');
    const r = render(value, 'truncated', { truncateBodyAt: 7 });
    assert.equal(r.text, line.slice(0, r.bodyStart + 7) + '\n');
  });

  test('go-struct holds only flat objects: canRender says so and render throws NotRepresentable', () => {
    const nested = SHAPES.find((s) => s.name === 'flows graphql')!.body;
    assert.equal(canRender(nested, 'go-struct'), false);
    assert.throws(() => render(nested, 'go-struct'), (e: unknown) => e instanceof NotRepresentable && /flat objects|nested/.test(e.message));
    assert.equal(canRender('x', 'go-struct'), false);
    assert.equal(canRender(SHAPES[2].body, 'go-struct'), true);
    assert.equal(render(SHAPES[2].body, 'go-struct').text, '2026/11/30 10:00:00 request failed: &{Detail:Invalid event ID for reset Code:WF_1001 ValidResetEvents:[3 7 12]}\n');
    for (const n of NOTATIONS) if (n.id !== 'go-struct') assert.equal(canRender(nested, n.id), true, n.id);
    assert.equal(canRender(Number.NaN, 'json-line'), false);
  });

  test('python-repr, python-pprint, python-exception and yaml match python3 (CPython, PyYAML, the Ansible callback)', async () => {
    requireTool(PYTHON, ['-c', 'import yaml'], 'python3-yaml');
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'errcode-py-'));
    for (const f of PYTHON_EXCEPTION_PROGRAM) {
      fs.mkdirSync(path.dirname(path.join(dir, f.path)), { recursive: true });
      fs.writeFileSync(path.join(dir, f.path), f.source);
    }
    const script = String.raw`
import json, os, pprint, re, string, subprocess, sys
import yaml
root = sys.argv[1]
cases = json.loads(sys.stdin.read())

def should_use_block(value):
    for c in u"\u000a\u000d\u001c\u001d\u001e\u0085\u2028\u2029":
        if c in value:
            return True
    return False

def represent_scalar(self, tag, value, style=None):
    # community.general's yaml callback
    if style is None:
        if should_use_block(value):
            style = '|'
            value = value.rstrip()
            value = ''.join(x for x in value if x in string.printable or ord(x) >= 0xA0)
            value = value.expandtabs()
            value = re.sub(r'[\x0b\x0c\r]', '', value)
            value = re.sub(r' +\n', '\n', value)
        else:
            style = self.default_style
    node = yaml.representer.ScalarNode(tag, value, style=style)
    if self.alias_key is not None:
        self.represented_objects[self.alias_key] = node
    return node

def dump_results(result):
    abridged = dict(result)
    dumped = ''
    if 'changed' in abridged:
        dumped += 'changed=' + str(abridged['changed']).lower() + ' '
        del abridged['changed']
    if abridged:
        dumped += '\n'
        dumped += yaml.dump(abridged, allow_unicode=True, width=1000, Dumper=Dumper, default_flow_style=False)
    return '\n  '.join(dumped.split('\n')).rstrip()

class Dumper(yaml.SafeDumper):
    pass
Dumper.represent_scalar = represent_scalar

out = []
for c in cases:
    v = c['value']
    p = subprocess.run([sys.executable, os.path.join(root, 'main.py'), str(c['status']), json.dumps(v)], capture_output=True, env=dict(os.environ, PYTHONIOENCODING='utf-8'))
    out.append({
        'repr': repr(v),
        'pformat': pprint.pformat(v),
        'traceback': p.stderr.decode('utf-8').replace(root, c['programRoot']),
        'yaml': dump_results(c['ansible']),
    })
sys.stdout.write(json.dumps(out))
`;
    const input = JSON.stringify(CHECK_VALUES.map(({ value, status }) => ({ value, status, programRoot: PYTHON_EXCEPTION_ROOT, ansible: ansibleTaskResult(value, status) })));
    const r = spawnSync(PYTHON, ['-c', script, dir], { input, encoding: 'utf8', maxBuffer: 256 * 1024 * 1024, timeout: 60_000 });
    assert.equal(r.status, 0, r.stderr);
    const got = JSON.parse(r.stdout) as { repr: string; pformat: string; traceback: string; yaml: string }[];
    CHECK_VALUES.forEach(({ value, status }, i) => {
      const label = JSON.stringify(value).slice(0, 120);
      assert.equal(pyRepr(value), got[i].repr, `repr of ${label}`);
      const repr = render(value, 'python-repr', { status });
      assert.equal(repr.text.slice(repr.bodyStart), got[i].repr + '\n');
      assert.equal(pyPformat(value), got[i].pformat, `pformat of ${label}`);
      const pp = render(value, 'python-pprint', { status });
      assert.equal(pp.text.slice(pp.bodyStart), got[i].pformat + '\n');
      assert.equal(render(value, 'python-exception', { status }).text, got[i].traceback, `traceback of ${label}`);
      const y = render(value, 'yaml', { status });
      assert.equal(y.text, ANSIBLE_HEAD + got[i].yaml + '\n', `yaml of ${label}`);
    });
    fs.rmSync(dir, { recursive: true, force: true });
  });

  test('go-map and go-struct match Go (fmt %v of encoding/json values, %+v of a struct)', async () => {
    requireTool('go', ['version'], 'golang-go');
    const structs: { index: number; value: { [k: string]: JsonValue } }[] = [];
    CHECK_VALUES.forEach(({ value }, index) => {
      // Struct tags cannot hold every key; the rest is checked through go-map.
      if (canRender(value, 'go-struct') && Object.keys(value as object).every((k) => /^[\w$]+$/.test(k))) structs.push({ index, value: value as { [k: string]: JsonValue } });
    });
    const goType = (x: JsonValue): string => {
      if (x === null) return 'interface{}';
      if (typeof x === 'boolean') return 'bool';
      if (typeof x === 'string') return 'string';
      if (typeof x === 'number') return Number.isSafeInteger(x) ? 'int' : 'float64';
      return Array.isArray(x) && x.every((e) => typeof e === 'number' && Number.isSafeInteger(e)) ? '[]int' : '[]interface{}';
    };
    const source = [
      'package main',
      '',
      'import (',
      '\t"encoding/json"',
      '\t"fmt"',
      '\t"os"',
      ')',
      '',
      ...structs.map(({ index, value }) => `type S${index} struct {\n${Object.entries(value).map(([k, x]) => `\t${goFieldName(k)} ${goType(x)} \`json:"${k}"\``).join('\n')}\n}\n`),
      'func main() {',
      '\tvar docs []json.RawMessage',
      '\tif err := json.NewDecoder(os.Stdin).Decode(&docs); err != nil {',
      '\t\tpanic(err)',
      '\t}',
      '\tout := map[string]string{}',
      '\tfor i, d := range docs {',
      '\t\tvar v interface{}',
      '\t\tif err := json.Unmarshal(d, &v); err != nil {',
      '\t\t\tpanic(err)',
      '\t\t}',
      '\t\tout[fmt.Sprint("map", i)] = fmt.Sprintf("%v", v)',
      '\t}',
      ...structs.map(({ index }) => `\t{\n\t\tvar s S${index}\n\t\tif err := json.Unmarshal(docs[${index}], &s); err != nil {\n\t\t\tpanic(err)\n\t\t}\n\t\tout["struct${index}"] = fmt.Sprintf("%+v", &s)\n\t}`),
      '\tb, _ := json.Marshal(out)',
      '\tos.Stdout.Write(b)',
      '}',
      '',
    ].join('\n');
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'errcode-go-'));
    fs.writeFileSync(path.join(dir, 'main.go'), source);
    const r = spawnSync('go', ['run', path.join(dir, 'main.go')], {
      input: JSON.stringify(CHECK_VALUES.map((c) => c.value)),
      encoding: 'utf8',
      maxBuffer: 256 * 1024 * 1024,
      timeout: 120_000,
      cwd: dir, // outside any module: `go run` builds the one file with the standard library only
    });
    fs.rmSync(dir, { recursive: true, force: true });
    assert.equal(r.status, 0, r.stderr);
    const got = JSON.parse(r.stdout) as Record<string, string>;
    CHECK_VALUES.forEach(({ value, status }, i) => {
      const m = render(value, 'go-map', { status });
      assert.equal(m.text.slice(m.bodyStart), got[`map${i}`] + '\n', `go-map of ${JSON.stringify(value).slice(0, 120)}`);
    });
    for (const { index, value } of structs) {
      const s = render(value, 'go-struct');
      assert.equal(s.text.slice(s.bodyStart), got[`struct${index}`] + '\n', `go-struct of ${JSON.stringify(value).slice(0, 120)}`);
    }
  });

  test('jq-color matches jq -C .', async () => {
    const version = requireTool('jq', ['--version'], 'jq');
    const jqVersion = version === 'jq-1.6' ? '1.6' : version.startsWith('jq-1.7') ? '1.7' : undefined;
    assert.ok(jqVersion, `jq-color renders jq 1.6's and 1.7's colours; this jq is ${version}: teach support/notations.ts its colours`);
    for (const { value, status } of CHECK_VALUES) {
      const r = spawnSync('jq', ['-C', '.'], { input: JSON.stringify(value), encoding: 'utf8', timeout: 10_000 });
      if (!canRender(value, 'jq-color')) {
        // What canRender claims: jq itself cannot print this value.
        if (jqVersion === '1.6') assert.match(r.stderr, /parse error/, JSON.stringify(value).slice(0, 120));
        continue;
      }
      assert.equal(r.status, 0, r.stderr);
      const mine = render(value, 'jq-color', { status, jqVersion });
      assert.equal(mine.text.slice(mine.bodyStart), r.stdout, `jq -C of ${JSON.stringify(value).slice(0, 120)}`);
    }
  });

  test('ruby-inspect / ruby-34 match Ruby', async () => {
    // The Ruby printers are ports of string.c/hash.c: only Ruby itself can check them.
    const version = requireTool('ruby', ['-rjson', '-e', 'print RUBY_VERSION'], 'ruby');
    const is34 = version.localeCompare('3.4', undefined, { numeric: true }) >= 0;
    for (const { value, status } of CHECK_VALUES) {
      const r = spawnSync('ruby', ['-rjson', '-e', `print JSON.parse(STDIN.read, symbolize_names: ${is34}).inspect`], { input: JSON.stringify(value), encoding: 'utf8', timeout: 10_000 });
      if (!canRender(value, 'ruby-inspect')) continue; // the JSON gem mangles lone high surrogates
      assert.equal(r.status, 0, r.stderr);
      const mine = render(value, is34 ? 'ruby-34' : 'ruby-inspect', { status });
      assert.equal(mine.text.slice(mine.bodyStart), r.stdout + '\n', `ruby ${version} inspect of ${JSON.stringify(value).slice(0, 120)}`);
    }
  });
});

// ---------------------------------------------------------------------------------------------------------
// 2. Totality
// ---------------------------------------------------------------------------------------------------------

const CASES = allCases();
/** Every CLI_EVERY-th case is also scanned by the built CLI as a file, every CLI_STDIN_EVERY-th also on stdin. */
const CLI_EVERY = 50;
const CLI_STDIN_EVERY = 400;
const CLI_BATCH = 25;

interface Failure {
  where: string;
  message: string;
  /** The body (shape, field and replacement) without the notation, to group by. */
  body?: string;
}

function report(failures: readonly Failure[], total: number, what: string): string {
  const count = (key: (f: Failure) => string | undefined): [string, number][] => {
    const m = new Map<string, number>();
    for (const f of failures) {
      const k = key(f);
      if (k !== undefined) m.set(k, (m.get(k) ?? 0) + 1);
    }
    return [...m.entries()].sort((a, b) => b[1] - a[1]);
  };
  const messages = count((f) => f.message);
  const bodies = count((f) => f.body);
  return [
    `${failures.length} of ${total} ${what} failed.`,
    `Distinct errors (${messages.length}):`,
    ...messages.map(([m, n]) => `  ${n}× ${m}`),
    ...(bodies.length ? [`Failing bodies (${bodies.length}; × the notations each fails in):`, ...bodies.slice(0, 40).map(([b, n]) => `  ${n}× ${b}`)] : []),
    'First 20:',
    ...failures.slice(0, 20).map((f) => `  ${f.where}\n    ${f.message}`),
  ].join('\n');
}

describe('totality: no documented body, with any field replaced, in any notation, makes a stage throw', () => {
  test(`all ${CASES.length} cases through every stage`, async (t) => {
    const failures: Failure[] = [];
    let found = 0;
    for (const c of CASES) {
      const where = describeCase(c);
      const body = `${c.variant.shape}: ${c.variant.field} := ${c.variant.replacement}`;
      let text: string;
      try {
        text = render(c.variant.value, c.notation, c.opts).text;
      } catch (e) {
        failures.push({ where, body, message: `render: ${(e as Error).message}` });
        continue;
      }
      try {
        if ((await runEverything(text)) > 0) found++;
      } catch (e) {
        const message = e instanceof StageError ? e.message : `(outside a stage) ${(e as Error)?.message ?? String(e)}`;
        failures.push({ where, body, message: message.split('\n')[0].slice(0, 300) });
      }
    }
    t.diagnostic(`${found} of ${CASES.length} texts had at least one finding`);
    if (failures.length) assert.fail(report(failures, CASES.length, 'cases'));
  });

  // A node process costs ~0.1 s to start, so the CLI runs fewer cases than the in-process test:
  // `scan --format json -` and `explain -` (the text on stdin) for every CLI_STDIN_EVERY-th case, and
  // `scan --format json <files>` for every CLI_EVERY-th case, CLI_BATCH files per process (a failing
  // batch is split until the failing files are found). About 57 × 2 + 19 processes.
  test(`the built CLI: stdin scan and explain for every ${CLI_STDIN_EVERY}th case, file scans for every ${CLI_EVERY}th`, async () => {
    const cli = process.env.ERRCODE_CLI ?? path.join(repoRoot(), 'dist/cli.js');
    // The checks below read English words (`binary`, `internal error`), whatever the machine's locale.
    const ENGLISH = { LC_ALL: 'C' };
    assert.ok(fs.existsSync(cli), `no CLI at ${cli}: build it (node esbuild.js, which npm run test:unit does) or set ERRCODE_CLI`);
    const failures: Failure[] = [];
    const width = Math.max(2, Math.min(4, os.availableParallelism?.() ?? os.cpus().length));
    const errLine = (stderr: string): string => stderr.split('\n')[0].slice(0, 300);
    // The CLI refuses input with a NUL in its first 8 KB as binary (exit 2): documented, not a crash.
    const isBinary = (text: string): boolean => text.slice(0, 8192).includes('\u0000');
    const scanOk = (r: { code: number | null; stdout: string; stderr: string }, binary: boolean): string | undefined => {
      if (r.code === 2 && binary && /binary/.test(r.stderr)) return undefined;
      if (r.code !== 0 && r.code !== 1) return `scan exit ${r.code}: ${errLine(r.stderr)}`;
      try {
        JSON.parse(r.stdout);
      } catch (e) {
        return `scan stdout is not JSON: ${(e as Error).message}`;
      }
      return undefined;
    };

    const stdinSample = CASES.filter((_, i) => i % CLI_STDIN_EVERY === 0);
    await inParallel(stdinSample, width, async (c) => {
      const where = describeCase(c);
      const text = render(c.variant.value, c.notation, c.opts).text;
      const scanProblem = scanOk(await run(process.execPath, [cli, 'scan', '--format', 'json', '-'], text, ENGLISH), isBinary(text));
      if (scanProblem) failures.push({ where, message: scanProblem });
      const explain = await run(process.execPath, [cli, 'explain', '-'], text, ENGLISH);
      if ((explain.code !== 0 && explain.code !== 2) || /internal error/.test(explain.stderr)) failures.push({ where, message: `explain exit ${explain.code}: ${errLine(explain.stderr)}` });
    });

    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'errcode-totality-'));
    const files = CASES.map((c, i) => ({ c, i }))
      .filter(({ i }) => i % CLI_EVERY === 0)
      .map(({ c, i }) => {
        const text = render(c.variant.value, c.notation, c.opts).text;
        const file = path.join(dir, `case-${i}.log`);
        fs.writeFileSync(file, text);
        return { c, file, binary: isBinary(text) };
      });
    const batches: (typeof files)[] = [];
    for (let i = 0; i < files.length; i += CLI_BATCH) batches.push(files.slice(i, i + CLI_BATCH));
    const scanFiles = async (batch: typeof files): Promise<void> => {
      const problem = scanOk(await run(process.execPath, [cli, 'scan', '--format', 'json', ...batch.map((f) => f.file)], ''), batch.length === 1 && batch[0].binary);
      if (!problem) return;
      if (batch.length === 1) failures.push({ where: `${describeCase(batch[0].c)} (as a file)`, message: problem });
      else {
        const half = batch.length >> 1;
        await scanFiles(batch.slice(0, half));
        await scanFiles(batch.slice(half));
      }
    };
    try {
      await inParallel(batches, width, scanFiles);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
    if (failures.length) assert.fail(report(failures, stdinSample.length + files.length, `CLI cases (${stdinSample.length} on stdin, ${files.length} as files; CLI ${cli})`));
  });
});
