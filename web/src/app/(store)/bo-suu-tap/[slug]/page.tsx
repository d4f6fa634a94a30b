import type { Metadata } from 'next';
import Link from 'next/link';
import { notFound } from 'next/navigation';
import { Breadcrumb } from '../../../../components/Breadcrumb';
import { NextPage } from '../../../../components/Filters';
import { ProductGrid } from '../../../../components/ProductCard';
import { serverApi } from '../../../../lib/api';
import { COLLECTION_PAGES, isCollectionPage } from '../../../../lib/collections';
import { withParam } from '../../../../lib/format';
import { toParams, type SearchParamsRecord } from '../../../../lib/listing';

type Props = { params: Promise<{ slug: string }>; searchParams: Promise<SearchParamsRecord> };

export async function generateMetadata({ params }: Props): Promise<Metadata> {
  const { slug } = await params;
  if (!isCollectionPage(slug)) return { title: 'Không tìm thấy bộ sưu tập' };
  return { title: COLLECTION_PAGES[slug].title, description: COLLECTION_PAGES[slug].description };
}

/** #17: one collection (GET /v1/collections/{collection}, server-side and paged), narrowed to a top-level category. */
export default async function CollectionPage({ params, searchParams }: Props) {
  const { slug } = await params;
  if (!isCollectionPage(slug)) notFound();
  const c = COLLECTION_PAGES[slug];
  const p = toParams(await searchParams);
  const category = p.get('category') ?? undefined;
  const cursor = p.get('cursor') ?? undefined;
  const api = await serverApi();
  const [res, cats] = await Promise.all([
    api.v1.collections[':collection'].$get({ param: { collection: c.api }, query: { limit: '24', ...(category ? { category } : {}), ...(cursor ? { cursor } : {}) } }),
    api.v1.categories.$get(),
  ]);
  if (!res.ok) notFound();
  const page = await res.json();
  const categories = cats.ok ? (await cats.json()).items : [];
  const basePath = `/bo-suu-tap/${slug}`;
  const clean = new URLSearchParams(p);
  clean.delete('cursor');
  return (
    <div>
      <Breadcrumb items={[{ href: basePath, name: c.title }]} />
      <h1 className="text-2xl font-bold">{c.title}</h1>
      <p className="mb-4 text-sm text-slate-600">{c.description}</p>
      <nav aria-label="Lọc theo danh mục" className="mb-4">
        <ul className="flex flex-wrap gap-2">
          {[{ slug: null, name: 'Tất cả' }, ...categories.map((x) => ({ slug: x.slug as string | null, name: x.name }))].map((x) => {
            const on = (x.slug ?? undefined) === category;
            return (
              <li key={x.slug ?? 'all'}>
                <Link
                  href={`${basePath}${withParam(clean, 'category', x.slug)}`}
                  aria-current={on ? 'true' : undefined}
                  className={`block rounded-full border px-4 py-1.5 text-sm ${on ? 'border-emerald-600 bg-emerald-50 font-semibold text-emerald-800' : 'border-slate-200 bg-white hover:border-emerald-500'}`}
                >
                  {x.name}
                </Link>
              </li>
            );
          })}
        </ul>
      </nav>
      <p className="mb-2 text-sm text-slate-600" data-testid="collection-total">
        {page.total} sản phẩm
      </p>
      <ProductGrid items={page.items} />
      <NextPage basePath={basePath} params={p} nextCursor={page.nextCursor} />
    </div>
  );
}
