import { DomainError } from '../errors';

/** The callback policy names a business calendar that does not exist: nothing was saved. */
export class UnknownCalendarError extends DomainError {
  constructor(calendarId: string) {
    super('UNKNOWN_CALENDAR', `there is no business calendar ${calendarId}; save it first (POST /api/sla/calendars) or name another`);
  }
}

/** Codes of SurveyError; the survey page answers each with its own status and words. */
export type SurveyCode = 'SURVEY_LINK_INVALID' | 'SURVEY_CLOSED';

/** A survey link that opens nothing: not made by the platform, or its callback is gone (404), or the survey is over (410). */
export class SurveyError extends DomainError {
  private constructor(code: SurveyCode, message: string) {
    super(code, message);
  }

  static invalid(): SurveyError {
    return new SurveyError('SURVEY_LINK_INVALID', 'this survey link is not valid');
  }

  static closed(): SurveyError {
    return new SurveyError('SURVEY_CLOSED', 'this survey is closed');
  }
}
