import type { BusinessCalendar } from '../../../domain/calendar';
import { planClock, type ClockTerms, type Pause } from '../../../domain/sla/clock-plan';
import { rederiveClock, type JournalEntry, type VersionRef } from '../../../domain/sla/journal';
import { shanghai } from '../calendar/fixtures';

// Shanghai center hours, Mon-Fri: 08:30-12:00 and 13:30-17:30 (UTC+8). Problems name instants in
// UTC: 2026-09-16T06:00:00.000Z is Wednesday 14:00 in Shanghai.
const at = (iso: string): Date => new Date(iso);
const plusMs = (d: Date, ms: number): Date => new Date(d.getTime() + ms);

const calendarOf = (ref: VersionRef): BusinessCalendar | undefined =>
  ref.id === shanghai.id && ref.version === shanghai.version ? shanghai : undefined;

// an eight-hour resolution clock, warned at 50% and 80%, escalated at the breach and 1 h later
const terms: ClockTerms = {
  targetMinutes: 480,
  warningPercents: [50, 80],
  ladder: [
    { level: 1, afterMinutes: 0 },
    { level: 2, afterMinutes: 60 },
  ],
};
const startedAt = at('2026-09-15T09:00+08:00');
// the customer asked to wait from Tuesday 15:00 to Wednesday 09:00: 180 working minutes
const customerWait: Pause = { from: at('2026-09-15T15:00+08:00'), to: at('2026-09-16T09:00+08:00') };
// first plan: 50% Tue 14:30, 80% Tue 16:54, due Wed 09:30; after the wait: 80% Wed 10:54, due Wed 14:00, level 2 Wed 15:00
const firstPlan = planClock(shanghai, startedAt, [], terms);
const replan = planClock(shanghai, startedAt, [customerWait], terms);

/** A journal line of the clock; `entryId` doubles as the name tests use to find it. */
const line = (entryId: string, event: JournalEntry['event'], rest: Partial<JournalEntry>): JournalEntry => ({
  entryId,
  clockId: 'clock-1',
  workOrderId: 'WO-20260915-000001',
  kind: 'resolution',
  event,
  at: rest.occurredAt ?? rest.firedAt ?? startedAt,
  elementId: 'Activity_Clock',
  processInstanceKey: '2251799813685249',
  policy: { id: 'vip-complaint', version: 1 },
  calendar: { id: shanghai.id, version: shanghai.version },
  ...rest,
});

const timer = (entryId: string, event: JournalEntry['event'], dueAt: Date, rest: Partial<JournalEntry> = {}): JournalEntry =>
  line(entryId, event, { dueAt, firedAt: plusMs(dueAt, 1_500), ...rest });

/** A clock that was planned, warned, paused, replanned, breached, escalated and closed late, consistently. */
const journal: readonly JournalEntry[] = [
  line('planned', 'planned', { startedAt, terms, pauses: [], plan: firstPlan }),
  timer('warned-50', 'warned', firstPlan.warnings[0]!.at, { percent: 50 }),
  line('paused', 'paused', { occurredAt: customerWait.from }),
  line('resumed', 'resumed', { occurredAt: customerWait.to! }),
  line('replanned', 'replanned', { startedAt, terms, pauses: [customerWait], plan: replan, cause: 'resumed' }),
  timer('warned-80', 'warned', replan.warnings[1]!.at, { percent: 80 }),
  // a timer that fires right at its due instant is on time
  timer('breached', 'breached', replan.dueAt, { firedAt: replan.dueAt }),
  timer('escalated-1', 'escalated', replan.ladder[0]!.at, { level: 1, cause: 'ladder' }),
  line('urged', 'escalated', { level: 2, cause: 'urging', by: 'customer-hotline' }),
  timer('escalated-2', 'escalated', replan.ladder[1]!.at, { level: 2, cause: 'ladder' }),
  // Wednesday 16:00: 600 working minutes run, after the due instant
  line('late', 'late', { occurredAt: at('2026-09-16T16:00+08:00') }),
];

/** The journal with one line changed. */
const tamper = (entryId: string, change: Partial<JournalEntry>, entries = journal): JournalEntry[] =>
  entries.map((e) => (e.entryId === entryId ? { ...e, ...change } : e));

const mismatch = (entryId: string, problem: string) => ({ clockId: 'clock-1', entryId, problem });

