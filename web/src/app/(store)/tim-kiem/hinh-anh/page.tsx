import type { Metadata } from 'next';
import Link from 'next/link';
import { PhotoSearch } from '../../../../components/PhotoSearch';

export const metadata: Metadata = { title: 'Tìm bằng hình ảnh', description: 'Chụp ảnh hộp thuốc để tìm sản phẩm tại nhà thuốc trực tuyến Medicare.', robots: { index: false } };

/** #18 "Tìm bằng hình ảnh": its own page, so its client code loads only here (ADR 0045). */
export default function PhotoSearchPage() {
  return (
    <div className="mx-auto max-w-2xl space-y-4">
      <h1 className="text-2xl font-bold">Tìm bằng hình ảnh</h1>
      <p className="text-sm text-slate-700">
        Chụp rõ mặt hộp thuốc có tên và hàm lượng. Ảnh chỉ dùng để đọc tên thuốc, không được lưu lại. Thuốc kê đơn chỉ được bán sau khi dược sĩ tư vấn.
      </p>
      <PhotoSearch />
      <p className="text-sm">
        <Link href="/tim-kiem" className="text-emerald-800 underline">
          ← Tìm theo tên thuốc
        </Link>
      </p>
    </div>
  );
}
