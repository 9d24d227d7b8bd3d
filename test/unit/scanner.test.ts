import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { loadBuiltinCatalog } from '../../src/core/catalog/catalog';
import { errorClassOf } from '../../src/core/policy/problems';
import type { Finding } from '../../src/core/engine/finding';
import { scanText, scanTextAsync } from '../../src/core/engine/scan';
import { factLines } from '../../src/core/render/explain';
import { effectiveRetry, entryOf, summarize } from '../../src/core/render/messages';

const catalog = loadBuiltinCatalog();
const scan = (text: string): Finding[] => scanText(text, catalog);
const message = (f: Finding): string => summarize(f, catalog);
const only = (text: string): Finding => {
  const f = scan(text);
  assert.equal(f.length, 1, `expected one finding, got ${f.length}: ${f.map(message).join(' | ')}`);
  return f[0];
};
const slice = (text: string, f: Finding): string => text.slice(f.start, f.end);
/** The retry decision shown for this occurrence (a conditional entry settled by the status). */
const retry = (f: Finding): string => effectiveRetry(entryOf(catalog, f), f.status).decision;
/** The value of the fact labelled `label` (undefined when the finding has none). */
const fact = (f: Finding, label: string): unknown => f.facts.find((x) => x.label === label)?.value;
/** Every value of the facts labelled `label` (a fact read from each item of a list). */
const factsLabelled = (f: Finding, label: string): unknown[] => f.facts.filter((x) => x.label === label).map((x) => x.value);

describe('WF code literals', () => {
  test('known code in a log line maps to its entry with exact range', () => {
    const text = 'ERROR retrying after WF_1103 (attempt 2)';
    const f = only(text);
    assert.equal(f.kind, 'code');
    assert.equal(f.code, 'WF_1103');
    assert.equal(f.rule, 'workflows/WF_1103');
    assert.equal(f.entry, 'workflows:WF_1103');
    assert.equal(entryOf(catalog, f)?.name, 'Platform Request Failed');
    assert.equal(slice(text, f), 'WF_1103');
    assert.deepEqual(f.notation, ['literal']);
    assert.equal(retry(f), 'yes');
    // Messages now name the API (they are rendered by summarize, for every API alike).
    assert.equal(message(f), 'Workflows API error WF_1103 Platform Request Failed (HTTP 500 or 504). Retry with backoff.');
  });

  test('in strings and comments of code', () => {
    const text = `if (e.code === "WF_1102") { /* see WF_1100 */ }\n# python: 'WF_1201'`;
    assert.deepEqual(scan(text).map((f) => f.code), ['WF_1102', 'WF_1100', 'WF_1201']);
  });

  test('unknown well-formed code: category from its range and nearest codes', () => {
    const f = only('upstream said WF_1110');
    assert.equal(f.entry, null);
    assert.equal(f.rule, 'errcode/unknown-code');
    assert.equal(f.api, 'workflows');
    assert.equal(errorClassOf(f, catalog), 'unknown');
    assert.equal(f.category, 'Workflow');
    const near = (f.suggestions ?? []).map((id) => catalog.get(id)?.code);
    assert.ok(near.includes('WF_1100'), near.join(','));
    // Reworded with the API's name: "is not in the Workflows API catalog" (was "is not a known Workflows API code").
    assert.match(message(f), /^WF_1110 is in the Workflow range but not in the Workflows API catalog; did you mean WF_11\d\d or WF_11\d\d\?$/);
  });

  test('not inside longer tokens', () => {
    assert.deepEqual(scan('WF_12345 MY_WF_1100X WF_110 xWF_1100 WF_1100_ WF_1100a'), []);
  });

  test('status from the same line settles a multi-status code', () => {
    const f = only('status=504 code=WF_1103 deadline exceeded');
    assert.equal(f.status, 504);
  });
});

