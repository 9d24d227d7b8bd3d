// Hostile and broken input: the scanner never throws, stays linear, and keeps its ranges honest.
// Property tests with fast-check plus adversarial fixtures (issue 6).
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import fc from 'fast-check';
import { loadBuiltinCatalog } from '../../src/core/catalog/catalog';
import type { Finding } from '../../src/core/engine/finding';
import { updateFindings } from '../../src/core/engine/incremental';
import { readGoFmt } from '../../src/core/engine/readers/goFmt';
import { readJsonish } from '../../src/core/engine/readers/jsonish';
import { MAX_FINDINGS_PER_LINE, scanText } from '../../src/core/engine/scan';
import { summarize } from '../../src/core/render/messages';

const catalog = loadBuiltinCatalog();

/** Pieces that exercise every path of the scanner when glued together at random. */
const FRAGMENTS = [
  '{', '}', '[', ']', '"', "'", '\\', '\\"', '\\\\\\"', ':', ',', '\n', ' ', 'WF_1100', 'WF_1110', 'WF_12345',
  '"error":', "'error':", '\\"error\\":', '"errors":', '"detail":', '"code":', '"title":', '"status":', '"reason":',
  '"WF_1103"', '"Invalid API key"', '429', '400', 'True', 'None', 'null', '"failed"', '"steps":', '"jobs":',
  'HTTP/1.1 503 Service Unavailable\n', 'Retry-After: 30\n', 'X-Request-Id: r1\n', 'status=404 ', '…', '\u0000', '\uffff', '😀',
];

const junk = fc.array(fc.constantFrom(...FRAGMENTS), { maxLength: 200 }).map((parts) => parts.join(''));
const anyText = fc.oneof(junk, fc.string({ unit: 'binary', maxLength: 500 }), fc.string({ unit: 'grapheme', maxLength: 300 }));

function checkRanges(text: string, findings: Finding[]): void {
  for (const f of findings) {
    assert.ok(Number.isInteger(f.start) && Number.isInteger(f.end), 'integer offsets');
    assert.ok(f.start >= 0 && f.end <= text.length && f.start < f.end, `range [${f.start}, ${f.end}) inside ${text.length}`);
    if (f.body) assert.ok(f.body[0] >= 0 && f.body[1] <= text.length && f.body[0] <= f.start && f.end <= f.body[1], `body [${f.body}] holds [${f.start}, ${f.end})`);
    for (const c of f.context) assert.ok(c.start >= 0 && c.end <= text.length && c.start <= c.end, 'context range inside');
    // Findings hold no message: it is rendered when shown, and rendering never throws either.
    assert.equal(typeof summarize(f, catalog), 'string');
  }
}

