import Mustache from 'mustache';
import type { Language } from '../identity/accounts';

/**
 * The platform's mail templates, zh-CN and en, in one place: issue 7's admin can later replace
 * entries of MAIL_TEMPLATES from stored overrides without touching the code that renders them.
 *
 * A template is a subject and a body (mustache). The text part is the body as written; the
 * HTML part is the same body rendered with HTML escaping, its paragraphs wrapped in <p> and
 * the work order's link made clickable, so the two parts cannot say different things.
 */
export const TemplateNames = ['assignment', 'sla-warning', 'escalation', 'urging', 'notice', 'digest', 'survey'] as const;
export type TemplateName = (typeof TemplateNames)[number];

export interface MailTemplate {
  readonly subject: string;
  readonly body: string;
}

/** What a work-order template may use; absent values leave their section out. */
export interface WorkOrderMailView {
  readonly recipientName: string;
  /** The center's word for what happened (派单, 催办, 督办, 升级 ... / Dispatched, Urged ...). */
  readonly label: string;
  readonly workOrderId: string;
  readonly departmentName?: string;
  readonly type?: string;
  readonly priority?: string;
  /** The due instant, in the center's time zone, already formatted. */
  readonly dueAt?: string;
  /** The platform's own line about the event (level reached, share of the limit used ...). */
  readonly detail: string;
  readonly link: string;
}

export interface DigestMailView {
  readonly recipientName: string;
  readonly departmentName: string;
  /** The center-day, yyyy-mm-dd. */
  readonly day: string;
  readonly open: number;
  readonly overdue: number;
  readonly dueToday: number;
  readonly escalated: number;
  /** The most overdue work orders, earliest due first. */
  readonly overdueItems: readonly { workOrderId: string; dueAt: string; link: string }[];
  readonly link: string;
}

/** A customer's satisfaction survey (the callback's fallback when the phone did not reach them). */
export interface SurveyMailView {
  readonly recipientName: string;
  /** What the survey is about (the work order's description, or the callback's title). */
  readonly title: string;
  readonly workOrderId?: string;
  /** The public survey page, with its signed token. */
  readonly link: string;
  /** Until when the link works, in the center's time zone, already formatted. */
  readonly expiresAt: string;
}

const SIGNATURE: Record<Language, string> = {
  'zh-CN': '—— Closeloop 客服工单平台（系统邮件，请勿直接回复）',
  en: '— Closeloop service-center platform (automatic mail, please do not reply)',
};

const WORK_ORDER_FACTS: Record<Language, string> = {
  'zh-CN': `{{#departmentName}}处理部门：{{departmentName}}
{{/departmentName}}{{#type}}工单类型：{{type}}
{{/type}}{{#priority}}优先级：{{priority}}
{{/priority}}{{#dueAt}}办结时限：{{dueAt}}
{{/dueAt}}说明：{{detail}}

查看工单：{{link}}`,
  en: `{{#departmentName}}Department: {{departmentName}}
{{/departmentName}}{{#type}}Type: {{type}}
{{/type}}{{#priority}}Priority: {{priority}}
{{/priority}}{{#dueAt}}Due: {{dueAt}}
{{/dueAt}}Note: {{detail}}

Open the work order: {{link}}`,
};

const workOrderTemplate = (language: Language, subject: string, lead: string): MailTemplate => ({
  subject,
  body: `${language === 'zh-CN' ? '{{recipientName}}，您好：' : 'Hello {{recipientName}},'}

${lead}

${WORK_ORDER_FACTS[language]}

${SIGNATURE[language]}`,
});

