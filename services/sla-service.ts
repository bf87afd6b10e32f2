import type { SlaPin, WorkOrderClock, WorkOrderDoc } from '../adapters/mongo/work-order.model';
import type { ClockDoc, SlaRepository, StoredCalendar } from '../adapters/mongo/sla.repository';
import { BusinessCalendarSchema, type BusinessCalendar } from '../domain/calendar';
import { planClock, type ClockTerms } from '../domain/sla/clock-plan';
import { saveOnTop } from '../domain/sla/errors';
import { rederiveClock, type JournalEntry, type Mismatch, type VersionRef } from '../domain/sla/journal';
import { selectPolicy, SlaPolicyInputSchema, type ClockKind, type SlaPolicy } from '../domain/sla/policy';
import type { Priority } from '../domain/work-order/work-order';

/** Calendars that serve every region without one of their own. */
export const DEFAULT_REGION = 'default';

/** Versions never change once saved, so a process keeps each one it has read. */
function versionCache<T>(load: (ref: VersionRef) => Promise<T | null>): (ref: VersionRef) => Promise<T | null> {
  const cache = new Map<string, T>();
  return async (ref) => {
    const key = `${ref.id}@${ref.version}`;
    const cached = cache.get(key);
    if (cached) return cached;
    const loaded = await load(ref);
    if (loaded) cache.set(key, loaded);
    return loaded;
  };
}

export interface PinnedTerms {
  readonly policy: SlaPolicy;
  readonly calendar: StoredCalendar;
}

export interface SlaService {
  /** The current policy and calendar for a work order, or undefined when none applies (no SLA is measured then). */
  choose(doc: Pick<WorkOrderDoc, 'type' | 'customer' | 'priority'>): Promise<PinnedTerms | undefined>;
  /** The versions a work order is pinned to. Throws when one is gone (they are never deleted). */
  pinned(pin: SlaPin): Promise<PinnedTerms>;
  /** What a clock of `kind` counts to under `policy`; undefined when the policy does not measure that kind. */
  termsOf(policy: SlaPolicy, kind: ClockKind): ClockTerms | undefined;
  /** The due instant of a clock of `kind` starting at `startedAt` with no pause, if the policy measures it. */
  dueAt(terms: PinnedTerms, kind: ClockKind, startedAt: Date): Date | undefined;
  calendarVersion(ref: VersionRef): Promise<BusinessCalendar | null>;
  /** A calendar version a clock or a pin names. Throws when it is gone (versions are never deleted). */
  calendarFor(ref: VersionRef): Promise<BusinessCalendar>;
  policyVersion(ref: VersionRef): Promise<SlaPolicy | null>;

  /**
   * Saves the next version of a policy, or of a calendar. With `basedOnVersion` it is exactly the
   * version after that one, and RULES_CHANGED when another save took that number first: an edit
   * made on a version never lands on top of a newer one it has not seen.
   */
  savePolicy(input: unknown, by: string, at: Date, basedOnVersion?: number): Promise<SlaPolicy>;
  saveCalendar(input: unknown, comment: string, by: string, at: Date, basedOnVersion?: number): Promise<StoredCalendar>;

  /** The work order's clocks, running and finished, each with its journal. */
  clocksOf(doc: Pick<WorkOrderDoc, 'clocks'>): Promise<ClockDoc[]>;
  /** Re-derives every deadline of the journal (one work order's, or all) and lists what disagrees. */
  verify(entries: readonly JournalEntry[]): Promise<{ clocks: number; entries: number; mismatches: Mismatch[] }>;
}

const missingCalendar = (ref: VersionRef): Error => new Error(`calendar ${ref.id} v${ref.version} is missing`);

/** The versions of a policy and a calendar, as a pin or a clock records them. */
export const versionsOf = ({ policy, calendar }: PinnedTerms): Pick<SlaPin, 'policy' | 'calendar'> => ({
  policy: { id: policy.policyId, version: policy.version },
  calendar: { id: calendar.id, version: calendar.version },
});

