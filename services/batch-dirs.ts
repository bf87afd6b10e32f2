import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import { runtimeHome } from '../runtime/paths';

/** The exchange folders of the operators' batch files (domain brief): the producer writes Work/, we answer in Ret/. */
export interface BatchDirs {
  readonly root: string;
  readonly work: string;
  readonly right: string;
  readonly bad: string;
  readonly semiWrong: string;
  /** Where imported files go once answered (our choice: the producer only needs the receipts). */
  readonly archive: string;
}

export function batchDirs(root: string): BatchDirs {
  return {
    root,
    work: path.join(root, 'Work'),
    right: path.join(root, 'Ret', 'Right'),
    bad: path.join(root, 'Ret', 'Bad'),
    semiWrong: path.join(root, 'Ret', 'SemiWrong'),
    archive: path.join(root, 'Archive'),
  };
}

/** SUBSCRIBER_BATCH_DIR, or the local runtime's folder of the profile the process runs (dev unless told). */
export const defaultBatchRoot = (configured: string | undefined, profileName = 'dev'): string => configured ?? path.join(runtimeHome(), profileName, 'batch');

export async function ensureBatchDirs(dirs: BatchDirs): Promise<void> {
  await Promise.all([dirs.work, dirs.right, dirs.bad, dirs.semiWrong, dirs.archive].map((d) => mkdir(d, { recursive: true })));
}
