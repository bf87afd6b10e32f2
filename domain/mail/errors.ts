import { DomainError, InvalidInputError, type InputIssue } from '../errors';

/** Codes of MailAdminError; api/problem.ts maps each to its HTTP status. */
export type MailAdminCode = 'MAIL_NOT_DEAD_LETTERED' | 'MAIL_CHANGED' | 'MAILBOX_NOT_LOCAL' | 'MAILBOX_UNREACHABLE';

/** An admin's mail request that cannot be done as asked. */
export class MailAdminError extends DomainError {
  private constructor(code: MailAdminCode, message: string) {
    super(code, message);
  }

  static notDeadLettered(key: string, state: string): MailAdminError {
    return new MailAdminError('MAIL_NOT_DEAD_LETTERED', `only a dead-lettered mail can be resent; ${key} is ${state}`);
  }

  static changed(key: string): MailAdminError {
    return new MailAdminError('MAIL_CHANGED', `${key} changed while the resend was being recorded; look at it again`);
  }

  static mailboxUnreachable(reason: string): MailAdminError {
    return new MailAdminError('MAILBOX_UNREACHABLE', `the local mail peer does not answer (${reason}); is the runtime running?`);
  }

  static mailboxNotLocal(): MailAdminError {
    return new MailAdminError('MAILBOX_NOT_LOCAL', 'mail goes to a real SMTP server (SMTP_URL is set): there is no local mailbox to show');
  }
}

/** A template override that does not parse or uses variables its template is not given: each problem listed, nothing saved. */
export class MailTemplateError extends InvalidInputError {
  constructor(name: string, issues: readonly InputIssue[]) {
    super('MAIL_TEMPLATE_INVALID', `template ${name}: ${issues.map((i) => `${i.path}: ${i.message}`).join('; ')}`, issues);
  }
}
