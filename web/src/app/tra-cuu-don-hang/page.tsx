import type { Metadata } from 'next';

export const metadata: Metadata = { title: 'Tra cứu đơn hàng', description: 'Tra cứu đơn hàng Medicare bằng mã đơn và số điện thoại đặt hàng.' };

/** Guest lookup: a plain GET form to the order page, which asks the API with the code and phone. */
export default function LookupPage() {
  return (
    <div className="mx-auto max-w-md rounded-xl bg-white p-6">
      <h1 className="mb-4 text-2xl font-bold">Tra cứu đơn hàng</h1>
      <form action="/tra-cuu-don-hang/ket-qua" className="space-y-4">
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
