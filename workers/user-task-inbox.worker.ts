import { z } from 'zod';
import { HumanSteps, isHumanStep, type HumanStep } from '../domain/work-order/lifecycle';
import { USER_TASK_JOB_TYPE } from '../domain/work-order/process';
import type { WorkOrderClock } from '../adapters/mongo/work-order.model';
import { StepClocks, stepClockId } from '../domain/sla/process';
import { startClock } from '../services/clock-commands';
import { runningClock } from '../services/sla-service';
import { NOT_ENDED, sendOwedCommands, type WorkOrderWorkerDeps } from './deps';
import { assignmentOf } from './user-task-assignment';
import { defineWorker } from './worker-kit';

/**
 * Every human step of work-order.bpmn (a job-based user task) arrives here when the engine
 * reaches it: the step goes into the work order's open tasks (the inbox reads them) and the
 * work order takes the status of that step. The job stays open for the person who completes it
 * through the API. A step with an SLA clock of its own (acceptance, handling, review,
 * verification) starts it, unless that clock runs already (handling runs on through
 * collaboration). A job offered again (its activation timed out) changes nothing.
 */
export const userTaskInboxWorker = defineWorker({
  type: USER_TASK_JOB_TYPE,
  input: z.object({ workOrderId: z.string().min(1) }),
  // the job waits for a person; offering it again sooner would only re-read it
  jobTimeoutMs: 60 * 60_000,
  handle: (deps: WorkOrderWorkerDeps) => async (input, job) => {
    if (!isHumanStep(job.elementId)) throw new Error(`user task ${job.elementId} is not a step the platform knows`);
    const now = deps.clock.now();
    const status = HumanSteps[job.elementId];
    const { candidateGroups, assignee } = assignmentOf(job);
    const clock = await stepClock(deps, input.workOrderId, job.elementId, job.key, now);
    await deps.workOrders.applyOncePerJob(
      input.workOrderId,
      { at: now, action: 'step-started', by: 'system', to: status, elementId: job.elementId, jobKey: job.key },
      {
        $set: { status },
        $push: {
          tasks: {
            taskId: job.key,
            elementId: job.elementId,
            candidateGroups,
            ...(assignee ? { assignee } : {}),
            createdAt: now,
          },
          ...(clock ? { clocks: clock, engineCommands: startClock(input.workOrderId, clock, now, job.elementId) } : {}),
        },
      },
      now,
      NOT_ENDED,
    );
    if (clock) await sendOwedCommands(deps, input.workOrderId);
    return { leaveToPerson: true };
  },
});

/** The clock the step starts, if its kind is measured by the work order's policy and not running yet. */
async function stepClock(deps: WorkOrderWorkerDeps, workOrderId: string, step: HumanStep, taskId: string, now: Date): Promise<WorkOrderClock | undefined> {
  const kind = StepClocks[step];
  const workOrder = await deps.workOrders.findById(workOrderId);
  if (!kind || !workOrder?.sla || workOrder.clocks.some((c) => c.kind === kind && c.running)) return undefined;
  const { policy } = await deps.slaService.pinned(workOrder.sla);
  return deps.slaService.termsOf(policy, kind) ? runningClock(stepClockId(workOrderId, kind, taskId), kind, now, taskId) : undefined;
}
