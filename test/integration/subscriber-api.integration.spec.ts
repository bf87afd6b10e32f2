import { readdir } from 'node:fs/promises';
import request from 'supertest';
import { ensureBatchDirs } from '../../services/batch-dirs';
import { asUser } from '../support/auth';
import { batchLine, batchName, stampAfter, useBatchEnvironment, writeBatch } from '../support/subscriber-batch';
import { eventually, useTestPlatform } from '../support/test-platform';

useBatchEnvironment({ SUBSCRIBER_UPLOAD_MAX_MB: '1' });
const tp = useTestPlatform({ workers: false });

const CUST = '7101';
const PHONE = '13966610001';

beforeAll(async () => {
  const importer = tp().platform.subscriberImports;
  await ensureBatchDirs(importer.dirs);
  const month = stampAfter(tp().clock.now(), 0).slice(0, 6);
  for (const [code, line] of [
    ['00101', batchLine('00101', { custId: CUST, group: '02' })],
    ['00102', batchLine('00102', { custId: CUST })],
    ['00201', batchLine('00201', { subscriberId: 8101, custId: CUST, svcNum: PHONE })],
    ['00301', batchLine('00301', { subscriberId: 8101, custId: CUST, feeMonth: month, payFee: 12345 })],
  ] as const) {
    await importer.importFile(await writeBatch(importer.dirs.work, batchName(code), [line]), { source: 'cli' });
  }
});

describe('subscriber lookups', () => {
  it('gives an agent the line, the customer, tier and status by phone, certificate masked', async () => {
    // when
    const res = await request(tp().app).get(`/api/subscribers/by-phone/${PHONE}`).set(await asUser(tp().app, 'agent-0101'));

    // then
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ phone: PHONE, status: 'active', subscriber: { subscriberId: '8101', svcNum: PHONE, openDate: '2020-01-01 09:00:00' } });
    expect(res.body.customer).toMatchObject({ custId: CUST, tier: 'platinum', status: 'current', customer: { contactPhone: '13900001234', certNumber: '**************1234' } });
  });

  it('masks phones, addresses and certificates for handlers, refuses designers and answers 404 for an unknown number', async () => {
    const app = tp().app;
    const handler = await request(app).get(`/api/subscribers/by-phone/${PHONE}`).set(await asUser(app, 'billing-h1'));
    expect(handler.body).toMatchObject({ phone: '139****0001', customer: { customer: { contactPhone: '139****1234', address: '上海市浦东新***' } } });
    const designer = await request(app).get(`/api/subscribers/by-phone/${PHONE}`).set(await asUser(app, 'designer-1'));
    expect(designer).toMatchObject({ status: 403, body: { code: 'FORBIDDEN' } });
    const unknown = await request(app).get('/api/subscribers/by-phone/13900000000').set(await asUser(app, 'agent-0101'));
    expect(unknown).toMatchObject({ status: 404, body: { code: 'NOT_FOUND' } });
  });

  it('shows a customer with its lines and recent payments', async () => {
    const res = await request(tp().app).get(`/api/customers/${CUST}`).set(await asUser(tp().app, 'center-sup'));
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ custId: CUST, individual: { gender: 'M' }, customer: { certNumber: '310101199001011234' } });
    expect(res.body.lines).toEqual([expect.objectContaining({ status: 'active', payments: [expect.objectContaining({ payFee: 12345 })] })]);
  });
});

