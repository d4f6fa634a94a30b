import { describe, expect, it } from 'vitest';
import { ORDER_EMAIL_EVENTS, orderEmail, type OrderEmailFacts } from '../src/mail/order-templates';
import { formatVnd } from '../src/text';

const base: OrderEmailFacts = { code: 'MC7K2P9QXR', recipientName: 'Trần Minh Đức', email: 'duc@example.vn', paymentMethod: 'cod', status: 'confirmed', total: 1_250_000, paidAmount: 0, refundedAmount: 0, orderUrl: 'https://medicare.vn/don-hang/MC7K2P9QXR' };

describe('order emails', () => {
  it('formats VND with Vietnamese grouping', () => {
    expect(formatVnd(0)).toBe('0đ');
    expect(formatVnd(999)).toBe('999đ');
    expect(formatVnd(1_250_000)).toBe('1.250.000đ');
  });

  it.each(ORDER_EMAIL_EVENTS)('%s: Vietnamese subject with the code, greeting, link', (type) => {
    const m = orderEmail(type, base);
    expect(m.to).toBe('duc@example.vn');
    expect(m.subject).toContain('MC7K2P9QXR');
    expect(m.text).toMatch(/^Xin chào Trần Minh Đức,/);
    expect(m.text).toContain(base.orderUrl);
    expect(m.html).toContain('lang="vi"');
  });

  it('asks for the transfer with the code as content when a bank transfer is unpaid', () => {
    expect(orderEmail('order.created', { ...base, paymentMethod: 'bank_transfer' }).text).toContain('Vui lòng chuyển khoản 1.250.000đ với nội dung "MC7K2P9QXR"');
    expect(orderEmail('order.created', base).text).toContain('thanh toán khi nhận hàng');
  });

  it('shipped: carrier, tracking code and the COD amount to prepare', () => {
    const t = orderEmail('order.shipping', { ...base, shipment: { carrier: 'ghtk', trackingCode: 'S1.A1.99' } }).text;
    expect(t).toContain('Giao Hàng Tiết Kiệm (GHTK)');
    expect(t).toContain('Mã vận đơn: S1.A1.99');
    expect(t).toContain('chuẩn bị 1.250.000đ');
  });

  it('announces a refund in its own emails: what is held when it becomes due, what was given back once refunded', () => {
    // The life-cycle emails no longer promise it themselves (order.refund_pending comes with the same change).
    expect(orderEmail('order.cancelled', { ...base, paidAmount: 50_000 }).text).not.toContain('hoàn');
    expect(orderEmail('order.expired', base).subject).toBe('Đơn hàng MC7K2P9QXR đã hết hạn thanh toán');
    const pending = orderEmail('order.refund_pending', { ...base, status: 'expired', paymentMethod: 'bank_transfer', paidAmount: 80_000, refundedAmount: 0 });
    expect(pending.subject).toBe('Medicare sẽ hoàn tiền cho đơn hàng MC7K2P9QXR');
    expect(pending.text).toContain('Đơn hàng MC7K2P9QXR đã hết hạn thanh toán, và Medicare đang giữ 80.000đ');
    expect(orderEmail('order.refund_pending', { ...base, status: 'returned', paidAmount: 1_250_000 }).text).toContain('đã được hoàn về');
    const done = orderEmail('order.refunded', { ...base, status: 'cancelled', paidAmount: 80_000, refundedAmount: 80_000 });
    expect(done.subject).toBe('Medicare đã hoàn tiền cho đơn hàng MC7K2P9QXR');
    expect(done.text).toContain('Medicare đã hoàn 80.000đ cho đơn hàng MC7K2P9QXR.');
  });

  it('points paid orders to their invoice: on payment, or on delivery for COD', () => {
    const invoice = 'Hóa đơn bán hàng (PDF)';
    expect(orderEmail('order.paid', { ...base, paymentMethod: 'bank_transfer' }).text).toContain(invoice);
    expect(orderEmail('order.delivered', base).text).toContain(invoice);
    expect(orderEmail('order.delivered', { ...base, paymentMethod: 'bank_transfer' }).text).not.toContain(invoice);
    expect(orderEmail('order.created', base).text).not.toContain(invoice);
  });
});
