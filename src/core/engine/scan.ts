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
import { isCutOff, parseLoose, type LooseParse } from './looseParser';
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
// The backslashes before an escaped key's quote are counted by hand, not matched: a regex that
// starts with `\\*` would rescan a long run of backslashes from every position in it.
const TRIGGER = /WF_\d{4}|["'](?:errors?|detail|title|reason)\\*["'][ \t]*:|["']status\\*["'][ \t]*:[ \t]*\\*["'](?:failed|expired|canceled)\\*["']/g;
/** Escape levels read: `\"` is 1, `\\\"` 2, ... (2^level - 1 backslashes). Deeper is noise. */
const MAX_ESCAPE_LEVEL = 4;
/** Per backslash count, the opening of an escaped body (`{\"`, `{\\\"`), compiled once. */
const OPENING: RegExp[] = [];

const DEFAULT_MAX_BODY = 256 * 1024;
/** More findings than this on one line is junk or an attack: the rest of the line is skipped. */
export const MAX_FINDINGS_PER_LINE = 100;
/** Escaped bodies sit in one log line; longer ones are not read. */
const MAX_ESCAPED_BODY = 64 * 1024;
/** How far back the enclosing `{` of a trigger is looked for. */
const MAX_BACK = 16 * 1024;
const MAX_BACK_LINES = 200;
/** Enclosing objects considered per trigger: real bodies sit a few levels deep at most. */
const MAX_STARTS = 16;

