'use client';
import Image from 'next/image';
import Link from 'next/link';
import { formatVnd } from '../lib/format';
import { cartActions } from '../store/cart';
import { useAppDispatch, useAppSelector } from '../store/hooks';

export function CartView() {
  const { cart, status } = useAppSelector((s) => s.cart);
  const dispatch = useAppDispatch();
  if (!cart && (status === 'idle' || status === 'loading')) {
    return (
      <div className="space-y-3" aria-busy="true" aria-label="Đang tải giỏ hàng">
        {[0, 1].map((i) => (
          <div key={i} className="h-24 animate-pulse rounded-xl bg-white" />
        ))}
      </div>
    );
  }
  if (status === 'error' && !cart) return <p className="rounded-xl bg-white p-6">Không tải được giỏ hàng. Vui lòng tải lại trang.</p>;
  if (!cart || cart.lines.length === 0) {
    return (
      <div className="rounded-xl bg-white p-8 text-center">
        <p className="mb-4 text-slate-600">Giỏ hàng của bạn đang trống.</p>
        <Link href="/" className="rounded-lg bg-emerald-700 px-4 py-2 font-semibold text-white">
          Tiếp tục mua sắm
        </Link>
      </div>
    );
  }
  const setQty = (lineId: string, quantity: number) => dispatch(cartActions.quantityRequested({ lineId, quantity }));
  return (
    <div className="grid gap-6 md:grid-cols-[1fr_300px]">
      <ul className="space-y-3">
        {cart.lines.map((l) => (
          <li key={l.id} className="flex gap-3 rounded-xl bg-white p-3" data-testid="cart-line">
            <div className="relative h-20 w-20 shrink-0 rounded-lg bg-slate-50">{l.image && <Image src={l.image} alt={l.productName ?? ''} fill sizes="80px" className="object-contain p-1" />}</div>
            <div className="flex flex-1 flex-col gap-1">
              <Link href={l.productSlug ? `/san-pham/${l.productSlug}` : '#'} className="font-medium hover:text-emerald-700">
                {l.productName}
              </Link>
              <p className="text-sm text-slate-600" data-testid="cart-line-unit">
                {formatVnd(l.unitPrice)} / {l.unitName}
              </p>
              {l.problem && <p className="text-sm text-red-600">{l.problem.message}</p>}
              <div className="mt-auto flex items-center gap-3">
                <div className="flex items-center rounded-lg border border-slate-300">
                  <button type="button" className="px-3 py-1" aria-label="Giảm số lượng" onClick={() => setQty(l.id, l.quantity - 1)}>
                    −
                  </button>
                  <span className="w-8 text-center" aria-label="Số lượng">
                    {l.quantity}
                  </span>
                  <button type="button" className="px-3 py-1" aria-label="Tăng số lượng" onClick={() => setQty(l.id, l.quantity + 1)}>
                    +
                  </button>
                </div>
                <button type="button" className="text-sm text-red-600 hover:underline" onClick={() => setQty(l.id, 0)}>
                  Xóa
                </button>
                <span className="ml-auto font-semibold">{formatVnd(l.lineTotal)}</span>
              </div>
            </div>
          </li>
        ))}
      </ul>
      <aside className="h-fit space-y-3 rounded-xl bg-white p-4">
        <p className="flex justify-between">
          <span>Tạm tính ({cart.itemCount})</span>
          <span className="font-bold" data-testid="cart-subtotal">
            {formatVnd(cart.subtotal)}
          </span>
        </p>
        <p className="text-xs text-slate-500">Phí vận chuyển và mã giảm giá được tính ở bước đặt hàng.</p>
        <Link href="/thanh-toan" className={`block rounded-lg px-4 py-3 text-center font-semibold text-white ${cart.ok ? 'bg-emerald-700 hover:bg-emerald-800' : 'pointer-events-none bg-slate-300'}`} aria-disabled={!cart.ok}>
          Tiến hành đặt hàng
        </Link>
      </aside>
    </div>
  );
}
