import type { OutreachRulesRepository } from '../adapters/mongo/outreach-rules.repository';
import { withBreaks } from '../domain/async';
import type { BulkNumberFacts } from '../domain/campaign/call-list';
import type { ContactPreference } from '../domain/outreach/do-not-call';
import { normalizePhone } from '../domain/outreach/phone-number';
import { PhoneSet } from '../domain/outreach/phone-set';

/**
 * The facts a call list is screened against, read in bulk: one pass over the blacklist, the
 * preferences, the attempt-cap index and the exempt-line index (on FerretDB a pass costs about
 * 25-100 µs a document, so the two indexes hold only the numbers that are kept out). Numbers are keyed in national form, so an entry
 * kept under another spelling of the number still applies.
 */
/** Documents taken between two turns of the event loop: the API answers requests while it loads. */
const BREAK_EVERY = 2_000;

export async function loadBulkNumberFacts(
  deps: { rules: Pick<OutreachRulesRepository, 'confirmedBlacklist' | 'allPreferences' | 'attemptCaps'>; exemptPhones: () => AsyncIterable<string> },
  now: Date,
): Promise<BulkNumberFacts> {
  const setOf = async (phones: AsyncIterable<string>): Promise<PhoneSet> => {
    const set = new PhoneSet();
    for await (const raw of withBreaks(phones, BREAK_EVERY)) {
      const phone = normalizePhone(raw);
      if (phone !== undefined) set.add(phone);
    }
    return set;
  };
  const preferences = async (): Promise<Map<string, Pick<ContactPreference, 'refusedKinds' | 'notBefore'>>> => {
    const kept = new Map<string, Pick<ContactPreference, 'refusedKinds' | 'notBefore'>>();
    for await (const p of withBreaks(deps.rules.allPreferences(), BREAK_EVERY)) {
      const phone = normalizePhone(p._id);
      // quiet hours alone keep no one out of a list: they shape the slots at call time
      if (phone === undefined || (p.refusedKinds.length === 0 && !p.notBefore)) continue;
      kept.set(phone, { refusedKinds: p.refusedKinds, ...(p.notBefore ? { notBefore: p.notBefore } : {}) });
    }
    return kept;
  };
  async function* atCapNow(): AsyncIterable<string> {
    for await (const cap of deps.rules.attemptCaps()) if (cap.until >= now) yield cap._id;
  }
  const [blacklisted, exemptLines, prefs, atAttemptCap] = await Promise.all([setOf(deps.rules.confirmedBlacklist()), setOf(deps.exemptPhones()), preferences(), setOf(atCapNow())]);
  return { blacklisted, exemptLines, preferences: prefs, atAttemptCap };
}
