import type { CallbackRepository } from '../adapters/mongo/callback.repository';
import type { OpenWorkOrdersOf } from '../adapters/mongo/department-digest.query';
import type { NotificationDoc } from '../adapters/mongo/notification.repository';
import type { WorkOrderRepository } from '../adapters/mongo/work-order.repository';
import type { Clock } from '../domain/clock';
import type { Unit } from '../domain/identity/units';
import { centerDay, digestCounts, formatCenterTime } from '../domain/mail/digest';
import { KIND_LABELS, TEMPLATE_OF_KIND } from '../domain/mail/notification-mail';
import type { Recipient } from '../domain/mail/recipients';
import { renderMail, type RenderedMail } from '../domain/mail/templates';
import type { TemplateSet } from './mail-templates';

export interface MailComposerDeps {
  readonly workOrders: Pick<WorkOrderRepository, 'findById'>;
  readonly openWorkOrdersOf: OpenWorkOrdersOf;
  readonly units: () => Promise<readonly Unit[]>;
  readonly clock: Clock;
  readonly centerTimeZone: string;
  /** The portal's address, for links to work orders. */
  readonly portalUrl: string;
  /** Callbacks whose customers get a survey, and the signed link of each survey page. */
  readonly callbacks: Pick<CallbackRepository, 'find'>;
  readonly surveyLink: (callbackId: string, expiresAt: Date) => string;
  /** The templates to write with now: admins' overrides, else the built-in ones (services/mail-templates.ts). */
  readonly templates: () => Promise<TemplateSet>;
}

/** Writes the mail of one outbox entry for each of its recipients, each in their own language. */
export type ComposeFor = (recipient: Recipient) => RenderedMail;

export interface MailComposer {
  /** Reads what the entry's mail says (the work order, or the department's open work orders) once for all its recipients. */
  prepare(entry: NotificationDoc): Promise<ComposeFor>;
}

export function createMailComposer(deps: MailComposerDeps): MailComposer {
  const base = deps.portalUrl.replace(/\/+$/, '');
  const workOrderLink = (id: string): string => `${base}/#/work-orders/${encodeURIComponent(id)}`;
  const time = (instant: Date): string => formatCenterTime(instant, deps.centerTimeZone);
  const unitName = async (unitId: string): Promise<string> => (await deps.units()).find((u) => u.unitId === unitId)?.name ?? unitId;

  async function prepareDigest(entry: NotificationDoc): Promise<ComposeFor> {
    const department = entry.departments[0] ?? '';
    const now = deps.clock.now();
    // the digest counts as of when it is written: a digest retried after an outage is current, not stale
    const day = centerDay(entry.createdAt, deps.centerTimeZone);
    const counts = digestCounts(await deps.openWorkOrdersOf(department), now, centerDay(now, deps.centerTimeZone));
    const departmentName = await unitName(department);
    const templates = await deps.templates();
    const view = {
      departmentName,
      day: day.day,
      ...counts,
      overdueItems: counts.overdueItems.map((w) => ({ workOrderId: w.workOrderId, dueAt: time(w.dueAt), link: workOrderLink(w.workOrderId) })),
      // the list shows a supervisor the departments they oversee
      link: `${base}/#/work-orders`,
    };
    return (recipient) => renderMail(templates.digest[recipient.language], { ...view, recipientName: recipient.name }, recipient.language);
  }

  async function prepareWorkOrderMail(entry: NotificationDoc): Promise<ComposeFor> {
    const workOrderId = entry.workOrderId ?? '';
    const workOrder = await deps.workOrders.findById(workOrderId);
    const department = workOrder?.department ?? entry.departments[0];
    const departmentName = department === undefined ? undefined : await unitName(department);
    const template = (await deps.templates())[TEMPLATE_OF_KIND[entry.kind]];
    return (recipient) =>
      renderMail(
        template[recipient.language],
        {
          recipientName: recipient.name,
          label: KIND_LABELS[recipient.language][entry.kind],
          workOrderId,
          departmentName,
          type: workOrder?.type,
          priority: workOrder?.priority,
          dueAt: workOrder?.dueAt ? time(workOrder.dueAt) : undefined,
          detail: entry.subject,
          link: workOrderLink(workOrderId),
        },
        recipient.language,
      );
  }

  async function prepareSurvey(entry: NotificationDoc): Promise<ComposeFor> {
    const callback = await deps.callbacks.find(entry.callbackId ?? '');
    if (!callback?.survey) throw new Error(`survey mail ${entry.key} names no callback with a survey`);
    const { survey } = await deps.templates();
    const view = {
      title: callback.title,
      workOrderId: callback.workOrderId,
      link: deps.surveyLink(callback._id, callback.survey.expiresAt),
      expiresAt: time(callback.survey.expiresAt),
    };
    return (recipient) => renderMail(survey[recipient.language], { ...view, recipientName: recipient.name }, recipient.language);
  }

  return {
    prepare(entry) {
      if (entry.kind === 'digest') return prepareDigest(entry);
      return entry.kind === 'callback-survey' ? prepareSurvey(entry) : prepareWorkOrderMail(entry);
    },
  };
}
