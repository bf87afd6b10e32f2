import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { setTimeout as delay } from 'node:timers/promises';
import { connectMongo } from '../adapters/mongo/connect';
import { deployProcesses } from '../adapters/zeebe/deploy-processes';
import { createZeebeClient } from '../adapters/zeebe/zeebe-client';
import { resolveConnections } from '../config/connections';
import { parseEnv } from '../config/env';
import { BENCH_PROFILE, LOOPBACK } from '../config/local-profiles';
import { seedDemoIdentity } from '../runtime/demo-data';
import { startLocalRuntime, stopLocalRuntime } from '../runtime/local-runtime';
import { processesDir, profileDirs, projectRoot, serviceFiles } from '../runtime/paths';
import { runningPid } from '../runtime/supervisor';
import { CAMUNDA_VERSION, FERRETDB_VERSION } from '../runtime/versions';
import { runBaseline, startBaselineWorkers, type BaselineRun } from './baseline';
import { runCampaignListBench } from './campaign-list';
import { countsBetween, ferretCommandCounts, perUnit, probeLookups, profileDatabase, summarizeProfile, type CommandCounts, type LookupProbe, type ProfileSummary } from './evidence';
import { JsonClient } from './http';
import { runCampaignLaunchBench } from './campaign-launch';
import { runOaBench } from './oa-inbound';
import { maxCreationRate, openLoopCreation, type MaxCreationRun, type OpenLoopRun } from './latency';
import { appServiceSpecs, benchAppEnv, LifecycleDriver, login, runPlatform, startApp, stopApp, type PlatformRun } from './platform';
import { machineBusyCores, ProcessSampler, type PhaseUsage } from './proc';
import { writeResults, type BenchResults } from './report';
import { SLA_LATENESS_P99_TARGET_MS, SLA_WINDOWS, slaVerdicts, type SlaTimerResults } from './sla-report';
import { runSlaTimers, type TimerLateness } from './sla-timers';
import { runImportBench } from './subscriber-import';
import { median, round } from './stats';

/**
 * `npm run bench`: baseline on the bare engine, the platform's full lifecycles, creation
 * latency at half the maximum load, SLA timer lateness with thousands of clocks running, and
 * memory, all on the `bench` profile's own engine and database (fresh data each time).
 * Writes bench/results.md and bench/results.json.
 *
 * Settings come from BENCH_* variables (defaults below); the platform's own processes take
 * their usual variables (WORKER_MAX_JOBS, WORKER_LONG_POLL_MS, LOG_LEVEL ...) from this
 * process's environment.
 */

const num = (name: string, fallback: number): number => {
  const raw = process.env[name];
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!Number.isFinite(value) || value <= 0) throw new Error(`${name} must be a positive number, got ${raw}`);
  return value;
};

