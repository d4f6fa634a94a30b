import type { Metadata } from 'next';
import Link from 'next/link';
import { VOUCHER_STATE_LABELS, type VoucherState } from '../../../../../../shared/src/checkout/vouchers';
import { formatVnd } from '../../../../lib/format';
import { FilterBar, FilterField } from '../../../../components/console/FilterBar';
import { gate } from '../../../../components/console/gate';
import { LoadFailed } from '../../../../components/console/LoadFailed';
import { ScreenHeader } from '../../../../components/console/ScreenHeader';
import { DataTable, formatDateTime, hrefWith, param, type SearchParams } from '../../../../components/console/table';
import { VoucherForm, VoucherToggle, type Option, type VoucherRow } from '../../../../components/console/vouchers';
import type { Api } from '../../../../lib/api';

export const metadata: Metadata = { title: 'Mã giảm giá' };

const PATH = '/quan-tri/ma-giam-gia';
const STATES = Object.keys(VOUCHER_STATE_LABELS) as VoucherState[];
const STATE_STYLE: Record<VoucherState, string> = { running: 'text-emerald-800', scheduled: 'text-sky-800', inactive: 'text-slate-600', ended: 'text-slate-600', used_up: 'text-amber-800' };

const isNode = (n: unknown): n is { slug: string; name: string; level: number; children: unknown } =>
  typeof n === 'object' && n !== null && 'slug' in n && typeof n.slug === 'string' && 'name' in n && typeof n.name === 'string' && 'level' in n && typeof n.level === 'number' && 'children' in n;

/** Category options for a scope: every level, indented by level ("— Giảm đau"). */
async function scopeOptions(api: Api): Promise<{ categories: Option[]; brands: Option[] }> {
  const [cats, brands] = await Promise.all([api.v1.categories.$get(), api.v1.brands.$get()]);
  const categories: Option[] = [];
  // The tree's type is recursive, so hono/client types `children` as any JSON: each level is checked, not cast.
  const walk = (nodes: unknown) => {
    if (!Array.isArray(nodes)) return;
    for (const n of nodes) {
      if (!isNode(n)) continue;
      categories.push([n.slug, `${'— '.repeat(Math.max(0, n.level - 1))}${n.name}`]);
      walk(n.children);
    }
  };
  if (cats.ok) walk((await cats.json()).items);
  return { categories, brands: brands.ok ? (await brands.json()).items.map((b): Option => [b.slug, b.name]) : [] };
}

/** Vouchers (admin only): usage from real orders, create/edit with a live preview of the rule, deactivate. */
export default async function VouchersPage({ searchParams }: { searchParams: Promise<SearchParams> }) {
  const g = await gate('vouchers');
  if (!g.ok) return g.view;
  const sp = await searchParams;
  const q = param(sp, 'q')?.toUpperCase();
  const state = STATES.find((s) => s === param(sp, 'state'));
  const editId = param(sp, 'edit');
  const [res, scope] = await Promise.all([g.api.v1.admin.vouchers.$get(), scopeOptions(g.api)]);
  if (!res.ok) {
    return (
      <div>
        <ScreenHeader screen="vouchers" title="Mã giảm giá" />
        <LoadFailed res={res} />
      </div>
    );
  }
  const all = (await res.json()).items;
  const editing = editId ? (all.find((v) => v.id === editId) ?? null) : null;
  const rows = all.filter((v) => (!state || v.state === state) && (!q || v.code.includes(q) || v.name.toUpperCase().includes(q)));
  return (
    <div>
      <ScreenHeader screen="vouchers" title="Mã giảm giá" />
      {editing ? (
        <section className="mb-4 rounded-xl border border-slate-200 bg-white p-3" aria-labelledby="edit-voucher">
          <h2 id="edit-voucher" className="font-semibold">
            Sửa mã {editing.code}
          </h2>
          <VoucherForm key={editing.id} voucher={editing} {...scope} />
        </section>
      ) : (
        <details className="mb-4 rounded-xl border border-slate-200 bg-white p-3">
          <summary className="cursor-pointer font-semibold">Tạo mã giảm giá</summary>
          <VoucherForm voucher={null} {...scope} />
        </details>
      )}
      <FilterBar action={PATH}>
        <FilterField name="q" type="search" label="Tìm theo mã hoặc tên" defaultValue={param(sp, 'q')} className="flex-1" />
        <FilterField name="state" label="Trạng thái" defaultValue={state} options={STATES.map((s) => [s, VOUCHER_STATE_LABELS[s]])} />
      </FilterBar>
      <DataTable<VoucherRow>
        caption="Danh sách mã giảm giá"
        testId="vouchers-table"
        path={PATH}
        searchParams={sp}
        rows={rows}
        rowKey={(v) => v.id}
        empty="Chưa có mã giảm giá nào khớp bộ lọc."
        columns={[
          {
            key: 'code',
            header: 'Mã',
            cell: (v) => (
              <>
                <p className="font-mono font-semibold">{v.code}</p>
                <p className="text-slate-600">{v.name}</p>
              </>
            ),
          },
          {
            key: 'rule',
            header: 'Quy tắc',
            cell: (v) => (
              <>
                <p>{v.ruleText}</p>
                <details className="text-xs text-slate-600">
                  <summary className="cursor-pointer">Điều kiện</summary>
                  <ul className="list-disc pl-4">
                    {v.conditions.map((c) => (
                      <li key={c}>{c}</li>
                    ))}
                  </ul>
                </details>
              </>
            ),
          },
          {
            key: 'window',
            header: 'Thời gian',
            cell: (v) => (
              <>
                <p className={`font-medium ${STATE_STYLE[v.state]}`}>{VOUCHER_STATE_LABELS[v.state]}</p>
                <p className="text-slate-600">
                  {formatDateTime(v.startsAt)} – {formatDateTime(v.endsAt)}
                </p>
              </>
            ),
          },
          {
            key: 'usage',
            header: 'Lượt dùng',
            cell: (v) => (
              <>
                <p data-testid="voucher-redeemed">
                  {v.usage.redeemed} / {v.usage.limit ?? '∞'}
                </p>
                <p className="text-slate-600">
                  {v.usage.customers} khách · tối đa {v.perUserLimit} lần/khách
                </p>
              </>
            ),
          },
          { key: 'revenue', header: 'Doanh thu', className: 'text-right', cell: (v) => formatVnd(v.usage.revenue) },
          { key: 'discount', header: 'Đã giảm', className: 'text-right', cell: (v) => formatVnd(v.usage.discountGiven) },
          {
            key: 'actions',
            header: 'Thao tác',
            cell: (v) => (
              <div className="flex flex-wrap gap-2">
                <Link className="btn-secondary" href={hrefWith(PATH, sp, { edit: v.id })} aria-label={`Sửa mã ${v.code}`}>
                  Sửa
                </Link>
                <VoucherToggle voucher={v} />
              </div>
            ),
          },
        ]}
      />
      <p className="mt-2 text-xs text-slate-600">Doanh thu: tiền cửa hàng thực giữ của các đơn dùng mã (như trang Báo cáo). Đã giảm: tổng mức giảm của các đơn không bị hủy/hoàn. Đơn hủy hoặc hết hạn trả lại lượt dùng.</p>
    </div>
  );
}
