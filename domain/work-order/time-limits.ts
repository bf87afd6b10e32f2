/**
 * Time limit of each class routing.dmn assigns, in hours from dispatch to closure. A flat clock
 * for now: SLA policies with business calendars (issue 4) replace this table.
 */
export const TIME_LIMIT_HOURS: Readonly<Record<string, number>> = {
  'vip-complaint': 24,
  'vip-fault': 4,
  complaint: 48,
  fault: 24,
  service: 72,
  consultation: 24,
  standard: 48,
};

/** Hours for a class the table does not know (a designer added a class to routing.dmn). */
const FALLBACK_HOURS = 48;

export function dueAtFor(timeLimitClass: string, from: Date): Date {
  const hours = TIME_LIMIT_HOURS[timeLimitClass] ?? FALLBACK_HOURS;
  return new Date(from.getTime() + hours * 3_600_000);
}
