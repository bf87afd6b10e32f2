import type { Principal } from '../../domain/identity/principal';
import {
  complianceReport,
  csvField,
  inScope,
  isOverdueNow,
  latenessMsAt,
  percentile,
  reportScopeOf,
  stepAtBreach,
  toCsv,
  type ReportedClock,
} from '../../domain/sla/compliance';

const at = (iso: string): Date => new Date(iso);
const MIN = 60_000;

/** November 2026 in the center's time zone. */
const november = { from: at('2026-11-01T00:00+08:00'), to: at('2026-12-01T00:00+08:00') };
const now = at('2026-12-03T10:00+08:00');

let seq = 0;
/** A clock that started and was due on 2026-11-10; tests set what they are about. */
function clock(overrides: Partial<ReportedClock> = {}): ReportedClock {
  seq += 1;
  return {
    clockId: `WO-20261110-${String(seq).padStart(6, '0')}:resolution`,
    workOrderId: `WO-20261110-${String(seq).padStart(6, '0')}`,
    kind: 'resolution',
    department: 'billing',
    type: 'complaint',
    tier: 'standard',
    state: 'met',
    startedAt: at('2026-11-10T09:00+08:00'),
    plan: { dueAt: at('2026-11-10T12:00+08:00') },
    pauses: [],
    stoppedAt: at('2026-11-10T11:00+08:00'),
    ...overrides,
  };
}

/** A late clock that stopped `minutes` after its 12:00 due instant. */
const late = (minutes: number, overrides: Partial<ReportedClock> = {}): ReportedClock =>
  clock({
    state: 'late',
    breachedAt: at('2026-11-10T12:00+08:00'),
    stoppedAt: new Date(at('2026-11-10T12:00+08:00').getTime() + minutes * MIN),
    latenessMs: minutes * MIN,
    ...overrides,
  });

describe('percentile: nearest rank', () => {
  it('is the value at rank ceil(p/100 × n) of the sorted values', () => {
    expect(percentile([10, 9, 8, 7, 6, 5, 4, 3, 2, 1], 90)).toBe(9);
    expect(percentile([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11], 90)).toBe(10); // ceil(9.9) = 10
    expect(percentile([5], 90)).toBe(5);
    expect(percentile([1, 100], 90)).toBe(100);
    expect(percentile([3, 1, 2], 50)).toBe(2);
    expect(percentile([3, 1, 2], 100)).toBe(3);
  });

  it('is always one of the values, never interpolated', () => {
    const values = [7, 120, 45, 3, 60];
    expect(values).toContain(percentile(values, 90));
  });

  it('is undefined for no values and refuses percentiles outside (0, 100]', () => {
    expect(percentile([], 90)).toBeUndefined();
    expect(() => percentile([1], 0)).toThrow(RangeError);
    expect(() => percentile([1], 101)).toThrow(RangeError);
  });

  it('does not reorder the caller’s array', () => {
    const values = [3, 1, 2];
    percentile(values, 90);
    expect(values).toEqual([3, 1, 2]);
  });
});

