'use client';
import { useEffect, useState } from 'react';
import { recommendationBrowserApi } from '../lib/api';
import type { ProductCardData } from './ProductCard';
import { ProductShelf } from './ProductShelf';

/**
 * #18: "Dành cho bạn" — products related to what this shopper bought and viewed, each with the server's reason; with no
 * history yet, what is selling now. Per shopper, so fetched from the browser and never part of a cached page.
 */
export function ForYou() {
  const [page, setPage] = useState<{ basis: 'history' | 'trending'; items: ProductCardData[] } | null>(null);
  useEffect(() => {
    let live = true;
    recommendationBrowserApi()
      .v1.recommendations['for-you'].$get({ query: { limit: '8' } })
      .then((res) => (res.ok ? res.json() : null))
      .then((body) => live && body && setPage(body))
      .catch(() => undefined);
    return () => {
      live = false;
    };
  }, []);
  if (!page) return null;
  return page.basis === 'history' ? (
    <ProductShelf id="for-you" title="Dành cho bạn" items={page.items}>
      <p className="-mt-2 mb-3 text-sm text-slate-600">Gợi ý từ đơn hàng và sản phẩm bạn đã xem.</p>
    </ProductShelf>
  ) : (
    <ProductShelf id="for-you" title="Đang được quan tâm" items={page.items} />
  );
}
