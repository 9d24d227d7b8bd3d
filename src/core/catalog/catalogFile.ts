// Catalog files: a validator that reports exact positions (walking jsonc-parser's tree), and the
// merge of user catalogs over the built-in one. Loaded by the extension only when a user catalog
// exists; the CLI and the tests import it directly. Pure: no `vscode`, no Node built-ins.

// The ESM build: the package's UMD `main` hides its relative requires from bundlers.
import { parseTree, printParseErrorCode, type Node, type ParseError } from 'jsonc-parser/lib/esm/main.js';
import { Catalog, loadBuiltinCatalog, STATUS_CLASS } from './catalog';
import { DEFAULT_RETRY_POLICY } from './defaults';
import * as l10n from '@vscode/l10n';
import { pluralOf } from '../render/locale';
import { unsafeRegexReason } from './safeRegex';

// Re-exported: user APIs without a retryPolicy get it.
export { DEFAULT_RETRY_POLICY };
// Re-exported: the desktop extension loads this file as a bundle of its own (dist/catalog-file.js),
// with its own copy of the display language, which it must set as well for problems in that language.
export { setDisplayLanguage } from '../render/locale';
import type {
  ApiDescription,
  BodyRule,
  CatalogEntry,
  CatalogFile,
  CatalogProblem,
  EntryKind,
  ErrorClass,
  Evidence,
  FactFormat,
} from './types';

// ---------------------------------------------------------------------------------------------------------
// The shape of a catalog file (mirrors catalog.schema.json; a unit test keeps the two in step)
// ---------------------------------------------------------------------------------------------------------

export type Shape =
  | StringShape
  | { type: 'integer'; minimum?: number; maximum?: number }
  | { type: 'number'; minimum?: number }
  | { type: 'boolean' }
  | { type: 'null' }
  | { type: 'array'; items: Shape }
  | ObjectShape
  | OneOfShape
  | ConditionsShape;

export interface StringShape {
  type: 'string';
  enum?: readonly string[];
  pattern?: RegExp;
  /** What `pattern` stands for, in words (`a dotted path such as "error.code"`), in the display language: the message says it. */
  patternHint?: () => string;
  minLength?: number;
  /** The string is a regular expression, compiled with these flags and refused when unsafe (schema: `"format": "regex"`). */
  regex?: string;
}

export interface ObjectShape {
  type: 'object';
  /** Schema definition name, for messages and the schema agreement test. */
  name: string;
  properties: Record<string, Shape>;
  /** Required in every catalog file (the schema's `required`). */
  required: readonly string[];
  /** Required unless the named boolean property is true (`name` unless `extends`; the schema's `if`/`else`). */
  requiredUnless?: Readonly<Record<string, string>>;
  /** Also required in the built-in data (strict mode), where no defaults apply. */
  strictRequired?: readonly string[];
  /** At least this many of its properties (`{ "min", "max" }` needs one). */
  minProperties?: number;
}

/**
 * One of several shapes (the schema's `oneOf`), chosen by the value's JSON type; between object shapes,
 * the one that knows most of the value's keys.
 */
export interface OneOfShape {
  type: 'oneOf';
  options: readonly Shape[];
  /** For the message when no option fits: `a path or an array of paths`. */
  expected: () => string;
}

/**
 * An object whose keys are data (dotted paths) and whose values share one shape: the conditions of a body
 * rule. Read into an object without a prototype, so a key such as `__proto__` is just a key.
 */
export interface ConditionsShape {
  type: 'conditions';
  /** Schema definition name. */
  name: string;
  /** Every key must match (the schema's `propertyNames`). */
  keyPattern: RegExp;
  keyHint: () => string;
  /** The shape of every value (the schema's `additionalProperties`). */
  values: Shape;
}

const str: Shape = { type: 'string' };
const strings: Shape = { type: 'array', items: str };
const httpStatus: Shape = { type: 'integer', minimum: 100, maximum: 599 };
const regex: Shape = { type: 'string', regex: '' };

/** A dotted path from an object: keys, `*` (every item of an array) and `^` (the enclosing object). */
export const DOTTED_PATH = /^[^.]+(?:\.[^.]+)*$/;
const PATH_HINT = (): string => l10n.t('a dotted path such as "error.code" (no empty key)');
const path: Shape = { type: 'string', pattern: DOTTED_PATH, patternHint: PATH_HINT };
const pathOrPaths: OneOfShape = { type: 'oneOf', options: [path, { type: 'array', items: path }], expected: () => l10n.t('a path or an array of paths') };

export const ENTRY_KINDS: readonly EntryKind[] = ['code', 'status', 'reason', 'graphql-code', 'outcome'];
export const ERROR_CLASSES: readonly ErrorClass[] = ['client', 'auth', 'not-found', 'conflict', 'quota', 'rate-limit', 'transient', 'server', 'moderation', 'canceled', 'unknown'];
export const FACT_FORMATS: readonly FactFormat[] = ['text', 'code', 'number', 'list', 'map', 'unix-seconds', 'template', 'difference', 'present'];
export const VALUE_TYPES = ['string', 'number', 'boolean', 'array', 'object'] as const;

const literal: OneOfShape = {
  type: 'oneOf',
  options: [str, { type: 'number' }, { type: 'boolean' }, { type: 'null' }],
  expected: () => l10n.t('a string, a number, true, false or null'),
};

const patternCondition: ObjectShape = { type: 'object', name: 'patternCondition', properties: { pattern: regex }, required: ['pattern'] };
const rangeCondition: ObjectShape = { type: 'object', name: 'rangeCondition', properties: { min: { type: 'number' }, max: { type: 'number' } }, required: [], minProperties: 1 };

const condition: OneOfShape = {
  type: 'oneOf',
  options: [str, { type: 'number' }, { type: 'boolean' }, { type: 'null' }, { type: 'array', items: literal }, patternCondition, rangeCondition],
  expected: () => l10n.t('a type name, a literal, an array of literals, {"pattern": …} or {"min": …, "max": …}'),
};

const conditions: ConditionsShape = { type: 'conditions', name: 'conditions', keyPattern: DOTTED_PATH, keyHint: PATH_HINT, values: condition };

const factShape: ObjectShape = {
  type: 'object',
  name: 'fact',
  properties: {
    path,
    label: str,
    format: { type: 'string', enum: FACT_FORMATS },
    template: str,
    minus: path,
    type: { type: 'string', enum: VALUE_TYPES },
  },
  required: ['path', 'label'],
};

