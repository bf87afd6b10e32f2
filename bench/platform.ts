import { randomBytes } from 'node:crypto';
import path from 'node:path';
import { setTimeout as delay } from 'node:timers/promises';
import { resolveConnections, type Connections } from '../config/connections';
import type { Env } from '../config/env';
import { deployProcesses } from '../adapters/zeebe/deploy-processes';
import { createZeebeClient } from '../adapters/zeebe/zeebe-client';
import os from 'node:os';
import { BENCH_PROFILE, LOOPBACK, type LocalProfile } from '../config/local-profiles';
import { seedDemoIdentity } from '../runtime/demo-data';
import { startLocalRuntime, stopLocalRuntime } from '../runtime/local-runtime';
import { DEMO_PASSWORD } from '../runtime/demo-identity';
import { processesDir, projectRoot, serviceFiles } from '../runtime/paths';
import { httpOk, waitUntil } from '../runtime/readiness';
import { logTail, runningPid, startService, stopService, type ServiceSpec } from '../runtime/supervisor';
import { closedLoop, type ClosedLoopRun } from './closed-loop';
import { HttpError, type JsonClient, type JsonResponse } from './http';
import { summarize, type Summary } from './stats';

/**
 * The platform as it runs in production: the API and the workers as their own Node processes
 * (dist/api/server.js, dist/workers/main.js), started here on the bench profile's engine and
 * database, and driven over HTTP as the agents and departments would.
 */

export type AppName = 'api' | 'workers';

export function appServiceSpecs(profile: LocalProfile, childEnv: NodeJS.ProcessEnv): Record<AppName, ServiceSpec> {
  const distRoot = path.resolve(__dirname, '..');
  const spec = (name: AppName, script: string): ServiceSpec => ({
    name,
    command: process.execPath,
    args: [path.join(distRoot, script)],
    env: childEnv,
    cwd: projectRoot(),
    ...serviceFiles(profile, name),
  });
  return { api: spec('api', 'api/server.js'), workers: spec('workers', 'workers/main.js') };
}

/** The API's and the workers' environment on the bench profile: production mode on its engine and database. */
export function benchAppEnv(connections: Connections, apiPort: number): NodeJS.ProcessEnv {
  return {
    ...process.env,
    NODE_ENV: 'production',
    LOG_LEVEL: process.env.LOG_LEVEL ?? 'warn',
    MONGODB_URI: connections.mongodbUri,
    ZEEBE_GRPC_ADDRESS: connections.zeebeGrpcAddress,
    ZEEBE_REST_ADDRESS: connections.zeebeRestAddress,
    API_HOST: LOOPBACK,
    API_PORT: String(apiPort),
    // production refuses the local defaults; a bench run (fresh data) signs survey links and seals secrets with keys of its own
    SURVEY_TOKEN_SECRET: process.env.SURVEY_TOKEN_SECRET ?? randomBytes(32).toString('hex'),
    SECRETS_KEY: process.env.SECRETS_KEY ?? randomBytes(32).toString('hex'),
  };
}

export async function startApp(specs: Record<AppName, ServiceSpec>, apiUrl: string): Promise<Record<AppName, number>> {
  const pids = { api: startService(specs.api), workers: startService(specs.workers) };
  await waitUntil('api (bench)', () => httpOk(`${apiUrl}/health/ready`), {
    timeoutMs: 60_000,
    abortIf: () => (runningPid(specs.api) === undefined ? `exited; last lines of ${specs.api.logFile}:\n${logTail(specs.api.logFile)}` : undefined),
  });
  if (runningPid(specs.workers) === undefined) throw new Error(`workers exited; last lines of ${specs.workers.logFile}:\n${logTail(specs.workers.logFile)}`);
  return pids;
}

export async function stopApp(specs: Record<AppName, ServiceSpec>): Promise<void> {
  await Promise.all([stopService(specs.api, 10_000), stopService(specs.workers, 10_000)]);
}

