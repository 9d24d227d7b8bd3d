// Catalog files: a validator that reports exact positions (walking jsonc-parser's tree), and the
// merge of user catalogs over the built-in one. Loaded by the extension only when a user catalog
// exists; the CLI and the tests import it directly. Pure: no `vscode`, no Node built-ins.

// The ESM build: the package's UMD `main` hides its relative requires from bundlers.
import { parseTree, printParseErrorCode, type Node, type ParseError } from 'jsonc-parser/lib/esm/main.js';
import { Catalog, loadBuiltinCatalog, STATUS_CLASS, WF_CODE, WF_LIKE } from './catalog';
import { DEFAULT_RETRY_POLICY } from './defaults';

// Re-exported: user APIs without a retryPolicy get it.
export { DEFAULT_RETRY_POLICY };
import type {
  ApiDescription,
  CatalogEntry,
  CatalogFile,
  CatalogProblem,
  EntryKind,
  ErrorClass,
} from './types';

// ---------------------------------------------------------------------------------------------------------
// The shape of a catalog file (mirrors catalog.schema.json; a unit test keeps the two in step)
// ---------------------------------------------------------------------------------------------------------

export type Shape =
  | { type: 'string'; enum?: readonly string[]; pattern?: RegExp; minLength?: number }
  | { type: 'integer'; minimum?: number; maximum?: number }
  | { type: 'number'; minimum?: number }
  | { type: 'boolean' }
  | { type: 'array'; items: Shape }
  | ObjectShape;

export interface ObjectShape {
  type: 'object';
  /** Schema definition name, for messages and the schema agreement test. */
  name: string;
  properties: Record<string, Shape>;
  /** Required in every catalog file (the schema's `required`). */
  required: readonly string[];
  /** Also required in the built-in data (strict mode), where no defaults apply. */
  strictRequired?: readonly string[];
}

const str: Shape = { type: 'string' };
const strings: Shape = { type: 'array', items: str };
const httpStatus: Shape = { type: 'integer', minimum: 100, maximum: 599 };

export const ENTRY_KINDS: readonly EntryKind[] = ['code', 'status', 'reason', 'graphql-code', 'outcome'];
export const ERROR_CLASSES: readonly ErrorClass[] = ['client', 'auth', 'not-found', 'conflict', 'quota', 'rate-limit', 'transient', 'server', 'moderation', 'canceled', 'unknown'];

const retryPolicyShape: ObjectShape = {
  type: 'object',
  name: 'retryPolicy',
  properties: {
    strategy: { type: 'string', enum: ['exponential-jitter', 'fixed', 'none'] },
    baseDelayMs: { type: 'number', minimum: 0 },
    capSeconds: { type: 'number', minimum: 0 },
    maxAttempts: { type: 'integer', minimum: 1 },
    jitter: { type: 'string', enum: ['full', 'none'] },
    documented: { type: 'boolean' },
    note: str,
  },
  required: ['strategy'],
  strictRequired: ['baseDelayMs', 'capSeconds', 'maxAttempts', 'jitter', 'documented'],
};

const apiShape: ObjectShape = {
  type: 'object',
  name: 'api',
  properties: {
    id: { type: 'string', pattern: /^[A-Za-z0-9][A-Za-z0-9_.-]*$/ },
    name: str,
    description: str,
    bodyShape: str,
    seed: str,
    categories: {
      type: 'array',
      items: { type: 'object', name: 'category', properties: { name: str, from: { type: 'integer' }, to: { type: 'integer' }, description: str }, required: ['name'] },
    },
    fields: { type: 'array', items: { type: 'object', name: 'field', properties: { name: str, meaning: str }, required: ['name', 'meaning'] } },
    headers: {
      type: 'array',
      items: {
        type: 'object',
        name: 'header',
        properties: { name: str, meaning: str, format: { type: 'string', enum: ['relative-seconds', 'unix-seconds', 'opaque', 'http-date-or-seconds'] } },
        required: ['name', 'meaning'],
      },
    },
    retryPolicy: retryPolicyShape,
    statusEnum: strings,
    terminalStatuses: strings,
    gotchas: { type: 'array', items: { type: 'object', name: 'gotcha', properties: { title: str, text: str }, required: ['title', 'text'] } },
    notes: strings,
  },
  required: ['id', 'name'],
  strictRequired: ['description', 'bodyShape', 'categories', 'fields', 'headers', 'retryPolicy'],
};

