'use client';
import type { InferRequestType, InferResponseType } from 'hono/client';
import { useRouter } from 'next/navigation';
import { useId, useState } from 'react';
import { advicePlace, REJECT_REASON_LABELS } from '../../../../shared/src/consultations/place';
import { apiError, browserApi, type Api } from '../../lib/api';
import { formatVnd } from '../../lib/format';
import { FormError, useHydrated } from '../Field';
import { ConfirmDialog } from './ConfirmDialog';
import { useToast } from './Toaster';
import { useAction } from './use-action';

type StaffDetail = InferResponseType<Api['v1']['pharmacist']['consultations'][':id']['$get'], 200>;
type FileRef = StaffDetail['files'][number];
type AdviceBody = InferRequestType<Api['v1']['pharmacist']['consultations'][':id']['advice']['$post']>['json'];
type RejectBody = InferRequestType<Api['v1']['pharmacist']['consultations'][':id']['reject']['$post']>['json'];
type SearchHit = InferResponseType<Api['v1']['admin']['products']['$get'], 200>['items'][number];
type ProductUnit = InferResponseType<Api['v1']['admin']['products'][':id']['$get'], 200>['units'][number];

const OFFLINE = 'Không kết nối được tới máy chủ. Vui lòng thử lại.';
const consultation = () => browserApi().v1.pharmacist.consultations[':id'];

export { ClaimButton } from './consultation-claim';

/** "Trả lại hàng chờ": the holder gives the consultation back to the queue. */
export function ReleaseButton({ id, code }: { id: string; code: string }) {
  const run = useAction();
  return (
    <ConfirmDialog
      trigger="Trả lại hàng chờ"
      title={`Trả phiếu ${code} về hàng chờ?`}
      body={<>Phiếu quay lại hàng chờ để dược sĩ khác nhận; những gì bạn đang nhập trong mẫu tư vấn sẽ không được lưu.</>}
      confirmLabel="Trả lại"
      onConfirm={() => run(() => consultation().release.$post({ param: { id } }), `Đã trả phiếu ${code} về hàng chờ.`)}
    />
  );
}

/**
 * The prescription files: thumbnails to pick one, the picked image with zoom and rotation (buttons, and the keyboard
 * through them); a PDF opens in a new tab (the console's CSP allows no frames). Links are signed for 5 minutes; past
 * that the viewer offers to fetch fresh ones (a reload of the screen, audited again by the api).
 */
