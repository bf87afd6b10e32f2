import { randomInt, randomUUID } from 'node:crypto';
import { z } from 'zod';
import type { Preview } from '../../domain/outreach/preview';
import { ensureBatchDirs } from '../../services/batch-dirs';
import type { CallListener } from '../../services/call-listener';
import { previewTaskWorker } from '../../workers/preview-task.worker';
import type { JobContext } from '../../workers/worker-kit';
import { deployPreviewFixture, fixtureVariables, freshNumber, listedTask, PREVIEW_PROCESS_ID, previewOf } from '../support/preview-tasks';
import { batchLine, batchName, useBatchEnvironment, writeBatch } from '../support/subscriber-batch';
import { telephonyPeer } from '../support/telephony-peer';
import { eventually, useTestPlatform } from '../support/test-platform';
import { apiAs, raiseWorkOrder } from '../support/work-orders';

/**
 * Preview dialing against the real engine: a fixture process hands customers to agents through
 * a preview user task (the contract customer-callback.bpmn and campaign-contact.bpmn follow),
 * the routing worker files them in the team's queue, agents take, dial and record the result
 * through the API, and the job completes with the contract's variables.
 */
useBatchEnvironment();
/** Instances a test leaves waiting: cancelled at the end (declared before the platform, which closes after). */
const waiting: string[] = [];
let listener: CallListener | undefined;
afterAll(async () => {
  await listener?.close();
  await Promise.all(waiting.map((key) => tp().platform.zeebe.cancelProcessInstance(key).catch(() => undefined)));
});
const tp = useTestPlatform();

/** A subscriber the store knows, on a number of this run. */
const KNOWN_PHONE = `1396663${randomInt(1000, 9999)}`;
const CUST = `72${randomInt(10_000, 99_999)}`;
let workOrderId: string;

beforeAll(async () => {
  listener = tp().platform.listenToCalls();
  await deployPreviewFixture(tp().platform.zeebe);
  const importer = tp().platform.subscriberImports;
  await ensureBatchDirs(importer.dirs);
  for (const [code, line] of [
    ['00101', batchLine('00101', { custId: CUST, name: '李娜', group: '02' })],
    ['00201', batchLine('00201', { subscriberId: Number(CUST) + 1, custId: CUST, svcNum: KNOWN_PHONE })],
  ] as const) {
    await importer.importFile(await writeBatch(importer.dirs.work, batchName(code), [line]), { source: 'cli' });
  }
  ({ workOrderId } = await raiseWorkOrder(tp().app));
});

/** What the fixture instance ends with: the start variables and the job's completion variables. */
const Finished = z.object({ variables: z.record(z.string(), z.unknown()) });

/** Starts a fixture instance that waits for an agent; returns its key. */
async function handOver(preview: Preview): Promise<string> {
  const { processInstanceKey } = await tp().platform.zeebe.createProcessInstance({ bpmnProcessId: PREVIEW_PROCESS_ID, variables: fixtureVariables(preview) });
  waiting.push(processInstanceKey);
  return processInstanceKey;
}

/** Starts a fixture instance and keeps its end: it resolves with its variables once the instance completes. */
function handOverUntilDone(preview: Preview): Promise<Record<string, unknown>> {
  const finished = tp()
    .platform.zeebe.createProcessInstanceWithResult({ bpmnProcessId: PREVIEW_PROCESS_ID, variables: fixtureVariables(preview), requestTimeout: 90_000 })
    .then((r) => Finished.parse(r).variables);
  // awaited by the test that needs it; a test that fails first must not leave it unhandled
  finished.catch(() => undefined);
  return finished;
}

const agent = (username: string) => apiAs(tp().app, username);
const result = (taskId: string, body: unknown, by = 'agent-0101') => agent(by).post(`/api/preview-queue/${taskId}/result`, body);

