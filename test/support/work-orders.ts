import type { Express } from 'express';
import request, { type Response } from 'supertest';
import type { WorkOrderDoc } from '../../adapters/mongo/work-order.model';
import type { HumanStep } from '../../domain/work-order/lifecycle';
import { asUser, forgetLogin } from './auth';
import { eventually, type TestPlatform } from './test-platform';

/** A valid contact; tests override the fields they are about. */
export function newContact(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    customerId: 'C-2000001',
    customerName: '张伟',
    customerTier: 'standard',
    region: '021',
    phone: '13912345678',
    channel: 'hotline',
    summary: 'Charged twice for one top-up',
    ...overrides,
  };
}

/** A valid work-order body for a contact; tests override the fields they are about. */
export function newWorkOrder(contactId: string, overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return { contactId, type: 'complaint', category: 'billing/charge-dispute', description: 'Charged twice for the same top-up.', ...overrides };
}

/**
 * Requests as one demo user: `const billing = apiAs(app, 'billing-h1'); await billing.post(url, body)`.
 * A 401 logs the user in again and repeats the request once: tests that move the clocks by days
 * outlive sessions.
 */
export function apiAs(app: Express, username: string) {
  const send = async (attempt: (auth: { Authorization: string }) => Promise<Response>): Promise<Response> => {
    const response = await attempt(await asUser(app, username));
    if (response.status !== 401) return response;
    forgetLogin(app, username);
    return attempt(await asUser(app, username));
  };
  return {
    get(path: string): Promise<Response> {
      return send((auth) => request(app).get(path).set(auth));
    },
    post(path: string, body: unknown = {}, headers: Record<string, string> = {}): Promise<Response> {
      return send((auth) => request(app).post(path).set(auth).set(headers).send(body as object));
    },
    put(path: string, body: unknown): Promise<Response> {
      return send((auth) => request(app).put(path).set(auth).send(body as object));
    },
    patch(path: string, body: unknown): Promise<Response> {
      return send((auth) => request(app).patch(path).set(auth).send(body as object));
    },
  };
}

/** An agent records a contact and raises a work order from it; returns the 201 answer's body. */
export async function raiseWorkOrder(
  app: Express,
  { agent = 'agent-0101', contact = {}, workOrder = {} }: { agent?: string; contact?: Record<string, unknown>; workOrder?: Record<string, unknown> } = {},
): Promise<{ workOrderId: string } & Record<string, unknown>> {
  const api = apiAs(app, agent);
  const recorded = await api.post('/api/contacts', newContact(contact));
  if (recorded.status !== 201) throw new Error(`contact refused: ${recorded.status} ${JSON.stringify(recorded.body)}`);
  const created = await api.post('/api/work-orders', newWorkOrder(recorded.body.contactId as string, workOrder));
  if (created.status !== 201) throw new Error(`work order refused: ${created.status} ${JSON.stringify(created.body)}`);
  return created.body as { workOrderId: string };
}

/** Waits until the engine has reached `step` of the work order and the inbox worker recorded it. */
export function atStep(tp: TestPlatform, workOrderId: string, step: HumanStep, count = 1): Promise<WorkOrderDoc> {
  return eventually(
    () => tp.platform.workOrders.findById(workOrderId),
    (doc) => (doc?.tasks.filter((t) => t.elementId === step).length ?? 0) >= count,
  ) as Promise<WorkOrderDoc>;
}

/** Waits until the work order's record satisfies `accept`. */
export function recordWhere(tp: TestPlatform, workOrderId: string, accept: (doc: WorkOrderDoc) => boolean): Promise<WorkOrderDoc> {
  return eventually(
    () => tp.platform.workOrders.findById(workOrderId),
    (doc) => doc !== null && accept(doc),
  ) as Promise<WorkOrderDoc>;
}
