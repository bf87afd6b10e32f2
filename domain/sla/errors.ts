import { InvalidInputError, DomainError, type InputIssue } from '../errors';
import type { ImportIssue } from '../calendar/holiday-import';

/** A holiday file with problems: each one with its line; nothing was changed. */
export class CalendarImportError extends InvalidInputError {
  constructor(year: number, issues: readonly ImportIssue[]) {
    super(
      'CALENDAR_IMPORT_INVALID',
      `the file for ${year} has ${issues.length} problem(s); nothing was changed`,
      issues.map((i) => ({ path: 'content', line: i.line, message: i.message })),
    );
  }
}

/** A calendar the edits would make invalid (a make-up workday on a weekday, a day both ways ...). */
export class CalendarInvalidError extends InvalidInputError {
  constructor(issues: readonly InputIssue[]) {
    super('CALENDAR_INVALID', `the calendar would not be valid: ${issues.map((i) => i.message).join('; ')}`, issues);
  }
}

/** Someone saved a newer version since the admin read the one they edited: they look again rather than overwrite it. */
export class RulesChangedError extends DomainError {
  constructor(what: string, basedOn: number, current: number) {
    super('RULES_CHANGED', `${what} is at version ${current} now, not ${basedOn}: look at the new version and edit it again`);
  }
}
