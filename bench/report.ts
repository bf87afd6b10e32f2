import { writeFileSync } from 'node:fs';
import path from 'node:path';
import type { LocalProfile } from '../config/local-profiles';
import type { BaselineRun } from './baseline';
import type { CommandCounts, LookupProbe, ProfileSummary } from './evidence';
import type { MaxCreationRun, OpenLoopRun } from './latency';
import { LIFECYCLE_STEPS, type CallKind, type CallLog, type PlatformRun } from './platform';
import type { PhaseUsage } from './proc';
import { f, ok, table, type Bottleneck } from './markdown';
import { SLA_LATENESS_P99_TARGET_MS, slaBottlenecks, slaTimerSection, type SlaTimerResults } from './sla-report';
import { mean, type Summary } from './stats';

export interface Verdict {
  readonly value: number | undefined;
  readonly target: number;
  readonly pass: boolean;
}

export interface BenchResults {
  readonly date: string;
  readonly durationSeconds: number;
  readonly machine: {
    nproc: number;
    cpuModel: string;
    memTotalMiB: number | undefined;
    memAvailableMiBAtStart: number | undefined;
    kernel: string;
    loadAverageAtStart: number[];
    loadAverageAtEnd?: number[];
    busyCoresBeforeStart?: number;
  };
  readonly versions: { node: string; camunda: string; ferretdb: string; camundaSdk: string; commit: string; workingTreeDirty: boolean };
  readonly settings: Record<string, unknown> & { profile: LocalProfile };
  readonly baseline: {
    jobTypes: readonly string[];
    completedJobs: Record<string, number>;
    warmup: BaselineRun;
    runs: BaselineRun[];
    medianLifecyclesPerSecond: number;
    cpu: PhaseUsage[];
    failures: string[];
  };
  readonly platform: {
    solo: PlatformRun;
    soloDatabaseCommandsPerLifecycle: CommandCounts;
    warmup: PlatformRun;
    runs: PlatformRun[];
    medianLifecyclesPerSecond: number;
    cpu: PhaseUsage[];
    calls: ReturnType<CallLog['summaries']>;
    databaseCommandsPerLifecycle: CommandCounts[];
    databaseProfile: (ProfileSummary & { run: string }) | undefined;
    /** Lifecycles the driver saw end, against work orders the database holds closed with closedAt. */
    check: { lifecyclesSeenClosed: number; workOrdersClosedWithClosedAt: number };
  };
  readonly creation: {
    maxRuns: MaxCreationRun[];
    medianCreationsPerSecond: number;
    /** CPU in the measuring window of each maximum run. */
    maxCpu: PhaseUsage[];
    /** Database commands per creation in each maximum run, the routing and dispatch it caused included. */
    databaseCommandsPerCreation: CommandCounts[];
    /** The same in the open loop at half load (few creations at once: little lock contention). */
    databaseCommandsPerCreationAtHalfLoad: CommandCounts;
    /** How long the routing backlog of each maximum run took to drain after it. */
    backlogs: { ms: number; left: number }[];
    openLoop: OpenLoopRun;
  };
  readonly memory: Record<string, { maxMiB: number | undefined; samples: number }>;
  readonly cpuPhases: PhaseUsage[];
  readonly eventLoop: Record<string, { p99Ms: number; maxMs: number }>;
  readonly probes: LookupProbe[];
  /** SLA timer lateness (absent when BENCH_SLA_CLOCKS=0, and in results of older runs). */
  readonly slaTimers?: SlaTimerResults;
  readonly verdicts: {
    throughputRatio: Verdict;
    creationP99AtHalfLoadMs: Verdict;
    apiRssMaxMiB: Verdict;
    workersRssMaxMiB: Verdict;
    slaDenseLatenessP99Ms?: Verdict;
    slaSparseLatenessP99Ms?: Verdict;
  };
}

const PROCESSES = ['engine', 'database', 'api', 'workers', 'bench'] as const;

/** The calls in the order a lifecycle makes them. */
const CALL_ORDER: readonly CallKind[] = [
  'POST /api/contacts',
  'POST /api/work-orders',
  'GET /api/tasks (billing-h1 inbox)',
  'POST /api/work-orders/:id/accept',
  'POST /api/work-orders/:id/feedback',
  'GET /api/tasks?view=mine (agent-0101)',
  'POST /api/work-orders/:id/verify',
  'GET /api/work-orders/:id',
];

function cpuTable(phases: readonly PhaseUsage[]): string {
  return table(
    ['phase', 's', ...PROCESSES.map((p) => `${p} cores`), 'others (not ours)', 'machine busy'],
    phases.map((p) => [p.phase, f(p.seconds, 0), ...PROCESSES.map((name) => f(p.cores[name], 2)), f(p.otherCores, 2), f(p.machineCores, 2)]),
  );
}

function averageUsage(phases: readonly PhaseUsage[]): { cores: Record<string, number>; machine: number; other: number } {
  const cores: Record<string, number> = {};
  for (const name of PROCESSES) {
    const values = phases.map((p) => p.cores[name]).filter((v): v is number => v !== undefined);
    if (values.length) cores[name] = mean(values)!;
  }
  return { cores, machine: mean(phases.map((p) => p.machineCores)) ?? 0, other: mean(phases.map((p) => p.otherCores)) ?? 0 };
}

/** CPU that other work on the machine took during a measured phase (cores), if it was sampled. */
function othersIn(r: BenchResults, phase: string): number | undefined {
  return [...r.baseline.cpu, ...r.platform.cpu, ...r.creation.maxCpu, ...r.cpuPhases].find((p) => p.phase === phase)?.otherCores;
}

/** Measured phases during which other work took at least `threshold` cores. */
export function contaminated(r: BenchResults, threshold = 0.2): { phase: string; cores: number }[] {
  const slaFiring = (r.slaTimers?.cpu ?? []).filter((p) => p.phase.endsWith(' due'));
  const measured = [...r.baseline.cpu, ...r.platform.cpu, ...r.creation.maxCpu, ...r.cpuPhases.filter((p) => /open loop|one at a time/.test(p.phase)), ...slaFiring];
  return measured.filter((p) => p.otherCores >= threshold).map((p) => ({ phase: p.phase, cores: p.otherCores }));
}

