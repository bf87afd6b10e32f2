import type { JSON } from '@camunda8/sdk/dist/zeebe/lib/interfaces-1.0';
import { withTimeout } from '../../domain/async';
import { isNotFound, type ZeebeClient } from './zeebe-client';

/** The jobs of job-based user tasks that wait for a person, seen from the API. */
export interface UserTaskJobs {
  /**
   * Completes the job with plain-JSON variables. True once the engine took it; false when the
   * engine no longer has the job: the process left the task (a boundary event, a cancelled
   * instance) or it was completed before.
   */
  complete(jobKey: string, variables: object): Promise<boolean>;
  /**
   * Whether the engine still has the job, asked by renewing its activation for `leaseMs` (the
   * engine has no read of a job). False only when the engine says the job does not exist.
   */
  isOpen(jobKey: string, leaseMs: number): Promise<boolean>;
}

export function zeebeUserTaskJobs(zeebe: ZeebeClient, callTimeoutMs: number): UserTaskJobs {
  const answered = async (call: Promise<void>, what: string): Promise<boolean> => {
    try {
      await withTimeout(call, callTimeoutMs, `engine did not ${what} in time`);
      return true;
    } catch (err) {
      if (isNotFound(err)) return false;
      throw err;
    }
  };
  return {
    complete: (jobKey, variables) => answered(zeebe.completeJob({ jobKey, variables: variables as Record<string, JSON> }), 'complete the user task'),
    // any other answer (the job waits to be activated again, the engine is slow) leaves it open
    isOpen: (jobKey, leaseMs) => answered(zeebe.updateJobTimeout({ jobKey, timeout: leaseMs }), 'renew the user task').catch(() => true),
  };
}
