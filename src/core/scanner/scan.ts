// The scanner: one pass over a document's text with a single trigger regex. Lines without a trigger
// cost only the regex; a trigger (a WF code, or a key such as "error"/"errors"/"detail"/"title"/
// "reason" followed by a colon, possibly escaped or single-quoted) leads to its enclosing object,
// which the loose parser reads once and the classifier recognises. Bodies already read are not read
// again, so the work stays linear in the size of the text.
import type { Catalog } from '../catalog/catalog';
import type { ErrorClass, RetryAdvice, Severity } from '../catalog/types';
import { summarize } from '../explain/summary';
import { ancestorContext, findBodies, isoFromUnix, type BodyHit } from './classify';
import { findContext, firstMark } from './context';
import { parseLoose } from './looseParser';
import type { BodyForm, ContextMark, Finding } from './types';
import { unescapeOnce, type Unescaped } from './unescape';

export interface ScanOptions {
  /** Scan only triggers in [from, to) (offsets); bodies may extend past `to`. */
  from?: number;
  to?: number;
  /** Longest body read, in characters (a window around the trigger). */
  maxBodyLength?: number;
}

/** Severity of each class when the user has not chosen one. */
export const DEFAULT_SEVERITY: Record<ErrorClass, Severity> = {
  client: 'error',
  auth: 'error',
  'not-found': 'error',
  conflict: 'warning',
  quota: 'error',
  'rate-limit': 'warning',
  transient: 'warning',
  server: 'error',
  moderation: 'warning',
  canceled: 'information',
  unknown: 'warning',
};

// WF codes, or error keys followed by a colon (`"error":`, `'errors':`, `\"detail\":`), or a failed
// workflow status. Every alternative starts with a fixed character class and has no nested
// quantifier, so matching is linear.
const TRIGGER = /WF_\d{4}|(\\*)["'](?:errors?|detail|title|reason)\\*["'][ \t]*:|(\\*)["']status\\*["'][ \t]*:[ \t]*\\*["'](?:failed|expired|canceled)\\*["']/g;

const DEFAULT_MAX_BODY = 256 * 1024;
/** How far back the enclosing `{` of a trigger is looked for. */
const MAX_BACK = 16 * 1024;
const MAX_BACK_LINES = 200;

