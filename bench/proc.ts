import { readdirSync, readFileSync } from 'node:fs';

/**
 * CPU and memory of the benchmark's processes, from Linux /proc: sampled on a timer during the
 * runs, then cut into phases. CPU is summed over each process and its descendants (the engine's
 * start script runs the JVM as its child), resident memory (VmRSS) likewise.
 */

/** Clock ticks per second of /proc/<pid>/stat's utime and stime: 100 on every Linux we run on. */
const CLK_TCK = 100;

export interface WatchedProcess {
  readonly name: string;
  readonly pid: number;
}

interface Sample {
  readonly at: number;
  /** Per process name: CPU seconds used since it started (itself and its descendants), and RSS in MiB. */
  readonly processes: Record<string, { cpuSeconds: number; rssMiB: number } | undefined>;
  /** Whole machine: busy and total jiffies of /proc/stat's first line. */
  readonly machine: { busy: number; total: number };
}

export interface PhaseUsage {
  readonly phase: string;
  readonly seconds: number;
  /** Average cores used during the phase per process (1.0 = one core fully busy). */
  readonly cores: Record<string, number>;
  /** Cores used by the whole machine, and by what is none of the watched processes (other users' work). */
  readonly machineCores: number;
  readonly otherCores: number;
  /** Highest resident memory seen during the phase per process (MiB). */
  readonly maxRssMiB: Record<string, number>;
}

function readStat(pid: number): { ppid: number; ticks: number } | undefined {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // the command name (field 2) may contain spaces: fields after its closing parenthesis
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    // after the name: state(3) ppid(4) ... utime(14) stime(15), i.e. indexes 1, 11 and 12 here
    return { ppid: Number(fields[1]), ticks: Number(fields[11]) + Number(fields[12]) };
  } catch {
    return undefined;
  }
}

/** Resident memory of one process (MiB), from /proc/<pid>/status. */
export function rssMiB(pid: number): number | undefined {
  try {
    const match = /^VmRSS:\s+(\d+) kB/m.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return match ? Number(match[1]) / 1024 : undefined;
  } catch {
    return undefined;
  }
}

/** CPU seconds one process has used so far (itself, not its children). */
export function cpuSecondsOf(pid: number): number | undefined {
  const stat = readStat(pid);
  return stat && stat.ticks / CLK_TCK;
}

/** Every live pid with its parent, read once per sample. */
function processTable(): Map<number, number> {
  const table = new Map<number, number>();
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    const stat = readStat(Number(entry));
    if (stat) table.set(Number(entry), stat.ppid);
  }
  return table;
}

/** `root` and its descendants, leaving out the subtrees of `others` (watched on their own). */
function treeOf(root: number, table: Map<number, number>, others: ReadonlySet<number>): number[] {
  const tree = [root];
  for (let i = 0; i < tree.length; i++) {
    for (const [pid, ppid] of table) if (ppid === tree[i] && !others.has(pid) && !tree.includes(pid)) tree.push(pid);
  }
  return tree;
}

function machineJiffies(): { busy: number; total: number } {
  const line = readFileSync('/proc/stat', 'utf8').split('\n')[0]!;
  const values = line.trim().split(/\s+/).slice(1).map(Number);
  // user nice system idle iowait irq softirq steal (guest is counted in user already)
  const [user = 0, nice = 0, system = 0, idle = 0, iowait = 0, irq = 0, softirq = 0, steal = 0] = values;
  const busy = user + nice + system + irq + softirq + steal;
  return { busy, total: busy + idle + iowait };
}

export class ProcessSampler {
  private readonly watched = new Map<string, number>();
  private readonly samples: Sample[] = [];
  private readonly marks: { phase: string; from: number; to?: number }[] = [];
  private timer: NodeJS.Timeout | undefined;

  constructor(private readonly intervalMs = 500) {}

  watch(process: WatchedProcess): void {
    this.watched.set(process.name, process.pid);
  }

  unwatch(name: string): void {
    this.watched.delete(name);
  }

  start(): void {
    this.sample();
    this.timer = setInterval(() => this.sample(), this.intervalMs);
    this.timer.unref();
  }