/** The maximum-creation run whose rate is the median (the one its latency figures are quoted from). */
function medianMaxRun(r: BenchResults): { run: MaxCreationRun; index: number } {
  const order = r.creation.maxRuns.map((run, index) => ({ run, index })).sort((a, b) => a.run.creationsPerSecond - b.run.creationsPerSecond);
  return order[Math.floor((order.length - 1) / 2)]!;
}

function summaryCells(s: Summary | undefined): string[] {
  return [f(s?.count, 0), f(s?.p50), f(s?.p99), f(s?.max)];
}

function commandsLine(counts: CommandCounts): string {
  const total = Object.values(counts).reduce((a, b) => a + b, 0);
  return `${f(total)} (${Object.entries(counts)
    .sort((a, b) => b[1] - a[1])
    .map(([c, v]) => `${c} ${f(v)}`)
    .join(', ')})`;
}

/** What the numbers of this run say: each line computed from them, none written in advance. */
export function findings(r: BenchResults): string[] {
  const out: string[] = [];
  const nproc = r.machine.nproc;
  const platformCpu = averageUsage(r.platform.cpu);
  const baselineCpu = averageUsage(r.baseline.cpu);
  const top = Object.entries(platformCpu.cores).sort((a, b) => b[1] - a[1]);
  const ours = top.reduce((sum, [, c]) => sum + c, 0);
  const [topName, topCores] = top[0] ?? ['?', 0];
  out.push(
    `CPU during the platform runs' windows: the machine was ${f(platformCpu.machine, 2)} of ${nproc} cores busy ` +
      `(${f((platformCpu.machine / nproc) * 100, 0)} %); by process ${top.map(([n, c]) => `${n} ${f(c, 2)}`).join(', ')}; others not ours ${f(platformCpu.other, 2)}. ` +
      `The busiest is the ${topName} process with ${f((topCores / Math.max(ours, 1e-9)) * 100, 0)} % of the CPU the platform's processes used` +
      (platformCpu.machine >= 0.9 * nproc ? '; the machine is CPU-saturated.' : `; ${f(nproc - platformCpu.machine, 2)} cores stayed idle.`),
  );
  out.push(
    `CPU during the baseline runs' windows: ${f(baselineCpu.machine, 2)} of ${nproc} cores busy; engine ${f(baselineCpu.cores.engine, 2)}, ` +
      `bench process (driver and no-op workers) ${f(baselineCpu.cores.bench, 2)}.`,
  );
  const perLifecycleCpu = (usage: ReturnType<typeof averageUsage>, rate: number): string =>
    Object.entries(usage.cores)
      .sort((a, b) => b[1] - a[1])
      .map(([n, c]) => `${n} ${f((c / Math.max(rate, 1e-9)) * 1000, 0)} ms`)
      .join(', ');
  out.push(
    `CPU time per lifecycle (cores / lifecycles per second): platform ${perLifecycleCpu(platformCpu, r.platform.medianLifecyclesPerSecond)}; ` +
      `baseline ${perLifecycleCpu(baselineCpu, r.baseline.medianLifecyclesPerSecond)}.`,
  );
  const steps = r.platform.runs.map((run) => run.steps);
  const medianOf = (step: (typeof LIFECYCLE_STEPS)[number]): number | undefined => mean(steps.map((s) => s[step]?.p50).filter((v): v is number => v !== undefined));
  const total = medianOf('total');
  if (total) {
    const parts = LIFECYCLE_STEPS.filter((s) => s !== 'total')
      .map((s) => [s, medianOf(s) ?? 0] as const)
      .sort((a, b) => b[1] - a[1]);
    const apiMs = ['contact', 'create', 'accept', 'feedback', 'verify'].reduce((sum, s) => sum + (medianOf(s as (typeof LIFECYCLE_STEPS)[number]) ?? 0), 0);
    out.push(
      `Where a lifecycle's ${f(total, 0)} ms go (p50 per step, mean of the runs): ${parts.map(([s, ms]) => `${s} ${f(ms, 0)}`).join(', ')}. ` +
        `The five API calls take ${f(apiMs, 0)} ms (${f((apiMs / total) * 100, 0)} %); the rest is waiting for the engine and the workers (plus up to one poll interval, ${String(r.settings.pollIntervalMs)} ms, per wait).`,
    );
  }
  const dbPerLifecycle = r.platform.databaseCommandsPerLifecycle;
  if (dbPerLifecycle.length) {
    out.push(
      `Database commands per completed lifecycle (FerretDB's own counters, whole run incl. the driver's polls): one at a time ${commandsLine(r.platform.soloDatabaseCommandsPerLifecycle)}; ` +
        `at ${String(r.settings.platformConcurrency)} in flight ${dbPerLifecycle.map(commandsLine).join(' / ')}. ` +
        `Inserts and deletes beyond the one-at-a-time figures are document-lock attempts that found the lock taken (each a failed insert plus a stale-lock delete) and extra polls.`,
    );
  }
  const probes = r.probes;
  if (probes.length >= 2) {
    const first = probes[0]!;
    const last = probes[probes.length - 1]!;
    out.push(
      `On work_orders, findOne by \`{_id}\` alone took ${f(first.byIdMs, 2)} ms at ${first.collections.work_orders} work orders and ${f(last.byIdMs, 2)} ms at ${last.collections.work_orders}; ` +
        `with one more condition (\`{_id, revision: {$gte: 0}}\`, the filter shape of a conditional update) ${f(first.byIdAndConditionMs, 2)} and ${f(last.byIdAndConditionMs, 2)} ms; ` +
        `by another field (\`{workOrderId}\`) ${f(first.byFieldMs, 2)} and ${f(last.byFieldMs, 2)} ms; the billing inbox's query ${f(first.inboxQueryMs, 2)} and ${f(last.inboxQueryMs, 2)} ms. ` +
        `Whatever is not \`{_id}\` alone grows with the collection.`,
    );
  }
  const runs = r.platform.runs;
  if (runs.length >= 2) {
    const firstRun = runs[0]!;
    const lastRun = runs[runs.length - 1]!;
    const change = (lastRun.lifecyclesPerSecond / firstRun.lifecyclesPerSecond - 1) * 100;
    out.push(
      `Platform throughput from the first to the last run: ${f(firstRun.lifecyclesPerSecond)} -> ${f(lastRun.lifecyclesPerSecond)} lifecycles/s (${change >= 0 ? '+' : ''}${f(change, 0)} %), ` +
        `while the work orders in the database grew from ${firstRun.workOrdersAtStart ?? '?'} to ${lastRun.workOrdersAtEnd ?? '?'}` +
        ` (one at a time, at ${r.platform.solo.workOrdersAtStart ?? '?'} work orders, a lifecycle took ${f(r.platform.solo.steps.total?.p50, 0)} ms).`,
    );
  }
  const open = r.creation.openLoop;
  const { run: medMax, index: medIndex } = medianMaxRun(r);
  const medCpu = r.creation.maxCpu.find((p) => p.phase === `max creation rate ${medIndex + 1} (window)`);
  out.push(
    `Creation: max ${f(r.creation.medianCreationsPerSecond)} creations/s (median of ${r.creation.maxRuns.map((m) => f(m.creationsPerSecond)).join(', ')}; closed loop, ${medMax.concurrency} in flight, ` +
      `POST /api/work-orders p50 ${f(medMax.createMs?.p50)} / p99 ${f(medMax.createMs?.p99)} ms in the median run); ` +
      `at half of it (${f(open.targetPerSecond)}/s, open loop, ${open.arrivals} arrivals) p50 ${f(open.createMs?.p50)} / p99 ${f(open.createMs?.p99)} ms; ` +
      `the driver sent arrivals at most ${f(open.scheduleLagMs?.max)} ms late (p99 ${f(open.scheduleLagMs?.p99)}).` +
      (medCpu ? ` At the maximum the machine was ${f(medCpu.machineCores, 2)} of ${nproc} cores busy (database ${f(medCpu.cores.database, 2)}).` : ''),
  );
  const prof = r.platform.databaseProfile;
  if (prof) {
    const share = (pattern: RegExp): number | undefined => prof.cumulativePercent.find((row) => pattern.test(row.fn))?.percent;
    out.push(
      `FerretDB's CPU profile (${prof.seconds} s in platform ${prof.run}): ${f(share(/filterIterator\)\.Next$/))} % of its CPU below the filter iterator, ` +
        `${f(share(/sjson\.Unmarshal$/))} % decoding stored JSON documents (sjson.Unmarshal), ${f(share(/Xsqlite3_step$/))} % in SQLite itself; ` +
        `by command: ${(['Find', 'Update', 'Delete', 'Insert', 'FindAndModify'] as const)
          .map((c) => [c, share(new RegExp(`Msg${c}$`))] as const)
          .filter(([, v]) => v !== undefined)
          .map(([c, v]) => `${c.toLowerCase()} ${f(v)} %`)
          .join(', ')} (commands not listed: under the profile's cut-off).`,
    );
  }
  out.push(
    `Database commands per creation (contact + work order, with the routing and dispatch it causes): at the maximum ${r.creation.databaseCommandsPerCreation.map(commandsLine).join(' / ')}; ` +
      `at half load ${commandsLine(r.creation.databaseCommandsPerCreationAtHalfLoad)}.`,
  );
  return out;
}

