/**
 * Receipts the store answers each batch file with, in `Ret/Right`, `Ret/Bad` and
 * `Ret/SemiWrong` (format in docs/subscriber-batch-files.md): `KEY=value` lines the producer's
 * scripts read, UTF-8, one receipt per file and kind.
 */
export interface ImportOutcome {
  readonly fileName: string;
  readonly checksum: string;
  readonly records: number;
  readonly applied: number;
  readonly unchanged: number;
  readonly bad: number;
  readonly finishedAt: Date;
}

const lines = (entries: readonly (readonly [string, string | number])[]): string => entries.map(([k, v]) => `${k}=${v}`).join('\n') + '\n';

/** The Right receipt: the file was read to its end; damaged records, if any, are in its SemiWrong receipt. */
export function rightReceipt(o: ImportOutcome): string {
  return lines([
    ['FILE', o.fileName],
    ['RESULT', 'RIGHT'],
    ['CHECKSUM', o.checksum],
    ['RECORDS', o.records],
    ['APPLIED', o.applied],
    ['UNCHANGED', o.unchanged],
    ['BAD', o.bad],
    ['FINISHED', o.finishedAt.toISOString()],
  ]);
}

/** The Bad receipt: nothing of the file was applied; the producer regenerates it. */
export function badReceipt(fileName: string, checksum: string, reason: string, finishedAt: Date): string {
  return lines([
    ['FILE', fileName],
    ['RESULT', 'BAD'],
    ['CHECKSUM', checksum],
    ['REASON', reason.replace(/\s+/g, ' ')],
    ['FINISHED', finishedAt.toISOString()],
  ]);
}

/** Head of a SemiWrong receipt; one `badRecordLine` per damaged record follows. */
export function semiWrongHead(fileName: string, checksum: string): string {
  return lines([
    ['FILE', fileName],
    ['RESULT', 'SEMIWRONG'],
    ['CHECKSUM', checksum],
  ]);
}

/** `<line number>|<reasons>|<the record as received>`: enough for the producer to resend just it. */
export const badRecordLine = (lineNumber: number, reasons: readonly string[], record: string): string =>
  `${lineNumber}|${reasons.join('; ').replace(/\|/g, '/')}|${record}\n`;
