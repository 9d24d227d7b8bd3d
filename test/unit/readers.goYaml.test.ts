// The Go fmt and YAML notation readers of the engine: exact values and ranges on the error bodies of
// the four APIs as Go programs, Ansible, kubectl and CI logs print them; truncated and hostile input;
// property tests (round trips, never throwing, never reading at or past the limit, linear work).
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import fc from 'fast-check';
import { readGoFmt } from '../../src/core/engine/readers/goFmt';
import { readYaml, yamlBlockStart } from '../../src/core/engine/readers/yaml';
import { MAX_DEPTH, Opaque, isArr, isObj, toJson, type Parsed, type Value } from '../../src/core/engine/tree';

// ---- helpers ----

/** The value as plain JSON data (toJson keeps null prototypes, which deepEqual tells apart). */
function plain(v: unknown): unknown {
  const j = toJson(v);
  return j === undefined ? undefined : JSON.parse(JSON.stringify(j));
}

function json(p: Parsed): unknown {
  return plain(p.value);
}

/** The source text of a container of the tree. */
function src(text: string, p: Parsed, node: unknown): string {
  const r = p.ranges.get(node as object);
  assert.ok(r, 'the container has a range');
  return text.slice(r[0], r[1]);
}

function range(p: Parsed, node: unknown): [number, number] | undefined {
  return p.ranges.get(node as object);
}

function depthOf(v: unknown): number {
  let max = 0;
  const stack: Array<[unknown, number]> = [[v, 0]];
  while (stack.length) {
    const [x, d] = stack.pop()!;
    if (isArr(x) || isObj(x)) {
      max = Math.max(max, d + 1);
      for (const c of isArr(x) ? x : Object.values(x)) stack.push([c, d + 1]);
    }
  }
  return max;
}

/** Shape checks that hold for every result: offsets inside, ranges for every container, null prototypes. */
function checkParsed(text: string, start: number, limit: number, p: Parsed): void {
  const lim = Math.min(limit, text.length);
  assert.ok(Number.isInteger(p.end), 'integer end');
  if (p.value !== undefined) assert.ok(p.end >= start && p.end <= lim, `end ${p.end} within [${start}, ${lim}]`);
  for (const [node, [s, e]] of p.ranges) {
    assert.ok(typeof node === 'object' && node !== null);
    assert.ok(Number.isInteger(s) && Number.isInteger(e) && s >= 0 && s <= e && e <= lim, `range [${s}, ${e}) within ${lim}`);
  }
  for (const u of p.unclosed) assert.ok(p.ranges.has(u), 'an unclosed container has a range');
  if (p.complete) assert.equal(p.unclosed.size, 0);
  assert.ok(depthOf(p.value) <= MAX_DEPTH, 'no deeper than MAX_DEPTH');
  const stack: unknown[] = [p.value];
  while (stack.length) {
    const x = stack.pop();
    if (isObj(x)) {
      assert.equal(Object.getPrototypeOf(x), null, 'objects have no prototype');
      assert.ok(p.ranges.has(x), 'every object has a range');
      stack.push(...Object.values(x));
    } else if (isArr(x)) {
      assert.ok(p.ranges.has(x), 'every array has a range');
      stack.push(...x);
    }
  }
}

/**
 * The text behind a proxy that counts every access (a slice counts its length) and throws on any read
 * at or past `limit`: "reads nothing past the limit" and "linear work" measured without a clock.
 */
function guarded(text: string, limit = text.length): { text: string; ops: () => number } {
  let ops = 0;
  const check = (i: number): void => {
    if (i >= limit) throw new Error(`read at ${i}, limit ${limit}`);
  };
  const proxy = new Proxy(new String(text), {
    get(_t, prop) {
      ops++;
      if (prop === 'length') return text.length;
      if (prop === 'charCodeAt') {
        return (i: number) => {
          check(i);
          return text.charCodeAt(i);
        };
      }
      if (prop === 'slice') {
        return (a: number, b?: number) => {
          const e = b === undefined ? text.length : b;
          if (e > a) check(e - 1);
          ops += Math.max(0, e - a);
          return text.slice(a, b);
        };
      }
      if (typeof prop === 'string' && /^\d+$/.test(prop)) {
        check(Number(prop));
        return text[Number(prop)];
      }
      throw new Error(`unexpected use of the text: ${String(prop)}`);
    },
  });
  return { text: proxy as unknown as string, ops: () => ops };
}

function opsOf(run: (text: string) => unknown, text: string): number {
  const g = guarded(text);
  run(g.text);
  return g.ops();
}

/** Work on 4n characters is at most about 4 times the work on n (quadratic would be 16 times). */
function assertLinear(name: string, make: (n: number) => string, run: (text: string) => unknown, n = 4000): void {
  const small = make(n);
  const large = make(4 * n);
  const a = opsOf(run, small);
  const b = opsOf(run, large);
  const perChar = b / large.length;
  assert.ok(b <= 6 * a + 2000, `${name}: ${a} operations for ${small.length} chars, ${b} for ${large.length}`);
  assert.ok(perChar < 200, `${name}: ${perChar.toFixed(1)} operations per character`);
}

const goRead = (t: string): Parsed => readGoFmt(t, 0, t.length);
const yamlRead = (t: string): Parsed => readYaml(t, 0, t.length);

// ---- Go fmt ----

