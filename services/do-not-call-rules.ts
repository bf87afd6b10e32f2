import type { AuditLog } from '../adapters/mongo/audit.repository';
import type { BlacklistEntry, OutreachRulesRepository, StoredPreference } from '../adapters/mongo/outreach-rules.repository';
import type { Condition } from '../adapters/mongo/document-lock';
import type { Clock } from '../domain/clock';
import { DomainError, NotFoundError } from '../domain/errors';
import type { Principal } from '../domain/identity/principal';
import { BlacklistStateError, type BlacklistEdit, type BlacklistProposal } from '../domain/outreach/blacklist';
import type { ContactPreference } from '../domain/outreach/do-not-call';

/**
 * The rules the center's staff keep about calling numbers (domain brief, "Blacklist"): agents
 * propose blacklist entries and record what customers asked; supervisors confirm, correct or
 * remove entries. Numbers arrive in national form (PhoneNumberSchema); every change is audited.
 * Who may do what is the routes' role check: the blacklist and preferences are center-wide.
 */
export interface DoNotCallRules {
  listBlacklist(state?: BlacklistEntry['state']): Promise<BlacklistEntry[]>;
  blacklistEntry(phone: string): Promise<BlacklistEntry>;
  propose(principal: Principal, proposal: BlacklistProposal): Promise<BlacklistEntry>;
  confirm(principal: Principal, phone: string): Promise<BlacklistEntry>;
  edit(principal: Principal, phone: string, edit: BlacklistEdit): Promise<BlacklistEntry>;
  /** Rejects a proposal or deletes a confirmed entry. */
  remove(principal: Principal, phone: string, reason: string): Promise<BlacklistEntry>;
  preference(phone: string): Promise<StoredPreference>;
  /** Records what the customer asked; a preference that asks nothing removes the stored one. Null when none is kept. */
  setPreference(principal: Principal, phone: string, preference: ContactPreference & { note?: string }): Promise<StoredPreference | null>;
}

const inState = (state: BlacklistEntry['state']): Condition<BlacklistEntry> => ({ filter: { state }, holds: (e) => e.state === state });
const anyEntry: Condition<BlacklistEntry> = { filter: {}, holds: () => true };

const asksNothing = (p: ContactPreference): boolean => p.refusedKinds.length === 0 && !p.notBefore && p.quietHours.length === 0;

export function createDoNotCallRules(deps: { rules: OutreachRulesRepository; audit: AuditLog; clock: Clock }): DoNotCallRules {
  const { rules, audit, clock } = deps;
  const subject = (phone: string): string => `blacklist/${phone}`;

  const entry = async (phone: string): Promise<BlacklistEntry> => {
    const found = await rules.blacklistEntry(phone);
    if (!found) throw new NotFoundError('blacklist entry', phone);
    return found;
  };

  /** The entry changed when `condition` held; else why not (gone, or in another state). */
  const changed = async (phone: string, result: BlacklistEntry | null, expected: string): Promise<BlacklistEntry> => {
    if (result) return result;
    const current = await entry(phone);
    throw new BlacklistStateError(phone, `it is ${current.state}, not ${expected}`);
  };

  return {
    async listBlacklist(state) {
      const all = await rules.listBlacklist();
      return state ? all.filter((e) => e.state === state) : all;
    },
    blacklistEntry: entry,

    async propose(principal, proposal) {
      const now = clock.now();
      const created: BlacklistEntry = { _id: proposal.phone, category: proposal.category, reason: proposal.reason, state: 'proposed', proposedBy: principal.employeeId, proposedAt: now };
      if (!(await rules.addBlacklistEntry(created))) {
        throw new DomainError('BLACKLIST_ENTRY_EXISTS', `${proposal.phone} has a blacklist entry already (${(await rules.blacklistEntry(proposal.phone))?.state ?? 'being removed'})`);
      }
      await audit.record({ at: now, by: principal.employeeId, action: 'blacklist.proposed', subject: subject(proposal.phone), detail: { category: proposal.category, reason: proposal.reason } });
      return created;
    },

    async confirm(principal, phone) {
      const now = clock.now();
      const confirmed = await changed(phone, await rules.changeBlacklistEntry(phone, inState('proposed'), { $set: { state: 'confirmed', confirmedBy: principal.employeeId, confirmedAt: now } }), 'proposed');
      await audit.record({ at: now, by: principal.employeeId, action: 'blacklist.confirmed', subject: subject(phone), detail: { category: confirmed.category, proposedBy: confirmed.proposedBy } });
      return confirmed;
    },

    async edit(principal, phone, edit) {
      const before = await entry(phone);
      const edited = await changed(phone, await rules.changeBlacklistEntry(phone, anyEntry, { $set: edit }), 'present');
      await audit.record({ at: clock.now(), by: principal.employeeId, action: 'blacklist.edited', subject: subject(phone), detail: { before: { category: before.category, reason: before.reason }, after: edit } });
      return edited;
    },

    async remove(principal, phone, reason) {
      const removed = await rules.removeBlacklistEntry(phone, anyEntry);
      if (!removed) throw new NotFoundError('blacklist entry', phone);
      const action = removed.state === 'proposed' ? 'blacklist.rejected' : 'blacklist.deleted';
      await audit.record({ at: clock.now(), by: principal.employeeId, action, subject: subject(phone), detail: { reason, category: removed.category, proposedBy: removed.proposedBy } });
      return removed;
    },

    async preference(phone) {
      const found = await rules.preference(phone);
      if (!found) throw new NotFoundError('contact preference for', phone);
      return found;
    },

    async setPreference(principal, phone, preference) {
      const now = clock.now();
      const before = await rules.preference(phone);
      const { note, ...asked } = preference;
      const stored: StoredPreference | null = asksNothing(asked) ? null : { ...asked, _id: phone, ...(note ? { note } : {}), updatedBy: principal.employeeId, updatedAt: now };
      if (stored) await rules.savePreference(stored);
      else await rules.removePreference(phone);
      const shown = (p: ContactPreference | null) => p && { refusedKinds: p.refusedKinds, notBefore: p.notBefore ?? null, quietHours: p.quietHours };
      await audit.record({ at: now, by: principal.employeeId, action: 'contact-preference.recorded', subject: `contact-preferences/${phone}`, detail: { before: shown(before), after: shown(stored), note: note ?? null } });
      return stored;
    },
  };
}