describe('property: arbitrary input', () => {
  test('never throws, every range lies inside the text', () => {
    fc.assert(
      fc.property(anyText, (text) => {
        checkRanges(text, scanText(text, catalog));
      }),
      { numRuns: 1500 },
    );
  });

  // The loose parser (looseParser.ts) is now the readers the scanner picks for an object at `{` or
  // `[`: readJsonish (JSON, JS, Python, Ruby) and readGoFmt.
  test('the readers never throw and never read past their limit', () => {
    fc.assert(
      fc.property(junk, fc.nat(), fc.nat(), (text, n, k) => {
        const start = text.length ? n % text.length : 0;
        if (text[start] !== '{' && text[start] !== '[') return;
        const limit = start + 1 + (k % (text.length - start));
        for (const [name, read] of [['readJsonish', readJsonish], ['readGoFmt', readGoFmt]] as const) {
          for (const lim of [text.length, limit]) {
            const p = read(text, start, lim);
            assert.ok(p.end >= start && p.end <= lim, `${name}: end ${p.end} outside [${start}, ${lim}]`);
            for (const [a, b] of p.ranges.values()) assert.ok(a >= start && a <= b && b <= lim, `${name}: range [${a}, ${b}) outside [${start}, ${lim}]`);
          }
        }
      }),
      { numRuns: 1500 },
    );
  });

  test('scanning a concatenation finds the union of the parts, offset-shifted', () => {
    const line = fc.constantFrom(
      'ok line',
      'ERROR {"detail": "Workflow execution not found", "code": "WF_1100"}',
      'retry after WF_1103',
      '{"error": "Invalid API key"}',
      "{'errors': [{'message': 'x', 'extensions': {'code': 'E1'}}]}",
      '{"title": "Not Found", "status": 404}',
      '{"level":"error","body":"{\\"error\\":\\"Forbidden\\"}"}',
      '{"status": "failed", "steps": [{"jobs": [{"status": "failed", "reason": "blocked"}]}]}',
      '{"config": {"title": "x", "type": "object"}}',
    );
    const part = fc.array(line, { maxLength: 12 }).map((lines) => lines.map((l) => l + '\n').join(''));
    const key = (f: Finding, shift: number) => `${f.kind}:${f.api}:${f.start + shift}:${f.end + shift}`;
    fc.assert(
      fc.property(part, part, (a, b) => {
        const whole = scanText(a + b, catalog).map((f) => key(f, 0));
        const parts = [...scanText(a, catalog).map((f) => key(f, 0)), ...scanText(b, catalog).map((f) => key(f, a.length))];
        assert.deepEqual(whole, parts);
      }),
      { numRuns: 300 },
    );
  });

  test('incremental update after random edits equals a full rescan', () => {
    const base = [
      '2026-11-21T09:14:03Z ERROR status=409 {"detail": "Workflow not running", "code": "WF_1102", "status": "COMPLETED"}',
      'HTTP/1.1 429 Too Many Requests',
      'Retry-After: 30',
      '{"error": "Too many workflow executions. Please try again later.", "retryAfter": 1711036800}',
      'plain line WF_1103 here',
      '{',
      '  "title": "One or more validation errors occurred.",',
      '  "status": 400',
      '}',
    ].join('\n');
    const edit = fc.record({ pos: fc.nat(), del: fc.nat({ max: 30 }), ins: fc.constantFrom('', 'x', '\n', '{', '}', '"', 'WF_1100', '"error": "boom", ', 'status=503 ', 'WF_1') });
    const key = (f: Finding) => `${f.kind}:${f.api}:${f.code}:${f.status}:${f.start}:${f.end}`;
    fc.assert(
      fc.property(fc.array(edit, { minLength: 1, maxLength: 5 }), (edits) => {
        let text = base;
        let findings = scanText(text, catalog);
        for (const e of edits) {
          const offset = e.pos % (text.length + 1);
          const deleted = Math.min(e.del, text.length - offset);
          text = text.slice(0, offset) + e.ins + text.slice(offset + deleted);
          findings = updateFindings(findings, [{ offset, deletedLength: deleted, insertedLength: e.ins.length }], { length: text.length, slice: (a, b) => text.slice(a, b) }, catalog);
        }
        assert.deepEqual(findings.map(key), scanText(text, catalog).map(key));
      }),
      { numRuns: 400 },
    );
  });
});

// ---- linearity, counted instead of timed --------------------------------------------------------
//
// Wall-clock ratios failed on noisy shared machines; the time figures are in `npm run bench`
// (hostile_ratio). Here the work is counted: for the length of one scan, the string and regex
// built-ins the engine reads text with are wrapped, and each call adds what it scans (1 for
// charCodeAt, the length of a slice, the distance an indexOf or a global regex travelled, the whole
// input of a non-global regex or JSON.parse, the length of an array a method walks). Deterministic,
// so a bound can be tight; an approximation (loops over `text[i]` or Maps are not counted), but every
// reader and the scanner's walks go through these built-ins.

type Weigh = (self: unknown, args: unknown[], result: unknown) => number;

const NATIVE = { charCodeAt: String.prototype.charCodeAt, exec: RegExp.prototype.exec, map: Array.prototype.map, parse: JSON.parse };

