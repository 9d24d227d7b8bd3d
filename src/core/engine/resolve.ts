// From a rule's match to a finding: which entry the body names (by code, by message, by status), which
// HTTP status it carries, whether anything names its API at all, and the facts the rule asks for. One
// generic procedure for every API: what differs between APIs is only in their catalog data.
import type { Catalog } from '../catalog/catalog';
import type { CatalogEntry } from '../catalog/types';
import { contextFromAncestors, firstMark, type ContextMark } from './context';
import type { EvidenceTracker } from './evidence';
import { EngineRules, entryRule, unlistedRule, newFinding, type Fact, type Finding } from './finding';
import { allHold, resolvePath, valueAt, type CompiledRule, type RuleMatch, type Scope } from './shapes';
import { displayOf, get, httpStatusOf, isArr, isObj, newObj, numberOf, Opaque, textOf, type Notation, type Obj, type Value } from './tree';

/** One match with where it is in the scanned text. */
export interface LocatedMatch {
  match: RuleMatch;
  start: number;
  end: number;
  /** The whole body, when the error is one item of it. */
  body?: [number, number];
  notation: Notation[];
}

export interface ResolveEnv {
  catalog: Catalog;
  evidence: EvidenceTracker;
  /** Status lines and headers near [start, end). */
  contextOf: (start: number, end: number) => ContextMark[];
}

const MAX_FACT_VALUES = 20;
const MAX_TEXT = 2000;

interface Resolved {
  finding: Finding;
  named: boolean;
  score: number;
  order: number;
  /** How the rule names its API (its `identifies`). */
  rule: 'shape' | 'known' | 'evidence';
}

/** Resolves the matches of one tree. Matches of several APIs on the same object compete; the best names it. */
export function resolveMatches(matches: readonly LocatedMatch[], env: ResolveEnv): Finding[] {
  const byError = new Map<Value, Resolved[]>();
  const order: Value[] = [];
  for (const m of matches) {
    const r = resolveOne(m, env);
    const key = m.match.error;
    let list = byError.get(key);
    if (!list) {
      byError.set(key, (list = []));
      order.push(key);
    }
    list.push(r);
  }
  const out: Finding[] = [];
  for (const key of order) {
    const list = byError.get(key)!;
    list.sort((a, b) => b.score - a.score || a.order - b.order);
    const best = list[0];
    if (best.named) {
      out.push(best.finding);
      continue;
    }
    // Nothing names an API. An error body with an HTTP error status is reported as unrecognized (low
    // severity); without one, or when only evidence could have named it (`{status, detail}` is every
    // framework's shape), it is nobody's error and nothing is said.
    const shaped = list.filter((r) => r.rule !== 'evidence');
    const status = best.finding.status;
    if (shaped.length === 0 || status === null || status < 400) continue;
    const candidates = [...new Set(shaped.map((r) => r.finding.api).filter((a): a is string => a !== null))];
    out.push({ ...best.finding, rule: EngineRules.unrecognizedBody, api: null, entry: null, code: null, identifiedBy: undefined, candidates, suggestions: undefined, notes: undefined });
  }
  return out;
}

/** The first value the paths lead to; null and empty or blank strings count as absent (Go prints `Reason:`). */
function firstValue(scope: Scope, paths: readonly string[][]): Value | undefined {
  for (const p of paths) {
    const v = valueAt(scope, p);
    if (v !== undefined && v !== null && !(typeof v === 'string' && v.trim() === '')) return v;
  }
  return undefined;
}

/** Fields read out of the message (`Required: 10, Available: 3`) fill in what the body lacks. */
function withMessageFields(node: Value, rule: CompiledRule, message: string | undefined): Value {
  if (!rule.messageFields || !message || !isObj(node)) return node;
  const m = rule.messageFields.exec(message.length > MAX_TEXT ? message.slice(0, MAX_TEXT) : message);
  if (!m?.groups) return node;
  const overlay = newObj();
  for (const k in node) overlay[k] = node[k];
  for (const [k, v] of Object.entries(m.groups)) {
    if (v === undefined || get(overlay, k) !== undefined) continue;
    const n = numberOf(v);
    overlay[k] = n ?? v;
  }
  return overlay;
}

