import request from 'supertest';
import type { WorkOrderDoc } from '../../adapters/mongo/work-order.model';
import { useTestPlatform } from '../support/test-platform';
import { apiAs, atStep, newContact, newWorkOrder, raiseWorkOrder, recordWhere } from '../support/work-orders';

const STEP_ACTIONS = ['accept', 'return', 'transfer', 'reroute', 'collaborate', 'collaboration-feedback', 'feedback', 'review', 'verify'] as const;

/** A valid body for every action, so that only the status or the caller decides the answer. */
const VALID_BODY: Record<string, unknown> = {
  accept: {},
  return: { reason: 'misrouted' },
  transfer: { department: 'service-fulfilment', reason: 'needs a line change' },
  reroute: { department: 'billing' },
  collaborate: { departments: ['network-maintenance'], request: 'please check' },
  'collaboration-feedback': { feedback: 'checked' },
  feedback: { feedback: 'done' },
  review: { approved: true },
  verify: { satisfied: true },
  urge: {},
  supervise: {},
  cancel: { reason: 'withdrawn' },
  comments: { text: 'note' },
  attachments: { fileName: 'bill.pdf', contentType: 'application/pdf', sizeBytes: 1024, sha256: 'a'.repeat(64) },
  links: { workOrderId: 'WO-19990101-000001', relation: 'related' },
};

/** Roles each kind of route admits at all; other roles get 403 whatever the id (which reveals nothing). */
const ROUTE_ROLES: Record<string, readonly string[]> = {
  '': ['agent', 'handler', 'supervisor', 'auditor', 'admin'],
  '/progress': ['agent', 'handler', 'supervisor', 'auditor', 'admin'],
  '/urge': ['agent', 'supervisor'],
  '/supervise': ['supervisor'],
  '/cancel': ['agent'],
};
const DEFAULT_ROUTE_ROLES = ['agent', 'handler', 'supervisor'];