describe('Workflows bodies', () => {
  test('one line after a prefix, with status and request id on the line', () => {
    const text = '2026-11-21T09:14:03Z ERROR status=409 request_id=req_01 body={"detail": "Workflow not running", "code": "WF_1102", "status": "COMPLETED"}';
    const f = only(text);
    assert.equal(f.kind, 'body');
    assert.equal(f.api, 'workflows');
    assert.equal(f.code, 'WF_1102');
    assert.equal(f.entry, 'workflows:WF_1102');
    assert.equal(f.status, 409);
    assert.equal(fact(f, 'Current workflow status'), 'COMPLETED');
    assert.equal(fact(f, 'Request id'), 'req_01');
    assert.equal(fact(f, 'Logged at'), '2026-11-21T09:14:03Z');
    assert.ok(slice(text, f).startsWith('{"detail"') && slice(text, f).endsWith('"COMPLETED"}'));
    assert.deepEqual(f.notation, ['json']);
  });

  test('valid reset events', () => {
    const f = only('{"detail": "Invalid event ID for reset", "code": "WF_1001", "valid_reset_events": [3, 7, 12]}');
    // A `list` fact holds its items as display strings (facts are plain data of one shape per kind).
    assert.deepEqual(fact(f, 'Valid reset events'), ['3', '7', '12']);
    assert.equal(f.status, 422);
    assert.equal(retry(f), 'no');
  });

  test('5xx body: the cause is only in the server logs; status from the HTTP line before', () => {
    const text = 'ERROR platform call failed: HTTP/1.1 504 Gateway Timeout\nX-Request-Id: req_01JD\n{"detail": "An error occurred", "code": "WF_1103"}\n';
    const f = only(text);
    assert.equal(f.status, 504);
    // The old `serverSideCause` flag is now the body rule's 5xx note, carried by the finding.
    assert.ok(f.notes?.some((n) => /only in the server’s logs/.test(n)), JSON.stringify(f.notes));
    assert.equal(fact(f, 'Request id'), 'req_01JD');
    const statusMark = f.context.find((c) => c.kind === 'status');
    assert.equal(text.slice(statusMark!.start, statusMark!.end), '504');
  });

  test('a 4xx body carries no server-side note', () => {
    const f = only('status=404 {"detail": "Workflow execution not found", "code": "WF_1100"}');
    assert.equal(f.notes, undefined);
  });

  test('WF_1200 is retried only on 503', () => {
    assert.equal(retry(only('status=503 {"detail": "x", "code": "WF_1200"}')), 'yes');
    assert.equal(retry(only('status=422 {"detail": "x", "code": "WF_1200"}')), 'no');
    assert.equal(retry(only('{"detail": "x", "code": "WF_1200"}')), 'conditional');
  });

  test('pretty-printed over many lines', () => {
    const text = 'response body: {\n  "detail": "Workflow execution not found",\n  "code": "WF_1100"\n}\nnext line';
    const f = only(text);
    assert.equal(f.code, 'WF_1100');
    assert.equal(slice(text, f), '{\n  "detail": "Workflow execution not found",\n  "code": "WF_1100"\n}');
    // The notation now names the syntax first (json), then how it was laid out or wrapped.
    assert.deepEqual(f.notation, ['json', 'pretty']);
  });

  test('escaped inside a JSON-lines string field; status from the record', () => {
    const text = '{"ts":"2026-11-21T10:00:01Z","level":"error","status":404,"body":"{\\"detail\\":\\"Schedule not found\\",\\"code\\":\\"WF_1201\\"}"}';
    const f = only(text);
    assert.equal(f.code, 'WF_1201');
    assert.deepEqual(f.notation, ['json', 'escaped']);
    assert.equal(f.status, 404);
    assert.equal(slice(text, f), '{\\"detail\\":\\"Schedule not found\\",\\"code\\":\\"WF_1201\\"}');
  });

  test('escaped twice', () => {
    const text = '{"msg":"outer {\\"inner\\":\\"{\\\\\\"detail\\\\\\":\\\\\\"x\\\\\\",\\\\\\"code\\\\\\":\\\\\\"WF_1600\\\\\\"}\\"}"}';
    const f = only(text);
    assert.equal(f.code, 'WF_1600');
    assert.ok(f.notation.includes('escaped'));
    assert.ok(slice(text, f).startsWith('{\\\\\\"detail'), slice(text, f));
  });

  test('Python dict repr', () => {
    const f = only("ERROR {'detail': 'Workflow not running', 'code': 'WF_1102', 'status': 'RUNNING', 'retry': False, 'extra': None}");
    assert.equal(f.code, 'WF_1102');
    assert.ok(f.notation.includes('python'));
    assert.equal(fact(f, 'Current workflow status'), 'RUNNING');
  });

  test('truncated by the logger', () => {
    const text = 'ERROR body={"detail": "Invalid event ID for reset", "code": "WF_1001", "valid_reset_events": [3, 7\nnext record';
    const f = only(text);
    assert.equal(f.code, 'WF_1001');
    assert.ok(f.notation.includes('truncated'));
    assert.deepEqual(fact(f, 'Valid reset events'), ['3', '7']);
  });

  test('a WF literal inside a body is not reported twice', () => {
    assert.equal(scan('{"code": "WF_1100", "detail": "Workflow execution not found"}').length, 1);
  });
});

