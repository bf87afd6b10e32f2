import path from 'node:path';
import { setTimeout as delay } from 'node:timers/promises';
import type { Connection } from 'mongoose';
import { documentLocks } from '../adapters/mongo/document-lock';
import { mongoSlaRepository, type ClockDoc } from '../adapters/mongo/sla.repository';
import { zeebeWorkOrderEngine } from '../adapters/zeebe/work-order-engine';
import type { ZeebeClient } from '../adapters/zeebe/zeebe-client';
import type { LocalProfile } from '../config/local-profiles';
import { BusinessCalendarSchema, type BusinessCalendar } from '../domain/calendar';
import { planClock, type ClockPlan, type ClockTerms } from '../domain/sla/clock-plan';
import type { SlaPolicyInput } from '../domain/sla/policy';
import { projectRoot } from '../runtime/paths';
import { startClock } from '../services/clock-commands';
import { runningClock } from '../services/sla-service';
import { countsBetween, engineMetricsText, ferretCommandCounts, histogramBetween, histogramOf, metricValue, perUnit, quantileBound, type CommandCounts } from './evidence';
import { HttpError, type JsonClient } from './http';
import { login } from './platform';
import { summarize, type Summary } from './stats';

/**
 * SLA timer lateness: how late the platform sees an SLA timer fire, with thousands of clocks
 * running at once, in real time (nobody moves a clock).
 *
 * The clocks are the platform's own: processes/sla-clock.bpmn started by the `sla-clock-started`
 * message the platform sends (services/clock-commands.ts `startClock`), planned by `sla.plan`,
 * their warning and due timers handled by `sla.warn` and `sla.breach` in the bench's worker
 * process, which journal each timer with `dueAt` (the planned instant) and `firedAt`. Fired
 * means: the instant the sla.warn / sla.breach handler took the timer's job, by the platform's
 * clock (the engine records no timer-fired instant a client can read without an exporter).
 *
 * Three groups of clocks, each on its own bench policy: background clocks run with timers hours
 * away (as most clocks of a center do at any moment); dense clocks fall due one after the other
 * at the start rate (a burst: the engine's timer checker runs back to back); sparse clocks fall
 * due one every second or so afterwards (the everyday case: each timer alone). A probe diagram
 * (bench/sla-timer-probe.bpmn: the same absolute timer, then a job for a no-op worker in this
 * process) runs at the same due instants: its job's activation instant (deadline minus timeout)
 * splits the lateness into what the engine adds and what the platform's workers add after.
 */

/** Every day 00:00-24:00 UTC: a working minute is a wall minute, so due instants are start + target. */
const ALL_DAY = [{ start: '00:00', end: '24:00' }];
const BENCH_CALENDAR = {
  id: 'bench-24x7',
  // an area code no other bench or demo work order has (mainland codes start with 0): only the SLA work orders get this calendar
  region: '9999',
  timeZone: 'UTC',
  weeklyHours: { mon: ALL_DAY, tue: ALL_DAY, wed: ALL_DAY, thu: ALL_DAY, fri: ALL_DAY, sat: ALL_DAY, sun: ALL_DAY },
  holidays: [],
  makeUpWorkdays: [],
};

type Tier = 'silver' | 'gold' | 'platinum';

/** A group of clocks: its bench policy (one per customer tier, none of which another bench phase raises) and its timers. */
interface ClockGroup {
  readonly policyId: string;
  readonly tier: Tier;
  readonly targetMinutes: number;
  readonly warningPercents: number[];
}

/** The background clocks' handling target (minutes): their first warning comes hours after the bench ends. */
const BACKGROUND_TARGET_MINUTES = 600;
/** The sparse clocks' target (minutes, no warning): long enough to start them before the dense timers fire. */
const SPARSE_TARGET_MINUTES = 4;
/** Between the last dense due instant and the first sparse one (ms). */
const SPARSE_GAP_MS = 5_000;

/** The first escalation level a day after the due instant: only warning and due timers fire while measuring. */
const LADDER: SlaPolicyInput['ladder'] = [{ level: 1, afterMinutes: 1_440, notify: 'team-lead', reassign: false, raisePriority: false, openSupervision: false }];

