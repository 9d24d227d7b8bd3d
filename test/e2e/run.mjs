// UI end-to-end suite: what a person sees. Packages the .vsix (`npm run package`), installs it into
// code-server with --install-extension as a user would, then runs each scenario in
// test/e2e/scenarios/*.mjs (in name order) in headless Chromium. Each scenario gets a fresh browser
// context and its own copy of test/fixtures/workspace (so edits never touch the repo) and ends
// with a screenshot in test-results/e2e/.
//
// A scenario file default-exports `async function (ui)` where `ui` is a Workbench (./ui.mjs) already
// open on the workspace; it throws (e.g. node:assert) to fail. Optional `export const timeoutMs`.
//
// Scenarios with `export const host = 'web'` run in a second pass against the same production build
// packaged as a web-only extension (its manifest keeps `browser` and drops `main`), installed into
// a second code-server: VS Code can then run it only in the browser's web-worker extension host,
// which is how vscode.dev and code-server's browser host run web extensions.
//
// Usage: node test/e2e/run.mjs [--no-package] [--only <substring>] [--keep-open]
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { HarnessError, installVsix, repoRoot, startCodeServer, tail, tempDir } from '../runner/codeServer.mjs';
import { launchChromium } from '../runner/browser.mjs';
import { Workbench } from './ui.mjs';

const args = process.argv.slice(2);
const only = args.includes('--only') ? args[args.indexOf('--only') + 1] : undefined;
const keepOpen = args.includes('--keep-open');
const skipPackage = args.includes('--no-package');

const manifest = JSON.parse(fs.readFileSync(path.join(repoRoot, 'package.json'), 'utf8'));
const extensionId = `${manifest.publisher}.${manifest.name}`.toLowerCase();
const vsix = path.join(repoRoot, `${manifest.name}.vsix`); // what `npm run package` writes (--out)
const fixtures = path.join(repoRoot, 'test', 'fixtures', 'workspace');
const scenariosDir = path.join(repoRoot, 'test', 'e2e', 'scenarios');
const resultsDir = path.join(repoRoot, 'test-results', 'e2e');
const DEFAULT_TIMEOUT_MS = 120_000;

/** The web-only .vsix: the built dist/web bundle and the manifest's static files, no Node entry. */
function packageWebVsix() {
  const dir = tempDir('web-vsix');
  const out = path.join(tempDir('web-vsix-out'), `${manifest.name}-web.vsix`);
  const files = ['dist/web/extension.js', 'dist/catalog.schema.json', 'media', 'snippets', 'README.md', 'CHANGELOG.md', 'LICENSE', 'package.nls.json', '.vscodeignore'];
  for (const rel of files) {
    if (!fs.existsSync(path.join(repoRoot, rel))) throw new HarnessError(`web package: ${rel} is missing (run npm run package first)`);
    fs.cpSync(path.join(repoRoot, rel), path.join(dir, rel), { recursive: true });
  }
  const { main, bin, scripts, dependencies, devDependencies, ...web } = manifest;
  if (!main || !web.browser) throw new HarnessError('package.json should declare both main and browser');
  fs.writeFileSync(path.join(dir, 'package.json'), JSON.stringify(web, null, 2));
  const vsce = path.join(repoRoot, 'node_modules', '@vscode', 'vsce', 'vsce');
  const r = spawnSync(process.execPath, [vsce, 'package', '--no-dependencies', '--no-rewrite-relative-links', '--out', out], { cwd: dir, encoding: 'utf8' });
  fs.rmSync(dir, { recursive: true, force: true });
  if (r.status !== 0 || !fs.existsSync(out)) throw new HarnessError(`packaging the web-only .vsix failed (exit ${r.status}):\n${r.stdout}\n${r.stderr}`);
  console.log(`[e2e] packaged the web-only ${path.basename(out)} (${Math.round(fs.statSync(out).size / 1024)} KB)`);
  return out;
}

