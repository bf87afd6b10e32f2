import { DateTime } from 'luxon';

/** The center-day an instant falls on, and where that day lies as instants. */
export interface CenterDay {
  /** yyyy-mm-dd in the center's time zone. */
  readonly day: string;
  readonly start: Date;
  readonly end: Date;
}

export function centerDay(instant: Date, timeZone: string): CenterDay {
  const local = DateTime.fromJSDate(instant, { zone: timeZone }).startOf('day');
  return { day: local.toISODate()!, start: local.toJSDate(), end: local.plus({ days: 1 }).toJSDate() };
}

/** When the digest of the center-day holding `instant` is due: `hour`:00 wall-clock time that day. */
export function digestDueAt(instant: Date, timeZone: string, hour: number): Date {
  return DateTime.fromJSDate(instant, { zone: timeZone }).startOf('day').set({ hour }).toJSDate();
}

/** An instant as the center reads it: `yyyy-MM-dd HH:mm` in its time zone. */
export function formatCenterTime(instant: Date, timeZone: string): string {
  return DateTime.fromJSDate(instant, { zone: timeZone }).toFormat('yyyy-MM-dd HH:mm');
}

export interface OpenWorkOrderFacts {
  readonly workOrderId: string;
  readonly dueAt?: Date | undefined;
  readonly escalated: boolean;
}

export interface DigestCounts {
  readonly open: number;
  /** Past due at `now`. */
  readonly overdue: number;
  /** Due later on the same center-day, not yet overdue. */
  readonly dueToday: number;
  readonly escalated: number;
  /** Overdue ones, earliest due first, at most `listed`. */
  readonly overdueItems: readonly { workOrderId: string; dueAt: Date }[];
}

/** The numbers of a department's digest, from its open work orders. */
export function digestCounts(open: readonly OpenWorkOrderFacts[], now: Date, day: CenterDay, listed = 10): DigestCounts {
  const overdue = open.filter((w) => w.dueAt !== undefined && w.dueAt < now).sort((a, b) => a.dueAt!.getTime() - b.dueAt!.getTime());
  return {
    open: open.length,
    overdue: overdue.length,
    dueToday: open.filter((w) => w.dueAt !== undefined && w.dueAt >= now && w.dueAt < day.end).length,
    escalated: open.filter((w) => w.escalated).length,
    overdueItems: overdue.slice(0, listed).map((w) => ({ workOrderId: w.workOrderId, dueAt: w.dueAt! })),
  };
}
