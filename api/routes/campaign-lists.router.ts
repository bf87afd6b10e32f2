import { once } from 'node:events';
import { Router, type Request, type Response } from 'express';
import { z } from 'zod';
import type { ReceivedList } from '../../adapters/list-file/list-file';
import { ExclusionReasons } from '../../domain/outreach/do-not-call';
import { csvField } from '../../domain/sla/compliance';
import type { CampaignLists, ListPosition } from '../../services/campaign-lists';
import { principalOf } from '../auth/authenticate';
import { receiveMultipart } from '../multipart';
import { listedPhone } from '../outreach.view';
import type { RouteCatalog } from '../route';
import { CampaignIdParams, CampaignView, campaignView } from './campaigns.router';

const MOUNT = '/api/campaigns';
const HINT = 'send the list as the form field "file" (CSV or XLSX)';
const MANAGERS = ['supervisor', 'admin'] as const;

const PreviewView = z.object({
  fileName: z.string(),
  format: z.enum(['csv', 'xlsx']),
  encoding: z.enum(['utf-8', 'gb18030']).optional(),
  delimiter: z.string().optional(),
  bytes: z.number(),
  headerRow: z.number().describe('the row holding the column names (1 = the first)'),
  headers: z.array(z.string()),
  rows: z.array(z.array(z.string())).describe('the first 10 data rows, cells in the order of headers'),
  expectedRows: z.number().optional().describe('CSV: the data rows the file holds'),
  suggestedMapping: z.object({ phone: z.string().optional(), name: z.string().optional(), custId: z.string().optional(), extra: z.array(z.string()) }),
});

const FilteredView = z.object({
  campaignId: z.string(),
  filtered: z.record(z.string(), z.number()).describe('rows kept out, by reason, for the whole list'),
  items: z.array(z.object({ row: z.number().describe('the row in the file, as a spreadsheet numbers it'), phone: z.string().describe('masked unless the caller supervises'), reason: z.enum(ExclusionReasons) })),
  next: z.string().nullable().describe('cursor of the next part, null at the end'),
});

const Cursor = z
  .string()
  .regex(/^\d{1,6}\.\d{1,4}$/, 'a cursor this API issued')
  .transform((c): ListPosition => {
    const [page, index] = c.split('.').map(Number);
    return { page: page!, index: index! };
  });
const cursorOf = (p: ListPosition): string => `${p.page}.${p.index}`;

/** Stores the request's list file; the fields come with it. */
const receiveList = (req: Request, lists: CampaignLists): Promise<{ file: ReceivedList; fields: Record<string, string> }> =>
  receiveMultipart(req, { maxFileBytes: lists.limits.maxBytes, hint: HINT, discard: (file) => lists.discard(file) }, (fileName, content, isTruncated) => lists.receive(fileName, content, isTruncated));

/** Reads what is left of a request that is refused before its upload was read. */
async function drain(req: Request): Promise<void> {
  if (req.readableEnded) return;
  req.resume();
  await once(req, 'end');
}

async function writeChunk(res: Response, chunk: string): Promise<void> {
  if (!res.write(chunk)) await once(res, 'drain');
}

