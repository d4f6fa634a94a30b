import type { InferRequestType, InferResponseType } from 'hono/client';
import type { Metadata } from 'next';
import Link from 'next/link';
import { FilterBar, FilterField } from '../../../../components/console/FilterBar';
import { gate } from '../../../../components/console/gate';
import { LoadFailed } from '../../../../components/console/LoadFailed';
import { CancelPickup, DispenseDialog } from '../../../../components/console/pickups';
import { ScreenHeader } from '../../../../components/console/ScreenHeader';
import { DataTable, formatDateTime, Pager, param, type SearchParams } from '../../../../components/console/table';
import type { Api } from '../../../../lib/api';

export const metadata: Metadata = { title: 'Giữ thuốc tại quầy' };

const PATH = '/quan-tri/giu-thuoc';
type PickupQuery = InferRequestType<Api['v1']['pharmacist']['pickups']['$get']>['query'];
type Pickups = InferResponseType<Api['v1']['pharmacist']['pickups']['$get'], 200>;
type Row = Pickups['items'][number];
const STATUSES = ['reserved', 'dispensed', 'expired', 'cancelled', 'all'] as const;
const oneOf = <T extends string>(values: readonly T[], v: string | undefined): T | undefined => values.find((x) => x === v);

/**
 * Prescription medicines reserved for pickup at the counter (admins read): find one by its pickup code, the shopper's
 * name or phone; "Giao thuốc" records the sale after the pharmacist has seen the original prescription (payment method
 * and amount at the counter) and takes the stock; "Hủy giữ thuốc" releases it.
 */
export default async function PickupsPage({ searchParams }: { searchParams: Promise<SearchParams> }) {
  const g = await gate('pickups');
  if (!g.ok) return g.view;
  const sp = await searchParams;
  const q = param(sp, 'q');
  const query: PickupQuery = { status: oneOf(STATUSES, param(sp, 'status')) ?? (q ? 'all' : 'reserved'), q, cursor: param(sp, 'cursor') };
  const res = await g.api.v1.pharmacist.pickups.$get({ query });
  const canAct = g.me.role === 'pharmacist';
  return (
    <div>
      <ScreenHeader screen="pickups" title="Giữ thuốc tại quầy" />
      <FilterBar action={PATH}>
        <FilterField name="q" label="Mã giữ thuốc, tên, điện thoại" type="search" defaultValue={q} className="min-w-[16rem]" />
        <FilterField
          name="status"
          label="Trạng thái"
          defaultValue={param(sp, 'status')}
          options={[
            ['reserved', 'Đang giữ'],
            ['dispensed', 'Đã giao'],
            ['expired', 'Hết hạn'],
            ['cancelled', 'Đã hủy'],
            ['all', 'Mọi trạng thái'],
          ]}
        />
      </FilterBar>
      {!canAct && <p className="mb-3 rounded-lg bg-slate-100 p-3 text-sm">Quản trị viên chỉ xem; giao thuốc và hủy giữ thuốc là việc của dược sĩ.</p>}
      {!res.ok ? <LoadFailed res={res} /> : <PickupTable body={await res.json()} sp={sp} canAct={canAct} />}
    </div>
  );
}

function PickupTable({ body, sp, canAct }: { body: Pickups; sp: SearchParams; canAct: boolean }) {
  return (
    <>
      <DataTable<Row>
        caption="Thuốc đang giữ"
        testId="pickups-table"
        path={PATH}
        searchParams={sp}
        rows={body.items}
        rowKey={(r) => r.id}
        empty="Không có phiếu giữ thuốc nào."
        columns={[
          {
            key: 'code',
            header: 'Mã giữ thuốc',
            cell: (r) => (
              <>
                <p className="font-mono font-semibold" data-testid="pickup-code">
                  {r.code}
                </p>
                {r.consultationCode && (
                  <p className="text-xs text-slate-600">
                    Phiếu tư vấn{' '}
                    <Link href={`/quan-tri/tu-van?status=all&q=${encodeURIComponent(r.consultationCode)}`} className="text-emerald-800 hover:underline">
                      {r.consultationCode}
                    </Link>
                  </p>
                )}
              </>
            ),
          },
          {
            key: 'customer',
            header: 'Khách',
            cell: (r) => (
              <>
                <p>{r.customerName}</p>
                <p className="text-xs text-slate-600">{r.phone}</p>
              </>
            ),
          },
          {
            key: 'items',
            header: 'Thuốc',
            cell: (r) => (
              <ul className="text-xs">
                {r.items.map((i, n) => (
                  <li key={n}>
                    {i.productName} × {i.quantity} {i.unitName}
                  </li>
                ))}
              </ul>
            ),
          },
          { key: 'location', header: 'Nhà thuốc', cell: (r) => r.locationName },
          {
            key: 'status',
            header: 'Trạng thái',
            cell: (r) => (
              <>
                <p data-testid="pickup-status">{r.statusLabel}</p>
                <p className="text-xs text-slate-600">
                  {r.status === 'reserved' ? `Giữ đến ${formatDateTime(r.expiresAt)}` : r.dispensedAt ? `Giao ${formatDateTime(r.dispensedAt)}${r.dispensedByName ? ` · ${r.dispensedByName}` : ''}` : `Tạo ${formatDateTime(r.createdAt)}`}
                </p>
              </>
            ),
          },
          {
            key: 'actions',
            header: 'Thao tác',
            cell: (r) =>
              canAct && r.status === 'reserved' ? (
                <div className="flex flex-wrap gap-2">
                  <DispenseDialog id={r.id} code={r.code} items={r.items} />
                  <CancelPickup id={r.id} code={r.code} />
                </div>
              ) : null,
          },
        ]}
      />
      <Pager path={PATH} searchParams={sp} nextCursor={body.nextCursor} />
    </>
  );
}