function isWordChar(c: number): boolean {
  return (c >= 48 && c <= 57) || (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || c === 95;
}

/**
 * Candidate `{` positions enclosing `pos`, innermost first. Walks back over the current line, and
 * over previous lines only while the line being left looks like the inside of a pretty-printed body
 * (it starts with whitespace, a quote or a closing bracket).
 */
export function enclosingStarts(text: string, pos: number, floor: number): number[] {
  const starts: number[] = [];
  let depth = 0;
  let lines = 0;
  const stop = Math.max(floor, pos - MAX_BACK);
  for (let i = pos - 1; i >= stop; i--) {
    const c = text.charCodeAt(i);
    if (c === 125 /* } */ || c === 93 /* ] */) depth++;
    else if (c === 123 /* { */ || c === 91 /* [ */) {
      if (depth === 0) {
        if (c === 123) starts.push(i);
      } else depth--;
    } else if (c === 10 /* \n */) {
      const first = text.charCodeAt(i + 1);
      const continues = first === 32 || first === 9 || first === 34 || first === 39 || first === 125 || first === 93;
      if (!continues || ++lines > MAX_BACK_LINES) break;
    }
  }
  return starts;
}

interface RawBody {
  hit: BodyHit;
  /** Offsets in the scanned text. */
  start: number;
  end: number;
  forms: BodyForm[];
  parsed: unknown;
}

/** Enclosing objects already read that held no body: not read again for their other triggers. */
interface ParseMemo {
  emptyStart: number;
  emptyEnd: number;
}

/**
 * Finds bodies in `text` around a trigger at `pos`. Returns the bodies and how far the parse went.
 */
function bodiesAt(text: string, pos: number, floor: number, catalog: Catalog, maxBody: number, memo: ParseMemo): { bodies: RawBody[]; end: number } {
  const starts = enclosingStarts(text, pos, floor);
  let innermostEnd = pos + 1;
  // Outermost first: a log record around the body lends it its status and request id. A record
  // that holds no body (its error text is a string) hands over to the objects inside it.
  for (let i = starts.length - 1; i >= 0; i--) {
    const s = starts[i];
    if (s === memo.emptyStart && pos < memo.emptyEnd) continue;
    const p = parseLoose(text, s, Math.min(text.length, s + maxBody));
    if (p.end <= pos) continue; // closed before the trigger: a brace inside a string misled us
    const hits = findBodies(p.value, catalog);
    if (i === 0) innermostEnd = p.end;
    if (hits.length === 0) {
      memo.emptyStart = s;
      memo.emptyEnd = p.end;
      continue;
    }
    const nl = text.indexOf('\n', s);
    const multiline = nl >= 0 && nl < p.end;
    const bodies = hits.map((hit) => {
      const r = p.ranges.get(hit.node) ?? [s, p.end];
      const forms: BodyForm[] = [];
      if (p.python) forms.push('python');
      if (!p.complete) forms.push('truncated');
      forms.push(multiline ? 'pretty' : 'json');
      return { hit, start: r[0], end: r[1], forms, parsed: hit.node };
    });
    return { bodies, end: p.end };
  }
  return { bodies: [], end: innermostEnd };
}

/** Reads an escaped body: unescape `level` times from `start`, then find bodies in the result. */
function escapedBodiesAt(text: string, start: number, level: number, catalog: Catalog, maxBody: number): RawBody[] {
  let un: Unescaped | undefined;
  // Escaped bodies live inside one string literal, so on one line.
  const lineEnd = text.indexOf('\n', start);
  const limit = Math.min(lineEnd < 0 ? text.length : lineEnd, start + maxBody);
  for (let l = 0; l < level; l++) {
    un = un ? unescapeOnce(un.text, 0, un.text.length, un.map) : unescapeOnce(text, start, limit);
  }
  if (!un || un.text.charCodeAt(0) !== 123) return [];
  const p = parseLoose(un.text, 0);
  const hits = findBodies(p.value, catalog);
  const map = un.map;
  return hits.map((hit) => {
    const r = p.ranges.get(hit.node) ?? [0, p.end];
    const forms: BodyForm[] = ['escaped'];
    if (p.python) forms.push('python');
    if (!p.complete) forms.push('truncated');
    return { hit, start: map[r[0]], end: map[Math.min(r[1], map.length - 1)], forms, parsed: hit.node };
  });
}

const DEFAULT_RETRY_UNKNOWN = { decision: 'unknown' } as const;

/** The retry advice for this occurrence: a conditional one is settled when the status is known. */
function effectiveRetry(advice: RetryAdvice | undefined, status: number | null): Finding['retry'] {
  if (!advice) return DEFAULT_RETRY_UNKNOWN;
  if (advice.decision === 'conditional' && advice.onStatuses && status !== null) {
    return { ...advice, decision: advice.onStatuses.includes(status) ? 'yes' : 'no' };
  }
  return advice;
}

function parseRetryAfterHeader(value: string): { seconds?: number; date?: string } {
  if (/^\d+$/.test(value)) return { seconds: Number(value) };
  if (!Number.isNaN(Date.parse(value))) return { date: value };
  return {};
}

function finish(text: string, catalog: Catalog, kind: Finding['kind'], raw: {
  api: string;
  code: string | null;
  hit?: BodyHit;
  start: number;
  end: number;
  forms: BodyForm[];
}): Finding {
  const context: ContextMark[] = findContext(text, raw.start, raw.end);
  const hit = raw.hit;
  const facts = hit ? hit.facts : {};
  const fromAncestors = hit ? ancestorContext(hit.ancestors) : {};
  const contextStatus = firstMark(context, 'status');
  let status: number | null = hit?.status ?? fromAncestors.status ?? (contextStatus ? Number(contextStatus.value) : null);
  let entry = hit ? hit.entry : catalog.findCode(raw.code ?? '', raw.api);
  let code = raw.code;

  // A status learnt from the context settles bodies that name none (Wireflow, Flows).
  if (hit && status !== null && (hit.api === 'wireflow' || hit.api === 'flows') && (!entry || entry.kind === 'status')) {
    const byStatus = catalog.byStatus(hit.api, status);
    if (byStatus) {
      entry = byStatus;
      if (hit.api === 'wireflow' || !code) code = byStatus.code;
    }
  }
  if (hit?.api === 'flows' && !entry) {
    // GraphQL errors arrive on HTTP 200 too.
    entry = catalog.byStatus('flows', status ?? 200);
    status ??= 200;
  }
  if (status === null && entry && entry.statuses.length === 1) status = entry.statuses[0];

  const requestId = firstMark(context, 'request-id')?.value ?? fromAncestors.requestId;
  if (requestId) facts.requestId = requestId;
  const retryAfter = firstMark(context, 'retry-after')?.value ?? fromAncestors.retryAfter;
  if (retryAfter) {
    const r = parseRetryAfterHeader(retryAfter);
    if (r.seconds !== undefined) facts.retryAfterHeaderSeconds = r.seconds;
    if (r.date) facts.retryAfterHeaderDate = r.date;
  }
  const reset = firstMark(context, 'rate-limit-reset');
  if (reset) facts.rateLimitResetUnix = Number(reset.value);
  if (facts.retryAfterUnix !== undefined && !facts.retryAfterIso) facts.retryAfterIso = isoFromUnix(facts.retryAfterUnix);
  const timestamp = firstMark(context, 'timestamp')?.value ?? fromAncestors.timestamp;
  if (timestamp) facts.timestamp = timestamp;
  if (raw.api === 'workflows' && kind === 'body' && ((status !== null && status >= 500) || facts.message === 'An error occurred' || (entry && entry.statuses.length > 0 && entry.statuses.every((s) => s >= 500)))) {
    facts.serverSideCause = true;
  }

  const errorClass: ErrorClass = entry?.errorClass ?? 'unknown';
  const finding: Finding = {
    kind,
    api: raw.api,
    code,
    entry,
    status,
    errorClass,
    severity: DEFAULT_SEVERITY[errorClass],
    retry: effectiveRetry(entry?.retry, status),
    start: raw.start,
    end: raw.end,
    forms: raw.forms,
    facts,
    context,
    message: '',
    body: hit?.node,
  };
  if (!entry && code && /^WF_\d{4}$/.test(code)) {
    finding.inferredCategory = catalog.wfCategory(Number(code.slice(3)));
    finding.suggestions = catalog.nearestCodes(code, 3);
  }
  finding.message = summarize(finding);
  return finding;
}

/**
 * A resumable scan: `step(n)` handles up to n triggers, so callers can yield to the event loop
 * between slices (the editor must never block for long on a 50 MB log).
 */
export class Scan {
  readonly findings: Finding[] = [];
  private readonly re = new RegExp(TRIGGER.source, 'g');
  private readonly to: number;
  /** Level-0 bodies already read end here: triggers before it are part of them. */
  private coveredUntil = 0;
  /** Ranges of bodies found, to keep WF literals inside them from becoming findings of their own. */
  private lastBodyEnd = -1;
  private escapedUntil = 0;
  private readonly memo: ParseMemo = { emptyStart: -1, emptyEnd: -1 };
  private done = false;

  constructor(
    private readonly text: string,
    private readonly catalog: Catalog,
    private readonly options: ScanOptions = {},
  ) {
    this.re.lastIndex = options.from ?? 0;
    this.to = Math.min(options.to ?? text.length, text.length);
  }

  get finished(): boolean {
    return this.done;
  }

  /** Offset the scan has reached. */
  get position(): number {
    return this.done ? this.to : this.re.lastIndex;
  }

  /** Handles up to `budget` triggers; returns true when the scan is complete. */
  step(budget = Infinity): boolean {
    const { text, catalog, re } = this;
    const maxBody = this.options.maxBodyLength ?? DEFAULT_MAX_BODY;
    const floor = 0; // an enclosing `{` may lie before the region scanned
    while (budget-- > 0) {
      const m = re.exec(text);
      if (!m || m.index >= this.to) {
        this.done = true;
        return true;
      }
      const at = m.index;
      if (m[0].charCodeAt(0) === 87 /* W */) {
        // WF literal: not part of a longer token, and not inside a body already reported.
        if ((at > 0 && isWordChar(text.charCodeAt(at - 1))) || isWordChar(text.charCodeAt(at + 7))) continue;
        if (at < this.lastBodyEnd) continue;
        this.findings.push(finish(text, catalog, 'code', { api: 'workflows', code: m[0], start: at, end: at + 7, forms: ['literal'] }));
        continue;
      }
      const slashes = (m[1] ?? m[2] ?? '').length;
      if (slashes === 0) {
        if (at < this.coveredUntil) continue;
        const { bodies, end } = bodiesAt(text, at, floor, catalog, maxBody, this.memo);
        this.coveredUntil = Math.max(this.coveredUntil, end);
        this.push(bodies);
      } else {
        if (at < this.escapedUntil) continue;
        // `\"` is level 1, `\\\"` level 2: 2^level - 1 backslashes.
        const level = Math.round(Math.log2(slashes + 1));
        // The body's own `{` is followed by a quote escaped exactly like the trigger's.
        const opening = new RegExp(`^\\{[ \\t]*\\\\{${slashes}}["']`);
        const starts = enclosingStarts(text, at, floor).filter((s) => opening.test(text.slice(s, s + 16 + slashes)));
        if (starts.length === 0) continue;
        const s = starts[starts.length - 1];
        const bodies = escapedBodiesAt(text, s, level, catalog, maxBody);
        this.escapedUntil = bodies.length ? Math.max(...bodies.map((b) => b.end)) : at + 1;
        this.push(bodies);
      }
    }
    return false;
  }

  private push(bodies: RawBody[]): void {
    for (const b of bodies) {
      // A WF literal reported just before its body (same offsets) is superseded by the body.
      while (this.findings.length && this.findings[this.findings.length - 1].kind === 'code' && this.findings[this.findings.length - 1].start >= b.start) this.findings.pop();
      this.findings.push(finish(this.text, this.catalog, 'body', { api: b.hit.api, code: b.hit.code, hit: b.hit, start: b.start, end: b.end, forms: b.forms }));
      this.lastBodyEnd = Math.max(this.lastBodyEnd, b.end);
    }
  }
}

/** Scans the whole text (or [from, to)) and returns its findings in document order. */
export function scanText(text: string, catalog: Catalog, options?: ScanOptions): Finding[] {
  const scan = new Scan(text, catalog, options);
  scan.step();
  return scan.findings.sort((a, b) => a.start - b.start);
}

/**
 * Scans without blocking: runs slices of at most `sliceMs` and yields between them. Stops early
 * (returning what it has) when `isCancelled()` turns true.
 */
export async function scanTextAsync(
  text: string,
  catalog: Catalog,
  options: ScanOptions & { sliceMs?: number; isCancelled?: () => boolean; onProgress?: (offset: number) => void } = {},
): Promise<Finding[]> {
  const scan = new Scan(text, catalog, options);
  const sliceMs = options.sliceMs ?? 20;
  for (;;) {
    const t0 = Date.now();
    let done = false;
    while (!done && Date.now() - t0 < sliceMs) done = scan.step(256);
    options.onProgress?.(scan.position);
    if (done || options.isCancelled?.()) break;
    await new Promise<void>((resolve) => setTimeout(resolve, 0));
  }
  return scan.findings.sort((a, b) => a.start - b.start);
}

// Re-exported so consumers import the scanner from one place.
export type { Finding } from './types';
