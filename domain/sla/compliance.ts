import type { Principal } from '../identity/principal';
import { CustomerTiers, WorkOrderTypes } from '../work-order/work-order';
import { ClockKinds, type ClockKind } from './policy';

/**
 * Auditors' SLA reports: how many clocks met their limit and how many broke it, by department,
 * work-order type, customer tier or clock kind, and how late the late ones were. Pure: the
 * service reads the clocks, this counts them.
 */

export const ComplianceGroupings = ['department', 'type', 'tier', 'kind'] as const;
export type ComplianceGrouping = (typeof ComplianceGroupings)[number];

/** The facts of a clock the reports read; a stored clock (`sla_clocks`) has all of them. */
export interface ReportedClock {
  readonly clockId: string;
  readonly workOrderId: string;
  readonly kind: ClockKind;
  /** The work-order step the clock measures (work-order.bpmn element); absent for resolution. */
  readonly stepElementId?: string;
  readonly department?: string;
  readonly type: string;
  readonly tier: string;
  readonly state: 'running' | 'paused' | 'met' | 'late' | 'cancelled';
  readonly startedAt: Date;
  readonly plan: { readonly dueAt: Date };
  readonly pauses: readonly { readonly from: Date; readonly to?: Date }[];
  readonly stoppedAt?: Date;
  readonly breachedAt?: Date;
  /** Wall-clock time past the due instant when a late clock stopped. */
  readonly latenessMs?: number;
}

/** A half-open period [from, to). */
export interface Period {
  readonly from: Date;
  readonly to: Date;
}

export interface ComplianceRow {
  /** The department, type, tier or kind; null for clocks that recorded no department. */
  readonly group: string | null;
  /** Met plus late: the clocks that stopped in the period, cancelled ones left out. */
  readonly finished: number;
  readonly met: number;
  /** Stopped after their limit (breached). */
  readonly late: number;
  /** Stopped in the period because the work order was cancelled; neither met nor late. */
  readonly cancelled: number;
  /** met / finished; null when nothing finished. */
  readonly metRate: number | null;
  /** Of the late clocks: wall-clock minutes past the due instant when they stopped; null when none was late. */
  readonly averageLatenessMinutes: number | null;
  /** Nearest-rank 90th percentile (see `percentile`). */
  readonly p90LatenessMinutes: number | null;
  readonly maxLatenessMinutes: number | null;
  /** Clocks still running (or paused) that are past their due instant at `now`, whenever they started. */
  readonly overdueNow: number;
}

export interface ComplianceReport {
  /** One row per group that has any clock to count, in the dimension's natural order. */
  readonly rows: readonly ComplianceRow[];
  /** Every clock of the report in one row (group null). */
  readonly total: ComplianceRow;
}

/**
 * The nearest-rank percentile: the smallest value such that at least `p` percent of the values
 * are less than or equal to it, i.e. the value at rank ceil(p / 100 × n) of the values sorted
 * ascending. Always one of the values (no interpolation); undefined for no values.
 * p90 of [1..10] is 9; of [5] is 5; of [1, 100] is 100.
 */
export function percentile(values: readonly number[], p: number): number | undefined {
  if (!(p > 0 && p <= 100)) throw new RangeError(`a percentile is in (0, 100], not ${p}`);
  if (values.length === 0) return undefined;
  const sorted = [...values].sort((a, b) => a - b);
  const rank = Math.ceil((p / 100) * sorted.length);
  return sorted[Math.max(1, rank) - 1];
}

const MINUTE_MS = 60_000;

/** Whether the clock stopped as met, late or cancelled within the period (by its stop instant). */
export const stoppedWithin = (clock: ReportedClock, period: Period): boolean =>
  (clock.state === 'met' || clock.state === 'late' || clock.state === 'cancelled') &&
  clock.stoppedAt !== undefined &&
  clock.stoppedAt >= period.from &&
  clock.stoppedAt < period.to;

/**
 * Whether a clock still counting is past its due instant at `now`. A running clock is when `now`
 * is after its due instant. A paused clock stands still: its plan was made with the pauses
 * before this one, so it is overdue exactly when the pause began after the due instant.
 */
export function isOverdueNow(clock: ReportedClock, now: Date): boolean {
  if (clock.state === 'running') return clock.plan.dueAt < now;
  if (clock.state === 'paused') {
    const open = clock.pauses.at(-1);
    return open !== undefined && open.to === undefined && open.from > clock.plan.dueAt;
  }
  return false;
}

/**
 * Wall-clock time past the due instant: for a late clock what was recorded when it stopped; for
 * a cancelled one until its cancellation; for one still counting, so far (a paused one until its
 * pause began). 0 for a clock within its limit.
 */
export function latenessMsAt(clock: ReportedClock, now: Date): number {
  const due = clock.plan.dueAt.getTime();
  const pastDue = (until: Date | undefined): number => (until ? Math.max(0, until.getTime() - due) : 0);
  switch (clock.state) {
    case 'late':
      return clock.latenessMs ?? pastDue(clock.stoppedAt);
    case 'met':
      return 0;
    case 'cancelled':
      return pastDue(clock.stoppedAt);
    case 'running':
      return pastDue(now);
    case 'paused': {
      const open = clock.pauses.at(-1);
      return pastDue(open && !open.to ? open.from : now);
    }
  }
}

