import type { IOutputVariables } from '@camunda8/sdk/dist/zeebe/lib/interfaces-1.0';
import { z } from 'zod';
import type { ZeebeClient } from '../adapters/zeebe/zeebe-client';
import type { Logger } from '../config/logger';
import type { BpmnErrorCode } from '../domain/work-order/errors';

/** Facts about the job a handler may need besides its variables. */
export interface JobContext {
  readonly key: string;
  /** The id of the process the job's instance runs (`work-order`, `customer-callback` ...). */
  readonly bpmnProcessId: string;
  readonly processInstanceKey: string;
  /** The deployed version the instance runs: the engine's key and version number of its process definition. */
  readonly processDefinitionKey: string;
  readonly processDefinitionVersion: number;
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

/** How long the engine leaves an activated job to a worker that sets no time of its own (ms). */
const DEFAULT_JOB_TIMEOUT_MS = 30_000;

/** The job breaks the worker's contract (its variables, or no handler takes it): it fails without retry, the diagram or its caller must change. */
class JobContractError extends Error {}

/** `variables` as `schema` reads them, or a JobContractError. */
function parseVariables<Schema extends z.ZodType>(schema: Schema, variables: unknown): z.infer<Schema> {
  const parsed = schema.safeParse(variables);
  if (!parsed.success) throw new JobContractError(`invalid variables: ${parsed.error.message}`);
  return parsed.data;
}

/** One handler of a shared job type, and which jobs it takes (none given: every job the routes before it left). */
export interface JobRoute<Deps> {
  readonly takes?: (job: JobContext) => boolean;
  readonly worker: WorkerDefinition<Deps>;
}

/**
 * One worker for a job type several handlers share (the SDK runs one worker per job type, and
 * every job-based user task has the same type): the first route that takes the job handles it,
 * with the variables its own definition reads.
 */
export function defineRoutingWorker<Deps>(type: string, routes: readonly JobRoute<Deps>[]): WorkerDefinition<Deps> {
  return defineWorker({
    type,
    input: z.looseObject({}),
    jobTimeoutMs: Math.max(...routes.map((r) => r.worker.jobTimeoutMs ?? DEFAULT_JOB_TIMEOUT_MS)),
    handle: (deps: Deps) => {
      const bound = routes.map((route) => ({ takes: route.takes, input: route.worker.input, handle: route.worker.handle(deps) }));
      return (variables, job) => {
        const route = bound.find((r) => r.takes?.(job) ?? true);
        if (!route) throw new JobContractError(`no handler of ${type} takes the job of ${job.bpmnProcessId}#${job.elementId}`);
        return route.handle(parseVariables(route.input, variables), job);
      };
    },
  });
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
      timeout: definition.jobTimeoutMs ?? DEFAULT_JOB_TIMEOUT_MS,
      taskHandler: async (job) => {
        const context: JobContext = {
          key: job.key,
          bpmnProcessId: job.bpmnProcessId,
          processInstanceKey: job.processInstanceKey,
          // the gRPC job carries the key; the SDK passes it through without declaring it
          processDefinitionKey: (job as { processDefinitionKey?: string }).processDefinitionKey ?? '',
          processDefinitionVersion: job.processDefinitionVersion,
          elementId: job.elementId,
          elementInstanceKey: job.elementInstanceKey,
          retries: job.retries,
          customHeaders: job.customHeaders as Record<string, string>,
        };
        try {
          const outcome = await handle(parseVariables(definition.input, job.variables), context);
          if ('leaveToPerson' in outcome) return job.forward();
          if ('bpmnError' in outcome) {
            log.info({ jobKey: job.key, code: outcome.bpmnError }, outcome.message);
            return job.error({ errorCode: outcome.bpmnError, errorMessage: outcome.message, variables: {} });
          }
          return job.complete(outcome.complete);
        } catch (err) {
          if (err instanceof JobContractError) {
            log.error({ jobKey: job.key, err }, 'job variables do not match the worker contract');
            return job.fail({ errorMessage: err.message, retries: 0 });
          }
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