describe('rederiveClock', () => {
  it('finds nothing wrong with a consistent journal', () => {
    // the fixture's plans are the ones the comments say
    expect(replan.dueAt).toEqual(at('2026-09-16T14:00+08:00'));
    expect(rederiveClock(journal, calendarOf)).toEqual([]);
  });

  it.each([
    ['planned', firstPlan, 'due 2026-09-16T01:31:00.000Z, re-derived 2026-09-16T01:30:00.000Z'],
    ['replanned', replan, 'due 2026-09-16T06:01:00.000Z, re-derived 2026-09-16T06:00:00.000Z'],
  ])('reports a %s due instant one minute off', (entryId, plan, problem) => {
    const entries = tamper(entryId, { plan: { ...plan, dueAt: plusMs(plan.dueAt, 60_000) } });
    expect(rederiveClock(entries, calendarOf)).toEqual([mismatch(entryId, problem)]);
  });

  it.each([
    ['a pause one minute longer', [{ ...customerWait, to: plusMs(customerWait.to!, 60_000) }]],
    ['no pause at all', []],
  ])('reports a replan whose pauses differ from the paused and resumed lines: %s', (_label, pauses) => {
    // the plan itself is right for the journal's pauses: only the recorded inputs disagree
    expect(rederiveClock(tamper('replanned', { pauses }), calendarOf)).toEqual([
      mismatch('replanned', 'the plan counts other pauses than the journal records'),
    ]);
  });

  it('reports a warning against an instant the plan in force did not have', () => {
    // given the 80% timer of the first plan, which the replan should have replaced, fired
    const entries = tamper('warned-80', { dueAt: firstPlan.warnings[1]!.at, firedAt: plusMs(firstPlan.warnings[1]!.at, 1_500) });
    expect(rederiveClock(entries, calendarOf)).toEqual([
      mismatch('warned-80', 'warned against 2026-09-15T08:54:00.000Z, but the plan in force says 2026-09-16T02:54:00.000Z'),
    ]);
  });

  it('reports a timer that fired one millisecond early', () => {
    const entries = tamper('breached', { firedAt: plusMs(replan.dueAt, -1) });
    expect(rederiveClock(entries, calendarOf)).toEqual([mismatch('breached', 'fired 1 ms early')]);
  });

  it('reports a plan made with a calendar version it does not know', () => {
    // given the journal up to the replan, which names a calendar version that was never loaded
    const upToReplan = journal.slice(0, journal.findIndex((e) => e.entryId === 'replanned') + 1);
    const entries = tamper('replanned', { calendar: { id: shanghai.id, version: 2 } }, upToReplan);
    expect(rederiveClock(entries, calendarOf)).toEqual([mismatch('replanned', 'calendar cn-center v2 is unknown')]);
  });

  it('does not check the due instant of an escalation caused by urging', () => {
    // given an urging escalation recorded with an instant no plan had, and "fired" before it
    const entries = tamper('urged', { dueAt: at('2026-09-16T11:11+08:00'), firedAt: at('2026-09-16T11:00+08:00') });
    expect(rederiveClock(entries, calendarOf)).toEqual([]);
    // while the same line from the ladder would be reported twice
    expect(rederiveClock(tamper('urged', { cause: 'ladder' }, entries), calendarOf)).toHaveLength(2);
  });
});

describe('rederiveClock: met or late, on a clock that never paused', () => {
  // due Wednesday 09:30 (see firstPlan); 16:00 on Tuesday is before, 11:00 on Wednesday after
  const planned = line('planned', 'planned', { startedAt, terms, pauses: [], plan: firstPlan });
  const before = at('2026-09-15T16:00+08:00');
  const after = at('2026-09-16T11:00+08:00');
  const closed = (event: 'met' | 'late', occurredAt: Date) => rederiveClock([planned, line(event, event, { occurredAt })], calendarOf);

  it('accepts met before the due instant and late after it', () => {
    expect(closed('met', before)).toEqual([]);
    expect(closed('late', after)).toEqual([]);
  });

  it.each([
    ['met', after],
    ['late', before],
  ] as const)('reports %s on the wrong side of the due instant', (event, occurredAt) => {
    // the wording is left free: the rule may move to working time run against the target
    expect(closed(event, occurredAt)).toEqual([{ clockId: 'clock-1', entryId: event, problem: expect.any(String) }]);
  });
});
