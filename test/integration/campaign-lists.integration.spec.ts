import ExcelJS from 'exceljs';
import request from 'supertest';
import { campaignIn, type CampaignDoc } from '../../adapters/mongo/campaign.repository';
import { EXEMPT_LINES } from '../../adapters/mongo/subscriber.repository';
import { DEFAULT_ATTEMPT_RULES } from '../../domain/outreach/attempt-rules';
import { ensureBatchDirs } from '../../services/batch-dirs';
import { exemptLineIndex } from '../../services/exempt-lines';
import { mongoSubscriberRepository } from '../../adapters/mongo/subscriber.repository';
import { documentLocks } from '../../adapters/mongo/document-lock';
import { asUser } from '../support/auth';
import { batchLine, batchName, useBatchEnvironment, writeBatch } from '../support/subscriber-batch';
import { eventually, useTestPlatform } from '../support/test-platform';

/**
 * Call lists end to end on the real database and API: the do-not-call rules kept through their
 * API, the subscriber store's exempt lines kept by its importer, then CSV and XLSX lists with a
 * row for every kind of exclusion, their counts, pages and filtered-rows report.
 */
useBatchEnvironment({ CAMPAIGN_LIST_MAX_ROWS: '30', CAMPAIGN_LIST_MAX_MB: '1' });
const tp = useTestPlatform({ workers: false });

const n = (i: number): string => `137660100${String(i).padStart(2, '0')}`;
const app = () => tp().app;

const SETTINGS = {
  name: '宽带续约提醒 2026-12',
  kind: 'marketing',
  script: '您好，这里是客服中心……',
  dialMode: 'preview',
  departmentId: 'billing',
  agentTeam: 'billing-disputes',
  windows: { calendarId: 'cn-mainland', workday: [{ start: '09:00', end: '12:00' }, { start: '14:00', end: '20:00' }], restDay: [] },
  rules: DEFAULT_ATTEMPT_RULES,
  pacing: { waveSize: 100, every: 'PT5M' },
  firstDay: '2026-12-01',
  lastDay: '2026-12-31',
};

async function createCampaign(): Promise<string> {
  const res = await request(app()).post('/api/campaigns').set(await asUser(app(), 'billing-sup')).send(SETTINGS);
  expect(res.status).toBe(201);
  return res.body.campaignId as string;
}

const campaign = async (id: string): Promise<CampaignDoc> => (await tp().platform.campaignRepository.find(id))!;

/** The list: one row per case, in the order of the expectations below (a blank row after row 13). */
const LIST_ROWS: [phone: string | number, name: string][] = [
  [n(1), '黑名单'],
  [n(2), '待确认黑名单'],
  [n(3), '拒绝营销'],
  [n(4), '暂不联系'],
  [n(5), '免打扰时段'],
  [n(6), '已达上限'],
  [n(7), '旧的呼叫'],
  [n(8), '传真'],
  [n(9), '停机'],
  [n(10), '正常'],
  [n(11), '号码重用'],
  [n(12), '后来停机'],
  [n(13), '恢复正常'],
  ['', ''],
  ['abc', '无效'],
  [`+86 137 6601 00${'10'}`, '重复'],
  ['1376601001', '位数不对'],
  [n(14), '黑名单且停机'],
];
const EXPECTED_FILTERED = { blacklisted: 2, 'exempt-line': 3, 'do-not-disturb': 1, 'do-not-call-window': 1, 'attempt-cap': 1, 'invalid-number': 2, duplicate: 1 };
/** Rows of the file (header = row 1) that are filtered, with why. */
const EXPECTED_REPORT = [
  [2, n(1), 'blacklisted'],
  [4, n(3), 'do-not-disturb'],
  [5, n(4), 'do-not-call-window'],
  [7, n(6), 'attempt-cap'],
  [9, n(8), 'exempt-line'],
  [10, n(9), 'exempt-line'],
  [13, n(12), 'exempt-line'],
  [16, 'abc', 'invalid-number'],
  [17, n(10), 'duplicate'],
  [18, '1376601001', 'invalid-number'],
  [19, n(14), 'blacklisted'],
].map(([row, phone, reason]) => ({ row, phone, reason }));

