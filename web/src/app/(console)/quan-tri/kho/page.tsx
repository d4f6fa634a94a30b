import type { Metadata } from 'next';
import Link from 'next/link';
import { FilterBar, FilterField } from '../../../../components/console/FilterBar';
import { gate } from '../../../../components/console/gate';
import { LoadFailed } from '../../../../components/console/LoadFailed';
import { ScreenHeader } from '../../../../components/console/ScreenHeader';
import { AdjustDialog, ReceiveForm, type BatchRow } from '../../../../components/console/stock';
import { DataTable, formatDateTime, hrefWith, Pager, param, type SearchParams } from '../../../../components/console/table';
import { browserApi, type Api } from '../../../../lib/api';
import { formatVnd } from '../../../../lib/format';

export const metadata: Metadata = { title: 'Kho hàng' };

const PATH = '/quan-tri/kho';
const WINDOWS = ['30', '60', '90'] as const;
const REPORTS = [
  ['low', 'Sắp hết hàng'],
  ['expiring', 'Sắp hết hạn'],
  ['valuation', 'Giá trị tồn kho'],
] as const;
type Report = (typeof REPORTS)[number][0];
const fmt = (n: number) => n.toLocaleString('vi-VN');
const oneOf = <T extends string>(values: readonly T[], v: string | undefined): T | undefined => values.find((x) => x === v);

/** Days to expiry as staff read it: red once expired, amber within 30 days. */
function Expiry({ date, days }: { date: string; days: number }) {
  const tone = days <= 0 ? 'text-red-700' : days <= 30 ? 'text-amber-800' : 'text-slate-700';
  return (
    <>
      <p>{date.split('-').reverse().join('/')}</p>
      <p className={`text-xs ${tone}`}>{days <= 0 ? 'Đã hết hạn' : `Còn ${days} ngày`}</p>
    </>
  );
}

/**
 * Stock (admin; pharmacists read): batches with expiry filters, receive a batch (unit conversion preview, short-expiry
 * confirmation), adjust with a mandatory reason, each batch's ledger, and the reports (low stock, expiring 30/60/90,
 * valuation at cost).
 */
export default async function StockPage({ searchParams }: { searchParams: Promise<SearchParams> }) {
  const g = await gate('stock');
  if (!g.ok) return g.view;
  const sp = await searchParams;
  const isAdmin = g.me.role === 'admin';
  const view = param(sp, 'view') === 'reports' ? 'reports' : 'batches';
  const tab = (v: 'batches' | 'reports', label: string) => (
    <Link href={v === 'batches' ? PATH : `${PATH}?view=reports`} aria-current={view === v ? 'page' : undefined} className={view === v ? 'btn-primary' : 'btn-secondary'}>
      {label}
    </Link>
  );
  return (
    <div>
      <ScreenHeader screen="stock" title="Kho hàng">
        {isAdmin && <ExportLinks />}
      </ScreenHeader>
      {isAdmin && (
        <details className="mb-4 rounded-xl border border-slate-200 bg-white p-3">
          <summary className="cursor-pointer font-semibold">Nhập lô hàng</summary>
          <ReceiveForm />
        </details>
      )}
      <nav aria-label="Mục kho" className="mb-4 flex gap-2">
        {tab('batches', 'Lô hàng')}
        {tab('reports', 'Báo cáo')}
      </nav>
      {view === 'batches' ? <Batches api={g.api} sp={sp} isAdmin={isAdmin} /> : <Reports api={g.api} sp={sp} />}
    </div>
  );
}

/** Stock and batches as files (admin only, as the api's exports): typed same-origin links built by the browser client. */
function ExportLinks() {
  const exp = browserApi().v1.admin.exports[':file'];
  const links = (['stock', 'batches'] as const).flatMap((which) =>
    (['xlsx', 'csv'] as const).map((type) => {
      const u = exp.$url({ param: { file: `${which}.${type}` } });
      return { href: `${u.pathname}${u.search}`, label: `${which === 'stock' ? 'Tồn kho' : 'Lô hàng'} (.${type})` };
    }),
  );
  return (
    <ul className="flex flex-wrap gap-2" aria-label="Xuất tệp">
      {links.map((l) => (
        <li key={l.href}>
          <a className="btn-secondary" href={l.href} download>
            Xuất {l.label}
          </a>
        </li>
      ))}
    </ul>
  );
}