const entryShape: ObjectShape = {
  type: 'object',
  name: 'entry',
  properties: {
    api: str,
    kind: { type: 'string', enum: ENTRY_KINDS },
    code: { type: 'string', minLength: 1 },
    name: str,
    statuses: { type: 'array', items: httpStatus },
    statusCauses: { type: 'array', items: { type: 'object', name: 'statusCause', properties: { status: httpStatus, cause: str }, required: ['status', 'cause'] } },
    category: str,
    errorClass: { type: 'string', enum: ERROR_CLASSES },
    description: str,
    resolution: str,
    retry: {
      type: 'object',
      name: 'retry',
      properties: {
        decision: { type: 'string', enum: ['yes', 'no', 'conditional'] },
        onStatuses: { type: 'array', items: httpStatus },
        condition: str,
        honorRetryAfter: { type: 'boolean' },
        maxAttempts: { type: 'integer', minimum: 1 },
        once: { type: 'boolean' },
      },
      required: ['decision'],
    },
    messages: strings,
    fields: strings,
    examples: { type: 'array', items: { type: 'object', name: 'example', properties: { title: str, body: str, status: httpStatus }, required: ['title', 'body'] } },
    aliases: strings,
    override: { type: 'boolean' },
  },
  required: ['api', 'code', 'name'],
  strictRequired: ['kind', 'statuses', 'category', 'errorClass', 'description', 'resolution', 'retry'],
};

/** The top level of a catalog file. */
export const CATALOG_FILE_SHAPE: ObjectShape = {
  type: 'object',
  name: 'catalog',
  properties: { $schema: str, apis: { type: 'array', items: apiShape }, entries: { type: 'array', items: entryShape } },
  required: [],
};

/** Entry properties a file must not set: the catalog computes them. */
const COMPUTED_PROPERTIES: Record<string, string> = {
  id: '"id" is computed from api and code; remove it',
  source: '"source" is set to the file an entry comes from; remove it',
};

// ---------------------------------------------------------------------------------------------------------
// Parsing and validation
// ---------------------------------------------------------------------------------------------------------

export interface ParseOptions {
  /** Built-in data: every field the types require must be present (no defaults). */
  strict?: boolean;
  /** Category for a WF code whose entry omits it (default: the built-in Workflows ranges). */
  inferCategory?: (n: number) => string | undefined;
}

interface Loc {
  offset: number;
  length: number;
}

interface Parsed {
  catalog?: CatalogFile;
  problems: CatalogProblem[];
  /** Where each accepted API's id and each accepted entry's code sit in the text, for merge problems. */
  locs: Map<object, Loc>;
}

/** Collects problems with 1-based line/column computed from offsets. */
class Reporter {
  readonly problems: CatalogProblem[] = [];
  private lineStarts: number[] | undefined;
  constructor(
    private readonly file: string,
    private readonly text: string,
  ) {}

  add(at: Loc, message: string, severity: 'error' | 'warning' = 'error'): void {
    const { line, column } = this.position(at.offset);
    this.problems.push({ file: this.file, line, column, offset: at.offset, length: at.length, message, severity });
  }

  get errorCount(): number {
    return this.problems.filter((p) => p.severity === 'error').length;
  }

  private position(offset: number): { line: number; column: number } {
    if (!this.lineStarts) {
      this.lineStarts = [0];
      const re = /\r\n|\r|\n/g;
      for (let m = re.exec(this.text); m; m = re.exec(this.text)) this.lineStarts.push(m.index + m[0].length);
    }
    const starts = this.lineStarts;
    let lo = 0;
    let hi = starts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (starts[mid] <= offset) lo = mid;
      else hi = mid - 1;
    }
    return { line: lo + 1, column: offset - starts[lo] + 1 };
  }
}

/**
 * Parses one catalog file (JSON with comments, trailing commas allowed) and checks it against the rules of
 * catalog.schema.json plus what a schema cannot say (duplicate codes, WF code form, statuses of status
 * entries). Every problem points at the offending value. `catalog` is absent after a syntax error or when
 * the top level is not an object; otherwise it holds the APIs and entries without errors, defaults filled
 * in (an API or entry with an error is left out as a whole).
 */
