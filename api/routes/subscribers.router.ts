import { Router, type Request } from 'express';
import { z } from 'zod';
import { NotFoundError } from '../../domain/errors';
import { CorrectionSchema } from '../../domain/subscriber/customer';
import { RECORD_LAYOUTS } from '../../domain/subscriber/record-layouts';
import type { SubscriberImport } from '../../adapters/mongo/subscriber.repository';
import type { SubscriberImporter } from '../../services/subscriber-import';
import type { SubscriberService } from '../../services/subscriber-service';
import { principalOf } from '../auth/authenticate';
import { receiveMultipart } from '../multipart';
import type { RouteCatalog } from '../route';
import { customerView, CustomerDetailView, CustomerView, importView, ImportView, lineView, phoneLookupView, PhoneLookupView } from '../subscriber.view';

/** Who may look customers up: everyone serving or checking them; designers have no business there. */
const READERS = ['agent', 'handler', 'supervisor', 'auditor', 'admin'] as const;
const CustId = z.object({ custId: z.string().regex(/^\d{1,20}$/, 'a CustID is up to 20 digits') });

export function subscribersRouter(catalog: RouteCatalog, subscribers: SubscriberService): Router {
  const router = Router();
  catalog.add(
    router,
    '/api/subscribers',
    {
      method: 'get',
      path: '/by-phone/:phone',
      tag: 'subscribers',
      summary: 'The line on a phone number (or service account) now, with its customer, tier and status',
      roles: READERS,
      params: z.object({ phone: z.string().regex(/^[0-9A-Za-z@._-]{3,20}$/, 'a phone number or service account') }),
      responses: { 200: { description: 'the line and its customer; personal data masked by role', schema: PhoneLookupView } },
    },
    async ({ params, res }) => {
      const found = await subscribers.lookupByPhone(params.phone);
      if (!found) throw new NotFoundError('subscriber with number', params.phone);
      res.json(phoneLookupView(RECORD_LAYOUTS, found, principalOf(res)));
    },
  );
  return router;
}

export function customersRouter(catalog: RouteCatalog, subscribers: SubscriberService): Router {
  const router = Router();
  catalog.add(
    router,
    '/api/customers',
    {
      method: 'get',
      path: '/:custId',
      tag: 'subscribers',
      summary: 'A customer with tier, status, subscriber lines and recent payments',
      roles: READERS,
      params: CustId,
      responses: { 200: { description: 'the customer; personal data masked by role', schema: CustomerDetailView } },
    },
    async ({ params, res }) => {
      const principal = principalOf(res);
      const { customer, lines } = await subscribers.customerDetail(params.custId);
      res.json({ ...customerView(RECORD_LAYOUTS, customer, principal), lines: lines.map((l) => lineView(RECORD_LAYOUTS, l, principal)) });
    },
  );
  catalog.add(
    router,
    '/api/customers',
    {
      method: 'patch',
      path: '/:custId',
      tag: 'subscribers',
      summary: 'Correct a customer\'s contact details locally (contact person, contact phone, e-mail, address)',
      description: 'Fields that involve identity verification or fees are refused with 422 CORRECTION_NOT_ALLOWED. Each change is recorded (who, when, before, after, reason).',
      roles: ['agent', 'supervisor', 'admin'],
      params: CustId,
      body: CorrectionSchema,
      responses: { 200: { description: 'the customer with the correction in force', schema: CustomerView } },
    },
    async ({ params, body, res }) => {
      const principal = principalOf(res);
      res.json(customerView(RECORD_LAYOUTS, await subscribers.correct(principal, params.custId, body), principal));
    },
  );
  return router;
}

/** Streams the request's one file part to the importer (never the whole file in memory). */
async function receiveFile(req: Request, importer: SubscriberImporter, requestedBy: string, maxBytes: number): Promise<SubscriberImport> {
  const { file } = await receiveMultipart(req, { maxFileBytes: maxBytes, hint: 'send the batch file as the form field "file"' }, async (fileName, content, isTruncated) =>
    (await importer.receiveUpload(fileName, content, requestedBy, isTruncated)).importRecord,
  );
  return file;
}

export function subscriberImportsRouter(catalog: RouteCatalog, importer: SubscriberImporter, maxUploadBytes: number): Router {
  const router = Router();
  const MOUNT = '/api/subscriber-imports';
  catalog.add(
    router,
    MOUNT,
    {
      method: 'post',
      path: '/',
      tag: 'subscribers',
      summary: 'Upload an operator batch file (multipart/form-data, field "file"); it is imported in the background',
      description: `Named CS<code><yyyymmddhhmi><seq>.AVL; at most ${maxUploadBytes} bytes. Follow the import's progress at the Location.`,
      roles: ['admin'],
      responses: { 202: { description: 'received; the import runs', schema: ImportView } },
    },
    async ({ req, res }) => {
      const importRecord = await receiveFile(req, importer, principalOf(res).employeeId, maxUploadBytes);
      res.status(202).location(`${MOUNT}/${importRecord._id}`).json(importView(importRecord));
    },
  );
  catalog.add(
    router,
    MOUNT,
    {
      method: 'get',
      path: '/',
      tag: 'subscribers',
      summary: 'Recent imports of batch files, newest first, with their progress and receipts',
      roles: ['admin', 'auditor'],
      query: z.object({ limit: z.coerce.number().int().min(1).max(200).default(50) }),
      responses: { 200: { description: 'imports', schema: z.object({ items: z.array(ImportView) }) } },
    },
    async ({ query, res }) => {
      res.json({ items: (await importer.list(query.limit)).map(importView) });
    },
  );
  catalog.add(
    router,
    MOUNT,
    {
      method: 'get',
      path: '/:importId',
      tag: 'subscribers',
      summary: 'One import: state, records read, applied, unchanged and bad, and its receipts',
      roles: ['admin', 'auditor'],
      params: z.object({ importId: z.string().regex(/^[A-Za-z0-9._-]{1,80}$/) }),
      responses: { 200: { description: 'the import', schema: ImportView } },
    },
    async ({ params, res }) => {
      res.json(importView(await importer.get(params.importId)));
    },
  );
  return router;
}