describe('complianceReport', () => {
  it('counts met and late clocks that stopped in the period, with the met rate and lateness of the late ones', () => {
    // given 3 met and 2 late (30 and 90 minutes) billing clocks
    const clocks = [clock(), clock(), clock(), late(30), late(90)];

    // when
    const { rows, total } = complianceReport(clocks, { period: november, groupBy: 'department', now });

    // then
    expect(rows).toEqual([
      {
        group: 'billing',
        finished: 5,
        met: 3,
        late: 2,
        cancelled: 0,
        metRate: 0.6,
        averageLatenessMinutes: 60,
        p90LatenessMinutes: 90,
        maxLatenessMinutes: 90,
        overdueNow: 0,
      },
    ]);
    expect(total).toEqual({ ...rows[0], group: null });
  });

  it('places a clock in the period by its stop instant: from included, to left out', () => {
    const clocks = [
      clock({ stoppedAt: november.from }),
      clock({ stoppedAt: november.to }),
      clock({ stoppedAt: new Date(november.to.getTime() - 1) }),
      clock({ stoppedAt: new Date(november.from.getTime() - 1) }),
      // started in October, stopped in November: counts
      clock({ startedAt: at('2026-10-20T09:00+08:00'), stoppedAt: at('2026-11-02T09:00+08:00') }),
    ];
    expect(complianceReport(clocks, { period: november, groupBy: 'department', now }).total.finished).toBe(3);
  });

  it('leaves cancelled clocks out of met, late and the rate, and counts them apart', () => {
    const clocks = [clock(), late(10), clock({ state: 'cancelled', stoppedAt: at('2026-11-10T13:00+08:00') })];
    const { total } = complianceReport(clocks, { period: november, groupBy: 'department', now });
    expect(total).toMatchObject({ finished: 2, met: 1, late: 1, cancelled: 1, metRate: 0.5 });
  });

  it('counts clocks still running past their due instant as overdue now, whenever they started', () => {
    const clocks = [
      clock({ state: 'running', stoppedAt: undefined, startedAt: at('2026-09-01T09:00+08:00'), plan: { dueAt: at('2026-09-03T09:00+08:00') } }),
      clock({ state: 'running', stoppedAt: undefined, plan: { dueAt: at('2026-12-04T09:00+08:00') } }), // not due yet
      clock({ state: 'running', stoppedAt: undefined, department: 'vip-club', plan: { dueAt: at('2026-12-03T09:59+08:00') } }),
    ];
    const { rows, total } = complianceReport(clocks, { period: november, groupBy: 'department', now });
    expect(total).toMatchObject({ finished: 0, overdueNow: 2, metRate: null, averageLatenessMinutes: null, p90LatenessMinutes: null });
    expect(rows.map((r) => [r.group, r.overdueNow])).toEqual([
      ['billing', 1],
      ['vip-club', 1],
    ]);
  });

  it('groups by type, tier and kind in their own order, and by department alphabetically with no department last', () => {
    const clocks = [
      clock({ tier: 'standard', type: 'consultation', kind: 'handling', department: 'vip-club' }),
      clock({ tier: 'diamond', type: 'complaint', kind: 'resolution', department: undefined }),
      late(5, { tier: 'gold', type: 'fault-report', kind: 'acceptance', department: 'billing' }),
    ];
    const groups = (groupBy: 'department' | 'type' | 'tier' | 'kind') => complianceReport(clocks, { period: november, groupBy, now }).rows.map((r) => r.group);
    expect(groups('tier')).toEqual(['diamond', 'gold', 'standard']);
    expect(groups('type')).toEqual(['complaint', 'fault-report', 'consultation']);
    expect(groups('kind')).toEqual(['acceptance', 'handling', 'resolution']);
    expect(groups('department')).toEqual(['billing', 'vip-club', null]);
  });

  it('computes p90 per group over that group’s late clocks only', () => {
    // given billing: lateness 1..10 minutes; vip-club: one clock 500 minutes late
    const clocks = [...Array.from({ length: 10 }, (_, i) => late(i + 1)), late(500, { department: 'vip-club' })];
    const { rows, total } = complianceReport(clocks, { period: november, groupBy: 'department', now });
    expect(rows.find((r) => r.group === 'billing')).toMatchObject({ p90LatenessMinutes: 9, averageLatenessMinutes: 5.5, maxLatenessMinutes: 10 });
    expect(rows.find((r) => r.group === 'vip-club')).toMatchObject({ p90LatenessMinutes: 500, metRate: 0 });
    // 11 values: rank ceil(9.9) = 10 -> the tenth smallest, 10
    expect(total.p90LatenessMinutes).toBe(10);
  });

  it('reads the lateness from the stop instant when the clock recorded none', () => {
    const clocks = [late(45, { latenessMs: undefined })];
    expect(complianceReport(clocks, { period: november, groupBy: 'department', now }).total.averageLatenessMinutes).toBe(45);
  });

  it('has no rows and an empty total for no clocks', () => {
    const report = complianceReport([], { period: november, groupBy: 'tier', now });
    expect(report.rows).toEqual([]);
    expect(report.total).toMatchObject({ finished: 0, met: 0, late: 0, cancelled: 0, metRate: null, overdueNow: 0 });
  });
});

describe('overdue now and lateness of a clock', () => {
  const due = at('2026-11-10T12:00+08:00');

  it('a paused clock is overdue only when its pause began after the due instant', () => {
    const pausedBefore = clock({ state: 'paused', stoppedAt: undefined, pauses: [{ from: at('2026-11-10T11:00+08:00') }] });
    const pausedAfter = clock({ state: 'paused', stoppedAt: undefined, pauses: [{ from: at('2026-11-10T12:30+08:00') }] });
    expect(isOverdueNow(pausedBefore, now)).toBe(false);
    expect(isOverdueNow(pausedAfter, now)).toBe(true);
    expect(latenessMsAt(pausedAfter, now)).toBe(30 * MIN);
    expect(latenessMsAt(pausedBefore, now)).toBe(0);
  });

  it('a finished clock is never overdue now', () => {
    expect(isOverdueNow(late(10), now)).toBe(false);
    expect(isOverdueNow(clock(), now)).toBe(false);
  });

  it('lateness: recorded for a late clock, until the cancellation for a cancelled one, so far for a running one, 0 when met', () => {
    expect(latenessMsAt(late(75), now)).toBe(75 * MIN);
    expect(latenessMsAt(clock({ state: 'cancelled', stoppedAt: at('2026-11-10T13:00+08:00') }), now)).toBe(60 * MIN);
    expect(latenessMsAt(clock({ state: 'running', stoppedAt: undefined }), at('2026-11-10T12:20+08:00'))).toBe(20 * MIN);
    expect(latenessMsAt(clock({ state: 'running', stoppedAt: undefined }), at('2026-11-10T11:00+08:00'))).toBe(0);
    expect(latenessMsAt(clock({ plan: { dueAt: due } }), now)).toBe(0);
  });
});

