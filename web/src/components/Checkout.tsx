'use client';
import Link from 'next/link';
import { useRouter } from 'next/navigation';
import { useEffect, useId, useMemo, useRef, useState } from 'react';
import type { InferResponseType } from 'hono/client';
import { apiError, browserApi, type Api } from '../lib/api';
import { formatVnd } from '../lib/format';
import { PAYMENT_METHOD_LABELS } from '../../../shared/src/payments/labels';
import { signInHref } from '../lib/safe-next';
import { cartActions } from '../store/cart';
import { useAppDispatch, useAppSelector } from '../store/hooks';
import { uiActions } from '../store/ui';
import { Field, FormError, useHydrated } from './Field';
import { MoneyRows } from './MoneyRows';
import { ProvinceWard } from './ProvinceWard';

/** The api's answers, through hono/client: the quote (QuoteSchema) and an address-book entry. */
type Quote = InferResponseType<Api['v1']['checkout']['quote']['$post'], 200>;
type SavedAddress = InferResponseType<Api['v1']['me']['addresses']['$get'], 200>['items'][number];

/** The voucher problem the API answers for a guest: every voucher is for signed-in shoppers. */
const LOGIN_REQUIRED = 'VOUCHER_LOGIN_REQUIRED';
/** Vouchers typed before signing in, carried across the sign-in page (codes only, no personal data). */
const CARRIED_VOUCHERS = 'medicare.checkout.vouchers';

const sameAddress = (a: SavedAddress, b: { recipientName: string; phone: string; provinceCode: string; wardCode: string; street: string }) =>
  a.recipientName === b.recipientName && a.phone.replace(/\D/g, '') === b.phone.replace(/\D/g, '') && a.province.code === b.provinceCode && a.ward.code === b.wardCode && a.street === b.street;

