import { DomainError } from '../errors';
import type { CampaignState } from './campaign';

/** The campaign is not in a state that allows the action: nothing changed. */
export class CampaignStateError extends DomainError {
  constructor(campaignId: string, action: string, state: CampaignState) {
    super('CAMPAIGN_STATE', `campaign ${campaignId} is ${state}: it cannot ${action} now`);
  }
}

/** A campaign's settings name something that does not exist (a calendar, a team): nothing was created. */
export class CampaignSettingsError extends DomainError {
  constructor(message: string) {
    super('CAMPAIGN_SETTINGS_INVALID', message);
  }
}

/** The engine did not take a manager's command: the campaign is as it was; the same command may be sent again. */
export class CampaignEngineError extends DomainError {
  constructor(campaignId: string, command: string, cause: unknown) {
    super('CAMPAIGN_ENGINE_UNAVAILABLE', `the engine did not take "${command}" for campaign ${campaignId}; nothing changed, try again`, true);
    this.cause = cause;
  }
}
