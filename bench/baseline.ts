import { readFileSync } from 'node:fs';
import type { IOutputVariables } from '@camunda8/sdk/dist/zeebe/lib/interfaces-1.0';
import type { ZeebeClient } from '../adapters/zeebe/zeebe-client';
import { USER_TASK_JOB_TYPE, WorkOrderProcess } from '../domain/work-order/process';
import { closedLoop, type ClosedLoopRun, type ClosedLoopSettings } from './closed-loop';
import { summarize, type Summary } from './stats';

/**
 * Baseline: processes/work-order.bpmn (and routing.dmn) driven straight on the engine, with
 * no-op workers in this process. What the platform adds on top (HTTP, auth, records, locks,
 * polling) is what the platform run measures against this.
 */

/** Job types of the diagram: every `zeebe:taskDefinition type`, plus the job-based user tasks. */
export function jobTypesOf(bpmnXml: string): string[] {
  const types = new Set([...bpmnXml.matchAll(/<zeebe:taskDefinition[^>]*\btype="([^"]+)"/g)].map((m) => m[1]!));
  if (/<bpmn:userTask\b/.test(bpmnXml)) types.add(USER_TASK_JOB_TYPE);
  return [...types].sort();
}

type Vars = Record<string, unknown>;

/**
 * What each no-op worker answers: exactly the variables the diagram's gateways read on the
 * straight path (accepted, feedback written, standard flow, customer satisfied).
 */
function noOpOutput(type: string, elementId: string, variables: Vars): IOutputVariables {
  switch (type) {
    case 'ticket.route':
      return { department: (variables.routing as { department: string }).department };
    case 'ticket.reopen':
      return { reopenCount: (Number(variables.reopenCount) || 0) + 1 };
    case USER_TASK_JOB_TYPE:
      switch (elementId) {
        case 'Activity_Accept':
          return { decision: 'accept' };
        case 'Activity_Handle':
          return { decision: 'feedback' };
        case 'Activity_Verify':
        case 'Activity_SeniorCallback':
          return { decision: 'verify', satisfied: true };
        case 'Activity_Review':
          return { decision: 'review', approved: true };
        default:
          throw new Error(`the baseline has no straight-path answer for user task ${elementId}`);
      }
    default:
      // ticket.dispatch, ticket.close, ticket.escalate, ticket.record-attention, ticket.cancel
      return {};
  }
}

const CLOSE_JOB_TYPE = 'ticket.close';

export interface BaselineWorkers {
  readonly jobTypes: readonly string[];
  /** Resolves when the close worker completed the Activity_Close job of instance `id`. */
  closed(id: string): Promise<void>;
  /** Jobs completed per type since the start (a check that every step ran). */
  readonly completedJobs: Readonly<Record<string, number>>;
  readonly failures: readonly string[];
  close(): Promise<void>;
}

export function startBaselineWorkers(zeebe: ZeebeClient, bpmnPath: string, options: { maxJobsToActivate: number; longPollMs: number; pollIntervalMs: number }): BaselineWorkers {
  const jobTypes = jobTypesOf(readFileSync(bpmnPath, 'utf8'));
  if (!jobTypes.includes(CLOSE_JOB_TYPE)) throw new Error(`${bpmnPath} has no ${CLOSE_JOB_TYPE} job: the baseline cannot see instances end`);
  const waiters = new Map<string, () => void>();
  const completedJobs: Record<string, number> = Object.fromEntries(jobTypes.map((t) => [t, 0]));
  const failures: string[] = [];
  const workers = jobTypes.map((type) =>
    zeebe.createWorker({
      taskType: type,
      maxJobsToActivate: options.maxJobsToActivate,
      longPoll: options.longPollMs,
      pollInterval: options.pollIntervalMs,
      timeout: 30_000,
      taskHandler: async (job) => {
        try {
          const ack = await job.complete(noOpOutput(type, job.elementId, job.variables));
          completedJobs[type] = (completedJobs[type] ?? 0) + 1;
          if (type === CLOSE_JOB_TYPE) {
            const id = String((job.variables as Vars).workOrderId);
            waiters.get(id)?.();
            waiters.delete(id);
          }
          return ack;
        } catch (err) {
          failures.push(`${type} ${job.elementId}: ${err instanceof Error ? err.message : String(err)}`);
          return job.fail({ errorMessage: String(err), retries: job.retries - 1 });
        }
      },
    }),
  );
  return {
    jobTypes,
    closed: (id) => new Promise<void>((resolve) => waiters.set(id, resolve)),
    completedJobs,
    failures,
    async close() {
      await Promise.all(workers.map((w) => w.close()));
    },
  };
}

export interface BaselineRun extends ClosedLoopRun {
  /** Publish of ticket-created to the close job's completion, ms, of lifecycles that ended in the window. */
  readonly lifecycleMs: Summary | undefined;
  readonly publishMs: Summary | undefined;
  readonly errors: readonly string[];
}

/**
 * One closed-loop run: `concurrency` lifecycles in flight; each one that ends is replaced by a
 * new one until the window ends.
 */
export async function runBaseline(zeebe: ZeebeClient, workers: BaselineWorkers, label: string, settings: ClosedLoopSettings, idPrefix: string): Promise<BaselineRun> {
  const publishMs: number[] = [];
  let next = 0;

  /** One work order from its start message to its close job; resolves with its duration (ms). */
  async function lifecycle(): Promise<number> {
    const id = `${idPrefix}-${String(++next).padStart(6, '0')}`;
    const closed = workers.closed(id);
    const t0 = performance.now();
    await zeebe.publishMessage({
      name: WorkOrderProcess.messages.created,
      correlationKey: id,
      messageId: `baseline/${id}`,
      timeToLive: 0,
      variables: {
        workOrderId: id,
        type: 'complaint',
        category: 'billing/charge-dispute',
        customerTier: 'standard',
        region: '021',
        ownerAgentId: 'agent-0101',
        reopenCount: 0,
        escalateAfterReopens: 2,
      },
    });
    publishMs.push(performance.now() - t0);
    await closed;
    return performance.now() - t0;
  }

  const { run, inWindow, errors } = await closedLoop(`baseline ${label}`, settings, 50, lifecycle);
  return {
    ...run,
    lifecycleMs: summarize(inWindow),
    publishMs: summarize(publishMs),
    errors,
  };
}
