'use client';
import Link from 'next/link';

export default function ErrorPage({ reset }: { error: Error; reset: () => void }) {
  return (
    <div className="mx-auto max-w-lg rounded-xl bg-white p-8 text-center">
      <h1 className="mb-2 text-2xl font-bold">Đã có lỗi xảy ra</h1>
      <p className="mb-6 text-slate-600">Medicare tạm thời không tải được trang này. Giỏ hàng của bạn vẫn được giữ nguyên. Vui lòng thử lại sau giây lát hoặc gọi 1900 6868.</p>
      <div className="flex justify-center gap-3">
        <button type="button" onClick={reset} className="rounded-lg bg-emerald-700 px-4 py-2 font-semibold text-white">
          Thử lại
        </button>
        <Link href="/" className="rounded-lg border border-slate-300 px-4 py-2">
          Về trang chủ
        </Link>
      </div>
    </div>
  );
}