describe('the queue', () => {
  it("shows a team's agent the customer with the data for the screen, and no one outside the team", async () => {
    // given a callback of a customer the subscriber store knows
    const preview = previewOf({ phone: KNOWN_PHONE, custId: CUST, workOrderId, attempt: 2 });
    await handOver(preview);

    // when an agent of the team looks at the queue
    const task = await listedTask(tp().app, 'agent-0101', preview.chainId);

    // then the customer, the line, the work order and the script are there, the number unmasked
    expect(task).toMatchObject({
      kind: 'callback',
      title: preview.title,
      script: preview.script,
      attempt: 2,
      answers: 'survey',
      answerChoices: ['satisfied', 'not-satisfied'],
      phone: KNOWN_PHONE,
      custId: CUST,
      customer: { name: '李娜', tier: 'platinum', lineStatus: 'active' },
      workOrder: { workOrderId, type: 'complaint', category: 'billing/charge-dispute', feedback: null },
      claimedBy: null,
      callId: null,
    });

    // and an agent of another team neither sees it nor acts on it; a handler may not use the queue
    const other = agent('senior-0201');
    expect(((await other.get('/api/preview-queue')).body as { items: { chainId: string }[] }).items.map((t) => t.chainId)).not.toContain(preview.chainId);
    for (const action of ['claim', 'dial', 'result']) {
      const body = action === 'dial' ? { requestId: randomUUID() } : action === 'result' ? { attemptOutcome: 'busy' } : {};
      expect(await other.post(`/api/preview-queue/${task.taskId}/${action}`, body)).toMatchObject({ status: 404, body: { code: 'NOT_FOUND' } });
    }
    expect(await agent('billing-h1').get('/api/preview-queue')).toMatchObject({ status: 403, body: { code: 'FORBIDDEN' } });
    expect(await result(task.taskId, { attemptOutcome: 'no-answer' })).toMatchObject({ status: 200 });
  });

  it('gives a customer to one agent at a time, until the claim runs out', async () => {
    // given a customer in the queue
    // (not awaiting its end: moving the engine's clock expires requests that wait on it)
    const preview = previewOf({ kind: 'campaign', campaignId: 'CMP-1', answers: 'offer' });
    await handOver(preview);
    const { taskId } = await listedTask(tp().app, 'agent-0101', preview.chainId);

    // when one agent takes it
    const taken = await agent('agent-0101').post(`/api/preview-queue/${taskId}/claim`);

    // then it is theirs; a colleague no longer sees it and cannot take it
    expect(taken).toMatchObject({ status: 200, body: { taskId, claimedBy: 'agent-0101', customer: null, workOrder: null } });
    const colleague = agent('agent-0102');
    expect(((await colleague.get('/api/preview-queue')).body as { items: { taskId: string }[] }).items.map((t) => t.taskId)).not.toContain(taskId);
    expect(await colleague.post(`/api/preview-queue/${taskId}/claim`)).toMatchObject({ status: 409, body: { code: 'PREVIEW_TASK_TAKEN' } });
    expect(await result(taskId, { attemptOutcome: 'busy' }, 'agent-0102')).toMatchObject({ status: 409, body: { code: 'PREVIEW_TASK_TAKEN' } });

    // when the claim runs out (10 minutes), the colleague takes it
    await tp().clock.advance(10 * 60_000 + 1_000);
    expect(await colleague.post(`/api/preview-queue/${taskId}/claim`)).toMatchObject({ status: 200, body: { claimedBy: 'agent-0102' } });
    expect(await result(taskId, { attemptOutcome: 'refused' }, 'agent-0102')).toMatchObject({ status: 200, body: { variables: { attemptOutcome: 'refused' } } });
  });
});

