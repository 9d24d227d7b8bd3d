// The error bodies the seeds document (seeds 000–004), the values that replace their fields, and how
// to replace them: the material of the totality test and of the renderers' property tests.
import type { JsonValue } from './notations';

export interface Shape {
  name: string;
  /** The HTTP status documented with it (printed around the body where the notation has one). */
  status: number;
  body: JsonValue;
}

export const SHAPES: readonly Shape[] = [
  { name: 'workflows 404', status: 404, body: { detail: 'Workflow execution not found', code: 'WF_1100' } },
  { name: 'workflows 5xx', status: 500, body: { detail: 'An error occurred', code: 'WF_1103' } },
  { name: 'workflows reset', status: 422, body: { detail: 'Invalid event ID for reset', code: 'WF_1001', valid_reset_events: [3, 7, 12] } },
  { name: 'workflows not running', status: 409, body: { detail: 'Workflow not running', code: 'WF_1102', status: 'COMPLETED' } },
  { name: 'wireflow 401', status: 401, body: { error: 'Invalid API key' } },
  {
    name: 'wireflow credits',
    status: 402,
    body: {
      error: 'Insufficient credits. Required: 10, Available: 3',
      insufficientCredits: true,
      requiredCredits: 10,
      availableCredits: 3,
      breakdown: [{ nodeId: 'node-1', nodeLabel: 'Text to Image', credits: 10 }],
    },
  },
  { name: 'wireflow rate limit', status: 429, body: { error: 'Too many workflow executions. Please try again later.', retryAfter: 1711036800 } },
  {
    name: 'flows graphql',
    status: 200,
    body: { errors: [{ message: 'Human-readable message', extensions: { code: 'ERROR_CODE' }, path: ['createRun', 'input'] }], data: null },
  },
  {
    name: 'orchestrator problem',
    status: 400,
    body: {
      type: 'https://tools.ietf.org/html/rfc9110#section-15.5.1',
      title: 'One or more validation errors occurred.',
      status: 400,
      detail: 'The request body failed validation.',
      errors: { 'steps[0].input.resolution': ["The value '4k' is not valid for resolution."] },
      instance: '/v2/consumer/workflows/wf_01HXYZ',
    },
  },
  {
    name: 'orchestrator workflow',
    status: 200,
    body: {
      id: 'wf_01HXYZ',
      status: 'failed',
      steps: [{ name: '0', $type: 'videoGen', status: 'failed', jobs: [{ status: 'failed', reason: 'no_provider_available', blockedReason: null }] }],
    },
  },
];

export interface Replacement {
  label: string;
  value: JsonValue;
}

export const CONTROL_CHARS = 'a\u0000b\u0001c\u0007\b\t\n\v\f\r\u001b[31m\u007f\u0085\u00a0\u00ad\u2028\u2029\ufeff\udfff\ud800 \ud83d\ude00"\'\\#{x}';

export const LONG_LABEL = '10,000-character string';

export const REPLACEMENTS: readonly Replacement[] = [
  { label: 'null', value: null },
  { label: 'true', value: true },
  { label: 'false', value: false },
  { label: '0', value: 0 },
  { label: '-1', value: -1 },
  { label: '1.5', value: 1.5 },
  { label: '1e308', value: 1e308 },
  { label: '-1e308', value: -1e308 },
  // 2^53 + 1: JavaScript (and every float64 decoder) reads it as 2^53.
  { label: '9007199254740993', value: 9007199254740993 }, // eslint-disable-line no-loss-of-precision -- the point of this value
  { label: '"1e999"', value: '1e999' },
  { label: '"-1e999"', value: '-1e999' },
  { label: '""', value: '' },
  { label: LONG_LABEL, value: 'Insufficient credits. '.repeat(455).slice(0, 10_000) },
  { label: 'control characters and U+2028', value: CONTROL_CHARS },
  { label: 'array of objects', value: [{ a: 1 }, { message: 'boom', code: 'WF_1103', path: [{ a: 1 }] }, {}] },
  { label: '[[[]]]', value: [[[]]] },
  // JSON.parse makes `__proto__` an own key, as a JSON decoder does.
  { label: 'object with prototype keys', value: JSON.parse('{"toString":"x","valueOf":1,"__proto__":{"polluted":true},"constructor":"c","hasOwnProperty":false}') },
  { label: '{}', value: {} },
  { label: '[]', value: [] },
  { label: '"WF_9999"', value: 'WF_9999' },
];

export type Path = readonly (string | number)[];

/** Every property at any depth, and the first item of every array. */
export function fieldPaths(v: JsonValue, prefix: Path = []): Path[] {
  if (Array.isArray(v)) return v.length ? [[...prefix, 0], ...fieldPaths(v[0], [...prefix, 0])] : [];
  if (v === null || typeof v !== 'object') return [];
  return Object.keys(v).flatMap((k) => [[...prefix, k], ...fieldPaths(v[k], [...prefix, k])]);
}

export function pathLabel(p: Path): string {
  return p.map((s, i) => (typeof s === 'number' ? `[${s}]` : /^[A-Za-z_$][\w$]*$/.test(s) ? (i ? '.' : '') + s : `[${JSON.stringify(s)}]`)).join('');
}

export function clone(v: JsonValue): JsonValue {
  return JSON.parse(JSON.stringify(v)) as JsonValue;
}

/** `body` with the value at `p` replaced; undefined when an earlier replacement removed the path. */
export function replaced(body: JsonValue, p: Path, value: JsonValue): JsonValue | undefined {
  const out = clone(body);
  let node: JsonValue = out;
  for (let i = 0; i < p.length - 1; i++) {
    if (node === null || typeof node !== 'object') return undefined;
    const next: JsonValue | undefined = (node as Record<string | number, JsonValue>)[p[i]];
    if (next === undefined || !Object.prototype.hasOwnProperty.call(node, p[i])) return undefined;
    node = next;
  }
  if (node === null || typeof node !== 'object' || !Object.prototype.hasOwnProperty.call(node, p[p.length - 1])) return undefined;
  Object.defineProperty(node, p[p.length - 1], { value, enumerable: true, writable: true, configurable: true });
  return out;
}
