import { describe, expect, it } from 'vitest';
import { ORDER_EMAIL_EVENTS, orderEmail, type OrderEmailFacts } from '../src/mail/order-templates';
import { formatVnd } from '../src/text';

const base: OrderEmailFacts = { code: 'MC7K2P9QXR', recipientName: 'Trần Minh Đức', email: 'duc@example.vn', paymentMethod: 'cod', status: 'confirmed', total: 1_250_000, paidAmount: 0, orderUrl: 'https://medicare.vn/don-hang/MC7K2P9QXR' };

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

  it('promises a refund only when money was received', () => {
    expect(orderEmail('order.cancelled', base).text).not.toContain('hoàn lại');
    expect(orderEmail('order.cancelled', { ...base, paidAmount: 50_000 }).text).toContain('50.000đ bạn đã chuyển sẽ được hoàn lại');
    expect(orderEmail('order.returned', { ...base, paidAmount: 1_250_000 }).text).toContain('sẽ được hoàn lại');
    expect(orderEmail('order.expired', base).subject).toBe('Đơn hàng MC7K2P9QXR đã hết hạn thanh toán');
  });

  it('points paid orders to their invoice: on payment, or on delivery for COD', () => {
    const invoice = 'Hóa đơn bán hàng (PDF)';
    expect(orderEmail('order.paid', { ...base, paymentMethod: 'bank_transfer' }).text).toContain(invoice);
    expect(orderEmail('order.delivered', base).text).toContain(invoice);
    expect(orderEmail('order.delivered', { ...base, paymentMethod: 'bank_transfer' }).text).not.toContain(invoice);
    expect(orderEmail('order.created', base).text).not.toContain(invoice);
  });
});
