import { centerDay, digestCounts, digestDueAt } from '../../../domain/mail/digest';
import { retryDelayMs, stableMessageId } from '../../../domain/mail/notification-mail';
import { resolveRecipients, type MailUser } from '../../../domain/mail/recipients';
import { DEMO_UNITS } from '../../../runtime/demo-identity';

const user = (username: string, unitId: string, roles: MailUser['roles'], extra: Partial<MailUser> = {}): MailUser => ({
  username,
  displayName: username.toUpperCase(),
  roles,
  unitId,
  disabled: false,
  email: `${username}@example.test`,
  ...extra,
});

const USERS: MailUser[] = [
  user('billing-h1', 'billing', ['handler']),
  user('billing-h2', 'billing-disputes', ['handler'], { language: 'en' }),
  user('billing-h3', 'billing', ['handler'], { email: undefined }),
  user('billing-h4', 'billing', ['handler'], { disabled: true }),
  user('billing-sup', 'billing', ['supervisor']),
  user('billing-tl', 'billing-disputes', ['supervisor']),
  user('cr-h1', 'customer-relations', ['handler']),
];

describe('recipients', () => {
  it("names a department's handlers (its teams included), each once, with their language; skips and says who has no address", () => {
    const { recipients, skipped } = resolveRecipients({ employees: ['billing-h1', 'cr-h1'], departments: ['billing'], audience: 'handlers' }, USERS, DEMO_UNITS);
    expect(recipients.map((r) => [r.employeeId, r.language])).toEqual([
      ['billing-h1', 'zh-CN'],
      ['cr-h1', 'zh-CN'],
      ['billing-h2', 'en'],
    ]);
    expect(skipped).toEqual([{ employeeId: 'billing-h3', reason: 'no-address' }]);
  });

  it('names supervisors for the supervisors audience, and skips named people who are unknown or disabled', () => {
    const { recipients, skipped } = resolveRecipients({ employees: ['ghost', 'billing-h4'], departments: ['billing'], audience: 'supervisors' }, USERS, DEMO_UNITS);
    expect(recipients.map((r) => r.employeeId)).toEqual(['billing-sup', 'billing-tl']);
    expect(skipped).toEqual([
      { employeeId: 'ghost', reason: 'unknown-or-disabled' },
      { employeeId: 'billing-h4', reason: 'unknown-or-disabled' },
    ]);
  });
});

describe('delivery rules', () => {
  it('keeps a Message-ID per entry and recipient', () => {
    const id = stableMessageId('dispatched/123', 'billing-h1', 'service-center.example');
    expect(id).toMatch(/^<[0-9a-f]{40}@service-center\.example>$/);
    expect(stableMessageId('dispatched/123', 'billing-h1', 'service-center.example')).toBe(id);
    expect(stableMessageId('dispatched/123', 'billing-h2', 'service-center.example')).not.toBe(id);
  });

  it('waits exponentially longer after each failure, between half and all of the step, up to the cap', () => {
    expect(retryDelayMs(1, 1_000, 60_000, () => 0)).toBe(500);
    expect(retryDelayMs(1, 1_000, 60_000, () => 1)).toBe(1_000);
    expect(retryDelayMs(3, 1_000, 60_000, () => 0)).toBe(2_000);
    expect(retryDelayMs(3, 1_000, 60_000, () => 1)).toBe(4_000);
    expect(retryDelayMs(20, 1_000, 60_000, () => 1)).toBe(60_000);
  });

  it("reads the center-day and its digest hour in the center's time zone", () => {
    // 2026-11-21T20:30Z is 04:30 on the 22nd in Shanghai
    const instant = new Date('2026-11-21T20:30:00Z');
    expect(centerDay(instant, 'Asia/Shanghai')).toEqual({ day: '2026-11-22', start: new Date('2026-11-21T16:00:00Z'), end: new Date('2026-11-22T16:00:00Z') });
    expect(digestDueAt(instant, 'Asia/Shanghai', 8)).toEqual(new Date('2026-11-22T00:00:00Z'));
  });

  it('counts open, overdue, due later today and escalated work orders, the most overdue first', () => {
    const now = new Date('2026-11-22T02:00:00Z');
    const day = centerDay(now, 'Asia/Shanghai');
    const counts = digestCounts(
      [
        { workOrderId: 'A', dueAt: new Date('2026-11-22T01:00:00Z'), escalated: false },
        { workOrderId: 'B', dueAt: new Date('2026-11-20T01:00:00Z'), escalated: true },
        { workOrderId: 'C', dueAt: new Date('2026-11-22T10:00:00Z'), escalated: false },
        { workOrderId: 'D', dueAt: new Date('2026-11-23T10:00:00Z'), escalated: false },
        { workOrderId: 'E', escalated: false },
      ],
      now,
      day,
    );
    expect(counts).toEqual({
      open: 5,
      overdue: 2,
      dueToday: 1,
      escalated: 1,
      overdueItems: [
        { workOrderId: 'B', dueAt: new Date('2026-11-20T01:00:00Z') },
        { workOrderId: 'A', dueAt: new Date('2026-11-22T01:00:00Z') },
      ],
    });
  });
});
