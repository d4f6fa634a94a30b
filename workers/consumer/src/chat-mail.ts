import type { EventEnvelope } from '@medicare/shared/events/envelope';
import { allMessages, conversationById } from '@medicare/shared/chat/repo.d1';
import { mailerFromEnv, type MailEnv } from '@medicare/shared/mail/config';
import { chatTranscriptEmail } from '@medicare/shared/mail/chat-templates';
import { once, type Effect } from './once';

export const CHAT_TRANSCRIPT_EVENT = 'chat.transcript_requested';

export interface ChatMailEnv extends MailEnv {
  DB: D1Database;
}

/** Each request (one outbox event) sends one email: a redelivery of the same event finds it done. */
export const transcriptEffect = (conversationId: string, eventId: string): Effect => ({ key: `mail:chat:${conversationId}:${eventId}`, kind: 'chat-mail' });

/** `chat.transcript_requested` → the transcript to the address recorded with the request (#15). */
export function chatTranscriptHandler<B extends ChatMailEnv>() {
  return async (e: EventEnvelope, env: B) => {
    const conv = await conversationById(env.DB, e.aggregateId);
    if (!conv?.transcriptEmail) return; // nothing to send to
    const mailer = mailerFromEnv(env, env.DB);
    if (!mailer) throw new Error('MAIL_NOT_CONFIGURED');
    const messages = await allMessages(env.DB, conv.id);
    await once(env.DB, transcriptEffect(conv.id, e.id), () => mailer.send(chatTranscriptEmail({ to: conv.transcriptEmail!, customerName: conv.customerName, startedAt: conv.createdAt, messages })));
  };
}
