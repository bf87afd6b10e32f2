import { z } from 'zod';
import type { CampaignWorkerDeps } from './campaign-deps';
import { defineWorker } from './worker-kit';

/** `campaign.finish` (campaign.bpmn#Activity_Finish): the campaign is finished (once). */
export const campaignFinishWorker = defineWorker({
  type: 'campaign.finish',
  input: z.object({ campaignId: z.string().min(1) }),
  handle: (deps: CampaignWorkerDeps) => async (input) => {
    await deps.campaignRunner.recordEnd(input.campaignId, 'finished');
    return { complete: {} };
  },
});
