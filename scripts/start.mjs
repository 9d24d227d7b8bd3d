// `npm start`: try the extension in a real VS Code. Builds and packages the .vsix, installs it into a
// local code-server (VS Code 1.139 in the browser, installed on first use into .vscode-test/) with
// its own persistent profile under .vscode-test/demo/, opens the samples/ folder and prints the URL.
// Runs until Ctrl+C, then stops code-server and everything it started.
//
// Usage: npm start [-- --port 8080]
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { ensureSystemDeps } from './systemDeps.mjs';
import { ensureCodeServer, HarnessError, installVsix, portIsFree, startCodeServer, writeUserSettings } from '../test/runner/codeServer.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const args = process.argv.slice(2);
const portArg = args.find((a) => a.startsWith('--port='))?.slice('--port='.length) ?? (args.includes('--port') ? args[args.indexOf('--port') + 1] : undefined);
const port = Number(portArg ?? process.env.PORT ?? 8080);
const manifest = JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8'));
const vsix = path.join(root, `${manifest.name}.vsix`);
const demoDir = path.join(root, '.vscode-test', 'demo');
const userDataDir = path.join(demoDir, 'user-data');
const extensionsDir = path.join(demoDir, 'extensions');
const samples = path.join(root, 'samples');

async function main() {
  if (!Number.isInteger(port) || port < 1 || port > 65535) throw new HarnessError(`--port must be a TCP port, got ${portArg}`);
  if (!(await portIsFree(port))) throw new HarnessError(`port ${port} is in use on 127.0.0.1: pick another with \`npm start -- --port 8081\``);

  // Only what code-server's first install needs; the demo opens in your own browser.
  ensureSystemDeps({ packages: ['libkrb5-dev', 'build-essential', 'python3'] });

  console.log('[start] building and packaging: npm run package');
  const pkg = spawnSync('npm', ['run', 'package'], { cwd: root, stdio: 'inherit' });
  if (pkg.status !== 0 || !fs.existsSync(vsix)) throw new HarnessError('npm run package failed');

  await ensureCodeServer();
  fs.mkdirSync(userDataDir, { recursive: true });
  fs.mkdirSync(extensionsDir, { recursive: true });
  // Quiet defaults once; afterwards the demo profile keeps whatever you change in it.
  if (!fs.existsSync(path.join(userDataDir, 'User', 'settings.json'))) writeUserSettings(userDataDir);
  await installVsix(vsix, { userDataDir, extensionsDir }); // --force: always the build just made

  if (!fs.existsSync(samples)) {
    fs.mkdirSync(samples, { recursive: true });
    fs.writeFileSync(path.join(samples, '.gitkeep'), '');
  }

  const server = await startCodeServer({
    port,
    folder: samples,
    userDataDir,
    extensionsDir,
    keepSettings: true,
    logFile: path.join(demoDir, 'code-server.log'),
  });
  const url = `${server.url}?folder=${encodeURIComponent(samples)}`;
  console.log(`
  Error Code Assistant ${manifest.version} is running in VS Code (code-server) with the samples/ folder:

      ${url}

  Open it in a browser on this machine (over SSH: ssh -L ${port}:127.0.0.1:${port} <host>).
  Desktop VS Code instead: code --install-extension ${path.relative(process.cwd(), vsix) || vsix}
  Server log: ${path.relative(process.cwd(), server.logFile)}
  Press Ctrl+C to stop.
`);
  // Stay up until Ctrl+C (codeServer.mjs then stops the whole process group) or code-server dies.
  await new Promise((resolve) => server.child.once('exit', resolve));
  throw new HarnessError(`code-server stopped unexpectedly (${server.exited?.code ?? server.exited?.signal}); see ${server.logFile}`);
}

main().catch((e) => {
  console.error(`[start] ${e instanceof HarnessError ? e.message : e?.stack ?? e}`);
  process.exit(1);
});
