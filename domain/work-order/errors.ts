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
