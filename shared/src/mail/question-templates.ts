/**
 * The Vietnamese email telling a shopper their product question was answered (#17, ADR 0038). Pure: the consumer
 * loads the facts. Health data stays out: neither the question nor the answer is in the email — the shopper reads
 * them on the product page (the link goes to the question's anchor).
 */
import type { Email } from './mailer';
import { escapeHtml, layout } from './templates';

export interface QuestionAnsweredFacts {
  to: string;
  name: string;
  productName: string;
  pharmacistName: string | null;
  /** The product page at the question's anchor. */
  url: string;
}

export { questionAnchor } from '../questions/anchor';

export function questionAnsweredEmail(f: QuestionAnsweredFacts): Email {
  const subject = `Dược sĩ đã trả lời câu hỏi của bạn về ${f.productName}`;
  const hello = `Xin chào ${f.name || 'bạn'},`;
  const lines = [
    `${f.pharmacistName ? `Dược sĩ ${f.pharmacistName}` : 'Dược sĩ của Medicare'} đã trả lời câu hỏi của bạn về sản phẩm ${f.productName}.`,
    'Câu hỏi và câu trả lời được hiển thị trên trang sản phẩm.',
  ];
  const linkText = 'Xem câu trả lời';
  return {
    to: f.to,
    subject,
    text: [hello, '', ...lines, '', `${linkText}: ${f.url}`].join('\n'),
    html: layout(subject, [escapeHtml(hello), ...lines.map(escapeHtml), `<a href="${escapeHtml(f.url)}">${escapeHtml(linkText)}</a>`]),
  };
}
