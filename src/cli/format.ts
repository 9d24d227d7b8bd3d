// CLI output shapes. The JSON shapes are a contract (documented in the README): change with care.
import type { Catalog } from '../core/catalog/catalog';
import type { Fact } from '../core/engine/finding';
import type { StreamedFinding } from '../core/engine/stream';
import { findingSeverity } from '../core/policy/problems';
import { plainText } from '../core/render/escape';
import { effectiveRetry, entryOf, oneLine, summarize } from '../core/render/messages';
import { DEFAULT_SETTINGS, type Settings } from '../core/policy/settings';

export interface JsonFinding {
  line: number;
  column: number;
  endLine: number;
  endColumn: number;
  /** Stable rule id: `workflows/WF_1103`, `errcode/unknown-code`, `errcode/unrecognized-body`, … */
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

export function findingJson(s: StreamedFinding, catalog: Catalog, settings: Settings = DEFAULT_SETTINGS): JsonFinding {
  const f = s.finding;
  const severity = findingSeverity(f, catalog, settings);
  return {
    line: s.line,
    column: s.column,
    endLine: s.endLine,
    endColumn: s.endColumn,
    rule: f.rule,
    api: f.api,
    kind: f.kind,
    code: f.code,
    status: f.status,
    entry: f.entry,
    severity: severity === 'off' ? 'hint' : severity,
    retry: effectiveRetry(entryOf(catalog, f), f.status).decision,
    message: summarize(f, catalog),
    notation: f.notation,
    facts: f.facts,
  };
}

/** Compiler-style: `path:line:col: warning: message [rule]`, which editors and CI turn into links. */
export function findingLine(path: string, f: JsonFinding): string {
  return plainText(oneLine(`${path}:${f.line}:${f.column}: ${f.severity}: ${f.message} [${f.rule}]`)); // a user catalog's rule id is text too
}

export function catalogJson(catalog: Catalog): unknown {
  return { apis: catalog.apis, entries: catalog.entries };
}
