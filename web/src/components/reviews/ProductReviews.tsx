import type { InferResponseType } from 'hono/client';
import { serverApi, type Api } from '../../lib/api';
import { ReviewList } from './ReviewList';
import { Stars } from './Stars';

export type ProductReviewsAnswer = InferResponseType<Api['v1']['product-reviews'][':slug']['$get'], 200>;

/**
 * The product page's reviews (#17): the average of approved reviews, the histogram per star, then the list (star
 * filter, sort, more pages, "helpful", pharmacist replies). Rendered on the server; the list is a small client part.
 */
export async function ProductReviews({ slug }: { slug: string }) {
  const res = await (await serverApi()).v1['product-reviews'][':slug'].$get({ param: { slug }, query: { limit: '5' } }).catch(() => null);
  if (!res || !res.ok) return null;
  const data = (await res.json()) as ProductReviewsAnswer;
  const { average, count, histogram } = data.summary;
  return (
    <section className="mt-6 rounded-xl bg-white p-4" aria-labelledby="danh-gia" data-testid="product-reviews">
      <h2 id="danh-gia" className="mb-3 text-lg font-semibold">
        Đánh giá sản phẩm
      </h2>
      {count === 0 ? (
        <p className="text-sm text-slate-600">Chưa có đánh giá nào. Chỉ khách hàng đã mua và nhận sản phẩm tại Medicare mới có thể đánh giá.</p>
      ) : (
        <div className="grid gap-6 md:grid-cols-[220px_1fr]">
          <div>
            <p className="text-4xl font-bold" data-testid="rating-average">
              {average.toLocaleString('vi-VN', { maximumFractionDigits: 1 })}
              <span className="text-base font-normal text-slate-500">/5</span>
            </p>
            <Stars value={average} className="text-xl" />
            <p className="text-sm text-slate-600" data-testid="rating-count">
              {count} đánh giá từ người đã mua
            </p>
            <ul className="mt-3 space-y-1 text-sm" aria-label="Số đánh giá theo số sao">
              {(['5', '4', '3', '2', '1'] as const).map((s) => (
                <li key={s} className="flex items-center gap-2">
                  <span className="w-8 shrink-0">{s} ★</span>
                  <span className="h-2 flex-1 overflow-hidden rounded bg-slate-100">
                    <span className="block h-full bg-amber-400" style={{ width: `${count ? Math.round((histogram[s] / count) * 100) : 0}%` }} />
                  </span>
                  <span className="w-8 shrink-0 text-right text-slate-600">{histogram[s]}</span>
                </li>
              ))}
            </ul>
          </div>
          <ReviewList slug={slug} initial={data} />
        </div>
      )}
    </section>
  );
}
