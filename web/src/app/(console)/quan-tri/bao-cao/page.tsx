import type { Metadata } from 'next';
import Link from 'next/link';
import { CountLine, RevenueBars } from '../../../../components/console/charts';
import { FilterBar, FilterField } from '../../../../components/console/FilterBar';
import { gate } from '../../../../components/console/gate';
import { LoadFailed } from '../../../../components/console/LoadFailed';
import { ScreenHeader } from '../../../../components/console/ScreenHeader';
import { formatDateTime, param, type SearchParams } from '../../../../components/console/table';
import { formatVnd } from '../../../../lib/format';

export const metadata: Metadata = { title: 'Báo cáo' };

const PATH = '/quan-tri/bao-cao';
const isDay = (v: string | undefined) => (v && /^\d{4}-\d{2}-\d{2}$/.test(v) ? v : undefined);

function Figure({ label, value, hint, testId }: { label: string; value: string; hint?: string; testId?: string }) {
  return (
    <div className="rounded-xl border border-slate-200 bg-white p-4">
      <p className="text-sm text-slate-600">{label}</p>
      <p className="mt-1 text-2xl font-bold" data-testid={testId}>
        {value}
      </p>
      {hint && <p className="mt-1 text-xs text-slate-500">{hint}</p>}
    </div>
  );
}

function Panel({ title, children, className }: { title: string; children: React.ReactNode; className?: string }) {
  return (
    <section className={`rounded-xl border border-slate-200 bg-white p-4 ${className ?? ''}`} aria-labelledby={`h-${title}`}>
      <h2 id={`h-${title}`} className="mb-3 font-semibold">
        {title}
      </h2>
      {children}
    </section>
  );
}

