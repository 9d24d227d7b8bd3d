// `errcode scan --jobs 2`: a big file is scanned by two worker threads, each streaming one half,
// so a second core does not sit idle (about 1.3x the throughput, at the cost of a second and third
// V8 heap: peak memory roughly triples, which is why it is not the default). The file is split at the start of a log
// record (a line that does not continue a pretty-printed body), so no body spans the seam; the
// second half's line numbers are shifted once the first half's line count is known.
import * as l10n from '@vscode/l10n';
import * as fs from 'node:fs';
import { Worker } from 'node:worker_threads';
import type { Settings } from '../core/policy/settings';
import type { JsonFinding } from './format';

/** Smaller files are scanned on the main thread: starting workers costs more than it saves. */
export const PARALLEL_MIN_BYTES = Number(process.env.ERRCODE_PARALLEL_MIN_BYTES) || 64 * 1024 * 1024;

/** What a worker is asked to scan: bytes [start, end) of `path`. */
export interface RangeJob {
  errcodeRange: true;
  path: string;
  start: number;
  end: number;
  catalogs: { file: string; text: string }[];
  /** The policy's settings (plain data: it crosses to the worker by structured clone). */
  settings: Settings;
}

export type RangeMessage =
  | { type: 'findings'; findings: JsonFinding[] }
  | { type: 'done'; lines: number }
  | { type: 'error'; message: string };

/** A byte offset near the middle where a new log record starts, or undefined. */
export function splitPoint(path: string, size: number): number | undefined {
  const fd = fs.openSync(path, 'r');
  try {
    const window = Buffer.alloc(256 * 1024);
    const from = Math.floor(size / 2);
    const n = fs.readSync(fd, window, 0, window.length, from);
    for (let i = window.indexOf(10); i >= 0 && i + 1 < n; i = window.indexOf(10, i + 1)) {
      const next = window[i + 1];
      // Not a continuation line (indent, closing bracket, quote) and not blank.
      if (next !== 32 && next !== 9 && next !== 125 && next !== 93 && next !== 34 && next !== 39 && next !== 10 && next !== 13) return from + i + 1;
    }
    return undefined;
  } finally {
    fs.closeSync(fd);
  }
}

/** Runs one range in a worker; `onFindings` gets batches in order; resolves with the range's line count. */
function runRange(script: string, job: RangeJob, onFindings: (f: JsonFinding[]) => void): Promise<number> {
  return new Promise((resolve, reject) => {
    const worker = new Worker(script, { workerData: job });
    let lines: number | undefined;
    worker.on('message', (m: RangeMessage) => {
      if (m.type === 'findings') onFindings(m.findings);
      else if (m.type === 'done') lines = m.lines;
      else reject(new Error(m.message));
    });
    worker.on('error', reject);
    worker.on('exit', (code) => (lines !== undefined ? resolve(lines) : reject(new Error(l10n.t('scan worker exited with code {code}', { code: String(code) })))));
  });
}

/**
 * Scans `path` in two halves at once. Findings reach `emit` in document order with file line
 * numbers. Returns false (and emits nothing) when no split point was found.
 */
export async function scanInParallel(script: string, path: string, size: number, catalogs: RangeJob['catalogs'], settings: Settings, emit: (f: JsonFinding[]) => void): Promise<boolean> {
  const mid = splitPoint(path, size);
  if (mid === undefined) return false;
  const held: JsonFinding[][] = [];
  let firstDone = false;
  let firstLines = 0;
  const first = runRange(script, { errcodeRange: true, path, start: 0, end: mid, catalogs, settings }, emit).then((lines) => {
    firstDone = true;
    firstLines = lines;
    for (const batch of held.splice(0)) emit(shift(batch, lines));
  });
  const second = runRange(script, { errcodeRange: true, path, start: mid, end: size, catalogs, settings }, (batch) => {
    if (firstDone) emit(shift(batch, firstLines));
    else held.push(batch);
  });
  await Promise.all([first, second]);
  return true;
}

function shift(batch: JsonFinding[], lines: number): JsonFinding[] {
  for (const f of batch) {
    f.line += lines;
    f.endLine += lines;
  }
  return batch;
}
