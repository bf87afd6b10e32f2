import type { CorrectionEntry, StoredRecord, SubscriberRepository } from '../adapters/mongo/subscriber.repository';
import type { Clock } from '../domain/clock';
import { DomainError, NotFoundError } from '../domain/errors';
import type { Principal } from '../domain/identity/principal';
import { centerStamp, CorrectableFields, parseCorrectionValues, UNCORRECTABLE_FIELDS, type CorrectableField, type Correction } from '../domain/subscriber/customer';
import { currentLineOf } from '../domain/subscriber/current-line';
import { RECORD_LAYOUTS, SUBSCRIBER_STATUS, TIER_OF_GROUP } from '../domain/subscriber/record-layouts';

/** Months of payment history a customer view carries (the current one and the ones before). */
export const PAYMENT_MONTHS = 6;

export type Tier = (typeof TIER_OF_GROUP)[keyof typeof TIER_OF_GROUP];
export type SubscriberStatus = (typeof SUBSCRIBER_STATUS)[keyof typeof SUBSCRIBER_STATUS];

/** A customer as the store knows it: the billing record with the center's newer corrections laid over it. */
export interface CustomerRecord {
  readonly custId: string;
  readonly tier: Tier;
  readonly status: 'potential' | 'current';
  /** The 00101 record, corrections applied. */
  readonly customer: StoredRecord;
  readonly individual: StoredRecord | null;
  readonly organisation: StoredRecord | null;
  /** The corrections in force: newer than the billing record they correct. */
  readonly corrections: readonly CorrectionEntry[];
}

export interface SubscriberLine {
  readonly subscriber: StoredRecord;
  readonly status: SubscriberStatus;
  readonly payments: readonly StoredRecord[];
}

/** What agents and workers get for a phone number: the line and its customer's tier and status. */
export interface PhoneLookup {
  readonly phone: string;
  readonly subscriber: StoredRecord;
  readonly status: SubscriberStatus;
  readonly customer: CustomerRecord | null;
}

export interface SubscriberService {
  /** The line on `phone` now (an active one before a closed one that had the number earlier); null when none. */
  lookupByPhone(phone: string): Promise<PhoneLookup | null>;
  /** The subscriber line (00201 record) that has the number now, without its customer: what call rules need. */
  currentLine(phone: string): Promise<StoredRecord | null>;
  lookupCustomer(custId: string): Promise<CustomerRecord | null>;
  /** The customer with every subscriber line and its recent payments. */
  customerDetail(custId: string): Promise<{ customer: CustomerRecord; lines: SubscriberLine[] }>;
  /** Corrects contact fields locally; fields involving identity or fees are refused with CORRECTION_NOT_ALLOWED. */
  correct(principal: Principal, custId: string, correction: Correction): Promise<CustomerRecord>;
}

const statusOf = (s: StoredRecord): SubscriberStatus => SUBSCRIBER_STATUS[s.status as keyof typeof SUBSCRIBER_STATUS];

/** `YYYYMM` of the `count` months up to the one holding `stamp` (YYYYMMDD...), newest first. */
function monthsUpTo(stamp: string, count: number): string[] {
  let year = Number(stamp.slice(0, 4));
  let month = Number(stamp.slice(4, 6));
  const months: string[] = [];
  for (let i = 0; i < count; i++) {
    months.push(`${year}${String(month).padStart(2, '0')}`);
    if (--month === 0) [year, month] = [year - 1, 12];
  }
  return months;
}

export function createSubscriberService(deps: { repository: SubscriberRepository; clock: Clock; centerTimeZone: string }): SubscriberService {
  const { repository } = deps;
  const layouts = RECORD_LAYOUTS;

  async function lookupCustomer(custId: string): Promise<CustomerRecord | null> {
    const [customer, individual, organisation, corrections] = await Promise.all([
      repository.findRecord(layouts['00101'], custId),
      repository.findRecord(layouts['00102'], custId),
      repository.findRecord(layouts['00103'], custId),
      repository.findCorrections(custId),
    ]);
    if (!customer) return null;
    // a correction stands until billing sends a newer record (which by then carries it, or overrules it)
    const inForce = Object.values(corrections?.latest ?? {}).filter((c) => c.atStamp > String(customer.updateTime));
    const corrected: StoredRecord = { ...customer, ...Object.fromEntries(inForce.map((c) => [c.field, c.after])) };
    return {
      custId,
      tier: TIER_OF_GROUP[customer.group as keyof typeof TIER_OF_GROUP],
      status: customer.status === '1' ? 'current' : 'potential',
      customer: corrected,
      individual,
      organisation,
      corrections: inForce,
    };
  }

  async function subscribersOf(ids: readonly string[]): Promise<StoredRecord[]> {
    return (await Promise.all(ids.map((id) => repository.findRecord(layouts['00201'], id)))).filter((s): s is StoredRecord => s !== null);
  }
  async function currentLine(phone: string): Promise<StoredRecord | null> {
    // the index lists every line that ever had the number; the current one is the line that has it still
    return currentLineOf(await subscribersOf(await repository.idsUnder('byPhone', phone)), phone) ?? null;
  }


  return {
    currentLine,
    async lookupByPhone(phone) {
      const current = await currentLine(phone);
      if (!current) return null;
      return { phone, subscriber: current, status: statusOf(current), customer: await lookupCustomer(String(current.custId)) };
    },
    lookupCustomer,
    async customerDetail(custId) {
      const customer = await lookupCustomer(custId);
      if (!customer) throw new NotFoundError('customer', custId);
      const months = monthsUpTo(centerStamp(deps.clock.now(), deps.centerTimeZone), PAYMENT_MONTHS);
      const lines = (await subscribersOf(await repository.idsUnder('byCustomer', custId))).filter((s) => String(s.custId) === custId);
      return {
        customer,
        lines: await Promise.all(
          lines.map(async (subscriber) => ({
            subscriber,
            status: statusOf(subscriber),
            payments: (await Promise.all(months.map((m) => repository.findRecord(layouts['00301'], `${subscriber._id}:${m}`)))).filter((p): p is StoredRecord => p !== null),
          })),
        ),
      };
    },
    async correct(principal, custId, correction) {
      const refused = Object.keys(correction.changes).filter((f) => UNCORRECTABLE_FIELDS.includes(f));
      if (refused.length > 0) {
        throw new DomainError(
          'CORRECTION_NOT_ALLOWED',
          `${refused.join(', ')} involve identity verification or fees: only the customer master changes them; the center may correct ${CorrectableFields.join(', ')}`,
        );
      }
      const values = parseCorrectionValues(correction.changes);
      const before = await lookupCustomer(custId);
      if (!before) throw new NotFoundError('customer', custId);
      const at = deps.clock.now();
      const entries: CorrectionEntry[] = (Object.entries(values) as [CorrectableField, string][]).map(([field, after]) => ({
        field,
        before: before.customer[field] === undefined ? null : String(before.customer[field]),
        after,
        reason: correction.reason,
        by: principal.employeeId,
        at,
        atStamp: centerStamp(at, deps.centerTimeZone),
      }));
      await repository.addCorrections(custId, entries);
      return (await lookupCustomer(custId))!;
    },
  };
}
