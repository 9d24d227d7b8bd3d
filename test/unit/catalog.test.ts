// The catalog against the seed documents (expected values are written out from the seeds here), the
// validator's problems and positions, the schema's agreement with the validator, merging and look-ups.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import { BUILTIN_CATALOG_FILES, Catalog, editDistance, loadBuiltinCatalog } from '../../src/core/catalog/catalog';
import { CATALOG_FILE_SHAPE, ENTRY_KINDS, ERROR_CLASSES, mergeCatalogs, parseCatalogText, type MergeMemo, type ObjectShape, type Shape } from '../../src/core/catalog/catalogFile';
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
    for (const [code, , , category] of WF_TABLE) assert.equal(catalog.categoryOf('workflows', code), category);
    assert.equal(catalog.categoryOf('workflows', 'WF_1103'), 'Workflow');
    assert.equal(catalog.categoryOf('workflows', 'WF_1777'), undefined);
    assert.equal(catalog.categoryOf('flows', '429'), undefined, 'no ranges');
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

  test('the validator reads every key of the data: what it keeps equals the bundled data', () => {
    for (const { file, text } of BUILTIN_CATALOG_FILES) {
      const parsed = parseCatalogText(text, file, { strict: true }).catalog!;
      const data = JSON.parse(text) as { apis: unknown[]; entries: unknown[] };
      assert.deepEqual(plain(parsed.apis), data.apis, file);
      assert.deepEqual(plain(parsed.entries), data.entries, file);
    }
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

  test('the schema agrees with the validator: properties, required, enums, status range, oneOf, conditions', () => {
    const schema = JSON.parse(readFileSync(SCHEMA_PATH, 'utf8')) as JsonSchema;
    const kinds = new Set<string>();
    const compare = (s: JsonSchema, shape: ObjectShape, where: string): void => {
      assert.deepEqual(Object.keys(s.properties ?? {}).sort(), Object.keys(shape.properties).sort(), `${where}: properties`);
      assert.deepEqual([...(s.required ?? [])].sort(), [...shape.required].sort(), `${where}: required`);
      assert.equal(s.additionalProperties, false, where);
      assert.equal(s.minProperties, shape.minProperties, `${where}: minProperties`);
      // requiredUnless: { name: 'extends' } is `if extends is true … else required name`.
      const conditional = (s.allOf ?? []).filter((x) => x.else).map((x) => {
        const flags = Object.keys(x.if?.properties ?? {});
        assert.equal(flags.length, 1, where);
        assert.deepEqual(x.if?.required, flags, where);
        assert.equal(x.if!.properties![flags[0]].const, true, where);
        return x.else!.required!.map((r) => [r, flags[0]]);
      });
      assert.deepEqual(conditional.flat(), Object.entries(shape.requiredUnless ?? {}), `${where}: required unless`);
      for (const [key, sub] of Object.entries(shape.properties)) compareValue(resolve(schema, s.properties![key]), sub, `${where}.${key}`);
    };
    const compareValue = (s: JsonSchema, shape: Shape, where: string): void => {
      kinds.add(shape.type);
      if (shape.type === 'oneOf') {
        assert.equal(s.type, undefined, where);
        assert.equal(s.oneOf?.length, shape.options.length, `${where}: oneOf`);
        shape.options.forEach((o, i) => compareValue(resolve(schema, s.oneOf![i]), o, `${where}|${i}`));
        return;
      }
      if (shape.type === 'conditions') {
        assert.equal(s.type, 'object', where);
        assert.equal(s.properties, undefined, where);
        assert.equal(s.propertyNames?.pattern, shape.keyPattern.source, `${where}: propertyNames`);
        assert.equal(typeof s.additionalProperties, 'object', where);
        compareValue(resolve(schema, s.additionalProperties as JsonSchema), shape.values, `${where}{}`);
        return;
      }
      assert.equal(s.type, shape.type, where);
      if (shape.type === 'object') compare(s, shape, where);
      else if (shape.type === 'array') compareValue(resolve(schema, s.items!), shape.items, `${where}[]`);
      else if (shape.type === 'string') {
        assert.deepEqual(s.enum, shape.enum, `${where}: enum`);
        assert.equal(s.pattern, shape.pattern?.source, `${where}: pattern`);
        assert.equal(s.minLength, shape.minLength, `${where}: minLength`);
        assert.equal(s.format, shape.regex === undefined ? undefined : 'regex', `${where}: format`);
      } else if (shape.type === 'integer' || shape.type === 'number') {
        assert.equal(s.minimum, shape.minimum, `${where}: minimum`);
        if (shape.type === 'integer') assert.equal(s.maximum, shape.maximum, `${where}: maximum`);
      }
    };
    compare(schema, CATALOG_FILE_SHAPE, 'catalog');
    assert.deepEqual([...kinds].sort(), ['array', 'boolean', 'conditions', 'integer', 'null', 'number', 'object', 'oneOf', 'string'], 'every shape kind compared');
  });

  test('the schema\'s code rule for built-in APIs is their codePattern', () => {
    const schema = JSON.parse(readFileSync(SCHEMA_PATH, 'utf8')) as JsonSchema;
    const rules = (schema.definitions!.entry.allOf ?? []).filter((x) => x.if?.properties?.api?.const !== undefined);
    const fromSchema = rules.map((x) => {
      assert.equal(x.if!.properties!.kind.const, 'code');
      return [x.if!.properties!.api.const, x.then!.properties!.code.pattern];
    });
    const fromData = catalog.apis.filter((a) => a.codePattern).map((a) => [a.id, `^(?:${a.codePattern})$`]);
    assert.deepEqual(fromSchema, fromData);
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
  additionalProperties?: boolean | JsonSchema;
  propertyNames?: JsonSchema;
  minProperties?: number;
  oneOf?: JsonSchema[];
  format?: string;
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
  else?: JsonSchema;
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
  if (s.format === 'regex' && typeof value === 'string') {
    try {
      new RegExp(value);
    } catch {
      errors.push(`${path}: not a regex`);
    }
  }
  if (s.oneOf) {
    const n = s.oneOf.filter((o) => schemaErrors(value, o, root, path).length === 0).length;
    if (n !== 1) errors.push(`${path}: fits ${n} of oneOf`);
  }
  if (s.minLength !== undefined && typeof value === 'string' && value.length < s.minLength) errors.push(`${path}: too short`);
  if (typeof value === 'number' && s.minimum !== undefined && value < s.minimum) errors.push(`${path}: below minimum`);
  if (typeof value === 'number' && s.maximum !== undefined && value > s.maximum) errors.push(`${path}: above maximum`);
  if (type === 'array' && s.items) (value as unknown[]).forEach((v, i) => errors.push(...schemaErrors(v, s.items!, root, `${path}[${i}]`)));
  if (type === 'object') {
    const o = value as Record<string, unknown>;
    for (const r of s.required ?? []) if (!(r in o)) errors.push(`${path}: missing ${r}`);
    if (s.minProperties !== undefined && Object.keys(o).length < s.minProperties) errors.push(`${path}: too few properties`);
    for (const [k, v] of Object.entries(o)) {
      if (s.propertyNames) errors.push(...schemaErrors(k, s.propertyNames, root, `${path}[${JSON.stringify(k)}]`));
      if (s.properties?.[k]) errors.push(...schemaErrors(v, s.properties[k], root, `${path}.${k}`));
      else if (typeof s.additionalProperties === 'object') errors.push(...schemaErrors(v, s.additionalProperties, root, `${path}.${k}`));
      else if (s.additionalProperties === false && s.properties) errors.push(`${path}: ${k} not allowed`);
    }
  }
  for (const sub of s.allOf ?? []) {
    if (!sub.if) continue;
    const holds = schemaErrors(value, sub.if, root, path).length === 0;
    if (holds && sub.then) errors.push(...schemaErrors(value, sub.then, root, path));
    if (!holds && sub.else) errors.push(...schemaErrors(value, sub.else, root, path));
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
    const api = (x: object) => schemaErrors({ apis: [{ id: 'a', name: 'A', ...x }] }, schema, schema);
    assert.deepEqual(api({ bodies: [{ when: { error: 'string', 'a.*.b': ['x', 1, null], n: { min: 1 }, s: { pattern: '^x' } }, code: ['a', 'b'], notes: [{ statuses: ['5xx', '503'], text: 't' }] }] }), []);
    assert.ok(api({ bodies: [{ when: { s: { pattern: 'x', min: 1 } } }] }).some((e) => /when\.s: fits 0 of oneOf/.test(e)));
    assert.ok(api({ bodies: [{ when: { s: {} } }] }).some((e) => /when\.s: fits 0 of oneOf/.test(e)));
    assert.ok(api({ bodies: [{ when: { 'a..b': 'string' } }] }).some((e) => /does not match/.test(e)));
    assert.ok(api({ bodies: [{ when: { e: 'string' }, code: 3 }] }).some((e) => /code: fits 0 of oneOf/.test(e)));
    assert.ok(api({ bodies: [{ when: { e: 'string' }, notes: [{ statuses: ['6xx'], text: 't' }] }] }).some((e) => /statuses\[0\]: does not match/.test(e)));
    assert.ok(api({ codePattern: '(' }).some((e) => /codePattern: not a regex/.test(e)));
    assert.deepEqual(schemaErrors({ apis: [{ id: 'flows', extends: true }] }, schema, schema), []);
    assert.deepEqual(schemaErrors({ apis: [{ id: 'flows', extends: false }] }, schema, schema), ['$.apis[0]: missing name']);
  });
});

// ---------------------------------------------------------------------------------------------------------
// parseCatalogText: problems and positions
// ---------------------------------------------------------------------------------------------------------

function brief(problems: CatalogProblem[]): string[] {
  return problems.map((p) => `${p.line}:${p.column} ${p.severity} ${p.message}`);
}

/** `line:column` (1-based) of the first occurrence of `needle` at or after `from` in `text`. */
function pos(text: string, needle: string, from = 0): string {
  const i = text.indexOf(needle, from);
  assert.ok(i >= 0, `no ${needle} in the text`);
  const before = text.slice(0, i).split('\n');
  return `${before.length}:${before[before.length - 1].length + 1}`;
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

  test('codes of kind code must match their API\'s codePattern; status codes must be statuses', () => {
    const text = JSON.stringify({
      entries: [
        { api: 'workflows', code: 'WF-1700', name: 'a' },
        { api: 'workflows', code: 'WF_170', name: 'b' },
        { api: 'workflows', kind: 'code', code: 'BAD', name: 'c' },
        { api: 'wireflow', kind: 'status', code: '600', name: 'd' },
        { api: 'wireflow', kind: 'status', code: '418', name: 'e', statuses: [400] },
        { api: 'orchestrator', kind: 'status', code: '4xx', name: 'f', statuses: [400] },
        // Not a Workflows entry: no pattern applies (Flows has none), so its kind is Flows' entryKind.
        { api: 'flows', code: 'WF-1700', name: 'g' },
        // Another kind than code is not held to the pattern.
        { api: 'workflows', kind: 'reason', code: 'wf_paused', name: 'h' },
      ],
    }, null, 1);
    const r = parseCatalogText(text, 'w.json');
    assert.deepEqual(brief(r.problems), [
      `${pos(text, '"WF-1700"')} error entries[0].code: "WF-1700" does not match the workflows code pattern WF_\\d{4}`,
      `${pos(text, '"WF_170"')} error entries[1].code: "WF_170" does not match the workflows code pattern WF_\\d{4}`,
      `${pos(text, '"BAD"')} error entries[2].code: "BAD" does not match the workflows code pattern WF_\\d{4}`,
      `${pos(text, '"600"')} error entries[3].code: a status entry's code is an HTTP status (100–599) or a class such as "5xx", not "600"`,
      `${pos(text, '[\n    400\n   ]')} warning entries[4].statuses should include 418`,
    ]);
    // Errors leave an entry out, warnings do not.
    assert.deepEqual(r.catalog?.entries?.map((e) => [e.api, e.code, e.kind]), [
      ['wireflow', '418', 'status'],
      ['orchestrator', '4xx', 'status'],
      ['flows', 'WF-1700', 'graphql-code'],
      ['workflows', 'wf_paused', 'reason'],
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
// parseCatalogText: how an API's errors look (bodies, evidence, codePattern, entryKind, matches)
// ---------------------------------------------------------------------------------------------------------

/** Plain data (condition maps have no prototype): compare by value. */
function plain<T>(x: T): T {
  return JSON.parse(JSON.stringify(x)) as T;
}

const FULL_USER_CATALOG = `// every new key, valid
{
  "apis": [
    {
      "id": "billing",
      "name": "Billing API",
      "codePattern": "BIL-\\\\d{3}",
      "entryKind": "reason",
      "categories": [{ "name": "Cards", "from": 100, "to": 199 }],
      "bodies": [
        {
          "id": "fault",
          "when": {
            "fault.code": { "pattern": "^BIL-" },
            "fault.status": { "min": 400, "max": 599 },
            "fault.kind": ["card", "bank", 3, true, null],
            "fault.final": false, "fault.none": null, "fault.level": 2, "fault.detail": "present", "fault.trace": "absent",
          },
          "unless": { "fault.ignored": true },
          "each": "fault.items.*",
          "where": { "state": "failed" },
          "whereNot": { "^.muted": true, "*.x": "string" },
          "code": "code",
          "message": ["message", "^.message"],
          "status": ["status"],
          "implies": [{ "when": { "quota": true }, "status": 402 }],
          "defaultStatus": 400,
          "identifies": "known",
          "messageFields": "limit (?<limit>\\\\d+)",
          "facts": [
            { "path": "limit", "label": "Limit", "format": "number", "type": "number" },
            { "path": "need", "label": "Short by", "format": "difference", "minus": "have" },
            { "path": "items.*", "label": "Items", "format": "template", "template": "{name}: {cost}" },
            { "path": "^.data", "label": "Data", "format": "present", "template": "partial data" },
            { "path": "note", "label": "Note" },
          ],
          "notes": [{ "statuses": ["5xx", "503"], "text": "Retry later." }, { "text": "Always." }],
        },
        { "when": { "billingError": "string" }, "message": "billingError" },
      ],
      "evidence": {
        "hosts": ["billing.example.com"], "paths": ["/v1/charges"], "packages": ["@example/billing"], "headers": ["x-billing-id"],
        "contentTypes": ["application/vnd.billing+json"], "terms": ["BILLING_KEY"], "fields": ["billingFault"], "note": "Ours.",
      },
      "extends": false,
    },
  ],
  "entries": [
    { "api": "billing", "code": "BIL-101", "name": "Card declined", "matches": ["\\\\bcard declined\\\\b", "^declined:"] },
    { "api": "billing", "code": "insufficient_funds", "name": "Insufficient funds" },
    { "api": "billing", "code": "5xx", "name": "Server error", "statuses": [500] },
  ],
}
`;

describe('parseCatalogText: bodies, evidence, codePattern, entryKind, matches', () => {
  test('a user catalog with every new key is valid and read as written', () => {
    const r = parseCatalogText(FULL_USER_CATALOG, 'billing.jsonc');
    assert.deepEqual(r.problems, []);
    const api = r.catalog!.apis![0];
    assert.equal(api.codePattern, 'BIL-\\d{3}');
    assert.equal(api.entryKind, 'reason');
    assert.equal('extends' in api, false, '"extends": false is dropped');
    assert.equal(api.bodies!.length, 2);
    const [fault, second] = api.bodies!;
    assert.deepEqual(plain(fault.when), {
      'fault.code': { pattern: '^BIL-' },
      'fault.status': { min: 400, max: 599 },
      'fault.kind': ['card', 'bank', 3, true, null],
      'fault.final': false, 'fault.none': null, 'fault.level': 2, 'fault.detail': 'present', 'fault.trace': 'absent',
    });
    assert.equal(Object.getPrototypeOf(fault.when), null, 'condition maps have no prototype');
    assert.deepEqual(plain(fault.whereNot), { '^.muted': true, '*.x': 'string' });
    assert.deepEqual([fault.each, fault.code, fault.message, fault.status, fault.defaultStatus, fault.identifies], ['fault.items.*', 'code', ['message', '^.message'], ['status'], 400, 'known']);
    assert.deepEqual(plain(fault.implies), [{ when: { quota: true }, status: 402 }]);
    assert.equal(fault.messageFields, 'limit (?<limit>\\d+)');
    assert.deepEqual(fault.facts?.map((f) => [f.path, f.format, f.minus, f.template, f.type]), [
      ['limit', 'number', undefined, undefined, 'number'],
      ['need', 'difference', 'have', undefined, undefined],
      ['items.*', 'template', undefined, '{name}: {cost}', undefined],
      ['^.data', 'present', undefined, 'partial data', undefined],
      ['note', undefined, undefined, undefined, undefined],
    ]);
    assert.deepEqual(fault.notes, [{ statuses: ['5xx', '503'], text: 'Retry later.' }, { text: 'Always.' }]);
    assert.deepEqual([second.id, plain(second.when), second.message], [undefined, { billingError: 'string' }, 'billingError']);
    assert.deepEqual(api.evidence, {
      hosts: ['billing.example.com'], paths: ['/v1/charges'], packages: ['@example/billing'], headers: ['x-billing-id'],
      contentTypes: ['application/vnd.billing+json'], terms: ['BILLING_KEY'], fields: ['billingFault'], note: 'Ours.',
    });
    // Kinds and categories inferred from the API defined in the same file.
    assert.deepEqual(r.catalog!.entries!.map((e) => [e.code, e.kind, e.category]), [
      ['BIL-101', 'code', 'Cards'],
      ['insufficient_funds', 'reason', 'Custom'],
      ['5xx', 'status', 'Custom'],
    ]);
    assert.deepEqual(r.catalog!.entries![0].matches, ['\\bcard declined\\b', '^declined:']);

    const merged = mergeCatalogs(catalog, [{ file: 'billing.jsonc', text: FULL_USER_CATALOG }]);
    assert.deepEqual(merged.problems, []);
    assert.equal(merged.catalog.codeApi('BIL-123'), 'billing');
    assert.equal(merged.catalog.categoryOf('billing', 'BIL-150'), 'Cards');
    assert.equal(merged.catalog.byMessagePattern('billing', 'Card declined by the bank')?.code, 'BIL-101');
    assert.equal(merged.catalog.api('billing')?.source, 'billing.jsonc');
  });

  test('condition maps never touch prototypes: __proto__ and constructor are just paths', () => {
    const text = '{"apis": [{"id": "p", "name": "P", "bodies": [{"when": {"__proto__": "present", "constructor": {"min": 1}, "error": "string"}, "unless": {"__proto__.polluted": true}}]}]}';
    const r = parseCatalogText(text, 'p.json');
    assert.deepEqual(r.problems, []);
    const when = r.catalog!.apis![0].bodies![0].when;
    assert.equal(Object.getPrototypeOf(when), null);
    assert.deepEqual(Object.keys(when), ['__proto__', 'constructor', 'error']);
    assert.equal(when['__proto__'], 'present');
    assert.deepEqual(when['constructor'], { min: 1 });
    assert.equal(({} as Record<string, unknown>).polluted, undefined);
    assert.equal(Object.prototype.hasOwnProperty.call(Object.prototype, 'present'), false);
  });

  test('shapes of the new keys: each problem at its value', () => {
    const text = [
      '{ "apis": [{ "id": "a", "name": "A",',
      '  "codePattern": 7, "entryKind": "weird", "extends": "yes",',
      '  "evidence": { "hosts": "x.example", "note": 1 },',
      '  "bodies": [{',
      '    "when": { "error": "string", "a..b": "string", "": 1, "obj": { "y": 1 }, "list": ["a", {}], "range": {} },',
      '    "unless": [],',
      '    "code": 5, "message": ["m", 3], "each": ".x",',
      '    "implies": [{ "when": { "q": true } }], "defaultStatus": 700, "identifies": "maybe",',
      '    "facts": [{ "path": "x" }, { "path": "y", "label": "Y", "format": "fancy", "type": "date" }],',
      '    "notes": [{ "statuses": ["6xx", "42", "503", 503], "text": "t" }, { "statuses": ["5xx"] }]',
      '  }, 3]',
      '}],',
      '"entries": [{ "api": "a", "code": "X", "name": "X", "matches": ["ok", 1] }] }',
    ].join('\n');
    const r = parseCatalogText(text, 's.jsonc');
    const b = 'apis[0].bodies[0]';
    assert.deepEqual(brief(r.problems), [
      `${pos(text, '7')} error apis[0].codePattern must be a string, not integer`,
      `${pos(text, '"weird"')} error apis[0].entryKind: unknown value "weird"; expected one of "code", "status", "reason", "graphql-code", "outcome"`,
      `${pos(text, '"yes"')} error apis[0].extends must be true or false, not string`,
      `${pos(text, '"x.example"')} error apis[0].evidence.hosts must be an array, not string`,
      `${pos(text, '1 }')} error apis[0].evidence.note must be a string, not integer`,
      `${pos(text, '"a..b"')} error ${b}.when: "a..b" is not a dotted path such as "error.code" (no empty key)`,
      `${pos(text, '"": 1')} error ${b}.when: an empty path`,
      `${pos(text, '{ "y": 1 }')} error ${b}.when.obj must be a type name, a literal, an array of literals, {"pattern": …} or {"min": …, "max": …}; this object has none of "pattern", "min", "max"`,
      `${pos(text, '{}')} error ${b}.when.list[1] must be a string, a number, true, false or null, not object`,
      `${pos(text, '{} }')} error ${b}.when.range must be a type name, a literal, an array of literals, {"pattern": …} or {"min": …, "max": …}; this object has none of "pattern", "min", "max"`,
      `${pos(text, '[],')} error ${b}.unless must be an object of paths and conditions, not array`,
      `${pos(text, '5,')} error ${b}.code must be a path or an array of paths, not integer`,
      `${pos(text, '3]')} error ${b}.message[1] must be a string, not integer`,
      `${pos(text, '".x"')} error ${b}.each: ".x" is not a dotted path such as "error.code" (no empty key)`,
      `${pos(text, '{ "when": { "q"')} error ${b}.implies[0]: missing required property "status"`,
      `${pos(text, '700')} error ${b}.defaultStatus: 700 is not an HTTP status (100–599)`,
      `${pos(text, '"maybe"')} error ${b}.identifies: unknown value "maybe"; expected one of "shape", "known", "evidence"`,
      `${pos(text, '{ "path": "x" }')} error ${b}.facts[0]: missing required property "label"`,
      `${pos(text, '"fancy"')} error ${b}.facts[1].format: unknown value "fancy"; expected one of "text", "code", "number", "list", "map", "unix-seconds", "template", "difference", "present"`,
      `${pos(text, '"date"')} error ${b}.facts[1].type: unknown value "date"; expected one of "string", "number", "boolean", "array", "object"`,
      `${pos(text, '"6xx"')} error ${b}.notes[0].statuses[0]: "6xx" is not an HTTP status class ("1xx"–"5xx") or status (100–599)`,
      `${pos(text, '"42"')} error ${b}.notes[0].statuses[1]: "42" is not an HTTP status class ("1xx"–"5xx") or status (100–599)`,
      `${pos(text, '503]')} error ${b}.notes[0].statuses[3] must be a string, not integer`,
      `${pos(text, '{ "statuses": ["5xx"] }')} error ${b}.notes[1]: missing required property "text"`,
      `${pos(text, '3]\n}')} error apis[0].bodies[1] must be an object, not integer`,
      `${pos(text, '1] }')} error entries[0].matches[1] must be a string, not integer`,
    ]);
    // The API and the entry with errors are left out as a whole.
    assert.deepEqual(r.catalog, { apis: [], entries: [] });
  });

  test('regexes must compile and be safe: codePattern, {pattern}, messageFields, matches', () => {
    const text = [
      '{ "apis": [',
      '  { "id": "a", "name": "A", "codePattern": "A_(\\\\d" },',
      '  { "id": "b", "name": "B", "codePattern": "(b+)+" },',
      '  { "id": "c", "name": "C", "codePattern": "(?<n>C\\\\d+)" },',
      '  { "id": "d", "name": "D", "codePattern": "D?\\\\d*" },',
      '  { "id": "e", "name": "E", "bodies": [',
      '    { "when": { "error": { "pattern": "(x" }, "code": { "pattern": "[ab" } } },',
      '    { "when": { "error": "string" }, "messageFields": "Required: (\\\\d+)" },',
      '    { "when": { "error": "string" }, "messageFields": "(?<=x)y[(?<n>]" },',
      '    { "when": { "error": "string" }, "messageFields": "(a*)*(?<n>b)" },',
      '    { "when": { "error": "string" }, "messageFields": "Left: (?<left>\\\\d+)" }',
      '  ] }',
      '],',
      '"entries": [{ "api": "e", "code": "X", "name": "X", "matches": ["^ok", "(\\\\w+\\\\s?)*$", "\\\\1", "(?i)x"] }] }',
    ].join('\n');
    const r = parseCatalogText(text, 'r.jsonc');
    const e = 'apis[4].bodies';
    assert.deepEqual(brief(r.problems), [
      `${pos(text, '"A_(')} error apis[0].codePattern: invalid regular expression: Unterminated group`,
      `${pos(text, '"(b+)+"')} error apis[1].codePattern: unsafe regular expression: a repeated group that repeats inside (it can take exponential time)`,
      `${pos(text, '"(?<n>C')} error apis[2].codePattern: named groups are not allowed (the code patterns of all APIs are joined into one regex)`,
      `${pos(text, '"D?')} error apis[3].codePattern: matches the empty string; a code pattern must match a whole code such as WF_\\d{4}`,
      `${pos(text, '"(x"')} error ${e}[0].when.error.pattern: invalid regular expression: Unterminated group`,
      `${pos(text, '"[ab"')} error ${e}[0].when.code.pattern: unsafe regular expression: an unclosed character class`,
      `${pos(text, '"Required')} error ${e}[1].messageFields: has no named group; each group (?<name>…) names the field it reads`,
      `${pos(text, '"(?<=x)')} error ${e}[2].messageFields: has no named group; each group (?<name>…) names the field it reads`,
      `${pos(text, '"(a*)*')} error ${e}[3].messageFields: unsafe regular expression: a repeated group that repeats inside (it can take exponential time)`,
      `${pos(text, '"(\\\\w+')} error entries[0].matches[1]: unsafe regular expression: a repeated group that repeats inside (it can take exponential time)`,
      `${pos(text, '"\\\\1"')} error entries[0].matches[2]: unsafe regular expression: back-references are not allowed`,
      `${pos(text, '"(?i)x"')} error entries[0].matches[3]: invalid regular expression: Invalid group`,
    ]);
    assert.deepEqual(r.catalog?.apis, []);
  });

  test('body rules: an anchoring key, where without each, facts that need a partner, conditions, unique ids', () => {
    const text = [
      '{ "apis": [{ "id": "a", "name": "A", "bodies": [',
      '  { "id": "one", "when": { "*.error": "string", "^.x": "present", "gone": "absent" } },',
      '  { "id": "two", "when": {} },',
      '  { "id": "one", "when": { "error": "string" }, "where": { "s": "failed" }, "whereNot": { "t": 1 } },',
      '  { "when": { "e": "string", "r": { "min": 5, "max": 1 }, "p": { "pattern": "x", "max": 3 } }, "implies": [{ "when": { "n": { "min": 9, "max": 2 } }, "status": 402 }] },',
      '  { "when": { "e": "string" }, "facts": [',
      '    { "path": "a", "label": "A", "format": "difference" },',
      '    { "path": "b", "label": "B", "format": "template" },',
      '    { "path": "c", "label": "C", "format": "code", "minus": "d", "template": "{x}" },',
      '    { "path": "e", "label": "E", "format": "present", "template": "here" }',
      '  ] }',
      '] }] }',
    ].join('\n');
    const r = parseCatalogText(text, 'b.jsonc');
    const b = 'apis[0].bodies';
    const anchor = 'needs a path that starts with a key (not "*" or "^") and is not "absent": that key anchors the search';
    assert.deepEqual(brief(r.problems), [
      `${pos(text, '{ "*.error"')} error ${b}[0].when: ${anchor}`,
      `${pos(text, '{} }')} error ${b}[1].when: ${anchor}`,
      `${pos(text, '"one"', text.indexOf('"two"'))} error ${b}[2].id: duplicate body id "one" in this API`,
      `${pos(text, '{ "s": "failed" }')} warning ${b}[2].where has no effect without each`,
      `${pos(text, '{ "t": 1 }')} warning ${b}[2].whereNot has no effect without each`,
      `${pos(text, '5, "max": 1')} error ${b}[3].when.r: "min" 5 is above "max" 1`,
      `${pos(text, '{ "pattern": "x", "max": 3 }')} error ${b}[3].when.p: a condition is either {"pattern": …} or {"min": …, "max": …}, not both`,
      `${pos(text, '"max": 3 }')} warning ${b}[3].when.p.max: unknown property (ignored)`,
      `${pos(text, '9, "max": 2')} error ${b}[3].implies[0].when.n: "min" 9 is above "max" 2`,
      `${pos(text, '"difference"')} error ${b}[4].facts[0]: format "difference" needs "minus" (the path subtracted)`,
      `${pos(text, '"template" }')} error ${b}[4].facts[1]: format "template" needs "template" (text with {path} holes)`,
      `${pos(text, '"d"')} warning ${b}[4].facts[2].minus has no effect unless format is "difference"`,
      `${pos(text, '"{x}"')} warning ${b}[4].facts[2].template has no effect unless format is "template", "present", "number" or "difference"`,
    ]);
  });

  test('each with where is fine; a where-less each is fine', () => {
    const r = parseCatalogText(JSON.stringify({ apis: [{ id: 'a', name: 'A', bodies: [
      { when: { errors: 'array' }, each: 'errors.*' },
      { when: { jobs: 'array' }, each: 'jobs.*', where: { status: 'failed' }, whereNot: { reason: 'absent' } },
    ] }] }), 'e.json');
    assert.deepEqual(r.problems, []);
  });

  test('kind and category when an entry does not say: codePattern, status form, entryKind, then code', () => {
    const text = JSON.stringify({
      apis: [
        { id: 'pay', name: 'Pay', codePattern: 'PAY_\\d{2}', categories: [{ name: 'Cards', from: 10, to: 19 }, { name: 'Banks', from: 20, to: 29 }] },
        { id: 'gql', name: 'GQL', entryKind: 'graphql-code' },
      ],
      entries: [
        { api: 'pay', code: 'PAY_12', name: 'a' },
        { api: 'pay', code: 'PAY_25', name: 'b', category: 'Mine' },
        { api: 'pay', code: 'PAY_99', name: 'c' },
        { api: 'pay', code: '404', name: 'd' },
        { api: 'pay', code: '5xx', name: 'e' },
        { api: 'pay', code: 'PAY_1', name: 'f' },
        { api: 'pay', kind: 'reason', code: 'declined', name: 'g' },
        { api: 'gql', code: 'BAD_USER_INPUT', name: 'h' },
        { api: 'gql', code: '429', name: 'i' },
        { api: 'workflows', code: 'WF_1202', name: 'j' },
        { api: 'workflows', code: 'WF_1999', name: 'k' },
        { api: 'flows', code: 'UNAUTHENTICATED', name: 'l' },
        { api: 'orchestrator', code: 'gone', name: 'm' },
        { api: 'elsewhere', code: 'X_1', name: 'n' },
      ],
    }, null, 1);
    const r = parseCatalogText(text, 'k.json');
    assert.deepEqual(brief(r.problems), [`${pos(text, '"PAY_1"')} error entries[5].code: "PAY_1" does not match the pay code pattern PAY_\\d{2}`]);
    assert.deepEqual(r.catalog!.entries!.map((e) => `${e.api}:${e.code} ${e.kind} ${e.category}`), [
      'pay:PAY_12 code Cards',
      'pay:PAY_25 code Mine',
      'pay:PAY_99 code Custom',
      'pay:404 status Custom',
      'pay:5xx status Custom',
      'pay:declined reason Custom',
      'gql:BAD_USER_INPUT graphql-code Custom',
      'gql:429 status Custom',
      'workflows:WF_1202 code Schedule',
      'workflows:WF_1999 code Custom',
      'flows:UNAUTHENTICATED graphql-code Custom',
      'orchestrator:gone code Custom',
      'elsewhere:X_1 code Custom',
    ]);
  });

  test('an API of an earlier user file gives the kinds, patterns and categories of a later file\'s entries', () => {
    const { catalog: merged, problems } = mergeCatalogs(catalog, [
      { file: 'apis.jsonc', text: JSON.stringify({ apis: [{ id: 'pay', name: 'Pay', codePattern: 'PAY_\\d{2}', entryKind: 'reason', categories: [{ name: 'Cards', from: 10, to: 19 }] }] }) },
      { file: 'codes.jsonc', text: JSON.stringify({ entries: [{ api: 'pay', code: 'PAY_11', name: 'a' }, { api: 'pay', code: 'declined', name: 'b' }, { api: 'pay', kind: 'code', code: 'PAY-1', name: 'c' }] }) },
    ]);
    assert.deepEqual(problems.map((p) => `${p.file} ${p.message}`), ['codes.jsonc entries[2].code: "PAY-1" does not match the pay code pattern PAY_\\d{2}']);
    assert.deepEqual(merged.entriesOf('pay').map((e) => `${e.code} ${e.kind} ${e.category}`), ['PAY_11 code Cards', 'declined reason Custom']);
  });

  test('name is required unless the API extends; extends only in user catalogs, only of a built-in API', () => {
    const text = [
      '{ "apis": [',
      '  { "id": "x" },',
      '  { "id": "y", "extends": false },',
      '  { "id": "flows", "extends": true },',
      '  { "id": "billing", "extends": true }',
      '] }',
    ].join('\n');
    const r = parseCatalogText(text, 'n.jsonc');
    assert.deepEqual(brief(r.problems), [
      `${pos(text, '{ "id": "x"')} error apis[0]: missing required property "name"`,
      `${pos(text, '{ "id": "y"')} error apis[1]: missing required property "name"`,
      `${pos(text, '"billing"')} error apis[3].id: "billing" is not a built-in API; "extends": true adds bodies and evidence to one of workflows, wireflow, flows, orchestrator`,
    ]);
    assert.deepEqual(r.catalog?.apis, [{ id: 'flows', extends: true }]);
    const data = '{"apis": [{"id": "flows", "extends": true}]}';
    const strict = parseCatalogText(data, 'data.jsonc', { strict: true });
    assert.deepEqual(brief(strict.problems), [`${pos(data, 'true')} error apis[0].extends: only a user catalog can extend a built-in API`]);
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
    assert.equal(merged.categoryOf('workflows', 'WF_1202'), 'Schedule');
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
      'API "flows" is built-in and cannot be redefined; add entries with "api": "flows" instead, or set "extends": true to add bodies and evidence',
      'unknown api "nope" for X; use a built-in API (workflows, wireflow, flows, orchestrator) or define it under "apis"',
    ]);
    const api = merged.api('billing')!;
    assert.deepEqual([api.source, api.retryPolicy.strategy, api.retryPolicy.maxAttempts, api.retryPolicy.documented], ['apis.jsonc', 'exponential-jitter', 5, false]);
    assert.equal(merged.api('flows')!.name, 'Flows GraphQL API');
    assert.deepEqual([merged.findCode('CARD_DECLINED')?.errorClass, merged.findCode('CARD_DECLINED')?.category], ['quota', 'Custom']);
    assert.deepEqual(merged.entriesOf('billing').map((e) => e.code), ['CARD_DECLINED']);
  });

  test('extends: bodies appended, evidence lists joined without duplicates, other keys ignored with a warning', () => {
    const text = [
      '{ "apis": [{',
      '  "id": "flows", "extends": true,',
      '  "name": "Mine", "categories": 5, "codePattern": "(",',
      '  "bodies": [{ "id": "gateway", "when": { "gatewayError": "string" }, "message": "gatewayError", "identifies": "evidence" }],',
      '  "evidence": { "hosts": ["LAMATIC.dev", "gw.example.com"], "packages": ["@acme/flows-sdk", "@acme/flows-sdk"], "note": "Our gateway." }',
      '}],',
      '"entries": [{ "api": "flows", "code": "GATEWAY_DOWN", "name": "Gateway down", "statuses": [502] }] }',
    ].join('\n');
    const { catalog: merged, problems } = mergeCatalogs(catalog, [{ file: 'gw.jsonc', text }]);
    const ignored = 'ignored: an extending API adds only bodies and evidence';
    assert.deepEqual(brief(problems), [
      `${pos(text, '"name"')} warning apis[0].name: ${ignored}`,
      `${pos(text, '"categories"')} warning apis[0].categories: ${ignored}`,
      `${pos(text, '"codePattern"')} warning apis[0].codePattern: ${ignored}`,
    ]);
    const flows = merged.api('flows')!;
    const builtin = catalog.api('flows')!;
    assert.deepEqual(flows.bodies?.map((b) => b.id), ['graphql', 'graphql-error', 'graphql-error-located', 'gateway']);
    assert.equal(flows.bodies![0], builtin.bodies![0]);
    assert.deepEqual(flows.evidence?.hosts, ['lamatic.dev', 'gw.example.com']);
    assert.deepEqual(flows.evidence?.packages, ['lamatic', '@acme/flows-sdk']);
    assert.deepEqual(flows.evidence?.headers, builtin.evidence?.headers);
    assert.equal(flows.evidence?.note, `${builtin.evidence?.note}\nOur gateway.`);
    // Everything else is the built-in API's, which stays built-in (no source) and in its place.
    assert.deepEqual([flows.name, flows.categories, flows.codePattern, flows.entryKind, flows.source, 'extends' in flows], [builtin.name, [], undefined, 'graphql-code', undefined, false]);
    assert.deepEqual(merged.apis.map((a) => a.id), catalog.apis.map((a) => a.id));
    assert.equal(builtin.bodies!.length, 3, 'the base catalog is unchanged');
    assert.deepEqual(builtin.evidence?.hosts, ['lamatic.dev']);
    const e = merged.findCode('GATEWAY_DOWN', 'flows')!;
    assert.deepEqual([e.kind, e.source, e.errorClass], ['graphql-code', 'gw.jsonc', 'server']);
  });

  test('extends: two files add in order; a body id the API already has is a warning', () => {
    const ext = (file: string, id: string, host: string) => ({ file, text: JSON.stringify({ apis: [{ id: 'wireflow', extends: true, bodies: [{ id, when: { [`${id}Field`]: 'string' } }], evidence: { hosts: [host] } }] }) });
    const { catalog: merged, problems } = mergeCatalogs(catalog, [ext('one.jsonc', 'first', 'a.example'), ext('two.jsonc', 'error', 'b.example')]);
    assert.deepEqual(problems.map((p) => `${p.file} ${p.severity} ${p.message}`), ['two.jsonc warning body "error" is also a body of wireflow; give it an id of its own']);
    assert.equal(problems[0].offset, ext('two.jsonc', 'error', '').text.indexOf('"error"'));
    const api = merged.api('wireflow')!;
    assert.deepEqual(api.bodies?.map((b) => b.id), ['error', 'first', 'error']);
    assert.deepEqual(api.evidence?.hosts, ['wireflow.ai', 'a.example', 'b.example']);
    assert.equal(api.source, undefined);
  });

  test('extends: not of a user API, nor of an unknown one; without extends a built-in API is not redefined', () => {
    const { catalog: merged, problems } = mergeCatalogs(catalog, [
      { file: 'apis.jsonc', text: '{"apis": [{"id": "billing", "name": "Billing"}]}' },
      { file: 'more.jsonc', text: '{"apis": [{"id": "billing", "extends": true, "evidence": {"hosts": ["x.example"]}}, {"id": "nope", "extends": true}, {"id": "orchestrator", "name": "Mine", "bodies": []}]}' },
    ]);
    assert.deepEqual(problems.map((p) => `${p.file} ${p.severity} ${p.message}`), [
      'more.jsonc error apis[0].id: "billing" is not a built-in API; "extends": true adds bodies and evidence to one of workflows, wireflow, flows, orchestrator',
      'more.jsonc error apis[1].id: "nope" is not a built-in API; "extends": true adds bodies and evidence to one of workflows, wireflow, flows, orchestrator',
      'more.jsonc error API "orchestrator" is built-in and cannot be redefined; add entries with "api": "orchestrator" instead, or set "extends": true to add bodies and evidence',
    ]);
    assert.equal(merged.api('billing')?.evidence, undefined);
    assert.equal(merged.api('nope'), undefined);
    assert.equal(merged.api('orchestrator'), catalog.api('orchestrator'));
  });

  test('a user status entry and message are found by byStatus and byMessage', () => {
    const { catalog: merged } = mergeCatalogs(catalog, [{ file: 'w.jsonc', text: '{"entries": [{"api": "wireflow", "code": "409", "name": "Conflict", "statuses": [409], "messages": ["Execution already running: exec-42"]}]}' }]);
    assert.equal(merged.byStatus('wireflow', 409)?.source, 'w.jsonc');
    assert.equal(merged.byMessage('wireflow', 'Execution already running: exec-7')?.code, '409');
  });

  // The editor: a file being typed in keeps its last good version in use, and only the problems of
  // the text the user sees are reported, at their offsets in it.
  const good = '{"entries": [{"api": "workflows", "code": "WF_1995", "name": "Good", "statuses": [409], "override": true}]}';
  const broken = '// edited\n{"entries": [{"api": "workflows", "code": "WF_1996", "name": "Half"';

  test('a text with errors merges its last good version, and reports only its own problems', () => {
    const { catalog: merged, problems, broken: files } = mergeCatalogs(catalog, [{ file: 'u.jsonc', text: broken, lastGood: good }]);
    assert.ok(merged.findCode('WF_1995', 'workflows'), 'the last good version is in use');
    assert.equal(merged.findCode('WF_1996', 'workflows'), undefined);
    assert.deepEqual(files, ['u.jsonc']);
    assert.deepEqual(problems, parseCatalogText(broken, 'u.jsonc').problems, 'the broken text\'s problems, not the good version\'s "override" warning');
    // Good again: its own merge warning is back.
    const fixed = mergeCatalogs(catalog, [{ file: 'u.jsonc', text: good, lastGood: good }]);
    assert.deepEqual(fixed.broken, []);
    assert.deepEqual(fixed.problems.map((p) => p.message), ['"override" has no effect: there is no built-in workflows entry WF_1995']);
    // No good version yet: nothing of it; without lastGood (the CLI): what has no errors.
    assert.equal(mergeCatalogs(catalog, [{ file: 'u.jsonc', text: broken, lastGood: null }]).catalog.entries.length, catalog.entries.length);
  });

  test('with a memo, a text is parsed again only when it or a text before it changed', () => {
    const a = '{"apis": [{"id": "billing", "name": "Billing"}], "entries": [{"api": "billing", "code": "B1", "name": "One"}]}';
    const b = '{"entries": [{"api": "billing", "code": "B2", "name": "Two"}]}';
    const memo: MergeMemo = { parses: 0 };
    const merge = (x: string, y: string) => mergeCatalogs(catalog, [{ file: 'a.jsonc', text: x, lastGood: null }, { file: 'b.jsonc', text: y, lastGood: null }], memo);
    merge(a, b);
    assert.equal(memo.parses, 2);
    const again = merge(a, b);
    assert.equal(memo.parses, 2, 'nothing changed: nothing parsed');
    assert.equal(again.catalog.findCode('B2', 'billing')?.name, 'Two');
    merge(a, b.replace('Two', 'Deux'));
    assert.equal(memo.parses, 3, 'b changed: b parsed');
    const renamed = merge(a.replace('"Billing"', '"Invoices"'), b.replace('Two', 'Deux'));
    assert.equal(memo.parses, 5, 'a changed: a parsed, and b, whose API is defined in a');
    assert.equal(renamed.catalog.api('billing')?.name, 'Invoices');
    // A broken a merges its last good version; b is checked against the same APIs as before.
    const withBroken = mergeCatalogs(catalog, [{ file: 'a.jsonc', text: '{', lastGood: a.replace('"Billing"', '"Invoices"') }, { file: 'b.jsonc', text: b.replace('Two', 'Deux'), lastGood: null }], memo);
    assert.equal(memo.parses, 6, 'only the broken text is new');
    assert.equal(withBroken.catalog.findCode('B2', 'billing')?.name, 'Deux');
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

  test('nearestCodes: likely typos only (one edit or one transposition away), none outside every range', () => {
    // WF_1101 is one transposition away, WF_1100 one edit; nearest number first.
    assert.deepEqual(catalog.nearestCodes('WF_1110').map((e) => e.code), ['WF_1101', 'WF_1100']);
    assert.equal(catalog.findCode('WF_1010'), undefined);
    assert.deepEqual(catalog.nearestCodes('WF_1301', 1).map((e) => e.code), ['WF_1300']);
    assert.ok(!catalog.nearestCodes('WF_1103').some((e) => e.code === 'WF_1103'));
    assert.deepEqual(catalog.nearestCodes('WF_1199'), [], 'two edits from any code');
    assert.deepEqual(catalog.nearestCodes('WF_2100'), [], 'past every range: a newer code, not a typo');
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
    assert.equal(c.categoryOf('x', 'WF_1100'), undefined);
  });
});
