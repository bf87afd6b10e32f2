import { z } from 'zod';
import { AttemptOutcomes } from '../domain/outreach/attempt-rules';
import type { CampaignWorkerDeps } from './campaign-deps';
import { defineWorker } from './worker-kit';

/** The IVR call activity's outputs, or the agent's preview task's. */
const Reported = z.union([
  z.object({ dialMode: z.literal('automatic'), callId: z.string().min(1), callOutcome: z.enum(AttemptOutcomes), dtmf: z.string() }),
  z.object({
    dialMode: z.literal('preview'),
    // the preview queue sets every result key, null where it does not apply (domain/outreach/preview.ts)
    callId: z.string().min(1).nullish(),
    attemptOutcome: z.enum(AttemptOutcomes),
    answer: z.string().nullish(),
    answerReason: z.string().nullish(),
    attemptEndedAt: z.iso.datetime({ offset: true }),
  }),
]);

/**
 * `campaign.record-attempt` (campaign-contact.bpmn#Activity_Record): records the attempt under
 * the job's element instance (a redelivered job records nothing twice) and answers `retry` or `done`.
 */
export const campaignRecordAttemptWorker = defineWorker({
  type: 'campaign.record-attempt',
  input: z.object({ contactId: z.string().min(1) }).and(Reported),
  // thousands of chains share the database: a slow step must not be handed to a second worker meanwhile
  jobTimeoutMs: 2 * 60_000,
  handle: (deps: CampaignWorkerDeps) => async (input, job) => {
    const reported =
      input.dialMode === 'automatic'
        ? ({ via: 'ivr', callId: input.callId, callOutcome: input.callOutcome, dtmf: input.dtmf } as const)
        : ({
            via: 'preview',
            attemptOutcome: input.attemptOutcome,
            attemptEndedAt: input.attemptEndedAt,
            ...(input.callId ? { callId: input.callId } : {}),
            ...(input.answer ? { answer: input.answer } : {}),
            ...(input.answerReason ? { answerReason: input.answerReason } : {}),
          } as const);
    return { complete: await deps.campaignRunner.recordAttempt(input.contactId, job.elementInstanceKey, reported) };
  },
});
