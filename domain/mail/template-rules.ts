import Mustache, { type TemplateSpans } from 'mustache';
import type { InputIssue } from '../errors';
import type { Language } from '../identity/accounts';
import type { DigestMailView, MailTemplate, SurveyMailView, TemplateName, WorkOrderMailView } from './templates';

/**
 * What an admin may write in a template: the variables the platform hands it (a list's items
 * have their own), checked before an override is saved, and the sample data its preview uses.
 */
type Variables<V> = { readonly [K in keyof V]-?: NonNullable<V[K]> extends readonly (infer Item)[] ? readonly (keyof Item & string)[] : true };

const WORK_ORDER_VARIABLES: Variables<WorkOrderMailView> = { recipientName: true, label: true, workOrderId: true, departmentName: true, type: true, priority: true, dueAt: true, detail: true, link: true };
const DIGEST_VARIABLES: Variables<DigestMailView> = {
  recipientName: true,
  departmentName: true,
  day: true,
  open: true,
  overdue: true,
  dueToday: true,
  escalated: true,
  overdueItems: ['workOrderId', 'dueAt', 'link'],
  link: true,
};
const SURVEY_VARIABLES: Variables<SurveyMailView> = { recipientName: true, title: true, workOrderId: true, link: true, expiresAt: true };

/** Per variable: `true` for a value, the item fields for a list (a list also has `.length`). */
export type TemplateVariables = Readonly<Record<string, true | readonly string[]>>;

export const TEMPLATE_VARIABLES: Readonly<Record<TemplateName, TemplateVariables>> = {
  assignment: WORK_ORDER_VARIABLES,
  'sla-warning': WORK_ORDER_VARIABLES,
  escalation: WORK_ORDER_VARIABLES,
  urging: WORK_ORDER_VARIABLES,
  notice: WORK_ORDER_VARIABLES,
  digest: DIGEST_VARIABLES,
  survey: SURVEY_VARIABLES,
};

/** Names a template of `variables` may use: every variable, each list's `.length`. */
const topLevelNames = (variables: TemplateVariables): string[] =>
  Object.entries(variables).flatMap(([name, kind]) => (kind === true ? [name] : [name, `${name}.length`]));

/**
 * The unknown names and the syntax errors of one mustache text. Inside a list's section its items'
 * fields and `.` are known too; partials are refused (there are none to include), and so are
 * unescaped variables (`{{{name}}}`, `{{&name}}`): the values come partly from customers (a work
 * order's title and detail) and would reach the HTML mail as markup.
 */
export function templateIssues(text: string, variables: TemplateVariables, path: string): InputIssue[] {
  let spans: TemplateSpans;
  try {
    spans = Mustache.parse(text);
  } catch (err) {
    return [{ path, message: (err as Error).message }];
  }
  const issues: InputIssue[] = [];
  const walk = (tokens: TemplateSpans, known: ReadonlySet<string>): void => {
    for (const [type, name, start, , children] of tokens) {
      if (type === '>') issues.push({ path, message: `{{> ${name}}}: partials are not available` });
      if (type === '&') {
        const written = text.startsWith('{{{', start) ? `{{{${name}}}}` : `{{&${name}}}`;
        issues.push({ path, message: `${written}: unescaped output is not allowed; write {{${name}}}` });
      }
      if (type !== 'name' && type !== '&' && type !== '#' && type !== '^') continue;
      if (!known.has(name)) issues.push({ path, message: `unknown variable "${name}"` });
      const items = variables[name];
      const inList = type === '#' && items !== undefined && items !== true;
      if (Array.isArray(children)) walk(children, inList ? new Set([...known, ...items, '.']) : known);
    }
  };
  walk(spans, new Set(topLevelNames(variables)));
  // one line per name, however often it is used
  return issues.filter((issue, i) => issues.findIndex((other) => other.message === issue.message) === i);
}

/** Every problem of a template pair (subject and body), with paths like `en.subject`. */
export function templateProblems(name: TemplateName, language: Language, template: MailTemplate): InputIssue[] {
  const variables = TEMPLATE_VARIABLES[name];
  return [...templateIssues(template.subject, variables, `${language}.subject`), ...templateIssues(template.body, variables, `${language}.body`)];
}

const SAMPLE_LINK = 'https://closeloop.example/#/work-orders/WO-20270104-000042';

const workOrderSample = (language: Language): WorkOrderMailView =>
  language === 'zh-CN'
    ? { recipientName: '陈静', label: '派单', workOrderId: 'WO-20270104-000042', departmentName: '计费部', type: 'complaint', priority: 'high', dueAt: '2027-01-06 17:30', detail: '工单已派至计费部', link: SAMPLE_LINK }
    : { recipientName: 'Chen Jing', label: 'Dispatched', workOrderId: 'WO-20270104-000042', departmentName: 'Billing', type: 'complaint', priority: 'high', dueAt: '2027-01-06 17:30', detail: 'Work order dispatched to Billing', link: SAMPLE_LINK };

/** What the preview renders a template with, in each language. */
export function sampleView(name: TemplateName, language: Language): WorkOrderMailView | DigestMailView | SurveyMailView {
  const { recipientName, departmentName = '', workOrderId, link } = workOrderSample(language);
  if (name === 'digest') {
    return { recipientName, departmentName, day: '2027-01-06', open: 12, overdue: 2, dueToday: 3, escalated: 1, overdueItems: [{ workOrderId, dueAt: '2027-01-05 17:30', link }], link };
  }
  if (name === 'survey') {
    return { recipientName, title: language === 'zh-CN' ? '宽带断网投诉' : 'Broadband outage complaint', workOrderId, link: 'https://closeloop.example/survey/sample-token', expiresAt: '2027-01-13 17:30' };
  }
  return workOrderSample(language);
}
