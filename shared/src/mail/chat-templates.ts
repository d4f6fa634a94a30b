/** The chat transcript email (#15): every message of the conversation, as text; values escaped in the HTML part. */
import type { ChatMessage } from '../chat/protocol';
import type { Email } from './mailer';
import { escapeHtml, layout } from './templates';

const time = (ms: number) => new Date(ms + 7 * 3600_000).toISOString().slice(0, 16).replace('T', ' ');

export interface TranscriptFacts {
  to: string;
  customerName: string;
  startedAt: number;
  messages: ChatMessage[];
}

export function chatTranscriptEmail(f: TranscriptFacts): Email {
  const subject = `Nội dung trò chuyện với dược sĩ Medicare ngày ${time(f.startedAt).slice(0, 10).split('-').reverse().join('/')}`;
  const line = (m: ChatMessage) => `[${time(m.createdAt)}] ${m.senderName}: ${m.body}`;
  const intro = [`Xin chào ${f.customerName},`, 'Dưới đây là nội dung cuộc trò chuyện của bạn với dược sĩ Medicare (giờ Việt Nam).'];
  const outro = 'Lời khuyên của dược sĩ qua trò chuyện không thay thế đơn thuốc của bác sĩ. Nếu cần, hãy gửi phiếu tư vấn kèm đơn thuốc tại Medicare.';
  return {
    to: f.to,
    subject,
    text: [...intro, '', ...f.messages.map(line), '', outro].join('\n'),
    html: layout(subject, [...intro.map(escapeHtml), f.messages.map((m) => escapeHtml(line(m))).join('<br>'), escapeHtml(outro)]),
  };
}
