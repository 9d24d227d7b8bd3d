// The js runners of the retry behaviour suite (see ../retryHarness.ts for the driver protocol): the
// generated withErrcodeRetry in TypeScript (transpiled with the project's `typescript` package) and in
// JavaScript, plain and on p-retry, each around Node's global fetch in
// test/unit/fixtures/retry-drivers/driver.mjs.
import * as fs from 'node:fs';
import { createRequire } from 'node:module';
import * as path from 'node:path';
import { generateRetryHelper } from '../../../../src/core/retry/generate';
import type { RetryPlan } from '../../../../src/core/retry/plan';
import { runProcess, type DriverInput, type DriverOutput, type RetryRunner } from '../retryHarness';
import type { ScenarioApi } from '../retryScenarios';

/** The repository root: the suite runs bundled from out/test/unit. */
const ROOT = path.resolve(__dirname, '../../..');
const DRIVER = path.join(ROOT, 'test', 'unit', 'fixtures', 'retry-drivers', 'driver.mjs');
const rootRequire = createRequire(path.join(ROOT, 'package.json'));

/** True when the project's node_modules holds the package (p-retry is ESM only: no require.resolve). */
function resolvable(name: string): boolean {
  return fs.existsSync(path.join(ROOT, 'node_modules', name, 'package.json'));
}

/** TypeScript to an ES module, as a user's build would emit it. */
function transpile(code: string): string {
  const ts = rootRequire('typescript') as typeof import('typescript');
  return ts.transpileModule(code, { compilerOptions: { target: ts.ScriptTarget.ES2022, module: ts.ModuleKind.ESNext } }).outputText.replace(/^export \{\};\s*$/m, '');
}

function runner(lang: 'typescript' | 'javascript', library: 'p-retry' | undefined): RetryRunner {
  const name = `${lang}${library ? `+${library}` : ''}`;
  return {
    name,
    missing() {
      if (typeof fetch !== 'function' || typeof AbortSignal.timeout !== 'function') return `Node ${process.version} has no global fetch or AbortSignal.timeout`;
      if (!fs.existsSync(DRIVER)) return `no driver at ${DRIVER}`;
      if (lang === 'typescript' && !resolvable('typescript')) return 'the typescript package (npm install)';
      if (library && !resolvable(library)) return `the ${library} package (npm install)`;
      return undefined;
    },
    async run(input: DriverInput, plans: Readonly<Record<ScenarioApi, RetryPlan>>, workDir: string): Promise<DriverOutput[]> {
      // p-retry is imported by the helpers: give them the project's node_modules.
      const modules = path.join(workDir, 'node_modules');
      if (library && !fs.existsSync(modules)) fs.symlinkSync(path.join(ROOT, 'node_modules'), modules, 'dir');
      const helpers: Record<string, string> = {};
      for (const [api, plan] of Object.entries(plans)) {
        const h = generateRetryHelper(lang, plan, { library });
        const code = lang === 'typescript' ? transpile(h.code) : h.code;
        const file = path.join(workDir, `helper-${api.replace(/[^\w-]/g, '_')}.mjs`);
        fs.writeFileSync(file, `${h.imports.join('\n')}\n${code}\nexport { withErrcodeRetry, ErrcodeRetryError };\n`);
        helpers[api] = file;
      }
      const config = path.join(workDir, 'config.json');
      fs.writeFileSync(config, JSON.stringify({ input, helpers }));
      const { code, stdout, stderr } = await runProcess(process.execPath, [DRIVER, config], { cwd: workDir });
      if (code !== 0) throw new Error(`${name}: the driver exited with ${code}\n${stderr}`);
      return stdout
        .split('\n')
        .filter((l) => l.trim())
        .map((l) => JSON.parse(l) as DriverOutput);
    },
  };
}

export const jsRunners: RetryRunner[] = [runner('typescript', undefined), runner('javascript', undefined), runner('typescript', 'p-retry'), runner('javascript', 'p-retry')];
