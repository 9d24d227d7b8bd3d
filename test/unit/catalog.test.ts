// The catalog against the seed documents (expected values are written out from the seeds here), the
// validator's problems and positions, the schema's agreement with the validator, merging and look-ups.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import { BUILTIN_CATALOG_FILES, Catalog, editDistance, loadBuiltinCatalog } from '../../src/core/catalog/catalog';
import { CATALOG_FILE_SHAPE, ENTRY_KINDS, ERROR_CLASSES, mergeCatalogs, parseCatalogText, type ObjectShape, type Shape } from '../../src/core/catalog/catalogFile';
import type { CatalogEntry, CatalogProblem } from '../../src/core/catalog/types';

const catalog = loadBuiltinCatalog();
// Tests run from the repository root (npm run test:unit).
const SCHEMA_PATH = join(process.cwd(), 'src/core/catalog/catalog.schema.json');

function entry(api: string, code: string): CatalogEntry {
  const e = catalog.get(`${api}:${code}`);
  assert.ok(e, `missing ${api}:${code}`);
  return e;
}

function exampleBodies(e: CatalogEntry): unknown[] {
  return (e.examples ?? []).map((x) => JSON.parse(x.body));
}

// ---------------------------------------------------------------------------------------------------------
// Workflows (seed 000)
// ---------------------------------------------------------------------------------------------------------

const WF_TABLE: [string, string, number[], string][] = [
  ['WF_1000', 'Unknown Error', [500], 'General'],
  ['WF_1001', 'Invalid Request', [422], 'General'],
  ['WF_1100', 'Workflow Not Found', [404], 'Workflow'],
  ['WF_1101', 'Workflow Already Started', [409], 'Workflow'],
  ['WF_1102', 'Workflow Not Running', [409], 'Workflow'],
  ['WF_1103', 'Platform Request Failed', [500, 504], 'Workflow'],
  ['WF_1104', 'Workflow Registration Failed', [500], 'Workflow'],
  ['WF_1105', 'Execution Not Found', [500], 'Workflow'],
  ['WF_1200', 'Schedule Failed', [422, 503, 500], 'Schedule'],
  ['WF_1201', 'Schedule Not Found', [404], 'Schedule'],
  ['WF_1300', 'Platform Client Creation Failed', [500], 'Infrastructure'],
  ['WF_1301', 'Platform Initialization Failed', [500], 'Infrastructure'],
  ['WF_1302', 'Payload Encoding Required', [500], 'Infrastructure'],
  ['WF_1400', 'Streaming Error', [500], 'Streaming'],
  ['WF_1500', 'Trace Error', [500], 'Tracing'],
  ['WF_1600', 'Event Store Error', [500], 'Event Store'],
];

describe('Workflows API', () => {
  test('the quick lookup table: every code, name, status and category', () => {
    const wf = catalog.entriesOf('workflows');
    assert.deepEqual(wf.map((e) => e.code), WF_TABLE.map((r) => r[0]));
    for (const [code, name, statuses, category] of WF_TABLE) {
      const e = entry('workflows', code);
      assert.equal(e.kind, 'code');
      assert.equal(e.name, name, code);
      assert.deepEqual(e.statuses, statuses, code);
      assert.equal(e.category, category, code);
    }
  });

  test('category ranges', () => {
    const ranges = catalog.api('workflows')!.categories.map((c) => [c.name, c.from, c.to]);
    assert.deepEqual(ranges, [
      ['General', 1000, 1099],
      ['Workflow', 1100, 1199],
      ['Schedule', 1200, 1299],
      ['Infrastructure', 1300, 1399],
      ['Streaming', 1400, 1499],
      ['Tracing', 1500, 1599],
      ['Event Store', 1600, 1699],
    ]);
    for (const [code, , , category] of WF_TABLE) assert.equal(catalog.wfCategory(Number(code.slice(3))), category);
    assert.equal(catalog.wfCategory(1777), undefined);
  });

  test('status causes', () => {
    assert.deepEqual(entry('workflows', 'WF_1103').statusCauses?.map((c) => c.status), [500, 504]);
    assert.deepEqual(entry('workflows', 'WF_1200').statusCauses?.map((c) => c.status), [422, 503, 500]);
    assert.match(entry('workflows', 'WF_1103').statusCauses!.find((c) => c.status === 504)!.cause, /deadline/i);
  });

  test('retry advice follows the resolutions', () => {
    const decisions = Object.fromEntries(catalog.entriesOf('workflows').map((e) => [e.code, e.retry.decision]));
    assert.deepEqual(decisions, {
      WF_1000: 'no', WF_1001: 'no', WF_1100: 'no', WF_1101: 'no', WF_1102: 'no', WF_1103: 'yes', WF_1104: 'no', WF_1105: 'no',
      WF_1200: 'conditional', WF_1201: 'no', WF_1300: 'no', WF_1301: 'no', WF_1302: 'no', WF_1400: 'no', WF_1500: 'yes', WF_1600: 'yes',
    });
    assert.deepEqual(entry('workflows', 'WF_1200').retry.onStatuses, [503]);
  });

  test('fields, notes and policy', () => {
    const api = catalog.api('workflows')!;
    assert.deepEqual(api.fields.map((f) => f.name), ['detail', 'code', 'valid_reset_events', 'status']);
    assert.ok(entry('workflows', 'WF_1001').fields?.includes('valid_reset_events'));
    assert.ok(entry('workflows', 'WF_1102').fields?.includes('status'));
    assert.ok(api.notes?.some((n) => n.includes('"An error occurred"') && /server-side logs/.test(n)));
    assert.deepEqual(api.retryPolicy, { ...api.retryPolicy, strategy: 'exponential-jitter', baseDelayMs: 500, capSeconds: 30, maxAttempts: 5, documented: false });
  });

  test('example bodies equal the seed', () => {
    assert.deepEqual(exampleBodies(entry('workflows', 'WF_1100')), [{ detail: 'Workflow execution not found', code: 'WF_1100' }]);
    assert.deepEqual(exampleBodies(entry('workflows', 'WF_1001')), [{ detail: 'Invalid event ID for reset', code: 'WF_1001', valid_reset_events: [3, 7, 12] }]);
    assert.deepEqual(exampleBodies(entry('workflows', 'WF_1102')), [{ detail: 'Workflow not running', code: 'WF_1102', status: 'COMPLETED' }]);
  });
});

