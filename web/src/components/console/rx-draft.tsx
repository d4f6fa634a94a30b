'use client';
/**
 * #18 prescription reading (ADR 0045): the pharmacist's draft of a consultation's prescription, beside its photo.
 * "Đọc đơn thuốc bằng AI" asks the api to read the chosen image (the recommendation Worker holds the model); without a
 * key the button is off and says so, and the same form is typed by hand. Each row: the drug as written, and the product
 * of ours the pharmacist keeps (the matches offered, best first, with their confidence — or none). Saving recomputes
 * the matches; discarding removes the draft. Staff only: the shopper never sees this draft.
 */
import type { InferResponseType } from 'hono/client';
import { useState } from 'react';
import { apiError, browserApi, type Api } from '../../lib/api';
import { FormError, useHydrated } from '../Field';
import { useToast } from './Toaster';

type Answer = InferResponseType<Api['v1']['pharmacist']['consultations'][':id']['rx-draft']['$get'], 200>;
type Draft = NonNullable<Answer['draft']>;
type Match = Draft['items'][number]['matches'][number];
interface Row {
  name: string;
  strength: string;
  form: string;
  quantity: string;
  instructions: string;
  productId: string;
  matches: Match[];
}

const OFFLINE = 'Không kết nối được tới máy chủ. Vui lòng thử lại.';
const SOURCE_LABELS: Record<Draft['source'], string> = { model: 'AI đọc từ ảnh — chưa sửa', manual: 'Dược sĩ nhập tay', edited: 'AI đọc, dược sĩ đã sửa' };
const rowsOf = (d: Draft | null): Row[] =>
  (d?.items ?? []).map((i) => ({ name: i.name, strength: i.strength ?? '', form: i.form ?? '', quantity: i.quantity ?? '', instructions: i.instructions ?? '', productId: i.productId ?? '', matches: i.matches }));
const emptyRow = (): Row => ({ name: '', strength: '', form: '', quantity: '', instructions: '', productId: '', matches: [] });
const pct = (c: number) => `${Math.round(c * 100)}%`;

