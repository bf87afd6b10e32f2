import { f, ok, table, type Bottleneck } from './markdown';
import type { PhaseUsage } from './proc';
import type { SlaTimerRun, TimerLateness } from './sla-timers';
import type { Summary } from './stats';

/** The SLA timer measurement as results.json keeps it: the run, and the CPU of each of its windows. */
export type SlaTimerResults = SlaTimerRun & { readonly cpu: readonly PhaseUsage[] };

/** The issue's target: p99 of the lateness at most this (ms), and no timer early. */
export const SLA_LATENESS_P99_TARGET_MS = 1_000;

/** The windows whose CPU is reported, in the order they happen (names of the PhaseUsage rows), and which window of the run each covers. */
export const SLA_WINDOWS = [
  ['background clocks start', 'background'],
  ['dense clocks start', 'dense'],
  ['dense warnings due', 'warnings'],
  ['dense dues due', 'dues'],
  ['sparse dues due', 'sparse'],
] as const;
type WindowName = (typeof SLA_WINDOWS)[number][0];

const PROCESSES = ['engine', 'database', 'api', 'workers', 'bench'] as const;

/** Met when every timer of the set was journaled, none fired early, every clock ran, and p99 is within the target. */
function verdictOf(s: SlaTimerResults, t: TimerLateness): { value: number | undefined; pass: boolean } {
  const p99 = t.lateness?.p99;
  const pass = p99 !== undefined && p99 <= SLA_LATENESS_P99_TARGET_MS && t.early === 0 && (t.lateness?.min ?? -1) >= 0 && t.measured === t.expected && s.runningAtFirstTimer >= s.settings.clocks;
  return { value: p99, pass };
}

export function slaVerdicts(s: SlaTimerResults): { dense: { value: number | undefined; pass: boolean }; sparse: { value: number | undefined; pass: boolean } } {
  return { dense: verdictOf(s, s.dense), sparse: verdictOf(s, s.sparse) };
}

const usageOf = (s: SlaTimerResults, window: WindowName): PhaseUsage | undefined => s.cpu.find((p) => p.phase === window);

/** Where the lateness goes, by the probes beside the clocks: the engine's part, and the rest (the platform's workers). Differences of percentiles: indicative. */
function split(t: TimerLateness, p: 'p50' | 'p99'): { engine: number | undefined; platform: number | undefined } {
  const engine = t.probe.dueToHandled?.[p];
  const all = t.lateness?.[p];
  return { engine, platform: engine === undefined || all === undefined ? undefined : all - engine };
}

/** Lateness grows over a window when its last fifth is clearly later than its first: a backlog, the rate is above what the platform keeps up with. */
function growth(s: SlaTimerResults): string | undefined {
  for (const timer of ['warning', 'due'] as const) {
    const parts = s.slices.filter((x) => x.timer === timer);
    const first = parts[0]?.lateness?.p50;
    const last = parts.at(-1)?.lateness?.p50;
    if (first !== undefined && last !== undefined && last > 2 * first && last > 500) return `dense ${timer} lateness p50 grew from ${f(first, 0)} ms in the first fifth of its window to ${f(last, 0)} ms in the last`;
  }
  return undefined;
}

const latenessLine = (name: string, t: TimerLateness): string =>
  `${name}: lateness p50 ${f(t.lateness?.p50, 0)} / p99 ${f(t.lateness?.p99, 0)} / max ${f(t.lateness?.max, 0)} ms over ${t.measured} of ${t.expected} timers, ${t.early} early, at most ${t.backlogMax} due and not yet taken at once; ` +
  `the probes beside them (engine only, no-op worker): due -> job activated p50 ${f(t.probe.dueToActivated?.p50, 0)} / p99 ${f(t.probe.dueToActivated?.p99, 0)} ms`;

const ENGINE_TIMERS =
  'Camunda 8.6 triggers due timers from a checker it runs as a scheduled task, at least 100 ms after its last run (DueDateTimerChecker, TIMER_RESOLUTION), planned for the next due instant; ' +
  'a scheduled task planned half a `scheduledTaskCheckInterval` (default 1 s) or more ahead is not given a timer of its own but waits for that interval\'s next tick (stream platform, ProcessingScheduleServiceImpl). ' +
  'Then each trigger and each job activation is a command the engine appends to its log and commits (flushed to disk) before it acts on it';