// ---------------------------------------------------------------------------------------------------------
// Wireflow (seed 001)
// ---------------------------------------------------------------------------------------------------------

const WIREFLOW: [number, string, string[]][] = [
  [400, 'Bad Request', [
    'Missing required fields: name, nodes, edges',
    'At least one node must be provided',
    'All nodes must have an id',
    'Node node-1 is missing model.name',
    'Workflow is not active',
    'Cannot save workflow with 0 nodes and 0 edges. This appears to be a frontend bug. Reload the page.',
  ]],
  [401, 'Unauthorized', ['Missing Authorization header', 'Invalid API key format. Expected: Bearer sk-...', 'Invalid API key', 'API key has expired']],
  [402, 'Payment Required', ['Insufficient credits. Required: 10, Available: 3']],
  [403, 'Forbidden', ['Forbidden', 'Forbidden: Cannot resume execution you do not own']],
  [404, 'Not Found', ['Workflow not found', 'Execution not found', 'Webhook not found']],
  [429, 'Too Many Requests', ['Too many workflow executions. Please try again later.']],
  [500, 'Internal Server Error', ['An unexpected error occurred']],
];

describe('Wireflow API', () => {
  test('one status entry per documented status, with its messages', () => {
    assert.deepEqual(catalog.entriesOf('wireflow').map((e) => e.code), WIREFLOW.map((r) => String(r[0])));
    for (const [status, name, messages] of WIREFLOW) {
      const e = catalog.byStatus('wireflow', status)!;
      assert.equal(e.id, `wireflow:${status}`);
      assert.equal(e.kind, 'status');
      assert.equal(e.name, name);
      assert.deepEqual(e.statuses, [status]);
      assert.deepEqual(e.messages, messages);
      for (const m of messages) assert.equal(catalog.byMessage('wireflow', m), e, m);
    }
  });

  test('retry: 429 honours Retry-After, 500 after a short delay, the rest not', () => {
    const retry = Object.fromEntries(catalog.entriesOf('wireflow').map((e) => [e.code, e.retry.decision]));
    assert.deepEqual(retry, { 400: 'no', 401: 'no', 402: 'no', 403: 'no', 404: 'no', 429: 'yes', 500: 'yes' });
    assert.equal(entry('wireflow', '429').retry.honorRetryAfter, true);
  });

  test('fields and headers', () => {
    const api = catalog.api('wireflow')!;
    assert.deepEqual(api.fields.map((f) => f.name), ['error', 'insufficientCredits', 'requiredCredits', 'availableCredits', 'breakdown', 'retryAfter']);
    assert.match(api.fields.find((f) => f.name === 'breakdown')!.meaning, /nodeId.*nodeLabel.*credits/);
    assert.match(api.fields.find((f) => f.name === 'retryAfter')!.meaning, /Unix timestamp.*X-RateLimit-Reset/);
    assert.deepEqual(api.headers.map((h) => [h.name, h.format]), [
      ['Retry-After', 'relative-seconds'],
      ['X-RateLimit-Reset', 'unix-seconds'],
      ['X-Request-Id', 'opaque'],
    ]);
    assert.match(entry('wireflow', '500').resolution, /X-Request-Id/);
    assert.deepEqual(entry('wireflow', '402').fields, ['error', 'insufficientCredits', 'requiredCredits', 'availableCredits', 'breakdown']);
  });

  test('example bodies equal the seed', () => {
    assert.deepEqual(exampleBodies(entry('wireflow', '402')), [{
      error: 'Insufficient credits. Required: 10, Available: 3',
      insufficientCredits: true,
      requiredCredits: 10,
      availableCredits: 3,
      breakdown: [{ nodeId: 'node-1', nodeLabel: 'Text to Image', credits: 10 }],
    }]);
    assert.deepEqual(exampleBodies(entry('wireflow', '429')), [{ error: 'Too many workflow executions. Please try again later.', retryAfter: 1711036800 }]);
    assert.deepEqual(exampleBodies(entry('wireflow', '404')), [{ error: 'Workflow not found' }]);
    assert.deepEqual(exampleBodies(entry('wireflow', '500')), [{ error: 'An unexpected error occurred' }]);
  });

  test('byMessage: numbers and ids match loosely, prefixes match', () => {
    assert.equal(catalog.byMessage('wireflow', 'Insufficient credits. Required: 7, Available: 1')?.code, '402');
    assert.equal(catalog.byMessage('wireflow', 'Node img-gen is missing model.name')?.code, '400');
    assert.equal(catalog.byMessage('wireflow', 'Missing required fields: nodes')?.code, '400');
    assert.equal(catalog.byMessage('wireflow', 'Cannot save workflow with 3 nodes and 1 edges. This appears to be a frontend bug. Reload the page.')?.code, '400');
    assert.equal(catalog.byMessage('wireflow', 'Forbidden: Cannot delete webhook you do not own')?.code, '403');
    assert.equal(catalog.byMessage('wireflow', '  Webhook not found ')?.code, '404');
    assert.equal(catalog.byMessage('wireflow', 'Something else entirely'), undefined);
    assert.equal(catalog.byMessage('flows', 'Workflow not found'), undefined);
  });
});