  stop(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = undefined;
  }

  /** Takes a sample now (phase boundaries take one, so short phases are measured too). */
  sample(): void {
    const table = processTable();
    const processes: Sample['processes'] = {};
    // the bench process starts the others: its own tree must not count theirs again
    const roots = new Set(this.watched.values());
    for (const [name, pid] of this.watched) {
      if (!table.has(pid)) {
        processes[name] = undefined;
        continue;
      }
      let ticks = 0;
      let rss = 0;
      const others = new Set([...roots].filter((p) => p !== pid));
      for (const member of treeOf(pid, table, others)) {
        ticks += readStat(member)?.ticks ?? 0;
        rss += rssMiB(member) ?? 0;
      }
      processes[name] = { cpuSeconds: ticks / CLK_TCK, rssMiB: rss };
    }
    this.samples.push({ at: Date.now(), processes, machine: machineJiffies() });
  }

  begin(phase: string): void {
    this.sample();
    this.marks.push({ phase, from: Date.now() });
  }

  end(phase: string): PhaseUsage | undefined {
    this.sample();
    const mark = [...this.marks].reverse().find((m) => m.phase === phase && m.to === undefined);
    if (!mark) return undefined;
    mark.to = Date.now();
    return this.usage(phase, mark.from, mark.to);
  }

  /** Highest resident memory of `name` over the whole run (MiB). */
  maxRss(name: string): number | undefined {
    const seen = this.samples.map((s) => s.processes[name]?.rssMiB).filter((v): v is number => v !== undefined);
    return seen.length ? Math.max(...seen) : undefined;
  }

  /** Number of samples in which `name` was seen (how well its memory maximum is covered). */
  sampleCount(name: string): number {
    return this.samples.filter((s) => s.processes[name] !== undefined).length;
  }

  /** CPU and memory between two instants (epoch ms), from the samples taken within them. */
  between(phase: string, from: number, to: number): PhaseUsage | undefined {
    return this.samples.filter((s) => s.at >= from && s.at <= to).length >= 2 ? this.usage(phase, from, to) : undefined;
  }

  private usage(phase: string, from: number, to: number): PhaseUsage {
    const inside = this.samples.filter((s) => s.at >= from && s.at <= to);
    const first = inside[0]!;
    const last = inside[inside.length - 1]!;
    const seconds = (last.at - first.at) / 1000;
    const cores: Record<string, number> = {};
    const maxRssMiB: Record<string, number> = {};
    let watchedCores = 0;
    for (const name of new Set(inside.flatMap((s) => Object.keys(s.processes)))) {
      const a = first.processes[name];
      const b = last.processes[name];
      if (a && b && seconds > 0) {
        cores[name] = (b.cpuSeconds - a.cpuSeconds) / seconds;
        watchedCores += cores[name];
      }
      const rss = inside.map((s) => s.processes[name]?.rssMiB).filter((v): v is number => v !== undefined);
      if (rss.length) maxRssMiB[name] = Math.max(...rss);
    }
    const busy = last.machine.busy - first.machine.busy;
    const total = last.machine.total - first.machine.total;
    // jiffies of all CPUs together: busy share times the number of CPUs is cores in use
    const cpus = machineCpuCount();
    const machineCores = total > 0 ? (busy / total) * cpus : 0;
    return { phase, seconds, cores, machineCores, otherCores: Math.max(0, machineCores - watchedCores), maxRssMiB };
  }
}

let cpuCount: number | undefined;
function machineCpuCount(): number {
  cpuCount ??= readFileSync('/proc/stat', 'utf8')
    .split('\n')
    .filter((l) => /^cpu\d+ /.test(l)).length;
  return cpuCount;
}

/** Cores the whole machine keeps busy over `ms` (before the bench starts: is anything else running?). */
export async function machineBusyCores(ms: number): Promise<number> {
  const a = machineJiffies();
  await new Promise((resolve) => setTimeout(resolve, ms));
  const b = machineJiffies();
  const total = b.total - a.total;
  return total > 0 ? ((b.busy - a.busy) / total) * machineCpuCount() : 0;
}