/**
 * The bottlenecks this run's numbers point at. Each is reported only when its evidence holds
 * in this run; the code it names is where the cost comes from, read from the sources.
 */
export function bottlenecks(r: BenchResults): Bottleneck[] {
  const out: Bottleneck[] = [];
  const nproc = r.machine.nproc;
  const cpu = averageUsage(r.platform.cpu);
  const ranked = Object.entries(cpu.cores).sort((a, b) => b[1] - a[1]);
  const ours = ranked.reduce((sum, [, c]) => sum + c, 0);
  const rate = r.platform.medianLifecyclesPerSecond;
  const msPerLifecycle = (name: string): number | undefined => (cpu.cores[name] === undefined || rate <= 0 ? undefined : (cpu.cores[name] / rate) * 1000);
  const prof = r.platform.databaseProfile;
  const share = (pattern: RegExp): number | undefined => prof?.cumulativePercent.find((row) => pattern.test(row.fn))?.percent;
  const first = r.probes[0];
  const last = r.probes[r.probes.length - 1];
  const filterShare = share(/filterIterator\)\.Next$/);

  const sqliteShare = share(/Xsqlite3_step$/);
  const sortShare = share(/SortIterator$/);
  const idGrowth = first && last ? last.byIdMs / Math.max(first.byIdMs, 1e-9) : undefined;
  const databaseFirst = ranked[0]?.[0] === 'database';
  const runsLine = `platform runs: ${r.platform.runs.map((run) => `${f(run.lifecyclesPerSecond)}/s at ${run.workOrdersAtStart ?? '?'}-${run.workOrdersAtEnd ?? '?'} work orders`).join(', ')}`;
  const databaseLine =
    `the database process used ${f(cpu.cores.database, 2)} cores in the platform windows, ${f(((cpu.cores.database ?? 0) / Math.max(ours, 1e-9)) * 100, 0)} % of the CPU of all the platform's processes; ` +
    `${f(msPerLifecycle('database'), 0)} ms of database CPU per lifecycle against ${f(msPerLifecycle('engine'), 0)} ms of engine CPU`;

  if (databaseFirst && last?.byIdPlan?.includes('SCAN') && ((idGrowth ?? 0) >= 2 || (sqliteShare ?? 0) >= 20)) {
    out.push({
      title: 'Even a lookup by `_id` reads the whole table on FerretDB v1 (SQLite)',
      evidence: [
        databaseLine,
        `SQLite's plan for \`{_id}\` on work_orders (FerretDB's explain): \`${last.byIdPlan}\`, a table scan, not an index search`,
        `\`{_id}\` on work_orders took ${f(first!.byIdMs, 2)} ms at ${first!.collections.work_orders} documents and ${f(last.byIdMs, 2)} ms at ${last.collections.work_orders}`,
        ...(prof ? [`FerretDB's CPU profile: ${f(sqliteShare)} % in SQLite executing statements (\`Xsqlite3_step\`)`] : []),
        `${runsLine}: the cost of a lifecycle grows with the work orders stored`,
      ],
      where:
        'FerretDB v1.24.2 hands a filter to SQLite only when it is exactly `{_id: <value>}` (internal/backends/sqlite/collection.go `Query`), and then compares `_ferretdb_sjson->\'$._id\'` ' +
        '(metadata.IDColumn), while the unique `_id` index it creates is on `_ferretdb_sjson->"_id"` (metadata/registry.go `indexesCreate`); SQLite uses an expression index only for the identical ' +
        'expression, so every `{_id}` query, and the `UPDATE ... WHERE` / `DELETE ... WHERE` that write a document back (`UpdateAll`, `DeleteAll`), scan the table and extract `_id` from every row ' +
        '(the same class of mismatch as FerretDB issue 4646 on PostgreSQL). The platform reads and writes work orders, contacts, sessions, users and idempotency keys by `_id`; on FerretDB each ' +
        'conditional write is a lock insert, a read by `_id`, a write by `_id` and a lock delete (adapters/mongo/document-lock.ts `updateIf`), so three scans of the table per write.',
      fix:
        'runtime/ferretdb-build.ts builds FerretDB from source: patch `IDColumn` in internal/backends/sqlite/metadata/metadata.go to the index expression (`_ferretdb_sjson->"_id"`) before `go build`; ' +
        'check with `explain` that `{_id}` becomes `SEARCH ... USING INDEX`. Keep the hot collection small besides (closed work orders moved to an archive collection). In production use MongoDB.',
    });
  }

  if (databaseFirst && ((filterShare ?? 0) >= 25 || (sortShare ?? 0) >= 15)) {
    out.push({
      title: 'Queries by other fields decode every document in Go (inbox, list, reconciler)',
      evidence: [
        databaseLine,
        ...(prof ? [`FerretDB's CPU profile: ${f(filterShare)} % under the filter iterator, ${f(share(/sjson\.Unmarshal$/))} % decoding stored documents (sjson.Unmarshal), ${f(sortShare)} % under the sort iterator`] : []),
        ...(first && last
          ? [
              `on work_orders, from ${first.collections.work_orders} to ${last.collections.work_orders} documents: the billing inbox query ${f(first.inboxQueryMs, 2)} -> ${f(last.inboxQueryMs, 2)} ms, ` +
                `\`{workOrderId}\` ${f(first.byFieldMs, 2)} -> ${f(last.byFieldMs, 2)} ms, \`{_id, revision: {$gte: 0}}\` ${f(first.byIdAndConditionMs, 2)} -> ${f(last.byIdAndConditionMs, 2)} ms (against \`{_id}\` ${f(first.byIdMs, 2)} -> ${f(last.byIdMs, 2)} ms)`,
            ]
          : []),
        `the driver's own waiting reads: ${r.platform.runs.map((run) => f(run.inboxPollsPerLifecycle, 1)).join(' / ')} inbox reads and ${r.platform.runs.map((run) => f(run.workOrderGetsPerLifecycle, 1)).join(' / ')} work-order reads per lifecycle`,
      ],
      where:
        'Any filter other than `{_id}` alone reads every document of the collection, decodes it from JSON and filters (and sorts) in Go. In the platform: the inbox (adapters/mongo/work-order.repository.ts ' +
        '`findWithOpenTasks`, behind GET /api/tasks, sorted by due time), the list (`list`), the reconciler\'s `findUnboundSince` and `findOwingCommands` (every RECONCILE_INTERVAL_MS in the API process), ' +
        'and the stale-lock delete `{_id, takenAt: {$lt}}` on document_locks (small) before every retry of a taken lock.',
      fix:
        'Keep what these queries look for in small collections of their own, kept by `_id`: the open steps (one document per user-task job, written by the inbox worker and removed by the action), ' +
        'the unbound starts and the owed engine commands; move closed work orders to an archive collection so work_orders holds the open ones only.',
    });
  }

  const solo = r.platform.soloDatabaseCommandsPerLifecycle;
  const soloTotal = Object.values(solo).reduce((a, b) => a + b, 0);
  if (soloTotal >= 60) {
    const st = r.platform.solo.steps;
    out.push({
      title: `Each lifecycle costs about ${f(soloTotal, 0)} database commands`,
      evidence: [
        `one lifecycle at a time: ${commandsLine(solo)}; of these, the driver's waiting (${f(r.platform.solo.inboxPollsPerLifecycle, 1)} inbox reads and ${f(r.platform.solo.workOrderGetsPerLifecycle, 1)} work-order reads per lifecycle, ` +
          `three finds each: session, user, and the query) accounts for about ${f(3 * (r.platform.solo.inboxPollsPerLifecycle + r.platform.solo.workOrderGetsPerLifecycle), 0)} finds, ` +
          `which leaves about ${f(soloTotal - 3 * (r.platform.solo.inboxPollsPerLifecycle + r.platform.solo.workOrderGetsPerLifecycle), 0)} commands for the lifecycle's own five API calls and six jobs`,
        `API calls one at a time (p50): create ${f(st.create?.p50)} ms, accept ${f(st.accept?.p50)} ms, feedback ${f(st.feedback?.p50)} ms, verify ${f(st.verify?.p50)} ms, against contact ${f(st.contact?.p50)} ms (one insert)`,
      ],
      where:
        'On FerretDB every conditional write is four round trips: lock insert, read by `_id`, write by `_id`, lock delete (adapters/mongo/document-lock.ts `updateIf`), and every request authenticates with two reads ' +
        '(session and user, services/identity-service.ts `authenticateToken`). A step action (services/work-order-actions.ts `change()`) reads the work order, writes it, sends the engine command, drops it ' +
        '(adapters/mongo/work-order.repository.ts `dropCommand`: a read, then a second conditional write) and reads it back. Creation (services/work-order-service.ts) adds the idempotency read and insert, ' +
        'two locked counter increments, the contact read and its conditional event write, `markStartAccepted` and a read-back; the workers make one conditional write per job (route, dispatch, each step, close).',
      fix:
        'Per step action one conditional write instead of two: drop the owed command in the write that follows the engine\'s answer without the separate read, or leave acknowledged commands to the next write; ' +
        'cache sessions and users in the API process for a few seconds (a logout or a disabled user then takes that long to bite); hand out counter values in blocks. Each saved command is a table scan less on FerretDB v1 (above).',
    });
  }

  const loaded = r.platform.databaseCommandsPerLifecycle;
  const soloInserts = solo.insert ?? 0;
  const maxInserts = Math.max(...loaded.map((c) => c.insert ?? 0), 0);
  const { run: maxCreate, index: maxIndex } = medianMaxRun(r);
  const maxCpu = r.creation.maxCpu.find((p) => p.phase === `max creation rate ${maxIndex + 1} (window)`);
  const halfLoad = r.creation.databaseCommandsPerCreationAtHalfLoad;
  const maxLoad = r.creation.databaseCommandsPerCreation[maxIndex] ?? {};
  if (maxInserts - soloInserts >= 3 || (maxLoad.insert ?? 0) - (halfLoad.insert ?? 0) >= 3) {
    out.push({
      title: 'Writers queue on document locks by polling the database',
      evidence: [
        `inserts per lifecycle: ${f(soloInserts)} one at a time, ${loaded.map((c) => f(c.insert)).join(' / ')} at ${String(r.settings.platformConcurrency)} in flight; deletes ${f(solo.delete)} and ${loaded.map((c) => f(c.delete)).join(' / ')} ` +
          '(each failed lock attempt is one more insert and one more delete)',
        `per creation (contact and work order, with their routing and dispatch): ${commandsLine(halfLoad)} at half load, ${commandsLine(maxLoad)} at the maximum, ${maxCreate.concurrency} in flight (median run), ` +
          `where POST /api/work-orders took p50 ${f(maxCreate.createMs?.p50)} / p99 ${f(maxCreate.createMs?.p99)} ms`,
      ],
      where:
        'adapters/mongo/document-lock.ts `acquire()`: a waiter retries the lock insert after a random wait of up to 50 ms, and runs a stale-lock `deleteOne` (filtered on `takenAt`, so a scan of document_locks) before every retry; ' +
        'there is no queue, so a waiter can lose repeatedly and fail after 15 s ("stayed locked"). Every creation takes the same two counter documents, `sequences/contact:<day>` and `sequences/work-order:<day>` ' +
        '(adapters/mongo/sequences.ts), and the API and the workers take `work_orders/<id>` for every change of a work order.',
      fix:
        'Queue the waiters of a key inside each process (an in-process FIFO mutex in `DocumentLocks.run`, so one waiter per process polls the database), try the stale-lock delete only once a lock has been seen older than STALE_MS, ' +
        'and hand out counter values in blocks (one locked `$inc` by 50 per process, ids taken from the block in memory).',
    });
  }

  const open = r.creation.openLoop;
  if ((open.createMs?.p99 ?? 0) >= 100) {
    out.push({
      title: 'Work-order creation is slow even at half load',
      evidence: [
        `POST /api/work-orders at half the maximum (${f(open.targetPerSecond)}/s): p50 ${f(open.createMs?.p50)} ms, p99 ${f(open.createMs?.p99)} ms; one lifecycle at a time it took ${f(r.platform.solo.steps.create?.p50)} ms (p50) at ${r.platform.solo.workOrdersAtStart ?? '?'} work orders`,
        `the maximum itself is ${f(r.creation.medianCreationsPerSecond)} creations/s (median), with the database at ${f(maxCpu?.cores.database, 2)} cores and the engine at ${f(maxCpu?.cores.engine, 2)}`,
      ],
      where:
        'services/work-order-service.ts `create()` / `recordAndStart()` on the request path: idempotency lookup and insert, two locked counter increments (contact, work order), contact lookup, work-order insert, ' +
        'the contact event (locked update), the engine publish, `markStartAccepted` (locked update) and a read-back; on FerretDB v1 each of these reads and writes scans its table (bottleneck 1), and the counter locks are taken by every creation (bottleneck on document locks).',
      fix: 'The fixes above: apart from the engine publish, the creation path is database reads, locks and scans.',
    });
  }

  if (cpu.machine >= 0.9 * nproc) {
    out.push({
      title: `The ${nproc} cores are saturated`,
      evidence: [`${f(cpu.machine, 2)} of ${nproc} cores busy in the platform windows: ${ranked.map(([n, c]) => `${n} ${f(c, 2)}`).join(', ')}`],
      where: 'everything runs on one machine: engine, database, API, workers and the driver',
      fix: 'Cut the CPU per lifecycle (above); more cores alone move the limit, not the cost.',
    });
  }
  if (r.slaTimers) out.push(...slaBottlenecks(r.slaTimers, nproc));
  return out;
}