/** Call kinds whose latency is reported. */
export type CallKind =
  | 'POST /api/contacts'
  | 'POST /api/work-orders'
  | 'POST /api/work-orders/:id/accept'
  | 'POST /api/work-orders/:id/feedback'
  | 'POST /api/work-orders/:id/verify'
  | 'GET /api/tasks (billing-h1 inbox)'
  | 'GET /api/tasks?view=mine (agent-0101)'
  | 'GET /api/work-orders/:id';

/** Latencies of every call, by kind, with the time each ended (to cut measuring windows). */
export class CallLog {
  readonly calls: { kind: CallKind; at: number; ms: number; status: number }[] = [];
  record(kind: CallKind, response: JsonResponse): void {
    this.calls.push({ kind, at: Date.now(), ms: response.ms, status: response.status });
  }
  summaries(from = 0, to = Number.POSITIVE_INFINITY): Partial<Record<CallKind, Summary & { errors: number }>> {
    return this.summariesWithin([[from, to]]);
  }
  /** As `summaries`, over the calls that ended within any of `windows` ([from, to) in ms). */
  summariesWithin(windows: readonly (readonly [number, number])[]): Partial<Record<CallKind, Summary & { errors: number }>> {
    const inside = this.calls.filter((c) => windows.some(([from, to]) => c.at >= from && c.at < to));
    const out: Partial<Record<CallKind, Summary & { errors: number }>> = {};
    for (const kind of new Set(inside.map((c) => c.kind))) {
      const ofKind = inside.filter((c) => c.kind === kind);
      const summary = summarize(ofKind.map((c) => c.ms));
      if (summary) out[kind] = { ...summary, errors: ofKind.filter((c) => c.status >= 400).length };
    }
    return out;
  }
}

/** The demo users the lifecycle needs, logged in once. */
export interface Users {
  readonly agent: string;
  readonly handler: string;
}

export async function login(client: JsonClient, username: string): Promise<string> {
  const res = await client.send('POST', '/api/auth/login', { body: { username, password: DEMO_PASSWORD } });
  if (res.status !== 200) throw new HttpError(`login ${username}`, res.status, res.body);
  return (res.body as { token: string }).token;
}

/** What the driver reads of GET /api/work-orders/:id. */
interface WorkOrderView {
  status: string;
  openTasks: { step: string }[];
  history: { action: string }[];
}

interface InboxItem {
  taskId: string;
  workOrderId: string;
  step: string;
}

/**
 * One poller per inbox: while anyone waits for a step, it reads the inbox over and over and
 * wakes the waiters whose step appeared. One request serves every work order in flight, as a
 * department's screen would, so the driver's reads do not grow with the concurrency.
 */
class InboxPoller {
  private readonly waiters = new Map<string, { resolve: (taskId: string) => void; reject: (err: Error) => void; deadline: number }>();
  private running = false;
  polls = 0;

  constructor(
    private readonly client: JsonClient,
    private readonly log: CallLog,
    private readonly kind: CallKind,
    private readonly path: string,
    private readonly token: string,
    private readonly intervalMs: number,
  ) {}

  waitFor(workOrderId: string, step: string, timeoutMs: number): Promise<string> {
    return new Promise<string>((resolve, reject) => {
      this.waiters.set(`${workOrderId} ${step}`, { resolve, reject, deadline: Date.now() + timeoutMs });
      if (!this.running) void this.run();
    });
  }

  private async run(): Promise<void> {
    this.running = true;
    try {
      while (this.waiters.size > 0) {
        let res: JsonResponse | undefined;
        try {
          res = await this.client.send('GET', this.path, { headers: { authorization: `Bearer ${this.token}` } });
          this.polls += 1;
          this.log.record(this.kind, res);
        } catch {
          // a dropped connection: the next poll reads again
        }
        if (res?.status === 200) {
          for (const item of (res.body as { items: InboxItem[] }).items) {
            const key = `${item.workOrderId} ${item.step}`;
            const waiter = this.waiters.get(key);
            if (waiter) {
              this.waiters.delete(key);
              waiter.resolve(item.taskId);
            }
          }
        }
        const now = Date.now();
        for (const [key, waiter] of this.waiters) {
          if (now > waiter.deadline) {
            this.waiters.delete(key);
            waiter.reject(new Error(`${key} did not appear in ${this.path} in time`));
          }
        }
        if (this.waiters.size > 0) await delay(this.intervalMs);
      }
    } finally {
      this.running = false;
    }
  }
}

