// errcode: the core engine for terminals and CI. Usage errors and bad input give one line on stderr
// and exit 2; `scan` exits 1 when it found errors, 0 when the logs are clean.
import * as fs from 'node:fs';
import { isMainThread, parentPort, workerData } from 'node:worker_threads';
import { parseArgs } from 'node:util';
import { loadBuiltinCatalog, type Catalog } from '../core/catalog/catalog';
import { mergeCatalogs } from '../core/catalog/catalogFile';
import type { CatalogEntry } from '../core/catalog/types';
import { explainEntry, explainFinding, toText } from '../core/render/explain';
import { scanText } from '../core/engine/scan';
import { isBinaryText } from '../core/engine/encoding';
import { scanStream } from '../core/engine/stream';
import { openInput, type Input } from '../node/input';
import { catalogJson, findingJson, findingLine, type JsonFinding } from './format';
import { PARALLEL_MIN_BYTES, scanInParallel, type RangeJob, type RangeMessage } from './parallel';
import { fileWindows } from '../node/windows';

const VERSION = '0.1.0';

const HELP = `errcode ${VERSION}: explains Workflows, Wireflow, Flows GraphQL and Orchestrator API errors.

Usage:
  errcode scan [--format text|json] [--jobs 1|2] [--catalog FILE]... <file|->...
      Find error codes and error bodies in logs or code. Exit 1 if any were found.
      --jobs 2 scans files over 64 MB with two threads (faster, about 3x the memory).
  errcode explain [--catalog FILE]... <WF code | HTTP status | job reason | text | ->
      Explain a code, a status, a job reason, or (with -) an error body read from stdin.
  errcode catalog [--format text|json] [--catalog FILE]...
      Print the catalog (built-in entries merged with user catalogs).

Options:
  --format text|json   Output format (default: text).
  --catalog FILE       Add a user catalog (JSONC); may be repeated.
  -h, --help           Show this help.
  -v, --version        Show the version.
`;

/** A mistake of the user's: reported in one line, never as a stack trace. */
class UsageError extends Error {}

function fail(message: string): never {
  throw new UsageError(message);
}

function loadCatalog(files: string[]): { catalog: Catalog; texts: RangeJob['catalogs'] } {
  const base = loadBuiltinCatalog();
  if (files.length === 0) return { catalog: base, texts: [] };
  const users = files.map((file) => {
    let text: string;
    try {
      text = fs.readFileSync(file, 'utf8');
    } catch (e) {
      fail(`cannot read catalog ${file}: ${(e as NodeJS.ErrnoException).code ?? 'error'}`);
    }
    return { file, text };
  });
  const { catalog, problems } = mergeCatalogs(base, users);
  const errors = problems.filter((p) => p.severity === 'error');
  for (const p of problems) process.stderr.write(`${p.file}:${p.line}:${p.column}: ${p.severity}: ${p.message}\n`);
  if (errors.length) fail(`${errors.length} error${errors.length === 1 ? '' : 's'} in user catalog${files.length === 1 ? '' : 's'}`);
  return { catalog, texts: users };
}

/** The file (or stdin) as windows of text, or why it is skipped (src/node/input.ts: plain, BOM, UTF-16, gzip). */
function readWindows(path: string): Promise<Input> {
  const shown = path === '-' ? '<stdin>' : path;
  return openInput(path, (note) => process.stderr.write(`errcode: ${shown}: ${note}\n`));
}

