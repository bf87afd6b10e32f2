import { Router } from 'express';
import { z } from 'zod';
import { MailboxMessage, MailboxSummary } from '../../adapters/mail/mailbox';
import type { OutboxEntry } from '../../adapters/mongo/mail-outbox.repository';
import { NotFoundError } from '../../domain/errors';
import type { MailAdmin } from '../../services/mail-admin';
import { MAX_RESEND_BATCH, resendEach } from '../../services/resend-batch';
import { principalOf } from '../auth/authenticate';
import type { RouteCatalog } from '../route';
import { answerPage, PageQuery, pageOf, ResendResultView } from './dead-letters.view';

const MOUNT = '/api/admin';
const ADMINS = ['admin'] as const;

const DeadLetterView = z.object({
  key: z.string(),
  kind: z.string(),
  workOrderId: z.string().nullable(),
  subject: z.string(),
  state: z.enum(['pending', 'sent', 'dead-letter']),
  attempts: z.number().int(),
  lastError: z.string().nullable(),
  createdAt: z.string(),
  deadLetteredAt: z.string().nullable(),
  recipients: z.array(z.object({ employeeId: z.string(), email: z.string(), language: z.string(), state: z.string(), response: z.string().nullable() })),
  skipped: z.array(z.object({ employeeId: z.string(), reason: z.string() })),
  journal: z.array(z.object({ at: z.string(), event: z.string(), by: z.string(), detail: z.string() })).describe('the delivery audit trail: failures, dead-lettering, who resent it'),
});

function deadLetterView(entry: OutboxEntry): z.infer<typeof DeadLetterView> {
  return {
    key: entry.key,
    kind: entry.kind,
    workOrderId: entry.workOrderId ?? null,
    subject: entry.subject,
    state: entry.state,
    attempts: entry.attempts ?? 0,
    lastError: entry.lastError ?? null,
    createdAt: entry.createdAt.toISOString(),
    deadLetteredAt: entry.deadLetteredAt?.toISOString() ?? null,
    recipients: (entry.recipients ?? []).map((r) => ({ employeeId: r.employeeId, email: r.email, language: r.language, state: r.state, response: r.response ?? null })),
    skipped: entry.skipped ?? [],
    journal: (entry.journal ?? []).map((j) => ({ at: j.at.toISOString(), event: j.event, by: j.by, detail: j.detail })),
  };
}

/**
 * Admins: mail that could not be delivered (and sending it again), and in development the
 * local mail peer's mailbox, proxied so the portal reads it with the admin's session.
 */
export function adminMailRouter(catalog: RouteCatalog, admin: MailAdmin): Router {
  const router = Router();

  catalog.add(
    router,
    MOUNT,
    {
      method: 'get',
      path: '/mail/dead-letters',
      tag: 'Mail',
      summary: 'Notifications the mail drainer gave up on (retries exhausted, or delivery uncertain), latest first, one page',
      roles: ADMINS,
      query: PageQuery,
      responses: { 200: { description: 'dead letters', schema: pageOf(DeadLetterView) } },
    },
    async ({ query, res }) => {
      res.json(await answerPage(query, (window) => admin.deadLetters(window), deadLetterView));
    },
  );

  catalog.add(
    router,
    MOUNT,
    {
      method: 'post',
      path: '/mail/dead-letters/resend',
      tag: 'Mail',
      summary: 'Queues a selection of dead-lettered notifications again; each is reported (queued, already re-sent, or refused with its code)',
      roles: ADMINS,
      body: z.strictObject({ keys: z.array(z.string().min(1).max(300)).min(1).max(MAX_RESEND_BATCH) }),
      responses: { 200: { description: 'what happened to each', schema: z.object({ results: z.array(ResendResultView) }) } },
    },
    async ({ body, res }) => {
      const by = principalOf(res).employeeId;
      res.json({ results: await resendEach(body.keys, async (key) => ((await admin.resend(key, by)).alreadyResent ? 'already-resent' : 'queued')) });
    },
  );

  catalog.add(
    router,
    MOUNT,
    {
      method: 'post',
      path: '/mail/dead-letters/:key/resend',
      tag: 'Mail',
      summary: 'Queues a dead-lettered notification again for the recipients that did not get it (journaled with the admin)',
      description: 'The key is URL-encoded (it holds slashes). Recipients whose delivery was uncertain are sent again: the admin decides they did not get it. Asking again once it is queued changes nothing (a double click sends once).',
      roles: ADMINS,
      params: z.object({ key: z.string().min(1).max(300) }),
      responses: {
        202: { description: 'queued; the drainer sends it within its interval', schema: DeadLetterView },
        200: { description: 'an earlier resend queued it already: nothing changed', schema: DeadLetterView },
        409: { description: 'MAIL_NOT_DEAD_LETTERED' },
      },
    },
    async ({ params, res }) => {
      const { entry, alreadyResent } = await admin.resend(params.key, principalOf(res).employeeId);
      res.status(alreadyResent ? 200 : 202).json(deadLetterView(entry));
    },
  );

  catalog.add(
    router,
    MOUNT,
    {
      method: 'get',
      path: '/mailbox',
      tag: 'Mail',
      summary: 'Development: the local mail peer\'s mailbox, newest first (404 MAILBOX_NOT_LOCAL when mail goes to a real server)',
      roles: ADMINS,
      query: z.strictObject({ to: z.string().max(320).optional(), limit: z.coerce.number().int().min(1).max(500).default(100) }),
      responses: { 200: { description: 'messages', schema: z.object({ messages: z.array(MailboxSummary) }) } },
    },
    async ({ query, res }) => {
      res.json({ messages: await admin.mailbox().list(query) });
    },
  );

  catalog.add(
    router,
    MOUNT,
    {
      method: 'get',
      path: '/mailbox/:id',
      tag: 'Mail',
      summary: 'Development: one message of the local mailbox, parsed (text and HTML parts)',
      roles: ADMINS,
      params: z.object({ id: z.string().regex(/^[A-Za-z0-9-]{1,64}$/, 'a mailbox message id') }),
      responses: { 200: { description: 'the message', schema: MailboxMessage } },
    },
    async ({ params, res }) => {
      const message = await admin.mailbox().get(params.id);
      if (!message) throw new NotFoundError('mailbox message', params.id);
      res.json(message);
    },
  );

  return router;
}