describe('Wireflow bodies', () => {
  test('credits: short by N and what each node costs', () => {
    const text = 'status=402 {"error": "Insufficient credits. Required: 10, Available: 3", "insufficientCredits": true, "requiredCredits": 10, "availableCredits": 3, "breakdown": [{ "nodeId": "node-1", "nodeLabel": "Text to Image", "credits": 10 }]}';
    const f = only(text);
    assert.equal(f.api, 'wireflow');
    assert.equal(f.code, '402');
    assert.equal(f.entry, 'wireflow:402');
    assert.equal(entryOf(catalog, f)?.name, 'Payment Required');
    assert.equal(fact(f, 'Credits'), 7);
    assert.equal(fact(f, 'Required credits'), 10);
    assert.equal(fact(f, 'Available credits'), 3);
    // The breakdown is one `Costs` fact per node, written with the catalog's template.
    assert.deepEqual(factsLabelled(f, 'Costs'), ['Text to Image (node-1): 10 credits']);
  });

  test('429 with headers on the lines before and retryAfter as UTC', () => {
    const text = 'HTTP/1.1 429 Too Many Requests\nRetry-After: 30\nX-RateLimit-Reset: 1711036800\nX-Request-Id: wf-req-88c1\n{"error": "Too many workflow executions. Please try again later.", "retryAfter": 1711036800}';
    const f = only(text);
    assert.equal(f.status, 429);
    const retryAfter = f.facts.find((x) => x.label === 'retryAfter');
    assert.deepEqual(retryAfter && { kind: retryAfter.kind, value: retryAfter.value }, { kind: 'unix-seconds', value: 1711036800 });
    // The UTC time is rendered from the fact when shown.
    assert.match(factLines(retryAfter!, Date.UTC(2024, 2, 21, 15, 56, 0))[0].text, /^Mar 21, 2024, 4:00:00 PM UTC \(in 4 minutes; Unix 1711036800\)$/);
    assert.equal(fact(f, 'Retry-After'), 30);
    assert.equal(fact(f, 'X-RateLimit-Reset'), 1711036800);
    assert.equal(fact(f, 'Request id'), 'wf-req-88c1');
    assert.equal(retry(f), 'yes');
  });

  test('status from the listed message when no status is logged', () => {
    assert.equal(only('{"error": "Invalid API key"}').status, 401);
    assert.equal(only('{ "error": "Webhook not found" }').status, 404);
  });

  test('nested in a JSON-lines record, status from the record', () => {
    const text = '{"ts":"2026-11-21T10:00:02Z","level":"error","status_code":403,"request_id":"req_A2","response":{"error":"Forbidden: Cannot resume execution you do not own"}}';
    const f = only(text);
    assert.equal(f.status, 403);
    assert.equal(fact(f, 'Request id'), 'req_A2');
    assert.equal(slice(text, f), '{"error":"Forbidden: Cannot resume execution you do not own"}');
  });

  test('truncated message still matches', () => {
    const f = only('upstream: {"error": "Too many workflow executions. Please try again lat\nmore');
    assert.ok(f.notation.includes('truncated'));
    assert.equal(f.status, 429);
  });

  test('Python repr with True', () => {
    const f = only("{'error': 'An unexpected error occurred', 'retryable': True}");
    assert.equal(f.status, 500);
    assert.ok(f.notation.includes('python'));
  });
});

