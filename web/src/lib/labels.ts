/**
 * Vietnamese labels for the states a shopper sees, read from their one owner in shared/ (order states:
 * STATUS_LABELS; payment: PAYMENT_STATUS_LABELS / PAYMENT_METHOD_LABELS). A value the storefront does not know yet
 * (a newer API) shows a neutral Vietnamese text, never the raw enum.
 */
import { STATUS_LABELS } from '../../../shared/src/orders/state';
import { PAYMENT_METHOD_LABELS, PAYMENT_STATUS_LABELS } from '../../../shared/src/payments/labels';

const pick = (labels: Record<string, string>, value: string, unknown: string) => (Object.hasOwn(labels, value) ? labels[value]! : unknown);

export const orderStatusLabel = (status: string): string => pick(STATUS_LABELS, status, 'Đang cập nhật trạng thái');
export const paymentStatusLabel = (status: string): string => pick(PAYMENT_STATUS_LABELS, status, 'Đang cập nhật thanh toán');
export const paymentMethodLabel = (method: string): string => pick(PAYMENT_METHOD_LABELS, method, 'Phương thức khác');