async function scanCommand(paths: string[], format: string, catalog: Catalog, catalogs: RangeJob['catalogs'], jobs: number): Promise<number> {
  if (paths.length === 0) fail('scan: no file given (use - for stdin)');
  const json = format === 'json';
  let total = 0;
  let scanned = 0;
  // Output is written as it comes, in batches (one write per finding costs more than the scan of its
  // line): a log with millions of findings never becomes one string, and JSON stays one object.
  let batch: string[] = [];
  const flush = (): void => {
    if (batch.length) process.stdout.write(batch.join(''));
    batch = [];
  };
  const out = (s: string): void => {
    if (batch.push(s) >= 512) flush();
  };
  if (json) out('{"files":[');
  let firstFile = true;
  for (const path of paths) {
    const shown = path === '-' ? '<stdin>' : path;
    const input = await readWindows(path);
    if ('skipped' in input) {
      // One line, then the other files: one bad file among many does not cost the rest their findings.
      flush();
      process.stderr.write(`errcode: ${shown}: ${input.skipped}, skipped\n`);
      continue;
    }
    scanned++;
    if (json) out(`${firstFile ? '' : ','}{"path":${JSON.stringify(shown)},"findings":[`);
    firstFile = false;
    let firstFinding = true;
    const emit = (findings: JsonFinding[]): void => {
      total += findings.length;
      for (const f of findings) {
        if (json) {
          out(`${firstFinding ? '' : ','}${JSON.stringify(f)}`);
          firstFinding = false;
        } else out(findingLine(shown, f) + '\n');
      }
    };
    const size = input.splittable ? fs.statSync(path).size : 0; // compressed, UTF-16, pipes: one thread
    let parallel = false;
    try {
      parallel = jobs > 1 && size >= PARALLEL_MIN_BYTES && (await scanInParallel(__filename, path, size, catalogs, emit));
    } catch (e) {
      fail(e instanceof Error ? e.message : String(e)); // a worker's own one-line error (e.g. a read error)
    }
    if (parallel) input.close();
    else await scanStream(input, catalog, (f) => emit([findingJson(f, catalog)]));
    if (json) out(']}');
  }
  if (json) out(']}\n');
  flush();
  if (scanned === 0) return 2; // every file was skipped (each said why on stderr)
  return total > 0 ? 1 : 0;
}

/** Worker thread: scans its byte range and posts findings in batches (line numbers from the range start). */
async function scanRangeWorker(job: RangeJob): Promise<void> {
  const port = parentPort!;
  try {
    const catalog = job.catalogs.length ? mergeCatalogs(loadBuiltinCatalog(), job.catalogs).catalog : loadBuiltinCatalog();
    let batch: JsonFinding[] = [];
    let lines = 0;
    // The main thread sniffed the file before splitting it (src/node/input.ts): UTF-8 text, no BOM.
    const countLines = (chunk: Buffer): void => {
      for (let i = chunk.indexOf(10); i >= 0; i = chunk.indexOf(10, i + 1)) lines++;
    };
    await scanStream(
      fileWindows(job.path, countLines, job),
      catalog,
      (f) => {
        if (batch.push(findingJson(f, catalog)) >= 1024) {
          port.postMessage({ type: 'findings', findings: batch } satisfies RangeMessage);
          batch = [];
        }
      },
    );
    if (batch.length) port.postMessage({ type: 'findings', findings: batch } satisfies RangeMessage);
    port.postMessage({ type: 'done', lines } satisfies RangeMessage);
  } catch (e) {
    port.postMessage({ type: 'error', message: e instanceof Error ? e.message : String(e) } satisfies RangeMessage);
  }
}

function readStdin(): string {
  try {
    return fs.readFileSync(0, 'utf8');
  } catch {
    fail('cannot read stdin');
  }
}

function lookUp(catalog: Catalog, query: string): CatalogEntry[] {
  if (/^[1-5]\d\d$/.test(query)) {
    // A status is documented by several APIs: explain each.
    const status = Number(query);
    return catalog.apis.map((a) => catalog.byStatus(a.id, status)).filter((e): e is CatalogEntry => e !== undefined);
  }
  const exact = catalog.findCode(query) ?? catalog.byReason(query);
  if (exact) return [exact];
  if (/^wf_\d{4}$/i.test(query)) return [];
  return catalog.search(query).slice(0, 3);
}

