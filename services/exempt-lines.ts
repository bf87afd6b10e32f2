import type { ApplyResult, StoredRecord, SubscriberRepository } from '../adapters/mongo/subscriber.repository';
import { isExemptLine } from '../domain/outreach/do-not-call';
import { normalizePhone } from '../domain/outreach/phone-number';
import { currentLineOf } from '../domain/subscriber/current-line';
import { RECORD_LAYOUTS } from '../domain/subscriber/record-layouts';

/**
 * The exempt-line index (`exempt_lines`): every number whose current line (currentLineOf) may not
 * take a call (isExemptLine: a fax line, a suspended, closing or closed line, not a voice
 * service). A call list of a million rows is screened against it in one read of the collection,
 * where asking the subscriber store per number would take an hour on FerretDB.
 *
 * It is kept right where the 00201 records change: after each batch the importer applies, the
 * numbers the batch touched (those of the records applied and the numbers those lines had before)
 * are decided again and added to or removed from the index. A number filed in the phone index for
 * the first time by this batch has no line but the batch's, so it is decided without a read (an
 * initial load costs one insert per exempt number); any other number is decided from its stored
 * lines, as a lookup by phone would. A file taken over from an importer that died rechecks every
 * number it holds (the dead one may have applied records without indexing them). `rebuild` does it
 * for the whole store: the one-off backfill of a store loaded before the index existed.
 */
export interface ExemptLines {
  /** Brings the index up to date after a batch of 00201 records was applied and filed under their numbers. */
  afterBatch(change: Pick<ApplyResult, 'applied' | 'superseded'> & { readonly firstFiled: ReadonlySet<string> }): Promise<void>;
  /** Decides `phones` (as billing writes them) again from their stored lines. */
  recheck(phones: readonly string[]): Promise<void>;
  /** Decides every number of the store again; answers the lines read, the numbers exempt, and the stale entries removed. */
  rebuild(onProgress?: (linesRead: number) => void): Promise<{ linesRead: number; exempt: number; removed: number }>;
}

/** Numbers decided from their stored lines at once (reads by `_id`, which FerretDB serves in parallel). */
const DECIDE_CONCURRENCY = 16;

export function exemptLineIndex(repository: SubscriberRepository): ExemptLines {
  const layout = RECORD_LAYOUTS['00201'];

  const storedLinesOf = async (phone: string): Promise<StoredRecord[]> =>
    (await Promise.all((await repository.idsUnder('byPhone', phone)).map((id) => repository.findRecord(layout, id)))).filter((r): r is StoredRecord => r !== null);

  const isExempt = (lines: readonly StoredRecord[], phone: string): boolean => {
    const current = currentLineOf(lines, phone);
    return current !== undefined && isExemptLine(current);
  };

  /** Decides `phones` (as billing writes them) and writes the outcome under their national form. */
  async function decide(phones: readonly string[], linesOf: (phone: string) => Promise<StoredRecord[]> | StoredRecord[], firstFiled: ReadonlySet<string> = new Set()): Promise<string[]> {
    const exempt: string[] = [];
    const cleared: string[] = [];
    let next = 0;
    const lane = async (): Promise<void> => {
      while (next < phones.length) {
        const phone = phones[next++]!;
        const national = normalizePhone(phone);
        // accounts (broadband, IPTV) have no number a list could hold
        if (national === undefined) continue;
        if (isExempt(await linesOf(phone), phone)) exempt.push(national);
        // a number filed for the first time cannot be in the index yet
        else if (!firstFiled.has(phone)) cleared.push(national);
      }
    };
    await Promise.all(Array.from({ length: DECIDE_CONCURRENCY }, lane));
    await repository.markExempt(exempt);
    await repository.clearExempt(cleared);
    return exempt;
  }

  return {
    async afterBatch({ applied, superseded, firstFiled }) {
      const batchLines = new Map<string, StoredRecord[]>();
      for (const line of applied) {
        const phone = String(line['svcNum']);
        batchLines.set(phone, [...(batchLines.get(phone) ?? []), line]);
      }
      const touched = new Set([...batchLines.keys(), ...superseded.map((line) => String(line['svcNum']))]);
      await decide([...touched], (phone) => (firstFiled.has(phone) ? (batchLines.get(phone) ?? []) : storedLinesOf(phone)), firstFiled);
    },

    async recheck(phones) {
      await decide([...new Set(phones)], storedLinesOf);
    },

    async rebuild(onProgress) {
      // only a number one of whose lines is exempt can be exempt: collect those, then decide each
      const candidates = new Set<string>();
      let linesRead = 0;
      for await (const line of repository.allRecords(layout)) {
        if (isExemptLine(line)) candidates.add(String(line['svcNum']));
        if (++linesRead % 100_000 === 0) onProgress?.(linesRead);
      }
      const keep = new Set(await decide([...candidates], storedLinesOf));
      const stale: string[] = [];
      for await (const phone of repository.exemptPhones()) if (!keep.has(phone)) stale.push(phone);
      await repository.clearExempt(stale);
      return { linesRead, exempt: keep.size, removed: stale.length };
    },
  };
}
