import { Router } from 'express';
import { z } from 'zod';
import { BlacklistEditSchema, BlacklistProposalSchema, PhoneNumberSchema } from '../../domain/outreach/blacklist';
import { ContactPreferenceSchema } from '../../domain/outreach/do-not-call';
import { Text } from '../../domain/work-order/work-order';
import type { DoNotCallRules } from '../../services/do-not-call-rules';
import { principalOf } from '../auth/authenticate';
import { BlacklistEntryView, blacklistEntryView, listedPhone, PreferenceView, preferenceView } from '../outreach.view';
import type { RouteCatalog } from '../route';

const PhoneParams = z.object({ phone: PhoneNumberSchema });
/** Who serves customers or checks the service: they may look the rules up. */
const READERS = ['agent', 'supervisor', 'admin', 'auditor'] as const;
const KEEPERS = ['supervisor', 'admin'] as const;

export function blacklistRouter(catalog: RouteCatalog, rules: DoNotCallRules): Router {
  const router = Router();
  const MOUNT = '/api/blacklist';
  catalog.add(
    router,
    MOUNT,
    {
      method: 'get',
      path: '/',
      tag: 'do-not-call',
      summary: 'Blacklist entries, newest proposal first',
      description: 'Numbers are masked for agents and auditors.',
      roles: READERS,
      query: z.object({ state: z.enum(['proposed', 'confirmed']).optional() }),
      responses: { 200: { description: 'entries', schema: z.object({ items: z.array(BlacklistEntryView) }) } },
    },
    async ({ query, res }) => {
      const principal = principalOf(res);
      res.json({ items: (await rules.listBlacklist(query.state)).map((e) => blacklistEntryView(e, listedPhone(principal, e._id))) });
    },
  );
  catalog.add(
    router,
    MOUNT,
    { method: 'get', path: '/:phone', tag: 'do-not-call', summary: 'The blacklist entry of a number, if it has one', roles: READERS, params: PhoneParams, responses: { 200: { description: 'the entry', schema: BlacklistEntryView } } },
    async ({ params, res }) => {
      res.json(blacklistEntryView(await rules.blacklistEntry(params.phone)));
    },
  );
  catalog.add(
    router,
    MOUNT,
    {
      method: 'post',
      path: '/',
      tag: 'do-not-call',
      summary: 'Propose a blacklist entry (it applies once a supervisor confirms it)',
      roles: ['agent', ...KEEPERS],
      body: BlacklistProposalSchema,
      responses: { 201: { description: 'the proposed entry', schema: BlacklistEntryView }, 409: { description: 'BLACKLIST_ENTRY_EXISTS: the number has an entry already' } },
    },
    async ({ body, res }) => {
      const entry = await rules.propose(principalOf(res), body);
      res.status(201).location(`${MOUNT}/${entry._id}`).json(blacklistEntryView(entry));
    },
  );
  catalog.add(
    router,
    MOUNT,
    {
      method: 'post',
      path: '/:phone/confirm',
      tag: 'do-not-call',
      summary: 'Confirm a proposed entry: from now on the number is kept out of every call',
      roles: KEEPERS,
      params: PhoneParams,
      responses: { 200: { description: 'the confirmed entry', schema: BlacklistEntryView }, 409: { description: 'BLACKLIST_ENTRY_STATE: not a proposal' } },
    },
    async ({ params, res }) => {
      res.json(blacklistEntryView(await rules.confirm(principalOf(res), params.phone)));
    },
  );
  catalog.add(
    router,
    MOUNT,
    { method: 'patch', path: '/:phone', tag: 'do-not-call', summary: 'Correct an entry\'s category or reason', roles: KEEPERS, params: PhoneParams, body: BlacklistEditSchema, responses: { 200: { description: 'the entry', schema: BlacklistEntryView } } },
    async ({ params, body, res }) => {
      res.json(blacklistEntryView(await rules.edit(principalOf(res), params.phone, body)));
    },
  );
  catalog.add(
    router,
    MOUNT,
    {
      method: 'delete',
      path: '/:phone',
      tag: 'do-not-call',
      summary: 'Reject a proposal or delete an entry',
      roles: KEEPERS,
      params: PhoneParams,
      query: z.object({ reason: Text(500).describe('why (kept in the audit trail)') }),
      responses: { 200: { description: 'the entry as it was', schema: BlacklistEntryView } },
    },
    async ({ params, query, res }) => {
      res.json(blacklistEntryView(await rules.remove(principalOf(res), params.phone, query.reason)));
    },
  );
  return router;
}

const PreferenceBody = z.strictObject({ ...ContactPreferenceSchema.shape, note: Text(500).optional().describe('what the customer said, in the agent\'s words') });

export function contactPreferencesRouter(catalog: RouteCatalog, rules: DoNotCallRules): Router {
  const router = Router();
  const MOUNT = '/api/contact-preferences';
  catalog.add(
    router,
    MOUNT,
    { method: 'get', path: '/:phone', tag: 'do-not-call', summary: 'What the customer on a number asked about being called', roles: READERS, params: PhoneParams, responses: { 200: { description: 'the preference', schema: PreferenceView } } },
    async ({ params, res }) => {
      res.json(preferenceView(await rules.preference(params.phone)));
    },
  );
  catalog.add(
    router,
    MOUNT,
    {
      method: 'put',
      path: '/:phone',
      tag: 'do-not-call',
      summary: 'Record what the customer asked: kinds of call refused, no calls before a date, quiet hours',
      description: 'Replaces the number\'s preference; one that asks nothing removes it (204).',
      roles: ['agent', ...KEEPERS],
      params: PhoneParams,
      body: PreferenceBody,
      responses: { 200: { description: 'the preference in force', schema: PreferenceView }, 204: { description: 'the number has no preference any more' } },
    },
    async ({ params, body, res }) => {
      const stored = await rules.setPreference(principalOf(res), params.phone, body);
      if (stored) res.json(preferenceView(stored));
      else res.status(204).end();
    },
  );
  return router;
}
