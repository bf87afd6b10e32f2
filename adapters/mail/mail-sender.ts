import nodemailer from 'nodemailer';

export interface OutgoingMail {
  readonly to: { readonly name: string; readonly address: string };
  readonly subject: string;
  readonly text: string;
  readonly html: string;
  /** `<...@...>`, stable per outbox entry and recipient (domain/mail/notification-mail.ts). */
  readonly messageId: string;
  /** Extra headers, e.g. the outbox key the mail came from. */
  readonly headers?: Readonly<Record<string, string>>;
}

/** The SMTP server's answer to one accepted message. */
export interface SendReceipt {
  readonly response: string;
}

/** Sends one mail; throws when the server did not accept it for the recipient. */
export interface MailSender {
  send(mail: OutgoingMail): Promise<SendReceipt>;
  close(): void;
}

/**
 * Timeouts (ms) well below the drainer's lease, so a hanging server fails the attempt before
 * another drainer may claim the entry. nodemailer's defaults are minutes.
 */
const TIMEOUTS = { connectionTimeout: 10_000, greetingTimeout: 10_000, socketTimeout: 30_000 };

/** The one real sender: nodemailer over SMTP, to `smtpUrl` (smtp:// or smtps://, credentials in the URL). */
export function smtpMailSender(smtpUrl: string, from: string): MailSender {
  const url = new URL(smtpUrl);
  const transport = nodemailer.createTransport({
    // a few connections kept open and reused: a new SMTP session per mail costs more than the mail
    pool: true,
    maxConnections: 3,
    host: url.hostname,
    port: Number(url.port) || (url.protocol === 'smtps:' ? 465 : 587),
    secure: url.protocol === 'smtps:',
    // credentials never travel in clear text: smtp:// with a user insists on STARTTLS
    requireTLS: url.protocol === 'smtp:' && url.username !== '',
    ...(url.username ? { auth: { user: decodeURIComponent(url.username), pass: decodeURIComponent(url.password) } } : {}),
    ...TIMEOUTS,
  });
  return {
    async send(mail) {
      const info = await transport.sendMail({
        from,
        to: mail.to,
        subject: mail.subject,
        text: mail.text,
        html: mail.html,
        messageId: mail.messageId,
        headers: { ...mail.headers },
      });
      if (info.rejected.length > 0) throw new Error(`the SMTP server refused ${mail.to.address}: ${info.response}`);
      return { response: info.response };
    },
    close: () => transport.close(),
  };
}

/** The domain of `from` (`Name <user@domain>` or `user@domain`), for Message-IDs. */
export function senderDomain(from: string): string {
  return /@([^>\s]+)>?\s*$/.exec(from)?.[1] ?? 'closeloop.local';
}