function isWordChar(c: number): boolean {
  return (c >= 48 && c <= 57) || (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || c === 95;
}

/** The previous walk back, so the next trigger only walks the gap between them. */
export interface WalkCache {
  at: number;
  /** Unmatched openers found walking back from `at`, innermost first; `[` stored as -(pos + 1). */
  openers: number[];
}

const MAX_OPENERS = 64;

/**
 * Candidate `{` positions enclosing `pos`, innermost first. Walks back over the current line, and
 * over previous lines only while the line being left looks like the inside of a pretty-printed body
 * (it starts with whitespace, a quote or a closing bracket). With a cache of the previous walk it
 * stops where that walk began, so a run of triggers costs the text between them, not 16 KB each.
 */
export function enclosingStarts(text: string, pos: number, floor: number, cache?: WalkCache): number[] {
  const openers: number[] = [];
  let starts = 0;
  let depth = 0;
  let lines = 0;
  const stop = Math.max(floor, pos - MAX_BACK);
  const resumeAt = cache && cache.at <= pos && cache.at >= stop ? cache.at : -1;
  for (let i = pos - 1; i >= stop; i--) {
    if (i === resumeAt - 1) {
      // The previous walk began here: its openers, less those closed in between, continue ours.
      for (const o of cache!.openers) {
        if (depth > 0) depth--;
        else {
          openers.push(o);
          if (o >= 0 && ++starts >= MAX_STARTS) break;
        }
      }
      break;
    }
    const c = text.charCodeAt(i);
    if (c === 125 /* } */ || c === 93 /* ] */) depth++;
    else if (c === 123 /* { */ || c === 91 /* [ */) {
      if (depth > 0) depth--;
      else {
        openers.push(c === 123 ? i : -(i + 1));
        if ((c === 123 && ++starts >= MAX_STARTS) || openers.length >= MAX_OPENERS) break;
      }
    } else if (c === 10 /* \n */) {
      const first = text.charCodeAt(i + 1);
      const continues = first === 32 || first === 9 || first === 34 || first === 39 || first === 125 || first === 93;
      if (!continues || ++lines > MAX_BACK_LINES) break;
    }
  }
  if (cache) {
    cache.at = pos;
    cache.openers = openers;
  }
  return openers.filter((o) => o >= 0 && o >= stop);
}

interface RawBody {
  hit: BodyHit;
  /** Offsets in the scanned text. */
  start: number;
  end: number;
  forms: BodyForm[];
  parsed: unknown;
}

/**
 * Objects already read that held no body, by start offset, with where their parse ended. Each
 * start is parsed at most once, which keeps adversarial input (a million `{"detail":"` prefixes,
 * deep nesting) linear.
 */
class ParseMemo {
  private readonly ends = new Map<number, number>();
  private limit = 4096;

  get(start: number): number | undefined {
    return this.ends.get(start);
  }

  /** Remembers a parse that held no body, and every object inside it (they were classified too). */
  remember(start: number, end: number, ranges: Map<object, [number, number]>, now: number): void {
    if (this.ends.size > this.limit) {
      // Triggers only look back MAX_BACK characters: older entries can go.
      for (const k of this.ends.keys()) if (k < now - MAX_BACK) this.ends.delete(k);
      this.limit = Math.max(4096, this.ends.size * 2);
    }
    this.ends.set(start, end);
    for (const r of ranges.values()) if (!this.ends.has(r[0])) this.ends.set(r[0], r[1]);
  }
}

/**
 * Finds bodies in `text` around a trigger at `pos`. Returns the bodies and how far the parse went.
 */
function bodiesAt(text: string, pos: number, floor: number, catalog: Catalog, maxBody: number, memo: ParseMemo, walk: WalkCache): { bodies: RawBody[]; end: number } {
  const starts = enclosingStarts(text, pos, floor, walk);
  let innermostEnd = pos + 1;
  // Outermost first: a log record around the body lends it its status and request id. A record
  // that holds no body (its error text is a string) hands over to the objects inside it.
  for (let i = starts.length - 1; i >= 0; i--) {
    const s = starts[i];
    const known = memo.get(s);
    if (known !== undefined) {
      if (i === 0) innermostEnd = Math.max(innermostEnd, known);
      continue;
    }
    const p = parseLoose(text, s, Math.min(text.length, s + maxBody));
    const hits = p.end <= pos ? [] : acceptable(text, p, catalog); // closed before the trigger: a brace in a string misled us
    if (hits.length === 0) {
      memo.remember(s, p.end, p.ranges, pos);
      if (i === 0) innermostEnd = Math.max(innermostEnd, p.end);
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

/** Bodies of a parse that stopped on junk mid-line are kept only if they closed before it. */
function acceptable(text: string, p: LooseParse, catalog: Catalog): BodyHit[] {
  if (p.complete || isCutOff(text, p.end)) return findBodies(p.value, catalog);
  if (p.unclosed.size === p.ranges.size) return []; // nothing closed: junk, not worth classifying
  return findBodies(p.value, catalog).filter((h) => !p.unclosed.has(h.node));
}

/**
 * Reads an escaped body: unescape `level` times from `start`, then find bodies in the result.
 * The window unescaped grows only while the parse needs more, so junk costs little.
 */
function escapedBodiesAt(text: string, start: number, level: number, catalog: Catalog, maxBody: number): { bodies: RawBody[]; end: number } {
  // Escaped bodies live inside one string literal, so on one line.
  const lineEnd = text.indexOf('\n', start);
  const limit = Math.min(lineEnd < 0 ? text.length : lineEnd, start + Math.min(maxBody, MAX_ESCAPED_BODY));
  for (let window = 2048; ; window *= 8) {
    const to = Math.min(limit, start + window);
    let un: Unescaped | undefined;
    for (let l = 0; l < level; l++) un = un ? unescapeOnce(un.text, 0, un.text.length, un.map) : unescapeOnce(text, start, to);
    if (!un || un.text.charCodeAt(0) !== 123) return { bodies: [], end: start + 1 };
    const p = parseLoose(un.text, 0);
    // Ran out of unescaped text mid-body while more of the line is left: read a larger window.
    if (!p.complete && p.end >= un.text.length && to < limit) continue;
    const map = un.map;
    const end = map[Math.min(p.end, map.length - 1)];
    const bodies = acceptable(un.text, p, catalog).map((hit) => {
      const r = p.ranges.get(hit.node) ?? [0, p.end];
      const forms: BodyForm[] = ['escaped'];
      if (p.python) forms.push('python');
      if (!p.complete) forms.push('truncated');
      return { hit, start: map[r[0]], end: map[Math.min(r[1], map.length - 1)], forms, parsed: hit.node };
    });
    return { bodies, end: Math.max(end, start + 1) };
  }
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
  /** Per escape level, where the last escaped read ended. */
  private readonly escapedUntil = [0, 0, 0, 0, 0];
  private readonly memo = new ParseMemo();
  private readonly walk: WalkCache = { at: -1, openers: [] };
  private done = false;
  /** Findings on the current line, and where that line ends. */
  private lineEnd = -1;
  private lineFindings = 0;

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
        if (this.lineFull(at)) continue;
        this.findings.push(finish(text, catalog, 'code', { api: 'workflows', code: m[0], start: at, end: at + 7, forms: ['literal'] }));
        continue;
      }
      let slashes = 0;
      while (slashes < 1 << MAX_ESCAPE_LEVEL && at - slashes > 0 && text.charCodeAt(at - slashes - 1) === 92) slashes++;
      if (slashes === 0) {
        if (at < this.coveredUntil) continue;
        const { bodies, end } = bodiesAt(text, at, floor, catalog, maxBody, this.memo, this.walk);
        this.coveredUntil = Math.max(this.coveredUntil, end);
        this.push(bodies);
      } else {
        // `\"` is level 1, `\\\"` level 2: 2^level - 1 backslashes; anything else is not an escape.
        const level = Math.log2(slashes + 1);
        if (!Number.isInteger(level) || level > MAX_ESCAPE_LEVEL) continue;
        if (at < this.escapedUntil[level]) continue;
        // The body's own `{` is followed by a quote escaped exactly like the trigger's.
        const opening = (OPENING[slashes] ??= new RegExp(`^\\{[ \\t]*\\\\{${slashes}}["']`));
        const starts = enclosingStarts(text, at - slashes, floor, this.walk).filter((s) => opening.test(text.slice(s, s + 16 + slashes)));
        if (starts.length === 0) continue;
        const s = starts[starts.length - 1];
        const { bodies, end } = escapedBodiesAt(text, s, level, catalog, maxBody);
        this.escapedUntil[level] = Math.max(at + 1, end);
        this.push(bodies);
      }
    }
    return false;
  }

  /** Counts a finding at `at` against its line; true when the line already has too many. */
  private lineFull(at: number): boolean {
    if (at >= this.lineEnd) {
      const nl = this.text.indexOf('\n', at);
      this.lineEnd = nl < 0 ? this.text.length : nl;
      this.lineFindings = 0;
    }
    if (++this.lineFindings <= MAX_FINDINGS_PER_LINE) return false;
    this.re.lastIndex = Math.max(this.re.lastIndex, this.lineEnd);
    return true;
  }

  private push(bodies: RawBody[]): void {
    for (const b of bodies) {
      if (this.lineFull(b.start)) continue;
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