function resolveOne(m: LocatedMatch, env: ResolveEnv): Resolved {
  const { catalog, evidence } = env;
  const rule = m.match.rule;
  const api = rule.api;
  const rawScope = m.match.scope;
  const message = textOf(firstValue(rawScope, rule.message));
  const scope: Scope = { node: withMessageFields(rawScope.node, rule, message), up: rawScope.up };

  const codeValue = textOf(firstValue(scope, rule.code));
  let bodyStatus: number | undefined;
  for (const p of rule.status) {
    bodyStatus = httpStatusOf(valueAt(scope, p));
    if (bodyStatus !== undefined) break;
  }
  const implied = rule.implies.find((i) => allHold(scope, i.when))?.status;

  // The entry: by the code the body names (a status too, when the rule reads its code from a status
  // field), else by a message the entries list, else by a pattern of theirs over the message.
  let entry: CatalogEntry | undefined;
  let identifiedBy: Finding['identifiedBy'];
  let statusFromMessage = false;
  if (codeValue !== undefined) {
    entry = catalog.lookupCode(api, codeValue);
    if (entry) identifiedBy = 'code';
  }
  if (!entry && message !== undefined) {
    entry = catalog.byMessage(api, message);
    // An exact message (Wireflow sends each with one status) says the status too; a pattern only the cause.
    statusFromMessage = entry !== undefined;
    entry ??= catalog.byMessagePattern(api, message);
    if (entry) identifiedBy = 'message';
  }

  // Every error of one body shares the body's surroundings.
  const context = env.contextOf(m.body?.[0] ?? m.start, m.body?.[1] ?? m.end);
  const around = contextFromAncestors(scope.up);
  const contextStatus = firstMark(context, 'status');
  const single = (e: CatalogEntry | undefined): number | undefined => (e && e.statuses.length === 1 ? e.statuses[0] : undefined);
  // A status from around the body only where it fits the entry: an entry listing statuses takes one of
  // them (a neighbouring request's status is not this body's), and a job reason, which is no HTTP
  // response, takes none.
  // A pattern over a GraphQL message names a cause, not the response's status: any status fits it.
  const strict = identifiedBy === 'code' || statusFromMessage;
  const fits = (s: number | undefined): number | undefined =>
    s === undefined || !entry ? s : entry.statuses.length === 0 ? undefined : !strict || entry.statuses.includes(s) || /^[1-5]xx$/.test(entry.code) ? s : undefined;
  const status =
    bodyStatus ??
    implied ??
    (statusFromMessage ? single(entry) : undefined) ??
    fits(around.status) ??
    fits(contextStatus ? Number(contextStatus.value) : undefined) ??
    single(entry) ??
    (entry && entry.statuses.length === 0 ? undefined : rule.defaultStatus) ??
    null;
  if (!entry && status !== null) entry = catalog.byStatus(api, status);

  if (!identifiedBy && isObj(scope.node) && hasOwnField(scope.node, api, env)) identifiedBy = 'field';
  let named: boolean;
  if (rule.identifies === 'shape') {
    named = true;
    identifiedBy ??= 'shape';
  } else if (rule.identifies === 'known' && identifiedBy) named = true;
  else if (evidence.has(api, m.body?.[0] ?? m.start, m.body?.[1] ?? m.end)) {
    named = true;
    identifiedBy = 'evidence';
  } else {
    named = false;
    identifiedBy = undefined;
  }

  const code = codeValue ?? entry?.code ?? null;
  let ruleId: string;
  let suggestions: string[] | undefined;
  let category: string | undefined;
  if (entry) ruleId = entryRule(api, entry.code);
  else if (code !== null && catalog.codeApi(code) === api) {
    ruleId = EngineRules.unknownCode;
    suggestions = catalog.nearestCodes(code, 3).map((e) => e.id);
    category = catalog.categoryOf(api, code);
  } else ruleId = unlistedRule(api);

  const facts = factsOf(scope, rule);
  addContextFacts(facts, context, around);
  const notes = notesOf(rule, status, entry);
  const finding = newFinding({
    rule: ruleId,
    kind: 'body',
    api,
    entry: entry?.id ?? null,
    code,
    status,
    start: m.start,
    end: m.end,
    body: m.body,
    item: m.match.itemPath,
    notation: m.notation,
    facts,
    context,
    identifiedBy,
    suggestions: suggestions?.length ? suggestions : undefined,
    category: category || undefined,
    notes: notes.length ? notes : undefined,
  });
  const score = (named ? 10 : 0) + (identifiedBy === 'code' || identifiedBy === 'message' || identifiedBy === 'field' ? 2 : 0) + (identifiedBy === 'evidence' ? 1 : 0);
  return { finding, named, score, order: rule.order, rule: rule.identifies };
}

