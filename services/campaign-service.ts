import type { AuditLog } from '../adapters/mongo/audit.repository';
import type { CampaignDoc, CampaignRepository } from '../adapters/mongo/campaign.repository';
import type { NextSequence } from '../adapters/mongo/sequences';
import type { SlaRepository } from '../adapters/mongo/sla.repository';
import { campaignIdOf, type CampaignSettings } from '../domain/campaign/campaign';
import { CampaignSettingsError } from '../domain/campaign/errors';
import type { Clock } from '../domain/clock';
import { ForbiddenError, NotFoundError } from '../domain/errors';
import { hasRole, type Principal } from '../domain/identity/principal';
import { centerDayOf } from '../domain/work-order/work-order';

export interface CampaignServiceDeps {
  readonly campaigns: CampaignRepository;
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
}

export function createCampaignService(deps: CampaignServiceDeps): CampaignService {
  const get = async (principal: Principal, id: string): Promise<CampaignDoc> => {
    const campaign = await deps.campaigns.find(id);
    if (!campaign || !mayRead(principal, campaign)) throw new NotFoundError('campaign', id);
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
      const campaign: CampaignDoc = {
        ...settings,
        _id: id,
        state: 'draft',
        createdBy: principal.employeeId,
        createdAt: now,
        cursor: { page: 1, index: 0 },
        stats: { launched: 0, attempts: 0, reached: 0, done: 0, results: {} },
        history: [{ at: now, by: principal.employeeId, action: 'created' }],
        revision: 1,
      };
      await deps.campaigns.create(campaign);
      await deps.audit.record({ at: now, by: principal.employeeId, action: 'campaign.created', subject: id, detail: { name: settings.name, kind: settings.kind } });
      return campaign;
    },
    get,
    async getToManage(principal, id) {
      const campaign = await get(principal, id);
      if (!mayManage(principal, campaign)) throw new ForbiddenError(`only supervisors of ${campaign.departmentId} and admins run campaign ${id}`);
      return campaign;
    },
    async list(principal) {
      return (await deps.campaigns.list()).filter((c) => mayRead(principal, c));
    },
  };
}
