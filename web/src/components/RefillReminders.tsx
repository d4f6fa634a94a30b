'use client';
/** #17 refill reminders in the account (ADR 0040): turn on for a received line, change cadence, pause/resume/stop, turn a stopped one on again. */
import { useEffect, useState } from 'react';

interface Reminder { id: string; productName: string; unitName: string; quantity: number; prescriptionRequired: boolean; status: 'active' | 'paused' | 'stopped'; cadenceDays: number; runsOutOn: string; nextRemindOn: string }
interface Eligible { orderLineId: string; orderCode: string; productName: string; unitName: string; quantity: number; supplyDays: number }
const vi = (d: string) => d.split('-').reverse().join('/');
type View = { reminders: Reminder[]; eligible: Eligible[] };
const call = async (path: string, method = 'GET', body?: unknown): Promise<View & { error?: { message?: string } }> => {
  const res = await fetch(path, { method, credentials: 'same-origin', headers: body ? { 'content-type': 'application/json' } : {}, body: body ? JSON.stringify(body) : undefined });
  const json = (await res.json().catch(() => null)) as (View & { error?: { message?: string } }) | null;
  if (!res.ok) throw new Error(json?.error?.message ?? 'Không thực hiện được, vui lòng thử lại.');
  return json!;
};

export function RefillRemindersSection() {
  const [data, setData] = useState<View | null>(null);
  const [error, setError] = useState('');
  const load = () => call('/v1/me/refill-reminders').then(setData, (e: Error) => setError(e.message));
  useEffect(() => void load(), []);
  const act = (p: Promise<unknown>) => p.then(load, (e: Error) => setError(e.message));
  if (!data || (!data.reminders.length && !data.eligible.length)) return null;
  return (
    <section className="space-y-3 rounded-xl bg-white p-4" aria-labelledby="refill-title">
      <h2 id="refill-title" className="text-lg font-semibold">Nhắc mua lại</h2>
      {error && <p role="alert" className="text-sm text-red-600">{error}</p>}
      {data.reminders.map((r) => (
        <div key={r.id} className="rounded-lg border p-3 text-sm">
          <p className="font-medium">{r.productName} · {r.quantity} {r.unitName.toLowerCase()}</p>
          <p>{r.status === 'stopped' ? 'Đã dừng nhắc.' : r.status === 'paused' ? 'Đang tạm dừng.' : `Dự kiến hết ngày ${vi(r.runsOutOn)}; nhắc ngày ${vi(r.nextRemindOn)}.`}{r.prescriptionRequired ? ' Thuốc cần dược sĩ tư vấn: chỉ nhắc hỏi dược sĩ.' : ''}</p>
          {r.status === 'stopped' ? (
            <button type="button" className="mt-2 underline" onClick={() => act(call(`/v1/me/refill-reminders/${r.id}`, 'PATCH', { status: 'active' }))}>Bật lại</button>
          ) : (
          <>
          <label className="mt-2 flex items-center gap-2">
            Chu kỳ (ngày)
            <input type="number" min={7} max={180} defaultValue={r.cadenceDays} className="w-20 rounded border px-2 py-1" onBlur={(e) => Number(e.target.value) !== r.cadenceDays && act(call(`/v1/me/refill-reminders/${r.id}`, 'PATCH', { cadenceDays: Number(e.target.value) }))} />
          </label>
          <div className="mt-2 flex gap-3">
            <button type="button" className="underline" onClick={() => act(call(`/v1/me/refill-reminders/${r.id}`, 'PATCH', { status: r.status === 'paused' ? 'active' : 'paused' }))}>{r.status === 'paused' ? 'Bật lại' : 'Tạm dừng'}</button>
            <button type="button" className="text-red-700 underline" onClick={() => act(call(`/v1/me/refill-reminders/${r.id}`, 'PATCH', { status: 'stopped' }))}>Dừng nhắc</button>
          </div>
          </>
          )}
        </div>
      ))}
      {data.eligible.map((l) => (
        <div key={l.orderLineId} className="flex items-center justify-between gap-3 rounded-lg border p-3 text-sm">
          <span>{l.productName} · {l.quantity} {l.unitName.toLowerCase()} (đơn {l.orderCode}, dùng khoảng {l.supplyDays} ngày)</span>
          <button type="button" className="rounded-lg bg-emerald-700 px-3 py-1 text-white" onClick={() => act(call('/v1/me/refill-reminders', 'POST', { orderLineId: l.orderLineId }))}>Bật nhắc mua lại</button>
        </div>
      ))}
    </section>
  );
}
