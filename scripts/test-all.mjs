// `npm test`: everything, in one go, in a real VS Code. System packages → build → typecheck (the
// whole project, then the core alone without Node's types) → lint (ESLint, the layering) → unit
// tests (node --test) → extension-host integration suite (code-server) → its Restricted Mode pass
// (an untrusted workspace) → UI e2e suite (packaged .vsix in code-server + Chromium, then the
// web-only build in the browser's web-worker extension host). Every step runs even when an earlier one failed (except those
// that need the build), and the last line is always `N passed, N failed` over all suites; a build,
// typecheck or lint failure counts as one failed test, a suite that cannot start counts as failed too.
// A skipped or todo test counts as failed: a test that needs a tool installs it or fails.
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { ensureSystemDeps } from './systemDeps.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const resultsDir = path.join(root, 'test-results');
const unitTap = path.join(resultsDir, 'unit.tap');

// Wall-clock limits per step. node:test's own --test-timeout cannot interrupt a synchronous loop
// (a scanner gone quadratic), so a hung step is killed here and counted as failed instead of
// eating CI's 90 minutes. Override with ERRCODE_<STEP>_TIMEOUT_S, e.g. ERRCODE_UNIT_TIMEOUT_S=1200.
const LIMITS_S = { unit: 600, integration: 900, restricted: 300, locale: 300, e2e: 1200 };
const limitMs = (stepName) => Number(process.env[`ERRCODE_${stepName.toUpperCase()}_TIMEOUT_S`] ?? LIMITS_S[stepName]) * 1000;

/**
 * Runs a command with inherited output (and a copy of stdout kept for parsing). It gets its own
 * process group so a timeout (or Ctrl+C) kills it with everything it started.
 */
let current;
function run(cmd, args, { parse = false, timeoutMs } = {}) {
  return new Promise((resolve) => {
    const child = spawn(cmd, args, { cwd: root, stdio: ['ignore', parse ? 'pipe' : 'inherit', 'inherit'], detached: true });
    current = child;
    let timedOut = false;
    const timer = timeoutMs && setTimeout(() => {
      timedOut = true;
      console.error(`\n[test-all] ${path.basename(args[0] ?? cmd)} ran longer than ${timeoutMs / 1000} s: killing it`);
      try { process.kill(-child.pid, 'SIGTERM'); } catch { /* gone */ }
      setTimeout(() => { try { process.kill(-child.pid, 'SIGKILL'); } catch { /* gone */ } }, 10_000).unref();
    }, timeoutMs);
    let out = '';
    if (parse) {
      child.stdout.on('data', (d) => {
        process.stdout.write(d);
        out += d;
      });
    }
    child.on('error', (e) => resolve({ code: 127, out: `${cmd}: ${e.message}` }));
    child.on('close', (code, signal) => {
      if (timer) clearTimeout(timer);
      current = undefined;
      resolve({ code: code ?? (signal ? 128 : 1), out, timedOut });
    });
  });
}

// Ctrl+C: take the running step's process group down too (it is detached from our terminal group).
for (const sig of ['SIGINT', 'SIGTERM']) {
  process.on(sig, () => {
    if (current) try { process.kill(-current.pid, sig); } catch { /* gone */ }
    process.exit(130);
  });
}

const steps = [];
function record(name, passed, failed, seconds, note = '') {
  steps.push({ name, passed, failed, seconds, note });
}

async function step(name, fn) {
  console.log(`\n━━ ${name} ━━`);
  const t0 = Date.now();
  try {
    const { passed = 0, failed = 0, note = '' } = await fn();
    record(name, passed, failed, (Date.now() - t0) / 1000, note);
  } catch (e) {
    console.error(`[${name}] ${e.message ?? e}`);
    record(name, 0, 1, (Date.now() - t0) / 1000, 'did not run');
  }
  return steps.at(-1).failed === 0;
}

/** `<label>: N passed, N failed`, the summary line our runners print last. */
function parseSummary(label, out) {
  const matches = [...out.matchAll(new RegExp(`^${label}: (\\d+) passed, (\\d+) failed$`, 'gm'))];
  const m = matches.at(-1);
  return m ? { passed: Number(m[1]), failed: Number(m[2]) } : undefined;
}

