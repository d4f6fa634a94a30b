/**
 * "Hỏi dược sĩ" (#18, ADR 0044): the consultation form, opened from the assistant's hand-off link
 * (`/tu-van-duoc-si?tro-ly=<conversation id>&token=<signed hand-off token>`), sends both back with the submission;
 * the consultation route attaches the conversation's transcript server-side after these checks. The transcript is
 * read from our storage, never from the browser.
 */
import { verifyScoped } from '../auth/signed';
import { NotFoundError } from '../errors';
import { transcript } from './repo.d1';

export const HANDOFF_TTL_SECONDS = 3600;
/** Characters of transcript attached to a consultation (the newest turns kept). */
export const MAX_TRANSCRIPT_CHARS = 6000;

const invalid = () => new NotFoundError('Liên kết hỏi dược sĩ từ Trợ lý Medicare không hợp lệ hoặc đã hết hạn.', 'ASSISTANT_HANDOFF_INVALID');

/**
 * The transcript to attach, when the hand-off token is genuine for this conversation, the conversation still exists and
 * was not handed off yet, and (a signed-in shopper's conversation) the submitter is that shopper. Otherwise 404
 * ASSISTANT_HANDOFF_INVALID.
 */
export async function handoffTranscript(db: D1Database, secret: string, conversationId: string, token: string, submitterUserId: string | null, now: number): Promise<string> {
  const claims = await verifyScoped(secret, 'assistant-handoff', token, HANDOFF_TTL_SECONDS, Math.floor(now / 1000));
  if (!claims || claims.sub !== conversationId) throw invalid();
  const conv = await db
    .prepare('SELECT user_id AS userId, consultation_id AS consultationId FROM assistant_conversations WHERE id = ? AND expires_at > ?')
    .bind(conversationId, now)
    .first<{ userId: string | null; consultationId: string | null }>();
  // Once: a conversation is carried into one consultation. A guest's conversation has no owner to check, so the link
  // (1 hour, in the address bar and the browser's history) is the only proof; used once, it opens nothing more.
  if (!conv || conv.consultationId !== null || (conv.userId !== null && conv.userId !== submitterUserId)) throw invalid();
  const lines = (await transcript(db, conversationId, 40)).map((m) => `${m.role === 'user' ? 'Khách' : 'Trợ lý'}: ${m.text}`);
  let text = lines.join('\n');
  if (text.length > MAX_TRANSCRIPT_CHARS) text = `…${text.slice(-MAX_TRANSCRIPT_CHARS)}`;
  return `--- Hội thoại với Trợ lý Medicare (AI, không phải dược sĩ) ---\n${text}`;
}

/** Marks the conversation as handed off to this consultation. */
export function linkConsultation(db: D1Database, conversationId: string, consultationId: string) {
  return db.prepare('UPDATE assistant_conversations SET consultation_id = ? WHERE id = ? AND consultation_id IS NULL').bind(consultationId, conversationId).run();
}
