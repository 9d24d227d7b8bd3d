// CLI output shapes. The JSON shapes are a contract (documented in the README): change with care.
import type { Catalog } from '../core/catalog/catalog';
import { plainText } from '../core/explain/escape';
import type { StreamedFinding } from '../core/scanner/stream';

export interface JsonFinding {
  line: number;
  column: number;
  endLine: number;
  endColumn: number;
  api: string;
  kind: 'code' | 'body';
  code: string | null;
  status: number | null;
  entry: string | null;
  severity: 'error' | 'warning' | 'information' | 'hint';
  retry: 'yes' | 'no' | 'conditional' | 'unknown';
  message: string;
}

export interface JsonFile {
  path: string;
  findings: JsonFinding[];
}

export function findingJson(s: StreamedFinding): JsonFinding {
  const f = s.finding;
  return {
    line: s.line,
    column: s.column,
    endLine: s.endLine,
    endColumn: s.endColumn,
    api: f.api,
    kind: f.kind,
    code: f.code,
    status: f.status,
    entry: f.entry?.id ?? null,
    severity: f.severity,
    retry: f.retry.decision,
    message: f.message,
  };
}

/** Compiler-style: `path:line:col: warning: message`, which editors and CI turn into links. */
export function findingLine(path: string, f: JsonFinding): string {
  return `${path}:${f.line}:${f.column}: ${f.severity}: ${plainText(f.message)}`;
}

export function catalogJson(catalog: Catalog): unknown {
  return { apis: catalog.apis, entries: catalog.entries };
}
