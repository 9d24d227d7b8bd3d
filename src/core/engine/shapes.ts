// Body rules (the `bodies` of each API in the catalog) compiled once and matched against value trees.
// This file knows paths, conditions and the walk over a tree; it knows no API: every shape it finds
// comes from the catalog's data.
//
// Paths are dotted keys from an object: `fault.id`, `errors.*` (every item of an array), and `^` for
// the enclosing object (`^.name` is the step of a job, `^.^.id` the workflow). Keys match exactly or,
// failing that, ignoring case (Go prints `Detail`, `Code`).
import type { ApiDescription, BodyRule, Condition, FactRule } from '../catalog/types';
import { compileRegex } from '../catalog/safeRegex';
import { get, isArr, isObj, Opaque, type Obj, type Value } from './tree';

type Segment = string; // a key, '*' or '^'

export interface CompiledCondition {
  path: Segment[];
  test: (v: Value | undefined) => boolean;
  /** True for `absent`: holds when the path leads nowhere. */
  absent: boolean;
}

export interface CompiledFact {
  rule: FactRule;
  path: Segment[];
  minus?: Segment[];
}

export interface CompiledRule {
  api: string;
  /** `${api}#${id or index}`, for tests and notes. */
  id: string;
  /** Order of the rule among all rules (catalog order): ties go to the first. */
  order: number;
  source: BodyRule;
  when: CompiledCondition[];
  unless: CompiledCondition[];
  each?: Segment[];
  where: CompiledCondition[];
  whereNot: CompiledCondition[];
  code: Segment[][];
  message: Segment[][];
  status: Segment[][];
  implies: { when: CompiledCondition[]; status: number }[];
  defaultStatus?: number;
  identifies: 'shape' | 'known' | 'evidence';
  messageFields?: RegExp;
  facts: CompiledFact[];
}

/** The recognition tables of a catalog: built once per catalog (see Catalog.recognition). */
export interface RuleSet {
  rules: CompiledRule[];
  /** Lower-cased anchor key (first key of a rule's first `when` path) → rules anchored there. */
  byAnchor: Map<string, CompiledRule[]>;
  /** Lower-cased keys the scanner triggers on: anchors of the rules that need no particular word. */
  triggerKeys: string[];
  /** Per trigger key, what must hold near it for any rule anchored there to match (see KeyGate). */
  gates: Map<string, KeyGate>;
  /**
   * Values the scanner triggers on instead, for rules that need one of a few words in the body (a
   * failed job's `"failed"`): a poll response with `steps` but no failure then costs nothing.
   */
  triggerWords: string[];
  /** Every anchor key, lower-cased. */
  anchors: string[];
  /** Problems found while compiling (a bad regex in a user catalog): the rule is skipped. */
  problems: string[];
}

/**
 * Cheap checks the scanner makes at a trigger key before reading anything: the kind of value the key
 * must hold (`"error": null` is no `{"error": "…"}` body) and, per rule, the other keys the body must
 * have (a `title` without a `status` nearby is no problem+json body).
 */
export interface KeyGate {
  /** Kinds of value the key may hold: undefined when any will do. */
  value?: Set<'string' | 'number' | 'array' | 'object' | 'present'>;
  /** True when every rule anchored on the key takes its errors from the items of this array: `[]` holds none. */
  items?: boolean;
  /**
   * Per rule anchored on the key, the other keys its `when` needs, each as written and capitalised
   * (`[["code", "Code"]]`); a rule needing none makes this undefined.
   */
  keys?: [string, string][][];
}

export function parsePath(path: string): Segment[] {
  return path.split('.').filter((s) => s.length > 0);
}

function typeOf(v: Value): 'string' | 'number' | 'boolean' | 'array' | 'object' | 'null' | 'opaque' {
  if (v === null) return 'null';
  if (v instanceof Opaque) return 'opaque';
  if (Array.isArray(v)) return 'array';
  const t = typeof v;
  return t === 'string' || t === 'number' || t === 'boolean' ? t : 'object';
}

const TYPE_NAMES = new Set(['string', 'number', 'boolean', 'array', 'object', 'present', 'absent']);

