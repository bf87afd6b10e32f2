import { JobCatalog } from '../../../domain/process/job-catalog';
import { USER_TASK_JOB_TYPE } from '../../../domain/work-order/process';
import { workerDefinitions } from '../../../workers';

describe('the job catalog of the designer', () => {
  it('offers exactly the job types a worker takes (user tasks are drawn as user tasks)', () => {
    const offered = new Set(JobCatalog.map((e) => e.type));
    const workers = new Set(workerDefinitions.map((w) => w.type).filter((t) => t !== USER_TASK_JOB_TYPE));
    expect([...offered].sort()).toEqual([...workers].sort());
  });

  it('names every template once, in both languages', () => {
    expect(new Set(JobCatalog.map((e) => e.template)).size).toBe(JobCatalog.length);
    for (const e of JobCatalog) for (const text of [e.label.en, e.label['zh-CN'], e.description.en, e.description['zh-CN']]) expect(text.trim()).not.toBe('');
  });
});
