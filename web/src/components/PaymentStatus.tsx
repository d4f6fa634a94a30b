'use client';
import Link from 'next/link';
import { useEffect, useState } from 'react';
import type { InferResponseType } from 'hono/client';
import { apiError, browserApi, type Api } from '../lib/api';
import { formatVnd } from '../lib/format';

/** The payment as `GET /v1/orders/{code}/payment` answers it (and the events stream sends it): PaymentStatusViewSchema. */
type Payment = InferResponseType<Api['v1']['orders'][':code']['payment']['$get'], 200>;

const PAID = ['paid', 'overpaid'];

function useCountdown(until: number | null) {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    if (!until) return;
    const t = setInterval(() => setNow(Date.now()), 1000);
    return () => clearInterval(t);
  }, [until]);
  if (!until) return null;
  const s = Math.max(0, Math.floor((until - now) / 1000));
  return `${String(Math.floor(s / 60)).padStart(2, '0')}:${String(s % 60).padStart(2, '0')}`;
}

function Copy({ label, value }: { label: string; value: string }) {
  const [done, setDone] = useState(false);
  return (
    <div className="flex items-center justify-between gap-3 border-b border-slate-100 py-2">
      <div>
        <dt className="text-xs text-slate-500">{label}</dt>
        <dd className="font-semibold">{value}</dd>
      </div>
      <button
        type="button"
        className="rounded-lg border border-emerald-700 px-3 py-1 text-sm text-emerald-700"
        onClick={async () => {
          await navigator.clipboard?.writeText(value).catch(() => undefined);
          setDone(true);
          setTimeout(() => setDone(false), 1500);
        }}
      >
        {done ? 'Đã chép' : 'Sao chép'}
      </button>
    </div>
  );
}

/**
 * The bank-transfer page: VietQR, bank details with copy buttons, amount, code, countdown, and live status — server-sent
 * events from the api (through the same-origin gateway), falling back to polling every 5 s if the stream drops.
 */
export function PaymentStatus({ code }: { code: string }) {
  const [p, setP] = useState<Payment | null>(null);
  const [error, setError] = useState<string | null>(null);

  useEffect(() => {
    let stop = false;
    let poll: ReturnType<typeof setInterval> | null = null;
    const load = async () => {
      const res = await browserApi().v1.orders[':code'].payment.$get({ param: { code } });
      if (stop) return;
      if (!res.ok) return setError((await apiError(res)).message);
      setP(await res.json());
    };
    void load();
    // Guests are recognised by the order's guest pass cookie, sent with the stream like any same-origin request.
    const es = new EventSource(`/v1/orders/${code}/payment/events`);
    es.addEventListener('payment', (e) => setP(JSON.parse((e as MessageEvent).data) as Payment));
    es.onerror = () => {
      es.close();
      poll ??= setInterval(load, 5000);
    };
    return () => {
      stop = true;
      es.close();
      if (poll) clearInterval(poll);
    };
  }, [code]);

  const countdown = useCountdown(p?.instructions?.expiresAt ?? null);
  if (error) return <p className="rounded-xl bg-white p-6 text-red-700">{error}</p>;
  if (!p) return <div className="h-64 animate-pulse rounded-xl bg-white" aria-busy="true" aria-label="Đang tải thông tin thanh toán" />;
  const orderHref = `/don-hang/${code}`;

  if (PAID.includes(p.paymentStatus)) {
    return (
      <div className="rounded-xl bg-white p-6 text-center" data-testid="payment-paid">
        <p className="text-2xl font-bold text-emerald-700">Đã thanh toán</p>
        <p className="mt-2 text-slate-700">
          Medicare đã nhận {formatVnd(p.paidAmount)} cho đơn hàng {p.code}. Đơn hàng đang được chuẩn bị.
        </p>
        <Link href={orderHref} className="mt-4 inline-block rounded-lg bg-emerald-700 px-4 py-2 font-semibold text-white">
          Xem đơn hàng
        </Link>
      </div>
    );
  }
  if (!p.instructions) {
    return (
      <div className="rounded-xl bg-white p-6 text-center">
        <p className="font-semibold">Đơn hàng {p.code} không còn chờ chuyển khoản.</p>
        <Link href={orderHref} className="mt-4 inline-block text-emerald-700 underline">
          Xem đơn hàng
        </Link>
      </div>
    );
  }
  const i = p.instructions;
  return (
    <div className="grid gap-6 md:grid-cols-2">
      <div className="rounded-xl bg-white p-4 text-center">
        <p className="mb-2 text-sm text-slate-600">Quét mã bằng ứng dụng ngân hàng</p>
        {/* eslint-disable-next-line @next/next/no-img-element -- SePay's VietQR image, already sized */}
        <img src={i.qrImageUrl} alt={`Mã VietQR chuyển ${formatVnd(i.amount)} với nội dung ${i.transferContent}`} width={280} height={280} className="mx-auto h-auto w-64 max-w-full" />
        {countdown && (
          <p className="mt-3 text-sm" data-testid="payment-countdown">
            Đơn hàng được giữ trong <span className="font-mono font-bold text-amber-700">{countdown}</span>
          </p>
        )}
        <p className="mt-2 text-sm text-slate-600" data-testid="payment-waiting" aria-live="polite">
          Đang chờ thanh toán… Trang sẽ tự cập nhật khi Medicare nhận được tiền.
        </p>
      </div>
      <dl className="rounded-xl bg-white p-4">
        <Copy label="Ngân hàng" value={i.bankName} />
        <Copy label="Số tài khoản" value={i.accountNumber} />
        <Copy label="Chủ tài khoản" value={i.accountHolder} />
        <Copy label="Số tiền" value={formatVnd(i.amount)} />
        <Copy label="Nội dung chuyển khoản (bắt buộc)" value={i.transferContent} />
        <p className="mt-3 text-xs text-slate-500">Vui lòng ghi đúng nội dung để đơn hàng được xác nhận tự động.</p>
      </dl>
    </div>
  );
}