describe('dial and result', () => {
  it('places one call per request id, and completes the job with exactly the contract variables', async () => {
    // given a customer who answers
    const preview = previewOf({ phone: freshNumber(0) });
    const finished = handOverUntilDone(preview);
    const { taskId } = await listedTask(tp().app, 'agent-0101', preview.chainId);
    const me = agent('agent-0101');
    await me.post(`/api/preview-queue/${taskId}/claim`);

    // when the agent dials, and the same request arrives again
    const requestId = randomUUID();
    const dialled = await me.post(`/api/preview-queue/${taskId}/dial`, { requestId });
    const again = await me.post(`/api/preview-queue/${taskId}/dial`, { requestId });

    // then one call is placed, recorded on the task; a new request id is refused
    expect(dialled).toMatchObject({ status: 201, body: { callId: `call-${requestId}`, to: preview.phone, mode: 'agent', agentId: 'agent-0101' } });
    expect(again).toMatchObject({ status: 200, body: { callId: `call-${requestId}` } });
    expect(await me.post(`/api/preview-queue/${taskId}/dial`, { requestId: randomUUID() })).toMatchObject({ status: 409, body: { code: 'PREVIEW_CALL_PLACED' } });
    const call = await eventually(async () => (await me.get(`/api/calls/call-${requestId}`)).body as { state: string; outcome: string }, (c) => c.state === 'ended');
    expect(call.outcome).toBe('answered');
    expect(await telephonyPeer.callsTo(preview.phone)).toHaveLength(1);
    expect((await listedTask(tp().app, 'agent-0101', preview.chainId)).callId).toBe(`call-${requestId}`);

    // when the customer says they are not satisfied, and why
    const recorded = await result(taskId, { attemptOutcome: 'answered', answer: 'not-satisfied', answerReason: 'Still charged twice on the next bill', note: 'Customer was polite' });

    // then the job completes with exactly the contract's variables; the note goes to the audit trail only
    expect(recorded.status).toBe(200);
    const variables = await finished;
    expect(Object.keys(variables).sort()).toEqual(['agentTeam', 'answer', 'answerReason', 'attemptEndedAt', 'attemptOutcome', 'callId', 'preview']);
    expect(variables).toMatchObject({
      attemptOutcome: 'answered',
      answer: 'not-satisfied',
      answerReason: 'Still charged twice on the next bill',
      callId: `call-${requestId}`,
      attemptEndedAt: (recorded.body as { variables: { attemptEndedAt: string } }).variables.attemptEndedAt,
    });
    const audit = await tp().platform.audit.about(`preview-task/${taskId}`);
    expect(audit).toEqual([expect.objectContaining({ by: 'agent-0101', action: 'preview.result', detail: expect.objectContaining({ attemptOutcome: 'answered', note: 'Customer was polite' }) })]);

    // and a second result changes nothing
    expect(await result(taskId, { attemptOutcome: 'busy' })).toMatchObject({ status: 409, body: { code: 'PREVIEW_TASK_DONE' } });
    expect(await tp().platform.audit.about(`preview-task/${taskId}`)).toHaveLength(1);
    expect(((await me.get('/api/preview-queue')).body as { items: { taskId: string }[] }).items.map((t) => t.taskId)).not.toContain(taskId);
  });

  it('refuses bad input with codes and changes nothing', async () => {
    // given an offer nobody has taken yet
    const preview = previewOf({ kind: 'campaign', answers: 'offer' });
    const finished = handOverUntilDone(preview);
    const { taskId } = await listedTask(tp().app, 'agent-0101', preview.chainId);

    // when the result or the dial request is wrong
    const refusals = [
      [{ attemptOutcome: 'answered' }, 400, 'VALIDATION_FAILED', 'answer'],
      [{ attemptOutcome: 'busy', answer: 'success' }, 400, 'VALIDATION_FAILED', 'answer'],
      [{ attemptOutcome: 'answered', answer: 'not-satisfied' }, 400, 'VALIDATION_FAILED', 'answerReason'],
      [{ attemptOutcome: 'answered', answer: 'success', answerReason: 'why' }, 400, 'VALIDATION_FAILED', 'answerReason'],
      [{ attemptOutcome: 'hung-up' }, 400, 'VALIDATION_FAILED', 'attemptOutcome'],
      [{ attemptOutcome: 'answered', answer: 'satisfied' }, 422, 'PREVIEW_ANSWER_MISMATCH', undefined],
    ] as const;
    for (const [body, status, code, path] of refusals) {
      const res = await result(taskId, body);
      expect({ body, status: res.status, code: res.body.code }).toEqual({ body, status, code });
      if (path) expect(res.body.errors).toEqual(expect.arrayContaining([expect.objectContaining({ path })]));
    }
    expect(await agent('agent-0101').post(`/api/preview-queue/${taskId}/dial`, { requestId: 'not-a-uuid' })).toMatchObject({ status: 400, body: { code: 'VALIDATION_FAILED' } });
    expect(await agent('agent-0101').post('/api/preview-queue/abc/claim')).toMatchObject({ status: 400, body: { code: 'VALIDATION_FAILED' } });

    // then the task is as it was: waiting, untaken, not dialled, no audit record
    expect(await listedTask(tp().app, 'agent-0102', preview.chainId)).toMatchObject({ claimedBy: null, callId: null });
    expect(await tp().platform.audit.about(`preview-task/${taskId}`)).toEqual([]);

    // and a good result still goes through: no call, no answer
    expect(await result(taskId, { attemptOutcome: 'call-back-later' })).toMatchObject({ status: 200 });
    expect(await finished).toMatchObject({ attemptOutcome: 'call-back-later', callId: null, answer: null, answerReason: null });
  });

  it('answers 410 when the process no longer waits for the attempt, and drops the customer from the queue', async () => {
    // given two customers in the queue whose instances are then cancelled
    const [first, second] = [previewOf(), previewOf()];
    const keys = [await handOver(first), await handOver(second)];
    const taskIds = [(await listedTask(tp().app, 'agent-0101', first.chainId)).taskId, (await listedTask(tp().app, 'agent-0101', second.chainId)).taskId];
    for (const key of keys) await tp().platform.zeebe.cancelProcessInstance(key);

    // when the agent takes the first, and records a result for the second
    const claimed = await agent('agent-0101').post(`/api/preview-queue/${taskIds[0]}/claim`);
    const recorded = await result(taskIds[1]!, { attemptOutcome: 'no-answer' });

    // then they learn the process left them, and both leave the queue
    expect(claimed).toMatchObject({ status: 410, body: { code: 'PREVIEW_TASK_GONE' } });
    expect(recorded).toMatchObject({ status: 410, body: { code: 'PREVIEW_TASK_GONE' } });
    const listed = ((await agent('agent-0101').get('/api/preview-queue')).body as { items: { taskId: string }[] }).items.map((t) => t.taskId);
    for (const taskId of taskIds) expect(listed).not.toContain(taskId);
  });
});

