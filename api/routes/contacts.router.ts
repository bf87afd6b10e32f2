import { Router } from 'express';
import { z } from 'zod';
import type { ContactDoc } from '../../adapters/mongo/contact.repository';
import { maskPhone, NewContactSchema } from '../../domain/contact/contact';
import { hasRole, type Principal } from '../../domain/identity/principal';
import type { ContactService } from '../../services/contact-service';
import { principalOf } from '../auth/authenticate';
import type { RouteCatalog } from '../route';

const MOUNT = '/api/contacts';

const ContactView = z.object({
  contactId: z.string(),
  customerId: z.string(),
  customerName: z.string(),
  customerTier: z.string(),
  region: z.string(),
  phone: z.string(),
  channel: z.string(),
  summary: z.string(),
  place: z.string().nullable(),
  memo: z.string().nullable(),
  agentId: z.string(),
  receivedAt: z.iso.datetime(),
  events: z.array(z.object({ eventId: z.string(), kind: z.string(), summary: z.string(), at: z.iso.datetime(), workOrderIds: z.array(z.string()) })),
});

function contactView(doc: ContactDoc, principal: Principal): z.infer<typeof ContactView> {
  const seesPhone = doc.agentId === principal.employeeId || hasRole(principal, 'supervisor');
  return {
    contactId: doc.contactId,
    customerId: doc.customerId,
    customerName: doc.customerName,
    customerTier: doc.customerTier,
    region: doc.region,
    phone: seesPhone ? doc.phone : maskPhone(doc.phone),
    channel: doc.channel,
    summary: doc.summary,
    place: doc.place ?? null,
    memo: doc.memo ?? null,
    agentId: doc.agentId,
    receivedAt: doc.receivedAt.toISOString(),
    events: doc.events.map((e) => ({ ...e, at: e.at.toISOString() })),
  };
}

export function contactsRouter(catalog: RouteCatalog, contacts: ContactService): Router {
  const router = Router();
  catalog.add(
    router,
    MOUNT,
    {
      method: 'post',
      path: '/',
      tag: 'contacts',
      summary: 'Record a customer contact (the calling agent took it)',
      roles: ['agent'],
      body: NewContactSchema,
      responses: { 201: { description: 'recorded', schema: ContactView } },
    },
    async ({ body, res }) => {
      const principal = principalOf(res);
      const contact = await contacts.record(principal, body);
      res.status(201).location(`${MOUNT}/${contact.contactId}`).json(contactView(contact, principal));
    },
  );
  catalog.add(
    router,
    MOUNT,
    {
      method: 'get',
      path: '/:contactId',
      tag: 'contacts',
      summary: 'A contact with its interaction events and the work orders they produced',
      roles: ['agent', 'supervisor', 'auditor', 'admin'],
      params: z.object({ contactId: z.string().regex(/^CT-\d{8}-\d{6}$/, 'a contact id looks like CT-20261121-000001') }),
      responses: { 200: { description: 'the contact', schema: ContactView } },
    },
    async ({ params, res }) => {
      const principal = principalOf(res);
      res.json(contactView(await contacts.get(principal, params.contactId), principal));
    },
  );
  return router;
}