export const settings = {
  runs: num('BENCH_RUNS', 3),
  baselineConcurrency: num('BENCH_BASELINE_CONCURRENCY', 64),
  platformConcurrency: num('BENCH_PLATFORM_CONCURRENCY', 8),
  /** Unmeasured start of each run (ms): in-flight lifecycles reach their steady mix. */
  runWarmupMs: num('BENCH_RUN_WARMUP_S', 3) * 1000,
  baselineMeasureMs: num('BENCH_BASELINE_MEASURE_S', 8) * 1000,
  platformMeasureMs: num('BENCH_PLATFORM_MEASURE_S', 12) * 1000,
  /** A first, unreported run of each kind: JIT, connection pools, engine caches. */
  warmupRunMs: num('BENCH_WARMUP_RUN_S', 6) * 1000,
  drainTimeoutMs: 30_000,
  pollIntervalMs: num('BENCH_POLL_MS', 50),
  /** How the driver sees a step open: work-order (GET by id, default) or inbox (see LifecycleDriverOptions). */
  waitVia: process.env.BENCH_WAIT_VIA === 'inbox' ? ('inbox' as const) : ('work-order' as const),
  stepTimeoutMs: 30_000,
  createConcurrency: num('BENCH_CREATE_CONCURRENCY', 16),
  createWarmupMs: num('BENCH_CREATE_WARMUP_S', 2) * 1000,
  createMeasureMs: num('BENCH_CREATE_MEASURE_S', 6) * 1000,
  openLoopMs: num('BENCH_OPEN_LOOP_S', 20) * 1000,
  openLoopSeed: num('BENCH_SEED', 20261122),
  /** Seconds of FerretDB CPU profile taken during the middle platform run (0: none). */
  profileSeconds: Number(process.env.BENCH_PROFILE_DB_S ?? 10),
  /** Lifecycles one at a time (reference for the per-step cost without contention), for this long. */
  soloMs: num('BENCH_SOLO_S', 6) * 1000,
  apiPort: num('BENCH_API_PORT', 8290),
  /**
   * Wait up to this long (s) for the machine to be quiet (under 0.3 busy cores) before starting,
   * and before each measured run; 0: do not wait (CI). Other work on 2 cores skews every figure.
   */
  waitQuietS: Number(process.env.BENCH_WAIT_QUIET_S ?? 0),
  sampleIntervalMs: 500,
  /** SLA timer lateness (bench/sla-timers.ts): clocks running at once in all (0: not measured). */
  slaClocks: Number(process.env.BENCH_SLA_CLOCKS ?? 5_000),
  /** Clocks started per second, and so dense timers due per second: what 2 cores sustain beside the rest (see results.md). */
  slaRatePerSecond: num('BENCH_SLA_RATE', 25),
  /** The dense clocks' handling target (whole minutes) and warning: they fix how long a window of dense timers can last. */
  slaTargetMinutes: num('BENCH_SLA_TARGET_MIN', 2),
  slaWarningPercent: 50,
  slaSettleMs: 10_000,
  /** Timers that fall due one at a time: this many, this far apart (ms). */
  slaSparseClocks: num('BENCH_SLA_SPARSE', 32),
  slaSparseSpacingMs: 1_250,
  slaWorkOrdersPerPolicy: 5,
  slaProbeEvery: 10,
};

const log = (line: string): void => console.log(`[bench ${new Date().toISOString().slice(11, 19)}] ${line}`);

function machineInfo(): BenchResults['machine'] {
  const meminfo = readFileSync('/proc/meminfo', 'utf8');
  const kib = (key: string): number | undefined => {
    const m = new RegExp(`^${key}:\\s+(\\d+) kB`, 'm').exec(meminfo);
    return m ? Math.round(Number(m[1]) / 1024) : undefined;
  };
  let nproc: number;
  try {
    nproc = Number(execFileSync('nproc', { encoding: 'utf8' }).trim());
  } catch {
    nproc = os.availableParallelism();
  }
  return {
    nproc,
    cpuModel: os.cpus()[0]?.model ?? 'unknown',
    memTotalMiB: kib('MemTotal'),
    memAvailableMiBAtStart: kib('MemAvailable'),
    kernel: `${os.type()} ${os.release()}`,
    loadAverageAtStart: os.loadavg().map((v) => round(v, 2)!),
  };
}

function versions(): BenchResults['versions'] {
  const sdk = (JSON.parse(readFileSync(path.join(projectRoot(), 'node_modules/@camunda8/sdk/package.json'), 'utf8')) as { version: string }).version;
  let commit = 'unknown';
  let dirty = false;
  try {
    commit = execFileSync('git', ['rev-parse', '--short', 'HEAD'], { cwd: projectRoot(), encoding: 'utf8' }).trim();
    dirty = execFileSync('git', ['status', '--porcelain'], { cwd: projectRoot(), encoding: 'utf8' }).trim() !== '';
  } catch {
    // not a git checkout
  }
  return { node: process.version, camunda: CAMUNDA_VERSION, ferretdb: FERRETDB_VERSION, camundaSdk: sdk, commit, workingTreeDirty: dirty };
}

const countWorkOrders = (mongo: Awaited<ReturnType<typeof connectMongo>>): Promise<number> => mongo.db!.collection('work_orders').countDocuments({});

/** Before a measured run: waits (up to BENCH_WAIT_QUIET_S) while other work keeps the machine busy. */
async function waitQuiet(name: string): Promise<void> {
  const until = Date.now() + settings.waitQuietS * 1000;
  let busy = await machineBusyCores(1_500);
  if (busy < 0.35) return;
  log(`${name}: waiting for the machine to be quiet (${round(busy, 2)} cores busy)`);
  while (busy >= 0.35 && Date.now() < until) busy = await machineBusyCores(2_000);
  if (busy >= 0.35) log(`${name}: still ${round(busy, 2)} cores busy; measuring anyway`);
}

