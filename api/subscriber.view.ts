import { z } from 'zod';
import type { StoredRecord, SubscriberImport } from '../adapters/mongo/subscriber.repository';
import type { Principal } from '../domain/identity/principal';
import { maskPersonal, seesInFull } from '../domain/subscriber/customer';
import type { PersonalData, RecordLayout } from '../domain/subscriber/record-layouts';
import type { CustomerRecord, PhoneLookup, SubscriberLine } from '../services/subscriber-service';

/** A batch record's fields by their store names; DATE fields as `YYYY-MM-DD HH:MM:SS` on the center's wall clock. */
const RecordView = z.record(z.string(), z.union([z.string(), z.number()]));

const CorrectionView = z.object({ field: z.string(), before: z.string().nullable(), after: z.string(), reason: z.string(), by: z.string(), at: z.iso.datetime() });

export const CustomerView = z.object({
  custId: z.string(),
  tier: z.string(),
  status: z.enum(['potential', 'current']),
  customer: RecordView,
  individual: RecordView.nullable(),
  organisation: RecordView.nullable(),
  /** Local corrections in force (newer than the billing record); personal values masked like the fields. */
  corrections: z.array(CorrectionView),
});

export const PhoneLookupView = z.object({ phone: z.string(), status: z.string(), subscriber: RecordView, customer: CustomerView.nullable() });

export const CustomerDetailView = CustomerView.extend({
  lines: z.array(z.object({ status: z.string(), subscriber: RecordView, payments: z.array(RecordView) })),
});

export const ImportView = z.object({
  importId: z.string(),
  fileName: z.string(),
  checksum: z.string(),
  bytes: z.number(),
  source: z.enum(['watch', 'cli', 'upload']),
  requestedBy: z.string().nullable(),
  state: z.enum(['queued', 'importing', 'done', 'bad']),
  progress: z.object({ records: z.number(), applied: z.number(), unchanged: z.number(), bad: z.number() }),
  badReason: z.string().nullable(),
  receipts: z.array(z.string()),
  createdAt: z.iso.datetime(),
  startedAt: z.iso.datetime().nullable(),
  finishedAt: z.iso.datetime().nullable(),
});

const wallClock = (stamp: string): string =>
  stamp.length === 14 ? `${stamp.slice(0, 4)}-${stamp.slice(4, 6)}-${stamp.slice(6, 8)} ${stamp.slice(8, 10)}:${stamp.slice(10, 12)}:${stamp.slice(12, 14)}` : stamp;

/** `value` as `principal` may see it: masked when it is personal data of a kind the role sees only masked. */
const shown = (principal: Principal, kind: PersonalData | undefined, value: string): string => (kind && !seesInFull(principal, kind) ? maskPersonal(kind, value) : value);

/** The record's fields in the layout's order, personal data masked where `principal` may not see it. */
export function recordView(layout: RecordLayout, record: StoredRecord, principal: Principal): z.infer<typeof RecordView> {
  const view: Record<string, string | number> = {};
  for (const field of layout.fields) {
    const value = record[field.key];
    if (value === undefined) continue;
    view[field.key] = field.personal ? shown(principal, field.personal, String(value)) : field.kind === 'date' ? wallClock(String(value)) : value;
  }
  return view;
}

export function customerView(layouts: Record<'00101' | '00102' | '00103', RecordLayout>, c: CustomerRecord, principal: Principal): z.infer<typeof CustomerView> {
  const personalOf = (key: string) => layouts['00101'].fields.find((f) => f.key === key)?.personal;
  return {
    custId: c.custId,
    tier: c.tier,
    status: c.status,
    customer: recordView(layouts['00101'], c.customer, principal),
    individual: c.individual && recordView(layouts['00102'], c.individual, principal),
    organisation: c.organisation && recordView(layouts['00103'], c.organisation, principal),
    corrections: c.corrections.map((e) => ({ field: e.field, before: e.before === null ? null : shown(principal, personalOf(e.field), e.before), after: shown(principal, personalOf(e.field), e.after), reason: e.reason, by: e.by, at: e.at.toISOString() })),
  };
}

export const lineView = (layouts: Record<'00201' | '00301', RecordLayout>, line: SubscriberLine, principal: Principal) => ({
  status: line.status,
  subscriber: recordView(layouts['00201'], line.subscriber, principal),
  payments: line.payments.map((p) => recordView(layouts['00301'], p, principal)),
});

export const phoneLookupView = (layouts: Record<'00101' | '00102' | '00103' | '00201', RecordLayout>, found: PhoneLookup, principal: Principal): z.infer<typeof PhoneLookupView> => ({
  phone: shown(principal, 'phone', found.phone),
  status: found.status,
  subscriber: recordView(layouts['00201'], found.subscriber, principal),
  customer: found.customer && customerView(layouts, found.customer, principal),
});

export const importView = (i: SubscriberImport): z.infer<typeof ImportView> => ({
  importId: i._id,
  fileName: i.fileName,
  checksum: i.checksum,
  bytes: i.bytes,
  source: i.source,
  requestedBy: i.requestedBy,
  state: i.state,
  progress: i.progress,
  badReason: i.badReason,
  receipts: i.receipts,
  createdAt: i.createdAt.toISOString(),
  startedAt: i.startedAt?.toISOString() ?? null,
  finishedAt: i.finishedAt?.toISOString() ?? null,
});