function benchPolicy(group: ClockGroup): SlaPolicyInput {
  return {
    policyId: group.policyId,
    name: `Benchmark: SLA timer lateness (${group.policyId})`,
    match: { types: ['service-request'], tiers: [group.tier] },
    // a year to resolve: the work orders' own resolution clocks fire nothing while measuring
    targets: { handling: group.targetMinutes, resolution: 525_600 },
    warningPercents: group.warningPercents,
    ladder: LADDER,
    comment: 'Benchmark only (bench/sla-timers.ts).',
  };
}

/** What sla.plan will count the group's clocks to (as services/sla-service.ts `termsOf` takes it from the policy). */
const termsOf = (group: ClockGroup): ClockTerms => ({
  targetMinutes: group.targetMinutes,
  warningPercents: group.warningPercents,
  ladder: LADDER.map(({ level, afterMinutes }) => ({ level, afterMinutes })),
});

const PROBE_PROCESS_ID = 'bench-sla-timer-probe';
const PROBE_JOB_TYPE = 'bench.sla-timer-probe';
/** The probe job's timeout (ms): its activation instant is its deadline minus this. */
const PROBE_JOB_TIMEOUT_MS = 30_000;

export interface SlaTimerSettings {
  /** Clocks started in all (background, dense and sparse); every one of them runs while the timers fire. */
  readonly clocks: number;
  /** Clocks started per second (background and dense alike); so also the dense timers due per second. */
  readonly ratePerSecond: number;
  /** The dense policy's handling target, whole working minutes (the policy's unit); on the 24/7 calendar, wall minutes. */
  readonly targetMinutes: number;
  readonly warningPercent: number;
  /** Left between the last start and the first warning (ms): time for the last plans to be recorded. */
  readonly settleMs: number;
  /** Sparse clocks, and how far apart their due instants are (ms): more than the half second below which the engine plans its timer check precisely. */
  readonly sparseClocks: number;
  readonly sparseSpacingMs: number;
  /** Work orders of each policy the clocks are spread over (each clock id names its work order). */
  readonly workOrdersPerPolicy: number;
  /** Every n-th dense clock gets a probe at its warning instant and one at its due instant (every sparse clock one at its due instant). */
  readonly probeEvery: number;
  /** How long after the last due instant the bench waits for the last timers (ms). */
  readonly completionTimeoutMs: number;
  readonly engineCallTimeoutMs: number;
  /** The probe worker polls like the platform's workers (WORKER_MAX_JOBS, WORKER_LONG_POLL_MS, WORKER_POLL_INTERVAL_MS). */
  readonly worker: { readonly maxJobsToActivate: number; readonly longPollMs: number; readonly pollIntervalMs: number };
}

/**
 * How long the dense window of timers lasts (ms): the dense warnings must all come after the
 * last start (plus the settling margin), and the due instants after the last warning, so that
 * no window overlaps another: min(warning share of the target - margin, rest of the target).
 */
export function denseWindowMs(settings: Pick<SlaTimerSettings, 'targetMinutes' | 'warningPercent' | 'settleMs'>): number {
  const targetMs = settings.targetMinutes * 60_000;
  return Math.min((targetMs * settings.warningPercent) / 100 - settings.settleMs, (targetMs * (100 - settings.warningPercent)) / 100);
}

/** Lateness (ms) of the dense timers due within one fifth of their window: does it grow as the window goes on? */
export interface LatenessSlice {
  readonly timer: 'warning' | 'due';
  readonly part: number;
  readonly fromS: number;
  readonly toS: number;
  readonly lateness: Summary | undefined;
}

/** Lateness (ms) of a set of timers, and of the probes beside them: due -> job activated, activated -> no-op handler, due -> handler. */
export interface TimerLateness {
  readonly expected: number;
  readonly measured: number;
  readonly early: number;
  readonly lateness: Summary | undefined;
  /** The most timers due but not yet taken by a handler at any one moment: a backlog when it exceeds what falls due within the usual lateness. */
  readonly backlogMax: number;
  readonly probe: { readonly measured: number; readonly dueToActivated: Summary | undefined; readonly activatedToHandled: Summary | undefined; readonly dueToHandled: Summary | undefined };
}

