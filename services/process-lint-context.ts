import type { LintContext } from '../adapters/bpmn/process-lint';
import { decisionFieldsOf } from '../domain/process/decision-contract';
import { USER_TASK_JOB_TYPE, WorkOrderProcess } from '../domain/work-order/process';
import { RoutingDecisionSchema } from '../domain/work-order/work-order';
import { workerDefinitions } from '../workers';

/** What the platform's code expects of diagrams: the registered workers (the process contract test's list) and the decisions it reads. */
export function platformLintContext(): LintContext {
  return {
    workerJobTypes: new Set(workerDefinitions.map((w) => w.type)),
    userTaskJobType: USER_TASK_JOB_TYPE,
    // work-order.bpmn#Activity_Classify hands routing.dmn's result to ticket.route, which parses it strictly
    decisionOutputs: { [WorkOrderProcess.routingDecisionId]: decisionFieldsOf(RoutingDecisionSchema) },
  };
}
