// Which findings become diagnostics, with what severity: pure, so the rules are unit-tested and the
// editor edge only turns specs into vscode.Diagnostic objects.
//   logs: every error found, severity by API and class (settings), capped per file with one summary;
//   code: unknown WF codes (warning, with "did you mean"), and a hint where a transient code is
//         handled with no retry in sight. Known codes used correctly stay quiet.
import type { Catalog } from '../catalog/catalog';
import type { ErrorClass, Severity } from '../catalog/types';
import { EngineRules, type Finding } from '../engine/finding';
import { entryOf, summarize } from '../render/messages';
import { severityFor, type Settings, type SeverityOrOff } from './settings';

export type DiagnosticKind = 'finding' | 'unknown-code' | 'retry-hint' | 'summary';

/** Stable diagnostic codes that quick fixes filter on. */
export const DiagnosticCodes = {
  /** A recognised error in a log. The diagnostic's code is the error's own code. */
  finding: 'finding',
  /** A well-formed WF code that is not in the catalog. */
  unknownCode: 'unknown-code',
  /** A transient code handled with no retry nearby. */
  retryHint: 'retry-hint',
  /** "N more not shown": the per-file cap was reached. */
  summary: 'more-errors',
} as const;

export interface RelatedSpec {
  start: number;
  end: number;
  message: string;
}

export interface DiagnosticSpec {
  kind: DiagnosticKind;
  start: number;
  end: number;
  severity: Severity;
  message: string;
  finding?: Finding;
  related: RelatedSpec[];
}

/** Words that show retry handling is already near a code. */
const RETRY_NEARBY = /retry|retries|backoff|tenacity|withErrcodeRetry|with_errcode_retry|WithErrcodeRetry/i;
const NEARBY_CHARS = 1500;

export function retryInSight(text: string, start: number, end: number): boolean {
  return RETRY_NEARBY.test(text.slice(Math.max(0, start - NEARBY_CHARS), Math.min(text.length, end + NEARBY_CHARS)));
}

const RELATED_LABEL: Record<string, string> = {
  status: 'HTTP status logged with this error',
  'retry-after': 'Retry-After header for this response',
  'request-id': 'Request id to quote to support',
  'rate-limit-reset': 'X-RateLimit-Reset for this response',
};

/** The severity class of a finding: its entry's, or `unknown`. */
export function errorClassOf(f: Finding, catalog: Catalog): ErrorClass {
  return entryOf(catalog, f)?.errorClass ?? 'unknown';
}

/** The severity of a finding in a log: an unrecognized body is only a hint unless the user says otherwise. */
export function findingSeverity(f: Finding, catalog: Catalog, settings: Settings): SeverityOrOff {
  if (f.rule === EngineRules.unrecognizedBody) return settings.severity['unrecognized-body'] ?? 'hint';
  return severityFor(settings, f.api ?? 'unknown', errorClassOf(f, catalog));
}

export function planDiagnostics(findings: readonly Finding[], text: string, settings: Settings, isLog: boolean, catalog: Catalog): DiagnosticSpec[] {
  const specs: DiagnosticSpec[] = [];
  for (const f of findings) {
    const entry = entryOf(catalog, f);
    if (isLog) {
      const severity = findingSeverity(f, catalog, settings);
      if (severity === 'off') continue;
      const related = f.context
        .filter((m) => m.kind in RELATED_LABEL && (m.end <= f.start || m.start >= f.end))
        .map((m) => ({ start: m.start, end: m.end, message: `${RELATED_LABEL[m.kind]}: ${m.value}` }));
      specs.push({ kind: entry || f.kind === 'body' ? 'finding' : 'unknown-code', start: f.start, end: f.end, severity, message: summarize(f, catalog), finding: f, related });
    } else if (f.kind === 'code' && !entry) {
      const severity = severityFor(settings, f.api ?? 'unknown', 'unknown');
      if (severity !== 'off') specs.push({ kind: 'unknown-code', start: f.start, end: f.end, severity, message: summarize(f, catalog), finding: f, related: [] });
    } else if (f.kind === 'code' && entry && settings.retryHints && (entry.retry.decision === 'yes' || entry.retry.decision === 'conditional') && !retryInSight(text, f.start, f.end)) {
      specs.push({
        kind: 'retry-hint',
        start: f.start,
        end: f.end,
        severity: 'hint',
        message: `${entry.code} ${entry.name} is transient (${entry.retry.decision === 'conditional' && entry.retry.onStatuses ? `retry on ${entry.retry.onStatuses.join('/')}` : 'safe to retry'}), but no retry handling is in sight.`,
        finding: f,
        related: [],
      });
    }
  }
  const max = settings.maxDiagnosticsPerFile;
  if (specs.length <= max) return specs;
  const hidden = specs.length - max;
  const first = specs[max];
  const shown = specs.slice(0, max);
  shown.push({
    kind: 'summary',
    start: first.start,
    end: first.end,
    severity: 'information',
    message: `${hidden} more error${hidden === 1 ? '' : 's'} in this file are not shown (limit ${max}, setting errcode.diagnostics.maxPerFile). The "Errors in Open Files" view and \`errcode scan\` list them all.`,
    related: [],
  });
  return shown;
}
