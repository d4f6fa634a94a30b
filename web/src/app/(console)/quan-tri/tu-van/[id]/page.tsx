import type { Metadata } from 'next';
import Link from 'next/link';
import { notFound } from 'next/navigation';
import { waitingTime } from '../../../../../components/console/catalog/labels';
import { AdviceWorkspace, ClaimButton, FileViewer, ReleaseButton } from '../../../../../components/console/consultations';
import { gate } from '../../../../../components/console/gate';
import { LoadFailed } from '../../../../../components/console/LoadFailed';
import { RxDraftPanel } from '../../../../../components/console/rx-draft';
import { ScreenHeader } from '../../../../../components/console/ScreenHeader';
import { formatDateTime } from '../../../../../components/console/table';
import { CONTACT_TIME_LABELS } from '../../../../../../../shared/src/consultations/schemas';
import { formatVnd } from '../../../../../lib/format';
import { orderStatusLabel } from '../../../../../lib/labels';

type Props = { params: Promise<{ id: string }> };
export const metadata: Metadata = { title: 'Phiếu tư vấn' };


function Section({ title, children, testId, className }: { title: string; children: React.ReactNode; testId?: string; className?: string }) {
  return (
    <section className={`rounded-xl border border-slate-200 bg-white p-4 ${className ?? ''}`} data-testid={testId} aria-label={title}>
      <h2 className="mb-3 font-semibold">{title}</h2>
      {children}
    </section>
  );
}

/**
 * One consultation for the pharmacist (admins read it): the prescription files (zoom, rotate), the shopper's notes and
 * history, and — for the pharmacist holding it — the advice form (catalogue search with stock, rows product / unit /
 * quantity / dosage, the online quote vs counter pickup split, the pickup location) or a rejection with its reason.
 * Opening it issues 5-minute signed links to the files; the api audits each issuance.
 */
