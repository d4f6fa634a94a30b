'use client';
import type { InferRequestType, InferResponseType } from 'hono/client';
import { useRouter } from 'next/navigation';
import { useEffect, useState } from 'react';
import { vietnamDate } from '../../../../shared/src/catalog/availability';
import { ADJUSTMENT_KINDS, costPerBaseUnit, MOVEMENT_KIND_LABELS, shortExpiry, SHORT_EXPIRY_DAYS, toBaseUnits, type AdjustmentKind } from '../../../../shared/src/stock/ledger.d1';
import { apiError, browserApi, type Api } from '../../lib/api';
import { formatVnd } from '../../lib/format';
import { Field, FormError, useHydrated } from '../Field';
import { ConfirmDialog } from './ConfirmDialog';
import { useToast } from './Toaster';
import { useAction } from './use-action';

export type BatchRow = InferResponseType<Api['v1']['admin']['stock']['batches']['$get'], 200>['items'][number];
type ReceiptBody = InferRequestType<Api['v1']['admin']['stock']['receipts']['$post']>['json'];
type AdjustBody = InferRequestType<Api['v1']['admin']['stock']['batches'][':id']['adjustments']['$post']>['json'];
type Product = InferResponseType<Api['v1']['products'][':slug']['$get'], 200>;
type Suggestion = InferResponseType<Api['v1']['search']['suggest']['$get'], 200>['products'][number];

/** An integer typed by a person: digits only ("25.000" → 25000); null when empty. */
const int = (s: string): number | null => {
  const d = s.replace(/[^\d]/g, '');
  return d ? Number(d) : null;
};
const fmt = (n: number) => n.toLocaleString('vi-VN');