export const MAIL_TEMPLATES: Readonly<Record<TemplateName, Readonly<Record<Language, MailTemplate>>>> = {
  assignment: {
    'zh-CN': workOrderTemplate('zh-CN', '【派单】工单 {{workOrderId}} 已派至{{departmentName}}', '工单 {{workOrderId}} 已派单至贵部门，请及时受理并在时限内办结。'),
    en: workOrderTemplate('en', '[Dispatched] Work order {{workOrderId}} for {{departmentName}}', 'Work order {{workOrderId}} was dispatched to your department. Please accept it and resolve it within its time limit.'),
  },
  'sla-warning': {
    'zh-CN': workOrderTemplate('zh-CN', '【超时预警】工单 {{workOrderId}} 即将超时', '工单 {{workOrderId}} 已接近办结时限（超时预警），请尽快处理。'),
    en: workOrderTemplate('en', '[SLA warning] Work order {{workOrderId}} is close to its time limit', 'Work order {{workOrderId}} is close to its time limit. Please handle it now.'),
  },
  escalation: {
    'zh-CN': workOrderTemplate('zh-CN', '【{{label}}】工单 {{workOrderId}}', '工单 {{workOrderId}} 已{{label}}，请关注并督促处理。'),
    en: workOrderTemplate('en', '[{{label}}] Work order {{workOrderId}}', 'Work order {{workOrderId}}: {{label}}. Please look into it and see that it is handled.'),
  },
  urging: {
    'zh-CN': workOrderTemplate('zh-CN', '【催办】工单 {{workOrderId}} 客户催办', '客户再次来电催办工单 {{workOrderId}}，请优先处理并及时反馈。'),
    en: workOrderTemplate('en', '[Urged] Work order {{workOrderId}}: the customer is waiting', 'The customer called again about work order {{workOrderId}}. Please give it priority and reply soon.'),
  },
  notice: {
    'zh-CN': workOrderTemplate('zh-CN', '【{{label}}】工单 {{workOrderId}}', '工单 {{workOrderId}}：{{label}}。'),
    en: workOrderTemplate('en', '[{{label}}] Work order {{workOrderId}}', 'Work order {{workOrderId}}: {{label}}.'),
  },
  digest: {
    'zh-CN': {
      subject: '【日报】{{departmentName}} 工单日报 {{day}}',
      body: `{{recipientName}}，您好：

{{departmentName}} {{day}} 工单情况：
在办工单：{{open}}
已超时：{{overdue}}
今日到期：{{dueToday}}
已升级：{{escalated}}
{{#overdueItems.length}}
超时工单（最早到期在前）：
{{#overdueItems}}{{workOrderId}}，时限 {{dueAt}}：{{link}}
{{/overdueItems}}{{/overdueItems.length}}
查看工单：{{link}}

${SIGNATURE['zh-CN']}`,
    },
    en: {
      subject: '[Daily digest] {{departmentName}} work orders, {{day}}',
      body: `Hello {{recipientName}},

Work orders of {{departmentName}} on {{day}}:
Open: {{open}}
Overdue: {{overdue}}
Due today: {{dueToday}}
Escalated: {{escalated}}
{{#overdueItems.length}}
Overdue, earliest due first:
{{#overdueItems}}{{workOrderId}}, due {{dueAt}}: {{link}}
{{/overdueItems}}{{/overdueItems.length}}
Open the work orders: {{link}}

${SIGNATURE.en}`,
    },
  },
  survey: {
    'zh-CN': {
      subject: '【满意度回访】{{#workOrderId}}工单 {{workOrderId}}：{{/workOrderId}}请评价我们的服务',
      body: `{{recipientName}}，您好：

我们多次致电未能联系到您。关于“{{title}}”，您对处理结果是否满意？请点击以下链接作答（一分钟即可）：

{{link}}

链接有效期至 {{expiresAt}}。

${SIGNATURE['zh-CN']}`,
    },
    en: {
      subject: '[Satisfaction survey] {{#workOrderId}}Work order {{workOrderId}}: {{/workOrderId}}how did we do?',
      body: `Hello {{recipientName}},

We tried to call you but could not reach you. About "{{title}}": are you satisfied with how we handled it? Please answer here (it takes a minute):

{{link}}

The link works until {{expiresAt}}.

${SIGNATURE.en}`,
    },
  },
};

export interface RenderedMail {
  readonly subject: string;
  readonly text: string;
  readonly html: string;
}

const verbatim = (value: unknown): string => String(value);

function escapeHtml(value: unknown): string {
  return String(value).replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);
}

/** Escaped text to HTML: paragraphs, line breaks, and http(s) addresses as links. */
function paragraphs(escaped: string): string {
  return escaped
    .split(/\n{2,}/)
    .map((p) => `<p>${p.replace(/https?:\/\/[^\s<]+/g, (url) => `<a href="${url}">${url}</a>`).replace(/\n/g, '<br>\n')}</p>`)
    .join('\n');
}

/**
 * The view with every text in it escaped for HTML. Escaped before it meets the template, a value
 * cannot reach the mail as markup whatever tag prints it: an override saved before unescaped
 * tags (`{{{x}}}`, `{{&x}}`) were refused still prints them escaped.
 */
function htmlEscapedView(value: unknown): unknown {
  if (typeof value === 'string') return escapeHtml(value);
  if (Array.isArray(value)) return value.map(htmlEscapedView);
  if (value !== null && typeof value === 'object') return Object.fromEntries(Object.entries(value).map(([key, v]) => [key, htmlEscapedView(v)]));
  return value;
}

/** Renders `template` with `view`: values are escaped in the HTML part and verbatim in subject and text. */
export function renderMail(template: MailTemplate, view: WorkOrderMailView | DigestMailView | SurveyMailView, language: Language): RenderedMail {
  const subject = Mustache.render(template.subject, view, {}, { escape: verbatim }).replace(/\s+/g, ' ').trim();
  const text = Mustache.render(template.body, view, {}, { escape: verbatim });
  const body = paragraphs(Mustache.render(escapeHtml(template.body), htmlEscapedView(view), {}, { escape: verbatim }));
  const html = `<!doctype html>
<html lang="${language}"><head><meta charset="utf-8"><title>${escapeHtml(subject)}</title></head>
<body style="font-family: sans-serif; line-height: 1.5">
${body}
</body></html>`;
  return { subject, text, html };
}