export function parseCatalogText(text: string, file: string, options: ParseOptions = {}): { catalog?: CatalogFile; problems: CatalogProblem[] } {
  const { catalog, problems } = parseInternal(text, file, options);
  return catalog ? { catalog, problems } : { problems };
}

function parseInternal(text: string, file: string, options: ParseOptions): Parsed {
  const report = new Reporter(file, text);
  const locs = new Map<object, Loc>();
  const syntax: ParseError[] = [];
  const root = parseTree(text, syntax, { allowTrailingComma: true, disallowComments: false, allowEmptyContent: false });
  for (const e of syntax) report.add({ offset: e.offset, length: e.length }, `syntax error: ${describeParseError(e)}`);
  if (syntax.length > 0) return { problems: report.problems, locs };
  if (!root || root.type !== 'object') {
    report.add(root ? loc(root) : { offset: 0, length: 0 }, 'a catalog file must be a JSON object with "apis" and/or "entries"');
    return { problems: report.problems, locs };
  }
  const strict = options.strict ?? false;
  const inferCategory = options.inferCategory ?? ((n: number) => loadBuiltinCatalog().wfCategory(n));
  const props = checkObject(root, CATALOG_FILE_SHAPE, '', report, strict, false);
  const result: CatalogFile = {};
  const schema = props.get('$schema');
  if (schema && checkValue(schema, str, '$schema', report, strict, false) === 0) result.$schema = schema.value as string;

  const apisNode = props.get('apis');
  if (apisNode && checkValue(apisNode, CATALOG_FILE_SHAPE.properties.apis, 'apis', report, strict, false) === 0) {
    result.apis = [];
    const seen = new Set<string>();
    (apisNode.children ?? []).forEach((node, i) => {
      const before = report.errorCount;
      checkValue(node, apiShape, `apis[${i}]`, report, strict, true);
      const fields = propertyNodes(node);
      const idNode = fields.get('id');
      const id = idNode?.type === 'string' ? (idNode.value as string) : undefined;
      if (id !== undefined && idNode) {
        if (seen.has(id)) report.add(loc(idNode), `duplicate API id "${id}" in this file`);
        seen.add(id);
      }
      checkApiRules(node, fields, `apis[${i}]`, report);
      if (report.errorCount > before) return;
      const api = normalizeApi(shapedValue(node, apiShape) as Partial<ApiDescription> & { id: string; name: string });
      locs.set(api, loc(idNode ?? node));
      result.apis!.push(api);
    });
  }

  const entriesNode = props.get('entries');
  if (entriesNode && checkValue(entriesNode, CATALOG_FILE_SHAPE.properties.entries, 'entries', report, strict, false) === 0) {
    result.entries = [];
    const seen = new Set<string>();
    (entriesNode.children ?? []).forEach((node, i) => {
      const before = report.errorCount;
      const path = `entries[${i}]`;
      checkValue(node, entryShape, path, report, strict, true);
      const fields = propertyNodes(node);
      const codeNode = fields.get('code');
      const apiNode = fields.get('api');
      if (codeNode?.type === 'string' && apiNode?.type === 'string') {
        const key = `${apiNode.value}:${codeNode.value}`;
        if (seen.has(key)) report.add(loc(codeNode), `duplicate code "${codeNode.value}" for api "${apiNode.value}" in this file`);
        seen.add(key);
      }
      if (node.type === 'object') checkEntryRules(fields, path, report);
      if (report.errorCount > before) return;
      const entry = normalizeEntry(shapedValue(node, entryShape) as RawEntry, inferCategory);
      locs.set(entry, loc(codeNode ?? node));
      result.entries!.push(entry);
    });
  }
  // Top-level checks ran first; report in text order.
  report.problems.sort((a, b) => a.offset - b.offset);
  return { catalog: result, problems: report.problems, locs };
}

