import { mkdirSync, readdirSync, readFileSync } from 'node:fs';
import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import PostalMime from 'postal-mime';

/** What the SMTP transaction said, apart from the headers: who really receives the message. */
export interface Envelope {
  readonly from: string;
  readonly to: readonly string[];
}

export interface MessageSummary {
  readonly id: string;
  readonly receivedAt: string;
  readonly envelope: Envelope;
  readonly from: string;
  readonly to: string[];
  readonly subject: string;
  readonly date: string | null;
  readonly messageId: string | null;
}

export interface StoredMessage extends MessageSummary {
  readonly text: string | null;
  readonly html: string | null;
}

export interface MailStore {
  /** Stores the raw message (`<id>.eml`) and its parsed form (`<id>.json`); returns the id. */
  add(raw: Buffer, envelope: Envelope): Promise<string>;
  /** Newest first; `to` keeps the messages delivered to that address (envelope or To header). */
  list(query: { to?: string; limit: number }): MessageSummary[];
  get(id: string): Promise<StoredMessage | null>;
}

type Address = { name: string; address?: string; group?: Address[] };

/** `Name <address>` of each mailbox, groups flattened. */
function formatAddresses(addresses: readonly Address[] | undefined): string[] {
  return (addresses ?? []).flatMap((a) => (a.group ? formatAddresses(a.group) : [a.name ? `${a.name} <${a.address ?? ''}>` : (a.address ?? '')]));
}

function summaryOf(message: StoredMessage): MessageSummary {
  const { id, receivedAt, envelope, from, to, subject, date, messageId } = message;
  return { id, receivedAt, envelope, from, to, subject, date, messageId };
}

/**
 * The peer's mailbox on disk. The summaries are kept in memory too (read back at start), so a
 * listing reads no files; the folder is the test profile's and emptied for each test run.
 */
export function openMailStore(dataDir: string): MailStore {
  const dir = path.join(dataDir, 'messages');
  mkdirSync(dir, { recursive: true });
  const summaries: MessageSummary[] = readdirSync(dir)
    .filter((f) => f.endsWith('.json'))
    .map((f) => summaryOf(JSON.parse(readFileSync(path.join(dir, f), 'utf8')) as StoredMessage));
  let sequence = 0;

  return {
    async add(raw, envelope) {
      const receivedAt = new Date();
      // sortable and unique within the peer: time, then a counter for messages of one millisecond
      const id = `${receivedAt.getTime().toString().padStart(15, '0')}-${(sequence++ % 1e6).toString().padStart(6, '0')}`;
      const parsed = await PostalMime.parse(raw);
      const message: StoredMessage = {
        id,
        receivedAt: receivedAt.toISOString(),
        envelope: { from: envelope.from, to: [...envelope.to] },
        from: formatAddresses(parsed.from ? [parsed.from] : [])[0] ?? envelope.from,
        to: formatAddresses(parsed.to),
        subject: parsed.subject ?? '',
        date: parsed.date ?? null,
        messageId: parsed.messageId ?? null,
        text: parsed.text ?? null,
        html: parsed.html ?? null,
      };
      await writeFile(path.join(dir, `${id}.eml`), raw);
      await writeFile(path.join(dir, `${id}.json`), JSON.stringify(message));
      summaries.push(summaryOf(message));
      return id;
    },

    list({ to, limit }) {
      const wanted = to?.toLowerCase();
      return summaries
        .filter((m) => wanted === undefined || m.envelope.to.some((a) => a.toLowerCase() === wanted) || m.to.some((a) => a.toLowerCase().includes(wanted)))
        .sort((a, b) => (a.id < b.id ? 1 : -1))
        .slice(0, limit);
    },

    async get(id) {
      if (!summaries.some((m) => m.id === id)) return null;
      return JSON.parse(await readFile(path.join(dir, `${id}.json`), 'utf8')) as StoredMessage;
    },
  };
}
