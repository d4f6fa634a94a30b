'use client';
import type { InferRequestType, InferResponseType } from 'hono/client';
import { useState } from 'react';
import { browserApi, type Api } from '../../lib/api';
import { FormError, useHydrated } from '../Field';
import { ConfirmDialog } from './ConfirmDialog';
import { useAction } from './use-action';

type Order = InferResponseType<Api['v1']['admin']['orders'][':code']['$get'], 200>;
type Action = Order['actions'][number];
type StatusBody = InferRequestType<Api['v1']['admin']['orders'][':code']['status']['$post']>['json'];
type ShipmentBody = InferRequestType<Api['v1']['admin']['orders'][':code']['shipments']['$post']>['json'];
type ReturnBody = InferRequestType<Api['v1']['admin']['orders'][':code']['return']['$post']>['json'];
type EmailKind = InferRequestType<Api['v1']['admin']['orders'][':code']['emails']['$post']>['json']['kind'];

const orders = () => browserApi().v1.admin.orders[':code'];

const STATUS_TARGETS = ['packing', 'shipping', 'delivered', 'completed', 'return_requested'] as const satisfies ReadonlyArray<StatusBody['to']>;
const statusTarget = (to: Action['to']) => STATUS_TARGETS.find((t) => t === to);

/** The actions the api says this caller may take now (`actions`), each behind a confirmation; refused ones say why. */
export function OrderActions({ order, emailKinds }: { order: Order; emailKinds: Array<{ kind: EmailKind; label: string }> }) {
  const run = useAction();
  const code = order.code;
  const allowed = order.actions.filter((a) => a.allowed);
  const refused = order.actions.filter((a) => !a.allowed && a.reason);
  return (
    <div className="space-y-3" data-testid="order-actions">
      <div className="flex flex-wrap gap-2">
        {allowed.map((a) => {
          const to = a.name === 'status' ? statusTarget(a.to) : undefined;
          if (to)
            return (
              <ConfirmDialog
                key={`status-${to}`}
                trigger={a.label}
                triggerClassName="btn-primary"
                title={`${a.label}?`}
                body={<>Đơn {code} chuyển sang trạng thái mới. Lý do được ghi vào lịch sử đơn và nhật ký thao tác.</>}
                reason={{ label: 'Lý do' }}
                confirmLabel={a.label}
                onConfirm={(reason) => run(() => orders().status.$post({ param: { code }, json: { to, reason } }), `Đơn ${code}: ${a.label.toLowerCase()} xong.`)}
              />
            );
          if (a.name === 'cancel')
            return (
              <ConfirmDialog
                key="cancel"
                trigger={a.label}
                danger
                title={`Hủy đơn ${code}?`}
                body={<>Hàng giữ cho đơn được trả lại kho, vận đơn đang mở bị hủy ở đơn vị vận chuyển. Không hoàn tác được.</>}
                reason={{ label: 'Lý do hủy' }}
                confirmLabel="Hủy đơn hàng"
                onConfirm={(reason) => run(() => orders().cancel.$post({ param: { code }, json: { reason } }), `Đã hủy đơn ${code}.`)}
              />
            );
          if (a.name === 'create_shipment') return <CreateShipment key="ship" code={code} openTracking={order.shipments.find((s) => s.status !== 'cancelled')?.trackingCode} />;
          if (a.name === 'return') return <ReceiveReturn key="return" order={order} />;
          if (a.name === 'resend_email' && emailKinds.length) return <ResendEmail key="email" code={code} kinds={emailKinds} />;
          if (a.name === 'refund' && a.route === `/v1/admin/orders/${code}/refund`) return <RecordOrderRefund key="refund" code={code} />;
          if (a.name === 'refund')
            return (
              <a key="refund" className="btn-secondary" href={`/quan-tri/thanh-toan?flag=refund&q=${code}`}>
                {a.label}
              </a>
            );
          if (a.name === 'pick_list' || a.name === 'packing_slip')
            return (
              <a key={a.name} className="btn-secondary" target="_blank" rel="noopener" href={`/v1/admin/orders/${code}/${a.name === 'pick_list' ? 'pick-list' : 'packing-slip'}.pdf`}>
                {a.label} (PDF)
              </a>
            );
          return null;
        })}
      </div>
      {refused.length > 0 && (
        <details className="text-sm text-slate-600">
          <summary className="cursor-pointer">Thao tác chưa thực hiện được ({refused.length})</summary>
          <ul className="mt-1 list-disc pl-5">
            {refused.map((a) => (
              <li key={`${a.name}-${a.to ?? ''}`}>
                {a.label}: {a.reason}
              </li>
            ))}
          </ul>
        </details>
      )}
    </div>
  );
}

