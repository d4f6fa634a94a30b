import type { InferRequestType, InferResponseType } from 'hono/client';
import type { Metadata } from 'next';
import Link from 'next/link';
import { ORDER_STATUSES } from '../../../../../../shared/src/db/schema';
import { STATUS_LABELS } from '../../../../../../shared/src/orders/state';
import { PAYMENT_METHOD_LABELS, PAYMENT_STATUS_LABELS, type PaymentStatus } from '../../../../../../shared/src/payments/labels';
import { FilterBar, FilterField } from '../../../../components/console/FilterBar';
import { gate } from '../../../../components/console/gate';
import { LoadFailed } from '../../../../components/console/LoadFailed';
import { ScreenHeader } from '../../../../components/console/ScreenHeader';
import { DataTable, formatDateTime, hrefWith, Pager, param, type SearchParams } from '../../../../components/console/table';
import type { Api } from '../../../../lib/api';
import { formatVnd } from '../../../../lib/format';

export const metadata: Metadata = { title: 'Đơn hàng' };

const PATH = '/quan-tri/don-hang';
type Query = InferRequestType<Api['v1']['admin']['orders']['$get']>['query'];
type Row = InferResponseType<Api['v1']['admin']['orders']['$get'], 200>['items'][number];
const oneOf = <T extends string>(values: readonly T[], v: string | undefined): T | undefined => values.find((x) => x === v);
const isDay = (v: string | undefined) => (v && /^\d{4}-\d{2}-\d{2}$/.test(v) ? v : undefined);
const isPaymentStatus = (v: string | undefined): v is PaymentStatus => v !== undefined && Object.hasOwn(PAYMENT_STATUS_LABELS, v);
const CARRIERS = [
  ['ghn', 'GHN'],
  ['ghtk', 'GHTK'],
  ['internal', 'Nhà thuốc tự giao'],
  ['none', 'Chưa có vận đơn'],
] as const;
const SORTS = ['newest', 'oldest', 'total_desc', 'total_asc'] as const;