export interface LifecycleDriverOptions {
  readonly pollIntervalMs: number;
  readonly stepTimeoutMs: number;
  /**
   * How the driver sees a step open: `work-order` polls GET /api/work-orders/:id (a read by
   * `_id`), first after most of the time that step took so far; `inbox` polls the department
   * inbox and the agent's own tasks (one request for all work orders in flight, but each one
   * reads and sorts the whole work_orders collection on FerretDB v1).
   */
  readonly waitVia: 'work-order' | 'inbox';
}

/**
 * How long each wait has taken lately (exponentially weighted): the driver's first look comes
 * after 3/4 of it, so a wait costs one or two reads instead of one every poll interval.
 */
class WaitEstimates {
  private readonly estimates = new Map<string, number>();
  firstLookAfter(step: string): number {
    return Math.max(10, 0.75 * (this.estimates.get(step) ?? 0));
  }
  observe(step: string, ms: number): void {
    const previous = this.estimates.get(step);
    this.estimates.set(step, previous === undefined ? ms : 0.8 * previous + 0.2 * ms);
  }
}

/** Per-step timing of one lifecycle (ms). `wait*` is from the previous call's answer until the step showed. */
export interface LifecycleTiming {
  contact: number;
  create: number;
  waitAccept: number;
  accept: number;
  waitHandle: number;
  feedback: number;
  waitVerify: number;
  verify: number;
  waitClosed: number;
  total: number;
}

export const LIFECYCLE_STEPS: readonly (keyof LifecycleTiming)[] = ['contact', 'create', 'waitAccept', 'accept', 'waitHandle', 'feedback', 'waitVerify', 'verify', 'waitClosed', 'total'];

/**
 * Walks work orders through the straight path of the closed loop over HTTP:
 * agent-0101 records a contact and raises the work order, billing-h1 accepts it and writes
 * feedback, agent-0101 verifies with the customer, and the ticket.close worker archives it.
 */
export class LifecycleDriver {
  readonly calls = new CallLog();
  private readonly billingInbox: InboxPoller;
  private readonly agentInbox: InboxPoller;
  private readonly waits = new WaitEstimates();
  private sequence = 0;
  workOrderGets = 0;

  constructor(
    private readonly client: JsonClient,
    private readonly tokens: { agent: string; handler: string },
    private readonly options: LifecycleDriverOptions,
    private readonly runTag: string,
  ) {
    this.billingInbox = new InboxPoller(client, this.calls, 'GET /api/tasks (billing-h1 inbox)', '/api/tasks?view=department', tokens.handler, options.pollIntervalMs);
    this.agentInbox = new InboxPoller(client, this.calls, 'GET /api/tasks?view=mine (agent-0101)', '/api/tasks?view=mine', tokens.agent, options.pollIntervalMs);
  }

  get inboxPolls(): number {
    return this.billingInbox.polls + this.agentInbox.polls;
  }

  private async call(kind: CallKind, method: 'GET' | 'POST', path: string, token: string, body?: unknown, headers: Record<string, string> = {}): Promise<JsonResponse> {
    const res = await this.client.send(method, path, { body, headers: { authorization: `Bearer ${token}`, ...headers } });
    this.calls.record(kind, res);
    if (res.status >= 400) throw new HttpError(`${kind}`, res.status, res.body);
    return res;
  }

