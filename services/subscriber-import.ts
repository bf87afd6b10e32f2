import { createHash, randomUUID } from 'node:crypto';
import { createReadStream, createWriteStream, type WriteStream } from 'node:fs';
import { rename, rm, stat, writeFile } from 'node:fs/promises';
import { once } from 'node:events';
import path from 'node:path';
import { createInterface } from 'node:readline';
import type { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { ImportProgress, ImportSource, StoredRecord, SubscriberImport, SubscriberRepository } from '../adapters/mongo/subscriber.repository';
import type { Logger } from '../config/logger';
import type { Clock } from '../domain/clock';
import { DomainError, NotFoundError } from '../domain/errors';
import { parseBatchFileName, receiptStem, type BatchFileName } from '../domain/subscriber/batch-file-name';
import { badReceipt, badRecordLine, rightReceipt, semiWrongHead } from '../domain/subscriber/receipt';
import { charLength, parseRecord } from '../domain/subscriber/record-parser';
import { RECORD_LAYOUTS, recordLength, type RecordLayout } from '../domain/subscriber/record-layouts';
import { ensureBatchDirs, type BatchDirs } from './batch-dirs';
import { exemptLineIndex } from './exempt-lines';

/** Records written to the store at once: one insertMany per collection. */
export const IMPORT_BATCH_SIZE = 1_000;
/** An importer silent for this long (ms) died; another process may take its file over. */
const STALE_IMPORT_MS = 60_000;

export interface SubscriberImporter {
  readonly dirs: BatchDirs;
  /** Largest upload accepted (bytes). */
  readonly maxUploadBytes: number;
  /**
   * Imports one batch file and answers it with its receipts. Null when another process is
   * importing the same file right now.
   */
  importFile(filePath: string, options: { source: ImportSource; requestedBy?: string; onProgress?: (p: ImportProgress) => void }): Promise<SubscriberImport | null>;
  /** Streams an uploaded file into Work/ and queues its import; the import runs in the background. */
  receiveUpload(fileName: string, content: Readable, requestedBy: string, isTruncated: () => boolean): Promise<{ importRecord: SubscriberImport; done: Promise<unknown> }>;
  get(importId: string): Promise<SubscriberImport>;
  list(limit: number): Promise<SubscriberImport[]>;
}

/** Why the whole file is refused (Bad receipt), decided before anything is applied. */
interface FileScan {
  readonly checksum: string;
  readonly bytes: number;
  readonly badReason: string | null;
}

/** `<stem>-<12 hex of the SHA-256>`: the same name with other content is another import. */
export const importIdOf = (fileName: string, checksum: string): string => `${receiptStem(fileName)}-${checksum.slice(0, 12)}`;

/**
 * One streamed pass over the file: its checksum, and whether it can be read as the interface
 * its name says at all (UTF-8, ends with a line end, at least one record of the layout's length).
 */
async function scanFile(filePath: string, name: BatchFileName | { error: string }): Promise<FileScan> {
  const hash = createHash('sha256');
  const decoder = new TextDecoder('utf-8', { fatal: true });
  const expected = 'error' in name ? -1 : recordLength(RECORD_LAYOUTS[name.code]);
  let bytes = 0;
  let last = -1;
  let carry = '';
  let fitting = 0;
  let encodingError: string | null = null;
  for await (const chunk of createReadStream(filePath) as AsyncIterable<Buffer>) {
    hash.update(chunk);
    if (encodingError === null) {
      try {
        const lines = (carry + decoder.decode(chunk, { stream: true })).split('\n');
        carry = lines.pop()!;
        for (const line of lines) if (charLength(line.replace(/\r$/, '')) === expected) fitting++;
      } catch {
        encodingError = `not UTF-8 text (near byte ${bytes})`;
      }
    }
    bytes += chunk.length;
    last = chunk.at(-1) ?? last;
  }
  const checksum = hash.digest('hex');
  const badReason =
    'error' in name
      ? name.error
      : bytes === 0
        ? 'the file is empty'
        : encodingError ??
          (last !== 0x0a
            ? 'the last record has no line end (incomplete transfer)'
            : fitting === 0
              ? `no record has the ${expected} characters of interface ${name.code}`
              : null);
  return { checksum, bytes, badReason };
}

/** A queued import of one file version, nothing read yet. */
function newImport(fileName: string, file: Pick<FileScan, 'checksum' | 'bytes'>, source: ImportSource, requestedBy: string | null, now: Date): SubscriberImport {
  return {
    _id: importIdOf(fileName, file.checksum),
    fileName,
    checksum: file.checksum,
    bytes: file.bytes,
    source,
    requestedBy,
    state: 'queued',
    progress: { records: 0, applied: 0, unchanged: 0, bad: 0 },
    badReason: null,
    receipts: [],
    createdAt: now,
    startedAt: null,
    finishedAt: null,
    heartbeatAt: new Date(),
  };
}

/** Writes `content` to `file` whole or not at all (a reader never sees half a receipt). */
async function writeAtomically(file: string, content: string): Promise<void> {
  const part = path.join(path.dirname(file), `.${path.basename(file)}.${randomUUID()}.part`);
  await writeFile(part, content, 'utf8');
  await rename(part, file);
}

const ignoreMissing = (err: unknown): void => {
  if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err;
};

/** A SemiWrong receipt written as damaged records are met, so a file full of them never sits in memory. */
class SemiWrongWriter {
  private out: WriteStream | undefined;
  private readonly part: string;
  constructor(
    private readonly file: string,
    private readonly head: string,
  ) {
    this.part = path.join(path.dirname(file), `.${path.basename(file)}.part`);
  }
  async add(line: string): Promise<void> {
    if (!this.out) {
      this.out = createWriteStream(this.part, { encoding: 'utf8' });
      this.out.write(this.head);
    }
    if (!this.out.write(line)) await once(this.out, 'drain');
  }
  /** Publishes the receipt when a record was damaged; true when it did. */
  async finish(): Promise<boolean> {
    if (!this.out) return false;
    this.out.end();
    await once(this.out, 'finish');
    await rename(this.part, this.file);
    return true;
  }
}

export function createSubscriberImporter(deps: { repository: SubscriberRepository; dirs: BatchDirs; clock: Clock; logger: Logger; maxUploadBytes: number }): SubscriberImporter {
  const { repository, dirs, clock, logger } = deps;
  const exemptLines = exemptLineIndex(repository);
  const receiptPath = (folder: string, fileName: string, ext: string): string => path.join(folder, `${receiptStem(fileName)}.${ext}`);

  async function writeVerdict(record: Pick<SubscriberImport, 'fileName' | 'checksum' | 'state' | 'badReason' | 'progress' | 'finishedAt'>): Promise<string[]> {
    const finishedAt = record.finishedAt ?? clock.now();
    if (record.state === 'bad') {
      const file = receiptPath(dirs.bad, record.fileName, 'bad');
      await writeAtomically(file, badReceipt(record.fileName, record.checksum, record.badReason ?? '', finishedAt));
      return [path.relative(dirs.root, file)];
    }
    const file = receiptPath(dirs.right, record.fileName, 'right');
    await writeAtomically(file, rightReceipt({ fileName: record.fileName, checksum: record.checksum, ...record.progress, finishedAt }));
    // one Right-or-Bad receipt per file: the regenerated file's Right replaces its earlier Bad
    await rm(receiptPath(dirs.bad, record.fileName, 'bad')).catch(ignoreMissing);
    return [path.relative(dirs.root, file)];
  }

  /** Out of Work/ once answered; a file imported from elsewhere (CLI) stays where it is. */
  async function archive(filePath: string, importId: string): Promise<void> {
    if (path.resolve(path.dirname(filePath)) !== path.resolve(dirs.work)) return;
    await rename(filePath, path.join(dirs.archive, `${importId}.AVL`)).catch(ignoreMissing);
  }

  /** `resumed`: the file was taken over from an importer that died, which may have applied records it had not indexed yet. */
  async function applyFile(filePath: string, layout: RecordLayout, importRecord: SubscriberImport, resumed: boolean, onProgress?: (p: ImportProgress) => void): Promise<{ progress: ImportProgress; semiWrong: boolean }> {
    const progress: ImportProgress = { records: 0, applied: 0, unchanged: 0, bad: 0 };
    const semiWrong = new SemiWrongWriter(receiptPath(dirs.semiWrong, importRecord.fileName, 'SemiWrong'), semiWrongHead(importRecord.fileName, importRecord.checksum));
    let batch: StoredRecord[] = [];
    const write = async (records: StoredRecord[], read: number): Promise<void> => {
      const { applied, superseded, unchanged } = await repository.applyRecords(layout, records);
      if (layout.code === '00201') {
        // every good record, not only those applied now: a run that stopped after applying a batch
        // and before indexing it finds those records unchanged when the file is taken over
        const [firstFiled] = await Promise.all([
          repository.fileUnder('byPhone', records.map((r) => [String(r.svcNum), r._id] as const)),
          repository.fileUnder('byCustomer', records.map((r) => [String(r.custId), r._id] as const)),
        ]);
        await exemptLines.afterBatch({ applied, superseded, firstFiled });
        if (resumed) await exemptLines.recheck(records.map((r) => String(r.svcNum)));
      }
      progress.applied += applied.length;
      progress.unchanged += unchanged;
      const written = { ...progress, records: read };
      await repository.updateImport(importRecord._id, { progress: written, heartbeatAt: new Date() });
      onProgress?.(written);
    };
    // one batch is written while the next is parsed (the database and the parser use different
    // cores); readline pauses the file stream while we wait, so memory stays two batches deep
    let writing: Promise<void> = Promise.resolve();
    const flush = async (): Promise<void> => {
      await writing;
      writing = write(batch, progress.records);
      // awaited at the next flush; until then a failed write must not be an unhandled rejection
      writing.catch(() => undefined);
      batch = [];
    };
    const lines = createInterface({ input: createReadStream(filePath, { encoding: 'utf8' }), crlfDelay: Infinity });
    for await (const line of lines) {
      progress.records++;
      const parsed = parseRecord(layout, line);
      if (parsed.ok) batch.push({ ...parsed.values, _id: parsed.id });
      else {
        progress.bad++;
        await semiWrong.add(badRecordLine(progress.records, parsed.reasons, line));
      }
      if (batch.length >= IMPORT_BATCH_SIZE) await flush();
    }
    await flush();
    await writing;
    return { progress, semiWrong: await semiWrong.finish() };
  }

  /** Gets the import of this file version for this process: new, queued for it, or left by a dead importer. */
  async function claim(candidate: SubscriberImport): Promise<{ kind: 'run'; record: SubscriberImport; resumed: boolean } | { kind: 'answered'; record: SubscriberImport } | { kind: 'busy' }> {
    if (await repository.createImport(candidate)) return { kind: 'run', record: candidate, resumed: false };
    const existing = await repository.findImport(candidate._id);
    if (!existing) return { kind: 'busy' };
    if (existing.state === 'done' || existing.state === 'bad') return { kind: 'answered', record: existing };
    const now = clock.now();
    if (!(await repository.takeImport(candidate._id, new Date(Date.now() - STALE_IMPORT_MS), now))) return { kind: 'busy' };
    return { kind: 'run', record: { ...existing, state: 'importing', startedAt: now }, resumed: existing.state === 'importing' };
  }

  const importer: SubscriberImporter = {
    dirs,
    maxUploadBytes: deps.maxUploadBytes,
    async importFile(filePath, options) {
      await ensureBatchDirs(dirs);
      const fileName = path.basename(filePath);
      const name = parseBatchFileName(fileName);
      const scan = await scanFile(filePath, name);
      const now = clock.now();
      const claimed = await claim({ ...newImport(fileName, scan, options.source, options.requestedBy ?? null, now), state: 'importing', startedAt: now });
      if (claimed.kind === 'busy') return null;
      const { record } = claimed;
      if (claimed.kind === 'answered') {
        // the same file again: nothing is applied; its receipt is written again, identical
        logger.info({ importId: record._id, fileName }, 'batch file already imported; receipt re-issued');
        await writeVerdict(record);
        await archive(filePath, record._id);
        return record;
      }
      let finished: SubscriberImport;
      if (scan.badReason !== null || 'error' in name) {
        finished = { ...record, state: 'bad', badReason: scan.badReason, finishedAt: clock.now() };
      } else {
        const { progress, semiWrong } = await applyFile(filePath, RECORD_LAYOUTS[name.code], record, claimed.resumed, options.onProgress);
        finished = { ...record, state: 'done', progress, finishedAt: clock.now() };
        if (semiWrong) finished.receipts.push(path.relative(dirs.root, receiptPath(dirs.semiWrong, fileName, 'SemiWrong')));
      }
      finished.receipts.push(...(await writeVerdict(finished)));
      await repository.updateImport(record._id, { state: finished.state, badReason: finished.badReason, progress: finished.progress, finishedAt: finished.finishedAt, receipts: finished.receipts });
      await archive(filePath, record._id);
      logger.info({ importId: record._id, state: finished.state, ...finished.progress, badReason: finished.badReason }, 'batch file imported');
      return finished;
    },

    async receiveUpload(fileName, content, requestedBy, isTruncated) {
      if ('error' in parseBatchFileName(fileName)) throw new DomainError('INVALID_BATCH_FILE_NAME', `${fileName} is not named CS<interface code><yyyymmddhhmi><seq>.AVL`);
      await ensureBatchDirs(dirs);
      const part = path.join(dirs.work, `.upload-${randomUUID()}.part`);
      const hash = createHash('sha256');
      content.on('data', (chunk: Buffer) => hash.update(chunk));
      try {
        await pipeline(content, createWriteStream(part));
        if (isTruncated()) throw new DomainError('BATCH_FILE_TOO_LARGE', `an uploaded batch file may hold at most ${deps.maxUploadBytes} bytes`);
        const target = path.join(dirs.work, fileName);
        if (await stat(target).then(() => true, () => false)) throw new DomainError('BATCH_FILE_PENDING', `${fileName} is already waiting in Work/ to be imported`);
        const queued = newImport(fileName, { checksum: hash.digest('hex'), bytes: (await stat(part)).size }, 'upload', requestedBy, clock.now());
        const importRecord = (await repository.createImport(queued)) ? queued : ((await repository.findImport(queued._id)) ?? queued);
        await rename(part, target);
        const done = importer.importFile(target, { source: 'upload', requestedBy }).catch((err: unknown) => logger.error({ err, importId: queued._id }, 'uploaded batch file failed to import'));
        return { importRecord, done };
      } finally {
        await rm(part, { force: true });
      }
    },

    async get(importId) {
      const found = await repository.findImport(importId);
      if (!found) throw new NotFoundError('subscriber import', importId);
      return found;
    },
    list: (limit) => repository.listImports(limit),
  };
  return importer;
}
