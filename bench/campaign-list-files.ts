import { once } from 'node:events';
import { createWriteStream } from 'node:fs';
import ExcelJS from 'exceljs';
import type { Db } from 'mongodb';
import type { ExclusionReason } from '../domain/outreach/do-not-call';
import { formatRecord } from '../domain/subscriber/record-parser';
import { RECORD_LAYOUTS } from '../domain/subscriber/record-layouts';

/**
 * The campaign-list benchmark's data: a call list whose rows fall into every case the screening
 * knows, and the rules and subscriber lines that make them so. Row i's case is its bucket
 * `i % 1000` (per thousand rows below), so the expected counts of a list of whole thousands are
 * exact; the list's numbers are `138` and i in eight digits.
 *
 * | buckets | the number | kept out as |
 * |---|---|---|
 * | 0-14 | confirmed blacklist entry (0-4 also on a suspended line) | blacklisted |
 * | 15-19 | proposed blacklist entry only | - |
 * | 20-39 | a fax line (20-25), suspended (26-35) or closed (36-39) | exempt-line |
 * | 40-199 | an active mobile line | - |
 * | 200-209 | refuses marketing calls | do-not-disturb |
 * | 210-214 | refuses surveys | - |
 * | 215-219 | no calls before a day after the campaign | do-not-call-window |
 * | 220-224 | no calls before a day within the campaign | - |
 * | 225-239 | quiet hours only | - |
 * | 240-249 | six calls in the last days | attempt-cap |
 * | 250-299 | two calls in the last days | - |
 * | 300-309 | six calls two months ago | - |
 * | 990-994 | no phone number (bad digits, a foreign number, a service number, none) | invalid-number |
 * | 995-999 | the number of the row ten before, written another way | duplicate |
 *
 * Besides, the rules and the subscriber store hold as many numbers again that are on no list.
 */

/** Filtered rows per thousand, by reason: 70 of 1,000. */
export const FILTERED_PER_THOUSAND: Record<ExclusionReason, number> = {
  blacklisted: 15,
  'exempt-line': 20,
  'do-not-disturb': 10,
  'do-not-call-window': 5,
  'attempt-cap': 10,
  'invalid-number': 5,
  duplicate: 5,
};

export const BENCH_CAMPAIGN_KIND = 'marketing';
/** The center's attempt cap and period the bench's API runs with (OUTREACH_ATTEMPT_CAP, OUTREACH_ATTEMPT_PERIOD_DAYS defaults). */
const CAP = 6;
const PERIOD_DAYS = 30;
export const BENCH_CAMPAIGN_LAST_DAY = '2026-12-31';
export const LIST_HEADER = ['手机号码', '姓名', '客户编号', '欠费金额', '套餐', '到期日'] as const;

const listNumber = (i: number): string => `138${String(i).padStart(8, '0')}`;
/** Numbers on no list (for the rules and the store besides the list's): `137` and eight digits. */
const otherNumber = (i: number): string => `137${String(i).padStart(8, '0')}`;
const SURNAMES = '王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗';
const PLANS = ['畅享套餐 199元', '5G 融合 129元', '宽带 100M', '家庭套餐 299元'];
const INVALID = ['1380000000', 'n/a', '+1 415 555 0100', '4008123456', ''];

/** The phone cell of row i: the number in one of the ways exports write it, or what is no number. */
function phoneCell(i: number): string {
  const bucket = i % 1000;
  if (bucket >= 990 && bucket < 995) return INVALID[bucket - 990]!;
  const n = listNumber(bucket >= 995 ? i - 10 : i);
  if (bucket >= 995 || i % 10 === 3) return `+86 ${n.slice(0, 3)} ${n.slice(3, 7)} ${n.slice(7)}`;
  if (i % 10 === 5) return `${n.slice(0, 3)}-${n.slice(3, 7)}-${n.slice(7)}`;
  return n;
}

