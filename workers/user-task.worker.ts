import { USER_TASK_JOB_TYPE } from '../domain/work-order/process';
import type { WorkOrderWorkerDeps } from './deps';
import { isPreviewTask, previewTaskWorker, type PreviewWorkerDeps } from './preview-task.worker';
import { userTaskInboxWorker } from './user-task-inbox.worker';
import { defineRoutingWorker } from './worker-kit';

/** Every job-based user task: customers for preview dialing go to the preview queue, the rest are work-order steps for the inbox. */
export const userTaskWorker = defineRoutingWorker<WorkOrderWorkerDeps & PreviewWorkerDeps>(USER_TASK_JOB_TYPE, [
  { takes: isPreviewTask, worker: previewTaskWorker },
  { worker: userTaskInboxWorker },
]);
