import { createHash, randomUUID } from 'node:crypto';
import { createReadStream, createWriteStream } from 'node:fs';
import { rm } from 'node:fs/promises';
import path from 'node:path';
import { Transform, type Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { parse } from 'csv-parse';
import ExcelJS from 'exceljs';
import { ListFileError } from '../../domain/campaign/errors';

/**
 * Call-list files as customers' analytics and CRM systems export them: CSV text (UTF-8, with or
 * without BOM, or GB18030 as Chinese Windows tools write it; comma, tab, semicolon or bar
 * separated) or an XLSX workbook (its first sheet). Both are read streamed, row by row.
 */

export type ListFormat = 'csv' | 'xlsx';
export type ListEncoding = 'utf-8' | 'gb18030';
export const ListEncodings = ['utf-8', 'gb18030'] as const satisfies readonly ListEncoding[];

/** An uploaded list, stored in a file of its own until it is read. */
export interface ReceivedList {
  readonly path: string;
  readonly fileName: string;
  readonly bytes: number;
  readonly sha256: string;
  readonly format: ListFormat;
  /** CSV: the text's encoding (valid UTF-8 is UTF-8, other text GB18030) and separator. */
  readonly encoding?: ListEncoding;
  readonly delimiter?: string;
  /** CSV: rows with a value, the header row included (quoted line ends do not end a row). */
  readonly csvRows?: number;
}

/** One row of the file: its number as a spreadsheet shows it (1 = the first), and its cells as text. */
export interface ListRow {
  readonly row: number;
  readonly cells: string[];
}

const HEAD_BYTES = 64 * 1024;
const ZIP = Buffer.from('PK\x03\x04', 'latin1');
/** An OLE2 compound file: the binary .xls of Excel 97-2003. */
const OLE2 = Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]);
const DELIMITERS = [',', '\t', ';', '|'] as const;

/**
 * Counts CSV rows as bytes go by, without decoding: a line end inside double quotes does not end
 * a row, and a line of nothing but separators and spaces is no row. Both encodings keep `"` and
 * line ends single-byte, so this holds for UTF-8 and GB18030 alike.
 */
class CsvRowCounter {
  rows = 0;
  private quoted = false;
  private content = false;
  push(chunk: Buffer): void {
    for (let i = 0; i < chunk.length; i++) {
      const b = chunk[i]!;
      if (b === 0x22) {
        this.quoted = !this.quoted;
        this.content = true;
      } else if (b === 0x0a) {
        if (!this.quoted && this.content) {
          this.rows++;
          this.content = false;
        }
      } else if (b !== 0x0d && b !== 0x20 && b !== 0x09 && b !== 0x2c && b !== 0x3b && b !== 0x7c) {
        this.content = true;
      }
    }
  }
  finish(): number {
    return this.rows + (this.content ? 1 : 0);
  }
}

function formatOf(head: Buffer, fileName: string): ListFormat {
  if (head.subarray(0, 4).equals(ZIP)) return 'xlsx';
  if (head.subarray(0, 8).equals(OLE2)) {
    throw new ListFileError('LIST_FORMAT_UNSUPPORTED', `${fileName} is an Excel 97-2003 workbook (.xls): save it as .xlsx or CSV`);
  }
  if (head.length === 0) throw new ListFileError('LIST_EMPTY', `${fileName} is empty`);
  // text has no NUL bytes (UTF-16 exports do: they are refused with the binaries)
  if (head.includes(0)) throw new ListFileError('LIST_FORMAT_UNSUPPORTED', `${fileName} is neither CSV text (UTF-8 or GB18030) nor an XLSX workbook`);
  return 'csv';
}

/** The separator the header line uses most (comma when it uses none). */
function delimiterOf(headerLine: string): string {
  let best: string = ',';
  let most = 0;
  for (const d of DELIMITERS) {
    const count = headerLine.split(d).length - 1;
    if (count > most) [best, most] = [d, count];
  }
  return best;
}

async function isValidText(file: string, encoding: ListEncoding): Promise<boolean> {
  const decoder = new TextDecoder(encoding, { fatal: true });
  try {
    for await (const chunk of createReadStream(file) as AsyncIterable<Buffer>) decoder.decode(chunk, { stream: true });
    decoder.decode();
    return true;
  } catch {
    return false;
  }
}

/**
 * Stores the upload in `dir` (streamed, never whole in memory) and finds out what it is: its
 * format, and for CSV its encoding, separator and rows. Throws ListFileError (nothing kept) when
 * it is too large or no list at all.
 */
