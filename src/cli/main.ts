// errcode: the core engine for terminals and CI. Usage errors and bad input give one line on stderr
// and exit 2; `scan` exits 1 when it found a problem at or above `--fail-on` (default: warning), 0
// otherwise. What is a problem, and how severe, is the editor's policy (core/policy) with the same
// settings (the workspace's .vscode/settings.json, or --config FILE).
import * as fs from 'node:fs';
import * as l10n from '@vscode/l10n';
import { isMainThread, parentPort, workerData } from 'node:worker_threads';
import { parseArgs } from 'node:util';
import { loadBuiltinCatalog, type Catalog } from '../core/catalog/catalog';
import { mergeCatalogs } from '../core/catalog/catalogFile';
import { entriesNamedBy } from '../core/catalog/namedBy';
import type { CatalogEntry, Severity } from '../core/catalog/types';
import { explainEntry, explainFinding, toText } from '../core/render/explain';
import { scanText } from '../core/engine/scan';
import { isBinaryText } from '../core/engine/encoding';
import type { Finding } from '../core/engine/finding';
import { scanStream } from '../core/engine/stream';
import { documentKindOf, type DocumentKind } from '../core/policy/documentKinds';
import { failsAt, planProblems, type FailOn } from '../core/policy/problems';
import type { Settings } from '../core/policy/settings';
import { notInCatalogMessage } from '../core/render/problemMessages';
import { openInput, type Input, type InputWindows } from '../node/input';
import { ConfigError, loadConfig } from './config';
import { catalogJson, findingLine, logProblemsJson, problemJson, type JsonFinding, type JsonPosition } from './format';
import { PARALLEL_MIN_BYTES, scanInParallel, type RangeJob, type RangeMessage } from './parallel';
import { fileWindows } from '../node/windows';
import { catalogText, formatList, formatNumber, pluralOf } from '../core/render/locale';
import { useLocaleOf } from './locale';

const VERSION = '0.1.0';

const FAIL_ON: readonly FailOn[] = ['error', 'warning', 'information', 'hint', 'never'] satisfies readonly (Severity | 'never')[];

/** The usage text in the display language: one whole page per language, so its columns line up. */
function help(): string {
  return l10n.t(`errcode {version}: explains Workflows, Wireflow, Flows GraphQL and Orchestrator API errors.

Usage:
  errcode scan [--format text|json] [--fail-on LEVEL] [--jobs 1|2] [--config FILE] [--catalog FILE]... <file|->...
      Find problems in logs, code and docs, as the editor does (one per line: severity, rule id).
      Exit 1 if one is at or above --fail-on, 0 otherwise.
      --jobs 2 scans files over 64 MB with two threads (faster, about 3x the memory).
  errcode explain [--catalog FILE]... <WF code | HTTP status | job reason | text | ->
      Explain a code, a status, a job reason, or (with -) an error body read from stdin.
  errcode catalog [--format text|json] [--catalog FILE]...
      Print the catalog (built-in entries merged with user catalogs).

Options:
  --format text|json   Output format (default: text).
  --fail-on LEVEL      error, warning, information, hint or never: the least severity that makes
                       scan exit 1 (default: warning). A known code that code handles never does.
  --config FILE        Read errcode.* settings (severities, retry hints, user catalogs) from this
                       VS Code settings file (JSON with comments). Default: the nearest
                       .vscode/settings.json from the current directory upwards, when there is one.
  --catalog FILE       Add a user catalog (JSONC); may be repeated.
  -h, --help           Show this help.
  -v, --version        Show the version.
`, { version: VERSION });
}

/** A mistake of the user's: reported in one line, never as a stack trace. */
class UsageError extends Error {}

function fail(message: string): never {
  throw new UsageError(message);
}

function loadCatalog(files: string[]): { catalog: Catalog; texts: RangeJob['catalogs'] } {
  files = [...new Set(files)];
  const base = loadBuiltinCatalog();
  if (files.length === 0) return { catalog: base, texts: [] };
  const users = files.map((file) => {
    let text: string;
    try {
      text = fs.readFileSync(file, 'utf8');
    } catch (e) {
      fail(l10n.t('cannot read catalog {file}: {error}', { file, error: (e as NodeJS.ErrnoException).code ?? 'error' }));
    }
    return { file, text };
  });
  const { catalog, problems } = mergeCatalogs(base, users);
  const errors = problems.filter((p) => p.severity === 'error');
  for (const p of problems) process.stderr.write(`${p.file}:${p.line}:${p.column}: ${p.severity}: ${p.message}\n`);
  if (errors.length) {
    const count = formatNumber(errors.length);
    fail(pluralOf(errors.length) === 'one' ? l10n.t('{count} error in the user catalogs (listed above)', { count }) : l10n.t('{count} errors in the user catalogs (listed above)', { count }));
  }
  return { catalog, texts: users };
}