describe('Go fmt: %v and %+v', () => {
  test('a Workflows body as map[string]interface{} with %v', () => {
    const t = 'map[code:WF_1103 detail:Platform request failed status:500]';
    const p = goRead(t);
    assert.deepEqual(json(p), { code: 'WF_1103', detail: 'Platform request failed', status: 500 });
    assert.equal(p.complete, true);
    assert.equal(p.end, t.length);
    assert.deepEqual(range(p, p.value), [0, t.length]);
    assert.equal(p.notation, 'go');
    assert.equal(p.unclosed.size, 0);
  });

  test('inside a log line: starts at map[, ends at its ]', () => {
    const t = 'time=2024-05-01T10:00:00Z level=error msg="start failed" body=map[code:WF_1101 detail:Workflow already started] attempt=2';
    const s = t.indexOf('map[');
    const p = readGoFmt(t, s, t.length);
    assert.deepEqual(json(p), { code: 'WF_1101', detail: 'Workflow already started' });
    assert.equal(p.end, t.indexOf(' attempt'));
    assert.deepEqual(range(p, p.value), [s, t.indexOf(' attempt')]);
  });

  test('%+v of a struct pointer and of a struct keep the field names as written', () => {
    const t1 = '&{Detail:Workflow not running Code:WF_1102 Status:COMPLETED}';
    const p1 = goRead(t1);
    assert.deepEqual(json(p1), { Detail: 'Workflow not running', Code: 'WF_1102', Status: 'COMPLETED' });
    assert.deepEqual(range(p1, p1.value), [0, t1.length]);
    assert.equal(p1.complete, true);
    const t2 = 'error: {Detail:Workflow execution not found Code:WF_1100}';
    const s = t2.indexOf('{');
    const p2 = readGoFmt(t2, s, t2.length);
    assert.deepEqual(json(p2), { Detail: 'Workflow execution not found', Code: 'WF_1100' });
    assert.deepEqual(range(p2, p2.value), [s, t2.length]);
  });

  test('%v of a struct has no field names: no value rather than a guess', () => {
    for (const t of ['&{Workflow not running WF_1102 COMPLETED}', '{Workflow not running WF_1102}', '{Forbidden: no access 403}']) {
      const p = goRead(t);
      assert.equal(p.value, undefined, t);
      assert.equal(p.complete, false);
      assert.equal(p.end, 0);
      assert.equal(p.ranges.size, 0);
    }
  });

  test('a %v struct nested in a map stays whole, as Opaque', () => {
    const t = 'map[cause:{Workflow not running WF_1102} code:WF_1102]';
    const p = goRead(t);
    const v = p.value as Record<string, Value>;
    assert.ok(v.cause instanceof Opaque);
    assert.equal(v.cause.text, '{Workflow not running WF_1102}');
    assert.equal(v.code, 'WF_1102');
  });

  test('Wireflow: values with colons and spaces, a slice of maps, numbers and booleans', () => {
    const t =
      'map[availableCredits:3 breakdown:[map[credits:10 nodeId:node-1 nodeLabel:Text to Image]] error:Insufficient credits. Required: 10, Available: 3 insufficientCredits:true requiredCredits:10]';
    const p = goRead(t);
    assert.deepEqual(json(p), {
      availableCredits: 3,
      breakdown: [{ credits: 10, nodeId: 'node-1', nodeLabel: 'Text to Image' }],
      error: 'Insufficient credits. Required: 10, Available: 3',
      insufficientCredits: true,
      requiredCredits: 10,
    });
    const v = p.value as Record<string, Value>;
    const breakdown = v.breakdown as Value[];
    assert.equal(src(t, p, breakdown), '[map[credits:10 nodeId:node-1 nodeLabel:Text to Image]]');
    assert.equal(src(t, p, breakdown[0]), 'map[credits:10 nodeId:node-1 nodeLabel:Text to Image]');
    assert.equal(p.ranges.size, 3);
  });

  test('Wireflow messages that look like keys stay in the value', () => {
    const cases: Array<[string, unknown]> = [
      ['map[error:Invalid API key format. Expected: Bearer sk-...]', { error: 'Invalid API key format. Expected: Bearer sk-...' }],
      ['map[error:Forbidden: Cannot resume execution you do not own]', { error: 'Forbidden: Cannot resume execution you do not own' }],
      ['map[error:Too many workflow executions. Please try again later. retryAfter:1711036800]', { error: 'Too many workflow executions. Please try again later.', retryAfter: 1711036800 }],
      ['map[error:Post "https://api.example.com/v1/run": dial tcp 10.0.0.1:443: connect: connection refused]', { error: 'Post "https://api.example.com/v1/run": dial tcp 10.0.0.1:443: connect: connection refused' }],
      ['map[detail:see https://docs.example.com/errors#WF_1103 type:about:blank]', { detail: 'see https://docs.example.com/errors#WF_1103', type: 'about:blank' }],
    ];
    for (const [t, want] of cases) assert.deepEqual(json(goRead(t)), want, t);
  });

  test('GraphQL errors: nested maps in a slice, exact ranges', () => {
    const t = 'resp: map[data:<nil> errors:[map[extensions:map[code:ERROR_CODE] message:Human-readable message]]]';
    const s = t.indexOf('map[');
    const p = readGoFmt(t, s, t.length);
    assert.deepEqual(json(p), { data: null, errors: [{ extensions: { code: 'ERROR_CODE' }, message: 'Human-readable message' }] });
    const v = p.value as Record<string, Value>;
    const errors = v.errors as Value[];
    const first = errors[0] as Record<string, Value>;
    const inner = 'map[extensions:map[code:ERROR_CODE] message:Human-readable message]';
    assert.deepEqual(range(p, errors), [t.indexOf('[map[ext'), t.length - 1]);
    assert.deepEqual(range(p, first), [t.indexOf(inner), t.indexOf(inner) + inner.length]);
    assert.deepEqual(range(p, first.extensions), [t.indexOf('map[code'), t.indexOf('map[code') + 'map[code:ERROR_CODE]'.length]);
    assert.deepEqual(range(p, v), [s, t.length]);
  });

  test('Orchestrator problem details: bracketed keys, URLs, sentences', () => {
    const t =
      "map[errors:map[steps[0].input.resolution:[The value '4k' is not valid for resolution.]] status:400 title:One or more validation errors occurred. type:https://tools.ietf.org/html/rfc9110#section-15.5.1]";
    const p = goRead(t);
    const v = json(p) as Record<string, unknown>;
    assert.equal(v.status, 400);
    assert.equal(v.title, 'One or more validation errors occurred.');
    assert.equal(v.type, 'https://tools.ietf.org/html/rfc9110#section-15.5.1');
    // %v prints a []string with spaces between elements: the words cannot be told from the elements
    assert.deepEqual((v.errors as Record<string, unknown>)['steps[0].input.resolution'], ['The', 'value', "'4k'", 'is', 'not', 'valid', 'for', 'resolution.']);
  });

  test('Orchestrator step failure: $type keys, <nil>, slices of maps', () => {
    const t = 'map[id:wf_01HXYZ status:failed steps:[map[$type:videoGen jobs:[map[blockedReason:<nil> reason:no_provider_available status:failed]] name:video status:failed]]]';
    assert.deepEqual(json(goRead(t)), {
      id: 'wf_01HXYZ',
      status: 'failed',
      steps: [{ $type: 'videoGen', jobs: [{ blockedReason: null, reason: 'no_provider_available', status: 'failed' }], name: 'video', status: 'failed' }],
    });
  });

  test('scalars: numbers only when the whole token is one; empty strings; pointers; booleans', () => {
    const t = 'map[a:500 b:WF_1103 c:-3 d:1.5 e:1e+06 f:007 g:12345678901234567890 h: i:true j:false k:0xc000123456 l:<nil> m:[] n:map[] o:10.0.0.1]';
    const p = goRead(t);
    const v = p.value as Record<string, Value>;
    assert.deepEqual(json(p), {
      a: 500, b: 'WF_1103', c: -3, d: 1.5, e: 1000000, f: '007', g: '12345678901234567890', h: '', i: true, j: false,
      k: '0xc000123456', l: null, m: [], n: {}, o: '10.0.0.1',
    });
    assert.ok(v.k instanceof Opaque);
  });

  test('what Go programs print around error bodies: times, float64 numbers from JSON, %v structs in slices', () => {
    assert.deepEqual(json(goRead('{At:2024-05-01 10:00:00 +0000 UTC Code:WF_1400}')), { At: '2024-05-01 10:00:00 +0000 UTC', Code: 'WF_1400' });
    assert.deepEqual(json(goRead('map[at:2024-05-01 10:00:00 +0000 UTC code:WF_1400]')), { at: '2024-05-01 10:00:00 +0000 UTC', code: 'WF_1400' });
    // encoding/json decodes numbers into float64, which %v prints with %g
    assert.deepEqual(json(goRead('map[error:Too many requests retryAfter:1.7110368e+09 status:429]')), { error: 'Too many requests', retryAfter: 1711036800, status: 429 });
    const p = goRead('[{a b} {c d}]');
    assert.ok((p.value as Value[]).every((x) => x instanceof Opaque));
    assert.deepEqual(json(p), ['{a b}', '{c d}']);
  });

  test('empty values before the next key, even out of order', () => {
    assert.deepEqual(json(goRead('map[detail: code:X]')), { detail: '', code: 'X' });
    assert.deepEqual(json(goRead('map[code:X detail:]')), { code: 'X', detail: '' });
    assert.deepEqual(json(goRead('&{Detail: Code:WF_1102}')), { Detail: '', Code: 'WF_1102' });
  });

  test('the Workflows reset body: a slice of numbers', () => {
    const t = 'map[code:WF_1001 detail:Invalid event ID for reset valid_reset_events:[3 7 12]]';
    const p = goRead(t);
    assert.deepEqual(json(p), { code: 'WF_1001', detail: 'Invalid event ID for reset', valid_reset_events: [3, 7, 12] });
    const events = (p.value as Record<string, Value>).valid_reset_events;
    assert.equal(src(t, p, events), '[3 7 12]');
  });

  test('brackets inside a value that are not a container', () => {
    const t = 'map[detail:index out of range [5] with length 3 status:500]';
    const p = goRead(t);
    assert.deepEqual(json(p), { detail: 'index out of range [5] with length 3', status: 500 });
    assert.equal(p.ranges.size, 1, 'the discarded attempt left no range');
    const t2 = 'map[a:[5] out of range b:map[x:y]z]';
    assert.deepEqual(json(goRead(t2)), { a: '[5] out of range', b: 'map[x:y]z' });
  });

  test('%q: quoted keys and values, escapes decoded', () => {
    const t = 'map["code":"WF_1103" "detail":"Platform \\"request\\" failed\\n" "path":"a b"]';
    assert.deepEqual(json(goRead(t)), { code: 'WF_1103', detail: 'Platform "request" failed\n', path: 'a b' });
    assert.deepEqual(json(goRead('{Detail:"Workflow not running" Code:"WF_1102"}')), { Detail: 'Workflow not running', Code: 'WF_1102' });
  });

  test('keys named like Object.prototype members are plain keys', () => {
    const p = goRead('map[__proto__:x constructor:y toString:z]');
    const v = p.value as Record<string, Value>;
    assert.equal(Object.getPrototypeOf(v), null);
    assert.deepEqual(Object.keys(v), ['__proto__', 'constructor', 'toString']);
    assert.equal(v['__proto__'], 'x');
  });

  test('starts the reader does not handle give no value', () => {
    for (const [t, s] of [['hello', 0], ['map', 0], ['', 0], ['map[a:b]', 8], ['map[a:b]', -1], ['(x)', 0]] as const) {
      const p = readGoFmt(t, s, t.length);
      assert.equal(p.value, undefined, `${t} at ${s}`);
      assert.equal(p.complete, false);
    }
  });
});

