import type { ContactDoc, ContactRepository } from '../adapters/mongo/contact.repository';
import type { NextSequence } from '../adapters/mongo/sequences';
import type { Clock } from '../domain/clock';
import type { NewContact } from '../domain/contact/contact';
import { NotFoundError } from '../domain/errors';
import { hasRole, type Principal } from '../domain/identity/principal';
import { centerDayOf, formatDailyId } from '../domain/work-order/work-order';

export interface ContactService {
  /** Records a contact taken by the calling agent. */
  record(principal: Principal, input: NewContact): Promise<ContactDoc>;
  /** The contact, for the agent who took it, supervisors, auditors and admins; not found for others. */
  get(principal: Principal, contactId: string): Promise<ContactDoc>;
}

export function createContactService(deps: { contacts: ContactRepository; nextSequence: NextSequence; clock: Clock; centerTimeZone: string }): ContactService {
  return {
    async record(principal, input) {
      const now = deps.clock.now();
      const day = centerDayOf(now, deps.centerTimeZone);
      const contactId = formatDailyId('CT', day, await deps.nextSequence(`contact:${day}`));
      return deps.contacts.insert({ ...input, contactId, agentId: principal.employeeId, receivedAt: now });
    },
    async get(principal, contactId) {
      const found = await deps.contacts.findById(contactId);
      const mayRead = found && (found.agentId === principal.employeeId || hasRole(principal, 'supervisor', 'auditor', 'admin'));
      if (!mayRead) throw new NotFoundError('contact', contactId);
      return found;
    },
  };
}
