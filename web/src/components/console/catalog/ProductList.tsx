'use client';
import Link from 'next/link';
import { useRouter } from 'next/navigation';
import { useEffect, useId, useState } from 'react';
import { apiError, browserApi } from '../../../lib/api';
import { formatVnd } from '../../../lib/format';
import { useHydrated } from '../../Field';
import { DataTable, formatDateTime, type SearchParams } from '../table';
import { useToast } from '../Toaster';
import { APPROVAL_LABELS, localToMs } from './labels';
import type { BulkBody, BulkResult, CategoryOption, ListBody, ListQuery, ListRow } from './types';

const OFFLINE = 'Không kết nối được tới máy chủ. Vui lòng thử lại.';
const BULK_ACTIONS = [
  ['hide', 'Ẩn khỏi cửa hàng'],
  ['show', 'Hiển thị trên cửa hàng'],
  ['move_category', 'Chuyển danh mục'],
  ['set_sale', 'Đặt khuyến mãi (giảm %)'],
  ['clear_sale', 'Bỏ khuyến mãi'],
] as const;
type BulkAction = (typeof BULK_ACTIONS)[number][0];


/**
 * The admin product list (server-rendered first page, filters in the URL): "Xem thêm" appends the next keyset page,
 * rows are selected with checkboxes and a bulk action (hide/show, move category, sale window) answers per product —
 * each row shows its own result, a failure with the api's Vietnamese message.
 */
