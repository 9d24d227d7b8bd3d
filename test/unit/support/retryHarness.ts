// The loopback server the generated retry helpers run against, as a user's code would run them: real
// HTTP clients (fetch, requests, httpx, urllib, net/http) over real sockets, on a fake clock.
//
// Protocol with a driver (one per language, under test/unit/fixtures/retry-drivers/): the driver
// reads a DriverInput (JSON) and, for each scenario in turn, calls the helper generated for the
// scenario's API around one request (`method` to `url`, a JSON body for methods with one, a 500 ms
// client timeout), with the hooks set so: random() = 0.5; now() = t0Ms plus the waits so far;
// sleep(ms) = a GET of `${control}/sleep?id=<scenario id>&ms=<ms>` (ms may be fractional) (the server records the wait and,
// after a refused step, starts listening), then returns at once. It prints one DriverOutput per
// scenario as a JSON line. The server counts the requests; the test compares both with the table.
import { spawn } from 'node:child_process';
import * as http from 'node:http';
import type { AddressInfo } from 'node:net';
import * as net from 'node:net';
import type { RetryPlan } from '../../../src/core/retry/plan';
import type { Result, Scenario, ScenarioApi, Step } from './retryScenarios';

export interface DriverScenario {
  id: string;
  api: ScenarioApi;
  url: string;
  method: string;
  options: { idempotent?: boolean; maxAttempts?: number; maxWaitSeconds?: number; reconcile?: boolean };
}

export interface DriverInput {
  control: string;
  t0Ms: number;
  /** The client's timeout per request, in ms. */
  timeoutMs: number;
  scenarios: DriverScenario[];
}

export interface DriverOutput {
  id: string;
  result: Result;
  /** The HTTP status of a failure; null for a network failure or another outcome. */
  status: number | null;
  /** rate-limited: the time named, in ms since the epoch. */
  untilMs: number | null;
  /** Anything that helps read a mismatch (the error's message). */
  detail?: string;
}

/** A language and variant: generates its helpers, runs its driver on the input. */
export interface RetryRunner {
  name: string;
  /** What this machine lacks to run it (a tool, a package), or undefined. The test fails with it: no skips. */
  missing(): string | undefined;
  run(input: DriverInput, plans: Readonly<Record<ScenarioApi, RetryPlan>>, workDir: string): Promise<DriverOutput[]>;
}

/** A host name that never resolves (RFC 6761 reserves .invalid). */
export const UNRESOLVABLE_HOST = 'errcode-retry-test.invalid';

interface State {
  scenario: Scenario;
  next: number;
  requests: number;
  waitsMs: number[];
  /** A scenario starting with refused steps: its own port, listening once those are used up. */
  port?: number;
  server?: http.Server;
}

export interface Observed {
  requests: number;
  waitsMs: number[];
}

/** The scripted server of one run: scenarios registered under a run name, their URLs, what happened. */
export class RetryServer {
  private readonly states = new Map<string, State>();
  private readonly held = new Set<net.Socket>();
  private readonly servers: http.Server[] = [];
  private main!: http.Server;
  private port = 0;

  async start(): Promise<void> {
    this.main = this.server();
    this.port = await listen(this.main, 0);
  }

  /** The control URL of a run: its driver's sleep hook calls `${control}/sleep?id=…&ms=…`. */
  control(run: string): string {
    return `http://127.0.0.1:${this.port}/control/${encodeURIComponent(run)}`;
  }

  /** Registers a run's scenarios; returns their driver view (URLs included). */
  async register(run: string, scenarios: readonly Scenario[]): Promise<DriverScenario[]> {
    const out: DriverScenario[] = [];
    for (const scenario of scenarios) {
      const key = `${run}/${scenario.id}`;
      const state: State = { scenario, next: 0, requests: 0, waitsMs: [] };
      this.states.set(key, state);
      const first = scenario.steps[0];
      let host = `127.0.0.1:${this.port}`;
      if (first && 'network' in first && first.network === 'refused') {
        state.port = await freePort();
        host = `127.0.0.1:${state.port}`;
      } else if (first && 'network' in first && first.network === 'dns') {
        host = `${UNRESOLVABLE_HOST}:${this.port}`;
      }
      out.push({ id: scenario.id, api: scenario.api, url: `http://${host}/s/${encodeURIComponent(run)}/${encodeURIComponent(scenario.id)}`, method: scenario.method, options: scenario.options ?? {} });
    }
    return out;
  }

