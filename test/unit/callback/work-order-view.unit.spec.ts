import { MAIL_TEMPLATES, renderMail } from '../../../domain/mail/templates';
import { callbackStage } from '../../../domain/work-order/lifecycle';
import { progressOf } from '../../../domain/work-order/progress';

describe('a callback on its work order', () => {
  const facts = { routed: true, tasks: [], history: [{ elementId: 'Activity_Handle' }, { elementId: 'Activity_Callback' }] };

  it('says where it stands in words', () => {
    expect(callbackStage({ state: 'calling', attempts: [] })).toBe('calling back (attempt 1)');
    expect(callbackStage({ state: 'waiting', attempts: [{}] })).toBe('calling back (attempt 2, waiting for the calling window)');
    expect(callbackStage({ state: 'survey', attempts: [{}, {}, {}] })).toBe('e-mail survey sent, awaiting the answer');
    expect(callbackStage({ state: 'finished', attempts: [{}], result: { outcome: 'not-satisfied' } })).toBe('called back: not satisfied');
  });

  it('is the step the diagram shows while it runs, and a closure as unreachable ends at its own end event', () => {
    expect(progressOf({ ...facts, status: 'verifying', callbacks: [{ state: 'waiting' }] }).activeElementIds).toEqual(['Activity_Callback']);
    const closed = progressOf({ ...facts, status: 'closed', callbacks: [{ state: 'finished' }], closedAs: 'unreachable' });
    expect(closed.activeElementIds).toEqual([]);
    expect(closed.completedElementIds).toEqual(expect.arrayContaining(['Activity_Callback', 'EndEvent_ClosedUnreachable']));
    expect(closed.completedElementIds).not.toContain('EndEvent_Closed');
  });

  it('sends the customer a survey mail with the link and until when it works', () => {
    const view = { recipientName: '林芳', title: 'WO-20261123-000001: Asks about the 5G upgrade', workOrderId: 'WO-20261123-000001', link: 'https://service.example/survey/abc.def', expiresAt: '2026-11-25 09:05' };
    const zh = renderMail(MAIL_TEMPLATES.survey['zh-CN'], view, 'zh-CN');
    expect(zh.subject).toBe('【满意度回访】工单 WO-20261123-000001：请评价我们的服务');
    expect(zh.text).toContain('https://service.example/survey/abc.def');
    expect(zh.text).toContain('链接有效期至 2026-11-25 09:05');
    expect(renderMail(MAIL_TEMPLATES.survey.en, { ...view, workOrderId: undefined }, 'en').subject).toBe('[Satisfaction survey] how did we do?');
  });
});
