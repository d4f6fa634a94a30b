import type { Metadata } from 'next';
import Link from 'next/link';
import { CartView } from '../../../components/CartView';

export const metadata: Metadata = { title: 'Giỏ hàng', robots: { index: false } };

/**
 * What a refill reminder's "Đặt lại" link did (`GET /v1/refill/reorder` redirects here with `?dat-lai=<outcome>`):
 * rendered on the server, so the notice costs the cart page no JavaScript.
 */
const REORDER_NOTICES: Record<string, { tone: 'ok' | 'warn'; text: string; consult?: boolean }> = {
  ok: { tone: 'ok', text: 'Đã thêm sản phẩm trong lời nhắc vào giỏ hàng, theo giá và tồn kho hiện tại.' },
  'mot-phan': { tone: 'warn', text: 'Sản phẩm chỉ còn một phần số lượng bạn mua lần trước: giỏ hàng đã có phần còn hàng.' },
  'het-hang': { tone: 'warn', text: 'Sản phẩm trong lời nhắc hiện đã hết hàng. Trên trang sản phẩm, bạn có thể bấm "Báo khi có hàng".' },
  'thuoc-ke-don': { tone: 'warn', text: 'Đây là thuốc kê đơn: Medicare chỉ bán sau khi dược sĩ tư vấn.', consult: true },
  'lien-ket-loi': { tone: 'warn', text: 'Liên kết "Đặt lại" không hợp lệ hoặc đã hết hạn. Bạn có thể tìm sản phẩm và thêm vào giỏ như thường lệ.' },
};

export default async function CartPage({ searchParams }: { searchParams: Promise<{ 'dat-lai'?: string }> }) {
  const notice = REORDER_NOTICES[(await searchParams)['dat-lai'] ?? ''];
  return (
    <div>
      <h1 className="mb-4 text-2xl font-bold">Giỏ hàng</h1>
      {notice && (
        <p role="status" data-testid="reorder-notice" className={`mb-4 rounded-lg p-3 text-sm ${notice.tone === 'ok' ? 'bg-emerald-50 text-emerald-800' : 'bg-amber-50 text-amber-900'}`}>
          {notice.text}
          {notice.consult && (
            <>
              {' '}
              <Link href="/tu-van-duoc-si" className="font-medium underline">
                Hỏi dược sĩ
              </Link>
            </>
          )}
        </p>
      )}
      <CartView />
    </div>
  );
}