function workOf(fn: () => void): number {
  let work = 0;
  const saved: [object, string, PropertyDescriptor][] = [];
  const indexOf = String.prototype.indexOf;
  const len = (s: unknown): number => (typeof s === 'string' ? s.length : Array.isArray(s) ? s.length : 0);
  const wrap = (obj: object, name: string, weigh: Weigh): void => {
    const desc = Object.getOwnPropertyDescriptor(obj, name);
    if (!desc || typeof desc.value !== 'function') return;
    const original = desc.value as (...args: unknown[]) => unknown;
    saved.push([obj, name, desc]);
    Object.defineProperty(obj, name, {
      ...desc,
      value: function (this: unknown, ...args: unknown[]): unknown {
        const result = Reflect.apply(original, this, args);
        work += weigh(this, args, result);
        return result;
      },
    });
  };
  const from = (s: unknown, a: unknown, dflt: number): number => (a === undefined ? dflt : Math.max(0, Math.min(len(s), Math.trunc(Number(a)) || 0)));
  const S = String.prototype;
  for (const n of ['charCodeAt', 'codePointAt', 'charAt', 'at']) wrap(S, n, () => 1);
  for (const n of ['slice', 'substring', 'substr', 'repeat', 'padEnd', 'padStart', 'concat']) wrap(S, n, (_s, _a, r) => 1 + len(r));
  for (const n of ['split', 'trim', 'trimStart', 'trimEnd', 'toLowerCase', 'toUpperCase', 'normalize', 'replace', 'replaceAll', 'match', 'matchAll', 'search', 'localeCompare']) wrap(S, n, (s) => 1 + len(s));
  for (const n of ['startsWith', 'endsWith']) wrap(S, n, (_s, a) => 1 + len(a[0]));
  wrap(S, 'indexOf', (s, a, r) => {
    const f = from(s, a[1], 0);
    return 1 + ((r as number) >= 0 ? (r as number) - f + len(a[0]) : len(s) - f);
  });
  wrap(S, 'includes', (s, a) => {
    const f = from(s, a[1], 0);
    const at = Reflect.apply(indexOf, s, [a[0], f]) as number;
    return 1 + (at >= 0 ? at - f + len(a[0]) : len(s) - f);
  });
  wrap(S, 'lastIndexOf', (s, a, r) => {
    const f = from(s, a[1], len(s));
    return 1 + ((r as number) >= 0 ? f - (r as number) : f);
  });
  wrap(JSON, 'parse', (_s, a) => 1 + len(a[0]));
  // Every regex method goes through exec once it is replaced (RegExpExec looks `exec` up). A global
  // or sticky regex counts the distance it travelled from its lastIndex, any other its whole input.
  // (A sticky regex's failure is an attempt at one position, not a search of the rest.)
  const execDesc = Object.getOwnPropertyDescriptor(RegExp.prototype, 'exec')!;
  const exec = execDesc.value as (s: string) => RegExpExecArray | null;
  saved.push([RegExp.prototype, 'exec', execDesc]);
  Object.defineProperty(RegExp.prototype, 'exec', {
    ...execDesc,
    value: function (this: RegExp, s: string): RegExpExecArray | null {
      const before = this.lastIndex;
      const r = Reflect.apply(exec, this, [s]);
      const n = len(s);
      // A sticky regex that fails has tried one position only.
      work += 1 + (this.sticky ? (r ? this.lastIndex - before : 0) : this.global ? Math.max(0, (r ? this.lastIndex : n) - Math.min(before, n)) : n);
      return r;
    },
  });
  const A = Array.prototype;
  for (const n of ['indexOf', 'lastIndexOf', 'includes', 'slice', 'filter', 'map', 'some', 'every', 'find', 'findIndex', 'forEach', 'reduce', 'join', 'concat', 'splice', 'sort', 'flatMap', 'fill', 'reverse']) wrap(A, n, (a) => 1 + len(a));
  try {
    fn();
  } finally {
    for (const [obj, name, desc] of saved.reverse()) Object.defineProperty(obj, name, desc);
  }
  return work;
}

/** A plain log of about `size` characters with a few errors, the baseline for the ratios. */
function plainLog(size: number): string {
  const line = '2026-11-21T09:14:02.412Z INFO POST /v1/workflows/executions status=201 duration=88ms {"ok": true}\n';
  const err = 'ERROR {"detail": "Workflow execution not found", "code": "WF_1100"}\n';
  let out = '';
  for (let i = 0; out.length < size; i++) out += i % 50 === 0 ? err : line;
  return out.slice(0, size);
}

