import type { IOutputVariables } from '@camunda8/sdk/dist/zeebe/lib/interfaces-1.0';
import { z } from 'zod';
import { PREVIEW_JOB_TIMEOUT_MS, PREVIEW_QUEUE_HEADER, PreviewSchema } from '../domain/outreach/preview';
import { USER_TASK_JOB_TYPE } from '../domain/work-order/process';
import type { PreviewQueue } from '../services/preview-queue';
import { assignmentOf } from './user-task-assignment';
import { defineWorker, type JobContext } from './worker-kit';

export interface PreviewWorkerDeps {
  readonly previewQueue: Pick<PreviewQueue, 'offer'>;
}

/** A user task of the customer-callback or campaign-contact process that hands a customer to agents (task header `queue` = `preview`). */
export const isPreviewTask = (job: Pick<JobContext, 'customHeaders'>): boolean => job.customHeaders[PREVIEW_QUEUE_HEADER.key] === PREVIEW_QUEUE_HEADER.value;

/**
 * A preview user task goes into the preview queue of its candidate groups (or of its assignee)
 * and waits there for an agent, whose result the API completes the job with. The job offered
 * again changes nothing, unless a result was recorded that the engine did not take: then the
 * job completes with it now.
 */
export const previewTaskWorker = defineWorker({
  type: USER_TASK_JOB_TYPE,
  input: z.object({ preview: PreviewSchema }),
  jobTimeoutMs: PREVIEW_JOB_TIMEOUT_MS,
  handle: (deps: PreviewWorkerDeps) => async ({ preview }, job) => {
    const { candidateGroups, assignee } = assignmentOf(job);
    if (candidateGroups.length === 0 && !assignee) throw new Error(`preview task ${job.elementId} of ${job.bpmnProcessId} names no candidate group and no assignee`);
    const owed = await deps.previewQueue.offer({
      _id: job.key,
      processId: job.bpmnProcessId,
      processInstanceKey: job.processInstanceKey,
      elementId: job.elementId,
      preview,
      candidateGroups,
      ...(assignee ? { assignee } : {}),
    });
    // null is JSON (a variable that does not apply to this attempt); the SDK's type leaves it out
    return owed ? { complete: owed as unknown as IOutputVariables } : { leaveToPerson: true };
  },
});
