// Offline runner of the extension-host suite (test/integration/) in a real VS Code: code-server with
// the smoke-test driver enabled, opened in headless Chromium with a `payload` that names this repo as
// extensionDevelopmentPath and out/test/integration/index.js as extensionTestsPath. The suite writes
// its own JSON report (code-server's extension host exits 0 even when run() throws); this runner
// waits for it and fails on any failed test, a missing report or a timeout.
// Builds nothing: run `node esbuild.js --tests` first (npm test does).
//
// --restricted runs the Restricted Mode pass instead: Workspace Trust on, test/fixtures/untrusted
// opened untrusted, and only test/integration/restricted.*.test.ts (its own report and summary line).
//
// --locale zh-cn runs the display-language pass instead: code-server started with `--locale zh-cn`,
// only test/integration/locale.*.test.ts.
//
// Usage: node test/runner/runIntegration.mjs [--restricted | --locale <lang>] [--timeout <seconds>] [--keep-open]
import fs from 'node:fs';
import path from 'node:path';
import { spawnSync } from 'node:child_process';
import os from 'node:os';
import { HarnessError, installVsix, repoRoot, startCodeServer, tail } from './codeServer.mjs';
import { launchChromium } from './browser.mjs';
import { printReport } from './report.mjs';

const args = process.argv.slice(2);
const timeoutMs = Number(argValue('--timeout') ?? 600) * 1000;
const keepOpen = args.includes('--keep-open'); // debugging: leave code-server running, print the URL
const restricted = args.includes('--restricted');
const locale = argValue('--locale');
const label = restricted ? 'restricted' : locale ? `integration-${locale}` : 'integration'; // the summary line's label

const testsBundle = path.join(repoRoot, 'out', 'test', 'integration', 'index.js');
const workspace = path.join(repoRoot, 'test', 'fixtures', restricted ? 'untrusted' : 'workspace');
const resultsDir = path.join(repoRoot, 'test-results', restricted ? 'integration-restricted' : locale ? `integration-${locale}` : 'integration');
const reportFile = path.join(resultsDir, 'report.json');

function argValue(name) {
  const i = args.indexOf(name);
  return i >= 0 ? args[i + 1] : undefined;
}

function sleep(ms) {
  return new Promise((r) => setTimeout(r, ms));
}

/** The suite's report, or a reason why there is none. */
async function waitForReport(server, page) {
  let hostExitedAt = 0;
  let hostExitLine = '';
  const unsubscribe = server.onLog((text) => {
    const m = /Extension Host Process exited with code: ([^,]+), signal: ([^.\s]+)/.exec(text);
    if (m && !hostExitedAt) {
      hostExitedAt = Date.now();
      hostExitLine = `code ${m[1]}, signal ${m[2]}`;
    }
  });
  const deadline = Date.now() + timeoutMs;
  try {
    for (;;) {
      if (fs.existsSync(reportFile)) return { report: JSON.parse(fs.readFileSync(reportFile, 'utf8')) };
      if (server.exited) return { reason: `code-server exited (${server.exited.code ?? server.exited.signal}) before the suite reported` };
      if (page.isClosed()) return { reason: 'the browser page closed before the suite reported' };
      // The extension host exits once run() settles; give the file system a moment, then give up.
      if (hostExitedAt && Date.now() - hostExitedAt > 5000) return { reason: `the extension host exited (${hostExitLine}) without writing a report: run() never ran or crashed before writing it` };
      if (Date.now() > deadline) return { reason: `timed out after ${timeoutMs / 1000} s waiting for ${path.relative(repoRoot, reportFile)}` };
      await sleep(200);
    }
  } finally {
    unsubscribe();
  }
}