export function RxDraftPanel({ id, initial, canEdit, images }: { id: string; initial: Answer; canEdit: boolean; images: Array<{ id: string; label: string }> }) {
  const notify = useToast();
  const hydrated = useHydrated();
  const [draft, setDraft] = useState<Draft | null>(initial.draft);
  const [rows, setRows] = useState<Row[]>(() => rowsOf(initial.draft));
  const [prescriber, setPrescriber] = useState(initial.draft?.prescriber ?? '');
  const [prescribedOn, setPrescribedOn] = useState(initial.draft?.prescribedOn ?? '');
  const [fileId, setFileId] = useState(initial.draft?.fileId ?? images[0]?.id ?? '');
  const [busy, setBusy] = useState<null | 'read' | 'save' | 'discard'>(null);
  const [error, setError] = useState<string | null>(null);
  const readerOff = initial.reader.mode === 'off';
  const api = () => browserApi().v1.pharmacist.consultations[':id']['rx-draft'];

  const take = (d: Draft | null) => {
    setDraft(d);
    setRows(rowsOf(d));
    setPrescriber(d?.prescriber ?? '');
    setPrescribedOn(d?.prescribedOn ?? '');
  };
  const run = async (kind: 'read' | 'save' | 'discard', call: () => Promise<{ ok: boolean; status: number; json(): Promise<unknown> }>, done: string) => {
    setBusy(kind);
    setError(null);
    try {
      const res = await call();
      if (!res.ok) {
        setError((await apiError(res)).message);
        return;
      }
      take(((await res.json()) as Answer).draft);
      notify('success', done);
    } catch {
      setError(OFFLINE);
    } finally {
      setBusy(null);
    }
  };
  const read = () => run('read', () => api().read.$post({ param: { id }, json: { ...(fileId ? { fileId } : {}), replace: draft !== null } }), 'Đã đọc đơn thuốc thành bản nháp. Vui lòng kiểm tra từng dòng với ảnh.');
  const save = () =>
    run(
      'save',
      () =>
        api().$put({
          param: { id },
          json: {
            prescriber,
            prescribedOn,
            items: rows.map((r) => ({ name: r.name, strength: r.strength, form: r.form, quantity: r.quantity, instructions: r.instructions, productId: r.productId || (r.matches.length ? null : undefined) })),
          },
        }),
      'Đã lưu bản nháp đơn thuốc.',
    );
  const discard = () => run('discard', () => api().$delete({ param: { id } }), 'Đã bỏ bản nháp đơn thuốc.');
  // Changing what the drug is (name, strength, form) drops its old matches: the save matches it again and keeps the best.
  const edit = (i: number, patch: Partial<Row>) =>
    setRows((rs) => rs.map((r, n) => (n !== i ? r : 'name' in patch || 'strength' in patch || 'form' in patch ? { ...r, ...patch, matches: [], productId: '' } : { ...r, ...patch })));

  const disabled = !hydrated || busy !== null;
  return (
    <div className="space-y-3 text-sm" data-testid="rx-draft">
      <p className="rounded-lg bg-amber-50 p-2 text-amber-900">Bản nháp chỉ dược sĩ và quản trị viên xem; khách hàng không thấy. Đối chiếu từng dòng với ảnh trước khi tư vấn.</p>
      {canEdit && (
        <div className="flex flex-wrap items-center gap-2">
          {images.length > 1 && (
            <label className="flex items-center gap-1">
              Ảnh
              <select className="input" value={fileId} onChange={(e) => setFileId(e.target.value)} aria-label="Ảnh đơn thuốc để đọc">
                {images.map((f) => (
                  <option key={f.id} value={f.id}>
                    {f.label}
                  </option>
                ))}
              </select>
            </label>
          )}
          <button type="button" className="btn-primary" data-testid="rx-read" disabled={disabled || readerOff || images.length === 0} onClick={() => void read()} title={readerOff ? initial.reader.label : undefined}>
            {busy === 'read' ? 'Đang đọc…' : draft ? 'Đọc lại bằng AI (thay bản nháp)' : 'Đọc đơn thuốc bằng AI'}
          </button>
          {readerOff && (
            <span className="rounded bg-slate-100 px-2 py-1 text-slate-700" data-testid="rx-reader-off">
              {initial.reader.label}
            </span>
          )}
          {images.length === 0 && <span className="text-slate-600">Phiếu không có ảnh để đọc (PDF: nhập tay).</span>}
        </div>
      )}
      {draft && (
        <p className="text-slate-600" data-testid="rx-draft-source">
          {SOURCE_LABELS[draft.source]}
          {draft.model && ` · mô hình ${draft.model}`}
        </p>
      )}
      <FormError message={error} />
      {!canEdit && !draft && <p className="text-slate-600">Chưa có bản nháp đơn thuốc.</p>}
      {(canEdit || draft) && (
        <>
          <div className="grid gap-2 sm:grid-cols-2">
            <label className="flex flex-col">
              Bác sĩ kê đơn
              <input className="input" value={prescriber} disabled={!canEdit} onChange={(e) => setPrescriber(e.target.value)} maxLength={200} />
            </label>
            <label className="flex flex-col">
              Ngày kê đơn
              <input className="input" value={prescribedOn} disabled={!canEdit} onChange={(e) => setPrescribedOn(e.target.value)} maxLength={40} />
            </label>
          </div>
          <ol className="space-y-3">
            {rows.map((r, i) => (
              <li key={i} className="rounded-lg border border-slate-200 p-2" data-testid="rx-row">
                <div className="grid gap-2 sm:grid-cols-3">
                  <label className="flex flex-col sm:col-span-3">
                    Tên thuốc (như trên đơn)
                    <input className="input" value={r.name} disabled={!canEdit} onChange={(e) => edit(i, { name: e.target.value })} maxLength={200} aria-label={`Tên thuốc dòng ${i + 1}`} />
                  </label>
                  <label className="flex flex-col">
                    Hàm lượng
                    <input className="input" value={r.strength} disabled={!canEdit} onChange={(e) => edit(i, { strength: e.target.value })} maxLength={60} aria-label={`Hàm lượng dòng ${i + 1}`} />
                  </label>
                  <label className="flex flex-col">
                    Dạng bào chế
                    <input className="input" value={r.form} disabled={!canEdit} onChange={(e) => edit(i, { form: e.target.value })} maxLength={60} aria-label={`Dạng bào chế dòng ${i + 1}`} />
                  </label>
                  <label className="flex flex-col">
                    Số lượng
                    <input className="input" value={r.quantity} disabled={!canEdit} onChange={(e) => edit(i, { quantity: e.target.value })} maxLength={60} aria-label={`Số lượng dòng ${i + 1}`} />
                  </label>
                  <label className="flex flex-col sm:col-span-3">
                    Cách dùng (như trên đơn)
                    <input className="input" value={r.instructions} disabled={!canEdit} onChange={(e) => edit(i, { instructions: e.target.value })} maxLength={500} aria-label={`Cách dùng dòng ${i + 1}`} />
                  </label>
                  <label className="flex flex-col sm:col-span-3">
                    Sản phẩm của nhà thuốc
                    <select className="input" value={r.productId} disabled={!canEdit} onChange={(e) => edit(i, { productId: e.target.value })} aria-label={`Sản phẩm dòng ${i + 1}`} data-testid="rx-product">
                      <option value="">— Không chọn sản phẩm —</option>
                      {r.matches.map((m) => (
                        <option key={m.productId} value={m.productId}>
                          {m.name} · {m.strength ?? '?'} · {m.dosageForm} · khớp {pct(m.confidence)}
                          {m.purchaseMode === 'consultation' ? ' · kê đơn' : ''}
                        </option>
                      ))}
                      {r.productId && !r.matches.some((m) => m.productId === r.productId) && <option value={r.productId}>Sản phẩm đã chọn</option>}
                    </select>
                  </label>
                </div>
                {canEdit && (
                  <button type="button" className="mt-1 text-red-700 underline" onClick={() => setRows((rs) => rs.filter((_, n) => n !== i))} aria-label={`Xóa dòng ${i + 1}`}>
                    Xóa dòng
                  </button>
                )}
              </li>
            ))}
          </ol>
          {canEdit && (
            <div className="flex flex-wrap gap-2">
              <button type="button" className="btn-secondary" disabled={disabled || rows.length >= 20} onClick={() => setRows((rs) => [...rs, emptyRow()])}>
                + Thêm dòng thuốc
              </button>
              <button type="button" className="btn-primary" data-testid="rx-save" disabled={disabled || rows.some((r) => !r.name.trim())} onClick={() => void save()}>
                {busy === 'save' ? 'Đang lưu…' : 'Lưu bản nháp'}
              </button>
              {draft && (
                <button type="button" className="btn-secondary" data-testid="rx-discard" disabled={disabled} onClick={() => void discard()}>
                  {busy === 'discard' ? 'Đang bỏ…' : 'Bỏ bản nháp'}
                </button>
              )}
            </div>
          )}
        </>
      )}
    </div>
  );
}
