import { randomInt } from 'node:crypto';
import type { CallDoc } from '../../adapters/mongo/call.repository';
import type { ListedContact } from '../../adapters/mongo/campaign.repository';
import type { BusinessCalendar } from '../../domain/calendar';
import { callingTime } from '../../domain/outreach/calling-windows';
import type { ExclusionReason } from '../../domain/outreach/do-not-call';
import { ensureBatchDirs } from '../../services/batch-dirs';
import type { CallListener } from '../../services/call-listener';
import { CAMPAIGN_MANAGER, campaignSettings, campaignWhere, createCampaign, lastWorkdayBeforeRest, nextWorkday, storeUnfilteredList, wallClock } from '../support/campaigns';
import { batchLine, batchName, useBatchEnvironment, writeBatch } from '../support/subscriber-batch';
import { useTestPlatform } from '../support/test-platform';
import { apiAs } from '../support/work-orders';

/**
 * A generated list of 2,000 contacts, most of them kept out by one rule or another that came
 * into force after the list was imported, so only the check before each call can stop them.
 * The campaign runs on the real engine with both clocks moved through a working day, the next
 * window and a weekend; every call the platform placed is then checked against the rules.
 */
describe('campaign calls obey every rule, checked before each call', () => {
  useBatchEnvironment();
  const tp = useTestPlatform();
  let listener: CallListener | undefined;
  beforeAll(() => {
    listener = tp().platform.listenToCalls();
  });
  afterAll(async () => {
    await listener?.close();
  });

  const LIST_SIZE = 2_000;
  const run = String(randomInt(100, 999));
  /** An 11-digit mobile number, unique to this run; its last digit picks the telephony peer's outcome. */
  const numberOf = (i: number, lastDigit: string): string => `139${run}${String(i).padStart(4, '0')}${lastDigit}`;
  const EXCLUSIONS = ['blacklisted', 'do-not-disturb', 'do-not-call-window', 'exempt-line', 'exempt-line', 'attempt-cap'] as const satisfies readonly ExclusionReason[];
  const QUIET = [{ start: '11:00', end: '13:00' }];

  type Plan = { phone: string; expect: 'success' | 'refused' | 'unreachable' | 'invalid-number' | ExclusionReason; calls: number; quiet?: boolean; rule?: string };
  /**
   * One row in ten is a plain contact (answered, busy, no answer or invalid number by turns,
   * a quarter of the answered ones with quiet hours over the late morning); one in twenty has
   * only a proposed blacklist entry, one in twenty refused marketing calls only (both are
   * called); the rest have one rule each that keeps them out.
   */
  function planOf(i: number): Plan {
    const r = i % 20;
    if (r === 0 || r === 10) {
      const p = Math.floor(i / 10) % 4;
      if (p === 0) return { phone: numberOf(i, '5'), expect: 'success', calls: 1, quiet: Math.floor(i / 10) % 8 === 0 };
      if (p === 1) return { phone: numberOf(i, '1'), expect: 'unreachable', calls: 3 };
      if (p === 2) return { phone: numberOf(i, '2'), expect: 'unreachable', calls: 3 };
      return { phone: numberOf(i, '3'), expect: 'invalid-number', calls: 1 };
    }
    if (r === 11) return { phone: numberOf(i, '5'), expect: 'success', calls: 1, rule: 'proposed-blacklist' };
    if (r === 12) return { phone: numberOf(i, '6'), expect: 'refused', calls: 1, rule: 'refuses-marketing' };
    const reason = EXCLUSIONS[r % EXCLUSIONS.length]!;
    return { phone: numberOf(i, '5'), expect: reason, calls: 0, rule: reason === 'exempt-line' ? (r % 2 === 0 ? 'suspended' : 'fax') : reason };
  }
  const plans = Array.from({ length: LIST_SIZE }, (_, i) => planOf(i));

  /** The rules, written as the center's staff and billing would have them by the time of the calls. */
  async function seedRules(lastDay: string): Promise<void> {
    const { mongo, clock } = tp().platform;
    const now = clock.now();
    const withRule = (rule: string): Plan[] => plans.filter((p) => p.rule === rule);
    await mongo.collection('blacklist').insertMany([
      ...withRule('blacklisted').map((p) => ({ _id: p.phone, category: 'harassment', reason: 'abusive calls', state: 'confirmed', proposedBy: 'agent-0101', proposedAt: now, confirmedBy: 'center-sup', confirmedAt: now })),
      ...withRule('proposed-blacklist').map((p) => ({ _id: p.phone, category: 'harassment', reason: 'not yet confirmed', state: 'proposed', proposedBy: 'agent-0101', proposedAt: now })),
    ] as never[]);
    await mongo.collection('contact_preferences').insertMany([
      ...withRule('do-not-disturb').map((p) => ({ _id: p.phone, refusedKinds: ['payment-reminder'], quietHours: [], updatedBy: 'agent-0101', updatedAt: now })),
      ...withRule('refuses-marketing').map((p) => ({ _id: p.phone, refusedKinds: ['marketing'], quietHours: [], updatedBy: 'agent-0101', updatedAt: now })),
      ...withRule('do-not-call-window').map((p) => ({ _id: p.phone, refusedKinds: [], notBefore: nextYear(lastDay), quietHours: [], updatedBy: 'agent-0101', updatedAt: now })),
      ...plans.filter((p) => p.quiet).map((p) => ({ _id: p.phone, refusedKinds: [], quietHours: QUIET, updatedBy: 'agent-0101', updatedAt: now })),
    ] as never[]);
    await mongo.collection('contact_attempts').insertMany(
      withRule('attempt-cap').map((p) => ({ _id: p.phone, attempts: Array.from({ length: 6 }, (_, k) => ({ callId: `earlier-${p.phone}-${k}`, at: new Date(now.getTime() - (k + 1) * 86_400_000) })) })) as never[],
    );
    const importer = tp().platform.subscriberImports;
    await ensureBatchDirs(importer.dirs);
    const lines = [...withRule('suspended'), ...withRule('fax')].map((p, k) =>
      batchLine('00201', { subscriberId: 7_000_000 + Number(run) * 10_000 + k, custId: 9_000_000 + k, svcNum: p.phone, status: p.rule === 'suspended' ? '11' : '10', service: p.rule === 'fax' ? 'FAXL' : 'MOBL' }),
    );
    const imported = await importer.importFile(await writeBatch(importer.dirs.work, batchName('00201'), lines), { source: 'cli' });
    expect(imported?.state).toBe('done');
  }
  const nextYear = (day: string): string => `${Number(day.slice(0, 4)) + 1}${day.slice(4)}`;

  it('places calls only inside the windows, never on a rest day, never to a number a rule keeps out, never beyond the cap', async () => {
    const calendar = (await tp().platform.sla.currentCalendars()).find((c) => c.id === 'cn-mainland') as BusinessCalendar;
    // given a Friday-like workday followed by rest days, the campaign running from it for ten days
    const day = lastWorkdayBeforeRest(calendar, tp().clock.now());
    const lastDay = new Date(Date.parse(`${day}T00:00:00Z`) + 10 * 86_400_000).toISOString().slice(0, 10);
    await seedRules(lastDay);
    const campaignId = await createCampaign(tp(), campaignSettings(day, lastDay));
    await storeUnfilteredList(tp(), campaignId, plans.map((p): Omit<ListedContact, 'seq'> => ({ phone: p.phone })));
    const manager = apiAs(tp().app, CAMPAIGN_MANAGER);

    // when it is launched at 11:40 and waves of 500 go out a minute apart
    await tp().clock.advanceTo(wallClock(calendar, day, '11:40'));
    expect((await manager.post(`/api/campaigns/${campaignId}/launch`)).status).toBe(200);
    for (let launched = 500; launched <= LIST_SIZE; launched += 500) {
      await campaignWhere(tp(), campaignId, (c) => c.stats.launched === launched);
      await tp().clock.advance(61_000);
    }
    // then every contact is planned at once: the plain ones called, the quiet ones wait for the afternoon
    const firstCalls = plans.filter((p) => p.calls > 0 && !p.quiet).length;
    await campaignWhere(tp(), campaignId, (c) => c.stats.attempts === firstCalls);


    // when the busy numbers come due ten minutes later, in the same window
    await tp().clock.advanceTo(wallClock(calendar, day, '11:56'));
    const busy = plans.filter((p) => p.phone.endsWith('1') && p.calls === 3).length;
    await campaignWhere(tp(), campaignId, (c) => c.stats.attempts === firstCalls + busy);

    // and the afternoon window opens: third busy attempts, second no-answer attempts, the quiet ones
    await tp().clock.advanceTo(wallClock(calendar, day, '14:05'));
    const noAnswer = plans.filter((p) => p.phone.endsWith('2') && p.calls === 3).length;
    const quiet = plans.filter((p) => p.quiet).length;
    await campaignWhere(tp(), campaignId, (c) => c.stats.attempts === firstCalls + 2 * busy + noAnswer + quiet);

    // and the next window is the next workday's morning, after the rest days
    await tp().clock.advanceTo(wallClock(calendar, nextWorkday(calendar, day), '09:05'));
    const allCalls = plans.reduce((n, p) => n + p.calls, 0);
    const finished = await campaignWhere(tp(), campaignId, (c) => c.stats.attempts === allCalls && c.stats.done === LIST_SIZE);
    await tp().clock.advance(61_000);
    await campaignWhere(tp(), campaignId, (c) => c.state === 'finished');

    // then each contact ended as planned, and the report says so row by row
    const expected = (what: Plan['expect']): number => plans.filter((p) => p.expect === what).length;
    expect(finished.stats.results).toEqual({
      success: expected('success'),
      refused: expected('refused'),
      unreachable: expected('unreachable'),
      'invalid-number': expected('invalid-number'),
      excluded: plans.filter((p) => p.calls === 0).length,
    });
    const report = await manager.get(`/api/campaigns/${campaignId}/report`);
    expect(report.status).toBe(200);
    const rows = (report.text).trim().split('\r\n').slice(1).map((line) => line.split(','));
    expect(rows).toHaveLength(LIST_SIZE);
    rows.forEach(([row, phone, , , status]) => {
      const plan = plans[Number(row) - 1]!;
      expect(phone).toBe(plan.phone);
      expect(status).toBe(plan.calls === 0 ? `excluded:${plan.expect}` : plan.expect);
    });

    // and every call placed lies in a window (the customer's quiet hours left out), on a workday, within the cap
    const calls = await tp().platform.mongo.collection<CallDoc>('calls').find({ to: { $in: plans.map((p) => p.phone) } }).toArray();
    expect(calls).toHaveLength(allCalls);
    const time = callingTime(calendar, finished.windows);
    const byPhone = new Map(plans.map((p) => [p.phone, p]));
    const perNumber = new Map<string, number>();
    for (const call of calls) {
      const plan = byPhone.get(call.to)!;
      expect({ to: call.to, at: call.createdAt, callable: time.isCallable(call.createdAt, plan.quiet ? QUIET : []) }).toMatchObject({ callable: true });
      perNumber.set(call.to, (perNumber.get(call.to) ?? 0) + 1);
    }
    for (const plan of plans) expect({ phone: plan.phone, calls: perNumber.get(plan.phone) ?? 0 }).toEqual({ phone: plan.phone, calls: plan.calls });
  }, 600_000);
});