function hasOwnField(o: Obj, api: string, env: ResolveEnv): boolean {
  const fields = env.evidence.fields;
  for (const k in o) {
    const owners = fields.get(k.toLowerCase());
    if (owners && owners.includes(api) && o[k] !== null && o[k] !== false) return true;
  }
  return false;
}

function notesOf(rule: CompiledRule, status: number | null, entry: CatalogEntry | undefined): string[] {
  const out: string[] = [];
  for (const n of rule.source.notes ?? []) {
    if (!n.statuses || n.statuses.length === 0) {
      out.push(n.text);
      continue;
    }
    // With no status known, the note applies when every status the entry comes with is covered.
    const statuses = status !== null ? [status] : entry?.statuses ?? [];
    if (statuses.length && statuses.every((s) => n.statuses!.some((x) => statusCovers(x, s)))) out.push(n.text);
  }
  return out;
}

function statusCovers(x: number | string, s: number): boolean {
  if (typeof x === 'number') return x === s;
  const cls = /^([1-5])xx$/i.exec(x);
  if (cls) return Math.floor(s / 100) === Number(cls[1]);
  return Number(x) === s;
}

const clip = (s: string): string => (s.length > MAX_TEXT ? s.slice(0, MAX_TEXT - 1) + '…' : s);

/** The facts a rule asks for, read from the error's scope. Values of unexpected types are shown as written, never thrown on. */
function factsOf(scope: Scope, rule: CompiledRule): Fact[] {
  const out: Fact[] = [];
  for (const f of rule.facts) {
    const fr = f.rule;
    const format = fr.format ?? 'text';
    const found = resolvePath(scope, f.path, MAX_FACT_VALUES);
    for (const s of found) {
      const v = s.node;
      if (v === null || v === undefined) continue;
      if (fr.type && !hasType(v, fr.type)) continue;
      const fact = factOf(fr.label, format, v, s, f.minus, fr.template);
      if (fact) out.push(fact);
    }
  }
  return out;
}

function hasType(v: Value, t: string): boolean {
  if (t === 'array') return isArr(v);
  if (t === 'object') return isObj(v);
  return typeof v === t;
}

