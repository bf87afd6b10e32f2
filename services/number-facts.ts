import type { OutreachRulesRepository } from '../adapters/mongo/outreach-rules.repository';
import type { WorkingInterval } from '../domain/calendar';
import { DAY_MS } from '../domain/calendar/civil-day';
import { isExemptLine, type NumberFacts } from '../domain/outreach/do-not-call';
import type { SubscriberService } from './subscriber-service';

/** The center's own limit on calls to one number, across all campaigns and callbacks. */
export interface CenterAttemptLimit {
  readonly cap: number;
  readonly periodDays: number;
}

export interface NumberFactsService {
  /** What decides whether `phone` may be called now, and the quiet hours its slots avoid. */
  factsOf(phone: string, now: Date): Promise<NumberFacts & { readonly quietHours: readonly WorkingInterval[] }>;
  /** Counts a placed call against the number (a call id counted before changes nothing). */
  recordAttempt(phone: string, callId: string, at: Date): Promise<void>;
  readonly limit: CenterAttemptLimit;
}

export function createNumberFacts(deps: {
  rules: OutreachRulesRepository;
  subscribers: Pick<SubscriberService, 'currentLine'>;
  limit: CenterAttemptLimit;
}): NumberFactsService {
  const periodStart = (now: Date): Date => new Date(now.getTime() - deps.limit.periodDays * DAY_MS);
  return {
    limit: deps.limit,
    async factsOf(phone, now) {
      const [entry, preference, recentAttempts, line] = await Promise.all([
        deps.rules.blacklistEntry(phone),
        deps.rules.preference(phone),
        deps.rules.attemptsSince(phone, periodStart(now)),
        deps.subscribers.currentLine(phone),
      ]);
      return {
        blacklisted: entry?.state === 'confirmed',
        // a number the store does not know (a prospect) has no line state to exempt it
        exemptLine: line !== null && isExemptLine(line),
        ...(preference ? { preference } : {}),
        recentAttempts,
        quietHours: preference?.quietHours ?? [],
      };
    },
    recordAttempt: (phone, callId, at) => deps.rules.recordAttempt(phone, callId, at, periodStart(at), deps.limit.cap),
  };
}
