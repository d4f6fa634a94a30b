import Link from 'next/link';
import { ArticleList } from '../../components/ArticleList';
import { ProductShelf } from '../../components/ProductShelf';
import { ForYou } from '../../components/ForYou';
import { RecentlyViewed } from '../../components/RecentlyViewed';
import { serverApi } from '../../lib/api';

// Rendered per request from the api Worker (whose catalogue responses are edge-cached); nothing is baked in at build time.
export const dynamic = 'force-dynamic';

export default async function Home() {
  const api = await serverApi();
  // #17: the shelves are the server's collections (GET /v1/collections/*: in stock, sold through the cart, paged), not
  // a filter over a page of products in the browser. Recently viewed and "for you" are per shopper: fetched by the browser.
  const shelf = (collection: 'deals' | 'best-sellers' | 'new-arrivals') =>
    api.v1.collections[':collection']
      .$get({ param: { collection }, query: { limit: '8' } })
      .then((r) => (r.ok ? r.json() : null))
      .then((b) => b?.items ?? [])
      .catch(() => []);
  const [cats, deals, best, fresh, brands, posts] = await Promise.all([
    api.v1.categories.$get(),
    shelf('deals'),
    shelf('best-sellers'),
    shelf('new-arrivals'),
    api.v1.brands.$get(),
    api.v1.articles.$get({ query: { limit: '3' } }),
  ]);
  const articles = posts.ok ? (await posts.json()).items : [];
  const categories = cats.ok ? (await cats.json()).items : [];
  const topBrands = brands.ok ? (await brands.json()).items.filter((b) => b.productCount > 0).sort((a, b) => b.productCount - a.productCount).slice(0, 12) : [];

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

      <ProductShelf id="deals" title="Ưu đãi hôm nay" items={deals.slice(0, 4)} more="/bo-suu-tap/uu-dai" />
      <ProductShelf id="best-sellers" title="Bán chạy" items={best} more="/bo-suu-tap/ban-chay" />
      <ProductShelf id="new-arrivals" title="Hàng mới về" items={fresh.slice(0, 4)} more="/bo-suu-tap/hang-moi" />
      <RecentlyViewed />
      <ForYou />

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
        <div className="mb-3 flex items-baseline justify-between">
          <h2 id="brands" className="text-lg font-semibold">Thương hiệu nổi bật</h2>
          <Link href="/thuong-hieu" className="text-sm text-emerald-700 hover:underline">
            Tất cả thương hiệu
          </Link>
        </div>
        <ul className="flex flex-wrap gap-2">
          {topBrands.map((b) => (
            <li key={b.slug}>
              <Link href={`/thuong-hieu/${b.slug}`} className="block rounded-full border border-slate-200 bg-white px-4 py-1.5 text-sm hover:border-emerald-500">
                {b.name}
              </Link>
            </li>
          ))}
        </ul>
      </section>
    </div>
  );
}
