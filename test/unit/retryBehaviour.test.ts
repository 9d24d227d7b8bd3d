// The generated retry helpers, run as a user's code runs them: every language and variant, with its
// real HTTP client, against the scripted loopback server, through the one scenario table
// (support/retryScenarios.ts, shown in docs/RETRY.md). A row that does not behave as the table says
// fails the run, with every mismatch of the variant listed.
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { Catalog, loadBuiltinCatalog } from '../../src/core/catalog/catalog';
import { planForApi, type RetryPlan } from '../../src/core/retry/plan';
import { RetryServer, type DriverInput, type RetryRunner } from './support/retryHarness';
import { goRunners } from './support/retryRunners/go';
import { jsRunners } from './support/retryRunners/js';
import { pythonRunners } from './support/retryRunners/python';
import { SCENARIOS, T0_MS, USER_GRAPHQL_ENTRIES, type ScenarioApi } from './support/retryScenarios';
import { renderScenarioTable, replaceScenarioTable } from './support/retryScenarioDocs';

const ROOT = path.resolve(__dirname, '../../..');

/** The plan of each scenario API, from the built-in catalog (and, for flows+user, a user catalog's GraphQL codes). */
export function scenarioPlans(): Record<ScenarioApi, RetryPlan> {
  const builtin = loadBuiltinCatalog();
  const withUser = new Catalog(builtin.apis, [...builtin.entries, ...USER_GRAPHQL_ENTRIES]);
  return {
    workflows: planForApi('workflows', builtin),
    wireflow: planForApi('wireflow', builtin),
    flows: planForApi('flows', builtin),
    orchestrator: planForApi('orchestrator', builtin),
    'flows+user': planForApi('flows', withUser),
  };
}

const RUNNERS: RetryRunner[] = [...jsRunners, ...pythonRunners, ...goRunners];

describe('retry helpers: the scenario table, in every language and variant', () => {
  const server = new RetryServer();
  const plans = scenarioPlans();
  const work = fs.mkdtempSync(path.join(os.tmpdir(), 'errcode-retry-behaviour-'));
  before(() => server.start());
  after(async () => {
    await server.stop();
    fs.rmSync(work, { recursive: true, force: true });
  });

  test('every language and variant has a runner', () => {
    const names = RUNNERS.map((r) => r.name);
    for (const want of ['typescript', 'javascript', 'typescript+p-retry', 'javascript+p-retry', 'python-requests', 'python-httpx', 'python-urllib', 'python+tenacity', 'python+backoff', 'go', 'go+cenkalti-v4', 'go+cenkalti-v5']) {
      assert.ok(names.some((n) => n === want || n.startsWith(`${want} `)), `no runner for ${want} (have: ${names.join(', ')})`);
    }
  });

  for (const runner of RUNNERS) {
    test(runner.name, async () => {
      const missing = runner.missing();
      assert.equal(missing, undefined, `${runner.name} cannot run here: ${missing}. \`npm test\` installs what it needs (scripts/systemDeps.mjs).`);
      const run = runner.name.replace(/[^\w+-]/g, '_');
      const input: DriverInput = { control: server.control(run), t0Ms: T0_MS, timeoutMs: 500, scenarios: await server.register(run, SCENARIOS) };
      const dir = path.join(work, run);
      fs.mkdirSync(dir, { recursive: true });
      const outputs = await runner.run(input, plans, dir);
      const byId = new Map(outputs.map((o) => [o.id, o]));
      const mismatches: string[] = [];
      for (const s of SCENARIOS) {
        const o = byId.get(s.id);
        const seen = server.observed(run, s.id);
        if (!o) {
          mismatches.push(`${s.id}: no result from the driver`);
          continue;
        }
        const got: Record<string, unknown> = { result: o.result, requests: seen.requests, waits: seen.waitsMs.map((ms) => Math.round(ms) / 1000) };
        const want: Record<string, unknown> = { result: s.expect.result, requests: s.expect.requests, waits: s.expect.waits };
        if (s.expect.status !== undefined) {
          got.status = o.status;
          want.status = s.expect.status;
        }
        if (s.expect.untilSeconds !== undefined) {
          got.untilSeconds = o.untilMs === null ? null : Math.round((o.untilMs - T0_MS) / 1000);
          want.untilSeconds = s.expect.untilSeconds;
        }
        if (JSON.stringify(got) !== JSON.stringify(want)) mismatches.push(`${s.id}: got ${JSON.stringify(got)}, want ${JSON.stringify(want)}${o.detail ? ` (${o.detail.slice(0, 300)})` : ''}`);
      }
      assert.deepEqual(mismatches, [], `${runner.name}:\n${mismatches.join('\n')}`);
    });
  }
});

describe('docs/RETRY.md', () => {
  test('shows the scenario table as it is (npm run docs:retry writes it)', () => {
    const file = path.join(ROOT, 'docs', 'RETRY.md');
    const text = fs.readFileSync(file, 'utf8');
    assert.equal(text, replaceScenarioTable(text, renderScenarioTable(SCENARIOS)), 'docs/RETRY.md is out of date: run `npm run docs:retry`');
  });
});
