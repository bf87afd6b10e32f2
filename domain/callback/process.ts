/**
 * Names shared by the code and processes/customer-callback.bpmn (the contract test checks each
 * one stands in the diagram). work-order.bpmn calls the process as #Activity_Callback; it can
 * also be started alone (a callback without a work order).
 */
export const CallbackProcess = {
  id: 'customer-callback',
  messages: {
    /** The customer answered the e-mail survey on the public page; correlation key = callback id. */
    surveyAnswered: 'callback-survey-answered',
  },
} as const;

/**
 * How the customer is reached: `ivr` places an automated survey call, `preview` hands the
 * customer to an agent (a user task with the customer's data on screen; the agent calls).
 */
export const CallbackModes = ['ivr', 'preview'] as const;
export type CallbackMode = (typeof CallbackModes)[number];

/**
 * How a work order verifies the result with the customer (routing.dmn's `callback` output):
 * `agent` is the owner agent's own call (work-order.bpmn#Activity_Verify); the others run
 * customer-callback in that mode (#Activity_Callback).
 */
export const VerificationModes = ['agent', ...CallbackModes] as const;
export type VerificationMode = (typeof VerificationModes)[number];

/** What a callback ends with; the work order closes, reopens, or closes as unreachable by it. */
export const CallbackResults = ['satisfied', 'not-satisfied', 'unreachable'] as const;
export type CallbackResult = (typeof CallbackResults)[number];

/** Our id of the callback run by one process instance: the same for every job of the instance. */
export const callbackIdFor = (processInstanceKey: string): string => `CB-${processInstanceKey}`;
