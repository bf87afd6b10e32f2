import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { writeFileSync } from 'node:fs';
import type { Connection } from 'mongoose';
import { LOOPBACK, type LocalProfile } from '../config/local-profiles';
import { OpenStatuses } from '../domain/work-order/lifecycle';
import { median, round } from './stats';

const execFileAsync = promisify(execFile);

/**
 * Evidence for where the time goes: FerretDB's own request counters (how many database
 * commands one lifecycle costs) and a direct probe of how a lookup by a field that is not
 * `_id` scales with the collection (FerretDB v1's SQLite backend pushes only `{_id: value}`
 * filters down to SQLite; every other filter reads and decodes the whole collection).
 */

export type CommandCounts = Record<string, number>;

/** `ferretdb_client_requests_total` by command, from FerretDB's debug port. */
export async function ferretCommandCounts(profile: LocalProfile): Promise<CommandCounts> {
  const response = await fetch(`http://${LOOPBACK}:${profile.database.debugPort}/debug/metrics`, { signal: AbortSignal.timeout(5_000) });
  const text = await response.text();
  const counts: CommandCounts = {};
  for (const line of text.split('\n')) {
    if (!line.startsWith('ferretdb_client_requests_total{')) continue;
    const command = /command="([^"]*)"/.exec(line)?.[1] ?? 'unknown';
    const value = Number(line.slice(line.lastIndexOf(' ') + 1));
    counts[command] = (counts[command] ?? 0) + value;
  }
  return counts;
}

export function countsBetween(before: CommandCounts, after: CommandCounts): CommandCounts {
  const out: CommandCounts = {};
  for (const [command, value] of Object.entries(after)) {
    const delta = value - (before[command] ?? 0);
    if (delta > 0) out[command] = delta;
  }
  return out;
}

export function perUnit(counts: CommandCounts, units: number): CommandCounts {
  const out: CommandCounts = {};
  for (const [command, value] of Object.entries(counts)) out[command] = round(value / Math.max(1, units), 1)!;
  return out;
}

export interface LookupProbe {
  readonly label: string;
  /** Queries of each kind timed (the figures are their medians). */
  readonly repeats: number;
  readonly collections: Record<string, number>;
  /** Median ms of findOne on work_orders by `{_id}` alone: the one filter FerretDB v1 on SQLite pushes down. */
  readonly byIdMs: number;
  /** By `{_id, revision: {$gte: 0}}`: the shape of every conditional update (`_id` plus a condition), which FerretDB v1 answers by a scan. */
  readonly byIdAndConditionMs: number;
  /** By `{workOrderId}`: any other field, a scan too. */
  readonly byFieldMs: number;
  /** The department inbox's query (open steps of billing, earliest due first, up to 500). */
  readonly inboxQueryMs: number;
  /** Average stored size of a work-order document (bytes, as FerretDB reports it). */
  readonly workOrderAvgBytes: number | undefined;
  /** SQLite's plan for `{_id}` as FerretDB's explain reports it ("SCAN ..." reads the table, "SEARCH ... USING INDEX" does not). */
  readonly byIdPlan: string | undefined;
}

/**
 * Times lookups on work_orders straight on the database, newest documents first (those a
 * running lifecycle touches; FerretDB's scan reaches them last).
 */
export async function probeLookups(mongo: Connection, label: string, repeats = 9): Promise<LookupProbe> {
  const db = mongo.db!;
  const collections: Record<string, number> = {};
  for (const name of ['work_orders', 'contacts', 'idempotency_keys', 'sessions', 'document_locks', 'notification_outbox', 'sequences']) {
    collections[name] = await db.collection(name).countDocuments({});
  }
  const workOrders = db.collection<{ _id: unknown; workOrderId: string }>('work_orders');
  const sample = await workOrders.find({}, { projection: { _id: 1, workOrderId: 1 } }).sort({ createdAt: -1 }).limit(repeats).toArray();
  const timeIt = async (query: (doc: (typeof sample)[number] | undefined) => Promise<unknown>): Promise<number> => {
    const times: number[] = [];
    for (let i = 0; i < repeats; i++) {
      const t0 = performance.now();
      await query(sample[i % Math.max(1, sample.length)]);
      times.push(performance.now() - t0);
    }
    return round(median(times), 2)!;
  };
  const byIdMs = await timeIt((doc) => workOrders.findOne({ _id: doc?._id }));
  const byIdAndConditionMs = await timeIt((doc) => workOrders.findOne({ _id: doc?._id, revision: { $gte: 0 } }));
  const byFieldMs = await timeIt((doc) => workOrders.findOne({ workOrderId: doc?.workOrderId ?? '' }));
  const inboxQueryMs = await timeIt(() =>
    workOrders
      .find({ $or: [{ 'tasks.candidateGroups': { $in: ['billing'] } }], status: { $in: [...OpenStatuses] } })
      .sort({ dueAt: 1 })
      .limit(500)
      .toArray(),
  );
  let workOrderAvgBytes: number | undefined;
  try {
    const stats = (await db.command({ collStats: 'work_orders' })) as { avgObjSize?: number };
    workOrderAvgBytes = stats.avgObjSize === undefined ? undefined : Math.round(stats.avgObjSize);
  } catch {
    workOrderAvgBytes = undefined;
  }
  let byIdPlan: string | undefined;
  try {
    const explained = (await db.command({ explain: { find: 'work_orders', filter: { _id: sample[0]?._id ?? '' } } })) as { queryPlanner?: { Plan?: unknown } };
    const plan = explained.queryPlanner?.Plan;
    byIdPlan = Array.isArray(plan) ? plan.map(String).join('; ') : plan === undefined ? undefined : JSON.stringify(plan);
  } catch {
    byIdPlan = undefined;
  }
  return { label, repeats, collections, byIdMs, byIdAndConditionMs, byFieldMs, inboxQueryMs, workOrderAvgBytes, byIdPlan };
}

