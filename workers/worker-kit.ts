import type { IOutputVariables } from '@camunda8/sdk/dist/zeebe/lib/interfaces-1.0';
import type { z } from 'zod';
import type { ZeebeClient } from '../adapters/zeebe/zeebe-client';
import type { Logger } from '../config/logger';
import type { BpmnErrorCode } from '../domain/work-order/errors';

/** Facts about the job a handler may need besides its variables. */
export interface JobContext {
  readonly key: string;
  readonly processInstanceKey: string;
  readonly elementId: string;
  /** The element instance the job belongs to: the same for every delivery of the job. */
  readonly elementInstanceKey: string;
  readonly retries: number;
  /** Task headers; for user tasks the engine's assignment (`io.camunda.zeebe:candidateGroups` ...). */
  readonly customHeaders: Readonly<Record<string, string>>;
}

/**
 * What a handler decided. Business outcomes only: a BPMN error is caught in the diagram.
 * Technical failures are thrown and become `job.fail` with a retry (an incident at zero).
 */
export type JobOutcome =
  | { complete: IOutputVariables }
  | { bpmnError: BpmnErrorCode; message: string }
  /** A person completes the job later (user tasks): release it from this worker without completing. */
  | { leaveToPerson: true };

export interface WorkerDefinition<Deps, Schema extends z.ZodType = z.ZodType> {
  /** Task type, as in `zeebe:taskDefinition type` in processes/*.bpmn. */
  readonly type: string;
  /** Variables the handler needs; the job fails without retry when they do not parse. */
  readonly input: Schema;
  readonly handle: (deps: Deps) => (input: z.infer<Schema>, job: JobContext) => Promise<JobOutcome>;
  /** How long the engine leaves an activated job to this worker (ms); then another may take it. */
  readonly jobTimeoutMs?: number;
}

export function defineWorker<Deps, Schema extends z.ZodType>(definition: WorkerDefinition<Deps, Schema>): WorkerDefinition<Deps, Schema> {
  return definition;
}

/** Wait before a failed job is offered again (ms): long enough for a database blip to pass. */
const RETRY_BACKOFF_MS = 5_000;

export interface RunningWorkers {
  close(): Promise<void>;
}

/**
 * Registers one SDK worker per definition. Every path acknowledges the job: complete,
 * BPMN error, or fail. Jobs arrive at least once, so handlers must be idempotent.
 */
export function startWorkers<Deps>(
  zeebe: ZeebeClient,
  definitions: readonly WorkerDefinition<Deps>[],
  deps: Deps,
  options: { maxJobsToActivate: number; longPollMs: number; pollIntervalMs: number; logger: Logger },
): RunningWorkers {
  const workers = definitions.map((definition) => {
    const handle = definition.handle(deps);
    const log = options.logger.child({ jobType: definition.type });
    return zeebe.createWorker({
      taskType: definition.type,
      maxJobsToActivate: options.maxJobsToActivate,
      longPoll: options.longPollMs,
      pollInterval: options.pollIntervalMs,
      // a job not acknowledged within this time is offered to another worker (at-least-once)
      timeout: definition.jobTimeoutMs ?? 30_000,
      taskHandler: async (job) => {
        const context: JobContext = {
          key: job.key,
          processInstanceKey: job.processInstanceKey,
          elementId: job.elementId,
          elementInstanceKey: job.elementInstanceKey,
          retries: job.retries,
          customHeaders: job.customHeaders as Record<string, string>,
        };
        const parsed = definition.input.safeParse(job.variables);
        if (!parsed.success) {
          log.error({ jobKey: job.key, issues: parsed.error.issues }, 'job variables do not match the worker contract');
          return job.fail({ errorMessage: `invalid variables: ${parsed.error.message}`, retries: 0 });
        }
        try {
          const outcome = await handle(parsed.data, context);
          if ('leaveToPerson' in outcome) return job.forward();
          if ('bpmnError' in outcome) {
            log.info({ jobKey: job.key, code: outcome.bpmnError }, outcome.message);
            return job.error({ errorCode: outcome.bpmnError, errorMessage: outcome.message, variables: {} });
          }
          return job.complete(outcome.complete);
        } catch (err) {
          log.warn({ err, jobKey: job.key, retriesLeft: job.retries - 1 }, 'job failed');
          return job.fail({
            errorMessage: err instanceof Error ? err.message : String(err),
            retries: job.retries - 1,
            retryBackOff: RETRY_BACKOFF_MS,
          });
        }
      },
    });
  });
  return {
    async close() {
      await Promise.all(workers.map((w) => w.close()));
    },
  };
}