function render(r: BenchResults): string {
  const v = r.verdicts;
  const lines: string[] = [];
  lines.push(`# Closeloop benchmark (\`npm run bench\`)`, '');
  lines.push(
    `Run on ${r.date} in ${r.durationSeconds} s. Generated by bench/run.ts from the measurements of this run; the raw figures are in ` +
      `\`bench/results.json\`. Run it again with \`npm run bench\` (settings: BENCH_* variables, see bench/run.ts).`,
    '',
  );
  lines.push('## Verdict', '');
  lines.push(
    table(
      ['figure', 'measured', 'target', 'met'],
      [
        [
          'platform / baseline throughput (medians of 3 runs)',
          `${f(v.throughputRatio.value, 3)} (${f(r.platform.medianLifecyclesPerSecond)} / ${f(r.baseline.medianLifecyclesPerSecond)} lifecycles/s)`,
          '>= 0.8',
          ok(v.throughputRatio.pass),
        ],
        ['POST /api/work-orders p99 at half the maximum creation rate', `${f(v.creationP99AtHalfLoadMs.value)} ms`, '< 100 ms', ok(v.creationP99AtHalfLoadMs.pass)],
        ['API process RSS, max', `${f(v.apiRssMaxMiB.value)} MiB`, '< 512 MiB', ok(v.apiRssMaxMiB.pass)],
        ['workers process RSS, max', `${f(v.workersRssMaxMiB.value)} MiB`, '< 512 MiB', ok(v.workersRssMaxMiB.pass)],
        ...(r.slaTimers && v.slaDenseLatenessP99Ms && v.slaSparseLatenessP99Ms
          ? [
              [
                `SLA timer lateness p99 with ${r.slaTimers.runningAtFirstTimer} clocks running, ${r.slaTimers.dense.measured} timers due ${r.slaTimers.settings.ratePerSecond}/s (section 5)`,
                `${f(v.slaDenseLatenessP99Ms.value, 0)} ms (min ${f(r.slaTimers.dense.lateness?.min, 0)} ms, ${r.slaTimers.dense.early} early)`,
                `<= ${SLA_LATENESS_P99_TARGET_MS} ms, never early`,
                ok(v.slaDenseLatenessP99Ms.pass),
              ],
              [
                `SLA timer lateness p99, ${r.slaTimers.sparse.measured} timers due one every ${f(r.slaTimers.settings.sparseSpacingMs / 1000, 2)} s (section 5)`,
                `${f(v.slaSparseLatenessP99Ms.value, 0)} ms (min ${f(r.slaTimers.sparse.lateness?.min, 0)} ms, ${r.slaTimers.sparse.early} early)`,
                `<= ${SLA_LATENESS_P99_TARGET_MS} ms, never early`,
                ok(v.slaSparseLatenessP99Ms.pass),
              ],
            ]
          : []),
      ],
    ),
    '',
  );

  const shared = contaminated(r);
  lines.push(
    shared.length === 0
      ? 'The machine was otherwise quiet: no measured phase shared it with more than 0.2 cores of other work.'
      : `**Shared machine:** other work (not the bench's processes) took CPU during ${shared.map((s) => `${s.phase} (${f(s.cores, 2)} cores)`).join(', ')}; ` +
          'those figures are lower (throughput) or higher (latency) than on a quiet machine.',
    '',
  );
  lines.push('## Machine, versions, settings', '');
  const m = r.machine;
  lines.push(
    `- machine: \`nproc\` = ${m.nproc}, ${m.cpuModel}, MemTotal ${m.memTotalMiB} MiB (MemAvailable ${m.memAvailableMiBAtStart} MiB at start), ${m.kernel}; ` +
      `load average ${m.loadAverageAtStart.join(' / ')} at start, ${m.loadAverageAtEnd?.join(' / ') ?? '?'} at end; ${f(m.busyCoresBeforeStart, 2)} cores busy in the 3 s before the bench started`,
    `- versions: Node ${r.versions.node}, Camunda ${r.versions.camunda} (standalone broker, embedded gateway), FerretDB ${r.versions.ferretdb} (SQLite backend), ` +
      `@camunda8/sdk ${r.versions.camundaSdk}, commit ${r.versions.commit}${r.versions.workingTreeDirty ? ' (working tree with uncommitted changes)' : ''}`,
    `- profile \`bench\`: engine gRPC ${r.settings.profile.engine.grpcPort}, REST ${r.settings.profile.engine.restPort}, management ${r.settings.profile.engine.managementPort}; ` +
      `FerretDB ${r.settings.profile.database.port} (debug ${r.settings.profile.database.debugPort}), database ${r.settings.profile.database.name}; API ${String(r.settings.apiPort)}; fresh data`,
    `- settings: ${Object.entries(r.settings)
      .filter(([k]) => k !== 'profile')
      .map(([k, val]) => `${k}=${String(val)}`)
      .join(', ')}`,
    `- API and workers: \`node dist/api/server.js\` and \`node dist/workers/main.js\`, NODE_ENV=production, LOG_LEVEL=${String(r.settings.childLogLevel)}, ` +
      `WORKER_MAX_JOBS=${String(r.settings.workerMaxJobs)}, WORKER_LONG_POLL_MS=${String(r.settings.workerLongPollMs)}; the baseline's no-op workers use the same two settings, ` +
      `and both pause ${String(r.settings.workerPollIntervalMs)} ms between activation requests (WORKER_POLL_INTERVAL_MS)`,
    '',
  );

  lines.push('## 1. Baseline: work-order.bpmn on the bare engine', '');
  lines.push(
    `No-op SDK workers in the bench process for ${r.baseline.jobTypes.map((t) => `\`${t}\``).join(', ')}; user tasks completed at once with the straight path's variables. ` +
      `Each instance starts with \`ticket-created\` (TTL 0, unique correlation key); it counts when the no-op \`ticket.close\` worker completed Activity_Close's job. ` +
      `Closed loop, ${String(r.settings.baselineConcurrency)} in flight; each run's first ${Number(r.settings.runWarmupMs) / 1000} s are not measured.`,
    '',
  );
  lines.push(
    table(
      ['run', 'lifecycles/s', 'completed in window', 'lifecycle p50 ms', 'lifecycle p99 ms', 'publish ticket-created p50 ms', 'engine cores', 'other work on the machine (cores)', 'errors'],
      [r.baseline.warmup, ...r.baseline.runs].map((run) => [
        run.label,
        f(run.lifecyclesPerSecond),
        run.completedInWindow,
        f(run.lifecycleMs?.p50),
        f(run.lifecycleMs?.p99),
        f(run.publishMs?.p50),
        f(r.baseline.cpu.find((p) => p.phase === `baseline ${run.label} (window)`)?.cores.engine ?? r.cpuPhases.find((p) => p.phase === `baseline ${run.label}`)?.cores.engine, 2),
        f(othersIn(r, `baseline ${run.label} (window)`) ?? othersIn(r, `baseline ${run.label}`), 2),
        run.errors.length,
      ]),
    ),
    '',
    `**Median: ${f(r.baseline.medianLifecyclesPerSecond)} lifecycles/s** (runs: ${r.baseline.runs.map((x) => f(x.lifecyclesPerSecond)).join(', ')}; the warm-up run is not counted). ` +
      `Jobs completed per type: ${Object.entries(r.baseline.completedJobs)
        .map(([t, n]) => `${t} ${n}`)
        .join(', ')}${r.baseline.failures.length ? `; failures: ${r.baseline.failures.slice(0, 3).join(' | ')}` : ''}.`,
    '',
  );

  lines.push('## 2. Platform: full lifecycles over HTTP', '');
  lines.push(
    `agent-0101 records a contact and raises a work order (Idempotency-Key); billing-h1 accepts it once Activity_Accept is in the billing inbox, writes feedback once Activity_Handle is; ` +
      `agent-0101 verifies (satisfied) once Activity_Verify is in her inbox; the lifecycle ends when GET shows it closed with the \`archived\` line that ticket.close writes with closedAt. ` +
      (r.settings.waitVia === 'inbox'
        ? `Inboxes are polled every ${String(r.settings.pollIntervalMs)} ms by one poller per inbox (one request serves every work order in flight); the final GET per work order every ${String(r.settings.pollIntervalMs)} ms. `
        : `The driver sees a step open by reading the work order (GET /api/work-orders/:id, as its owner agent-0101, who sees it at every status), first after 3/4 of the time that wait has taken lately, then every ${String(r.settings.pollIntervalMs)} ms ` +
          '(polling the inboxes instead, BENCH_WAIT_VIA=inbox, costs a read and sort of the whole work_orders collection per poll on FerretDB v1). ') +
      `Closed loop, ${String(r.settings.platformConcurrency)} in flight.`,
    '',
  );
  lines.push(
    table(
      ['run', 'in flight', 'work orders in the database (start -> end)', 'lifecycles/s', 'completed in window', 'lifecycle p50 ms', 'lifecycle p99 ms', 'reads to wait / lifecycle', 'database cores', 'other work on the machine (cores)', 'errors'],
      [r.platform.solo, r.platform.warmup, ...r.platform.runs].map((run) => [
        run.label,
        run.concurrency,
        `${run.workOrdersAtStart ?? '?'} -> ${run.workOrdersAtEnd ?? '?'}`,
        f(run.lifecyclesPerSecond),
        run.completedInWindow,
        f(run.steps.total?.p50),
        f(run.steps.total?.p99),
        f(run.inboxPollsPerLifecycle + run.workOrderGetsPerLifecycle, 1),
        f(
          (r.platform.cpu.find((p) => p.phase === `platform ${run.label} (window)`) ?? r.cpuPhases.find((p) => p.phase === (run.label === 'one at a time' ? 'platform, one at a time' : `platform ${run.label}`)))?.cores
            .database,
          2,
        ),
        f(othersIn(r, `platform ${run.label} (window)`) ?? othersIn(r, run.label === 'one at a time' ? 'platform, one at a time' : `platform ${run.label}`), 2),
        run.errors.length,
      ]),
    ),
    '',
    `**Median: ${f(r.platform.medianLifecyclesPerSecond)} lifecycles/s** (runs: ${r.platform.runs.map((x) => f(x.lifecyclesPerSecond)).join(', ')}). ` +
      `**Ratio platform / baseline: ${f(r.verdicts.throughputRatio.value, 3)}** (target >= 0.8).`,
    '',
  );
  const check = r.platform.check;
  lines.push(
    `Check against the records: the driver saw ${check.lifecyclesSeenClosed} lifecycles end (warm-up, one at a time and the runs); the database holds ${check.workOrdersClosedWithClosedAt} work orders closed with closedAt` +
      (check.lifecyclesSeenClosed === check.workOrdersClosedWithClosedAt ? ' (they agree).' : ' (**they differ**).'),
    '',
  );
  const errs = [...r.platform.warmup.errors, ...r.platform.runs.flatMap((x) => x.errors)];
  if (errs.length) lines.push(`Errors seen: ${errs.slice(0, 5).join(' | ')}`, '');

  lines.push('### Per-step latency of a lifecycle (ms, lifecycles that ended in the window)', '');
  lines.push(
    table(
      ['step', 'one at a time p50', ...r.platform.runs.flatMap((run) => [`${run.label} p50`, `${run.label} p99`])],
      LIFECYCLE_STEPS.map((step) => [step, f(r.platform.solo.steps[step]?.p50), ...r.platform.runs.flatMap((run) => [f(run.steps[step]?.p50), f(run.steps[step]?.p99)])]),
    ),
    '',
    '`contact`, `create`, `accept`, `feedback`, `verify`: the API call; `wait*`: from the previous answer until the step appeared (engine, workers, database, and the poll interval).',
    '',
  );

  lines.push('## 3. API latency', '');
  lines.push('### During the platform runs (measuring windows of all runs)', '');
  lines.push(
    table(
      ['call', 'count', 'p50 ms', 'p99 ms', 'max ms', 'errors'],
      CALL_ORDER.filter((kind) => r.platform.calls[kind]).map((kind) => {
        const s = r.platform.calls[kind];
        return [kind, ...summaryCells(s), s?.errors ?? 0];
      }),
    ),
    '',
  );
  const open = r.creation.openLoop;
  const firstMax = r.creation.maxRuns[0];
  lines.push('With fewer than 100 calls of a kind, its p99 is in effect the largest value seen.', '');
  lines.push('### Work-order creation at the maximum and at half of it', '');
  lines.push(
    `A creation is what an agent does to raise a work order: POST /api/contacts, then POST /api/work-orders from that contact (with an Idempotency-Key). ` +
      `Maximum: closed loop with ${firstMax?.concurrency ?? '?'} in flight, ${r.creation.maxRuns.length} runs of ${firstMax?.measureSeconds ?? '?'} s (after ${Number(r.settings.createWarmupMs) / 1000} s unmeasured each); ` +
      `after each run the bench waits until the workers have routed and dispatched what it created (${r.creation.backlogs.map((b) => `${f(b.ms / 1000)} s`).join(', ')}). ` +
      `Half load: open loop, Poisson arrivals at half the median maximum for ${open.seconds} s (seed ${open.seed}), each arrival sent whether or not earlier ones were answered.`,
    '',
  );
  lines.push(
    table(
      ['load', 'creations/s', 'POST /api/work-orders p50', 'p99', 'max', 'POST /api/contacts p50', 'p99', 'database cores', 'other work (cores)', 'errors'],
      [
        ...r.creation.maxRuns.map((m, i) => {
          const usage = r.creation.maxCpu.find((p) => p.phase === `max creation rate ${i + 1} (window)`);
          return [
            `max, ${m.label} (closed loop, ${m.concurrency} in flight)`,
            f(m.creationsPerSecond),
            f(m.createMs?.p50),
            f(m.createMs?.p99),
            f(m.createMs?.max),
            f(m.contactMs?.p50),
            f(m.contactMs?.p99),
            f(usage?.cores.database, 2),
            f(usage?.otherCores, 2),
            m.errors.length,
          ];
        }),
        [
          `half (open loop, target ${f(open.targetPerSecond)}/s)`,
          f(open.achievedPerSecond),
          f(open.createMs?.p50),
          `**${f(open.createMs?.p99)}**`,
          f(open.createMs?.max),
          f(open.contactMs?.p50),
          f(open.contactMs?.p99),
          f(r.cpuPhases.find((p) => p.phase === 'open loop at half load')?.cores.database, 2),
          f(othersIn(r, 'open loop at half load'), 2),
          open.errors.length,
        ],
      ],
    ),
    '',
    `**Median maximum: ${f(r.creation.medianCreationsPerSecond)} creations/s** (runs: ${r.creation.maxRuns.map((m) => f(m.creationsPerSecond)).join(', ')}).`,
    '',
    `Open loop: ${open.arrivals} arrivals, ${open.completed} answered, at most ${open.maxInFlight} creations in flight at once; contact + work order from the scheduled arrival p50 ${f(open.creationFromScheduleMs?.p50)} / p99 ${f(open.creationFromScheduleMs?.p99)} ms; ` +
      `the driver's lateness against the schedule p99 ${f(open.scheduleLagMs?.p99)} ms, max ${f(open.scheduleLagMs?.max)} ms.`,
    '',
  );

  lines.push('## 4. Memory (VmRSS, sampled every 0.5 s over the whole bench)', '');
  lines.push(
    table(
      ['process', 'max RSS MiB', 'samples', 'target'],
      Object.entries(r.memory).map(([name, mem]) => [name, f(mem.maxMiB), mem.samples, name === 'api' || name === 'workers' ? '< 512 MiB' : '']),
    ),
    '',
  );

  if (r.slaTimers) lines.push(...slaTimerSection(r.slaTimers, r.machine, '## 5. SLA timer lateness'));

  lines.push(`## ${r.slaTimers ? 6 : 5}. Where the time goes`, '');
  const found = bottlenecks(r);
  lines.push('### Bottlenecks', '');
  if (found.length === 0) lines.push('None of the checks found a bottleneck in this run.', '');
  for (const [i, b] of found.entries()) {
    lines.push(`**${i + 1}. ${b.title}.**`, '');
    for (const e of b.evidence) lines.push(`- evidence: ${e}`);
    lines.push(`- where: ${b.where}`, `- suggested fix: ${b.fix}`, '');
  }
  lines.push('### Findings of this run', '');
  for (const line of findings(r)) lines.push(`- ${line}`);
  lines.push('');
  lines.push('### CPU by process (cores in use; 1.00 = one core busy all the time)', '');
  lines.push(cpuTable([...r.baseline.cpu, ...r.platform.cpu, ...r.creation.maxCpu, ...r.cpuPhases.filter((p) => /warm-up|backlog|open loop/.test(p.phase))]), '');
  lines.push(
    '"others (not ours)": CPU the machine spent outside the engine, the database, the API, the workers and the bench process (other work on the machine during the run). ' +
      'Rows "(window)" cover the measuring windows only.',
    '',
  );
  lines.push('### Database lookups as the collections grow', '');
  lines.push(
    table(
      ['when', 'work_orders', 'contacts', 'avg work order bytes', '`{_id}` ms', '`{_id, revision: {$gte: 0}}` ms', '`{workOrderId}` ms', 'billing inbox query ms'],
      r.probes.map((p) => [
        p.label,
        p.collections.work_orders ?? '-',
        p.collections.contacts ?? '-',
        p.workOrderAvgBytes ?? '-',
        f(p.byIdMs, 2),
        f(p.byIdAndConditionMs, 2),
        f(p.byFieldMs, 2),
        f(p.inboxQueryMs, 2),
      ]),
    ),
    '',
    `Median of ${r.probes[0]?.repeats ?? '?'} queries each, from the bench process straight on the database between runs (nothing else running), on the newest work orders (those a running lifecycle touches; a scan reaches them last). ` +
      '`{_id, revision: {$gte: 0}}` has the shape of every conditional update of a work order; the inbox query is the one `GET /api/tasks` makes for billing. ' +
      `SQLite's plan for \`{_id}\` at the end: \`${r.probes[r.probes.length - 1]?.byIdPlan ?? 'not reported'}\`.`,
    '',
  );
  const prof = r.platform.databaseProfile;
  lines.push('### FerretDB CPU profile', '');
  if (prof) {
    lines.push(
      `${prof.seconds} s of Go's CPU profiler on FerretDB during platform ${prof.run} (file \`${path.relative(path.resolve(__dirname, '../..'), prof.file)}\`, \`go tool pprof -top -cum\` reads it). ` +
        'Share of its CPU spent in (or below) each function:',
      '',
      table(
        ['function', 'cum %'],
        prof.cumulativePercent.map((row) => [`\`${row.fn}\``, f(row.percent)]),
      ),
      '',
    );
  } else {
    lines.push('Not taken (BENCH_PROFILE_DB_S=0, or `go tool pprof` was not available).', '');
  }
  lines.push('### Event-loop delay of the bench process (driver and baseline workers)', '');
  lines.push(
    table(
      ['phase', 'p99 ms', 'max ms'],
      Object.entries(r.eventLoop).map(([p, d]) => [p, f(d.p99Ms), f(d.maxMs)]),
    ),
    '',
  );
  return `${lines.join('\n')}\n`;
}

/** Writes results.json and results.md into `dir`; returns their paths. */
export function writeResults(results: BenchResults, dir: string, analysis = ''): string[] {
  const json = path.join(dir, 'results.json');
  const md = path.join(dir, 'results.md');
  writeFileSync(json, `${JSON.stringify(results, null, 2)}\n`);
  writeFileSync(md, render(results) + analysis);
  return [json, md];
}