/** Product picker: type part of a name, pick from the suggestions, the product's selling units load. */
function ProductPicker({ product, onPick }: { product: Product | null; onPick: (p: Product | null) => void }) {
  const [q, setQ] = useState('');
  const [found, setFound] = useState<Suggestion[]>([]);
  const [loading, setLoading] = useState(false);
  useEffect(() => {
    const term = q.trim();
    if (term.length < 2) {
      setFound([]);
      return;
    }
    const t = setTimeout(async () => {
      const res = await browserApi().v1.search.suggest.$get({ query: { q: term, limit: '8' } }).catch(() => null);
      if (res?.ok) setFound((await res.json()).products);
    }, 250);
    return () => clearTimeout(t);
  }, [q]);
  const pick = async (slug: string) => {
    setLoading(true);
    try {
      const res = await browserApi().v1.products[':slug'].$get({ param: { slug } });
      if (res.ok) {
        onPick(await res.json());
        setQ('');
        setFound([]);
      }
    } finally {
      setLoading(false);
    }
  };
  if (product)
    return (
      <div className="flex items-center justify-between gap-2 rounded-lg border border-slate-200 bg-slate-50 px-3 py-2 text-sm sm:col-span-2">
        <span>
          Sản phẩm: <strong data-testid="receive-product">{product.name}</strong> (đơn vị gốc: {product.baseUnit})
        </span>
        <button type="button" className="btn-secondary" onClick={() => onPick(null)}>
          Đổi sản phẩm
        </button>
      </div>
    );
  return (
    <div className="space-y-1 sm:col-span-2">
      <label htmlFor="receive-search" className="block text-sm font-medium text-slate-700">
        Sản phẩm (gõ tên để tìm)
      </label>
      <input id="receive-search" type="search" autoComplete="off" className="input" value={q} onChange={(e) => setQ(e.target.value)} aria-describedby="receive-search-hint" />
      <p id="receive-search-hint" className="text-xs text-slate-500">
        {loading ? 'Đang tải đơn vị bán…' : 'Chọn một sản phẩm trong danh sách gợi ý.'}
      </p>
      {found.length > 0 && (
        <ul className="divide-y divide-slate-100 rounded-lg border border-slate-200 bg-white" aria-label="Sản phẩm gợi ý">
          {found.map((p) => (
            <li key={p.slug}>
              <button type="button" className="w-full px-3 py-2 text-left text-sm hover:bg-emerald-50" onClick={() => pick(p.slug)}>
                {p.name}
                {p.prescriptionRequired && <span className="ml-2 text-xs text-amber-800">Thuốc kê đơn</span>}
              </button>
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}

/**
 * Receive a batch (POST /v1/admin/stock/receipts): quantity and cost in any selling unit, with a live preview of the
 * conversion to base units (`toBaseUnits`, `costPerBaseUnit`: the stock ledger's own functions) and of the
 * short-expiry rule (`shortExpiry`): an expired or < 30-day batch needs the confirmation box ticked.
 */
export function ReceiveForm() {
  const router = useRouter();
  const notify = useToast();
  const hydrated = useHydrated();
  const today = vietnamDate(Date.now());
  const [product, setProduct] = useState<Product | null>(null);
  const [unitId, setUnitId] = useState('');
  const [f, setF] = useState({ quantity: '', lotNumber: '', expiryDate: '', costPrice: '', supplier: '', receivedDate: today });
  const [confirmShort, setConfirmShort] = useState(false);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [issues, setIssues] = useState<Record<string, string>>({});
  const set = (k: keyof typeof f) => (e: React.ChangeEvent<HTMLInputElement>) => setF({ ...f, [k]: e.target.value });

  const units = product?.units ?? [];
  const unit = units.find((u) => u.id === unitId) ?? units.find((u) => u.isDefault) ?? units[0];
  const quantity = int(f.quantity);
  const cost = int(f.costPrice);
  const base = unit && quantity ? toBaseUnits(quantity, unit.factor) : null;
  const costBase = unit && cost !== null ? costPerBaseUnit(cost, unit.factor) : null;
  const short = /^\d{4}-\d{2}-\d{2}$/.test(f.expiryDate) ? shortExpiry(f.expiryDate, today) : null;

  const pickProduct = (p: Product | null) => {
    setProduct(p);
    setUnitId(p?.units.find((u) => u.isDefault)?.id ?? p?.units[0]?.id ?? '');
  };

  const submit = async (e: React.FormEvent) => {
    e.preventDefault();
    setError(null);
    setIssues({});
    if (!product || !unit) {
      setError('Chọn sản phẩm cần nhập kho.');
      return;
    }
    if (short && !confirmShort) {
      setError('Lô hàng cận hạn hoặc đã hết hạn: đánh dấu ô xác nhận để nhập kho.');
      return;
    }
    const json: ReceiptBody = {
      productId: product.id,
      unitId: unit.id,
      quantity: quantity ?? 0,
      lotNumber: f.lotNumber,
      expiryDate: f.expiryDate,
      costPrice: cost ?? 0,
      supplier: f.supplier,
      receivedDate: f.receivedDate,
      ...(short ? { confirmShortExpiry: true } : {}),
    };
    setBusy(true);
    try {
      const res = await browserApi().v1.admin.stock.receipts.$post({ json });
      if (!res.ok) {
        const fail = await apiError(res);
        setError(fail.message);
        setIssues(fail.issues);
        return;
      }
      const b = await res.json();
      notify('success', `Đã nhập lô ${b.lotNumber}: ${fmt(b.conversion.quantity)} ${b.conversion.unitName} = ${fmt(b.conversion.baseQuantity)} ${b.baseUnit}.`);
      setF({ quantity: '', lotNumber: '', expiryDate: '', costPrice: '', supplier: f.supplier, receivedDate: today });
      setConfirmShort(false);
      router.refresh();
    } catch {
      setError('Không kết nối được tới máy chủ. Vui lòng thử lại.');
    } finally {
      setBusy(false);
    }
  };

  return (
    <form onSubmit={submit} noValidate aria-label="Nhập lô hàng" className="mt-3 grid gap-4 lg:grid-cols-[1fr_20rem]">
      <div className="grid gap-3 sm:grid-cols-2">
        <ProductPicker product={product} onPick={pickProduct} />
        {product && (
          <div className="space-y-1">
            <label htmlFor="receive-unit" className="block text-sm font-medium text-slate-700">
              Đơn vị nhập
            </label>
            <select id="receive-unit" className="input" value={unit?.id ?? ''} onChange={(e) => setUnitId(e.target.value)}>
              {units.map((u) => (
                <option key={u.id} value={u.id}>
                  {u.name} ({fmt(u.factor)} {product.baseUnit})
                </option>
              ))}
            </select>
          </div>
        )}
        <Field label="Số lượng (theo đơn vị nhập)" name="quantity" inputMode="numeric" required value={f.quantity} onChange={set('quantity')} error={issues.quantity} />
        <Field label="Số lô" name="lotNumber" required autoComplete="off" value={f.lotNumber} onChange={set('lotNumber')} error={issues.lotNumber} />
        <Field label="Hạn dùng" name="expiryDate" type="date" required value={f.expiryDate} onChange={(e) => (setF({ ...f, expiryDate: e.target.value }), setConfirmShort(false))} error={issues.expiryDate} />
        <Field label="Giá vốn (đ / đơn vị nhập)" name="costPrice" inputMode="numeric" required value={f.costPrice} onChange={set('costPrice')} error={issues.costPrice} />
        <Field label="Nhà cung cấp" name="supplier" required value={f.supplier} onChange={set('supplier')} error={issues.supplier} />
        <Field label="Ngày nhập" name="receivedDate" type="date" required max={today} value={f.receivedDate} onChange={set('receivedDate')} error={issues.receivedDate} />
        {short && (
          <label className="flex items-start gap-2 rounded-lg border border-amber-300 bg-amber-50 p-2 text-sm text-amber-900 sm:col-span-2" data-testid="short-expiry">
            <input type="checkbox" className="mt-1" checked={confirmShort} onChange={(e) => setConfirmShort(e.target.checked)} />
            <span>
              {short.expired ? `Lô hàng đã hết hạn (${f.expiryDate}).` : `Lô hàng chỉ còn ${short.daysToExpiry} ngày là hết hạn (dưới ${SHORT_EXPIRY_DAYS} ngày).`} Tôi xác nhận vẫn nhập kho lô này.
            </span>
          </label>
        )}
        <div className="space-y-2 sm:col-span-2">
          <FormError message={error} />
          <button type="submit" className="btn-primary" disabled={busy || !hydrated}>
            {busy ? 'Đang nhập…' : 'Nhập kho'}
          </button>
        </div>
      </div>
      <aside aria-label="Quy đổi" className="h-fit rounded-xl border border-emerald-200 bg-emerald-50 p-3 text-sm" data-testid="receive-preview">
        <p className="text-xs font-semibold uppercase tracking-wide text-emerald-800">Quy đổi về đơn vị gốc</p>
        {product && unit && base !== null ? (
          <>
            <p className="mt-1 text-base font-semibold" data-testid="receive-preview-quantity">
              {fmt(quantity ?? 0)} {unit.name} × {fmt(unit.factor)} = {fmt(base)} {product.baseUnit}
            </p>
            {costBase !== null && (
              <p className="mt-1">
                Giá vốn {formatVnd(costBase)}/{product.baseUnit} · giá trị lô {formatVnd(costBase * base)}
              </p>
            )}
          </>
        ) : (
          <p className="mt-1 text-slate-700">Chọn sản phẩm, đơn vị và số lượng để xem quy đổi.</p>
        )}
      </aside>
    </form>
  );
}

const ADJUST_LABELS: Record<AdjustmentKind, string> = {
  count: `${MOVEMENT_KIND_LABELS.count} (nhập số đếm thực tế)`,
  damage: `${MOVEMENT_KIND_LABELS.damage} (số lượng xuất)`,
  expiry: `${MOVEMENT_KIND_LABELS.expiry} (số lượng xuất)`,
  supplier_return: `${MOVEMENT_KIND_LABELS.supplier_return} (số lượng xuất)`,
};

/** Adjust one batch (count correction, damage, expiry write-off, return to supplier) with a mandatory reason. */
export function AdjustDialog({ batch }: { batch: BatchRow }) {
  const run = useAction();
  const [kind, setKind] = useState<AdjustmentKind>('count');
  const [qty, setQty] = useState('');
  const n = int(qty);
  const after = n === null ? null : kind === 'count' ? n : batch.quantity - n;
  const below = after !== null && after < batch.reserved;
  return (
    <ConfirmDialog
      trigger="Điều chỉnh"
      title={`Điều chỉnh lô ${batch.lotNumber} — ${batch.productName}`}
      body={
        <>
          Tồn: <strong>{fmt(batch.quantity)}</strong> {batch.baseUnit}, đơn đang giữ: {fmt(batch.reserved)} {batch.baseUnit}. Không thể giảm dưới số đơn đang giữ.
        </>
      }
      confirmLabel="Ghi điều chỉnh"
      reason={{ label: 'Lý do điều chỉnh' }}
      disabled={false}
      onConfirm={async (reason) => {
        if (n === null) return false;
        const json: AdjustBody = { kind, quantity: n, reason };
        const ok = await run(() => browserApi().v1.admin.stock.batches[':id'].adjustments.$post({ param: { id: batch.id }, json }), `Đã điều chỉnh lô ${batch.lotNumber}.`);
        if (ok) setQty('');
        return ok;
      }}
    >
      <div className="grid gap-3 sm:grid-cols-2">
        <div className="space-y-1">
          <label htmlFor={`adj-kind-${batch.id}`} className="block text-sm font-medium text-slate-700">
            Loại điều chỉnh
          </label>
          <select id={`adj-kind-${batch.id}`} className="input" value={kind} onChange={(e) => setKind(ADJUSTMENT_KINDS.find((k) => k === e.target.value) ?? 'count')}>
            {ADJUSTMENT_KINDS.map((k) => (
              <option key={k} value={k}>
                {ADJUST_LABELS[k]}
              </option>
            ))}
          </select>
        </div>
        <div className="space-y-1">
          <label htmlFor={`adj-qty-${batch.id}`} className="block text-sm font-medium text-slate-700">
            {kind === 'count' ? `Số đếm thực tế (${batch.baseUnit})` : `Số lượng xuất (${batch.baseUnit})`}
          </label>
          <input id={`adj-qty-${batch.id}`} inputMode="numeric" required className="input" value={qty} onChange={(e) => setQty(e.target.value)} />
        </div>
        {after !== null && (
          <p className={`text-sm sm:col-span-2 ${below ? 'text-red-700' : 'text-slate-700'}`} data-testid="adjust-preview">
            Sau điều chỉnh: {fmt(after)} {batch.baseUnit}
            {below ? ` — thấp hơn ${fmt(batch.reserved)} đang giữ cho đơn hàng, sẽ bị từ chối.` : ''}
          </p>
        )}
      </div>
    </ConfirmDialog>
  );
}
