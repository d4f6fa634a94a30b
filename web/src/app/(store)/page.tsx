import Link from 'next/link';
import { ArticleList } from '../../components/ArticleList';
import { ProductGrid } from '../../components/ProductCard';
import { serverApi } from '../../lib/api';

// Rendered per request from the api Worker (whose catalogue responses are edge-cached); nothing is baked in at build time.
export const dynamic = 'force-dynamic';

export default async function Home() {
  const api = await serverApi();
  const [cats, best, brands, posts] = await Promise.all([
    api.v1.categories.$get(),
    api.v1.products.$get({ query: { sort: 'best_selling', limit: '8', inStock: 'true', rx: 'false' } }),
    api.v1.brands.$get(),
    api.v1.articles.$get({ query: { limit: '3' } }),
  ]);
  const articles = posts.ok ? (await posts.json()).items : [];
  const categories = cats.ok ? (await cats.json()).items : [];
  const bestSellers = best.ok ? (await best.json()).items : [];
  const topBrands = brands.ok ? (await brands.json()).items.filter((b) => b.productCount > 0).sort((a, b) => b.productCount - a.productCount).slice(0, 12) : [];
  const deals = await (async () => {
    const res = await api.v1.products.$get({ query: { sort: 'relevance', limit: '60', inStock: 'true', rx: 'false' } });
    return res.ok ? (await res.json()).items.filter((p) => p.defaultUnit.onSale).sort((a, b) => b.defaultUnit.discountPercent - a.defaultUnit.discountPercent).slice(0, 4) : [];
  })();

  return (
    <div className="space-y-8">
      <section className="rounded-2xl bg-gradient-to-r from-emerald-700 to-teal-600 p-6 text-white sm:p-10">
        <h1 className="text-2xl font-bold sm:text-3xl">Nhà thuốc trực tuyến Medicare</h1>
        <p className="mt-2 max-w-xl text-emerald-50">Thuốc chính hãng, dược sĩ tư vấn tận tình, giao hàng toàn quốc. Thanh toán chuyển khoản VietQR hoặc khi nhận hàng.</p>
      </section>

      <section aria-labelledby="cats">
        <h2 id="cats" className="mb-3 text-lg font-semibold">Danh mục</h2>
        <ul className="grid grid-cols-2 gap-3 sm:grid-cols-3 lg:grid-cols-6">
          {categories.map((c) => (
            <li key={c.slug}>
              <Link href={`/danh-muc/${c.slug}`} className="block h-full rounded-xl border border-slate-200 bg-white p-4 hover:border-emerald-500">
                <span className="font-medium">{c.name}</span>
                <span className="mt-1 block text-xs text-slate-500">{c.productCount} sản phẩm</span>
              </Link>
            </li>
          ))}
        </ul>
      </section>

      {deals.length > 0 && (
        <section aria-labelledby="deals">
          <h2 id="deals" className="mb-3 text-lg font-semibold">Ưu đãi hôm nay</h2>
          <ProductGrid items={deals} />
        </section>
      )}

      <section aria-labelledby="best">
        <h2 id="best" className="mb-3 text-lg font-semibold">Bán chạy</h2>
        <ProductGrid items={bestSellers} />
      </section>

      {articles.length > 0 && (
        <section aria-labelledby="articles">
          <div className="mb-3 flex items-baseline justify-between">
            <h2 id="articles" className="text-lg font-semibold">
              Cẩm nang sức khỏe
            </h2>
            <Link href="/cam-nang" className="text-sm text-emerald-700 hover:underline">
              Xem tất cả
            </Link>
          </div>
          <ArticleList items={articles} />
        </section>
      )}

      <section aria-labelledby="brands">
        <h2 id="brands" className="mb-3 text-lg font-semibold">Thương hiệu nổi bật</h2>
        <ul className="flex flex-wrap gap-2">
          {topBrands.map((b) => (
            <li key={b.slug}>
              <Link href={`/tim-kiem?q=${encodeURIComponent(b.name)}`} className="block rounded-full border border-slate-200 bg-white px-4 py-1.5 text-sm hover:border-emerald-500">
                {b.name}
              </Link>
            </li>
          ))}
        </ul>
      </section>
    </div>
  );
}