/** The file (or stdin) as windows of text, or why it is skipped (src/node/input.ts: plain, BOM, UTF-16, gzip). */
function readWindows(path: string): Promise<Input> {
  const shown = path === '-' ? '<stdin>' : path;
  return openInput(path, (note) => process.stderr.write(`errcode: ${l10n.t('{path}: {note}', { path: shown, note })}\n`));
}

/** The whole text of an input (code and docs files: the policy looks around each code). */
async function readText(input: InputWindows): Promise<string> {
  const parts: string[] = [];
  for (let w = await input.nextWindow(0); w !== undefined; w = await input.nextWindow(0)) parts.push(w);
  const text = parts.join('');
  // Raw UTF-8 windows hold one character per byte: decoded once, whole (no sequence split).
  return input.utf8Bytes ? Buffer.from(text, 'latin1').toString('utf8') : text;
}

/** 1-based positions of offsets in `text`, as VS Code counts lines and UTF-16 columns. */
function positionsIn(text: string): (start: number, end: number) => JsonPosition {
  const lineStarts = [0];
  for (let i = text.indexOf('\n'); i >= 0; i = text.indexOf('\n', i + 1)) lineStarts.push(i + 1);
  const at = (offset: number): [number, number] => {
    let lo = 0;
    let hi = lineStarts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (lineStarts[mid] <= offset) lo = mid;
      else hi = mid - 1;
    }
    return [lo + 1, offset - lineStarts[lo] + 1];
  };
  return (start, end) => {
    const [line, column] = at(start);
    const [endLine, endColumn] = at(end);
    return { line, column, endLine, endColumn };
  };
}

interface ScanOptions {
  format: string;
  catalog: Catalog;
  catalogs: RangeJob['catalogs'];
  jobs: number;
  settings: Settings;
  failOn: FailOn;
}

async function scanCommand(paths: string[], o: ScanOptions): Promise<number> {
  if (paths.length === 0) fail(l10n.t('scan: no file given (use - for stdin)'));
  const { catalog, settings } = o;
  const json = o.format === 'json';
  let failing = 0;
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
    // The editor's kinds (core/policy/documentKinds.ts): stdin is a log.
    const kind: DocumentKind = path === '-' ? 'log' : documentKindOf(undefined, path, settings);
    const input = await readWindows(path);
    if ('skipped' in input) {
      // One line, then the other files: one bad file among many does not cost the rest their findings.
      flush();
      // Why it is binary, as ripgrep says where its NUL byte is: `app.log: binary file (NUL byte at offset 7), skipped`.
      const reason = input.detail ? l10n.t('{reason} ({detail})', { reason: input.skipped, detail: input.detail }) : input.skipped;
      process.stderr.write(`errcode: ${l10n.t('{path}: {reason}, skipped', { path: shown, reason })}\n`);
      continue;
    }
    scanned++;
    if (json) out(`${firstFile ? '' : ','}{"path":${JSON.stringify(shown)},"findings":[`);
    firstFile = false;
    let firstFinding = true;
    const emit = (problems: JsonFinding[]): void => {
      for (const f of problems) {
        if (json) {
          out(`${firstFinding ? '' : ','}${JSON.stringify(f)}`);
          firstFinding = false;
        } else out(findingLine(shown, f) + '\n');
      }
    };
    if (kind === 'log') {
      // Logs stream (a 1 GB log in constant memory): each finding is a problem on its own. No
      // handled codes in a log, so the severity alone decides.
      const emitLog = (problems: JsonFinding[]): void => {
        for (const p of problems) if (failsAt(p, o.failOn)) failing++;
        emit(problems);
      };
      const size = input.splittable ? fs.statSync(path).size : 0; // compressed, UTF-16, pipes: one thread
      let parallel = false;
      try {
        parallel = o.jobs > 1 && size >= PARALLEL_MIN_BYTES && (await scanInParallel(__filename, path, size, o.catalogs, settings, emitLog));
      } catch (e) {
        fail(e instanceof Error ? e.message : String(e)); // a worker's own one-line error (e.g. a read error)
      }
      if (parallel) input.close();
      else await scanStream(input, catalog, (f) => emitLog(logProblemsJson(f, catalog, settings)));
    } else {
      // Code and docs: the whole text, as the editor plans a document (no per-file cap: that is VS Code's).
      const text = await readText(input);
      const problems = planProblems(scanText(text, catalog), text, { ...settings, maxDiagnosticsPerFile: Number.POSITIVE_INFINITY }, kind, catalog);
      const position = positionsIn(text);
      const rows: JsonFinding[] = [];
      for (const p of problems) {
        if (!p.finding) continue;
        if (failsAt(p, o.failOn)) failing++;
        rows.push(problemJson({ ...p, finding: p.finding as Finding }, position(p.start, p.end), catalog));
      }
      emit(rows);
    }
    if (json) out(']}');
  }
  if (json) out(']}\n');
  flush();
  if (scanned === 0) return 2; // every file was skipped (each said why on stderr)
  return failing > 0 ? 1 : 0;
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
        if (batch.push(...logProblemsJson(f, catalog, job.settings)) >= 1024) {
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
    fail(l10n.t('cannot read stdin'));
  }
}