/** The owner's dashboard (admin only): figures from SQL aggregates (GET /v1/admin/dashboard), Vietnam days. */
export default async function DashboardPage({ searchParams }: { searchParams: Promise<SearchParams> }) {
  const g = await gate('dashboard');
  if (!g.ok) return g.view;
  const sp = await searchParams;
  const from = isDay(param(sp, 'from'));
  const to = isDay(param(sp, 'to'));
  const res = await g.api.v1.admin.dashboard.$get({ query: { from, to } });
  if (!res.ok) {
    return (
      <div>
        <ScreenHeader screen="dashboard" title="Báo cáo kinh doanh" />
        <LoadFailed res={res} />
      </div>
    );
  }
  const d = await res.json();
  const issues = d.paymentIssues;
  return (
    <div className="space-y-4">
      <ScreenHeader screen="dashboard" title="Báo cáo kinh doanh">
        <p className="text-xs text-slate-500">Số liệu lúc {formatDateTime(d.generatedAt)} (giờ Việt Nam)</p>
      </ScreenHeader>
      <FilterBar action={PATH}>
        <FilterField name="from" type="date" label="Từ ngày" defaultValue={d.period.from} />
        <FilterField name="to" type="date" label="Đến ngày" defaultValue={d.period.to} />
      </FilterBar>
      <p className="text-sm text-slate-600">
        Kỳ báo cáo: {d.period.from} → {d.period.to}
      </p>
      <div className="grid gap-3 sm:grid-cols-2 lg:grid-cols-4">
        <Figure label="Doanh thu trong kỳ" value={formatVnd(d.periodTotals.revenue)} testId="figure-revenue" hint={`${d.periodTotals.payingOrders} đơn có doanh thu`} />
        <Figure label="Đơn đặt trong kỳ" value={String(d.periodTotals.orders)} testId="figure-orders" />
        <Figure label="Giá trị đơn trung bình" value={formatVnd(d.averageOrderValue)} />
        <Figure label="Thuốc kê đơn / không kê đơn" value={`${formatVnd(d.otcVsRx.rx.sales)} / ${formatVnd(d.otcVsRx.otc.sales)}`} hint={`${d.otcVsRx.rx.orders} / ${d.otcVsRx.otc.orders} đơn`} />
      </div>
      <div className="grid gap-4 lg:grid-cols-2">
        <Panel title="Doanh thu 30 ngày gần nhất">
          <RevenueBars data={d.revenueByDay} xKey="date" label="Biểu đồ doanh thu theo ngày, 30 ngày gần nhất" />
        </Panel>
        <Panel title="Doanh thu 12 tháng gần nhất">
          <RevenueBars data={d.revenueByMonth} xKey="month" label="Biểu đồ doanh thu theo tháng, 12 tháng gần nhất" />
        </Panel>
        <Panel title="Đơn hàng theo trạng thái (trong kỳ)">
          <table className="w-full text-sm" data-testid="orders-by-status">
            <tbody>
              {d.ordersByStatus.map((s) => (
                <tr key={s.status} className="border-b border-slate-100">
                  <th scope="row" className="py-1 text-left font-normal">
                    <Link className="text-emerald-800 hover:underline" href={`/quan-tri/don-hang?status=${s.status}`}>
                      {s.label}
                    </Link>
                  </th>
                  <td className="py-1 text-right tabular-nums">{s.count}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </Panel>
        <Panel title="Phương thức thanh toán (trong kỳ)">
          <table className="w-full text-sm">
            <thead>
              <tr className="text-left text-slate-600">
                <th scope="col">Phương thức</th>
                <th scope="col" className="text-right">
                  Đơn
                </th>
                <th scope="col" className="text-right">
                  Doanh thu
                </th>
              </tr>
            </thead>
            <tbody>
              {d.paymentMethods.map((m) => (
                <tr key={m.method} className="border-b border-slate-100">
                  <th scope="row" className="py-1 text-left font-normal">
                    {m.label}
                  </th>
                  <td className="py-1 text-right tabular-nums">{m.orders}</td>
                  <td className="py-1 text-right tabular-nums">{formatVnd(m.revenue)}</td>
                </tr>
              ))}
            </tbody>
          </table>
          <h3 className="mb-2 mt-4 text-sm font-semibold">Vấn đề thanh toán (hiện tại)</h3>
          <ul className="space-y-1 text-sm" data-testid="payment-issues">
            <li>
              <Link className="text-emerald-800 hover:underline" href="/quan-tri/thanh-toan?flag=underpaid">
                Chuyển thiếu: {issues.underpaid.count} ({formatVnd(issues.underpaid.amount)})
              </Link>
            </li>
            <li>
              <Link className="text-emerald-800 hover:underline" href="/quan-tri/thanh-toan?flag=overpaid">
                Chuyển thừa: {issues.overpaid.count} ({formatVnd(issues.overpaid.amount)})
              </Link>
            </li>
            <li>
              <Link className="text-emerald-800 hover:underline" href="/quan-tri/thanh-toan?flag=refund">
                Chờ hoàn tiền: {issues.refundPending.count} ({formatVnd(issues.refundPending.amount)})
              </Link>
            </li>
            <li>
              <Link className="text-emerald-800 hover:underline" href="/quan-tri/thanh-toan?view=unmatched">
                Chuyển khoản chưa khớp: {issues.unmatchedTransfers.count} ({formatVnd(issues.unmatchedTransfers.amount)})
              </Link>
            </li>
          </ul>
        </Panel>
        <Panel title="10 sản phẩm bán chạy (trong kỳ)">
          <ol className="list-decimal space-y-1 pl-5 text-sm">
            {d.topProducts.length === 0 && <li className="list-none text-slate-600">Chưa có doanh thu trong kỳ.</li>}
            {d.topProducts.map((p) => (
              <li key={p.productId}>
                {p.name}
                {p.prescriptionRequired ? ' (kê đơn)' : ''}: {formatVnd(p.sales)} · {p.baseUnits} {p.baseUnit}
              </li>
            ))}
          </ol>
        </Panel>
        <Panel title="10 khách hàng mua nhiều nhất (trong kỳ)">
          <ol className="list-decimal space-y-1 pl-5 text-sm">
            {d.topCustomers.length === 0 && <li className="list-none text-slate-600">Chưa có doanh thu trong kỳ.</li>}
            {d.topCustomers.map((c) => (
              <li key={c.userId}>
                {c.name} ({c.email}): {formatVnd(c.revenue)} · {c.orders} đơn
              </li>
            ))}
          </ol>
        </Panel>
        <Panel title="Khách hàng mới theo tháng">
          <CountLine data={d.newCustomersByMonth} xKey="month" yKey="customers" name="Khách hàng mới" label="Biểu đồ số khách hàng mới theo tháng, 12 tháng gần nhất" />
        </Panel>
        <Panel title="Sắp hết hàng">
          <ul className="max-h-64 space-y-1 overflow-y-auto text-sm">
            {d.lowStock.length === 0 && <li className="text-slate-600">Không có sản phẩm nào dưới ngưỡng.</li>}
            {d.lowStock.map((p) => (
              <li key={p.productId}>
                {p.name}: còn {p.available} {p.baseUnit} (ngưỡng {p.threshold})
              </li>
            ))}
          </ul>
        </Panel>
        <Panel title="Lô hết hạn trong 90 ngày" className="lg:col-span-2">
          <ul className="max-h-64 space-y-1 overflow-y-auto text-sm">
            {d.expiringBatches.length === 0 && <li className="text-slate-600">Không có lô nào sắp hết hạn.</li>}
            {d.expiringBatches.map((b) => (
              <li key={b.batchId}>
                {b.productName} — lô {b.lotNumber}, hạn {b.expiryDate} (còn {b.daysLeft} ngày): {b.quantity - b.reserved} {b.baseUnit}
              </li>
            ))}
          </ul>
        </Panel>
      </div>
    </div>
  );
}
