/**
 * Turning a chat into a consultation (#15, ADR 0031): the holding pharmacist hands the conversation over; the
 * consultation is created by consult's ONE creation function (`createConsultation`, source `chat`) with the
 * transcript as its note, and enters the queue. At most one consultation per conversation: the conversation is
 * claimed first (`consultation_id` set to a marker only while it is NULL), so of two concurrent handovers one creates
 * and the other answers 409 with nothing created; a failed creation gives the claim back.
 */
import { auditStatement } from '../audit/write.d1';
import { createConsultation } from '../consultations/repo.d1';
import { ConflictError, NotFoundError, ValidationError } from '../errors';
import { newId } from '../ids';
import type { ChatMessage } from './protocol';
import { appendMessageStatements, allMessages, conversationById, SYSTEM_NOTICES, type ConversationRow } from './repo.d1';

/** Longest note the transcript may fill (the oldest lines are dropped beyond it; the chat keeps them all). */
export const HANDOVER_NOTE_MAX = 20_000;

const clock = (ms: number) => new Date(ms + 7 * 3600_000).toISOString().slice(11, 16);

/** The transcript as the consultation's note: "[HH:MM] Name: text" per message (Vietnam time), newest kept. */
export function transcriptNote(messages: ChatMessage[], max = HANDOVER_NOTE_MAX): string {
  const header = 'Nội dung trò chuyện với dược sĩ:';
  const lines = messages.filter((m) => m.senderRole !== 'system').map((m) => `[${clock(m.createdAt)}] ${m.senderName}: ${m.body}`);
  const kept: string[] = [];
  let size = header.length;
  for (let i = lines.length - 1; i >= 0; i--) {
    size += lines[i]!.length + 1;
    if (size > max) break;
    kept.unshift(lines[i]!);
  }
  return [header, ...kept].join('\n');
}

export interface HandoverInput {
  productIds?: string[];
  /** The number to call, when the conversation has none (a signed-in customer without a phone). */
  contactPhone?: string | null;
}

export async function handOver(
  db: D1Database,
  bucket: R2Bucket,
  conversationId: string,
  pharmacist: { id: string },
  input: HandoverInput,
  now: number,
): Promise<{ consultationId: string; code: string; conversation: ConversationRow; beforeSeq: number }> {
  const conv = await conversationById(db, conversationId);
  if (!conv || conv.pharmacistId !== pharmacist.id) throw new NotFoundError('Không tìm thấy cuộc trò chuyện.', 'CHAT_NOT_FOUND');
  const userPhone = conv.userId ? (await db.prepare('SELECT phone FROM users WHERE id = ?').bind(conv.userId).first<{ phone: string | null }>())?.phone : null;
  const contactPhone = conv.customerPhone ?? input.contactPhone ?? userPhone ?? null;
  if (!contactPhone) throw new ValidationError('Khách hàng chưa có số điện thoại: vui lòng nhập số để liên hệ.', { fields: { contactPhone: 'Vui lòng nhập số điện thoại.' } }, 'CONTACT_PHONE_REQUIRED');
  const marker = `handover:${newId()}`;
  const claimed = await db.prepare('UPDATE conversations SET consultation_id = ?, updated_at = ? WHERE id = ? AND pharmacist_id = ? AND consultation_id IS NULL RETURNING id').bind(marker, now, conversationId, pharmacist.id).first();
  if (!claimed) throw new ConflictError('Cuộc trò chuyện đã được chuyển thành phiếu tư vấn.', 'CHAT_ALREADY_HANDED_OVER', { consultationCode: conv.consultationCode });
  let created: { id: string; code: string };
  try {
    created = await createConsultation(db, bucket, {
      owner: conv.userId ? { userId: conv.userId } : { guest: { name: conv.customerName, phone: conv.customerPhone ?? contactPhone, email: conv.transcriptEmail } },
      productIds: input.productIds ?? [],
      note: transcriptNote(await allMessages(db, conversationId)),
      contactPhone,
      source: 'chat',
      conversationId,
      now,
    });
  } catch (e) {
    await db.prepare('UPDATE conversations SET consultation_id = NULL WHERE id = ? AND consultation_id = ?').bind(conversationId, marker).run();
    throw e;
  }
  const audit = { actor: { id: pharmacist.id, role: 'pharmacist' }, action: 'chat.handover' as const, entityType: 'conversation', entityId: conversationId, data: { consultationCode: created.code } };
  await db.batch([
    db.prepare('UPDATE conversations SET consultation_id = ?, updated_at = ? WHERE id = ? AND consultation_id = ?').bind(created.id, now, conversationId, marker),
    auditStatement(db, audit, now, 'changed'),
    // The notice only while the chat is open (a closed chat takes no message; its status frame still carries the code).
    ...appendMessageStatements(db, { conversationId, role: 'system', senderId: null, senderName: 'Medicare', clientId: null, body: SYSTEM_NOTICES.handedOver(created.code) }, newId(), now),
  ]);
  return { consultationId: created.id, code: created.code, conversation: (await conversationById(db, conversationId))!, beforeSeq: conv.lastSeq };
}
