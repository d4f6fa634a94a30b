/**
 * SendGrid adapter for the Mailer port, through SendGrid's own client (@sendgrid/mail). `baseUrl` points it at a
 * stand-in server in tests. Errors carry SendGrid's status only, never the recipient or the body.
 */
import sendgridClient from '@sendgrid/client';
import sendgridMail from '@sendgrid/mail';
import type { Email, Mailer } from './mailer';

type ClientCtor = new () => { setApiKey(key: string): void; setDefaultRequest(key: string, value: unknown): void };
type MailCtor = new () => { setClient(client: unknown): void; send(data: Record<string, unknown>): Promise<unknown> };

export class SendGridMailer implements Mailer {
  private readonly mail: InstanceType<MailCtor>;

  constructor(
    apiKey: string,
    private readonly from: { email: string; name: string },
    baseUrl?: string,
  ) {
    const client = new ((sendgridClient as unknown as { Client: ClientCtor }).Client)();
    client.setApiKey(apiKey);
    if (baseUrl) client.setDefaultRequest('baseUrl', baseUrl);
    this.mail = new ((sendgridMail as unknown as { MailService: MailCtor }).MailService)();
    this.mail.setClient(client);
  }

  async send(email: Email): Promise<void> {
    try {
      await this.mail.send({ to: email.to, from: this.from, subject: email.subject, text: email.text, html: email.html, ...(email.headers ? { headers: email.headers } : {}) });
    } catch (e) {
      const code = (e as { code?: number }).code;
      throw new Error(`SendGrid send failed${code ? ` (HTTP ${code})` : ''}`);
    }
  }
}