function packageVsix() {
  console.log('[e2e] packaging: npm run package');
  const started = Date.now();
  const r = spawnSync('npm', ['run', 'package'], { cwd: repoRoot, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
  if (r.status !== 0 || !fs.existsSync(vsix)) {
    throw new HarnessError(`npm run package failed (exit ${r.status}):\n${r.stdout}\n${r.stderr}`);
  }
  console.log(`[e2e] packaged ${path.basename(vsix)} (${Math.round(fs.statSync(vsix).size / 1024)} KB) in ${((Date.now() - started) / 1000).toFixed(1)} s`);
}

async function loadScenarios() {
  if (!fs.existsSync(scenariosDir)) throw new HarnessError(`no scenarios folder ${scenariosDir}`);
  const files = fs.readdirSync(scenariosDir).filter((f) => f.endsWith('.mjs')).sort();
  const scenarios = [];
  for (const file of files) {
    const name = file.replace(/\.mjs$/, '');
    if (only && !name.includes(only)) continue;
    const mod = await import(pathToFileURL(path.join(scenariosDir, file)).href);
    if (typeof mod.default !== 'function') throw new HarnessError(`${file} must default-export an async function (ui)`);
    const host = mod.host ?? 'node';
    if (host !== 'node' && host !== 'web') throw new HarnessError(`${file}: host must be 'node' or 'web', not ${host}`);
    scenarios.push({ name, run: mod.default, timeoutMs: mod.timeoutMs ?? DEFAULT_TIMEOUT_MS, host });
  }
  if (!scenarios.length) throw new HarnessError(only ? `no scenario matches --only ${only}` : 'no scenarios found');
  return scenarios;
}

function withTimeout(promise, ms, what) {
  let timer;
  return Promise.race([
    promise,
    new Promise((_, reject) => { timer = setTimeout(() => reject(new Error(`${what} timed out after ${ms / 1000} s`)), ms); }),
  ]).finally(() => clearTimeout(timer));
}

/**
 * One pass: installs `vsixPath` into a fresh code-server and runs `scenarios` in it, each in a fresh
 * browser context on its own copy of the fixture workspace. Pushes a result per scenario.
 */
async function runPass(label, vsixPath, scenarios, results) {
  const userDataDir = tempDir(`e2e-user-${label}`);
  const extensionsDir = tempDir(`e2e-ext-${label}`);
  const logFile = path.join(resultsDir, `code-server-${label}.log`);
  const workspaces = [];
  let server;
  let browser;
  try {
    await installVsix(vsixPath, { userDataDir, extensionsDir });
    // A folder copied in by hand would be deleted at start; --install-extension registers it here.
    const registered = JSON.parse(fs.readFileSync(path.join(extensionsDir, 'extensions.json'), 'utf8'));
    if (!registered.some((e) => e.identifier?.id?.toLowerCase() === extensionId)) {
      throw new HarnessError(`${extensionId} is not in ${extensionsDir}/extensions.json after --install-extension`);
    }

    server = await startCodeServer({ userDataDir, extensionsDir, logFile });
    browser = await launchChromium();

    for (const scenario of scenarios) {
      const workspaceDir = tempDir(`ws-${scenario.name}`);
      workspaces.push(workspaceDir);
      fs.cpSync(fixtures, workspaceDir, { recursive: true });
      const context = await browser.newContext({ viewport: { width: 1600, height: 1000 } });
      await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: server.url });
      const page = await context.newPage();
      const ui = new Workbench(page, { serverUrl: server.url, workspaceDir, resultsDir, scenario: scenario.name });
      const t0 = Date.now();
      try {
        await withTimeout((async () => {
          await ui.open();
          await scenario.run(ui);
        })(), scenario.timeoutMs, scenario.name);
        const shot = await ui.screenshot('final');
        results.push({ name: scenario.name, ok: true, ms: Date.now() - t0, shot });
      } catch (e) {
        const shot = await ui.screenshot('FAILED').catch(() => undefined);
        results.push({ name: scenario.name, ok: false, ms: Date.now() - t0, shot, error: e?.stack ?? String(e), logFile });
      }
      const r = results.at(-1);
      console.log(`  ${r.ok ? '✓' : '✗'} ${r.name} [${label}] (${(r.ms / 1000).toFixed(1)} s)${r.shot ? ` → ${path.relative(repoRoot, r.shot)}` : ''}`);
      if (!r.ok) console.log(r.error.split('\n').slice(0, 12).map((l) => `      ${l}`).join('\n'));
      if (keepOpen && scenario === scenarios.at(-1)) {
        console.log(`[e2e] --keep-open: ${server.url}?folder=${encodeURIComponent(workspaceDir)} (Ctrl+C to stop)`);
        await new Promise(() => {});
      }
      await context.close();
    }
  } finally {
    await browser?.close().catch(() => {});
    await server?.stop();
    for (const dir of [userDataDir, extensionsDir, ...workspaces]) fs.rmSync(dir, { recursive: true, force: true });
  }
}

async function main() {
  const started = Date.now();
  if (!skipPackage) packageVsix();
  else if (!fs.existsSync(vsix)) throw new HarnessError(`--no-package but ${path.basename(vsix)} does not exist`);
  const scenarios = await loadScenarios();
  // Old screenshots of the scenarios about to run go (all of them, unless --only picked some).
  fs.mkdirSync(resultsDir, { recursive: true });
  for (const f of fs.readdirSync(resultsDir)) {
    if (!only || scenarios.some((sc) => f.startsWith(`${sc.name}-`))) fs.rmSync(path.join(resultsDir, f), { force: true });
  }

  const results = [];
  const nodeScenarios = scenarios.filter((sc) => sc.host === 'node');
  const webScenarios = scenarios.filter((sc) => sc.host === 'web');
  if (nodeScenarios.length) await runPass('node', vsix, nodeScenarios, results);
  if (webScenarios.length) {
    const webVsix = packageWebVsix();
    try {
      await runPass('web', webVsix, webScenarios, results);
    } finally {
      fs.rmSync(path.dirname(webVsix), { recursive: true, force: true });
    }
  }

  const passed = results.filter((r) => r.ok).length;
  const failed = results.length - passed;
  for (const logFile of new Set(results.filter((r) => !r.ok).map((r) => r.logFile))) {
    console.log(`[e2e] server log: ${path.relative(repoRoot, logFile)}\n${tail(logFile, 15)}`);
  }
  console.log(`(e2e ${((Date.now() - started) / 1000).toFixed(1)} s)`);
  console.log(`e2e: ${passed} passed, ${failed} failed`);
  return failed ? 1 : 0;
}

main().then(
  (code) => process.exit(code),
  (e) => {
    console.error(`\n[e2e] FAILED: ${e instanceof HarnessError ? e.message : e?.stack ?? e}`);
    console.log('e2e: 0 passed, 1 failed');
    process.exit(1);
  },
);
