import Link from 'next/link';
import type { ReactNode } from 'react';
import { ProductCard, type ProductCardData } from './ProductCard';

/** #17: a titled row of product cards (home shelves, related products, recently viewed); nothing when empty. */
export function ProductShelf({ id, title, items, more, children }: { id: string; title: string; items: ProductCardData[]; more?: string; children?: ReactNode }) {
  if (items.length === 0) return null;
  return (
    <section aria-labelledby={`shelf-${id}`} data-testid={`shelf-${id}`}>
      <div className="mb-3 flex items-baseline justify-between">
        <h2 id={`shelf-${id}`} className="text-lg font-semibold">
          {title}
        </h2>
        {more && (
          <Link href={more} className="text-sm text-emerald-700 hover:underline">
            Xem tất cả
          </Link>
        )}
      </div>
      {children}
      <div className="grid grid-cols-2 gap-3 sm:grid-cols-3 lg:grid-cols-4">
        {items.map((p) => (
          <ProductCard key={p.slug} p={p} />
        ))}
      </div>
    </section>
  );
}
