/**
 * #17 alerts (ADR 0040): the guest's alert confirmation, the back-in-stock email and the refill reminder. Links are
 * signed one-click links built by the caller; prescription-only products never get a buy or reorder link, only the
 * pharmacist consultation page ("hỏi dược sĩ").
 */
import { oneClickUnsubscribeHeaders } from '../alerts/links';
import type { Email } from './mailer';
import { escapeHtml, layout } from './templates';

const a = (href: string, label: string) => `<a href="${escapeHtml(href)}">${escapeHtml(label)}</a>`;
const viDate = (iso: string) => iso.split('-').reverse().join('/');
const RX_NOTE = 'Đây là thuốc chỉ bán sau khi dược sĩ tư vấn (thuốc kê đơn hoặc thuốc kiểm soát đặc biệt). Hãy hỏi dược sĩ trước khi mua.';

export function stockAlertConfirmEmail(f: { to: string; productName: string; confirmUrl: string }): Email {
  const subject = `Xác nhận nhận thông báo khi có hàng: ${f.productName}`;
  const intro = `Bạn (hoặc ai đó) vừa đăng ký nhận email khi sản phẩm "${f.productName}" có hàng trở lại.`;
  const ask = 'Nhấn vào liên kết sau để xác nhận (hiệu lực 7 ngày). Nếu không phải bạn, hãy bỏ qua email này.';
  return { to: f.to, subject, text: `${intro}\n${ask}\n${f.confirmUrl}`, html: layout(subject, [escapeHtml(intro), escapeHtml(ask), a(f.confirmUrl, 'Xác nhận nhận thông báo')]) };
}

export interface BackInStockFacts {
  to: string;
  productName: string;
  /** `consultationOnly` (checkout/pricing.ts): no buy link, only "Hỏi dược sĩ". */
  consultationOnly: boolean;
  /** The product page (sold online). */
  productUrl: string;
  consultUrl: string;
  /** The storefront page asking to confirm the unsubscribe (the email's link; a GET changes nothing). */
  unsubscribeUrl: string;
  /** The api route mail clients POST to (RFC 8058 one-click, `List-Unsubscribe` header). */
  unsubscribePostUrl: string;
}

export function backInStockEmail(f: BackInStockFacts): Email {
  const subject = `Đã có hàng: ${f.productName}`;
  const intro = `Sản phẩm "${f.productName}" bạn quan tâm đã có hàng trở lại tại Medicare.`;
  const action = f.consultationOnly ? [RX_NOTE, `Hỏi dược sĩ: ${f.consultUrl}`] : [`Xem và đặt mua: ${f.productUrl}`];
  const htmlAction = f.consultationOnly ? [escapeHtml(RX_NOTE), a(f.consultUrl, 'Hỏi dược sĩ')] : [a(f.productUrl, 'Xem và đặt mua')];
  const outro = 'Đây là thông báo duy nhất cho lần đăng ký này.';
  return {
    to: f.to,
    subject,
    text: [intro, ...action, outro, `Hủy nhận thông báo: ${f.unsubscribeUrl}`].join('\n'),
    html: layout(subject, [escapeHtml(intro), ...htmlAction, escapeHtml(outro), a(f.unsubscribeUrl, 'Hủy nhận thông báo')]),
    headers: oneClickUnsubscribeHeaders(f.unsubscribePostUrl),
  };
}

export interface RefillFacts {
  to: string;
  name: string;
  productName: string;
  runsOutOn: string;
  /** `consultationOnly` (checkout/pricing.ts): no reorder link, only "Hỏi dược sĩ". */
  consultationOnly: boolean;
  /** Null when consultation-only (never reordered online). */
  reorderUrl: string | null;
  consultUrl: string;
  /** Storefront pages asking to confirm the pause / the stop (a GET changes nothing). */
  pauseUrl: string;
  stopUrl: string;
  /** The api route mail clients POST to for a one-click stop (RFC 8058, `List-Unsubscribe` header). */
  stopPostUrl: string;
}

export function refillReminderEmail(f: RefillFacts): Email {
  const subject = `Sắp hết ${f.productName}? Nhắc mua lại từ Medicare`;
  const intro = [`Xin chào ${f.name},`, `Theo liều dùng thông thường, "${f.productName}" bạn mua sẽ hết vào khoảng ngày ${viDate(f.runsOutOn)}.`];
  const text = [...intro];
  const html = intro.map(escapeHtml);
  if (f.consultationOnly || !f.reorderUrl) {
    text.push(RX_NOTE, `Hỏi dược sĩ: ${f.consultUrl}`);
    html.push(escapeHtml(RX_NOTE), a(f.consultUrl, 'Hỏi dược sĩ'));
  } else {
    text.push(`Đặt lại (giá và tồn kho hiện tại): ${f.reorderUrl}`);
    html.push(a(f.reorderUrl, 'Đặt lại'));
  }
  text.push(`Tạm dừng nhắc: ${f.pauseUrl}`, `Dừng nhắc: ${f.stopUrl}`);
  html.push(`${a(f.pauseUrl, 'Tạm dừng')} · ${a(f.stopUrl, 'Dừng nhắc')}`);
  return { to: f.to, subject, text: text.join('\n'), html: layout(subject, html), headers: oneClickUnsubscribeHeaders(f.stopPostUrl) };
}