export interface SlaTimerRun {
  readonly settings: Omit<SlaTimerSettings, 'worker'> & { readonly dense: number; readonly backgroundTargetMinutes: number; readonly sparseTargetMinutes: number };
  /** Epoch ms: starts sent (background, dense), timers due (dense warnings, dense dues, sparse dues); when the last was journaled (or the wait gave up). */
  readonly windows: {
    readonly background: readonly [number, number];
    readonly dense: readonly [number, number];
    readonly warnings: readonly [number, number];
    readonly dues: readonly [number, number];
    readonly sparse: readonly [number, number];
    readonly settledAt: number;
  };
  readonly starts: { readonly sent: number; readonly retried: number; readonly errors: readonly string[]; readonly publishMs: Summary | undefined; readonly scheduleLagMs: Summary | undefined };
  /** Bench clocks in state running in sla_clocks when the first dense warning was due, and after the last sparse due instant. */
  readonly runningAtFirstTimer: number;
  readonly runningAfterLastTimer: number;
  /** firedAt - dueAt of the warned and breached journal lines (ms): dense (both kinds, and each), sparse (due only). */
  readonly dense: TimerLateness & { readonly warning: Summary | undefined; readonly due: Summary | undefined };
  readonly sparse: TimerLateness;
  readonly slices: readonly LatenessSlice[];
  /** From the engine's metrics, first dense warning to the end: its command queue, its log commits, and its scheduled tasks (the due-date checker among them). */
  readonly engine: {
    readonly recordsProcessed: number;
    readonly commandWaitMeanMs: number | undefined;
    readonly commandWaitP99BoundMs: number | undefined;
    readonly commitMeanMs: number | undefined;
    readonly commitP99BoundMs: number | undefined;
    readonly scheduledTasks: number;
    readonly scheduledTaskDelayMeanMs: number | undefined;
    readonly scheduledTaskDelayP99BoundMs: number | undefined;
  };
  /** FerretDB commands per timer measured, while they fired (the platform's other traffic, tiny here, included). */
  readonly databaseCommandsPerTimer: CommandCounts;
}

export interface SlaTimerDeps {
  readonly client: JsonClient;
  readonly zeebe: ZeebeClient;
  readonly mongo: Connection;
  readonly profile: LocalProfile;
  readonly log: (line: string) => void;
}

async function send(client: JsonClient, token: string, method: 'GET' | 'POST', url: string, body?: unknown, headers: Record<string, string> = {}): Promise<Record<string, unknown>> {
  const res = await client.send(method, url, { body, headers: { authorization: `Bearer ${token}`, ...headers } });
  if (res.status >= 400) throw new HttpError(`${method} ${url}`, res.status, res.body);
  return res.body as Record<string, unknown>;
}

async function until(what: string, timeoutMs: number, done: () => Promise<boolean>): Promise<void> {
  const giveUpAt = Date.now() + timeoutMs;
  while (!(await done())) {
    if (Date.now() > giveUpAt) throw new Error(`${what} within ${timeoutMs} ms`);
    await delay(500);
  }
}

/** Saves the 24/7 calendar and the bench policies as an admin would (POST /api/sla/...); returns the calendar as saved. */
async function seedRules(client: JsonClient, groups: readonly ClockGroup[]): Promise<BusinessCalendar> {
  const admin = await login(client, 'admin');
  const saved = await send(client, admin, 'POST', '/api/sla/calendars', { calendar: BENCH_CALENDAR, comment: 'Benchmark only: every minute is a working minute.' });
  for (const group of groups) await send(client, admin, 'POST', '/api/sla/policies', benchPolicy(group));
  return BusinessCalendarSchema.parse({ ...BENCH_CALENDAR, version: saved.version });
}

