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

/**
 * Saves an edit made on `basedOnVersion` as exactly the version after it, through `saveAs` (null:
 * that number was taken). RULES_CHANGED when the thing is at another version, or when another
 * save of the same version took the number first: checking before the write alone would let two
 * edits of one version both pass, and the second would drop what the first changed.
 */
export async function saveOnTop<T>(what: string, basedOnVersion: number, newest: () => Promise<number>, saveAs: (version: number) => Promise<T | null>): Promise<T> {
  const current = await newest();
  if (current !== basedOnVersion) throw new RulesChangedError(what, basedOnVersion, current);
  const saved = await saveAs(basedOnVersion + 1);
  if (saved) return saved;
  throw new RulesChangedError(what, basedOnVersion, await newest());
}
