// The python runners of the retry behaviour suite (see ../retryHarness.ts for the driver protocol).
// One driver (fixtures/retry-drivers/driver.py) takes the client as an argument; each runner writes
// the helpers of its variant, one module per scenario API, and runs the driver on them.
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { generateRetryHelper } from '../../../../src/core/retry/generate';
import type { RetryPlan } from '../../../../src/core/retry/plan';
import { runProcess, type DriverInput, type DriverOutput, type RetryRunner } from '../retryHarness';
import type { ScenarioApi } from '../retryScenarios';

/** Debian's python3: the one apt's python3-requests, -httpx, -tenacity and -backoff install into. */
const PYTHON = process.env.ERRCODE_PYTHON || (fs.existsSync('/usr/bin/python3') ? '/usr/bin/python3' : 'python3');

/** The Debian package of each module the drivers import. */
const PACKAGES: Record<string, string> = { requests: 'python3-requests', httpx: 'python3-httpx', tenacity: 'python3-tenacity', backoff: 'python3-backoff' };

type Client = 'requests' | 'requests-raise' | 'httpx' | 'httpx-async' | 'urllib';

function driverPath(): string {
  // Bundled tests run from out/test/unit; the sources run from test/unit/support/retryRunners.
  for (let dir = __dirname; ; dir = path.dirname(dir)) {
    const file = path.join(dir, 'test', 'unit', 'fixtures', 'retry-drivers', 'driver.py');
    if (fs.existsSync(file)) return file;
    if (path.dirname(dir) === dir) return path.join(process.cwd(), 'test', 'unit', 'fixtures', 'retry-drivers', 'driver.py');
  }
}

function missingModules(modules: readonly string[]): string | undefined {
  const probe = spawnSync(PYTHON, ['--version'], { encoding: 'utf8' });
  if (probe.error || probe.status !== 0) return `no ${PYTHON} (Debian's python3)`;
  const lacking = modules.filter((m) => spawnSync(PYTHON, ['-c', `import ${m}`], { stdio: 'ignore' }).status !== 0);
  if (!lacking.length) return undefined;
  return `${PYTHON} cannot import ${lacking.join(', ')} (Debian package${lacking.length > 1 ? 's' : ''} ${lacking.map((m) => PACKAGES[m]).join(', ')})`;
}

function runner(name: string, client: Client, library?: 'tenacity' | 'backoff'): RetryRunner {
  const modules = [...(client === 'urllib' ? [] : [client.startsWith('requests') ? 'requests' : 'httpx']), ...(library ? [library] : [])];
  return {
    name,
    missing: () => missingModules(modules),
    async run(input: DriverInput, plans: Readonly<Record<ScenarioApi, RetryPlan>>, workDir: string): Promise<DriverOutput[]> {
      for (const [api, plan] of Object.entries(plans)) {
        const h = generateRetryHelper('python', plan, { library });
        fs.writeFileSync(path.join(workDir, `${api.replace(/\+/g, '_')}.py`), [...h.imports, '', '', h.code].join('\n'));
      }
      const { code, stdout, stderr } = await runProcess(PYTHON, [driverPath(), client, workDir], { env: { ...process.env, PYTHONDONTWRITEBYTECODE: '1' }, stdin: JSON.stringify(input) });
      const outputs: DriverOutput[] = [];
      for (const line of stdout.split('\n')) if (line.trim()) outputs.push(JSON.parse(line) as DriverOutput);
      if (code !== 0 && outputs.length < input.scenarios.length) throw new Error(`${name}: the driver exited with ${code}:\n${stderr}`);
      return outputs;
    },
  };
}

export const pythonRunners: RetryRunner[] = [
  runner('python-requests', 'requests'),
  runner('python-httpx', 'httpx'),
  runner('python-urllib', 'urllib'),
  runner('python+tenacity', 'requests', 'tenacity'),
  // raise_for_status(): the failures are requests' HTTPError, read through .response.
  runner('python+backoff', 'requests-raise', 'backoff'),
  runner('python-httpx-async', 'httpx-async'),
  runner('python+tenacity-httpx-async', 'httpx-async', 'tenacity'),
  runner('python+backoff-httpx-async', 'httpx-async', 'backoff'),
];
