/**
 * Errors the domain and the services throw. Each carries a stable machine-readable code;
 * the API maps codes to HTTP statuses (api/problem.ts), so HTTP does not leak in here.
 */
export class DomainError extends Error {
  constructor(
    readonly code: string,
    message: string,
    /** True when the same call may succeed later (engine busy, network), false when it never will. */
    readonly retryable = false,
  ) {
    super(message);
    this.name = new.target.name;
  }
}

export class NotFoundError extends DomainError {
  constructor(what: string, id: string) {
    super('NOT_FOUND', `${what} ${id} does not exist`);
  }
}

/** Codes of AuthenticationError: who is calling could not be established. */
export type AuthenticationCode = 'INVALID_CREDENTIALS' | 'ACCOUNT_LOCKED' | 'UNAUTHENTICATED';

/**
 * Login refused, or a request without a valid session or API key. Wrong password and unknown
 * user are one answer (INVALID_CREDENTIALS), so the answer does not tell which usernames exist.
 */
export class AuthenticationError extends DomainError {
  private constructor(
    code: AuthenticationCode,
    message: string,
    /** Set for ACCOUNT_LOCKED: when a login may be tried again. */
    readonly lockedUntil?: Date,
  ) {
    super(code, message);
  }

  static invalidCredentials(): AuthenticationError {
    return new AuthenticationError('INVALID_CREDENTIALS', 'The username or the password is wrong');
  }

  static accountLocked(until: Date): AuthenticationError {
    return new AuthenticationError(
      'ACCOUNT_LOCKED',
      `The account is locked after too many failed logins; try again after ${until.toISOString()}`,
      until,
    );
  }

  static unauthenticated(reason: string): AuthenticationError {
    return new AuthenticationError('UNAUTHENTICATED', reason);
  }
}

/** The caller is known but lacks the role or the scope the action needs. */
export class ForbiddenError extends DomainError {
  constructor(message: string) {
    super('FORBIDDEN', message);
  }
}

/** A record other requests kept changing while this one waited: nothing changed, the same request may be sent again. */
export class RecordBusyError extends DomainError {
  constructor(key: string) {
    super('RECORD_BUSY', `${key} is being changed by another request; nothing was changed, try again`, true);
  }
}

/** A unit or account that does not fit the unit tree (unknown parent or unit, wrong nesting, a cycle). */
export class IdentityDataError extends DomainError {
  constructor(message: string) {
    super('INVALID_IDENTITY_DATA', message);
  }
}

/** One problem of an input that has many parts (a file's line, a template's field). */
export interface InputIssue {
  /** Which part: a field path (`en.subject`) or `content` for a file. */
  readonly path: string;
  /** 1-based line of a file, when the problem is on one. */
  readonly line?: number;
  readonly message: string;
}

/** Input refused for several reasons at once; the API lists each one (problem+json `errors`). */
export class InvalidInputError extends DomainError {
  constructor(
    code: string,
    message: string,
    readonly issues: readonly InputIssue[],
  ) {
    super(code, message);
  }
}
