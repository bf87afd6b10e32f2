import { z } from 'zod';
import { PhoneNumber } from '../call/call';
import { DomainError } from '../errors';
import type { Principal } from '../identity/principal';
import { AttemptOutcomes } from './attempt-rules';

/**
 * Preview dialing (domain brief, "Dial modes"): the customer-callback and campaign-contact
 * processes hand an agent one customer at a time through a job-based user task whose task
 * header `queue` is `preview`. The agent sees the customer, calls, and says how the attempt
 * ended; the job completes with that (see `resultVariables`).
 */
export const PREVIEW_QUEUE_HEADER = { key: 'queue', value: 'preview' } as const;

/** What the agent records once the customer is reached: a survey's satisfaction, or an offer's success. */
export const AnswerSets = { survey: ['satisfied', 'not-satisfied'], offer: ['success'] } as const;
export type AnswerSet = keyof typeof AnswerSets;
export const Answers = ['satisfied', 'not-satisfied', 'success'] as const;

/** Optional text the diagram may also set to null (a FEEL context with a missing value). */
const optionalText = z.string().min(1).nullish().transform((v) => v ?? undefined);

/** The job variable `preview`: the customer and what to say, as the process hands them over. */
export const PreviewSchema = z.object({
  kind: z.enum(['callback', 'campaign']),
  /** The attempt chain (one customer in one callback or campaign) this task is an attempt of. */
  chainId: z.string().min(1),
  phone: PhoneNumber,
  custId: optionalText,
  /** What the campaign's list says of the customer: the name and the further columns kept for the script. */
  customerName: optionalText,
  extra: z.record(z.string(), z.string()).nullish().transform((v) => v ?? undefined),
  title: z.string().min(1),
  script: optionalText,
  workOrderId: optionalText,
  campaignId: optionalText,
  /** 1-based. */
  attempt: z.number().int().min(1),
  /** The end of the calling window the attempt was planned in: no call from the queue after it. */
  callableUntil: optionalText,
  answers: z.enum(['survey', 'offer']),
});
export type Preview = z.infer<typeof PreviewSchema>;

/** The agent's statement about one attempt; `note` is kept in the audit record, not handed to the process. */
export const PreviewResultSchema = z
  .strictObject({
    attemptOutcome: z.enum(AttemptOutcomes),
    answer: z.enum(Answers).optional(),
    answerReason: z.string().trim().min(1).max(1000).optional(),
    note: z.string().trim().max(1000).optional(),
  })
  .superRefine((r, ctx) => {
    const issue = (path: string, message: string): void => ctx.addIssue({ code: 'custom', path: [path], message });
    if (r.attemptOutcome === 'answered' && !r.answer) issue('answer', 'a reached customer gives an answer: satisfied, not-satisfied or success');
    if (r.attemptOutcome !== 'answered' && r.answer) issue('answer', 'only an answered attempt has an answer; refused and call-back-later are outcomes');
    if (r.answer === 'not-satisfied' && !r.answerReason) issue('answerReason', 'say why the customer is not satisfied');
    if (r.answer !== 'not-satisfied' && r.answerReason !== undefined) issue('answerReason', 'a reason goes with not-satisfied only');
  });
export type PreviewResult = z.infer<typeof PreviewResultSchema>;

/**
 * The variables a preview task's job completes with: what the process's next step reads to
 * record the attempt. Every key is always there (null when it does not apply): variables of an
 * earlier attempt's job live on in the process, and a stale `callId` or `answer` must not pass
 * for this attempt's.
 */
export const ResultVariablesSchema = z.object({
  attemptOutcome: z.enum(AttemptOutcomes),
  /** When the agent recorded the result (platform clock). */
  attemptEndedAt: z.iso.datetime(),
  /** The call placed through the queue for this attempt, if any. */
  callId: z.string().nullable(),
  /** Only with attemptOutcome `answered`. */
  answer: z.enum(Answers).nullable(),
  /** Only with answer `not-satisfied`. */
  answerReason: z.string().nullable(),
});
export type ResultVariables = z.infer<typeof ResultVariablesSchema>;