function compileCondition(path: string, cond: Condition, problems: string[], where: string): CompiledCondition | undefined {
  const segs = parsePath(path);
  if (segs.length === 0) {
    problems.push(`${where}: an empty path`);
    return undefined;
  }
  let test: (v: Value | undefined) => boolean;
  let absent = false;
  if (typeof cond === 'string' && TYPE_NAMES.has(cond)) {
    if (cond === 'present') test = (v) => v !== undefined && v !== null;
    else if (cond === 'absent') {
      absent = true;
      test = (v) => v === undefined || v === null;
    } else if (cond === 'number') test = (v) => typeof v === 'number' && Number.isFinite(v);
    else test = (v) => v !== undefined && typeOf(v) === cond;
  } else if (Array.isArray(cond)) {
    const allowed = cond;
    test = (v) => v !== undefined && !(v instanceof Opaque) && typeof v !== 'object' ? allowed.some((a) => equalLiteral(a, v)) : v === null && allowed.includes(null);
  } else if (cond !== null && typeof cond === 'object') {
    if ('pattern' in cond && typeof cond.pattern === 'string') {
      const re = compileRegex(cond.pattern, '');
      if (typeof re === 'string') {
        problems.push(`${where}: pattern ${JSON.stringify(cond.pattern)}: ${re}`);
        return undefined;
      }
      test = (v) => typeof v === 'string' && v.length <= 4096 && re.test(v);
    } else {
      const { min, max } = cond as { min?: number; max?: number };
      test = (v) => {
        const n = typeof v === 'number' ? v : typeof v === 'string' && /^\s*-?\d+(?:\.\d+)?\s*$/.test(v) ? Number(v) : NaN;
        return Number.isFinite(n) && (min === undefined || n >= min) && (max === undefined || n <= max);
      };
    }
  } else {
    const literal = cond;
    test = (v) => v !== undefined && equalLiteral(literal, v);
  }
  return { path: segs, test, absent };
}

function equalLiteral(a: string | number | boolean | null, v: Value): boolean {
  if (a === null) return v === null;
  if (typeof a === 'string') return typeof v === 'string' && v === a;
  return v === a;
}

function compileConditions(map: Record<string, Condition> | undefined, problems: string[], where: string): CompiledCondition[] | undefined {
  const out: CompiledCondition[] = [];
  if (!map) return out;
  for (const path in map) {
    if (!Object.prototype.hasOwnProperty.call(map, path)) continue;
    const c = compileCondition(path, map[path], problems, `${where} ${JSON.stringify(path)}`);
    if (!c) return undefined;
    out.push(c);
  }
  return out;
}

const paths = (p: string | string[] | undefined): Segment[][] => (p === undefined ? [] : (Array.isArray(p) ? p : [p]).map(parsePath).filter((s) => s.length > 0));

/** Compiles the body rules of the catalog's APIs, in catalog order. */
export function compileRules(apis: readonly ApiDescription[]): RuleSet {
  const rules: CompiledRule[] = [];
  const problems: string[] = [];
  const byAnchor = new Map<string, CompiledRule[]>();
  for (const api of apis) {
    (api.bodies ?? []).forEach((rule, i) => {
      const id = `${api.id}#${rule.id ?? i}`;
      const when = compileConditions(rule.when, problems, `${id} when`);
      const unless = compileConditions(rule.unless, problems, `${id} unless`);
      const where = compileConditions(rule.where, problems, `${id} where`);
      const whereNot = compileConditions(rule.whereNot, problems, `${id} whereNot`);
      if (!when || !unless || !where || !whereNot || when.length === 0) {
        if (when && when.length === 0) problems.push(`${id}: "when" names no path`);
        return;
      }
      const anchor = when.find((c) => !c.absent && c.path[0] !== '*' && c.path[0] !== '^');
      if (!anchor) {
        problems.push(`${id}: "when" needs a path that starts with a key`);
        return;
      }
      const implies: CompiledRule['implies'] = [];
      for (const imp of rule.implies ?? []) {
        const w = compileConditions(imp.when, problems, `${id} implies`);
        if (w) implies.push({ when: w, status: imp.status });
      }
      let messageFields: RegExp | undefined;
      if (rule.messageFields) {
        const re = compileRegex(rule.messageFields, '');
        if (typeof re === 'string') problems.push(`${id} messageFields: ${re}`);
        else messageFields = re;
      }
      const compiled: CompiledRule = {
        api: api.id,
        id,
        order: rules.length,
        source: rule,
        when,
        unless,
        each: rule.each ? parsePath(rule.each) : undefined,
        where,
        whereNot,
        code: paths(rule.code),
        message: paths(rule.message),
        status: paths(rule.status),
        implies,
        defaultStatus: rule.defaultStatus,
        identifies: rule.identifies ?? 'shape',
        messageFields,
        facts: (rule.facts ?? []).map((f) => ({ rule: f, path: parsePath(f.path), minus: f.minus ? parsePath(f.minus) : undefined })),
      };
      rules.push(compiled);
      const key = anchor.path[0].toLowerCase();
      const list = byAnchor.get(key);
      if (list) list.push(compiled);
      else byAnchor.set(key, [compiled]);
    });
  }
  const gates = new Map<string, KeyGate>();
  for (const [key, list] of byAnchor) {
    const value = new Set<'string' | 'number' | 'array' | 'object' | 'present'>();
    let anyValue = false;
    const keys: [string, string][][] = [];
    let anyKeys = false;
    for (const rule of list) {
      const own = Object.entries(rule.source.when).filter(([p]) => p.toLowerCase() === key);
      const kind = own.length === 1 ? valueKind(own[0][1]) : undefined;
      if (kind) value.add(kind);
      else anyValue = true;
      const others = rule.when.filter((c) => !c.absent && c.path[0] !== '*' && c.path[0] !== '^' && c.path[0].toLowerCase() !== key).map((c) => c.path[0].toLowerCase());
      if (others.length === 0) anyKeys = true;
      else keys.push([...new Set(others)].map((k) => [k, k[0].toUpperCase() + k.slice(1)]));
    }
    const items = list.every((r) => r.each !== undefined && r.each.length >= 2 && r.each[0].toLowerCase() === key && r.each[1] === '*');
    gates.set(key, { value: anyValue ? undefined : value, keys: anyKeys ? undefined : keys, items });
  }
  const triggerKeys = new Set<string>();
  const triggerWords = new Set<string>();
  for (const [key, list] of byAnchor) {
    for (const rule of list) {
      const words = requiredWords(rule);
      if (words) for (const w of words) triggerWords.add(w);
      else triggerKeys.add(key);
    }
  }
  return { rules, byAnchor, gates, triggerKeys: [...triggerKeys], triggerWords: [...triggerWords], anchors: [...byAnchor.keys()], problems };
}

