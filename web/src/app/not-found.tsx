/**
 * A URL no route matches (outside any area's layout). Plain server HTML with no client component: its scripts would
 * otherwise be referenced by every page of both areas (the storefront's own 404, with its header, is
 * (store)/not-found.tsx, used by every storefront notFound()).
 */
export default function NotFound() {
  return (
    <main className="grid min-h-screen place-items-center p-6">
      <div className="mx-auto max-w-lg rounded-xl bg-white p-8 text-center">
        <p className="mb-2 font-bold text-emerald-800">Medicare</p>
        <h1 className="mb-2 text-2xl font-bold">Không tìm thấy trang</h1>
        <p className="mb-6 text-slate-600">Trang bạn tìm có thể đã được đổi tên hoặc không còn bán. Hãy thử tìm kiếm sản phẩm hoặc quay về trang chủ.</p>
        <div className="flex justify-center gap-3">
          <a href="/" className="rounded-lg bg-emerald-700 px-4 py-2 font-semibold text-white">
            Về trang chủ
          </a>
          <a href="/tim-kiem?q=thuoc" className="rounded-lg border border-slate-300 px-4 py-2">
            Tìm sản phẩm
          </a>
        </div>
      </div>
    </main>
  );
}
