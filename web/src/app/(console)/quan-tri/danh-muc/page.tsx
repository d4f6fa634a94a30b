import type { Metadata } from 'next';
import Link from 'next/link';
import { CategoryActions, CreateCategoryForm, type CategoryRow } from '../../../../components/console/categories';
import { gate } from '../../../../components/console/gate';
import { LoadFailed } from '../../../../components/console/LoadFailed';
import { ScreenHeader } from '../../../../components/console/ScreenHeader';

export const metadata: Metadata = { title: 'Danh mục' };

/** The category tree editor (admin): three levels, create, rename, move with the subtree, reorder, image, delete. */
export default async function CategoriesPage() {
  const g = await gate('categories');
  if (!g.ok) return g.view;
  const res = await g.api.v1.admin.categories.$get();
  if (!res.ok) return <LoadFailed res={res} />;
  const { items } = await res.json();
  const siblings = (c: CategoryRow) => items.filter((x) => x.parentId === c.parentId).length;
  return (
    <div>
      <ScreenHeader screen="categories" title="Danh mục sản phẩm" />
      <details className="mb-4 rounded-xl border border-slate-200 bg-white p-3" open={items.length === 0}>
        <summary className="cursor-pointer font-semibold">Tạo danh mục mới</summary>
        <CreateCategoryForm all={items} />
      </details>
      <div className="overflow-x-auto rounded-xl border border-slate-200 bg-white">
        <table className="w-full min-w-[48rem] text-left text-sm" data-testid="category-tree">
          <caption className="sr-only">Cây danh mục (3 cấp)</caption>
          <thead className="border-b border-slate-200 bg-slate-50 text-xs uppercase tracking-wide text-slate-600">
            <tr>
              <th scope="col" className="px-3 py-2">Danh mục</th>
              <th scope="col" className="px-3 py-2">Cấp</th>
              <th scope="col" className="px-3 py-2">Sản phẩm</th>
              <th scope="col" className="px-3 py-2">Danh mục con</th>
              <th scope="col" className="px-3 py-2">Thao tác</th>
            </tr>
          </thead>
          <tbody className="divide-y divide-slate-100">
            {items.length === 0 ? (
              <tr>
                <td colSpan={5} className="px-3 py-10 text-center text-slate-600">
                  Chưa có danh mục nào.
                </td>
              </tr>
            ) : (
              items.map((c) => (
                <tr key={c.id} className="align-top hover:bg-slate-50" data-testid={`category-${c.slug}`} data-level={c.level} data-path={c.path}>
                  <td className="px-3 py-2">
                    <div style={{ paddingLeft: `${(c.level - 1) * 1.5}rem` }}>
                      <p className="font-medium">
                        {c.level > 1 && <span aria-hidden="true" className="text-slate-400">└ </span>}
                        {c.name}
                        {c.image && <span className="ml-2 rounded bg-emerald-50 px-1.5 text-xs text-emerald-800">có ảnh</span>}
                      </p>
                      <p className="text-xs text-slate-500">
                        <Link href={`/danh-muc/${c.slug}`} className="hover:underline" target="_blank">
                          /danh-muc/{c.slug}
                        </Link>
                      </p>
                    </div>
                  </td>
                  <td className="px-3 py-2">{c.level}</td>
                  <td className="px-3 py-2">{c.productCount}</td>
                  <td className="px-3 py-2">{c.childCount}</td>
                  <td className="px-3 py-2">
                    <CategoryActions node={c} all={items} siblings={siblings(c)} />
                  </td>
                </tr>
              ))
            )}
          </tbody>
        </table>
      </div>
    </div>
  );
}