export interface ProfileSummary {
  readonly seconds: number;
  /** Share of FerretDB's CPU samples (%) spent in (below) each function, largest first. */
  readonly cumulativePercent: { fn: string; percent: number }[];
  readonly file: string;
}

/** A CPU profile of FerretDB (Go's pprof on its debug port) over `seconds`, saved to `file`; undefined when it fails. */
export async function profileDatabase(profile: LocalProfile, seconds: number, file: string): Promise<{ file: string; seconds: number } | undefined> {
  try {
    const response = await fetch(`http://${LOOPBACK}:${profile.database.debugPort}/debug/pprof/profile?seconds=${seconds}`, {
      signal: AbortSignal.timeout((seconds + 15) * 1000),
    });
    if (!response.ok) return undefined;
    writeFileSync(file, Buffer.from(await response.arrayBuffer()));
    return { file, seconds };
  } catch {
    return undefined;
  }
}

/**
 * The functions FerretDB spent its CPU in, by cumulative share, read with `go tool pprof` (Go is
 * on these machines: it builds FerretDB). Undefined when there is no profile or no Go.
 */
export async function summarizeProfile(taken: { file: string; seconds: number } | undefined): Promise<ProfileSummary | undefined> {
  if (!taken) return undefined;
  try {
    const { stdout } = await execFileAsync('go', ['tool', 'pprof', '-top', '-cum', '-nodecount=400', taken.file], { encoding: 'utf8', timeout: 60_000, maxBuffer: 16 * 1024 * 1024 });
    const rows: { fn: string; percent: number }[] = [];
    for (const line of stdout.split('\n')) {
      // flat flat% sum% cum cum% name
      const m = /^\s*\S+\s+\S+%\s+\S+%\s+\S+\s+([\d.]+)%\s+(.+)$/.exec(line);
      if (!m) continue;
      const fn = m[2]!.trim();
      if (!/FerretDB|encoding\/json\.\(\*Decoder\)\.Decode$|runtime\.mallocgc$|runtime\.gcBgMarkWorker$|Xsqlite3_step$/.test(fn)) continue;
      if (/clientconn\.|acceptLoop|conn\)\.(run|route)|withCloseIterator|ConsumeValues|projectionIterator|cursor\.\(\*Cursor\)/.test(fn)) continue;
      rows.push({ fn: fn.replace('github.com/FerretDB/FerretDB/internal/', ''), percent: Number(m[1]) });
    }
    return { seconds: taken.seconds, cumulativePercent: rows.slice(0, 18), file: taken.file };
  } catch {
    return undefined;
  }
}

/** A Prometheus histogram, its label sets added up: cumulative counts by upper bound (s), sum (s) and count. */
export interface Histogram {
  readonly buckets: readonly (readonly [number, number])[];
  readonly sum: number;
  readonly count: number;
}

/** The engine's own metrics, as Prometheus text from its management port (Spring actuator). */
export async function engineMetricsText(profile: LocalProfile): Promise<string> {
  const response = await fetch(`http://${LOOPBACK}:${profile.engine.managementPort}/actuator/prometheus`, { signal: AbortSignal.timeout(5_000) });
  return response.text();
}

/** The sum of every sample of `name` whose labels include `labels` (a counter across partitions, say). */
export function metricValue(text: string, name: string, labels: Record<string, string> = {}): number {
  let total = 0;
  for (const line of text.split('\n')) {
    if (!line.startsWith(`${name}{`) && !line.startsWith(`${name} `)) continue;
    if (Object.entries(labels).some(([k, v]) => !line.includes(`${k}="${v}"`))) continue;
    total += Number(line.slice(line.lastIndexOf(' ') + 1));
  }
  return total;
}

export function histogramOf(text: string, name: string): Histogram {
  const byBound = new Map<number, number>();
  for (const line of text.split('\n')) {
    if (!line.startsWith(`${name}_bucket{`)) continue;
    const le = /le="([^"]+)"/.exec(line)?.[1];
    if (le === undefined) continue;
    const bound = le === '+Inf' ? Number.POSITIVE_INFINITY : Number(le);
    byBound.set(bound, (byBound.get(bound) ?? 0) + Number(line.slice(line.lastIndexOf(' ') + 1)));
  }
  return { buckets: [...byBound.entries()].sort((a, b) => a[0] - b[0]), sum: metricValue(text, `${name}_sum`), count: metricValue(text, `${name}_count`) };
}

/** What a histogram recorded between two scrapes. */
export function histogramBetween(before: Histogram, after: Histogram): Histogram {
  const earlier = new Map(before.buckets);
  return { buckets: after.buckets.map(([bound, n]) => [bound, n - (earlier.get(bound) ?? 0)] as const), sum: after.sum - before.sum, count: after.count - before.count };
}

/** The upper bound (s) of the bucket that holds the q-quantile (0..1): the most a histogram can say about it. */
export function quantileBound(h: Histogram, q: number): number | undefined {
  if (h.count <= 0) return undefined;
  return h.buckets.find(([, n]) => n >= q * h.count)?.[0];
}
