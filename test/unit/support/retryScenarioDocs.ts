// The scenario table as Markdown, for docs/RETRY.md: the rows the behavioural suite runs, in words.
import type { Scenario, Step } from './retryScenarios';
import { T0_S } from './retryScenarios';

const START = '<!-- scenarios:start -->';
const END = '<!-- scenarios:end -->';

function stepText(step: Step): string {
  if ('network' in step) return { refused: 'connection refused', dns: 'name not resolved', reset: 'connection reset', timeout: 'no answer (timeout)' }[step.network];
  const body = step.body as Record<string, unknown> | undefined;
  const code = typeof body?.code === 'string' ? ` ${body.code}` : '';
  const gql = Array.isArray(body?.errors) ? ((body.errors as { extensions?: { code?: string } }[])[0]?.extensions?.code ?? '') : '';
  const header = Object.entries(step.headers ?? {}).map(([k, v]) => `${k}: ${/GMT$/.test(v) ? 'T0 + 4 s (HTTP date)' : v}`);
  const unix = typeof body?.retryAfter === 'number' ? [`retryAfter: T0 ${body.retryAfter >= T0_S ? '+' : '−'} ${Math.abs(body.retryAfter - T0_S)} s`] : [];
  const extra = [...header, ...unix];
  return `${step.status}${code}${gql ? ` errors[].extensions.code ${gql}` : ''}${extra.length ? ` (${extra.join(', ')})` : ''}`;
}

function steps(s: Scenario): string {
  const texts = s.steps.map(stepText);
  const compact: string[] = [];
  for (let i = 0; i < texts.length; ) {
    let n = 1;
    while (texts[i + n] === texts[i]) n++;
    compact.push(n > 1 ? `${texts[i]} ×${n}` : texts[i]);
    i += n;
  }
  return [...compact, '200'].join(' → ');
}

function options(s: Scenario): string {
  const o = s.options ?? {};
  const parts: string[] = [];
  if (o.idempotent) parts.push('idempotent');
  if (o.maxAttempts !== undefined) parts.push(`maxAttempts ${o.maxAttempts}`);
  if (o.maxWaitSeconds !== undefined) parts.push(`maxWait ${o.maxWaitSeconds} s`);
  if (o.reconcile) parts.push('reconcile hook');
  return parts.join(', ');
}

function outcome(s: Scenario): string {
  const e = s.expect;
  switch (e.result) {
    case 'ok':
      return 'success';
    case 'failure':
      return e.status === null ? 'the network error, as is' : `the ${e.status} failure, as is`;
    case 'rate-limited':
      return `error \`rate-limited\` until T0 + ${e.untilSeconds} s`;
    case 'reconciled':
      return 'the reconcile hook\'s result';
    default:
      return `error \`${e.result}\``;
  }
}

const API: Record<Scenario['api'], string> = { workflows: 'Workflows', wireflow: 'Wireflow', flows: 'Flows', orchestrator: 'Orchestrator', 'flows+user': 'Flows + user catalog' };

export function renderScenarioTable(scenarios: readonly Scenario[]): string {
  const rows = scenarios.map((s) => `| ${s.title} | ${API[s.api]} | ${s.method}${options(s) ? ` (${options(s)})` : ''} | ${steps(s)} | ${s.expect.requests} | ${s.expect.waits.length ? s.expect.waits.map((w) => `${w} s`).join(', ') : '—'} | ${outcome(s)} |`);
  return ['| Scenario | API | Call | The server answers | Requests | Waits | Result |', '|---|---|---|---|---|---|---|', ...rows].join('\n');
}

/** `text` with the table between the markers replaced. */
export function replaceScenarioTable(text: string, table: string): string {
  const a = text.indexOf(START);
  const b = text.indexOf(END);
  if (a < 0 || b < a) return text;
  return `${text.slice(0, a + START.length)}\n${table}\n${text.slice(b)}`;
}