/** The order groups are listed in: the dimension's own order, then anything unknown alphabetically, no department last. */
const NATURAL_ORDER: Record<ComplianceGrouping, readonly string[]> = {
  department: [],
  type: WorkOrderTypes,
  tier: CustomerTiers,
  kind: ClockKinds,
};

function compareGroups(grouping: ComplianceGrouping): (a: string | null, b: string | null) => number {
  const order = NATURAL_ORDER[grouping];
  const rank = (g: string | null): number => (g === null ? Number.MAX_SAFE_INTEGER : order.includes(g) ? order.indexOf(g) : order.length);
  return (a, b) => rank(a) - rank(b) || (a === b ? 0 : a === null ? 1 : b === null ? -1 : a < b ? -1 : 1);
}

export const groupOf = (clock: ReportedClock, grouping: ComplianceGrouping): string | null =>
  grouping === 'department' ? (clock.department ?? null) : clock[grouping];

function rowOf(group: string | null, finished: readonly ReportedClock[], overdue: number, now: Date): ComplianceRow {
  const met = finished.filter((c) => c.state === 'met').length;
  const lateClocks = finished.filter((c) => c.state === 'late');
  const cancelled = finished.filter((c) => c.state === 'cancelled').length;
  const lateness = lateClocks.map((c) => latenessMsAt(c, now) / MINUTE_MS);
  const counted = met + lateClocks.length;
  return {
    group,
    finished: counted,
    met,
    late: lateClocks.length,
    cancelled,
    metRate: counted === 0 ? null : met / counted,
    averageLatenessMinutes: lateness.length === 0 ? null : lateness.reduce((sum, m) => sum + m, 0) / lateness.length,
    p90LatenessMinutes: percentile(lateness, 90) ?? null,
    maxLatenessMinutes: lateness.length === 0 ? null : Math.max(...lateness),
    overdueNow: overdue,
  };
}

/**
 * The compliance report of `clocks`: per group, the clocks that stopped in the period (by their
 * stop instant; met and late counted, cancelled apart) and the clocks that are overdue now.
 * Clocks that match neither are ignored, so the caller may pass every clock it has.
 */
export function complianceReport(clocks: readonly ReportedClock[], options: { period: Period; groupBy: ComplianceGrouping; now: Date }): ComplianceReport {
  const { period, groupBy, now } = options;
  const finished = clocks.filter((c) => stoppedWithin(c, period));
  const overdue = clocks.filter((c) => isOverdueNow(c, now));
  const groups = [...new Set([...finished, ...overdue].map((c) => groupOf(c, groupBy)))].sort(compareGroups(groupBy));
  return {
    rows: groups.map((g) =>
      rowOf(
        g,
        finished.filter((c) => groupOf(c, groupBy) === g),
        overdue.filter((c) => groupOf(c, groupBy) === g).length,
        now,
      ),
    ),
    total: rowOf(null, finished, overdue.length, now),
  };
}

/**
 * The step a breach happened at. A step clock measures its own step. The resolution clock runs
 * across the whole work order: its step is the one whose own clock was counting when the
 * resolution limit passed (started by then, not stopped before); the latest started when
 * several were. Undefined when no measured step was open then (re-routing, between steps).
 * `siblings` are the other clocks of the same work order.
 */
export function stepAtBreach(clock: ReportedClock, siblings: readonly ReportedClock[]): string | undefined {
  if (clock.stepElementId) return clock.stepElementId;
  const at = clock.breachedAt;
  if (!at) return undefined;
  const open = siblings
    .filter((s) => s.clockId !== clock.clockId && s.workOrderId === clock.workOrderId && s.stepElementId && s.startedAt <= at && (!s.stoppedAt || s.stoppedAt > at))
    .sort((a, b) => b.startedAt.getTime() - a.startedAt.getTime());
  return open[0]?.stepElementId;
}

/** Which departments' clocks a principal may report on. */
export type ReportScope = { readonly all: true } | { readonly all: false; readonly departments: readonly string[] };

/**
 * Auditors and admins report on every department; a supervisor on the departments it oversees
 * (`all` for the center's supervisors). Anyone else on none: the routes admit only these roles.
 */
export function reportScopeOf(principal: Principal): ReportScope {
  if (principal.roles.includes('auditor') || principal.roles.includes('admin')) return { all: true };
  if (!principal.roles.includes('supervisor')) return { all: false, departments: [] };
  return principal.departments === 'all' ? { all: true } : { all: false, departments: principal.departments };
}

export const inScope = (scope: ReportScope, department: string | undefined): boolean =>
  scope.all || (department !== undefined && scope.departments.includes(department));

export type CsvCell = string | number | null | undefined;

/**
 * One CSV field (RFC 4180): quoted when it holds a comma, a double quote, CR or LF, with inner
 * quotes doubled. Text that a spreadsheet would run as a formula (starting with =, +, -, @, tab
 * or CR) gets a leading apostrophe first (OWASP "CSV injection"); numbers are written as they are.
 */
export function csvField(value: CsvCell): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'number') return Number.isFinite(value) ? String(value) : '';
  const text = /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/** CSV lines (RFC 4180), each ended by CRLF. */
export const csvLines = (rows: readonly (readonly CsvCell[])[]): string => rows.map((row) => `${row.map(csvField).join(',')}\r\n`).join('');

/** A CSV document (RFC 4180): the header row, then the rows. */
export const toCsv = (header: readonly string[], rows: readonly (readonly CsvCell[])[]): string => csvLines([header, ...rows]);