// ---------------------------------------------------------------------------------------------------------
// Flows (seed 002)
// ---------------------------------------------------------------------------------------------------------

describe('Flows GraphQL API', () => {
  test('every documented status', () => {
    const rows = catalog.entriesOf('flows').map((e) => [e.code, e.name, e.statuses, e.kind, e.retry.decision]);
    assert.deepEqual(rows, [
      ['200', 'Success (check data / errors in body)', [200], 'status', 'no'],
      ['400', 'Bad Request', [400], 'status', 'no'],
      ['401', 'Unauthorized', [401], 'status', 'no'],
      ['403', 'Forbidden', [403], 'status', 'no'],
      ['404', 'Not found', [404], 'status', 'no'],
      ['429', 'Too many requests', [429], 'status', 'yes'],
      ['500', 'Server error', [500], 'status', 'yes'],
    ]);
    assert.match(entry('flows', '429').resolution, /exponential backoff/);
  });

  test('fields, no defined extensions.code values, example', () => {
    const api = catalog.api('flows')!;
    assert.deepEqual(api.fields.map((f) => f.name), ['errors', 'message', 'extensions.code', 'data']);
    assert.ok(api.notes?.some((n) => /no specific extensions\.code values/.test(n) && /graphql-code/.test(n)));
    assert.equal(catalog.entriesOf('flows').filter((e) => e.kind === 'graphql-code').length, 0);
    assert.deepEqual(exampleBodies(entry('flows', '200')), [{ errors: [{ message: 'Human-readable message', extensions: { code: 'ERROR_CODE' } }] }]);
  });
});

// ---------------------------------------------------------------------------------------------------------
// Orchestrator (seed 004)
// ---------------------------------------------------------------------------------------------------------

describe('Orchestrator API', () => {
  test('status taxonomy and its Retry? column', () => {
    const rows = catalog.entriesOf('orchestrator').filter((e) => e.kind === 'status').map((e) => [e.code, e.name, e.retry.decision]);
    assert.deepEqual(rows, [
      ['400', 'Bad Request', 'no'],
      ['401', 'Unauthorized', 'no'],
      ['403', 'Forbidden', 'no'],
      ['404', 'Not Found', 'no'],
      ['409', 'Conflict', 'conditional'],
      ['429', 'Too Many Requests', 'yes'],
      ['5xx', 'Server Error', 'yes'],
    ]);
    assert.match(entry('orchestrator', '409').retry.condition!, /refetch.*reconcile/);
    for (const s of [500, 502, 503, 504, 599]) assert.equal(catalog.byStatus('orchestrator', s)?.code, '5xx', String(s));
    assert.equal(catalog.byStatus('orchestrator', 409)?.code, '409');
    assert.equal(catalog.byStatus('orchestrator', 418), undefined);
    assert.equal(catalog.byStatus('wireflow', 503), undefined);
  });

  test('job reasons and the generic failure', () => {
    const rows = catalog.entriesOf('orchestrator').filter((e) => e.kind !== 'status').map((e) => [e.kind, e.code, e.retry.decision, e.errorClass]);
    assert.deepEqual(rows, [
      ['reason', 'no_provider_available', 'yes', 'transient'],
      ['reason', 'blocked', 'no', 'moderation'],
      ['reason', 'timeout', 'yes', 'transient'],
      ['reason', 'expired', 'yes', 'transient'],
      ['reason', 'canceled', 'no', 'canceled'],
      ['outcome', 'failed', 'yes', 'transient'],
    ]);
    assert.equal(entry('orchestrator', 'timeout').description, entry('orchestrator', 'expired').description);
    assert.deepEqual(entry('orchestrator', 'failed').retry, { decision: 'yes', once: true, maxAttempts: 2 });
    for (const r of ['no_provider_available', 'blocked', 'timeout', 'expired', 'canceled', 'failed']) assert.equal(catalog.byReason(r)?.code, r);
    assert.equal(catalog.byReason('succeeded'), undefined);
  });

  test('statuses, terminal states and the documented policy', () => {
    const api = catalog.api('orchestrator')!;
    assert.deepEqual(api.statusEnum, ['unassigned', 'preparing', 'scheduled', 'processing', 'succeeded', 'failed', 'expired', 'canceled']);
    assert.deepEqual(api.terminalStatuses, ['succeeded', 'failed', 'expired', 'canceled']);
    const p = api.retryPolicy;
    assert.deepEqual([p.strategy, p.capSeconds, p.maxAttempts, p.jitter, p.baseDelayMs, p.documented], ['exponential-jitter', 30, 5, 'full', 1000, true]);
    assert.match(p.note!, /base/);
  });

  test('fields, gotchas and example bodies', () => {
    const api = catalog.api('orchestrator')!;
    assert.deepEqual(api.fields.map((f) => f.name), ['type', 'title', 'status', 'detail', 'errors', 'instance', 'reason', 'blockedReason']);
    assert.match(api.fields.find((f) => f.name === 'errors')!.meaning, /JSON Pointer/);
    const gotchas = api.gotchas!.map((g) => `${g.title} ${g.text}`);
    assert.equal(gotchas.length, 3);
    assert.match(gotchas[0], /403.*GetBlob/s);
    assert.match(gotchas[1], /wait=90.*100 seconds/s);
    assert.match(gotchas[2], /canceled.*DeleteWorkflow/s);
    assert.deepEqual(exampleBodies(entry('orchestrator', '400')), [{
      type: 'https://tools.ietf.org/html/rfc9110#section-15.5.1',
      title: 'One or more validation errors occurred.',
      status: 400,
      errors: { 'steps[0].input.resolution': ["The value '4k' is not valid for resolution."] },
    }]);
    assert.deepEqual(exampleBodies(entry('orchestrator', 'no_provider_available')), [{
      id: 'wf_01HXYZ...',
      status: 'failed',
      steps: [{ name: '0', $type: 'videoGen', status: 'failed', jobs: [{ status: 'failed', reason: 'no_provider_available', blockedReason: null }] }],
    }]);
  });
});

