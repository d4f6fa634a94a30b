import type { Metadata } from 'next';
import Link from 'next/link';
import { BrandActions, CreateBrandForm, type BrandRow } from '../../../../components/console/brands';
import { FilterBar, FilterField } from '../../../../components/console/FilterBar';
import { gate } from '../../../../components/console/gate';
import { LoadFailed } from '../../../../components/console/LoadFailed';
import { ScreenHeader } from '../../../../components/console/ScreenHeader';
import { DataTable, formatDateTime, param, type SearchParams } from '../../../../components/console/table';

export const metadata: Metadata = { title: 'Thương hiệu' };
const PATH = '/quan-tri/thuong-hieu';

/** Brands (admin): list and search, create with a logo, edit, delete; each links to its storefront page. */
export default async function BrandsPage({ searchParams }: { searchParams: Promise<SearchParams> }) {
  const g = await gate('brands');
  if (!g.ok) return g.view;
  const sp = await searchParams;
  const q = param(sp, 'q');
  const res = await g.api.v1.admin.brands.$get({ query: { q } });
  return (
    <div>
      <ScreenHeader screen="brands" title="Thương hiệu" />
      <details className="mb-4 rounded-xl border border-slate-200 bg-white p-3">
        <summary className="cursor-pointer font-semibold">Tạo thương hiệu mới</summary>
        <CreateBrandForm />
      </details>
      <FilterBar action={PATH}>
        <FilterField name="q" type="search" label="Tìm theo tên" defaultValue={q} className="flex-1" />
      </FilterBar>
      {!res.ok ? (
        <LoadFailed res={res} />
      ) : (
        <DataTable<BrandRow>
          caption="Danh sách thương hiệu"
          testId="brands-table"
          path={PATH}
          searchParams={sp}
          rows={(await res.json()).items}
          rowKey={(b) => b.id}
          empty="Không có thương hiệu nào khớp bộ lọc."
          columns={[
            {
              key: 'logo',
              header: 'Logo',
              // eslint-disable-next-line @next/next/no-img-element -- the console avoids next/image's loader for 40px thumbnails
              cell: (b) => (b.logo ? <img src={`${b.logo.url}?w=64`} alt={`Logo ${b.name}`} width={40} height={40} className="h-10 w-10 object-contain" /> : <span className="text-slate-400">—</span>),
            },
            {
              key: 'name',
              header: 'Tên',
              cell: (b) => (
                <>
                  <p className="font-medium">{b.name}</p>
                  <Link href={`/thuong-hieu/${b.slug}`} target="_blank" className="text-xs text-emerald-700 hover:underline">
                    /thuong-hieu/{b.slug}
                  </Link>
                </>
              ),
            },
            { key: 'country', header: 'Quốc gia', cell: (b) => b.country ?? '—' },
            { key: 'products', header: 'Sản phẩm', cell: (b) => b.productCount },
            { key: 'updated', header: 'Cập nhật', cell: (b) => formatDateTime(b.updatedAt) },
            { key: 'actions', header: 'Thao tác', cell: (b) => <BrandActions brand={b} /> },
          ]}
        />
      )}
    </div>
  );
}
