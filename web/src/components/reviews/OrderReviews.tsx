'use client';
import dynamic from 'next/dynamic';
import { useEffect, useState } from 'react';

/** The form loads only when the shopper opens it (storefront JavaScript stays small). */
const ReviewForm = dynamic(() => import('./ReviewForm').then((m) => m.ReviewForm), { ssr: false, loading: () => <p className="text-sm text-slate-500">Đang tải…</p> });

interface Line {
  orderCode: string;
  productId: string;
  productSlug: string;
  productName: string;
}

/**
 * On a received order: its products not reviewed yet (the api's `/v1/me/reviewable` decides what was received), each
 * with "Viết đánh giá". Shows nothing when there is nothing to review.
 */
export function OrderReviews({ orderCode }: { orderCode: string }) {
  const [lines, setLines] = useState<Line[]>([]);
  const [open, setOpen] = useState<string | null>(null);
  const [sent, setSent] = useState<string[]>([]);
  useEffect(() => {
    void fetch('/v1/me/reviewable', { credentials: 'same-origin' })
      .then((r) => (r.ok ? (r.json() as Promise<{ items: Line[] }>) : { items: [] }))
      .then((b) => setLines(b.items.filter((l) => l.orderCode === orderCode)))
      .catch(() => undefined);
  }, [orderCode]);
  if (lines.length === 0 && sent.length === 0) return null;
  return (
    <section className="rounded-xl bg-white p-4" data-testid="order-reviews">
      <h2 className="mb-3 font-semibold">Đánh giá sản phẩm đã nhận</h2>
      {sent.length > 0 && (
        <p role="status" className="mb-2 text-sm text-emerald-800">
          Cảm ơn bạn! Đánh giá sẽ hiển thị sau khi được kiểm duyệt.
        </p>
      )}
      <ul className="space-y-3 text-sm">
        {lines
          .filter((l) => !sent.includes(l.productId))
          .map((l) => (
            <li key={l.productId}>
              <div className="flex items-center justify-between gap-3">
                <span>{l.productName}</span>
                {open !== l.productId && (
                  <button type="button" onClick={() => setOpen(l.productId)} className="rounded-lg border border-emerald-700 px-3 py-1 font-medium text-emerald-700">
                    Viết đánh giá
                  </button>
                )}
              </div>
              {open === l.productId && (
                <ReviewForm
                  orderCode={l.orderCode}
                  productId={l.productId}
                  productName={l.productName}
                  onDone={() => {
                    setSent((s) => [...s, l.productId]);
                    setOpen(null);
                  }}
                />
              )}
            </li>
          ))}
      </ul>
    </section>
  );
}