describe('Go fmt: %#v', () => {
  test('map[string]interface {}{…}: quoted keys, typed values, comma separators', () => {
    const t = 'map[string]interface {}{"code":"WF_1103", "detail":"Platform request failed", "status":500, "retry":true, "trace":interface {}(nil)}';
    const p = goRead(t);
    assert.deepEqual(json(p), { code: 'WF_1103', detail: 'Platform request failed', status: 500, retry: true, trace: null });
    assert.deepEqual(range(p, p.value), [0, t.length]);
    assert.equal(p.complete, true);
  });

  test('a struct with a package-qualified type, nested pointers, slices and maps', () => {
    const t =
      'err=&main.apiError{Detail:"Workflow not running", Code:"WF_1102", Status:409, Cause:(*errors.errorString)(0xc000010250), Prev:(*main.apiError)(nil), Events:[]int{3, 7, 12}, Meta:map[string]string{"region":"eu"}}';
    const s = t.indexOf('&');
    const p = readGoFmt(t, s, t.length);
    const v = p.value as Record<string, Value>;
    assert.deepEqual(json(p), {
      Detail: 'Workflow not running', Code: 'WF_1102', Status: 409, Cause: '(*errors.errorString)(0xc000010250)', Prev: null, Events: [3, 7, 12], Meta: { region: 'eu' },
    });
    assert.ok(v.Cause instanceof Opaque);
    assert.deepEqual(range(p, v), [s, t.length]);
    assert.equal(src(t, p, v.Events), '[]int{3, 7, 12}');
    assert.equal(src(t, p, v.Meta), 'map[string]string{"region":"eu"}');
  });

  test('starting at the brace after a type name, and at a type name', () => {
    const t = 'got main.apiError{Detail:"Workflow execution not found", Code:"WF_1100"}';
    const want = { Detail: 'Workflow execution not found', Code: 'WF_1100' };
    assert.deepEqual(json(readGoFmt(t, t.indexOf('{'), t.length)), want);
    assert.deepEqual(json(readGoFmt(t, t.indexOf('main'), t.length)), want);
    // no type name before the brace, but %#v fields all the same
    assert.deepEqual(json(readGoFmt('{Detail:"x", Code:"WF_1100"}', 0, 28)), { Detail: 'x', Code: 'WF_1100' });
  });

  test('GraphQL errors with []interface {} and nested map literals', () => {
    const t = 'map[string]interface {}{"errors":[]interface {}{map[string]interface {}{"extensions":map[string]interface {}{"code":"ERROR_CODE"}, "message":"Human-readable message"}}}';
    const p = goRead(t);
    assert.deepEqual(json(p), { errors: [{ extensions: { code: 'ERROR_CODE' }, message: 'Human-readable message' }] });
    assert.equal(p.ranges.size, 4);
  });

  test('Go escapes: \\x, \\u, \\U, octal, raw strings', () => {
    const t = 'map[string]string{"a":"tab\\there", "b":"\\u00e9\\U0001F600", "c":"\\x41\\xff", "d":`raw \\n`, "e":"\\101"}';
    assert.deepEqual(json(goRead(t)), { a: 'tab\there', b: 'é😀', c: 'A\ufffd', d: 'raw \\n', e: 'A' });
  });

  test('a syntax error stops with what was read', () => {
    const t = 'map[string]interface {}{"code":"WF_1103", "detail" "x"}';
    const p = goRead(t);
    assert.equal(p.complete, false);
    assert.deepEqual(json(p), { code: 'WF_1103' });
    assert.ok(p.unclosed.has(p.value as object));
  });
});

