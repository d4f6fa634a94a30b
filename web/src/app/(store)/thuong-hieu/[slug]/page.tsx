import type { Metadata } from 'next';
import Image from 'next/image';
import { notFound } from 'next/navigation';
import { cache } from 'react';
import { Breadcrumb } from '../../../../components/Breadcrumb';
import { Filters, NextPage, SortBar } from '../../../../components/Filters';
import { Markdown } from '../../../../components/markdown';
import { ProductGrid } from '../../../../components/ProductCard';
import { foundOrNull, serverApi } from '../../../../lib/api';
import { facetGroups, listingQuery, toParams, type SearchParamsRecord } from '../../../../lib/listing';

type Props = { params: Promise<{ slug: string }>; searchParams: Promise<SearchParamsRecord> };

const brand = cache(async (slug: string) => {
  const res = await (await serverApi()).v1.brands[':slug'].$get({ param: { slug } });
  return foundOrNull(res);
});

export async function generateMetadata({ params }: Props): Promise<Metadata> {
  const b = await brand((await params).slug);
  if (!b) return { title: 'Không tìm thấy thương hiệu' };
  return { title: `Thương hiệu ${b.name}`, description: `${b.name}${b.country ? ` (${b.country})` : ''}: ${b.productCount} sản phẩm chính hãng tại nhà thuốc Medicare.` };
}

/** One brand: its logo, origin and description, then its products with the listing's filters, sorts and paging. */
export default async function BrandPage({ params, searchParams }: Props) {
  const { slug } = await params;
  const p = toParams(await searchParams);
  const b = await brand(slug);
  if (!b) notFound();
  const res = await (await serverApi()).v1.products.$get({ query: { ...listingQuery(p, { facets: 'true' }), brand: slug } });
  if (!res.ok) notFound();
  const list = await res.json();
  // The brand is this page's own: its facet would only offer itself.
  const groups = list.facets ? facetGroups(list.facets, { categories: false }).filter((g) => g.key !== 'brand') : [];
  const basePath = `/thuong-hieu/${slug}`;
  return (
    <div>
      <Breadcrumb items={[{ href: '/thuong-hieu', name: 'Thương hiệu' }]} />
      <header className="mb-4 flex items-center gap-4 rounded-xl bg-white p-4">
        {b.logo && (
          <span className="relative block h-16 w-16 shrink-0">
            <Image src={b.logo.url} alt={`Logo ${b.name}`} fill sizes="64px" className="object-contain" priority />
          </span>
        )}
        <div>
          <h1 className="text-2xl font-bold">{b.name}</h1>
          <p className="text-sm text-slate-600">
            {b.country ? `Xuất xứ: ${b.country} · ` : ''}
            {b.productCount} sản phẩm
          </p>
        </div>
      </header>
      {b.description && <Markdown source={b.description} className="mb-4 rounded-xl bg-white p-4 text-sm text-slate-700" />}
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