/** The order queue (admin, pharmacist): tabs per status with counts, "needs action", filters in the URL, keyset paging. */
export default async function OrderQueuePage({ searchParams }: { searchParams: Promise<SearchParams> }) {
  const g = await gate('orders');
  if (!g.ok) return g.view;
  const sp = await searchParams;
  const query: Query = {
    status: oneOf(ORDER_STATUSES, param(sp, 'status')),
    paymentStatus: ((v) => (isPaymentStatus(v) ? v : undefined))(param(sp, 'paymentStatus')),
    paymentMethod: oneOf(['cod', 'bank_transfer'] as const, param(sp, 'paymentMethod')),
    carrier: oneOf(['ghn', 'ghtk', 'internal', 'none'] as const, param(sp, 'carrier')),
    from: isDay(param(sp, 'from')),
    to: isDay(param(sp, 'to')),
    hasRx: oneOf(['true', 'false'] as const, param(sp, 'hasRx')),
    q: param(sp, 'q'),
    view: param(sp, 'view') === 'needs_action' ? 'needs_action' : 'all',
    sort: oneOf(SORTS, param(sp, 'sort')) ?? 'newest',
    cursor: param(sp, 'cursor'),
    limit: '25',
  };
  const res = await g.api.v1.admin.orders.$get({ query });
  if (!res.ok)
    return (
      <div>
        <ScreenHeader screen="orders" title="Đơn hàng" />
        <LoadFailed res={res} />
      </div>
    );
  const body = await res.json();
  const needs = query.view === 'needs_action';
  const tabs = [
    { key: 'all', label: 'Tất cả', count: body.counts.all, href: hrefWith(PATH, sp, { status: null, view: null }), current: !needs && !query.status },
    { key: 'needs_action', label: 'Cần xử lý', count: body.counts.needs_action, href: hrefWith(PATH, sp, { status: null, view: 'needs_action' }), current: needs },
    ...ORDER_STATUSES.map((s) => ({ key: s, label: STATUS_LABELS[s], count: body.counts[s], href: hrefWith(PATH, sp, { status: s, view: null }), current: !needs && query.status === s })),
  ];
  return (
    <div>
      <ScreenHeader screen="orders" title="Đơn hàng">
        {g.me.role === 'pharmacist' && <p className="text-sm text-slate-600">Dược sĩ xem đơn và thêm ghi chú; thao tác trên đơn do quản trị viên thực hiện.</p>}
      </ScreenHeader>
      <nav aria-label="Trạng thái đơn hàng" className="mb-3 flex gap-2 overflow-x-auto pb-1">
        {tabs.map((t) => (
          <Link
            key={t.key}
            href={t.href}
            aria-current={t.current ? 'page' : undefined}
            data-testid={`orders-tab-${t.key}`}
            className="whitespace-nowrap rounded-full border border-slate-300 bg-white px-3 py-1 text-sm aria-[current=page]:border-emerald-700 aria-[current=page]:bg-emerald-700 aria-[current=page]:text-white"
          >
            {t.label} <span className="tabular-nums">({t.count})</span>
          </Link>
        ))}
      </nav>
      <FilterBar action={PATH} keep={{ status: query.status, view: needs ? 'needs_action' : undefined, sort: param(sp, 'sort') }}>
        <FilterField name="q" type="search" label="Mã đơn, điện thoại, email, tên" defaultValue={query.q} className="flex-1" />
        <FilterField name="paymentStatus" label="Thanh toán" defaultValue={query.paymentStatus} options={Object.entries(PAYMENT_STATUS_LABELS)} />
        <FilterField name="paymentMethod" label="Phương thức" defaultValue={query.paymentMethod} options={Object.entries(PAYMENT_METHOD_LABELS)} />
        <FilterField name="carrier" label="Đơn vị vận chuyển" defaultValue={query.carrier} options={CARRIERS.map(([v, l]) => [v, l])} />
        <FilterField
          name="hasRx"
          label="Thuốc kê đơn"
          defaultValue={query.hasRx}
          options={[
            ['true', 'Có thuốc kê đơn'],
            ['false', 'Không có'],
          ]}
        />
        <FilterField name="from" type="date" label="Từ ngày" defaultValue={query.from} />
        <FilterField name="to" type="date" label="Đến ngày" defaultValue={query.to} />
      </FilterBar>
      <DataTable<Row>
        caption="Hàng đợi đơn hàng"
        testId="orders-table"
        path={PATH}
        searchParams={sp}
        sort={query.sort}
        rows={body.items}
        rowKey={(o) => o.code}
        empty={needs ? 'Không có đơn nào cần xử lý.' : 'Không có đơn hàng nào khớp bộ lọc.'}
        columns={[
          {
            key: 'code',
            header: 'Mã đơn',
            cell: (o) => (
              <>
                <Link className="font-semibold text-emerald-800 hover:underline" href={`${PATH}/${o.code}`}>
                  {o.code}
                </Link>
                {o.hasRx && <p className="text-xs font-medium text-amber-800">Có thuốc kê đơn</p>}
              </>
            ),
          },
          { key: 'created', header: 'Ngày đặt', sort: { asc: 'oldest', desc: 'newest' }, cell: (o) => formatDateTime(o.createdAt) },
          {
            key: 'customer',
            header: 'Người nhận',
            cell: (o) => (
              <>
                <p>{o.recipientName}</p>
                <p className="text-xs text-slate-600">{o.phone}</p>
              </>
            ),
          },
          { key: 'status', header: 'Trạng thái', cell: (o) => o.statusLabel },
          {
            key: 'payment',
            header: 'Thanh toán',
            cell: (o) => (
              <>
                <p>{PAYMENT_METHOD_LABELS[o.paymentMethod]}</p>
                <p className="text-xs text-slate-600">{o.paymentStatusLabel}</p>
              </>
            ),
          },
          { key: 'total', header: 'Tổng tiền', sort: { asc: 'total_asc', desc: 'total_desc' }, className: 'text-right tabular-nums', cell: (o) => formatVnd(o.total) },
          { key: 'items', header: 'SL', className: 'text-right tabular-nums', cell: (o) => o.itemCount },
          { key: 'carrier', header: 'Vận chuyển', cell: (o) => (o.carrier ? `${o.carrier.toUpperCase()} ${o.trackingCode ?? ''}` : '—') },
          {
            key: 'needs',
            header: 'Cần xử lý',
            cell: (o) =>
              o.needsAction.length ? (
                <ul className="list-disc pl-4 text-xs text-amber-900">
                  {o.needsAction.map((r) => (
                    <li key={r}>{r}</li>
                  ))}
                </ul>
              ) : (
                '—'
              ),
          },
        ]}
      />
      <Pager path={PATH} searchParams={sp} nextCursor={body.nextCursor} />
    </div>
  );
}