/** "Hoàn tiền" for an order with no transfer to refund through (e.g. COD paid in cash): POST …/orders/{code}/refund. */
function RecordOrderRefund({ code }: { code: string }) {
  const run = useAction();
  const [reference, setReference] = useState('');
  const id = `refund-${code}`;
  return (
    <ConfirmDialog
      trigger="Hoàn tiền"
      danger
      title={`Ghi nhận hoàn tiền cho đơn ${code}`}
      body={<>Ghi nhận khoản tiền đã trả lại cho khách (tiền mặt hoặc chuyển khoản); khách được báo qua email.</>}
      confirmLabel="Ghi nhận hoàn tiền"
      onConfirm={(note) =>
        reference.trim().length < 3 ? false : run(() => orders().refund.$post({ param: { code }, json: { reference: reference.trim(), note: note || undefined } }), `Đã ghi nhận hoàn tiền cho đơn ${code}.`)
      }
    >
      <div className="space-y-1">
        <label htmlFor={id} className="block text-sm font-medium text-slate-700">
          Số phiếu chi / mã giao dịch hoàn tiền
        </label>
        <input id={id} required minLength={3} value={reference} onChange={(e) => setReference(e.target.value)} autoComplete="off" className="input" />
      </div>
    </ConfirmDialog>
  );
}

const CARRIERS: Array<[ShipmentBody['carrier'], string]> = [
  ['ghtk', 'GHTK (nhập mã vận đơn)'],
  ['ghn', 'GHN (để trống mã: tạo qua GHN)'],
  ['internal', 'Nhà thuốc tự giao'],
];

/** Creates the waybill (existing POST …/shipments): GHTK/internal typed in, GHN created through its API when empty. */
function CreateShipment({ code, openTracking }: { code: string; openTracking?: string }) {
  const run = useAction();
  const [carrier, setCarrier] = useState<ShipmentBody['carrier']>('ghtk');
  const [tracking, setTracking] = useState('');
  const [fee, setFee] = useState('0');
  return (
    <ConfirmDialog
      trigger="Tạo vận đơn"
      triggerClassName="btn-primary"
      title={`Tạo vận đơn cho ${code}`}
      body={openTracking ? <>Đơn đang có vận đơn {openTracking}: vận đơn mới sẽ thay thế và hủy vận đơn cũ.</> : null}
      confirmLabel="Tạo vận đơn"
      onConfirm={() =>
        run(
          () =>
            orders().shipments.$post({
              param: { code },
              json: { carrier, trackingCode: tracking.trim() || undefined, fee: Number(fee) || 0, replaces: openTracking },
            }),
          `Đã tạo vận đơn cho đơn ${code}.`,
        )
      }
    >
      <div className="grid gap-3 sm:grid-cols-2">
        <div className="space-y-1 sm:col-span-2">
          <label htmlFor="ship-carrier" className="block text-sm font-medium text-slate-700">
            Đơn vị vận chuyển
          </label>
          <select id="ship-carrier" value={carrier} onChange={(e) => setCarrier(CARRIERS.find(([c]) => c === e.target.value)?.[0] ?? 'ghtk')} className="input">
            {CARRIERS.map(([c, l]) => (
              <option key={c} value={c}>
                {l}
              </option>
            ))}
          </select>
        </div>
        <div className="space-y-1">
          <label htmlFor="ship-tracking" className="block text-sm font-medium text-slate-700">
            Mã vận đơn
          </label>
          <input id="ship-tracking" value={tracking} onChange={(e) => setTracking(e.target.value)} autoComplete="off" className="input" required={carrier !== 'ghn'} />
        </div>
        <div className="space-y-1">
          <label htmlFor="ship-fee" className="block text-sm font-medium text-slate-700">
            Phí vận chuyển (đ)
          </label>
          <input id="ship-fee" inputMode="numeric" value={fee} onChange={(e) => setFee(e.target.value.replace(/\D/g, ''))} className="input" />
        </div>
      </div>
    </ConfirmDialog>
  );
}