// ---------------------------------------------------------------------------------------------------------
// The data as a whole, and the schema
// ---------------------------------------------------------------------------------------------------------

describe('built-in data', () => {
  test('validates with zero problems, strictly', () => {
    for (const { file, text } of BUILTIN_CATALOG_FILES) {
      const { catalog: parsed, problems } = parseCatalogText(text, file, { strict: true });
      assert.deepEqual(problems, [], file);
      assert.ok(parsed?.apis?.length === 1 && parsed.entries?.length, file);
    }
    assert.deepEqual(catalog.apis.map((a) => a.id), ['workflows', 'wireflow', 'flows', 'orchestrator']);
    assert.equal(catalog.entries.length, 16 + 7 + 7 + 13);
  });

  test('is memoised', () => {
    assert.equal(loadBuiltinCatalog(), catalog);
  });

  test('every entry is complete and refers to its API\'s fields', () => {
    for (const e of catalog.entries) {
      const api = catalog.api(e.api)!;
      assert.ok(ERROR_CLASSES.includes(e.errorClass), e.id);
      assert.ok(ENTRY_KINDS.includes(e.kind), e.id);
      assert.ok(e.category && e.description && e.resolution && e.name, e.id);
      assert.equal(e.source, undefined);
      for (const f of e.fields ?? []) assert.ok(api.fields.some((x) => x.name === f), `${e.id}: field ${f}`);
      for (const x of e.examples ?? []) assert.doesNotThrow(() => JSON.parse(x.body), `${e.id}: ${x.title}`);
    }
  });

  test('the schema file is valid JSON and every data file satisfies it', () => {
    const schema = JSON.parse(readFileSync(SCHEMA_PATH, 'utf8')) as JsonSchema;
    for (const { file, text } of BUILTIN_CATALOG_FILES) {
      const value = parseCatalogText(text, file).catalog;
      assert.deepEqual(schemaErrors(JSON.parse(stripComments(text)), schema, schema), [], file);
      assert.ok(value);
    }
  });

  test('the schema agrees with the validator: properties, required, enums, status range', () => {
    const schema = JSON.parse(readFileSync(SCHEMA_PATH, 'utf8')) as JsonSchema;
    const compare = (s: JsonSchema, shape: ObjectShape, where: string): void => {
      assert.deepEqual(Object.keys(s.properties ?? {}).sort(), Object.keys(shape.properties).sort(), `${where}: properties`);
      assert.deepEqual([...(s.required ?? [])].sort(), [...shape.required].sort(), `${where}: required`);
      assert.equal(s.additionalProperties, false, where);
      for (const [key, sub] of Object.entries(shape.properties)) compareValue(resolve(schema, s.properties![key]), sub, `${where}.${key}`);
    };
    const compareValue = (s: JsonSchema, shape: Shape, where: string): void => {
      assert.equal(s.type, shape.type, where);
      if (shape.type === 'object') compare(s, shape, where);
      else if (shape.type === 'array') compareValue(resolve(schema, s.items!), shape.items, `${where}[]`);
      else if (shape.type === 'string') {
        assert.deepEqual(s.enum, shape.enum, `${where}: enum`);
        if (shape.pattern) assert.equal(s.pattern, shape.pattern.source, `${where}: pattern`);
      } else if (shape.type === 'integer' || shape.type === 'number') {
        assert.equal(s.minimum, shape.minimum, `${where}: minimum`);
        if (shape.type === 'integer') assert.equal(s.maximum, shape.maximum, `${where}: maximum`);
      }
    };
    compare(schema, CATALOG_FILE_SHAPE, 'catalog');
  });

  test('every schema property has a description (editor hovers)', () => {
    const schema = JSON.parse(readFileSync(SCHEMA_PATH, 'utf8')) as JsonSchema;
    const walk = (s: JsonSchema, where: string): void => {
      for (const [k, v] of Object.entries(s.properties ?? {})) {
        const r = resolve(schema, v);
        assert.ok(v.description ?? r.description, `${where}.${k}`);
      }
    };
    walk(schema, 'catalog');
    for (const [k, d] of Object.entries(schema.definitions ?? {})) walk(d, k);
  });
});

