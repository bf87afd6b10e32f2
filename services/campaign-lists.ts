import { randomUUID } from 'node:crypto';
import { mkdir, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { Readable } from 'node:stream';
import type { AuditLog } from '../adapters/mongo/audit.repository';
import { listPageId, PAGES_PER_INSERT, revisionIs, type CampaignDoc, type CampaignRecord, type CampaignRepository, type ListedContact, type ListPageDoc, type ListSummary } from '../adapters/mongo/campaign.repository';
import type { Condition } from '../adapters/mongo/document-lock';
import type { OutreachRulesRepository } from '../adapters/mongo/outreach-rules.repository';
import { openList, readList, receiveList, type ListRow, type ReceivedList } from '../adapters/list-file/list-file';
import type { Logger } from '../config/logger';
import { fieldsOf, isBlankRow, ListScreen, resolveMapping, suggestMapping, type BulkNumberFacts, type ListColumns } from '../domain/campaign/call-list';
import { LIST_PAGE_SIZE, ListMappingSchema, type ListMapping } from '../domain/campaign/campaign';
import { CampaignStateError, ListFileError, ListMappingError } from '../domain/campaign/errors';
import { withBreaks } from '../domain/async';
import type { Clock } from '../domain/clock';
import { DomainError } from '../domain/errors';
import type { Principal } from '../domain/identity/principal';
import type { ExclusionReason } from '../domain/outreach/do-not-call';
import { loadBulkNumberFacts } from './bulk-number-facts';
import type { CampaignService } from './campaign-service';
import type { CenterAttemptLimit } from './number-facts';

/**
 * Importing a campaign's call list (domain brief: "List import", "Filtering before any call").
 * The upload is stored in a file of its own and checked (format, header, mapping, size and, for
 * CSV, rows) before anything changes; then the campaign goes `importing` and the file is read in
 * the background: each row is screened, and contacts are written in pages of LIST_PAGE_SIZE,
 * PAGES_PER_INSERT pages per unordered insert, one insert while the next rows are read. Progress
 * and a heartbeat go into `campaign.list` about every second. At the end the campaign is `ready`;
 * a failed import removes its pages and leaves the campaign `draft`, the error in `campaign.list`.
 */

export interface ListLimits {
  /** Largest file accepted (bytes). */
  readonly maxBytes: number;
  /** Most data rows a list may hold. */
  readonly maxRows: number;
}

/** What the mapping screen shows of an uploaded file before anything is imported. */
export interface ListPreview {
  readonly fileName: string;
  readonly format: ReceivedList['format'];
  readonly encoding?: ReceivedList['encoding'];
  readonly delimiter?: string;
  readonly bytes: number;
  readonly headerRow: number;
  readonly headers: string[];
  /** The first data rows, cells in the headers' order. */
  readonly rows: string[][];
  /** CSV: the data rows the file holds. */
  readonly expectedRows?: number;
  readonly suggestedMapping: Partial<ListMapping> & { extra: string[] };
}

/** Where in the stored list a report continues: a page and the index of a contact on it. */
export interface ListPosition {
  readonly page: number;
  readonly index: number;
}

/** A row kept out of the calls, for the filtered-contacts report. */
export interface FilteredContact {
  /** The row in the file as a spreadsheet numbers it. */
  readonly row: number;
  /** The number as dialled, or as written when it is no number. */
  readonly phone: string;
  readonly reason: ExclusionReason;
  /** Where the contact after this one is: the next part of the report starts there. */
  readonly next: ListPosition;
}

export interface CampaignLists {
  readonly limits: ListLimits;
  /** Throws unless the caller runs the campaign and it may take a list now (checked before an upload is read). */
  checkImportable(principal: Principal, campaignId: string): Promise<void>;
  /** Stores an upload for reading; throws ListFileError when it is too large or no list. */
  receive(fileName: string, content: Readable, isTruncated: () => boolean): Promise<ReceivedList>;
  /** Removes a stored upload that is not imported (an import removes its own when it ends). */
  discard(list: ReceivedList): Promise<void>;
  preview(list: ReceivedList): Promise<ListPreview>;
  /**
   * Checks the list against its mapping and starts importing it; answers the campaign as it is
   * now (`importing`) and the import's end. Owns the stored upload from here on.
   */
  startImport(principal: Principal, campaignId: string, list: ReceivedList, mapping: unknown): Promise<{ campaign: CampaignDoc; done: Promise<void> }>;
  /** The rows of the campaign's list kept out of the calls, in file order, from `from` on (default: the start). */
  filtered(principal: Principal, campaignId: string, from?: ListPosition): Promise<{ campaign: CampaignDoc; contacts: AsyncIterable<FilteredContact> }>;
}

export interface CampaignListsDeps {
  readonly campaigns: CampaignRepository;
  readonly service: Pick<CampaignService, 'get' | 'getToManage'>;
  readonly rules: Pick<OutreachRulesRepository, 'confirmedBlacklist' | 'allPreferences' | 'attemptCaps'>;
  readonly exemptPhones: () => AsyncIterable<string>;
  readonly attemptLimit: CenterAttemptLimit;
  readonly limits: ListLimits;
  readonly audit: AuditLog;
  readonly clock: Clock;
  readonly logger: Logger;
  /** Where uploads wait to be read. Default: the system's temporary folder. */
  readonly spoolDir?: string;
}

/** An import whose heartbeat is older than this (ms) died with its process: another may take the campaign over. */
export const STALE_IMPORT_MS = 60_000;
/** How often (ms) an import writes its progress and heartbeat. */
const PROGRESS_EVERY_MS = 1_000;
/** Rows read between two turns of the event loop (about 10 ms of work): requests to the API are answered meanwhile. */
const BREAK_EVERY_ROWS = 500;
/** Data rows a preview shows. */
const PREVIEW_ROWS = 10;

/** The campaign may take a list: draft or ready, or importing by a process that died. */
function mayTakeList(campaign: CampaignDoc, now: Date): boolean {
  if (campaign.state === 'draft' || campaign.state === 'ready') return true;
  return campaign.state === 'importing' && (campaign.list === undefined || now.getTime() - new Date(campaign.list.heartbeatAt).getTime() > STALE_IMPORT_MS);
}

/** The campaign is still being imported by this import. */
const importedBy = (importId: string): Condition<CampaignRecord> => ({
  filter: { state: 'importing', 'list.importId': importId },
  holds: (c) => c.state === 'importing' && c.list?.importId === importId,
});

/** The header (the first row with a value) and up to `dataRows` rows after it. */
async function headOf(list: ReceivedList, dataRows: number): Promise<{ header: ListRow; rows: ListRow[] }> {
  let header: ListRow | undefined;
  const rows: ListRow[] = [];
  for await (const row of readList(list, openList(list))) {
    if (isBlankRow(row.cells)) continue;
    if (!header) header = { row: row.row, cells: row.cells.map((c) => c.trim()) };
    else rows.push(row);
    if (rows.length >= dataRows) break;
  }
  if (!header) throw new ListFileError('LIST_EMPTY', `${list.fileName} has no header row`);
  return { header, rows };
}

export function createCampaignLists(deps: CampaignListsDeps): CampaignLists {
  const { campaigns, limits, clock, logger } = deps;
  const spoolDir = deps.spoolDir ?? path.join(os.tmpdir(), 'closeloop-lists');

  const discard = (list: ReceivedList): Promise<void> => rm(list.path, { force: true });

  async function importableCampaign(principal: Principal, campaignId: string): Promise<CampaignDoc> {
    const campaign = await deps.service.getToManage(principal, campaignId);
    if (!mayTakeList(campaign, clock.now())) throw new CampaignStateError(campaignId, 'take a list', campaign.state);
    return campaign;
  }

  /** Reads the file into pages, screened against `facts`; the summary is updated as it goes. */
  async function importRows(campaign: CampaignDoc, list: ReceivedList, columns: ListColumns, summary: ListSummary, facts: BulkNumberFacts): Promise<void> {
    const screen = new ListScreen(facts, { kind: campaign.kind, lastDay: campaign.lastDay, centerAttemptCap: deps.attemptLimit.cap }, summary.expectedRows);
    let lastReport = Date.now();
    const report = async (force: boolean): Promise<void> => {
      if (!force && Date.now() - lastReport < PROGRESS_EVERY_MS) return;
      lastReport = Date.now();
      Object.assign(summary, { eligible: screen.eligible, filtered: { ...screen.filtered }, heartbeatAt: clock.now() });
      const progress = { 'list.rows': summary.rows, 'list.eligible': summary.eligible, 'list.filtered': summary.filtered, 'list.pages': summary.pages, 'list.heartbeatAt': summary.heartbeatAt };
      if (!(await campaigns.change(campaign._id, importedBy(summary.importId), { $set: progress }))) {
        throw new DomainError('LIST_IMPORT_TAKEN_OVER', 'another import of this campaign\'s list took over');
      }
    };
    await report(true);

    // one insert runs while the next pages are read: memory stays two inserts deep
    let writing: Promise<void> = Promise.resolve();
    let pages: ListPageDoc[] = [];
    let contacts: ListedContact[] = [];
    const flush = async (): Promise<void> => {
      await writing;
      const batch = pages;
      pages = [];
      writing = (async () => {
        await campaigns.insertPages(batch);
        summary.pages += batch.length;
        await report(false);
      })();
      // awaited at the next flush; until then a failed write must not be an unhandled rejection
      writing.catch(() => undefined);
    };
    const endPage = (): void => {
      const page = summary.pages + pages.length + 1;
      pages.push({ _id: listPageId(campaign._id, page), campaignId: campaign._id, page, contacts });
      contacts = [];
    };

    try {
      for await (const { row, cells } of withBreaks(readList(list, openList(list)), BREAK_EVERY_ROWS)) {
        if (row <= summary.headerRow || isBlankRow(cells)) continue;
        if (++summary.rows > limits.maxRows) throw new ListFileError('LIST_TOO_MANY_ROWS', `a list may hold at most ${limits.maxRows} rows`);
        contacts.push({ seq: row - summary.headerRow, ...screen.screen(cells[columns.phone] ?? ''), ...fieldsOf(cells, columns) });
        if (contacts.length === LIST_PAGE_SIZE) {
          endPage();
          if (pages.length === PAGES_PER_INSERT) await flush();
        }
      }
      if (contacts.length > 0) endPage();
      await flush();
    } finally {
      // a failure removes the pages written: none may still be on its way
      await writing.catch(() => undefined);
    }
    await writing;
    if (summary.rows === 0) throw new ListFileError('LIST_EMPTY', `${list.fileName} has no row after its header`);
    Object.assign(summary, { eligible: screen.eligible, filtered: { ...screen.filtered } });
  }

  async function run(campaign: CampaignDoc, list: ReceivedList, columns: ListColumns, summary: ListSummary, previousPages: number, by: string): Promise<void> {
    const began = Date.now();
    try {
      // the earlier list's pages go first (the new one is written under the same page ids), while the facts load
      const [facts] = await Promise.all([
        loadBulkNumberFacts({ rules: deps.rules, exemptPhones: deps.exemptPhones }, clock.now()),
        campaigns.removePages(campaign._id, previousPages),
      ]);
      const factsSeconds = (Date.now() - began) / 1000;
      await importRows(campaign, list, columns, summary, facts);
      const done: ListSummary = { ...summary, state: 'done', heartbeatAt: clock.now(), finishedAt: clock.now() };
      const note = `${summary.rows} rows, ${summary.eligible} to call, ${summary.rows - summary.eligible} filtered`;
      if (!(await campaigns.change(campaign._id, importedBy(summary.importId), { $set: { state: 'ready', list: done }, $push: { history: { at: clock.now(), by, action: 'list-imported', note } } }))) {
        throw new DomainError('LIST_IMPORT_TAKEN_OVER', 'another import of this campaign\'s list took over');
      }
      const seconds = (Date.now() - began) / 1000;
      await deps.audit.record({ at: clock.now(), by, action: 'campaign.list-imported', subject: campaign._id, detail: { fileName: list.fileName, sha256: list.sha256, rows: summary.rows, eligible: summary.eligible, filtered: summary.filtered, pages: summary.pages, seconds, factsSeconds } });
      logger.info({ campaignId: campaign._id, rows: summary.rows, eligible: summary.eligible, seconds, factsSeconds }, 'call list imported');
    } catch (err) {
      await fail(campaign, summary, err, by);
    } finally {
      await discard(list);
    }
  }

  async function fail(campaign: CampaignDoc, summary: ListSummary, err: unknown, by: string): Promise<void> {
    const code = err instanceof DomainError ? err.code : 'LIST_IMPORT_FAILED';
    const message = err instanceof Error ? err.message : String(err);
    logger.warn({ campaignId: campaign._id, code, err }, 'call list import failed');
    if (code === 'LIST_IMPORT_TAKEN_OVER') return;
    try {
      await campaigns.removePages(campaign._id, summary.pages);
      const failed = { 'list.state': 'failed', 'list.rows': summary.rows, 'list.pages': 0, 'list.finishedAt': clock.now(), 'list.errorCode': code, 'list.error': message };
      // the earlier list's pages are gone: the campaign has no list to launch until one is imported
      await campaigns.change(campaign._id, importedBy(summary.importId), { $set: { state: 'draft', ...failed }, $push: { history: { at: clock.now(), by, action: 'list-import-failed', note: `${code}: ${message}` } } });
      await deps.audit.record({ at: clock.now(), by, action: 'campaign.list-import-failed', subject: campaign._id, detail: { fileName: summary.fileName, code, error: message } });
    } catch (cleanupErr) {
      // its heartbeat stops: the next import takes the campaign over after STALE_IMPORT_MS
      logger.error({ err: cleanupErr, campaignId: campaign._id }, 'a failed call list import could not be wound up');
    }
  }

  return {
    limits,
    async checkImportable(principal, campaignId) {
      await importableCampaign(principal, campaignId);
    },
    async receive(fileName, content, isTruncated) {
      await mkdir(spoolDir, { recursive: true });
      return receiveList(content, fileName, spoolDir, isTruncated, limits.maxBytes);
    },
    discard,
    async preview(list) {
      const { header, rows } = await headOf(list, PREVIEW_ROWS);
      return {
        fileName: list.fileName,
        format: list.format,
        ...(list.encoding ? { encoding: list.encoding, delimiter: list.delimiter } : {}),
        bytes: list.bytes,
        headerRow: header.row,
        headers: header.cells,
        rows: rows.map((r) => header.cells.map((_, i) => r.cells[i] ?? '')),
        ...(list.csvRows !== undefined ? { expectedRows: list.csvRows - 1 } : {}),
        suggestedMapping: suggestMapping(header.cells),
      };
    },

    async startImport(principal, campaignId, list, rawMapping) {
      let owned = false;
      try {
        const campaign = await importableCampaign(principal, campaignId);
        // the file first (is it a list at all?), then whether the mapping fits it
        const expectedRows = list.csvRows === undefined ? undefined : list.csvRows - 1;
        if (expectedRows === 0) throw new ListFileError('LIST_EMPTY', `${list.fileName} has no row after its header`);
        if (expectedRows !== undefined && expectedRows > limits.maxRows) {
          throw new ListFileError('LIST_TOO_MANY_ROWS', `${list.fileName} holds ${expectedRows} rows; a list may hold at most ${limits.maxRows}`);
        }
        const { header } = await headOf(list, 0);
        const parsed = ListMappingSchema.safeParse(rawMapping);
        if (!parsed.success) throw new ListMappingError(parsed.error.issues.map((i) => `${i.path.join('.') || 'mapping'}: ${i.message}`).join('; '));
        const columns = resolveMapping(parsed.data, header.cells);
        const now = clock.now();
        const summary: ListSummary = {
          importId: randomUUID(),
          fileName: list.fileName,
          format: list.format,
          ...(list.encoding ? { encoding: list.encoding } : {}),
          sha256: list.sha256,
          bytes: list.bytes,
          mapping: parsed.data,
          state: 'importing',
          headerRow: header.row,
          ...(expectedRows !== undefined ? { expectedRows } : {}),
          rows: 0,
          eligible: 0,
          filtered: {},
          pages: 0,
          importedBy: principal.employeeId,
          startedAt: now,
          heartbeatAt: now,
        };
        const changed = await campaigns.change(campaignId, revisionIs(campaign.revision), {
          $set: { state: 'importing', list: summary },
          $push: { history: { at: now, by: principal.employeeId, action: 'list-import-started', note: list.fileName } },
        });
        if (!changed) {
          const current = await campaigns.find(campaignId);
          throw new CampaignStateError(campaignId, 'take a list', current?.state ?? campaign.state);
        }
        await deps.audit.record({
          at: now,
          by: principal.employeeId,
          action: 'campaign.list-import-started',
          subject: campaignId,
          detail: { importId: summary.importId, fileName: list.fileName, sha256: list.sha256, bytes: list.bytes, format: list.format, mapping: parsed.data, replacedState: campaign.state },
        });
        owned = true;
        const previousPages = campaign.list?.pages ?? 0;
        return { campaign: { ...changed, stats: campaign.stats }, done: run(campaign, list, columns, summary, previousPages, principal.employeeId) };
      } finally {
        if (!owned) await discard(list);
      }
    },

    async filtered(principal, campaignId, from = { page: 1, index: 0 }) {
      const campaign = await deps.service.get(principal, campaignId);
      const list = campaign.list;
      async function* contacts(): AsyncIterable<FilteredContact> {
        if (!list || list.state !== 'done') return;
        for (let page = from.page; page <= list.pages; page++) {
          const stored = (await campaigns.readPage(campaignId, page))?.contacts ?? [];
          for (let index = page === from.page ? from.index : 0; index < stored.length; index++) {
            const c = stored[index]!;
            const next = index + 1 < stored.length ? { page, index: index + 1 } : { page: page + 1, index: 0 };
            if (c.excluded) yield { row: list.headerRow + c.seq, phone: c.phone, reason: c.excluded, next };
          }
        }
      }
      return { campaign, contacts: contacts() };
    },
  };
}
