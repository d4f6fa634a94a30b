'use client';
import Link from 'next/link';
import { useRouter } from 'next/navigation';
import { useEffect, useState } from 'react';
import type { InferResponseType } from 'hono/client';
import { browserApi, type Api } from '../lib/api';
import { formatVnd } from '../lib/format';
import { orderStatusLabel } from '../lib/labels';
import { signInHref } from '../lib/safe-next';
import { useAppDispatch, useAppSelector } from '../store/hooks';
import { sessionActions } from '../store/session';
import { AddressSection, DataRightsSection, MyReviewsSection, PasswordSection, ProfileSection, RefillRemindersSection, SessionsSection } from './AccountSections';
import { MyQuestionsSection } from './questions/MyQuestions'; // #17 questions

/** A row of `GET /v1/orders` (OrderSummarySchema). */
type OrderRow = InferResponseType<Api['v1']['orders']['$get'], 200>['items'][number];

export function Account() {
  const router = useRouter();
  const dispatch = useAppDispatch();
  const { user, checked } = useAppSelector((s) => s.session);
  const [orders, setOrders] = useState<OrderRow[] | null>(null);
  useEffect(() => {
    if (checked && !user) router.replace(signInHref('/tai-khoan'));
    if (!user) return;
    void browserApi()
      .v1.orders.$get({ query: {} })
      .then(async (r) => setOrders(r.ok ? (await r.json()).items : []));
  }, [checked, user, router]);
  if (!user) return <div className="h-40 animate-pulse rounded-xl bg-white" aria-busy="true" />;
  return (
    <div className="grid gap-6 md:grid-cols-[280px_1fr]">
      <section className="h-fit space-y-2 rounded-xl bg-white p-4">
        <p className="text-lg font-semibold">{user.name}</p>
        <p className="text-sm text-slate-600">{user.email}</p>
        {user.phone && <p className="text-sm text-slate-600">{user.phone}</p>}
        <button type="button" onClick={() => (dispatch(sessionActions.logoutRequested()), router.push('/'))} className="mt-3 w-full rounded-lg border border-slate-300 px-4 py-2 text-sm">
          Đăng xuất
        </button>
      </section>
      <div className="space-y-6">
      <section className="rounded-xl bg-white p-4">
        <h2 className="mb-3 text-lg font-semibold">Đơn hàng của tôi</h2>
        {!orders ? (
          <div className="h-24 animate-pulse rounded bg-slate-100" />
        ) : orders.length === 0 ? (
          <p className="text-slate-600">Bạn chưa có đơn hàng nào.</p>
        ) : (
          <ul className="divide-y divide-slate-100">
            {orders.map((o) => (
              <li key={o.code}>
                <Link href={`/don-hang/${o.code}`} className="flex justify-between gap-3 py-3 hover:text-emerald-700">
                  <span>
                    <span className="font-mono font-semibold">{o.code}</span>
                    <span className="block text-xs text-slate-500">{new Date(o.createdAt).toLocaleDateString('vi-VN', { timeZone: 'Asia/Ho_Chi_Minh' })}</span>
                  </span>
                  <span className="text-right">
                    <span className="block font-semibold">{formatVnd(o.total)}</span>
                    <span className="block text-xs text-slate-600" data-testid="order-row-status">
                      {orderStatusLabel(o.status)}
                    </span>
                  </span>
                </Link>
              </li>
            ))}
          </ul>
        )}
      </section>
      <section className="flex flex-wrap items-center justify-between gap-3 rounded-xl bg-white p-4">
        <div>
          <h2 className="text-lg font-semibold">Đơn thuốc và tư vấn</h2>
          <p className="text-sm text-slate-600">Gửi ảnh đơn thuốc, hỏi dược sĩ và xem câu trả lời, báo giá, mã giữ thuốc.</p>
        </div>
        <div className="flex flex-wrap gap-2">
          <Link href="/tai-khoan/don-thuoc" className="rounded-lg border border-emerald-700 px-4 py-2 text-sm font-medium text-emerald-700">
            Yêu cầu đã gửi
          </Link>
          <Link href="/tu-van-duoc-si" className="rounded-lg bg-emerald-700 px-4 py-2 text-sm font-semibold text-white hover:bg-emerald-800">
            Gửi đơn thuốc
          </Link>
        </div>
      </section>
      <MyQuestionsSection />
      <MyReviewsSection />
      <ProfileSection />
      <AddressSection />
      <RefillRemindersSection />
      <PasswordSection />
      <SessionsSection />
      <DataRightsSection />
      </div>
    </div>
  );
}
