// Entry point of the extension-host suite: VS Code loads this bundle (out/test/integration/index.js)
// as `extensionTestsPath` and calls `run()`. Works under the offline code-server runner
// (test/runner/runIntegration.mjs) and under @vscode/test-electron (test/runner/runElectron.mjs).
//
// The suite writes its own JSON report because code-server's extension host exits with code 0 even
// when run() throws (see ../shared/REAL_VSCODE.md); runners read the report, not the exit code.
import * as fs from 'node:fs';
import * as path from 'node:path';
import Mocha from 'mocha';
import * as vscode from 'vscode';
import { metrics } from './util';

/** Runs first: it measures activation before any other test opens a document. */
const FIRST = 'activation.test.ts';
const RESTRICTED = 'restricted.';
/** `locale.*.test.ts` need the editor in another display language: only the runner's --locale pass runs them. */
const LOCALE = 'locale.';

/**
 * Every `test/integration/*.test.ts`, activation first, then by name. esbuild bundles this file and
 * turns the template-literal `require` below into a table of all files matching `./*.test.ts` at
 * build time (its glob-style require), so a new test file needs no registration here. `require`
 * rather than `import` also delays each file's top-level `suite(...)` calls until mocha is set up.
 */
function testFiles(): string[] {
  const sourceDir = path.resolve(__dirname, '../../../test/integration'); // out/test/integration -> test/integration
  const names = fs.readdirSync(sourceDir).filter((f) => f.endsWith('.test.ts')).sort();
  // `restricted.*.test.ts` need an untrusted workspace: only the runner's --restricted pass runs them.
  if (process.env.ERRCODE_TEST_SUITE === 'restricted') return names.filter((f) => f.startsWith(RESTRICTED));
  if (process.env.ERRCODE_TEST_SUITE === 'locale') return names.filter((f) => f.startsWith(LOCALE));
  const main = names.filter((f) => !f.startsWith(RESTRICTED) && !f.startsWith(LOCALE));
  return [...main.filter((f) => f === FIRST), ...main.filter((f) => f !== FIRST)];
}

function loadTestFile(name: string): unknown {
  const stem = name.slice(0, -'.test.ts'.length);
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- esbuild bundles a require() of a template literal as a glob; import() would not run synchronously
  return require(`./${stem}.test.ts`); // the literal suffix keeps index.ts and util.ts out of the glob
}

export interface TestResult {
  title: string;
  file?: string;
  state: 'passed' | 'failed' | 'pending';
  durationMs: number;
  error?: string;
}

export interface IntegrationReport {
  vscodeVersion: string;
  appHost: string;
  passed: number;
  failed: number;
  pending: number;
  tests: TestResult[];
  metrics: Record<string, number | string | null>;
  files: string[];
  startedAt: string;
  durationMs: number;
}

/** Where the report goes: the runner says so through ERRCODE_TEST_REPORT (inherited by the extension host). */
function reportPath(): string {
  return process.env.ERRCODE_TEST_REPORT || path.resolve(__dirname, 'report.json');
}

export async function run(): Promise<void> {
  const started = Date.now();
  const results: TestResult[] = [];
  const mocha = new Mocha({ ui: 'tdd', color: false, timeout: 60_000, reporter: 'spec' });
  // ERRCODE_TEST_GREP runs a subset while working on it (the runner passes the environment through).
  if (process.env.ERRCODE_TEST_GREP) mocha.grep(process.env.ERRCODE_TEST_GREP);

  const files = testFiles();
  for (const name of files) {
    // Defines mocha's TDD globals (`suite`, `test`, …; also what the 'mocha' exports delegate to),
    // then evaluates the file. A file that throws (or is missing from a stale bundle) fails the run.
    mocha.suite.emit('pre-require', globalThis, name, mocha);
    try {
      loadTestFile(name);
    } catch (e) {
      results.push({ title: `load ${name}`, file: name, state: 'failed', durationMs: 0, error: errorText(e) });
    }
  }

  const { failures } = await new Promise<{ failures: number }>((resolve) => {
    const runner = mocha.run((failures) => resolve({ failures }));
    // The last finished test, so a run that times out says where it was.
    runner.on('test end', (t) => fs.writeFileSync(`${reportPath()}.progress`, `${new Date().toISOString()} ${t.fullTitle()}\n`, { flag: 'a' }));
    runner.on('pass', (t) => results.push({ title: t.fullTitle(), file: t.file, state: 'passed', durationMs: t.duration ?? 0 }));
    // No skips: a pending test (mocha's skip) fails the run. A test requires what it needs, or fails.
    runner.on('pending', (t) => results.push({ title: t.fullTitle(), file: t.file, state: 'failed', durationMs: 0, error: 'skipped: tests may not skip; require what the test needs and fail without it' }));
    // Also fires for failing hooks ("before all" hook ...), which then skip their tests: count them.
    runner.on('fail', (t, err) => results.push({ title: t.fullTitle(), file: t.file, state: 'failed', durationMs: t.duration ?? 0, error: errorText(err) }));
  });

  const report: IntegrationReport = {
    vscodeVersion: vscode.version,
    appHost: vscode.env.appHost,
    passed: results.filter((r) => r.state === 'passed').length,
    failed: results.filter((r) => r.state === 'failed').length,
    pending: results.filter((r) => r.state === 'pending').length,
    tests: results,
    metrics,
    files,
    startedAt: new Date(started).toISOString(),
    durationMs: Date.now() - started,
  };
  writeReport(report);
  if (report.failed > 0 || failures > 0) throw new Error(`${report.failed} integration test(s) failed`); // test-electron's exit code
}

function writeReport(report: IntegrationReport): void {
  const file = reportPath();
  fs.mkdirSync(path.dirname(file), { recursive: true });
  // Write then rename, so a polling runner never reads half a file.
  fs.writeFileSync(`${file}.tmp`, JSON.stringify(report, null, 2));
  fs.renameSync(`${file}.tmp`, file);
}

function errorText(e: unknown): string {
  if (e instanceof Error) {
    const frames = (e.stack ?? '').split('\n').filter((l) => /^\s+at /.test(l)).slice(0, 4);
    return [`${e.name}: ${e.message}`, ...frames].join('\n');
  }
  return String(e);
}
