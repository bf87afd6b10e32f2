import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { documentLocks } from '../../adapters/mongo/document-lock';
import { mongoProcessDeployments } from '../../adapters/mongo/process-deployment.repository';
import { deployFiles } from '../../adapters/zeebe/deploy-processes';
import { createZeebeClient } from '../../adapters/zeebe/zeebe-client';
import { resolveConnections } from '../../config/connections';
import { parseEnv } from '../../config/env';
import { processesDir } from '../../runtime/paths';
import { createProcessDesigner } from '../../services/process-designer';
import { platformLintContext } from '../../services/process-lint-context';
import { deployProcessesAtStart } from '../../services/process-startup-deploy';
import { useTestPlatform } from '../support/test-platform';
import { apiAs, raiseWorkOrder, recordWhere } from '../support/work-orders';

const WORK_ORDER = 'work-order';


describe('the process designer against the engine', () => {
  const tp = useTestPlatform();
  const designer = () => apiAs(tp().app, 'designer-1');

  type Version = { version: number; deployedBy: string; comment: string; running: number | null };
  const versions = async (): Promise<Version[]> => (await designer().get(`/api/processes/${WORK_ORDER}/versions`)).body.items as Version[];

  const newestXml = async (): Promise<string> => {
    const [newest] = await versions();
    const found = await designer().get(`/api/processes/${WORK_ORDER}/versions/${newest!.version}/xml`);
    expect(found.status).toBe(200);
    return found.text;
  };

  it('lists what processes/ deployed at start-up, with the running work orders of work-order.bpmn', async () => {
    const list = await designer().get('/api/processes');
    expect(list.status).toBe(200);
    const ids = (list.body.items as { resourceId: string }[]).map((r) => r.resourceId);
    expect(ids).toEqual(expect.arrayContaining([WORK_ORDER, 'routing', 'sla-clock', 'customer-callback']));
    const workOrder = (list.body.items as { resourceId: string; kind: string; resourceName: string; running: unknown }[]).find((r) => r.resourceId === WORK_ORDER);
    expect(workOrder).toMatchObject({ kind: 'process', resourceName: 'work-order.bpmn', running: expect.any(Array) });
    expect((list.body.items as { resourceId: string; running: unknown }[]).find((r) => r.resourceId === 'routing')?.running).toBeNull();
  });

  it('refuses a diagram with a job type no worker takes and deploys nothing', async () => {
    // given the newest work-order diagram with the dispatch task's type changed
    const before = await versions();
    const xml = (await newestXml()).replace('type="ticket.dispatch"', 'type="ticket.teleport"');

    // when a designer deploys it
    const refused = await designer().post(`/api/processes/${WORK_ORDER}/deploy`, { xml, comment: 'try a new job type' });

    // then the lint's error names the element, and no version was added
    expect(refused.status).toBe(422);
    expect(refused.body.code).toBe('PROCESS_LINT_FAILED');
    expect(refused.body.issues).toContainEqual(expect.objectContaining({ elementId: 'Activity_Dispatch', category: 'error', rule: 'closeloop/job-worker' }));
    expect(await versions()).toEqual(before);
  });

  it('refuses a file of another process, a comment too short and an unchanged diagram', async () => {
    const escalation = readFileSync(path.join(processesDir(), 'escalation.bpmn'), 'utf8');
    const other = await designer().post(`/api/processes/${WORK_ORDER}/deploy`, { xml: escalation, comment: 'wrong file' });
    expect(other.status).toBe(422);
    expect(other.body.code).toBe('PROCESS_ID_MISMATCH');

    const xml = await newestXml();
    expect((await designer().post(`/api/processes/${WORK_ORDER}/deploy`, { xml, comment: 'ok' })).body.code).toBe('VALIDATION_FAILED');
    const same = await designer().post(`/api/processes/${WORK_ORDER}/deploy`, { xml, comment: 'the same again' });
    expect(same.status).toBe(409);
    expect(same.body.code).toBe('PROCESS_UNCHANGED');
  });

  it('deploys a new version with its comment, and a work order started afterwards runs on it', async () => {
    // given the newest version n
    const [newest] = await versions();
    // a name no earlier version had (the designer e2e renames this step too)
    const renamed = `Dispatch to department (${randomUUID().slice(0, 8)})`;
    const xml = (await newestXml()).replace(/(<bpmn:serviceTask id="Activity_Dispatch" name=")[^"]*"/, `$1${renamed}"`);
    expect(xml).toContain(renamed);

    // when designer-1 deploys a renamed step
    const deployed = await designer().post(`/api/processes/${WORK_ORDER}/deploy`, { xml, comment: 'Clearer name of the dispatch step', basedOnVersion: newest!.version });

    // then it is version n+1, by designer-1, with the comment, recorded and audited
    expect(deployed.status).toBe(201);
    expect(deployed.body).toMatchObject({ resourceId: WORK_ORDER, version: newest!.version + 1, deployedBy: 'designer-1', comment: 'Clearer name of the dispatch step' });
    expect((await versions())[0]).toMatchObject({ version: newest!.version + 1, deployedBy: 'designer-1', comment: 'Clearer name of the dispatch step' });
    expect((await designer().get(`/api/processes/${WORK_ORDER}/versions/${newest!.version + 1}/xml`)).text).toBe(xml);
    const audit = await tp().platform.audit.about(`process:${WORK_ORDER}`);
    expect(audit.at(-1)).toMatchObject({ action: 'process-deployed', by: 'designer-1', detail: { version: newest!.version + 1 } });

    // and a work order raised now is bound to an instance of the new version, which counts it as running
    const { workOrderId } = await raiseWorkOrder(tp().app);
    const routed = await recordWhere(tp(), workOrderId, (doc) => doc.processDefinition !== undefined);
    expect(routed.processDefinition).toEqual({ key: deployed.body.key, version: newest!.version + 1 });
    expect((await versions())[0]!.running).toBeGreaterThanOrEqual(1);

    // and a restart's deploy of processes/ keeps the designer's version (the file is unchanged)
    const restarted = await deployProcessesAtStart(processesDir(), {
      deployments: mongoProcessDeployments(tp().platform.mongo),
      deployFiles: (files) => deployFiles(tp().platform.zeebe, files),
      clock: tp().platform.clock,
      log: () => undefined,
    });
    expect(restarted.find((d) => d.id === WORK_ORDER)).toMatchObject({ version: newest!.version + 1 });
    expect((await versions())[0]).toMatchObject({ version: newest!.version + 1, deployedBy: 'designer-1' });
  });

  it('refuses a change made on a version older than the newest, and deploys nothing', async () => {
    // given a colleague deployed a version after the one this draft was made on
    const [newest] = await versions();
    const xml = (await newestXml()).replace(/(<bpmn:serviceTask id="Activity_Dispatch" name=")[^"]*"/, `$1Dispatch (${randomUUID().slice(0, 8)})"`);

    // when the draft of the older version is deployed
    const stale = await designer().post(`/api/processes/${WORK_ORDER}/deploy`, { xml, comment: 'An old draft', basedOnVersion: newest!.version - 1 });

    // then it is refused with the versions in the answer, and the newest stays the newest
    expect(stale.status).toBe(409);
    expect(stale.body.code).toBe('PROCESS_CHANGED');
    expect(stale.body.detail).toContain(`version ${newest!.version}`);
    expect((await versions())[0]!.version).toBe(newest!.version);
  });

  it('two drafts of the same version deployed at once: one becomes the next version, the other is refused', async () => {
    // given two designers' drafts, both made on the newest version
    const [newest] = await versions();
    const draft = (name: string) => newestXml().then((xml) => xml.replace(/(<bpmn:serviceTask id="Activity_Dispatch" name=")[^"]*"/, `$1${name} (${randomUUID().slice(0, 8)})"`));
    const drafts = await Promise.all([draft('Dispatch'), draft('Send to department')]);

    // when both are deployed at the same moment
    const answers = await Promise.all(drafts.map((xml, i) => designer().post(`/api/processes/${WORK_ORDER}/deploy`, { xml, comment: `Draft ${i + 1}`, basedOnVersion: newest!.version })));

    // then exactly one landed, as the next version; the other was told a newer version exists
    expect(answers.map((a) => a.status).sort()).toEqual([201, 409]);
    expect(answers.find((a) => a.status === 409)!.body.code).toBe('PROCESS_CHANGED');
    const [landed] = await versions();
    expect(landed).toMatchObject({ version: newest!.version + 1, comment: answers.find((a) => a.status === 201)!.body.comment });
  });

  it('deploys nothing while the engine is unreachable, and says the request may be sent again', async () => {
    // given: the designer's service with an engine address that answers nothing
    const env = parseEnv();
    const unreachable = createZeebeClient({ ...resolveConnections(env), zeebeGrpcAddress: 'grpc://127.0.0.1:9', local: { engine: true, database: false, peers: [] } }, env);
    const offline = createProcessDesigner({
      deployments: mongoProcessDeployments(tp().platform.mongo),
      workOrders: tp().platform.workOrders,
      deployFiles: (files) => deployFiles(unreachable, files),
      lintContext: platformLintContext(),
      audit: tp().platform.audit,
      clock: tp().platform.clock,
      engineTimeoutMs: 1_000,
      locks: await documentLocks(tp().platform.mongo),
    });
    try {
      const before = await versions();
      const xml = (await newestXml()).replace(/name="Accept"/, 'name="Accept (offline)"');

      // when / then
      await expect(offline.deploy(WORK_ORDER, { xml, comment: 'while the engine is down' }, 'designer-1')).rejects.toMatchObject({ code: 'PROCESS_ENGINE_UNAVAILABLE', retryable: true });
      expect(await versions()).toEqual(before);
    } finally {
      await unreachable.close();
    }
  });

  it('lints a decision table against what the work order reads from it', async () => {
    const dmn = readFileSync(path.join(processesDir(), 'routing.dmn'), 'utf8');
    const ok = await designer().post('/api/processes/lint', { xml: dmn, kind: 'decision' });
    expect(ok.body).toEqual({ issues: [] });
    const broken = await designer().post('/api/processes/lint', { xml: dmn.replace('name="priority"', 'name="urgency"'), kind: 'decision' });
    expect(broken.body.issues).toContainEqual(expect.objectContaining({ elementId: 'routing', category: 'error' }));
  });

  it('lets auditors read and nobody but designers change; agents see nothing', async () => {
    expect((await apiAs(tp().app, 'agent-0101').get('/api/processes')).status).toBe(403);
    expect((await apiAs(tp().app, 'auditor-1').get(`/api/processes/${WORK_ORDER}/versions`)).status).toBe(200);
    expect((await apiAs(tp().app, 'auditor-1').post(`/api/processes/${WORK_ORDER}/deploy`, { xml: '<x/>', comment: 'not mine to do' })).status).toBe(403);
    expect((await apiAs(tp().app, 'auditor-1').post('/api/processes/lint', { xml: '<x/>', kind: 'process' })).status).toBe(403);
    expect((await designer().get('/api/processes/job-types')).body.items).toContainEqual(expect.objectContaining({ type: 'oa.push', label: { en: 'Send to OA', 'zh-CN': '推送到OA' } }));
  });
});