function listRow(i: number): string[] {
  return [phoneCell(i), `${SURNAMES[i % SURNAMES.length]}先生`, `C${String(10_000_000 + i)}`, (i % 997).toFixed(2), PLANS[i % PLANS.length]!, `2027-0${1 + (i % 9)}-15`];
}

const csvCell = (v: string): string => (/[",\r\n]/.test(v) ? `"${v.replace(/"/g, '""')}"` : v);

/** Writes the list as UTF-8 CSV with a BOM (as Excel saves "CSV UTF-8"); answers its bytes. */
export async function writeListCsv(file: string, rows: number): Promise<number> {
  const out = createWriteStream(file);
  let bytes = 0;
  const write = async (line: string): Promise<void> => {
    bytes += Buffer.byteLength(line);
    if (!out.write(line)) await once(out, 'drain');
  };
  await write(`\uFEFF${LIST_HEADER.join(',')}\r\n`);
  let chunk = '';
  for (let i = 0; i < rows; i++) {
    chunk += `${listRow(i).map(csvCell).join(',')}\r\n`;
    if (chunk.length > 64_000) {
      await write(chunk);
      chunk = '';
    }
  }
  await write(chunk);
  out.end();
  await once(out, 'finish');
  return bytes;
}

/** Writes the list as an XLSX workbook (streamed; numbers that are plain digits as numeric cells, as spreadsheets keep them). */
export async function writeListXlsx(file: string, rows: number): Promise<void> {
  const workbook = new ExcelJS.stream.xlsx.WorkbookWriter({ filename: file, useSharedStrings: true, useStyles: false });
  const sheet = workbook.addWorksheet('外呼名单');
  sheet.addRow([...LIST_HEADER]).commit();
  for (let i = 0; i < rows; i++) {
    const [phone, ...rest] = listRow(i);
    sheet.addRow([/^\d{11}$/.test(phone!) ? Number(phone) : phone, ...rest]).commit();
  }
  sheet.commit();
  await workbook.commit();
}

/** Subscriber lines (00201) of the list's numbers in buckets 0-4 and 20-199, and of as many numbers on no list; answers the lines written. */
export async function writeSubscriberLines(file: string, rows: number): Promise<number> {
  const out = createWriteStream(file, { encoding: 'utf8' });
  const layout = RECORD_LAYOUTS['00201'];
  let id = 0;
  const line = async (svcNum: string, service: string, status: string): Promise<void> => {
    id++;
    const text = formatRecord(layout, { subscriberId: 50_000_000 + id, areaId: '021', custId: 20_000_000 + id, svcNum, service, status, updateTime: '20261120235959', openDate: '20200101090000' });
    if (!out.write(`${text}\n`)) await once(out, 'drain');
  };
  for (let i = 0; i < rows; i++) {
    const bucket = i % 1000;
    if (bucket < 5) await line(listNumber(i), 'MOBL', '11');
    else if (bucket >= 20 && bucket < 26) await line(listNumber(i), 'FAXL', '10');
    else if (bucket >= 26 && bucket < 36) await line(listNumber(i), 'MOBL', '11');
    else if (bucket >= 36 && bucket < 40) await line(listNumber(i), 'MOBL', '20');
    else if (bucket >= 40 && bucket < 200) await line(listNumber(i), 'MOBL', '10');
  }
  const listed = id;
  for (let i = 0; i < listed; i++) await line(otherNumber(i), i % 10 === 0 ? 'FIXD' : 'MOBL', i % 20 === 0 ? '11' : '10');
  out.end();
  await once(out, 'finish');
  return id;
}

/** Inserts `docs` in batches of 1,000 (FerretDB's fast write); answers how many. */
async function insertAll<T extends { _id: string }>(db: Db, collection: string, docs: Iterable<T>): Promise<number> {
  let batch: T[] = [];
  let count = 0;
  const flush = async (): Promise<void> => {
    if (batch.length > 0) await db.collection<T>(collection).insertMany(batch as never[], { ordered: false });
    count += batch.length;
    batch = [];
  };
  for (const doc of docs) {
    batch.push(doc);
    if (batch.length === 1_000) await flush();
  }
  await flush();
  return count;
}

function* numbersIn(rows: number, from: number, to: number): Iterable<{ i: number; phone: string }> {
  for (let i = 0; i < rows; i++) {
    const bucket = i % 1000;
    if (bucket >= from && bucket < to) yield { i, phone: listNumber(i) };
  }
}

/** The blacklist, preferences, attempt logs and attempt-cap index for a list of `rows`, and as many entries again for numbers on no list. */
export async function seedRules(db: Db, rows: number, now: Date): Promise<Record<string, number>> {
  const at = new Date('2026-11-01T02:00:00Z');
  const blacklist = function* () {
    for (const { i, phone } of numbersIn(rows, 0, 20)) {
      yield { _id: phone, category: 'harassment', reason: 'bench', state: i % 1000 < 15 ? 'confirmed' : 'proposed', proposedBy: 'agent-0101', proposedAt: at };
    }
    for (let i = 0; i < rows / 50; i++) yield { _id: otherNumber(i), category: 'abuse', reason: 'bench', state: 'confirmed', proposedBy: 'agent-0101', proposedAt: at };
  };
  const preference = (phone: string, asked: { refusedKinds?: string[]; notBefore?: string; quietHours?: { start: string; end: string }[] }) => ({
    _id: phone,
    refusedKinds: asked.refusedKinds ?? [],
    ...(asked.notBefore ? { notBefore: asked.notBefore } : {}),
    quietHours: asked.quietHours ?? [],
    updatedBy: 'agent-0101',
    updatedAt: at,
  });
  const preferences = function* () {
    for (const { i, phone } of numbersIn(rows, 200, 240)) {
      const bucket = i % 1000;
      if (bucket < 210) yield preference(phone, { refusedKinds: ['marketing'] });
      else if (bucket < 215) yield preference(phone, { refusedKinds: ['survey'] });
      else if (bucket < 220) yield preference(phone, { notBefore: '2027-06-01' });
      else if (bucket < 225) yield preference(phone, { notBefore: '2026-12-15' });
      else yield preference(phone, { quietHours: [{ start: '12:00', end: '14:00' }] });
    }
    for (let i = 0; i < rows / 25; i++) yield preference(otherNumber(i), { refusedKinds: ['marketing', 'survey'] });
  };
  const calls = (count: number, daysAgo: number) => Array.from({ length: count }, (_, k) => ({ callId: `bench-${daysAgo}-${k}`, at: new Date(now.getTime() - (daysAgo * 24 + k) * 3_600_000) }));
  const attempts = function* () {
    for (const { i, phone } of numbersIn(rows, 240, 310)) {
      const bucket = i % 1000;
      yield { _id: phone, attempts: bucket < 250 ? calls(6, 3) : bucket < 300 ? calls(2, 3) : calls(6, 60) };
    }
    for (let i = 0; i < rows / 25; i++) yield { _id: otherNumber(i), attempts: calls(1 + (i % 4), 5) };
  };
  // what recordAttempt keeps beside the logs: numbers whose calls reached the cap, until the cap-th latest one is PERIOD_DAYS old
  const caps = function* () {
    for (const log of attempts()) {
      if (log.attempts.length < CAP) continue;
      const times = log.attempts.map((a) => a.at.getTime()).sort((a, b) => b - a);
      yield { _id: log._id, until: new Date(times[CAP - 1]! + PERIOD_DAYS * 86_400_000) };
    }
  };
  return {
    blacklist: await insertAll(db, 'blacklist', blacklist()),
    contact_preferences: await insertAll(db, 'contact_preferences', preferences()),
    contact_attempts: await insertAll(db, 'contact_attempts', attempts()),
    attempt_caps: await insertAll(db, 'attempt_caps', caps()),
  };
}
