import { InterfaceCodes, type InterfaceCode } from './record-layouts';

/** What a batch file's name says: `CS<interface code><yyyymmddhhmi><seq>.AVL`. */
export interface BatchFileName {
  readonly fileName: string;
  readonly code: InterfaceCode;
  /** When the producer cut the batch, `yyyymmddhhmi` as written. */
  readonly cutAt: string;
  /** `-` when the batch is one file, else `01`, `02` ... */
  readonly sequence: string;
}

const NAME = /^CS(\d{5})(\d{12})(-|\d{2})\.AVL$/;

/** The parts of a batch file name, or why it is not one. */
export function parseBatchFileName(fileName: string): BatchFileName | { readonly error: string } {
  const match = NAME.exec(fileName);
  if (!match) return { error: `${fileName} is not named CS<interface code><yyyymmddhhmi><seq>.AVL` };
  const [, code, cutAt, sequence] = match as unknown as [string, string, string, string];
  if (!(InterfaceCodes as readonly string[]).includes(code)) return { error: `interface ${code} is not one this store loads (${InterfaceCodes.join(', ')})` };
  if (sequence === '00') return { error: 'sequence numbers start at 01' };
  return { fileName, code: code as InterfaceCode, cutAt, sequence };
}

/** The stem a receipt of `fileName` carries: the batch name without `.AVL`, or the whole name when it is not one. */
export const receiptStem = (fileName: string): string => fileName.replace(/\.AVL$/, '');
