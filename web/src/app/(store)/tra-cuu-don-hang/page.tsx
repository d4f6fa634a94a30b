import type { Metadata } from 'next';

export const metadata: Metadata = { title: 'Tra cứu đơn hàng', description: 'Tra cứu đơn hàng Medicare bằng mã đơn và số điện thoại đặt hàng.' };

const MESSAGES: Record<string, string> = {
  'khong-tim-thay': 'Không tìm thấy đơn hàng với mã và số điện thoại này. Đơn đặt khi đã đăng nhập, vui lòng xem trong tài khoản.',
  'qua-nhieu-lan': 'Bạn đã tra cứu quá nhiều lần. Vui lòng thử lại sau ít phút.',
  'khong-hop-le': 'Vui lòng nhập đúng mã đơn hàng (MC + 8 ký tự) và số điện thoại.',
  'loi-he-thong': 'Chưa tra cứu được đơn hàng, vui lòng thử lại.',
};

type Props = { searchParams: Promise<{ loi?: string }> };

/** Guest lookup: a POST form (the phone stays out of URLs); the result page is opened with the order's guest pass. */
export default async function LookupPage({ searchParams }: Props) {
  const { loi } = await searchParams;
  const error = loi ? (MESSAGES[loi] ?? MESSAGES['loi-he-thong']) : null;
  return (
    <div className="mx-auto max-w-md rounded-xl bg-white p-6">
      <h1 className="mb-4 text-2xl font-bold">Tra cứu đơn hàng</h1>
      {error && (
        <p role="alert" className="mb-4 rounded-lg bg-red-50 p-3 text-sm text-red-700" data-testid="lookup-error">
          {error}
        </p>
      )}
      <form method="post" action="/tra-cuu-don-hang/ket-qua" className="space-y-4">
        <div className="space-y-1">
          <label htmlFor="code" className="block text-sm font-medium">
            Mã đơn hàng
          </label>
          <input id="code" name="code" required pattern="[Mm][Cc][0-9A-Za-z]{8}" placeholder="MC…" className="w-full rounded-lg border border-slate-300 px-3 py-2 uppercase" />
        </div>
        <div className="space-y-1">
          <label htmlFor="phone" className="block text-sm font-medium">
            Số điện thoại đặt hàng
          </label>
          <input id="phone" name="phone" type="tel" required className="w-full rounded-lg border border-slate-300 px-3 py-2" />
        </div>
        <button type="submit" className="w-full rounded-lg bg-emerald-700 px-4 py-2.5 font-semibold text-white">
          Tra cứu
        </button>
      </form>
    </div>
  );
}
