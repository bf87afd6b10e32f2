import type { AuditLog } from '../adapters/mongo/audit.repository';
import { allOf } from '../adapters/mongo/document-lock';
import { campaignIn, revisionIs, type CampaignDoc, type CampaignRecord, type CampaignRepository } from '../adapters/mongo/campaign.repository';
import type { WorkOrderEngine } from '../adapters/zeebe/work-order-engine';
import { CampaignProcess } from '../domain/campaign/process';
import type { NextSequence } from '../adapters/mongo/sequences';
import type { SlaRepository } from '../adapters/mongo/sla.repository';
import { campaignIdOf, type CampaignSettings, type CampaignState } from '../domain/campaign/campaign';
import { CampaignEngineError, CampaignSettingsError, CampaignStateError } from '../domain/campaign/errors';
import type { Clock } from '../domain/clock';
import { ForbiddenError, NotFoundError } from '../domain/errors';
import { hasRole, type Principal } from '../domain/identity/principal';
import { centerDayOf } from '../domain/work-order/work-order';
import { maskPhone } from '../domain/contact/contact';
import { csvLines } from '../domain/sla/compliance';

export interface CampaignServiceDeps {
  readonly campaigns: CampaignRepository;
  readonly engine: Pick<WorkOrderEngine, 'publish'>;
  readonly sla: Pick<SlaRepository, 'currentCalendars'>;
  readonly nextSequence: NextSequence;
  readonly audit: AuditLog;
  readonly clock: Clock;
  readonly centerTimeZone: string;
}

/** Supervisors over the campaign's department and admins run a campaign. */
export function mayManage(principal: Principal, campaign: Pick<CampaignDoc, 'departmentId'>): boolean {
  if (hasRole(principal, 'admin')) return true;
  return hasRole(principal, 'supervisor') && (principal.departments === 'all' || principal.departments.includes(campaign.departmentId));
}

/** Auditors read every campaign besides those who run it. */
export const mayRead = (principal: Principal, campaign: Pick<CampaignDoc, 'departmentId'>): boolean =>
  mayManage(principal, campaign) || hasRole(principal, 'auditor');

export interface CampaignService {
  create(principal: Principal, settings: CampaignSettings): Promise<CampaignDoc>;
  /** The campaign if the principal may read it (else NOT_FOUND, as if it did not exist). */
  get(principal: Principal, id: string): Promise<CampaignDoc>;
  /** The campaign if the principal may run it (FORBIDDEN for a reader, NOT_FOUND for others). */
  getToManage(principal: Principal, id: string): Promise<CampaignDoc>;
  list(principal: Principal): Promise<CampaignDoc[]>;
  /**
   * The final report, one CSV line per row of the list: how each contact ended (or why it was
   * filtered, or that it was not reached by a wave), streamed in chunks of lines.
   */
  report(principal: Principal, id: string): Promise<{ campaign: CampaignDoc; lines: AsyncIterable<string> }>;
  /** A manager's command: launch (ready), pause (running), resume (paused), stop (any state before the end). */
  command(principal: Principal, id: string, command: CampaignCommand, note?: string): Promise<CampaignDoc>;
}

export const CampaignCommands = ['launch', 'pause', 'resume', 'stop'] as const;
export type CampaignCommand = (typeof CampaignCommands)[number];

/** Each command: the states it applies in, the state it leads to, and the message the campaign's instance gets. */
const COMMANDS: Record<CampaignCommand, { from: CampaignState[]; to: CampaignState; message?: string; done: string }> = {
  launch: { from: ['ready'], to: 'running', message: CampaignProcess.messages.launched, done: 'launched' },
  pause: { from: ['running'], to: 'paused', message: CampaignProcess.messages.paused, done: 'paused' },
  resume: { from: ['paused'], to: 'running', message: CampaignProcess.messages.resumed, done: 'resumed' },
  stop: { from: ['draft', 'ready', 'running', 'paused'], to: 'stopped', message: CampaignProcess.messages.stopped, done: 'stopped' },
};

/**
 * How long a command's message waits in the engine for the campaign's instance to listen (a
 * launch just accepted may not have opened its subscriptions yet); the record's state decides in
 * any case, as every step reads it.
 */
const COMMAND_TTL_MS = 60_000;

