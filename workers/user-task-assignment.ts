import { z } from 'zod';
import type { JobContext } from './worker-kit';

/** The engine's assignment headers of a job-based user task: FEEL results, JSON-encoded. */
const CANDIDATE_GROUPS = 'io.camunda.zeebe:candidateGroups';
const ASSIGNEE = 'io.camunda.zeebe:assignee';

export interface UserTaskAssignment {
  readonly candidateGroups: string[];
  readonly assignee?: string;
}

/** Who the diagram gave a job-based user task to (`zeebe:assignmentDefinition`). */
export function assignmentOf(job: Pick<JobContext, 'customHeaders'>): UserTaskAssignment {
  const groups = job.customHeaders[CANDIDATE_GROUPS];
  const assignee = job.customHeaders[ASSIGNEE];
  return {
    candidateGroups: groups ? z.array(z.string()).parse(JSON.parse(groups)) : [],
    ...(assignee ? { assignee } : {}),
  };
}