/** What kept the timers from their target, from this run's numbers; empty when it was met. */
export function slaBottlenecks(s: SlaTimerResults, nproc: number): Bottleneck[] {
  const verdicts = slaVerdicts(s);
  if (verdicts.dense.pass && verdicts.sparse.pass) return [];
  const firing = (['dense warnings due', 'dense dues due', 'sparse dues due'] as const).map((w) => usageOf(s, w)).filter((u): u is PhaseUsage => u !== undefined);
  const cores = (name: string): string => firing.map((u) => f(u.cores[name], 2)).join(' / ');
  const engineEvidence =
    `engine over the firing windows: scheduled tasks (the timer checker among them) ran on average ${f(s.engine.scheduledTaskDelayMeanMs, 0)} ms after their planned time (p99 <= ${f(s.engine.scheduledTaskDelayP99BoundMs, 0)} ms); ` +
    `log commits took on average ${f(s.engine.commitMeanMs, 0)} ms (p99 <= ${f(s.engine.commitP99BoundMs, 0)} ms); commands waited on average ${f(s.engine.commandWaitMeanMs, 0)} ms to be processed (p99 <= ${f(s.engine.commandWaitP99BoundMs, 0)} ms)`;
  const evidence = [
    latenessLine(`dense (${s.settings.ratePerSecond} due per second)`, s.dense),
    latenessLine(`sparse (one due every ${f(s.settings.sparseSpacingMs / 1000, 2)} s)`, s.sparse),
    `cores busy in the dense warnings / dense dues / sparse windows: machine ${firing.map((u) => `${f(u.machineCores, 2)} (others ${f(u.otherCores, 2)})`).join(' / ')} of ${nproc}; engine ${cores('engine')}, database ${cores('database')}, workers ${cores('workers')}`,
  ];
  const grew = growth(s);
  if (grew) evidence.push(`${grew}: a backlog, timers came due faster than they were handled`);
  if (firing.some((u) => u.machineCores >= 0.9 * nproc)) evidence.push(`the machine was CPU-saturated (at least ${f(0.9 * nproc, 1)} of ${nproc} cores busy) in a firing window`);

  if (s.dense.early + s.sparse.early > 0) {
    return [
      {
        title: 'SLA timers fired before their due instant',
        evidence,
        where: "the engine triggers a timer when its own clock passes the due instant; an early line means the engine's clock runs ahead of the workers' (ZEEBE_CLOCK_CONTROLLED with an offset left by a test), or the plan the timer waits for is not the one journaled (workers/sla-plan.worker.ts, workers/sla-clock-kit.ts `timersOf`)",
        fix: 'reset the engine clock (POST /v2/clock/reset) before measuring; check that sla.plan hands the timers the instants it journals',
      },
    ];
  }
  if (s.runningAtFirstTimer < s.settings.clocks || s.dense.measured < s.dense.expected || s.sparse.measured < s.sparse.expected) {
    return [
      {
        title: 'The platform did not keep up with the clocks',
        evidence: [...evidence, `${s.runningAtFirstTimer} of ${s.settings.clocks} clocks running at the first timer; starts refused after ${s.starts.retried} retries: ${s.starts.errors.length} (first: ${s.starts.errors[0] ?? 'none'})`],
        where: 'starting a clock is a message correlation, a process instance and an `sla.plan` job (workers/sla-plan.worker.ts: work order read, clock insert and read-back); a timer is a job of `sla.warn` / `sla.breach` (a clock read, a work-order read, a notification insert, a locked update)',
        fix: `lower BENCH_SLA_RATE (now ${s.settings.ratePerSecond}/s) to what these ${nproc} cores sustain, or give the platform more cores`,
      },
    ];
  }
  const out: Bottleneck[] = [];
  const dense = split(s.dense, 'p99');
  const engineBound = dense.engine !== undefined && dense.platform !== undefined && dense.engine >= dense.platform;
  // the dense timers past the target all at the start of a window, after the pause before it: the lone-timer case again
  const firstFifths = s.slices.filter((x) => x.part === 1);
  const rest = s.slices.filter((x) => x.part > 1);
  const lateOnlyAfterPause =
    firstFifths.some((x) => (x.lateness?.p99 ?? 0) > SLA_LATENESS_P99_TARGET_MS) && rest.every((x) => (x.lateness?.p99 ?? 0) <= SLA_LATENESS_P99_TARGET_MS);
  if (!verdicts.dense.pass && !(engineBound && lateOnlyAfterPause)) {
    out.push(
      engineBound
        ? {
            title: 'The engine fires the SLA timers of a burst late',
            evidence: [...evidence, engineEvidence],
            where: `${ENGINE_TIMERS}; in a burst the triggers and activations queue behind each other`,
            fix: 'keep the engine below saturation (more cores for it, fewer commands per timer); spread due instants that need not coincide',
          }
        : {
            title: "The platform's workers take the SLA timer jobs late",
            evidence: [...evidence, `database commands per timer: ${Object.entries(s.databaseCommandsPerTimer).map(([c, n]) => `${c} ${f(n)}`).join(', ')}`],
            where:
              "workers/worker-kit.ts `startWorkers`: each job type's SDK worker holds at most WORKER_MAX_JOBS jobs and asks the engine for more only when fewer than a third of them are still being handled, so a job waits in the engine while the worker's jobs wait on the database; " +
              'each `sla.warn` job reads the clock and the work order, inserts a notification and makes a locked update (lock insert, read, update, lock delete: adapters/mongo/document-lock.ts), `sla.breach` a read and a locked update: ' +
              'three to four writes per timer (FerretDB runs each as a SQLite transaction of its own)',
            fix: "fewer writes per timer: the notification in the clock's update (an outbox array on the clock) instead of its own insert, and a conditional update by `_id` and revision without the lock documents where the store can do it atomically (MongoDB); WORKER_MAX_JOBS higher for the SLA job types only helps while the database has capacity left",
          },
    );
  }
  if (!verdicts.sparse.pass || (!verdicts.dense.pass && engineBound && lateOnlyAfterPause)) {
    const pause = lateOnlyAfterPause
      ? [
          `the dense timers past the target are the first of each window, which follows a pause: first fifths p99 ${firstFifths.map((x) => f(x.lateness?.p99, 0)).join(' / ')} ms (max ${firstFifths.map((x) => f(x.lateness?.max, 0)).join(' / ')}), ` +
            `the other fifths p99 at most ${f(Math.max(...rest.map((x) => x.lateness?.p99 ?? 0)), 0)} ms`,
        ]
      : [];
    out.push({
      title: "A timer that falls due after a pause waits for the engine's 1-second scheduled-task tick",
      evidence: [...evidence, ...pause, engineEvidence],
      where:
        `${ENGINE_TIMERS}. While timers keep falling due the checker runs every 100 ms, its next run is always less than half a second ahead and gets a precise timer; a timer due more than half a second after the checker's last run ` +
        'waits for the next 1-s tick instead: up to a second late on top of the commits, and the timers due meanwhile queue behind it. That is the everyday case of a center whose clocks fall due seconds or minutes apart',
      fix: "set ZEEBE_BROKER_PROCESSING_SCHEDULEDTASKCHECKINTERVAL=100ms in the engine's environment (runtime/engine.ts `engineEnvironment`; production: the broker's `zeebe.broker.processing.scheduledTaskCheckInterval`), so that such a check waits at most 100 ms for its tick",
    });
  }
  return out;
}

