'use client';
import Link from 'next/link';
import { useCallback, useEffect, useRef, useState } from 'react';
import type { InferResponseType } from 'hono/client';
import { apiError, browserApi, type Api } from '../../lib/api';
import { formatBytes } from '../../lib/consultation-files';
import { formatVnd } from '../../lib/format';
import { cartActions } from '../../store/cart';
import { useAppDispatch, useAppSelector } from '../../store/hooks';
import { uiActions } from '../../store/ui';
import { NotFoundPanel } from '../NotFoundPanel';
import { useHydrated } from '../Field';
import { statusStyle, when } from './format';

/** A consultation as its owner sees it (`GET /v1/consultations/{code}`: ConsultationDetail, `advice` included). */
export type Consultation = InferResponseType<Api['v1']['consultations'][':code']['$get'], 200>;

const CONTACT_TIME: Record<string, string> = { any: 'Bất kỳ lúc nào', morning: 'Buổi sáng', afternoon: 'Buổi chiều', evening: 'Buổi tối' };
const card = 'rounded-xl bg-white p-4';
/** A pharmacist as the shopper sees them: name and practising certificate (CCHN) when known. */
const pharmacistRef = (p: { name: string; practisingCertificate: string | null }) => (p.practisingCertificate ? `${p.name} (CCHN ${p.practisingCertificate})` : p.name);

/**
 * One consultation: status and its timeline, what was sent (products, files through short-lived signed links,
 * notes), the pharmacist's answer — a quote put into the cart in one click at the quoted price while it is valid,
 * a pickup reservation (code, pharmacy, hours, expiry) — and cancel while nobody has answered yet. The owner account
 * or the guest who sent it (their HttpOnly consultation cookie) reads it; anyone else gets the not-found page.
 */
