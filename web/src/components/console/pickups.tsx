'use client';
import type { InferRequestType } from 'hono/client';
import { useId, useState } from 'react';
import { browserApi, type Api } from '../../lib/api';
import { ConfirmDialog } from './ConfirmDialog';
import { useAction } from './use-action';

type DispenseBody = InferRequestType<Api['v1']['pharmacist']['pickups'][':id']['dispense']['$post']>['json'];
const pickup = () => browserApi().v1.pharmacist.pickups[':id'];

const PAYMENT_METHODS: Array<[DispenseBody['paymentMethod'], string]> = [
  ['cash', 'Tiền mặt'],
  ['card', 'Thẻ'],
  ['transfer', 'Chuyển khoản'],
];

/**
 * "Giao thuốc": the counter sale of a reservation. The pharmacist confirms having seen the original prescription
 * (required), the payment method and the amount paid; the api takes the reserved stock (a sale movement) and audits it.
 */
export function DispenseDialog({ id, code, items }: { id: string; code: string; items: Array<{ productName: string; unitName: string; quantity: number }> }) {
  const run = useAction();
  const uid = useId();
  const [seen, setSeen] = useState(false);
  const [method, setMethod] = useState<DispenseBody['paymentMethod']>('cash');
  const [amount, setAmount] = useState('');
  const [note, setNote] = useState('');
  const [error, setError] = useState<string | null>(null);
  return (
    <ConfirmDialog
      trigger="Giao thuốc"
      triggerClassName="btn-primary"
      title={`Giao thuốc — mã ${code}`}
      body={
        <ul className="list-disc pl-5">
          {items.map((i, n) => (
            <li key={n}>
              {i.productName} × {i.quantity} {i.unitName}
            </li>
          ))}
        </ul>
      }
      confirmLabel="Xác nhận đã giao"
      onConfirm={() => {
        if (!seen) {
          setError('Xác nhận bạn đã xem đơn thuốc gốc của khách.');
          return false;
        }
        if (!/^\d+$/.test(amount)) {
          setError('Nhập số tiền khách đã trả (đồng).');
          return false;
        }
        setError(null);
        return run(() => pickup().dispense.$post({ param: { id }, json: { prescriptionSeen: true, paymentMethod: method, amountPaid: Number(amount), ...(note.trim() ? { note: note.trim() } : {}) } }), `Đã giao thuốc mã ${code}.`);
      }}
    >
      <div className="space-y-3">
        <label className="flex items-start gap-2 text-sm">
          <input type="checkbox" checked={seen} onChange={(e) => setSeen(e.target.checked)} className="mt-1" />
          <span>Tôi đã xem đơn thuốc gốc của khách và thuốc giao đúng đơn.</span>
        </label>
        <div className="grid gap-3 sm:grid-cols-2">
          <div className="space-y-1">
            <label htmlFor={`${uid}-method`} className="block text-sm font-medium text-slate-700">
              Hình thức thanh toán
            </label>
            <select id={`${uid}-method`} className="input" value={method} onChange={(e) => setMethod(PAYMENT_METHODS.find(([m]) => m === e.target.value)?.[0] ?? 'cash')}>
              {PAYMENT_METHODS.map(([m, l]) => (
                <option key={m} value={m}>
                  {l}
                </option>
              ))}
            </select>
          </div>
          <div className="space-y-1">
            <label htmlFor={`${uid}-amount`} className="block text-sm font-medium text-slate-700">
              Số tiền khách trả (đ)
            </label>
            <input id={`${uid}-amount`} className="input" inputMode="numeric" value={amount} onChange={(e) => setAmount(e.target.value.replace(/\D/g, ''))} autoComplete="off" />
          </div>
        </div>
        <div className="space-y-1">
          <label htmlFor={`${uid}-note`} className="block text-sm font-medium text-slate-700">
            Ghi chú (không bắt buộc)
          </label>
          <input id={`${uid}-note`} className="input" maxLength={500} value={note} onChange={(e) => setNote(e.target.value)} />
        </div>
        {error && (
          <p role="alert" className="text-sm text-red-700">
            {error}
          </p>
        )}
      </div>
    </ConfirmDialog>
  );
}

/** "Hủy giữ thuốc" with a mandatory reason: the reserved stock goes back to its batches. */
export function CancelPickup({ id, code }: { id: string; code: string }) {
  const run = useAction();
  return (
    <ConfirmDialog
      trigger="Hủy giữ thuốc"
      danger
      title={`Hủy giữ thuốc mã ${code}?`}
      body={<>Thuốc đang giữ được trả về kho; khách không nhận được thuốc với mã này nữa.</>}
      reason={{ label: 'Lý do hủy' }}
      confirmLabel="Hủy giữ thuốc"
      onConfirm={(reason) => run(() => pickup().cancel.$post({ param: { id }, json: { reason } }), `Đã hủy giữ thuốc mã ${code}.`)}
    />
  );
}
