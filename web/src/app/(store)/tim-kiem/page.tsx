import type { Metadata } from 'next';
import Link from 'next/link';
import { redirect } from 'next/navigation';
import { Filters, NextPage, SortBar } from '../../../components/Filters';
import { ProductGrid } from '../../../components/ProductCard';
import { serverApi } from '../../../lib/api';
import { facetGroups, listingQuery, toParams, type SearchParamsRecord } from '../../../lib/listing';

type Props = { searchParams: Promise<SearchParamsRecord> };

export async function generateMetadata({ searchParams }: Props): Promise<Metadata> {
  const q = toParams(await searchParams).get('q') ?? '';
  return { title: q ? `Tìm kiếm “${q}”` : 'Tìm kiếm', description: `Kết quả tìm kiếm ${q} tại nhà thuốc trực tuyến Medicare.`, robots: { index: false } };
}

export default async function SearchPage({ searchParams }: Props) {
  const p = toParams(await searchParams);
  const q = (p.get('q') ?? '').trim();
  // #18: the photo search lives on its own page (a link here: no script added to this one).
  const byPhoto = (
    <Link href="/tim-kiem/hinh-anh" className="text-sm text-emerald-800 underline" data-testid="photo-search-link">
      Tìm bằng hình ảnh
    </Link>
  );
  if (!q)
    return (
      <div className="space-y-2 rounded-lg bg-white p-6">
        <p>Nhập tên thuốc, hoạt chất, thương hiệu hoặc triệu chứng để tìm kiếm.</p>
        {byPhoto}
      </div>
    );
  const res = await (await serverApi()).v1.search.$get({ query: { ...listingQuery(p, p.get('category') ? { category: p.get('category')! } : {}), q } });
  // A cursor the answering engine cannot read (made by the other engine around an Elasticsearch fallback, ADR 0035)
  // answers 400 INVALID_CURSOR: start the list again from page 1 rather than show "no results".
  if ((res.status as number) === 400 && p.has('cursor')) {
    const first = new URLSearchParams(p);
    first.delete('cursor');
    redirect(`/tim-kiem?${first.toString()}`);
  }
  if (!res.ok) return <p className="rounded-lg bg-white p-6">Không tìm được với từ khóa này. Hãy thử từ khóa khác.</p>;
  const r = await res.json();
  const groups = facetGroups(r.facets, { categories: true });
  const corrected = Object.entries(r.query.corrections).filter(([, to]) => to.length > 0);
  return (
    <div>
      <div className="mb-1 flex flex-wrap items-baseline justify-between gap-2">
        <h1 className="text-2xl font-bold">Kết quả cho “{q}”</h1>
        {byPhoto}
      </div>
      {corrected.length > 0 && <p className="mb-3 text-sm text-slate-600">Đã tìm cả: {corrected.map(([from, to]) => `${from} → ${to.join(', ')}`).join('; ')}</p>}
      <div className="grid gap-6 md:grid-cols-[220px_1fr]">
        <Filters basePath="/tim-kiem" params={p} groups={groups} />
        <div>
          <SortBar basePath="/tim-kiem" params={p} total={r.total} />
          <ProductGrid items={r.items} />
          <NextPage basePath="/tim-kiem" params={p} nextCursor={r.nextCursor} />
        </div>
      </div>
    </div>
  );
}
