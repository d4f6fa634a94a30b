/**
 * `question.answered` → the asker's email (#17, ADR 0038), once per question: a redelivered event finds the email done
 * (`once`), and an edit of the answer announces nothing. A question hidden before the email went out sends nothing.
 */
import type { EventEnvelope } from '@medicare/shared/events/envelope';
import { mailerFromEnv, type MailEnv } from '@medicare/shared/mail/config';
import { questionAnchor, questionAnsweredEmail } from '@medicare/shared/mail/question-templates';
import { ANSWERED_EVENT } from '@medicare/shared/questions/state';
import { once, type Effect } from './once';

export interface QuestionMailEnv extends MailEnv {
  DB: D1Database;
  WEB_ORIGIN?: string;
}

export const QUESTION_ANSWERED_EVENT = ANSWERED_EVENT;
export const questionEmailEffect = (questionId: string): Effect => ({ key: `mail:question:${questionId}:answered`, kind: 'question-mail' });

export function questionAnsweredHandler<B extends QuestionMailEnv>() {
  return async (e: EventEnvelope, env: B) => {
    const id = typeof e.payload.questionId === 'string' ? e.payload.questionId : e.aggregateId;
    const f = await env.DB.prepare(
      `SELECT u.email, u.name, p.name AS productName, p.slug, ph.name AS pharmacistName
       FROM questions q JOIN users u ON u.id = q.user_id JOIN products p ON p.id = q.product_id
       LEFT JOIN answers a ON a.question_id = q.id LEFT JOIN users ph ON ph.id = a.pharmacist_id
       WHERE q.id = ? AND q.status = 'answered'`,
    )
      .bind(id)
      .first<{ email: string | null; name: string | null; productName: string; slug: string; pharmacistName: string | null }>();
    if (!f?.email) return; // hidden since, or an account without an address: nothing to send
    const mailer = mailerFromEnv(env, env.DB);
    if (!mailer) throw new Error('MAIL_NOT_CONFIGURED'); // retried, then dead-lettered: never silently dropped
    const url = `${env.WEB_ORIGIN ?? 'http://127.0.0.1:3000'}/san-pham/${encodeURIComponent(f.slug)}#${questionAnchor(id)}`;
    await once(env.DB, questionEmailEffect(id), () =>
      mailer.send(questionAnsweredEmail({ to: f.email!, name: f.name ?? '', productName: f.productName, pharmacistName: f.pharmacistName, url })),
    );
  };
}
