import { newId } from '../ids';

export interface Email {
  to: string;
  subject: string;
  text: string;
  html: string;
  /** Extra message headers (e.g. RFC 8058 List-Unsubscribe); SendGrid sends them, the dev mailbox ignores them. */
  headers?: Record<string, string>;
}

/** The Mailer port: SendGrid in production, the D1 dev mailbox locally. Adapters never log addresses or bodies. */
export interface Mailer {
  send(email: Email): Promise<void>;
}

/** Development mailbox: emails are stored in D1 and read at GET /dev/mailbox (not served in production). */
export class D1DevMailbox implements Mailer {
  constructor(private readonly d1: D1Database) {}

  async send(email: Email): Promise<void> {
    await this.d1
      .prepare('INSERT INTO dev_mailbox (id, to_address, subject, text, html, created_at) VALUES (?, ?, ?, ?, ?, ?)')
      .bind(newId(), email.to, email.subject, email.text, email.html, Date.now())
      .run();
  }

  async list(to: string | undefined, limit = 20) {
    const stmt = to
      ? this.d1.prepare('SELECT id, to_address AS "to", subject, text, html, created_at AS createdAt FROM dev_mailbox WHERE to_address = ? ORDER BY created_at DESC LIMIT ?').bind(to, limit)
      : this.d1.prepare('SELECT id, to_address AS "to", subject, text, html, created_at AS createdAt FROM dev_mailbox ORDER BY created_at DESC LIMIT ?').bind(limit);
    return (await stmt.all<{ id: string; to: string; subject: string; text: string; html: string; createdAt: number }>()).results;
  }
}