export function FileViewer({ files }: { files: FileRef[] }) {
  const router = useRouter();
  const [index, setIndex] = useState(0);
  const [zoom, setZoom] = useState(1);
  const [rotation, setRotation] = useState(0);
  const file = files[Math.min(index, files.length - 1)]!;
  const isImage = file.contentType.startsWith('image/');
  const pick = (i: number) => {
    setIndex(i);
    setZoom(1);
    setRotation(0);
  };
  const expired = file.urlExpiresAt < Date.now();
  return (
    <div className="space-y-3">
      {files.length > 1 && (
        <ul className="flex flex-wrap gap-2" aria-label="Các tệp">
          {files.map((f, i) => (
            <li key={f.id}>
              <button type="button" onClick={() => pick(i)} aria-pressed={i === index} className="btn-secondary aria-[pressed=true]:border-emerald-600 aria-[pressed=true]:bg-emerald-50">
                Tệp {i + 1} ({f.contentType === 'application/pdf' ? 'PDF' : 'ảnh'}, {Math.ceil(f.size / 1024)} KB)
              </button>
            </li>
          ))}
        </ul>
      )}
      {isImage ? (
        <>
          <div className="flex flex-wrap gap-2" role="toolbar" aria-label="Xem ảnh đơn thuốc">
            <button type="button" className="btn-secondary" onClick={() => setZoom((z) => Math.min(4, +(z + 0.25).toFixed(2)))} aria-label="Phóng to">
              +
            </button>
            <button type="button" className="btn-secondary" onClick={() => setZoom((z) => Math.max(0.5, +(z - 0.25).toFixed(2)))} aria-label="Thu nhỏ">
              −
            </button>
            <button type="button" className="btn-secondary" onClick={() => setRotation((r) => (r + 270) % 360)} aria-label="Xoay trái">
              ↺
            </button>
            <button type="button" className="btn-secondary" onClick={() => setRotation((r) => (r + 90) % 360)} aria-label="Xoay phải">
              ↻
            </button>
            <button
              type="button"
              className="btn-secondary"
              onClick={() => {
                setZoom(1);
                setRotation(0);
              }}
            >
              Đặt lại
            </button>
            <span className="self-center text-sm text-slate-600" data-testid="viewer-state">
              {Math.round(zoom * 100)}% · {rotation}°
            </span>
          </div>
          <div className="flex h-[32rem] items-center justify-center overflow-auto rounded-lg bg-slate-100">
            {/* A signed, private, 5-minute same-origin link (`/v1/consultation-files/…`): no image optimisation, no caching. */}
            <img
              src={file.url}
              alt={`Đơn thuốc, tệp ${index + 1}`}
              data-testid="prescription-image"
              className="max-h-full max-w-full origin-center transition-transform"
              style={{ transform: `scale(${zoom}) rotate(${rotation}deg)` }}
            />
          </div>
        </>
      ) : (
        <p className="text-sm">
          <a href={file.url} target="_blank" rel="noopener noreferrer" className="btn-secondary" data-testid="prescription-pdf">
            Mở đơn thuốc PDF ({Math.ceil(file.size / 1024)} KB) trong thẻ mới
          </a>
        </p>
      )}
      <p className="text-xs text-slate-600">
        Liên kết xem tệp có hiệu lực 5 phút và mỗi lần mở được ghi vào nhật ký.{' '}
        {expired && (
          <button type="button" className="text-emerald-800 underline" onClick={() => router.refresh()}>
            Liên kết đã hết hạn — tải lại
          </button>
        )}
      </p>
    </div>
  );
}

interface Row {
  key: number;
  productId: string;
  productName: string;
  rx: boolean;
  /** Where the api will put it: THE split rule (`advicePlace`) with the exception switch as it is now. */
  place: 'quote' | 'pickup';
  available: number;
  units: ProductUnit[];
  unitId: string;
  quantity: string;
  instructions: string;
}

export interface LocationOption {
  id: string;
  name: string;
  address: string;
  hoursText: string;
}

const isRejectReason = (v: string): v is RejectBody['reason'] => Object.hasOwn(REJECT_REASON_LABELS, v);
/** The reasons in the api's order, with their labels (the advice module owns both). */
const REJECT_CHOICES: Array<[RejectBody['reason'], string]> = Object.entries(REJECT_REASON_LABELS).flatMap(([r, l]): Array<[RejectBody['reason'], string]> => (isRejectReason(r) ? [[r, l]] : []));

/** The unit's price now (its sale price inside the sale window): an estimate; the api fixes the quoted price. */
function unitPriceNow(u: ProductUnit, now: number): number {
  const onSale = u.salePrice !== null && (u.saleStartsAt === null || u.saleStartsAt <= now) && (u.saleEndsAt === null || now < u.saleEndsAt);
  return onSale && u.salePrice !== null ? u.salePrice : u.price;
}

/**
 * The holder's workspace: search the catalogue (prescription products included, with stock), build the advice rows
 * (product, unit, quantity, dosage instructions), see live which rows become the online quote (non-prescription) and
 * which are reserved for pickup at the counter (prescription, from FEFO batches at the chosen location), and send it;
 * or reject with a reason from the list and a note.
 */