/** Raises service requests for the group's tier as agent-0101 and waits until the first dispatch pinned them to its policy. */
async function pinnedWorkOrders(client: JsonClient, agent: string, group: ClockGroup, count: number): Promise<string[]> {
  const ids = await Promise.all(
    Array.from({ length: count }, async (_, i) => {
      const contact = await send(client, agent, 'POST', '/api/contacts', {
        customerId: `C-BENCH-SLA-${group.tier}-${i + 1}`,
        customerName: '刘洋',
        customerTier: group.tier,
        region: BENCH_CALENDAR.region,
        phone: '13600001111',
        channel: 'hotline',
        summary: 'Needs a copy of last month’s invoice',
      });
      const created = await send(
        client,
        agent,
        'POST',
        '/api/work-orders',
        { contactId: contact.contactId, type: 'service-request', category: 'billing/invoice-copy', description: 'Send a copy of the October invoice.' },
        { 'idempotency-key': `bench-sla-${group.tier}-${i + 1}` },
      );
      return String(created.workOrderId);
    }),
  );
  await until(`the ${group.tier} work orders were not dispatched and pinned to ${group.policyId}`, 60_000, async () => {
    const views = await Promise.all(ids.map((id) => send(client, agent, 'GET', `/api/work-orders/${id}`)));
    return views.every((v) => (v.sla as { policy?: { id?: string } } | null)?.policy?.id === group.policyId);
  });
  return ids;
}

interface ProbeSample {
  readonly dueAt: number;
  readonly activatedAt: number;
  readonly handledAt: number;
}

/** Deploys the probe diagram and takes its jobs at once, noting when each was activated and handled. */
async function startProbes(zeebe: ZeebeClient, worker: SlaTimerSettings['worker']): Promise<{ samples: ProbeSample[]; close: () => Promise<void> }> {
  await zeebe.deployResource({ processFilename: path.join(projectRoot(), 'bench', 'sla-timer-probe.bpmn') });
  const samples: ProbeSample[] = [];
  const probeWorker = zeebe.createWorker({
    taskType: PROBE_JOB_TYPE,
    maxJobsToActivate: worker.maxJobsToActivate,
    longPoll: worker.longPollMs,
    pollInterval: worker.pollIntervalMs,
    timeout: PROBE_JOB_TIMEOUT_MS,
    taskHandler: (job) => {
      samples.push({ dueAt: Date.parse(String((job.variables as { at: string }).at)), activatedAt: Number(job.deadline) - PROBE_JOB_TIMEOUT_MS, handledAt: Date.now() });
      return job.complete();
    },
  });
  return {
    samples,
    close: async () => {
      await probeWorker.close();
    },
  };
}

/** A start the engine refused (back-pressure, a timeout) is sent again, as the platform's reconciler would: this often, this far apart. */
const START_ATTEMPTS = 5;
const START_RETRY_MS = 1_000;

/** Engine metrics read at the start and at the end of the firing windows (Prometheus histograms, seconds). */
const ENGINE_QUEUE = 'zeebe_stream_processor_latency';
const ENGINE_COMMIT = 'zeebe_log_appender_commit_latency';
const ENGINE_SCHEDULING = 'zeebe_processing_scheduling_delay_seconds';

const ms = (seconds: number | undefined): number | undefined => (seconds === undefined || !Number.isFinite(seconds) ? undefined : seconds * 1000);

/** A histogram between two scrapes, as mean and p99 bound in ms. */
function engineFigures(before: string, after: string, name: string): { count: number; meanMs: number | undefined; p99BoundMs: number | undefined } {
  const h = histogramBetween(histogramOf(before, name), histogramOf(after, name));
  return { count: h.count, meanMs: h.count > 0 ? ms(h.sum / h.count) : undefined, p99BoundMs: ms(quantileBound(h, 0.99)) };
}

interface Timed {
  readonly timer: 'warning' | 'due';
  readonly dueAt: number;
  readonly lateness: number;
}

/** Timers due and not yet handled, at most, over time: +1 at each due instant, -1 when its handler took it. */
function backlogMax(timed: readonly Timed[]): number {
  const steps = timed.flatMap((t) => [[t.dueAt, 1] as const, [t.dueAt + t.lateness, -1] as const]).sort((a, b) => a[0] - b[0] || a[1] - b[1]);
  let open = 0;
  let most = 0;
  for (const [, step] of steps) {
    open += step;
    most = Math.max(most, open);
  }
  return most;
}

