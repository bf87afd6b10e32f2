import { readdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { parseEnv } from '../../config/env';
import { createLogger } from '../../config/logger';
import { ensureBatchDirs } from '../../services/batch-dirs';
import { startBatchWatcher } from '../../services/batch-watcher';
import { eventually, useTestPlatform } from '../support/test-platform';
import { batchLine, batchName, readReceipt, useBatchEnvironment, writeBatch } from '../support/subscriber-batch';

useBatchEnvironment();
const tp = useTestPlatform({ workers: false });
beforeAll(() => ensureBatchDirs(tp().platform.subscriberImports.dirs));

describe('subscriber batch files', () => {
  const importer = () => tp().platform.subscriberImports;
  const store = () => tp().platform.subscribers;
  const work = () => importer().dirs.work;

  it('applies a good file and answers it with a Right receipt', async () => {
    // given
    const customers = await writeBatch(work(), batchName('00101'), [batchLine('00101', { custId: 5101, group: '01' }), batchLine('00101', { custId: 5102, group: '05', status: '0' })]);
    const lines = await writeBatch(work(), batchName('00201'), [
      batchLine('00201', { subscriberId: 6101, custId: 5101, svcNum: '13955510001' }),
      batchLine('00201', { subscriberId: 6102, custId: 5102, svcNum: '13955510002', status: '11' }),
    ]);

    // when
    const first = await importer().importFile(customers, { source: 'cli' });
    const second = await importer().importFile(lines, { source: 'cli' });

    // then
    expect(first).toMatchObject({ state: 'done', progress: { records: 2, applied: 2, unchanged: 0, bad: 0 } });
    expect(second?.receipts).toEqual([`Ret/Right/${path.basename(lines, '.AVL')}.right`]);
    expect(await readReceipt(importer().dirs.root, second!.receipts[0]!)).toMatch(/^FILE=CS00201.*\nRESULT=RIGHT\nCHECKSUM=[0-9a-f]{64}\nRECORDS=2\nAPPLIED=2\nUNCHANGED=0\nBAD=0\n/);
    expect(await readdir(work())).toEqual([]);
    const found = await store().lookupByPhone('13955510001');
    expect(found).toMatchObject({ status: 'active', subscriber: { custId: '5101' }, customer: { custId: '5101', tier: 'diamond', status: 'current' } });
    expect(await store().lookupByPhone('13955510002')).toMatchObject({ status: 'suspended-arrears', customer: { tier: 'standard', status: 'potential' } });
  });

  it('applies the good records of a partly damaged file and lists the others in a SemiWrong receipt', async () => {
    // given: lines 2 and 4 are damaged, line 3 has two bad fields
    const damagedDate = batchLine('00201', { subscriberId: 6202, custId: 5101, svcNum: '13955520002' }).replace('20261120235959', '20261132235959');
    const twoBad = batchLine('00201', { subscriberId: 6203, custId: 5101, svcNum: '13955520003', status: '99', service: 'XXXX' });
    const file = await writeBatch(work(), batchName('00201'), [
      batchLine('00201', { subscriberId: 6201, custId: 5101, svcNum: '13955520001' }),
      damagedDate,
      twoBad,
      batchLine('00201', { subscriberId: 6204, custId: 5101, svcNum: '13955520004' }).slice(0, -5),
      batchLine('00201', { subscriberId: 6205, custId: 5101, svcNum: '13955520005' }),
    ]);

    // when
    const result = await importer().importFile(file, { source: 'cli' });

    // then
    expect(result).toMatchObject({ state: 'done', progress: { records: 5, applied: 2, unchanged: 0, bad: 3 } });
    const stem = path.basename(file, '.AVL');
    expect(result?.receipts).toEqual([`Ret/SemiWrong/${stem}.SemiWrong`, `Ret/Right/${stem}.right`]);
    const semiWrong = (await readReceipt(importer().dirs.root, result!.receipts[0]!)).split('\n');
    expect(semiWrong.slice(0, 3)).toEqual([`FILE=${stem}.AVL`, 'RESULT=SEMIWRONG', `CHECKSUM=${result!.checksum}`]);
    expect(semiWrong.slice(3, 6)).toEqual([
      `2|UpdateTime: not a date YYYYMMDDHH24MISS|${damagedDate}`,
      `3|SvcID: unknown code "XXXX"; SubscrbStat: unknown code "99"|${twoBad}`,
      expect.stringMatching(/^4\|record length 141, expected 146\|/),
    ]);
    expect(await store().lookupByPhone('13955520001')).not.toBeNull();
    expect(await store().lookupByPhone('13955520005')).not.toBeNull();
    expect(await store().lookupByPhone('13955520002')).toBeNull();
  });

  it.each([
    ['not UTF-8', Buffer.concat([Buffer.from(batchLine('00101', { custId: 5301 }).slice(0, 40)), Buffer.from([0xff, 0xfe]), Buffer.from('\n')]), /^not UTF-8 text/],
    ['cut off in its last record', Buffer.from(`${batchLine('00101', { custId: 5302 })}\n${batchLine('00101', { custId: 5303 }).slice(0, 30)}`), /no line end/],
    ['of another layout', Buffer.from(`${batchLine('00201', { subscriberId: 5304, custId: 5304, svcNum: '13955530004' })}\n`), /no record has the \d+ characters of interface 00101/],
  ])('answers a file %s with a Bad receipt and changes nothing', async (_case, content, reason) => {
    // given
    const name = batchName('00101');
    const file = path.join(work(), name);
    await writeFile(file, content);

    // when
    const result = await importer().importFile(file, { source: 'cli' });

    // then
    expect(result).toMatchObject({ state: 'bad', progress: { records: 0, applied: 0 } });
    expect(result?.badReason).toMatch(reason);
    expect(result?.receipts).toEqual([`Ret/Bad/${path.basename(name, '.AVL')}.bad`]);
    expect(await readReceipt(importer().dirs.root, result!.receipts[0]!)).toContain('RESULT=BAD\n');
    for (const custId of ['5301', '5302', '5303', '5304']) expect(await store().lookupCustomer(custId)).toBeNull();
  });

  it('changes nothing when the same file, or the same records under another name, come again', async () => {
    // given
    const lines = [batchLine('00101', { custId: 5401, contactPerson: '李雷' }), batchLine('00101', { custId: 5402 })];
    const name = batchName('00101');
    const first = await importer().importFile(await writeBatch(work(), name, lines), { source: 'cli' });
    const receipt = await readReceipt(importer().dirs.root, first!.receipts[0]!);

    // when: the same file again, then its records in a new file, then an older version of one
    const again = await importer().importFile(await writeBatch(work(), name, lines), { source: 'cli' });
    const renamed = await importer().importFile(await writeBatch(work(), batchName('00101'), lines), { source: 'cli' });
    const older = await importer().importFile(await writeBatch(work(), batchName('00101'), [batchLine('00101', { custId: 5401, contactPerson: '旧', updateTime: '20260101000000' })]), { source: 'cli' });

    // then
    expect(again?._id).toBe(first?._id);
    expect(again?.progress).toEqual(first?.progress);
    expect(await readReceipt(importer().dirs.root, first!.receipts[0]!)).toBe(receipt);
    expect(renamed?.progress).toEqual({ records: 2, applied: 0, unchanged: 2, bad: 0 });
    expect(older?.progress).toEqual({ records: 1, applied: 0, unchanged: 1, bad: 0 });
    expect((await store().lookupCustomer('5401'))?.customer.contactPerson).toBe('李雷');
  });

  it('applies a newer version of a record and drops the optional fields it leaves empty', async () => {
    // given
    await importer().importFile(await writeBatch(work(), batchName('00201'), [batchLine('00201', { subscriberId: 6501, custId: 5101, svcNum: '13955550001' })]), { source: 'cli' });

    // when: closed a day later
    const newer = await importer().importFile(
      await writeBatch(work(), batchName('00201'), [batchLine('00201', { subscriberId: 6501, custId: 5101, svcNum: '13955550001', status: '20', updateTime: '20261121235959', closeDate: '20261121120000' })]),
      { source: 'cli' },
    );

    // then
    expect(newer?.progress).toEqual({ records: 1, applied: 1, unchanged: 0, bad: 0 });
    expect(await store().lookupByPhone('13955550001')).toMatchObject({ status: 'closed', subscriber: { closeDate: '20261121120000' } });
  });

  it('imports a file once when two importers see it at the same moment', async () => {
    // given
    const file = await writeBatch(work(), batchName('00201'), [batchLine('00201', { subscriberId: 6601, custId: 5101, svcNum: '13955560001' })]);

    // when
    const results = await Promise.all([importer().importFile(file, { source: 'watch' }), importer().importFile(file, { source: 'cli' })]);

    // then: one ran it; the other found it taken (null) or, if it came after the end, answered already
    const seen = results.filter((r) => r !== null);
    expect(new Set(seen.map((r) => r._id)).size).toBe(1);
    for (const r of seen) expect(r).toMatchObject({ state: 'done', progress: { records: 1, applied: 1, unchanged: 0 } });
    expect(await readdir(work())).toEqual([]);
  });

  it('imports what arrives in Work/ on its own, one file at a time', async () => {
    // given
    const watcher = await startBatchWatcher({ importer: importer(), logger: createLogger(parseEnv(), 'test'), pollMs: 200, settleMs: 0 });
    try {
      // when
      await writeBatch(work(), batchName('00102'), [batchLine('00102', { custId: 5101, gender: 'F' })]);
      await writeBatch(work(), batchName('00103'), [batchLine('00103', { custId: 5102 })]);

      // then
      await eventually(() => readdir(work()), (names) => names.length === 0);
      const customer = await store().lookupCustomer('5101');
      expect(customer?.individual).toMatchObject({ gender: 'F' });
      expect((await store().lookupCustomer('5102'))?.organisation).toMatchObject({ industry: '0610', employees: 120 });
    } finally {
      await watcher.close();
    }
  });
});
