import {
  centerDayOf,
  formatWorkOrderId,
  isWorkOrderId,
  NewWorkOrderSchema,
} from '../../domain/work-order/work-order';
import { DISPATCH_DESK, receivingDepartment } from '../../domain/work-order/lifecycle';
import type { Unit } from '../../domain/identity/units';

describe('work-order ids', () => {
  it('formats WO-YYYYMMDD-NNNNNN with a zero-padded daily sequence', () => {
    expect(formatWorkOrderId('20261121', 1)).toBe('WO-20261121-000001');
    expect(formatWorkOrderId('20261121', 999_999)).toBe('WO-20261121-999999');
  });

  it('refuses a sequence the format cannot hold and a malformed day', () => {
    expect(() => formatWorkOrderId('20261121', 0)).toThrow(RangeError);
    expect(() => formatWorkOrderId('20261121', 1_000_000)).toThrow(RangeError);
    expect(() => formatWorkOrderId('2026-11-21', 1)).toThrow(RangeError);
  });

  it('recognises its own ids only', () => {
    expect(isWorkOrderId('WO-20261121-000042')).toBe(true);
    expect(isWorkOrderId('WO-20261121-42')).toBe(false);
    expect(isWorkOrderId('wo-20261121-000042')).toBe(false);
    expect(isWorkOrderId('507f1f77bcf86cd799439011')).toBe(false);
  });

  it("takes the day from the center's time zone, not UTC", () => {
    // 16:30 UTC on the 21st is 00:30 on the 22nd in Shanghai (UTC+8, no DST)
    const instant = new Date('2026-11-21T16:30:00Z');
    expect(centerDayOf(instant, 'Asia/Shanghai')).toBe('20261122');
    expect(centerDayOf(instant, 'UTC')).toBe('20261121');
    expect(centerDayOf(new Date('2026-11-21T15:59:59Z'), 'Asia/Shanghai')).toBe('20261121');
  });
});

describe('a new work order', () => {
  const body = (change: Record<string, unknown> = {}) => ({
    contactId: 'CT-20261121-000001',
    type: 'complaint',
    category: 'billing/charge-dispute',
    description: 'Charged twice.',
    ...change,
  });

  it('accepts a complete body', () => {
    expect(NewWorkOrderSchema.safeParse(body()).success).toBe(true);
  });

  it.each([
    ['an unknown type', { type: 'praise' }, 'type'],
    ['a category with spaces', { category: 'Billing / Charges' }, 'category'],
    ['an empty description', { description: '   ' }, 'description'],
    ['an unknown field', { priority: 'urgent' }, ''],
    ['a contact id of another shape', { contactId: 'C 1' }, 'contactId'],
    ['a parent that is no work-order id', { parentWorkOrderId: 'WO-1' }, 'parentWorkOrderId'],
  ])('refuses %s and names the field', (_label, change, field) => {
    const result = NewWorkOrderSchema.safeParse(body(change));
    expect(result.success).toBe(false);
    expect(result.error?.issues.map((i) => i.path.join('.'))).toContain(field);
  });

  it('refuses a body without the contact it comes from (first-contact responsibility)', () => {
    const { contactId: _omitted, ...rest } = body();
    expect(NewWorkOrderSchema.safeParse(rest).success).toBe(false);
  });
});

describe('the department that receives a dispatched work order', () => {
  const units: Unit[] = [
    { unitId: 'center', name: 'Center', kind: 'center', parentId: null },
    { unitId: 'billing', name: 'Billing', kind: 'department', parentId: 'center' },
    { unitId: 'billing-disputes', name: 'Disputes', kind: 'team', parentId: 'billing' },
    { unitId: 'roaming', name: 'Roaming', kind: 'department', parentId: 'center', disabled: true },
  ];

  const unitNamed = (id: string): Unit | undefined => units.find((u) => u.unitId === id);

  it('is the one named while it is an enabled department', () => {
    expect(receivingDepartment('billing', unitNamed('billing'))).toBe('billing');
  });

  it.each([
    ['disabled', 'roaming'],
    ['unknown', 'no-such-department'],
    ['a team, not a department', 'billing-disputes'],
    ['the center', 'center'],
  ])('is the dispatch desk when the one named is %s', (_why, department) => {
    expect(receivingDepartment(department, unitNamed(department))).toBe(DISPATCH_DESK);
  });
});
