import { Schema, type Connection } from 'mongoose';
import type { InteractionKind, NewContact } from '../../domain/contact/contact';
import type { DocumentLocks } from './document-lock';

/** An interaction event a contact produced (complaint, fault report ...) and the work orders it led to. */
export interface InteractionEvent {
  eventId: string;
  kind: InteractionKind;
  summary: string;
  at: Date;
  workOrderIds: string[];
}

export interface ContactDoc extends NewContact {
  /** The contact id again: FerretDB v1 narrows queries through SQLite by `_id` only. */
  _id: string;
  contactId: string;
  /** The agent who took the contact: owner of the work orders it produces (first-contact responsibility). */
  agentId: string;
  receivedAt: Date;
  events: InteractionEvent[];
}

const ContactSchema = new Schema<ContactDoc>(
  {
    _id: { type: String, required: true },
    contactId: { type: String, required: true },
    customerId: { type: String, required: true, index: true },
    customerName: { type: String, required: true },
    customerTier: { type: String, required: true },
    region: { type: String, required: true },
    phone: { type: String, required: true },
    channel: { type: String, required: true },
    summary: { type: String, required: true },
    place: String,
    memo: String,
    agentId: { type: String, required: true },
    receivedAt: { type: Date, required: true },
    events: {
      type: [new Schema<InteractionEvent>({ eventId: String, kind: String, summary: String, at: Date, workOrderIds: [String] }, { _id: false })],
      default: [],
    },
  },
  { collection: 'contacts', versionKey: false },
);

export interface ContactRepository {
  insert(contact: Omit<ContactDoc, 'events' | '_id'>): Promise<ContactDoc>;
  findById(contactId: string): Promise<ContactDoc | null>;
  /** Records the interaction event a new work order comes from (one event per work order, named after it). */
  addEvent(contactId: string, event: InteractionEvent): Promise<void>;
}

export function mongoContactRepository(connection: Connection, locks: DocumentLocks): ContactRepository {
  const Contacts = connection.model<ContactDoc>('Contact', ContactSchema);
  return {
    async insert(contact) {
      const doc = await Contacts.create({ ...contact, _id: contact.contactId, events: [] });
      return doc.toObject();
    },
    findById(contactId) {
      return Contacts.findOne({ _id: contactId }).lean<ContactDoc>().exec();
    },
    async addEvent(contactId, event) {
      // idempotent: an event id is added once even when a create is replayed
      await locks.updateIf(
        Contacts,
        contactId,
        { filter: { 'events.eventId': { $ne: event.eventId } }, holds: (c) => !c.events.some((e) => e.eventId === event.eventId) },
        { $push: { events: event } },
      );
    },
  };
}
