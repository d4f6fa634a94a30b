import type { InferRequestType } from 'hono/client';
import type { Metadata } from 'next';
import Link from 'next/link';
import { notFound } from 'next/navigation';
import { ORDER_EMAIL_EVENTS } from '../../../../../../../shared/src/mail/order-templates';
import { STATUS_LABELS } from '../../../../../../../shared/src/orders/state';
import { gate } from '../../../../../components/console/gate';
import { LoadFailed } from '../../../../../components/console/LoadFailed';
import { NoteForm, OrderActions } from '../../../../../components/console/orders';
import { ScreenHeader } from '../../../../../components/console/ScreenHeader';
import { formatDateTime } from '../../../../../components/console/table';
import type { Api } from '../../../../../lib/api';
import { formatVnd } from '../../../../../lib/format';

type Props = { params: Promise<{ code: string }> };
type EmailKind = InferRequestType<Api['v1']['admin']['orders'][':code']['emails']['$post']>['json']['kind'];

export async function generateMetadata({ params }: Props): Promise<Metadata> {
  return { title: `Đơn ${(await params).code}` };
}

const ALLOCATION_LABELS: Record<string, string> = { reserved: 'Đang giữ', released: 'Đã trả kho', shipped: 'Đã xuất', restocked: 'Đã nhập lại', written_off: 'Đã hủy (hư hỏng)' };
const EMAIL_KIND_LABELS: Record<string, string> = {
  created: 'Xác nhận đặt hàng',
  paid: 'Đã nhận thanh toán',
  shipping: 'Đang giao hàng',
  delivered: 'Đã giao hàng',
  cancelled: 'Đơn đã hủy',
  expired: 'Đơn hết hạn thanh toán',
  returned: 'Đã nhận hàng hoàn trả',
  refund_pending: 'Chờ hoàn tiền',
  refunded: 'Đã hoàn tiền',
};
const emailKinds: Array<{ kind: EmailKind; label: string }> = ORDER_EMAIL_EVENTS.map((e) => {
  const kind = e.slice('order.'.length);
  return { kind, label: EMAIL_KIND_LABELS[kind] ?? kind };
});

function Section({ title, children, testId }: { title: string; children: React.ReactNode; testId?: string }) {
  return (
    <section className="rounded-xl border border-slate-200 bg-white p-4" data-testid={testId}>
      <h2 className="mb-3 font-semibold">{title}</h2>
      {children}
    </section>
  );
}