export function ConsultationDetail({ code }: { code: string }) {
  const dispatch = useAppDispatch();
  const hydrated = useHydrated();
  const { user, checked } = useAppSelector((s) => s.session);
  const [c, setC] = useState<Consultation | null>(null);
  const [state, setState] = useState<'loading' | 'ready' | 'not-found' | 'error'>('loading');
  const [message, setMessage] = useState<string | null>(null);
  const [busy, setBusy] = useState<'cart' | 'cancel' | null>(null);
  const [confirming, setConfirming] = useState(false);
  const live = useRef<HTMLParagraphElement>(null);

  const load = useCallback(async () => {
    try {
      const res = await browserApi().v1.consultations[':code'].$get({ param: { code } });
      if (!res.ok) {
        const e = await apiError(res);
        if (e.code === 'CONSULTATION_NOT_FOUND' || (res.status as number) === 404) return setState('not-found');
        return (setMessage(e.message), setState('error'));
      }
      setC(await res.json());
      setState('ready');
    } catch {
      setMessage('Không kết nối được tới Medicare. Vui lòng kiểm tra mạng và thử lại.');
      setState('error');
    }
    // `user`: the same page read again after signing in or out
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [code, user]);
  // A guest arriving from an email: the link's signed token (`?t=`) is exchanged for the guest consultation cookie
  // (HttpOnly), then leaves the address bar and the history before anything else happens.
  const [linkChecked, setLinkChecked] = useState(false);
  useEffect(() => {
    const token = new URLSearchParams(window.location.search).get('t');
    if (!token) return setLinkChecked(true);
    history.replaceState(history.state, '', window.location.pathname);
    void browserApi()
      .v1.consultations['guest-link'].$post({ json: { token } })
      .then(async (res) => {
        if (!res.ok) setMessage((await apiError(res)).message);
      })
      .catch(() => {})
      .finally(() => setLinkChecked(true));
  }, []);
  useEffect(() => {
    if (checked && linkChecked) void load();
  }, [checked, linkChecked, load]);
  // File links are signed for a few minutes: read the consultation again shortly before they expire.
  useEffect(() => {
    const first = c?.files.reduce((m, f) => Math.min(m, f.urlExpiresAt), Infinity) ?? Infinity;
    if (!Number.isFinite(first)) return;
    const t = setTimeout(() => void load(), Math.max(5_000, first - Date.now() - 30_000));
    return () => clearTimeout(t);
  }, [c, load]);

  if (state === 'not-found') {
    return (
      <div className="space-y-4">
        <NotFoundPanel />
        {!user && (
          <p className="mx-auto max-w-lg text-center text-sm text-slate-600">
            Nếu đây là yêu cầu tư vấn của bạn, hãy{' '}
            <Link href={`/dang-nhap?next=${encodeURIComponent(`/tai-khoan/don-thuoc/${code}`)}`} className="text-emerald-700 underline">
              đăng nhập
            </Link>{' '}
            hoặc mở lại đường dẫn trong email Medicare đã gửi cho bạn.
            {message && <span className="mt-1 block text-red-700">{message}</span>}
          </p>
        )}
      </div>
    );
  }
  if (state === 'error') {
    return (
      <div className="space-y-3 rounded-xl bg-white p-6" role="alert">
        <p className="text-red-700">{message}</p>
        <button type="button" className="rounded-lg border border-slate-300 px-4 py-2" onClick={() => (setState('loading'), void load())}>
          Thử lại
        </button>
      </div>
    );
  }
  if (!c) return <div className="h-64 animate-pulse rounded-xl bg-white" aria-busy="true" aria-label="Đang tải yêu cầu tư vấn" />;

  const advice = c.advice;
  const quote = advice?.quote ?? null;
  const reservation = advice?.reservation ?? null;
  const say = (text: string) => {
    setMessage(text);
    requestAnimationFrame(() => live.current?.focus());
  };

  const addQuote = async () => {
    setBusy('cart');
    try {
      const res = await browserApi().v1.consultations[':code'].quote.cart.$post({ param: { code } });
      if (!res.ok) {
        say((await apiError(res)).message);
        await load();
        return;
      }
      const { added, cart } = await res.json();
      dispatch(cartActions.loaded(cart));
      dispatch(uiActions.toast('success', `Đã thêm ${added} sản phẩm theo báo giá của dược sĩ vào giỏ hàng.`));
      setMessage(null);
    } catch {
      say('Không thêm được vào giỏ hàng. Vui lòng kiểm tra mạng và thử lại.');
    } finally {
      setBusy(null);
    }
  };
  const cancel = async () => {
    setBusy('cancel');
    try {
      const res = await browserApi().v1.consultations[':code'].cancel.$post({ param: { code } });
      if (!res.ok) {
        say((await apiError(res)).message);
        await load();
        return;
      }
      setC(await res.json());
      setConfirming(false);
      dispatch(uiActions.toast('info', 'Đã hủy yêu cầu tư vấn.'));
    } catch {
      say('Không hủy được yêu cầu. Vui lòng kiểm tra mạng và thử lại.');
    } finally {
      setBusy(null);
    }
  };

  return (
    <div>
    <h1 className="mb-4 text-2xl font-bold">Yêu cầu tư vấn {c.code}</h1>
    <div className="grid gap-6 md:grid-cols-[1fr_320px]">
      <div className="space-y-4">
        <section className={card} aria-labelledby="c-status">
          <p className="text-sm text-slate-500">Gửi lúc {when(c.createdAt)}</p>
          <p id="c-status" className="mt-1">
            <span className={`inline-block rounded-full px-3 py-1 text-sm font-semibold ${statusStyle(c.status)}`} data-testid="consultation-status">
              {c.statusLabel}
            </span>
          </p>
          {c.status === 'submitted' && <p className="mt-2 text-sm text-slate-700">Yêu cầu đang chờ dược sĩ tiếp nhận. Dược sĩ sẽ liên hệ với bạn vào thời gian bạn chọn.</p>}
          {c.status === 'in_review' && <p className="mt-2 text-sm text-slate-700">Dược sĩ đang xem đơn thuốc của bạn và có thể gọi điện để hỏi thêm.</p>}
          <p ref={live} tabIndex={-1} aria-live="assertive" className="outline-none">
            {message && <span className="mt-3 block rounded-lg bg-red-50 px-3 py-2 text-sm text-red-700">{message}</span>}
          </p>
        </section>

        {advice && (
          <section className={card} aria-labelledby="c-advice" data-testid="consultation-advice">
            <h2 id="c-advice" className="mb-2 font-semibold">
              Trả lời của dược sĩ
            </h2>
            <p className="text-sm text-slate-600">
              Dược sĩ {pharmacistRef(advice.pharmacist)} · {when(advice.decidedAt)}
            </p>
            {advice.rejection && (
              <p className="mt-3 rounded-lg bg-red-50 p-3 text-sm text-red-800">
                <strong>Chưa thể tư vấn: {advice.rejection.reasonLabel}.</strong>
                {advice.rejection.note && <span className="mt-1 block whitespace-pre-line">{advice.rejection.note}</span>}
              </p>
            )}
            {advice.note && <p className="mt-3 whitespace-pre-line text-slate-800">{advice.note}</p>}
          </section>
        )}

        {quote && (
          <section className={card} aria-labelledby="c-quote" data-testid="consultation-quote">
            <h2 id="c-quote" className="font-semibold">
              Báo giá đặt mua trực tuyến
            </h2>
            <p className={`text-sm ${quote.expired ? 'text-red-700' : 'text-slate-600'}`}>
              {quote.expired ? `Báo giá đã hết hạn lúc ${when(quote.expiresAt)}. Vui lòng gửi yêu cầu tư vấn mới.` : `Giá giữ đến ${when(quote.expiresAt)}.`}
            </p>
            <ul className="mt-3 divide-y divide-slate-100 text-sm">
              {quote.items.map((i) => (
                <li key={i.id} className="py-2">
                  <div className="flex justify-between gap-3">
                    <Link href={`/san-pham/${i.productSlug}`} className="font-medium hover:text-emerald-700">
                      {i.productName} <span className="font-normal text-slate-500">× {i.quantity} {i.unitName.toLowerCase()}</span>
                    </Link>
                    <span className="shrink-0 text-right">
                      {formatVnd(i.lineTotal)}
                      <span className="block text-xs text-slate-500">{formatVnd(i.unitPrice)} / {i.unitName.toLowerCase()}</span>
                    </span>
                  </div>
                  {i.instructions && <p className="mt-1 text-slate-700">Cách dùng: {i.instructions}</p>}
                  {i.ordered && <p className="mt-1 text-xs font-semibold text-emerald-800">Đã đặt hàng</p>}
                </li>
              ))}
            </ul>
            {quote.rxOnlineUnavailable && !quote.expired && (
              <p className="mt-2 rounded-lg bg-amber-50 p-3 text-sm text-amber-900" data-testid="quote-rx-unavailable">
                Thuốc kê đơn trong báo giá hiện không thể đặt mua trực tuyến. Vui lòng liên hệ nhà thuốc để được hỗ trợ mua tại quầy.
              </p>
            )}
            <p className="mt-2 flex justify-between border-t border-slate-200 pt-2 font-semibold">
              <span>Tạm tính</span>
              <span>{formatVnd(quote.total)}</span>
            </p>
            {!quote.expired && (
              <button type="button" disabled={!hydrated || busy !== null} onClick={() => void addQuote()} className="mt-3 w-full rounded-lg bg-emerald-700 px-4 py-3 font-semibold text-white hover:bg-emerald-800 disabled:opacity-60">
                {busy === 'cart' ? 'Đang thêm…' : 'Thêm vào giỏ'}
              </button>
            )}
          </section>
        )}

        {reservation && (
          <section className={card} aria-labelledby="c-pickup" data-testid="consultation-pickup">
            <h2 id="c-pickup" className="font-semibold">
              Giữ thuốc tại nhà thuốc
            </h2>
            <p className="mt-2 text-sm text-slate-600">Mã nhận thuốc</p>
            <p className="font-mono text-3xl font-bold tracking-widest text-emerald-800" data-testid="pickup-code">
              {reservation.code}
            </p>
            <p className="mt-1 text-sm">
              <span className={`inline-block rounded-full px-2 py-0.5 text-xs font-semibold ${reservation.status === 'reserved' ? 'bg-emerald-100 text-emerald-800' : 'bg-slate-200 text-slate-700'}`}>{reservation.statusLabel}</span>
              {reservation.status === 'reserved' && <span className="ml-2 text-slate-700">Giữ đến {when(reservation.expiresAt)}</span>}
            </p>
            <ul className="mt-3 space-y-1 text-sm">
              {reservation.items.map((i, n) => (
                <li key={n}>
                  <span className="font-medium">{i.productName}</span> × {i.quantity} {i.unitName.toLowerCase()}
                  {i.instructions && <span className="block text-slate-600">Cách dùng: {i.instructions}</span>}
                </li>
              ))}
            </ul>
            <div className="mt-3 rounded-lg bg-slate-50 p-3 text-sm">
              <p className="font-semibold">{reservation.location.name}</p>
              <p>{reservation.location.address}</p>
              <p>Giờ mở cửa: {reservation.location.hoursText}</p>
              <p>
                Điện thoại:{' '}
                <a className="text-emerald-700 underline" href={`tel:${reservation.location.phone.replace(/\s/g, '')}`}>
                  {reservation.location.phone}
                </a>
              </p>
              <p className="mt-1 text-xs text-slate-500">
                GCN đủ điều kiện kinh doanh dược {reservation.location.licenceNumber} · GPP {reservation.location.gppCertificate} · Dược sĩ phụ trách {reservation.location.responsiblePharmacist}
              </p>
            </div>
            {reservation.status === 'reserved' && (
              <p className="mt-3 rounded-lg bg-amber-50 p-3 text-sm text-amber-900">
                Mang theo <strong>đơn thuốc gốc</strong> và mã nhận thuốc khi đến quầy. Dược sĩ kiểm tra đơn rồi bán; bạn thanh toán tại quầy. Quá hạn giữ, thuốc được trả lại kho.
              </p>
            )}
          </section>
        )}

        <section className={card} aria-labelledby="c-timeline">
          <h2 id="c-timeline" className="mb-3 font-semibold">
            Tiến trình
          </h2>
          <ol className="space-y-3 border-l-2 border-emerald-200 pl-4">
            {[...c.timeline]
              .sort((a, b) => a.at - b.at)
              .map((t, i) => (
                <li key={i} className="relative">
                  <span className="absolute -left-[1.4rem] top-1.5 h-2.5 w-2.5 rounded-full bg-emerald-600" aria-hidden="true" />
                  <p className="font-medium">{t.label}</p>
                  <p className="text-xs text-slate-500">{when(t.at)}</p>
                </li>
              ))}
          </ol>
        </section>
      </div>

      <aside className="h-fit space-y-4">
        <section className={card} aria-labelledby="c-sent">
          <h2 id="c-sent" className="mb-2 font-semibold">
            Bạn đã gửi
          </h2>
          {c.products.length > 0 && (
            <ul className="mb-3 space-y-1 text-sm">
              {c.products.map((p) => (
                <li key={p.id}>
                  <Link href={`/san-pham/${p.slug}`} className="hover:text-emerald-700">
                    {p.name}
                  </Link>
                  {p.prescriptionRequired && <span className="ml-1 rounded bg-amber-100 px-1.5 text-xs font-semibold text-amber-800">Kê đơn</span>}
                </li>
              ))}
            </ul>
          )}
          {c.files.length > 0 && (
            <ul className="mb-3 grid grid-cols-3 gap-2" aria-label="Tệp đơn thuốc" data-testid="consultation-files">
              {c.files.map((f, i) => (
                <li key={f.id}>
                  <a href={f.url} target="_blank" rel="noopener noreferrer" className="block overflow-hidden rounded border border-slate-200 text-center text-xs hover:border-emerald-600">
                    {f.contentType.startsWith('image/') ? (
                      // eslint-disable-next-line @next/next/no-img-element -- a private file behind a short-lived signed link, never optimised or cached
                      <img src={f.url} alt={`Ảnh đơn thuốc ${i + 1}`} className="aspect-square w-full object-cover" />
                    ) : (
                      <span className="flex aspect-square items-center justify-center bg-slate-50 font-bold text-red-700">PDF</span>
                    )}
                    <span className="block py-0.5 text-slate-600">
                      {f.contentType === 'application/pdf' ? `Tệp PDF ${i + 1}` : `Ảnh ${i + 1}`} · {formatBytes(f.size)}
                    </span>
                  </a>
                </li>
              ))}
            </ul>
          )}
          <dl className="space-y-2 text-sm">
            {c.symptoms && (
              <div>
                <dt className="text-slate-500">Triệu chứng</dt>
                <dd className="whitespace-pre-line">{c.symptoms}</dd>
              </div>
            )}
            {c.note && (
              <div>
                <dt className="text-slate-500">Ghi chú</dt>
                <dd className="whitespace-pre-line">{c.note}</dd>
              </div>
            )}
            <div>
              <dt className="text-slate-500">Liên hệ</dt>
              <dd>
                {c.contactPhone} · {CONTACT_TIME[c.preferredContactTime] ?? 'Bất kỳ lúc nào'}
              </dd>
            </div>
            {c.pharmacist && !advice && (
              <div>
                <dt className="text-slate-500">Dược sĩ tiếp nhận</dt>
                <dd>
                  {pharmacistRef(c.pharmacist)}
                </dd>
              </div>
            )}
          </dl>
        </section>
        {c.cancellable &&
          (confirming ? (
            <div className="space-y-2 rounded-xl border border-red-200 bg-white p-4" role="group" aria-labelledby="c-cancel-q">
              <p id="c-cancel-q" className="text-sm">
                Hủy yêu cầu tư vấn này? Dược sĩ sẽ không liên hệ nữa.
              </p>
              <div className="flex gap-2">
                <button type="button" autoFocus disabled={busy !== null} onClick={() => void cancel()} className="flex-1 rounded-lg bg-red-600 px-4 py-2 font-semibold text-white disabled:opacity-60">
                  {busy === 'cancel' ? 'Đang hủy…' : 'Hủy yêu cầu'}
                </button>
                <button type="button" onClick={() => setConfirming(false)} className="flex-1 rounded-lg border border-slate-300 px-4 py-2">
                  Không
                </button>
              </div>
            </div>
          ) : (
            <button type="button" disabled={!hydrated} onClick={() => setConfirming(true)} className="w-full rounded-lg border border-red-600 px-4 py-2 font-medium text-red-600 disabled:opacity-60">
              Hủy yêu cầu tư vấn
            </button>
          ))}
        <Link href="/tai-khoan/don-thuoc" className="block text-center text-sm text-emerald-700 underline">
          Tất cả yêu cầu tư vấn
        </Link>
      </aside>
    </div>
    </div>
  );
}