// A minimal draft-07 checker: just the keywords catalog.schema.json uses.
interface JsonSchema {
  $ref?: string;
  type?: string;
  properties?: Record<string, JsonSchema>;
  required?: string[];
  additionalProperties?: boolean;
  items?: JsonSchema;
  enum?: string[];
  const?: unknown;
  pattern?: string;
  minimum?: number;
  maximum?: number;
  minLength?: number;
  allOf?: JsonSchema[];
  if?: JsonSchema;
  then?: JsonSchema;
  definitions?: Record<string, JsonSchema>;
  description?: string;
}

function resolve(root: JsonSchema, s: JsonSchema): JsonSchema {
  return s.$ref ? resolve(root, root.definitions![s.$ref.replace('#/definitions/', '')]) : s;
}

function schemaErrors(value: unknown, s: JsonSchema, root: JsonSchema, path = '$'): string[] {
  s = resolve(root, s);
  const errors: string[] = [];
  const type = Array.isArray(value) ? 'array' : value === null ? 'null' : Number.isInteger(value) ? 'integer' : typeof value;
  if (s.type && !(s.type === type || (s.type === 'number' && type === 'integer'))) return [`${path}: ${type} is not ${s.type}`];
  if (s.enum && !s.enum.includes(value as string)) errors.push(`${path}: not in enum`);
  if (s.const !== undefined && value !== s.const) errors.push(`${path}: not ${String(s.const)}`);
  if (s.pattern && typeof value === 'string' && !new RegExp(s.pattern).test(value)) errors.push(`${path}: does not match ${s.pattern}`);
  if (s.minLength !== undefined && typeof value === 'string' && value.length < s.minLength) errors.push(`${path}: too short`);
  if (typeof value === 'number' && s.minimum !== undefined && value < s.minimum) errors.push(`${path}: below minimum`);
  if (typeof value === 'number' && s.maximum !== undefined && value > s.maximum) errors.push(`${path}: above maximum`);
  if (type === 'array' && s.items) (value as unknown[]).forEach((v, i) => errors.push(...schemaErrors(v, s.items!, root, `${path}[${i}]`)));
  if (type === 'object') {
    const o = value as Record<string, unknown>;
    for (const r of s.required ?? []) if (!(r in o)) errors.push(`${path}: missing ${r}`);
    for (const [k, v] of Object.entries(o)) {
      if (s.properties?.[k]) errors.push(...schemaErrors(v, s.properties[k], root, `${path}.${k}`));
      else if (s.additionalProperties === false && s.properties) errors.push(`${path}: ${k} not allowed`);
    }
  }
  for (const sub of s.allOf ?? []) {
    if (sub.if && schemaErrors(value, sub.if, root, path).length === 0 && sub.then) errors.push(...schemaErrors(value, sub.then, root, path));
  }
  return errors;
}

/** Line comments only (the data files use no block comments, and no `//` inside their strings but URLs). */
function stripComments(text: string): string {
  return text.replace(/^\s*\/\/.*$/gm, '');
}

describe('the schema checker used above', () => {
  test('catches what it should', () => {
    const schema = JSON.parse(readFileSync(SCHEMA_PATH, 'utf8')) as JsonSchema;
    const bad = { entries: [{ api: 'workflows', kind: 'code', code: 'WF_110', name: 'x', statuses: [700], retry: { decision: 'maybe' } }], extra: 1 };
    const errors = schemaErrors(bad, schema, schema);
    assert.ok(errors.some((e) => /extra not allowed/.test(e)));
    assert.ok(errors.some((e) => /statuses\[0\]: above maximum/.test(e)));
    assert.ok(errors.some((e) => /decision: not in enum/.test(e)));
    assert.ok(errors.some((e) => /code: does not match/.test(e)));
  });
});

// ---------------------------------------------------------------------------------------------------------
// parseCatalogText: problems and positions
// ---------------------------------------------------------------------------------------------------------

function brief(problems: CatalogProblem[]): string[] {
  return problems.map((p) => `${p.line}:${p.column} ${p.severity} ${p.message}`);
}