/** Staff order detail (admin, pharmacist): everything about one order, and the actions the rules allow this caller. */
export default async function StaffOrderPage({ params }: Props) {
  const g = await gate('orders');
  if (!g.ok) return g.view;
  const { code } = await params;
  const res = await g.api.v1.admin.orders[':code'].$get({ param: { code } });
  if (!res.ok) {
    const status: number = res.status;
    if (status === 404) notFound();
    return <LoadFailed res={res} />;
  }
  const o = await res.json();
  const m = o.money;
  return (
    <div className="space-y-4">
      <ScreenHeader screen="orders" title={`Đơn hàng ${o.code}`}>
        <Link href="/quan-tri/don-hang" className="btn-secondary">
          ← Hàng đợi
        </Link>
      </ScreenHeader>
      <div className="flex flex-wrap gap-2 text-sm">
        <span className="rounded-full bg-emerald-50 px-3 py-1 font-semibold text-emerald-900" data-testid="order-status">
          {o.statusLabel}
        </span>
        <span className="rounded-full bg-slate-200 px-3 py-1" data-testid="order-payment-status">
          {o.paymentMethodLabel} · {o.paymentStatusLabel}
        </span>
        <span className="px-1 py-1 text-slate-600">Đặt lúc {formatDateTime(o.createdAt)}</span>
      </div>
      <Section title="Thao tác">
        <OrderActions order={o} emailKinds={emailKinds} />
      </Section>
      <div className="grid gap-4 lg:grid-cols-3">
        <Section title="Khách hàng và địa chỉ">
          <dl className="space-y-1 text-sm">
            <div>
              <dt className="inline text-slate-600">Khách: </dt>
              <dd className="inline">{o.customer.kind === 'account' ? `${o.customer.name ?? ''} (${o.customer.email ?? ''})` : 'Khách vãng lai'}</dd>
            </div>
            <div>
              <dt className="inline text-slate-600">Người nhận: </dt>
              <dd className="inline">
                {o.address.recipientName} · {o.address.phone}
              </dd>
            </div>
            {o.address.email && (
              <div>
                <dt className="inline text-slate-600">Email: </dt>
                <dd className="inline">{o.address.email}</dd>
              </div>
            )}
            <div>
              <dt className="inline text-slate-600">Địa chỉ: </dt>
              <dd className="inline">
                {o.address.street}, {o.address.ward.name}, {o.address.province.name}
              </dd>
            </div>
            {o.customerNote && (
              <div>
                <dt className="inline text-slate-600">Ghi chú của khách: </dt>
                <dd className="inline">{o.customerNote}</dd>
              </div>
            )}
          </dl>
        </Section>
        <Section title="Tiền">
          <dl className="grid grid-cols-[1fr_auto] gap-x-3 gap-y-1 text-sm tabular-nums" data-testid="order-money">
            <dt>Tạm tính</dt>
            <dd className="text-right">{formatVnd(m.subtotal)}</dd>
            <dt>Phí vận chuyển</dt>
            <dd className="text-right">{formatVnd(m.shippingFee)}</dd>
            {m.orderDiscount > 0 && (
              <>
                <dt>Giảm giá đơn</dt>
                <dd className="text-right">−{formatVnd(m.orderDiscount)}</dd>
              </>
            )}
            {m.shippingDiscount > 0 && (
              <>
                <dt>Giảm phí vận chuyển</dt>
                <dd className="text-right">−{formatVnd(m.shippingDiscount)}</dd>
              </>
            )}
            <dt className="font-semibold">Tổng cộng</dt>
            <dd className="text-right font-semibold">{formatVnd(m.total)}</dd>
            <dt>Đã thanh toán</dt>
            <dd className="text-right">{formatVnd(m.paidAmount)}</dd>
            <dt>Đã hoàn</dt>
            <dd className="text-right">{formatVnd(m.refundedAmount)}</dd>
          </dl>
        </Section>
        <Section title="Ghi chú nội bộ" testId="order-notes">
          <ul className="mb-3 space-y-2 text-sm">
            {o.notes.length === 0 && <li className="text-slate-600">Chưa có ghi chú.</li>}
            {o.notes.map((n) => (
              <li key={n.id} className="rounded-lg bg-amber-50 p-2">
                <p className="whitespace-pre-wrap">{n.text}</p>
                <p className="text-xs text-slate-600">
                  {n.authorName} · {formatDateTime(n.at)}
                </p>
              </li>
            ))}
          </ul>
          <NoteForm code={o.code} />
        </Section>
      </div>
      <Section title="Sản phẩm và lô xuất">
        <div className="overflow-x-auto">
          <table className="w-full min-w-[36rem] text-left text-sm" data-testid="order-lines">
            <thead className="text-xs uppercase text-slate-600">
              <tr>
                <th scope="col" className="py-1">
                  Sản phẩm
                </th>
                <th scope="col" className="py-1 text-right">
                  SL
                </th>
                <th scope="col" className="py-1 text-right">
                  Thành tiền
                </th>
                <th scope="col" className="py-1 pl-6">
                  Lô · hạn dùng · số lượng (đơn vị gốc)
                </th>
              </tr>
            </thead>
            <tbody className="divide-y divide-slate-100">
              {o.lines.map((l) => (
                <tr key={l.id} className="align-top">
                  <td className="py-2">
                    {l.productName}
                    {l.prescriptionRequired && <span className="ml-1 text-xs font-medium text-amber-800">(kê đơn)</span>}
                  </td>
                  <td className="py-2 text-right tabular-nums">
                    {l.quantity} {l.unitName}
                  </td>
                  <td className="py-2 text-right tabular-nums">{formatVnd(l.lineTotal)}</td>
                  <td className="py-2 pl-6">
                    <ul className="text-xs">
                      {l.allocations.map((a) => (
                        <li key={a.id}>
                          Lô {a.lot} · HSD {a.expiry} · {a.quantity} · {ALLOCATION_LABELS[a.state] ?? a.state}
                        </li>
                      ))}
                    </ul>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      </Section>
      <div className="grid gap-4 lg:grid-cols-2">
        <Section title="Chuyển khoản">
          <ul className="space-y-1 text-sm">
            {o.payments.length === 0 && <li className="text-slate-600">Chưa có giao dịch ngân hàng.</li>}
            {o.payments.map((p) => (
              <li key={p.id}>
                {formatDateTime(p.transactionAt ?? p.createdAt)}: {p.transferType === 'out' ? '−' : ''}
                {formatVnd(p.amount)} · {p.content ?? '—'} <span className="text-xs text-slate-600">(SePay {p.providerTxnId})</span>
              </li>
            ))}
          </ul>
        </Section>
        <Section title="Vận chuyển" testId="order-shipments">
          {o.shipments.length === 0 && <p className="text-sm text-slate-600">Chưa có vận đơn.</p>}
          {o.shipments.map((s) => (
            <div key={s.id} className="mb-3 text-sm">
              <p className="font-medium">
                {s.carrier.toUpperCase()} {s.trackingCode} — {s.statusLabel}
              </p>
              <p className="text-xs text-slate-600">
                Phí {formatVnd(s.fee)} · Thu hộ {formatVnd(s.codAmount)}
              </p>
              <ul className="mt-1 space-y-1 border-l-2 border-slate-200 pl-3 text-xs">
                {s.events.map((e, i) => (
                  <li key={`${e.occurredAt}-${i}`}>
                    {formatDateTime(e.occurredAt)}: {e.label} ({e.carrierStatus}){e.unknown ? ' — trạng thái lạ' : ''}
                    <details>
                      <summary className="cursor-pointer text-slate-600">Dữ liệu gốc</summary>
                      <pre className="max-h-40 overflow-auto whitespace-pre-wrap break-all rounded bg-slate-50 p-2">{e.raw}</pre>
                    </details>
                  </li>
                ))}
              </ul>
            </div>
          ))}
        </Section>
      </div>
      <Section title="Lịch sử đơn hàng" testId="order-timeline">
        <ol className="space-y-2 text-sm">
          {o.timeline.map((t, i) => (
            <li key={`${t.at}-${i}`}>
              <span className="font-medium">{t.label}</span>
              {t.fromStatus && <span className="text-slate-600"> (từ {STATUS_LABELS[t.fromStatus]})</span>} · {formatDateTime(t.at)} · {t.actorName ?? t.actorType}
              {t.reason && <p className="text-slate-700">Lý do: {t.reason}</p>}
            </li>
          ))}
        </ol>
      </Section>
    </div>
  );
}
