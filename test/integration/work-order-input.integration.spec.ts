import request from 'supertest';
import { newWorkOrder, useTestPlatform } from '../support/test-platform';

describe('bad input gets a clear error and changes nothing', () => {
  const tp = useTestPlatform({ workers: false });

  const count = (): Promise<number> => tp().platform.mongo.collection('work_orders').countDocuments();

  it.each([
    ['a missing field', { ...newWorkOrder(), description: undefined }, 'VALIDATION_FAILED', 'description'],
    ['an unknown type', newWorkOrder({ type: 'praise' }), 'VALIDATION_FAILED', 'type'],
    ['an unknown field', newWorkOrder({ status: 'closed' }), 'VALIDATION_FAILED', ''],
    ['a wrong value type', newWorkOrder({ region: 21 }), 'VALIDATION_FAILED', 'region'],
  ])('refuses %s with 400 problem+json naming the field', async (_label, body, code, field) => {
    const before = await count();
    const res = await request(tp().app).post('/api/work-orders').send(body).expect(400);
    expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(res.body).toMatchObject({ status: 400, code, type: 'urn:closeloop:problem:validation-failed' });
    expect(res.body.title).toEqual(expect.any(String));
    expect(res.body.errors.map((e: { path: string }) => e.path)).toContain(field);
    expect(await count()).toBe(before);
  });

  it('refuses malformed JSON with 400 MALFORMED_JSON', async () => {
    const before = await count();
    const res = await request(tp().app)
      .post('/api/work-orders')
      .set('content-type', 'application/json')
      .send('{"type": "complaint",')
      .expect(400);
    expect(res.body.code).toBe('MALFORMED_JSON');
    expect(await count()).toBe(before);
  });

  it('refuses a body that is not JSON with 415', async () => {
    const before = await count();
    const res = await request(tp().app).post('/api/work-orders').type('form').send('type=complaint').expect(415);
    expect(res.body.code).toBe('UNSUPPORTED_MEDIA_TYPE');
    expect(await count()).toBe(before);
  });

  it('refuses a body over 64 KiB with 413', async () => {
    const res = await request(tp().app)
      .post('/api/work-orders')
      .send(newWorkOrder({ description: 'x'.repeat(70_000) }))
      .expect(413);
    expect(res.body.code).toBe('PAYLOAD_TOO_LARGE');
  });

  it('answers 400 for a malformed id and 404 for an unknown one', async () => {
    const malformed = await request(tp().app).get('/api/work-orders/507f1f77bcf86cd799439011').expect(400);
    expect(malformed.body.code).toBe('VALIDATION_FAILED');
    const unknown = await request(tp().app).get('/api/work-orders/WO-19990101-000001').expect(404);
    expect(unknown.body).toMatchObject({ code: 'NOT_FOUND', status: 404 });
  });

  it('answers 404 problem+json for a route that does not exist', async () => {
    const res = await request(tp().app).delete('/api/work-orders').expect(404);
    expect(res.body.code).toBe('ROUTE_NOT_FOUND');
  });
});