function describeParseError(e: ParseError): string {
  const names: Record<string, string> = {
    InvalidSymbol: 'invalid symbol',
    InvalidNumberFormat: 'invalid number',
    PropertyNameExpected: 'property name expected',
    ValueExpected: 'value expected',
    ColonExpected: 'colon expected',
    CommaExpected: 'comma expected',
    CloseBraceExpected: 'closing brace expected',
    CloseBracketExpected: 'closing bracket expected',
    EndOfFileExpected: 'end of file expected',
    InvalidCommentToken: 'invalid comment',
    UnexpectedEndOfComment: 'unterminated comment',
    UnexpectedEndOfString: 'unterminated string',
    UnexpectedEndOfNumber: 'unterminated number',
    InvalidUnicode: 'invalid unicode escape',
    InvalidEscapeCharacter: 'invalid escape character',
    InvalidCharacter: 'invalid character',
  };
  const code = printParseErrorCode(e.error);
  return names[code] ?? code;
}

function loc(node: Node): Loc {
  return { offset: node.offset, length: node.length };
}

/** Property name → value node (the last one when a name repeats, as JSON.parse does). */
function propertyNodes(node: Node): Map<string, Node> {
  const map = new Map<string, Node>();
  if (node.type !== 'object') return map;
  for (const p of node.children ?? []) {
    const [key, value] = p.children ?? [];
    if (key && value) map.set(key.value as string, value);
  }
  return map;
}

/**
 * The value of a checked node, keeping only the properties its shape knows: unknown and computed properties
 * (already warned about) do not reach the catalog, and keys such as `__proto__` are never assigned.
 */
function shapedValue(node: Node, shape: Shape): unknown {
  if (shape.type === 'array') return (node.children ?? []).map((child) => shapedValue(child, shape.items));
  if (shape.type !== 'object') return node.value;
  const o: Record<string, unknown> = {};
  for (const [key, value] of propertyNodes(node)) {
    if (Object.prototype.hasOwnProperty.call(shape.properties, key)) o[key] = shapedValue(value, shape.properties[key]);
  }
  return o;
}

function typeName(node: Node): string {
  if (node.type === 'number') return Number.isInteger(node.value) ? 'integer' : 'number';
  return node.type;
}

const ARTICLE: Record<string, string> = { string: 'a string', integer: 'an integer', number: 'a number', boolean: 'true or false', array: 'an array', object: 'an object' };

/** Checks a value against a shape; returns the number of errors found. */
function checkValue(node: Node, shape: Shape, path: string, report: Reporter, strict: boolean, deep: boolean): number {
  const before = report.errorCount;
  const at = loc(node);
  const what = path || 'the catalog';
  switch (shape.type) {
    case 'string':
      if (node.type !== 'string') report.add(at, `${what} must be ${ARTICLE.string}, not ${typeName(node)}`);
      else {
        const v = node.value as string;
        if (shape.enum && !shape.enum.includes(v)) report.add(at, `${what}: unknown value "${v}"; expected one of ${shape.enum.map((x) => `"${x}"`).join(', ')}`);
        if (shape.minLength !== undefined && v.length < shape.minLength) report.add(at, `${what} must not be empty`);
        if (shape.pattern && !shape.pattern.test(v)) report.add(at, `${what}: "${v}" must match ${shape.pattern.source}`);
      }
      break;
    case 'integer':
    case 'number':
      if (node.type !== 'number' || (shape.type === 'integer' && !Number.isInteger(node.value))) {
        report.add(at, `${what} must be ${ARTICLE[shape.type]}, not ${typeName(node)}`);
      } else {
        const v = node.value as number;
        const isStatus = shape.type === 'integer' && shape.minimum === 100 && shape.maximum === 599;
        if (shape.minimum !== undefined && v < shape.minimum) report.add(at, isStatus ? `${what}: ${v} is not an HTTP status (100–599)` : `${what} must be at least ${shape.minimum}`);
        else if (shape.type === 'integer' && shape.maximum !== undefined && v > shape.maximum) report.add(at, isStatus ? `${what}: ${v} is not an HTTP status (100–599)` : `${what} must be at most ${shape.maximum}`);
      }
      break;
    case 'boolean':
      if (node.type !== 'boolean') report.add(at, `${what} must be ${ARTICLE.boolean}, not ${typeName(node)}`);
      break;
    case 'array':
      if (node.type !== 'array') report.add(at, `${what} must be ${ARTICLE.array}, not ${typeName(node)}`);
      else if (deep) (node.children ?? []).forEach((child, i) => checkValue(child, shape.items, `${path}[${i}]`, report, strict, true));
      break;
    case 'object':
      if (node.type !== 'object') report.add(at, `${what} must be ${ARTICLE.object}, not ${typeName(node)}`);
      else checkObject(node, shape, path, report, strict, deep);
      break;
  }
  return report.errorCount - before;
}

