import { DomainError } from '../errors';

/**
 * Error codes workers throw as BPMN errors (`job.error(code)`), caught by error events in
 * `processes/work-order.bpmn`. The contract test fails when a diagram names a code that is
 * not listed here.
 */
export const BpmnErrorCodes = {
  /** A second process instance reached a work order already bound to another instance. */
  DUPLICATE_INSTANCE: 'DUPLICATE_INSTANCE',
} as const;
export type BpmnErrorCode = (typeof BpmnErrorCodes)[keyof typeof BpmnErrorCodes];

/** The work order is not at a step where the action applies (status conflict): nothing changed. */
export class ActionNotAllowedError extends DomainError {
  constructor(action: string, workOrderId: string, status: string) {
    super('ACTION_NOT_ALLOWED', `${action} is not possible while work order ${workOrderId} is ${status}`);
  }
}

/** Others kept changing the work order while this change was decided: nothing changed; reload and decide again. */
export class WorkOrderBusyError extends DomainError {
  constructor(workOrderId: string) {
    super('WORK_ORDER_BUSY', `work order ${workOrderId} kept changing while your change was applied; reload it and try again`, true);
  }
}

/** The step is open but not the caller's to take (another role, or assigned to someone else). */
export class StepNotPermittedError extends DomainError {
  constructor(action: string, workOrderId: string) {
    super('STEP_NOT_PERMITTED', `you may not ${action} work order ${workOrderId}: the step belongs to another role or person`);
  }
}

/** The body names something that does not exist or cannot be used (a department, a contact). */
export class InvalidReferenceError extends DomainError {
  constructor(code: 'UNKNOWN_DEPARTMENT' | 'UNKNOWN_CONTACT' | 'UNKNOWN_WORK_ORDER' | 'INVALID_DEPARTMENT', message: string) {
    super(code, message);
  }
}

/** An idempotency key sent again with a different body. */
export class IdempotencyKeyReusedError extends DomainError {
  constructor(key: string) {
    super('IDEMPOTENCY_KEY_REUSED', `idempotency key ${key} was used for a different request; use a new key for a new work order`);
  }
}

/** The first request with this idempotency key is still being processed. */
export class RequestInProgressError extends DomainError {
  constructor(key: string) {
    super('REQUEST_IN_PROGRESS', `the request with idempotency key ${key} is still being processed; retry in a few seconds`, true);
  }
}
