import { randomInt, randomUUID } from 'node:crypto';
import path from 'node:path';
import type { Express } from 'express';
import type { Preview } from '../../domain/outreach/preview';
import type { ZeebeClient } from '../../adapters/zeebe/zeebe-client';
import { eventually } from './test-platform';
import { apiAs } from './work-orders';

/** test/fixtures/preview-queue.bpmn: one preview user task for the team in `agentTeam`, then the end. */
export const PREVIEW_PROCESS_ID = 'test-preview-queue';

export async function deployPreviewFixture(zeebe: ZeebeClient): Promise<void> {
  await zeebe.deployResource({ processFilename: path.join(__dirname, '..', 'fixtures', 'preview-queue.bpmn') });
}

/** A fresh mobile number; its last digit picks the telephony peer's default rule (0: answered). */
export const freshNumber = (lastDigit = 0): string => `+86137${randomInt(1_000_000, 9_999_999)}${lastDigit}`;

/** The `preview` variable as a callback hands it over; tests override what they are about. */
export function previewOf(overrides: Partial<Preview> = {}): Preview {
  return {
    kind: 'callback',
    chainId: `chain-${randomUUID()}`,
    phone: freshNumber(),
    custId: undefined,
    customerName: undefined,
    extra: undefined,
    title: 'Satisfaction callback',
    script: 'Good afternoon, this is the service center calling about your recent request.',
    workOrderId: undefined,
    campaignId: undefined,
    attempt: 1,
    callableUntil: undefined,
    answers: 'survey',
    ...overrides,
  };
}

/** The process variables that start a fixture instance handing `preview` to `team`. */
export const fixtureVariables = (preview: Preview, team = 'hotline-agents') => ({ agentTeam: team, preview: JSON.parse(JSON.stringify(preview)) as Record<string, string | number> });

/** A task as `GET /api/preview-queue` lists it. */
export type ListedTask = Record<string, unknown> & { taskId: string; chainId: string };

/** Waits until `agent`'s preview queue lists a task of the chain that `accept` likes (any, by default); returns it as listed. */
export async function listedTask(app: Express, agent: string, chainId: string, accept: (task: ListedTask) => boolean = () => true): Promise<ListedTask> {
  const listed = await eventually(
    async () => ((await apiAs(app, agent).get('/api/preview-queue')).body as { items?: ListedTask[] }).items?.find((t) => t.chainId === chainId && accept(t)),
    (task) => task !== undefined,
  );
  return listed!;
}