export function createCampaignService(deps: CampaignServiceDeps): CampaignService {
  const get = async (principal: Principal, id: string): Promise<CampaignDoc> => {
    const campaign = await deps.campaigns.find(id);
    if (!campaign || !mayRead(principal, campaign)) throw new NotFoundError('campaign', id);
    return campaign;
  };
  const getToManage = async (principal: Principal, id: string): Promise<CampaignDoc> => {
    const campaign = await get(principal, id);
    if (!mayManage(principal, campaign)) throw new ForbiddenError(`only supervisors of ${campaign.departmentId} and admins run campaign ${id}`);
    return campaign;
  };
  return {
    async create(principal, settings) {
      if (!mayManage(principal, settings)) throw new ForbiddenError(`only supervisors of ${settings.departmentId} and admins create its campaigns`);
      const calendars = await deps.sla.currentCalendars();
      if (!calendars.some((c) => c.id === settings.windows.calendarId)) {
        throw new CampaignSettingsError(`calendar ${settings.windows.calendarId} does not exist`);
      }
      const now = deps.clock.now();
      const day = centerDayOf(now, deps.centerTimeZone);
      const id = campaignIdOf(day, await deps.nextSequence(`campaign-${day}`));
      const campaign: CampaignRecord = {
        ...settings,
        _id: id,
        state: 'draft',
        createdBy: principal.employeeId,
        createdAt: now,
        cursor: { page: 1, index: 0 },
        launched: 0,
        history: [{ at: now, by: principal.employeeId, action: 'created' }],
        revision: 1,
      };
      await deps.campaigns.create(campaign);
      await deps.audit.record({ at: now, by: principal.employeeId, action: 'campaign.created', subject: id, detail: { name: settings.name, kind: settings.kind } });
      return { ...campaign, stats: { launched: 0, attempts: 0, reached: 0, done: 0, results: {} } };
    },
    get,
    getToManage,
    async report(principal, id) {
      const campaign = await get(principal, id);
      return { campaign, lines: reportLines(deps.campaigns, campaign, mayManage(principal, campaign)) };
    },
    async list(principal) {
      return (await deps.campaigns.list()).filter((c) => mayRead(principal, c));
    },
    async command(principal, id, command, note) {
      const campaign = await getToManage(principal, id);
      const { from, to, message, done } = COMMANDS[command];
      const now = deps.clock.now();
      const changed = await deps.campaigns.change(id, allOf(campaignIn(...from), revisionIs(campaign.revision)), {
        $set: { state: to },
        $push: { history: { at: now, by: principal.employeeId, action: done, ...(note ? { note } : {}) } },
      });
      if (!changed) throw new CampaignStateError(id, command, (await deps.campaigns.findRecord(id))?.state ?? campaign.state);
      // a campaign never launched has no instance to tell
      const hasInstance = campaign.state !== 'draft' && campaign.state !== 'ready';
      if (message && (command === 'launch' || hasInstance)) {
        try {
          await deps.engine.publish({ name: message, correlationKey: id, messageId: `${id}/${done}/${changed.revision}`, variables: { campaignId: id }, timeToLiveMs: COMMAND_TTL_MS });
        } catch (err) {
          // the engine did not hear it: put the state back, so the record and the process agree
          await deps.campaigns.change(id, allOf(campaignIn(to), revisionIs(changed.revision)), {
            $set: { state: campaign.state },
            $push: { history: { at: deps.clock.now(), by: 'system', action: `${done}-undone`, note: 'the engine did not take the command' } },
          });
          throw new CampaignEngineError(id, command, err);
        }
      }
      await deps.audit.record({ at: now, by: principal.employeeId, action: `campaign.${done}`, subject: id, detail: note ? { note } : {} });
      return (await deps.campaigns.find(id))!;
    },
  };
}

/** How a launched contact stands, kept small: a report of a million rows holds one per contact in memory. */
type LaunchedRow = readonly [status: string, attempts: number, lastOutcome: string, lastAttemptAt: string, answer: string];

const REPORT_HEADER = ['row', 'phone', 'name', 'custId', 'status', 'attempts', 'lastOutcome', 'lastAttemptAt', 'answer'];
/** Lines per chunk the report yields. */
const REPORT_CHUNK = 1_000;

async function* reportLines(campaigns: CampaignRepository, campaign: CampaignDoc, showPhones: boolean): AsyncIterable<string> {
  const launched = new Map<number, LaunchedRow>();
  for await (const c of campaigns.contactsOf(campaign._id)) {
    const last = c.attempts.at(-1);
    const status = c.state === 'done' ? (c.result === 'excluded' ? `excluded:${c.excludedAs ?? ''}` : (c.result ?? 'done')) : c.state;
    launched.set(c.seq, [status, c.attempts.length, last?.outcome ?? '', last?.endedAt.toISOString() ?? '', [last?.answer, last?.reason].filter(Boolean).join(': ')]);
  }
  yield csvLines([REPORT_HEADER]);
  for (let page = 1; page <= (campaign.list?.pages ?? 0); page++) {
    const contacts = (await campaigns.readPage(campaign._id, page))?.contacts ?? [];
    for (let i = 0; i < contacts.length; i += REPORT_CHUNK) {
      yield csvLines(
        contacts.slice(i, i + REPORT_CHUNK).map((c) => {
          const row = launched.get(c.seq);
          const status = c.excluded ? `filtered:${c.excluded}` : (row?.[0] ?? 'not-launched');
          return [c.seq, showPhones ? c.phone : maskPhone(c.phone), c.name, c.custId, status, row?.[1] ?? 0, row?.[2], row?.[3], row?.[4]];
        }),
      );
    }
  }
}
