import { z } from 'zod';
import type { CampaignWorkerDeps } from './campaign-deps';
import { defineWorker } from './worker-kit';

/** `campaign.check-finished` (campaign.bpmn#Activity_CheckFinished): every launched contact's chain has ended. */
export const campaignCheckFinishedWorker = defineWorker({
  type: 'campaign.check-finished',
  input: z.object({ campaignId: z.string().min(1) }),
  handle: (deps: CampaignWorkerDeps) => async (input) => ({ complete: { finished: await deps.campaignRunner.checkFinished(input.campaignId) } }),
});