/** `5xx`-style classes or 3-digit statuses. */
const STATUS_OR_CLASS = /^(?:[1-5]xx|[1-5][0-9]{2})$/;

const ruleNoteShape: ObjectShape = {
  type: 'object',
  name: 'ruleNote',
  properties: {
    statuses: { type: 'array', items: { type: 'string', pattern: STATUS_OR_CLASS, patternHint: () => l10n.t('an HTTP status class ("1xx"–"5xx") or status (100–599)') } },
    text: str,
  },
  required: ['text'],
};

const bodyRuleShape: ObjectShape = {
  type: 'object',
  name: 'bodyRule',
  properties: {
    id: str,
    when: conditions,
    unless: conditions,
    each: path,
    where: conditions,
    whereNot: conditions,
    code: pathOrPaths,
    message: pathOrPaths,
    status: pathOrPaths,
    implies: { type: 'array', items: { type: 'object', name: 'implication', properties: { when: conditions, status: httpStatus }, required: ['when', 'status'] } },
    defaultStatus: httpStatus,
    identifies: { type: 'string', enum: ['shape', 'known', 'evidence'] },
    messageFields: regex,
    facts: { type: 'array', items: factShape },
    notes: { type: 'array', items: ruleNoteShape },
  },
  required: ['when'],
};

const evidenceShape: ObjectShape = {
  type: 'object',
  name: 'evidence',
  properties: { hosts: strings, paths: strings, packages: strings, headers: strings, contentTypes: strings, terms: strings, fields: strings, note: str },
  required: [],
};

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
    codePattern: regex,
    entryKind: { type: 'string', enum: ENTRY_KINDS },
    bodies: { type: 'array', items: bodyRuleShape },
    evidence: evidenceShape,
    extends: { type: 'boolean' },
  },
  required: ['id'],
  requiredUnless: { name: 'extends' },
  strictRequired: ['description', 'bodyShape', 'categories', 'fields', 'headers', 'retryPolicy'],
};

/** What an extending API (`"extends": true`) may set; anything else it sets is ignored. */
const EXTENDING_KEYS: ReadonlySet<string> = new Set(['id', 'extends', 'bodies', 'evidence']);

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
        minDelaySeconds: { type: 'number', minimum: 0 },
        minDelayDocumented: { type: 'boolean' },
        outcome: { type: 'string', enum: ['reconcile', 'already-done'] },
      },
      required: ['decision'],
    },
    messages: strings,
    fields: strings,
    examples: { type: 'array', items: { type: 'object', name: 'example', properties: { title: str, body: str, status: httpStatus }, required: ['title', 'body'] } },
    aliases: strings,
    matches: { type: 'array', items: { type: 'string', regex: 'i' } },
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
const COMPUTED_PROPERTIES: Record<string, (prefix: string) => string> = {
  id: (prefix) => l10n.t('{prefix}"id" is computed from api and code; remove it', { prefix }),
  source: (prefix) => l10n.t('{prefix}"source" is set to the file an entry comes from; remove it', { prefix }),
};

// ---------------------------------------------------------------------------------------------------------
// Parsing and validation
// ---------------------------------------------------------------------------------------------------------

export interface ParseOptions {
  /** Built-in data: every field the types require must be present (no defaults), and nothing extends. */
  strict?: boolean;
  /**
   * The APIs outside this file (the catalog user files merge into, and the APIs of earlier user files):
   * the code pattern, entry kind and code ranges of an entry's API fill in what the entry leaves out,
   * and an extending API must name one of them that no user file defined. Default: the built-in catalog.
   */
  known?: Catalog;
}

interface Loc {
  offset: number;
  length: number;
}

interface Parsed {
  catalog?: CatalogFile;
  problems: CatalogProblem[];
  /** Where each accepted API's id, entry's code and body rule's id sit in the text, for merge problems. */
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
 * catalog.schema.json plus what a schema cannot say (duplicate codes, codes against their API's code
 * pattern, statuses of status entries, safe regexes, anchored body rules). Every problem points at the
 * offending value. `catalog` is absent after a syntax error or when the top level is not an object;
 * otherwise it holds the APIs and entries without errors, defaults filled in (an API or entry with an
 * error is left out as a whole). An extending API (`"extends": true`) keeps only its id, `extends`,
 * `bodies` and `evidence`: mergeCatalogs adds those to the built-in API.
 */
export function parseCatalogText(text: string, file: string, options: ParseOptions = {}): { catalog?: CatalogFile; problems: CatalogProblem[] } {
  const { catalog, problems } = parseInternal(text, file, options);
  return catalog ? { catalog, problems } : { problems };
}

/** What an entry's kind, code and category are checked against: its API and the catalog that has it. */
interface EntryApi {
  api: ApiDescription;
  /** The API's code pattern, anchored (absent when it has none or it does not compile). */
  whole?: RegExp;
  categoryOf(code: string): string | undefined;
}

function parseInternal(text: string, file: string, options: ParseOptions): Parsed {
  const report = new Reporter(file, text);
  const locs = new Map<object, Loc>();
  const syntax: ParseError[] = [];
  const root = parseTree(text, syntax, { allowTrailingComma: true, disallowComments: false, allowEmptyContent: false });
  for (const e of syntax) report.add({ offset: e.offset, length: e.length }, describeParseError(e));
  if (syntax.length > 0) return { problems: report.problems, locs };
  if (!root || root.type !== 'object') {
    report.add(root ? loc(root) : { offset: 0, length: 0 }, l10n.t('a catalog file must be a JSON object with "apis" and/or "entries"'));
    return { problems: report.problems, locs };
  }
  const strict = options.strict ?? false;
  const known = options.known ?? loadBuiltinCatalog();
  const extendable = known.apis.filter((a) => a.source === undefined).map((a) => a.id);
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
      const path = `apis[${i}]`;
      const fields = propertyNodes(node);
      const extending = node.type === 'object' && fields.get('extends')?.value === true;
      if (extending) checkExtendingApi(node, fields, path, report, strict);
      else checkValue(node, apiShape, path, report, strict, true);
      const idNode = fields.get('id');
      const id = idNode?.type === 'string' ? (idNode.value as string) : undefined;
      if (id !== undefined && idNode) {
        if (seen.has(id)) report.add(loc(idNode), l10n.t('duplicate API id "{id}" in this file', { id }));
        seen.add(id);
        if (extending && !strict && !extendable.includes(id)) {
          report.add(loc(idNode), l10n.t('{path}: "{id}" is not a built-in API; "extends": true adds bodies and evidence to one of {apis}', { path: `${path}.id`, id, apis: extendable.join(', ') }));
        }
      }
      // The properties an extending API sets in vain are only warned about, never checked.
      if (node.type === 'object') checkApiRules(extending ? new Map([...fields].filter(([k]) => EXTENDING_KEYS.has(k))) : fields, path, report);
      if (report.errorCount > before) return;
      const shaped = shapedValue(node, apiShape) as Partial<ApiDescription> & { id: string; name: string };
      const api = extending ? extendingApi(shaped) : normalizeApi(shaped);
      locs.set(api, loc(idNode ?? node));
      const bodyNodes = fields.get('bodies')?.children ?? [];
      (api.bodies ?? []).forEach((b, j) => {
        const bodyId = bodyNodes[j] ? propertyNodes(bodyNodes[j]).get('id') : undefined;
        if (bodyNodes[j]) locs.set(b, loc(bodyId ?? bodyNodes[j]));
      });
      result.apis!.push(api);
    });
  }

  // The APIs entries may belong to: this file's own (not the extending ones), then the known ones.
  const own = new Catalog((result.apis ?? []).filter((a) => !a.extends), []);
  const entryApi = (id: string): EntryApi | undefined => {
    for (const c of [own, known]) {
      const api = c.api(id);
      if (api) return { api, whole: c.codePatterns.find((p) => p.api === id)?.whole, categoryOf: (code) => c.categoryOf(id, code) };
    }
    return undefined;
  };

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
        if (seen.has(key)) report.add(loc(codeNode), l10n.t('duplicate code "{code}" for api "{api}" in this file', { code: codeNode.value as string, api: apiNode.value as string }));
        seen.add(key);
      }
      const api = apiNode?.type === 'string' ? entryApi(apiNode.value as string) : undefined;
      if (node.type === 'object') checkEntryRules(fields, path, api, report);
      if (report.errorCount > before) return;
      const entry = normalizeEntry(shapedValue(node, entryShape) as RawEntry, api);
      locs.set(entry, loc(codeNode ?? node));
      result.entries!.push(entry);
    });
  }
  // Top-level checks ran first; report in text order.
  report.problems.sort((a, b) => a.offset - b.offset);
  return { catalog: result, problems: report.problems, locs };
}