/** Required and unknown properties; with `deep`, the property values too. Returns the property value nodes. */
function checkObject(node: Node, shape: ObjectShape, path: string, report: Reporter, strict: boolean, deep: boolean): Map<string, Node> {
  const props = new Map<string, Node>();
  const prefix = path ? `${path}.` : '';
  for (const p of node.children ?? []) {
    const [keyNode, valueNode] = p.children ?? [];
    if (!keyNode || !valueNode) continue;
    const key = keyNode.value as string;
    if (props.has(key)) report.add(loc(keyNode), `${prefix}${key}: duplicate property; the last one counts`, 'warning');
    props.set(key, valueNode);
    const sub = Object.prototype.hasOwnProperty.call(shape.properties, key) ? shape.properties[key] : undefined;
    if (!sub) {
      const computed = shape === entryShape && Object.prototype.hasOwnProperty.call(COMPUTED_PROPERTIES, key) ? COMPUTED_PROPERTIES[key] : undefined;
      report.add(loc(keyNode), computed ? `${prefix}${computed}` : `${prefix}${key}: unknown property (ignored)`, 'warning');
    } else if (deep) {
      checkValue(valueNode, sub, `${prefix}${key}`, report, strict, true);
    }
  }
  const required = strict ? [...shape.required, ...(shape.strictRequired ?? [])] : shape.required;
  const missing = required.filter((r) => !props.has(r));
  if (missing.length) {
    report.add({ offset: node.offset, length: 1 }, `${path || 'the catalog'}: missing required ${missing.length > 1 ? 'properties' : 'property'} ${missing.map((m) => `"${m}"`).join(', ')}`);
  }
  return props;
}

/** API rules a JSON Schema cannot express well. */
function checkApiRules(node: Node, fields: Map<string, Node>, path: string, report: Reporter): void {
  if (node.type !== 'object') return;
  const cats = fields.get('categories');
  for (const [i, c] of (cats?.type === 'array' ? cats.children ?? [] : []).entries()) {
    const p = propertyNodes(c);
    const from = p.get('from');
    const to = p.get('to');
    if ((from === undefined) !== (to === undefined)) report.add(loc(from ?? to ?? c), `${path}.categories[${i}]: give both "from" and "to" for a range`, 'warning');
    if (from?.type === 'number' && to?.type === 'number' && (from.value as number) > (to.value as number)) {
      report.add(loc(from), `${path}.categories[${i}]: "from" ${from.value} is after "to" ${to.value}`);
    }
  }
  const statusEnum = fields.get('statusEnum');
  const terminal = fields.get('terminalStatuses');
  if (statusEnum?.type === 'array' && terminal?.type === 'array') {
    const known = new Set((statusEnum.children ?? []).map((n) => n.value));
    for (const t of terminal.children ?? []) {
      if (t.type === 'string' && !known.has(t.value)) report.add(loc(t), `${path}.terminalStatuses: "${t.value}" is not in statusEnum`, 'warning');
    }
  }
}

