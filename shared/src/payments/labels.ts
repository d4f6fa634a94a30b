/**
 * What a shopper reads for an order's payment method and payment state: the one owner of these Vietnamese labels (the
 * order states' labels are STATUS_LABELS in orders/state.ts). No raw enum value reaches a page.
 */
import type { orders } from '../db/schema';

export type PaymentStatus = (typeof orders.$inferSelect)['paymentStatus'];
export type PaymentMethod = (typeof orders.$inferSelect)['paymentMethod'];

export const PAYMENT_STATUS_LABELS: Record<PaymentStatus, string> = {
  unpaid: 'Chưa thanh toán',
  underpaid: 'Đã nhận một phần, còn thiếu',
  paid: 'Đã thanh toán',
  overpaid: 'Đã thanh toán (chuyển dư, Medicare sẽ hoàn phần dư)',
  refund_pending: 'Đang chờ hoàn tiền',
  refunded: 'Đã hoàn tiền',
};

export const PAYMENT_METHOD_LABELS: Record<PaymentMethod, string> = {
  cod: 'Thanh toán khi nhận hàng (COD)',
  bank_transfer: 'Chuyển khoản ngân hàng (VietQR)',
};
