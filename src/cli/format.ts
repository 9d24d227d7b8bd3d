// CLI output shapes. The JSON shapes are a contract (documented in the README): change with care.
import type { Catalog } from '../core/catalog/catalog';
import type { Fact, Finding } from '../core/engine/finding';
import type { StreamedFinding } from '../core/engine/stream';
import { problemsOfFinding, type Problem } from '../core/policy/problems';
import type { Settings } from '../core/policy/settings';
import { plainText } from '../core/render/escape';
import { effectiveRetry, entryOf, oneLine } from '../core/render/messages';
import { problemMessage } from '../core/render/problemMessages';

export interface JsonFinding {
  line: number;
  column: number;
  endLine: number;
  endColumn: number;
  /** Stable rule id: `workflows/WF_1103`, `errcode/unknown-code`, `errcode/missing-retry`, … */
  rule: string;
  /** null when nothing names the API (an unrecognized body). */
  api: string | null;
  kind: 'code' | 'body';
  code: string | null;
  status: number | null;
  entry: string | null;
  severity: 'error' | 'warning' | 'information' | 'hint';
  retry: 'yes' | 'no' | 'conditional' | 'unknown';
  message: string;
  /** How the body was written (`json`, `python`, `escaped`, `truncated`, …). */
  notation: string[];
  facts: Fact[];
}

export interface JsonFile {
  path: string;
  findings: JsonFinding[];
}

/** 1-based lines and columns (columns in UTF-16 code units, as VS Code counts them). */
export interface JsonPosition {
  line: number;
  column: number;
  endLine: number;
  endColumn: number;
}

/** A problem as the CLI prints it: the policy's rule id and severity, the finding's facts. */
export function problemJson(p: Problem & { finding: Finding }, at: JsonPosition, catalog: Catalog): JsonFinding {
  const f = p.finding;
  return {
    line: at.line,
    column: at.column,
    endLine: at.endLine,
    endColumn: at.endColumn,
    rule: p.rule,
    api: f.api,
    kind: f.kind,
    code: f.code,
    status: f.status,
    entry: f.entry,
    severity: p.severity,
    retry: effectiveRetry(entryOf(catalog, f), f.status).decision,
    message: problemMessage(p, catalog, 'flag'),
    notation: f.notation,
    facts: f.facts,
  };
}

/** The problems of a finding streamed from a log (the policy's per-finding part; logs need no text around). */
export function logProblemsJson(s: StreamedFinding, catalog: Catalog, settings: Settings): JsonFinding[] {
  return problemsOfFinding(s.finding, '', settings, 'log', catalog).map((p) => problemJson({ ...p, finding: s.finding }, s, catalog));
}

/** Compiler-style: `path:line:col: warning: message [rule]`, which editors and CI turn into links. */
export function findingLine(path: string, f: JsonFinding): string {
  return plainText(oneLine(`${path}:${f.line}:${f.column}: ${f.severity}: ${f.message} [${f.rule}]`)); // a user catalog's rule id is text too
}

export function catalogJson(catalog: Catalog): unknown {
  return { apis: catalog.apis, entries: catalog.entries };
}
