// One JSON value, written the way real tools print it in logs, terminals and code: the inputs of the
// totality test (test/unit/totality.test.ts) and of anything else that needs realistic text around a body.
//
// `render(value, id)` returns the whole snippet (a prefix line or the log record around the body, as the
// tool prints it) and `bodyStart`, the offset of the body's first character in it. Where the tool is at
// hand in Node (util.inspect) the tool itself prints; every other printer is a port of the tool's own
// algorithm, checked by the first describe of totality.test.ts against the tool where it is installed:
//   CPython 3.11 repr / pprint / traceback, PyYAML 6 with the Ansible callback  python3 (checked)
//   Go fmt %v / %+v of encoding/json values                                    go (checked)
//   jq 1.6 jv_print.c                                                           jq (checked; 1.7 colours from its source)
//   Ruby String#inspect / Hash#inspect                                          ruby (checked on 3.1; 3.4 from hash.c)
//   JSON notations, CSV, HAR, curl, the JS literal                              round-trip (JSON.parse, eval)
//
// Test support only: Node built-ins are fine here (the core under test never sees this module).
import { inspect } from 'node:util';

export type JsonValue = null | boolean | number | string | JsonValue[] | { [key: string]: JsonValue };

export type NotationId =
  | 'json-line'
  | 'json-pretty'
  | 'jsonl-escaped-1'
  | 'jsonl-escaped-2'
  | 'cloudwatch'
  | 'otel'
  | 'har'
  | 'truncated'
  | 'python-repr'
  | 'python-pprint'
  | 'python-exception'
  | 'node-inspect'
  | 'node-inspect-color'
  | 'axios-error'
  | 'js-literal'
  | 'ruby-inspect'
  | 'ruby-34'
  | 'go-map'
  | 'go-struct'
  | 'yaml'
  | 'csv'
  | 'jq-color'
  | 'curl-v';

export interface Notation {
  id: NotationId;
  /** The tool (and call) whose output this is. */
  tool: string;
  /** What of the value the text may lose (depth limits, cut lines): the text is still what the tool prints. */
  lossy?: string;
  /** Values it cannot hold at all (`render` throws NotRepresentable, `canRender` says false). */
  cannotHold?: string;
}

export const NOTATIONS: readonly Notation[] = [
  { id: 'json-line', tool: 'a logger writing JSON.stringify(body) after a message on one line' },
  { id: 'json-pretty', tool: 'JSON.stringify(body, null, 2) / json.dumps(body, indent=2) after a message line' },
  { id: 'jsonl-escaped-1', tool: 'a JSON-lines logger (pino, zap, structlog) with the body as its "msg" string' },
  { id: 'jsonl-escaped-2', tool: "Docker's json-file log driver wrapping a JSON-lines record (body escaped twice)" },
  { id: 'cloudwatch', tool: 'a CloudWatch Logs event ({"timestamp","message"}) whose message is the body line' },
  { id: 'otel', tool: 'an OTLP/JSON log export (file exporter) with the body as "body":{"stringValue"}' },
  { id: 'har', tool: "a browser's HAR export: the body as response.content.text" },
  { id: 'truncated', tool: 'a json-line cut after N characters by a logger or a line-length limit', lossy: 'everything after character N' },
  { id: 'python-repr', tool: "CPython 3.11 repr(dict) in a logging line (logger.error('…: %r', body))" },
  { id: 'python-pprint', tool: 'CPython 3.11 pprint.pformat(body) (width 80, sorted keys, long strings split into adjacent literals)' },
  { id: 'python-exception', tool: 'a CPython 3.11 traceback ending in app.errors.ApiError: ApiError(409, {…})' },
  { id: 'node-inspect', tool: 'util.inspect(body, { depth: 2 }) (the real one)', lossy: 'objects and arrays deeper than 2 print as [Object] / [Array]' },
  { id: 'node-inspect-color', tool: 'util.inspect(body, { depth: 2, colors: true }) (the real one)', lossy: 'as node-inspect' },
  { id: 'axios-error', tool: 'console.error(err) of an AxiosError (util.inspect of an object built like axios 1.x builds it)', lossy: 'response.data sits at depth 2: its nested objects print as [Object]' },
  { id: 'js-literal', tool: 'a TS/JS test fixture in prettier style (unquoted identifier keys, single quotes, trailing commas)' },
  { id: 'ruby-inspect', tool: 'Ruby ≤ 3.3 Hash#inspect ({"error"=>"…"}) in a Logger line', cannotHold: 'strings with a lone high surrogate (the JSON gem mangles them)' },
  { id: 'ruby-34', tool: 'Ruby 3.4 Hash#inspect: {error: "…"} for symbol keys (opts.rubyKeys "symbol", the default), {"error" => "…"} for string keys', cannotHold: 'as ruby-inspect' },
  { id: 'go-map', tool: 'Go log.Printf("%v") of the map[string]interface{} that encoding/json decodes', lossy: 'numbers become float64 (1711036800 prints 1.7110368e+09); lone surrogates become U+FFFD' },
  { id: 'go-struct', tool: 'Go log.Printf("%+v") of a pointer to a struct with one field per key', cannotHold: 'anything but an object whose values are scalars or arrays of scalars, with keys that make distinct exported Go field names' },
  { id: 'yaml', tool: "Ansible's yaml callback (PyYAML dump, width 1000, literal blocks for multi-line strings): the body under the uri task's json: key", lossy: 'multi-line strings lose trailing spaces, tabs and control characters (the callback munges them)' },
  { id: 'csv', tool: 'a CSV log export: the body JSON in a quoted field with doubled quotes, under a header line' },
  { id: 'jq-color', tool: 'jq -C . (jq 1.6 by default, opts.jqVersion "1.7" for 1.7.1 colours and number literals)', cannotHold: 'strings with a lone high surrogate (jq 1.6 stops with a parse error)' },
  { id: 'curl-v', tool: 'curl -v over HTTP/2: < status and header lines, then the body glued to "* Connection #0 … left intact"' },
];

export interface RenderOptions {
  /** HTTP status printed around the body (HAR, curl, axios, the traceback, the Ansible result). Default: the body's own numeric `status` when it is one, else 500. */
  status?: number;
  /** `truncated`: the length the line is cut to (default: the prefix plus 60 % of the body). */
  truncateAt?: number;
  /** `truncated`: instead of truncateAt, how many characters of the body the cut line keeps. */
  truncateBodyAt?: number;
  /** `truncated`: appended after the cut (default none, as a hard line-length limit leaves it). */
  truncationMarker?: string;
  /** `ruby-34`: keys as symbols (JSON.parse(…, symbolize_names: true), the default) or strings. */
  rubyKeys?: 'symbol' | 'string';
  /** `jq-color`: which jq prints it. */
  jqVersion?: '1.6' | '1.7';
  /** `yaml`: PyYAML's best width (Ansible passes 1000). */
  yamlWidth?: number;
  /** `curl-v`: keep the CR of each header line (as a file capture of stderr has them). */
  crlf?: boolean;
}

export interface Rendered {
  text: string;
  /** Offset in `text` of the body's first character. */
  bodyStart: number;
}

/** The notation cannot hold this value: there is no text the tool would print for it. */
export class NotRepresentable extends Error {
  constructor(readonly notation: NotationId, readonly reason: string) {
    super(`${notation} cannot hold this value: ${reason}`);
    this.name = 'NotRepresentable';
  }
}

// ---------------------------------------------------------------------------------------------------------
// Shared helpers
// ---------------------------------------------------------------------------------------------------------

function isObject(v: unknown): v is { [key: string]: JsonValue } {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** Own enumerable entries, `__proto__` included when it is an own key (JSON.parse makes it one). */
function entries(o: { [key: string]: JsonValue }): [string, JsonValue][] {
  return Object.keys(o).map((k) => [k, o[k]]);
}

function assertJson(v: unknown, path = 'value'): asserts v is JsonValue {
  if (v === null || typeof v === 'boolean' || typeof v === 'string') return;
  if (typeof v === 'number') {
    if (!Number.isFinite(v)) throw new TypeError(`${path} is ${v}: not a JSON value`);
    return;
  }
  if (Array.isArray(v)) {
    v.forEach((x, i) => assertJson(x, `${path}[${i}]`));
    return;
  }
  if (typeof v === 'object') {
    const proto = Object.getPrototypeOf(v);
    if (proto !== Object.prototype && proto !== null) throw new TypeError(`${path} is not a plain object`);
    for (const k of Object.keys(v)) assertJson((v as Record<string, unknown>)[k], `${path}.${k}`);
    return;
  }
  throw new TypeError(`${path} is a ${typeof v}: not a JSON value`);
}

/** Code points (lone surrogates stay single elements). Python, Go and jq count and index by them. */
function cps(s: string): string[] {
  return Array.from(s);
}

function cpLen(s: string): number {
  let n = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c >= 0xd800 && c <= 0xdbff && i + 1 < s.length) {
      const d = s.charCodeAt(i + 1);
      if (d >= 0xdc00 && d <= 0xdfff) i++;
    }
    n++;
  }
  return n;
}