const summaryRow = (label: string, s: Summary | undefined): (string | number)[] => [label, f(s?.count, 0), f(s?.min, 0), f(s?.p50, 0), f(s?.p90, 0), f(s?.p99, 0), f(s?.max, 0)];
const seconds = ([from, to]: readonly [number, number]): number => (to - from) / 1000;

/** Section of results.md: the lateness, the conditions it was measured in, and where the time went. */
export function slaTimerSection(s: SlaTimerResults, machine: { nproc: number; cpuModel: string }, heading: string): string[] {
  const st = s.settings;
  const w = s.windows;
  const verdicts = slaVerdicts(s);
  const lines: string[] = [heading, ''];
  lines.push(
    `${st.clocks} SLA clocks of processes/sla-clock.bpmn run at once, in real time (no clock is moved), on the bench platform: each is started by the platform's own start message \`sla-clock-started\` ` +
      '(services/clock-commands.ts `startClock`: correlation key = clock id, time to live 0), recorded and planned by `sla.plan` in the workers process, and its timers are handled and journaled by `sla.warn` / `sla.breach`. ' +
      'Every clock measures a handling step (kind `handling`, id `<work order>:handling:bench-<n>`) of a service request raised through the API and pinned at its first dispatch to a bench policy ' +
      'and to the bench calendar (every day 00:00-24:00 UTC, for region 9999 only: a working minute is a wall minute). Three groups, each on its own policy:',
    '',
    `- **background: ${st.clocks - st.dense - st.sparseClocks} clocks**, target ${st.backgroundTargetMinutes} min (warning at 50 %): timers hours away, waiting in the engine while the others fire, as most clocks of a center do at any moment. Started first.`,
    `- **dense: ${st.dense} clocks**, target ${st.targetMinutes} min, one warning at ${st.warningPercent} %: started one every ${f(1000 / st.ratePerSecond, 0)} ms (${st.ratePerSecond}/s) after the background ones, so their warning instants are spread evenly over ` +
      `${f(seconds(w.warnings), 0)} s and their due instants over the next ${f(seconds(w.dues), 0)} s: ${st.ratePerSecond} timers due per second, a burst (the first warning comes ${f((w.warnings[0] - w.dense[1]) / 1000, 0)} s after the last start; the windows do not overlap).`,
    `- **sparse: ${st.sparseClocks} clocks**, target ${st.sparseTargetMinutes} min, no warning: started during the background ones so that their due instants follow the dense ones, one every ${f(st.sparseSpacingMs / 1000, 2)} s: each timer alone, the everyday case.`,
    `- running at once: **${s.runningAtFirstTimer}** clocks in state running in sla_clocks just before the first dense warning, ${s.runningAfterLastTimer} after the last sparse due instant; first escalation levels lie a day after the due instants (never reached).`,
    `- machine: ${machine.nproc} cores (${machine.cpuModel}) for the engine, FerretDB, the API, the workers and this bench process; the CPU each window took is below.`,
    '',
    '**What "fired" means.** The engine gives out no instant at which it fired a timer (no exporter here). Lateness is `firedAt - dueAt` of each `warned` and `breached` journal line: ' +
      "`dueAt` is the instant sla.plan planned (what the BPMN timer waited for), `firedAt` the instant the sla.warn / sla.breach handler took the job the timer led to, by the platform's clock (the machine's). " +
      "It therefore includes the engine's timer firing, the job's creation, its activation by the workers' long poll, and any wait for a free slot in the worker.",
    '',
  );
  lines.push(
    table(
      ['timers', 'count', 'min ms', 'p50 ms', 'p90 ms', 'p99 ms', 'max ms'],
      [
        summaryRow(`dense, all (${st.ratePerSecond}/s)`, s.dense.lateness),
        summaryRow('dense warnings (warned)', s.dense.warning),
        summaryRow('dense dues (breached)', s.dense.due),
        summaryRow(`sparse dues (breached, one every ${f(st.sparseSpacingMs / 1000, 2)} s)`, s.sparse.lateness),
      ],
    ),
    '',
    `**Dense: p99 ${f(verdicts.dense.value, 0)} ms late** (target at most ${SLA_LATENESS_P99_TARGET_MS} ms, never early: ${ok(verdicts.dense.pass)}); min ${f(s.dense.lateness?.min, 0)} ms, ${s.dense.early} of ${s.dense.measured} early, ` +
      `${s.dense.measured} of ${s.dense.expected} timers journaled. **Sparse: p99 ${f(verdicts.sparse.value, 0)} ms** (${ok(verdicts.sparse.pass)}; of ${s.sparse.measured} timers, p99 is in effect the largest); min ${f(s.sparse.lateness?.min, 0)} ms, ${s.sparse.early} early.`,
    '',
    `At most ${s.dense.backlogMax} dense timers were due and not yet taken by a handler at one moment (${f(s.dense.backlogMax / s.settings.ratePerSecond, 1)} s worth at the due rate). ` +
      `Starts: ${s.starts.sent} sent, publish p50 ${f(s.starts.publishMs?.p50, 0)} / p99 ${f(s.starts.publishMs?.p99, 0)} ms, ${s.starts.retried} sent again after the engine refused them, ${s.starts.errors.length} never taken; ` +
      `the bench sent them at most ${f(s.starts.scheduleLagMs?.max, 0)} ms behind schedule.`,
    '',
  );
  lines.push('Dense lateness through each window (by due instant): does it grow?', '');
  lines.push(
    table(
      ['timers', 'due from .. to (s into the window)', 'count', 'p50 ms', 'p99 ms', 'max ms'],
      s.slices.map((x) => [x.timer === 'warning' ? 'warnings' : 'dues', `${f(x.fromS, 0)} .. ${f(x.toS, 0)}`, f(x.lateness?.count, 0), f(x.lateness?.p50, 0), f(x.lateness?.p99, 0), f(x.lateness?.max, 0)]),
    ),
    '',
  );
  lines.push('CPU in each window (cores in use; 1.00 = one core busy all the time):', '');
  lines.push(
    table(
      ['window', 's', ...PROCESSES, 'others (not ours)', 'machine busy'],
      SLA_WINDOWS.map(([name]) => {
        const u = usageOf(s, name);
        return [name, f(u?.seconds, 0), ...PROCESSES.map((p) => f(u?.cores[p], 2)), f(u?.otherCores, 2), f(u?.machineCores, 2)];
      }),
    ),
    '',
  );
  const probeRows = (name: string, t: TimerLateness): (string | number)[][] => [
    summaryRow(`${name}: due -> job activated (timer firing, job creation, hand-out to the long poll)`, t.probe.dueToActivated),
    summaryRow(`${name}: activated -> no-op handler (gRPC, bench event loop)`, t.probe.activatedToHandled),
    summaryRow(`${name}: due -> handler`, t.probe.dueToHandled),
  ];
  // a difference of percentiles within a few tens of ms of zero (or below it) is noise, not a share
  const added = (ms: number | undefined): string => (ms === undefined ? '-' : ms < 20 ? `nothing measurable (${f(ms, 0)} ms)` : `${f(ms, 0)} ms`);
  const shares = (name: string, t: TimerLateness): string => {
    const p50 = split(t, 'p50');
    const p99 = split(t, 'p99');
    return (
      `${name}: the probes (engine alone) were ${f(p50.engine, 0)} ms late at p50 and ${f(p99.engine, 0)} ms at p99, the clocks ${f(t.lateness?.p50, 0)} and ${f(t.lateness?.p99, 0)} ms; ` +
      `so the platform's workers (a slot in the sla.warn / sla.breach worker, its event loop, by differences of percentiles) add ${added(p50.platform)} at p50 and ${added(p99.platform)} at p99.`
    );
  };
  const firingSeconds = (w.settledAt - w.warnings[0]) / 1000;
  lines.push(
    `**Where the time goes.** A probe runs beside every ${st.probeEvery}th dense clock (at its warning and its due instant) and every sparse clock: bench/sla-timer-probe.bpmn, the same absolute timer followed by a job that a no-op worker ` +
      "in the bench process takes (polling like the platform's workers). The probe job's activation instant comes from the job itself (its deadline minus its 30 s timeout, both set by the engine), so it splits what the engine adds from what the platform adds after:",
    '',
    table(['probe (engine only)', 'count', 'min ms', 'p50 ms', 'p90 ms', 'p99 ms', 'max ms'], [...probeRows('dense', s.dense), ...probeRows('sparse', s.sparse)]),
    '',
    `- ${shares('dense', s.dense)}`,
    `- ${shares('sparse', s.sparse)}`,
    `- the engine over the firing windows: ${f(s.engine.recordsProcessed / Math.max(firingSeconds, 1e-9), 0)} records processed per second; its scheduled tasks (the timer checker among them) ran on average ${f(s.engine.scheduledTaskDelayMeanMs, 0)} ms ` +
      `after their planned time (p99 <= ${f(s.engine.scheduledTaskDelayP99BoundMs, 0)} ms, ${s.engine.scheduledTasks} runs); log commits took on average ${f(s.engine.commitMeanMs, 0)} ms (p99 <= ${f(s.engine.commitP99BoundMs, 0)} ms); ` +
      `commands waited on average ${f(s.engine.commandWaitMeanMs, 0)} ms to be processed (p99 <= ${f(s.engine.commandWaitP99BoundMs, 0)} ms) (histogram bounds: "p99 <=" is the upper edge of the bucket holding it).`,
    `- database commands per timer (FerretDB's counters over the firing windows): ${Object.entries(s.databaseCommandsPerTimer)
      .filter(([, n]) => n > 0)
      .map(([c, n]) => `${c} ${f(n)}`)
      .join(', ')}.`,
    '',
  );
  const found = slaBottlenecks(s, machine.nproc);
  for (const b of found) {
    lines.push(`**Bottleneck: ${b.title}.**`, '');
    for (const e of b.evidence) lines.push(`- evidence: ${e}`);
    lines.push(`- where: ${b.where}`, `- suggested fix: ${b.fix}`, '');
  }
  if (found.length === 0) lines.push(`The target is met in both regimes with ${s.runningAtFirstTimer} clocks running.`, '');
  return lines;
}