async function Batches({ api, sp, isAdmin }: { api: Api; sp: SearchParams; isAdmin: boolean }) {
  const expiringWithin = oneOf(WINDOWS, param(sp, 'expiringWithin'));
  const includeEmpty = param(sp, 'includeEmpty') === 'true' ? 'true' : undefined;
  const batchId = param(sp, 'batch');
  const [res, ledger] = await Promise.all([
    api.v1.admin.stock.batches.$get({ query: { q: param(sp, 'q'), expiringWithin, includeEmpty, cursor: param(sp, 'cursor'), limit: '50' } }),
    batchId ? api.v1.admin.stock.batches[':id'].movements.$get({ param: { id: batchId } }) : null,
  ]);
  return (
    <>
      {ledger && <Ledger res={ledger} sp={sp} />}
      <FilterBar action={PATH}>
        <FilterField name="q" type="search" label="Tìm theo tên sản phẩm hoặc số lô" defaultValue={param(sp, 'q')} className="flex-1" />
        <FilterField name="expiringWithin" label="Hết hạn trong" defaultValue={expiringWithin} options={WINDOWS.map((d) => [d, `${d} ngày`])} />
        <FilterField name="includeEmpty" label="Lô đã hết tồn" defaultValue={includeEmpty} options={[['true', 'Hiện cả lô tồn 0']]} />
      </FilterBar>
      {!res.ok ? (
        <LoadFailed res={res} />
      ) : (
        <BatchesTable sp={sp} body={await res.json()} isAdmin={isAdmin} />
      )}
    </>
  );
}

function BatchesTable({ sp, body, isAdmin }: { sp: SearchParams; body: { items: BatchRow[]; nextCursor: string | null }; isAdmin: boolean }) {
  return (
    <>
      <DataTable<BatchRow>
        caption="Danh sách lô hàng, hết hạn trước lên trước"
        testId="batches-table"
        path={PATH}
        searchParams={sp}
        rows={body.items}
        rowKey={(b) => b.id}
        empty="Không có lô hàng nào khớp bộ lọc."
        columns={[
          {
            key: 'product',
            header: 'Sản phẩm / lô',
            cell: (b) => (
              <>
                <p className="font-medium">{b.productName}</p>
                <p className="text-slate-600">Lô {b.lotNumber}</p>
              </>
            ),
          },
          { key: 'expiry', header: 'Hạn dùng', cell: (b) => <Expiry date={b.expiryDate} days={b.daysToExpiry} /> },
          { key: 'quantity', header: 'Tồn', className: 'text-right', cell: (b) => <span data-testid="batch-quantity">{`${fmt(b.quantity)} ${b.baseUnit}`}</span> },
          { key: 'reserved', header: 'Đơn giữ', className: 'text-right', cell: (b) => fmt(b.reserved) },
          { key: 'available', header: 'Có thể bán', className: 'text-right', cell: (b) => fmt(b.available) },
          { key: 'cost', header: 'Giá vốn', className: 'text-right', cell: (b) => (b.costPrice === null ? '—' : `${formatVnd(b.costPrice)}/${b.baseUnit}`) },
          { key: 'supplier', header: 'Nhà cung cấp', cell: (b) => b.supplier ?? '—' },
          { key: 'received', header: 'Ngày nhập', cell: (b) => formatDateTime(b.receivedAt) },
          {
            key: 'actions',
            header: 'Thao tác',
            cell: (b) => (
              <div className="flex flex-wrap gap-2">
                <Link className="btn-secondary" href={hrefWith(PATH, sp, { batch: b.id, cursor: param(sp, 'cursor') ?? null })} aria-label={`Sổ kho lô ${b.lotNumber}`}>
                  Sổ kho
                </Link>
                {isAdmin && <AdjustDialog batch={b} />}
              </div>
            ),
          },
        ]}
      />
      <Pager path={PATH} searchParams={sp} nextCursor={body.nextCursor} />
    </>
  );
}

type LedgerRes = Awaited<ReturnType<Api['v1']['admin']['stock']['batches'][':id']['movements']['$get']>>;

