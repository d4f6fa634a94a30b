import { formatVnd } from '../lib/format';

/** The money summary of a quote or an order: subtotal, shipping, discounts, total. */
export function MoneyRows({ subtotal, shipping, discount, total, totalTestId, children }: { subtotal: number; shipping: string | number; discount: number; total: number; totalTestId?: string; children?: React.ReactNode }) {
  return (
    <dl className="space-y-1 border-t border-slate-200 pt-3 text-sm">
      <div className="flex justify-between">
        <dt>Tạm tính</dt>
        <dd>{formatVnd(subtotal)}</dd>
      </div>
      <div className="flex justify-between">
        <dt>Phí vận chuyển</dt>
        <dd>{typeof shipping === 'number' ? (shipping === 0 ? 'Miễn phí' : formatVnd(shipping)) : shipping}</dd>
      </div>
      {discount > 0 && (
        <div className="flex justify-between text-emerald-700">
          <dt>Giảm giá</dt>
          <dd>-{formatVnd(discount)}</dd>
        </div>
      )}
      <div className="flex justify-between text-base font-bold">
        <dt>Tổng cộng</dt>
        <dd data-testid={totalTestId}>{formatVnd(total)}</dd>
      </div>
      {children}
    </dl>
  );
}