describe('local corrections', () => {
  it('corrects contact details, records who, when, before, after and why, until billing sends a newer record', async () => {
    const app = tp().app;
    // when
    const res = await request(app)
      .patch(`/api/customers/${CUST}`)
      .set(await asUser(app, 'agent-0101'))
      .send({ changes: { contactPerson: '张小伟', email: 'xw@example.cn' }, reason: 'customer gave a new contact on the phone' });

    // then
    expect(res.status).toBe(200);
    expect(res.body.customer).toMatchObject({ contactPerson: '张小伟', email: 'xw@example.cn', name: '张伟' });
    expect(res.body.corrections).toEqual(
      expect.arrayContaining([expect.objectContaining({ field: 'contactPerson', before: '张伟', after: '张小伟', by: 'agent-0101', reason: 'customer gave a new contact on the phone' })]),
    );

    // when billing's next record (newer than the correction) arrives, it is the truth again
    const importer = tp().platform.subscriberImports;
    await importer.importFile(await writeBatch(importer.dirs.work, batchName('00101'), [batchLine('00101', { custId: CUST, group: '02', contactPerson: '张大伟', updateTime: stampAfter(tp().clock.now(), 1) })]), { source: 'cli' });
    const after = await request(app).get(`/api/customers/${CUST}`).set(await asUser(app, 'agent-0101'));
    expect(after.body).toMatchObject({ customer: { contactPerson: '张大伟', email: 'zhang.wei@example.cn' }, corrections: [] });
  });

  it('refuses fields that involve identity or fees, and roles that may not correct, changing nothing', async () => {
    const app = tp().app;
    const identity = await request(app)
      .patch(`/api/customers/${CUST}`)
      .set(await asUser(app, 'agent-0101'))
      .send({ changes: { certNumber: '310101199001019999', contactPerson: 'x' }, reason: 'typo' });
    expect(identity).toMatchObject({ status: 422, body: { code: 'CORRECTION_NOT_ALLOWED' } });
    expect(identity.body.detail).toContain('certNumber');
    const fees = await request(app).patch(`/api/customers/${CUST}`).set(await asUser(app, 'center-sup')).send({ changes: { credit: '9999' }, reason: 'goodwill' });
    expect(fees).toMatchObject({ status: 422, body: { code: 'CORRECTION_NOT_ALLOWED' } });
    const badValue = await request(app).patch(`/api/customers/${CUST}`).set(await asUser(app, 'agent-0101')).send({ changes: { email: 'not-mail' }, reason: 'typo' });
    expect(badValue).toMatchObject({ status: 400, body: { code: 'VALIDATION_FAILED' } });
    const handler = await request(app).patch(`/api/customers/${CUST}`).set(await asUser(app, 'billing-h1')).send({ changes: { email: 'a@b.cn' }, reason: 'typo' });
    expect(handler).toMatchObject({ status: 403, body: { code: 'FORBIDDEN' } });
    const unchanged = await tp().platform.subscribers.lookupCustomer(CUST);
    expect(unchanged?.customer).toMatchObject({ certNumber: '310101199001011234', credit: 500, email: 'zhang.wei@example.cn' });
  });
});

describe('batch file upload', () => {
  it('lets an admin upload a file, answers 202 and shows the import progress and receipt', async () => {
    const app = tp().app;
    const name = batchName('00201');
    const content = [8201, 8202, 8203].map((id) => `${batchLine('00201', { subscriberId: id, custId: CUST, svcNum: `139666${id}0` })}\n`).join('');

    // when
    const res = await request(app).post('/api/subscriber-imports').set(await asUser(app, 'admin')).attach('file', Buffer.from(content), name);

    // then
    expect(res.status).toBe(202);
    expect(res.body).toMatchObject({ fileName: name, source: 'upload', requestedBy: 'admin' });
    const done = await eventually(
      async () => (await request(app).get(res.headers.location!).set(await asUser(app, 'auditor-1'))).body as { state: string },
      (body) => body.state === 'done',
    );
    expect(done).toMatchObject({ progress: { records: 3, applied: 3, unchanged: 0, bad: 0 }, receipts: [`Ret/Right/${name.replace('.AVL', '')}.right`] });
    const list = await request(app).get('/api/subscriber-imports').set(await asUser(app, 'admin'));
    expect((list.body as { items: { importId: string }[] }).items.map((i) => i.importId)).toContain(res.body.importId);
  });

  it('refuses uploads from other roles and files not named as batch files', async () => {
    const app = tp().app;
    const agent = await request(app).post('/api/subscriber-imports').set(await asUser(app, 'agent-0101')).attach('file', Buffer.from('x\n'), batchName('00201'));
    expect(agent).toMatchObject({ status: 403, body: { code: 'FORBIDDEN' } });
    const badName = await request(app).post('/api/subscriber-imports').set(await asUser(app, 'admin')).attach('file', Buffer.from('x\n'), 'subscribers.csv');
    expect(badName).toMatchObject({ status: 422, body: { code: 'INVALID_BATCH_FILE_NAME' } });
    const tooLarge = await request(app).post('/api/subscriber-imports').set(await asUser(app, 'admin')).attach('file', Buffer.alloc(1024 * 1024 + 1, 0x20), batchName('00201'));
    expect(tooLarge).toMatchObject({ status: 413, body: { code: 'BATCH_FILE_TOO_LARGE' } });
    expect((await readdir(tp().platform.subscriberImports.dirs.work)).filter((n) => !n.startsWith('CS'))).toEqual([]);
    const notMultipart = await request(app).post('/api/subscriber-imports').set(await asUser(app, 'admin')).send({ file: 'x' });
    expect(notMultipart).toMatchObject({ status: 415, body: { code: 'UNSUPPORTED_MEDIA_TYPE' } });
  });
});
