// The policy: which findings are problems, with what severity, in a log, in code and in docs. One
// pure function for the editor (diagnostics) and the CLI (scan output and exit status), so both give
// the same problems on the same text and settings. A problem is plain data with a rule id; its
// message is rendered when shown (render/problemMessages.ts).
//   log:  every error found, severity by API and class (settings), capped per file with one summary;
//   code: an unknown code warns (with "did you mean" for likely typos), a transient code with no retry
//         in sight is a hint (errcode/missing-retry), any other known code is listed at hint: code
//         that handles an error is no problem, and a listed code never fails a CI gate;
//   docs: only unknown codes; a page's example bodies and known codes are explained on hover.
import type { Catalog } from '../catalog/catalog';
import { isRetryable } from '../catalog/retryable';
import type { ErrorClass, Severity } from '../catalog/types';
import type { ContextMark } from '../engine/context';
import { EngineRules, type Finding } from '../engine/finding';
import type { DocumentKind } from './documentKinds';
import { DEFAULT_SEVERITY, severityOf, type Settings, type SeverityOrOff } from './settings';

export type { DocumentKind };

/** Rule ids of the policy's own problems (the engine's are in engine/finding.ts). */
export const PolicyRules = {
  /** A transient code handled in code with no retry handling in sight. */
  missingRetry: 'errcode/missing-retry',
  /** The per-file cap was reached: how many more problems there are. */
  moreProblems: 'errcode/more-problems',
} as const;

/** A place related to a problem (the status line, a header), as data: the renderer words it. */
export interface RelatedLocation {
  kind: 'status' | 'retry-after' | 'request-id' | 'rate-limit-reset';
  /** The value as written there (`429`, `30`, `req-123`). */
  value: string;
  start: number;
  end: number;
}

export interface Problem {
  /** The finding's rule id (`workflows/WF_1103`, `errcode/unknown-code`, …) or the policy's own. */
  rule: string;
  severity: Severity;
  /** Offsets [start, end) in the text the findings came from. */
  start: number;
  end: number;
  /** The finding it is about (plain data); null for errcode/more-problems. */
  finding: Finding | null;
  related: RelatedLocation[];
  /** A known code that the code handles: listed (at hint), but no problem; never counts for an exit status. */
  handled?: true;
  /** errcode/more-problems: how many problems past the cap are not shown, and the cap. */
  hidden?: number;
  limit?: number;
}

/** Severities from the most to the least severe; `never` is below all (a CLI threshold nothing reaches). */
const RANK: Record<Severity, number> = { error: 4, warning: 3, information: 2, hint: 1 };

/** The CLI's `--fail-on`: the least severity that fails a run, or `never`. */
export type FailOn = Severity | 'never';

/** True when the problem fails a run gated at `failOn`: at or above it, and a real problem (not a handled code). */
export function failsAt(p: Pick<Problem, 'severity' | 'handled'>, failOn: FailOn): boolean {
  return failOn !== 'never' && !p.handled && RANK[p.severity] >= RANK[failOn];
}

/** Words that show retry handling is already near a code. */
const RETRY_NEARBY = /retry|retries|backoff|tenacity|withErrcodeRetry|with_errcode_retry|WithErrcodeRetry/i;
const NEARBY_CHARS = 1500;

export function retryInSight(text: string, start: number, end: number): boolean {
  return RETRY_NEARBY.test(text.slice(Math.max(0, start - NEARBY_CHARS), Math.min(text.length, end + NEARBY_CHARS)));
}

/** The severity class of a finding: its entry's, or `unknown`. */
export function errorClassOf(f: Finding, catalog: Catalog): ErrorClass {
  return (f.entry ? catalog.get(f.entry)?.errorClass : undefined) ?? 'unknown';
}

/** `api.code` of a finding's code (`workflows.WF_1103`), when it has both. */
function codeKey(f: Finding, catalog: Catalog): string | undefined {
  const code = (f.entry ? catalog.get(f.entry)?.code : undefined) ?? f.code;
  return f.api && code ? `${f.api}.${code}` : undefined;
}