const CSV = Buffer.from(`\uFEFF手机号码,姓名,客户编号,套餐\r\n${LIST_ROWS.map(([phone, name], i) => (phone === '' ? '' : `${phone},${name},C${i + 1},"畅享, 199元"`)).join('\r\n')}\r\n`);
const MAPPING = { phone: '手机号码', name: '姓名', custId: '客户编号', extra: ['套餐'] };

async function xlsxList(): Promise<Buffer> {
  const workbook = new ExcelJS.Workbook();
  const sheet = workbook.addWorksheet('外呼名单');
  sheet.addRow(['手机号码', '姓名', '客户编号', '套餐']);
  // numbers as spreadsheets keep them: numeric cells where they are plain digits
  LIST_ROWS.forEach(([phone, name], i) => sheet.addRow(phone === '' ? [] : [/^\d{11}$/.test(String(phone)) ? Number(phone) : phone, name, `C${i + 1}`, '畅享, 199元']));
  return Buffer.from(await workbook.xlsx.writeBuffer());
}

const upload = async (campaignId: string, file: Buffer, fileName: string, mapping: unknown = MAPPING, user = 'billing-sup') =>
  request(app())
    .post(`/api/campaigns/${campaignId}/list`)
    .set(await asUser(app(), user))
    .field('mapping', typeof mapping === 'string' ? mapping : JSON.stringify(mapping))
    .attach('file', file, fileName);

const importedList = (campaignId: string): Promise<CampaignDoc> => eventually(() => campaign(campaignId), (c) => c.list?.state !== 'importing', { timeoutMs: 30_000 });

beforeAll(async () => {
  const platform = tp().platform;
  const importer = platform.subscriberImports;
  await ensureBatchDirs(importer.dirs);
  const line = (subscriberId: number, svcNum: string, values: Record<string, string> = {}) => batchLine('00201', { subscriberId, custId: 96001, svcNum, ...values });
  // the subscriber store: its importer keeps the exempt-line index
  await importer.importFile(
    await writeBatch(importer.dirs.work, batchName('00201'), [
      line(96608, n(8), { service: 'FAXL' }),
      line(96609, n(9), { status: '11' }),
      line(96610, n(10)),
      line(96611, n(11), { status: '20', updateTime: '20250101000000' }),
      line(96621, n(11)),
      line(96612, n(12)),
      line(96613, n(13), { status: '12' }),
      line(96614, n(14), { status: '11' }),
      line(96615, n(15), { status: '11' }),
    ]),
    { source: 'cli' },
  );
  // the next day: one line suspended, one active again, one moved to another number
  await importer.importFile(
    await writeBatch(importer.dirs.work, batchName('00201'), [
      line(96612, n(12), { status: '11', updateTime: '20261121235959' }),
      line(96613, n(13), { updateTime: '20261121235959' }),
      line(96615, n(16), { status: '11', updateTime: '20261121235959' }),
    ]),
    { source: 'cli' },
  );

  // the number rules, kept by agents and supervisors through the API
  const agent = await asUser(app(), 'agent-0101');
  const supervisor = await asUser(app(), 'billing-sup');
  for (const i of [1, 2, 14]) expect((await request(app()).post('/api/blacklist').set(agent).send({ phone: n(i), category: 'harassment', reason: '多次骚扰坐席' })).status).toBe(201);
  for (const i of [1, 14]) expect((await request(app()).post(`/api/blacklist/${n(i)}/confirm`).set(supervisor)).status).toBe(200);
  const prefer = async (i: number, body: object) => expect((await request(app()).put(`/api/contact-preferences/${n(i)}`).set(agent).send(body)).status).toBe(200);
  await prefer(3, { refusedKinds: ['marketing'] });
  await prefer(4, { notBefore: '2027-02-01' });
  await prefer(5, { quietHours: [{ start: '12:00', end: '14:00' }] });
  // calls placed across campaigns: six within the period reach the cap (6), six two months ago did once
  const now = tp().clock.now().getTime();
  for (const [i, daysAgo] of [[6, 2], [7, 60]] as const) {
    for (let k = 5; k >= 0; k--) await platform.numberFacts.recordAttempt(n(i), `test-${i}-${k}`, new Date(now - (daysAgo * 24 + k) * 3_600_000));
  }
});