describe('parseCatalogText', () => {
  test('a syntax error: exact line and column, no catalog', () => {
    const text = '{\n  "entries": [\n    { "api": "flows" "code": "X" }\n  ]\n}\n';
    const r = parseCatalogText(text, 'team.jsonc');
    assert.equal(r.catalog, undefined);
    assert.equal(r.problems[0].file, 'team.jsonc');
    assert.equal(r.problems[0].line, 3);
    assert.equal(r.problems[0].column, 22);
    assert.equal(r.problems[0].offset, text.indexOf('"code"'));
    assert.match(r.problems[0].message, /syntax error: comma expected/);
  });

  test('comments and trailing commas are fine', () => {
    const r = parseCatalogText('// team codes\n{ /* none yet */ "entries": [], }', 'a.jsonc');
    assert.deepEqual(r.problems, []);
    assert.deepEqual(r.catalog, { entries: [] });
  });

  test('wrong types, unknown retry decision, bad status, missing field: each at its value', () => {
    const text = [
      '{',
      '  "entries": [',
      '    { "api": "flows", "code": 12, "name": "A" },',
      '    { "api": "flows", "code": "B", "name": "B", "retry": { "decision": "maybe" } },',
      '    { "api": "flows", "code": "C", "name": "C", "statuses": [200, 700] },',
      '    { "api": "flows", "code": "D" },',
      '    { "api": "flows", "code": "E", "name": "E" }',
      '  ]',
      '}',
    ].join('\n');
    const r = parseCatalogText(text, 'x.jsonc');
    assert.deepEqual(brief(r.problems), [
      '3:31 error entries[0].code must be a string, not integer',
      '4:72 error entries[1].retry.decision: unknown value "maybe"; expected one of "yes", "no", "conditional"',
      '5:67 error entries[2].statuses[1]: 700 is not an HTTP status (100–599)',
      '6:5 error entries[3]: missing required property "name"',
    ]);
    // Entries with errors are left out; the valid one gets defaults.
    assert.deepEqual(r.catalog?.entries, [{
      api: 'flows', code: 'E', name: 'E', kind: 'graphql-code', statuses: [], category: 'Custom', errorClass: 'unknown', description: '', resolution: '', retry: { decision: 'no' },
    }]);
  });

  test('duplicate codes within a file', () => {
    const text = '{"entries": [\n{"api": "flows", "code": "A", "name": "A"},\n{"api": "flows", "code": "A", "name": "again"}\n]}';
    const r = parseCatalogText(text, 'd.jsonc');
    assert.deepEqual(brief(r.problems), ['3:26 error duplicate code "A" for api "flows" in this file']);
    assert.deepEqual(r.catalog?.entries?.map((e) => e.name), ['A']);
  });

  test('WF-looking codes must be WF_ and four digits; status codes must be statuses', () => {
    const text = JSON.stringify({
      entries: [
        { api: 'workflows', code: 'WF-1700', name: 'a' },
        { api: 'workflows', code: 'WF_170', name: 'b' },
        { api: 'workflows', kind: 'code', code: 'BAD', name: 'c' },
        { api: 'wireflow', kind: 'status', code: '600', name: 'd' },
        { api: 'wireflow', kind: 'status', code: '418', name: 'e', statuses: [400] },
        { api: 'orchestrator', kind: 'status', code: '4xx', name: 'f', statuses: [400] },
      ],
    });
    const messages = parseCatalogText(text, 'w.json').problems.map((p) => `${p.severity} ${p.message}`);
    assert.deepEqual(messages, [
      'error entries[0].code: "WF-1700" looks like a Workflows code but is not WF_ followed by four digits (e.g. WF_1103)',
      'error entries[1].code: "WF_170" looks like a Workflows code but is not WF_ followed by four digits (e.g. WF_1103)',
      'error entries[2].code: Workflows codes have the form WF_ followed by four digits (e.g. WF_1103), not "BAD"',
      'error entries[3].code: a status entry\'s code is an HTTP status (100–599) or a class such as "5xx", not "600"',
      'warning entries[4].statuses should include 418',
    ]);
  });

  test('not an object; unknown and computed properties are warnings and dropped', () => {
    assert.match(parseCatalogText('[1]', 'a.json').problems[0].message, /must be a JSON object/);
    const r = parseCatalogText('{"entries": [{"api": "flows", "code": "Z", "name": "Z", "id": "flows:Z", "colour": "red"}], "extra": true}', 'b.json');
    assert.deepEqual(r.problems.map((p) => p.severity), ['warning', 'warning', 'warning']);
    assert.match(r.problems[0].message, /"id" is computed/);
    assert.match(r.problems[1].message, /colour: unknown property/);
    assert.match(r.problems[2].message, /extra: unknown property/);
    assert.equal('colour' in r.catalog!.entries![0], false);
    assert.equal('id' in r.catalog!.entries![0], false);
  });

  test('API rules: id form, ranges, terminal states; defaults for a minimal API', () => {
    const r = parseCatalogText(JSON.stringify({
      apis: [
        { id: 'has:colon', name: 'x' },
        { id: 'ok', name: 'OK', categories: [{ name: 'A', from: 20, to: 10 }] },
        { id: 'fine', name: 'Fine', statusEnum: ['a'], terminalStatuses: ['b'] },
        { id: 'min', name: 'Minimal', retryPolicy: { strategy: 'fixed', baseDelayMs: 2000 } },
      ],
    }), 'apis.json');
    assert.deepEqual(r.problems.map((p) => p.message), [
      'apis[0].id: "has:colon" must match ^[A-Za-z0-9][A-Za-z0-9_.-]*$',
      'apis[1].categories[0]: "from" 20 is after "to" 10',
      'apis[2].terminalStatuses: "b" is not in statusEnum',
    ]);
    assert.deepEqual(r.catalog?.apis?.map((a) => a.id), ['fine', 'min']);
    const min = r.catalog!.apis![1];
    assert.deepEqual([min.description, min.fields, min.headers, min.categories], ['', [], [], []]);
    assert.deepEqual(min.retryPolicy, { strategy: 'fixed', baseDelayMs: 2000, capSeconds: 30, maxAttempts: 5, jitter: 'full', documented: false, note: undefined });
  });

  test('strict mode requires every field the types require', () => {
    const r = parseCatalogText('{"entries": [{"api": "flows", "code": "Z", "name": "Z"}]}', 's.json', { strict: true });
    assert.match(r.problems[0].message, /missing required properties "kind", "statuses", "category", "errorClass", "description", "resolution", "retry"/);
  });
});