  /** Records a contact and raises a work order from it, as agent-0101; returns the work-order id and both latencies. */
  async create(): Promise<{ workOrderId: string; contactMs: number; createMs: number }> {
    const n = ++this.sequence;
    const tag = `${this.runTag}-${n}`;
    const contact = await this.call('POST /api/contacts', 'POST', '/api/contacts', this.tokens.agent, {
      customerId: `C-BENCH-${tag}`,
      customerName: '张伟',
      customerTier: 'standard',
      region: '021',
      phone: '13912345678',
      channel: 'hotline',
      summary: 'Charged twice for one top-up',
    });
    const contactId = (contact.body as { contactId: string }).contactId;
    const created = await this.call(
      'POST /api/work-orders',
      'POST',
      '/api/work-orders',
      this.tokens.agent,
      { contactId, type: 'complaint', category: 'billing/charge-dispute', description: 'Charged twice for the same top-up.' },
      { 'idempotency-key': `bench-${tag}`.replace(/[^A-Za-z0-9_-]/g, '_') },
    );
    return { workOrderId: (created.body as { workOrderId: string }).workOrderId, contactMs: contact.ms, createMs: created.ms };
  }

  /**
   * Reads the work order until `done` says so, the first time after the usual wait for `step`.
   * It reads as the owning agent, who sees the work order at every status (a department sees it
   * only once it is routed there).
   */
  private async pollWorkOrder(workOrderId: string, step: string, done: (doc: WorkOrderView) => boolean): Promise<void> {
    const began = performance.now();
    const deadline = Date.now() + this.options.stepTimeoutMs;
    await delay(this.waits.firstLookAfter(step));
    for (;;) {
      const res = await this.call('GET /api/work-orders/:id', 'GET', `/api/work-orders/${workOrderId}`, this.tokens.agent);
      this.workOrderGets += 1;
      const doc = res.body as WorkOrderView;
      if (done(doc)) {
        this.waits.observe(step, performance.now() - began);
        return;
      }
      if (Date.now() > deadline) throw new Error(`${workOrderId}: ${step} not reached in time (status ${doc.status})`);
      await delay(this.options.pollIntervalMs);
    }
  }

  /** Until the work order shows `step` among its open steps. */
  private waitForStep(workOrderId: string, step: string, inbox: InboxPoller): Promise<unknown> {
    if (this.options.waitVia === 'inbox') return inbox.waitFor(workOrderId, step, this.options.stepTimeoutMs);
    return this.pollWorkOrder(workOrderId, step, (doc) => doc.openTasks.some((t) => t.step === step));
  }

  /** Until ticket.close archived it: it writes closedAt and the `archived` history line in one update, and the API shows the line. */
  private waitClosed(workOrderId: string): Promise<void> {
    return this.pollWorkOrder(workOrderId, 'closed', (doc) => doc.status === 'closed' && doc.history.some((h) => h.action === 'archived'));
  }

  /** One whole lifecycle; resolves with its per-step timing. */
  async lifecycle(): Promise<LifecycleTiming> {
    const t0 = performance.now();
    const { workOrderId: id, contactMs, createMs } = await this.create();
    const action = (name: string, token: string, body: unknown): Promise<JsonResponse> =>
      this.call(`POST /api/work-orders/:id/${name}` as CallKind, 'POST', `/api/work-orders/${id}/${name}`, token, body);
    let mark = performance.now();
    const since = (): number => {
      const now = performance.now();
      const ms = now - mark;
      mark = now;
      return ms;
    };
    await this.waitForStep(id, 'Activity_Accept', this.billingInbox);
    const waitAccept = since();
    const accept = await action('accept', this.tokens.handler, {});
    since();
    await this.waitForStep(id, 'Activity_Handle', this.billingInbox);
    const waitHandle = since();
    const feedback = await action('feedback', this.tokens.handler, { feedback: 'Refunded 58.00 CNY to the account.' });
    since();
    await this.waitForStep(id, 'Activity_Verify', this.agentInbox);
    const waitVerify = since();
    const verify = await action('verify', this.tokens.agent, { satisfied: true });
    if ((verify.body as { status: string }).status !== 'closed') throw new Error(`${id}: verify answered status ${(verify.body as { status: string }).status}`);
    since();
    await this.waitClosed(id);
    const waitClosed = since();
    return {
      contact: contactMs,
      create: createMs,
      waitAccept,
      accept: accept.ms,
      waitHandle,
      feedback: feedback.ms,
      waitVerify,
      verify: verify.ms,
      waitClosed,
      total: performance.now() - t0,
    };
  }
}

