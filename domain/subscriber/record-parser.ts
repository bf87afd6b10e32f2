import { recordLength, RESERVED_WIDTH, type FieldSpec, type RecordLayout } from './record-layouts';

/** One parsed record: store keys to values (INT and DATE stay text, NUMBER becomes a number; absent optionals are left out). */
export type RecordValues = Record<string, string | number>;

export type ParsedRecord = { readonly ok: true; readonly id: string; readonly values: RecordValues } | { readonly ok: false; readonly reasons: readonly string[] };

const DIGITS = /^\d+$/;
const BLANK = /^[ 0]*$/;

/** YYYYMMDDHH24MISS (or YYYYMM) naming a real calendar instant. */
function isCalendarDate(value: string): boolean {
  const [y, mo, d = 1, h = 0, mi = 0, s = 0] = (value.match(/^(\d{4})(\d{2})(\d{2})?(\d{2})?(\d{2})?(\d{2})?$/) ?? []).slice(1).filter((p) => p !== undefined).map(Number);
  if (y === undefined || mo === undefined) return false;
  const at = new Date(Date.UTC(y, mo - 1, d, h, mi, s));
  return at.getUTCFullYear() === y && at.getUTCMonth() === mo - 1 && at.getUTCDate() === d && h < 24 && mi < 60 && s < 60;
}

/** The value of one field, or why it is not one. */
function parseField(field: FieldSpec, raw: string): { value?: string | number; reason?: string } {
  // zero is an amount but not an id or a date: an absent INT or DATE may be written as zeros
  const absent = field.kind === 'text' || field.kind === 'number' ? raw.trim() === '' : BLANK.test(raw);
  if (absent) return field.required ? { reason: 'missing' } : {};
  switch (field.kind) {
    case 'int':
      return DIGITS.test(raw) ? { value: raw.replace(/^0+(?=\d)/, '') } : { reason: `not ${field.width} digits` };
    case 'number':
      return /^-?\d+$/.test(raw) ? { value: Number(raw) } : { reason: 'not a zero-padded number' };
    case 'date':
    case 'month':
      return DIGITS.test(raw) && isCalendarDate(raw) ? { value: raw } : { reason: `not a date ${field.kind === 'date' ? 'YYYYMMDDHH24MISS' : 'YYYYMM'}` };
    case 'text': {
      const value = raw.trimEnd();
      if (raw.startsWith(' ')) return { reason: 'not left-aligned' };
      if (field.codes && !(value in field.codes)) return { reason: `unknown code ${JSON.stringify(value)}` };
      if (field.pattern && !field.pattern.regex.test(value)) return { reason: `not ${field.pattern.says}` };
      return { value };
    }
  }
}

/** Splits a record into characters only when it holds characters outside the BMP (rare; slower). */
const charsOf = (line: string): string | string[] => (/[\uD800-\uDFFF]/.test(line) ? Array.from(line) : line);

/** Parses one record of `layout`; every bad field is named with its reason. */
export function parseRecord(layout: RecordLayout, line: string): ParsedRecord {
  const chars = charsOf(line);
  const expected = recordLength(layout);
  if (chars.length !== expected) return { ok: false, reasons: [`record length ${chars.length}, expected ${expected}`] };
  const values: RecordValues = {};
  const reasons: string[] = [];
  let at = 0;
  for (const field of layout.fields) {
    const raw = chars.slice(at, at + field.width);
    at += field.width;
    const { value, reason } = parseField(field, typeof raw === 'string' ? raw : raw.join(''));
    if (reason) reasons.push(`${field.name}: ${reason}`);
    else if (value !== undefined) values[field.key] = value;
  }
  const reserved = chars.slice(at);
  if ((typeof reserved === 'string' ? reserved : reserved.join('')) !== ' '.repeat(RESERVED_WIDTH)) reasons.push('reserved: not 32 spaces');
  if (reasons.length > 0) return { ok: false, reasons };
  return { ok: true, id: layout.idKeys.map((k) => String(values[k])).join(':'), values };
}

/** Writes one record of `layout` (tests, the benchmark's generator, the docs' examples). */
export function formatRecord(layout: RecordLayout, values: Readonly<Record<string, string | number | undefined>>): string {
  const cells = layout.fields.map((field) => {
    const value = values[field.key];
    if (field.kind === 'text') return String(value ?? '').padEnd(field.width, ' ');
    if (value === undefined) return field.kind === 'int' ? '0'.repeat(field.width) : ' '.repeat(field.width);
    const digits = String(value);
    return digits.startsWith('-') ? `-${digits.slice(1).padStart(field.width - 1, '0')}` : digits.padStart(field.width, '0');
  });
  return cells.join('') + ' '.repeat(RESERVED_WIDTH);
}

/** Characters of a record (code points: a character outside the BMP counts once). */
export const charLength = (line: string): number => charsOf(line).length;
