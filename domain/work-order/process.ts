/**
 * Names shared by the code and `processes/work-order.bpmn`. The contract test checks that
 * each one stands in the diagram, so renaming one side alone fails the build.
 */
export const WorkOrderProcess = {
  id: 'work-order',
  messages: {
    /** Starts the process; correlation key = work-order id (one active instance per work order). */
    created: 'ticket-created',
    /** Ends the wait for closure; correlation key = work-order id. */
    closed: 'ticket-closed',
  },
} as const;
