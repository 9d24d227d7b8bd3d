// What the engine reports: plain data (numbers, strings, arrays; no catalog objects, no functions), so
// a finding can be cached, sent to another process (an LSP diagnostic's `data`), compared in tests and
// rendered later, in any language, by any front end. Messages are not part of it: renderers build them
// from the rule id, the entry and the facts when they are shown.
import type { FactFormat } from '../catalog/types';
import type { ContextMark } from './context';
import type { Notation } from './tree';

export type { ContextMark, Notation };

/** Rule ids the engine itself reports, besides `${api}/${code}` for a catalog entry. */
export const EngineRules = {
  /** A well-formed code of an API (`WF_2100`) that its catalog does not list. */
  unknownCode: 'errcode/unknown-code',
  /** A body shaped like an error body (`{"error": "…"}`) that nothing names as any API's. */
  unrecognizedBody: 'errcode/unrecognized-body',
} as const;

/** The rule id of an API's error that its catalog has no entry for (a message it does not list). */
export function unlistedRule(api: string): string {
  return `${api}/unlisted`;
}

/** The rule id of a catalog entry's errors. */
export function entryRule(api: string, code: string): string {
  return `${api}/${code}`;
}

/** How a fact is shown; the catalog's formats plus those the engine adds from the context. */
export type FactKind = FactFormat | 'retry-after' | 'request-id' | 'status';

/** A fact read from this very body or its surroundings. `value` is JSON data; renderers format it. */
export interface Fact {
  /** Label, from the catalog (or the engine's own for context facts): English, translated at display time. */
  label: string;
  kind: FactKind;
  /**
   * `text`/`code`/`present`/`template`/`request-id`: a string; `number`/`difference`/`unix-seconds`/
   * `status`: a number; `list`: strings; `map`: [path, messages][]; `retry-after`: seconds (number) or
   * an HTTP date (string).
   */
  value: string | number | string[] | [string, string[]][];
  /**
   * For a number: the catalog's words around it, `{}` standing for the number (`short by {} credits`).
   * For a `template` fact: the catalog's template (`{nodeLabel} ({nodeId}): {credits} credits`), which
   * `value` holds filled in English; renderers translate the template and fill it from `holes`.
   */
  template?: string;
  /** For a `template` fact: the value of each `{path}` of the template in this body. */
  holes?: Record<string, string>;
}

export interface Finding {
  /** Stable rule id: `workflows/WF_1103`, `orchestrator/no_provider_available`, `errcode/unknown-code`, … */
  rule: string;
  kind: 'code' | 'body';
  /** The API it belongs to; null when nothing names one (an unrecognized body). */
  api: string | null;
  /** Catalog entry id (`workflows:WF_1103`); null for an unknown code or an unlisted error. */
  entry: string | null;
  /** The code as found (`WF_1103`, a GraphQL `extensions.code`, a job reason), or null. */
  code: string | null;
  /** HTTP status, from the body, its implications, the records around it or the status line nearby. */
  status: number | null;
  /** Offsets [start, end) in the scanned text: the code literal, the error object (one item of a body). */
  start: number;
  end: number;
  /** The whole body when the finding is one error of several in it (a GraphQL `errors` item, a job). */
  body?: [number, number];
  /** Where the error is in its body (`errors[1]`, `steps[0].jobs[2]`). */
  item?: string;
  /** How it was written: syntax, wrapping (`escaped`, `csv`, `ansi`), `truncated`, `literal`. */
  notation: Notation[];
  facts: Fact[];
  /** Status lines and headers nearby (offsets in the scanned text). */
  context: ContextMark[];
  /** What named the API: its shape, a listed code or message, a field only it sends, evidence nearby. */
  identifiedBy?: 'shape' | 'code' | 'message' | 'field' | 'evidence';
  /** Unrecognized bodies: the APIs whose shapes it fits. */
  candidates?: string[];
  /** Unknown codes: entry ids of the likely intended codes (one edit or one transposition away). */
  suggestions?: string[];
  /** Unknown codes: the category whose number range holds the code. */
  category?: string;
  /** Notes of the body rule that apply to this error (the catalog's words). */
  notes?: string[];
  /** The error object as JSON (bounded), for support reports and "copy body". */
  json?: unknown;
}

type Required_ = 'rule' | 'kind' | 'api' | 'entry' | 'code' | 'status' | 'start' | 'end' | 'notation' | 'facts' | 'context';

/**
 * Every finding is made here, with all its fields in one order (the optional ones `undefined`): one
 * object shape, so V8 keeps property reads and copies on its fast path. An edit near the top of a big
 * log shifts thousands of findings; with a shape per combination of optional fields that cost 4×.
 */
export function newFinding(f: Pick<Finding, Required_> & Partial<Finding>): Finding {
  return {
    rule: f.rule,
    kind: f.kind,
    api: f.api,
    entry: f.entry,
    code: f.code,
    status: f.status,
    start: f.start,
    end: f.end,
    body: f.body,
    item: f.item,
    notation: f.notation,
    facts: f.facts,
    context: f.context,
    identifiedBy: f.identifiedBy,
    candidates: f.candidates,
    suggestions: f.suggestions,
    category: f.category,
    notes: f.notes,
    json: f.json,
  };
}

/** The finding moved by `delta` characters (edits before it). */
export function shiftFinding(f: Finding, delta: number): Finding {
  if (delta === 0) return f;
  return {
    ...f,
    start: f.start + delta,
    end: f.end + delta,
    body: f.body && [f.body[0] + delta, f.body[1] + delta],
    context: f.context.length ? f.context.map((c) => ({ ...c, start: c.start + delta, end: c.end + delta })) : f.context,
  };
}

/** The same finding with every offset mapped through `map` (a view's offsets back to its source's). */
export function mapFinding(f: Finding, map: (offset: number) => number): Finding {
  return {
    ...f,
    start: map(f.start),
    end: map(f.end),
    body: f.body ? [map(f.body[0]), map(f.body[1])] : undefined,
    context: f.context.map((c) => ({ ...c, start: map(c.start), end: map(c.end) })),
  };
}
