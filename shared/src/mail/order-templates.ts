/** Vietnamese emails for an order's life cycle. Pure: the consumer loads the facts, this turns them into an Email. */
import type { Email } from './mailer';
import { escapeHtml, layout } from './templates';
import { formatVnd as vnd } from '../text';

export const ORDER_EMAIL_EVENTS = ['order.created', 'order.paid', 'order.shipping', 'order.delivered', 'order.cancelled', 'order.expired', 'order.returned', 'order.refund_pending', 'order.refunded'] as const;
export type OrderEmailEvent = (typeof ORDER_EMAIL_EVENTS)[number];

export interface OrderEmailFacts {
  code: string;
  recipientName: string;
  email: string;
  paymentMethod: string;
  status: string;
  total: number;
  paidAmount: number;
  /** Given back to the shopper so far (the order holds `paidAmount - refundedAmount`). */
  refundedAmount: number;
  /** Latest shipment, when there is one. */
  shipment?: { carrier: string; trackingCode: string } | null;
  /** Where the shopper follows the order (web origin + path). */
  orderUrl: string;
}


const CARRIERS: Record<string, string> = { ghn: 'Giao Hàng Nhanh (GHN)', ghtk: 'Giao Hàng Tiết Kiệm (GHTK)', internal: 'Medicare' };

/** Paid orders get an invoice PDF (rendered by the consumer just before this email is sent). */
const INVOICE_LINE = 'Hóa đơn bán hàng (PDF) của đơn hàng có trong trang chi tiết đơn hàng.';

/** Why an order that holds money will not ship, by its status. */
const REFUND_REASON: Record<string, string> = { cancelled: 'đã được hủy', expired: 'đã hết hạn thanh toán', returned: 'đã được hoàn về' };

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
      // Money the order holds is announced by its own email (order.refund_pending), sent in the same change.
      lines = [event === 'order.expired' ? `Đơn hàng ${o.code} đã hết hạn vì chưa nhận đủ thanh toán.` : `Đơn hàng ${o.code} đã được hủy.`];
      break;
    case 'order.returned':
      subject = `Đơn hàng ${o.code} đã được hoàn về`;
      lines = [`Đơn vị vận chuyển đã hoàn đơn hàng ${o.code} về Medicare vì không giao được.`];
      break;
    case 'order.refund_pending':
      subject = `Medicare sẽ hoàn tiền cho đơn hàng ${o.code}`;
      lines = [
        `Đơn hàng ${o.code} ${REFUND_REASON[o.status] ?? 'không được giao'}, và Medicare đang giữ ${vnd(o.paidAmount - o.refundedAmount)} bạn đã thanh toán cho đơn này.`,
        'Chúng tôi sẽ hoàn lại toàn bộ số tiền này vào tài khoản đã chuyển; bộ phận chăm sóc khách hàng sẽ liên hệ nếu cần xác nhận tài khoản nhận.',
      ];
      break;
    case 'order.refunded':
      subject = `Medicare đã hoàn tiền cho đơn hàng ${o.code}`;
      lines = [`Medicare đã hoàn ${vnd(o.refundedAmount)} cho đơn hàng ${o.code}.`, 'Tùy ngân hàng, tiền có thể về tài khoản của bạn sau 1–3 ngày làm việc.'];
      break;
  }
  return {
    to: o.email,
    subject,
    text: [hello, '', ...lines, '', follow].join('\n'),
    html: layout(subject, [escapeHtml(hello), ...lines.map(escapeHtml), `<a href="${escapeHtml(o.orderUrl)}">Xem đơn hàng</a>`]),
  };
}
