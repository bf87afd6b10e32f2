/**
 * The operators' subscriber batch interface (domain brief, "Local subscriber store"): every
 * record layout as data, in one place. The parser, the formatter, the store and the docs
 * (docs/subscriber-batch-files.md) all read these tables; a field changes here or nowhere.
 *
 * Where the interface is silent we chose what operators' billing exports use: UTF-8 text,
 * widths counted in characters, text fields left-aligned and padded with spaces, an absent
 * optional DATE or INT written as spaces or zeros.
 */

/** How a field is written: INT (20 digits, zero-padded), NUMBER (zero-padded, may start with `-`), DATE (YYYYMMDDHH24MISS), MONTH (YYYYMM), TEXT. */
export type FieldKind = 'int' | 'number' | 'date' | 'month' | 'text';

/** Personal data a role may see only masked (see domain/subscriber/customer.ts). */
export type PersonalData = 'certificate' | 'phone' | 'address' | 'email';

export interface FieldSpec {
  /** The interface's field name. */
  readonly name: string;
  /** Property name in the store. */
  readonly key: string;
  readonly kind: FieldKind;
  readonly width: number;
  readonly required: boolean;
  /** Allowed codes and their meaning (TEXT code fields). */
  readonly codes?: Readonly<Record<string, string>>;
  /** What a TEXT value must look like, and how to say it. */
  readonly pattern?: { readonly regex: RegExp; readonly says: string };
  readonly personal?: PersonalData;
}

/** Where an interface's records go and which field orders two versions of one record. */
export interface RecordLayout {
  readonly code: InterfaceCode;
  readonly title: string;
  readonly collection: string;
  /** Fields whose values, joined with `:`, are the document's `_id`. */
  readonly idKeys: readonly string[];
  /** The field a newer version of the record carries a later value of (DATE, compared as text). */
  readonly versionKey: string;
  readonly fields: readonly FieldSpec[];
}

/** Spaces at the end of every record, reserved by the interface for future fields. */
export const RESERVED_WIDTH = 32;

export const InterfaceCodes = ['00101', '00102', '00103', '00201', '00301'] as const;
export type InterfaceCode = (typeof InterfaceCodes)[number];

const int = (name: string, key: string, required = true): FieldSpec => ({ name, key, kind: 'int', width: 20, required });
const date = (name: string, key: string, required = true): FieldSpec => ({ name, key, kind: 'date', width: 14, required });
const number = (name: string, key: string, width: number, required = true): FieldSpec => ({ name, key, kind: 'number', width, required });
const text = (name: string, key: string, width: number, extra: Partial<FieldSpec> = {}): FieldSpec => ({ name, key, kind: 'text', width, required: false, ...extra });
const code = (name: string, key: string, width: number, codes: Record<string, string>, required = true): FieldSpec => text(name, key, width, { codes, required });

const AREA = text('AreaID', 'areaId', 6, { required: true, pattern: { regex: /^\d{3,6}$/, says: 'an area code of 3 to 6 digits' } });
const PHONE = { regex: /^[0-9+-]{5,20}$/, says: 'digits, + or -' };

/** CustGrpID: the customer tier (分层服务) that picks flows and time limits. */
export const TIER_OF_GROUP = { '01': 'diamond', '02': 'platinum', '03': 'gold', '04': 'silver', '05': 'standard' } as const;

/** SubscrbStat codes: which of them leave the line usable. */
export const SUBSCRIBER_STATUS = {
  '10': 'active',
  '11': 'suspended-arrears',
  '12': 'suspended-request',
  '19': 'closing',
  '20': 'closed',
} as const;

