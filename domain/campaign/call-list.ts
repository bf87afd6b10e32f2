import { emptyFilterCounts, type ListMapping } from './campaign';
import { ListMappingError } from './errors';
import { exclusionOf, type ContactPreference, type ExclusionContext, type ExclusionReason } from '../outreach/do-not-call';
import { normalizePhone } from '../outreach/phone-number';
import { PhoneSet } from '../outreach/phone-set';

/**
 * A campaign's call list as read from its file: a header row, then one row per customer. The
 * mapping says which columns hold the number, the name, the customer id and what else the agent
 * sees; every row is screened before any call (domain brief, "Filtering before any call").
 */

/** Longest kept values (characters): a list page holds a thousand contacts and must stay far below 16 MiB. */
export const LIST_VALUE_LIMITS = { name: 60, custId: 40, extra: 200, invalidPhone: 40 } as const;

/** Header names an export commonly gives each field, in zh-CN and English, best first (compared without case, spaces, `_` or `-`). */
const HEADER_NAMES = {
  phone: ['手机号码', '手机号', '手机', '电话号码', '联系电话', '电话', '号码', '用户号码', '服务号码', '联系方式', 'phone', 'phonenumber', 'mobile', 'mobilephone', 'msisdn', 'tel', 'telephone', 'svcnum', 'number'],
  name: ['姓名', '客户姓名', '客户名称', '用户姓名', '联系人', '名称', 'name', 'customername', 'fullname', 'custname'],
  custId: ['客户编号', '客户号', '客户id', '客户代码', '用户编号', 'custid', 'customerid', 'customerno', 'customernumber', 'clientid'],
} as const;

const comparable = (header: string): string => header.toLowerCase().replace(/[\s_-]/g, '');

/** A mapping to start from: the best-known header for each field, every other named column as extra (up to the schema's 20). */
export function suggestMapping(headers: readonly string[]): Partial<ListMapping> & { extra: string[] } {
  const taken = new Set<string>();
  const pick = (names: readonly string[]): string | undefined => {
    for (const name of names) {
      const found = headers.find((h) => !taken.has(h) && comparable(h) === name);
      if (found !== undefined) {
        taken.add(found);
        return found;
      }
    }
    return undefined;
  };
  const phone = pick(HEADER_NAMES.phone);
  const name = pick(HEADER_NAMES.name);
  const custId = pick(HEADER_NAMES.custId);
  const extra = headers.filter((h) => h !== '' && !taken.has(h) && headers.indexOf(h) === headers.lastIndexOf(h)).slice(0, 20);
  return { ...(phone !== undefined ? { phone } : {}), ...(name !== undefined ? { name } : {}), ...(custId !== undefined ? { custId } : {}), extra };
}

/** Where the mapped fields are in each row (column indexes). */
export interface ListColumns {
  readonly phone: number;
  readonly name?: number;
  readonly custId?: number;
  readonly extra: readonly { readonly header: string; readonly index: number }[];
}

/** The mapping's columns in this file; a header that is missing, repeated or mapped twice is refused. */
export function resolveMapping(mapping: ListMapping, headers: readonly string[]): ListColumns {
  const problems: string[] = [];
  const used = new Map<string, string>();
  const indexOf = (field: string, header: string): number => {
    const index = headers.indexOf(header);
    if (index < 0) problems.push(`${field}: the file has no column "${header}" (columns: ${headers.map((h) => `"${h}"`).join(', ')})`);
    else if (headers.lastIndexOf(header) !== index) problems.push(`${field}: the file has more than one column "${header}"`);
    if (used.has(header)) problems.push(`${field}: column "${header}" is mapped to ${used.get(header)} already`);
    used.set(header, field);
    return index;
  };
  const phone = indexOf('phone', mapping.phone);
  const name = mapping.name === undefined ? undefined : indexOf('name', mapping.name);
  const custId = mapping.custId === undefined ? undefined : indexOf('custId', mapping.custId);
  const extra = mapping.extra.map((header) => ({ header, index: indexOf('extra', header) }));
  if (problems.length > 0) throw new ListMappingError(problems.join('; '));
  return { phone, extra, ...(name !== undefined ? { name } : {}), ...(custId !== undefined ? { custId } : {}) };
}

