import { randomInt, randomUUID } from 'node:crypto';
import type { BusinessCalendar } from '../../domain/calendar';
import { contactIdOf } from '../../domain/campaign/campaign';
import { CAMPAIGN_MANAGER, campaignSettings, campaignWhere, createCampaign, nextWorkday, storeUnfilteredList, wallClock } from '../support/campaigns';
import { listedTask } from '../support/preview-tasks';
import { eventually, useTestPlatform } from '../support/test-platform';
import { apiAs } from '../support/work-orders';

/**
 * A preview campaign run by a manager and worked by an agent through the preview-dial queue:
 * a success, a busy customer retried ten minutes later, a pause that parks the chains coming
 * due and a resume that launches them again first, and a stop after which nobody is called.
 */
describe('a preview campaign: agents, pause, resume, stop', () => {
  const tp = useTestPlatform();
  const manager = () => apiAs(tp().app, CAMPAIGN_MANAGER);
  const agent = () => apiAs(tp().app, 'agent-0101');
  const phones = Array.from({ length: 4 }, () => `137${randomInt(10_000_000, 99_999_999)}`);

  it('hands customers to agents wave by wave, parks them while paused, and calls nobody once stopped', async () => {
    const calendar = (await tp().platform.sla.currentCalendars()).find((c) => c.id === 'cn-mainland') as BusinessCalendar;
    const day = nextWorkday(calendar, new Date(tp().clock.now().getTime() + 86_400_000).toISOString().slice(0, 10));
    const lastDay = new Date(Date.parse(`${day}T00:00:00Z`) + 14 * 86_400_000).toISOString().slice(0, 10);
    const campaignId = await createCampaign(
      tp(),
      campaignSettings(day, lastDay, { name: 'Retention, preview', kind: 'retention', dialMode: 'preview', ivr: undefined, agentTeam: 'hotline-agents', pacing: { waveSize: 2, every: 'PT5M' } }),
    );
    await storeUnfilteredList(tp(), campaignId, phones.map((phone) => ({ phone, name: '张伟' })));
    await tp().clock.advanceTo(wallClock(calendar, day, '10:00'));

    // when the manager launches it, the first wave of two reaches the agents' queue
    expect((await manager().post(`/api/campaigns/${campaignId}/launch`)).status).toBe(200);
    const first = await listedTask(tp().app, 'agent-0101', contactIdOf(campaignId, 1));
    const second = await listedTask(tp().app, 'agent-0101', contactIdOf(campaignId, 2));
    expect(first).toMatchObject({ phone: phones[0], attempt: 1, listed: { name: '张伟', fields: {} } });

    // the agent takes the first, calls, and the customer agrees
    expect((await agent().post(`/api/preview-queue/${first.taskId}/claim`)).status).toBe(200);
    expect((await agent().post(`/api/preview-queue/${first.taskId}/dial`, { requestId: randomUUID() })).status).toBe(201);
    expect((await agent().post(`/api/preview-queue/${first.taskId}/result`, { attemptOutcome: 'answered', answer: 'success' })).status).toBe(200);
    // the second customer's line is busy: another attempt ten minutes later
    expect((await agent().post(`/api/preview-queue/${second.taskId}/result`, { attemptOutcome: 'busy' })).status).toBe(200);
    await eventually(() => tp().platform.campaignRepository.findContact(contactIdOf(campaignId, 2)), (c) => c?.retryNotBefore !== undefined);
    const afterFirst = await campaignWhere(tp(), campaignId, (c) => c.stats.attempts === 2);
    expect(afterFirst.stats).toMatchObject({ launched: 2, attempts: 2, reached: 1, results: { success: 1 } });

    // when the manager pauses, the busy customer's retry comes due and parks; no wave goes out
    expect((await manager().post(`/api/campaigns/${campaignId}/pause`, { note: 'agents in training' })).status).toBe(200);
    await tp().clock.advance(11 * 60_000);
    await eventually(() => tp().platform.campaignRepository.findContact(contactIdOf(campaignId, 2)), (c) => c?.state === 'parked');
    expect((await tp().platform.campaignRepository.find(campaignId))!.stats.launched).toBe(2);

    // when the manager resumes, the first wave launches the parked customer first, then the next one
    expect((await manager().post(`/api/campaigns/${campaignId}/resume`)).status).toBe(200);
    const again = await listedTask(tp().app, 'agent-0101', contactIdOf(campaignId, 2));
    expect(again).toMatchObject({ attempt: 2 });
    const third = await listedTask(tp().app, 'agent-0101', contactIdOf(campaignId, 3));
    // the wave counts its launches after sending them: the task can be listed first
    await campaignWhere(tp(), campaignId, (c) => c.stats.launched === 3);

    // when the manager stops it, the customers still in the queue may not be called
    expect((await manager().post(`/api/campaigns/${campaignId}/stop`, { note: 'budget spent' })).status).toBe(200);
    const barred = await agent().post(`/api/preview-queue/${again.taskId}/dial`, { requestId: randomUUID() });
    expect(barred).toMatchObject({ status: 409, body: { code: 'CALL_NOT_ALLOWED_NOW' } });
    expect((await manager().post(`/api/campaigns/${campaignId}/resume`)).body).toMatchObject({ code: 'CAMPAIGN_STATE' });
    // and an agent's answer that still comes in ends the chain as stopped at its next plan
    expect((await agent().post(`/api/preview-queue/${again.taskId}/result`, { attemptOutcome: 'no-answer' })).status).toBe(200);
    await eventually(() => tp().platform.campaignRepository.findContact(contactIdOf(campaignId, 2)), (c) => c?.result === 'stopped');
    // no customer of this campaign stays in the team's queue for later files
    expect((await agent().post(`/api/preview-queue/${third.taskId}/result`, { attemptOutcome: 'no-answer' })).status).toBe(200);
    await eventually(() => tp().platform.campaignRepository.findContact(contactIdOf(campaignId, 3)), (c) => c?.result === 'stopped');

    const history = (await campaignWhere(tp(), campaignId, (c) => c.history.some((h) => h.action === 'calls-stopped'))).history.map((h) => h.action);
    expect(history).toEqual(['created', 'launched', 'paused', 'resumed', 'stopped', 'calls-stopped']);
  }, 180_000);
});