describe('the exempt-line index', () => {
  it('holds the numbers whose current line may not take a call, as the importer applied each day\'s records', async () => {
    const stored = await tp().platform.mongo.db!.collection(EXEMPT_LINES).find({}).toArray();
    const ours = stored.map((d) => String(d._id)).filter((p) => p.startsWith('137660100')).sort();
    // fax, suspended, suspended the next day, suspended, and the number a suspended line moved to
    expect(ours).toEqual([n(8), n(9), n(12), n(14), n(16)]);
  });

  it('is rebuilt from the store to the same content', async () => {
    const mongo = tp().platform.mongo;
    const result = await exemptLineIndex(mongoSubscriberRepository(mongo, await documentLocks(mongo))).rebuild();
    expect(result.removed).toBe(0);
    const stored = await mongo.db!.collection(EXEMPT_LINES).find({}).toArray();
    expect(stored.map((d) => String(d._id)).filter((p) => p.startsWith('137660100')).sort()).toEqual([n(8), n(9), n(12), n(14), n(16)]);
  });
});

describe('call list import', () => {
  it('previews a file: header, first rows, format and a suggested mapping', async () => {
    const res = await request(app()).post('/api/campaigns/list-preview').set(await asUser(app(), 'billing-sup')).attach('file', CSV, '名单.csv');
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({
      fileName: '名单.csv',
      format: 'csv',
      encoding: 'utf-8',
      delimiter: ',',
      headerRow: 1,
      headers: ['手机号码', '姓名', '客户编号', '套餐'],
      expectedRows: 17,
      suggestedMapping: MAPPING,
    });
    expect(res.body.rows).toHaveLength(10);
    expect(res.body.rows[0]).toEqual([n(1), '黑名单', 'C1', '畅享, 199元']);

    const xlsx = await request(app()).post('/api/campaigns/list-preview').set(await asUser(app(), 'admin')).attach('file', await xlsxList(), '名单.xlsx');
    expect(xlsx.body).toMatchObject({ format: 'xlsx', headers: ['手机号码', '姓名', '客户编号', '套餐'], suggestedMapping: MAPPING });
    expect(xlsx.body.rows[0]).toEqual([n(1), '黑名单', 'C1', '畅享, 199元']);
  });

  it('imports a CSV list: every exclusion counted by reason, pages in file order, the campaign ready', async () => {
    const id = await createCampaign();

    // when
    const res = await upload(id, CSV, '名单.csv');

    // then
    expect(res.status).toBe(202);
    expect(res.headers.location).toBe(`/api/campaigns/${id}`);
    expect(res.body).toMatchObject({ state: 'importing', list: { state: 'importing', fileName: '名单.csv', format: 'csv', expectedRows: 17 } });
    const done = await importedList(id);
    expect(done.state).toBe('ready');
    expect(done.list).toMatchObject({ state: 'done', rows: 17, eligible: 6, pages: 1, headerRow: 1, encoding: 'utf-8', filtered: EXPECTED_FILTERED });
    const shown = await request(app()).get(`/api/campaigns/${id}`).set(await asUser(app(), 'auditor-1'));
    expect(shown.body).toMatchObject({ state: 'ready', list: { rows: 17, eligible: 6, filtered: EXPECTED_FILTERED }, history: expect.arrayContaining([expect.objectContaining({ action: 'list-imported' })]) });

    const page = await tp().platform.campaignRepository.readPage(id, 1);
    expect(page?.contacts).toHaveLength(17);
    expect(page?.contacts[0]).toEqual({ seq: 1, phone: n(1), name: '黑名单', custId: 'C1', extra: { 套餐: '畅享, 199元' }, excluded: 'blacklisted' });
    expect(page?.contacts[1]).toEqual({ seq: 2, phone: n(2), name: '待确认黑名单', custId: 'C2', extra: { 套餐: '畅享, 199元' } });
    expect(page?.contacts.filter((c) => !c.excluded).map((c) => c.phone)).toEqual([n(2), n(5), n(7), n(10), n(11), n(13)]);
    expect(page?.contacts.map((c) => c.seq)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 15, 16, 17, 18]);
    // the audit record follows the campaign's last change
    await eventually(async () => (await tp().platform.audit.about(id)).map((a) => a.action), (actions) => actions.includes('campaign.list-imported'));
    expect((await tp().platform.audit.about(id)).find((a) => a.action === 'campaign.list-import-started')?.detail).toMatchObject({ fileName: '名单.csv', format: 'csv', mapping: MAPPING });
  });

  it('reports the filtered rows: numbers for supervisors, masked for auditors, in parts or as CSV', async () => {
    const id = await createCampaign();
    await upload(id, CSV, '名单.csv');
    await importedList(id);

    const full = await request(app()).get(`/api/campaigns/${id}/list/filtered`).set(await asUser(app(), 'billing-sup'));
    expect(full.status).toBe(200);
    expect(full.body).toEqual({ campaignId: id, filtered: EXPECTED_FILTERED, items: EXPECTED_REPORT, next: null });

    const parts: unknown[] = [];
    let cursor: string | null = '';
    do {
      const part: request.Response = await request(app())
        .get(`/api/campaigns/${id}/list/filtered`)
        .query({ limit: 4, ...(cursor ? { cursor } : {}) })
        .set(await asUser(app(), 'billing-sup'));
      parts.push(...(part.body.items as unknown[]));
      cursor = part.body.next as string | null;
    } while (cursor);
    expect(parts).toEqual(EXPECTED_REPORT);

    const masked = await request(app()).get(`/api/campaigns/${id}/list/filtered`).set(await asUser(app(), 'auditor-1'));
    expect(masked.body.items.slice(0, 2)).toEqual([
      { row: 2, phone: '137****0001', reason: 'blacklisted' },
      { row: 4, phone: '137****0003', reason: 'do-not-disturb' },
    ]);
    expect(masked.body.items[7]).toEqual({ row: 16, phone: 'a*c', reason: 'invalid-number' });

    const csv = await request(app()).get(`/api/campaigns/${id}/list/filtered?format=csv`).set(await asUser(app(), 'billing-sup'));
    expect(csv.headers['content-type']).toMatch(/^text\/csv/);
    expect(csv.text).toBe(`row,phone,reason\r\n${EXPECTED_REPORT.map((r) => `${r.row},${r.phone},${r.reason}\r\n`).join('')}`);

    const otherDepartment = await request(app()).get(`/api/campaigns/${id}/list/filtered`).set(await asUser(app(), 'vip-sup'));
    expect(otherDepartment).toMatchObject({ status: 404, body: { code: 'NOT_FOUND' } });
  });

  it('imports the same list from XLSX with the same outcome', async () => {
    const id = await createCampaign();
    expect((await upload(id, await xlsxList(), '名单.xlsx')).status).toBe(202);
    const done = await importedList(id);
    expect(done).toMatchObject({ state: 'ready', list: { state: 'done', format: 'xlsx', rows: 17, eligible: 6, filtered: EXPECTED_FILTERED } });
    const report = await request(app()).get(`/api/campaigns/${id}/list/filtered`).set(await asUser(app(), 'admin'));
    expect(report.body.items).toEqual(EXPECTED_REPORT);
  });

  it('gives the same pages when the same file is imported again, replacing the earlier list', async () => {
    const id = await createCampaign();
    const bigger = Buffer.concat([CSV, Buffer.from(`${n(20)},新增,C20,x\r\n`)]);
    await upload(id, bigger, 'first.csv');
    await importedList(id);
    await upload(id, CSV, '名单.csv');
    const first = await importedList(id);
    const pagesFirst = await tp().platform.campaignRepository.readPage(id, 1);

    // when
    expect((await upload(id, CSV, '名单.csv')).status).toBe(202);

    // then
    const second = await importedList(id);
    expect(second.list).toMatchObject({ state: 'done', rows: first.list!.rows, filtered: first.list!.filtered, pages: 1, sha256: first.list!.sha256 });
    expect(await tp().platform.campaignRepository.readPage(id, 1)).toEqual(pagesFirst);
    expect(await tp().platform.campaignRepository.readPage(id, 2)).toBeNull();
  });

  it('takes a campaign over from an import that died with its process, not from one that runs', async () => {
    const id = await createCampaign();
    const importing = (heartbeatAt: Date) =>
      tp().platform.campaignRepository.change(id, campaignIn('draft', 'importing'), { $set: { state: 'importing', 'list.importId': 'gone', 'list.state': 'importing', 'list.pages': 0, 'list.heartbeatAt': heartbeatAt } });
    await importing(tp().clock.now());
    expect(await upload(id, CSV, '名单.csv')).toMatchObject({ status: 409, body: { code: 'CAMPAIGN_STATE' } });

    // when its heartbeat is older than a minute
    await importing(new Date(tp().clock.now().getTime() - 2 * 60_000));

    // then
    expect((await upload(id, CSV, '名单.csv')).status).toBe(202);
    expect(await importedList(id)).toMatchObject({ state: 'ready', list: { state: 'done', rows: 17 } });
  });

  it('reads GB18030 CSV lists as Chinese Windows tools save them', async () => {
    const id = await createCampaign();
    // 手机号码,姓名 / 13766010010,张伟 in GB18030
    const gb = Buffer.concat([Buffer.from('cad6bbfabac5c2eb2cd0d5c3fb0d0a', 'hex'), Buffer.from(`${n(10)},`), Buffer.from('d5c5ceb00d0a', 'hex')]);
    expect((await upload(id, gb, 'gbk.csv', { phone: '手机号码', name: '姓名' })).status).toBe(202);
    const done = await importedList(id);
    expect(done.list).toMatchObject({ state: 'done', encoding: 'gb18030', rows: 1, eligible: 1 });
    expect((await tp().platform.campaignRepository.readPage(id, 1))?.contacts).toEqual([{ seq: 1, phone: n(10), name: '张伟' }]);
  });
});