describe('adversarial input stays linear (work counted at n and 4n characters, and against a plain log)', () => {
  // 32 KB and 128 KB: past the scanner's 16 KB look-back, small enough to count every call.
  const SIZE = 32 * 1024;
  // Linear work grows 4× from n to 4n; quadratic work 16×.
  const MAX_GROWTH = 5;
  // Work per character against a plain log of the same size (units, not time: a log of WF codes,
  // one finding per line with its context looked up, counts about 50; a trigger that walks its
  // 16 KB look-back window every time counts hundreds).
  const MAX_RATIO = 100;
  const lines = (t: string): number => t.split('\n').length - 1;
  const cases: Record<string, { make: (size: number) => string; findings: (text: string) => number }> = {
    '{"detail":" prefixes on one line': { make: (n) => '{"detail":"'.repeat(n / 11), findings: () => 0 },
    'deep nesting': { make: (n) => '{"a":'.repeat(n / 10) + '"error": "x"' + '}'.repeat(n / 10), findings: () => 0 },
    'deep unclosed nesting of triggers': { make: (n) => '{"error":'.repeat(n / 9), findings: () => 0 },
    'long runs of backslashes in escaped bodies': { make: (n) => ('{\\"error\\":\\"' + '\\'.repeat(5000) + '"\n').repeat(n / 5020), findings: () => 0 },
    'escaped keys with no body': { make: (n) => '\\"error\\": '.repeat(n / 12), findings: () => 0 },
    'one line of junk braces': { make: (n) => '{"x":['.repeat(n / 6), findings: () => 0 },
    'unterminated strings': { make: (n) => '{"error": "'.repeat(n / 11), findings: () => 0 },
    'many WF codes on one line': { make: (n) => 'WF_1100 '.repeat(n / 8), findings: () => MAX_FINDINGS_PER_LINE },
    'WF codes in prose, one per line, no braces anywhere': { make: (n) => 'retry later: upstream said WF_1103\n'.repeat(n / 35), findings: lines },
    'python repr flood': { make: (n) => "{'error': 'x', ".repeat(n / 15), findings: () => 0 },
  };
  let baseline: number | undefined;
  const plainWork = (): number => (baseline ??= workOf(() => scanText(plainLog(SIZE), catalog)));

  for (const [name, { make, findings: expected }] of Object.entries(cases)) {
    test(name, () => {
      const small = make(SIZE);
      const large = make(4 * SIZE);
      let fs: Finding[] = [];
      let fl: Finding[] = [];
      const ws = workOf(() => (fs = scanText(small, catalog)));
      const wl = workOf(() => (fl = scanText(large, catalog)));
      // The output: honest ranges, and what the input holds at both sizes.
      checkRanges(small, fs);
      checkRanges(large, fl);
      assert.equal(fs.length, expected(small), `${name}: findings at n`);
      assert.equal(fl.length, expected(large), `${name}: findings at 4n`);
      if (large === small.repeat(4) && small.endsWith('\n')) {
        // Whole lines repeated: the scan of 4n is the scan of n four times over, shifted.
        const key = (f: Finding, shift: number): string => `${f.rule}:${f.status}:${f.start + shift}:${f.end + shift}`;
        assert.deepEqual(fl.map((f) => key(f, 0)), [0, 1, 2, 3].flatMap((k) => fs.map((f) => key(f, k * small.length))));
      }
      const growth = wl / ws;
      assert.ok(growth < MAX_GROWTH, `${name}: ${growth.toFixed(2)}x the work for 4x the text (${ws} → ${wl} units; linear is 4x, bound ${MAX_GROWTH}x)`);
      const ratio = ws / plainWork();
      assert.ok(ratio < MAX_RATIO, `${name}: ${ratio.toFixed(1)}x the work of a plain log of the same size (${ws} vs ${plainWork()} units; bound ${MAX_RATIO}x)`);
    });
  }

  test('the work counter sees quadratic work', () => {
    // A check of the check: a scan per line of the text so far is quadratic, and the counter says so.
    const quadratic = (t: string): void => {
      for (let i = t.indexOf('\n'); i >= 0; i = t.indexOf('\n', i + 1)) t.slice(0, i).lastIndexOf('{');
    };
    const text = plainLog(SIZE);
    const four = text.repeat(4);
    const growth = workOf(() => quadratic(four)) / workOf(() => quadratic(text));
    assert.ok(growth > 12, `quadratic work counted ${growth.toFixed(1)}x for 4x the text`);
    const linear = workOf(() => scanText(four, catalog)) / workOf(() => scanText(text, catalog));
    assert.ok(linear > 3 && linear < MAX_GROWTH, `a plain log: ${linear.toFixed(2)}x`);
    // Restored: the built-ins are the originals again.
    assert.ok(String.prototype.charCodeAt === NATIVE.charCodeAt && RegExp.prototype.exec === NATIVE.exec && Array.prototype.map === NATIVE.map && JSON.parse === NATIVE.parse);
  });

  test('a 10 MB single line terminates', () => {
    const text = 'x'.repeat(5_000_000) + '{"error": "Invalid API key"}' + 'y'.repeat(5_000_000);
    const f = scanText(text, catalog);
    assert.equal(f.length, 1);
    assert.equal(f[0].start, 5_000_000);
  });

  test('deep nesting does not overflow the stack', () => {
    const depth = 100_000;
    const text = '['.repeat(depth) + '{"error": "x"}' + ']'.repeat(depth);
    assert.doesNotThrow(() => readJsonish(text, 0));
    assert.doesNotThrow(() => readGoFmt(text, 0, text.length));
    assert.doesNotThrow(() => checkRanges(text, scanText(text, catalog)));
    // The nesting of the old timed case, at its full depth.
    const objects = '{"a":'.repeat(depth) + '"error": "x"' + '}'.repeat(depth);
    assert.doesNotThrow(() => readJsonish(objects, 0));
    assert.doesNotThrow(() => checkRanges(objects, scanText(objects, catalog)));
  });
});