/** One batch's ledger, newest first, with the running balance. */
async function Ledger({ res, sp }: { res: LedgerRes; sp: SearchParams }) {
  if (!res.ok) return <LoadFailed res={res} />;
  const { batch, items } = await res.json();
  return (
    <section className="mb-4 rounded-xl border border-slate-200 bg-white p-3" aria-labelledby="ledger-title" data-testid="ledger">
      <div className="mb-2 flex flex-wrap items-center justify-between gap-2">
        <h2 id="ledger-title" className="font-semibold">
          Sổ kho lô {batch.lotNumber} — {batch.productName}: tồn {fmt(batch.quantity)} {batch.baseUnit}
        </h2>
        <Link className="btn-secondary" href={hrefWith(PATH, sp, { batch: null, cursor: param(sp, 'cursor') ?? null })}>
          Đóng sổ kho
        </Link>
      </div>
      <div className="overflow-x-auto">
        <table className="w-full min-w-[36rem] text-left text-sm">
          <caption className="sr-only">Các lần thay đổi tồn kho của lô {batch.lotNumber}, mới nhất trước</caption>
          <thead className="border-b border-slate-200 bg-slate-50 text-xs uppercase tracking-wide text-slate-600">
            <tr>
              <th scope="col" className="px-3 py-2">Thời gian</th>
              <th scope="col" className="px-3 py-2">Loại</th>
              <th scope="col" className="px-3 py-2 text-right">Thay đổi</th>
              <th scope="col" className="px-3 py-2 text-right">Tồn sau</th>
              <th scope="col" className="px-3 py-2">Lý do / chứng từ</th>
              <th scope="col" className="px-3 py-2">Người thực hiện</th>
            </tr>
          </thead>
          <tbody className="divide-y divide-slate-100">
            {items.map((m) => (
              <tr key={m.id}>
                <td className="px-3 py-2">{formatDateTime(m.at)}</td>
                <td className="px-3 py-2">{m.kindLabel}</td>
                <td className={`px-3 py-2 text-right ${m.delta < 0 ? 'text-red-700' : 'text-emerald-800'}`}>{m.delta > 0 ? `+${fmt(m.delta)}` : fmt(m.delta)}</td>
                <td className="px-3 py-2 text-right">{fmt(m.balance)}</td>
                <td className="px-3 py-2">{[m.reason, m.ref].filter(Boolean).join(' · ') || '—'}</td>
                <td className="px-3 py-2">{m.actorName ?? 'Hệ thống'}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </section>
  );
}

async function Reports({ api, sp }: { api: Api; sp: SearchParams }) {
  const report: Report = oneOf(REPORTS.map(([r]) => r), param(sp, 'report')) ?? 'low';
  const days = oneOf(WINDOWS, param(sp, 'days')) ?? '30';
  return (
    <>
      <nav aria-label="Báo cáo kho" className="mb-3 flex flex-wrap gap-2">
        {REPORTS.map(([r, label]) => (
          <Link key={r} href={hrefWith(PATH, { view: 'reports' }, { report: r })} aria-current={report === r ? 'page' : undefined} className={report === r ? 'btn-primary' : 'btn-secondary'}>
            {label}
          </Link>
        ))}
      </nav>
      {report === 'low' && <LowStock api={api} />}
      {report === 'expiring' && <Expiring api={api} days={days} />}
      {report === 'valuation' && <Valuation api={api} />}
    </>
  );
}

function Figure({ label, value, testId }: { label: string; value: string; testId?: string }) {
  return (
    <div className="rounded-xl border border-slate-200 bg-white p-3">
      <p className="text-xs text-slate-600">{label}</p>
      <p className="text-lg font-semibold" data-testid={testId}>
        {value}
      </p>
    </div>
  );
}

function Table({ caption, head, rows, testId }: { caption: string; head: string[]; rows: React.ReactNode[][]; testId: string }) {
  return (
    <div className="overflow-x-auto rounded-xl border border-slate-200 bg-white">
      <table className="w-full min-w-[40rem] text-left text-sm" data-testid={testId}>
        <caption className="sr-only">{caption}</caption>
        <thead className="border-b border-slate-200 bg-slate-50 text-xs uppercase tracking-wide text-slate-600">
          <tr>
            {head.map((h) => (
              <th key={h} scope="col" className="px-3 py-2">
                {h}
              </th>
            ))}
          </tr>
        </thead>
        <tbody className="divide-y divide-slate-100">
          {rows.length === 0 ? (
            <tr>
              <td colSpan={head.length} className="px-3 py-10 text-center text-slate-600">
                Không có dòng nào.
              </td>
            </tr>
          ) : (
            rows.map((r, i) => (
              <tr key={i}>
                {r.map((c, j) => (
                  <td key={j} className="px-3 py-2">
                    {c}
                  </td>
                ))}
              </tr>
            ))
          )}
        </tbody>
      </table>
    </div>
  );
}

async function LowStock({ api }: { api: Api }) {
  const res = await api.v1.admin.stock.reports['low-stock'].$get();
  if (!res.ok) return <LoadFailed res={res} />;
  const r = await res.json();
  return (
    <section aria-label="Sắp hết hàng">
      <div className="mb-3 grid gap-3 sm:grid-cols-2">
        <Figure label="Sản phẩm dưới ngưỡng" value={fmt(r.totals.products)} testId="low-stock-count" />
        <Figure label="Trong đó đã hết hàng" value={fmt(r.totals.outOfStock)} />
      </div>
      <Table
        caption="Sản phẩm có tồn bán được dưới ngưỡng"
        testId="low-stock-table"
        head={['Sản phẩm', 'Còn bán được', 'Ngưỡng', 'Trạng thái']}
        rows={r.items.map((i) => [i.name, `${fmt(i.availableUnits)} ${i.unit} (${fmt(i.available)} ${i.baseUnit})`, `${fmt(i.thresholdUnits)} ${i.unit}`, i.inStock ? 'Sắp hết' : 'Hết hàng'])}
      />
    </section>
  );
}

async function Expiring({ api, days }: { api: Api; days: (typeof WINDOWS)[number] }) {
  const res = await api.v1.admin.stock.reports.expiring.$get({ query: { days } });
  if (!res.ok) return <LoadFailed res={res} />;
  const r = await res.json();
  return (
    <section aria-label="Sắp hết hạn">
      <nav aria-label="Khoảng thời gian" className="mb-3 flex gap-2">
        {WINDOWS.map((d) => (
          <Link key={d} href={`${PATH}?view=reports&report=expiring&days=${d}`} aria-current={d === days ? 'page' : undefined} className={d === days ? 'btn-primary' : 'btn-secondary'}>
            {d} ngày
          </Link>
        ))}
      </nav>
      <div className="mb-3 grid gap-3 sm:grid-cols-3">
        <Figure label={`Lô hết hạn trong ${r.days} ngày (kể cả đã hết hạn)`} value={fmt(r.totals.batches)} testId="expiring-count" />
        <Figure label="Số lượng (đơn vị gốc)" value={fmt(r.totals.quantity)} />
        <Figure label="Giá trị theo giá vốn" value={formatVnd(r.totals.value)} />
      </div>
      <Table
        caption={`Lô hàng hết hạn trong ${r.days} ngày`}
        testId="expiring-table"
        head={['Sản phẩm', 'Lô', 'Hạn dùng', 'Tồn', 'Giá trị', 'Nhà cung cấp']}
        rows={r.items.map((i) => [i.productName, i.lotNumber, <Expiry key="e" date={i.expiryDate} days={i.daysToExpiry} />, `${fmt(i.quantity)} ${i.baseUnit}`, i.value === null ? '—' : formatVnd(i.value), i.supplier ?? '—'])}
      />
    </section>
  );
}

async function Valuation({ api }: { api: Api }) {
  const res = await api.v1.admin.stock.reports.valuation.$get();
  if (!res.ok) return <LoadFailed res={res} />;
  const r = await res.json();
  return (
    <section aria-label="Giá trị tồn kho">
      <div className="mb-3 grid gap-3 sm:grid-cols-3">
        <Figure label="Giá trị tồn theo giá vốn" value={formatVnd(r.totals.value)} testId="valuation-total" />
        <Figure label="Trong đó hàng đã hết hạn" value={formatVnd(r.totals.expiredValue)} />
        <Figure label="Lô chưa có giá vốn" value={fmt(r.totals.batchesWithoutCost)} />
      </div>
      <Table
        caption="Giá trị tồn kho theo sản phẩm, cao nhất trước"
        testId="valuation-table"
        head={['Sản phẩm', 'Số lô', 'Tồn', 'Giá trị', 'Hết hạn']}
        rows={r.items.map((i) => [i.name, fmt(i.batches), `${fmt(i.quantity)} ${i.baseUnit}`, formatVnd(i.value), i.expiredValue ? formatVnd(i.expiredValue) : '—'])}
      />
    </section>
  );
}
