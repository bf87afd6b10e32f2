import request from 'supertest';
import { asUser } from '../support/auth';
import { useTestPlatform } from '../support/test-platform';
import { apiAs, newContact, newWorkOrder } from '../support/work-orders';

describe('bad input gets a clear error and changes nothing', () => {
  const tp = useTestPlatform({ workers: false });
  const agent = () => apiAs(tp().app, 'agent-0101');

  const count = (): Promise<number> => tp().platform.mongo.collection('work_orders').countDocuments();
  let contactId: string;
  beforeAll(async () => {
    contactId = (await agent().post('/api/contacts', newContact())).body.contactId as string;
  });

  it.each([
    ['a missing field', { description: undefined }, 'VALIDATION_FAILED', 'description'],
    ['an unknown type', { type: 'praise' }, 'VALIDATION_FAILED', 'type'],
    ['an unknown field', { status: 'closed' }, 'VALIDATION_FAILED', ''],
    ['a category with spaces', { category: 'Billing / Charges' }, 'VALIDATION_FAILED', 'category'],
    ['a malformed contact id', { contactId: 'C-1' }, 'VALIDATION_FAILED', 'contactId'],
  ])('refuses %s with 400 problem+json naming the field', async (_label, change, code, field) => {
    const before = await count();
    const res = await agent().post('/api/work-orders', newWorkOrder(contactId, change));
    expect(res.status).toBe(400);
    expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(res.body).toMatchObject({ status: 400, code, type: 'urn:closeloop:problem:validation-failed' });
    expect(res.body.title).toEqual(expect.any(String));
    expect(res.body.errors.map((e: { path: string }) => e.path)).toContain(field);
    expect(await count()).toBe(before);
  });

  it('refuses a contact that does not exist with 422 UNKNOWN_CONTACT', async () => {
    const before = await count();
    const res = await agent().post('/api/work-orders', newWorkOrder('CT-19990101-000001'));
    expect(res.status).toBe(422);
    expect(res.body.code).toBe('UNKNOWN_CONTACT');
    expect(await count()).toBe(before);
  });

  it.each([
    ['a contact without a phone', { phone: undefined }, 'phone'],
    ['an unknown tier', { customerTier: 'bronze' }, 'customerTier'],
    ['a region that is no area code', { region: 'Shanghai' }, 'region'],
  ])('refuses %s', async (_label, change, field) => {
    const res = await agent().post('/api/contacts', newContact(change));
    expect(res.status).toBe(400);
    expect(res.body.errors.map((e: { path: string }) => e.path)).toContain(field);
  });

  it('refuses malformed JSON with 400 MALFORMED_JSON', async () => {
    const before = await count();
    const res = await request(tp().app)
      .post('/api/work-orders')
      .set(await asUser(tp().app, 'agent-0101'))
      .set('content-type', 'application/json')
      .send('{"type": "complaint",')
      .expect(400);
    expect(res.body.code).toBe('MALFORMED_JSON');
    expect(await count()).toBe(before);
  });

  it('refuses a body that is not JSON with 415', async () => {
    const res = await request(tp().app).post('/api/work-orders').set(await asUser(tp().app, 'agent-0101')).type('form').send('type=complaint').expect(415);
    expect(res.body.code).toBe('UNSUPPORTED_MEDIA_TYPE');
  });

  it('refuses a body over 64 KiB with 413', async () => {
    const res = await agent().post('/api/work-orders', newWorkOrder(contactId, { description: 'x'.repeat(70_000) }));
    expect(res.status).toBe(413);
    expect(res.body.code).toBe('PAYLOAD_TOO_LARGE');
  });

  it('answers 400 for a malformed id and 404 for an unknown one', async () => {
    const malformed = await agent().get('/api/work-orders/507f1f77bcf86cd799439011');
    expect(malformed.status).toBe(400);
    expect(malformed.body.code).toBe('VALIDATION_FAILED');
    const unknown = await agent().get('/api/work-orders/WO-19990101-000001');
    expect(unknown.status).toBe(404);
    expect(unknown.body).toMatchObject({ code: 'NOT_FOUND', status: 404 });
  });

  it('answers 401 without credentials and 403 for a role that may not create', async () => {
    const anonymous = await request(tp().app).post('/api/work-orders').send(newWorkOrder(contactId));
    expect(anonymous.status).toBe(401);
    expect(anonymous.headers['www-authenticate']).toBe('Bearer');
    const handler = await apiAs(tp().app, 'billing-h1').post('/api/work-orders', newWorkOrder(contactId));
    expect(handler.status).toBe(403);
    expect(handler.body.code).toBe('FORBIDDEN');
  });

  it('answers 404 problem+json for a route that does not exist', async () => {
    const res = await request(tp().app).delete('/api/work-orders').set(await asUser(tp().app, 'agent-0101')).expect(404);
    expect(res.body.code).toBe('ROUTE_NOT_FOUND');
  });
});
