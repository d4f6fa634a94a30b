import type { Metadata } from 'next';
import Link from 'next/link';
import { ProductEditor } from '../../../../../components/console/catalog/ProductEditor';
import { flattenCategories } from '../../../../../components/console/catalog/types';
import { Forbidden } from '../../../../../components/console/Forbidden';
import { gate } from '../../../../../components/console/gate';
import { roleLabel } from '../../../../../components/console/roles';
import { ScreenHeader } from '../../../../../components/console/ScreenHeader';

export const metadata: Metadata = { title: 'Thêm sản phẩm' };

/** New product (admin): the editor, empty; saving sends it to the pharmacist's queue (hidden until approved). */
export default async function NewProductPage() {
  const g = await gate('products');
  if (!g.ok) return g.view;
  if (g.me.role !== 'admin') return <Forbidden roles={['admin']} signedInAs={`${g.me.email} (${roleLabel(g.me.role)})`} />;
  const [cats, brands] = await Promise.all([g.api.v1.categories.$get(), g.api.v1.brands.$get()]);
  const categories = cats.ok ? flattenCategories((await cats.json()).items) : [];
  const brandList = brands.ok ? (await brands.json()).items.map((b) => ({ id: b.id, name: b.name })) : [];
  return (
    <div className="max-w-5xl">
      <p className="mb-2 text-sm">
        <Link href="/quan-tri/san-pham" className="text-emerald-800 hover:underline">
          ← Sản phẩm
        </Link>
      </p>
      <ScreenHeader screen="products" title="Thêm sản phẩm" />
      <p className="mb-4 rounded-lg bg-sky-50 p-3 text-sm text-sky-900">Sản phẩm mới được ẩn khỏi cửa hàng cho đến khi dược sĩ duyệt. Sau khi tạo, bạn có thể tải ảnh và giấy chứng nhận lên.</p>
      <ProductEditor product={null} categories={categories} brands={brandList} />
    </div>
  );
}