describe('work-order rules: status, department isolation, validation', () => {
  // declared before the platform's own hook, so it runs while the platform is still there
  afterAll(async () => {
    for (const id of [atAccept, inProgress]) {
      const doc = await stored(id);
      if (doc.status !== 'cancelled') await tp().platform.zeebe.cancelProcessInstance(doc.processInstanceKey!).catch(() => undefined);
    }
  });
  const tp = useTestPlatform();
  const as = (user: string) => apiAs(tp().app, user);
  const stored = async (id: string): Promise<WorkOrderDoc> => (await tp().platform.workOrders.findById(id))!;

  let atAccept = '';
  let inProgress = '';
  let closed = '';
  beforeAll(async () => {
    const raise = async (): Promise<string> => (await raiseWorkOrder(tp().app)).workOrderId;
    [atAccept, inProgress, closed] = [await raise(), await raise(), await raise()];
    await Promise.all([atAccept, inProgress, closed].map((id) => atStep(tp(), id, 'Activity_Accept')));
    for (const id of [inProgress, closed]) await as('billing-h1').post(`/api/work-orders/${id}/accept`);
    await atStep(tp(), closed, 'Activity_Handle');
    await as('billing-h1').post(`/api/work-orders/${closed}/feedback`, { feedback: 'done' });
    await atStep(tp(), closed, 'Activity_Verify');
    await as('agent-0101').post(`/api/work-orders/${closed}/verify`, { satisfied: true });
    await Promise.all([atStep(tp(), inProgress, 'Activity_Handle'), recordWhere(tp(), closed, (doc) => doc.closedAt !== undefined)]);
  });

  describe('an action in a status where it does not apply answers 409 and changes nothing', () => {
    const cases: [string, () => string, readonly string[]][] = [
      ['dispatched (waiting for acceptance)', () => atAccept, ['reroute', 'collaborate', 'collaboration-feedback', 'feedback', 'review', 'verify']],
      ['in progress', () => inProgress, ['accept', 'reroute', 'collaboration-feedback', 'review', 'verify']],
      ['closed', () => closed, STEP_ACTIONS],
    ];
    it.each(cases)('%s', async (_label, id, actions) => {
      const before = await stored(id());
      for (const action of actions) {
        // center-sup may act at every step of every department: only the status can refuse
        const res = await as('center-sup').post(`/api/work-orders/${id()}/${action}`, VALID_BODY[action]);
        expect([action, res.status, res.body.code]).toEqual([action, 409, 'ACTION_NOT_ALLOWED']);
        expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
      }
      expect((await stored(id())).revision).toBe(before.revision);
    });

    it('closed: urge, supervise and cancel too', async () => {
      const before = await stored(closed);
      for (const [user, action] of [['agent-0101', 'urge'], ['center-sup', 'supervise'], ['agent-0101', 'cancel']] as const) {
        const res = await as(user).post(`/api/work-orders/${closed}/${action}`, VALID_BODY[action]);
        expect([action, res.status, res.body.code]).toEqual([action, 409, 'ACTION_NOT_ALLOWED']);
      }
      expect((await stored(closed)).revision).toBe(before.revision);
    });
  });

  describe("every /:id route refuses other departments' work orders, as if they did not exist", () => {
    const routes = ['', '/progress', ...[...STEP_ACTIONS, 'urge', 'supervise', 'cancel', 'comments', 'attachments', 'links'].map((a) => `/${a}`)];
    it.each([
      ['a handler of another department', 'cr-h1', 'handler'],
      ['a supervisor of another subtree', 'cr-sup', 'supervisor'],
      ['an agent who does not own it', 'agent-0102', 'agent'],
      ['a senior agent with no step of it', 'senior-0201', 'agent'],
    ])('%s gets 404 on every route its role may use (403 on the others)', async (_label, user, role) => {
      const before = await stored(atAccept);
      for (const route of routes) {
        const url = `/api/work-orders/${atAccept}${route}`;
        const res = route === '' || route === '/progress' ? await as(user).get(url) : await as(user).post(url, VALID_BODY[route.slice(1)]);
        const expected = (ROUTE_ROLES[route] ?? DEFAULT_ROUTE_ROLES).includes(role) ? [404, 'NOT_FOUND'] : [403, 'FORBIDDEN'];
        expect([route, res.status, res.body.code]).toEqual([route, ...expected]);
      }
      expect((await stored(atAccept)).revision).toBe(before.revision);
    });

    it('a designer may not read work orders at all (403), an auditor reads but changes nothing (403)', async () => {
      expect((await as('designer-1').get(`/api/work-orders/${atAccept}`)).status).toBe(403);
      expect((await as('auditor-1').get(`/api/work-orders/${atAccept}`)).status).toBe(200);
      for (const route of routes.filter((r) => r.length > 0 && r !== '/progress')) {
        const res = await as('auditor-1').post(`/api/work-orders/${atAccept}${route}`, VALID_BODY[route.slice(1)]);
        expect([route, res.status]).toEqual([route, 403]);
      }
    });

    it('lists and inboxes show only what the caller may see', async () => {
      const mine = await as('billing-h1').get('/api/tasks?view=department');
      expect(mine.body.items.map((t: { workOrderId: string }) => t.workOrderId)).toContain(atAccept);
      const theirs = await as('cr-h1').get('/api/tasks?view=department');
      expect(theirs.body.items.map((t: { workOrderId: string }) => t.workOrderId)).not.toContain(atAccept);
      const listed = await as('cr-h1').get('/api/work-orders?limit=100');
      expect(listed.body.items.map((w: { workOrderId: string }) => w.workOrderId)).not.toContain(atAccept);
    });

    it('masks the phone number for roles that may not see it', async () => {
      expect((await as('agent-0101').get(`/api/work-orders/${atAccept}`)).body.customer.phone).toBe('13912345678');
      expect((await as('billing-h1').get(`/api/work-orders/${atAccept}`)).body.customer.phone).toBe('139****5678');
      expect((await as('auditor-1').get(`/api/work-orders/${atAccept}`)).body.customer.phone).toBe('139****5678');
    });
  });

  describe('bad bodies get 400 and change nothing', () => {
    /** Who sends each action (a role it admits), so that only the body is wrong. */
    const senderOf = (action: string): string => ({ urge: 'agent-0101', supervise: 'billing-sup', cancel: 'agent-0101' })[action] ?? 'billing-h1';
    const bad: [string, unknown, string][] = [
      ['accept', { note: '   ' }, 'note'],
      ['return', {}, 'reason'],
      ['transfer', { department: 'Billing Dept', reason: 'x' }, 'department'],
      ['reroute', {}, 'department'],
      ['collaborate', { departments: [], request: 'x' }, 'departments'],
      ['collaborate', { departments: ['billing', 'billing'], request: 'x' }, 'departments'],
      ['collaboration-feedback', {}, 'feedback'],
      ['feedback', { feedback: 5 }, 'feedback'],
      ['review', { approved: 'yes' }, 'approved'],
      ['verify', {}, 'satisfied'],
      ['urge', { note: 1 }, 'note'],
      ['supervise', { level: 2 }, ''],
      ['cancel', {}, 'reason'],
      ['comments', { text: '' }, 'text'],
      ['attachments', { fileName: '../etc/passwd', contentType: 'text/plain', sizeBytes: 1, sha256: 'a'.repeat(64) }, 'fileName'],
    ];
    it.each(bad)('%s %j', async (action, body, field) => {
      const before = await stored(atAccept);
      const res = await as(senderOf(action)).post(`/api/work-orders/${atAccept}/${action}`, body);
      expect(res.status).toBe(400);
      expect(res.body.code).toBe('VALIDATION_FAILED');
      expect(res.body.errors.map((e: { path: string }) => e.path)).toContain(field);
      expect((await stored(atAccept)).revision).toBe(before.revision);
    });

    it('an unknown department is 422 UNKNOWN_DEPARTMENT; nothing changes', async () => {
      const before = await stored(atAccept);
      const res = await as('billing-h1').post(`/api/work-orders/${atAccept}/transfer`, { department: 'marketing', reason: 'x' });
      expect([res.status, res.body.code]).toEqual([422, 'UNKNOWN_DEPARTMENT']);
      expect((await stored(atAccept)).revision).toBe(before.revision);
    });
  });

  describe('creation', () => {
    it('an idempotency key sent again returns the first work order; with another body it is refused', async () => {
      const agent = as('agent-0101');
      const contactId = (await agent.post('/api/contacts', newContact({ customerId: 'C-IDEM-1' }))).body.contactId as string;
      const key = `idem-${Date.now()}`;
      const results = await Promise.all([1, 2, 3].map(() => agent.post('/api/work-orders', newWorkOrder(contactId), { 'Idempotency-Key': key })));
      const ids = new Set(results.filter((r) => r.status === 201).map((r) => r.body.workOrderId as string));
      expect(ids.size).toBe(1);
      // retried later, when the first is done, it is replayed
      const retried = await agent.post('/api/work-orders', newWorkOrder(contactId), { 'Idempotency-Key': key });
      expect(retried.status).toBe(201);
      expect(retried.headers['idempotent-replayed']).toBe('true');
      expect(retried.body.workOrderId).toBe([...ids][0]);
      expect(await tp().platform.mongo.collection('work_orders').countDocuments({ 'customer.customerId': 'C-IDEM-1' })).toBe(1);
      const reused = await agent.post('/api/work-orders', newWorkOrder(contactId, { description: 'another' }), { 'Idempotency-Key': key });
      expect([reused.status, reused.body.code]).toEqual([422, 'IDEMPOTENCY_KEY_REUSED']);
    });

    it('lists with filters and cursor pagination, newest first, each item once', async () => {
      const customerId = `C-LIST-${Date.now() % 100000}`;
      const raised: string[] = [];
      for (let i = 0; i < 5; i++) raised.push((await raiseWorkOrder(tp().app, { contact: { customerId }, workOrder: { type: i % 2 ? 'consultation' : 'complaint', category: 'plans/5g' } })).workOrderId);
      const seen: string[] = [];
      let cursor: string | null = null;
      do {
        const page = await as('agent-0101').get(`/api/work-orders?q=${customerId}&limit=2${cursor ? `&cursor=${cursor}` : ''}`);
        expect(page.status).toBe(200);
        expect(page.body.items.length).toBeLessThanOrEqual(2);
        seen.push(...page.body.items.map((w: { workOrderId: string }) => w.workOrderId));
        cursor = page.body.nextCursor as string | null;
      } while (cursor);
      expect(seen).toEqual([...raised].reverse());
      const consultations = await as('agent-0101').get(`/api/work-orders?q=${customerId}&type=consultation`);
      expect(consultations.body.items).toHaveLength(2);
      expect((await as('agent-0101').get('/api/work-orders?cursor=not-ours')).status).toBe(400);
      expect((await as('agent-0101').get('/api/work-orders?overdue=maybe')).status).toBe(400);
      for (const id of raised) {
        const doc = await recordWhere(tp(), id, (d) => d.processInstanceKey !== undefined);
        await tp().platform.zeebe.cancelProcessInstance(doc.processInstanceKey!);
      }
    });

    it('comments, attachments and related links are recorded with who and when', async () => {
      const other = (await raiseWorkOrder(tp().app)).workOrderId;
      const commented = await as('billing-h1').post(`/api/work-orders/${atAccept}/comments`, { text: 'Customer prefers SMS.' });
      expect(commented.status).toBe(201);
      expect(commented.body.comments).toEqual([expect.objectContaining({ text: 'Customer prefers SMS.', by: 'billing-h1' })]);
      const attached = await as('agent-0101').post(`/api/work-orders/${atAccept}/attachments`, VALID_BODY.attachments);
      expect(attached.body.attachments).toEqual([expect.objectContaining({ fileName: 'bill.pdf', by: 'agent-0101' })]);
      const linked = await as('agent-0101').post(`/api/work-orders/${atAccept}/links`, { workOrderId: other, relation: 'related' });
      expect(linked.body.links).toEqual([{ workOrderId: other, relation: 'related' }]);
      expect((await stored(other)).links).toEqual([{ workOrderId: atAccept, relation: 'related' }]);
      expect(linked.body.history.map((h: { action: string }) => h.action)).toEqual(expect.arrayContaining(['comment', 'attachment', 'link']));
      const doc = await recordWhere(tp(), other, (d) => d.processInstanceKey !== undefined);
      await tp().platform.zeebe.cancelProcessInstance(doc.processInstanceKey!);
    });
  });

  it('serves an OpenAPI document generated from the same schemas', async () => {
    const res = await request(tp().app).get('/api/openapi.json').expect(200);
    expect(res.body.openapi).toBe('3.1.0');
    for (const action of [...STEP_ACTIONS, 'urge', 'supervise', 'cancel']) {
      expect(res.body.paths[`/api/work-orders/{id}/${action}`]?.post).toBeDefined();
    }
    const transfer = res.body.paths['/api/work-orders/{id}/transfer'].post;
    expect(transfer.requestBody.content['application/json'].schema.required).toEqual(['department', 'reason']);
    expect(res.body.paths['/api/work-orders'].get.parameters.map((p: { name: string }) => p.name)).toEqual(
      expect.arrayContaining(['status', 'department', 'type', 'tier', 'overdue', 'q', 'limit', 'cursor']),
    );
  });
});
