// Debian packages the real-VS-Code harness needs, installed with apt-get when missing (CI runs on a
// fresh machine as root). Checks are cheap, so every `npm test` / `npm start` runs them.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';

const has = (cmd) => spawnSync('sh', ['-c', `command -v ${cmd}`], { stdio: 'ignore' }).status === 0;
const dpkgInstalled = (pkg) => spawnSync('dpkg-query', ['-W', '-f=${Status}', pkg], { encoding: 'utf8' }).stdout?.includes('install ok installed');

/** [Debian package, why, is it there?] build-essential/python3 are usually present already. */
const REQUIREMENTS = [
  ['chromium', 'the browser that drives the VS Code workbench (playwright-core)', () => fs.existsSync('/usr/bin/chromium')],
  ['libkrb5-dev', 'headers for code-server\'s native `kerberos` module', () => dpkgInstalled('libkrb5-dev') || fs.existsSync('/usr/include/krb5.h')],
  ['ripgrep', 'workspace search', () => has('rg')],
  ['build-essential', 'node-gyp builds code-server\'s native modules', () => has('g++') && has('make')],
  ['python3', 'node-gyp', () => has('python3')],
  // The retry-handler tests compile and run the generated Go and Python code, with its library variants.
  ['golang-go', 'go vet / gofmt / go run of the generated Go retry helpers', () => has('go') && has('gofmt')],
  ['golang-github-cenkalti-backoff-dev', 'the real cenkalti/backoff v4 for the Go helper\'s cenkalti variant (v5 is not packaged: a stand-in)', () => fs.existsSync('/usr/share/gocode/src/github.com/cenkalti/backoff/go.mod')],
  ['python3-requests', 'the requests client of the Python retry behaviour suite', () => spawnSync('/usr/bin/python3', ['-c', 'import requests'], { stdio: 'ignore' }).status === 0],
  ['python3-httpx', 'the httpx client of the Python retry behaviour suite', () => spawnSync('/usr/bin/python3', ['-c', 'import httpx'], { stdio: 'ignore' }).status === 0],
  ['python3-tenacity', 'the tenacity variant of the Python retry helper', () => spawnSync('/usr/bin/python3', ['-c', 'import tenacity'], { stdio: 'ignore' }).status === 0],
  ['python3-backoff', 'the backoff variant of the Python retry helper', () => spawnSync('/usr/bin/python3', ['-c', 'import backoff'], { stdio: 'ignore' }).status === 0],
  // The totality test checks its notations against the real printers (test/unit/support/tools.ts).
  ['python3-yaml', 'the Ansible YAML notation, checked against PyYAML', () => spawnSync('/usr/bin/python3', ['-c', 'import yaml'], { stdio: 'ignore' }).status === 0],
  ['jq', 'the jq -C notation, checked against jq', () => has('jq')],
  ['ruby', 'the Ruby inspect notations, checked against Ruby', () => has('ruby')],
];

/** Installs what is missing. `packages` limits the check (e.g. `npm start` needs no Chromium). */
export function ensureSystemDeps({ log = console.log, packages } = {}) {
  const wanted = packages ? REQUIREMENTS.filter(([pkg]) => packages.includes(pkg)) : REQUIREMENTS;
  const missing = wanted.filter(([, , present]) => !present());
  if (!missing.length) return;
  const names = missing.map(([pkg]) => pkg);
  const why = missing.map(([pkg, reason]) => `  ${pkg}: ${reason}`).join('\n');
  if (process.platform !== 'linux' || !has('apt-get')) {
    throw new Error(`missing system packages (install them with your package manager):\n${why}`);
  }
  const root = typeof process.getuid === 'function' && process.getuid() === 0;
  const sudo = !root && has('sudo') && spawnSync('sudo', ['-n', 'true'], { stdio: 'ignore' }).status === 0 ? ['sudo', '-n'] : root ? [] : null;
  if (!sudo) {
    throw new Error(`missing system packages, and this is not root (or passwordless sudo):\n${why}\nrun: sudo apt-get install -y ${names.join(' ')}`);
  }
  log(`[deps] installing ${names.join(', ')} with apt-get`);
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
  const apt = (args) => {
    const [cmd, ...rest] = [...sudo, 'apt-get', ...args];
    const r = spawnSync(cmd, rest, { stdio: 'inherit', env });
    return r.status === 0;
  };
  // Install straight away when the package lists are fresh; update once and retry otherwise.
  if (!apt(['install', '-y', ...names])) {
    if (!apt(['update']) || !apt(['install', '-y', ...names])) {
      throw new Error(`apt-get install ${names.join(' ')} failed`);
    }
  }
  const still = wanted.filter(([, , present]) => !present()).map(([pkg]) => pkg);
  if (still.length) throw new Error(`still missing after apt-get: ${still.join(', ')}`);
}

if (process.argv[1] && import.meta.url === new URL(`file://${process.argv[1]}`).href) {
  try {
    ensureSystemDeps();
    console.log('[deps] all system packages present');
  } catch (e) {
    console.error(`[deps] ${e.message}`);
    process.exit(1);
  }
}