/** Waits until no work order is left pending or routing (the creations' backlog is routed and dispatched). */
async function waitForBacklog(mongo: Awaited<ReturnType<typeof connectMongo>>, timeoutMs: number): Promise<{ ms: number; left: number }> {
  const began = Date.now();
  for (;;) {
    const left = await mongo.db!.collection('work_orders').countDocuments({ status: { $in: ['pending', 'routing'] } });
    if (left === 0 || Date.now() - began > timeoutMs) return { ms: Date.now() - began, left };
    await delay(250);
  }
}

async function main(): Promise<void> {
  const began = Date.now();
  const env = parseEnv({ ...process.env, NODE_ENV: 'development', MONGODB_URI: undefined, ZEEBE_GRPC_ADDRESS: undefined, ZEEBE_REST_ADDRESS: undefined });
  // BENCH_ONLY=import: the subscriber importer alone (bench/subscriber-import.ts, bench/results-import.md)
  if (process.env.BENCH_ONLY === 'import') return runImportBench(env, log);
  // BENCH_ONLY=oa: OA webhook acknowledgements alone (bench/oa-inbound.ts, bench/results-oa.md)
  if (process.env.BENCH_ONLY === 'oa') return runOaBench(env, log);
  // BENCH_ONLY=campaign-launch: a campaign wave's contact processes (bench/campaign-launch.ts, bench/results-campaign-launch.md)
  if (process.env.BENCH_ONLY === 'campaign-launch') return runCampaignLaunchBench(env, log);
  // BENCH_ONLY=campaign: a campaign's call list imported and screened (bench/campaign-list.ts, bench/results-campaign.md)
  if (process.env.BENCH_ONLY === 'campaign') return runCampaignListBench(env, log);
  const connections = resolveConnections(env, BENCH_PROFILE);
  const apiUrl = `http://${LOOPBACK}:${settings.apiPort}`;
  const specs = appServiceSpecs(BENCH_PROFILE, benchAppEnv(connections, settings.apiPort));
  const machine = machineInfo();
  const sampler = new ProcessSampler(settings.sampleIntervalMs);
  const loopDelay = monitorEventLoopDelay({ resolution: 10 });
  loopDelay.enable();

  let cleaning: Promise<void> | undefined;
  const cleanUp = (): Promise<void> =>
    (cleaning ??= (async () => {
      sampler.stop();
      log('stopping the API, the workers, the engine and the database');
      await stopApp(specs).catch((err: unknown) => log(`stopping the app: ${String(err)}`));
      await stopLocalRuntime(BENCH_PROFILE, { log }).catch((err: unknown) => log(`stopping the runtime: ${String(err)}`));
    })());
  const onSignal = (): void => {
    log('interrupted');
    void cleanUp().finally(() => process.exit(130));
  };
  process.once('SIGINT', onSignal);
  process.once('SIGTERM', onSignal);

  // numbers taken beside other work on 2 cores are not the platform's: say so
  let busyBefore = await machineBusyCores(3_000);
  for (const until = Date.now() + settings.waitQuietS * 1000; busyBefore >= 0.3 && Date.now() < until; ) {
    log(`the machine is busy (${round(busyBefore, 2)} cores in use by others); waiting for it to be quiet`);
    busyBefore = await machineBusyCores(5_000);
  }
  if (busyBefore >= 0.3) log(`warning: ${round(busyBefore, 2)} cores were busy before the bench started; see "others" in the CPU table`);
  machine.busyCoresBeforeStart = round(busyBefore, 2)!;

  try {
    // leftovers of an interrupted bench would keep their data: fresh means stopped first
    await stopApp(specs);
    await stopLocalRuntime(BENCH_PROFILE, { log });
    log(`starting the bench runtime (engine ${CAMUNDA_VERSION}, FerretDB ${FERRETDB_VERSION}) with fresh data`);
    await startLocalRuntime(BENCH_PROFILE, connections.local, { env, apiUrl, fresh: true, log });
    const zeebe = createZeebeClient(connections, env);
    const deployed = await deployProcesses(zeebe, processesDir());
    log(`deployed ${deployed.map((d) => `${d.id} v${d.version}`).join(', ')}`);

    const enginePid = runningPid(serviceFiles(BENCH_PROFILE, 'engine'));
    const dbPid = runningPid(serviceFiles(BENCH_PROFILE, 'database'));
    if (enginePid) sampler.watch({ name: 'engine', pid: enginePid });
    if (dbPid) sampler.watch({ name: 'database', pid: dbPid });
    sampler.watch({ name: 'bench', pid: process.pid });
    sampler.start();
    const cpu: PhaseUsage[] = [];
    const eventLoop: Record<string, { p99Ms: number; maxMs: number }> = {};
    const phase = async <T>(name: string, work: () => Promise<T>): Promise<T> => {
      if (settings.waitQuietS > 0 && !/warm-up|backlog/.test(name)) await waitQuiet(name);
      sampler.begin(name);
      loopDelay.reset();
      try {
        return await work();
      } finally {
        const usage = sampler.end(name);
        if (usage) cpu.push(usage);
        eventLoop[name] = { p99Ms: round(loopDelay.percentile(99) / 1e6, 1)!, maxMs: round(loopDelay.max / 1e6, 1)! };
      }
    };

    // 1. baseline: the same diagram on the bare engine, no-op workers in this process
    const maxJobs = env.WORKER_MAX_JOBS;
    const longPollMs = env.WORKER_LONG_POLL_MS;
    const workers = startBaselineWorkers(zeebe, path.join(processesDir(), 'work-order.bpmn'), { maxJobsToActivate: maxJobs, longPollMs, pollIntervalMs: env.WORKER_POLL_INTERVAL_MS });
    log(`baseline workers for ${workers.jobTypes.join(', ')}`);
    const baselineSettings = { concurrency: settings.baselineConcurrency, warmupMs: settings.runWarmupMs, measureMs: settings.baselineMeasureMs, drainTimeoutMs: settings.drainTimeoutMs };
    const baselineWarmup = await phase('baseline warm-up', () =>
      runBaseline(zeebe, workers, 'warm-up', { ...baselineSettings, warmupMs: 0, measureMs: settings.warmupRunMs }, 'BL-W'),
    );
    log(`baseline warm-up: ${round(baselineWarmup.lifecyclesPerSecond)} lifecycles/s`);
    const baselineRuns: BaselineRun[] = [];
    const baselineCpu: PhaseUsage[] = [];
    for (let i = 1; i <= settings.runs; i++) {
      const run = await phase(`baseline run ${i}`, () => runBaseline(zeebe, workers, `run ${i}`, baselineSettings, `BL-${i}`));
      baselineRuns.push(run);
      const usage = sampler.between(`baseline run ${i} (window)`, ...run.window);
      if (usage) baselineCpu.push(usage);
      log(`baseline run ${i}: ${round(run.lifecyclesPerSecond)} lifecycles/s at ${run.concurrency} in flight (lifecycle p50 ${round(run.lifecycleMs?.p50)} ms)${run.errors.length ? `, ${run.errors.length} errors` : ''}`);
    }
    const baselineJobs = { ...workers.completedJobs };
    await workers.close();
    await zeebe.close();

    // 2. the platform: API and workers as their own processes, driven over HTTP
    await seedDemoIdentity(env, connections.mongodbUri);
    log(`starting the API (${apiUrl}) and the workers from dist/`);
    const pids = await startApp(specs, apiUrl);
    sampler.watch({ name: 'api', pid: pids.api });
    sampler.watch({ name: 'workers', pid: pids.workers });
    const client = new JsonClient(apiUrl);
    const tokens = { agent: await login(client, 'agent-0101'), handler: await login(client, 'billing-h1') };
    const mongo = await connectMongo(connections.mongodbUri);
    const probes: LookupProbe[] = [];
    const driverOptions = { pollIntervalMs: settings.pollIntervalMs, stepTimeoutMs: settings.stepTimeoutMs, waitVia: settings.waitVia };

    const platformSettings = { concurrency: settings.platformConcurrency, warmupMs: settings.runWarmupMs, measureMs: settings.platformMeasureMs, drainTimeoutMs: settings.drainTimeoutMs };
    const warmDriver = new LifecycleDriver(client, tokens, driverOptions, 'W');
    const warmupAtStart = await countWorkOrders(mongo);
    const platformWarmup = await phase('platform warm-up', () => runPlatform(warmDriver, 'warm-up', { ...platformSettings, warmupMs: 0, measureMs: settings.warmupRunMs }));
    log(`platform warm-up: ${round(platformWarmup.lifecyclesPerSecond)} lifecycles/s${platformWarmup.errors.length ? `, errors: ${platformWarmup.errors.slice(0, 3).join(' | ')}` : ''}`);
    platformWarmup.workOrdersAtStart = warmupAtStart;
    platformWarmup.workOrdersAtEnd = await countWorkOrders(mongo);
    probes.push(await probeLookups(mongo, 'after the platform warm-up'));

    // one lifecycle at a time: the uncontended cost of each step and the database commands it needs
    const soloDriver = new LifecycleDriver(client, tokens, driverOptions, 'S');
    const soloBefore = await ferretCommandCounts(BENCH_PROFILE);
    const soloAtStart = await countWorkOrders(mongo);
    const solo = await phase('platform, one at a time', () => runPlatform(soloDriver, 'one at a time', { concurrency: 1, warmupMs: 0, measureMs: settings.soloMs, drainTimeoutMs: settings.drainTimeoutMs }));
    solo.workOrdersAtStart = soloAtStart;
    solo.workOrdersAtEnd = await countWorkOrders(mongo);
    const soloCommands = perUnit(countsBetween(soloBefore, await ferretCommandCounts(BENCH_PROFILE)), solo.completedTotal);
    log(`platform, one at a time: ${solo.completedTotal} lifecycles, p50 ${round(solo.steps.total?.p50)} ms each`);

    const driver = new LifecycleDriver(client, tokens, driverOptions, 'P');
    const platformRuns: PlatformRun[] = [];
    const platformCpu: PhaseUsage[] = [];
    const commandsPerLifecycle: CommandCounts[] = [];
    // the middle run also takes a CPU profile of FerretDB (Go's sampling profiler: about 1 % overhead)
    const profiledRun = Math.ceil(settings.runs / 2);
    let databaseProfile: ProfileSummary | undefined;
    for (let i = 1; i <= settings.runs; i++) {
      const before = await ferretCommandCounts(BENCH_PROFILE);
      const profiling =
        i === profiledRun && settings.profileSeconds > 0
          ? delay(settings.runWarmupMs).then(() => profileDatabase(BENCH_PROFILE, Math.min(settings.profileSeconds, settings.platformMeasureMs / 1000), path.join(profileDirs(BENCH_PROFILE).root, 'ferretdb-cpu.pprof')))
          : undefined;
      const workOrdersAtStart = await countWorkOrders(mongo);
      const run = await phase(`platform run ${i}`, () => runPlatform(driver, `run ${i}`, platformSettings));
      run.workOrdersAtStart = workOrdersAtStart;
      run.workOrdersAtEnd = await countWorkOrders(mongo);
      if (profiling) databaseProfile = await summarizeProfile(await profiling);
      const after = await ferretCommandCounts(BENCH_PROFILE);
      platformRuns.push(run);
      // every command of the run (warm-up, window and drain) over every lifecycle it finished
      commandsPerLifecycle.push(perUnit(countsBetween(before, after), run.completedTotal));
      const usage = sampler.between(`platform run ${i} (window)`, ...run.window);
      if (usage) platformCpu.push(usage);
      log(
        `platform run ${i}: ${round(run.lifecyclesPerSecond)} lifecycles/s at ${run.concurrency} in flight (lifecycle p50 ${round(run.steps.total?.p50)} ms)` +
          `${run.errors.length ? `, ${run.errors.length} errors: ${run.errors.slice(0, 2).join(' | ')}` : ''}`,
      );
      probes.push(await probeLookups(mongo, `after platform run ${i}`));
    }

    // 3. creation latency: the maximum rate (3 runs), then an open loop at half of their median
    const creationDriver = new LifecycleDriver(client, tokens, driverOptions, 'C');
    const maxRuns: MaxCreationRun[] = [];
    const maxCpus: PhaseUsage[] = [];
    const commandsPerCreation: CommandCounts[] = [];
    const backlogs: { ms: number; left: number }[] = [];
    for (let i = 1; i <= settings.runs; i++) {
      const before = await ferretCommandCounts(BENCH_PROFILE);
      const run = await phase(`max creation rate ${i}`, () =>
        maxCreationRate(creationDriver, `run ${i}`, { concurrency: settings.createConcurrency, warmupMs: settings.createWarmupMs, measureMs: settings.createMeasureMs }),
      );
      // the work orders created are routed and dispatched after their answers: that is part of their cost
      const backlog = await phase(`backlog after max creation ${i}`, () => waitForBacklog(mongo, 60_000));
      backlogs.push(backlog);
      commandsPerCreation.push(perUnit(countsBetween(before, await ferretCommandCounts(BENCH_PROFILE)), run.completedTotal));
      maxRuns.push(run);
      const usage = sampler.between(`max creation rate ${i} (window)`, ...run.window);
      if (usage) maxCpus.push(usage);
      log(
        `max creation rate ${i}: ${round(run.creationsPerSecond)} creations/s at ${run.concurrency} in flight (create p99 ${round(run.createMs?.p99)} ms); ` +
          `routing backlog drained in ${backlog.ms} ms${backlog.left ? ` (${backlog.left} left)` : ''}`,
      );
    }
    const maxMedian = median(maxRuns.map((r) => r.creationsPerSecond))!;
    probes.push(await probeLookups(mongo, 'before the open loop'));
    const halfRate = maxMedian / 2;
    const openLoopDriver = new LifecycleDriver(client, tokens, driverOptions, 'O');
    const openBefore = await ferretCommandCounts(BENCH_PROFILE);
    const openLoop: OpenLoopRun = await phase('open loop at half load', () =>
      openLoopCreation(openLoopDriver, { ratePerSecond: halfRate, durationMs: settings.openLoopMs, seed: settings.openLoopSeed, drainTimeoutMs: settings.drainTimeoutMs }),
    );
    log(`open loop at ${round(halfRate)} creations/s: POST /api/work-orders p50 ${round(openLoop.createMs?.p50)} ms, p99 ${round(openLoop.createMs?.p99)} ms`);
    await waitForBacklog(mongo, 30_000);
    const commandsPerCreationAtHalfLoad = perUnit(countsBetween(openBefore, await ferretCommandCounts(BENCH_PROFILE)), openLoop.completed);
    probes.push(await probeLookups(mongo, 'at the end'));
    // the driver's view checked against the records: every lifecycle it saw end has closedAt set by ticket.close
    const closedInDatabase = await mongo.db!.collection('work_orders').countDocuments({ status: 'closed', closedAt: { $exists: true } });
    const lifecyclesSeen = [platformWarmup, solo, ...platformRuns].reduce((sum, run) => sum + run.completedTotal, 0);

    // 4. SLA timer lateness, last: its clocks are left running and go with the bench data (the next run starts fresh)
    let slaTimers: SlaTimerResults | undefined;
    if (settings.slaClocks > 0) {
      const slaZeebe = createZeebeClient(connections, env);
      const sla = await phase('sla timers', () =>
        runSlaTimers(
          { client, zeebe: slaZeebe, mongo, profile: BENCH_PROFILE, log },
          {
            clocks: settings.slaClocks,
            ratePerSecond: settings.slaRatePerSecond,
            targetMinutes: settings.slaTargetMinutes,
            warningPercent: settings.slaWarningPercent,
            settleMs: settings.slaSettleMs,
            sparseClocks: settings.slaSparseClocks,
            sparseSpacingMs: settings.slaSparseSpacingMs,
            workOrdersPerPolicy: settings.slaWorkOrdersPerPolicy,
            probeEvery: settings.slaProbeEvery,
            completionTimeoutMs: 60_000,
            engineCallTimeoutMs: env.ENGINE_CALL_TIMEOUT_MS,
            worker: { maxJobsToActivate: maxJobs, longPollMs, pollIntervalMs: env.WORKER_POLL_INTERVAL_MS },
          },
        ),
      );
      await slaZeebe.close();
      slaTimers = { ...sla, cpu: SLA_WINDOWS.map(([name, window]) => sampler.between(name, ...sla.windows[window])).filter((u): u is PhaseUsage => u !== undefined) };
      const line = (t: TimerLateness): string => `p50 ${round(t.lateness?.p50, 0)} / p99 ${round(t.lateness?.p99, 0)} / max ${round(t.lateness?.max, 0)} ms, min ${round(t.lateness?.min, 0)} ms, ${t.early} early (${t.measured} of ${t.expected})`;
      log(`SLA timers with ${sla.runningAtFirstTimer} clocks running: dense ${line(sla.dense)}; sparse ${line(sla.sparse)}`);
    }
    await mongo.close();
    client.close();

    const memory = Object.fromEntries(
      ['api', 'workers', 'engine', 'database', 'bench'].map((name) => [name, { maxMiB: round(sampler.maxRss(name), 1), samples: sampler.sampleCount(name) }]),
    );
    sampler.stop();

    const baselineMedian = median(baselineRuns.map((r) => r.lifecyclesPerSecond))!;
    const platformMedian = median(platformRuns.map((r) => r.lifecyclesPerSecond))!;
    const results: BenchResults = {
      date: new Date().toISOString(),
      durationSeconds: Math.round((Date.now() - began) / 1000),
      machine: { ...machine, loadAverageAtEnd: os.loadavg().map((v) => round(v, 2)!) },
      versions: versions(),
      settings: {
        ...settings,
        workerMaxJobs: maxJobs,
        workerLongPollMs: longPollMs,
        // the SDK's own pause between a worker's activation requests; neither the platform nor the baseline sets it
        workerPollIntervalMs: env.WORKER_POLL_INTERVAL_MS,
        childLogLevel: specs.api.env.LOG_LEVEL!,
        engineHeapMb: env.ENGINE_HEAP_MB,
        profile: BENCH_PROFILE,
      },
      baseline: { jobTypes: workers.jobTypes, completedJobs: baselineJobs, warmup: baselineWarmup, runs: baselineRuns, medianLifecyclesPerSecond: baselineMedian, cpu: baselineCpu, failures: [...workers.failures] },
      platform: {
        solo,
        soloDatabaseCommandsPerLifecycle: soloCommands,
        warmup: platformWarmup,
        runs: platformRuns,
        medianLifecyclesPerSecond: platformMedian,
        cpu: platformCpu,
        calls: driver.calls.summariesWithin(platformRuns.map((r) => r.window)),
        databaseCommandsPerLifecycle: commandsPerLifecycle,
        databaseProfile: databaseProfile ? { ...databaseProfile, run: `run ${profiledRun}` } : undefined,
        check: { lifecyclesSeenClosed: lifecyclesSeen, workOrdersClosedWithClosedAt: closedInDatabase },
      },
      creation: {
        maxRuns,
        medianCreationsPerSecond: maxMedian,
        maxCpu: maxCpus,
        databaseCommandsPerCreation: commandsPerCreation,
        databaseCommandsPerCreationAtHalfLoad: commandsPerCreationAtHalfLoad,
        backlogs,
        openLoop,
      },
      memory,
      cpuPhases: cpu,
      eventLoop,
      probes,
      ...(slaTimers ? { slaTimers } : {}),
      verdicts: {
        throughputRatio: { value: round(platformMedian / baselineMedian, 3)!, target: 0.8, pass: platformMedian / baselineMedian >= 0.8 },
        creationP99AtHalfLoadMs: { value: round(openLoop.createMs?.p99, 1), target: 100, pass: (openLoop.createMs?.p99 ?? Infinity) < 100 },
        apiRssMaxMiB: { value: memory.api?.maxMiB, target: 512, pass: (memory.api?.maxMiB ?? Infinity) < 512 },
        workersRssMaxMiB: { value: memory.workers?.maxMiB, target: 512, pass: (memory.workers?.maxMiB ?? Infinity) < 512 },
        ...(slaTimers
          ? {
              slaDenseLatenessP99Ms: { ...slaVerdicts(slaTimers).dense, target: SLA_LATENESS_P99_TARGET_MS },
              slaSparseLatenessP99Ms: { ...slaVerdicts(slaTimers).sparse, target: SLA_LATENESS_P99_TARGET_MS },
            }
          : {}),
      },
    };
    const written = writeResults(results, path.join(projectRoot(), 'bench'));
    log(`wrote ${written.join(' and ')}`);
    log(
      `throughput ratio ${results.verdicts.throughputRatio.value} (platform ${round(platformMedian)} / baseline ${round(baselineMedian)} lifecycles/s), ` +
        `creation p99 at half load ${results.verdicts.creationP99AtHalfLoadMs.value} ms, RSS max api ${memory.api?.maxMiB} MiB / workers ${memory.workers?.maxMiB} MiB`,
    );
  } finally {
    await cleanUp();
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
  }
}

main().then(
  () => process.exit(0),
  (err: unknown) => {
    console.error(`[bench] failed: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}`);
    process.exit(1);
  },
);