/** The kind of value a condition on the anchor key demands, for the scanner's quick check. */
function valueKind(cond: Condition): 'string' | 'number' | 'array' | 'object' | 'present' | undefined {
  if (cond === 'string' || cond === 'number' || cond === 'array' || cond === 'object' || cond === 'present') return cond;
  if (typeof cond === 'object' && cond !== null && !Array.isArray(cond)) return 'pattern' in cond ? 'string' : 'number';
  return undefined;
}

/**
 * Words of which one must appear in the text of a body this rule matches: the literals of a list
 * condition on a string (in `when`, or in `where` for every item), when every literal is a plain word.
 */
function requiredWords(rule: CompiledRule): string[] | undefined {
  const lists = [...(rule.source.where ? Object.values(rule.source.where) : []), ...Object.values(rule.source.when)];
  for (const cond of lists) {
    if (Array.isArray(cond) && cond.length > 0 && cond.every((x) => typeof x === 'string' && /^[\w-]{3,}$/.test(x))) return cond as string[];
    if (typeof cond === 'string' && !TYPE_NAMES.has(cond) && /^[\w-]{3,}$/.test(cond)) return [cond];
  }
  return undefined;
}

// ---------------------------------------------------------------------------------------------------------
// Evaluating paths
// ---------------------------------------------------------------------------------------------------------

/** Where a path is evaluated from: a value and the objects enclosing it, nearest first. */
export interface Scope {
  node: Value;
  up: readonly Obj[];
}

/** Every value a path leads to (several with `*`), each with its own scope. */
export function resolvePath(scope: Scope, path: readonly Segment[], limit = 200): Scope[] {
  // The common case, one key of the object itself, without building scopes on the way.
  if (path.length === 1 && path[0] !== '*' && path[0] !== '^') {
    const v = isObj(scope.node) ? get(scope.node, path[0]) : undefined;
    return v === undefined ? [] : [{ node: v, up: [scope.node as Obj, ...scope.up] }];
  }
  let current: Scope[] = [scope];
  for (const seg of path) {
    const next: Scope[] = [];
    for (const s of current) {
      if (seg === '^') {
        if (s.up.length > 0) next.push({ node: s.up[0], up: s.up.slice(1) });
        continue;
      }
      if (seg === '*') {
        if (isArr(s.node)) {
          const up = isObj(s.node) ? [s.node, ...s.up] : s.up;
          for (const item of s.node) {
            if (next.length >= limit) break;
            next.push({ node: item, up });
          }
        }
        continue;
      }
      if (isObj(s.node)) {
        const v = get(s.node, seg);
        if (v !== undefined) next.push({ node: v, up: [s.node, ...s.up] });
      }
    }
    current = next;
    if (current.length === 0) break;
  }
  return current;
}

/** The first value a path leads to. */
export function valueAt(scope: Scope, path: readonly Segment[]): Value | undefined {
  if (path.length === 1 && path[0] !== '*' && path[0] !== '^') return isObj(scope.node) ? get(scope.node, path[0]) : undefined;
  const r = resolvePath(scope, path, 1);
  return r.length ? r[0].node : undefined;
}

function holds(scope: Scope, c: CompiledCondition): boolean {
  if (c.path.length === 1 && c.path[0] !== '*' && c.path[0] !== '^') {
    const v = isObj(scope.node) ? get(scope.node, c.path[0]) : undefined;
    return c.absent ? c.test(v) : v !== undefined && c.test(v);
  }
  const found = resolvePath(scope, c.path);
  if (c.absent) return found.every((s) => c.test(s.node));
  return found.some((s) => c.test(s.node));
}