function latenessOf(timed: readonly Timed[], probes: readonly ProbeSample[], expected: number): TimerLateness {
  return {
    expected,
    measured: timed.length,
    early: timed.filter((t) => t.lateness < 0).length,
    lateness: summarize(timed.map((t) => t.lateness)),
    backlogMax: backlogMax(timed),
    probe: {
      measured: probes.length,
      dueToActivated: summarize(probes.map((p) => p.activatedAt - p.dueAt)),
      activatedToHandled: summarize(probes.map((p) => p.handledAt - p.activatedAt)),
      dueToHandled: summarize(probes.map((p) => p.handledAt - p.dueAt)),
    },
  };
}

export async function runSlaTimers(deps: SlaTimerDeps, settings: SlaTimerSettings): Promise<SlaTimerRun> {
  const { client, zeebe, mongo, log } = deps;
  const spacingMs = 1000 / settings.ratePerSecond;
  const windowMs = denseWindowMs(settings);
  const dense = Math.floor(windowMs / spacingMs);
  const background = settings.clocks - dense - settings.sparseClocks;
  if (windowMs <= 0 || background < 0) throw new Error('SLA timers: the dense target is too short for its warning to come after the settling margin, or too few clocks');
  const groups = {
    dense: { policyId: 'bench-sla-dense', tier: 'silver', targetMinutes: settings.targetMinutes, warningPercents: [settings.warningPercent] },
    sparse: { policyId: 'bench-sla-sparse', tier: 'platinum', targetMinutes: SPARSE_TARGET_MINUTES, warningPercents: [] },
    background: { policyId: 'bench-sla-background', tier: 'gold', targetMinutes: BACKGROUND_TARGET_MINUTES, warningPercents: [50] },
  } as const satisfies Record<string, ClockGroup>;
  const calendar = await seedRules(client, Object.values(groups));
  const agent = await login(client, 'agent-0101');
  const orders = {
    dense: await pinnedWorkOrders(client, agent, groups.dense, settings.workOrdersPerPolicy),
    sparse: await pinnedWorkOrders(client, agent, groups.sparse, settings.workOrdersPerPolicy),
    background: await pinnedWorkOrders(client, agent, groups.background, settings.workOrdersPerPolicy),
  };
  const probes = await startProbes(zeebe, settings.worker);

  const engine = zeebeWorkOrderEngine(zeebe, { callTimeoutMs: settings.engineCallTimeoutMs });
  const publishMs: number[] = [];
  const lag: number[] = [];
  const errors: string[] = [];
  let retried = 0;
  let sequence = 0;
  let probesExpected = 0;
  /**
   * Starts the next clock of `group` now with the platform's own start message: the clock starts
   * now, as if the step it measures opened now. Returns the plan sla.plan will make of it (the
   * same domain code and calendar), and a promise of the engine's answer.
   */
  function start(group: keyof typeof groups, probeDue: (plan: ClockPlan) => Date[]): { plan: ClockPlan; sent: Promise<void> } {
    const at = new Date();
    const list = orders[group];
    const workOrderId = list[sequence % list.length]!;
    const clockId = `${workOrderId}:handling:bench-${++sequence}`;
    const command = startClock(workOrderId, runningClock(clockId, 'handling', at), at, 'Activity_Handle');
    const plan = planClock(calendar, at, [], termsOf(groups[group]));
    const probing = probeDue(plan).map((due) => {
      probesExpected += 1;
      return zeebe.createProcessInstance({ bpmnProcessId: PROBE_PROCESS_ID, variables: { at: due.toISOString() } }).then(
        () => undefined,
        (err: unknown) => void errors.push(`probe: ${String(err)}`),
      );
    });
    const sent = (async () => {
      for (let attempt = 1; ; attempt++) {
        try {
          await engine.publish({ name: command.messageName!, correlationKey: command.correlationKey!, messageId: command.messageId!, variables: command.variables, timeToLiveMs: command.timeToLiveMs! });
          publishMs.push(Date.now() - at.getTime());
          break;
        } catch (err) {
          if (attempt >= START_ATTEMPTS) {
            errors.push(`${clockId}: ${err instanceof Error ? err.message : String(err)}`);
            break;
          }
          retried += 1;
          await delay(START_RETRY_MS);
        }
      }
      await Promise.all(probing);
    })();
    return { plan, sent };
  }

  // the schedule: background, then dense clocks one every spacingMs; the sparse clocks on their
  // own, timed so that their due instants follow the dense ones a spacing apart
  const t0 = Date.now() + 500;
  const denseFrom = t0 + background * spacingMs;
  const denseDuesEnd = denseFrom + (dense - 1) * spacingMs + settings.targetMinutes * 60_000;
  const sparseStarts = Array.from({ length: settings.sparseClocks }, (_, k) => denseDuesEnd + SPARSE_GAP_MS + k * settings.sparseSpacingMs - SPARSE_TARGET_MINUTES * 60_000);
  const firstDenseWarning = denseFrom + (settings.targetMinutes * 60_000 * settings.warningPercent) / 100;
  if (settings.sparseClocks > 0 && (sparseStarts[0]! < t0 || sparseStarts.at(-1)! > firstDenseWarning - settings.settleMs)) {
    throw new Error('SLA timers: the sparse clocks cannot start between the first start and the first dense timer; change the rate or the targets');
  }
  log(`SLA timers: starting ${background} background, ${dense} dense and ${settings.sparseClocks} sparse clocks (${settings.ratePerSecond}/s)`);
  const pending: Promise<void>[] = [];
  const sparsePlans: Promise<ClockPlan>[] = sparseStarts.map(async (when) => {
    await delay(Math.max(0, when - Date.now()));
    const { plan, sent } = start('sparse', (p) => [p.dueAt]);
    pending.push(sent);
    return plan;
  });
  const densePlans: ClockPlan[] = [];
  for (let i = 0; i < background + dense; i++) {
    const scheduled = t0 + i * spacingMs;
    const wait = scheduled - Date.now();
    if (wait > 1) await delay(wait);
    lag.push(Date.now() - scheduled);
    const isDense = i >= background;
    const { plan, sent } = start(isDense ? 'dense' : 'background', (p) => (isDense && (i - background) % settings.probeEvery === 0 ? [p.warnings[0]!.at, p.dueAt] : []));
    pending.push(sent);
    if (isDense) densePlans.push(plan);
  }
  const denseTo = Date.now();
  const sparse = await Promise.all(sparsePlans);
  await Promise.all(pending);
  const windows = {
    background: [t0, denseFrom] as const,
    dense: [denseFrom, denseTo] as const,
    warnings: [densePlans[0]!.warnings[0]!.at.getTime(), densePlans.at(-1)!.warnings[0]!.at.getTime()] as const,
    dues: [densePlans[0]!.dueAt.getTime(), densePlans.at(-1)!.dueAt.getTime()] as const,
    sparse: [sparse[0]?.dueAt.getTime() ?? denseDuesEnd, sparse.at(-1)?.dueAt.getTime() ?? denseDuesEnd] as const,
  };

  // just before the first dense warning: every clock should be planned and running
  const clocks = mongo.db!.collection<ClockDoc>('sla_clocks');
  const allOrders = [...orders.dense, ...orders.sparse, ...orders.background];
  const running = (): Promise<number> => clocks.countDocuments({ kind: 'handling', workOrderId: { $in: allOrders }, state: 'running' });
  await delay(Math.max(0, windows.warnings[0] - 2_000 - Date.now()));
  const runningAtFirstTimer = await running();
  log(`SLA timers: ${runningAtFirstTimer} clocks running when the first dense warning is due${errors.length ? `; ${errors.length} starts failed, first: ${errors[0]}` : ''}`);
  const metricsBefore = await engineMetricsText(deps.profile);
  const commandsBefore = await ferretCommandCounts(deps.profile);

  // after the last due instant: wait for the last breach to be journaled (and the last probe)
  await delay(Math.max(0, Math.max(windows.dues[1], windows.sparse[1]) - Date.now()));
  const breached = (ids: readonly string[]): Promise<number> => clocks.countDocuments({ kind: 'handling', workOrderId: { $in: [...ids] }, breachedAt: { $exists: true } });
  await until('the last SLA timers were not handled', settings.completionTimeoutMs, async () => (await breached(orders.dense)) >= dense && (await breached(orders.sparse)) >= settings.sparseClocks && probes.samples.length >= probesExpected).catch(
    (err: unknown) => log(`SLA timers: ${String(err)}; reporting what was journaled`),
  );
  const settledAt = Date.now();
  const metricsAfter = await engineMetricsText(deps.profile);
  const commandsAfter = await ferretCommandCounts(deps.profile);
  const runningAfterLastTimer = await running();
  await probes.close();

  // the journal as auditors read it: each warned and breached line carries its planned and its fired instant
  const sla = mongoSlaRepository(mongo, await documentLocks(mongo));
  const journal = await sla.journalAll();
  const timedOf = (ids: readonly string[]): Timed[] =>
    journal
      .filter((e) => ids.includes(e.workOrderId) && e.kind === 'handling' && (e.event === 'warned' || e.event === 'breached') && e.dueAt && e.firedAt)
      .map((e) => ({ timer: e.event === 'warned' ? 'warning' : 'due', dueAt: e.dueAt!.getTime(), lateness: e.firedAt!.getTime() - e.dueAt!.getTime() }));
  const denseTimed = timedOf(orders.dense);
  const sparseTimed = timedOf(orders.sparse);
  const slices: LatenessSlice[] = [];
  for (const [timer, [from, to]] of [['warning', windows.warnings], ['due', windows.dues]] as const) {
    const fifth = (to - from) / 5;
    for (let k = 0; k < 5; k++) {
      const a = from + k * fifth;
      const b = k === 4 ? to + 1 : a + fifth;
      slices.push({ timer, part: k + 1, fromS: (a - from) / 1000, toS: (a + fifth - from) / 1000, lateness: summarize(denseTimed.filter((t) => t.timer === timer && t.dueAt >= a && t.dueAt < b).map((t) => t.lateness)) });
    }
  }
  const sparseProbes = probes.samples.filter((p) => p.dueAt >= windows.sparse[0]);
  const queue = engineFigures(metricsBefore, metricsAfter, ENGINE_QUEUE);
  const commit = engineFigures(metricsBefore, metricsAfter, ENGINE_COMMIT);
  const scheduling = engineFigures(metricsBefore, metricsAfter, ENGINE_SCHEDULING);
  const { worker: _probeWorker, ...plain } = settings;
  return {
    settings: { ...plain, dense, backgroundTargetMinutes: BACKGROUND_TARGET_MINUTES, sparseTargetMinutes: SPARSE_TARGET_MINUTES },
    windows: { ...windows, settledAt },
    starts: { sent: sequence, retried, errors, publishMs: summarize(publishMs), scheduleLagMs: summarize(lag) },
    runningAtFirstTimer,
    runningAfterLastTimer,
    dense: {
      ...latenessOf(denseTimed, probes.samples.filter((p) => p.dueAt < windows.sparse[0]), dense * 2),
      warning: summarize(denseTimed.filter((t) => t.timer === 'warning').map((t) => t.lateness)),
      due: summarize(denseTimed.filter((t) => t.timer === 'due').map((t) => t.lateness)),
    },
    sparse: latenessOf(sparseTimed, sparseProbes, settings.sparseClocks),
    slices,
    engine: {
      recordsProcessed: metricValue(metricsAfter, 'zeebe_stream_processor_records_total', { action: 'processed' }) - metricValue(metricsBefore, 'zeebe_stream_processor_records_total', { action: 'processed' }),
      commandWaitMeanMs: queue.meanMs,
      commandWaitP99BoundMs: queue.p99BoundMs,
      commitMeanMs: commit.meanMs,
      commitP99BoundMs: commit.p99BoundMs,
      scheduledTasks: scheduling.count,
      scheduledTaskDelayMeanMs: scheduling.meanMs,
      scheduledTaskDelayP99BoundMs: scheduling.p99BoundMs,
    },
    databaseCommandsPerTimer: perUnit(countsBetween(commandsBefore, commandsAfter), denseTimed.length + sparseTimed.length),
  };
}
