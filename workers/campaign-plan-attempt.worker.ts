import { z } from 'zod';
import type { CampaignWorkerDeps } from './campaign-deps';
import { defineWorker } from './worker-kit';

/**
 * `campaign.plan-attempt` (campaign-contact.bpmn#Activity_Plan): whether and when the contact
 * is called next, decided afresh from the records every time (campaign state, do-not-call facts,
 * cap, windows), so a chain never calls on a decision that no longer holds.
 */
export const campaignPlanAttemptWorker = defineWorker({
  type: 'campaign.plan-attempt',
  input: z.object({ contactId: z.string().min(1) }),
  // thousands of chains share the database: a slow step must not be handed to a second worker meanwhile
  jobTimeoutMs: 2 * 60_000,
  handle: (deps: CampaignWorkerDeps) => async (input) => ({ complete: { ...(await deps.campaignRunner.planAttempt(input.contactId)) } }),
});
