import Link from 'next/link';

/** An order code or record that does not exist, inside the console. */
export default function ConsoleNotFound() {
  return (
    <div className="mx-auto max-w-lg rounded-xl bg-white p-8 text-center">
      <h1 className="mb-2 text-xl font-bold">Không tìm thấy</h1>
      <p className="mb-6 text-slate-600">Mục bạn tìm không tồn tại hoặc đã bị xóa.</p>
      <Link href="/quan-tri" className="btn-primary">
        Về trang tổng quan
      </Link>
    </div>
  );
}