export default async function ConsultationPage({ params }: Props) {
  const g = await gate('consultations');
  if (!g.ok) return g.view;
  const { id } = await params;
  const [res, locs, settings, rx] = await Promise.all([
    g.api.v1.pharmacist.consultations[':id'].$get({ param: { id } }),
    g.api.v1['pharmacy-locations'].$get(),
    g.api.v1.admin.settings.$get(),
    g.api.v1.pharmacist.consultations[':id']['rx-draft'].$get({ param: { id } }), // #18 rx reading
  ]);
  if (!res.ok) {
    const status: number = res.status;
    if (status === 404) notFound();
    return <LoadFailed res={res} />;
  }
  const c = await res.json();
  const locations = locs.ok ? (await locs.json()).items.filter((l) => l.active) : [];
  const rxOnlineException = settings.ok ? (await settings.json()).rxOnlineException.enabled : false;
  const isPharmacist = g.me.role === 'pharmacist';
  const mine = c.status === 'in_review' && c.holder?.id === g.me.id;
  const now = Date.now();
  const advice = c.advice;
  const rxDraft = rx.ok ? await rx.json() : null;
  const images = c.files.filter((f) => f.contentType !== 'application/pdf').map((f, i) => ({ id: f.id, label: `Ảnh ${i + 1}` }));
  return (
    <div className="space-y-4">
      <ScreenHeader screen="consultations" title={`Phiếu tư vấn ${c.code}`}>
        <Link href="/quan-tri/tu-van" className="btn-secondary">
          ← Hàng chờ
        </Link>
      </ScreenHeader>
      <div className="flex flex-wrap items-center gap-2 text-sm">
        <span className="rounded-full bg-emerald-50 px-3 py-1 font-semibold text-emerald-900" data-testid="consultation-status">
          {c.statusLabel}
        </span>
        <span className="text-slate-600">
          Gửi lúc {formatDateTime(c.createdAt)} · đã chờ {waitingTime(c.createdAt, now)}
        </span>
        {c.source === 'chat' && <span className="rounded bg-sky-50 px-2 py-0.5 text-sky-800">Chuyển từ trò chuyện</span>}
        {c.holder && <span className="text-slate-600">· Dược sĩ đang xử lý: {c.holder.name}</span>}
        {isPharmacist && c.status === 'submitted' && <ClaimButton id={c.id} code={c.code} stay />}
        {mine && <ReleaseButton id={c.id} code={c.code} />}
      </div>
      {isPharmacist && c.status === 'in_review' && !mine && (
        <p className="rounded-lg bg-amber-50 p-3 text-sm text-amber-900" role="status">
          Phiếu này đang được dược sĩ {c.holder?.name ?? 'khác'} xử lý.
        </p>
      )}
      {!isPharmacist && <p className="rounded-lg bg-slate-100 p-3 text-sm">Quản trị viên chỉ xem; nhận xử lý, tư vấn và từ chối là việc của dược sĩ.</p>}
      <div className="grid gap-4 xl:grid-cols-2">
        <Section title="Đơn thuốc đính kèm" testId="consultation-files">
          {c.files.length === 0 ? <p className="text-sm text-slate-600">Khách không gửi tệp nào.</p> : <FileViewer files={c.files} />}
        </Section>
        {/* #18: the prescription draft beside the image (AI reading or typed by hand), staff only. */}
        <Section title="Bản nháp đơn thuốc" testId="consultation-rx-draft">
          {rxDraft ? <RxDraftPanel id={c.id} initial={rxDraft} canEdit={mine && isPharmacist} images={images} /> : <LoadFailed res={rx} />}
        </Section>
      </div>
      <div>
        <div className="grid gap-4 lg:grid-cols-2">
          <Section title="Khách hàng" testId="consultation-customer">
            <dl className="space-y-1 text-sm">
              <div>
                <dt className="inline text-slate-600">Họ tên: </dt>
                <dd className="inline">
                  {c.customer.name}
                  {c.customer.isGuest && <span className="ml-1 rounded bg-slate-100 px-1 text-xs">Khách vãng lai (đã xác minh mã)</span>}
                </dd>
              </div>
              <div>
                <dt className="inline text-slate-600">Điện thoại liên hệ: </dt>
                <dd className="inline">{c.contactPhone || c.customer.phone || '—'}</dd>
              </div>
              {c.customer.email && (
                <div>
                  <dt className="inline text-slate-600">Email: </dt>
                  <dd className="inline">{c.customer.email}</dd>
                </div>
              )}
              <div>
                <dt className="inline text-slate-600">Thời gian muốn được gọi: </dt>
                <dd className="inline">{CONTACT_TIME_LABELS[c.preferredContactTime]}</dd>
              </div>
            </dl>
          </Section>
          <Section title="Triệu chứng và ghi chú của khách" testId="consultation-notes">
            <dl className="space-y-2 text-sm">
              <div>
                <dt className="text-slate-600">Triệu chứng</dt>
                <dd className="whitespace-pre-wrap">{c.symptoms || '—'}</dd>
              </div>
              <div>
                <dt className="text-slate-600">Ghi chú</dt>
                <dd className="whitespace-pre-wrap">{c.note || '—'}</dd>
              </div>
            </dl>
          </Section>
          <Section title="Sản phẩm khách hỏi" testId="consultation-products">
            {c.products.length === 0 ? (
              <p className="text-sm text-slate-600">Khách không chọn sản phẩm.</p>
            ) : (
              <ul className="space-y-1 text-sm">
                {c.products.map((p) => (
                  <li key={p.id}>
                    <Link href={`/quan-tri/san-pham/${p.id}`} className="text-emerald-800 hover:underline">
                      {p.name}
                    </Link>
                    {p.prescriptionRequired && <span className="ml-1 rounded bg-red-50 px-1 text-xs text-red-700">Thuốc kê đơn</span>}
                  </li>
                ))}
              </ul>
            )}
          </Section>
          <Section title="Lịch sử của khách" testId="consultation-history">
            <h3 className="text-xs font-semibold uppercase text-slate-600">Phiếu tư vấn trước</h3>
            <ul className="mb-3 space-y-1 text-sm">
              {c.history.consultations.length === 0 && <li className="text-slate-600">Chưa có.</li>}
              {c.history.consultations.map((h) => (
                <li key={h.code}>
                  {h.code} · {h.statusLabel} · {formatDateTime(h.createdAt)}
                </li>
              ))}
            </ul>
            <h3 className="text-xs font-semibold uppercase text-slate-600">Đơn hàng</h3>
            <ul className="space-y-1 text-sm">
              {c.history.orders.length === 0 && <li className="text-slate-600">Chưa có.</li>}
              {c.history.orders.map((o) => (
                <li key={o.code}>
                  <Link href={`/quan-tri/don-hang/${o.code}`} className="text-emerald-800 hover:underline">
                    {o.code}
                  </Link>{' '}
                  · {orderStatusLabel(o.status)} · {formatVnd(o.total)} · {formatDateTime(o.createdAt)}
                </li>
              ))}
            </ul>
          </Section>
        </div>
      </div>
      {mine && isPharmacist && (
        <AdviceWorkspace
          id={c.id}
          code={c.code}
          asked={c.products.map((p) => ({ id: p.id, name: p.name, prescriptionRequired: p.prescriptionRequired }))}
          locations={locations.map((l) => ({ id: l.id, name: l.name, address: l.address, hoursText: l.hoursText }))}
          rxOnlineException={rxOnlineException}
        />
      )}
      {advice && (
        <Section title={advice.rejection ? 'Đã từ chối' : 'Tư vấn của dược sĩ'} testId="consultation-advice">
          <p className="mb-2 text-sm text-slate-700">
            {advice.pharmacist.name} (CCHN {advice.pharmacist.practisingCertificate}) · {formatDateTime(advice.decidedAt)}
          </p>
          {advice.note && <p className="mb-3 whitespace-pre-wrap text-sm">{advice.note}</p>}
          {advice.rejection && (
            <p className="text-sm">
              Lý do: <strong>{advice.rejection.reasonLabel}</strong>
              {advice.rejection.note && ` — ${advice.rejection.note}`}
            </p>
          )}
          {advice.quote && (
            <div className="mb-3" data-testid="advice-quote">
              <h3 className="font-medium">
                Báo giá mua online · hết hạn {formatDateTime(advice.quote.expiresAt)}
                {advice.quote.expired && ' (đã hết hạn)'}
              </h3>
              <ul className="text-sm">
                {advice.quote.items.map((i) => (
                  <li key={i.id}>
                    {i.productName} × {i.quantity} {i.unitName} · {formatVnd(i.lineTotal)} — {i.instructions}
                  </li>
                ))}
              </ul>
              <p className="text-sm font-semibold">Tổng: {formatVnd(advice.quote.total)}</p>
            </div>
          )}
          {advice.reservation && (
            <div data-testid="advice-reservation">
              <h3 className="font-medium">
                Giữ thuốc tại quầy: mã <span className="font-mono">{advice.reservation.code}</span> · {advice.reservation.statusLabel} · đến {formatDateTime(advice.reservation.expiresAt)}
              </h3>
              <p className="text-sm text-slate-700">
                {advice.reservation.location.name} — {advice.reservation.location.address}
              </p>
              <ul className="text-sm">
                {advice.reservation.items.map((i, n) => (
                  <li key={n}>
                    {i.productName} × {i.quantity} {i.unitName} — {i.instructions}
                  </li>
                ))}
              </ul>
              <Link href={`/quan-tri/giu-thuoc?q=${advice.reservation.code}`} className="text-sm text-emerald-800 underline">
                Mở ở màn hình giữ thuốc
              </Link>
            </div>
          )}
        </Section>
      )}
      <Section title="Diễn tiến" testId="consultation-timeline">
        <ol className="space-y-1 text-sm">
          {c.timeline.map((t, i) => (
            <li key={`${t.at}-${i}`}>
              <span className="font-medium">{t.label}</span> · {formatDateTime(t.at)}
            </li>
          ))}
        </ol>
      </Section>
    </div>
  );
}
