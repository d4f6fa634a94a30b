/**
 * Vietnamese emails for a consultation's steps and its pickup reservation (#15). Pure: the consumer loads the facts,
 * this turns them into an Email. Health data stays out: no symptoms, notes, file names or dosage instructions in an
 * email — the shopper reads those on the consultation page (signed in, or through the guest link).
 */
import type { Email } from './mailer';
import { escapeHtml, layout } from './templates';
import { formatVnd as vnd } from '../text';

export const CONSULTATION_EMAIL_EVENTS = ['consultation.submitted', 'consultation.claimed', 'consultation.advised', 'consultation.rejected', 'consultation.cancelled'] as const;
export type ConsultationEmailEvent = (typeof CONSULTATION_EMAIL_EVENTS)[number];
export const PICKUP_EMAIL_EVENTS = ['pickup.dispensed', 'pickup.expired'] as const;
export type PickupEmailEvent = (typeof PICKUP_EMAIL_EVENTS)[number];

export interface PickupFacts {
  code: string;
  status: string;
  expiresAt: number;
  locationName: string;
  locationAddress: string;
  locationPhone: string;
}

export interface ConsultationEmailFacts {
  code: string;
  name: string;
  email: string;
  /** The consultation page (for a guest, with the signed guest link). */
  url: string;
  pharmacistName: string | null;
  /** After advice (advice helper's rows), when there is one. */
  quote?: { total: number; expiresAt: number } | null;
  reservation?: PickupFacts | null;
}

/** Dates in Vietnam's time zone, as the shopper reads them. */
export function vnDateTime(ms: number): string {
  return new Intl.DateTimeFormat('vi-VN', { timeZone: 'Asia/Ho_Chi_Minh', hour: '2-digit', minute: '2-digit', day: '2-digit', month: '2-digit', year: 'numeric' }).format(new Date(ms));
}

const pickupLines = (r: PickupFacts) => [
  `Thuốc kê đơn được giữ tại ${r.locationName} (${r.locationAddress}, điện thoại ${r.locationPhone}) với mã nhận thuốc ${r.code}, đến ${vnDateTime(r.expiresAt)}.`,
  'Vui lòng mang theo đơn thuốc gốc: dược sĩ tại quầy xem đơn trước khi bán và bạn thanh toán tại quầy.',
];

export function consultationEmail(event: ConsultationEmailEvent, f: ConsultationEmailFacts): Email {
  let subject: string;
  let lines: string[];
  switch (event) {
    case 'consultation.submitted':
      subject = `Medicare đã nhận yêu cầu tư vấn ${f.code}`;
      lines = [`Chúng tôi đã nhận yêu cầu tư vấn ${f.code} của bạn.`, 'Dược sĩ sẽ xem xét và liên hệ với bạn qua số điện thoại đã cung cấp, trong giờ làm việc của nhà thuốc.'];
      break;
    case 'consultation.claimed':
      subject = `Dược sĩ đang xem yêu cầu tư vấn ${f.code}`;
      lines = [`${f.pharmacistName ? `Dược sĩ ${f.pharmacistName}` : 'Một dược sĩ'} đã nhận yêu cầu tư vấn ${f.code} và đang xem xét.`, 'Dược sĩ có thể gọi điện cho bạn để hỏi thêm thông tin.'];
      break;
    case 'consultation.advised':
      subject = `Dược sĩ đã tư vấn cho yêu cầu ${f.code}`;
      lines = [
        `${f.pharmacistName ? `Dược sĩ ${f.pharmacistName}` : 'Dược sĩ'} đã trả lời yêu cầu tư vấn ${f.code}. Hướng dẫn sử dụng có trong trang chi tiết yêu cầu.`,
        ...(f.quote ? [`Các sản phẩm không kê đơn được báo giá ${vnd(f.quote.total)}: bạn có thể đặt mua trực tuyến với giá này đến ${vnDateTime(f.quote.expiresAt)}.`] : []),
        ...(f.reservation ? pickupLines(f.reservation) : []),
      ];
      break;
    case 'consultation.rejected':
      subject = `Yêu cầu tư vấn ${f.code} chưa thể xử lý`;
      lines = [`Dược sĩ chưa thể xử lý yêu cầu tư vấn ${f.code}.`, 'Lý do và ghi chú của dược sĩ có trong trang chi tiết yêu cầu; bạn có thể gửi lại yêu cầu mới.'];
      break;
    case 'consultation.cancelled':
      subject = `Đã hủy yêu cầu tư vấn ${f.code}`;
      lines = [`Yêu cầu tư vấn ${f.code} đã được hủy. Bạn có thể gửi yêu cầu mới bất cứ lúc nào.`];
      break;
  }
  return render(f.email, f.name, subject, lines, f.url, 'Xem yêu cầu tư vấn');
}

export function pickupEmail(event: PickupEmailEvent, f: Omit<ConsultationEmailFacts, 'reservation'> & { reservation: PickupFacts }): Email {
  const r = f.reservation;
  const subject = event === 'pickup.dispensed' ? `Bạn đã nhận thuốc giữ tại nhà thuốc (mã ${r.code})` : `Phiếu giữ thuốc ${r.code} đã hết hạn`;
  const lines =
    event === 'pickup.dispensed'
      ? [`Bạn đã nhận thuốc giữ theo mã ${r.code} tại ${r.locationName}. Cảm ơn bạn đã tin tưởng Medicare!`, 'Nếu có thắc mắc về cách dùng thuốc, hãy liên hệ dược sĩ của chúng tôi.']
      : [`Phiếu giữ thuốc ${r.code} tại ${r.locationName} đã hết hạn và thuốc không còn được giữ cho bạn.`, `Nếu vẫn cần, vui lòng gửi yêu cầu tư vấn mới (yêu cầu trước: ${f.code}).`];
  return render(f.email, f.name, subject, lines, f.url, 'Xem yêu cầu tư vấn');
}

function render(to: string, name: string, subject: string, lines: string[], url: string, linkText: string): Email {
  const hello = `Xin chào ${name},`;
  return {
    to,
    subject,
    text: [hello, '', ...lines, '', `${linkText}: ${url}`].join('\n'),
    html: layout(subject, [escapeHtml(hello), ...lines.map(escapeHtml), `<a href="${escapeHtml(url)}">${escapeHtml(linkText)}</a>`]),
  };
}
