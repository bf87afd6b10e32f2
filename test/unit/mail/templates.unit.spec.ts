import { Languages } from '../../../domain/identity/accounts';
import { KIND_LABELS, NotificationKinds, TEMPLATE_OF_KIND } from '../../../domain/mail/notification-mail';
import { MAIL_TEMPLATES, renderMail, TemplateNames, type WorkOrderMailView } from '../../../domain/mail/templates';

const view: WorkOrderMailView = {
  recipientName: 'Chen Jing',
  label: '派单',
  workOrderId: 'WO-20261122-000001',
  departmentName: 'Billing',
  type: 'complaint',
  dueAt: '2026-11-23 18:00',
  detail: 'Work order WO-20261122-000001 dispatched to your department',
  link: 'http://portal.example/#/work-orders/WO-20261122-000001',
};

describe('mail templates', () => {
  it('has every template in every language, and a template and a label for every kind', () => {
    for (const name of TemplateNames) for (const language of Languages) expect(MAIL_TEMPLATES[name][language].subject).not.toBe('');
    for (const kind of NotificationKinds) {
      expect(TemplateNames).toContain(TEMPLATE_OF_KIND[kind]);
      for (const language of Languages) expect(KIND_LABELS[language][kind]).not.toBe('');
    }
  });

  it("writes zh-CN in the center's terms", () => {
    const mail = renderMail(MAIL_TEMPLATES.assignment['zh-CN'], view, 'zh-CN');
    expect(mail.subject).toBe('【派单】工单 WO-20261122-000001 已派至Billing');
    expect(mail.text).toContain('Chen Jing，您好：');
    expect(mail.text).toContain('办结时限：2026-11-23 18:00');
    expect(renderMail(MAIL_TEMPLATES['sla-warning']['zh-CN'], view, 'zh-CN').subject).toContain('超时预警');
    expect(renderMail(MAIL_TEMPLATES.urging['zh-CN'], view, 'zh-CN').subject).toContain('催办');
    expect(renderMail(MAIL_TEMPLATES.escalation['zh-CN'], { ...view, label: KIND_LABELS['zh-CN'].supervised }, 'zh-CN').subject).toBe('【督办】工单 WO-20261122-000001');
  });

  it('leaves out the facts a work order does not have', () => {
    const mail = renderMail(MAIL_TEMPLATES.assignment.en, { ...view, dueAt: undefined, type: undefined }, 'en');
    expect(mail.text).not.toContain('Due:');
    expect(mail.text).not.toContain('Type:');
    expect(mail.text).toContain('Department: Billing');
  });

  it('escapes values in the HTML part and keeps them verbatim in the subject and the text', () => {
    const hostile = { ...view, recipientName: '<script>alert(1)</script>', detail: 'a & b "quoted"' };
    const mail = renderMail(MAIL_TEMPLATES.assignment.en, hostile, 'en');
    expect(mail.html).not.toContain('<script>');
    expect(mail.html).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
    expect(mail.html).toContain('a &amp; b &quot;quoted&quot;');
    expect(mail.text).toContain('Hello <script>alert(1)</script>,');
    expect(mail.html).toContain(`<a href="${view.link}">${view.link}</a>`);
    expect(mail.html).toMatch(/^<!doctype html>\n<html lang="en">/);
  });

  it('escapes values in the HTML part even where a template prints them unescaped (an override saved before that was refused)', () => {
    const legacy = { subject: '{{{detail}}}', body: 'Hello {{{recipientName}}} and {{&detail}}' };
    const mail = renderMail(legacy, { ...view, recipientName: '<img src=x onerror=alert(1)>', detail: '<b>bold</b>' }, 'en');
    expect(mail.html).not.toMatch(/<img|<b>/);
    // (`{{&x}}` meets the template's own escaping first and prints nothing in the HTML part)
    expect(mail.html).toContain('<p>Hello &lt;img src=x onerror=alert(1)&gt; and </p>');
    expect(mail.text).toBe('Hello <img src=x onerror=alert(1)> and <b>bold</b>');
    expect(mail.html).toContain('<title>&lt;b&gt;bold&lt;/b&gt;</title>');
  });

  it('lists the overdue work orders of a digest', () => {
    const mail = renderMail(
      MAIL_TEMPLATES.digest.en,
      { recipientName: 'Ma Hui', departmentName: 'Billing', day: '2026-11-22', open: 3, overdue: 1, dueToday: 1, escalated: 0, overdueItems: [{ workOrderId: 'WO-1', dueAt: '2026-11-21 17:00', link: 'http://p/#/work-orders/WO-1' }], link: 'http://p/' },
      'en',
    );
    expect(mail.subject).toBe('[Daily digest] Billing work orders, 2026-11-22');
    expect(mail.text).toContain('Open: 3\nOverdue: 1\nDue today: 1\nEscalated: 0');
    expect(mail.text).toContain('WO-1, due 2026-11-21 17:00: http://p/#/work-orders/WO-1');
  });
});