// ---------------------------------------------------------------------------------------------------------
// mergeCatalogs
// ---------------------------------------------------------------------------------------------------------

describe('mergeCatalogs', () => {
  test('adds a GraphQL code to Flows', () => {
    const { catalog: merged, problems } = mergeCatalogs(catalog, [{
      file: 'team.jsonc',
      text: '{"entries": [{"api": "flows", "kind": "graphql-code", "code": "BAD_USER_INPUT", "name": "Bad user input", "statuses": [200], "retry": {"decision": "no"}}]}',
    }]);
    assert.deepEqual(problems, []);
    const e = merged.findCode('BAD_USER_INPUT', 'flows')!;
    assert.equal(e.source, 'team.jsonc');
    assert.equal(e.id, 'flows:BAD_USER_INPUT');
    assert.equal(e.errorClass, 'unknown');
    assert.equal(merged.entries.length, catalog.entries.length + 1);
    assert.equal(catalog.findCode('BAD_USER_INPUT'), undefined, 'the base catalog is unchanged');
  });

  test('a new WF code gets its category from the ranges', () => {
    const { catalog: merged, problems } = mergeCatalogs(catalog, [{ file: 'wf.jsonc', text: '{"entries": [{"api": "workflows", "code": "WF_1202", "name": "Schedule Paused", "statuses": [409]}]}' }]);
    assert.deepEqual(problems, []);
    const e = merged.findCode('WF_1202')!;
    assert.deepEqual([e.kind, e.category, e.errorClass, e.retry.decision], ['code', 'Schedule', 'conflict', 'no']);
    assert.equal(merged.wfCategory(1202), 'Schedule');
  });

  test('a colliding code is rejected without override, accepted with it', () => {
    const text = (override: boolean) => `{"entries": [\n  {"api": "workflows", "code": "WF_1103", "name": "Ours", "statuses": [500]${override ? ', "override": true' : ''}}\n]}`;
    const rejected = mergeCatalogs(catalog, [{ file: 'a.jsonc', text: text(false) }]);
    assert.deepEqual(brief(rejected.problems), ['2:32 error WF_1103 is a built-in workflows entry; rejected (set "override": true to replace it)']);
    assert.equal(rejected.catalog.findCode('WF_1103'), catalog.findCode('WF_1103'));

    const accepted = mergeCatalogs(catalog, [{ file: 'b.jsonc', text: text(true) }]);
    assert.deepEqual(brief(accepted.problems), ['2:32 warning overrides built-in WF_1103']);
    const e = accepted.catalog.findCode('WF_1103')!;
    assert.deepEqual([e.name, e.source], ['Ours', 'b.jsonc']);
    // It stays in place: same position, same total.
    assert.deepEqual(accepted.catalog.entries.map((x) => x.id), catalog.entries.map((x) => x.id));
  });

  test('a broken file contributes nothing; the others still merge', () => {
    const { catalog: merged, problems } = mergeCatalogs(catalog, [
      { file: 'broken.jsonc', text: '{"entries": [{"api": "flows", "code": "ONE", "name": "One"' },
      { file: 'good.jsonc', text: '{"entries": [{"api": "flows", "code": "TWO", "name": "Two"}]}' },
    ]);
    assert.ok(problems.length > 0 && problems.every((p) => p.file === 'broken.jsonc' && p.severity === 'error'));
    assert.equal(merged.findCode('ONE'), undefined);
    assert.equal(merged.findCode('TWO')?.source, 'good.jsonc');
  });

  test('later files win for the same new code, with a warning', () => {
    const { catalog: merged, problems } = mergeCatalogs(catalog, [
      { file: 'one.jsonc', text: '{"entries": [{"api": "flows", "code": "X", "name": "first"}]}' },
      { file: 'two.jsonc', text: '{"entries": [{"api": "flows", "code": "X", "name": "second"}]}' },
    ]);
    assert.deepEqual(problems.map((p) => `${p.file} ${p.severity} ${p.message}`), ['two.jsonc warning X is also defined in one.jsonc; this file wins']);
    assert.equal(merged.findCode('X', 'flows')?.name, 'second');
  });

  test('user APIs: added with defaults; built-in ids and unknown apis rejected', () => {
    const { catalog: merged, problems } = mergeCatalogs(catalog, [{
      file: 'apis.jsonc',
      text: JSON.stringify({
        apis: [{ id: 'billing', name: 'Billing API' }, { id: 'flows', name: 'Mine' }],
        entries: [{ api: 'billing', code: 'CARD_DECLINED', name: 'Card declined', statuses: [402] }, { api: 'nope', code: 'X', name: 'X' }],
      }),
    }]);
    assert.deepEqual(problems.map((p) => p.message), [
      'API "flows" is built-in and cannot be redefined; add entries with "api": "flows" instead',
      'unknown api "nope" for X; use a built-in API (workflows, wireflow, flows, orchestrator) or define it under "apis"',
    ]);
    const api = merged.api('billing')!;
    assert.deepEqual([api.source, api.retryPolicy.strategy, api.retryPolicy.maxAttempts, api.retryPolicy.documented], ['apis.jsonc', 'exponential-jitter', 5, false]);
    assert.equal(merged.api('flows')!.name, 'Flows GraphQL API');
    assert.deepEqual([merged.findCode('CARD_DECLINED')?.errorClass, merged.findCode('CARD_DECLINED')?.category], ['quota', 'Custom']);
    assert.deepEqual(merged.entriesOf('billing').map((e) => e.code), ['CARD_DECLINED']);
  });

  test('a user status entry and message are found by byStatus and byMessage', () => {
    const { catalog: merged } = mergeCatalogs(catalog, [{ file: 'w.jsonc', text: '{"entries": [{"api": "wireflow", "code": "409", "name": "Conflict", "statuses": [409], "messages": ["Execution already running: exec-42"]}]}' }]);
    assert.equal(merged.byStatus('wireflow', 409)?.source, 'w.jsonc');
    assert.equal(merged.byMessage('wireflow', 'Execution already running: exec-7')?.code, '409');
  });
});

