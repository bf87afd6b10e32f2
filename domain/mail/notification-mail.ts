import { createHash } from 'node:crypto';
import { backoffStepMs } from '../async';
import type { Language } from '../identity/accounts';
import type { TemplateName } from './templates';

/**
 * What the notification outbox holds: the work-order events people are told about, the daily
 * digest, and the satisfaction survey a customer gets when the callback cannot reach them by phone.
 */
export const NotificationKinds = [
  'dispatched',
  'urged',
  'supervised',
  'escalated',
  'cancelled',
  'collaboration-requested',
  'sla-warning',
  'sla-escalated',
  'digest',
  'callback-survey',
] as const;
export type NotificationKind = (typeof NotificationKinds)[number];

/** The template each kind is written with. */
export const TEMPLATE_OF_KIND: Readonly<Record<NotificationKind, TemplateName>> = {
  dispatched: 'assignment',
  'sla-warning': 'sla-warning',
  escalated: 'escalation',
  'sla-escalated': 'escalation',
  supervised: 'escalation',
  urged: 'urging',
  cancelled: 'notice',
  'collaboration-requested': 'notice',
  digest: 'digest',
  'callback-survey': 'survey',
};

/** The center's word for each event, in each language. */
export const KIND_LABELS: Readonly<Record<Language, Readonly<Record<NotificationKind, string>>>> = {
  'zh-CN': {
    dispatched: '派单',
    urged: '催办',
    supervised: '督办',
    escalated: '升级投诉',
    cancelled: '工单撤销',
    'collaboration-requested': '协办请求',
    'sla-warning': '超时预警',
    'sla-escalated': '超时升级',
    digest: '日报',
    'callback-survey': '满意度回访',
  },
  en: {
    dispatched: 'Dispatched',
    urged: 'Urged',
    supervised: 'Under supervision',
    escalated: 'Escalated complaint',
    cancelled: 'Cancelled',
    'collaboration-requested': 'Collaboration requested',
    'sla-warning': 'SLA warning',
    'sla-escalated': 'Escalated for lateness',
    digest: 'Daily digest',
    'callback-survey': 'Satisfaction survey',
  },
};

/**
 * The Message-ID of the mail for one outbox entry and one recipient: the same on every attempt,
 * so a mail that does go out twice (see docs/mail.md) is recognisably one message to the
 * receiving server and the reader's client. `domain` is the sender address's domain.
 */
export function stableMessageId(notificationKey: string, employeeId: string, domain: string): string {
  const digest = createHash('sha256').update(`${notificationKey}\n${employeeId}`).digest('hex').slice(0, 40);
  return `<${digest}@${domain}>`;
}

/** The idempotency key of a department's digest for one center-day (yyyy-mm-dd). */
export const digestKey = (department: string, day: string): string => `digest:${department}:${day}`;

/**
 * How long to wait before attempt `attempt + 1` after `attempt` failed attempts (ms): exponential
 * from `baseMs`, capped at `maxMs`, with "equal jitter" (half fixed, half random) so drainers that
 * failed together do not all come back at the same instant, yet each waits at least half the step.
 */
export function retryDelayMs(attempt: number, baseMs: number, maxMs: number, random: () => number = Math.random): number {
  const step = backoffStepMs(attempt, baseMs, maxMs);
  return Math.round(step / 2 + (step / 2) * random());
}