/** The mapped fields of one row besides the number, trimmed, empty ones left out. */
export function fieldsOf(cells: readonly string[], columns: ListColumns): { name?: string; custId?: string; extra?: Record<string, string> } {
  const value = (index: number | undefined, limit: number): string | undefined => {
    const text = index === undefined ? undefined : cells[index]?.trim();
    return text ? text.slice(0, limit) : undefined;
  };
  const name = value(columns.name, LIST_VALUE_LIMITS.name);
  const custId = value(columns.custId, LIST_VALUE_LIMITS.custId);
  let extra: Record<string, string> | undefined;
  for (const { header, index } of columns.extra) {
    const text = value(index, LIST_VALUE_LIMITS.extra);
    if (text !== undefined) (extra ??= {})[header] = text;
  }
  return { ...(name !== undefined ? { name } : {}), ...(custId !== undefined ? { custId } : {}), ...(extra ? { extra } : {}) };
}

/** A row without any value (spreadsheets and exports often end with a few). */
export const isBlankRow = (cells: readonly string[]): boolean => cells.every((c) => c.trim() === '');

/**
 * What the center knows against numbers, loaded in bulk before a list is screened (one pass over
 * each rules collection instead of a query per row). Numbers in normalizePhone's form.
 */
export interface BulkNumberFacts {
  /** Confirmed blacklist entries (proposed ones do not apply). */
  readonly blacklisted: PhoneSet;
  readonly exemptLines: PhoneSet;
  /** Preferences that can keep a number out before the call: a refused kind or a do-not-call-before date. */
  readonly preferences: ReadonlyMap<string, Pick<ContactPreference, 'refusedKinds' | 'notBefore'>>;
  /** Numbers whose calls within the center's counting period reached its cap (below it the count decides nothing before the call). */
  readonly atAttemptCap: PhoneSet;
}

/** One screened number: as dialled (or as written, when it is not a number), and why it is kept out, if it is. */
export interface Screened {
  readonly phone: string;
  readonly excluded?: ExclusionReason;
}

/**
 * Screens a list's numbers in file order: the first occurrence of a number is screened with
 * `exclusionOf` (the one place the rule lives), later ones are duplicates; counts by reason.
 */
export class ListScreen {
  readonly filtered = emptyFilterCounts();
  eligible = 0;
  private readonly seen: PhoneSet;

  constructor(
    private readonly facts: BulkNumberFacts,
    private readonly context: ExclusionContext,
    expectedRows?: number,
  ) {
    this.seen = new PhoneSet(expectedRows);
  }

  screen(raw: string): Screened {
    const phone = normalizePhone(raw);
    if (phone === undefined) return this.out(raw.trim().slice(0, LIST_VALUE_LIMITS.invalidPhone), 'invalid-number');
    if (!this.seen.add(phone)) return this.out(phone, 'duplicate');
    const { facts } = this;
    const preference = facts.preferences.get(phone);
    const reason = exclusionOf(
      {
        blacklisted: facts.blacklisted.has(phone),
        exemptLine: facts.exemptLines.has(phone),
        ...(preference ? { preference } : {}),
        // the index says the cap is reached, not by how much
        recentAttempts: facts.atAttemptCap.has(phone) ? this.context.centerAttemptCap : 0,
      },
      this.context,
    );
    if (reason) return this.out(phone, reason);
    this.eligible++;
    return { phone };
  }

  private out(phone: string, reason: ExclusionReason): Screened {
    this.filtered[reason]++;
    return { phone, excluded: reason };
  }
}
