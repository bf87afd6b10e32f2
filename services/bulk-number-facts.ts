import type { OutreachRulesRepository } from '../adapters/mongo/outreach-rules.repository';
import { DAY_MS } from '../domain/calendar/civil-day';
import type { BulkNumberFacts } from '../domain/campaign/call-list';
import type { ContactPreference } from '../domain/outreach/do-not-call';
import { normalizePhone } from '../domain/outreach/phone-number';
import { PhoneSet } from '../domain/outreach/phone-set';
import type { CenterAttemptLimit } from './number-facts';

/**
 * The facts a call list is screened against, read in bulk: one pass over the blacklist, the
 * preferences, the attempt logs and the exempt-line index (FerretDB reads a whole collection
 * about as fast as a few hundred single lookups). Numbers are keyed in national form, so an entry
 * kept under another spelling of the number still applies.
 */
export async function loadBulkNumberFacts(
  deps: { rules: Pick<OutreachRulesRepository, 'confirmedBlacklist' | 'allPreferences' | 'allAttemptLogs'>; exemptPhones: () => AsyncIterable<string>; limit: CenterAttemptLimit },
  now: Date,
): Promise<BulkNumberFacts> {
  const setOf = async (phones: AsyncIterable<string>): Promise<PhoneSet> => {
    const set = new PhoneSet();
    for await (const raw of phones) {
      const phone = normalizePhone(raw);
      if (phone !== undefined) set.add(phone);
    }
    return set;
  };
  const preferences = async (): Promise<Map<string, Pick<ContactPreference, 'refusedKinds' | 'notBefore'>>> => {
    const kept = new Map<string, Pick<ContactPreference, 'refusedKinds' | 'notBefore'>>();
    for await (const p of deps.rules.allPreferences()) {
      const phone = normalizePhone(p._id);
      // quiet hours alone keep no one out of a list: they shape the slots at call time
      if (phone === undefined || (p.refusedKinds.length === 0 && !p.notBefore)) continue;
      kept.set(phone, { refusedKinds: p.refusedKinds, ...(p.notBefore ? { notBefore: p.notBefore } : {}) });
    }
    return kept;
  };
  const attemptsAtCap = async (): Promise<Map<string, number>> => {
    const since = new Date(now.getTime() - deps.limit.periodDays * DAY_MS);
    const atCap = new Map<string, number>();
    for await (const log of deps.rules.allAttemptLogs()) {
      const phone = normalizePhone(log._id);
      const recent = log.attempts.filter((a) => a.at >= since).length;
      if (phone !== undefined && recent >= deps.limit.cap) atCap.set(phone, recent);
    }
    return atCap;
  };
  const [blacklisted, exemptLines, prefs, atCap] = await Promise.all([setOf(deps.rules.confirmedBlacklist()), setOf(deps.exemptPhones()), preferences(), attemptsAtCap()]);
  return { blacklisted, exemptLines, preferences: prefs, attemptsAtCap: atCap };
}
