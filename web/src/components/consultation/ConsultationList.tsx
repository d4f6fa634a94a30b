'use client';
import Link from 'next/link';
import { useEffect, useState } from 'react';
import type { InferResponseType } from 'hono/client';
import { browserApi, type Api } from '../../lib/api';
import { useAppSelector } from '../../store/hooks';
import { statusStyle, when } from './format';

/** A row of `GET /v1/consultations` (the caller's own: account, or the confirmed guest's). */
type Row = InferResponseType<Api['v1']['consultations']['$get'], 200>['items'][number];

/** The shopper's consultations, newest first, each linking to its page. */
export function ConsultationList() {
  const { user, checked } = useAppSelector((s) => s.session);
  const [items, setItems] = useState<Row[] | null>(null);
  const [state, setState] = useState<'loading' | 'ready' | 'signed-out' | 'error'>('loading');
  useEffect(() => {
    if (!checked) return;
    void browserApi()
      .v1.consultations.$get()
      .then(async (r) => {
        if ((r.status as number) === 401) return setState('signed-out');
        if (!r.ok) return setState('error');
        setItems((await r.json()).items);
        setState('ready');
      })
      .catch(() => setState('error'));
  }, [checked, user]);

  if (state === 'signed-out') {
    return (
      <div className="space-y-3 rounded-xl bg-white p-6">
        <p>Đăng nhập để xem các yêu cầu tư vấn và đơn thuốc bạn đã gửi. Nếu bạn gửi khi chưa đăng nhập, hãy mở đường dẫn trong email Medicare đã gửi cho bạn.</p>
        <div className="flex flex-wrap gap-3">
          <Link href={`/dang-nhap?next=${encodeURIComponent('/tai-khoan/don-thuoc')}`} className="rounded-lg bg-emerald-700 px-4 py-2 font-semibold text-white">
            Đăng nhập
          </Link>
          <Link href="/tu-van-duoc-si" className="rounded-lg border border-emerald-700 px-4 py-2 font-medium text-emerald-700">
            Gửi đơn thuốc mới
          </Link>
        </div>
      </div>
    );
  }
  if (state === 'error') {
    return (
      <p role="alert" className="rounded-xl bg-white p-6 text-red-700">
        Chưa tải được danh sách yêu cầu tư vấn. Vui lòng thử lại sau.
      </p>
    );
  }
  return (
    <section className="space-y-3 rounded-xl bg-white p-4" aria-busy={!items}>
      <div className="flex flex-wrap items-center justify-between gap-3">
        <p className="text-sm text-slate-600">Ảnh đơn thuốc, câu hỏi của bạn và trả lời của dược sĩ.</p>
        <Link href="/tu-van-duoc-si" className="rounded-lg bg-emerald-700 px-4 py-2 text-sm font-semibold text-white hover:bg-emerald-800">
          Gửi đơn thuốc mới
        </Link>
      </div>
      {!items ? (
        <div className="h-24 animate-pulse rounded bg-slate-100" />
      ) : items.length === 0 ? (
        <p className="text-slate-600">Bạn chưa gửi yêu cầu tư vấn nào.</p>
      ) : (
        <ul className="divide-y divide-slate-100" data-testid="consultation-list">
          {items.map((c) => (
            <li key={c.code}>
              <Link href={`/tai-khoan/don-thuoc/${c.code}`} className="flex flex-wrap items-center justify-between gap-3 py-3 hover:text-emerald-700">
                <span className="min-w-0 flex-1">
                  <span className="font-mono font-semibold">{c.code}</span>
                  <span className="block truncate text-sm text-slate-600">{c.productNames.length ? c.productNames.join(', ') : 'Ảnh đơn thuốc / câu hỏi'}</span>
                  <span className="block text-xs text-slate-500">Gửi lúc {when(c.createdAt)}</span>
                </span>
                <span className={`rounded-full px-3 py-1 text-xs font-semibold ${statusStyle(c.status)}`}>{c.statusLabel}</span>
              </Link>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
