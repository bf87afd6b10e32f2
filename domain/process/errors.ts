import { DomainError } from '../errors';

/** One lint finding, as the API returns it (element id, message, category). */
export interface ProcessIssue {
  readonly elementId?: string;
  readonly message: string;
  readonly category: 'error' | 'warn';
  readonly rule: string;
}

/** The diagram has lint errors: nothing was deployed. */
export class ProcessLintFailedError extends DomainError {
  constructor(readonly issues: readonly ProcessIssue[]) {
    super('PROCESS_LINT_FAILED', `the diagram has ${issues.filter((i) => i.category === 'error').length} lint error(s): nothing was deployed`);
  }
}

/** The file defines other resources than the one it is deployed as: nothing was deployed. */
export class ProcessIdMismatchError extends DomainError {
  constructor(expected: string, found: readonly string[]) {
    super('PROCESS_ID_MISMATCH', `the file must define "${expected}", it defines ${found.length ? found.map((f) => `"${f}"`).join(', ') : 'nothing'}: nothing was deployed`);
  }
}

/** The engine refused the file (it validates more than the lint does): nothing was deployed. */
export class ProcessRejectedError extends DomainError {
  constructor(reason: string) {
    super('PROCESS_REJECTED', `the engine refused the file: ${reason}`);
  }
}

/** The file equals the newest version: the engine keeps it, no version is added. */
export class ProcessUnchangedError extends DomainError {
  constructor(resourceId: string, version: number) {
    super('PROCESS_UNCHANGED', `${resourceId} is the same as version ${version}: no new version`);
  }
}

/** Someone deployed a newer version since the one the change was made on: nothing was deployed. */
export class ProcessChangedError extends DomainError {
  constructor(resourceId: string, basedOn: number, newest: number) {
    super('PROCESS_CHANGED', `${resourceId} is at version ${newest} now, the change was made on version ${basedOn}: nothing was deployed; open the newest version and make the change there`);
  }
}

/** The engine did not answer: nothing was deployed, the same request may be sent again. */
export class ProcessEngineUnavailableError extends DomainError {
  constructor(cause: unknown) {
    super('PROCESS_ENGINE_UNAVAILABLE', 'the engine did not take the deployment; nothing was deployed, try again', true);
    this.cause = cause;
  }
}