async function main() {
  const started = Date.now();
  fs.mkdirSync(resultsDir, { recursive: true });
  if (!fs.existsSync(path.join(root, 'node_modules', '.bin', 'esbuild'))) {
    console.error('node_modules is missing: run `npm ci` first');
    console.log('0 passed, 1 failed');
    return 1;
  }

  const depsOk = await step('system packages', async () => {
    ensureSystemDeps();
    return {};
  });

  const built = await step('build', async () => {
    const { code } = await run(process.execPath, ['esbuild.js', '--tests']);
    if (code !== 0) throw new Error(`node esbuild.js --tests exited with ${code}`);
    return {};
  });

  await step('typecheck', async () => {
    for (const project of ['tsconfig.json', 'tsconfig.core.json']) {
      const { code } = await run(path.join(root, 'node_modules', '.bin', 'tsc'), ['--noEmit', '-p', project]);
      if (code !== 0) throw new Error(`tsc --noEmit -p ${project} exited with ${code}`);
    }
    return {};
  });

  await step('lint', async () => {
    const { code, out } = await run(path.join(root, 'node_modules', '.bin', 'eslint'), ['.'], { parse: true });
    if (code === 0) return {};
    // `✖ 3 problems (3 errors, 0 warnings)`: exit 1 is findings, anything else a crash or bad config.
    const errors = /\((\d+) errors?, \d+ warnings?\)/.exec(out)?.[1];
    if (code === 1 && errors) return { failed: 1, note: `${errors} lint error(s)` };
    throw new Error(`eslint exited with ${code}`);
  });

  await step('unit', async () => {
    if (!built) throw new Error('skipped: the build failed');
    // Spec output for people, TAP into a file for the counts (`# pass N` / `# fail N`).
    fs.rmSync(unitTap, { force: true });
    const { code, timedOut } = await run(process.execPath, [
      '--test',
      '--test-reporter=spec', '--test-reporter-destination=stdout',
      '--test-reporter=tap', `--test-reporter-destination=${unitTap}`,
      'out/test/unit/',
    ], { timeoutMs: limitMs('unit') });
    if (timedOut) throw new Error(`unit tests did not finish within ${limitMs('unit') / 1000} s (a hung test? the spec output above shows the last ones that finished)`);
    const tap = fs.existsSync(unitTap) ? fs.readFileSync(unitTap, 'utf8') : '';
    const count = (k) => Number(new RegExp(`^# ${k} (\\d+)$`, 'm').exec(tap)?.[1] ?? NaN);
    const passed = count('pass');
    // No skips: a skipped or todo test (a missing tool, a forgotten .skip) fails the run.
    let failed = count('fail') + (count('cancelled') || 0) + (count('skipped') || 0) + (count('todo') || 0);
    if (Number.isNaN(passed) || Number.isNaN(failed)) throw new Error(`no TAP summary in ${unitTap} (node --test exited with ${code})`);
    if (passed + failed === 0) throw new Error('node --test ran no unit tests');
    if (code !== 0 && failed === 0) failed = 1; // crashed outside any test
    return { passed, failed };
  });

  for (const [name, label, script, args = []] of [
    ['integration', 'integration', 'test/runner/runIntegration.mjs'],
    ['restricted', 'restricted', 'test/runner/runIntegration.mjs', ['--restricted']],
    ['locale', 'integration-zh-cn', 'test/runner/runIntegration.mjs', ['--locale', 'zh-cn']],
    ['e2e', 'e2e', 'test/e2e/run.mjs'],
  ]) {
    await step(name, async () => {
      if (!built) throw new Error('skipped: the build failed');
      if (!depsOk) throw new Error('skipped: system packages are missing');
      const { code, out, timedOut } = await run(process.execPath, [script, ...args], { parse: true, timeoutMs: limitMs(name) });
      if (timedOut) throw new Error(`${script} did not finish within ${limitMs(name) / 1000} s`);
      const summary = parseSummary(label, out);
      if (!summary) throw new Error(`${script} exited with ${code} without a summary line`);
      if (code !== 0 && summary.failed === 0) return { ...summary, failed: 1, note: `exit ${code}` };
      return summary;
    });
  }

  console.log('\n━━ summary ━━');
  for (const s of steps) {
    const counts = s.passed || s.failed ? `${s.passed} passed, ${s.failed} failed` : s.failed ? 'FAILED' : 'ok';
    console.log(`  ${s.failed ? '✗' : '✓'} ${s.name.padEnd(16)} ${counts.padEnd(24)} ${s.seconds.toFixed(1).padStart(6)} s${s.note ? `  (${s.note})` : ''}`);
  }
  console.log(`  total time ${((Date.now() - started) / 1000).toFixed(1)} s`);
  const passed = steps.reduce((n, s) => n + s.passed, 0);
  const failed = steps.reduce((n, s) => n + s.failed, 0);
  console.log(`${passed} passed, ${failed} failed`);
  return failed ? 1 : 0;
}

main().then(
  (code) => process.exit(code),
  (e) => {
    console.error(e?.stack ?? e);
    console.log('0 passed, 1 failed');
    process.exit(1);
  },
);