describe('Go fmt: cut and broken input', () => {
  const full = 'map[code:WF_1103 detail:Platform request failed status:500]';

  test('a line break ends the input: Go prints a value on one line', () => {
    const t = 'map[code:WF_1103 detail:Platform request\nfailed status:500]';
    const p = goRead(t);
    assert.equal(p.complete, false);
    assert.deepEqual(json(p), { code: 'WF_1103', detail: 'Platform request' });
    assert.ok(p.unclosed.has(p.value as object));
    assert.deepEqual(range(p, p.value), [0, t.indexOf('\n')]);
    assert.equal(p.end, t.indexOf('\n'));
  });

  test('every prefix: never complete, never past the cut, values are prefixes', () => {
    for (let k = 0; k < full.length; k++) {
      const p = readGoFmt(full, 0, k);
      checkParsed(full, 0, k, p);
      assert.equal(p.complete, false, `cut at ${k}`);
      const v = json(p) as Record<string, unknown> | undefined;
      // a key cut mid-word (`stat`) reads as more of the value
      if (v && typeof v.detail === 'string') assert.ok('Platform request failed status:500'.startsWith(v.detail), v.detail);
      // the same cut as a shorter text
      assert.deepEqual(json(goRead(full.slice(0, k))), v);
    }
  });

  test('a logger cut with an ellipsis', () => {
    const t = 'ERROR start failed: map[code:WF_1300 detail:Platform client creation failed: dial tcp 10.1.2.3:7233: i/o timeo…';
    const p = readGoFmt(t, t.indexOf('map['), t.length);
    assert.equal(p.complete, false);
    assert.equal((p.value as Record<string, Value>).code, 'WF_1300');
  });

  test('deep nesting stops at MAX_DEPTH, as %v, %+v, %#v and slices', () => {
    const n = 200;
    const inputs = [
      'map[a:'.repeat(n) + 'x' + ']'.repeat(n),
      '&{A:'.repeat(n) + 'x' + '}'.repeat(n),
      '['.repeat(n) + ']'.repeat(n),
      'map[string]interface {}{"a":'.repeat(n) + '1' + '}'.repeat(n),
      '[]interface {}{'.repeat(n) + '}'.repeat(n),
    ];
    for (const t of inputs) {
      const p = goRead(t);
      checkParsed(t, 0, t.length, p);
      assert.equal(p.complete, false, t.slice(0, 20));
      assert.ok(depthOf(p.value) <= MAX_DEPTH);
    }
    const ok = 'map[a:'.repeat(MAX_DEPTH) + 'x' + ']'.repeat(MAX_DEPTH);
    const p = goRead(ok);
    assert.equal(p.complete, true);
    assert.equal(depthOf(p.value), MAX_DEPTH);
  });

  test('1 MB of map[ and other hostile input: no throw, linear work', () => {
    const mb = 'map['.repeat(256 * 1024);
    const g = guarded(mb);
    const p = readGoFmt(g.text, 0, mb.length);
    assert.equal(p.complete, false);
    assert.ok(g.ops() < 20 * mb.length, `${g.ops()} operations`);
    const run = (t: string): Parsed => readGoFmt(t, 0, t.length);
    assertLinear('map[ repeated', (n) => 'map['.repeat(n), run);
    assertLinear('map[a: repeated', (n) => 'map[a:'.repeat(n), run);
    assertLinear('empty values', (n) => 'map[a:' + ' b:'.repeat(n) + ']', run);
    assertLinear('colons in a value', (n) => 'map[a:' + ' x: y'.repeat(n) + ']', run);
    assertLinear('false containers', (n) => 'map[k:' + '[x]z '.repeat(n) + ']', run);
    assertLinear('nested false containers', (n) => 'map[k:' + '[[[[[[[[x]z]z]z]z]z]z]z]z '.repeat(n) + ']', run);
    assertLinear('long first key', (n) => 'map[' + 'a'.repeat(n) + ' b:c]', run);
    assertLinear('long struct', (n) => '&{' + 'A:x '.repeat(n) + '}', run);
    assertLinear('quotes', (n) => 'map[a:' + '"x" '.repeat(n) + ']', run);
    assertLinear('%#v', (n) => 'map[string]int{' + '"a":1, '.repeat(n) + '}', run);
    assertLinear('%#v open brackets', (n) => 'map[' + '['.repeat(n), run);
    assertLinear('unclosed generics', (n) => 'main.T[' + 'x['.repeat(n), run);
  });
});

// ---- YAML ----

const ANSIBLE = `TASK [call the workflows API] ***************************************************
fatal: [web1]: FAILED! => changed=false
  connection: close
  content_length: '23'
  content_type: application/json
  elapsed: 0
  json:
    error: Forbidden
  msg: 'Status code was 403 and not [200]: HTTP Error 403: Forbidden'
  redirected: false
  status: 403
  url: https://api.wireflow.example/v1/workflows/wf_123/run

PLAY RECAP *********************************************************************
web1                       : ok=3    changed=0    unreachable=0    failed=1
`;

const KUBECTL = `apiVersion: v1
items:
- apiVersion: v1
  count: 3
  involvedObject:
    kind: Job
    name: nightly-sync
    namespace: default
  message: 'Error creating: pods "nightly-sync-" is forbidden: exceeded quota: compute'
  reason: FailedCreate
  type: Warning
- apiVersion: v1
  message: "Back-off restarting failed container: {\\"detail\\": \\"Workflow not running\\", \\"code\\": \\"WF_1102\\"}"
  reason: BackOff
  type: Warning
kind: List
metadata:
  resourceVersion: ""
`;

describe('YAML: realistic blocks', () => {
  test('Ansible yaml callback: block start, exact values and ranges', () => {
    const t = ANSIBLE;
    const at = t.indexOf('error: Forbidden');
    const start = yamlBlockStart(t, at);
    assert.equal(start, t.indexOf('  connection: close'));
    const p = readYaml(t, start, t.length);
    assert.deepEqual(json(p), {
      connection: 'close',
      content_length: '23',
      content_type: 'application/json',
      elapsed: 0,
      json: { error: 'Forbidden' },
      msg: 'Status code was 403 and not [200]: HTTP Error 403: Forbidden',
      redirected: false,
      status: 403,
      url: 'https://api.wireflow.example/v1/workflows/wf_123/run',
    });
    assert.equal(p.complete, true);
    assert.equal(p.notation, 'yaml');
    const lastLine = '  url: https://api.wireflow.example/v1/workflows/wf_123/run';
    const end = t.indexOf(lastLine) + lastLine.length;
    assert.equal(p.end, end);
    assert.deepEqual(range(p, p.value), [t.indexOf('connection: close'), end]);
    const inner = (p.value as Record<string, Value>).json;
    assert.deepEqual(range(p, inner), [at, at + 'error: Forbidden'.length]);
    assert.equal(p.ranges.size, 2);
  });

  test('kubectl get events -o yaml: sequences of mappings, quoted messages', () => {
    const t = KUBECTL;
    const at = t.indexOf('kind: Job');
    assert.equal(yamlBlockStart(t, at), 0);
    const p = readYaml(t, 0, t.length);
    const v = json(p) as { items: Array<Record<string, unknown>> };
    assert.equal(v.items.length, 2);
    assert.deepEqual(v.items[0], {
      apiVersion: 'v1',
      count: 3,
      involvedObject: { kind: 'Job', name: 'nightly-sync', namespace: 'default' },
      message: 'Error creating: pods "nightly-sync-" is forbidden: exceeded quota: compute',
      reason: 'FailedCreate',
      type: 'Warning',
    });
    assert.equal(v.items[1].message, 'Back-off restarting failed container: {"detail": "Workflow not running", "code": "WF_1102"}');
    assert.deepEqual((json(p) as Record<string, unknown>).metadata, { resourceVersion: '' });
    const items = (p.value as Record<string, Value>).items as Value[];
    assert.deepEqual(range(p, items), [t.indexOf('- apiVersion'), t.indexOf('  type: Warning\nkind') + '  type: Warning'.length]);
    assert.deepEqual(range(p, items[0]), [t.indexOf('apiVersion: v1\n  count'), t.indexOf('  type: Warning') + '  type: Warning'.length]);
    const involved = (items[0] as Record<string, Value>).involvedObject;
    assert.equal(src(t, p, involved), 'kind: Job\n    name: nightly-sync\n    namespace: default');
    assert.deepEqual(range(p, p.value), [0, t.length - 1]);
  });

  test('GitHub Actions log: a step\'s with: block between log lines', () => {
    const t = `Run octokit/request-action@v2.x
  with:
    route: POST /workflows/{id}/run
    mediaType: {"format": "json"}
  env:
    GITHUB_TOKEN: ***
Error: {"detail": "Workflow not running", "code": "WF_1102", "status": "COMPLETED"}
`;
    const start = yamlBlockStart(t, t.indexOf('route:'));
    assert.equal(start, t.indexOf('  with:'));
    const p = readYaml(t, start, t.length);
    assert.deepEqual(json(p), { with: { route: 'POST /workflows/{id}/run', mediaType: { format: 'json' } }, env: { GITHUB_TOKEN: '***' } });
    assert.equal(p.end, t.indexOf('***') + 3);
  });

  test('the seeds as YAML: Workflows, Wireflow, GraphQL, problem details', () => {
    assert.deepEqual(json(yamlRead('detail: Workflow not running\ncode: WF_1102\nstatus: COMPLETED\n')), { detail: 'Workflow not running', code: 'WF_1102', status: 'COMPLETED' });
    assert.deepEqual(json(yamlRead('error: Forbidden\n')), { error: 'Forbidden' });
    const gql = `errors:
- message: Human-readable message
  extensions:
    code: ERROR_CODE
`;
    const p = yamlRead(gql);
    assert.deepEqual(json(p), { errors: [{ message: 'Human-readable message', extensions: { code: 'ERROR_CODE' } }] });
    const errors = (p.value as Record<string, Value>).errors as Value[];
    assert.deepEqual(range(p, errors), [gql.indexOf('- message'), gql.indexOf('ERROR_CODE') + 10]);
    assert.deepEqual(range(p, errors[0]), [gql.indexOf('message:'), gql.indexOf('ERROR_CODE') + 10]);
    assert.equal(yamlBlockStart(gql, gql.indexOf('code:')), 0);
    const problem = `type: https://tools.ietf.org/html/rfc9110#section-15.5.1
title: One or more validation errors occurred.
status: 400
errors:
  steps[0].input.resolution:
    - The value '4k' is not valid for resolution.
`;
    assert.deepEqual(json(yamlRead(problem)), {
      type: 'https://tools.ietf.org/html/rfc9110#section-15.5.1',
      title: 'One or more validation errors occurred.',
      status: 400,
      errors: { 'steps[0].input.resolution': ["The value '4k' is not valid for resolution."] },
    });
    const credits = `error: "Insufficient credits. Required: 10, Available: 3"
insufficientCredits: true
requiredCredits: 10
breakdown: [{nodeId: node-1, nodeLabel: Text to Image, credits: 10}]
`;
    const pc = yamlRead(credits);
    const breakdown = (pc.value as Record<string, Value>).breakdown as Value[];
    assert.deepEqual(plain(breakdown), [{ nodeId: 'node-1', nodeLabel: 'Text to Image', credits: 10 }]);
    assert.equal(src(credits, pc, breakdown), '[{nodeId: node-1, nodeLabel: Text to Image, credits: 10}]');
    assert.equal(src(credits, pc, breakdown[0]), '{nodeId: node-1, nodeLabel: Text to Image, credits: 10}');
  });
});

