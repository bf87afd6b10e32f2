import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { centerStamp } from '../../domain/subscriber/customer';
import { formatRecord } from '../../domain/subscriber/record-parser';
import { RECORD_LAYOUTS, type InterfaceCode } from '../../domain/subscriber/record-layouts';

type Values = Record<string, string | number | undefined>;

/** A valid record of each interface, with what a test says on top. */
const DEFAULTS: Record<InterfaceCode, Values> = {
  '00101': {
    areaId: '021',
    name: '张伟',
    status: '1',
    level: '3',
    type: '01',
    address: '上海市浦东新区世纪大道100号',
    email: 'zhang.wei@example.cn',
    phone: '02150001234',
    contactPhone: '13900001234',
    certType: '01',
    certNumber: '310101199001011234',
    contactPerson: '张伟',
    createDate: '20200101090000',
    group: '03',
    credit: 500,
    updateTime: '20261120235959',
    vpn: '0',
  },
  '00102': { gender: 'M', birthday: '19900101000000', occupation: 'engineer', updateTime: '20261120235959' },
  '00103': { industry: '0610', legalPerson: '王芳', licenceNumber: '91310000MA1K000000', employees: 120, updateTime: '20261120235959' },
  '00201': { areaId: '021', service: 'MOBL', status: '10', updateTime: '20261120235959', openDate: '20200101090000' },
  '00301': { payFee: 5800, totalFee: 5800, lastLeft: 200, payDate: '20261110120000', payType: '04' },
};

export const batchLine = (code: InterfaceCode, values: Values): string => formatRecord(RECORD_LAYOUTS[code], { ...DEFAULTS[code], ...values });

/** `CS<code><yyyymmddhhmi>-.AVL`, minutes apart per call so every test's file has its own name. */
let minute = 0;
export function batchName(code: InterfaceCode): string {
  minute++;
  return `CS${code}20261121${String(Math.floor(minute / 60)).padStart(2, '0')}${String(minute % 60).padStart(2, '0')}-.AVL`;
}

/** A fresh batch folder for one test file. */
export const tempBatchRoot = (): Promise<string> => mkdtemp(path.join(os.tmpdir(), 'closeloop-batch-'));

/** Writes `lines` as a batch file (each ends with a line end, as the producer writes them). */
export async function writeBatch(dir: string, name: string, lines: readonly string[]): Promise<string> {
  const file = path.join(dir, name);
  await writeFile(file, lines.map((l) => `${l}\n`).join(''), 'utf8');
  return file;
}

export const readReceipt = (root: string, relative: string): Promise<string> => readFile(path.join(root, relative), 'utf8');

/** `YYYYMMDDHH24MISS` of `at` plus `days` on the center's clock (Asia/Shanghai). */
export const stampAfter = (at: Date, days: number): string => centerStamp(new Date(at.getTime() + days * 86_400_000), 'Asia/Shanghai');

/**
 * Points the test file's platform at a fresh batch folder (and any other variables given) before
 * it starts, and puts the environment back (and removes the folder) afterwards. Call before
 * useTestPlatform, so the platform closes first.
 */
export function useBatchEnvironment(extra: Record<string, string> = {}): void {
  const saved = new Map<string, string | undefined>();
  let root: string | undefined;
  beforeAll(async () => {
    root = await tempBatchRoot();
    for (const [name, value] of Object.entries({ SUBSCRIBER_BATCH_DIR: root, ...extra })) {
      saved.set(name, process.env[name]);
      process.env[name] = value;
    }
  });
  afterAll(async () => {
    for (const [name, value] of saved) {
      if (value === undefined) delete process.env[name];
      else process.env[name] = value;
    }
    if (root) await rm(root, { recursive: true, force: true });
  });
}
