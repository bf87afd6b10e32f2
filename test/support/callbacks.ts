import { randomInt } from 'node:crypto';
import { drainAll, testDrainer, testMailbox } from './mail';
import { batchLine, batchName, writeBatch } from './subscriber-batch';
import type { TestPlatform } from './test-platform';
import { apiAs, atStep, raiseWorkOrder } from './work-orders';

/** A number no other test calls: the attempts per number count across the whole run. */
export const newPhone = (): string => `139${randomInt(10_000_000, 99_999_999)}`;

/**
 * A standard customer's consultation, accepted and answered by customer relations: routing.dmn
 * verifies it by the IVR callback, which starts now. Returns the work-order id.
 */
export async function consultationAnswered(tp: TestPlatform, phone: string, contact: Record<string, unknown> = {}): Promise<string> {
  const handler = apiAs(tp.app, 'cr-h1');
  const { workOrderId } = await raiseWorkOrder(tp.app, {
    contact: { phone, customerTier: 'standard', ...contact },
    workOrder: { type: 'consultation', category: 'plans/5g-upgrade', description: 'Asks whether the 5G upgrade keeps the family-plan discount.' },
  });
  await atStep(tp, workOrderId, 'Activity_Accept');
  expect((await handler.post(`/api/work-orders/${workOrderId}/accept`, {})).status).toBe(200);
  await atStep(tp, workOrderId, 'Activity_Handle');
  const answered = await handler.post(`/api/work-orders/${workOrderId}/feedback`, { feedback: 'Explained: the discount stays after the upgrade.' });
  expect(answered.body.status).toBe('verifying');
  return workOrderId;
}

/** A subscriber-store customer with an e-mail address, on a line with this number (a survey goes there). */
export async function customerWithEmail(tp: TestPlatform, phone: string, email: string): Promise<void> {
  const custId = String(randomInt(100_000, 999_999));
  const importer = tp.platform.subscriberImports;
  for (const [code, line] of [
    ['00101', batchLine('00101', { custId, email })],
    ['00201', batchLine('00201', { subscriberId: randomInt(100_000, 999_999), custId, svcNum: phone })],
  ] as const) {
    await importer.importFile(await writeBatch(importer.dirs.work, batchName(code), [line]), { source: 'cli' });
  }
}

/** The path of the survey link the customer got by mail, once the outbox is drained. */
export async function surveyLinkSentTo(tp: TestPlatform, email: string): Promise<string> {
  await drainAll(testDrainer(tp));
  const [mail] = await testMailbox.list({ to: email });
  expect(mail?.subject).toContain('满意度回访');
  const message = await testMailbox.get(mail!.id);
  const link = /https?:\/\/\S+\/survey\/[\w.-]+/.exec(message!.text ?? '')?.[0];
  expect(link).toBeDefined();
  return new URL(link!).pathname;
}
