// What a file is, judged from its first bytes: text (and in which encoding), gzip, or binary. The one
// place where "binary file" is decided, for the CLI, the desktop extension's Scan Log File and the
// workspace scan. Pure (no Node, no vscode): it runs in the browser too.
import * as l10n from '@vscode/l10n';

/** Bytes of a file's head that `sniff` looks at (and characters that `isBinaryText` looks at). */
export const SNIFF_BYTES = 8 * 1024;

export type TextEncodingName = 'utf-8' | 'utf-16le' | 'utf-16be';

export type Sniffed =
  /** `bomLength` bytes of byte order mark come first: not part of the text (VS Code does not count it as a column). */
  | { kind: 'text'; encoding: TextEncodingName; bomLength: number }
  | { kind: 'gzip' }
  | { kind: 'binary'; reason: string };

/**
 * Above this share of control characters the head is not text. Generous on purpose: a log may hold
 * a few stray control bytes (a backspace, a bell), a binary format holds many.
 */
const MAX_CONTROL_SHARE = 0.1;

/** Control characters that text does hold: \t \n \f \r and ESC (ANSI colours in terminal logs). */
function isControl(unit: number): boolean {
  return (unit < 0x20 && unit !== 0x09 && unit !== 0x0a && unit !== 0x0c && unit !== 0x0d && unit !== 0x1b) || unit === 0x7f;
}

/**
 * The rule for text in any encoding, over its first code units (bytes for UTF-8, 16-bit units for
 * UTF-16, characters of a decoded string): a NUL, or too many other control characters, means binary.
 * The reason is in the display language (the CLI and the editor show it as the file is skipped).
 */
function binaryReason(unitAt: (i: number) => number, count: number, units: 'byte' | 'character'): string | undefined {
  let controls = 0;
  for (let i = 0; i < count; i++) {
    const u = unitAt(i);
    if (u === 0) {
      const offset = String(i);
      return units === 'byte' ? l10n.t('NUL byte at offset {offset}', { offset }) : l10n.t('NUL character at offset {offset}', { offset });
    }
    if (isControl(u)) controls++;
  }
  if (count > 0 && controls / count > MAX_CONTROL_SHARE) {
    const percent = String(Math.round((100 * controls) / count));
    return units === 'byte' ? l10n.t('{percent}% control bytes', { percent }) : l10n.t('{percent}% control characters', { percent });
  }
  return undefined;
}

/** What the bytes `head` (a file's first bytes, ideally `SNIFF_BYTES` of them or the whole file) start. */
export function sniff(head: Uint8Array): Sniffed {
  const b0 = head[0];
  const b1 = head[1];
  // RFC 1952: every gzip member starts with ID1 ID2 = 1f 8b (no text starts so: 8b is no UTF-8 lead byte).
  if (b0 === 0x1f && b1 === 0x8b) return { kind: 'gzip' };
  if ((b0 === 0xff && b1 === 0xfe) || (b0 === 0xfe && b1 === 0xff)) {
    // UTF-16 (what Windows PowerShell writes): ASCII text is half NUL bytes, so judge its code units.
    const le = b0 === 0xff;
    const units = Math.floor((Math.min(head.length, SNIFF_BYTES) - 2) / 2);
    const at = (i: number): number => (le ? head[2 + 2 * i] | (head[3 + 2 * i] << 8) : (head[2 + 2 * i] << 8) | head[3 + 2 * i]);
    const reason = binaryReason(at, units, 'character');
    return reason ? { kind: 'binary', reason } : { kind: 'text', encoding: le ? 'utf-16le' : 'utf-16be', bomLength: 2 };
  }
  const bomLength = b0 === 0xef && b1 === 0xbb && head[2] === 0xbf ? 3 : 0;
  const end = Math.min(head.length, SNIFF_BYTES);
  const reason = binaryReason((i) => head[bomLength + i], Math.max(0, end - bomLength), 'byte');
  return reason ? { kind: 'binary', reason } : { kind: 'text', encoding: 'utf-8', bomLength };
}

/** The same rule for text already decoded (an editor document): true when its head is not text. */
export function isBinaryText(text: string): boolean {
  return binaryReason((i) => text.charCodeAt(i), Math.min(text.length, SNIFF_BYTES), 'character') !== undefined;
}
