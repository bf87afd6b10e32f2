import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { lintBpmn, lintDmn } from '../../../adapters/bpmn/process-lint';
import { platformLintContext } from '../../../services/process-lint-context';

const processes = path.join(__dirname, '..', '..', '..', 'processes');
const read = (file: string): string => readFileSync(path.join(processes, file), 'utf8');

const context = platformLintContext();

describe('the process lint', () => {
  it.each(readdirSync(processes).filter((f) => f.endsWith('.bpmn')))('finds no error in processes/%s', async (file) => {
    const { issues, ids } = await lintBpmn(read(file), context);
    expect(issues.filter((i) => i.category === 'error')).toEqual([]);
    expect(ids).toEqual([file.replace('.bpmn', '')]);
  });

  it('reports a job type no worker takes on its element', async () => {
    // given work-order.bpmn with the dispatch task's type changed to one no worker takes
    const xml = read('work-order.bpmn').replace('type="ticket.dispatch"', 'type="ticket.teleport"');

    // when it is linted
    const { issues } = await lintBpmn(xml, context);

    // then the task carries an error of our rule
    expect(issues).toContainEqual(expect.objectContaining({ elementId: 'Activity_Dispatch', category: 'error', rule: 'closeloop/job-worker' }));
  });

  it('refuses Camunda user tasks (the inbox takes job-based ones)', async () => {
    const xml = read('work-order.bpmn').replace(
      '<zeebe:assignmentDefinition candidateGroups="=[department]" />',
      '<zeebe:userTask /><zeebe:assignmentDefinition candidateGroups="=[department]" />',
    );
    const { issues } = await lintBpmn(xml, context);
    expect(issues).toContainEqual(expect.objectContaining({ rule: 'closeloop/job-based-user-task', category: 'error' }));
  });

  it('answers a file that is not BPMN with one parse error', async () => {
    const { issues } = await lintBpmn('<nope', context);
    expect(issues).toEqual([expect.objectContaining({ rule: 'parse', category: 'error' })]);
  });

  it('accepts routing.dmn and refuses it without an output ticket.route reads or with one it does not know', () => {
    const dmn = read('routing.dmn');
    expect(lintDmn(dmn, context)).toEqual({ ids: ['routing'], issues: [] });

    const withoutFlow = lintDmn(dmn.replace('name="flow"', 'name="path"'), context);
    expect(withoutFlow.issues.map((i) => i.message)).toEqual([expect.stringContaining('"flow" is missing'), expect.stringContaining('"path" is not one')]);
    expect(lintDmn('<definitions><decision', context).issues).toEqual([expect.objectContaining({ rule: 'parse' })]);
  });
});
