import { z } from 'zod';
import type { CampaignWorkerDeps } from './campaign-deps';
import { defineWorker } from './worker-kit';

/**
 * `campaign.launch-wave` (campaign.bpmn#Activity_LaunchWave): launches the next wave of
 * contacts, each as its own campaign-contact instance. A redelivered job answers what the first
 * delivery decided, so a wave is never launched twice.
 */
export const campaignLaunchWaveWorker = defineWorker({
  type: 'campaign.launch-wave',
  input: z.object({ campaignId: z.string().min(1) }),
  // a wave of thousands publishes for a while under backpressure
  jobTimeoutMs: 5 * 60_000,
  handle: (deps: CampaignWorkerDeps) => async (input, job) => ({ complete: { ...(await deps.campaignRunner.launchWave(input.campaignId, job.key)) } }),
});