describe('refused lists change nothing', () => {
  let id: string;
  let before: CampaignDoc;
  beforeAll(async () => {
    id = await createCampaign();
    await upload(id, CSV, '名单.csv');
    before = await importedList(id);
  });
  const unchanged = async (): Promise<void> => {
    const now = await campaign(id);
    expect({ state: now.state, revision: now.revision, list: now.list }).toEqual({ state: before.state, revision: before.revision, list: before.list });
  };

  it.each([
    ['no phone column mapped', () => upload(id, CSV, 'a.csv', { name: '姓名' }), 422, 'LIST_MAPPING_INVALID', /phone/],
    ['a header the file lacks', () => upload(id, CSV, 'a.csv', { phone: 'Mobile', extra: ['套餐'] }), 422, 'LIST_MAPPING_INVALID', /no column "Mobile"/],
    ['a mapping that is not JSON', () => upload(id, CSV, 'a.csv', '{phone:'), 422, 'LIST_MAPPING_INVALID', /mapping/],
    ['an Excel 97-2003 workbook', () => upload(id, Buffer.from('d0cf11e0a1b11ae100000000', 'hex'), 'list.xls'), 422, 'LIST_FORMAT_UNSUPPORTED', /\.xlsx or CSV/],
    ['a binary file', () => upload(id, Buffer.from([0x25, 0x50, 0x44, 0x46, 0x00, 0x00]), 'list.pdf'), 422, 'LIST_FORMAT_UNSUPPORTED', /neither CSV/],
    ['a header and no rows', () => upload(id, Buffer.from('手机号码,姓名\r\n'), 'a.csv'), 422, 'LIST_EMPTY', /no row/],
    ['more rows than allowed', () => upload(id, Buffer.from(`手机号码\n${Array.from({ length: 31 }, (_, i) => `1390000${String(i).padStart(4, '0')}`).join('\n')}\n`), 'a.csv'), 422, 'LIST_TOO_MANY_ROWS', /at most 30/],
    ['a file over the size limit', () => upload(id, Buffer.alloc(1024 * 1024 + 1, 0x31), 'a.csv'), 413, 'LIST_FILE_TOO_LARGE', /1048576 bytes/],
    ['a caller who does not run the campaign', () => upload(id, CSV, 'a.csv', MAPPING, 'vip-sup'), 404, 'NOT_FOUND', /does not exist/],
    ['an agent', () => upload(id, CSV, 'a.csv', MAPPING, 'agent-0101'), 403, 'FORBIDDEN', /./],
  ])('refuses %s', async (_case, send, status, code, detail) => {
    const res = await send();
    expect(res).toMatchObject({ status, body: { code } });
    expect(res.body.detail).toMatch(detail);
    await unchanged();
  });

  it('refuses a list while the campaign runs', async () => {
    await tp().platform.campaignRepository.change(id, campaignIn('ready'), { $set: { state: 'running' } });
    const res = await upload(id, CSV, 'a.csv');
    expect(res).toMatchObject({ status: 409, body: { code: 'CAMPAIGN_STATE' } });
    const now = await campaign(id);
    expect(now).toMatchObject({ state: 'running', list: before.list });
    await tp().platform.campaignRepository.change(id, campaignIn('running'), { $set: { state: 'ready' } });
    before = await campaign(id);
  });

  it('ends an import that finds too many rows while reading as failed, the campaign back to draft', async () => {
    // a workbook's rows are known only by reading it: this one passes the checks before the import
    const workbook = new ExcelJS.Workbook();
    const sheet = workbook.addWorksheet('list');
    sheet.addRow(['手机号码']);
    for (let i = 0; i < 31; i++) sheet.addRow([`1390000${String(i).padStart(4, '0')}`]);
    const other = await createCampaign();
    const res = await upload(other, Buffer.from(await workbook.xlsx.writeBuffer()), 'big.xlsx', { phone: '手机号码' });
    expect(res.status).toBe(202);
    const failed = await importedList(other);
    expect(failed).toMatchObject({ state: 'draft', list: { state: 'failed', errorCode: 'LIST_TOO_MANY_ROWS', pages: 0 } });
    expect(await tp().platform.campaignRepository.readPage(other, 1)).toBeNull();
    await eventually(async () => (await tp().platform.audit.about(other)).map((a) => a.action), (actions) => actions.includes('campaign.list-import-failed'));
  });
});

