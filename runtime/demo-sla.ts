import type { BusinessCalendar } from '../domain/calendar';
import type { SlaPolicyInput } from '../domain/sla/policy';
import type { SlaService } from '../services/sla-service';
import type { SlaRepository } from '../adapters/mongo/sla.repository';
import { DEFAULT_REGION } from '../services/sla-service';

const day = [
  { start: '08:30', end: '12:00' },
  { start: '13:30', end: '17:30' },
];
const week = { mon: day, tue: day, wed: day, thu: day, fri: day, sat: [], sun: [] };

/**
 * Demo business calendars. The mainland one follows the shape of the State Council's holiday
 * notice for 2026 (holiday runs paid for by make-up weekend days); a real center imports the
 * official notice every year through the admin API. Hong Kong shows a region with other holidays.
 */
export const DEMO_CALENDARS: readonly Omit<BusinessCalendar, 'version'>[] = [
  {
    id: 'cn-mainland',
    region: DEFAULT_REGION,
    timeZone: 'Asia/Shanghai',
    weeklyHours: week,
    holidays: [
      '2026-01-01', '2026-01-02', '2026-01-03',
      '2026-02-15', '2026-02-16', '2026-02-17', '2026-02-18', '2026-02-19', '2026-02-20', '2026-02-21', '2026-02-22', '2026-02-23',
      '2026-04-04', '2026-04-05', '2026-04-06',
      '2026-05-01', '2026-05-02', '2026-05-03', '2026-05-04', '2026-05-05',
      '2026-06-19', '2026-06-20', '2026-06-21',
      '2026-09-25', '2026-09-26', '2026-09-27',
      '2026-10-01', '2026-10-02', '2026-10-03', '2026-10-04', '2026-10-05', '2026-10-06', '2026-10-07',
      '2027-01-01',
    ],
    makeUpWorkdays: [{ date: '2026-01-04' }, { date: '2026-02-14' }, { date: '2026-02-28' }, { date: '2026-05-09' }, { date: '2026-09-20' }, { date: '2026-10-10' }],
  },
  {
    id: 'hk',
    region: 'HK',
    timeZone: 'Asia/Hong_Kong',
    weeklyHours: { ...week, mon: [{ start: '09:00', end: '13:00' }, { start: '14:00', end: '18:00' }], tue: [{ start: '09:00', end: '13:00' }, { start: '14:00', end: '18:00' }], wed: [{ start: '09:00', end: '13:00' }, { start: '14:00', end: '18:00' }], thu: [{ start: '09:00', end: '13:00' }, { start: '14:00', end: '18:00' }], fri: [{ start: '09:00', end: '13:00' }, { start: '14:00', end: '18:00' }] },
    holidays: ['2026-10-01', '2026-10-19', '2026-12-25', '2026-12-26', '2027-01-01'],
    makeUpWorkdays: [],
  },
];

/** Demo policies: one for every work order, a stricter one for VIP tiers, and one for complaints. */
export const DEMO_POLICIES: readonly SlaPolicyInput[] = [
  {
    policyId: 'standard',
    name: 'Standard service',
    match: {},
    targets: { acceptance: 120, handling: 960, verification: 480, resolution: 2400 },
    warningPercents: [50, 80],
    ladder: [
      { level: 1, afterMinutes: 0, notify: 'team-lead', reassign: false, raisePriority: false, openSupervision: false },
      { level: 2, afterMinutes: 480, notify: 'department-head', reassign: true, raisePriority: false, openSupervision: false },
      { level: 3, afterMinutes: 1440, notify: 'center-director', reassign: false, raisePriority: true, openSupervision: true },
    ],
    comment: 'Demo: five working days to resolve, two to handle.',
  },
  {
    policyId: 'complaint',
    name: 'Complaints (tiers below VIP)',
    match: { types: ['complaint'], tiers: ['gold', 'silver', 'standard'] },
    targets: { acceptance: 60, handling: 720, verification: 240, resolution: 1440 },
    warningPercents: [50, 80],
    ladder: [
      { level: 1, afterMinutes: 0, notify: 'team-lead', reassign: false, raisePriority: true, openSupervision: false },
      { level: 2, afterMinutes: 240, notify: 'department-head', reassign: true, raisePriority: false, openSupervision: true },
      { level: 3, afterMinutes: 960, notify: 'center-director', reassign: false, raisePriority: true, openSupervision: true },
    ],
    comment: 'Demo: complaints resolved within three working days.',
  },
  {
    policyId: 'vip',
    name: 'VIP tiers (diamond, platinum)',
    match: { tiers: ['diamond', 'platinum'] },
    targets: { acceptance: 30, handling: 240, review: 120, verification: 120, resolution: 960 },
    warningPercents: [50, 80],
    ladder: [
      { level: 1, afterMinutes: 0, notify: 'department-head', reassign: false, raisePriority: true, openSupervision: false },
      { level: 2, afterMinutes: 120, notify: 'center-director', reassign: true, raisePriority: true, openSupervision: true },
    ],
    escalateEveryUrges: 3,
    comment: 'Demo: VIP work orders resolved within two working days; every third urge escalates.',
  },
];

/** JSON with every object's keys in order: the store may give fields back in another order than written. */
const canonical = (value: unknown): string =>
  JSON.stringify(value, (_key, v: unknown) =>
    v && typeof v === 'object' && !Array.isArray(v) ? Object.fromEntries(Object.entries(v).sort(([a], [b]) => (a < b ? -1 : 1))) : v,
  );
const sameBody = (a: object, b: object): boolean => canonical(a) === canonical(b);

/**
 * Saves each demo calendar and policy whose current version differs from the demo's (or that
 * does not exist): running it again changes nothing, and a demo edited in code becomes a new version.
 */
export async function seedSla(service: SlaService, repository: SlaRepository, by: string): Promise<void> {
  const now = new Date();
  const calendars = await repository.currentCalendars();
  for (const demo of DEMO_CALENDARS) {
    const current = calendars.find((c) => c.id === demo.id);
    const { version: _v, savedBy: _b, savedAt: _a, comment: _c, ...body } = current ?? { version: 0, savedBy: '', savedAt: now, comment: '' };
    if (!current || !sameBody(body, demo)) await service.saveCalendar(demo, 'Demo calendar', by, now);
  }
  const policies = await repository.currentPolicies();
  for (const demo of DEMO_POLICIES) {
    const current = policies.find((p) => p.policyId === demo.policyId);
    const { version: _v, savedBy: _b, savedAt: _a, ...body } = current ?? { version: 0, savedBy: '', savedAt: now };
    if (!current || !sameBody(body, demo)) await service.savePolicy(demo, by, now);
  }
}
