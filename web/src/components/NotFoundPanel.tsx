import Link from 'next/link';

/** The storefront's "page not found" content: the not-found page, and pages that learn it from the api in the browser. */
export function NotFoundPanel() {
  return (
    <div className="mx-auto max-w-lg rounded-xl bg-white p-8 text-center">
      <h1 className="mb-2 text-2xl font-bold">Không tìm thấy trang</h1>
      <p className="mb-6 text-slate-600">Trang bạn tìm có thể đã được đổi tên hoặc không còn bán. Hãy thử tìm kiếm sản phẩm hoặc quay về trang chủ.</p>
      <div className="flex justify-center gap-3">
        <Link href="/" className="rounded-lg bg-emerald-700 px-4 py-2 font-semibold text-white">
          Về trang chủ
        </Link>
        <Link href="/tim-kiem?q=thuoc" className="rounded-lg border border-slate-300 px-4 py-2">
          Tìm sản phẩm
        </Link>
      </div>
    </div>
  );
}
