'use client';
/** "Đánh giá của tôi" on the account page (#17): my reviews with their status (pending, approved, hidden and why). */
import Link from 'next/link';
import { useEffect, useState } from 'react';
import type { InferResponseType } from 'hono/client';
import { browserApi, type Api } from '../../lib/api';
import { Stars } from './Stars';

type Page = InferResponseType<Api['v1']['me']['reviews']['$get'], 200>;
type Review = Page['items'][number];

const STATUS_CLASS: Record<Review['status'], string> = {
  pending: 'bg-amber-100 text-amber-800',
  approved: 'bg-emerald-100 text-emerald-800',
  hidden: 'bg-slate-100 text-slate-700',
};
const day = (ms: number) => new Date(ms).toLocaleDateString('vi-VN', { timeZone: 'Asia/Ho_Chi_Minh' });

export function MyReviewsSection() {
  const [items, setItems] = useState<Review[] | null>(null);
  const [next, setNext] = useState<string | null>(null);
  const load = async (cursor?: string) => {
    const r = await browserApi().v1.me.reviews.$get({ query: cursor ? { cursor } : {} });
    const page: Page = r.ok ? await r.json() : { items: [], nextCursor: null };
    setItems((prev) => [...(cursor ? (prev ?? []) : []), ...page.items]);
    setNext(page.nextCursor);
  };
  useEffect(() => {
    load().catch(() => setItems([]));
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, []);
  return (
    <section id="danh-gia-cua-toi" className="space-y-3 rounded-xl bg-white p-4" data-testid="my-reviews">
      <h2 className="text-lg font-semibold">Đánh giá của tôi</h2>
      {items === null ? (
        <div className="h-16 animate-pulse rounded bg-slate-100" />
      ) : items.length === 0 ? (
        <p className="text-sm text-slate-600">Bạn chưa viết đánh giá nào. Bạn có thể đánh giá sản phẩm trong đơn hàng đã nhận.</p>
      ) : (
        <ul className="divide-y divide-slate-100 text-sm">
          {items.map((r) => (
            <li key={r.id} className="space-y-1 py-2">
              <div className="flex flex-wrap items-center justify-between gap-2">
                <Link href={`/san-pham/${r.product.slug}`} className="font-medium text-emerald-700 hover:underline">
                  {r.product.name}
                </Link>
                <span className={`rounded px-1.5 text-xs ${STATUS_CLASS[r.status]}`}>{r.statusLabel}</span>
              </div>
              <p className="flex items-center gap-2 text-xs text-slate-500">
                <Stars value={r.rating} className="text-sm" /> Đơn {r.orderCode} · {day(r.createdAt)}
              </p>
              <p className="whitespace-pre-line text-slate-800">{r.body}</p>
              {r.hiddenReason && <p className="text-xs text-slate-600">Lý do ẩn: {r.hiddenReason.label}</p>}
              {r.reply && (
                <p className="whitespace-pre-line rounded-lg bg-emerald-50 p-2 text-slate-800">
                  <span className="block text-xs font-semibold text-emerald-800">{r.reply.heading}:</span>
                  {r.reply.body}
                </p>
              )}
            </li>
          ))}
        </ul>
      )}
      {next && (
        <button type="button" onClick={() => void load(next)} className="rounded-lg border border-slate-300 px-4 py-2 text-sm">
          Xem thêm
        </button>
      )}
    </section>
  );
}
