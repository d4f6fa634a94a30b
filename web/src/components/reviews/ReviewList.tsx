'use client';
import { useState } from 'react';
import type { ProductReviewsAnswer } from './ProductReviews';
import { Stars } from './Stars';

type Review = ProductReviewsAnswer['items'][number];
const day = (ms: number) => new Date(ms).toLocaleDateString('vi-VN', { timeZone: 'Asia/Ho_Chi_Minh' });
const errorMessage = async (res: Response) => ((await res.json().catch(() => null)) as { error?: { message?: string } } | null)?.error?.message ?? 'Không thực hiện được, vui lòng thử lại.';

/** "Hữu ích": one vote per account (the api decides: not on your own review, idempotent). */
function Helpful({ review }: { review: Review }) {
  const [count, setCount] = useState(review.helpfulCount);
  const [note, setNote] = useState<string | null>(null);
  const [voted, setVoted] = useState(false);
  const vote = async () => {
    const res = await fetch(`/v1/reviews/${review.id}/helpful`, { method: 'POST', credentials: 'same-origin' }).catch(() => null);
    if (!res) return setNote('Không kết nối được, vui lòng thử lại.');
    if (res.status === 401) return setNote('Vui lòng đăng nhập để bình chọn.');
    if (!res.ok) return setNote(await errorMessage(res));
    setCount(((await res.json()) as { helpfulCount: number }).helpfulCount);
    setVoted(true);
    setNote(null);
  };
  return (
    <p className="mt-2 flex items-center gap-2 text-sm text-slate-600">
      <button type="button" onClick={() => void vote()} disabled={voted} className="rounded border border-slate-300 px-2 py-0.5 hover:border-emerald-600 disabled:opacity-60" aria-pressed={voted}>
        👍 Hữu ích ({count})
      </button>
      {note && <span role="status">{note}</span>}
    </p>
  );
}

function ReviewItem({ r }: { r: Review }) {
  return (
    <li className="border-t border-slate-100 py-3 first:border-t-0" data-testid="review">
      <div className="flex flex-wrap items-center gap-2 text-sm">
        <Stars value={r.rating} />
        <span className="font-medium">{r.authorName}</span>
        <span className="rounded bg-emerald-50 px-1.5 text-xs text-emerald-800">Đã mua hàng</span>
        <span className="text-slate-500">{day(r.createdAt)}</span>
      </div>
      <p className="mt-1 whitespace-pre-line text-sm text-slate-800">{r.body}</p>
      {r.photos.length > 0 && (
        <ul className="mt-2 flex gap-2" aria-label="Ảnh của người đánh giá">
          {r.photos.map((p) => (
            <li key={p.id}>
              <a href={p.url} target="_blank" rel="noopener">
                {/* eslint-disable-next-line @next/next/no-img-element -- review photos are served as stored (no resize route) */}
                <img src={p.url} alt="Ảnh đánh giá" loading="lazy" width={80} height={80} className="h-20 w-20 rounded border border-slate-200 object-cover" />
              </a>
            </li>
          ))}
        </ul>
      )}
      {r.reply && (
        <div className="mt-2 rounded-lg bg-slate-50 p-3 text-sm" data-testid="review-reply">
          <p className="font-semibold text-emerald-800">{r.reply.heading}</p>
          <p className="mt-1 whitespace-pre-line text-slate-800">{r.reply.body}</p>
        </div>
      )}
      <Helpful review={r} />
    </li>
  );
}

/** The list: star filter, newest / most helpful, "Xem thêm" pages through the api's cursor. */
export function ReviewList({ slug, initial }: { slug: string; initial: ProductReviewsAnswer }) {
  const [star, setStar] = useState<number | null>(null);
  const [sort, setSort] = useState<'newest' | 'helpful'>('newest');
  const [items, setItems] = useState(initial.items);
  const [next, setNext] = useState(initial.nextCursor);
  const [busy, setBusy] = useState(false);
  const load = async (s: number | null, o: 'newest' | 'helpful', cursor: string | null) => {
    setBusy(true);
    const q = new URLSearchParams({ sort: o, limit: '10' });
    if (s) q.set('star', String(s));
    if (cursor) q.set('cursor', cursor);
    const res = await fetch(`/v1/product-reviews/${encodeURIComponent(slug)}?${q}`).catch(() => null);
    setBusy(false);
    if (!res?.ok) return;
    const page = (await res.json()) as ProductReviewsAnswer;
    setItems((old) => (cursor ? [...old, ...page.items] : page.items));
    setNext(page.nextCursor);
  };
  const pick = (s: number | null, o = sort) => {
    setStar(s);
    setSort(o);
    void load(s, o, null);
  };
  const h = initial.summary.histogram;
  return (
    <div>
      <div className="mb-2 flex flex-wrap items-center gap-2 text-sm" role="group" aria-label="Lọc theo số sao">
        {[null, 5, 4, 3, 2, 1].map((s) => (
          <button key={s ?? 0} type="button" onClick={() => pick(s)} aria-pressed={star === s} className={`rounded-full border px-3 py-1 ${star === s ? 'border-emerald-700 bg-emerald-50 text-emerald-800' : 'border-slate-300'}`}>
            {s === null ? 'Tất cả' : `${s} sao (${h[String(s) as '5']})`}
          </button>
        ))}
        <label className="ml-auto flex items-center gap-1">
          Sắp xếp
          <select value={sort} onChange={(e) => pick(star, e.target.value as 'newest' | 'helpful')} className="rounded border border-slate-300 px-2 py-1">
            <option value="newest">Mới nhất</option>
            <option value="helpful">Hữu ích nhất</option>
          </select>
        </label>
      </div>
      {items.length === 0 ? <p className="py-3 text-sm text-slate-600">Không có đánh giá phù hợp.</p> : <ul aria-busy={busy}>{items.map((r) => <ReviewItem key={r.id} r={r} />)}</ul>}
      {next && (
        <button type="button" disabled={busy} onClick={() => void load(star, sort, next)} className="mt-2 rounded-lg border border-emerald-700 px-4 py-1.5 text-sm font-medium text-emerald-700">
          Xem thêm đánh giá
        </button>
      )}
    </div>
  );
}
