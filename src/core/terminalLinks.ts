// WF codes in a line of terminal output, for the terminal link provider. Pure: no `vscode` import.
// The rule is the scanner's (src/core/scanner/scan.ts): `WF_` and four digits that are not part of a
// longer token, so `XWF_1103`, `WF_11034` and `WF_1103_retry` are not links.

export interface CodeInLine {
  /** `WF_1103` */
  code: string;
  /** UTF-16 index in the line where the code starts. */
  startIndex: number;
  length: number;
}

const WF_CODE = /WF_\d{4}/g;

/** Word characters as the scanner counts them: ASCII letters, digits and `_`. */
function isWordChar(c: number): boolean {
  return (c >= 48 && c <= 57) || (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || c === 95;
}

/**
 * Every WF code in `line`, left to right. Terminal lines can be long (a wrapped JSON body): the cost is
 * one regex pass, and at most `limit` codes are returned (VS Code renders links only where the user
 * points anyway).
 */
export function findWfCodesInLine(line: string, limit = 100): CodeInLine[] {
  const out: CodeInLine[] = [];
  const re = new RegExp(WF_CODE.source, 'g');
  for (let m = re.exec(line); m && out.length < limit; m = re.exec(line)) {
    const at = m.index;
    if ((at > 0 && isWordChar(line.charCodeAt(at - 1))) || isWordChar(line.charCodeAt(at + m[0].length))) continue;
    out.push({ code: m[0], startIndex: at, length: m[0].length });
  }
  return out;
}
