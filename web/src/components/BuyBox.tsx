'use client';
import Link from 'next/link';
import { useState } from 'react';
import type { InferResponseType } from 'hono/client';
import type { Api } from '../lib/api';
import { formatVnd } from '../lib/format';
import { cartActions } from '../store/cart';
import { useAppDispatch } from '../store/hooks';

/** A selling unit as the api's product detail answers it (`GET /v1/products/{slug}`). */
type Unit = InferResponseType<Api['v1']['products'][':slug']['$get'], 200>['units'][number];

/**
 * Selling-unit switcher (hộp / vỉ / viên) with its price and availability, then add to cart — or, for prescription-only
 * products, the consultation form (`consultHref`, the product picked already) as the main button.
 */
export function BuyBox({ productName, baseUnit, units, purchaseMode, consultHref }: { productName: string; baseUnit: string; units: Unit[]; purchaseMode: 'cart' | 'consultation'; consultHref: string }) {
  const dispatch = useAppDispatch();
  const [unitId, setUnitId] = useState(units[0]?.id ?? '');
  const [qty, setQty] = useState(1);
  const unit = units.find((u) => u.id === unitId) ?? units[0];
  if (!unit) return null;

  return (
    <div className="space-y-4 rounded-xl border border-slate-200 bg-white p-4" data-testid="buy-box">
      <fieldset>
        <legend className="mb-2 text-sm font-medium text-slate-700">Chọn đơn vị</legend>
        <div className="flex flex-wrap gap-2" role="radiogroup">
          {units.map((u) => (
            <label key={u.id} className={`cursor-pointer rounded-lg border px-4 py-2 text-sm has-[input:focus-visible]:outline-2 has-[input:focus-visible]:outline-offset-2 has-[input:focus-visible]:outline-emerald-700 ${u.id === unit.id ? 'border-emerald-600 bg-emerald-50 font-semibold text-emerald-800' : 'border-slate-300 text-slate-700'}`}>
              <input type="radio" name="unit" value={u.id} className="sr-only" checked={u.id === unit.id} onChange={() => (setUnitId(u.id), setQty(1))} />
              {u.name}
            </label>
          ))}
        </div>
      </fieldset>
      <div>
        <p className="text-2xl font-bold text-emerald-700" data-testid="unit-price">
          {formatVnd(unit.price)} <span className="text-base font-normal text-slate-500">/ {unit.name}</span>
        </p>
        {unit.onSale && (
          <p className="text-sm text-slate-500">
            <s className="text-slate-600">
              <span className="sr-only">Giá gốc </span>
              {formatVnd(unit.listPrice)}
            </s>{' '}
            <span className="font-semibold text-red-700">-{unit.discountPercent}%</span>
          </p>
        )}
        {unit.factor > 1 && (
          <p className="text-xs text-slate-500">
            1 {unit.name.toLowerCase()} = {unit.factor} {baseUnit.toLowerCase()}
          </p>
        )}
        <p className={`mt-1 text-sm ${unit.inStock ? 'text-emerald-700' : 'text-red-600'}`}>{unit.inStock ? `Còn hàng (${unit.available} ${unit.name.toLowerCase()})` : 'Tạm hết hàng'}</p>
      </div>
      {purchaseMode === 'consultation' ? (
        <div className="space-y-2 rounded-lg bg-amber-50 p-3">
          <p className="font-semibold text-amber-800">Cần tư vấn dược sĩ</p>
          <p className="text-sm text-amber-900">Đây là thuốc kê đơn: chỉ bán theo đơn của bác sĩ. Gửi đơn thuốc để dược sĩ Medicare kiểm tra, tư vấn và giữ thuốc cho bạn nhận tại nhà thuốc.</p>
          <Link href={consultHref} className="block rounded-lg bg-emerald-700 px-4 py-3 text-center font-semibold text-white hover:bg-emerald-800">
            Gửi đơn thuốc / Tư vấn dược sĩ
          </Link>
          <p className="text-xs text-amber-900">
            Hoặc gọi dược sĩ: <a href="tel:19006868" className="font-semibold underline">1900 6868</a>
          </p>
        </div>
      ) : (
        <div className="flex items-center gap-3">
          <label className="sr-only" htmlFor="qty">
            Số lượng
          </label>
          <div className="flex items-center rounded-lg border border-slate-300">
            <button type="button" className="px-3 py-2 text-lg" aria-label="Giảm số lượng" onClick={() => setQty((q) => Math.max(1, q - 1))}>
              −
            </button>
            <input id="qty" inputMode="numeric" className="w-12 text-center" value={qty} onChange={(e) => setQty(Math.max(1, Math.min(99, Number(e.target.value.replace(/\D/g, '')) || 1)))} />
            <button type="button" className="px-3 py-2 text-lg" aria-label="Tăng số lượng" onClick={() => setQty((q) => Math.min(Math.max(1, unit.available), q + 1))}>
              +
            </button>
          </div>
          <button
            type="button"
            disabled={!unit.inStock}
            className="flex-1 rounded-lg bg-emerald-700 px-4 py-3 font-semibold text-white hover:bg-emerald-800 disabled:cursor-not-allowed disabled:bg-slate-300"
            onClick={() => dispatch(cartActions.addRequested({ unitId: unit.id, quantity: qty, productName, unitName: unit.name }))}
          >
            Thêm vào giỏ
          </button>
        </div>
      )}
    </div>
  );
}