export function campaignListsRouter(catalog: RouteCatalog, lists: CampaignLists): Router {
  const router = Router();
  const { maxBytes, maxRows } = lists.limits;
  catalog.add(
    router,
    MOUNT,
    {
      method: 'post',
      path: '/list-preview',
      tag: 'campaigns',
      summary: 'Read an uploaded call list\'s header and first rows, and suggest a mapping (multipart/form-data, field "file")',
      description: `CSV (UTF-8 or GB18030; comma, tab, semicolon or bar separated) or XLSX (first sheet); at most ${maxBytes} bytes. Nothing is stored.`,
      roles: MANAGERS,
      responses: {
        200: { description: 'the file as read', schema: PreviewView },
        413: { description: 'LIST_FILE_TOO_LARGE' },
        422: { description: 'LIST_FORMAT_UNSUPPORTED, LIST_FILE_UNREADABLE or LIST_EMPTY' },
      },
    },
    async ({ req, res }) => {
      const { file } = await receiveList(req, lists);
      try {
        res.json(await lists.preview(file));
      } finally {
        await lists.discard(file);
      }
    },
  );
  catalog.add(
    router,
    MOUNT,
    {
      method: 'post',
      path: '/:campaignId/list',
      tag: 'campaigns',
      summary: 'Import the campaign\'s call list (multipart/form-data: "file", and "mapping" as JSON); it is read and filtered in the background',
      description:
        `The campaign must be draft or ready; it is importing until the list is in (ready) or the import failed (draft, the error in list.error). ` +
        `A new list replaces an earlier one. At most ${maxBytes} bytes and ${maxRows} rows. Follow the progress at the Location (list.rows, list.filtered).`,
      roles: MANAGERS,
      params: CampaignIdParams,
      responses: {
        202: { description: 'the campaign, importing', schema: CampaignView },
        409: { description: 'CAMPAIGN_STATE: the campaign cannot take a list now' },
        413: { description: 'LIST_FILE_TOO_LARGE' },
        422: { description: 'LIST_MAPPING_INVALID, LIST_FORMAT_UNSUPPORTED, LIST_FILE_UNREADABLE, LIST_EMPTY or LIST_TOO_MANY_ROWS' },
      },
    },
    async ({ params, req, res }) => {
      const principal = principalOf(res);
      // refuse before reading a large upload for a campaign that cannot take it
      await lists.checkImportable(principal, params.campaignId).catch(async (err: unknown) => {
        await drain(req);
        throw err;
      });
      const { file, fields } = await receiveList(req, lists);
      let mapping: unknown;
      try {
        mapping = JSON.parse(fields['mapping'] ?? 'null');
      } catch {
        mapping = fields['mapping'];
      }
      const { campaign } = await lists.startImport(principal, params.campaignId, file, mapping);
      res.status(202).location(`${MOUNT}/${campaign._id}`).json(campaignView(campaign));
    },
  );
  catalog.add(
    router,
    MOUNT,
    {
      method: 'get',
      path: '/:campaignId/list/filtered',
      tag: 'campaigns',
      summary: 'The rows of the list kept out before any call, and why',
      description: 'JSON in parts (`limit`, then `cursor` = the previous `next`), or with format=csv every row at once as text/csv (row, phone, reason).',
      roles: ['supervisor', 'admin', 'auditor'],
      params: CampaignIdParams,
      query: z.object({
        format: z.enum(['json', 'csv']).default('json'),
        limit: z.coerce.number().int().min(1).max(5_000).default(500),
        cursor: Cursor.optional(),
      }),
      responses: { 200: { description: 'filtered rows (JSON, or CSV with format=csv)', schema: FilteredView, alsoCsv: true } },
    },
    async ({ params, query, res }) => {
      const principal = principalOf(res);
      const { campaign, contacts } = await lists.filtered(principal, params.campaignId, query.cursor);
      if (query.format === 'csv') {
        res.set('Cache-Control', 'private, no-store');
        res.attachment(`${campaign._id}-filtered.csv`);
        res.type('text/csv; charset=utf-8; header=present');
        await writeChunk(res, 'row,phone,reason\r\n');
        for await (const c of contacts) await writeChunk(res, `${c.row},${csvField(listedPhone(principal, c.phone))},${c.reason}\r\n`);
        res.end();
        return;
      }
      const items: z.infer<typeof FilteredView>['items'] = [];
      let next: string | null = null;
      let more = false;
      for await (const c of contacts) {
        // one more than the limit exists: the next part starts with it
        if ((more = items.length === query.limit)) break;
        items.push({ row: c.row, phone: listedPhone(principal, c.phone), reason: c.reason });
        next = cursorOf(c.next);
      }
      res.json({ campaignId: campaign._id, filtered: campaign.list?.filtered ?? {}, items, next: more ? next : null });
    },
  );
  return router;
}