/**
 * The severity of a finding reported as itself (every finding in a log, an unknown code anywhere).
 * Keys, most specific first: the code (`workflows.WF_1103`), the rule id (`errcode/unknown-code`,
 * `workflows/WF_1103`), `api.class`, the class, the API; then the class default. An unrecognized
 * body (no API, no class) reads its rule id and the older `unrecognized-body`, and is a hint by default.
 */
export function findingSeverity(f: Finding, catalog: Catalog, settings: Pick<Settings, 'severity'>): SeverityOrOff {
  if (f.rule === EngineRules.unrecognizedBody) return severityOf(settings, [f.rule, 'unrecognized-body'], 'hint');
  const cls = errorClassOf(f, catalog);
  const api = f.api ?? 'unknown';
  const code = codeKey(f, catalog);
  return severityOf(settings, [...(code ? [code] : []), f.rule, `${api}.${cls}`, cls, api], DEFAULT_SEVERITY[cls]);
}

/** The related locations of a finding: status lines and headers outside its own range. */
function relatedOf(f: Finding): RelatedLocation[] {
  const out: RelatedLocation[] = [];
  for (const m of f.context) if (isRelated(m) && (m.end <= f.start || m.start >= f.end)) out.push({ kind: m.kind, value: m.value, start: m.start, end: m.end });
  return out;
}

function isRelated(m: ContextMark): m is ContextMark & { kind: RelatedLocation['kind'] } {
  return m.kind === 'status' || m.kind === 'retry-after' || m.kind === 'request-id' || m.kind === 'rate-limit-reset';
}

function problem(rule: string, severity: Severity, f: Finding, related: RelatedLocation[] = []): Problem {
  return { rule, severity, start: f.start, end: f.end, finding: f, related };
}

/**
 * The problems one finding makes in a document of `kind` (none, one). `text` is the document's (or
 * enough of it around the finding: the missing-retry hint looks 1,500 characters either side).
 */
export function problemsOfFinding(f: Finding, text: string, settings: Pick<Settings, 'severity' | 'retryHints'>, kind: DocumentKind, catalog: Catalog): Problem[] {
  const entry = f.entry ? catalog.get(f.entry) : undefined;
  if (kind === 'log' || (f.kind === 'code' && !entry)) {
    // A log reports everything; code and docs report an unknown code as a log does.
    if (kind !== 'log' && f.rule !== EngineRules.unknownCode) return [];
    const severity = findingSeverity(f, catalog, settings);
    return severity === 'off' ? [] : [problem(f.rule, severity, f, kind === 'log' ? relatedOf(f) : [])];
  }
  // Bodies in code and docs are examples, fixtures, mocks: explained on hover, never problems.
  if (f.kind !== 'code' || !entry || kind === 'docs') return [];
  // A known code in code. Its own keys can only hide it: whatever its class, handling it is no problem.
  const code = codeKey(f, catalog);
  if (severityOf(settings, [...(code ? [code] : []), f.rule], 'hint') === 'off') return [];
  if (settings.retryHints && isRetryable(entry, f.status) && !retryInSight(text, f.start, f.end)) {
    const severity = severityOf(settings, [PolicyRules.missingRetry], 'hint');
    if (severity !== 'off') return [problem(PolicyRules.missingRetry, severity, f)];
  }
  return [{ ...problem(f.rule, 'hint', f), handled: true }];
}

/**
 * The problems of a document: each finding's, in document order, then the per-file cap
 * (`settings.maxDiagnosticsPerFile`, VS Code's limit) with one errcode/more-problems summary. The CLI
 * passes an infinite cap: a terminal has no such limit.
 */
export function planProblems(findings: readonly Finding[], text: string, settings: Settings, kind: DocumentKind, catalog: Catalog): Problem[] {
  const problems: Problem[] = [];
  for (const f of findings) problems.push(...problemsOfFinding(f, text, settings, kind, catalog));
  const max = settings.maxDiagnosticsPerFile;
  if (problems.length <= max) return problems;
  const shown = problems.slice(0, max);
  const severity = severityOf(settings, [PolicyRules.moreProblems], 'information');
  if (severity === 'off') return shown;
  const first = problems[max];
  shown.push({ rule: PolicyRules.moreProblems, severity, start: first.start, end: first.end, finding: null, related: [], hidden: problems.length - max, limit: max });
  return shown;
}
