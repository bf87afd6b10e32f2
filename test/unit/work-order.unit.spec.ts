import {
  centerDayOf,
  formatWorkOrderId,
  isWorkOrderId,
  NewWorkOrderSchema,
} from '../../domain/work-order/work-order';
import { newWorkOrder } from '../support/test-platform';

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
  it('accepts a complete body', () => {
    expect(NewWorkOrderSchema.safeParse(newWorkOrder()).success).toBe(true);
  });

  it.each([
    ['an unknown type', { type: 'praise' }, 'type'],
    ['an unknown tier', { customerTier: 'bronze' }, 'customerTier'],
    ['a category with spaces', { category: 'Billing / Charges' }, 'category'],
    ['a region that is no area code', { region: 'Shanghai' }, 'region'],
    ['an empty description', { description: '   ' }, 'description'],
    ['an unknown field', { priority: 'urgent' }, ''],
    ['a customer id with a space', { customerId: 'C 1' }, 'customerId'],
  ])('refuses %s and names the field', (_label, change, field) => {
    const result = NewWorkOrderSchema.safeParse(newWorkOrder(change));
    expect(result.success).toBe(false);
    expect(result.error?.issues.map((i) => i.path.join('.'))).toContain(field);
  });

  it('refuses a body without the owning agent (first-contact responsibility)', () => {
    const { ownerAgentId: _omitted, ...body } = newWorkOrder();
    expect(NewWorkOrderSchema.safeParse(body).success).toBe(false);
  });
});