export function AdviceWorkspace({ id, code, asked, locations, rxOnlineException }: { id: string; code: string; asked: Array<{ id: string; name: string; prescriptionRequired: boolean }>; locations: LocationOption[]; rxOnlineException: boolean }) {
  const router = useRouter();
  const notify = useToast();
  const hydrated = useHydrated();
  const uid = useId();
  const [rows, setRows] = useState<Row[]>([]);
  const [nextKey, setNextKey] = useState(1);
  const [note, setNote] = useState('');
  const [locationId, setLocationId] = useState(locations.length === 1 ? locations[0]!.id : '');
  const [quoteHours, setQuoteHours] = useState('48');
  const [pickupHours, setPickupHours] = useState('48');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [rowErrors, setRowErrors] = useState<Record<string, string>>({});
  const now = Date.now();

  const addProduct = async (productId: string) => {
    setError(null);
    try {
      const res = await browserApi().v1.admin.products[':id'].$get({ param: { id: productId } });
      if (!res.ok) return setError((await apiError(res)).message);
      const p = await res.json();
      const units = p.units.filter((u) => !u.retired);
      const unit = units.find((u) => u.isDefault) ?? units[0];
      if (!unit) return setError(`"${p.name}" chưa có đơn vị bán.`);
      setRows((rs) => [...rs, { key: nextKey, productId: p.id, productName: p.name, rx: p.prescriptionRequired, place: advicePlace(p, rxOnlineException), available: p.stock.available, units, unitId: unit.id, quantity: '1', instructions: '' }]);
      setNextKey((k) => k + 1);
    } catch {
      setError(OFFLINE);
    }
  };
  const update = (key: number, change: Partial<Row>) => setRows((rs) => rs.map((r) => (r.key === key ? { ...r, ...change } : r)));
  const remove = (key: number) => setRows((rs) => rs.filter((r) => r.key !== key));

  const otc = rows.filter((r) => r.place === 'quote');
  const rx = rows.filter((r) => r.place === 'pickup');
  const lineEstimate = (r: Row) => {
    const u = r.units.find((x) => x.id === r.unitId);
    return u ? unitPriceNow(u, now) * (Number(r.quantity) || 0) : 0;
  };
  const baseNeeded = (r: Row) => (r.units.find((x) => x.id === r.unitId)?.factor ?? 1) * (Number(r.quantity) || 0);

  const submit = async (e: React.FormEvent) => {
    e.preventDefault();
    setError(null);
    setRowErrors({});
    if (rows.length === 0) return setError('Thêm ít nhất một sản phẩm vào tư vấn.');
    const bad = rows.find((r) => !Number.isInteger(Number(r.quantity)) || Number(r.quantity) < 1 || r.instructions.trim().length < 3);
    if (bad) return setError(`Dòng "${bad.productName}": nhập số lượng (số nguyên ≥ 1) và cách dùng (ít nhất 3 ký tự).`);
    if (rx.length > 0 && !locationId) return setError('Chọn nhà thuốc nơi khách nhận thuốc kê đơn.');
    const body: AdviceBody = {
      note: note.trim(),
      items: rows.map((r) => ({ productId: r.productId, unitId: r.unitId, quantity: Number(r.quantity), instructions: r.instructions.trim() })),
      ...(rx.length > 0 ? { locationId } : {}),
      quoteValidHours: Number(quoteHours) || 48,
      pickupValidHours: Number(pickupHours) || 48,
    };
    setBusy(true);
    try {
      const res = await consultation().advice.$post({ param: { id }, json: body });
      if (!res.ok) {
        const err = await apiError(res);
        const d = err.details;
        if (err.code === 'INSUFFICIENT_STOCK' && d && typeof d === 'object' && 'productId' in d && typeof d.productId === 'string') setRowErrors({ [d.productId]: err.message });
        setError(err.message);
        return;
      }
      notify('success', `Đã gửi tư vấn cho phiếu ${code}.`);
      router.refresh();
    } catch {
      setError(OFFLINE);
    } finally {
      setBusy(false);
    }
  };

  return (
    <section className="space-y-4 rounded-xl border-2 border-emerald-600 bg-white p-4" aria-label="Tư vấn của dược sĩ" data-testid="advice-workspace">
      <h2 className="text-lg font-semibold">Tư vấn của dược sĩ</h2>
      <CatalogueSearch asked={asked} onAdd={(pid) => void addProduct(pid)} />
      <form onSubmit={submit} noValidate className="space-y-4" aria-label="Mẫu tư vấn">
        <div className="overflow-x-auto">
          <table className="w-full min-w-[48rem] text-left text-sm" data-testid="advice-rows">
            <caption className="sr-only">Các dòng tư vấn</caption>
            <thead className="text-xs uppercase text-slate-600">
              <tr>
                <th scope="col" className="py-1">
                  Sản phẩm
                </th>
                <th scope="col" className="py-1">
                  Đơn vị
                </th>
                <th scope="col" className="py-1">
                  Số lượng
                </th>
                <th scope="col" className="py-1">
                  Cách dùng
                </th>
                <th scope="col" className="py-1">
                  <span className="sr-only">Xóa</span>
                </th>
              </tr>
            </thead>
            <tbody className="divide-y divide-slate-100">
              {rows.length === 0 && (
                <tr>
                  <td colSpan={5} className="py-4 text-center text-slate-600">
                    Chưa có dòng nào: tìm sản phẩm ở trên và bấm “Thêm”.
                  </td>
                </tr>
              )}
              {rows.map((r) => {
                const short = baseNeeded(r) > r.available;
                return (
                  <tr key={r.key} className="align-top" data-testid="advice-row">
                    <td className="py-2 pr-2">
                      <p className="font-medium">{r.productName}</p>
                      <p className="text-xs">
                        <span className={`rounded px-1 ${r.place === 'pickup' ? 'bg-red-50 text-red-700' : 'bg-emerald-50 text-emerald-800'}`}>
                          {r.rx ? 'Kê đơn' : 'Không kê đơn'} → {r.place === 'pickup' ? 'giữ tại quầy' : 'báo giá online'}
                        </span>
                        <span className={`ml-1 ${short ? 'font-semibold text-red-700' : 'text-slate-600'}`}>Còn {r.available} (đơn vị gốc)</span>
                      </p>
                      {rowErrors[r.productId] && (
                        <p role="alert" className="text-xs text-red-700">
                          {rowErrors[r.productId]}
                        </p>
                      )}
                    </td>
                    <td className="py-2 pr-2">
                      <label htmlFor={`${uid}-unit-${r.key}`} className="sr-only">
                        Đơn vị của {r.productName}
                      </label>
                      <select id={`${uid}-unit-${r.key}`} className="input" value={r.unitId} onChange={(e) => update(r.key, { unitId: e.target.value })} disabled={!hydrated}>
                        {r.units.map((u) => (
                          <option key={u.id} value={u.id}>
                            {u.name} ({formatVnd(unitPriceNow(u, now))})
                          </option>
                        ))}
                      </select>
                    </td>
                    <td className="w-24 py-2 pr-2">
                      <label htmlFor={`${uid}-qty-${r.key}`} className="sr-only">
                        Số lượng {r.productName}
                      </label>
                      <input id={`${uid}-qty-${r.key}`} className="input" inputMode="numeric" value={r.quantity} onChange={(e) => update(r.key, { quantity: e.target.value.replace(/\D/g, '') })} disabled={!hydrated} />
                    </td>
                    <td className="py-2 pr-2">
                      <label htmlFor={`${uid}-ins-${r.key}`} className="sr-only">
                        Cách dùng {r.productName}
                      </label>
                      <textarea id={`${uid}-ins-${r.key}`} className="input" rows={2} maxLength={500} placeholder="VD: Uống 1 viên/lần, 2 lần/ngày sau ăn" value={r.instructions} onChange={(e) => update(r.key, { instructions: e.target.value })} disabled={!hydrated} />
                    </td>
                    <td className="py-2">
                      <button type="button" className="btn-secondary" onClick={() => remove(r.key)} aria-label={`Xóa dòng ${r.productName}`}>
                        ✕
                      </button>
                    </td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        </div>
        <div className="grid gap-4 md:grid-cols-2" data-testid="advice-split">
          <div className="rounded-lg bg-emerald-50 p-3" data-testid="split-quote">
            <h3 className="font-medium">Báo giá mua online ({otc.length})</h3>
            {rxOnlineException && <p className="text-xs font-medium text-red-700">Ngoại lệ dịch bệnh đang bật: thuốc kê đơn (trừ thuốc kiểm soát đặc biệt) được đặt online theo báo giá.</p>}
            {otc.length === 0 ? (
              <p className="text-sm text-slate-600">Không có sản phẩm đặt online.</p>
            ) : (
              <>
                <ul className="text-sm">
                  {otc.map((r) => (
                    <li key={r.key}>
                      {r.productName} × {r.quantity || 0} {r.units.find((u) => u.id === r.unitId)?.name} · {formatVnd(lineEstimate(r))}
                    </li>
                  ))}
                </ul>
                <p className="text-sm font-semibold">Tạm tính: {formatVnd(otc.reduce((s, r) => s + lineEstimate(r), 0))}</p>
              </>
            )}
            <label htmlFor={`${uid}-qh`} className="mt-2 block text-xs font-medium text-slate-700">
              Báo giá có hiệu lực (giờ)
            </label>
            <input id={`${uid}-qh`} className="input w-24" inputMode="numeric" value={quoteHours} onChange={(e) => setQuoteHours(e.target.value.replace(/\D/g, ''))} disabled={!hydrated} />
            <p className="mt-1 text-xs text-slate-600">Khách thêm cả báo giá vào giỏ bằng một lần bấm, đúng giá báo, trong thời hạn này.</p>
          </div>
          <div className="rounded-lg bg-red-50 p-3" data-testid="split-pickup">
            <h3 className="font-medium">Giữ thuốc kê đơn tại quầy ({rx.length})</h3>
            {rx.length === 0 ? (
              <p className="text-sm text-slate-600">Không có thuốc giữ tại quầy.</p>
            ) : (
              <ul className="text-sm">
                {rx.map((r) => (
                  <li key={r.key}>
                    {r.productName} × {r.quantity || 0} {r.units.find((u) => u.id === r.unitId)?.name}
                  </li>
                ))}
              </ul>
            )}
            <label htmlFor={`${uid}-loc`} className="mt-2 block text-xs font-medium text-slate-700">
              Nhà thuốc nhận thuốc{rx.length > 0 ? ' (bắt buộc)' : ''}
            </label>
            <select id={`${uid}-loc`} className="input" value={locationId} onChange={(e) => setLocationId(e.target.value)} disabled={!hydrated || rx.length === 0}>
              <option value="">— Chọn nhà thuốc —</option>
              {locations.map((l) => (
                <option key={l.id} value={l.id}>
                  {l.name} — {l.address}
                </option>
              ))}
            </select>
            {locationId && <p className="mt-1 text-xs text-slate-600">{locations.find((l) => l.id === locationId)?.hoursText}</p>}
            <label htmlFor={`${uid}-ph`} className="mt-2 block text-xs font-medium text-slate-700">
              Giữ thuốc trong (giờ)
            </label>
            <input id={`${uid}-ph`} className="input w-24" inputMode="numeric" value={pickupHours} onChange={(e) => setPickupHours(e.target.value.replace(/\D/g, ''))} disabled={!hydrated || rx.length === 0} />
            <p className="mt-1 text-xs text-slate-600">Thuốc được giữ từ các lô hết hạn sớm nhất; khách mang đơn thuốc gốc đến quầy, dược sĩ xem đơn rồi mới bán.</p>
          </div>
        </div>
        <div className="space-y-1">
          <label htmlFor={`${uid}-note`} className="block text-sm font-medium text-slate-700">
            Lời tư vấn gửi khách
          </label>
          <textarea id={`${uid}-note`} className="input" rows={4} maxLength={2000} value={note} onChange={(e) => setNote(e.target.value)} disabled={!hydrated} />
          <p className="text-xs text-slate-500">Khách đọc lời tư vấn trên trang phiếu và trong email; quyết định được ghi vào nhật ký.</p>
        </div>
        <FormError message={error} />
        <button type="submit" className="btn-primary" disabled={!hydrated || busy}>
          {busy ? 'Đang gửi…' : 'Gửi tư vấn'}
        </button>
      </form>
      <RejectForm id={id} code={code} />
    </section>
  );
}

/** Catalogue search for the advice (prescription products included): name, Rx, stock available, price; "Thêm" adds a row. */
function CatalogueSearch({ asked, onAdd }: { asked: Array<{ id: string; name: string; prescriptionRequired: boolean }>; onAdd: (productId: string) => void }) {
  const hydrated = useHydrated();
  const uid = useId();
  const [q, setQ] = useState('');
  const [hits, setHits] = useState<SearchHit[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  const search = async (e: React.FormEvent) => {
    e.preventDefault();
    if (!q.trim()) return;
    setError(null);
    try {
      const res = await browserApi().v1.admin.products.$get({ query: { q: q.trim(), status: 'visible', limit: '8' } });
      if (!res.ok) return setError((await apiError(res)).message);
      setHits((await res.json()).items);
    } catch {
      setError(OFFLINE);
    }
  };
  return (
    <div className="space-y-2" data-testid="catalogue-search">
      {asked.length > 0 && (
        <div className="flex flex-wrap items-center gap-2 text-sm">
          <span className="text-slate-600">Khách hỏi:</span>
          {asked.map((p) => (
            <button key={p.id} type="button" className="btn-secondary" disabled={!hydrated} onClick={() => onAdd(p.id)}>
              + {p.name}
            </button>
          ))}
        </div>
      )}
      <form onSubmit={search} className="flex flex-wrap items-end gap-2" role="search" aria-label="Tìm thuốc trong danh mục">
        <div className="flex min-w-[16rem] flex-1 flex-col gap-1">
          <label htmlFor={`${uid}-q`} className="text-xs font-medium text-slate-700">
            Tìm thuốc trong danh mục (kể cả thuốc kê đơn)
          </label>
          <input id={`${uid}-q`} type="search" className="input" value={q} onChange={(e) => setQ(e.target.value)} disabled={!hydrated} />
        </div>
        <button type="submit" className="btn-secondary" disabled={!hydrated}>
          Tìm
        </button>
      </form>
      <FormError message={error} />
      {hits && (
        <ul className="divide-y divide-slate-100 rounded-lg border border-slate-200 text-sm" data-testid="catalogue-hits">
          {hits.length === 0 && <li className="p-2 text-slate-600">Không tìm thấy sản phẩm.</li>}
          {hits.map((h) => (
            <li key={h.id} className="flex flex-wrap items-center justify-between gap-2 p-2">
              <span>
                <span className="font-medium">{h.name}</span>
                {h.prescriptionRequired && <span className="ml-1 rounded bg-red-50 px-1 text-xs text-red-700">Kê đơn</span>}
                <span className={`ml-2 text-xs ${h.available > 0 ? 'text-slate-600' : 'font-semibold text-red-700'}`}>Tồn: {h.available}</span>
                {h.defaultUnit && <span className="ml-2 text-xs text-slate-600">{formatVnd(h.defaultUnit.onSale && h.defaultUnit.salePrice !== null ? h.defaultUnit.salePrice : h.defaultUnit.price)}/{h.defaultUnit.name}</span>}
              </span>
              <button type="button" className="btn-secondary" onClick={() => onAdd(h.id)} aria-label={`Thêm ${h.name}`}>
                Thêm
              </button>
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}

/** Reject with a reason from the list and a note (both shown to the shopper; audited). */
function RejectForm({ id, code }: { id: string; code: string }) {
  const run = useAction();
  const [reason, setReason] = useState<RejectBody['reason']>('unreadable');
  return (
    <ConfirmDialog
      trigger="Từ chối phiếu"
      danger
      title={`Từ chối phiếu ${code}`}
      body={<>Khách nhận email với lý do và ghi chú của bạn. Không hoàn tác được.</>}
      reason={{ label: 'Ghi chú cho khách' }}
      confirmLabel="Từ chối"
      onConfirm={(note) => run(() => consultation().reject.$post({ param: { id }, json: { reason, note } }), `Đã từ chối phiếu ${code}.`)}
    >
      <div className="space-y-1">
        <label htmlFor={`reject-reason-${id}`} className="block text-sm font-medium text-slate-700">
          Lý do từ chối
        </label>
        <select id={`reject-reason-${id}`} className="input" value={reason} onChange={(e) => setReason(REJECT_CHOICES.find(([r]) => r === e.target.value)?.[0] ?? 'other')}>
          {REJECT_CHOICES.map(([r, l]) => (
            <option key={r} value={r}>
              {l}
            </option>
          ))}
        </select>
      </div>
    </ConfirmDialog>
  );
}