/** The entries a query names: a bare word through the one resolver (any case), else a search. */
function lookUp(catalog: Catalog, query: string): CatalogEntry[] {
  const named = entriesNamedBy(catalog, query);
  if (named.length) return named;
  // A word shaped like a code that names nothing is unknown, not a search term.
  if (catalog.codeApi(query) !== undefined || catalog.codeApi(query.toUpperCase()) !== undefined) return [];
  return catalog.search(query).slice(0, 3);
}

function explainCommand(args: string[], catalog: Catalog): number {
  if (args.length !== 1) fail(l10n.t('explain: give one WF code, HTTP status, job reason, or - for a body on stdin'));
  const query = args[0];
  if (query === '-') {
    const text = readStdin();
    if (isBinaryText(text)) fail(l10n.t('<stdin>: binary input, not explained'));
    const findings = scanText(text, catalog);
    if (findings.length === 0) fail(l10n.t('no error body or code found in the input'));
    process.stdout.write(findings.map((f) => toText(explainFinding(f, catalog))).join('\n---\n\n'));
    return 0;
  }
  const word = query.trim();
  const entries = lookUp(catalog, word);
  if (entries.length === 0) fail(notInCatalogMessage(word, catalog, catalog.nearestCodes(word, 3), 'flag'));
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
      process.stdout.write(`  ${e.code.padEnd(24)} ${catalogText(e.name)}${e.statuses.length ? ` (${e.statuses.join('/')})` : ''}  [${e.retry.decision}]\n`);
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
        'fail-on': { type: 'string', default: 'warning' },
        config: { type: 'string' },
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
    process.stdout.write(help());
    return 0;
  }
  if (values.version) {
    process.stdout.write(VERSION + '\n');
    return 0;
  }
  const format = values.format ?? 'text';
  if (format !== 'text' && format !== 'json') fail(l10n.t('--format must be text or json, not {value}', { value: JSON.stringify(format) }));
  const jobs = Number(values.jobs);
  if (jobs !== 1 && jobs !== 2) fail(l10n.t('--jobs must be 1 or 2, not {value}', { value: JSON.stringify(values.jobs) }));
  const failOn = values['fail-on'] ?? 'warning';
  if (!FAIL_ON.includes(failOn as FailOn)) fail(l10n.t('--fail-on must be one of {levels}, not {value}', { levels: formatList(FAIL_ON, 'disjunction'), value: JSON.stringify(failOn) }));
  const [command, ...rest] = positionals;
  if (!command) {
    process.stderr.write(help());
    return 2;
  }
  if (!['scan', 'explain', 'catalog'].includes(command)) fail(l10n.t('unknown command {command} (try errcode --help)', { command: JSON.stringify(command) }));
  let config;
  try {
    config = loadConfig(values.config, process.cwd());
  } catch (e) {
    if (e instanceof ConfigError) fail(e.message);
    throw e;
  }
  // The settings' user catalogs first, then --catalog files: a later file wins, as in the editor.
  const { catalog, texts } = loadCatalog([...config.userCatalogs, ...(values.catalog ?? [])]);
  switch (command) {
    case 'scan':
      return scanCommand(rest, { format, catalog, catalogs: texts, jobs, settings: config.settings, failOn: failOn as FailOn });
    case 'explain':
      return explainCommand(rest, catalog);
    default:
      if (rest.length) fail(l10n.t('catalog takes no arguments'));
      return catalogCommand(format, catalog);
  }
}

// The words of messages, for the main thread and the scan workers alike (both render problems).
if (require.main === module || (!isMainThread && (workerData as RangeJob | undefined)?.errcodeRange)) useLocaleOf(process.env);

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
        process.stderr.write(`errcode: ${l10n.t('internal error: {message}', { message: e instanceof Error ? e.message : String(e) })}\n`);
        process.exitCode = 3;
      }
    },
  );
}