/** The job's completion variables of the agent's result; an answer the task does not record is refused. */
export function resultVariables(preview: Preview, result: PreviewResult, endedAt: Date, callId: string | undefined): ResultVariables {
  const allowed: readonly string[] = AnswerSets[preview.answers];
  if (result.answer && !allowed.includes(result.answer)) throw new PreviewAnswerMismatchError(preview.answers, result.answer);
  return {
    attemptOutcome: result.attemptOutcome,
    attemptEndedAt: endedAt.toISOString(),
    callId: callId ?? null,
    answer: result.answer ?? null,
    answerReason: result.answerReason ?? null,
  };
}

/** How long an agent holds a customer taken from the queue (ms) unless renewed: a task is never stuck with someone gone. */
export const CLAIM_MS = 10 * 60_000;

/** How long the engine leaves a preview task's job activated before offering it again (ms): the task waits for a person. */
export const PREVIEW_JOB_TIMEOUT_MS = 60 * 60_000;

/** Who a task was given to and who holds it now. */
export interface TaskHolding {
  readonly candidateGroups: readonly string[];
  readonly assignee?: string;
  readonly claimedBy?: string;
  readonly claimedUntil?: Date;
}

/** The units whose preview tasks an agent works: their own unit (a team) and the department it belongs to. */
export const previewGroupsOf = (principal: Principal): string[] =>
  [...new Set([principal.unitId, principal.departmentId])].filter((g): g is string => g !== null);

/** May the principal know of the task at all (others are told it does not exist)? Its assignee and its candidate groups' agents. */
export const mayAccess = (principal: Principal, task: TaskHolding): boolean =>
  task.assignee === principal.employeeId || task.candidateGroups.some((g) => previewGroupsOf(principal).includes(g));

/** Is the task someone else's now: assigned by the diagram to another agent, or claimed by one whose claim has not run out? */
export const heldByAnother = (task: TaskHolding, employeeId: string, now: Date): boolean =>
  (task.assignee !== undefined && task.assignee !== employeeId) ||
  (task.claimedBy !== undefined && task.claimedBy !== employeeId && task.claimedUntil !== undefined && task.claimedUntil > now);

export class PreviewTaskTakenError extends DomainError {
  constructor(taskId: string) {
    super('PREVIEW_TASK_TAKEN', `preview task ${taskId} is taken by another agent`);
  }
}

export class PreviewTaskDoneError extends DomainError {
  constructor(taskId: string) {
    super('PREVIEW_TASK_DONE', `preview task ${taskId} has its result already`);
  }
}

/** The process stopped waiting for this attempt (a timer or a cancellation left the task): the result went nowhere. */
export class PreviewTaskGoneError extends DomainError {
  constructor(taskId: string) {
    super('PREVIEW_TASK_GONE', `the process no longer waits for preview task ${taskId}; the result was kept but not used`);
  }
}

/** One attempt, one call: a second request id for a task already dialled. */
export class PreviewCallPlacedError extends DomainError {
  constructor(taskId: string, callId: string) {
    super('PREVIEW_CALL_PLACED', `preview task ${taskId} was dialled already (${callId}); record its result`);
  }
}

export class PreviewAnswerMismatchError extends DomainError {
  constructor(answers: AnswerSet, answer: string) {
    super('PREVIEW_ANSWER_MISMATCH', `this task records ${answers} answers (${AnswerSets[answers].join(', ')}), not ${answer}`);
  }
}

/** The customer may not be called now (the calling window closed, the campaign is paused or stopped): no call was placed. */
export class CallNotAllowedNowError extends DomainError {
  constructor(taskId: string, why: string) {
    super('CALL_NOT_ALLOWED_NOW', `the customer of preview task ${taskId} may not be called now: ${why}`);
  }
}
