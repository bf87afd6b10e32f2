import { Router } from 'express';
import { z } from 'zod';
import { AnswerSets, PreviewResultSchema, ResultVariablesSchema } from '../../domain/outreach/preview';
import type { Principal } from '../../domain/identity/principal';
import { maskPersonal, seesInFull } from '../../domain/subscriber/customer';
import type { PreviewEntry, PreviewQueue } from '../../services/preview-queue';
import { principalOf } from '../auth/authenticate';
import type { RouteCatalog } from '../route';
import { CallView, callView } from './calls.router';

const MOUNT = '/api/preview-queue';
const TaskId = z.object({ taskId: z.string().regex(/^\d{1,20}$/, 'a task id is the job key: digits') });

const PreviewTaskView = z.object({
  taskId: z.string(),
  kind: z.enum(['callback', 'campaign']),
  title: z.string(),
  script: z.string().nullable(),
  attempt: z.number().int().describe('1-based'),
  answers: z.enum(['survey', 'offer']).describe('what to record once the customer is reached'),
  answerChoices: z.array(z.string()),
  chainId: z.string(),
  campaignId: z.string().nullable(),
  phone: z.string().describe('the number to dial; masked for roles that may not see phone numbers'),
  custId: z.string().nullable(),
  listed: z.object({ name: z.string().nullable(), fields: z.record(z.string(), z.string()) }).describe("what the campaign's list says of the customer (the name, and the columns kept for the script)"),
  customer: z.object({ name: z.string(), tier: z.string(), lineStatus: z.string() }).nullable().describe('as the subscriber store knows the number; null when it does not'),
  workOrder: z.object({ workOrderId: z.string(), type: z.string(), category: z.string(), feedback: z.string().nullable() }).nullable().describe('the work order a callback verifies'),
  callableUntil: z.iso.datetime().nullable().describe('the calling window ends then: the queue refuses to dial after it, and the task leaves the queue'),
  createdAt: z.iso.datetime(),
  claimedBy: z.string().nullable(),
  claimedUntil: z.iso.datetime().nullable(),
  callId: z.string().nullable(),
});

function previewTaskView({ task, line, workOrder }: PreviewEntry, principal: Principal): z.infer<typeof PreviewTaskView> {
  const { preview } = task;
  const customer = line?.customer;
  return {
    taskId: task._id,
    kind: preview.kind,
    title: preview.title,
    script: preview.script ?? null,
    attempt: preview.attempt,
    answers: preview.answers,
    answerChoices: [...AnswerSets[preview.answers]],
    chainId: preview.chainId,
    campaignId: preview.campaignId ?? null,
    phone: seesInFull(principal, 'phone') ? preview.phone : maskPersonal('phone', preview.phone),
    custId: preview.custId ?? customer?.custId ?? null,
    listed: { name: preview.customerName ?? null, fields: preview.extra ?? {} },
    customer: line && customer ? { name: String(customer.customer.name), tier: customer.tier, lineStatus: line.status } : null,
    workOrder: workOrder && { workOrderId: workOrder.workOrderId, type: workOrder.type, category: workOrder.category, feedback: workOrder.feedback?.text ?? null },
    callableUntil: preview.callableUntil ?? null,
    createdAt: task.createdAt.toISOString(),
    claimedBy: task.claimedBy ?? null,
    claimedUntil: task.claimedUntil?.toISOString() ?? null,
    callId: task.callId ?? null,
  };
}

/** Preview dialing: an agent takes the next customer of their units, calls, and records how the attempt ended. */
export function previewQueueRouter(catalog: RouteCatalog, queue: PreviewQueue): Router {
  const router = Router();
  catalog.add(
    router,
    MOUNT,
    {
      method: 'get',
      path: '/',
      tag: 'preview dialing',
      summary: "The caller's customers waiting: tasks of the caller's team or department, or assigned to the caller; oldest first",
      description: 'Tasks another agent holds are left out. At most 20.',
      roles: ['agent'],
      responses: { 200: { description: 'customers waiting, with their data for the screen', schema: z.object({ items: z.array(PreviewTaskView) }) } },
    },
    async ({ res }) => {
      const principal = principalOf(res);
      res.json({ items: (await queue.list(principal)).map((entry) => previewTaskView(entry, principal)) });
    },
  );
  catalog.add(
    router,
    MOUNT,
    {
      method: 'post',
      path: '/:taskId/claim',
      tag: 'preview dialing',
      summary: 'Take the customer: no other agent is offered the task for 10 minutes; claiming again renews it',
      roles: ['agent'],
      params: TaskId,
      responses: {
        200: { description: 'the task, held by the caller', schema: PreviewTaskView },
        409: { description: 'PREVIEW_TASK_TAKEN: another agent holds it; PREVIEW_TASK_DONE: its result is recorded' },
      },
    },
    async ({ params, res }) => {
      const principal = principalOf(res);
      res.json(previewTaskView(await queue.claim(principal, params.taskId), principal));
    },
  );
  catalog.add(
    router,
    MOUNT,
    {
      method: 'post',
      path: '/:taskId/dial',
      tag: 'preview dialing',
      summary: "Call the customer on the caller's behalf (one call per attempt); follow it at /api/calls/{callId}",
      description: 'The same requestId again places no second call and answers 200 with the call; another requestId for a task already dialled is refused.',
      roles: ['agent'],
      params: TaskId,
      body: z.strictObject({ requestId: z.uuid() }),
      responses: {
        201: { description: 'the call is being placed', schema: CallView },
        200: { description: 'an earlier request with this requestId placed it', schema: CallView },
        409: { description: 'PREVIEW_TASK_TAKEN, PREVIEW_TASK_DONE, or PREVIEW_CALL_PLACED: this attempt was dialled with another request id' },
        503: { description: 'CALL_NOT_STARTED: the engine did not take the call; send the same request again' },
      },
    },
    async ({ params, body, res }) => {
      const principal = principalOf(res);
      const { call, started } = await queue.dial(principal, params.taskId, body.requestId);
      res.status(started ? 201 : 200).location(`/api/calls/${call._id}`).json(callView(call, principal));
    },
  );
  catalog.add(
    router,
    MOUNT,
    {
      method: 'post',
      path: '/:taskId/result',
      tag: 'preview dialing',
      summary: 'Record how the attempt ended; the process goes on with it',
      description:
        'attemptOutcome is the agent\'s statement (it wins over the call\'s recorded outcome). A reached customer (answered) gives an answer: satisfied or not-satisfied (with answerReason) for a survey, success for an offer; refused and call-back-later are outcomes. The note goes to the audit trail only.',
      roles: ['agent'],
      params: TaskId,
      body: PreviewResultSchema,
      responses: {
        200: { description: 'recorded, and the process took it: the job completed with these variables', schema: z.object({ taskId: z.string(), variables: ResultVariablesSchema }) },
        202: { description: 'recorded; the engine was not reachable and takes it when the job comes back (within an hour)' },
        409: { description: 'PREVIEW_TASK_DONE: recorded before, nothing changed; PREVIEW_TASK_TAKEN: another agent holds it' },
        410: { description: 'PREVIEW_TASK_GONE: the process no longer waits for this attempt' },
        422: { description: 'PREVIEW_ANSWER_MISMATCH: the answer is not one this task records' },
      },
    },
    async ({ params, body, res }) => {
      const { variables, delivered } = await queue.record(principalOf(res), params.taskId, body);
      res.status(delivered ? 200 : 202).json({ taskId: params.taskId, variables });
    },
  );
  return router;
}
