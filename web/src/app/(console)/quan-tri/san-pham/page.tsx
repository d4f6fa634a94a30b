import type { Metadata } from 'next';
import { MAX_BULK_IDS } from '../../../../../../shared/src/catalog/admin-list';
import Link from 'next/link';
import { flattenCategories, type ListQuery } from '../../../../components/console/catalog/types';
import { APPROVAL_FILTERS, SORT_OPTIONS, STATUS_FILTERS } from '../../../../components/console/catalog/labels';
import { ProductList } from '../../../../components/console/catalog/ProductList';
import { FilterBar, FilterField } from '../../../../components/console/FilterBar';
import { gate } from '../../../../components/console/gate';
import { LoadFailed } from '../../../../components/console/LoadFailed';
import { ScreenHeader } from '../../../../components/console/ScreenHeader';
import { param, type SearchParams } from '../../../../components/console/table';

export const metadata: Metadata = { title: 'Sản phẩm' };

const PATH = '/quan-tri/san-pham';
const oneOf = <T extends string>(values: readonly T[], v: string | undefined): T | undefined => values.find((x) => x === v);
const values = <T extends string>(pairs: ReadonlyArray<readonly [T, string]>) => pairs.map(([v]) => v);
const YES_NO: Array<[string, string]> = [
  ['true', 'Có'],
  ['false', 'Không'],
];

/** Products (admin; pharmacists read): search, every filter, sort, keyset "Xem thêm", bulk actions with per-item results. */
export default async function ProductsPage({ searchParams }: { searchParams: Promise<SearchParams> }) {
  const g = await gate('products');
  if (!g.ok) return g.view;
  const sp = await searchParams;
  const query: ListQuery = {
    q: param(sp, 'q'),
    categoryId: param(sp, 'categoryId'),
    brandId: param(sp, 'brandId'),
    rx: oneOf(['true', 'false'] as const, param(sp, 'rx')),
    status: oneOf(values(STATUS_FILTERS), param(sp, 'status')),
    approval: oneOf(values(APPROVAL_FILTERS), param(sp, 'approval')),
    lowStock: oneOf(['true', 'false'] as const, param(sp, 'lowStock')),
    onSale: oneOf(['true', 'false'] as const, param(sp, 'onSale')),
    noImage: oneOf(['true'] as const, param(sp, 'noImage')),
    sort: oneOf(values(SORT_OPTIONS), param(sp, 'sort')) ?? 'newest',
    limit: '25',
  };
  const [res, cats, brands] = await Promise.all([g.api.v1.admin.products.$get({ query }), g.api.v1.categories.$get(), g.api.v1.brands.$get()]);
  const categories = cats.ok ? flattenCategories((await cats.json()).items) : [];
  const brandOptions: Array<[string, string]> = brands.ok ? (await brands.json()).items.map((b) => [b.id, b.name]) : [];
  const canEdit = g.me.role === 'admin';
  return (
    <div>
      <ScreenHeader screen="products" title="Sản phẩm">
        {canEdit && (
          <Link href={`${PATH}/moi`} className="btn-primary">
            Thêm sản phẩm
          </Link>
        )}
      </ScreenHeader>
      <FilterBar action={PATH}>
        <FilterField name="q" type="search" label="Tìm theo tên, slug, SĐK, mã vạch" defaultValue={query.q} className="flex-1" />
        <FilterField name="categoryId" label="Danh mục (gồm danh mục con)" defaultValue={query.categoryId} options={categories.map((c) => [c.id, c.label])} />
        <FilterField name="brandId" label="Thương hiệu" defaultValue={query.brandId} options={brandOptions} />
        <FilterField name="rx" label="Thuốc kê đơn" defaultValue={query.rx} options={YES_NO} />
        <FilterField name="status" label="Hiển thị" defaultValue={query.status} options={STATUS_FILTERS.map(([v, l]) => [v, l])} />
        <FilterField name="approval" label="Duyệt" defaultValue={query.approval} options={APPROVAL_FILTERS.map(([v, l]) => [v, l])} />
        <FilterField name="lowStock" label="Sắp hết hàng" defaultValue={query.lowStock} options={[['true', 'Sắp hết hàng'], ['false', 'Còn đủ hàng']]} />
        <FilterField name="onSale" label="Khuyến mãi" defaultValue={query.onSale} options={[['true', 'Đang khuyến mãi'], ['false', 'Không khuyến mãi']]} />
        <FilterField name="noImage" label="Ảnh" defaultValue={query.noImage} options={[['true', 'Chưa có ảnh']]} />
        <div className="flex min-w-[9rem] flex-col gap-1">
          <label htmlFor="filter-sort" className="text-xs font-medium text-slate-700">
            Sắp xếp
          </label>
          <select id="filter-sort" name="sort" defaultValue={query.sort} className="input">
            {SORT_OPTIONS.map(([v, l]) => (
              <option key={v} value={v}>
                {l}
              </option>
            ))}
          </select>
        </div>
      </FilterBar>
      {!res.ok ? (
        <LoadFailed res={res} />
      ) : (
        <ListWithTotal initial={await res.json()} query={query} categories={categories} sp={sp} canEdit={canEdit} maxBulk={MAX_BULK_IDS} />
      )}
    </div>
  );
}

function ListWithTotal(props: React.ComponentProps<typeof ProductList>) {
  return (
    <>
      <p className="mb-2 text-sm text-slate-600" data-testid="products-total">
        {props.initial.total} sản phẩm khớp bộ lọc
      </p>
      <ProductList key={JSON.stringify(props.query)} {...props} />
    </>
  );
}