export async function receiveList(content: Readable, fileName: string, dir: string, isTruncated: () => boolean, maxBytes: number): Promise<ReceivedList> {
  const file = path.join(dir, `list-${randomUUID()}.upload`);
  const hash = createHash('sha256');
  const counter = new CsvRowCounter();
  const utf8 = new TextDecoder('utf-8', { fatal: true });
  let utf8Valid = true;
  let bytes = 0;
  const heads: Buffer[] = [];
  const inspect = new Transform({
    transform(chunk: Buffer, _encoding, done) {
      if (bytes < HEAD_BYTES) heads.push(chunk.subarray(0, HEAD_BYTES - bytes));
      bytes += chunk.length;
      hash.update(chunk);
      counter.push(chunk);
      if (utf8Valid) {
        try {
          utf8.decode(chunk, { stream: true });
        } catch {
          utf8Valid = false;
        }
      }
      done(null, chunk);
    },
  });
  try {
    await pipeline(content, inspect, createWriteStream(file));
    if (isTruncated()) throw new ListFileError('LIST_FILE_TOO_LARGE', `a list file may hold at most ${maxBytes} bytes`);
    const head = Buffer.concat(heads);
    const received = { path: file, fileName, bytes, sha256: hash.digest('hex'), format: formatOf(head, fileName) };
    if (received.format === 'xlsx') return received;
    if (utf8Valid) {
      try {
        utf8.decode();
      } catch {
        utf8Valid = false;
      }
    }
    const encoding: ListEncoding = utf8Valid ? 'utf-8' : 'gb18030';
    if (!utf8Valid && !(await isValidText(file, 'gb18030'))) {
      throw new ListFileError('LIST_FILE_UNREADABLE', `${fileName} is text in neither UTF-8 nor GB18030: save it as "CSV UTF-8"`);
    }
    const firstLine = new TextDecoder(encoding).decode(head).replace(/^\uFEFF/, '').split(/\r?\n|\r/, 1)[0] ?? '';
    return { ...received, encoding, delimiter: delimiterOf(firstLine), csvRows: counter.finish() };
  } catch (err) {
    await rm(file, { force: true });
    throw err;
  }
}

/** Decodes text in `encoding`; bytes that are not valid text fail the stream. */
const decoding = (encoding: ListEncoding): Transform => {
  const decoder = new TextDecoder(encoding, { fatal: true });
  return new Transform({
    decodeStrings: true,
    readableObjectMode: true,
    transform(chunk: Buffer, _enc, done) {
      try {
        done(null, decoder.decode(chunk, { stream: true }));
      } catch (err) {
        done(err as Error);
      }
    },
    flush(done) {
      try {
        const rest = decoder.decode();
        done(null, rest || undefined);
      } catch (err) {
        done(err as Error);
      }
    },
  });
};

async function* csvRows(input: Readable, encoding: ListEncoding, delimiter: string): AsyncIterable<ListRow> {
  const parser = parse({ bom: true, delimiter, relax_column_count: true, relax_quotes: true, skip_empty_lines: false });
  // a failing stage destroys the parser with its error, which ends the loop below with it
  pipeline(input, decoding(encoding), parser).catch(() => undefined);
  let row = 0;
  for await (const cells of parser as AsyncIterable<string[]>) yield { row: ++row, cells };
}

/** An XLSX cell's value as the text a spreadsheet shows (formulas by their result, links by their text). */
export function cellText(value: ExcelJS.CellValue): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'string') return value;
  if (typeof value === 'number') return String(value);
  if (typeof value === 'boolean') return value ? 'TRUE' : 'FALSE';
  if (value instanceof Date) {
    const iso = value.toISOString();
    return iso.endsWith('T00:00:00.000Z') ? iso.slice(0, 10) : iso;
  }
  if ('richText' in value) return value.richText.map((r) => r.text).join('');
  if ('formula' in value || 'sharedFormula' in value) return cellText((value as { result?: ExcelJS.CellValue }).result);
  if ('text' in value) return typeof value.text === 'string' ? value.text : cellText(value.text);
  return '';
}

async function* xlsxRows(input: Readable): AsyncIterable<ListRow> {
  const workbook = new ExcelJS.stream.xlsx.WorkbookReader(input, { sharedStrings: 'cache', hyperlinks: 'ignore', styles: 'ignore', worksheets: 'emit', entries: 'ignore' });
  for await (const sheet of workbook) {
    for await (const row of sheet as AsyncIterable<ExcelJS.Row>) {
      // row.values is 1-based and sparse: column A is values[1]
      const values = row.values as ExcelJS.CellValue[];
      const cells: string[] = [];
      for (let i = 1; i < values.length; i++) cells.push(cellText(values[i]));
      yield { row: row.number, cells };
    }
    // the first sheet is the list; the rest of the workbook is not read
    return;
  }
}

/**
 * The list's rows in file order, the header row among them; a file that cannot be read fails with
 * LIST_FILE_UNREADABLE. A reader that stops early (a preview) closes the file.
 */
export async function* readList(list: Pick<ReceivedList, 'format' | 'encoding' | 'delimiter' | 'fileName'>, open: () => Readable): AsyncIterable<ListRow> {
  const input = open();
  try {
    yield* list.format === 'xlsx' ? xlsxRows(input) : csvRows(input, list.encoding ?? 'utf-8', list.delimiter ?? ',');
  } catch (err) {
    throw new ListFileError('LIST_FILE_UNREADABLE', `${list.fileName} cannot be read as ${list.format.toUpperCase()}: ${(err as Error).message}`);
  } finally {
    input.destroy();
  }
}

export const openList = (list: Pick<ReceivedList, 'path'>): (() => Readable) => () => createReadStream(list.path);
