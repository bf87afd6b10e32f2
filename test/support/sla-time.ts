import { DateTime } from 'luxon';
import type { z } from 'zod';
import type { ReportClockDoc } from '../../adapters/mongo/sla.repository';
import type { ClockView, JournalEntryView } from '../../api/sla.view';
import { addWorkingMinutes, type BusinessCalendar } from '../../domain/calendar';
import { eventually, type TestPlatform } from './test-platform';
import { apiAs } from './work-orders';

/** The calendar of region `default`, the one the test customers' regions fall back to. */
export async function defaultCalendar(tp: TestPlatform): Promise<BusinessCalendar> {
  return (await tp.platform.sla.currentCalendars()).find((c) => c.region === 'default')!;
}

/** Every warning, breach and level of the clock due by `now` has been journaled. */
const allHandled = (c: ReportClockDoc, now: Date): boolean =>
  c.plan.warnings.every((w) => w.at > now || c.warned.includes(w.percent)) &&
  (c.plan.dueAt > now || c.breachedAt !== undefined) &&
  c.plan.ladder.every((l) => l.at > now || l.level <= c.levelReached);

/**
 * Moves both clocks to the next working day's opening, so a test starts with a full day of
 * working time ahead, and waits until the timers the jump made due (the clocks of every work
 * order of the run) have been handled: the timers a test measures then fire on a quiet platform.
 * Returns the opening instant.
 */
export async function toNextWorkingMorning(tp: TestPlatform, calendar: BusinessCalendar): Promise<Date> {
  const tomorrow = DateTime.fromJSDate(tp.clock.now()).setZone(calendar.timeZone).plus({ days: 1 }).startOf('day').toJSDate();
  const opening = new Date(addWorkingMinutes(calendar, tomorrow, 1).getTime() - 60_000);
  await tp.clock.advanceTo(opening);
  await eventually(
    () => tp.platform.sla.findReportClocks({ states: ['running'] }),
    (clocks) => clocks.every((c) => allHandled(c, opening)),
    { timeoutMs: 60_000, intervalMs: 250 },
  );
  return opening;
}

export type ClockBody = z.infer<typeof ClockView>;
export type JournalBody = z.infer<typeof JournalEntryView>;

/** A work order's clocks and their journal as an auditor reads them: `GET /api/sla/work-orders/:id`. */
export async function slaOf(tp: TestPlatform, workOrderId: string): Promise<{ clocks: ClockBody[]; journal: JournalBody[] }> {
  const response = await apiAs(tp.app, 'auditor-1').get(`/api/sla/work-orders/${workOrderId}`);
  expect(response.status).toBe(200);
  return response.body as { clocks: ClockBody[]; journal: JournalBody[] };
}

/** Waits until the work order has a clock of `kind` that `accept` likes (any, by default), and returns it. */
export async function clockOf(tp: TestPlatform, workOrderId: string, kind: string, accept: (c: ClockBody) => boolean = () => true): Promise<ClockBody> {
  const matches = (c: ClockBody): boolean => c.kind === kind && accept(c);
  const { clocks } = await eventually(
    () => slaOf(tp, workOrderId),
    (sla) => sla.clocks.some(matches),
  );
  return clocks.find(matches)!;
}