function explainCommand(args: string[], catalog: Catalog): number {
  if (args.length !== 1) fail('explain: give one WF code, HTTP status, job reason, or - for a body on stdin');
  const query = args[0];
  if (query === '-') {
    const text = readStdin();
    if (isBinaryText(text)) fail('<stdin>: binary input, not explained');
    const findings = scanText(text, catalog);
    if (findings.length === 0) fail('no error body or code found in the input');
    process.stdout.write(findings.map((f) => toText(explainFinding(f, catalog))).join('\n---\n\n'));
    return 0;
  }
  const entries = lookUp(catalog, query.trim());
  if (entries.length === 0) {
    const near = /^WF_\d{4}$/i.test(query) ? catalog.nearestCodes(query.toUpperCase(), 3).map((e) => e.code) : [];
    fail(`${query}: not in the catalog${near.length ? `; did you mean ${near.join(', ')}?` : ''}`);
  }
  process.stdout.write(entries.map((e) => toText(explainEntry(e, catalog, { examples: true }))).join('\n---\n\n'));
  return 0;
}

function catalogCommand(format: string, catalog: Catalog): number {
  if (format === 'json') {
    process.stdout.write(JSON.stringify(catalogJson(catalog), null, 2) + '\n');
    return 0;
  }
  for (const api of catalog.apis) {
    process.stdout.write(`${api.name} (${api.id})\n`);
    for (const e of catalog.entriesOf(api.id)) {
      process.stdout.write(`  ${e.code.padEnd(24)} ${e.name}${e.statuses.length ? ` (${e.statuses.join('/')})` : ''}  [${e.retry.decision}]\n`);
    }
  }
  return 0;
}

export async function main(argv: string[]): Promise<number> {
  let parsed;
  try {
    parsed = parseArgs({
      args: argv,
      allowPositionals: true,
      strict: true,
      options: {
        format: { type: 'string', default: 'text' },
        jobs: { type: 'string', default: '1' },
        catalog: { type: 'string', multiple: true, default: [] },
        help: { type: 'boolean', short: 'h' },
        version: { type: 'boolean', short: 'v' },
      },
    });
  } catch (e) {
    fail((e as Error).message.split('\n')[0]);
  }
  const { values, positionals } = parsed;
  if (values.help) {
    process.stdout.write(HELP);
    return 0;
  }
  if (values.version) {
    process.stdout.write(VERSION + '\n');
    return 0;
  }
  const format = values.format ?? 'text';
  if (format !== 'text' && format !== 'json') fail(`--format must be text or json, not ${JSON.stringify(format)}`);
  const jobs = Number(values.jobs);
  if (jobs !== 1 && jobs !== 2) fail(`--jobs must be 1 or 2, not ${JSON.stringify(values.jobs)}`);
  const [command, ...rest] = positionals;
  if (!command) {
    process.stderr.write(HELP);
    return 2;
  }
  if (!['scan', 'explain', 'catalog'].includes(command)) fail(`unknown command ${JSON.stringify(command)} (try errcode --help)`);
  const { catalog, texts } = loadCatalog(values.catalog ?? []);
  switch (command) {
    case 'scan':
      return scanCommand(rest, format, catalog, texts, jobs);
    case 'explain':
      return explainCommand(rest, catalog);
    default:
      if (rest.length) fail(`catalog takes no arguments`);
      return catalogCommand(format, catalog);
  }
}

if (!isMainThread && (workerData as RangeJob | undefined)?.errcodeRange) {
  void scanRangeWorker(workerData as RangeJob);
} else if (require.main === module) {
  // Output to a closed pipe (`errcode scan big.log | head`) is not an error.
  process.stdout.on('error', (e: NodeJS.ErrnoException) => {
    if (e.code === 'EPIPE') process.exit(process.exitCode ?? 0);
  });
  main(process.argv.slice(2)).then(
    (code) => {
      process.exitCode = code;
    },
    (e: unknown) => {
      if (e instanceof UsageError) {
        process.stderr.write(`errcode: ${e.message}\n`);
        process.exitCode = 2;
      } else {
        process.stderr.write(`errcode: internal error: ${e instanceof Error ? e.message : String(e)}\n`);
        process.exitCode = 3;
      }
    },
  );
}
