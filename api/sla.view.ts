import { z } from 'zod';
import type { ClockDoc, StoredCalendar } from '../adapters/mongo/sla.repository';
import { workingMinutesBetween, type BusinessCalendar } from '../domain/calendar';
import type { JournalEntry } from '../domain/sla/journal';
import type { SlaPolicy } from '../domain/sla/policy';

const Instant = z.iso.datetime();
const Ref = z.object({ id: z.string(), version: z.number().int() });
const iso = (d: Date | undefined): string | null => (d ? d.toISOString() : null);

export const ClockView = z.object({
  clockId: z.string(),
  kind: z.string(),
  stepElementId: z.string().nullable().describe('the work-order step it measures (work-order.bpmn)'),
  state: z.enum(['running', 'paused', 'met', 'late', 'cancelled']),
  policy: Ref,
  calendar: Ref,
  targetMinutes: z.number().describe('working minutes'),
  startedAt: Instant,
  dueAt: Instant,
  warnings: z.array(z.object({ percent: z.number(), at: Instant, sent: z.boolean() })),
  ladder: z.array(z.object({ level: z.number().int(), at: Instant, reached: z.boolean() })),
  pauses: z.array(z.object({ from: Instant, to: Instant.nullable(), workingMinutes: z.number().describe('working time the pause held the clock, so far for an open one') })),
  breachedAt: Instant.nullable(),
  levelReached: z.number().int(),
  stoppedAt: Instant.nullable(),
  latenessMs: z.number().nullable().describe('wall-clock time past the due instant, for a late clock'),
  processInstanceKey: z.string(),
});

export const JournalEntryView = z.object({
  entryId: z.string(),
  clockId: z.string(),
  kind: z.string(),
  event: z.string(),
  at: Instant,
  elementId: z.string().describe('element of sla-clock.bpmn or escalation.bpmn'),
  processInstanceKey: z.string(),
  policy: Ref,
  calendar: Ref,
  startedAt: Instant.nullable(),
  pauses: z.array(z.object({ from: Instant, to: Instant.nullable() })).nullable(),
  plan: z.object({ dueAt: Instant, warnings: z.array(z.object({ percent: z.number(), at: Instant })), ladder: z.array(z.object({ level: z.number(), at: Instant })) }).nullable(),
  targetMinutes: z.number().nullable(),
  percent: z.number().nullable(),
  level: z.number().nullable(),
  dueAt: Instant.nullable().describe('the planned instant of a warning, breach or level'),
  firedAt: Instant.nullable().describe('when the platform saw the timer fire'),
  occurredAt: Instant.nullable().describe('when a pause, resume or stop happened'),
  cause: z.string().nullable(),
  by: z.string().nullable(),
});

/** `calendar`: the calendar version the clock counts with, for the working time of its pauses. */
export function clockView(clock: ClockDoc, calendar: BusinessCalendar, now: Date): z.infer<typeof ClockView> {
  return {
    clockId: clock.clockId,
    kind: clock.kind,
    stepElementId: clock.stepElementId ?? null,
    state: clock.state,
    policy: clock.policy,
    calendar: clock.calendar,
    targetMinutes: clock.terms.targetMinutes,
    startedAt: clock.startedAt.toISOString(),
    dueAt: clock.plan.dueAt.toISOString(),
    warnings: clock.plan.warnings.map((w) => ({ percent: w.percent, at: w.at.toISOString(), sent: clock.warned.includes(w.percent) })),
    ladder: clock.plan.ladder.map((l) => ({ level: l.level, at: l.at.toISOString(), reached: l.level <= clock.levelReached })),
    pauses: clock.pauses.map((p) => ({ from: p.from.toISOString(), to: iso(p.to), workingMinutes: workingMinutesBetween(calendar, p.from, p.to ?? now) })),
    breachedAt: iso(clock.breachedAt),
    levelReached: clock.levelReached,
    stoppedAt: iso(clock.stoppedAt),
    latenessMs: clock.latenessMs ?? null,
    processInstanceKey: clock.processInstanceKey,
  };
}

export function journalEntryView(entry: JournalEntry): z.infer<typeof JournalEntryView> {
  return {
    entryId: entry.entryId,
    clockId: entry.clockId,
    kind: entry.kind,
    event: entry.event,
    at: entry.at.toISOString(),
    elementId: entry.elementId,
    processInstanceKey: entry.processInstanceKey,
    policy: entry.policy,
    calendar: entry.calendar,
    startedAt: iso(entry.startedAt),
    pauses: entry.pauses?.map((p) => ({ from: p.from.toISOString(), to: iso(p.to) })) ?? null,
    plan: entry.plan
      ? {
          dueAt: entry.plan.dueAt.toISOString(),
          warnings: entry.plan.warnings.map((w) => ({ percent: w.percent, at: w.at.toISOString() })),
          ladder: entry.plan.ladder.map((l) => ({ level: l.level, at: l.at.toISOString() })),
        }
      : null,
    targetMinutes: entry.terms?.targetMinutes ?? null,
    percent: entry.percent ?? null,
    level: entry.level ?? null,
    dueAt: iso(entry.dueAt),
    firedAt: iso(entry.firedAt),
    occurredAt: iso(entry.occurredAt),
    cause: entry.cause ?? null,
    by: entry.by ?? null,
  };
}

export const PolicyView = z.looseObject({ policyId: z.string(), version: z.number().int(), savedBy: z.string(), savedAt: Instant });
export const policyView = (policy: SlaPolicy): z.infer<typeof PolicyView> => ({ ...policy, savedAt: policy.savedAt.toISOString() });

export const CalendarView = z.looseObject({ id: z.string(), version: z.number().int(), region: z.string(), timeZone: z.string(), savedBy: z.string(), savedAt: Instant });
export const calendarView = (calendar: StoredCalendar): z.infer<typeof CalendarView> => ({ ...calendar, savedAt: calendar.savedAt.toISOString() });
