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

/** The list's mapping does not fit its file (a column missing, repeated or mapped twice): nothing changed. */
export class ListMappingError extends DomainError {
  constructor(message: string) {
    super('LIST_MAPPING_INVALID', `the list mapping does not fit the file: ${message}`);
  }
}

/**
 * Why an uploaded list file is refused.
 * - LIST_FILE_TOO_LARGE: over the upload limit.
 * - LIST_FORMAT_UNSUPPORTED: neither CSV text nor an XLSX workbook (an old .xls, a PDF ...).
 * - LIST_FILE_UNREADABLE: the format is right but the content is not (a broken workbook, text in an unknown encoding).
 * - LIST_EMPTY: no header row, or no row after it.
 * - LIST_TOO_MANY_ROWS: more rows than a list may have.
 */
export type ListFileProblem = 'LIST_FILE_TOO_LARGE' | 'LIST_FORMAT_UNSUPPORTED' | 'LIST_FILE_UNREADABLE' | 'LIST_EMPTY' | 'LIST_TOO_MANY_ROWS';

export class ListFileError extends DomainError {
  constructor(code: ListFileProblem, message: string) {
    super(code, message);
  }
}