async function main() {
  if (!fs.existsSync(testsBundle)) throw new HarnessError(`${path.relative(repoRoot, testsBundle)} is missing: run \`node esbuild.js --tests\` first`);
  if (!fs.existsSync(path.join(repoRoot, 'dist', 'extension.js'))) throw new HarnessError('dist/extension.js is missing: run `node esbuild.js --tests` first');
  fs.mkdirSync(resultsDir, { recursive: true });
  fs.rmSync(reportFile, { force: true });

  const started = Date.now();
  let server;
  let browser;
  const dirs = locale ? await withLanguagePack(locale) : undefined;
  try {
    server = await startCodeServer({
      ...(dirs ?? {}),
      folder: workspace,
      // Without the smoke-test driver a built workbench ignores the payload's test paths.
      vscodeOptions: ['enable-smoke-test-driver'],
      // code-server forks the extension host with its own env, so the suite sees these variables.
      env: { ERRCODE_TEST_REPORT: reportFile, ...(restricted ? { ERRCODE_TEST_SUITE: 'restricted' } : locale ? { ERRCODE_TEST_SUITE: 'locale' } : {}) },
      ...(locale ? { locale } : {}),
      ...(restricted ? {
        workspaceTrust: true,
        // No modal prompt (the folder simply stays untrusted, as when a user picks "Don't Trust").
        settings: { 'security.workspace.trust.enabled': true, 'security.workspace.trust.startupPrompt': 'never', 'security.workspace.trust.untrustedFiles': 'open' },
      } : {}),
      logFile: path.join(resultsDir, 'code-server.log'),
    });
    // Remote URIs: the extension host runs on the server side, where these absolute paths exist.
    const remote = (p) => `vscode-remote://127.0.0.1:${server.port}${p}`;
    const payload = [
      ['extensionDevelopmentPath', remote(repoRoot)],
      ['extensionTestsPath', remote(testsBundle)],
    ];
    const url = `${server.url}?folder=${encodeURIComponent(workspace)}&payload=${encodeURIComponent(JSON.stringify(payload))}`;

    browser = await launchChromium();
    const page = await browser.newPage();
    const consoleLog = fs.createWriteStream(path.join(resultsDir, 'browser-console.log'));
    page.on('console', (m) => consoleLog.write(`[${m.type()}] ${m.text()}\n`));
    page.on('pageerror', (e) => consoleLog.write(`[pageerror] ${e.message}\n`));
    console.log('[integration] opening the workbench with the test payload');
    await page.goto(url, { waitUntil: 'domcontentloaded', timeout: 60_000 });

    const { report, reason } = await waitForReport(server, page);
    if (!report) {
      await page.screenshot({ path: path.join(resultsDir, 'no-report.png') }).catch(() => {});
      console.error(`\n[integration] FAILED: ${reason}`);
      console.error(`--- last lines of ${path.relative(repoRoot, server.logFile)} ---\n${tail(server.logFile)}`);
      console.log(`${label}: 0 passed, 1 failed`);
      return 1;
    }
    printReport(report, reportFile);
    let failed = report.failed;
    if (report.passed + report.failed === 0) {
      console.error('[integration] FAILED: the suite ran no tests');
      failed = 1;
    }
    console.log(`(suite ${(report.durationMs / 1000).toFixed(1)} s, runner ${((Date.now() - started) / 1000).toFixed(1)} s)`);
    console.log(`${label}: ${report.passed} passed, ${failed} failed`);
    if (keepOpen) {
      console.log(`[integration] --keep-open: ${server.url}?folder=${encodeURIComponent(workspace)} (Ctrl+C to stop)`);
      await new Promise(() => {});
    }
    return failed > 0 ? 1 : 0;
  } finally {
    await browser?.close().catch(() => {});
    await server?.stop();
    for (const d of Object.values(dirs ?? {})) fs.rmSync(d, { recursive: true, force: true });
  }
}

/**
 * VS Code honours `--locale` only for a language some installed language pack declares, and offline
 * there is none: test/fixtures/language-pack-<locale>/ declares it (translating nothing of VS Code's
 * own), packaged with vsce and installed as a user installs a pack. Returns the server's folders.
 */
async function withLanguagePack(lang) {
  const source = path.join(repoRoot, 'test', 'fixtures', `language-pack-${lang}`);
  if (!fs.existsSync(source)) throw new HarnessError(`no language pack for ${lang} in ${path.relative(repoRoot, source)}`);
  const vsix = path.join(resultsDir, `language-pack-${lang}.vsix`);
  const vsce = path.join(repoRoot, 'node_modules', '@vscode', 'vsce', 'vsce');
  const r = spawnSync(process.execPath, [vsce, 'package', '--no-dependencies', '--allow-missing-repository', '--skip-license', '--out', vsix], { cwd: source, encoding: 'utf8' });
  if (r.status !== 0) throw new HarnessError(`packaging the ${lang} language pack failed:\n${r.stdout}${r.stderr}`);
  const userDataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'errcode-cs-user-'));
  const extensionsDir = fs.mkdtempSync(path.join(os.tmpdir(), 'errcode-cs-ext-'));
  await installVsix(vsix, { userDataDir, extensionsDir });
  // The server resolves --locale through <user-data-dir>/languagepacks.json, which VS Code writes
  // only when a pack is installed from its UI or gallery: write the entry for the installed pack.
  const installed = fs.readdirSync(extensionsDir).find((d) => d.startsWith('errcode-test.test-language-pack-'));
  if (!installed) throw new HarnessError(`the ${lang} language pack is not in ${extensionsDir} after --install-extension`);
  const translations = path.join(extensionsDir, installed, 'translations', 'main.i18n.json');
  fs.writeFileSync(path.join(userDataDir, 'languagepacks.json'), JSON.stringify({ [lang]: { hash: 'errcode-test', extensions: [{ extensionIdentifier: { id: 'errcode-test.test-language-pack-zh-hans' }, version: '0.0.1' }], translations: { vscode: translations }, label: lang } }));
  return { userDataDir, extensionsDir };
}

main().then(
  (code) => process.exit(code),
  (e) => {
    console.error(`\n[integration] FAILED: ${e instanceof HarnessError ? e.message : e?.stack ?? e}`);
    console.log(`${label}: 0 passed, 1 failed`);
    process.exit(1);
  },
);
