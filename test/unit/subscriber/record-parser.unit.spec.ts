import { formatRecord, parseRecord } from '../../../domain/subscriber/record-parser';
import { RECORD_LAYOUTS, recordLength, RESERVED_WIDTH } from '../../../domain/subscriber/record-layouts';

const subscribers = RECORD_LAYOUTS['00201'];
const good = { subscriberId: 42, areaId: '021', custId: 7, svcNum: '13912345678', service: 'MOBL', status: '10', updateTime: '20261120235959', openDate: '20200101090000' };

describe('fixed-width records', () => {
  it('writes INT as 20 zero-padded digits, TEXT left-aligned, an absent DATE as spaces and 32 reserved spaces', () => {
    const line = formatRecord(subscribers, good);
    expect(line).toHaveLength(recordLength(subscribers));
    expect(line.slice(0, 20)).toBe('00000000000000000042');
    expect(line.slice(20, 26)).toBe('021   ');
    expect(line.slice(-RESERVED_WIDTH - 14)).toBe(' '.repeat(14 + RESERVED_WIDTH));
  });

  it('reads back what it wrote, with the id made of the layout id fields', () => {
    expect(parseRecord(subscribers, formatRecord(subscribers, good))).toEqual({
      ok: true,
      id: '42',
      values: { ...good, subscriberId: '42', custId: '7' },
    });
    const payment = formatRecord(RECORD_LAYOUTS['00301'], { subscriberId: 42, custId: 7, feeMonth: '202611', payFee: 5800, totalFee: 6000, lastLeft: -200, payDate: '20261110120000', payType: '04' });
    expect(parseRecord(RECORD_LAYOUTS['00301'], payment)).toMatchObject({ ok: true, id: '42:202611', values: { payFee: 5800, lastLeft: -200 } });
  });

  it('counts Chinese text in characters', () => {
    const customer = formatRecord(RECORD_LAYOUTS['00101'], {
      custId: 1, areaId: '010', name: '北京某某科技有限公司', status: '1', level: '2', type: '02', certType: '04', certNumber: '91110000ABC', createDate: '20200101000000', group: '01', credit: 0, updateTime: '20261120000000', vpn: '0',
    });
    expect(parseRecord(RECORD_LAYOUTS['00101'], customer)).toMatchObject({ ok: true, values: { name: '北京某某科技有限公司' } });
  });

  it('names every bad field with its reason', () => {
    const line = formatRecord(subscribers, { ...good, status: '77', updateTime: '20261301000000' }).replace('00000000000000000007', '0000000000000000000x');
    expect(parseRecord(subscribers, line)).toEqual({
      ok: false,
      reasons: ['CustID: not 20 digits', 'SubscrbStat: unknown code "77"', 'UpdateTime: not a date YYYYMMDDHH24MISS'],
    });
  });

  it('refuses a record of the wrong length, a missing required field and a used reserved area', () => {
    const line = formatRecord(subscribers, good);
    expect(parseRecord(subscribers, line.slice(1))).toEqual({ ok: false, reasons: [`record length ${line.length - 1}, expected ${line.length}`] });
    expect(parseRecord(subscribers, formatRecord(subscribers, { ...good, svcNum: undefined }))).toEqual({ ok: false, reasons: ['SvcNum: missing'] });
    expect(parseRecord(subscribers, `${line.slice(0, -1)}X`)).toEqual({ ok: false, reasons: ['reserved: not 32 spaces'] });
  });
});
