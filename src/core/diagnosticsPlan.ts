// Which findings become diagnostics, with what severity: pure, so the rules are unit-tested and the
// editor edge only turns specs into vscode.Diagnostic objects.
//   logs: every error found, severity by API and class (settings), capped per file with one summary;
//   code: unknown WF codes (warning, with "did you mean"), and a hint where a transient code is
//         handled with no retry in sight. Known codes used correctly stay quiet.
import type { Severity } from './catalog/types';
import type { Finding } from './scanner/types';
import { severityFor, type Settings } from './settings';

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

export function planDiagnostics(findings: readonly Finding[], text: string, settings: Settings, isLog: boolean): DiagnosticSpec[] {
  const specs: DiagnosticSpec[] = [];
  for (const f of findings) {
    if (isLog) {
      const severity = severityFor(settings, f.api, f.errorClass);
      if (severity === 'off') continue;
      const related = f.context
        .filter((m) => m.kind in RELATED_LABEL && (m.end <= f.start || m.start >= f.end))
        .map((m) => ({ start: m.start, end: m.end, message: `${RELATED_LABEL[m.kind]}: ${m.value}` }));
      specs.push({ kind: f.entry || f.kind === 'body' ? 'finding' : 'unknown-code', start: f.start, end: f.end, severity, message: f.message, finding: f, related });
    } else if (f.kind === 'code' && !f.entry) {
      const severity = severityFor(settings, f.api, 'unknown');
      if (severity !== 'off') specs.push({ kind: 'unknown-code', start: f.start, end: f.end, severity, message: f.message, finding: f, related: [] });
    } else if (f.kind === 'code' && f.entry && settings.retryHints && (f.entry.retry.decision === 'yes' || f.entry.retry.decision === 'conditional') && !retryInSight(text, f.start, f.end)) {
      specs.push({
        kind: 'retry-hint',
        start: f.start,
        end: f.end,
        severity: 'hint',
        message: `${f.entry.code} ${f.entry.name} is transient (${f.entry.retry.decision === 'conditional' && f.entry.retry.onStatuses ? `retry on ${f.entry.retry.onStatuses.join('/')}` : 'safe to retry'}), but no retry handling is in sight.`,
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
