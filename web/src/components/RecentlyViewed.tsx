'use client';
import { useEffect, useState } from 'react';
import { browserApi } from '../lib/api';
import type { ProductCardData } from './ProductCard';
import { ProductShelf } from './ProductShelf';

/**
 * #17: "Sản phẩm đã xem" — per shopper (guest cookie or account), so fetched from the browser and never part of a
 * cached page. On a product page (`productId`) it records the view and shows the others; on the home page, the list.
 */
export function RecentlyViewed({ productId }: { productId?: string }) {
  const [items, setItems] = useState<ProductCardData[]>([]);
  useEffect(() => {
    const recently = browserApi().v1['recently-viewed'];
    const req = productId ? recently.$post({ json: { productId } }) : recently.$get();
    let live = true;
    req
      .then((res) => (res.ok ? res.json() : { items: [] }))
      .then((body) => live && setItems(body.items.slice(0, 8)))
      .catch(() => undefined);
    return () => {
      live = false;
    };
  }, [productId]);
  if (items.length === 0) return null;
  return (
    <div className="mt-6">
      <ProductShelf id="recently-viewed" title="Sản phẩm đã xem" items={items} />
    </div>
  );
}