describe('the worker', () => {
  it('changes nothing when the job comes again, and completes it with a result the engine did not take', async () => {
    // given a customer in the queue
    const preview = previewOf();
    const finished = handOverUntilDone(preview);
    const listed = await listedTask(tp().app, 'agent-0101', preview.chainId);
    const job: JobContext = {
      key: listed.taskId,
      bpmnProcessId: PREVIEW_PROCESS_ID,
      processInstanceKey: '0',
      processDefinitionKey: '0',
      processDefinitionVersion: 1,
      elementId: 'Activity_PreviewCall',
      elementInstanceKey: '0',
      retries: 3,
      customHeaders: { queue: 'preview', 'io.camunda.zeebe:candidateGroups': '["hotline-agents"]' },
    };
    const handle = previewTaskWorker.handle(tp().platform);
    const input = previewTaskWorker.input.parse(fixtureVariables(preview));

    // when the job is delivered again, twice at once
    const outcomes = await Promise.all([handle(input, job), handle(input, job)]);

    // then it waits for a person, listed once, as before
    expect(outcomes).toEqual([{ leaveToPerson: true }, { leaveToPerson: true }]);
    const items = ((await agent('agent-0101').get('/api/preview-queue')).body as { items: { chainId: string }[] }).items.filter((t) => t.chainId === preview.chainId);
    expect(items).toEqual([listed]);

    // when a result is recorded (and the engine takes it), a delivery of the job still open would complete it with the same variables
    const recorded = await result(listed.taskId, { attemptOutcome: 'busy' });
    expect(await handle(input, job)).toEqual({ complete: (recorded.body as { variables: unknown }).variables });
    expect(await finished).toMatchObject({ attemptOutcome: 'busy' });
  });
});
