import { z } from 'zod';
import type { CampaignWorkerDeps } from './campaign-deps';
import { defineWorker } from './worker-kit';

/** `campaign.stop` (campaign.bpmn#Activity_Stop): records that no wave goes out any more; waiting chains end at their next plan. */
export const campaignStopWorker = defineWorker({
  type: 'campaign.stop',
  input: z.object({ campaignId: z.string().min(1) }),
  handle: (deps: CampaignWorkerDeps) => async (input) => {
    await deps.campaignRunner.recordEnd(input.campaignId, 'stopped');
    return { complete: {} };
  },
});