export function allHold(scope: Scope, conds: readonly CompiledCondition[]): boolean {
  for (const c of conds) if (!holds(scope, c)) return false;
  return true;
}

function anyHolds(scope: Scope, conds: readonly CompiledCondition[]): boolean {
  for (const c of conds) if (holds(scope, c)) return true;
  return false;
}

// ---------------------------------------------------------------------------------------------------------
// Finding bodies in a tree
// ---------------------------------------------------------------------------------------------------------

/** One error found in a tree by a rule: the body object and, with `each`, the item that is the error. */
export interface RuleMatch {
  rule: CompiledRule;
  /** The object the rule matched. */
  body: Obj;
  /** The error itself: the body, or one item of it. */
  error: Value;
  /** Scope of the error: the error and the objects enclosing it (inside the body, then outside). */
  scope: Scope;
  /** With `each`: where the item is in the body (`steps[0].jobs[1]`). */
  itemPath?: string;
}

const MAX_WALK_DEPTH = 12;
const MAX_ITEMS = 100;

/** The items an `each` path selects, with their index path. */
function eachItems(scope: Scope, path: readonly Segment[]): { scope: Scope; path: string }[] {
  let current: { scope: Scope; path: string }[] = [{ scope, path: '' }];
  for (const seg of path) {
    const next: { scope: Scope; path: string }[] = [];
    for (const c of current) {
      const node = c.scope.node;
      if (seg === '*') {
        if (!isArr(node)) continue;
        for (let i = 0; i < node.length && next.length < MAX_ITEMS; i++) next.push({ scope: { node: node[i], up: c.scope.up }, path: `${c.path}[${i}]` });
      } else if (seg === '^') {
        if (c.scope.up.length) next.push({ scope: { node: c.scope.up[0], up: c.scope.up.slice(1) }, path: c.path });
      } else if (isObj(node)) {
        const v = get(node, seg);
        if (v !== undefined) next.push({ scope: { node: v, up: [node, ...c.scope.up] }, path: c.path ? `${c.path}.${seg}` : seg });
      }
    }
    current = next;
  }
  return current;
}

/** Applies the rules anchored on this object's keys; every rule that holds gives its errors. */
function matchObject(o: Obj, outer: readonly Obj[], rules: RuleSet): RuleMatch[] {
  let out: RuleMatch[] | undefined;
  let tried: Set<CompiledRule> | undefined;
  for (const key in o) {
    // Anchors are lower-case; only a key written otherwise (Go's `Detail`) needs folding.
    const c0 = key.charCodeAt(0);
    const candidates = rules.byAnchor.get(key) ?? (c0 >= 65 && c0 <= 90 ? rules.byAnchor.get(key.toLowerCase()) : undefined);
    if (!candidates) continue;
    tried ??= new Set();
    for (const rule of candidates) {
      if (tried.has(rule)) continue;
      tried.add(rule);
      const scope: Scope = { node: o, up: outer };
      if (!allHold(scope, rule.when) || anyHolds(scope, rule.unless)) continue;
      out ??= [];
      if (!rule.each) {
        out.push({ rule, body: o, error: o, scope, itemPath: undefined });
        continue;
      }
      for (const item of eachItems(scope, rule.each)) {
        if (!isObj(item.scope.node)) continue;
        const itemScope: Scope = item.scope;
        if (!allHold(itemScope, rule.where) || (rule.whereNot.length > 0 && anyHolds(itemScope, rule.whereNot))) continue;
        out.push({ rule, body: o, error: item.scope.node, scope: itemScope, itemPath: item.path });
      }
    }
  }
  return out ?? [];
}

/**
 * Every error the rules find in the tree rooted at `root`, in tree order. An object a rule matched is
 * not searched further (its children are its parts, not errors of their own); `outer` are the objects
 * enclosing the root (log records around an escaped body), nearest first.
 */
export function matchTree(root: Value | undefined, rules: RuleSet, outer: readonly Obj[] = []): RuleMatch[] {
  const hits: RuleMatch[] = [];
  const walk = (v: Value, up: readonly Obj[], depth: number): void => {
    if (depth > MAX_WALK_DEPTH || hits.length > 1000) return;
    if (isArr(v)) {
      for (const item of v) if (typeof item === 'object' && item !== null) walk(item, up, depth + 1);
      return;
    }
    if (!isObj(v)) return;
    const found = matchObject(v, up, rules);
    if (found.length) {
      hits.push(...found);
      return;
    }
    const next = [v, ...up];
    for (const key in v) {
      const child = v[key];
      if (typeof child === 'object' && child !== null && !(child instanceof Opaque)) walk(child, next, depth + 1);
    }
  };
  if (root !== undefined) walk(root, outer, 0);
  return hits;
}