describe('YAML: scalars', () => {
  test('core schema typing (YAML 1.2, not 1.1)', () => {
    const t = `a: ~
b: null
c: Null
d:
e: true
f: False
g: 0o17
h: 0x1F
i: 1e3
j: .inf
k: -.Inf
m: +12
n: 007
o: 12345678901234567890
p: 1.0.0
q: yes
r: "123"
s: !!str 123
t: -1.5
u: .5
`;
    const v = json(yamlRead(t)) as Record<string, unknown>;
    assert.deepEqual(v, {
      a: null, b: null, c: null, d: null, e: true, f: false, g: 15, h: 31, i: 1000, j: null, k: null, m: 12, n: 7,
      o: '12345678901234567890', p: '1.0.0', q: 'yes', r: '123', s: '123', t: -1.5, u: 0.5,
    });
    const raw = yamlRead(t).value as Record<string, Value>;
    assert.equal(raw.j, Infinity);
    assert.equal(raw.k, -Infinity);
    assert.ok(Number.isNaN(yamlRead('x: .nan').value && (yamlRead('x: .nan').value as Record<string, Value>).x));
  });

  test('double-quoted escapes and single-quoted quotes', () => {
    const t = String.raw`a: "tab\there \"q\" back\\slash \u00e9 \x41 \U0001F600 \ud83d\ude00 \/ \N \_ \e"
b: 'it''s "fine" \n'
c: ""
d: ''
`;
    assert.deepEqual(json(yamlRead(t)), {
      a: 'tab\there "q" back\\slash é A 😀 😀 / \u0085 \u00a0 \x1b',
      b: 'it\'s "fine" \\n',
      c: '',
      d: '',
    });
  });

  test('multi-line plain and quoted scalars fold', () => {
    const t = `msg: Status code was 403
  and not [200]

  HTTP Error 403
q: "one
  two \\
  three

  four"
s: 'a
  b'
next: 1
`;
    // an escaped line break keeps the space before the backslash and drops the next line's indentation
    assert.deepEqual(json(yamlRead(t)), { msg: 'Status code was 403 and not [200]\nHTTP Error 403', q: 'one two three\nfour', s: 'a b', next: 1 });
  });

  test('block scalars: literal, folded, chomping, explicit indentation', () => {
    const t = `lit: |
  line one
    two

  three

strip: |-
  x
  y
keep: |+
  x

folded: >
  a
  b

  c
    indented
  d
ind: |2
    four spaces
after: end
`;
    const p = yamlRead(t);
    assert.deepEqual(json(p), {
      lit: 'line one\n  two\n\nthree\n',
      strip: 'x\ny',
      keep: 'x\n\n',
      folded: 'a b\nc\n  indented\nd\n',
      ind: '  four spaces\n',
      after: 'end',
    });
    assert.deepEqual(range(p, p.value), [0, t.length - 1]);
  });

  test('comments, anchors, tags and aliases', () => {
    const t = `# a response
base: &b # anchor
  code: WF_1103 # the code
  detail: "Platform request failed" # quoted
tagged: !custom value
other: *b
list: !!seq
- 1 # one
# between
- 2
`;
    const p = yamlRead(t);
    const v = p.value as Record<string, Value>;
    assert.deepEqual(json(p), { base: { code: 'WF_1103', detail: 'Platform request failed' }, tagged: 'value', other: '*b', list: [1, 2] });
    assert.ok(v.other instanceof Opaque);
    assert.equal(src(t, p, v.base), 'code: WF_1103 # the code\n  detail: "Platform request failed"');
    assert.equal(src(t, p, v.list), '- 1 # one\n# between\n- 2');
  });

  test('flow collections, and brackets that are text after all', () => {
    const t = `json: {error: Forbidden, codes: [1, 2], "quoted key": 'x', empty: {}, none: [], bare}
wrapped: [a, b,
  c]
single: [k: v]
warn: [WARN] disk full
brace: {not closed
n: 1
`;
    const p = yamlRead(t);
    assert.deepEqual(json(p), {
      json: { error: 'Forbidden', codes: [1, 2], 'quoted key': 'x', empty: {}, none: [], bare: null },
      wrapped: ['a', 'b', 'c'],
      single: [{ k: 'v' }],
      warn: '[WARN] disk full',
      brace: '{not closed',
      n: 1,
    });
    const v = p.value as Record<string, Value>;
    assert.equal(src(t, p, v.json), '{error: Forbidden, codes: [1, 2], "quoted key": \'x\', empty: {}, none: [], bare}');
    assert.equal(src(t, p, (v.json as Record<string, Value>).codes), '[1, 2]');
    assert.equal(src(t, p, v.wrapped), '[a, b,\n  c]');
    assert.equal(p.ranges.size, 8, 'the discarded flow attempts left no ranges');
  });

  test('keys: quoted, with spaces, with colons, named like prototype members', () => {
    const t = `"quoted: key": 1
'single': 2
Status Code: 403
url:with:colons: x
__proto__: p
constructor: c
`;
    const v = yamlRead(t).value as Record<string, Value>;
    assert.equal(Object.getPrototypeOf(v), null);
    assert.deepEqual(Object.keys(v), ['quoted: key', 'single', 'Status Code', 'url:with:colons', '__proto__', 'constructor']);
    assert.equal(v['__proto__'], 'p');
  });
});