export function createSlaService(sla: SlaRepository): SlaService {
  const policyVersion = versionCache((ref) => sla.policyVersion(ref));
  const calendarVersion = versionCache((ref) => sla.calendarVersion(ref));

  const termsOf = (policy: SlaPolicy, kind: ClockKind): ClockTerms | undefined => {
    const target = policy.targets[kind];
    return target === undefined ? undefined : { targetMinutes: target, warningPercents: policy.warningPercents, ladder: policy.ladder.map(({ level, afterMinutes }) => ({ level, afterMinutes })) };
  };

  return {
    async choose(doc) {
      const priority: Priority = doc.priority ?? 'normal';
      const policy = selectPolicy(await sla.currentPolicies(), { type: doc.type, tier: doc.customer.tier, priority });
      const calendars = await sla.currentCalendars();
      const calendar = calendars.find((c) => c.region === doc.customer.region) ?? calendars.find((c) => c.region === DEFAULT_REGION);
      return policy && calendar ? { policy, calendar } : undefined;
    },

    async pinned(pin) {
      const [policy, calendar] = await Promise.all([policyVersion(pin.policy), calendarVersion(pin.calendar)]);
      if (!policy) throw new Error(`SLA policy ${pin.policy.id} v${pin.policy.version} is missing`);
      if (!calendar) throw missingCalendar(pin.calendar);
      return { policy, calendar };
    },

    async calendarFor(ref) {
      const calendar = await calendarVersion(ref);
      if (!calendar) throw missingCalendar(ref);
      return calendar;
    },

    termsOf,

    dueAt({ policy, calendar }, kind, startedAt) {
      const terms = termsOf(policy, kind);
      return terms && planClock(calendar, startedAt, [], terms).dueAt;
    },

    calendarVersion,
    policyVersion,

    async savePolicy(input, by, at, basedOnVersion) {
      const policy = SlaPolicyInputSchema.parse(input);
      if (basedOnVersion === undefined) return sla.savePolicy(policy, by, at);
      const newest = async (): Promise<number> => (await sla.currentPolicies()).find((p) => p.policyId === policy.policyId)?.version ?? 0;
      return saveOnTop(`policy ${policy.policyId}`, basedOnVersion, newest, (version) => sla.savePolicyAs(policy, version, by, at));
    },

    async saveCalendar(input, comment, by, at, basedOnVersion) {
      // a calendar is validated with a placeholder version: the store numbers it
      const { version: _numberedByTheStore, ...calendar } = BusinessCalendarSchema.parse({ ...(input as object), version: 1 });
      if (basedOnVersion === undefined) return sla.saveCalendar(calendar, comment, by, at);
      const newest = async (): Promise<number> => (await sla.currentCalendars()).find((c) => c.id === calendar.id)?.version ?? 0;
      return saveOnTop(`calendar ${calendar.id}`, basedOnVersion, newest, (version) => sla.saveCalendarAs(calendar, version, comment, by, at));
    },

    async clocksOf(doc) {
      const clocks = await Promise.all(doc.clocks.map((c) => sla.findClock(c.clockId)));
      return clocks.filter((c): c is ClockDoc => c !== null);
    },

    async verify(entries) {
      const byClock = new Map<string, JournalEntry[]>();
      for (const entry of entries) byClock.set(entry.clockId, [...(byClock.get(entry.clockId) ?? []), entry]);
      const calendars = new Map<string, BusinessCalendar>();
      for (const entry of entries) {
        const key = `${entry.calendar.id}@${entry.calendar.version}`;
        if (!calendars.has(key)) {
          const calendar = await calendarVersion(entry.calendar);
          if (calendar) calendars.set(key, calendar);
        }
      }
      const mismatches = [...byClock.values()].flatMap((lines) => rederiveClock(lines, (ref) => calendars.get(`${ref.id}@${ref.version}`)));
      return { clocks: byClock.size, entries: entries.length, mismatches };
    },
  };
}

/** A clock entry for the work order's list. */
export const runningClock = (clockId: string, kind: ClockKind, startedAt: Date, taskId?: string): WorkOrderClock => ({
  clockId,
  kind,
  startedAt,
  running: true,
  ...(taskId ? { taskId } : {}),
});
