import { fieldsOf, isBlankRow, ListScreen, resolveMapping, suggestMapping, type BulkNumberFacts } from '../../../domain/campaign/call-list';
import { ListMappingError } from '../../../domain/campaign/errors';
import { PhoneSet } from '../../../domain/outreach/phone-set';

const setOf = (...phones: string[]): PhoneSet => {
  const set = new PhoneSet();
  phones.forEach((p) => set.add(p));
  return set;
};

const facts: BulkNumberFacts = {
  blacklisted: setOf('13900000001'),
  exemptLines: setOf('13900000002', '13900000001'),
  preferences: new Map([
    ['13900000003', { refusedKinds: ['marketing' as const] }],
    ['13900000004', { refusedKinds: [], notBefore: '2027-02-01' }],
    ['13900000006', { refusedKinds: ['survey' as const], notBefore: '2026-12-01' }],
  ]),
  atAttemptCap: setOf('13900000005'),
};
const context = { kind: 'marketing', lastDay: '2026-12-31', centerAttemptCap: 6 } as const;

describe('the mapping of a list\'s columns', () => {
  it('suggests the usual zh-CN and English headers, and the other columns as extra', () => {
    expect(suggestMapping(['手机号码', '姓名', '客户编号', '欠费金额', '套餐'])).toEqual({ phone: '手机号码', name: '姓名', custId: '客户编号', extra: ['欠费金额', '套餐'] });
    expect(suggestMapping(['Customer ID', 'Full Name', 'Mobile Phone', 'Offer'])).toEqual({ phone: 'Mobile Phone', name: 'Full Name', custId: 'Customer ID', extra: ['Offer'] });
    expect(suggestMapping(['联系电话', '电话', '备注'])).toEqual({ phone: '联系电话', extra: ['电话', '备注'] });
    expect(suggestMapping(['a', 'b', ''])).toEqual({ extra: ['a', 'b'] });
  });

  it('finds the mapped columns in the file', () => {
    const columns = resolveMapping({ phone: '手机号码', name: '姓名', extra: ['套餐'] }, ['姓名', '手机号码', '套餐']);
    expect(columns).toEqual({ phone: 1, name: 0, extra: [{ header: '套餐', index: 2 }] });
    expect(fieldsOf(['张伟 ', '139', ' 畅享'], columns)).toEqual({ name: '张伟', extra: { 套餐: '畅享' } });
    expect(fieldsOf(['', '139', ''], columns)).toEqual({});
  });

  it('refuses a mapping naming a column the file lacks, has twice or maps twice, and says which', () => {
    const headers = ['手机号码', '姓名', '姓名', '备注'];
    expect(() => resolveMapping({ phone: 'phone', extra: [] }, headers)).toThrow(ListMappingError);
    expect(() => resolveMapping({ phone: 'phone', extra: [] }, headers)).toThrow(/phone: the file has no column "phone"/);
    expect(() => resolveMapping({ phone: '手机号码', name: '姓名', extra: [] }, headers)).toThrow(/more than one column "姓名"/);
    expect(() => resolveMapping({ phone: '手机号码', extra: ['手机号码'] }, headers)).toThrow(/mapped to phone already/);
  });

  it('cuts long values to what a page may hold', () => {
    const columns = resolveMapping({ phone: 'p', name: 'n', extra: ['x'] }, ['p', 'n', 'x']);
    const fields = fieldsOf(['139', '名'.repeat(100), 'x'.repeat(1000)], columns);
    expect(fields.name).toHaveLength(60);
    expect(fields.extra?.['x']).toHaveLength(200);
  });

  it('tells blank rows', () => {
    expect(isBlankRow(['', ' ', '\t'])).toBe(true);
    expect(isBlankRow([''])).toBe(true);
    expect(isBlankRow(['', 'x'])).toBe(false);
  });
});

describe('screening a list before any call', () => {
  it('keeps each number out for the first reason that applies, and counts by reason', () => {
    const screen = new ListScreen(facts, context);
    const outcomes = ['13900000001', '13900000002', '13900000003', '13900000004', '13900000005', '13900000006', '139-0000-0007', 'not a number', '+86 139 0000 0007'].map((raw) => screen.screen(raw));
    expect(outcomes).toEqual([
      { phone: '13900000001', excluded: 'blacklisted' },
      { phone: '13900000002', excluded: 'exempt-line' },
      { phone: '13900000003', excluded: 'do-not-disturb' },
      { phone: '13900000004', excluded: 'do-not-call-window' },
      { phone: '13900000005', excluded: 'attempt-cap' },
      { phone: '13900000006' },
      { phone: '13900000007' },
      { phone: 'not a number', excluded: 'invalid-number' },
      { phone: '13900000007', excluded: 'duplicate' },
    ]);
    expect(screen.eligible).toBe(2);
    expect(screen.filtered).toEqual({ blacklisted: 1, 'exempt-line': 1, 'do-not-disturb': 1, 'do-not-call-window': 1, 'attempt-cap': 1, 'invalid-number': 1, duplicate: 1 });
  });

  it('applies a refusal only to the kind refused', () => {
    const care = new ListScreen(facts, { ...context, kind: 'care' });
    expect(care.screen('13900000003')).toEqual({ phone: '13900000003' });
  });

  it('counts a repeated number as a duplicate even when its first row was kept out', () => {
    const screen = new ListScreen(facts, context);
    screen.screen('13900000001');
    expect(screen.screen('13900000001')).toEqual({ phone: '13900000001', excluded: 'duplicate' });
  });
});