describe('YAML: structure', () => {
  test('sequences: nested, of mappings, at the key\'s indentation, empty items', () => {
    const t = `a:
- - x
  - y
- k: v
  j: w
-
- - - deep
b:
  - 1
  -
    m: n
c: done
`;
    const p = yamlRead(t);
    assert.deepEqual(json(p), { a: [['x', 'y'], { k: 'v', j: 'w' }, null, [['deep']]], b: [1, { m: 'n' }], c: 'done' });
    const a = (p.value as Record<string, Value>).a as Value[];
    assert.equal(src(t, p, a[0]), '- x\n  - y');
    assert.equal(src(t, p, a[1]), 'k: v\n  j: w');
  });

  test('a top-level sequence, a start in the indentation, a start at a key mid-line', () => {
    assert.deepEqual(json(yamlRead('- a\n- b: 1\n')), ['a', { b: 1 }]);
    const t = 'log\n    status: 403\n    error: Forbidden\nnext\n';
    assert.deepEqual(json(readYaml(t, t.indexOf('    status'), t.length)), { status: 403, error: 'Forbidden' });
    assert.deepEqual(json(readYaml(t, t.indexOf('status'), t.length)), { status: 403, error: 'Forbidden' });
    const item = '- code: WF_1102\n  detail: Workflow not running\n- x\n';
    assert.deepEqual(json(readYaml(item, item.indexOf('code'), item.length)), { code: 'WF_1102', detail: 'Workflow not running' });
  });

  test('ends where the indentation drops, at a line that is not an entry, at ---', () => {
    const t = '  a: 1\n  b: 2\nc: 3\n';
    const p = yamlRead(t);
    assert.deepEqual(json(p), { a: 1, b: 2 });
    assert.equal(p.end, t.indexOf('\nc'));
    assert.equal(p.complete, true);
    assert.deepEqual(json(yamlRead('a: 1\nnot an entry\nb: 2\n')), { a: 1 });
    assert.deepEqual(json(yamlRead('a: 1\n---\nb: 2\n')), { a: 1 });
    assert.deepEqual(json(yamlRead('---\na: 1\n')), { a: 1 });
    assert.deepEqual(json(yamlRead('a: 1\n2024-05-01 10:00:00 worker: started\n')), { a: 1 });
    assert.deepEqual(json(yamlRead('a: 1\nERROR: request failed\n')), { a: 1 });
  });

  test('CRLF line ends', () => {
    const t = 'json:\r\n  error: Forbidden\r\nstatus: 403\r\nmsg: |\r\n  a\r\n  b\r\n';
    const p = yamlRead(t);
    assert.deepEqual(json(p), { json: { error: 'Forbidden' }, status: 403, msg: 'a\nb\n' });
    assert.deepEqual(range(p, p.value), [0, t.length - 2]);
  });

  test('text that is not YAML gives no value', () => {
    for (const t of ['', '   ', 'hello world', '- ', '# only a comment\n', '[1, 2', 'key:value']) {
      const p = yamlRead(t);
      checkParsed(t, 0, t.length, p);
      if (t === '- ') assert.deepEqual(json(p), [null]);
      else if (t === '[1, 2') assert.equal(p.complete, false);
      else assert.equal(p.value, undefined, JSON.stringify(t));
    }
    assert.equal(readYaml('a: 1', 9, 4).value, undefined);
    assert.equal(readYaml('a: 1', -3, 4).value, undefined);
  });
});

describe('YAML: cut and hostile input', () => {
  test('a limit inside the block: incomplete, open containers listed, nothing read past it', () => {
    const t = ANSIBLE;
    const start = t.indexOf('  connection');
    const cut = t.indexOf('Forbidden\n') + 4;
    const g = guarded(t, cut);
    const p = readYaml(g.text, start, cut);
    assert.equal(p.complete, false);
    const v = p.value as Record<string, Value>;
    assert.deepEqual(plain(v.json), { error: 'Forb' });
    assert.equal(p.end, cut);
    assert.ok(p.unclosed.has(v));
    assert.ok(p.unclosed.has(v.json as object));
  });

  test('a limit after the block: complete', () => {
    const t = 'a: 1\nb: 2\nlog line\nmore';
    const p = readYaml(t, 0, t.indexOf('more'));
    assert.equal(p.complete, true);
    assert.deepEqual(json(p), { a: 1, b: 2 });
  });

  test('every prefix of a block: never past the cut, incomplete', () => {
    const t = KUBECTL;
    for (let k = 1; k < t.length; k += 3) {
      const g = guarded(t, k);
      const p = readYaml(g.text, 0, k);
      checkParsed(t, 0, k, p);
      assert.equal(p.complete, false, `cut at ${k}`);
    }
  });

  test('an unterminated quote or flow collection at the end of the text is cut off', () => {
    const p1 = yamlRead("a: 1\nmsg: 'Status code was 4");
    assert.equal(p1.complete, false);
    assert.deepEqual(json(p1), { a: 1, msg: 'Status code was 4' });
    const p2 = yamlRead('a: 1\nb: [1, 2');
    assert.equal(p2.complete, false);
    assert.deepEqual(json(p2), { a: 1, b: [1, 2] });
  });

  test('deep nesting stops at MAX_DEPTH', () => {
    const n = 300;
    let nested = '';
    for (let i = 0; i < n; i++) nested += ' '.repeat(i) + 'k:\n';
    const inputs = [nested, '- '.repeat(n) + 'x', 'a: ' + '['.repeat(n), 'a: ' + '{a: '.repeat(n), 'a: ' + '['.repeat(n) + ']'.repeat(n)];
    for (const t of inputs) {
      const p = yamlRead(t);
      checkParsed(t, 0, t.length, p);
      assert.equal(p.complete, false, t.slice(0, 20));
    }
  });

  test('1 MB of indentation and other hostile input: no throw, linear work', () => {
    const mb = ' '.repeat(1 << 20) + 'a: 1';
    const g = guarded(mb);
    const p = readYaml(g.text, 0, mb.length);
    assert.deepEqual(json(p), { a: 1 });
    assert.ok(g.ops() < 10 * mb.length);
    const run = (t: string): Parsed => readYaml(t, 0, t.length);
    assertLinear('flat mapping', (n) => 'k: v\n'.repeat(n), run);
    assertLinear('blank lines', (n) => 'a:' + '\n'.repeat(n) + '  b: 1\n', run);
    assertLinear('indentation', (n) => 'a:\n' + ' '.repeat(n) + 'b: 1\n', run);
    assertLinear('staircase', (n) => Array.from({ length: n / 20 }, (_, i) => ' '.repeat(i % 40) + 'k:').join('\n'), run);
    assertLinear('long plain scalar', (n) => 'a: x\n' + '  more words\n'.repeat(n), run);
    assertLinear('long quoted scalar', (n) => 'a: "x\n' + '  more words\n'.repeat(n) + '"', run);
    assertLinear('unterminated quotes', (n) => 'a: "x\n' + '  more words\n'.repeat(n) + 'b: 1\n', run);
    assertLinear('failed flows', (n) => 'a: [x\n' + '  y, z\n'.repeat(n) + 'b: 1\n', run);
    assertLinear('sequence', (n) => '- a: 1\n  b: 2\n'.repeat(n), run);
    assertLinear('dashes', (n) => '- '.repeat(n), run);
    assertLinear('brackets', (n) => 'a: ' + '['.repeat(n), run);
    assertLinear('block scalar', (n) => 'a: |\n' + '  line\n\n'.repeat(n), run);
    assertLinear('comments', (n) => 'a: 1\n' + '# c\n'.repeat(n) + 'b: 2\n', run);
    assertLinear('escapes', (n) => 'a: "' + '\\u00e9\\n'.repeat(n) + '"', run);
  });

  test('yamlBlockStart looks at most 200 lines and 16 KB back', () => {
    const lines = Array.from({ length: 300 }, (_, i) => `k${i}: v`);
    const t = lines.join('\n');
    const best = yamlBlockStart(t, t.length - 2);
    assert.equal(best, t.indexOf('k99: v'));
    const longLines = Array.from({ length: 40 }, (_, i) => `k${i}: ${'x'.repeat(1000)}`).join('\n');
    const s = yamlBlockStart(longLines, longLines.length - 2);
    assert.ok(longLines.length - s <= 16 * 1024 + 1100, `walked ${longLines.length - s} characters`);
    assert.ok(s > 0);
    // bounded work however much text lies above
    const run = (x: string): number => yamlBlockStart(x, x.length - 2);
    const a = opsOf(run, 'k: v\n'.repeat(10000) + 'z: 1');
    const b = opsOf(run, 'k: v\n'.repeat(100000) + 'z: 1');
    assert.ok(b <= a * 1.1 + 100, `${a} and ${b} operations`);
    const c = opsOf(run, 'x'.repeat(1 << 20) + 'z: 1');
    assert.ok(c < 100000, `${c} operations on a 1 MB line`);
  });
});