function cmpCodePoints(a: string, b: string): number {
  const A = cps(a);
  const B = cps(b);
  for (let i = 0; i < Math.min(A.length, B.length); i++) {
    const d = A[i].codePointAt(0)! - B[i].codePointAt(0)!;
    if (d) return d;
  }
  return A.length - B.length;
}

/** Lone surrogates as U+FFFD: what a UTF-8 decoder (Go, jq) makes of a `\ud800` escape. */
function wellFormed(s: string): string {
  return s.replace(/[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g, '\ufffd');
}

const hex = (n: number, width: number, upper = false): string => {
  const h = n.toString(16).padStart(width, '0');
  return upper ? h.toUpperCase() : h;
};

/** The shortest round-trip digits of a finite non-zero |x| and the decimal exponent of its first digit. */
function shortestDigits(x: number): { digits: string; exp: number } {
  const [m, e] = Math.abs(x).toExponential().split('e');
  return { digits: m.replace('.', ''), exp: Number(e) };
}

/** JSON text of a number decides int or float for the JSON decoders of Python, Ruby and jq. */
function jsonNumberIsFloat(n: number): boolean {
  return /[.eE]/.test(JSON.stringify(n));
}

/** The JSON string escape of `s`, without the quotes. Per character, so escape(a + b) = escape(a) + escape(b). */
function escapeJson(s: string): string {
  return JSON.stringify(s).slice(1, -1);
}

const PLACEHOLDER = 'errcode-notation-body-placeholder';

/** Serialises `record` (which holds PLACEHOLDER where the body goes) and puts the body there as a JSON string. */
function withBodyString(serialized: string, bodyText: string): Rendered {
  const at = serialized.indexOf(`"${PLACEHOLDER}"`);
  if (at < 0) throw new Error('placeholder missing');
  const quoted = JSON.stringify(bodyText);
  return { text: serialized.slice(0, at) + quoted + serialized.slice(at + PLACEHOLDER.length + 2), bodyStart: at + 1 };
}

const REASON: Record<number, string> = {
  200: 'OK', 202: 'Accepted', 400: 'Bad Request', 401: 'Unauthorized', 402: 'Payment Required', 403: 'Forbidden',
  404: 'Not Found', 409: 'Conflict', 422: 'Unprocessable Entity', 429: 'Too Many Requests', 500: 'Internal Server Error',
  502: 'Bad Gateway', 503: 'Service Unavailable', 504: 'Gateway Timeout',
};

function statusOf(value: JsonValue, opts: RenderOptions): number {
  if (opts.status !== undefined) return opts.status;
  const s = isObject(value) ? value.status : undefined;
  return typeof s === 'number' && Number.isInteger(s) && s >= 100 && s <= 599 ? s : 500;
}

function reasonOf(status: number): string {
  return REASON[status] ?? (status >= 500 ? 'Internal Server Error' : status >= 400 ? 'Bad Request' : 'OK');
}

// ---------------------------------------------------------------------------------------------------------
// Python: repr and pprint (CPython 3.11, Lib/pprint.py and Objects/unicodeobject.c)
// ---------------------------------------------------------------------------------------------------------

/** str.isprintable() is false for these categories (space excepted). */
const PY_NOT_PRINTABLE = /^[\p{Cc}\p{Cf}\p{Cs}\p{Co}\p{Cn}\p{Zl}\p{Zp}\p{Zs}]$/u;

export function pyStr(s: string): string {
  const quote = s.includes("'") && !s.includes('"') ? '"' : "'";
  let out = quote;
  for (const ch of cps(s)) {
    const c = ch.codePointAt(0)!;
    if (ch === quote || ch === '\\') out += '\\' + ch;
    else if (ch === '\t') out += '\\t';
    else if (ch === '\n') out += '\\n';
    else if (ch === '\r') out += '\\r';
    else if (c < 0x20 || c === 0x7f) out += '\\x' + hex(c, 2);
    else if (c < 0x7f) out += ch;
    else if (ch !== ' ' && PY_NOT_PRINTABLE.test(ch)) out += c <= 0xff ? '\\x' + hex(c, 2) : c <= 0xffff ? '\\u' + hex(c, 4) : '\\U' + hex(c, 8);
    else out += ch;
  }
  return out + quote;
}

/** repr(float): the shortest digits, fixed notation for -4 < decpt <= 16, else d.ddde±XX. */
function pyFloat(x: number): string {
  if (x === 0) return Object.is(x, -0) ? '-0.0' : '0.0';
  const sign = x < 0 ? '-' : '';
  const { digits, exp } = shortestDigits(x);
  const decpt = exp + 1;
  if (decpt > -4 && decpt <= 16) {
    if (decpt <= 0) return `${sign}0.${'0'.repeat(-decpt)}${digits}`;
    if (decpt >= digits.length) return `${sign}${digits}${'0'.repeat(decpt - digits.length)}.0`;
    return `${sign}${digits.slice(0, decpt)}.${digits.slice(decpt)}`;
  }
  const mant = digits.length > 1 ? `${digits[0]}.${digits.slice(1)}` : digits;
  return `${sign}${mant}e${exp < 0 ? '-' : '+'}${String(Math.abs(exp)).padStart(2, '0')}`;
}

/** What json.loads makes of the number's JSON text, repr'd: int without `.`/`e`, float with. */
function pyNumber(n: number): string {
  return jsonNumberIsFloat(n) ? pyFloat(n) : JSON.stringify(n);
}

function pyItems(o: { [key: string]: JsonValue }, sort: boolean): [string, JsonValue][] {
  const items = entries(o);
  return sort ? items.sort((a, b) => cmpCodePoints(a[0], b[0])) : items;
}

/** repr(value) of what json.loads returns; `sortDicts` as pprint's _safe_repr does. */
export function pyRepr(v: JsonValue, sortDicts = false): string {
  if (v === null) return 'None';
  if (v === true) return 'True';
  if (v === false) return 'False';
  if (typeof v === 'number') return pyNumber(v);
  if (typeof v === 'string') return pyStr(v);
  if (Array.isArray(v)) return `[${v.map((x) => pyRepr(x, sortDicts)).join(', ')}]`;
  return `{${pyItems(v, sortDicts).map(([k, x]) => `${pyStr(k)}: ${pyRepr(x, sortDicts)}`).join(', ')}}`;
}

/** str.splitlines(True). */
function pySplitlines(s: string): string[] {
  const out: string[] = [];
  const re = /[^\n\r\v\f\x1c\x1d\x1e\x85\u2028\u2029]*(?:\r\n|[\n\r\v\f\x1c\x1d\x1e\x85\u2028\u2029])?/gu;
  for (const m of s.matchAll(re)) if (m[0]) out.push(m[0]);
  return out;
}

/** re.findall(r'\S*\s*', line) with Python's \s (str.isspace) for str patterns, the final '' dropped. */
const PY_WS = '\\t\\n\\v\\f\\r\\x1c-\\x1f \\x85\\xa0\\u1680\\u2000-\\u200a\\u2028\\u2029\\u202f\\u205f\\u3000';
const PY_WORDS = new RegExp(`[^${PY_WS}]*[${PY_WS}]*`, 'gu');

function pyWords(line: string): string[] {
  return [...line.matchAll(PY_WORDS)].map((m) => m[0]).filter((p) => p !== '');
}

/** pprint.pformat(value, width=80): a port of PrettyPrinter._format and its dispatch for dict, list and str. */
export function pyPformat(value: JsonValue, width = 80): string {
  const out: string[] = [];
  const write = (s: string): void => {
    out.push(s);
  };
  const format = (o: JsonValue, indent: number, allowance: number, level: number): void => {
    const rep = pyRepr(o, true);
    const maxWidth = width - indent - allowance;
    if (cpLen(rep) > maxWidth) {
      if (Array.isArray(o)) return pprintList(o, indent, allowance, level + 1);
      if (isObject(o)) return pprintDict(o, indent, allowance, level + 1);
      if (typeof o === 'string') return pprintStr(o, indent, allowance, level + 1);
    }
    write(rep);
  };
  const pprintDict = (o: { [key: string]: JsonValue }, indent: number, allowance: number, level: number): void => {
    write('{');
    const items = pyItems(o, true);
    if (items.length) {
      const inner = indent + 1;
      const delimnl = ',\n' + ' '.repeat(inner);
      items.forEach(([k, v], i) => {
        const last = i === items.length - 1;
        const rep = pyStr(k);
        write(rep);
        write(': ');
        format(v, inner + cpLen(rep) + 2, last ? allowance + 1 : 1, level);
        if (!last) write(delimnl);
      });
    }
    write('}');
  };
  const pprintList = (o: JsonValue[], indent: number, allowance: number, level: number): void => {
    write('[');
    const inner = indent + 1;
    const delimnl = ',\n' + ' '.repeat(inner);
    o.forEach((v, i) => {
      const last = i === o.length - 1;
      if (i > 0) write(delimnl);
      format(v, inner, last ? allowance + 1 : 1, level);
    });
    write(']');
  };
  const pprintStr = (s: string, indent: number, allowance: number, level: number): void => {
    if (!s.length) {
      write(pyStr(s));
      return;
    }
    const chunks: string[] = [];
    const lines = pySplitlines(s);
    if (level === 1) {
      indent += 1;
      allowance += 1;
    }
    let maxWidth1 = width - indent;
    const maxWidth = maxWidth1;
    let rep = '';
    lines.forEach((line, i) => {
      rep = pyStr(line);
      if (i === lines.length - 1) maxWidth1 -= allowance;
      if (cpLen(rep) <= maxWidth1) chunks.push(rep);
      else {
        const parts = pyWords(line);
        let maxWidth2 = maxWidth;
        let current = '';
        parts.forEach((part, j) => {
          const candidate = current + part;
          if (j === parts.length - 1 && i === lines.length - 1) maxWidth2 -= allowance;
          if (cpLen(pyStr(candidate)) > maxWidth2) {
            if (current) chunks.push(pyStr(current));
            current = part;
          } else current = candidate;
        });
        if (current) chunks.push(pyStr(current));
      }
    });
    if (chunks.length === 1) {
      write(rep);
      return;
    }
    if (level === 1) write('(');
    chunks.forEach((c, i) => {
      if (i > 0) write('\n' + ' '.repeat(indent));
      write(c);
    });
    if (level === 1) write(')');
  };
  format(value, 0, 0, 0);
  return out.join('');
}

/** The program whose traceback `python-exception` prints (the self-check runs it with python3). */
export const PYTHON_EXCEPTION_PROGRAM: readonly { path: string; source: string }[] = [
  {
    path: 'app/errors.py',
    source: [
      'class ApiError(Exception):',
      '    def __init__(self, status, body):',
      '        super().__init__(status, body)',
      '        self.status = status',
      '        self.body = body',
      '',
      '    def __str__(self):',
      '        return f"ApiError({self.status}, {self.body!r})"',
      '',
    ].join('\n'),
  },
  {
    path: 'app/client.py',
    source: ['from app.errors import ApiError', '', '', 'def submit(status, body):', '    raise ApiError(status, body)', ''].join('\n'),
  },
  {
    path: 'main.py',
    source: ['import json', 'import sys', '', 'from app.client import submit', '', 'submit(int(sys.argv[1]), json.loads(sys.argv[2]))', ''].join('\n'),
  },
];
/** Where the program lives in the rendered traceback. */
export const PYTHON_EXCEPTION_ROOT = '/srv/worker';

function pythonTraceback(value: JsonValue, status: number): Rendered {
  const frame = (path: string, fn: string, needle: string): string => {
    const lines = PYTHON_EXCEPTION_PROGRAM.find((f) => f.path === path)!.source.split('\n');
    const n = lines.findIndex((l) => l.includes(needle));
    return `  File "${PYTHON_EXCEPTION_ROOT}/${path}", line ${n + 1}, in ${fn}\n    ${lines[n].trim()}\n`;
  };
  const head =
    'Traceback (most recent call last):\n' +
    frame('main.py', '<module>', 'submit(int(') +
    frame('app/client.py', 'submit', 'raise ApiError') +
    `app.errors.ApiError: ApiError(${status}, `;
  return { text: `${head}${pyRepr(value)})\n`, bodyStart: head.length };
}

// ---------------------------------------------------------------------------------------------------------
// JavaScript: prettier-style literal
// ---------------------------------------------------------------------------------------------------------

function jsStr(s: string): string {
  // prettier: single quotes unless the string holds more single than double quotes.
  const singles = (s.match(/'/g) ?? []).length;
  const doubles = (s.match(/"/g) ?? []).length;
  const q = singles > doubles ? '"' : "'";
  let out = q;
  for (let i = 0; i < s.length; i++) {
    const ch = s[i];
    const c = s.charCodeAt(i);
    if (ch === q || ch === '\\') out += '\\' + ch;
    else if (ch === '\n') out += '\\n';
    else if (ch === '\r') out += '\\r';
    else if (ch === '\t') out += '\\t';
    else if (ch === '\b') out += '\\b';
    else if (ch === '\f') out += '\\f';
    else if (ch === '\v') out += '\\v';
    else if (c === 0) out += /[0-9]/.test(s[i + 1] ?? '') ? '\\x00' : '\\0';
    else if (c < 0x20 || c === 0x7f) out += '\\x' + hex(c, 2);
    else if (c === 0x2028 || c === 0x2029) out += '\\u' + hex(c, 4);
    else if (c >= 0xd800 && c <= 0xdbff && i + 1 < s.length && s.charCodeAt(i + 1) >= 0xdc00 && s.charCodeAt(i + 1) <= 0xdfff) {
      out += ch + s[i + 1];
      i++;
    } else if (c >= 0xd800 && c <= 0xdfff) out += '\\u' + hex(c, 4); // a lone surrogate cannot be written in a UTF-8 file
    else out += ch;
  }
  return out + q;
}

function jsKey(k: string): string {
  // `__proto__: x` in an object literal sets the prototype: only a computed key makes it an own property.
  if (k === '__proto__') return "['__proto__']";
  return /^[A-Za-z_$][A-Za-z0-9_$]*$/.test(k) ? k : jsStr(k);
}

function jsLiteral(v: JsonValue, indent: number): string {
  if (v === null || typeof v === 'boolean') return String(v);
  if (typeof v === 'number') return String(v);
  if (typeof v === 'string') return jsStr(v);
  const pad = '  '.repeat(indent + 1);
  const end = '  '.repeat(indent);
  if (Array.isArray(v)) {
    if (!v.length) return '[]';
    if (v.every((x) => x === null || typeof x !== 'object')) {
      const inline = `[${v.map((x) => jsLiteral(x, indent + 1)).join(', ')}]`;
      if (indent * 2 + inline.length <= 70) return inline;
    }
    return `[\n${v.map((x) => `${pad}${jsLiteral(x, indent + 1)},\n`).join('')}${end}]`;
  }
  const items = entries(v);
  if (!items.length) return '{}';
  return `{\n${items.map(([k, x]) => `${pad}${jsKey(k)}: ${jsLiteral(x, indent + 1)},\n`).join('')}${end}}`;
}

// ---------------------------------------------------------------------------------------------------------
// Node: an AxiosError as console.error prints it
// ---------------------------------------------------------------------------------------------------------

/** Objects whose inspect reads `Object [AxiosHeaders] {` as axios 1.x headers do. */
const AXIOS_HEADERS_PROTO = Object.create(Object.prototype, {
  [Symbol.toStringTag]: { get: () => 'AxiosHeaders' },
});

function axiosHeaders(h: Record<string, string | undefined>): object {
  return Object.assign(Object.create(AXIOS_HEADERS_PROTO), h);
}

class ClientRequest {}
class IncomingMessage {}
class AxiosError extends Error {}

function axiosDump(value: JsonValue, status: number): Rendered {
  const url = 'https://api.example/v1/workflows';
  const message = `Request failed with status code ${status}`;
  const err = new AxiosError(message);
  Object.defineProperty(err, 'stack', {
    value: [
      `AxiosError: ${message}`,
      '    at settle (/srv/app/node_modules/axios/dist/node/axios.cjs:2031:12)',
      '    at IncomingMessage.handleStreamEnd (/srv/app/node_modules/axios/dist/node/axios.cjs:3148:11)',
      '    at IncomingMessage.emit (node:events:531:35)',
      '    at endReadableNT (node:internal/streams/readable:1698:12)',
      '    at process.processTicksAndRejections (node:internal/process/task_queues:90:21)',
      '    at Axios.request (/srv/app/node_modules/axios/dist/node/axios.cjs:4258:41)',
      '    at async submitWorkflow (/srv/app/src/client.js:14:5)',
    ].join('\n'),
    writable: true,
    configurable: true,
    enumerable: false,
  });
  const config = {
    transitional: { silentJSONParsing: true, forcedJSONParsing: true, clarifyTimeoutError: false },
    adapter: ['xhr', 'http', 'fetch'],
    transformRequest: [function transformRequest(): void {}],
    transformResponse: [function transformResponse(): void {}],
    timeout: 0,
    xsrfCookieName: 'XSRF-TOKEN',
    xsrfHeaderName: 'X-XSRF-TOKEN',
    maxContentLength: -1,
    maxBodyLength: -1,
    validateStatus: function validateStatus(): void {},
    headers: axiosHeaders({
      Accept: 'application/json, text/plain, */*',
      'Content-Type': 'application/json',
      Authorization: 'Bearer <redacted>',
      'User-Agent': 'axios/1.7.9',
      'Content-Length': '31',
      'Accept-Encoding': 'gzip, compress, deflate, br',
    }),
    method: 'post',
    url,
    data: '{"workflow":"nightly-report"}',
  };
  const request = Object.assign(new ClientRequest(), {
    _header: 'POST /v1/workflows HTTP/1.1\r\nAccept: application/json, text/plain, */*\r\nHost: api.example\r\nConnection: keep-alive\r\n\r\n',
    method: 'POST',
    path: '/v1/workflows',
    host: 'api.example',
    protocol: 'https:',
    res: undefined as unknown,
  });
  request.res = Object.assign(new IncomingMessage(), { statusCode: status, statusMessage: reasonOf(status), req: request });
  Object.assign(err, {
    // axios sets message and name as own properties; inspect leaves them out because the stack shows them.
    message,
    name: 'AxiosError',
    code: status >= 500 ? 'ERR_BAD_RESPONSE' : 'ERR_BAD_REQUEST',
    config,
    request,
    response: {
      status,
      statusText: reasonOf(status),
      headers: axiosHeaders({
        date: 'Mon, 30 Nov 2026 10:00:00 GMT',
        'content-type': 'application/json',
        'content-length': String(Buffer.byteLength(JSON.stringify(value))),
        connection: 'keep-alive',
        'x-request-id': 'req-7f3a9c',
      }),
      config,
      request,
      data: value,
    },
    status,
  });
  const text = inspect(err, { depth: 2 });
  const marker = '\n    data: ';
  const at = text.lastIndexOf(marker);
  if (at < 0) throw new Error('axios-error: response.data not found in the dump');
  return { text: text + '\n', bodyStart: at + marker.length };
}

// ---------------------------------------------------------------------------------------------------------
// Ruby: String#inspect and Hash#inspect (≤ 3.3 and 3.4)
// ---------------------------------------------------------------------------------------------------------

/** What Ruby's inspect escapes beyond ASCII (measured on Ruby 3.1 over every code point): controls but U+0085, unassigned, line and paragraph separators. */
const RUBY_NOT_PRINTABLE = /^(?!\u0085)[\p{Cc}\p{Cs}\p{Cn}\p{Zl}\p{Zp}]$/u;

function rubyStr(s: string): string {
  const chars = cps(s);
  let out = '"';
  chars.forEach((ch, i) => {
    const c = ch.codePointAt(0)!;
    const special: Record<string, string> = { '"': '\\"', '\\': '\\\\', '\n': '\\n', '\r': '\\r', '\t': '\\t', '\f': '\\f', '\v': '\\v', '\b': '\\b', '\x07': '\\a', '\x1b': '\\e' };
    if (special[ch]) out += special[ch];
    else if (ch === '#' && ['{', '$', '@'].includes(chars[i + 1])) out += '\\#';
    else if (c >= 0xd800 && c <= 0xdfff) {
      // JSON's \ud800 becomes the bytes of an invalid UTF-8 sequence, which inspect shows as bytes.
      out += [0xe0 | (c >> 12), 0x80 | ((c >> 6) & 0x3f), 0x80 | (c & 0x3f)].map((b) => '\\x' + hex(b, 2, true)).join('');
    } else if ((c < 0x7f && c >= 0x20) || (c > 0x7f && !RUBY_NOT_PRINTABLE.test(ch))) out += ch;
    else out += c < 0x10000 ? '\\u' + hex(c, 4, true) : `\\u{${hex(c, 1, true)}}`;
  });
  return out + '"';
}

/** Float#to_s: fixed for -4 < decpt <= 16 (always with a fraction), else d.ddde±XX. */
function rubyFloat(x: number): string {
  if (x === 0) return Object.is(x, -0) ? '-0.0' : '0.0';
  const sign = x < 0 ? '-' : '';
  const { digits, exp } = shortestDigits(x);
  const decpt = exp + 1;
  if (decpt > 0 && decpt <= 16) {
    if (decpt >= digits.length) return `${sign}${digits}${'0'.repeat(decpt - digits.length)}.0`;
    return `${sign}${digits.slice(0, decpt)}.${digits.slice(decpt)}`;
  }
  if (decpt <= 0 && decpt > -4) return `${sign}0.${'0'.repeat(-decpt)}${digits}`;
  const mant = `${digits[0]}.${digits.length > 1 ? digits.slice(1) : '0'}`;
  return `${sign}${mant}e${exp < 0 ? '-' : '+'}${String(Math.abs(exp)).padStart(2, '0')}`;
}

/** A symbol Ruby 3.4 writes as `key:` (symbol_key_needs_quote is false). */
function rubySimpleSymbol(k: string): boolean {
  return /^[A-Za-z_\u0080-\u{10ffff}][A-Za-z0-9_\u0080-\u{10ffff}]*[?!]?$/u.test(k) && !/[\ud800-\udfff]/.test(k.replace(/[\ud800-\udbff][\udc00-\udfff]/g, ''));
}

function rubyInspect(v: JsonValue, style: '33' | '34-string' | '34-symbol'): string {
  if (v === null) return 'nil';
  if (typeof v === 'boolean') return String(v);
  if (typeof v === 'number') return jsonNumberIsFloat(v) ? rubyFloat(v) : JSON.stringify(v);
  if (typeof v === 'string') return rubyStr(v);
  if (Array.isArray(v)) return `[${v.map((x) => rubyInspect(x, style)).join(', ')}]`;
  const items = entries(v);
  if (!items.length) return '{}';
  const pair = ([k, x]: [string, JsonValue]): string => {
    const val = rubyInspect(x, style);
    if (style === '33') return `${rubyStr(k)}=>${val}`;
    if (style === '34-string') return `${rubyStr(k)} => ${val}`;
    return rubySimpleSymbol(k) ? `${k}: ${val}` : `${rubyStr(k)}: ${val}`;
  };
  return `{${items.map(pair).join(', ')}}`;
}

// ---------------------------------------------------------------------------------------------------------
// Go: fmt's %v of encoding/json's map[string]interface{}, %+v of a flat struct
// ---------------------------------------------------------------------------------------------------------

/** %v of a float64: strconv's 'g' with the shortest digits, which switches to %e when exp < -4 || exp >= 6. */
function goFloat(x: number): string {
  if (x === 0) return Object.is(x, -0) ? '-0' : '0';
  const sign = x < 0 ? '-' : '';
  const { digits, exp } = shortestDigits(x);
  if (exp < -4 || exp >= 6) return goExp(sign, digits, exp);
  const decpt = exp + 1;
  if (decpt <= 0) return `${sign}0.${'0'.repeat(-decpt)}${digits}`;
  if (decpt >= digits.length) return `${sign}${digits}${'0'.repeat(decpt - digits.length)}`;
  return `${sign}${digits.slice(0, decpt)}.${digits.slice(decpt)}`;
}

function goExp(sign: string, digits: string, exp: number): string {
  const mant = digits.length > 1 ? `${digits[0]}.${digits.slice(1)}` : digits;
  return `${sign}${mant}e${exp < 0 ? '-' : '+'}${String(Math.abs(exp)).padStart(2, '0')}`;
}

function goValue(v: JsonValue): string {
  if (v === null) return '<nil>';
  if (typeof v === 'boolean') return String(v);
  if (typeof v === 'number') return goFloat(v); // encoding/json decodes every number into a float64
  if (typeof v === 'string') return wellFormed(v);
  if (Array.isArray(v)) return `[${v.map(goValue).join(' ')}]`;
  const items = entries(v)
    .map(([k, x]) => [wellFormed(k), x] as [string, JsonValue])
    .sort((a, b) => cmpCodePoints(a[0], b[0])); // fmt sorts map keys; UTF-8 byte order is code point order
  return `map[${items.map(([k, x]) => `${k}:${goValue(x)}`).join(' ')}]`;
}

/** `valid_reset_events` → ValidResetEvents, `$type` → Type, `requiredCredits` → RequiredCredits. */
export function goFieldName(key: string): string | undefined {
  const parts = key.split(/[^A-Za-z0-9]+/).filter(Boolean);
  if (!parts.length || /[^\x00-\x7f]/.test(key)) return undefined;
  const name = parts.map((p) => p[0].toUpperCase() + p.slice(1)).join('');
  return /^[A-Z][A-Za-z0-9]*$/.test(name) ? name : undefined;
}

function goStructProblem(v: JsonValue): string | undefined {
  if (!isObject(v)) return 'a struct needs an object';
  const names = new Set<string>();
  for (const [k, x] of entries(v)) {
    const name = goFieldName(k);
    if (!name) return `key ${JSON.stringify(k)} makes no exported Go field name`;
    if (names.has(name)) return `keys give the field name ${name} twice`;
    names.add(name);
    if (isObject(x)) return `field ${name} holds an object (only flat objects)`;
    if (Array.isArray(x) && x.some((e) => e !== null && typeof e === 'object')) return `field ${name} holds nested arrays or objects`;
  }
  return undefined;
}

function goStructField(x: JsonValue): string {
  if (x === null) return '<nil>'; // an interface{} (or pointer) field left nil
  if (typeof x === 'number') return Number.isSafeInteger(x) ? String(x) : goFloat(x); // int fields, float64 otherwise
  if (Array.isArray(x)) return x.every((e) => typeof e === 'number' && Number.isSafeInteger(e)) ? `[${x.join(' ')}]` : goValue(x);
  return goValue(x);
}

function goStruct(v: { [key: string]: JsonValue }): string {
  return `&{${entries(v).map(([k, x]) => `${goFieldName(k)}:${goStructField(x)}`).join(' ')}}`;
}

// ---------------------------------------------------------------------------------------------------------
// YAML: PyYAML 6's Emitter (block style, default_flow_style=False, allow_unicode=True, sort_keys=True)
// with the represent_scalar of Ansible's yaml callback (literal blocks for multi-line strings)
// ---------------------------------------------------------------------------------------------------------

type YamlNode =
  | { kind: 'scalar'; value: string; plainImplicit: boolean; style: '|' | null }
  | { kind: 'seq'; items: YamlNode[] }
  | { kind: 'map'; pairs: [YamlNode, YamlNode][] };

const YAML_RESOLVERS: { first: string; re: RegExp }[] = [
  { first: 'yYnNtTfFoO', re: /^(?:yes|Yes|YES|no|No|NO|true|True|TRUE|false|False|FALSE|on|On|ON|off|Off|OFF)$/ },
  {
    first: '-+0123456789.',
    re: /^(?:[-+]?(?:[0-9][0-9_]*)\.[0-9_]*(?:[eE][-+][0-9]+)?|\.[0-9][0-9_]*(?:[eE][-+][0-9]+)?|[-+]?[0-9][0-9_]*(?::[0-5]?[0-9])+\.[0-9_]*|[-+]?\.(?:inf|Inf|INF)|\.(?:nan|NaN|NAN))$/,
  },
  { first: '-+0123456789', re: /^(?:[-+]?0b[0-1_]+|[-+]?0[0-7_]+|[-+]?(?:0|[1-9][0-9_]*)|[-+]?0x[0-9a-fA-F_]+|[-+]?[1-9][0-9_]*(?::[0-5]?[0-9])+)$/ },
  { first: '<', re: /^(?:<<)$/ },
  { first: '~nN', re: /^(?:~|null|Null|NULL|)$/ },
  {
    first: '0123456789',
    re: /^(?:[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]|[0-9][0-9][0-9][0-9]-[0-9][0-9]?-[0-9][0-9]?(?:[Tt]|[ \t]+)[0-9][0-9]?:[0-9][0-9]:[0-9][0-9](?:\.[0-9]*)?(?:[ \t]*(?:Z|[-+][0-9][0-9]?(?::[0-9][0-9])?))?)$/,
  },
  { first: '=', re: /^(?:=)$/ },
  { first: '!&*', re: /^(?:!|&|\*)$/ },
];

/** Would the plain scalar `s` resolve to a string? (Python's re.match lets `$` match before a final \n.) */
function yamlPlainIsStr(s: string): boolean {
  if (s === '') return false;
  const matches = (re: RegExp): boolean => re.test(s) || (s.endsWith('\n') && re.test(s.slice(0, -1)));
  return !YAML_RESOLVERS.some((r) => r.first.includes(s[0]) && matches(r.re));
}

const PY_PRINTABLE = /^[0-9A-Za-z!"#$%&'()*+,\-./:;<=>?@[\\\]^_`{|}~ \t\n\r\x0b\x0c]$/;

function pyExpandTabs(s: string): string {
  let out = '';
  let col = 0;
  for (const ch of cps(s)) {
    if (ch === '\t') {
      const n = 8 - (col % 8);
      out += ' '.repeat(n);
      col += n;
    } else {
      out += ch;
      col = ch === '\n' || ch === '\r' ? 0 : col + 1;
    }
  }
  return out;
}

/** str.rstrip() (Python whitespace). */
function pyRstrip(s: string): string {
  return s.replace(new RegExp(`[${PY_WS}]+$`, 'u'), '');
}

/** The Ansible callback's represent_scalar: multi-line strings become munged literal blocks. */
function yamlStrNode(value: string): YamlNode {
  if (/[\n\r\x1c\x1d\x1e\x85\u2028\u2029]/.test(value)) {
    let v = pyRstrip(value);
    v = cps(v).filter((x) => PY_PRINTABLE.test(x) || x.codePointAt(0)! >= 0xa0).join('');
    v = pyExpandTabs(v);
    v = v.replace(/[\x0b\x0c\r]/g, '');
    v = v.replace(/ +\n/g, '\n');
    return { kind: 'scalar', value: v, plainImplicit: yamlPlainIsStr(v), style: '|' };
  }
  return { kind: 'scalar', value, plainImplicit: yamlPlainIsStr(value), style: null };
}

function yamlNode(v: JsonValue): YamlNode {
  if (v === null) return { kind: 'scalar', value: 'null', plainImplicit: true, style: null };
  if (typeof v === 'boolean') return { kind: 'scalar', value: String(v), plainImplicit: true, style: null };
  if (typeof v === 'number') {
    let s = jsonNumberIsFloat(v) ? pyFloat(v).toLowerCase() : JSON.stringify(v);
    if (jsonNumberIsFloat(v) && !s.includes('.') && s.includes('e')) s = s.replace('e', '.0e');
    return { kind: 'scalar', value: s, plainImplicit: true, style: null };
  }
  if (typeof v === 'string') return yamlStrNode(v);
  if (Array.isArray(v)) return { kind: 'seq', items: v.map(yamlNode) };
  return { kind: 'map', pairs: pyItems(v, true).map(([k, x]) => [yamlStrNode(k), yamlNode(x)]) };
}

interface ScalarAnalysis {
  empty: boolean;
  multiline: boolean;
  allowFlowPlain: boolean;
  allowBlockPlain: boolean;
  allowSingleQuoted: boolean;
  allowBlock: boolean;
}

const YAML_BREAKS = '\n\x85\u2028\u2029';
const YAML_WS = '\0 \t\r\n\x85\u2028\u2029';

function analyzeScalar(scalar: string): ScalarAnalysis {
  const s = cps(scalar);
  if (!s.length) return { empty: true, multiline: false, allowFlowPlain: false, allowBlockPlain: true, allowSingleQuoted: true, allowBlock: false };
  let blockIndicators = false;
  let flowIndicators = false;
  let lineBreaks = false;
  let special = false;
  let leadingSpace = false;
  let leadingBreak = false;
  let trailingSpace = false;
  let trailingBreak = false;
  let breakSpace = false;
  let spaceBreak = false;
  if (scalar.startsWith('---') || scalar.startsWith('...')) blockIndicators = flowIndicators = true;
  let precededByWs = true;
  let followedByWs = s.length === 1 || YAML_WS.includes(s[1]);
  let prevSpace = false;
  let prevBreak = false;
  for (let index = 0; index < s.length; ) {
    const ch = s[index];
    const c = ch.codePointAt(0)!;
    if (index === 0) {
      if ('#,[]{}&*!|>\'"%@`'.includes(ch)) flowIndicators = blockIndicators = true;
      if ('?:'.includes(ch)) {
        flowIndicators = true;
        if (followedByWs) blockIndicators = true;
      }
      if (ch === '-' && followedByWs) flowIndicators = blockIndicators = true;
    } else {
      if (',?[]{}'.includes(ch)) flowIndicators = true;
      if (ch === ':') {
        flowIndicators = true;
        if (followedByWs) blockIndicators = true;
      }
      if (ch === '#' && precededByWs) flowIndicators = blockIndicators = true;
    }
    if (YAML_BREAKS.includes(ch)) lineBreaks = true;
    if (!(ch === '\n' || (c >= 0x20 && c <= 0x7e))) {
      const unicodeOk = (c === 0x85 || (c >= 0xa0 && c <= 0xd7ff) || (c >= 0xe000 && c <= 0xfffd) || (c >= 0x10000 && c < 0x10ffff)) && c !== 0xfeff;
      if (!unicodeOk) special = true; // allow_unicode=True: only these are special
    }
    if (ch === ' ') {
      if (index === 0) leadingSpace = true;
      if (index === s.length - 1) trailingSpace = true;
      if (prevBreak) breakSpace = true;
      prevSpace = true;
      prevBreak = false;
    } else if (YAML_BREAKS.includes(ch)) {
      if (index === 0) leadingBreak = true;
      if (index === s.length - 1) trailingBreak = true;
      if (prevSpace) spaceBreak = true;
      prevSpace = false;
      prevBreak = true;
    } else {
      prevSpace = prevBreak = false;
    }
    index++;
    precededByWs = YAML_WS.includes(ch);
    followedByWs = index + 1 >= s.length || YAML_WS.includes(s[index + 1]);
  }
  let allowFlowPlain = true;
  let allowBlockPlain = true;
  let allowSingleQuoted = true;
  let allowBlock = true;
  if (leadingSpace || leadingBreak || trailingSpace || trailingBreak) allowFlowPlain = allowBlockPlain = false;
  if (trailingSpace) allowBlock = false;
  if (breakSpace) allowFlowPlain = allowBlockPlain = allowSingleQuoted = false;
  if (spaceBreak || special) allowFlowPlain = allowBlockPlain = allowSingleQuoted = allowBlock = false;
  if (lineBreaks) allowFlowPlain = allowBlockPlain = false;
  if (flowIndicators) allowFlowPlain = false;
  if (blockIndicators) allowBlockPlain = false;
  return { empty: false, multiline: lineBreaks, allowFlowPlain, allowBlockPlain, allowSingleQuoted, allowBlock };
}

const YAML_ESCAPES: Record<string, string> = {
  '\0': '0', '\x07': 'a', '\x08': 'b', '\x09': 't', '\x0a': 'n', '\x0b': 'v', '\x0c': 'f', '\x0d': 'r', '\x1b': 'e',
  '"': '"', '\\': '\\', '\x85': 'N', '\xa0': '_', '\u2028': 'L', '\u2029': 'P',
};

/** A port of the parts of yaml/emitter.py that block-style output of plain data goes through. */
class YamlEmitter {
  private out: string[] = [];
  private length = 0;
  private column = 0;
  private whitespace = true;
  private indention = true;
  private indent: number | null = null;
  private readonly indents: (number | null)[] = [];
  private flowLevel = 0;
  private mappingContext = false;
  private rootContext = false;
  private openEnded = false;
  private simpleKeyContext = false;
  /** Output offset of the first character written for the node marked `mark`. */
  markAt = -1;
  private marking = false;

  constructor(private readonly bestWidth: number) {}

  text(): string {
    return this.out.join('');
  }

  private write(data: string): void {
    if (this.marking) {
      const i = data.search(/[^ \n]/);
      if (i >= 0) {
        this.markAt = this.length + i;
        this.marking = false;
      }
    }
    this.out.push(data);
    this.length += data.length;
  }

  private increaseIndent(flow: boolean, indentless = false): void {
    this.indents.push(this.indent);
    if (this.indent === null) this.indent = flow ? 2 : 0;
    else if (!indentless) this.indent += 2;
  }

  private writeIndicator(indicator: string, needWhitespace: boolean, whitespace = false, indention = false): void {
    const data = this.whitespace || !needWhitespace ? indicator : ' ' + indicator;
    this.whitespace = whitespace;
    this.indention = this.indention && indention;
    this.column += cpLen(data);
    this.openEnded = false;
    this.write(data);
  }

  private writeIndent(): void {
    const indent = this.indent ?? 0;
    if (!this.indention || this.column > indent || (this.column === indent && !this.whitespace)) this.writeLineBreak();
    if (this.column < indent) {
      this.whitespace = true;
      this.write(' '.repeat(indent - this.column));
      this.column = indent;
    }
  }

  private writeLineBreak(data = '\n'): void {
    this.whitespace = true;
    this.indention = true;
    this.column = 0;
    this.write(data);
  }

  document(root: YamlNode, mark?: YamlNode): void {
    this.node(root, { mark, root: true });
    // expect_document_end: write_indent; the stream end closes an open-ended document with `...`.
    this.writeIndent();
    if (this.openEnded) {
      this.writeIndicator('...', true);
      this.writeIndent();
    }
  }

  private node(n: YamlNode, ctx: { root?: boolean; mapping?: boolean; simpleKey?: boolean; mark?: YamlNode }): void {
    this.rootContext = !!ctx.root;
    this.mappingContext = !!ctx.mapping;
    this.simpleKeyContext = !!ctx.simpleKey;
    if (ctx.mark === n) this.marking = true;
    if (n.kind === 'scalar') {
      this.increaseIndent(true);
      this.scalar(n);
      this.indent = this.indents.pop()!;
    } else if (n.kind === 'seq') {
      if (this.flowLevel || !n.items.length) {
        this.writeIndicator('[', true, true);
        this.flowLevel++;
        this.increaseIndent(true);
        this.indent = this.indents.pop()!;
        this.flowLevel--;
        this.writeIndicator(']', false);
        return;
      }
      const indentless = this.mappingContext && !this.indention;
      this.increaseIndent(false, indentless);
      for (const item of n.items) {
        this.writeIndent();
        this.writeIndicator('-', true, false, true);
        this.node(item, { mark: ctx.mark });
      }
      this.indent = this.indents.pop()!;
    } else {
      if (this.flowLevel || !n.pairs.length) {
        this.writeIndicator('{', true, true);
        this.flowLevel++;
        this.increaseIndent(true);
        this.indent = this.indents.pop()!;
        this.flowLevel--;
        this.writeIndicator('}', false);
        return;
      }
      this.increaseIndent(false);
      for (const [k, v] of n.pairs) {
        this.writeIndent();
        if (this.checkSimpleKey(k)) {
          this.node(k, { mapping: true, simpleKey: true, mark: ctx.mark });
          this.writeIndicator(':', false);
          this.node(v, { mapping: true, mark: ctx.mark });
        } else {
          this.writeIndicator('?', true, false, true);
          this.node(k, { mapping: true, mark: ctx.mark });
          this.writeIndent();
          this.writeIndicator(':', true, false, true);
          this.node(v, { mapping: true, mark: ctx.mark });
        }
      }
      this.indent = this.indents.pop()!;
    }
  }

  private checkSimpleKey(k: YamlNode): boolean {
    if (k.kind !== 'scalar') return (k.kind === 'seq' ? k.items.length : k.pairs.length) === 0;
    const a = analyzeScalar(k.value);
    return cpLen(k.value) < 128 && !a.empty && !a.multiline;
  }

  private chooseStyle(n: YamlNode & { kind: 'scalar' }, a: ScalarAnalysis): '' | '|' | "'" | '"' {
    if (!n.style && n.plainImplicit) {
      if (!(this.simpleKeyContext && (a.empty || a.multiline)) && ((this.flowLevel && a.allowFlowPlain) || (!this.flowLevel && a.allowBlockPlain))) return '';
    }
    if (n.style === '|') {
      if (!this.flowLevel && !this.simpleKeyContext && a.allowBlock) return '|';
    }
    if (!n.style) {
      if (a.allowSingleQuoted && !(this.simpleKeyContext && a.multiline)) return "'";
    }
    return '"';
  }

  private scalar(n: YamlNode & { kind: 'scalar' }): void {
    const a = analyzeScalar(n.value);
    const style = this.chooseStyle(n, a);
    const split = !this.simpleKeyContext;
    if (style === '"') this.writeDoubleQuoted(n.value, split);
    else if (style === "'") this.writeSingleQuoted(n.value, split);
    else if (style === '|') this.writeLiteral(n.value);
    else this.writePlain(n.value, split);
  }

  private writePlain(scalar: string, split: boolean): void {
    if (this.rootContext) this.openEnded = true;
    const text = cps(scalar);
    if (!text.length) return;
    if (!this.whitespace) {
      this.column += 1;
      this.write(' ');
    }
    this.whitespace = false;
    this.indention = false;
    let spaces = false;
    let breaks = false;
    let start = 0;
    for (let end = 0; end <= text.length; end++) {
      const ch = end < text.length ? text[end] : null;
      if (spaces) {
        if (ch !== ' ') {
          if (start + 1 === end && this.column > this.bestWidth && split) {
            this.writeIndent();
            this.whitespace = false;
            this.indention = false;
          } else {
            const data = text.slice(start, end).join('');
            this.column += end - start;
            this.write(data);
          }
          start = end;
        }
      } else if (breaks) {
        if (ch === null || !YAML_BREAKS.includes(ch)) {
          if (text[start] === '\n') this.writeLineBreak();
          for (const br of text.slice(start, end)) this.writeLineBreak(br === '\n' ? '\n' : br);
          this.writeIndent();
          this.whitespace = false;
          this.indention = false;
          start = end;
        }
      } else if (ch === null || (' ' + YAML_BREAKS).includes(ch)) {
        const data = text.slice(start, end).join('');
        this.column += end - start;
        this.write(data);
        start = end;
      }
      if (ch !== null) {
        spaces = ch === ' ';
        breaks = YAML_BREAKS.includes(ch);
      }
    }
  }

  private writeSingleQuoted(scalar: string, split: boolean): void {
    const text = cps(scalar);
    this.writeIndicator("'", true);
    let spaces = false;
    let breaks = false;
    let start = 0;
    for (let end = 0; end <= text.length; end++) {
      const ch = end < text.length ? text[end] : null;
      if (spaces) {
        if (ch === null || ch !== ' ') {
          if (start + 1 === end && this.column > this.bestWidth && split && start !== 0 && end !== text.length) this.writeIndent();
          else {
            this.column += end - start;
            this.write(text.slice(start, end).join(''));
          }
          start = end;
        }
      } else if (breaks) {
        if (ch === null || !YAML_BREAKS.includes(ch)) {
          if (text[start] === '\n') this.writeLineBreak();
          for (const br of text.slice(start, end)) this.writeLineBreak(br === '\n' ? '\n' : br);
          this.writeIndent();
          start = end;
        }
      } else if (ch === null || (' ' + YAML_BREAKS).includes(ch) || ch === "'") {
        if (start < end) {
          this.column += end - start;
          this.write(text.slice(start, end).join(''));
          start = end;
        }
      }
      if (ch === "'") {
        this.column += 2;
        this.write("''");
        start = end + 1;
      }
      if (ch !== null) {
        spaces = ch === ' ';
        breaks = YAML_BREAKS.includes(ch);
      }
    }
    this.writeIndicator("'", false);
  }

  private writeDoubleQuoted(scalar: string, split: boolean): void {
    const text = cps(scalar);
    this.writeIndicator('"', true);
    let start = 0;
    for (let end = 0; end <= text.length; end++) {
      const ch = end < text.length ? text[end] : null;
      const c = ch === null ? -1 : ch.codePointAt(0)!;
      if (ch === null || '"\\\x85\u2028\u2029\ufeff'.includes(ch) || !((c >= 0x20 && c <= 0x7e) || (c >= 0xa0 && c <= 0xd7ff) || (c >= 0xe000 && c <= 0xfffd))) {
        if (start < end) {
          this.column += end - start;
          this.write(text.slice(start, end).join(''));
          start = end;
        }
        if (ch !== null) {
          const data = YAML_ESCAPES[ch] !== undefined ? '\\' + YAML_ESCAPES[ch] : c <= 0xff ? '\\x' + hex(c, 2, true) : c <= 0xffff ? '\\u' + hex(c, 4, true) : '\\U' + hex(c, 8, true);
          this.column += data.length;
          this.write(data);
          start = end + 1;
        }
      }
      if (end > 0 && end < text.length - 1 && (ch === ' ' || start >= end) && this.column + (end - start) > this.bestWidth && split) {
        const data = text.slice(start, end).join('') + '\\';
        if (start < end) start = end;
        this.column += cpLen(data);
        this.write(data);
        this.writeIndent();
        this.whitespace = false;
        this.indention = false;
        if (text[start] === ' ') {
          this.column += 1;
          this.write('\\');
        }
      }
    }
    this.writeIndicator('"', false);
  }

  private writeLiteral(scalar: string): void {
    const text = cps(scalar);
    let hints = '';
    if (text.length) {
      if (' \n\x85\u2028\u2029'.includes(text[0])) hints += '2';
      if (!YAML_BREAKS.includes(text[text.length - 1])) hints += '-';
      else if (text.length === 1 || YAML_BREAKS.includes(text[text.length - 2])) hints += '+';
    }
    this.writeIndicator('|' + hints, true);
    if (hints.endsWith('+')) this.openEnded = true;
    this.writeLineBreak();
    let breaks = true;
    let start = 0;
    for (let end = 0; end <= text.length; end++) {
      const ch = end < text.length ? text[end] : null;
      if (breaks) {
        if (ch === null || !YAML_BREAKS.includes(ch)) {
          for (const br of text.slice(start, end)) this.writeLineBreak(br === '\n' ? '\n' : br);
          if (ch !== null) this.writeIndent();
          start = end;
        }
      } else if (ch === null || YAML_BREAKS.includes(ch)) {
        this.write(text.slice(start, end).join(''));
        if (ch === null) this.writeLineBreak();
        start = end;
      }
      if (ch !== null) breaks = YAML_BREAKS.includes(ch);
    }
  }
}

/** yaml.dump(data, Dumper=<with the callback's represent_scalar>, allow_unicode=True, width=…, default_flow_style=False). */
export function ansibleYamlDump(value: JsonValue, width = 1000): string {
  const e = new YamlEmitter(width > 4 ? width : 80);
  e.document(yamlNode(value));
  return e.text();
}

/** The registered result of the failed `uri` task whose `json` is the body (what the callback dumps). */
export function ansibleTaskResult(value: JsonValue, status: number): { [key: string]: JsonValue } {
  return {
    changed: false,
    connection: 'close',
    content_length: String(Buffer.byteLength(JSON.stringify(value))),
    content_type: 'application/json',
    cookies: {},
    date: 'Mon, 30 Nov 2026 10:00:00 GMT',
    elapsed: 0,
    json: value,
    msg: `Status code was ${status} and not [200]: HTTP Error ${status}: ${reasonOf(status)}`,
    redirected: false,
    status,
    url: 'https://api.example/v1/workflows',
    x_request_id: 'req-7f3a9c',
  };
}

/** The line that precedes the callback's dump; the self-check compares what follows it. */
export const ANSIBLE_HEAD = 'TASK [Start the nightly workflow] **********************************************\nfatal: [web1]: FAILED! => ';

function ansibleResult(value: JsonValue, status: number, width: number): Rendered {
  // The callback's _dump_results: `changed` goes into the header, the rest is dumped and indented.
  const { changed, ...rest } = ansibleTaskResult(value, status);
  const root = yamlNode(rest);
  const jsonNode = root.kind === 'map' ? root.pairs.find(([k]) => k.kind === 'scalar' && k.value === 'json')![1] : undefined;
  const e = new YamlEmitter(width > 4 ? width : 80);
  e.document(root, jsonNode);
  const header = `changed=${String(changed)} \n`;
  const dumped = header + e.text();
  // '\n  '.join(dumped.split('\n')).rstrip()
  const indented = pyRstrip(dumped.split('\n').join('\n  '));
  // Offsets move by 2 for every line break before the mark.
  const markInDumped = header.length + e.markAt;
  const breaksBefore = (dumped.slice(0, markInDumped).match(/\n/g) ?? []).length;
  return { text: ANSIBLE_HEAD + indented + '\n', bodyStart: ANSIBLE_HEAD.length + markInDumped + 2 * breaksBefore };
}

// ---------------------------------------------------------------------------------------------------------
// jq -C (src/jv_print.c)
// ---------------------------------------------------------------------------------------------------------

const ESC = '\x1b';
const JQ_COLORS = {
  '1.6': { null: '1;30', false: '0;39', true: '0;39', number: '0;39', string: '0;32', array: '1;39', object: '1;39', field: '34;1' },
  '1.7': { null: '0;90', false: '0;39', true: '0;39', number: '0;39', string: '0;32', array: '1;39', object: '1;39', field: '1;34' },
};

function jqString(s: string): string {
  let out = '"';
  for (const ch of cps(wellFormed(s))) {
    const c = ch.codePointAt(0)!;
    if (c >= 0x20 && c <= 0x7e) out += ch === '"' || ch === '\\' ? '\\' + ch : ch;
    else if (c < 0x20 || c === 0x7f) {
      const named: Record<number, string> = { 8: '\\b', 9: '\\t', 13: '\\r', 10: '\\n', 12: '\\f' };
      out += named[c] ?? '\\u' + hex(c, 4);
    } else out += ch;
  }
  return out + '"';
}

/** jvp_dtoa_fmt: shortest digits; exponent form when decpt <= -4 || decpt > ndigits + 15. */
function jqNumber16(x: number): string {
  if (x === 0) return '0';
  const sign = x < 0 ? '-' : '';
  const { digits, exp } = shortestDigits(x);
  const decpt = exp + 1;
  if (decpt <= -4 || decpt > digits.length + 15) {
    const mant = digits.length > 1 ? `${digits[0]}.${digits.slice(1)}` : digits;
    return `${sign}${mant}e${exp < 0 ? '-' : '+'}${String(Math.abs(exp)).padStart(2, '0')}`;
  }
  if (decpt <= 0) return `${sign}0.${'0'.repeat(-decpt)}${digits}`;
  if (decpt >= digits.length) return `${sign}${digits}${'0'.repeat(decpt - digits.length)}`;
  return `${sign}${digits.slice(0, decpt)}.${digits.slice(decpt)}`;
}

function jqDump(v: JsonValue, indent: number, version: '1.6' | '1.7'): string {
  const colors = JQ_COLORS[version];
  const col = (c: string): string => `${ESC}[${c}m`;
  const reset = `${ESC}[0m`;
  const pad = (n: number): string => '  '.repeat(n);
  const kind = v === null ? 'null' : v === true ? 'true' : v === false ? 'false' : typeof v === 'number' ? 'number' : typeof v === 'string' ? 'string' : Array.isArray(v) ? 'array' : 'object';
  const color = col(colors[kind]);
  let out = color;
  if (v === null || typeof v === 'boolean') out += String(v);
  else if (typeof v === 'number') out += version === '1.6' ? jqNumber16(v) : JSON.stringify(v).replace('e', 'E');
  else if (typeof v === 'string') out += jqString(v);
  else if (Array.isArray(v)) {
    if (!v.length) out += '[]';
    else {
      out += '[\n' + pad(indent + 1);
      v.forEach((x, i) => {
        if (i) out += ',\n' + pad(indent + 1);
        out += jqDump(x, indent + 1, version) + color;
      });
      out += '\n' + pad(indent) + color + ']';
    }
  } else {
    const items = entries(v);
    if (!items.length) out += '{}';
    else {
      out += '{\n' + pad(indent + 1);
      items.forEach(([k, x], i) => {
        if (i) out += ',\n' + pad(indent + 1);
        out += reset + col(colors.field) + jqString(k) + reset + color + ': ' + reset + jqDump(x, indent + 1, version) + color;
      });
      out += '\n' + pad(indent) + color + '}';
    }
  }
  return out + reset;
}

// ---------------------------------------------------------------------------------------------------------
// render / canRender
// ---------------------------------------------------------------------------------------------------------

const TS = '2026-11-30T10:00:00Z';

function prefixed(prefix: string, body: string, suffix = ''): Rendered {
  return { text: prefix + body + suffix, bodyStart: prefix.length };
}

/** A string (value or key) anywhere in `v` holds a high surrogate without its low half. */
function hasLoneHighSurrogate(v: JsonValue): boolean {
  const lone = (s: string): boolean => /[\ud800-\udbff](?![\udc00-\udfff])/.test(s);
  if (typeof v === 'string') return lone(v);
  if (Array.isArray(v)) return v.some(hasLoneHighSurrogate);
  if (isObject(v)) return entries(v).some(([k, x]) => lone(k) || hasLoneHighSurrogate(x));
  return false;
}

function problemOf(value: JsonValue, notation: NotationId): string | undefined {
  if (notation === 'go-struct') return goStructProblem(value);
  if (notation === 'jq-color' && hasLoneHighSurrogate(value)) return 'jq 1.6 stops with "parse error: Invalid \\uXXXX\\uXXXX surrogate pair escape" on a lone high surrogate';
  if ((notation === 'ruby-inspect' || notation === 'ruby-34') && hasLoneHighSurrogate(value)) return "Ruby's JSON gem turns a lone high surrogate into '?' and drops the character after it: no faithful body to print";
  return undefined;
}

export function canRender(value: unknown, notation: NotationId): boolean {
  try {
    assertJson(value);
  } catch {
    return false;
  }
  return problemOf(value, notation) === undefined;
}

export function render(value: unknown, notation: NotationId, opts: RenderOptions = {}): Rendered {
  assertJson(value);
  const problem = problemOf(value, notation);
  if (problem) throw new NotRepresentable(notation, problem);
  const status = statusOf(value, opts);
  const json = JSON.stringify(value);
  switch (notation) {
    case 'json-line':
      return prefixed(`${TS} ERROR request failed: `, json, '\n');
    case 'json-pretty':
      return prefixed(`${TS} ERROR request failed, response body:\n`, JSON.stringify(value, null, 2), '\n');
    case 'jsonl-escaped-1': {
      const head = `{"level":"error","time":"${TS}","logger":"api-client","msg":"`;
      return prefixed(head, escapeJson(json), `","status":${status}}\n`);
    }
    case 'jsonl-escaped-2': {
      const innerHead = `{"level":"error","time":"${TS}","logger":"api-client","msg":"`;
      const inner = innerHead + escapeJson(json) + `","status":${status}}\n`;
      const head = '{"log":"';
      return {
        text: `${head}${escapeJson(inner)}","stream":"stderr","time":"2026-11-30T10:00:00.123456789Z"}\n`,
        bodyStart: head.length + escapeJson(innerHead).length,
      };
    }
    case 'cloudwatch': {
      const r = withBodyString(
        JSON.stringify({ logStreamName: '2026/11/30/[$LATEST]4f1c2a9e0b7d4e6f8a3c5b1d9e7f2a6c', timestamp: 1795946400000, message: PLACEHOLDER, ingestionTime: 1795946400412, eventId: '38675430122839487110293846571029384657102938465710' }),
        json + '\n',
      );
      return { text: r.text + '\n', bodyStart: r.bodyStart };
    }
    case 'otel': {
      const record = {
        resourceLogs: [
          {
            resource: { attributes: [{ key: 'service.name', value: { stringValue: 'checkout' } }, { key: 'deployment.environment', value: { stringValue: 'prod' } }] },
            scopeLogs: [
              {
                scope: { name: 'api-client', version: '2.4.1' },
                logRecords: [
                  {
                    timeUnixNano: '1795946400000000000',
                    observedTimeUnixNano: '1795946400001234567',
                    severityNumber: 17,
                    severityText: 'ERROR',
                    body: { stringValue: PLACEHOLDER },
                    attributes: [{ key: 'http.response.status_code', value: { intValue: String(status) } }],
                    traceId: '5b8efff798038103d269b633813fc60c',
                    spanId: 'eee19b7ec3c1b174',
                  },
                ],
              },
            ],
          },
        ],
      };
      const r = withBodyString(JSON.stringify(record), json);
      return { text: r.text + '\n', bodyStart: r.bodyStart };
    }
    case 'har': {
      const har = {
        log: {
          version: '1.2',
          creator: { name: 'WebInspector', version: '537.36' },
          pages: [],
          entries: [
            {
              startedDateTime: '2026-11-30T10:00:00.000Z',
              time: 182.4,
              request: {
                method: 'POST',
                url: 'https://api.example/v1/workflows',
                httpVersion: 'http/2.0',
                headers: [{ name: 'content-type', value: 'application/json' }],
                queryString: [],
                cookies: [],
                headersSize: -1,
                bodySize: 29,
                postData: { mimeType: 'application/json', text: '{"workflow":"nightly-report"}' },
              },
              response: {
                status,
                statusText: '',
                httpVersion: 'http/2.0',
                headers: [
                  { name: 'content-type', value: 'application/json' },
                  { name: 'x-request-id', value: 'req-7f3a9c' },
                ],
                cookies: [],
                content: { size: Buffer.byteLength(json), mimeType: 'application/json', text: PLACEHOLDER },
                redirectURL: '',
                headersSize: -1,
                bodySize: -1,
                _transferSize: 412,
              },
              cache: {},
              timings: { blocked: 1.2, dns: -1, ssl: -1, connect: -1, send: 0.1, wait: 180.3, receive: 0.8 },
            },
          ],
        },
      };
      return withBodyString(JSON.stringify(har, null, 2), json);
    }
    case 'truncated': {
      const head = `${TS} ERROR request failed: `;
      const line = head + json;
      const wanted = opts.truncateAt ?? head.length + (opts.truncateBodyAt ?? Math.max(1, Math.floor(json.length * 0.6)));
      const at = Math.max(head.length + 1, Math.min(line.length, wanted));
      return { text: line.slice(0, at) + (opts.truncationMarker ?? '') + '\n', bodyStart: head.length };
    }
    case 'python-repr':
      return prefixed('ERROR:app.client:request failed: ', pyRepr(value), '\n');
    case 'python-pprint':
      return prefixed('ERROR:app.client:request failed, response body:\n', pyPformat(value), '\n');
    case 'python-exception':
      return pythonTraceback(value, status);
    case 'node-inspect':
      return prefixed(`[${TS}] request failed: `, inspect(value, { depth: 2 }), '\n');
    case 'node-inspect-color':
      return prefixed(`[${TS}] request failed: `, inspect(value, { depth: 2, colors: true }), '\n');
    case 'axios-error':
      return axiosDump(value, status);
    case 'js-literal':
      return prefixed(
        "import { test } from 'node:test';\n\n// The answer of POST /v1/workflows that the client must explain.\nconst body = ",
        jsLiteral(value, 0),
        `;\n\ntest('explains the failure', () => {\n  mockFetch(new Response(JSON.stringify(body), { status: ${status} }));\n});\n`,
      );
    case 'ruby-inspect':
      return prefixed('E, [2026-11-30T10:00:00.123456 #4211] ERROR -- : request failed: ', rubyInspect(value, '33'), '\n');
    case 'ruby-34':
      return prefixed('E, [2026-11-30T10:00:00.123456 #4211] ERROR -- : request failed: ', rubyInspect(value, opts.rubyKeys === 'string' ? '34-string' : '34-symbol'), '\n');
    case 'go-map':
      return prefixed('2026/11/30 10:00:00 request failed: ', goValue(value), '\n');
    case 'go-struct':
      return prefixed('2026/11/30 10:00:00 request failed: ', goStruct(value as { [key: string]: JsonValue }), '\n');
    case 'yaml':
      return ansibleResult(value, status, opts.yamlWidth ?? 1000);
    case 'csv': {
      const head = `timestamp,service,level,status,message\n2026-11-30T10:00:00.000Z,checkout,error,${status},"`;
      return prefixed(head, json.replace(/"/g, '""'), '"\n');
    }
    case 'jq-color':
      return prefixed('$ curl -s https://api.example/v1/workflows/wf_01HXYZ | jq -C .\n', jqDump(value, 0, opts.jqVersion ?? '1.6'), '\n');
    case 'curl-v': {
      const eol = opts.crlf ? '\r\n' : '\n';
      const lines = [
        '$ curl -v -X POST https://api.example/v1/workflows -H "content-type: application/json" -d \'{"workflow":"nightly-report"}\'',
        '* Host api.example:443 was resolved.',
        '*   Trying 203.0.113.10:443...',
        '* Connected to api.example (203.0.113.10) port 443',
        '* ALPN: curl offers h2,http/1.1',
        '* SSL connection using TLSv1.3 / TLS_AES_256_GCM_SHA384 / X25519 / RSASSA-PSS',
        '* ALPN: server accepted h2',
        '* using HTTP/2',
        '* [HTTP/2] [1] OPENED stream for https://api.example/v1/workflows',
        '> POST /v1/workflows HTTP/2',
        '> Host: api.example',
        '> User-Agent: curl/8.5.0',
        '> Accept: */*',
        '> content-type: application/json',
        '> Content-Length: 29',
        '> ',
        '* upload completely sent off: 29 bytes',
      ].join('\n');
      const headers = [
        `< HTTP/2 ${status} `,
        '< content-type: application/json',
        `< content-length: ${Buffer.byteLength(json)}`,
        '< date: Mon, 30 Nov 2026 10:00:00 GMT',
        '< x-request-id: req-7f3a9c',
        '< ',
      ].join(eol);
      return prefixed(`${lines}\n${headers}${eol}`, json, '* Connection #0 to host api.example left intact\n');
    }
  }
}