/** Return received: per line, back to its batch or written off as damaged; reason mandatory. */
function ReceiveReturn({ order }: { order: Order }) {
  const run = useAction();
  const [choice, setChoice] = useState<Record<string, ReturnBody['lines'][number]['disposition']>>(() => Object.fromEntries(order.lines.map((l) => [l.id, 'restock'])));
  return (
    <ConfirmDialog
      trigger="Nhận hàng hoàn trả"
      danger
      title={`Nhận hàng hoàn trả — ${order.code}`}
      body={<>Chọn cho từng dòng: nhập lại đúng lô đã xuất, hoặc hủy do hư hỏng.</>}
      reason={{ label: 'Lý do / tình trạng hàng' }}
      confirmLabel="Xác nhận nhận hàng"
      onConfirm={(reason) =>
        run(() => orders().return.$post({ param: { code: order.code }, json: { reason, lines: order.lines.map((l) => ({ lineId: l.id, disposition: choice[l.id] ?? 'restock' })) } }), `Đã nhận hàng hoàn trả đơn ${order.code}.`)
      }
    >
      <fieldset className="space-y-2">
        <legend className="text-sm font-medium text-slate-700">Xử lý từng dòng hàng</legend>
        {order.lines.map((l) => (
          <div key={l.id} className="flex flex-wrap items-center justify-between gap-2 text-sm">
            <label htmlFor={`ret-${l.id}`}>
              {l.productName} × {l.quantity} {l.unitName}
            </label>
            <select id={`ret-${l.id}`} className="input w-auto" value={choice[l.id]} onChange={(e) => setChoice({ ...choice, [l.id]: e.target.value === 'write_off' ? 'write_off' : 'restock' })}>
              <option value="restock">Nhập lại kho (đúng lô)</option>
              <option value="write_off">Hủy do hư hỏng</option>
            </select>
          </div>
        ))}
      </fieldset>
    </ConfirmDialog>
  );
}

function ResendEmail({ code, kinds }: { code: string; kinds: Array<{ kind: EmailKind; label: string }> }) {
  const run = useAction();
  const [kind, setKind] = useState<EmailKind>(kinds[0]!.kind);
  return (
    <ConfirmDialog
      trigger="Gửi lại email"
      title="Gửi lại email đơn hàng"
      confirmLabel="Gửi lại"
      onConfirm={() => run(() => orders().emails.$post({ param: { code }, json: { kind } }), 'Đã xếp email vào hàng gửi.')}
    >
      <div className="space-y-1">
        <label htmlFor="email-kind" className="block text-sm font-medium text-slate-700">
          Email
        </label>
        <select id="email-kind" className="input" value={kind} onChange={(e) => setKind(kinds.find((k) => k.kind === e.target.value)?.kind ?? kind)}>
          {kinds.map((k) => (
            <option key={k.kind} value={k.kind}>
              {k.label}
            </option>
          ))}
        </select>
      </div>
    </ConfirmDialog>
  );
}

/** Internal note (staff only; admin and pharmacist). Enter in the field does not submit (multi-line); the button does. */
export function NoteForm({ code }: { code: string }) {
  const run = useAction();
  const hydrated = useHydrated();
  const [text, setText] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const submit = async (e: React.FormEvent) => {
    e.preventDefault();
    if (!text.trim()) return setError('Nhập nội dung ghi chú.');
    setBusy(true);
    setError(null);
    if (await run(() => orders().notes.$post({ param: { code }, json: { text: text.trim() } }), 'Đã thêm ghi chú nội bộ.')) setText('');
    setBusy(false);
  };
  return (
    <form onSubmit={submit} className="space-y-2" aria-label="Thêm ghi chú nội bộ">
      <label htmlFor="note-text" className="block text-sm font-medium text-slate-700">
        Ghi chú nội bộ (khách hàng không thấy)
      </label>
      <textarea id="note-text" rows={3} maxLength={2000} value={text} onChange={(e) => setText(e.target.value)} className="input" />
      <FormError message={error} />
      <button type="submit" className="btn-primary" disabled={busy || !hydrated}>
        {busy ? 'Đang lưu…' : 'Thêm ghi chú'}
      </button>
    </form>
  );
}
