import Image from 'next/image';
import Link from 'next/link';
import type { InferResponseType } from 'hono/client';
import type { Api } from '../lib/api';
import { formatVnd } from '../lib/format';

/** What a card shows of a product: the api's ProductSummary (`GET /v1/products`, search), through hono/client. */
export type ProductCardData = Pick<
  InferResponseType<Api['v1']['products']['$get'], 200>['items'][number],
  'slug' | 'name' | 'packSpec' | 'prescriptionRequired' | 'purchaseMode' | 'brand' | 'image' | 'defaultUnit' | 'inStock'
> & { rating?: { average: number; count: number }; /** #18: why a recommendation shows this product (written by the server). */ reason?: string };

export function ProductCard({ p, priority = false }: { p: ProductCardData; priority?: boolean }) {
  const u = p.defaultUnit;
  return (
    <article className="group flex flex-col overflow-hidden rounded-xl border border-slate-200 bg-white transition hover:shadow-md" data-testid="product-card">
      <Link href={`/san-pham/${p.slug}`} className="flex flex-1 flex-col">
        <div className="relative aspect-square bg-slate-50">
          {p.image ? (
            <Image src={p.image.url} alt={p.image.alt} fill sizes="(max-width: 640px) 50vw, (max-width: 1024px) 33vw, 240px" className="object-contain p-3" priority={priority} fetchPriority={priority ? 'high' : undefined} />
          ) : (
            <div className="flex h-full items-center justify-center text-xs text-slate-600">Chưa có ảnh</div>
          )}
          {u.onSale && <span className="absolute left-2 top-2 rounded bg-red-600 px-1.5 py-0.5 text-xs font-bold text-white">-{u.discountPercent}%</span>}
          {p.prescriptionRequired && <span className="absolute right-2 top-2 rounded bg-amber-100 px-1.5 py-0.5 text-xs font-semibold text-amber-800">Thuốc kê đơn</span>}
        </div>
        <div className="flex flex-1 flex-col gap-1 p-3">
          <p className="text-xs text-slate-500">{p.brand.name}</p>
          <h3 className="line-clamp-2 text-sm font-medium text-slate-900 group-hover:text-emerald-700">{p.name}</h3>
          <p className="text-xs text-slate-500">{p.packSpec}</p>
          {p.reason && <p className="text-xs text-emerald-800">{p.reason}</p>}
          {p.rating && p.rating.count > 0 && (
            <p className="text-xs text-slate-600" aria-label={`${p.rating.average} trên 5 sao, ${p.rating.count} đánh giá`}>
              <span className="text-amber-500" aria-hidden="true">★</span> {p.rating.average.toLocaleString('vi-VN', { maximumFractionDigits: 1 })} ({p.rating.count})
            </p>
          )}
          <div className="mt-auto pt-2">
            {p.purchaseMode === 'consultation' ? (
              <p className="text-sm font-semibold text-amber-700">Cần tư vấn dược sĩ</p>
            ) : (
              <p className="text-base font-bold text-emerald-700">
                {formatVnd(u.price)}
                <span className="text-xs font-normal text-slate-500"> / {u.name}</span>
                {u.onSale && <s className="ml-1 text-xs font-normal text-slate-600">
                    <span className="sr-only">Giá gốc </span>
                    {formatVnd(u.listPrice)}
                  </s>}
              </p>
            )}
            {!p.inStock && <p className="text-xs text-red-600">Tạm hết hàng</p>}
          </div>
        </div>
      </Link>
    </article>
  );
}

export function ProductGrid({ items }: { items: ProductCardData[] }) {
  if (!items.length) return <p className="rounded-lg bg-white p-6 text-center text-slate-600">Không có sản phẩm phù hợp.</p>;
  return (
    <div className="grid grid-cols-2 gap-3 sm:grid-cols-3 lg:grid-cols-4">
      {items.map((p, i) => (
        <ProductCard key={p.slug} p={p} priority={i < 4} />
      ))}
    </div>
  );
}