// ---------------------------------------------------------------------------------------------------------
// Look-ups
// ---------------------------------------------------------------------------------------------------------

describe('look-ups', () => {
  test('get, findCode, api', () => {
    assert.equal(catalog.get('workflows:WF_1103')?.name, 'Platform Request Failed');
    assert.equal(catalog.findCode('WF_1103')?.id, 'workflows:WF_1103');
    assert.equal(catalog.findCode('wf_1103'), undefined, 'case-sensitive');
    assert.equal(catalog.findCode('WF_1103', 'flows'), undefined);
    assert.equal(catalog.findCode('429')?.api, 'wireflow', 'first API in catalog order');
    assert.equal(catalog.findCode('5xx', 'orchestrator')?.name, 'Server Error');
    assert.equal(catalog.findCode(''), undefined);
    assert.equal(catalog.api('nope'), undefined);
  });

  test('nearestCodes for a typo', () => {
    const near = catalog.nearestCodes('WF_1110').map((e) => e.code);
    assert.ok(near.includes('WF_1100') && near.includes('WF_1101'), near.join());
    assert.equal(catalog.findCode('WF_1010'), undefined);
    assert.equal(near.length, 3);
    assert.deepEqual(catalog.nearestCodes('WF_1301', 1).map((e) => e.code), ['WF_1300']);
    assert.ok(!catalog.nearestCodes('WF_1103').some((e) => e.code === 'WF_1103'));
    assert.deepEqual(catalog.nearestCodes('WF_9999'), []);
    assert.deepEqual(catalog.nearestCodes('no_provider_avaliable', 1).map((e) => e.code), ['no_provider_available']);
    assert.equal(editDistance('1110', '1101'), 1);
    assert.equal(editDistance('', 'abc'), 3);
  });

  test('search', () => {
    assert.equal(catalog.search('not running')[0].code, 'WF_1102');
    assert.deepEqual(catalog.search('429').slice(0, 3).map((e) => e.id), ['wireflow:429', 'flows:429', 'orchestrator:429']);
    assert.equal(catalog.search('WF_1103')[0].code, 'WF_1103');
    assert.equal(catalog.search('wf_12')[0].code, 'WF_1200');
    assert.ok(catalog.search('503').some((e) => e.id === 'orchestrator:5xx'));
    assert.equal(catalog.search('503')[0].id, 'orchestrator:5xx');
    assert.ok(catalog.search('503').some((e) => e.id === 'workflows:WF_1200'));
    assert.equal(catalog.search('Insufficient credits')[0].id, 'wireflow:402');
    assert.equal(catalog.search('DeleteWorkflow')[0].id, 'orchestrator:canceled');
    assert.equal(catalog.search('no_provider')[0].code, 'no_provider_available');
    assert.equal(catalog.search('').length, catalog.entries.length);
    assert.deepEqual(catalog.search('zzz qqq'), []);
  });

  test('search is fast enough for the command palette', () => {
    const start = performance.now();
    for (let i = 0; i < 1000; i++) catalog.search(i % 2 ? 'timeout' : 'workflow not found');
    assert.ok(performance.now() - start < 1000);
  });

  test('a catalog built directly', () => {
    const c = new Catalog([], [{ api: 'x', kind: 'status', code: '4xx', name: 'Client', statuses: [], category: 'C', errorClass: 'client', description: '', resolution: '', retry: { decision: 'no' } }]);
    assert.equal(c.byStatus('x', 418)?.id, 'x:4xx');
    assert.equal(c.byStatus('x', 503), undefined);
    assert.equal(c.wfCategory(1100), undefined);
  });
});
