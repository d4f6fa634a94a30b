/** Vietnamese emails for an order's life cycle. Pure: the consumer loads the facts, this turns them into an Email. */
import type { Email } from './mailer';
import { escapeHtml, layout } from './templates';
import { formatVnd as vnd } from '../text';

export const ORDER_EMAIL_EVENTS = ['order.created', 'order.paid', 'order.shipping', 'order.delivered', 'order.cancelled', 'order.expired', 'order.returned'] as const;
export type OrderEmailEvent = (typeof ORDER_EMAIL_EVENTS)[number];

export interface OrderEmailFacts {
  code: string;
  recipientName: string;
  email: string;
  paymentMethod: string;
  status: string;
  total: number;
  paidAmount: number;
  /** Latest shipment, when there is one. */
  shipment?: { carrier: string; trackingCode: string } | null;
  /** Where the shopper follows the order (web origin + path). */
  orderUrl: string;
}


const CARRIERS: Record<string, string> = { ghn: 'Giao Hàng Nhanh (GHN)', ghtk: 'Giao Hàng Tiết Kiệm (GHTK)', internal: 'Medicare' };

/** Paid orders get an invoice PDF (rendered by the consumer just before this email is sent). */
const INVOICE_LINE = 'Hóa đơn bán hàng (PDF) của đơn hàng có trong trang chi tiết đơn hàng.';

export function orderEmail(event: OrderEmailEvent, o: OrderEmailFacts): Email {
  const hello = `Xin chào ${o.recipientName},`;
  const follow = `Theo dõi đơn hàng: ${o.orderUrl}`;
  let subject: string;
  let lines: string[];
  switch (event) {
    case 'order.created':
      subject = `Medicare đã nhận đơn hàng ${o.code}`;
      lines =
        o.paymentMethod === 'bank_transfer' && o.paidAmount < o.total
          ? [`Chúng tôi đã nhận đơn hàng ${o.code}, tổng cộng ${vnd(o.total)}.`, `Vui lòng chuyển khoản ${vnd(o.total - o.paidAmount)} với nội dung "${o.code}" để chúng tôi xác nhận đơn.`]
          : [`Chúng tôi đã nhận đơn hàng ${o.code}, tổng cộng ${vnd(o.total)}.`, o.paymentMethod === 'cod' ? 'Bạn thanh toán khi nhận hàng.' : 'Đơn hàng đang được chuẩn bị.'];
      break;
    case 'order.paid':
      subject = `Đã nhận thanh toán cho đơn hàng ${o.code}`;
      lines = [`Medicare đã nhận ${vnd(o.paidAmount)} cho đơn hàng ${o.code}.`, 'Đơn hàng đã được xác nhận và sẽ sớm được giao cho đơn vị vận chuyển.', INVOICE_LINE];
      break;
    case 'order.shipping':
      subject = `Đơn hàng ${o.code} đang được giao`;
      lines = [
        `Đơn hàng ${o.code} đã được bàn giao cho ${CARRIERS[o.shipment?.carrier ?? 'internal'] ?? o.shipment?.carrier}.`,
        ...(o.shipment ? [`Mã vận đơn: ${o.shipment.trackingCode}`] : []),
        ...(o.paymentMethod === 'cod' && o.paidAmount < o.total ? [`Vui lòng chuẩn bị ${vnd(o.total - o.paidAmount)} để thanh toán khi nhận hàng.`] : []),
      ];
      break;
    case 'order.delivered':
      subject = `Đơn hàng ${o.code} đã giao thành công`;
      lines = [`Đơn hàng ${o.code} đã được giao thành công. Cảm ơn bạn đã tin tưởng Medicare!`, ...(o.paymentMethod === 'cod' ? [INVOICE_LINE] : []), 'Nếu có thắc mắc về cách dùng thuốc, hãy trò chuyện với dược sĩ của chúng tôi.'];
      break;
    case 'order.cancelled':
    case 'order.expired':
      subject = event === 'order.expired' ? `Đơn hàng ${o.code} đã hết hạn thanh toán` : `Đơn hàng ${o.code} đã được hủy`;
      lines = [
        event === 'order.expired' ? `Đơn hàng ${o.code} đã hết hạn vì chưa nhận được thanh toán.` : `Đơn hàng ${o.code} đã được hủy.`,
        ...(o.paidAmount > 0 ? [`Số tiền ${vnd(o.paidAmount)} bạn đã chuyển sẽ được hoàn lại; chúng tôi sẽ liên hệ để xác nhận tài khoản nhận.`] : []),
      ];
      break;
    case 'order.returned':
      subject = `Đơn hàng ${o.code} đã được hoàn về`;
      lines = [
        `Đơn vị vận chuyển đã hoàn đơn hàng ${o.code} về Medicare vì không giao được.`,
        ...(o.paidAmount > 0 ? [`Số tiền ${vnd(o.paidAmount)} bạn đã thanh toán sẽ được hoàn lại.`] : []),
      ];
      break;
  }
  return {
    to: o.email,
    subject,
    text: [hello, '', ...lines, '', follow].join('\n'),
    html: layout(subject, [escapeHtml(hello), ...lines.map(escapeHtml), `<a href="${escapeHtml(o.orderUrl)}">Xem đơn hàng</a>`]),
  };
}