/** Entry rules beyond the shape: the form of codes, statuses of status entries, conditional retries, bodies. */
function checkEntryRules(fields: Map<string, Node>, path: string, report: Reporter): void {
  const codeNode = fields.get('code');
  const code = codeNode?.type === 'string' ? (codeNode.value as string) : undefined;
  const api = fields.get('api')?.value;
  const kindNode = fields.get('kind');
  const explicitKind = kindNode?.type === 'string' ? (kindNode.value as string) : undefined;
  const statusesNode = fields.get('statuses');
  const statuses = statusesNode?.type === 'array' ? (statusesNode.children ?? []).map((n) => n.value) : [];
  if (codeNode && code !== undefined && code !== '') {
    const kind = explicitKind ?? inferKind(code, typeof api === 'string' ? api : '');
    if (WF_LIKE.test(code) && !WF_CODE.test(code)) {
      report.add(loc(codeNode), `${path}.code: "${code}" looks like a Workflows code but is not WF_ followed by four digits (e.g. WF_1103)`);
    } else if (api === 'workflows' && kind === 'code' && !WF_CODE.test(code)) {
      report.add(loc(codeNode), `${path}.code: Workflows codes have the form WF_ followed by four digits (e.g. WF_1103), not "${code}"`);
    }
    if (kind === 'status') {
      const numeric = /^\d+$/.test(code);
      if (!(numeric ? Number(code) >= 100 && Number(code) <= 599 && code.length === 3 : STATUS_CLASS.test(code))) {
        report.add(loc(codeNode), `${path}.code: a status entry's code is an HTTP status (100–599) or a class such as "5xx", not "${code}"`);
      } else if (numeric && statusesNode?.type === 'array' && !statuses.includes(Number(code))) {
        report.add(loc(statusesNode), `${path}.statuses should include ${code}`, 'warning');
      }
    }
  }
  const causes = fields.get('statusCauses');
  if (causes?.type === 'array' && statusesNode?.type === 'array') {
    for (const c of causes.children ?? []) {
      const s = propertyNodes(c).get('status');
      if (s?.type === 'number' && !statuses.includes(s.value)) report.add(loc(s), `${path}.statusCauses: ${s.value} is not in statuses`, 'warning');
    }
  }
  const retry = fields.get('retry');
  if (retry?.type === 'object') {
    const r = propertyNodes(retry);
    if (r.get('decision')?.value === 'conditional' && !r.has('onStatuses') && !r.has('condition')) {
      report.add(loc(retry), `${path}.retry: a conditional retry needs "onStatuses" or "condition"`, 'warning');
    }
  }
  const examples = fields.get('examples');
  if (examples?.type === 'array') {
    (examples.children ?? []).forEach((ex, i) => {
      const body = propertyNodes(ex).get('body');
      if (body?.type !== 'string') return;
      try {
        JSON.parse(body.value as string);
      } catch {
        report.add(loc(body), `${path}.examples[${i}].body is not valid JSON`, 'warning');
      }
    });
  }
}

/** Kind of an entry that does not say: WF codes are codes, 3-digit or `5xx` codes statuses, Flows codes GraphQL codes. */
function inferKind(code: string, api: string): EntryKind {
  if (WF_CODE.test(code)) return 'code';
  if (/^[1-5](\d\d|xx)$/.test(code)) return 'status';
  if (api === 'flows') return 'graphql-code';
  return 'code';
}

function inferErrorClass(statuses: readonly number[]): ErrorClass {
  const s = statuses[0];
  if (s === undefined) return 'unknown';
  if (s === 401 || s === 403) return 'auth';
  if (s === 404) return 'not-found';
  if (s === 409) return 'conflict';
  if (s === 402) return 'quota';
  if (s === 429) return 'rate-limit';
  if (s >= 400 && s < 500) return 'client';
  if (s >= 500) return 'server';
  return 'unknown';
}

type RawEntry = Partial<Omit<CatalogEntry, 'id'>> & { api: string; code: string; name: string };

/** Fills what a user entry may leave out. Built-in entries are complete (strict mode), so nothing changes. */
function normalizeEntry(raw: RawEntry, inferCategory: (n: number) => string | undefined): Omit<CatalogEntry, 'id'> {
  const statuses = raw.statuses ?? [];
  const category = raw.category ?? ((raw.api === 'workflows' && WF_CODE.test(raw.code) ? inferCategory(Number(raw.code.slice(3))) : undefined) ?? 'Custom');
  return {
    ...raw,
    kind: raw.kind ?? inferKind(raw.code, raw.api),
    statuses,
    category,
    errorClass: raw.errorClass ?? inferErrorClass(statuses),
    description: raw.description ?? '',
    resolution: raw.resolution ?? '',
    retry: raw.retry ?? { decision: 'no' },
  };
}

function normalizeApi(raw: Partial<ApiDescription> & { id: string; name: string }): ApiDescription {
  return {
    ...raw,
    description: raw.description ?? '',
    bodyShape: raw.bodyShape ?? '',
    categories: raw.categories ?? [],
    fields: raw.fields ?? [],
    headers: raw.headers ?? [],
    // A partial policy keeps what it states; a stated strategy with default numbers is not "documented".
    retryPolicy: raw.retryPolicy ? { ...DEFAULT_RETRY_POLICY, note: undefined, ...raw.retryPolicy } : { ...DEFAULT_RETRY_POLICY },
  };
}

