import { DateTime } from 'luxon';
import type { CampaignDoc, ListedContact, ListPageDoc } from '../../adapters/mongo/campaign.repository';
import { listPageId } from '../../adapters/mongo/campaign.repository';
import { calendarDays, type BusinessCalendar } from '../../domain/calendar';
import { LIST_PAGE_SIZE, type CampaignSettings } from '../../domain/campaign/campaign';
import { DEFAULT_ATTEMPT_RULES } from '../../domain/outreach/attempt-rules';
import { eventually, type TestPlatform } from './test-platform';
import { apiAs } from './work-orders';

/** The manager of the test campaigns: the center's supervisor oversees every department. */
export const CAMPAIGN_MANAGER = 'center-sup';

/** Settings of a test campaign: automatic payment reminders on the mainland calendar, workdays only. */
export function campaignSettings(firstDay: string, lastDay: string, overrides: Partial<CampaignSettings> = {}): CampaignSettings {
  return {
    name: 'Payment reminder, November',
    kind: 'payment-reminder',
    script: 'Your bill is due; press 1 to pay now by phone.',
    dialMode: 'automatic',
    ivr: { prompt: 'sound:payment-reminder', acceptKey: '1' },
    departmentId: 'front-office',
    windows: {
      calendarId: 'cn-mainland',
      workday: [
        { start: '09:00', end: '12:00' },
        { start: '14:00', end: '20:00' },
      ],
      restDay: [],
    },
    rules: DEFAULT_ATTEMPT_RULES,
    pacing: { waveSize: 500, every: 'PT1M' },
    firstDay,
    lastDay,
    ...overrides,
  };
}

/** Creates a campaign through the API; answers its id. */
export async function createCampaign(tp: TestPlatform, settings: CampaignSettings): Promise<string> {
  const res = await apiAs(tp.app, CAMPAIGN_MANAGER).post('/api/campaigns', settings);
  if (res.status !== 201) throw new Error(`campaign refused: ${res.status} ${JSON.stringify(res.body)}`);
  return (res.body as { campaignId: string }).campaignId;
}

/**
 * Stores `contacts` as the campaign's list and makes it ready, as an import that filtered
 * nothing would: the rules that keep numbers out are then met only when each contact is called.
 */
export async function storeUnfilteredList(tp: TestPlatform, campaignId: string, contacts: readonly Omit<ListedContact, 'seq'>[]): Promise<void> {
  const repo = tp.platform.campaignRepository;
  const pages: ListPageDoc[] = [];
  for (let start = 0; start < contacts.length; start += LIST_PAGE_SIZE) {
    const page = pages.length + 1;
    pages.push({ _id: listPageId(campaignId, page), campaignId, page, contacts: contacts.slice(start, start + LIST_PAGE_SIZE).map((c, i) => ({ ...c, seq: start + i + 1 })) });
  }
  await repo.insertPages(pages);
  const list: CampaignDoc['list'] = {
    importId: 'generated',
    sha256: '',
    bytes: 0,
    headerRow: 1,
    heartbeatAt: tp.clock.now(),
    fileName: 'generated.csv',
    format: 'csv',
    mapping: { phone: 'phone', extra: [] },
    state: 'done',
    rows: contacts.length,
    eligible: contacts.length,
    filtered: {},
    pages: pages.length,
    importedBy: CAMPAIGN_MANAGER,
    startedAt: tp.clock.now(),
    finishedAt: tp.clock.now(),
  };
  await repo.change(campaignId, { filter: {}, holds: () => true }, { $set: { list, state: 'ready' } });
}

/** A campaign's record once `accept` holds. */
export const campaignWhere = (tp: TestPlatform, campaignId: string, accept: (c: CampaignDoc) => boolean, timeoutMs = 180_000): Promise<CampaignDoc> =>
  eventually(() => tp.platform.campaignRepository.find(campaignId), (c) => c !== null && accept(c), { timeoutMs, intervalMs: 500 }) as Promise<CampaignDoc>;

/** The instant of wall-clock `hhmm` on civil day `day` (YYYY-MM-DD) in the calendar's zone. */
export const wallClock = (calendar: BusinessCalendar, day: string, hhmm: string): Date =>
  DateTime.fromISO(`${day}T${hhmm}`, { zone: calendar.timeZone }).toJSDate();

/** The first day after `from` (YYYY-MM-DD in the calendar's zone) that is worked and followed by a rest day. */
export function lastWorkdayBeforeRest(calendar: BusinessCalendar, from: Date): string {
  const days = calendarDays(calendar);
  let day = days.dayOf(from.getTime()) + 1;
  while (!(days.isWorkday(day) && !days.isWorkday(day + 1))) day++;
  return new Date(day * 86_400_000).toISOString().slice(0, 10);
}

/** The next day after `day` the calendar works. */
export function nextWorkday(calendar: BusinessCalendar, day: string): string {
  const days = calendarDays(calendar);
  let n = Date.parse(`${day}T00:00:00Z`) / 86_400_000 + 1;
  while (!days.isWorkday(n)) n++;
  return new Date(n * 86_400_000).toISOString().slice(0, 10);
}
