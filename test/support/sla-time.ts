import { DateTime } from 'luxon';
import type { ReportClockDoc } from '../../adapters/mongo/sla.repository';
import { addWorkingMinutes, type BusinessCalendar } from '../../domain/calendar';
import { eventually, type TestPlatform } from './test-platform';

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