// ---------------------------------------------------------------------------------------------------------
// User catalogs
// ---------------------------------------------------------------------------------------------------------

/**
 * Merges user catalog files into a base catalog (normally the built-in one). Rules:
 *
 * - A file with a syntax error, or whose top level is not an object, contributes nothing; an API or entry
 *   with an error is left out while the rest of its file merges. Every file is still read.
 * - Files may add APIs. The id of a built-in API cannot be redefined (error). When two user files define
 *   the same API, the later wins (warning). Missing description, fields, headers, categories and
 *   retryPolicy get defaults (retry: exponential backoff with full jitter, 500 ms, 30 s cap, 5 attempts).
 * - Entries are keyed by api + code. The api must be built-in or defined by a user file. A new key is
 *   added. A key that exists in the base catalog is rejected (error: built-in facts come from the API
 *   documentation and stay exact) unless the entry sets `"override": true`: then it replaces the built-in
 *   entry in place (warning, so the change stays visible). For a key that an earlier user file added, the
 *   later file wins (warning).
 * - Omitted entry fields get defaults: kind from the code, category from the Workflows ranges for WF codes
 *   (else "Custom"), errorClass from the first status, retry "no", empty texts.
 * - Every merged API and entry gets `source` = its file.
 */
export function mergeCatalogs(base: Catalog, users: readonly { file: string; text: string }[]): { catalog: Catalog; problems: CatalogProblem[] } {
  const problems: CatalogProblem[] = [];
  const apis = new Map<string, ApiDescription>(base.apis.map((a) => [a.id, a]));
  const entries = new Map<string, Omit<CatalogEntry, 'id'>>(base.entries.map((e) => [e.id, e]));
  const baseApiIds = new Set(base.apis.filter((a) => a.source === undefined).map((a) => a.id));
  const baseIds = new Set(base.entries.filter((e) => e.source === undefined).map((e) => e.id));
  const inferCategory = (n: number) => base.wfCategory(n);

  for (const { file, text } of users) {
    const parsed = parseInternal(text, file, { inferCategory });
    problems.push(...parsed.problems);
    if (!parsed.catalog) continue;
    const report = new Reporter(file, text);
    const at = (o: object): Loc => parsed.locs.get(o) ?? { offset: 0, length: 0 };

    for (const api of parsed.catalog.apis ?? []) {
      if (baseApiIds.has(api.id)) {
        report.add(at(api), `API "${api.id}" is built-in and cannot be redefined; add entries with "api": "${api.id}" instead`);
        continue;
      }
      const prev = apis.get(api.id);
      if (prev?.source !== undefined) report.add(at(api), `API "${api.id}" is also defined in ${prev.source}; this file's definition wins`, 'warning');
      apis.set(api.id, { ...api, source: file });
    }

    for (const entry of parsed.catalog.entries ?? []) {
      if (!apis.has(entry.api)) {
        report.add(at(entry), `unknown api "${entry.api}" for ${entry.code}; use a built-in API (${[...baseApiIds].join(', ')}) or define it under "apis"`);
        continue;
      }
      const id = `${entry.api}:${entry.code}`;
      const prev = entries.get(id);
      if (baseIds.has(id)) {
        if (!entry.override) {
          report.add(at(entry), `${entry.code} is a built-in ${entry.api} entry; rejected (set "override": true to replace it)`);
          continue;
        }
        report.add(at(entry), `overrides built-in ${entry.code}`, 'warning');
        if (prev?.source !== undefined) report.add(at(entry), `${entry.code} is also overridden in ${prev.source}; this file wins`, 'warning');
      } else if (prev?.source !== undefined) {
        report.add(at(entry), `${entry.code} is also defined in ${prev.source}; this file wins`, 'warning');
      } else if (entry.override) {
        report.add(at(entry), `"override" has no effect: there is no built-in ${entry.api} entry ${entry.code}`, 'warning');
      }
      // Map.set keeps the position of a replaced key, so overrides stay where the built-in entry was.
      entries.set(id, { ...entry, source: file });
    }
    problems.push(...report.problems);
  }
  return { catalog: new Catalog([...apis.values()], [...entries.values()]), problems };
}