export function ProductList({ initial, query, categories, sp, canEdit, maxBulk }: { initial: ListBody; query: ListQuery; categories: CategoryOption[]; sp: SearchParams; canEdit: boolean; maxBulk: number }) {
  const router = useRouter();
  const notify = useToast();
  const hydrated = useHydrated();
  const id = useId();
  const [rows, setRows] = useState<ListRow[]>(initial.items);
  const [next, setNext] = useState<string | null>(initial.nextCursor);
  const [loadingMore, setLoadingMore] = useState(false);
  const [selected, setSelected] = useState<Set<string>>(new Set());
  const [results, setResults] = useState<Map<string, BulkResult>>(new Map());
  const [action, setAction] = useState<BulkAction>('hide');
  const [categoryId, setCategoryId] = useState('');
  const [sale, setSale] = useState({ percent: '10', startsAt: '', endsAt: '' });
  const [busy, setBusy] = useState(false);
  const [formError, setFormError] = useState<string | null>(null);

  // A refresh (after a bulk action) or new filters bring a new first page.
  useEffect(() => {
    setRows(initial.items);
    setNext(initial.nextCursor);
  }, [initial]);

  const more = async () => {
    if (!next) return;
    setLoadingMore(true);
    try {
      const res = await browserApi().v1.admin.products.$get({ query: { ...query, cursor: next } });
      if (!res.ok) return notify('error', (await apiError(res)).message);
      const body = await res.json();
      setRows((r) => [...r, ...body.items.filter((i) => !r.some((x) => x.id === i.id))]);
      setNext(body.nextCursor);
    } catch {
      notify('error', OFFLINE);
    } finally {
      setLoadingMore(false);
    }
  };

  const toggle = (rowId: string, on: boolean) =>
    setSelected((s) => {
      const n = new Set(s);
      if (on) n.add(rowId);
      else n.delete(rowId);
      return n;
    });
  const allOnPage = rows.length > 0 && rows.every((r) => selected.has(r.id));

  const apply = async (e: React.FormEvent) => {
    e.preventDefault();
    setFormError(null);
    const ids = [...selected];
    if (ids.length === 0) return setFormError('Chọn ít nhất một sản phẩm.');
    if (ids.length > maxBulk) return setFormError(`Mỗi lần thao tác tối đa ${maxBulk} sản phẩm.`);
    const json: BulkBody = { ids, action };
    if (action === 'move_category') {
      if (!categoryId) return setFormError('Chọn danh mục đích.');
      json.categoryId = categoryId;
    }
    if (action === 'set_sale') {
      const percent = Number(sale.percent);
      const startsAt = localToMs(sale.startsAt);
      const endsAt = localToMs(sale.endsAt);
      if (!Number.isInteger(percent) || percent < 1 || percent > 90) return setFormError('Mức giảm là số nguyên từ 1 đến 90 (%).');
      if (startsAt === null || endsAt === null || startsAt >= endsAt) return setFormError('Nhập thời gian bắt đầu trước thời gian kết thúc.');
      json.sale = { percent, startsAt, endsAt };
    }
    setBusy(true);
    try {
      const res = await browserApi().v1.admin.products.bulk.$post({ json });
      if (!res.ok) return setFormError((await apiError(res)).message);
      const body = await res.json();
      setResults(new Map(body.results.map((r) => [r.id, r])));
      const failed = body.results.filter((r) => !r.ok).length;
      notify(failed ? 'error' : 'success', failed ? `${body.results.length - failed} sản phẩm thành công, ${failed} sản phẩm không thực hiện được.` : `Đã áp dụng cho ${body.results.length} sản phẩm.`);
      setSelected(new Set(body.results.filter((r) => !r.ok).map((r) => r.id)));
      router.refresh();
    } catch {
      setFormError(OFFLINE);
    } finally {
      setBusy(false);
    }
  };

  return (
    <>
      {canEdit && (
        <form onSubmit={apply} aria-label="Thao tác hàng loạt" className="mb-3 flex flex-wrap items-end gap-3 rounded-xl border border-slate-200 bg-white p-3" data-testid="bulk-bar" noValidate>
          <p className="self-center text-sm font-medium" aria-live="polite">
            Đã chọn {selected.size} sản phẩm
          </p>
          <div className="flex flex-col gap-1">
            <label htmlFor={`${id}-action`} className="text-xs font-medium text-slate-700">
              Thao tác
            </label>
            <select id={`${id}-action`} className="input" value={action} onChange={(e) => setAction(BULK_ACTIONS.find(([v]) => v === e.target.value)?.[0] ?? 'hide')}>
              {BULK_ACTIONS.map(([v, l]) => (
                <option key={v} value={v}>
                  {l}
                </option>
              ))}
            </select>
          </div>
          {action === 'move_category' && (
            <div className="flex flex-col gap-1">
              <label htmlFor={`${id}-category`} className="text-xs font-medium text-slate-700">
                Danh mục đích
              </label>
              <select id={`${id}-category`} className="input" value={categoryId} onChange={(e) => setCategoryId(e.target.value)}>
                <option value="">— Chọn danh mục —</option>
                {categories.map((c) => (
                  <option key={c.id} value={c.id}>
                    {c.label}
                  </option>
                ))}
              </select>
            </div>
          )}
          {action === 'set_sale' && (
            <>
              <div className="flex w-28 flex-col gap-1">
                <label htmlFor={`${id}-percent`} className="text-xs font-medium text-slate-700">
                  Giảm (%)
                </label>
                <input id={`${id}-percent`} className="input" type="number" min={1} max={90} value={sale.percent} onChange={(e) => setSale({ ...sale, percent: e.target.value })} />
              </div>
              <div className="flex flex-col gap-1">
                <label htmlFor={`${id}-start`} className="text-xs font-medium text-slate-700">
                  Bắt đầu
                </label>
                <input id={`${id}-start`} className="input" type="datetime-local" value={sale.startsAt} onChange={(e) => setSale({ ...sale, startsAt: e.target.value })} />
              </div>
              <div className="flex flex-col gap-1">
                <label htmlFor={`${id}-end`} className="text-xs font-medium text-slate-700">
                  Kết thúc
                </label>
                <input id={`${id}-end`} className="input" type="datetime-local" value={sale.endsAt} onChange={(e) => setSale({ ...sale, endsAt: e.target.value })} />
              </div>
            </>
          )}
          <button type="submit" className="btn-primary" disabled={!hydrated || busy || selected.size === 0}>
            {busy ? 'Đang xử lý…' : `Áp dụng cho ${selected.size} sản phẩm`}
          </button>
          {formError && (
            <p role="alert" className="w-full text-sm text-red-700">
              {formError}
            </p>
          )}
        </form>
      )}
      {canEdit && rows.length > 0 && (
        <label className="mb-2 inline-flex items-center gap-2 text-sm">
          <input type="checkbox" checked={allOnPage} disabled={!hydrated} onChange={(e) => setSelected(e.target.checked ? new Set(rows.map((r) => r.id)) : new Set())} />
          Chọn tất cả {rows.length} sản phẩm đang hiển thị
        </label>
      )}
      <DataTable<ListRow>
        caption="Danh sách sản phẩm"
        testId="products-table"
        path="/quan-tri/san-pham"
        searchParams={sp}
        rows={rows}
        rowKey={(r) => r.id}
        empty="Không có sản phẩm nào khớp bộ lọc."
        columns={[
          ...(canEdit
            ? [
                {
                  key: 'select',
                  header: 'Chọn',
                  cell: (r: ListRow) => (
                    <input type="checkbox" aria-label={`Chọn ${r.name}`} checked={selected.has(r.id)} disabled={!hydrated} onChange={(e) => toggle(r.id, e.target.checked)} />
                  ),
                },
              ]
            : []),
          {
            key: 'name',
            header: 'Sản phẩm',
            cell: (r) => (
              <div className="flex items-start gap-3">
                {r.imageUrl ? (
                  // eslint-disable-next-line @next/next/no-img-element
                  <img src={r.imageUrl} alt="" width={40} height={40} className="h-10 w-10 rounded border border-slate-200 object-contain" />
                ) : (
                  <span className="grid h-10 w-10 place-items-center rounded border border-dashed border-slate-300 text-[10px] text-slate-500">Chưa có ảnh</span>
                )}
                <div>
                  <Link href={`/quan-tri/san-pham/${r.id}`} className="font-medium text-emerald-800 hover:underline">
                    {r.name}
                  </Link>
                  <p className="text-xs text-slate-600">
                    {r.categoryName} · {r.brandName}
                    {r.prescriptionRequired && <span className="ml-1 rounded bg-red-50 px-1 text-red-700">Thuốc kê đơn</span>}
                  </p>
                  <BulkOutcome result={results.get(r.id)} />
                </div>
              </div>
            ),
          },
          {
            key: 'price',
            header: 'Giá (đơn vị mặc định)',
            cell: (r) =>
              r.defaultUnit ? (
                <>
                  {r.defaultUnit.onSale && r.defaultUnit.salePrice !== null ? (
                    <>
                      <p className="font-medium text-red-700">{formatVnd(r.defaultUnit.salePrice)}</p>
                      <p className="text-xs text-slate-500 line-through">{formatVnd(r.defaultUnit.price)}</p>
                    </>
                  ) : (
                    <p>{formatVnd(r.defaultUnit.price)}</p>
                  )}
                  <p className="text-xs text-slate-600">/{r.defaultUnit.name}</p>
                </>
              ) : (
                '—'
              ),
          },
          {
            key: 'stock',
            header: 'Có thể bán',
            cell: (r) => (
              <span className={r.lowStock ? 'font-medium text-amber-800' : undefined}>
                {r.available}
                {r.lowStock && ' (sắp hết)'}
              </span>
            ),
          },
          {
            key: 'state',
            header: 'Trạng thái',
            cell: (r) => (
              <div className="space-y-0.5 text-xs">
                <p className={r.deletedAt ? 'text-red-700' : r.visible ? 'text-emerald-800' : 'text-slate-600'}>{r.deletedAt ? 'Đã xóa' : r.visible ? 'Đang hiển thị' : 'Đang ẩn'}</p>
                <p>{APPROVAL_LABELS[r.approvalState] ?? r.approvalState}</p>
                {r.hasPendingRevision && <p className="text-amber-800">Có thay đổi chờ duyệt</p>}
              </div>
            ),
          },
          { key: 'updated', header: 'Cập nhật', cell: (r) => formatDateTime(r.updatedAt) },
        ]}
      />
      {next && (
        <div className="mt-3 flex justify-center">
          <button type="button" className="btn-secondary" onClick={more} disabled={!hydrated || loadingMore}>
            {loadingMore ? 'Đang tải…' : 'Xem thêm'}
          </button>
        </div>
      )}
    </>
  );
}

function BulkOutcome({ result }: { result: BulkResult | undefined }) {
  if (!result) return null;
  return result.ok ? (
    <p className="text-xs text-emerald-800" data-testid="bulk-result">
      ✓ Đã cập nhật
    </p>
  ) : (
    <p className="text-xs text-red-700" data-testid="bulk-result">
      ✗ {result.message ?? result.code ?? 'Không thực hiện được'}
    </p>
  );
}
