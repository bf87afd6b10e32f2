/**
 * Names shared by the code and `processes/work-order.bpmn`. The contract test checks that
 * each one stands in the diagram, so renaming one side alone fails the build.
 */
export const WorkOrderProcess = {
  id: 'work-order',
  /** routing.dmn's decision, called by #Activity_Classify; its result is `routing`, read by `ticket.route`. */
  routingDecisionId: 'routing',
  messages: {
    /** Starts the process; correlation key = work-order id (one active instance per work order). */
    created: 'ticket-created',
    /** The customer urged (催办); non-interrupting, counted by `ticket.record-attention`. */
    urged: 'ticket-urged',
    /** A supervisor supervises (督办); non-interrupting. */
    supervised: 'ticket-supervised',
    /** The owning agent cancels; interrupts the whole flow. */
    cancelled: 'ticket-cancelled',
  },
} as const;

/** Job type of job-based user tasks: the inbox worker records them, the API completes them. */
export const USER_TASK_JOB_TYPE = 'io.camunda.zeebe:userTask';