  observed(run: string, id: string): Observed {
    const s = this.states.get(`${run}/${id}`);
    return s ? { requests: s.requests, waitsMs: [...s.waitsMs] } : { requests: -1, waitsMs: [] };
  }

  async stop(): Promise<void> {
    for (const s of this.held) s.destroy();
    for (const server of [this.main, ...this.servers]) {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    }
  }

  private server(): http.Server {
    const server = http.createServer((req, res) => void this.handle(req, res));
    server.keepAliveTimeout = 1;
    return server;
  }

  private async handle(req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
    await drain(req);
    const url = new URL(req.url ?? '/', 'http://x');
    const control = /^\/control\/([^/]+)\/sleep$/.exec(url.pathname);
    if (control) {
      const state = this.states.get(`${decodeURIComponent(control[1])}/${url.searchParams.get('id') ?? ''}`);
      if (state) {
        state.waitsMs.push(Number(url.searchParams.get('ms')));
        await this.afterWait(state);
      }
      res.writeHead(state ? 204 : 404).end();
      return;
    }
    const m = /^\/s\/([^/]+)\/([^/]+)$/.exec(url.pathname);
    const state = m ? this.states.get(`${decodeURIComponent(m[1])}/${decodeURIComponent(m[2])}`) : undefined;
    if (!state) {
      res.writeHead(404, { 'content-type': 'text/plain' }).end('no such scenario');
      return;
    }
    state.requests++;
    const step: Step | undefined = state.scenario.steps[state.next++];
    if (!step) {
      send(res, 200, {}, { ok: true });
    } else if ('network' in step) {
      if (step.network === 'timeout') {
        this.held.add(req.socket); // never answered; the client gives up
      } else {
        req.socket.destroy(); // reset (refused and dns never get here)
      }
    } else {
      send(res, step.status, step.headers ?? {}, step.body);
    }
  }

  /** A refused attempt is used up by the wait after it; once none is left, the scenario's port listens. */
  private async afterWait(state: State): Promise<void> {
    const step = state.scenario.steps[state.next];
    if (step && 'network' in step && (step.network === 'refused' || step.network === 'dns')) state.next++;
    const now = state.scenario.steps[state.next];
    const stillRefused = now !== undefined && 'network' in now && now.network === 'refused';
    if (state.port !== undefined && !state.server && !stillRefused) {
      state.server = this.server();
      this.servers.push(state.server);
      await listen(state.server, state.port);
    }
  }
}

function send(res: http.ServerResponse, status: number, headers: Record<string, string>, body: unknown): void {
  const problem = typeof body === 'object' && body !== null && 'type' in body && 'title' in body;
  const text = body === undefined ? '' : JSON.stringify(body);
  res.writeHead(status, { 'content-type': problem ? 'application/problem+json' : 'application/json', 'content-length': Buffer.byteLength(text), connection: 'close', ...headers });
  res.end(text);
}

function drain(req: http.IncomingMessage): Promise<void> {
  return new Promise((resolve) => {
    req.on('data', () => undefined);
    req.on('end', () => resolve());
    req.on('error', () => resolve());
  });
}

function listen(server: http.Server, port: number): Promise<number> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', () => resolve((server.address() as AddressInfo).port));
  });
}

/** A port nothing listens on (taken from the OS, then released): connecting to it is refused. */
async function freePort(): Promise<number> {
  const s = net.createServer();
  await new Promise<void>((resolve) => s.listen(0, '127.0.0.1', () => resolve()));
  const port = (s.address() as AddressInfo).port;
  await new Promise<void>((resolve) => s.close(() => resolve()));
  return port;
}

export interface ProcessResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Runs a driver or a build: its output and exit code, `stdin` written and closed; killed after 3 minutes. */
export function runProcess(cmd: string, args: readonly string[], opts: { cwd?: string; env?: NodeJS.ProcessEnv; stdin?: string } = {}): Promise<ProcessResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(cmd, args, { cwd: opts.cwd, env: opts.env ?? process.env, stdio: ['pipe', 'pipe', 'pipe'], timeout: 180_000 });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (d: string) => (stdout += d));
    child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
    child.stdin.end(opts.stdin ?? '');
  });
}