describe('yamlBlockStart', () => {
  test('walks up to parents and siblings, stops at log lines', () => {
    const t = `2024-05-01 10:00:01 ERROR worker: request failed
  status: 403
  body:
    error: Forbidden
`;
    assert.equal(yamlBlockStart(t, t.indexOf('error: Forbidden')), t.indexOf('  status'));
    const p = readYaml(t, yamlBlockStart(t, t.indexOf('error:')), t.length);
    assert.deepEqual(json(p), { status: 403, body: { error: 'Forbidden' } });
  });

  test('stops at ---, at a blank line under a less indented text line, passes over comments and blank lines', () => {
    const t1 = 'a: 1\n---\nb: 2\nc: 3\n';
    assert.equal(yamlBlockStart(t1, t1.indexOf('c:')), t1.indexOf('b:'));
    const t2 = 'request failed:\n\n  status: 403\n  error: Forbidden\n';
    // `request failed:` could be a parent key: it is YAML, and the blank line in between does not matter
    assert.equal(yamlBlockStart(t2, t2.indexOf('error')), 0);
    const t3 = 'Request failed with the body below\n\n  status: 403\n  # a comment\n\n  error: Forbidden\n';
    assert.equal(yamlBlockStart(t3, t3.indexOf('error')), t3.indexOf('  status'));
  });

  test('an Ansible header and a sequence parent', () => {
    const t = `ok: [web2]
fatal: [web1]: FAILED! => changed=false
  json:
    errors:
    - message: Human-readable message
      extensions:
        code: ERROR_CODE
  status: 200
`;
    const s = yamlBlockStart(t, t.indexOf('code:'));
    assert.equal(s, t.indexOf('  json:'));
    assert.deepEqual(json(readYaml(t, s, t.length)), { json: { errors: [{ message: 'Human-readable message', extensions: { code: 'ERROR_CODE' } }] }, status: 200 });
  });

  test('a scalar line above deeper entries is not their parent', () => {
    const t = 'msg: request failed\n  status: 403\n';
    assert.equal(yamlBlockStart(t, t.indexOf('status')), t.indexOf('  status'));
  });

  test('on a line that is not an entry: that line\'s start; out of range: clamped', () => {
    const t = 'hello\nworld';
    assert.equal(yamlBlockStart(t, 8), 6);
    assert.equal(yamlBlockStart(t, 99), t.length);
    assert.equal(yamlBlockStart(t, -5), 0);
    assert.equal(yamlBlockStart('', 0), 0);
  });
});

// ---- properties ----

const GO_FRAGMENTS = [
  'map[', ']', '{', '}', '&{', '[', ' ', ':', 'code:', 'detail:', 'Detail:', 'Code:', 'WF_1103', 'Workflow not running', '<nil>', '500',
  '0xc000123456', '"', '\\"', '`', ', ', 'map[string]interface {}{', '"code":', '(*main.T)(nil)', 'interface {}(nil)', '\n', 'true', '\\u00', '\\x', '😀', '\u0000',
];
const YAML_FRAGMENTS = [
  'a:', 'error:', ' ', '  ', '    ', '\n', '\r\n', '- ', '-', ':', ': ', '"', "'", '\\', '|', '>-', '|+2', '#', ' # c', '[', ']', '{', '}', ',', '&a ', '*a', '!!str ',
  '---', '...', 'Forbidden', '403', '~', 'null', 'true', '\t', '😀', '\u0000', '? ', 'json:\n', '  status: 403\n', 'msg: \'x\'\n',
];
const goJunk = fc.array(fc.constantFrom(...GO_FRAGMENTS), { maxLength: 120 }).map((p) => p.join(''));
const yamlJunk = fc.array(fc.constantFrom(...YAML_FRAGMENTS), { maxLength: 150 }).map((p) => p.join(''));
const anyText = (junk: fc.Arbitrary<string>): fc.Arbitrary<string> => fc.oneof(junk, fc.string({ unit: 'binary', maxLength: 400 }), fc.string({ unit: 'grapheme', maxLength: 200 }));