function factOf(label: string, format: string, v: Value, scope: Scope, minus: string[] | undefined, template: string | undefined): Fact | undefined {
  switch (format) {
    case 'number': {
      const n = numberOf(v);
      if (n === undefined) return { label, kind: 'code', value: clip(displayOf(v)) };
      return template?.includes('{}') ? { label, kind: 'number', value: n, template } : { label, kind: 'number', value: n };
    }
    case 'difference': {
      const a = numberOf(v);
      const b = minus ? numberOf(valueAt(scope, minus.length && minus[0] === '^' ? minus : ['^', ...minus])) : undefined;
      if (a === undefined || b === undefined) return undefined;
      return template?.includes('{}') ? { label, kind: 'difference', value: a - b, template } : { label, kind: 'difference', value: a - b };
    }
    case 'unix-seconds': {
      const n = numberOf(v);
      // Outside ±10^11 s a number is not a time a server sends; shown as written instead.
      return n !== undefined && Math.abs(n) < 1e11 ? { label, kind: 'unix-seconds', value: n } : { label, kind: 'code', value: clip(displayOf(v)) };
    }
    case 'list': {
      if (isArr(v)) return { label, kind: 'list', value: v.slice(0, 100).map((x) => clip(displayOf(x, 200))) };
      return { label, kind: 'list', value: [clip(displayOf(v))] };
    }
    case 'map': {
      if (!isObj(v)) return { label, kind: 'code', value: clip(displayOf(v)) };
      const rows: [string, string[]][] = [];
      for (const k in v) {
        if (rows.length >= 50) break;
        const x = v[k];
        const msgs = isArr(x) ? x.slice(0, 20).map((y) => clip(displayOf(y, 500))) : [clip(displayOf(x, 500))];
        rows.push([clip(k), msgs]);
      }
      return { label, kind: 'map', value: rows };
    }
    case 'template': {
      const holes = templateHoles(template ?? '', v);
      return { label, kind: 'template', value: clip((template ?? '').replace(HOLE, (_, path: string) => (Object.prototype.hasOwnProperty.call(holes, path) ? holes[path] : '?'))), template: template ?? '', holes };
    }
    case 'present':
      return v === false ? undefined : { label, kind: 'present', value: template ?? '' };
    case 'code':
      return { label, kind: 'code', value: clip(typeof v === 'string' ? v : displayOf(v, MAX_TEXT)) };
    default:
      return { label, kind: 'text', value: clip(typeof v === 'string' ? v : displayOf(v, MAX_TEXT)) };
  }
}

const HOLE = /\{([^{}]{1,64})\}/g;

/** The values of a template's `{path}` holes in an object (`{nodeLabel}` → `Text to Image`); a missing value is `?`. */
function templateHoles(template: string, v: Value): Record<string, string> {
  const holes: Record<string, string> = {};
  for (const [, path] of template.matchAll(HOLE)) {
    const x = isObj(v) ? valueAt({ node: v, up: [] }, path.split('.')) : undefined;
    holes[path] = x === undefined || x === null ? '?' : x instanceof Opaque ? x.text : displayOf(x, 200);
  }
  return holes;
}

/** Facts from the status line, headers and records around the body. */
function addContextFacts(facts: Fact[], context: readonly ContextMark[], around: ReturnType<typeof contextFromAncestors>): void {
  const retryAfter = firstMark(context, 'retry-after')?.value ?? around.retryAfter;
  if (retryAfter !== undefined) {
    const t = retryAfter.trim();
    if (/^\d{1,10}$/.test(t)) facts.push({ label: 'Retry-After', kind: 'retry-after', value: Number(t) });
    else if (t && !Number.isNaN(Date.parse(t))) facts.push({ label: 'Retry-After', kind: 'retry-after', value: clip(t) });
  }
  const reset = firstMark(context, 'rate-limit-reset');
  if (reset && /^\d{1,12}$/.test(reset.value)) facts.push({ label: 'X-RateLimit-Reset', kind: 'unix-seconds', value: Number(reset.value) });
  const timestamp = firstMark(context, 'timestamp')?.value ?? around.timestamp;
  if (timestamp) facts.push({ label: 'Logged at', kind: 'code', value: clip(timestamp) });
  const requestId = firstMark(context, 'request-id')?.value ?? around.requestId;
  if (requestId) facts.push({ label: 'Request id', kind: 'request-id', value: clip(requestId) });
}

/** Facts of a bare code: only what the text around it says. */
export function contextFacts(context: readonly ContextMark[]): Fact[] {
  const facts: Fact[] = [];
  addContextFacts(facts, context, {});
  return facts;
}
