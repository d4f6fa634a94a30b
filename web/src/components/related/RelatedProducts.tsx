import { Suspense } from 'react';
import { serverApi } from '../../lib/api';
import { ProductShelf } from '../ProductShelf';

/**
 * #17: the product page's related products (GET /v1/related/{slug}, the same for every shopper: edge-cached), streamed
 * after the page: generic alternatives (same active ingredients and strengths, OTC only, cheapest first), bought
 * together, same category, same brand. Prescription-only products show as every card shows them (a consultation,
 * never a price or the cart).
 */
export function RelatedProducts({ slug }: { slug: string }) {
  return (
    <Suspense fallback={null}>
      <Related slug={slug} />
    </Suspense>
  );
}

async function Related({ slug }: { slug: string }) {
  const res = await (await serverApi()).v1.related[':slug'].$get({ param: { slug } }).catch(() => null);
  if (!res?.ok) return null;
  const r = await res.json();
  return (
    <div className="mt-6 space-y-6" data-testid="related-products">
      <ProductShelf id="alternatives" title="Thuốc thay thế cùng hoạt chất, hàm lượng" items={r.alternatives}>
        <p className="mb-2 text-sm text-slate-600">Cùng hoạt chất và hàm lượng, giá thấp trước. Hãy hỏi dược sĩ trước khi đổi thuốc.</p>
      </ProductShelf>
      <ProductShelf id="bought-together" title="Thường được mua cùng" items={r.boughtTogether} />
      <ProductShelf id="same-category" title="Sản phẩm cùng danh mục" items={r.sameCategory} />
      <ProductShelf id="same-brand" title="Sản phẩm cùng thương hiệu" items={r.sameBrand} />
    </div>
  );
}
