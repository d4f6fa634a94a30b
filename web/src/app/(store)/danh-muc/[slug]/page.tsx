import type { Metadata } from 'next';
import Link from 'next/link';
import { notFound } from 'next/navigation';
import { Breadcrumb } from '../../../../components/Breadcrumb';
import { Filters, NextPage, SortBar } from '../../../../components/Filters';
import { ProductGrid } from '../../../../components/ProductCard';
import { foundOrNull, serverApi } from '../../../../lib/api';
import { facetGroups, listingQuery, toParams, type SearchParamsRecord } from '../../../../lib/listing';

type Props = { params: Promise<{ slug: string }>; searchParams: Promise<SearchParamsRecord> };

async function category(slug: string) {
  const res = await (await serverApi()).v1.categories[':slug'].$get({ param: { slug } });
  return foundOrNull(res);
}

export async function generateMetadata({ params }: Props): Promise<Metadata> {
  const c = await category((await params).slug);
  if (!c) return { title: 'Không tìm thấy danh mục' };
  return { title: c.name, description: c.description ?? `${c.name}: ${c.productCount} sản phẩm chính hãng tại nhà thuốc Medicare.` };
}

export default async function CategoryPage({ params, searchParams }: Props) {
  const { slug } = await params;
  const p = toParams(await searchParams);
  const c = await category(slug);
  if (!c) notFound();
  const res = await (await serverApi()).v1.products.$get({ query: listingQuery(p, { category: slug, facets: 'true' }) });
  if (!res.ok) notFound();
  const list = await res.json();
  // Asked with facets=true, so always present; categories are the links above, not a filter.
  const groups = list.facets ? facetGroups(list.facets, { categories: false }) : [];
  const basePath = `/danh-muc/${slug}`;
  return (
    <div>
      <Breadcrumb items={c.breadcrumb.map((b) => ({ href: `/danh-muc/${b.slug}`, name: b.name }))} />
      <h1 className="mb-4 text-2xl font-bold">{c.name}</h1>
      {c.children.length > 0 && (
        <ul className="mb-4 flex flex-wrap gap-2">
          {c.children.map((ch) => (
            <li key={ch.slug}>
              <Link href={`/danh-muc/${ch.slug}`} className="block rounded-full border border-slate-200 bg-white px-3 py-1 text-sm hover:border-emerald-500">
                {ch.name} <span className="text-slate-500">({ch.productCount})</span>
              </Link>
            </li>
          ))}
        </ul>
      )}
      <div className="grid gap-6 md:grid-cols-[220px_1fr]">
        <Filters basePath={basePath} params={p} groups={groups} />
        <div>
          <SortBar basePath={basePath} params={p} total={list.total} />
          <ProductGrid items={list.items} />
          <NextPage basePath={basePath} params={p} nextCursor={list.nextCursor} />
        </div>
      </div>
    </div>
  );
}
