import { decideOaEvent, InboundEventSchema, type InboundEvent, type OaDispatch } from '../../../domain/oa/events';

const endpoint = { endpointId: 'branch-oa', departments: ['branch-010-network'] };
const oa: OaDispatch = { endpointId: 'branch-oa', department: 'branch-010-network', dispatchRef: 'msg_1', stage: 'awaiting-acceptance' };
const facts = (over: Partial<OaDispatch> = {}, status = 'dispatched') => ({ status, department: 'branch-010-network', oa: { ...oa, ...over } });
const event = (type: 'accepted' | 'progress' | 'resolved' | 'returned', data: Record<string, unknown> = {}, timestamp = '2026-11-22T08:00:00+08:00'): InboundEvent =>
  InboundEventSchema.parse({
    type: `work_order.${type}`,
    timestamp,
    data: { workOrderId: 'WO-20261122-000001', dispatchRef: 'msg_1', handler: { id: 'u1' }, ...(type === 'progress' ? { note: 'n' } : {}), ...(type === 'resolved' ? { feedback: 'f' } : {}), ...(type === 'returned' ? { reason: 'r' } : {}), ...data },
  });

describe('OA events', () => {
  it('follows the contract: accepted, progress, then resolved or returned', () => {
    expect(decideOaEvent(facts(), event('accepted'), endpoint)).toEqual({ ok: true, stage: 'accepted' });
    expect(decideOaEvent(facts({ stage: 'accepted' }), event('progress'), endpoint)).toEqual({ ok: true, stage: 'accepted' });
    expect(decideOaEvent(facts({ stage: 'accepted' }), event('resolved'), endpoint)).toEqual({ ok: true, stage: 'finished' });
    expect(decideOaEvent(facts(), event('returned'), endpoint)).toEqual({ ok: true, stage: 'finished' });
  });

  it('refuses each wrong case with its own code and status', () => {
    const code = (result: ReturnType<typeof decideOaEvent>) => (result.ok ? 'ok' : `${result.status} ${result.code}`);
    expect(code(decideOaEvent(undefined, event('accepted'), endpoint))).toBe('404 WORK_ORDER_NOT_FOUND');
    expect(code(decideOaEvent(facts({ endpointId: 'other-oa' }), event('accepted'), endpoint))).toBe('403 WRONG_DEPARTMENT');
    expect(code(decideOaEvent({ status: 'in-progress', department: 'billing', oa: undefined }, event('accepted'), endpoint))).toBe('403 WRONG_DEPARTMENT');
    expect(code(decideOaEvent(facts({ dispatchRef: 'msg_2' }), event('accepted'), endpoint))).toBe('409 EVENT_STALE');
    expect(code(decideOaEvent(facts({}, 'cancelled'), event('accepted'), endpoint))).toBe('409 WORK_ORDER_ENDED');
    expect(code(decideOaEvent(facts(), event('resolved'), endpoint))).toBe('409 EVENT_OUT_OF_ORDER');
    expect(code(decideOaEvent(facts({ stage: 'accepted' }), event('accepted'), endpoint))).toBe('409 EVENT_OUT_OF_ORDER');
    const applied = facts({ stage: 'accepted', lastEventAt: new Date('2026-11-22T01:00:00Z') });
    expect(code(decideOaEvent(applied, event('progress', {}, '2026-11-22T08:59:00+08:00'), endpoint))).toBe('409 EVENT_OUT_OF_ORDER');
    expect(code(decideOaEvent(applied, event('progress', {}, '2026-11-22T09:01:00+08:00'), endpoint))).toBe('ok');
  });

  it('validates bodies strictly', () => {
    expect(InboundEventSchema.safeParse({ type: 'work_order.resolved', timestamp: '2026-11-22T08:00:00Z', data: { workOrderId: 'WO-20261122-000001', dispatchRef: 'msg_1', handler: { id: 'u1' } } }).success).toBe(false);
    expect(InboundEventSchema.safeParse({ type: 'work_order.closed', timestamp: '2026-11-22T08:00:00Z', data: {} }).success).toBe(false);
    expect(InboundEventSchema.safeParse({ type: 'work_order.progress', timestamp: 'now', data: { workOrderId: 'WO-20261122-000001', dispatchRef: 'msg_1', note: 'x' } }).success).toBe(false);
    expect(InboundEventSchema.safeParse({ type: 'work_order.progress', timestamp: '2026-11-22T08:00:00Z', data: { workOrderId: 'WO-1', dispatchRef: 'msg_1', note: 'x' } }).success).toBe(false);
  });
});
