'use client';
import Link from 'next/link';
import { useCallback, useEffect, useState } from 'react';
import type { InferResponseType } from 'hono/client';
import { apiError, browserApi, type Api } from '../lib/api';
import { formatVnd } from '../lib/format';
import { paymentMethodLabel, paymentStatusLabel } from '../lib/labels';
import { useAppSelector } from '../store/hooks';
import { MoneyRows } from './MoneyRows';
import { OrderReviews } from './reviews/OrderReviews';

/** The order as `GET /v1/orders/{code}` answers it (the api's OrderDetailSchema, through hono/client). */
type Order = InferResponseType<Api['v1']['orders'][':code']['$get'], 200>;

const CARRIERS: Record<string, string> = { ghn: 'Giao Hàng Nhanh', ghtk: 'Giao Hàng Tiết Kiệm', internal: 'Medicare' };
const when = (ms: number) => new Date(ms).toLocaleString('vi-VN', { timeZone: 'Asia/Ho_Chi_Minh', hour: '2-digit', minute: '2-digit', day: '2-digit', month: '2-digit', year: 'numeric' });

/**
 * One order: the owner's view when signed in; a guest sees it with the order's guest pass (an HttpOnly cookie set by
 * the lookup or at checkout), so the phone number never appears in a URL.
 */
export function OrderDetail({ code }: { code: string }) {
  const user = useAppSelector((s) => s.session.user);
  const checked = useAppSelector((s) => s.session.checked);
  const [order, setOrder] = useState<Order | null>(null);
  const [error, setError] = useState<string | null>(null);

  const load = useCallback(async () => {
    const res = await browserApi().v1.orders[':code'].$get({ param: { code } });
    if ((res.status as number) === 401) return setError('Vui lòng đăng nhập hoặc tra cứu đơn hàng bằng số điện thoại đã đặt.');
    if (!res.ok) return setError((await apiError(res)).message);
    setOrder(await res.json());
  }, [code, user]);
  useEffect(() => {
    if (checked) void load();
  }, [checked, load]);

  if (error) {
    return (
      <div className="rounded-xl bg-white p-6">
        <p className="mb-3 text-red-700">{error}</p>
        <Link href="/tra-cuu-don-hang" className="text-emerald-700 underline">
          Tra cứu đơn hàng
        </Link>
      </div>
    );
  }
  if (!order) return <div className="h-64 animate-pulse rounded-xl bg-white" aria-busy="true" aria-label="Đang tải đơn hàng" />;
  const paid = ['paid', 'overpaid'].includes(order.paymentStatus);
  const cancel = async () => {
    if (!confirm('Bạn chắc chắn muốn hủy đơn hàng này?')) return;
    const res = await browserApi().v1.orders[':code'].cancel.$post({ param: { code } });
    if (!res.ok) return setError((await apiError(res)).message);
    await load();
  };
  return (
    <div className="grid gap-6 md:grid-cols-[1fr_320px]">
      <div className="space-y-4">
        <section className="rounded-xl bg-white p-4">
          <p className="text-sm text-slate-500">Đặt lúc {when(order.createdAt)}</p>
          <p className="text-lg font-semibold" data-testid="order-status">
            {order.statusLabel}
          </p>
          {order.status === 'pending_payment' && (
            <Link href={`/don-hang/${order.code}/thanh-toan`} className="mt-2 inline-block rounded-lg bg-emerald-700 px-4 py-2 text-sm font-semibold text-white">
              Thanh toán ngay
            </Link>
          )}
        </section>
        <section className="rounded-xl bg-white p-4">
          <h2 className="mb-3 font-semibold">Hành trình đơn hàng</h2>
          <ol className="space-y-3 border-l-2 border-emerald-200 pl-4">
            {[...order.timeline.map((t) => ({ label: t.label, at: t.at })), ...(order.delivery?.events ?? [])]
              .sort((a, b) => a.at - b.at)
              .map((t, i) => (
                <li key={i} className="relative">
                  <span className="absolute -left-[1.4rem] top-1.5 h-2.5 w-2.5 rounded-full bg-emerald-600" aria-hidden="true" />
                  <p className="font-medium">{t.label}</p>
                  <p className="text-xs text-slate-500">{when(t.at)}</p>
                </li>
              ))}
          </ol>
          {order.delivery?.shipments.map((s) => (
            <p key={s.trackingCode} className="mt-3 text-sm text-slate-700">
              {CARRIERS[s.carrier] ?? s.carrier} · mã vận đơn <span className="font-mono">{s.trackingCode}</span> · {s.label}
            </p>
          ))}
        </section>
        <section className="rounded-xl bg-white p-4">
          <h2 className="mb-3 font-semibold">Sản phẩm</h2>
          <ul className="space-y-2 text-sm">
            {order.lines.map((l, i) => (
              <li key={i} className="flex justify-between gap-3">
                <Link href={`/san-pham/${l.productSlug}`} className="hover:text-emerald-700">
                  {l.productName} <span className="text-slate-500">× {l.quantity} {l.unitName}</span>
                </Link>
                <span>{formatVnd(l.lineTotal)}</span>
              </li>
            ))}
          </ul>
        </section>
        {user && <OrderReviews orderCode={order.code} />}
      </div>
      <aside className="h-fit space-y-3 rounded-xl bg-white p-4 text-sm">
        <p>
          <span className="font-semibold">{order.recipient.name}</span> · {order.recipient.phone}
          <br />
          {order.recipient.street}, {order.recipient.ward.name}, {order.recipient.province.name}
        </p>
        <MoneyRows subtotal={order.subtotal} shipping={order.shippingFee} discount={order.orderDiscount + order.shippingDiscount} total={order.total}>
          <div className="flex justify-between">
            <dt>{paymentMethodLabel(order.paymentMethod)}</dt>
            <dd data-testid="order-payment-status">{paymentStatusLabel(order.paymentStatus)}</dd>
          </div>
        </MoneyRows>
        {paid && (
          <a href={`/v1/orders/${order.code}/invoice.pdf`} className="block rounded-lg border border-emerald-700 px-4 py-2 text-center font-medium text-emerald-700">
            Tải hóa đơn (PDF)
          </a>
        )}
        {user && order.canCancel && (
          <button type="button" onClick={cancel} className="w-full rounded-lg border border-red-600 px-4 py-2 font-medium text-red-600">
            Hủy đơn hàng
          </button>
        )}
      </aside>
    </div>
  );
}
