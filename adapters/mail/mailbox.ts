import { z } from 'zod';
import { MailAdminError } from '../../domain/mail/errors';

/** The local mail peer's mailbox (peers/mail), read over its HTTP API. */
export const MailboxSummary = z.object({
  id: z.string(),
  receivedAt: z.string(),
  envelope: z.object({ from: z.string(), to: z.array(z.string()) }),
  from: z.string(),
  to: z.array(z.string()),
  subject: z.string(),
  date: z.string().nullable(),
  messageId: z.string().nullable(),
});
export type MailboxSummary = z.infer<typeof MailboxSummary>;

export const MailboxMessage = MailboxSummary.extend({ text: z.string().nullable(), html: z.string().nullable() });
export type MailboxMessage = z.infer<typeof MailboxMessage>;

export interface Mailbox {
  /** Newest first; `to` keeps mail delivered to that address. */
  list(query: { to?: string; limit?: number }): Promise<MailboxSummary[]>;
  /** Null when the peer has no such message. */
  get(id: string): Promise<MailboxMessage | null>;
}

/** How long (ms) to wait for the peer: it is local, so a slow answer means it is not running. */
const TIMEOUT_MS = 5_000;

/** The peer's answers are parsed with zod: a peer of another version fails loudly, not subtly. */
export function httpMailbox(baseUrl: string): Mailbox {
  async function getJson(path: string): Promise<unknown> {
    const response = await fetch(`${baseUrl}${path}`, { signal: AbortSignal.timeout(TIMEOUT_MS) }).catch((err: unknown) => {
      throw MailAdminError.mailboxUnreachable(err instanceof Error ? err.message : String(err));
    });
    if (response.status === 404) return null;
    if (!response.ok) throw new Error(`mail peer ${path}: ${response.status} ${await response.text()}`);
    return response.json();
  }
  return {
    async list({ to, limit }) {
      const query = new URLSearchParams({ ...(to ? { to } : {}), ...(limit ? { limit: String(limit) } : {}) });
      return z.object({ messages: z.array(MailboxSummary) }).parse(await getJson(`/messages?${query.toString()}`)).messages;
    },
    async get(id) {
      const body = await getJson(`/messages/${encodeURIComponent(id)}`);
      return body === null ? null : MailboxMessage.parse(body);
    },
  };
}
