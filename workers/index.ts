import type { CallWorkerDeps } from './call-deps';
import type { CampaignWorkerDeps } from './campaign-deps';
import { campaignCheckFinishedWorker } from './campaign-check-finished.worker';
import { campaignFinishWorker } from './campaign-finish.worker';
import { campaignLaunchWaveWorker } from './campaign-launch-wave.worker';
import { campaignPlanAttemptWorker } from './campaign-plan-attempt.worker';
import { campaignRecordAttemptWorker } from './campaign-record-attempt.worker';
import { campaignStopWorker } from './campaign-stop.worker';
import type { CallbackWorkerDeps } from './callback-kit';
import { callbackFinishWorker } from './callback-finish.worker';
import { callbackPauseClocksWorker } from './callback-pause-clocks.worker';
import { callbackPlanWorker } from './callback-plan.worker';
import { callbackRecordAttemptWorker } from './callback-record-attempt.worker';
import { callbackResumeClocksWorker } from './callback-resume-clocks.worker';
import { callbackSendSurveyWorker } from './callback-send-survey.worker';
import { callHangUpWorker } from './call-hang-up.worker';
import { callOriginateWorker } from './call-originate.worker';
import type { WorkOrderWorkerDeps } from './deps';
import { ticketCancelWorker } from './ticket-cancel.worker';
import { ticketCloseWorker } from './ticket-close.worker';
import { ticketDispatchWorker } from './ticket-dispatch.worker';
import { ticketEscalateWorker } from './ticket-escalate.worker';
import { ticketRecordAttentionWorker } from './ticket-record-attention.worker';
import { ticketReopenWorker } from './ticket-reopen.worker';
import { ticketRouteWorker } from './ticket-route.worker';
import type { PreviewWorkerDeps } from './preview-task.worker';
import { userTaskWorker } from './user-task.worker';
import { slaBreachWorker } from './sla-breach.worker';
import { slaEscalateWorker } from './sla-escalate.worker';
import { slaOpenSupervisionWorker } from './sla-open-supervision.worker';
import { slaPauseWorker } from './sla-pause.worker';
import { slaPlanWorker } from './sla-plan.worker';
import { slaStopWorker } from './sla-stop.worker';
import { slaWarnWorker } from './sla-warn.worker';
import { oaChaseWorker } from './oa-chase.worker';
import { oaPushWorker } from './oa-push.worker';
import type { WorkerDefinition } from './worker-kit';

/** Everything any worker needs; each worker takes the part it uses. */
export type WorkerDeps = WorkOrderWorkerDeps & CallWorkerDeps & CampaignWorkerDeps & PreviewWorkerDeps & CallbackWorkerDeps;

/** Every job worker of the platform. The contract test checks it against processes/*.bpmn. */
export const workerDefinitions: readonly WorkerDefinition<WorkerDeps>[] = [
  ticketRouteWorker,
  ticketDispatchWorker,
  userTaskWorker,
  ticketReopenWorker,
  ticketEscalateWorker,
  ticketCloseWorker,
  ticketRecordAttentionWorker,
  ticketCancelWorker,
  slaPlanWorker,
  slaWarnWorker,
  slaBreachWorker,
  slaPauseWorker,
  slaStopWorker,
  slaEscalateWorker,
  slaOpenSupervisionWorker,
  oaPushWorker,
  oaChaseWorker,
  callOriginateWorker,
  callHangUpWorker,
  campaignLaunchWaveWorker,
  campaignPlanAttemptWorker,
  campaignRecordAttemptWorker,
  campaignCheckFinishedWorker,
  campaignFinishWorker,
  campaignStopWorker,
  callbackPlanWorker,
  callbackPauseClocksWorker,
  callbackResumeClocksWorker,
  callbackRecordAttemptWorker,
  callbackSendSurveyWorker,
  callbackFinishWorker,
];

export { startWorkers } from './worker-kit';