export interface PlatformRun extends ClosedLoopRun {
  /** Per step of the lifecycles that ended in the window (ms). */
  readonly steps: Partial<Record<keyof LifecycleTiming, Summary>>;
  readonly calls: ReturnType<CallLog['summaries']>;
  readonly inboxPollsPerLifecycle: number;
  readonly workOrderGetsPerLifecycle: number;
  readonly errors: readonly string[];
  /** Work orders in the database when the run started and ended (the platform's cost per lifecycle grows with them). */
  workOrdersAtStart?: number;
  workOrdersAtEnd?: number;
}

/** One closed-loop run of whole lifecycles at a fixed number in flight. */
export async function runPlatform(
  driver: LifecycleDriver,
  label: string,
  settings: { concurrency: number; warmupMs: number; measureMs: number; drainTimeoutMs: number },
): Promise<PlatformRun> {
  const polls0 = driver.inboxPolls;
  const gets0 = driver.workOrderGets;
  const { run, inWindow: timings, errors } = await closedLoop(`platform ${label}`, settings, 20, () => driver.lifecycle());
  const steps: Partial<Record<keyof LifecycleTiming, Summary>> = {};
  for (const step of LIFECYCLE_STEPS) {
    const s = summarize(timings.map((t) => t[step]));
    if (s) steps[step] = s;
  }
  const completed = Math.max(1, run.completedTotal);
  const [windowFrom, windowTo] = run.window;
  return {
    ...run,
    steps,
    calls: driver.calls.summaries(windowFrom, windowTo),
    inboxPollsPerLifecycle: (driver.inboxPolls - polls0) / completed,
    workOrderGetsPerLifecycle: (driver.workOrderGets - gets0) / completed,
    errors,
  };
}

/** What a bench part gets on its fresh runtime. */
export interface FreshBench {
  readonly connections: Connections;
  readonly apiUrl: string;
  readonly specs: Record<AppName, ServiceSpec>;
  /** The machine's load average before the runtime started (others' work skews every number). */
  readonly loadBefore: string;
}

/**
 * Runs one bench part on the bench profile's own runtime, started afresh: engine, database and
 * peers, `processes/` deployed, the demo users seeded. The API and workers are `specs`, for the
 * part to start; everything is stopped afterwards, also when the part fails.
 */
export async function onFreshBenchRuntime(env: Env, log: (line: string) => void, apiPort: number, part: (bench: FreshBench) => Promise<void>): Promise<void> {
  const connections = resolveConnections(env, BENCH_PROFILE);
  const apiUrl = `http://${LOOPBACK}:${apiPort}`;
  const specs = appServiceSpecs(BENCH_PROFILE, benchAppEnv(connections, apiPort));
  const cleanUp = async (): Promise<void> => {
    await stopApp(specs).catch(() => undefined);
    await stopLocalRuntime(BENCH_PROFILE, { log }).catch(() => undefined);
  };
  await cleanUp();
  const loadBefore = os.loadavg().map((l) => l.toFixed(2)).join(' / ');
  try {
    await startLocalRuntime(BENCH_PROFILE, connections.local, { env, apiUrl, fresh: true, log });
    const zeebe = createZeebeClient(connections, env);
    await deployProcesses(zeebe, processesDir());
    await zeebe.close();
    await seedDemoIdentity(env, connections.mongodbUri);
    await part({ connections, apiUrl, specs, loadBefore });
  } finally {
    await cleanUp();
  }
}