/** Checkout: address (address book or a new one, province → ward on the 2025 map), vouchers, payment method, live quote, order with an idempotency key. */
export function Checkout() {
  const hydrated = useHydrated(); // no native submit (personal data in a URL) before React handles the form
  const router = useRouter();
  const dispatch = useAppDispatch();
  const cart = useAppSelector((s) => s.cart.cart);
  const user = useAppSelector((s) => s.session.user);
  const [saved, setSaved] = useState<SavedAddress[]>([]);
  const [addr, setAddr] = useState({ recipientName: '', phone: '', email: '', provinceCode: '', wardCode: '', street: '' });
  const [voucherInput, setVoucherInput] = useState('');
  const [vouchers, setVouchers] = useState<string[]>([]);
  const [paymentMethod, setPaymentMethod] = useState<'bank_transfer' | 'cod'>('bank_transfer');
  const [note, setNote] = useState('');
  const [quote, setQuote] = useState<Quote | null>(null);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [placeNeedsLogin, setPlaceNeedsLogin] = useState(false);
  const [saveAddress, setSaveAddress] = useState(false);
  const voucherForm = useId();
  // One key per checkout attempt: a double click or a retried request places the order once.
  const idempotencyKey = useRef(typeof crypto !== 'undefined' && 'randomUUID' in crypto ? crypto.randomUUID() : `${Date.now()}-${Math.random()}`);

  const items = useMemo(() => (cart?.lines ?? []).filter((l) => !l.problem).map((l) => ({ unitId: l.unitId, quantity: l.quantity, ...(l.quoteItemId ? { quoteItemId: l.quoteItemId } : {}) })), [cart]);

  // Vouchers a guest typed before signing in come back with them.
  useEffect(() => {
    if (!user) return;
    const carried = sessionStorage.getItem(CARRIED_VOUCHERS);
    if (!carried) return;
    sessionStorage.removeItem(CARRIED_VOUCHERS);
    try {
      const codes = (JSON.parse(carried) as unknown[]).filter((c): c is string => typeof c === 'string' && /^[A-Z0-9]{1,40}$/.test(c));
      setVouchers((v) => [...new Set([...v, ...codes])].slice(0, 5));
    } catch {
      /* not ours: ignore */
    }
  }, [user]);

  useEffect(() => {
    if (!user) return;
    setAddr((a) => ({ ...a, recipientName: a.recipientName || user.name, phone: a.phone || (user.phone ?? '') }));
    void browserApi()
      .v1.me.addresses.$get()
      .then(async (r) => {
        if (!r.ok) return;
        const list = (await r.json()).items;
        setSaved(list);
        const d = list.find((a) => a.isDefault);
        if (d) setAddr((a) => ({ ...a, recipientName: d.recipientName, phone: d.phone, provinceCode: d.province.code, wardCode: d.ward.code, street: d.street }));
      });
  }, [user]);

  const address = { recipientName: addr.recipientName.trim(), phone: addr.phone.trim(), provinceCode: addr.provinceCode, wardCode: addr.wardCode, street: addr.street.trim(), ...(addr.email.trim() ? { email: addr.email.trim() } : {}) };
  const addressReady = Boolean(address.recipientName && address.phone && address.provinceCode && address.wardCode && address.street.length >= 3);
  // A signed-in shopper typing an address that is not in their book may keep it there.
  const offerSave = Boolean(user && addressReady && !saved.some((a) => sameAddress(a, address)));
  const voucherNeedsLogin = !user && (placeNeedsLogin || Boolean(quote?.vouchers.some((v) => vouchers.includes(v.code) && v.problem?.code === LOGIN_REQUIRED)));

  // The quote follows every change (debounced); prices are always the server's.
  useEffect(() => {
    if (!items.length || !address.provinceCode || !address.wardCode) return;
    const t = setTimeout(async () => {
      const res = await browserApi().v1.checkout.quote.$post({ json: { items, address: { ...address, recipientName: address.recipientName || 'Khách', phone: address.phone || '0900000000', street: address.street || 'Chưa nhập' }, vouchers, paymentMethod } });
      if (res.ok) setQuote(await res.json());
    }, 250);
    return () => clearTimeout(t);
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [JSON.stringify(items), addr.provinceCode, addr.wardCode, vouchers.join(','), paymentMethod]);

  const place = async (e: React.FormEvent) => {
    e.preventDefault();
    if (!addressReady) return setError('Vui lòng nhập đủ họ tên, số điện thoại và địa chỉ giao hàng.');
    setBusy(true);
    setError(null);
    setPlaceNeedsLogin(false);
    const res = await browserApi().v1.orders.$post({ json: { items, address, vouchers, paymentMethod, ...(note.trim() ? { note: note.trim() } : {}) }, header: { 'idempotency-key': idempotencyKey.current } });
    if (!res.ok) {
      setBusy(false);
      const fail = await apiError(res);
      const refused = (fail.details as { vouchers?: Array<{ problem?: { code?: string } | null }> } | undefined)?.vouchers ?? [];
      setPlaceNeedsLogin(refused.some((v) => v.problem?.code === LOGIN_REQUIRED));
      return setError(fail.message);
    }
    const order = await res.json();
    if (offerSave && saveAddress) {
      const { email: _email, ...entry } = address;
      const saving = await browserApi().v1.me.addresses.$post({ json: entry });
      dispatch(saving.ok ? uiActions.toast('success', 'Đã lưu địa chỉ vào sổ địa chỉ.') : uiActions.toast('error', `Chưa lưu được địa chỉ: ${(await apiError(saving)).message}`));
    }
    // The cart's lines are now in the order: empty it (server-side), then follow the order.
    for (const l of cart?.lines ?? []) await browserApi().v1.cart.items[':id'].$delete({ param: { id: l.id } });
    dispatch(cartActions.loadRequested());
    // Guests follow their order with the guest pass cookie the order answer set (no phone in URLs); shoppers by their session.
    router.push(paymentMethod === 'bank_transfer' ? `/don-hang/${order.code}/thanh-toan` : `/don-hang/${order.code}`);
  };

  if (!cart) return <div className="h-40 animate-pulse rounded-xl bg-white" aria-busy="true" />;
  if (!items.length) {
    return (
      <p className="rounded-xl bg-white p-6">
        Giỏ hàng trống. <Link href="/" className="text-emerald-700 underline">Tiếp tục mua sắm</Link>
      </p>
    );
  }
  const set = (k: keyof typeof addr) => (e: React.ChangeEvent<HTMLInputElement>) => setAddr({ ...addr, [k]: e.target.value });
  const applyVoucher = (e: React.FormEvent) => {
    e.preventDefault();
    const c = voucherInput.trim().toUpperCase();
    if (c && !vouchers.includes(c)) setVouchers([...vouchers, c]);
    setVoucherInput('');
  };
  const signInForVoucher = signInHref('/thanh-toan');
  return (
    <>
    {/* The voucher field submits this form, not the order: Enter (a phone keyboard's "Go") applies the voucher. */}
    <form id={voucherForm} onSubmit={applyVoucher} noValidate />
    <form onSubmit={place} className="grid gap-6 md:grid-cols-[1fr_340px]" noValidate>
      <div className="space-y-6">
        <section className="space-y-4 rounded-xl bg-white p-4">
          <h2 className="text-lg font-semibold">Địa chỉ nhận hàng</h2>
          {!user && (
            <p className="text-sm text-slate-600">
              Bạn có thể đặt hàng không cần tài khoản, hoặc <Link href={signInHref('/thanh-toan')} className="text-emerald-700 underline">đăng nhập</Link> để dùng sổ địa chỉ.
            </p>
          )}
          {saved.length > 0 && (
            <div className="space-y-2">
              <label htmlFor="saved" className="block text-sm font-medium text-slate-700">
                Sổ địa chỉ
              </label>
              <select
                id="saved"
                className="w-full rounded-lg border border-slate-300 bg-white px-3 py-2"
                onChange={(e) => {
                  const a = saved.find((x) => x.id === e.target.value);
                  if (a) setAddr({ ...addr, recipientName: a.recipientName, phone: a.phone, provinceCode: a.province.code, wardCode: a.ward.code, street: a.street });
                }}
                defaultValue={saved.find((a) => a.isDefault)?.id}
              >
                {saved.map((a) => (
                  <option key={a.id} value={a.id}>
                    {a.recipientName} — {a.street}, {a.ward.name}, {a.province.name}
                  </option>
                ))}
              </select>
            </div>
          )}
          <div className="grid gap-4 sm:grid-cols-2">
            <Field label="Họ tên người nhận" name="recipientName" autoComplete="name" value={addr.recipientName} onChange={set('recipientName')} required />
            <Field label="Số điện thoại" name="phone" type="tel" autoComplete="tel" value={addr.phone} onChange={set('phone')} required />
          </div>
          {!user && <Field label="Email nhận thông báo đơn hàng (không bắt buộc)" name="email" type="email" autoComplete="email" value={addr.email} onChange={set('email')} />}
          <ProvinceWard provinceCode={addr.provinceCode} wardCode={addr.wardCode} onChange={(v) => setAddr({ ...addr, ...v })} />
          <Field label="Số nhà, tên đường" name="street" autoComplete="street-address" value={addr.street} onChange={set('street')} required />
          {offerSave && (
            <label className="flex items-center gap-2 text-sm">
              <input type="checkbox" name="saveAddress" checked={saveAddress} onChange={(e) => setSaveAddress(e.target.checked)} /> Lưu vào sổ địa chỉ
            </label>
          )}
          <Field label="Ghi chú cho đơn hàng (không bắt buộc)" name="note" value={note} onChange={(e) => setNote(e.target.value)} maxLength={500} />
        </section>

        <section className="space-y-3 rounded-xl bg-white p-4">
          <h2 className="text-lg font-semibold">Phương thức thanh toán</h2>
          {(
            [
              ['bank_transfer', PAYMENT_METHOD_LABELS.bank_transfer, 'Quét mã QR bằng ứng dụng ngân hàng; đơn được xác nhận ngay khi nhận tiền.'],
              ['cod', PAYMENT_METHOD_LABELS.cod, 'Trả tiền mặt cho nhân viên giao hàng.'],
            ] as const
          ).map(([v, label, hint]) => (
            <label key={v} className={`flex cursor-pointer gap-3 rounded-lg border p-3 ${paymentMethod === v ? 'border-emerald-600 bg-emerald-50' : 'border-slate-200'}`}>
              <input type="radio" name="paymentMethod" value={v} checked={paymentMethod === v} onChange={() => setPaymentMethod(v)} />
              <span>
                <span className="block font-medium">{label}</span>
                <span className="block text-sm text-slate-600">{hint}</span>
              </span>
            </label>
          ))}
        </section>
      </div>

      <aside className="h-fit space-y-3 rounded-xl bg-white p-4">
        <h2 className="text-lg font-semibold">Đơn hàng</h2>
        <ul className="space-y-2 text-sm">
          {(quote?.lines ?? cart.lines).map((l) => (
            <li key={l.unitId} className="flex justify-between gap-2">
              <span>
                {l.productName} <span className="text-slate-500">× {l.quantity} {l.unitName}</span>
                {l.problem && <span className="block text-red-600">{l.problem.message}</span>}
              </span>
              <span className="shrink-0">{formatVnd(l.lineTotal)}</span>
            </li>
          ))}
        </ul>
        <div className="flex gap-2">
          <label htmlFor="voucher" className="sr-only">
            Mã giảm giá
          </label>
          <input id="voucher" form={voucherForm} enterKeyHint="done" autoComplete="off" placeholder="Mã giảm giá" className="min-w-0 flex-1 rounded-lg border border-slate-300 px-3 py-2 text-sm uppercase" value={voucherInput} onChange={(e) => setVoucherInput(e.target.value)} />
          <button type="submit" form={voucherForm} disabled={!hydrated} className="rounded-lg border border-emerald-700 px-3 text-sm font-medium text-emerald-700">
            Áp dụng
          </button>
        </div>
        {vouchers.length > 0 && (
          <ul className="space-y-1 text-sm" aria-label="Mã đã nhập" data-testid="vouchers">
            {vouchers.map((c) => {
              const v = quote?.vouchers.find((x) => x.code === c);
              return (
                <li key={c} className={`flex justify-between gap-2 ${v?.problem ? 'text-red-700' : 'text-emerald-700'}`}>
                  <span>
                    {c}: {!v ? <span className="text-slate-600">{addr.wardCode ? 'đang kiểm tra…' : 'sẽ được kiểm tra khi có địa chỉ giao hàng'}</span> : v.problem ? v.problem.message : `-${formatVnd(v.discount)}`}
                  </span>
                  <button type="button" className="text-slate-600" aria-label={`Bỏ mã ${c}`} onClick={() => setVouchers(vouchers.filter((x) => x !== c))}>
                    ✕
                  </button>
                </li>
              );
            })}
          </ul>
        )}
        {voucherNeedsLogin && (
          <div className="space-y-2 rounded-lg bg-amber-50 p-3 text-sm text-amber-950" data-testid="voucher-login">
            <p>Mã giảm giá dành cho thành viên Medicare. Đăng nhập để dùng mã: giỏ hàng và mã bạn đã nhập được giữ nguyên. Hoặc bỏ mã để đặt hàng không cần tài khoản.</p>
            <Link href={signInForVoucher} onClick={() => sessionStorage.setItem(CARRIED_VOUCHERS, JSON.stringify(vouchers))} className="inline-block rounded-lg bg-emerald-700 px-3 py-1.5 font-semibold text-white hover:bg-emerald-800">
              Đăng nhập để dùng mã
            </Link>
          </div>
        )}
        <MoneyRows
          subtotal={quote?.subtotal ?? cart.subtotal}
          shipping={quote ? (quote.shipping.freeShipping ? 'Miễn phí' : quote.shippingFee) : 'Chọn địa chỉ để tính'}
          discount={quote ? quote.orderDiscount + quote.shippingDiscount : 0}
          total={quote?.total ?? cart.subtotal}
          totalTestId="checkout-total"
        >
          {quote && <p className="text-xs text-slate-500">Dự kiến giao trong {quote.shipping.estimatedDays.min}–{quote.shipping.estimatedDays.max} ngày.</p>}
        </MoneyRows>
        <FormError message={error} />
        <button type="submit" disabled={busy || !hydrated} className="w-full rounded-lg bg-emerald-700 px-4 py-3 font-semibold text-white hover:bg-emerald-800 disabled:opacity-60">
          {busy ? 'Đang đặt hàng…' : 'Đặt hàng'}
        </button>
      </aside>
    </form>
    </>
  );
}