describe('Flows GraphQL bodies', () => {
  test('errors array on HTTP 200', () => {
    const text = '{"data": null, "errors": [{"message": "Human-readable message", "extensions": {"code": "ERROR_CODE"}}]}';
    const f = only(text);
    assert.equal(f.api, 'flows');
    assert.equal(f.code, 'ERROR_CODE');
    assert.equal(f.status, 200);
    // One finding per GraphQL error (was one finding with a `graphqlErrors` list): the finding is the
    // error object, `body` the whole response, `item` where the error sits in it.
    assert.equal(fact(f, 'Message'), 'Human-readable message');
    assert.equal(fact(f, 'extensions.code'), 'ERROR_CODE');
    assert.equal(fact(f, 'Path'), undefined);
    assert.equal(f.item, 'errors[0]');
    assert.deepEqual(f.body, [0, text.length]);
    assert.equal(slice(text, f), '{"message": "Human-readable message", "extensions": {"code": "ERROR_CODE"}}');
  });

  test('status from the line before', () => {
    const f = only('POST /graphql returned HTTP/1.1 429\n{"errors": [{"message": "Too many requests"}]}');
    assert.equal(f.status, 429);
    assert.equal(retry(f), 'yes');
  });
});

describe('Orchestrator bodies', () => {
  test('problem+json validation body, pretty-printed', () => {
    const text = `{
  "type": "https://tools.ietf.org/html/rfc9110#section-15.5.1",
  "title": "One or more validation errors occurred.",
  "status": 400,
  "errors": {
    "steps[0].input.resolution": [
      "The value '4k' is not valid for resolution."
    ]
  }
}`;
    const f = only(text);
    assert.equal(f.api, 'orchestrator');
    assert.equal(f.status, 400);
    assert.equal(retry(f), 'no');
    assert.deepEqual(fact(f, 'Validation errors'), [['steps[0].input.resolution', ["The value '4k' is not valid for resolution."]]]);
    assert.equal(f.start, 0);
    assert.equal(f.end, text.length);
  });

  test('failed workflow payload: failing step and job reason', () => {
    const text = '{"id": "wf_01HXYZ", "status": "failed", "steps": [{"name": "0", "$type": "videoGen", "status": "failed", "jobs": [{"status": "failed", "reason": "no_provider_available", "blockedReason": null}]}]}';
    const f = only(text);
    assert.equal(f.code, 'no_provider_available');
    assert.equal(f.entry, 'orchestrator:no_provider_available');
    assert.equal(entryOf(catalog, f)?.kind, 'reason');
    // One finding per failed job (was one finding with a `failedJobs` list): the job's path is `item`,
    // its step and status are facts; a null blockedReason gives no fact.
    assert.equal(f.item, 'steps[0].jobs[0]');
    assert.deepEqual(f.body, [0, text.length]);
    assert.equal(fact(f, 'Step'), '0');
    assert.equal(fact(f, 'Step type'), 'videoGen');
    assert.equal(fact(f, 'Job status'), 'failed');
    assert.equal(fact(f, 'Reason'), 'no_provider_available');
    assert.equal(fact(f, 'Blocked because'), undefined);
  });

  test('failure without a reason is generic: retry once', () => {
    const f = only('{"id": "wf_1", "status": "failed", "steps": [{"name": "0", "status": "failed", "jobs": [{"status": "failed"}]}]}');
    assert.equal(f.code, 'failed');
    assert.equal(retry(f), 'yes');
    assert.equal(entryOf(catalog, f)?.retry.once, true);
  });

  test('expired job with reason timeout, nested in a log record', () => {
    const f = only('{"level":"warn","workflow":{"id":"wf_2","status":"expired","steps":[{"name":"0","status":"expired","jobs":[{"status":"expired","reason":"timeout"}]}]}}');
    assert.equal(f.code, 'timeout');
  });
});

