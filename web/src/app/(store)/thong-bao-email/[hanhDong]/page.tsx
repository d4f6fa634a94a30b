/**
 * #17 alerts (ADR 0040): where an email's action link lands. Opening it changes nothing (mail scanners prefetch
 * links); its one button POSTs the action to the api (a plain form through the /v1 gateway, no JavaScript), which
 * answers with the notice page `/thong-bao-email?kq=…`. The paths are shared/src/alerts/links.ts EMAIL_ACTION_PAGES.
 */
import Link from 'next/link';
import { notFound } from 'next/navigation';

const ACTIONS: Record<string, { title: string; text: string; button: string; post: string }> = {
  'xac-nhan': {
    title: 'Xác nhận nhận thông báo khi có hàng',
    text: 'Nhấn nút dưới đây để xác nhận bạn muốn nhận một email khi sản phẩm có hàng trở lại. Nếu không phải bạn đăng ký, hãy bỏ qua trang này.',
    button: 'Xác nhận',
    post: '/v1/stock-alerts/confirm',
  },
  'huy-thong-bao': {
    title: 'Hủy nhận thông báo khi có hàng',
    text: 'Bạn sẽ không nhận email khi sản phẩm này có hàng trở lại.',
    button: 'Hủy nhận thông báo',
    post: '/v1/stock-alerts/unsubscribe',
  },
  'tam-dung': {
    title: 'Tạm dừng nhắc mua lại',
    text: 'Chúng tôi sẽ tạm ngừng gửi email nhắc mua lại sản phẩm này. Bạn có thể bật lại bất cứ lúc nào trong trang tài khoản.',
    button: 'Tạm dừng',
    post: '/v1/refill/manage',
  },
  'dung-nhac': {
    title: 'Dừng nhắc mua lại',
    text: 'Bạn sẽ không nhận email nhắc mua lại sản phẩm này nữa. Bạn có thể bật lại trong trang tài khoản.',
    button: 'Dừng nhắc',
    post: '/v1/refill/manage',
  },
};

// The signed token is in the address: never sent onwards as a referrer, never indexed.
export const metadata = { title: 'Xác nhận từ email', robots: { index: false }, referrer: 'no-referrer' as const };

export default async function EmailAction({ params, searchParams }: { params: Promise<{ hanhDong: string }>; searchParams: Promise<{ t?: string }> }) {
  const [{ hanhDong }, { t }] = await Promise.all([params, searchParams]);
  const action = ACTIONS[hanhDong];
  if (!action) notFound();
  return (
    <div className="mx-auto max-w-xl p-6 text-center">
      <h1 className="mb-3 text-xl font-semibold">{action.title}</h1>
      {t ? (
        <form method="post" action={`${action.post}?t=${encodeURIComponent(t)}`}>
          <p className="mb-4">{action.text}</p>
          <button type="submit" className="rounded-lg bg-emerald-700 px-5 py-2 font-medium text-white hover:bg-emerald-800">
            {action.button}
          </button>
        </form>
      ) : (
        <p role="status">Liên kết không hợp lệ hoặc đã hết hạn.</p>
      )}
      <Link href="/" className="mt-4 inline-block text-emerald-700 underline">
        Về trang chủ
      </Link>
    </div>
  );
}
