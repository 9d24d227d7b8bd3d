// Error codes in a line of terminal output, for the terminal link provider. Pure: no `vscode` import.
// The rule is the scanner's own (engine/scan.ts: each API's codePattern, not part of a longer token),
// so `XWF_1103`, `WF_11034` and `WF_1103_retry` are not links, and a user catalog's codes are.
import type { Catalog } from '../catalog/catalog';
import { scanText } from './scan';

export interface CodeInLine {
  /** `WF_1103` */
  code: string;
  /** Catalog entry id, when the code is known. */
  entryId: string | undefined;
  /** UTF-16 index in the line where the code starts. */
  startIndex: number;
  length: number;
}

/**
 * Every code literal in `line`, left to right. Terminal lines can be long (a wrapped JSON body): the
 * cost is one scan of the line, and at most `limit` codes are returned.
 */
export function findCodesInLine(line: string, catalog: Catalog, limit = 100): CodeInLine[] {
  const out: CodeInLine[] = [];
  for (const f of scanText(line, catalog)) {
    if (f.kind !== 'code' || f.code === null) continue;
    out.push({ code: f.code, entryId: f.entry ?? undefined, startIndex: f.start, length: f.end - f.start });
    if (out.length >= limit) break;
  }
  return out;
}
