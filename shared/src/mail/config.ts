import { D1DevMailbox, type Mailer } from './mailer';
import { SendGridMailer } from './sendgrid';

export interface MailEnv {
  ENVIRONMENT: string;
  SENDGRID_API_KEY?: string;
  MAIL_FROM?: string;
  SENDGRID_BASE_URL?: string;
}

/** SendGrid when configured; the D1 dev mailbox outside production; `null` in an unconfigured production. */
export function mailerFromEnv(env: MailEnv, db: D1Database): Mailer | null {
  if (env.SENDGRID_API_KEY && env.MAIL_FROM) return new SendGridMailer(env.SENDGRID_API_KEY, { email: env.MAIL_FROM, name: 'Medicare' }, env.SENDGRID_BASE_URL);
  return env.ENVIRONMENT === 'production' ? null : new D1DevMailbox(db);
}
