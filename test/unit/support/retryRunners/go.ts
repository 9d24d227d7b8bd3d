// The go runners of the retry behaviour suite (see ../retryHarness.ts for the driver protocol): the
// generated Go helper with net/http, alone and on top of cenkalti/backoff v4 and v5.
//
// Each run writes a Go module in its work directory: the helper generated for each scenario plan in
// a package of its own (helpers/<api>: the plans have different tables), the driver
// (fixtures/retry-drivers/go/main.go), builds it once and runs it on the input. Offline: no module
// proxy. cenkalti/backoff v4 is the real library as Debian installs it (golang-github-cenkalti-backoff-dev,
// through a `replace` directive); v5 is not packaged, so it runs against the offline stand-in in
// fixtures/retry/cenkalti-v5 (same API, no real sleeping).
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { generateRetryHelper } from '../../../../src/core/retry/generate';
import type { RetryPlan } from '../../../../src/core/retry/plan';
import { runProcess, type DriverInput, type DriverOutput, type RetryRunner } from '../retryHarness';
import type { ScenarioApi } from '../retryScenarios';

/** Where Debian's golang-github-cenkalti-backoff-dev puts the real v4 source. */
export const CENKALTI_V4_DIR = '/usr/share/gocode/src/github.com/cenkalti/backoff';

export const GO_ENV: NodeJS.ProcessEnv = {
  ...process.env,
  GOFLAGS: '-mod=mod',
  GOPROXY: 'off',
  GOTOOLCHAIN: 'local',
  GOCACHE: path.join(os.tmpdir(), 'errcode-retry-gocache'),
  GOWORK: 'off',
};

/** The repository root (the bundled tests run from out/test/unit). */
function root(): string {
  for (let dir = __dirname; ; dir = path.dirname(dir)) {
    if (fs.existsSync(path.join(dir, 'package.json')) && fs.existsSync(path.join(dir, 'test', 'unit', 'fixtures'))) return dir;
    if (path.dirname(dir) === dir) throw new Error(`no repository root above ${__dirname}`);
  }
}

/** The package of each plan's helper; the driver imports them under these names. */
const PACKAGES: Record<ScenarioApi, string> = {
  workflows: 'workflows',
  wireflow: 'wireflow',
  flows: 'flows',
  orchestrator: 'orchestrator',
  'flows+user': 'flowsuser',
};

/** The go.mod of a module using the helper: with cenkalti/backoff, where its source is. */
export function goModule(name: string, cenkaltiMajor: number | undefined): string {
  const lines = [`module ${name}`, '', 'go 1.18', ''];
  if (cenkaltiMajor === 4) {
    lines.push('require github.com/cenkalti/backoff/v4 v4.1.3', '', `replace github.com/cenkalti/backoff/v4 => ${CENKALTI_V4_DIR}`, '');
  } else if (cenkaltiMajor === 5) {
    // Debian has no v5: the offline stand-in.
    const standIn = path.join(root(), 'test', 'unit', 'fixtures', 'retry', 'cenkalti-v5');
    lines.push('require github.com/cenkalti/backoff/v5 v5.0.0', '', `replace github.com/cenkalti/backoff/v5 => ${standIn}`, '');
  } else if (cenkaltiMajor !== undefined) {
    throw new Error(`no cenkalti/backoff v${cenkaltiMajor} here (v4 from Debian, v5 stand-in)`);
  }
  return lines.join('\n');
}

/** What this machine lacks to build and run the Go helpers, or undefined. */
export function goMissing(cenkaltiMajor?: number): string | undefined {
  const go = spawnSync('go', ['version'], { encoding: 'utf8', env: GO_ENV });
  if (go.error || go.status !== 0) return 'golang-go (the go toolchain)';
  if (cenkaltiMajor === 4 && !fs.existsSync(path.join(CENKALTI_V4_DIR, 'go.mod'))) return `golang-github-cenkalti-backoff-dev (${CENKALTI_V4_DIR})`;
  return undefined;
}

function goRunner(name: string, cenkaltiMajor?: number): RetryRunner {
  return {
    name,
    missing: () => goMissing(cenkaltiMajor),
    async run(input: DriverInput, plans: Readonly<Record<ScenarioApi, RetryPlan>>, workDir: string): Promise<DriverOutput[]> {
      fs.writeFileSync(path.join(workDir, 'go.mod'), goModule('errcodedriver', cenkaltiMajor));
      fs.copyFileSync(path.join(root(), 'test', 'unit', 'fixtures', 'retry-drivers', 'go', 'main.go'), path.join(workDir, 'main.go'));
      for (const [api, pkg] of Object.entries(PACKAGES) as [ScenarioApi, string][]) {
        const h = generateRetryHelper('go', plans[api], cenkaltiMajor ? { library: 'cenkalti', cenkaltiMajor } : {});
        const dir = path.join(workDir, 'helpers', pkg);
        fs.mkdirSync(dir, { recursive: true });
        fs.writeFileSync(path.join(dir, 'helper.go'), `// The retry helper of the ${api} plan.\npackage ${pkg}\n\n${h.imports.join('\n')}\n\n${h.code}`);
      }
      const build = await runProcess('go', ['build', '-o', 'driver', '.'], { cwd: workDir, env: GO_ENV });
      if (build.code !== 0) throw new Error(`${name}: go build failed in ${workDir}\n${build.stderr}${build.stdout}`);
      const r = await runProcess(path.join(workDir, 'driver'), [], { cwd: workDir, env: GO_ENV, stdin: JSON.stringify(input) });
      if (r.code !== 0) throw new Error(`${name}: the driver failed (exit ${r.code})\n${r.stderr}`);
      return r.stdout
        .split('\n')
        .filter((l) => l.trim())
        .map((l) => JSON.parse(l) as DriverOutput);
    },
  };
}

export const goRunners: RetryRunner[] = [goRunner('go'), goRunner('go+cenkalti-v4', 4), goRunner('go+cenkalti-v5', 5)];