/**
 * An extending API: its id, `extends`, `bodies` and `evidence` are checked as usual; any other property
 * it sets is ignored, with a warning (and not checked further).
 */
function checkExtendingApi(node: Node, fields: Map<string, Node>, path: string, report: Reporter, strict: boolean): void {
  // Not the built-in data's required properties: in strict mode extending is itself the error.
  checkObject(node, apiShape, path, report, false, false);
  for (const p of node.children ?? []) {
    const [keyNode] = p.children ?? [];
    const key = keyNode?.value as string;
    if (keyNode && Object.prototype.hasOwnProperty.call(apiShape.properties, key) && !EXTENDING_KEYS.has(key)) {
      report.add(loc(keyNode), l10n.t('{path}: ignored: an extending API adds only bodies and evidence', { path: `${path}.${key}` }), 'warning');
    }
  }
  for (const key of EXTENDING_KEYS) {
    const value = fields.get(key);
    if (value) checkValue(value, apiShape.properties[key], `${path}.${key}`, report, strict, true);
  }
  if (strict) report.add(loc(fields.get('extends')!), l10n.t('{path}: only a user catalog can extend a built-in API', { path: `${path}.extends` }));
}

/** A syntax error in words: one whole message per kind of error (jsonc-parser's names as the fallback). */
function describeParseError(e: ParseError): string {
  switch (printParseErrorCode(e.error)) {
    case 'InvalidSymbol':
      return l10n.t('syntax error: invalid symbol');
    case 'InvalidNumberFormat':
      return l10n.t('syntax error: invalid number');
    case 'PropertyNameExpected':
      return l10n.t('syntax error: property name expected');
    case 'ValueExpected':
      return l10n.t('syntax error: value expected');
    case 'ColonExpected':
      return l10n.t('syntax error: colon expected');
    case 'CommaExpected':
      return l10n.t('syntax error: comma expected');
    case 'CloseBraceExpected':
      return l10n.t('syntax error: closing brace expected');
    case 'CloseBracketExpected':
      return l10n.t('syntax error: closing bracket expected');
    case 'EndOfFileExpected':
      return l10n.t('syntax error: end of file expected');
    case 'InvalidCommentToken':
      return l10n.t('syntax error: invalid comment');
    case 'UnexpectedEndOfComment':
      return l10n.t('syntax error: unterminated comment');
    case 'UnexpectedEndOfString':
      return l10n.t('syntax error: unterminated string');
    case 'UnexpectedEndOfNumber':
      return l10n.t('syntax error: unterminated number');
    case 'InvalidUnicode':
      return l10n.t('syntax error: invalid unicode escape');
    case 'InvalidEscapeCharacter':
      return l10n.t('syntax error: invalid escape character');
    case 'InvalidCharacter':
      return l10n.t('syntax error: invalid character');
    default:
      return l10n.t('syntax error: {code}', { code: printParseErrorCode(e.error) });
  }
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

/** `path.key`, or `path["key"]` for a key that is not a plain name (a dotted path in conditions). */
function member(path: string, key: string): string {
  return /^[A-Za-z_$][\w$]*$/.test(key) ? `${path}.${key}` : `${path}[${JSON.stringify(key)}]`;
}

/** JSON type of a node as the shapes name it. */
function fits(node: Node, shape: Shape): boolean {
  switch (shape.type) {
    case 'integer':
    case 'number':
      return node.type === 'number';
    case 'conditions':
      return node.type === 'object';
    case 'oneOf':
      return shape.options.some((o) => fits(node, o));
    default:
      return node.type === shape.type;
  }
}

/**
 * The option of a oneOf shape a value is read with: the first of its JSON type or, among several object
 * shapes, the one that knows most of its keys (none when it knows none of them).
 */
function optionFor(node: Node, shape: OneOfShape): Shape | undefined {
  const candidates = shape.options.filter((o) => fits(node, o));
  if (candidates.length <= 1 || node.type !== 'object') return candidates[0];
  const keys = [...propertyNodes(node).keys()];
  const score = (o: Shape): number => (o.type === 'object' ? keys.filter((k) => Object.prototype.hasOwnProperty.call(o.properties, k)).length : 0);
  const best = candidates.reduce((b, o) => (score(o) > score(b) ? o : b));
  return score(best) > 0 ? best : undefined;
}

/**
 * The value of a checked node, keeping only the properties its shape knows: unknown and computed properties
 * (already warned about) do not reach the catalog, and keys such as `__proto__` are never assigned to an
 * ordinary object (condition maps, whose keys are data, have no prototype).
 */
function shapedValue(node: Node, shape: Shape): unknown {
  switch (shape.type) {
    case 'array':
      return (node.children ?? []).map((child) => shapedValue(child, shape.items));
    case 'oneOf': {
      const option = optionFor(node, shape);
      return option ? shapedValue(node, option) : node.value;
    }
    case 'conditions': {
      const o = Object.create(null) as Record<string, unknown>;
      for (const [key, value] of propertyNodes(node)) o[key] = shapedValue(value, shape.values);
      return o;
    }
    case 'object': {
      const o: Record<string, unknown> = {};
      for (const [key, value] of propertyNodes(node)) {
        if (Object.prototype.hasOwnProperty.call(shape.properties, key)) o[key] = shapedValue(value, shape.properties[key]);
      }
      return o;
    }
    default:
      return node.value;
  }
}

/** The JSON type of a value, as a word of the display language (`null` is JSON's own word). */
function typeName(node: Node): string {
  switch (node.type) {
    case 'number':
      return Number.isInteger(node.value) ? l10n.t('integer') : l10n.t('number');
    case 'string':
      return l10n.t('string');
    case 'boolean':
      return l10n.t('boolean');
    case 'array':
      return l10n.t('array');
    case 'object':
      return l10n.t('object');
    default:
      return node.type;
  }
}

/** What a shape of one JSON type expects, in words (`a string`, `an integer`). */
function article(type: 'string' | 'integer' | 'number' | 'boolean' | 'null' | 'array' | 'object'): string {
  switch (type) {
    case 'string':
      return l10n.t('a string');
    case 'integer':
      return l10n.t('an integer');
    case 'number':
      return l10n.t('a number');
    case 'boolean':
      return l10n.t('true or false');
    case 'array':
      return l10n.t('an array');
    case 'object':
      return l10n.t('an object');
    case 'null':
      return 'null';
  }
}

/** `{path} must be {expected}, not {actual}`: the one message for a value of the wrong JSON type. */
function wrongType(path: string, expected: string, node: Node): string {
  return l10n.t('{path} must be {expected}, not {actual}', { path, expected, actual: typeName(node) });
}

/** Checks a value against a shape; returns the number of errors found. */
function checkValue(node: Node, shape: Shape, path: string, report: Reporter, strict: boolean, deep: boolean): number {
  const before = report.errorCount;
  const at = loc(node);
  const what = path || l10n.t('the catalog');
  switch (shape.type) {
    case 'string':
      if (node.type !== 'string') report.add(at, wrongType(what, article('string'), node));
      else {
        const v = node.value as string;
        if (shape.enum && !shape.enum.includes(v)) report.add(at, l10n.t('{path}: unknown value "{value}"; expected one of {values}', { path: what, value: v, values: shape.enum.map((x) => `"${x}"`).join(', ') }));
        if (shape.minLength !== undefined && v.length < shape.minLength) report.add(at, l10n.t('{path} must not be empty', { path: what }));
        if (shape.pattern && !shape.pattern.test(v)) report.add(at, shape.patternHint ? l10n.t('{path}: "{value}" is not {what}', { path: what, value: v, what: shape.patternHint() }) : l10n.t('{path}: "{value}" must match {pattern}', { path: what, value: v, pattern: shape.pattern.source }));
        if (shape.regex !== undefined) {
          const problem = regexProblem(v, shape.regex);
          if (problem) report.add(at, l10n.t('{path}: {problem}', { path: what, problem }));
        }
      }
      break;
    case 'integer':
    case 'number':
      if (node.type !== 'number' || (shape.type === 'integer' && !Number.isInteger(node.value))) {
        report.add(at, wrongType(what, article(shape.type), node));
      } else {
        const v = node.value as number;
        const isStatus = shape.type === 'integer' && shape.minimum === 100 && shape.maximum === 599;
        const notStatus = (): string => l10n.t('{path}: {value} is not an HTTP status (100–599)', { path: what, value: String(v) });
        if (shape.minimum !== undefined && v < shape.minimum) report.add(at, isStatus ? notStatus() : l10n.t('{path} must be at least {minimum}', { path: what, minimum: String(shape.minimum) }));
        else if (shape.type === 'integer' && shape.maximum !== undefined && v > shape.maximum) report.add(at, isStatus ? notStatus() : l10n.t('{path} must be at most {maximum}', { path: what, maximum: String(shape.maximum) }));
      }
      break;
    case 'boolean':
    case 'null':
      if (node.type !== shape.type) report.add(at, wrongType(what, article(shape.type), node));
      break;
    case 'array':
      if (node.type !== 'array') report.add(at, wrongType(what, article('array'), node));
      else if (deep) (node.children ?? []).forEach((child, i) => checkValue(child, shape.items, `${path}[${i}]`, report, strict, true));
      break;
    case 'object':
      if (node.type !== 'object') report.add(at, wrongType(what, article('object'), node));
      else checkObject(node, shape, path, report, strict, deep);
      break;
    case 'oneOf': {
      const option = optionFor(node, shape);
      if (!option) {
        const objects = shape.options.filter((o): o is ObjectShape => o.type === 'object');
        report.add(
          at,
          node.type === 'object' && objects.length > 1
            ? l10n.t('{path} must be {expected}; this object has none of {keys}', { path: what, expected: shape.expected(), keys: objects.flatMap((o) => Object.keys(o.properties)).map((k) => `"${k}"`).join(', ') })
            : wrongType(what, shape.expected(), node),
        );
      } else checkValue(node, option, path, report, strict, deep);
      break;
    }
    case 'conditions':
      if (node.type !== 'object') report.add(at, l10n.t('{path} must be an object of paths and conditions, not {actual}', { path: what, actual: typeName(node) }));
      else checkConditions(node, shape, path, report, strict, deep);
      break;
  }
  return report.errorCount - before;
}

/** Why a catalog regex cannot be used (unsafe, or not valid with these flags), if it cannot. */
function regexProblem(source: string, flags: string): string | undefined {
  const unsafe = unsafeRegexReason(source);
  if (unsafe) return l10n.t('unsafe regular expression: {reason}', { reason: unsafe });
  try {
    new RegExp(source, flags);
    return undefined;
  } catch (e) {
    const message = e instanceof Error ? e.message : '';
    const prefix = `Invalid regular expression: /${source}/${flags}: `;
    // The JavaScript engine's own words (in English whatever the display language): what is wrong exactly.
    return l10n.t('invalid regular expression: {reason}', { reason: message.startsWith(prefix) ? message.slice(prefix.length) : message || l10n.t('cannot compile') });
  }
}

/** Required and unknown properties; with `deep`, the property values too. Returns the property value nodes. */
function checkObject(node: Node, shape: ObjectShape, path: string, report: Reporter, strict: boolean, deep: boolean): Map<string, Node> {
  const props = new Map<string, Node>();
  const prefix = path ? `${path}.` : '';
  for (const p of node.children ?? []) {
    const [keyNode, valueNode] = p.children ?? [];
    if (!keyNode || !valueNode) continue;
    const key = keyNode.value as string;
    if (props.has(key)) report.add(loc(keyNode), l10n.t('{path}: duplicate property; the last one counts', { path: `${prefix}${key}` }), 'warning');
    props.set(key, valueNode);
    const sub = Object.prototype.hasOwnProperty.call(shape.properties, key) ? shape.properties[key] : undefined;
    if (!sub) {
      const computed = shape === entryShape && Object.prototype.hasOwnProperty.call(COMPUTED_PROPERTIES, key) ? COMPUTED_PROPERTIES[key] : undefined;
      report.add(loc(keyNode), computed ? computed(prefix) : l10n.t('{path}: unknown property (ignored)', { path: `${prefix}${key}` }), 'warning');
    } else if (deep) {
      checkValue(valueNode, sub, `${prefix}${key}`, report, strict, true);
    }
  }
  const required = [
    ...shape.required,
    ...Object.entries(shape.requiredUnless ?? {}).filter(([, flag]) => props.get(flag)?.value !== true).map(([key]) => key),
    ...(strict ? shape.strictRequired ?? [] : []),
  ];
  const missing = required.filter((r) => !props.has(r));
  if (missing.length) {
    const args = { path: path || l10n.t('the catalog'), names: missing.map((m) => `"${m}"`).join(', ') };
    report.add({ offset: node.offset, length: 1 }, pluralOf(missing.length) === 'one' ? l10n.t('{path}: missing required property {names}', args) : l10n.t('{path}: missing required properties {names}', args));
  }
  if (shape.minProperties !== undefined && [...props.keys()].filter((k) => Object.prototype.hasOwnProperty.call(shape.properties, k)).length < shape.minProperties) {
    const names = Object.keys(shape.properties).map((k) => `"${k}"`);
    report.add(
      loc(node),
      shape.minProperties === 1 && names.length > 1
        ? l10n.t('{path}: give {names} and/or {last}', { path, names: names.slice(0, -1).join(', '), last: names[names.length - 1] })
        : l10n.t('{path}: give at least {count} of {names}', { path, count: String(shape.minProperties), names: names.join(', ') }),
    );
  }
  return props;
}

/** A map of dotted paths to conditions: each key a path, each value a condition. */
function checkConditions(node: Node, shape: ConditionsShape, path: string, report: Reporter, strict: boolean, deep: boolean): void {
  const seen = new Set<string>();
  for (const p of node.children ?? []) {
    const [keyNode, valueNode] = p.children ?? [];
    if (!keyNode || !valueNode) continue;
    const key = keyNode.value as string;
    if (seen.has(key)) report.add(loc(keyNode), l10n.t('{path}: duplicate path; the last one counts', { path: member(path, key) }), 'warning');
    seen.add(key);
    if (!shape.keyPattern.test(key)) report.add(loc(keyNode), key === '' ? l10n.t('{path}: an empty path', { path }) : l10n.t('{path}: "{value}" is not {what}', { path, value: key, what: shape.keyHint() }));
    if (deep) checkValue(valueNode, shape.values, member(path, key), report, strict, true);
  }
}

/** API rules a JSON Schema cannot express well. */
function checkApiRules(fields: Map<string, Node>, path: string, report: Reporter): void {
  const cats = fields.get('categories');
  for (const [i, c] of (cats?.type === 'array' ? cats.children ?? [] : []).entries()) {
    const p = propertyNodes(c);
    const from = p.get('from');
    const to = p.get('to');
    if ((from === undefined) !== (to === undefined)) report.add(loc(from ?? to ?? c), l10n.t('{path}: give both "from" and "to" for a range', { path: `${path}.categories[${i}]` }), 'warning');
    if (from?.type === 'number' && to?.type === 'number' && (from.value as number) > (to.value as number)) {
      report.add(loc(from), l10n.t('{path}: "from" {from} is after "to" {to}', { path: `${path}.categories[${i}]`, from: String(from.value), to: String(to.value) }));
    }
  }
  const statusEnum = fields.get('statusEnum');
  const terminal = fields.get('terminalStatuses');
  if (statusEnum?.type === 'array' && terminal?.type === 'array') {
    const known = new Set((statusEnum.children ?? []).map((n) => n.value));
    for (const t of terminal.children ?? []) {
      if (t.type === 'string' && !known.has(t.value)) report.add(loc(t), l10n.t('{path}: "{value}" is not in statusEnum', { path: `${path}.terminalStatuses`, value: t.value as string }), 'warning');
    }
  }
  const codePattern = fields.get('codePattern');
  if (codePattern?.type === 'string' && !regexProblem(codePattern.value as string, '')) {
    const source = codePattern.value as string;
    if (hasNamedGroup(source)) {
      report.add(loc(codePattern), l10n.t('{path}: named groups are not allowed (the code patterns of all APIs are joined into one regex)', { path: `${path}.codePattern` }));
    } else if (new RegExp(`^(?:${source})$`).test('')) {
      report.add(loc(codePattern), l10n.t('{path}: matches the empty string; a code pattern must match a whole code such as {example}', { path: `${path}.codePattern`, example: 'WF_\\d{4}' }));
    }
  }
  const bodies = fields.get('bodies');
  if (bodies?.type === 'array') {
    const ids = new Set<string>();
    (bodies.children ?? []).forEach((b, j) => {
      if (b.type !== 'object') return;
      const bp = `${path}.bodies[${j}]`;
      const f = propertyNodes(b);
      const id = f.get('id');
      if (id?.type === 'string') {
        if (ids.has(id.value as string)) report.add(loc(id), l10n.t('{path}: duplicate body id "{id}" in this API', { path: `${bp}.id`, id: id.value as string }));
        ids.add(id.value as string);
      }
      checkBodyRule(f, bp, report);
    });
  }
}

/** Body rule rules beyond the shape: an anchored `when`, consistent conditions, named groups, facts and `each`. */
function checkBodyRule(f: Map<string, Node>, path: string, report: Reporter): void {
  const when = f.get('when');
  if (when?.type === 'object') {
    const anchored = [...propertyNodes(when)].some(([key, value]) => {
      const first = key.split('.')[0];
      return first !== '' && first !== '*' && first !== '^' && value.value !== 'absent';
    });
    if (!anchored) report.add(loc(when), l10n.t('{path}: needs a path that starts with a key (not "*" or "^") and is not "absent": that key anchors the search', { path: `${path}.when` }));
  }
  for (const key of ['when', 'unless', 'where', 'whereNot'] as const) {
    const node = f.get(key);
    if (node?.type === 'object') checkConditionValues(node, `${path}.${key}`, report);
  }
  const implies = f.get('implies');
  if (implies?.type === 'array') {
    (implies.children ?? []).forEach((imp, k) => {
      const w = propertyNodes(imp).get('when');
      if (w?.type === 'object') checkConditionValues(w, `${path}.implies[${k}].when`, report);
    });
  }
  if (!f.has('each')) {
    for (const key of ['where', 'whereNot'] as const) {
      const node = f.get(key);
      if (node) report.add(loc(node), l10n.t('{path} has no effect without each', { path: `${path}.${key}` }), 'warning');
    }
  }
  const messageFields = f.get('messageFields');
  if (messageFields?.type === 'string' && !regexProblem(messageFields.value as string, '') && !hasNamedGroup(messageFields.value as string)) {
    report.add(loc(messageFields), l10n.t('{path}: has no named group; each group {group} names the field it reads', { path: `${path}.messageFields`, group: '(?<name>…)' }));
  }
  const facts = f.get('facts');
  if (facts?.type === 'array') {
    (facts.children ?? []).forEach((fact, k) => {
      const fp = `${path}.facts[${k}]`;
      const p = propertyNodes(fact);
      const format = p.get('format');
      const value = format?.type === 'string' ? (format.value as string) : undefined;
      if (value === 'difference' && !p.has('minus')) report.add(loc(format!), l10n.t('{path}: format "difference" needs "minus" (the path subtracted)', { path: fp }));
      if (value === 'template' && !p.has('template')) report.add(loc(format!), l10n.t('{path}: format "template" needs "template" (text with {hole} holes)', { path: fp, hole: '{path}' }));
      const minus = p.get('minus');
      if (minus && value !== 'difference') report.add(loc(minus), l10n.t('{path} has no effect unless format is "difference"', { path: `${fp}.minus` }), 'warning');
      const template = p.get('template');
      if (template && value !== 'template' && value !== 'present' && value !== 'number' && value !== 'difference') report.add(loc(template), l10n.t('{path} has no effect unless format is "template", "present", "number" or "difference"', { path: `${fp}.template` }), 'warning');
    });
  }
}

/** Condition objects: `{ "pattern" }` or `{ "min", "max" }`, not both, and a range that is not empty. */
function checkConditionValues(map: Node, path: string, report: Reporter): void {
  for (const [key, value] of propertyNodes(map)) {
    if (value.type !== 'object') continue;
    const p = propertyNodes(value);
    const where = member(path, key);
    if (p.has('pattern') && (p.has('min') || p.has('max'))) {
      report.add(loc(value), l10n.t('{path}: a condition is either {"pattern": …} or {"min": …, "max": …}, not both', { path: where }));
    }
    const min = p.get('min');
    const max = p.get('max');
    if (min?.type === 'number' && max?.type === 'number' && (min.value as number) > (max.value as number)) {
      report.add(loc(min), l10n.t('{path}: "min" {min} is above "max" {max}', { path: where, min: String(min.value), max: String(max.value) }));
    }
  }
}

/** Whether a regex source has a named group `(?<name>…)` (not a lookbehind `(?<=`, `(?<!`). */
function hasNamedGroup(source: string): boolean {
  for (let i = 0; i < source.length; i++) {
    if (source[i] === '\\') i++;
    else if (source[i] === '[') {
      // Inside a class `(` is literal; skip to its end (escapes included).
      for (i++; i < source.length && source[i] !== ']'; i++) if (source[i] === '\\') i++;
    } else if (source.startsWith('(?<', i) && source[i + 3] !== '=' && source[i + 3] !== '!') return true;
  }
  return false;
}

/** Entry rules beyond the shape: codes against their API's pattern, statuses of status entries, conditional retries, bodies. */
function checkEntryRules(fields: Map<string, Node>, path: string, api: EntryApi | undefined, report: Reporter): void {
  const codeNode = fields.get('code');
  const code = codeNode?.type === 'string' ? (codeNode.value as string) : undefined;
  const kindNode = fields.get('kind');
  const explicitKind = kindNode?.type === 'string' ? (kindNode.value as EntryKind) : undefined;
  const statusesNode = fields.get('statuses');
  const statuses = statusesNode?.type === 'array' ? (statusesNode.children ?? []).map((n) => n.value) : [];
  if (codeNode && code !== undefined && code !== '') {
    const kind = explicitKind ?? inferKind(code, api);
    if (kind === 'code' && api?.whole && !api.whole.test(code)) {
      report.add(loc(codeNode), l10n.t('{path}: "{code}" does not match the {api} code pattern {pattern}', { path: `${path}.code`, code, api: api.api.id, pattern: api.api.codePattern ?? '' }));
    }
    if (kind === 'status') {
      const numeric = /^\d+$/.test(code);
      if (!(numeric ? Number(code) >= 100 && Number(code) <= 599 && code.length === 3 : STATUS_CLASS.test(code))) {
        report.add(loc(codeNode), l10n.t('{path}: a status entry\'s code is an HTTP status (100–599) or a class such as "5xx", not "{code}"', { path: `${path}.code`, code }));
      } else if (numeric && statusesNode?.type === 'array' && !statuses.includes(Number(code))) {
        report.add(loc(statusesNode), l10n.t('{path} should include {code}', { path: `${path}.statuses`, code }), 'warning');
      }
    }
  }
  const causes = fields.get('statusCauses');
  if (causes?.type === 'array' && statusesNode?.type === 'array') {
    for (const c of causes.children ?? []) {
      const s = propertyNodes(c).get('status');
      if (s?.type === 'number' && !statuses.includes(s.value)) report.add(loc(s), l10n.t('{path}: {status} is not in statuses', { path: `${path}.statusCauses`, status: String(s.value) }), 'warning');
    }
  }
  const retry = fields.get('retry');
  if (retry?.type === 'object') {
    const r = propertyNodes(retry);
    if (r.get('decision')?.value === 'conditional' && !r.has('onStatuses') && !r.has('condition')) {
      report.add(loc(retry), l10n.t('{path}: a conditional retry needs "onStatuses" or "condition"', { path: `${path}.retry` }), 'warning');
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
        report.add(loc(body), l10n.t('{path} is not valid JSON', { path: `${path}.examples[${i}].body` }), 'warning');
      }
    });
  }
}

