'use client';
import { useEffect, useState } from 'react';
import { recommendationBrowserApi } from '../lib/api';
import type { ProductCardData } from './ProductCard';
import { ProductShelf } from './ProductShelf';

/**
 * #18: "Dành cho bạn" — products related to what this shopper bought and viewed, each with the server's reason; with no
 * history yet, what is selling now. Per shopper, so fetched from the browser and never part of a cached page. With no
 * history, the public trending list is asked for too: it may be ordered by the AI assistant (`method: 'model'`, catalogue
 * data only — "for you" itself never reaches a model), and then says so.
 */
export function ForYou() {
  const [page, setPage] = useState<{ basis: 'history' | 'trending'; method: 'heuristic' | 'model'; items: ProductCardData[] } | null>(null);
  useEffect(() => {
    let live = true;
    const api = recommendationBrowserApi().v1.recommendations;
    api['for-you']
      .$get({ query: { limit: '8' } })
      .then((res) => (res.ok ? res.json() : null))
      .then(async (body) => {
        if (!live || !body) return;
        setPage(body);
        if (body.basis !== 'trending') return;
        const res = await api.trending.$get({ query: { limit: '8' } });
        const trending = res.ok ? await res.json() : null;
        if (live && trending?.method === 'model') setPage(trending);
      })
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
    <ProductShelf id="for-you" title="Đang được quan tâm" items={page.items}>
      {page.method === 'model' ? <p className="-mt-2 mb-3 text-sm text-slate-600">Sắp xếp bởi trợ lý AI: thứ tự và lý do do AI gợi ý từ thông tin sản phẩm, không dùng dữ liệu của bạn.</p> : null}
    </ProductShelf>
  );
}
