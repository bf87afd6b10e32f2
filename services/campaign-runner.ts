import { countsOf, type AttemptLine, type CampaignContactDoc, type ContactCounts, type CampaignRecord, type CampaignRepository, type ListedContact } from '../adapters/mongo/campaign.repository';
import type { SlaRepository } from '../adapters/mongo/sla.repository';
import type { WorkOrderEngine } from '../adapters/zeebe/work-order-engine';
import { backoffStepMs, concurrencyLimit } from '../domain/async';
import { calendarDays, type BusinessCalendar } from '../domain/calendar';
import { dayNumberOf } from '../domain/calendar/civil-day';
import { contactIdOf, type ContactResult } from '../domain/campaign/campaign';
import { CampaignContactProcess, ivrAnswer, resultOfChain } from '../domain/campaign/process';
import type { Clock } from '../domain/clock';
import { afterAttempt, minutesOf, type AttemptOutcome } from '../domain/outreach/attempt-rules';
import { callingTime, type CallingTime } from '../domain/outreach/calling-windows';
import { exclusionOf } from '../domain/outreach/do-not-call';
import type { Logger } from '../config/logger';
import type { NumberFactsService } from './number-facts';

export interface CampaignRunnerDeps {
  readonly campaigns: CampaignRepository;
  readonly numberFacts: NumberFactsService;
  readonly sla: Pick<SlaRepository, 'currentCalendars'>;
  readonly engine: Pick<WorkOrderEngine, 'publish'>;
  readonly clock: Clock;
  readonly logger: Logger;
}

/** What a wave decided: the campaign's process waits until `nextWaveAt`, or checks for the end once all is launched. */
export interface WaveOutcome {
  readonly allLaunched: boolean;
  readonly nextWaveAt: string;
}

/** The preview-dial queue's card for a campaign contact (the queue's `preview` variable). */
export type PreviewCard = {
  kind: 'campaign';
  chainId: string;
  phone: string;
  custId?: string;
  customerName?: string;
  extra?: Record<string, string>;
  title: string;
  script: string;
  campaignId: string;
  attempt: number;
  answers: 'offer';
  callableUntil: string;
};

/** What a contact's chain does next (campaign-contact.bpmn#Gateway_Next). */
export type PlanOutcome =
  | { readonly next: 'end' }
  | { readonly next: 'wait'; readonly slotAt: string }
  | {
      readonly next: 'call';
      readonly dialMode: 'preview' | 'automatic';
      readonly phone: string;
      readonly ivrPrompt?: string;
      readonly agentTeam?: string;
      /** The preview-dial queue's card (preview mode). */
      readonly preview?: PreviewCard;
      /** The end of the calling window the call falls in: a preview task left open until then leaves the queue. */
      readonly callableUntil: string;
    };

/** One attempt as the process reports it: from the IVR call activity, or from the agent's preview task. */
export type ReportedAttempt =
  | { readonly via: 'ivr'; readonly callId: string; readonly callOutcome: AttemptOutcome; readonly dtmf: string }
  | { readonly via: 'preview'; readonly callId?: string; readonly attemptOutcome: AttemptOutcome; readonly answer?: string; readonly answerReason?: string; readonly attemptEndedAt: string };

export interface CampaignRunner {
  launchWave(campaignId: string, jobKey: string): Promise<WaveOutcome>;
  planAttempt(contactId: string): Promise<PlanOutcome>;
  /** Records the attempt once per `key` (the recording step's element instance) and decides: another attempt, or done. */
  recordAttempt(contactId: string, key: string, attempt: ReportedAttempt): Promise<{ next: 'retry' | 'done' }>;
  /** Every launched contact is done (or the last day has passed). */
  checkFinished(campaignId: string): Promise<boolean>;
  /** Records the campaign's end once: finished (a running campaign), or its calls stopped (the manager stopped it). */
  recordEnd(campaignId: string, how: 'finished' | 'stopped'): Promise<void>;
}