describe('the do-not-call rules through the API', () => {
  const phone = '13766019901';

  it('lets agents propose and supervisors confirm, edit and delete blacklist entries, each change audited', async () => {
    const agent = await asUser(app(), 'agent-0102');
    const supervisor = await asUser(app(), 'cr-sup');
    const proposed = await request(app()).post('/api/blacklist').set(agent).send({ phone: '+86 137-6601-9901', category: 'abuse', reason: '辱骂坐席' });
    expect(proposed).toMatchObject({ status: 201, body: { phone, state: 'proposed', proposedBy: 'agent-0102', confirmedBy: null } });
    expect(proposed.headers.location).toBe(`/api/blacklist/${phone}`);

    expect(await request(app()).post('/api/blacklist').set(agent).send({ phone, category: 'abuse', reason: 'again' })).toMatchObject({ status: 409, body: { code: 'BLACKLIST_ENTRY_EXISTS' } });
    expect(await request(app()).post(`/api/blacklist/${phone}/confirm`).set(agent)).toMatchObject({ status: 403, body: { code: 'FORBIDDEN' } });
    expect(await request(app()).post('/api/blacklist').set(agent).send({ phone: '12345', category: 'abuse', reason: 'x' })).toMatchObject({ status: 400, body: { code: 'VALIDATION_FAILED' } });

    const confirmed = await request(app()).post(`/api/blacklist/${phone}/confirm`).set(supervisor);
    expect(confirmed).toMatchObject({ status: 200, body: { state: 'confirmed', confirmedBy: 'cr-sup' } });
    expect(await request(app()).post(`/api/blacklist/${phone}/confirm`).set(supervisor)).toMatchObject({ status: 409, body: { code: 'BLACKLIST_ENTRY_STATE' } });
    expect(await request(app()).patch(`/api/blacklist/${phone}`).set(supervisor).send({ category: 'fraud' })).toMatchObject({ status: 200, body: { category: 'fraud', reason: '辱骂坐席' } });

    const asAgent = await request(app()).get('/api/blacklist?state=confirmed').set(agent);
    expect(asAgent.body.items).toContainEqual(expect.objectContaining({ phone: '137****9901', category: 'fraud' }));
    const asSupervisor = await request(app()).get('/api/blacklist').set(supervisor);
    expect(asSupervisor.body.items).toContainEqual(expect.objectContaining({ phone, state: 'confirmed' }));
    expect(await request(app()).get(`/api/blacklist/${phone}`).set(agent)).toMatchObject({ status: 200, body: { phone } });
    expect(await request(app()).get('/api/blacklist').set(await asUser(app(), 'designer-1'))).toMatchObject({ status: 403 });

    const removed = await request(app()).delete(`/api/blacklist/${phone}`).query({ reason: '客户已道歉' }).set(supervisor);
    expect(removed).toMatchObject({ status: 200, body: { phone, state: 'confirmed' } });
    expect(await request(app()).get(`/api/blacklist/${phone}`).set(agent)).toMatchObject({ status: 404 });
    const audit = await tp().platform.audit.about(`blacklist/${phone}`);
    expect(audit.map((a) => [a.action, a.by])).toEqual([
      ['blacklist.proposed', 'agent-0102'],
      ['blacklist.confirmed', 'cr-sup'],
      ['blacklist.edited', 'cr-sup'],
      ['blacklist.deleted', 'cr-sup'],
    ]);
    expect(audit[3]?.detail).toMatchObject({ reason: '客户已道歉' });
  });

  it('records what a customer asked about calls, and removes a preference that asks nothing', async () => {
    const agent = await asUser(app(), 'agent-0103');
    const put = await request(app())
      .put(`/api/contact-preferences/0086${phone}`)
      .set(agent)
      .send({ refusedKinds: ['marketing', 'survey'], notBefore: '2027-01-15', quietHours: [{ start: '12:00', end: '14:00' }], note: '客户要求午休时间勿扰' });
    expect(put).toMatchObject({ status: 200, body: { phone, refusedKinds: ['marketing', 'survey'], notBefore: '2027-01-15', note: '客户要求午休时间勿扰', updatedBy: 'agent-0103' } });
    expect(await request(app()).get(`/api/contact-preferences/${phone}`).set(await asUser(app(), 'auditor-1'))).toMatchObject({ status: 200, body: { phone, quietHours: [{ start: '12:00', end: '14:00' }] } });
    expect(await request(app()).put(`/api/contact-preferences/${phone}`).set(agent).send({ refusedKinds: ['phone-sales'] })).toMatchObject({ status: 400, body: { code: 'VALIDATION_FAILED' } });
    expect(await request(app()).put(`/api/contact-preferences/${phone}`).set(await asUser(app(), 'auditor-1')).send({})).toMatchObject({ status: 403 });

    expect((await request(app()).put(`/api/contact-preferences/${phone}`).set(agent).send({})).status).toBe(204);
    expect(await request(app()).get(`/api/contact-preferences/${phone}`).set(agent)).toMatchObject({ status: 404 });
    const audit = await tp().platform.audit.about(`contact-preferences/${phone}`);
    expect(audit.map((a) => a.detail['after'] === null)).toEqual([false, true]);
  });

  it('documents every rule and list route in the OpenAPI document', async () => {
    const doc = (await request(app()).get('/api/openapi.json')).body as { paths: Record<string, Record<string, unknown>> };
    expect(Object.keys(doc.paths)).toEqual(
      expect.arrayContaining(['/api/blacklist', '/api/blacklist/{phone}', '/api/blacklist/{phone}/confirm', '/api/contact-preferences/{phone}', '/api/campaigns/list-preview', '/api/campaigns/{campaignId}/list', '/api/campaigns/{campaignId}/list/filtered']),
    );
    expect(Object.keys(doc.paths['/api/contact-preferences/{phone}']!)).toEqual(['get', 'put']);
  });
});