export const RECORD_LAYOUTS: Readonly<Record<InterfaceCode, RecordLayout>> = {
  '00101': {
    code: '00101',
    title: 'customer basic data',
    collection: 'subscriber_customers',
    idKeys: ['custId'],
    versionKey: 'updateTime',
    fields: [
      int('CustID', 'custId'),
      AREA,
      text('CustName', 'name', 60, { required: true }),
      code('CustStat', 'status', 1, { '0': 'potential', '1': 'current' }),
      text('CustLvlID', 'level', 2, { required: true, pattern: { regex: /^\d{1,2}$/, says: '1 or 2 digits' } }),
      code('CustTypeID', 'type', 2, { '01': 'individual', '02': 'organisation' }),
      text('Address', 'address', 120, { personal: 'address' }),
      text('Email', 'email', 64, { personal: 'email', pattern: { regex: /^[^@\s]+@[^@\s]+$/, says: 'an e-mail address' } }),
      text('Phone', 'phone', 20, { personal: 'phone', pattern: PHONE }),
      text('ContactPhone', 'contactPhone', 20, { personal: 'phone', pattern: PHONE }),
      code('CertType', 'certType', 2, { '01': 'identity card', '02': 'passport', '03': 'military id', '04': 'business licence', '05': 'organisation code', '99': 'other' }),
      text('CertNum', 'certNumber', 30, { required: true, personal: 'certificate', pattern: { regex: /^[0-9A-Za-z-]{4,30}$/, says: 'letters, digits or -' } }),
      text('ContactPerson', 'contactPerson', 30),
      date('CreateDate', 'createDate'),
      date('CloseDate', 'closeDate', false),
      code('CustGrpID', 'group', 2, TIER_OF_GROUP),
      number('Credit', 'credit', 12),
      date('UpdateTime', 'updateTime'),
      int('ParentCustID', 'parentCustId', false),
      code('VPNFlag', 'vpn', 1, { '0': 'no', '1': 'member of a VPN group' }),
    ],
  },
  '00102': {
    code: '00102',
    title: 'individual customer',
    collection: 'subscriber_individuals',
    idKeys: ['custId'],
    versionKey: 'updateTime',
    fields: [
      int('CustID', 'custId'),
      code('Gender', 'gender', 1, { M: 'male', F: 'female', U: 'unknown' }),
      date('Birthday', 'birthday', false),
      text('Occupation', 'occupation', 30),
      text('Employer', 'employer', 60),
      text('Education', 'education', 2, { pattern: { regex: /^\d{2}$/, says: '2 digits' } }),
      date('UpdateTime', 'updateTime'),
    ],
  },
  '00103': {
    code: '00103',
    title: 'organisation customer',
    collection: 'subscriber_organisations',
    idKeys: ['custId'],
    versionKey: 'updateTime',
    fields: [
      int('CustID', 'custId'),
      text('IndustryID', 'industry', 4, { required: true, pattern: { regex: /^\d{2,4}$/, says: '2 to 4 digits' } }),
      text('LegalPerson', 'legalPerson', 30),
      text('LicenceNum', 'licenceNumber', 30, { personal: 'certificate' }),
      number('EmployeeCount', 'employees', 8, false),
      text('AccountManagerID', 'accountManager', 20),
      date('UpdateTime', 'updateTime'),
    ],
  },
  '00201': {
    code: '00201',
    title: 'subscriber basic data',
    collection: 'subscribers',
    idKeys: ['subscriberId'],
    versionKey: 'updateTime',
    fields: [
      int('SubscrbID', 'subscriberId'),
      AREA,
      int('CustID', 'custId'),
      text('SvcNum', 'svcNum', 20, { required: true, personal: 'phone', pattern: { regex: /^[0-9A-Za-z@._-]{3,20}$/, says: 'a phone number or an account name' } }),
      code('SvcID', 'service', 4, { MOBL: 'mobile', FIXD: 'fixed line', FAXL: 'fax line', BBND: 'broadband', IPTV: 'IPTV' }),
      code('SubscrbStat', 'status', 2, SUBSCRIBER_STATUS),
      date('UpdateTime', 'updateTime'),
      date('OpenDate', 'openDate'),
      date('CloseDate', 'closeDate', false),
    ],
  },
  '00301': {
    code: '00301',
    title: 'payment history',
    collection: 'subscriber_payments',
    idKeys: ['subscriberId', 'feeMonth'],
    versionKey: 'payDate',
    fields: [
      int('SubscrbID', 'subscriberId'),
      int('CustID', 'custId'),
      { name: 'FeeDate', key: 'feeMonth', kind: 'month', width: 6, required: true },
      number('PayFee', 'payFee', 12),
      number('TotalFee', 'totalFee', 12),
      number('LastLeft', 'lastLeft', 12),
      date('PayDate', 'payDate'),
      code('PayType', 'payType', 2, { '01': 'cash', '02': 'bank transfer', '03': 'direct debit', '04': 'online', '05': 'card' }),
    ],
  },
};

/** Characters of one record of `layout`, reserved spaces included (line ending excluded). */
export const recordLength = (layout: RecordLayout): number => layout.fields.reduce((sum, f) => sum + f.width, 0) + RESERVED_WIDTH;
