// Scans of part of a text give what a scan of the whole text gives. A hover on a document not
// scanned yet reads a window around the cursor (findingInWindow): never more than WINDOW_CHARS, and
// when it says its answer is settled, that answer is the full scan's (checked over the corpus of real
// tool output, each file set in the middle of a long log). An edit rescans a window around it
// (updateFindings), with the evidence of the document's head.
import { strict as assert } from 'node:assert';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import { loadBuiltinCatalog } from '../../src/core/catalog/catalog';
import { findingAt, findingInWindow, WINDOW_CHARS } from '../../src/core/engine/findingAt';
import { updateFindings, type TextSource } from '../../src/core/engine/incremental';
import { scanText } from '../../src/core/engine/scan';

const catalog = loadBuiltinCatalog();
const CORPUS = join(process.cwd(), 'test/fixtures/corpus');
const FILLER = '2026-11-21T09:14:02.412Z INFO POST /v1/jobs status=201 duration=88ms ok\n';

function source(text: string): TextSource {
  return { length: text.length, slice: (from, to) => text.slice(from, to) };
}

function corpusTexts(): { name: string; text: string }[] {
  const out: { name: string; text: string }[] = [];
  const walk = (dir: string): void => {
    for (const name of readdirSync(dir).sort()) {
      const path = join(dir, name);
      if (statSync(path).isDirectory()) walk(path);
      else if (!/\.(md|jsonc|gz)$/.test(name)) {
        const text = readFileSync(path, 'utf8');
        // Text files only (the corpus also holds UTF-16 and binary inputs for the CLI's reader).
        if (!text.includes('\u0000') && !text.includes('\ufffd')) out.push({ name: path.slice(CORPUS.length + 1), text });
      }
    }
  };
  walk(CORPUS);
  return out;
}

describe('findingInWindow', () => {
  test('settled answers are the full scan\'s, and a window never reads more than WINDOW_CHARS', () => {
    const padding = FILLER.repeat(Math.ceil(120_000 / FILLER.length));
    let settled = 0;
    let asked = 0;
    for (const { name, text } of corpusTexts()) {
      const padded = `${padding}${text}\n${padding}`;
      const full = scanText(padded, catalog);
      for (const f of full) {
        for (const offset of [f.start, (f.start + f.end) >> 1]) {
          asked++;
          const answer = findingInWindow(source(padded), catalog, offset);
          assert.ok(answer.scanned <= WINDOW_CHARS, `${name}: ${answer.scanned} characters read`);
          if (!answer.settled) continue;
          settled++;
          assert.deepEqual(answer.finding, findingAt(full, offset), `${name} at ${offset - padding.length}`);
        }
      }
    }
    assert.ok(asked > 100, `${asked} offsets asked`);
    assert.ok(settled / asked > 0.95, `${settled} of ${asked} answers settled`);
  });

  test('a text no longer than a window is scanned whole: settled, with or without a finding', () => {
    const text = `${FILLER}status=503 {"detail": "An error occurred", "code": "WF_1200"}\n${FILLER}`;
    const at = findingInWindow(source(text), catalog, text.indexOf('WF_1200'));
    assert.equal(at.settled, true);
    assert.equal(at.finding?.entry, 'workflows:WF_1200');
    assert.equal(at.scanned, text.length);
    const none = findingInWindow(source(text), catalog, 3);
    assert.deepEqual([none.settled, none.finding], [true, undefined]);
  });

  test('in a long text, plain text under the cursor is not settled (a long body may hold it), and a body cut by the window is not either', () => {
    const padding = FILLER.repeat(Math.ceil(200_000 / FILLER.length));
    const plain = findingInWindow(source(padding), catalog, padding.length >> 1);
    assert.deepEqual([plain.settled, plain.finding], [false, undefined]);
    assert.ok(plain.scanned <= WINDOW_CHARS);
    // A pretty-printed body whose end lies past the window: the window cannot know where it ends.
    const body = `{\n  "detail": "An error occurred",\n  "code": "WF_1200",\n  "trace": [\n${'    "at step",\n'.repeat(8000)}    "end"\n  ]\n}\n`;
    const text = `${padding}${body}${padding}`;
    const cut = findingInWindow(source(text), catalog, text.indexOf('WF_1200', padding.length));
    assert.equal(cut.settled, false, JSON.stringify(cut.finding));
  });

  test('evidence in the document\'s head counts in a window far from it, as in a full scan', () => {
    // A problem body without a title is the Orchestrator's only with evidence: here its package, imported at the top.
    const body = 'status=400 {"detail": "The request is invalid", "status": 400}';
    const text = `import { createCivitaiClient } from "@civitai/client";\n${FILLER.repeat(2000)}${body}\n${FILLER.repeat(2000)}`;
    const full = scanText(text, catalog);
    assert.equal(full.length, 1);
    assert.equal(full[0].api, 'orchestrator');
    const answer = findingInWindow(source(text), catalog, text.indexOf('invalid'));
    assert.equal(answer.settled, true);
    assert.deepEqual(answer.finding, full[0]);
  });
});

describe('updateFindings', () => {
  test('an edit far below the head keeps the evidence of the head, as a full scan does', () => {
    const body = 'status=400 {"detail": "The request is invalid", "status": 400}';
    const before = `import { createCivitaiClient } from "@civitai/client";\n${FILLER.repeat(2000)}${body}\n${FILLER.repeat(2000)}`;
    const at = before.indexOf('invalid');
    const after = `${before.slice(0, at)}very ${before.slice(at)}`;
    const updated = updateFindings(scanText(before, catalog), [{ offset: at, deletedLength: 0, insertedLength: 5 }], source(after), catalog);
    const full = scanText(after, catalog);
    assert.equal(full[0]?.api, 'orchestrator');
    assert.deepEqual(updated, full);
  });
});