describe('properties', () => {
  test('Go: never throws, never reads past the limit, results well formed', () => {
    fc.assert(
      fc.property(anyText(goJunk), fc.nat(), fc.nat(), (text, a, b) => {
        const start = text.length ? a % text.length : 0;
        const limit = start + (text.length - start ? b % (text.length - start + 1) : 0);
        const g = guarded(text, limit);
        const p = readGoFmt(g.text, start, limit);
        checkParsed(text, start, limit, p);
        assert.equal(p.notation, 'go');
      }),
      { numRuns: 1500 },
    );
  });

  test('YAML: never throws, never reads past the limit, results well formed', () => {
    fc.assert(
      fc.property(anyText(yamlJunk), fc.nat(), fc.nat(), (text, a, b) => {
        const start = text.length ? a % text.length : 0;
        const limit = start + (text.length - start ? b % (text.length - start + 1) : 0);
        const g = guarded(text, limit);
        const p = readYaml(g.text, start, limit);
        checkParsed(text, start, limit, p);
        assert.equal(p.notation, 'yaml');
        const s = yamlBlockStart(text, start);
        assert.ok(Number.isInteger(s) && s >= 0 && s <= text.length && s <= start);
      }),
      { numRuns: 1500 },
    );
  });

  // Values Go prints unambiguously with %v: capitalised words (never true/false/numbers), integers, booleans.
  const word = fc.stringMatching(/^[A-Z][a-z]{0,7}$/);
  const goScalar = fc.oneof(fc.array(word, { minLength: 1, maxLength: 4 }).map((w) => w.join(' ')), fc.integer({ min: -1e9, max: 1e9 }), fc.boolean(), fc.constant(''));
  const goKey = fc.stringMatching(/^[a-z][a-zA-Z0-9_]{0,8}$/);
  type GoV = string | number | boolean | GoV[] | { [k: string]: GoV };
  const goValue: fc.Arbitrary<GoV> = fc.letrec<{ v: GoV; m: { [k: string]: GoV } }>((tie) => ({
    v: fc.oneof({ depthSize: 'small', withCrossShrink: true }, goScalar, tie('m'), fc.array(fc.integer({ min: 0, max: 999 }), { maxLength: 4 }), fc.array(tie('m'), { maxLength: 2 })),
    m: fc.dictionary(goKey, tie('v'), { maxKeys: 5, noNullPrototype: true }),
  })).m;

  function goV(v: GoV): string {
    if (Array.isArray(v)) return '[' + v.map(goV).join(' ') + ']';
    if (typeof v === 'object') return 'map[' + Object.keys(v).sort().map((k) => `${k}:${goV(v[k])}`).join(' ') + ']';
    return String(v);
  }

  function goSharp(v: GoV): string {
    if (Array.isArray(v)) return '[]interface {}{' + v.map(goSharp).join(', ') + '}';
    if (typeof v === 'object') return 'map[string]interface {}{' + Object.keys(v).sort().map((k) => `${JSON.stringify(k)}:${goSharp(v[k])}`).join(', ') + '}';
    return typeof v === 'string' ? JSON.stringify(v) : String(v);
  }

  test('Go %v round trip of maps fmt could print', () => {
    fc.assert(
      fc.property(goValue, (v) => {
        const text = goV(v);
        const p = goRead(text);
        assert.equal(p.complete, true, text);
        assert.deepEqual(json(p), v, text);
        assert.deepEqual(range(p, p.value), [0, text.length]);
      }),
      { numRuns: 700 },
    );
  });

  test('Go %#v round trip, any string content', () => {
    const anyString = fc.string({ unit: 'grapheme', maxLength: 20 });
    const sharpValue = fc.dictionary(goKey, fc.oneof(anyString, fc.integer(), fc.boolean(), fc.dictionary(goKey, anyString, { maxKeys: 3, noNullPrototype: true })), {
      maxKeys: 5,
      noNullPrototype: true,
    });
    fc.assert(
      fc.property(sharpValue, (v) => {
        const text = 'x := ' + goSharp(v);
        const p = readGoFmt(text, 5, text.length);
        assert.equal(p.complete, true, text);
        assert.deepEqual(json(p), v);
      }),
      { numRuns: 700 },
    );
  });

  test('Go %+v round trip of structs', () => {
    const field = fc.stringMatching(/^[A-Z][a-zA-Z0-9]{0,8}$/);
    const struct = fc.dictionary(field, goScalar, { minKeys: 1, maxKeys: 6, noNullPrototype: true });
    fc.assert(
      fc.property(struct, fc.boolean(), (v, pointer) => {
        const text = (pointer ? '&{' : '{') + Object.entries(v).map(([k, x]) => `${k}:${String(x)}`).join(' ') + '}';
        const p = goRead(text);
        assert.deepEqual(json(p), v, text);
      }),
      { numRuns: 700 },
    );
  });

  // YAML written the way emitters do: block collections, quoted strings where plain would be ambiguous.
  type YV = string | number | boolean | null | YV[] | { [k: string]: YV };
  const plainWord = fc.stringMatching(/^[A-Za-z][A-Za-z0-9_.-]{0,8}$/).filter((w) => !/^(true|false|null|True|False|Null|TRUE|FALSE|NULL)$/.test(w));
  const yScalar: fc.Arbitrary<YV> = fc.oneof(
    fc.array(plainWord, { minLength: 1, maxLength: 4 }).map((w) => w.join(' ')),
    fc.string({ unit: 'grapheme', maxLength: 15 }),
    fc.integer({ min: -1e9, max: 1e9 }),
    fc.boolean(),
    fc.constant(null),
    fc.array(fc.stringMatching(/^[a-z]{1,6}$/), { minLength: 2, maxLength: 4 }).map((l) => l.join('\n')),
  );
  const yKey = fc.stringMatching(/^[a-z][a-z0-9_]{0,8}$/);
  const yValue = fc.letrec<{ v: YV; m: { [k: string]: YV } }>((tie) => ({
    v: fc.oneof({ depthSize: 'small', withCrossShrink: true }, yScalar, tie('m'), fc.array(tie('v'), { maxLength: 3 })),
    m: fc.dictionary(yKey, tie('v'), { maxKeys: 5, noNullPrototype: true }),
  })).m;

  function yScalarText(v: string | number | boolean | null): string {
    if (typeof v !== 'string') return String(v);
    return /^[A-Za-z][A-Za-z0-9_. -]*[A-Za-z0-9_.-]$|^[A-Za-z]$/.test(v) && !/ {2}/.test(v) && !/^(true|false|null|True|False|Null|TRUE|FALSE|NULL|yes|no)$/.test(v) ? v : JSON.stringify(v);
  }

  function emit(v: YV, indent: number, out: string[], seqAtKeyIndent: boolean): void {
    const pad = ' '.repeat(indent);
    if (Array.isArray(v)) {
      for (const item of v) {
        if (item !== null && typeof item === 'object' && (Array.isArray(item) ? item.length : Object.keys(item).length)) {
          const sub: string[] = [];
          emit(item, indent + 2, sub, false);
          out.push(pad + '- ' + sub[0].slice(indent + 2), ...sub.slice(1));
        } else out.push(pad + '- ' + inline(item));
      }
      return;
    }
    for (const [k, x] of Object.entries(v as Record<string, YV>)) {
      if (x !== null && typeof x === 'object' && (Array.isArray(x) ? x.length : Object.keys(x).length)) {
        out.push(`${pad}${k}:`);
        emit(x, Array.isArray(x) && seqAtKeyIndent ? indent : indent + 2, out, seqAtKeyIndent);
      } else if (typeof x === 'string' && x.includes('\n')) {
        out.push(`${pad}${k}: |-`, ...x.split('\n').map((l) => `${pad}  ${l}`));
      } else out.push(`${pad}${k}: ${inline(x)}`);
    }
  }

  function inline(x: YV): string {
    if (Array.isArray(x)) return '[]';
    if (x !== null && typeof x === 'object') return '{}';
    if (typeof x === 'string' && x.includes('\n')) return JSON.stringify(x);
    return yScalarText(x);
  }

  test('YAML round trip of emitted blocks, ranges ending at the last entry', () => {
    fc.assert(
      fc.property(yValue, fc.boolean(), fc.integer({ min: 0, max: 4 }), (v, seqAtKeyIndent, indent) => {
        if (Object.keys(v).length === 0) return;
        const lines: string[] = [];
        emit(v, indent, lines, seqAtKeyIndent);
        const text = 'log line before\n' + lines.join('\n') + '\nlog line after\n';
        const start = text.indexOf('\n') + 1;
        const p = readYaml(text, start, text.length);
        assert.equal(p.complete, true, text);
        assert.deepEqual(json(p), v, text);
        const body = lines.join('\n');
        assert.deepEqual(range(p, p.value), [start + indent, start + body.length]);
        // from any key of the block, the walk up finds its start
        const keyLine = lines.findIndex((l) => /^\s*(- )?[a-z][a-z0-9_]*:/.test(l));
        if (keyLine >= 0) {
          const at = start + lines.slice(0, keyLine).join('\n').length + (keyLine ? 1 : 0) + lines[keyLine].search(/[a-z]/);
          assert.equal(yamlBlockStart(text, at), start, text);
        }
      }),
      { numRuns: 700 },
    );
  });
});