test('a problem body with an undocumented status names the status once', () => {
  const f = only('{"type": "https://errors.example/validation", "title": "Données invalides", "status": 422}');
  // Deliberate change: RFC 7807 is every framework's error shape, and the Orchestrator does not
  // document 422, so nothing names this body's API (was: api 'orchestrator'). With an HTTP error
  // status it is reported as an unrecognized body that fits the Orchestrator's shape.
  assert.equal(f.rule, 'errcode/unrecognized-body');
  assert.equal(f.api, null);
  assert.equal(f.entry, null);
  assert.deepEqual(f.candidates, ['orchestrator']);
  assert.equal(f.status, 422);
  const m = message(f);
  assert.match(m, /^Unrecognized error body \(HTTP 422\): “Données invalides”\. Its shape is that of Orchestrator API errors, but nothing names its API\.$/);
  assert.equal(m.split('422').length - 1, 1, m);
});

describe('no false positives', () => {
  const negatives: Record<string, string> = {
    'config file': '{\n  "name": "app",\n  "port": 8080,\n  "title": "Settings"\n}',
    'JSON Schema': '{"$schema": "http://json-schema.org/draft-07/schema#", "title": "Catalog", "type": "object", "properties": {"status": {"type": "integer"}}}',
    'error null': '{"error": null, "result": 42}',
    'errors empty': '{"data": {"ok": true}, "errors": []}',
    'successful workflow': '{"id": "wf_3", "status": "succeeded", "steps": [{"name": "0", "status": "succeeded", "jobs": [{"status": "succeeded"}]}]}',
    'ESLint config': '{"rules": {"no-console": "error", "eqeqeq": ["error", "always"]}}',
    'log record with level error': '{"level": "error", "msg": "disk full", "error": "ENOSPC"}',
    'problem with 2xx status': '{"title": "Created", "status": 201}',
    'plain text': 'nothing to see here: error rate 0.1%, status ok',
  };
  for (const [name, text] of Object.entries(negatives)) {
    test(name, () => assert.deepEqual(scan(text).map(message), []));
  }
});

describe('mixed logs', () => {
  test('every finding has a range inside the text and findings come in order', () => {
    const text = [
      'a WF_1100 b',
      'status=401 {"error": "Invalid API key"}',
      '{"title": "Not Found", "status": 404, "detail": "no such workflow"}',
      "{'errors': [{'message': 'boom', 'extensions': {'code': 'INTERNAL'}}]}",
    ].join('\n');
    const fs = scan(text);
    assert.deepEqual(fs.map((f) => [f.api, f.code]), [
      ['workflows', 'WF_1100'],
      ['wireflow', '401'],
      ['orchestrator', '404'],
      ['flows', 'INTERNAL'],
    ]);
    for (const f of fs) assert.ok(f.start >= 0 && f.end <= text.length && f.start < f.end);
  });

  test('async scan finds the same as the sync scan', async () => {
    const text = Array.from({ length: 2000 }, (_, i) => (i % 50 === 0 ? `line ${i} status=503 {"detail": "An error occurred", "code": "WF_1200"}` : `line ${i} ok`)).join('\n');
    const sync = scan(text).map((f) => [f.start, f.end, f.code]);
    const async = (await scanTextAsync(text, catalog, { sliceMs: 1 })).map((f) => [f.start, f.end, f.code]);
    assert.deepEqual(async, sync);
    assert.equal(sync.length, 40);
  });

  test('a region scan finds only triggers in the region', () => {
    const text = 'WF_1100\nWF_1101\nWF_1102\n';
    assert.deepEqual(scanText(text, catalog, { from: 8, to: 16 }).map((f) => f.code), ['WF_1101']);
  });
});
