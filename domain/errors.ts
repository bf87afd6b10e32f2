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
