/** #17 alerts: the notice after an email action (confirm, unsubscribe, pause, stop) was POSTed from ./[hanhDong]. */
import Link from 'next/link';

const MESSAGES: Record<string, string> = {
  'da-xac-nhan': 'Đã xác nhận. Chúng tôi sẽ gửi email khi sản phẩm có hàng trở lại.',
  'da-huy': 'Bạn đã hủy nhận thông báo cho sản phẩm này.',
  'da-tam-dung': 'Đã tạm dừng nhắc mua lại. Bạn có thể bật lại trong trang tài khoản.',
  'da-dung-nhac': 'Đã dừng nhắc mua lại cho sản phẩm này. Bạn có thể bật lại trong trang tài khoản.',
  'lien-ket-loi': 'Liên kết không hợp lệ hoặc đã hết hạn.',
};

export const metadata = { title: 'Thông báo', robots: { index: false } };

export default async function EmailNotice({ searchParams }: { searchParams: Promise<{ kq?: string }> }) {
  const { kq } = await searchParams;
  return (
    <div className="mx-auto max-w-xl p-6 text-center">
      <h1 className="mb-3 text-xl font-semibold">Medicare</h1>
      <p role="status">{MESSAGES[kq ?? ''] ?? MESSAGES['lien-ket-loi']}</p>
      <Link href="/" className="mt-4 inline-block text-emerald-700 underline">
        Về trang chủ
      </Link>
    </div>
  );
}
