import { mkdtemp, readdir, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { Readable } from 'node:stream';
import ExcelJS from 'exceljs';
import { cellText, readList, receiveList, type ListRow, type ReceivedList } from '../../../adapters/list-file/list-file';

const rowsOf = async (list: Pick<ReceivedList, 'format' | 'encoding' | 'delimiter'>, content: Buffer): Promise<ListRow[]> => {
  const rows: ListRow[] = [];
  for await (const row of readList({ fileName: 'list', ...list }, () => Readable.from([content]))) rows.push(row);
  return rows;
};

/** 手机号码,姓名 / 13912345678,张伟 in GB18030, as a Chinese Windows spreadsheet saves "CSV". */
const GB18030_CSV = Buffer.from('cad6bbfabac5c2eb2cd0d5c3fb0d0a31333931323334353637382cd5c5ceb00d0a', 'hex');

async function xlsxOf(rows: ExcelJS.CellValue[][]): Promise<Buffer> {
  const workbook = new ExcelJS.Workbook();
  const sheet = workbook.addWorksheet('名单');
  rows.forEach((r) => sheet.addRow(r));
  workbook.addWorksheet('other').addRow(['not read']);
  return Buffer.from(await workbook.xlsx.writeBuffer());
}

describe('reading call lists', () => {
  it('reads UTF-8 CSV with a BOM, quoted separators and line ends, numbering rows as a spreadsheet does', async () => {
    const csv = Buffer.from('\uFEFF手机号码,姓名,备注\r\n13912345678,张伟,"a, b"\r\n\r\n13912345679,"李\n强",x\r\n');
    expect(await rowsOf({ format: 'csv', encoding: 'utf-8', delimiter: ',' }, csv)).toEqual([
      { row: 1, cells: ['手机号码', '姓名', '备注'] },
      { row: 2, cells: ['13912345678', '张伟', 'a, b'] },
      { row: 3, cells: [''] },
      { row: 4, cells: ['13912345679', '李\n强', 'x'] },
    ]);
  });

  it('reads GB18030 text and tab-separated lists', async () => {
    expect(await rowsOf({ format: 'csv', encoding: 'gb18030', delimiter: ',' }, GB18030_CSV)).toEqual([
      { row: 1, cells: ['手机号码', '姓名'] },
      { row: 2, cells: ['13912345678', '张伟'] },
    ]);
    expect(await rowsOf({ format: 'csv', encoding: 'utf-8', delimiter: '\t' }, Buffer.from('phone\tname\n139\tA,B\n'))).toEqual([
      { row: 1, cells: ['phone', 'name'] },
      { row: 2, cells: ['139', 'A,B'] },
    ]);
  });

  it('reads the first sheet of a workbook, cells as the spreadsheet shows them', async () => {
    const xlsx = await xlsxOf([
      ['手机号码', '姓名', '欠费'],
      [13912345678, { richText: [{ text: '张' }, { text: '伟' }] }, 12.5],
      [],
      ['+86 139 1234 5679', { formula: 'A1', result: '李强' }, null],
    ]);
    expect(await rowsOf({ format: 'xlsx' }, xlsx)).toEqual([
      { row: 1, cells: ['手机号码', '姓名', '欠费'] },
      { row: 2, cells: ['13912345678', '张伟', '12.5'] },
      { row: 4, cells: ['+86 139 1234 5679', '李强'] },
    ]);
  });

  it('turns every kind of cell into text', () => {
    expect(cellText(new Date('2026-11-22T00:00:00Z'))).toBe('2026-11-22');
    expect(cellText(true)).toBe('TRUE');
    expect(cellText({ text: 'mail me', hyperlink: 'mailto:a@b.cn' })).toBe('mail me');
    expect(cellText({ error: '#N/A' })).toBe('');
    expect(cellText(undefined)).toBe('');
  });

  it('says a file that cannot be read is unreadable', async () => {
    await expect(rowsOf({ format: 'xlsx' }, Buffer.from('PK\x03\x04 broken zip'))).rejects.toMatchObject({ code: 'LIST_FILE_UNREADABLE' });
    await expect(rowsOf({ format: 'csv', encoding: 'utf-8', delimiter: ',' }, Buffer.from([0x31, 0xff, 0x0a]))).rejects.toMatchObject({ code: 'LIST_FILE_UNREADABLE' });
  });
});

describe('receiving an uploaded list', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(path.join(os.tmpdir(), 'closeloop-list-unit-'));
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });
  const receive = (content: Buffer, name = 'list.csv', truncated = false): Promise<ReceivedList> => receiveList(Readable.from([content]), name, dir, () => truncated, 1024);

  it('finds format, encoding, separator and rows, quoted line ends and blank lines not counted', async () => {
    const utf8 = await receive(Buffer.from('\uFEFFphone;name\n139;"a\nb"\n\n;;\n140;c'));
    expect(utf8).toMatchObject({ format: 'csv', encoding: 'utf-8', delimiter: ';', csvRows: 3, bytes: 33 });
    expect(utf8.sha256).toMatch(/^[0-9a-f]{64}$/);
    expect(await receive(GB18030_CSV)).toMatchObject({ format: 'csv', encoding: 'gb18030', delimiter: ',', csvRows: 2 });
    expect(await receive(await xlsxOf([['phone'], ['139']]), 'list.xlsx')).toMatchObject({ format: 'xlsx' });
  });

  it('refuses old .xls workbooks, binaries, empty and too large files, keeping nothing', async () => {
    const before = await readdir(dir);
    await expect(receive(Buffer.from('d0cf11e0a1b11ae1000000', 'hex'), 'list.xls')).rejects.toMatchObject({ code: 'LIST_FORMAT_UNSUPPORTED', message: expect.stringContaining('.xls') });
    await expect(receive(Buffer.from([0x25, 0x50, 0x44, 0x46, 0x00, 0x01]))).rejects.toMatchObject({ code: 'LIST_FORMAT_UNSUPPORTED' });
    await expect(receive(Buffer.alloc(0))).rejects.toMatchObject({ code: 'LIST_EMPTY' });
    await expect(receive(Buffer.from('phone\n139\n'), 'list.csv', true)).rejects.toMatchObject({ code: 'LIST_FILE_TOO_LARGE' });
    await expect(receive(Buffer.from([0x70, 0x0a, 0x81, 0x30, 0xff, 0x0a]))).rejects.toMatchObject({ code: 'LIST_FILE_UNREADABLE' });
    expect(await readdir(dir)).toEqual(before);
  });
});