/** Launch messages wait this long for a chain of the same contact to end (a relaunch right after parking). */
const LAUNCH_TTL_MS = 60 * 60_000;
/** Publishing a wave's launch messages at once, at most. */
const LAUNCH_CONCURRENCY = 16;
/** Backpressure: how long to keep retrying one launch the engine refuses as busy. */
const BUSY_GIVE_UP_MS = 60_000;

const isBackpressure = (err: unknown): boolean =>
  (err as { code?: unknown } | null)?.code === 8 || /RESOURCE_EXHAUSTED/.test(String(err));

const MINUTE_MS = 60_000;
/** How long a read of the calendars serves the plans (ms): a new calendar version applies this much later. */
const CALENDAR_CACHE_MS = 5_000;

export function createCampaignRunner(deps: CampaignRunnerDeps): CampaignRunner {
  const { campaigns } = deps;

  // every contact's plan needs the calendar: read once per few seconds, not per contact
  let calendars: { at: number; list: Promise<BusinessCalendar[]> } | undefined;
  async function calendarOf(campaign: CampaignRecord): Promise<BusinessCalendar> {
    if (!calendars || Date.now() - calendars.at > CALENDAR_CACHE_MS) calendars = { at: Date.now(), list: deps.sla.currentCalendars() };
    const calendar = (await calendars.list).find((c) => c.id === campaign.windows.calendarId);
    if (!calendar) throw new Error(`calendar ${campaign.windows.calendarId} of campaign ${campaign._id} does not exist`);
    return calendar;
  }

  /** The campaign's days as day numbers in its calendar's zone, and its calling time. */
  async function timeOf(campaign: CampaignRecord): Promise<{ time: CallingTime; dayOf: (at: Date) => number; firstDay: number; lastDay: number; dayStart: (day: number) => Date }> {
    const calendar = await calendarOf(campaign);
    const days = calendarDays(calendar);
    const time = callingTime(calendar, campaign.windows);
    return {
      time,
      dayOf: (at) => days.dayOf(at.getTime()),
      firstDay: dayNumberOf(campaign.firstDay),
      lastDay: dayNumberOf(campaign.lastDay),
      dayStart: (day) => new Date(days.spansOf(day, [{ start: '00:00', end: '24:00' }])[0]!.start),
    };
  }

  async function mustFind(campaignId: string): Promise<CampaignRecord> {
    const campaign = await campaigns.findRecord(campaignId);
    if (!campaign) throw new Error(`campaign ${campaignId} does not exist`);
    return campaign;
  }

  /** Publishes a contact's launch, waiting out the engine's backpressure instead of failing the wave. */
  async function publishLaunch(contact: Pick<CampaignContactDoc, '_id' | 'campaignId' | 'launches'>): Promise<void> {
    const started = Date.now();
    for (let failures = 0; ; failures++) {
      try {
        await deps.engine.publish({
          name: CampaignContactProcess.messages.launched,
          correlationKey: contact._id,
          messageId: `${contact._id}#${contact.launches}`,
          variables: { campaignId: contact.campaignId, contactId: contact._id },
          timeToLiveMs: LAUNCH_TTL_MS,
        });
        return;
      } catch (err) {
        if (!isBackpressure(err) || Date.now() - started > BUSY_GIVE_UP_MS) throw err;
        await new Promise((resolve) => setTimeout(resolve, backoffStepMs(failures + 1, 20, 2_000) * (0.5 + Math.random() / 2)));
      }
    }
  }

  const newContact = (campaign: CampaignRecord, listed: ListedContact, now: Date): CampaignContactDoc => ({
    _id: contactIdOf(campaign._id, listed.seq),
    campaignId: campaign._id,
    seq: listed.seq,
    phone: listed.phone,
    ...(listed.name ? { name: listed.name } : {}),
    ...(listed.custId ? { custId: listed.custId } : {}),
    ...(listed.extra ? { extra: listed.extra } : {}),
    state: 'active',
    launches: 1,
    attempts: [],
    launchedAt: now,
  });

  /**
   * Changes an active contact: records `attempt` (once) and sets `set`. The change that wins
   * also notes what it adds to the campaign's counters (`pendingCount`), then counts it and
   * clears the note; a job retried after a failure in between finds the note and counts it then.
   */
  async function changeContact(contact: CampaignContactDoc, set: Partial<CampaignContactDoc>, attempt?: AttemptLine): Promise<void> {
    const next = { ...contact, ...set, attempts: attempt ? [...contact.attempts, attempt] : contact.attempts };
    const before = countsOf(contact);
    const after = countsOf(next);
    const delta: ContactCounts = {
      attempts: (after.attempts ?? 0) - (before.attempts ?? 0),
      reached: (after.reached ?? 0) - (before.reached ?? 0),
      done: (after.done ?? 0) - (before.done ?? 0),
      ...(after.result && !before.result ? { result: after.result } : {}),
    };
    const changed = await campaigns.changeContact(
      contact._id,
      attempt
        ? { filter: { state: 'active', 'attempts.key': { $ne: attempt.key } }, holds: (c) => c.state === 'active' && !c.attempts.some((a) => a.key === attempt.key) }
        : { filter: { state: 'active' }, holds: (c) => c.state === 'active' },
      {
        $set: { ...set, pendingCount: delta },
        ...(attempt ? { $push: { attempts: attempt } } : {}),
        ...(set.state === 'done' ? { $unset: { retryNotBefore: 1 } } : {}),
      },
    );
    if (changed) await countPending(contact._id);
  }

  /** Counts the share a contact's last change noted, then clears the note. */
  async function countPending(contactId: string): Promise<void> {
    const contact = await campaigns.findContact(contactId);
    if (!contact?.pendingCount) return;
    await campaigns.count(contact.campaignId, contactId, contact.pendingCount);
    await campaigns.changeContact(contactId, { filter: { pendingCount: { $exists: true } }, holds: (c) => c.pendingCount !== undefined }, { $unset: { pendingCount: 1 } });
  }

  /** Ends a contact's chain with `result`. */
  const endContact = (contact: CampaignContactDoc, result: ContactResult, now: Date, extra: Partial<CampaignContactDoc> = {}): Promise<void> =>
    changeContact(contact, { state: 'done', result, endedAt: now, ...extra });

  return {
    async launchWave(campaignId, jobKey) {
      const campaign = await mustFind(campaignId);
      if (campaign.lastWave?.jobKey === jobKey) return { allLaunched: campaign.lastWave.allLaunched, nextWaveAt: campaign.lastWave.nextWaveAt };
      const now = deps.clock.now();
      const { time, dayOf, firstDay, lastDay, dayStart } = await timeOf(campaign);
      const every = new Date(now.getTime() + minutesOf(campaign.pacing.every) * MINUTE_MS).toISOString();
      if (campaign.state !== 'running') return { allLaunched: false, nextWaveAt: every };
      const today = dayOf(now);
      // past the last day nothing more is launched: the rest of the list stays unlaunched
      if (today > lastDay) return { allLaunched: true, nextWaveAt: now.toISOString() };
      if (today < firstDay || !time.isCallable(now)) {
        const opens = time.nextSlot(today < firstDay ? dayStart(firstDay) : now);
        if (!opens || dayOf(opens) > lastDay) return { allLaunched: true, nextWaveAt: now.toISOString() };
        return { allLaunched: false, nextWaveAt: opens.toISOString() };
      }

      const limit = concurrencyLimit(LAUNCH_CONCURRENCY);
      // parked contacts first: they were launched before the pause
      const parked = await campaigns.parked(campaignId, campaign.pacing.waveSize);
      await Promise.all(
        parked.map((id) =>
          limit(async () => {
            const contact = await campaigns.findContact(id);
            if (!contact) return;
            if (contact.state === 'parked') {
              await campaigns.changeContact(id, { filter: { state: 'parked' }, holds: (c) => c.state === 'parked' }, { $set: { state: 'active' }, $inc: { launches: 1 } });
              await publishLaunch({ ...contact, launches: contact.launches + 1 });
            } else if (contact.state === 'active') {
              await publishLaunch(contact); // a wave that died after reactivating it: the same launch again
            }
          }),
        ),
      );
      await campaigns.unpark(campaignId, parked);

      // then the next contacts of the list, page by page
      const wave: ListedContact[] = [];
      let { page, index } = campaign.cursor;
      const pages = campaign.list?.pages ?? 0;
      while (wave.length < campaign.pacing.waveSize - parked.length && page <= pages) {
        const contacts = (await campaigns.readPage(campaignId, page))?.contacts ?? [];
        while (index < contacts.length && wave.length < campaign.pacing.waveSize - parked.length) {
          const listed = contacts[index++]!;
          if (!listed.excluded) wave.push(listed);
        }
        if (index >= contacts.length) [page, index] = [page + 1, 0];
      }
      const docs = wave.map((listed) => newContact(campaign, listed, now));
      const fresh = new Set(await campaigns.insertContacts(docs));
      // every contact of the wave is published, the ones inserted by a wave that died too: same message id, one chain
      await Promise.all(docs.map((doc) => limit(() => publishLaunch(doc))));

      const allLaunched = page > pages && (await campaigns.parked(campaignId, 1)).length === 0;
      const nextWaveAt = allLaunched ? now.toISOString() : every;
      await campaigns.change(
        campaignId,
        { filter: { 'lastWave.jobKey': { $ne: jobKey } }, holds: (c) => c.lastWave?.jobKey !== jobKey },
        { $set: { cursor: { page, index }, lastWave: { jobKey, allLaunched, nextWaveAt } }, $inc: { launched: fresh.size } },
      );
      deps.logger.info({ campaignId, launched: fresh.size, relaunched: parked.length, page, index }, 'campaign wave launched');
      return { allLaunched, nextWaveAt };
    },

    async planAttempt(contactId) {
      const contact = await campaigns.findContact(contactId);
      if (contact?.pendingCount) await countPending(contactId); // a retry after a failed count
      if (!contact || contact.state !== 'active') return { next: 'end' };
      const campaign = await mustFind(contact.campaignId);
      const now = deps.clock.now();
      if (campaign.state === 'stopped' || campaign.state === 'finished') {
        await endContact(contact, 'stopped', now);
        return { next: 'end' };
      }
      if (campaign.state === 'paused') {
        const parked = await campaigns.changeContact(contactId, { filter: { state: 'active' }, holds: (c) => c.state === 'active' }, { $set: { state: 'parked' } });
        if (parked) await campaigns.park(campaign._id, contactId);
        return { next: 'end' };
      }
      const facts = await deps.numberFacts.factsOf(contact.phone, now);
      const excluded = exclusionOf(facts, { kind: campaign.kind, lastDay: campaign.lastDay, centerAttemptCap: deps.numberFacts.limit.cap });
      if (excluded) {
        await endContact(contact, 'excluded', now, { excludedAs: excluded });
        return { next: 'end' };
      }
      if (contact.attempts.length >= campaign.rules.attemptCap) {
        await endContact(contact, 'unreachable', now);
        return { next: 'end' };
      }
      const { time, dayOf, firstDay, lastDay, dayStart } = await timeOf(campaign);
      const notBefore = [now, contact.retryNotBefore, dayStart(firstDay), facts.preference?.notBefore ? dayStart(dayNumberOf(facts.preference.notBefore)) : undefined]
        .filter((d): d is Date => d !== undefined)
        .reduce((a, b) => (a > b ? a : b));
      const slot = time.nextSlot(notBefore, facts.quietHours);
      if (!slot || dayOf(slot) > lastDay) {
        await endContact(contact, 'unreachable', now);
        return { next: 'end' };
      }
      if (slot > now) return { next: 'wait', slotAt: slot.toISOString() };
      const callableUntil = time.spanEnd(now, facts.quietHours)!.toISOString();
      if (campaign.dialMode === 'automatic') {
        return { next: 'call', dialMode: 'automatic', phone: contact.phone, ivrPrompt: campaign.ivr!.prompt, callableUntil };
      }
      return {
        next: 'call',
        dialMode: 'preview',
        phone: contact.phone,
        agentTeam: campaign.agentTeam!,
        callableUntil,
        preview: {
          kind: 'campaign',
          chainId: contactId,
          phone: contact.phone,
          ...(contact.custId ? { custId: contact.custId } : {}),
          ...(contact.name ? { customerName: contact.name } : {}),
          ...(contact.extra ? { extra: contact.extra } : {}),
          title: campaign.name,
          script: campaign.script,
          campaignId: campaign._id,
          attempt: contact.attempts.length + 1,
          answers: 'offer',
          callableUntil,
        },
      };
    },

    async recordAttempt(contactId, key, reported) {
      const contact = await campaigns.findContact(contactId);
      if (!contact) throw new Error(`contact ${contactId} does not exist`);
      if (contact.attempts.some((a) => a.key === key)) {
        if (contact.pendingCount) await countPending(contactId);
        return { next: contact.state === 'done' ? 'done' : 'retry' };
      }
      if (contact.state !== 'active') return { next: 'done' };
      const campaign = await mustFind(contact.campaignId);
      const now = deps.clock.now();
      const { outcome, answer } =
        reported.via === 'ivr' ? ivrAnswer(reported.callOutcome, reported.dtmf, campaign.ivr?.acceptKey ?? '1') : { outcome: reported.attemptOutcome, answer: reported.answer };
      const endedAt = reported.via === 'preview' ? new Date(reported.attemptEndedAt) : now;
      // counted across campaigns before the contact's record, so a crash in between never forgets a call
      if (outcome !== 'failed' || reported.callId) await deps.numberFacts.recordAttempt(contact.phone, reported.callId ?? `attempt-${key}`, endedAt);

      const n = contact.attempts.length + 1;
      let after = afterAttempt(campaign.rules, outcome, n, endedAt);
      let retryNotBefore: Date | undefined;
      if (after.next === 'retry') {
        const facts = await deps.numberFacts.factsOf(contact.phone, now);
        retryNotBefore = after.inNextWindow ? (await timeOf(campaign)).time.nextWindowStart(endedAt, facts.quietHours) : after.notBefore;
        if (!retryNotBefore) after = { next: 'stop', because: 'rule-stops' };
      }
      const line: AttemptLine = {
        n,
        key,
        ...(reported.callId ? { callId: reported.callId } : {}),
        outcome,
        ...(answer ? { answer } : {}),
        ...(reported.via === 'preview' && reported.answerReason ? { reason: reported.answerReason } : {}),
        endedAt,
      };
      const result = after.next === 'stop' ? resultOfChain(after, outcome, answer) : undefined;
      await changeContact(contact, result ? { state: 'done', result, endedAt: now } : { retryNotBefore: retryNotBefore! }, line);
      return { next: result ? 'done' : 'retry' };
    },

    async checkFinished(campaignId) {
      const campaign = await campaigns.find(campaignId);
      if (!campaign) throw new Error(`campaign ${campaignId} does not exist`);
      const { dayOf, lastDay } = await timeOf(campaign);
      if (dayOf(deps.clock.now()) > lastDay) return true;
      return campaign.lastWave?.allLaunched === true && campaign.stats.done >= campaign.stats.launched;
    },

    async recordEnd(campaignId, how) {
      const line = { at: deps.clock.now(), by: 'system', action: how === 'finished' ? 'finished' : 'calls-stopped' };
      await campaigns.change(
        campaignId,
        how === 'finished'
          ? { filter: { state: 'running' }, holds: (c) => c.state === 'running' }
          : { filter: { 'history.action': { $ne: line.action } }, holds: (c) => !c.history.some((h) => h.action === line.action) },
        { ...(how === 'finished' ? { $set: { state: 'finished' } } : {}), $push: { history: line } },
      );
    },
  };
}
