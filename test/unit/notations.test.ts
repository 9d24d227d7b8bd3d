// Every form real output takes (issue 10, part 2): each error body of the seeds, written in each
// notation tools print it in (support/notations.ts: JSON on one line or pretty, escaped in JSON-lines,
// CloudWatch, OpenTelemetry and HAR records, Python repr/pprint/traceback, Node's inspect with and
// without colours, an AxiosError dump, a JS fixture, Ruby's Hash#inspect old and 3.4, Go's %v and %+v,
// YAML, CSV, jq -C, curl -v), must be found with the same entry, status and facts as the plain JSON
// line. Notations that lose part of the value (Go's floats, inspect's depth) are held to what they
// keep: the same entry and status.
import { strict as assert } from 'node:assert';
import { describe, test } from 'node:test';
import { loadBuiltinCatalog } from '../../src/core/catalog/catalog';
import type { Finding } from '../../src/core/engine/finding';
import { scanText } from '../../src/core/engine/scan';
import { canRender, NOTATIONS, render, type JsonValue, type NotationId } from './support/notations';

const catalog = loadBuiltinCatalog();

/** The seeds' bodies (and a few realistic variants), with the status they come with. */
const BODIES: { name: string; body: JsonValue; status: number }[] = [
  { name: 'Workflows WF_1100', body: { detail: 'Workflow execution not found', code: 'WF_1100' }, status: 404 },
  { name: 'Workflows WF_1001 with valid_reset_events', body: { detail: 'Invalid event ID for reset', code: 'WF_1001', valid_reset_events: [3, 7, 12] }, status: 422 },
  { name: 'Workflows WF_1102 with status', body: { detail: 'Workflow not running', code: 'WF_1102', status: 'COMPLETED' }, status: 409 },
  { name: 'Workflows WF_1103 on 504', body: { detail: 'An error occurred', code: 'WF_1103' }, status: 504 },
  { name: 'Wireflow 404', body: { error: 'Workflow not found' }, status: 404 },
  { name: 'Wireflow 401', body: { error: 'Invalid API key format. Expected: Bearer sk-...' }, status: 401 },
  {
    name: 'Wireflow 402 with credits',
    body: { error: 'Insufficient credits. Required: 10, Available: 3', insufficientCredits: true, requiredCredits: 10, availableCredits: 3, breakdown: [{ nodeId: 'node-1', nodeLabel: 'Text to Image', credits: 10 }] },
    status: 402,
  },
  { name: 'Wireflow 429 with retryAfter', body: { error: 'Too many workflow executions. Please try again later.', retryAfter: 1711036800 }, status: 429 },
  { name: 'Flows GraphQL error', body: { errors: [{ message: 'Human-readable message', extensions: { code: 'ERROR_CODE' } }] }, status: 200 },
  {
    name: 'Orchestrator validation problem',
    body: { type: 'https://tools.ietf.org/html/rfc9110#section-15.5.1', title: 'One or more validation errors occurred.', status: 400, errors: { 'steps[0].input.resolution': ["The value '4k' is not valid for resolution."] } },
    status: 400,
  },
  { name: 'Orchestrator 429 problem', body: { type: 'https://tools.ietf.org/html/rfc6585#section-4', title: 'Too Many Requests', status: 429, detail: 'Rate limit hit.' }, status: 429 },
  {
    name: 'Orchestrator failed workflow',
    body: { id: 'wf_01HXYZ', status: 'failed', steps: [{ name: '0', $type: 'videoGen', status: 'failed', jobs: [{ status: 'failed', reason: 'no_provider_available', blockedReason: null }] }] },
    status: 200,
  },
];

/** What a finding says, for comparison across notations. */
function essence(f: Finding): string {
  return `${f.rule} entry=${f.entry} code=${f.code} status=${f.status}`;
}

function facts(f: Finding): string[] {
  // Context facts (when it was logged, where the request id came from) differ with the wrapping.
  return f.facts.filter((x) => x.label !== 'Logged at' && x.label !== 'Request id' && x.label !== 'Retry-After').map((x) => `${x.label}=${JSON.stringify(x.value)}`);
}

/** The findings inside the body (the wrapping may hold others of its own, such as a status line). */
function findingsOf(text: string, bodyStart: number): Finding[] {
  return scanText(text, catalog).filter((f) => (f.body?.[0] ?? f.start) >= bodyStart - 2 || f.start >= bodyStart);
}

/** Notations that keep every value: facts must match the JSON line's exactly. */
const LOSSLESS = new Set<NotationId>(['json-line', 'json-pretty', 'jsonl-escaped-1', 'jsonl-escaped-2', 'cloudwatch', 'otel', 'har', 'python-repr', 'python-pprint', 'python-exception', 'js-literal', 'ruby-inspect', 'ruby-34', 'yaml', 'csv', 'jq-color', 'curl-v']);

describe('every notation gives the same findings as the plain JSON line', () => {
  for (const { name, body, status } of BODIES) {
    const base = render(body, 'json-line', { status });
    const expected = findingsOf(base.text, base.bodyStart);
    test(`${name}: the JSON line itself is found`, () => {
      assert.ok(expected.length > 0, `${name}: nothing found in ${base.text}`);
      assert.ok(expected.every((f) => f.api !== null), expected.map(essence).join('\n'));
    });
    for (const { id } of NOTATIONS) {
      if (id === 'json-line' || id === 'truncated' || !canRender(body, id)) continue;
      test(`${name} as ${id}`, () => {
        const r = render(body, id, { status });
        const found = findingsOf(r.text, r.bodyStart);
        const where = `\n--- ${id} ---\n${r.text}`;
        if (/\[Object\]|\[Array\]/.test(r.text)) {
          // Node printed part of the errors as [Object] (depth 2): what is hidden cannot be found (a
          // GraphQL code, the jobs of a step), but nothing may be put on another API.
          const apis = new Set(expected.map((f) => f.api));
          for (const f of found) assert.ok(apis.has(f.api), `${essence(f)}${where}`);
          return;
        }
        // The context a wrapping carries may settle the status of a code with several (WF_1103 on 504);
        // the entry and code must be the same everywhere.
        assert.deepEqual(found.map((f) => `${f.rule} entry=${f.entry} code=${f.code}`), expected.map((f) => `${f.rule} entry=${f.entry} code=${f.code}`), where);
        for (let i = 0; i < found.length; i++) {
          const want = expected[i].status;
          if (want !== null) assert.equal(found[i].status, want, `status of ${essence(found[i])}${where}`);
          if (LOSSLESS.has(id)) assert.deepEqual(facts(found[i]), facts(expected[i]), `facts of ${essence(found[i])}${where}`);
          assert.ok(found[i].notation.length > 0);
        }
      });
    }
  }
});