/**
 * Kind of an entry that does not say: `code` when it matches its API's code pattern, `status` for a 3-digit
 * status or a class such as `5xx`, otherwise the API's `entryKind`, otherwise `code`.
 */
function inferKind(code: string, api: EntryApi | undefined): EntryKind {
  if (api?.whole?.test(code)) return 'code';
  if (/^[1-5](\d\d|xx)$/.test(code)) return 'status';
  return api?.api.entryKind ?? 'code';
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
function normalizeEntry(raw: RawEntry, api: EntryApi | undefined): Omit<CatalogEntry, 'id'> {
  const statuses = raw.statuses ?? [];
  return {
    ...raw,
    kind: raw.kind ?? inferKind(raw.code, api),
    statuses,
    category: raw.category ?? api?.categoryOf(raw.code) ?? 'Custom',
    errorClass: raw.errorClass ?? inferErrorClass(statuses),
    description: raw.description ?? '',
    resolution: raw.resolution ?? '',
    retry: raw.retry ?? { decision: 'no' },
  };
}

function normalizeApi(raw: Partial<ApiDescription> & { id: string; name: string }): ApiDescription {
  const { extends: _extends, ...rest } = raw;
  return {
    ...rest,
    description: raw.description ?? '',
    bodyShape: raw.bodyShape ?? '',
    categories: raw.categories ?? [],
    fields: raw.fields ?? [],
    headers: raw.headers ?? [],
    // A partial policy keeps what it states; a stated strategy with default numbers is not "documented".
    retryPolicy: raw.retryPolicy ? { ...DEFAULT_RETRY_POLICY, note: undefined, ...raw.retryPolicy } : { ...DEFAULT_RETRY_POLICY },
  };
}

/** An extending API as parsed: only what it adds (it has no name of its own: the built-in API keeps its). */
function extendingApi(raw: Partial<ApiDescription> & { id: string }): ApiDescription {
  const api: Partial<ApiDescription> = { id: raw.id, extends: true };
  if (raw.bodies) api.bodies = raw.bodies;
  if (raw.evidence) api.evidence = raw.evidence;
  return api as ApiDescription;
}

// ---------------------------------------------------------------------------------------------------------
// User catalogs
// ---------------------------------------------------------------------------------------------------------

const EVIDENCE_LISTS = ['hosts', 'paths', 'packages', 'headers', 'contentTypes', 'terms', 'fields'] as const;

/** Evidence lists concatenated, duplicates (ignoring case, as evidence matches) dropped; notes joined. */
function mergeEvidence(base: Evidence | undefined, added: Evidence): Evidence {
  const out: Evidence = { ...base };
  for (const key of EVIDENCE_LISTS) {
    const list = [...(base?.[key] ?? [])];
    const seen = new Set(list.map((x) => x.toLowerCase()));
    for (const x of added[key] ?? []) {
      if (seen.has(x.toLowerCase())) continue;
      seen.add(x.toLowerCase());
      list.push(x);
    }
    if (list.length || base?.[key]) out[key] = list;
  }
  const notes = [base?.note, added.note].filter((n): n is string => !!n);
  if (notes.length) out.note = notes.join('\n');
  return out;
}

/** A user catalog file to merge. */
export interface UserCatalogText {
  /** Where it is (a path or URI): problems and `source` name it. */
  file: string;
  text: string;
  /**
   * What to merge when `text` has errors. Undefined: what in `text` has none (the CLI). A string: this
   * text instead, the file's last good version (the editor keeps it while the user types). Null:
   * nothing (there is no good version yet). Either way only the problems of `text` are reported.
   */
  lastGood?: string | null;
}

export interface MergeResult {
  catalog: Catalog;
  /** Problems of the texts given, each at its offset in its file's `text`. */
  problems: CatalogProblem[];
  /** Files whose `text` had errors and were merged from `lastGood` (or not at all). */
  broken: string[];
}

/**
 * What one merge parsed, handed to the next merge: a text is parsed again only when it, or a text
 * merged before it, changed (the APIs it is checked against may have). Start with `{ parses: 0 }`.
 */
export interface MergeMemo {
  /** Texts parsed by the merges given this memo. */
  parses: number;
  /** What the last merge parsed (owned by mergeCatalogs). */
  state?: unknown;
}

interface MemoState {
  base: Catalog;
  runs: { file: string; merged: string | null; parses: Map<string, Parsed> }[];
}

/**
 * Merges user catalog files into a base catalog (normally the built-in one). Rules:
 *
 * - A file with a syntax error, or whose top level is not an object, contributes nothing; an API or entry
 *   with an error is left out while the rest of its file merges. Every file is still read. A file with
 *   `lastGood` set contributes that version instead when its text has errors (UserCatalogText).
 * - Files may add APIs. The id of a built-in API cannot be redefined (error). When two user files define
 *   the same API, the later wins (warning). Missing description, fields, headers, categories and
 *   retryPolicy get defaults (retry: exponential backoff with full jitter, 500 ms, 30 s cap, 5 attempts).
 * - An API with the id of a built-in one and `"extends": true` adds to it: its `bodies` come after the
 *   built-in ones and its `evidence` lists are added to the built-in lists (duplicates dropped). Any other
 *   property it sets is ignored (warning). Extending an API that is not built-in is an error.
 * - Entries are keyed by api + code. The api must be built-in or defined by a user file. A new key is
 *   added. A key that exists in the base catalog is rejected (error: built-in facts come from the API
 *   documentation and stay exact) unless the entry sets `"override": true`: then it replaces the built-in
 *   entry in place (warning, so the change stays visible). For a key that an earlier user file added, the
 *   later file wins (warning).
 * - Omitted entry fields get defaults: kind from the code and its API (code pattern, entryKind), category
 *   from its API's code ranges (else "Custom"), errorClass from the first status, retry "no", empty texts.
 * - Every merged API and entry gets `source` = its file; an extended built-in API keeps its own (none).
 */
export function mergeCatalogs(base: Catalog, users: readonly UserCatalogText[], memo?: MergeMemo): MergeResult {
  const problems: CatalogProblem[] = [];
  const broken: string[] = [];
  const apis = new Map<string, ApiDescription>(base.apis.map((a) => [a.id, a]));
  const entries = new Map<string, Omit<CatalogEntry, 'id'>>(base.entries.map((e) => [e.id, e]));
  const baseApiIds = new Set(base.apis.filter((a) => a.source === undefined).map((a) => a.id));
  const baseIds = new Set(base.entries.filter((e) => e.source === undefined).map((e) => e.id));
  // A parse depends on its text and on the APIs merged before it: the memo's parses hold while the
  // base and every text merged before are the same as in the memo's last merge.
  const last = memo?.state as MemoState | undefined;
  const previous = last?.base === base ? last.runs : [];
  const runs: MemoState['runs'] = [];
  let samePrefix = true;

  for (const [i, { file, text: current, lastGood }] of users.entries()) {
    // The file's entries may belong to built-in APIs or to APIs of earlier files.
    const known = new Catalog([...apis.values()], []);
    const before = samePrefix && previous[i]?.file === file ? previous[i].parses : undefined;
    const parses = new Map<string, Parsed>();
    const parse = (t: string): Parsed => {
      let parsed = before?.get(t);
      if (!parsed) {
        parsed = parseInternal(t, file, { known });
        if (memo) memo.parses++;
      }
      parses.set(t, parsed);
      return parsed;
    };
    let text = current;
    let parsed = parse(text);
    problems.push(...parsed.problems);
    // Problems are reported for the text given only: a last good version merged in its place has
    // problems at its own offsets, which mean nothing on the text the user sees now.
    let reportMerge = true;
    if (lastGood !== undefined && parsed.problems.some((p) => p.severity === 'error')) {
      broken.push(file);
      reportMerge = false;
      if (lastGood === null) parsed = { problems: [], locs: new Map() };
      else {
        text = lastGood;
        parsed = parse(text);
      }
    }
    const merged = parsed.catalog ? text : null;
    runs.push({ file, merged, parses });
    samePrefix &&= previous[i]?.file === file && previous[i]?.merged === merged;
    if (!parsed.catalog) continue;
    const report = new Reporter(file, text);
    const at = (o: object): Loc => parsed.locs.get(o) ?? { offset: 0, length: 0 };

    for (const api of parsed.catalog.apis ?? []) {
      if (api.extends) {
        const target = apis.get(api.id);
        if (!target || !baseApiIds.has(api.id)) {
          report.add(at(api), l10n.t('API "{id}" is not a built-in API; "extends": true adds bodies and evidence to one of {apis}', { id: api.id, apis: [...baseApiIds].join(', ') }));
          continue;
        }
        const extended: ApiDescription = { ...target };
        if (api.bodies?.length) {
          const ids = new Set((target.bodies ?? []).map((b) => b.id).filter((id) => id !== undefined));
          for (const b of api.bodies) {
            if (b.id !== undefined && ids.has(b.id)) report.add(at(b), l10n.t('body "{body}" is also a body of {api}; give it an id of its own', { body: b.id, api: api.id }), 'warning');
          }
          extended.bodies = [...(target.bodies ?? []), ...api.bodies] as BodyRule[];
        }
        if (api.evidence) extended.evidence = mergeEvidence(target.evidence, api.evidence);
        // Map.set keeps the position of a replaced key: the API stays where it was.
        apis.set(api.id, extended);
        continue;
      }
      if (baseApiIds.has(api.id)) {
        report.add(at(api), l10n.t('API "{id}" is built-in and cannot be redefined; add entries with "api": "{id}" instead, or set "extends": true to add bodies and evidence', { id: api.id }));
        continue;
      }
      const prev = apis.get(api.id);
      if (prev?.source !== undefined) report.add(at(api), l10n.t('API "{id}" is also defined in {file}; this file\'s definition wins', { id: api.id, file: prev.source }), 'warning');
      apis.set(api.id, { ...api, source: file });
    }

    for (const entry of parsed.catalog.entries ?? []) {
      if (!apis.has(entry.api)) {
        report.add(at(entry), l10n.t('unknown api "{api}" for {code}; use a built-in API ({apis}) or define it under "apis"', { api: entry.api, code: entry.code, apis: [...baseApiIds].join(', ') }));
        continue;
      }
      const id = `${entry.api}:${entry.code}`;
      const prev = entries.get(id);
      if (baseIds.has(id)) {
        if (!entry.override) {
          report.add(at(entry), l10n.t('{code} is a built-in {api} entry; rejected (set "override": true to replace it)', { code: entry.code, api: entry.api }));
          continue;
        }
        report.add(at(entry), l10n.t('overrides built-in {code}', { code: entry.code }), 'warning');
        if (prev?.source !== undefined) report.add(at(entry), l10n.t('{code} is also overridden in {file}; this file wins', { code: entry.code, file: prev.source }), 'warning');
      } else if (prev?.source !== undefined) {
        report.add(at(entry), l10n.t('{code} is also defined in {file}; this file wins', { code: entry.code, file: prev.source }), 'warning');
      } else if (entry.override) {
        report.add(at(entry), l10n.t('"override" has no effect: there is no built-in {api} entry {code}', { api: entry.api, code: entry.code }), 'warning');
      }
      // Map.set keeps the position of a replaced key, so overrides stay where the built-in entry was.
      entries.set(id, { ...entry, source: file });
    }
    if (reportMerge) problems.push(...report.problems);
  }
  if (memo) memo.state = { base, runs } satisfies MemoState;
  return { catalog: new Catalog([...apis.values()], [...entries.values()]), problems, broken };
}
