import type { Connection } from 'mongoose';
import { LOOPBACK, type LocalProfile } from '../config/local-profiles';
import { median, round } from './stats';

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
  readonly collections: Record<string, number>;
  /** Median ms of findOne on work_orders by workOrderId (full scan on FerretDB v1 SQLite) and by _id (pushed down). */
  readonly byWorkOrderIdMs: number;
  readonly byStorageIdMs: number;
  /** Average stored size of a work-order document (bytes, as BSON). */
  readonly workOrderAvgBytes: number | undefined;
}

export async function probeLookups(mongo: Connection, label: string, repeats = 15): Promise<LookupProbe> {
  const db = mongo.db!;
  const collections: Record<string, number> = {};
  for (const name of ['work_orders', 'contacts', 'idempotency_keys', 'sessions', 'document_locks', 'notification_outbox', 'sequences']) {
    collections[name] = await db.collection(name).countDocuments({});
  }
  const workOrders = db.collection('work_orders');
  const sample = await workOrders.find({}, { projection: { _id: 1, workOrderId: 1 } }).sort({ _id: -1 }).limit(repeats).toArray();
  const timeIt = async (query: () => Promise<unknown>): Promise<number[]> => {
    const times: number[] = [];
    for (let i = 0; i < repeats; i++) {
      const t0 = performance.now();
      await query();
      times.push(performance.now() - t0);
    }
    return times;
  };
  const pick = (i: number) => sample[i % Math.max(1, sample.length)];
  let i = 0;
  const byWorkOrderId = await timeIt(() => workOrders.findOne({ workOrderId: pick(i++)?.workOrderId as string }));
  i = 0;
  const byStorageId = await timeIt(() => workOrders.findOne({ _id: pick(i++)?._id }));
  let workOrderAvgBytes: number | undefined;
  try {
    const stats = (await db.command({ collStats: 'work_orders' })) as { avgObjSize?: number };
    workOrderAvgBytes = stats.avgObjSize;
  } catch {
    workOrderAvgBytes = undefined;
  }
  return {
    label,
    collections,
    byWorkOrderIdMs: round(median(byWorkOrderId), 2)!,
    byStorageIdMs: round(median(byStorageId), 2)!,
    workOrderAvgBytes: workOrderAvgBytes === undefined ? undefined : Math.round(workOrderAvgBytes),
  };
}
