// What a file is, from its first bytes (src/core/engine/encoding.ts): the one rule for "binary file"
// that the CLI, Scan Log File and the workspace scan share.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import fc from 'fast-check';
import { isBinaryText, SNIFF_BYTES, sniff } from '../../src/core/engine/encoding';

const bytes = (...parts: (string | number[])[]): Uint8Array => Buffer.concat(parts.map((p) => (typeof p === 'string' ? Buffer.from(p, 'utf8') : Buffer.from(p))));
const utf16le = (s: string): Buffer => Buffer.from(s, 'utf16le');
const utf16be = (s: string): Buffer => Buffer.from(s, 'utf16le').swap16();

const log = '2026-11-30T10:00:01Z ERROR status=500 body={"detail":"An error occurred","code":"WF_1103"}\r\n';

describe('sniff', () => {
  test('looks at the first 8 KB', () => {
    assert.equal(SNIFF_BYTES, 8192);
  });

  test('plain text is UTF-8 without a BOM, whatever its bytes', () => {
    assert.deepEqual(sniff(bytes(log)), { kind: 'text', encoding: 'utf-8', bomLength: 0 });
    assert.deepEqual(sniff(bytes('José 😀 naïve\n')), { kind: 'text', encoding: 'utf-8', bomLength: 0 });
    // Latin-1 or broken UTF-8 is still text: the scanner replaces what it cannot decode.
    assert.deepEqual(sniff(bytes('caf', [0xe9], '\n', [0xc3])), { kind: 'text', encoding: 'utf-8', bomLength: 0 });
    assert.deepEqual(sniff(new Uint8Array(0)), { kind: 'text', encoding: 'utf-8', bomLength: 0 });
  });

  test('a UTF-8 BOM is found and measured', () => {
    assert.deepEqual(sniff(bytes([0xef, 0xbb, 0xbf], log)), { kind: 'text', encoding: 'utf-8', bomLength: 3 });
    assert.deepEqual(sniff(bytes([0xef, 0xbb, 0xbf])), { kind: 'text', encoding: 'utf-8', bomLength: 3 });
    // Two bytes of it are no BOM (and no control bytes either: text).
    assert.deepEqual(sniff(bytes([0xef, 0xbb], 'x')), { kind: 'text', encoding: 'utf-8', bomLength: 0 });
  });

  test('UTF-16 with a BOM, little and big endian (half its bytes NUL: still text)', () => {
    assert.deepEqual(sniff(bytes([0xff, 0xfe], [...utf16le(log)])), { kind: 'text', encoding: 'utf-16le', bomLength: 2 });
    assert.deepEqual(sniff(bytes([0xfe, 0xff], [...utf16be(log)])), { kind: 'text', encoding: 'utf-16be', bomLength: 2 });
    assert.deepEqual(sniff(bytes([0xff, 0xfe], [...utf16le('😀 José')])), { kind: 'text', encoding: 'utf-16le', bomLength: 2 });
    assert.deepEqual(sniff(bytes([0xff, 0xfe])), { kind: 'text', encoding: 'utf-16le', bomLength: 2 });
    // A head cut in the middle of a code unit is judged on its whole units.
    assert.deepEqual(sniff(bytes([0xfe, 0xff], [...utf16be('ab')], [0x00])), { kind: 'text', encoding: 'utf-16be', bomLength: 2 });
  });

  test('UTF-16 is judged on its code units: a U+0000 means binary (UTF-32 LE, whose BOM starts FF FE, too)', () => {
    const nul = sniff(bytes([0xff, 0xfe], [...utf16le('ab\u0000cd')]));
    assert.equal(nul.kind, 'binary');
    assert.match((nul as { reason: string }).reason, /NUL character at offset 2/);
    assert.equal(sniff(bytes([0xff, 0xfe, 0x00, 0x00], [0x41, 0, 0, 0])).kind, 'binary');
    const controls = sniff(bytes([0xfe, 0xff], [...utf16be('\u0001\u0002\u0003abcdef')]));
    assert.equal(controls.kind, 'binary');
  });

  test('gzip by its magic bytes, not by name', () => {
    assert.deepEqual(sniff(bytes([0x1f, 0x8b, 0x08, 0x00, 0, 0, 0, 0, 0, 0x03])), { kind: 'gzip' });
    assert.deepEqual(sniff(bytes([0x1f, 0x8b])), { kind: 'gzip' });
    // Only 1f: no gzip (and a lone control byte: not text).
    assert.equal(sniff(bytes([0x1f])).kind, 'binary');
  });

  test('a NUL byte in the first 8 KB means binary, with where it was', () => {
    const r = sniff(bytes([0x7f, 0x45, 0x4c, 0x46, 0x00, 0x01]));
    assert.deepEqual(r, { kind: 'binary', reason: 'NUL byte at offset 4' });
    assert.equal(sniff(bytes('x'.repeat(SNIFF_BYTES - 1), [0])).kind, 'binary');
    // After a UTF-8 BOM the same rule holds, offsets counted after it.
    assert.deepEqual(sniff(bytes([0xef, 0xbb, 0xbf], 'ab', [0])), { kind: 'binary', reason: 'NUL byte at offset 2' });
  });

  test('only the first 8 KB count', () => {
    assert.equal(sniff(bytes('x'.repeat(SNIFF_BYTES), [0])).kind, 'text');
    assert.equal(sniff(bytes('x'.repeat(SNIFF_BYTES), [1, 2, 3, 4, 5, 6, 7, 8].flatMap((b) => Array(2000).fill(b)))).kind, 'text');
  });

  test('many control bytes mean binary; tab, newline, CR, form feed and ESC are text', () => {
    const controls = sniff(bytes('abcdefgh', [1, 2, 3]));
    assert.equal(controls.kind, 'binary');
    assert.match((controls as { reason: string }).reason, /^27% control bytes$/);
    assert.equal(sniff(bytes('a\u007f\u007f')).kind, 'binary', 'DEL is a control byte');
    // A stray backspace or bell in a long line is not enough.
    assert.equal(sniff(bytes('progress 10%\b\b\b20%\u0007 done, waiting for the next step of the build\n')).kind, 'text');
    // Terminal output: ANSI colours, tabs, CRLF, form feeds, all of it control bytes of the allowed kind.
    const ansi = '\u001b[31m\u001b[1mERROR\u001b[0m\t\u001b[2m2026\u001b[0m\r\n\f'.repeat(50);
    assert.deepEqual(sniff(bytes(ansi)), { kind: 'text', encoding: 'utf-8', bomLength: 0 });
  });
});