describe('stepAtBreach', () => {
  const wo = 'WO-20261110-000900';
  const stepClock = (kind: 'acceptance' | 'handling', stepElementId: string, startedAt: string, stoppedAt?: string): ReportedClock =>
    clock({ workOrderId: wo, clockId: `${wo}:${kind}:${startedAt}`, kind, stepElementId, startedAt: at(startedAt), ...(stoppedAt ? { stoppedAt: at(stoppedAt) } : { stoppedAt: undefined, state: 'running' }) });
  const accept = stepClock('acceptance', 'Activity_Accept', '2026-11-10T09:00+08:00', '2026-11-10T10:00+08:00');
  const handle = stepClock('handling', 'Activity_Handle', '2026-11-10T10:00+08:00');

  it('is the clock’s own step for a step clock', () => {
    expect(stepAtBreach(late(5, { stepElementId: 'Activity_Accept', kind: 'acceptance' }), [])).toBe('Activity_Accept');
  });

  it('is the measured step open at the breach for the resolution clock', () => {
    const resolution = clock({ workOrderId: wo, clockId: `${wo}:resolution`, breachedAt: at('2026-11-10T12:00+08:00') });
    expect(stepAtBreach(resolution, [accept, handle])).toBe('Activity_Handle');
    expect(stepAtBreach({ ...resolution, breachedAt: at('2026-11-10T09:30+08:00') }, [accept, handle])).toBe('Activity_Accept');
  });

  it('is undefined when no measured step was open, or the clock never breached', () => {
    const resolution = clock({ workOrderId: wo, clockId: `${wo}:resolution`, breachedAt: at('2026-11-10T08:00+08:00') });
    expect(stepAtBreach(resolution, [accept, handle])).toBeUndefined();
    expect(stepAtBreach(clock({ workOrderId: wo }), [accept, handle])).toBeUndefined();
  });
});

describe('report scope', () => {
  const principal = (roles: Principal['roles'], departments: Principal['departments']): Principal => ({
    kind: 'user',
    id: 'x',
    employeeId: 'x',
    displayName: 'X',
    roles,
    unitId: 'center',
    departmentId: null,
    departments,
  });

  it('auditors and admins see every department, supervisors theirs, others none', () => {
    expect(reportScopeOf(principal(['auditor'], 'all'))).toEqual({ all: true });
    expect(reportScopeOf(principal(['admin'], 'all'))).toEqual({ all: true });
    expect(reportScopeOf(principal(['supervisor'], ['billing']))).toEqual({ all: false, departments: ['billing'] });
    expect(reportScopeOf(principal(['supervisor'], 'all'))).toEqual({ all: true });
    expect(reportScopeOf(principal(['handler'], ['billing']))).toEqual({ all: false, departments: [] });
  });

  it('a supervisor’s scope leaves out other departments and clocks without one', () => {
    const scope = reportScopeOf(principal(['supervisor'], ['billing']));
    expect(inScope(scope, 'billing')).toBe(true);
    expect(inScope(scope, 'vip-club')).toBe(false);
    expect(inScope(scope, undefined)).toBe(false);
  });
});

describe('CSV (RFC 4180)', () => {
  it('quotes fields with commas, quotes or line breaks and doubles inner quotes', () => {
    expect(csvField('plain')).toBe('plain');
    expect(csvField('a,b')).toBe('"a,b"');
    expect(csvField('say "hi"')).toBe('"say ""hi"""');
    expect(csvField('two\nlines')).toBe('"two\nlines"');
    expect(csvField('cr\r')).toBe('"cr\r"');
  });

  it('writes numbers as they are and nothing for missing values', () => {
    expect(csvField(0.8333)).toBe('0.8333');
    expect(csvField(-5)).toBe('-5');
    expect(csvField(null)).toBe('');
    expect(csvField(undefined)).toBe('');
    expect(csvField(Number.NaN)).toBe('');
  });

  it('defuses text a spreadsheet would run as a formula', () => {
    expect(csvField('=HYPERLINK("x")')).toBe(`"'=HYPERLINK(""x"")"`);
    expect(csvField('+1')).toBe("'+1");
    expect(csvField('@cmd')).toBe("'@cmd");
  });

  it('ends every line, the header first, with CRLF', () => {
    expect(toCsv(['a', 'b'], [[1, 'x,y'], [null, 'z']])).toBe('a,b\r\n1,"x,y"\r\n,z\r\n');
    expect(toCsv(['a'], [])).toBe('a\r\n');
  });
});
