'use client';
import type { InferResponseType } from 'hono/client';
import { useState } from 'react';
import { browserApi, type Api } from '../../lib/api';
import { ConfirmDialog } from './ConfirmDialog';
import { useAction } from './use-action';

export type PaymentRow = InferResponseType<Api['v1']['admin']['payments']['$get'], 200>['items'][number];


/** "Khớp với đơn": applies an unmatched transfer to an order through the webhook's own effect (POST …/match). */
export function MatchTransfer({ payment }: { payment: PaymentRow }) {
  const act = useAction();
  const [orderCode, setOrderCode] = useState('');
  const id = `match-${payment.id}`;
  return (
    <ConfirmDialog
      trigger="Khớp với đơn"
      triggerClassName="btn-primary"
      title="Khớp chuyển khoản với đơn hàng"
      body={<>Số tiền được ghi nhận cho đơn như khi ngân hàng báo về (xác nhận đơn nếu đủ tiền). Chỉ khớp được một lần.</>}
      confirmLabel="Khớp với đơn"
      onConfirm={(note) =>
        orderCode.trim().length === 0
          ? false
          : act(() => browserApi().v1.admin.payments[':id'].match.$post({ param: { id: payment.id }, json: { orderCode: orderCode.trim(), note: note || undefined } }), `Đã khớp chuyển khoản với đơn ${orderCode.trim().toUpperCase()}.`)
      }
    >
      <div className="space-y-1">
        <label htmlFor={id} className="block text-sm font-medium text-slate-700">
          Mã đơn hàng
        </label>
        <input id={id} required value={orderCode} onChange={(e) => setOrderCode(e.target.value)} placeholder="MC…" autoComplete="off" className="input uppercase" />
      </div>
    </ConfirmDialog>
  );
}

/** "Ghi nhận hoàn tiền": records the refund made at the bank (POST …/refund), with the bank's reference. */
export function RecordRefund({ payment }: { payment: PaymentRow }) {
  const act = useAction();
  const [reference, setReference] = useState('');
  const id = `refund-${payment.id}`;
  return (
    <ConfirmDialog
      trigger="Ghi nhận hoàn tiền"
      danger
      title="Ghi nhận đã hoàn tiền"
      body={<>Đơn {payment.orderCode}: ghi nhận khoản hoàn tiền đã chuyển cho khách; khách được báo qua email.</>}
      confirmLabel="Ghi nhận hoàn tiền"
      onConfirm={(note) =>
        reference.trim().length < 3
          ? false
          : act(() => browserApi().v1.admin.payments[':id'].refund.$post({ param: { id: payment.id }, json: { reference: reference.trim(), note: note || undefined } }), 'Đã ghi nhận hoàn tiền.')
      }
    >
      <div className="space-y-1">
        <label htmlFor={id} className="block text-sm font-medium text-slate-700">
          Mã giao dịch hoàn tiền của ngân hàng
        </label>
        <input id={id} required minLength={3} value={reference} onChange={(e) => setReference(e.target.value)} autoComplete="off" className="input" />
      </div>
    </ConfirmDialog>
  );
}