describe('isBinaryText: the same rule for a decoded string', () => {
  test('text, UTF-16 decoded text and terminal output are text', () => {
    assert.equal(isBinaryText(log), false);
    assert.equal(isBinaryText(''), false);
    assert.equal(isBinaryText('😀 José\t\u001b[0m\f\r\n'), false);
    assert.equal(isBinaryText('\ufeff' + log), false);
  });

  test('a NUL or many control characters in the first 8 K characters mean binary', () => {
    assert.equal(isBinaryText('ELF\u0000\u0001'), true);
    assert.equal(isBinaryText('abcdefgh\u0001\u0002\u0003'), true);
    assert.equal(isBinaryText('x'.repeat(SNIFF_BYTES) + '\u0000'), false);
  });

  test('agrees with sniff on every byte string without a BOM or gzip magic', () => {
    const byte = fc.oneof(fc.integer({ min: 0, max: 255 }), fc.constantFrom(0x0a, 0x20, 0x41, 0x7b, 0x09, 0x1b), fc.integer({ min: 0x20, max: 0x7e }));
    fc.assert(
      fc.property(fc.array(byte, { maxLength: 300 }), (arr) => {
        const head = Uint8Array.from(arr);
        const s = sniff(head);
        fc.pre(s.kind !== 'gzip' && !(s.kind === 'text' && s.bomLength > 0) && !(head[0] === 0xff && head[1] === 0xfe) && !(head[0] === 0xfe && head[1] === 0xff));
        assert.equal(isBinaryText(Buffer.from(head).toString('latin1')), s.kind === 'binary');
      }),
      { numRuns: 2000 },
    );
  });
});
