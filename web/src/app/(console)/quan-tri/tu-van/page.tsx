import type { InferRequestType, InferResponseType } from 'hono/client';
import type { Metadata } from 'next';
import Link from 'next/link';
import { waitingTime } from '../../../../components/console/catalog/labels';
import { ClaimButton } from '../../../../components/console/consultation-claim';
import { FilterBar, FilterField } from '../../../../components/console/FilterBar';
import { gate } from '../../../../components/console/gate';
import { LoadFailed } from '../../../../components/console/LoadFailed';
import { ScreenHeader } from '../../../../components/console/ScreenHeader';
import { DataTable, formatDateTime, hrefWith, Pager, param, type SearchParams } from '../../../../components/console/table';
import type { Api } from '../../../../lib/api';

export const metadata: Metadata = { title: 'Tư vấn đơn thuốc' };

const PATH = '/quan-tri/tu-van';
type QueueQuery = InferRequestType<Api['v1']['pharmacist']['consultations']['$get']>['query'];
type Queue = InferResponseType<Api['v1']['pharmacist']['consultations']['$get'], 200>;
type Row = Queue['items'][number];
const STATUSES = ['waiting', 'mine', 'in_review', 'advised', 'rejected', 'cancelled', 'all'] as const;
const oneOf = <T extends string>(values: readonly T[], v: string | undefined): T | undefined => values.find((x) => x === v);

/**
 * The pharmacist's consultation queue (admins read it): waiting consultations oldest first with how long each has
 * waited, tabs (waiting / mine / every status), Rx and text filters in the URL; "Nhận xử lý" claims one (atomically, on
 * the api: a consultation another pharmacist holds answers 409 with their name).
 */
export default async function ConsultationQueuePage({ searchParams }: { searchParams: Promise<SearchParams> }) {
  const g = await gate('consultations');
  if (!g.ok) return g.view;
  const sp = await searchParams;
  const query: QueueQuery = {
    status: oneOf(STATUSES, param(sp, 'status')) ?? 'waiting',
    rx: oneOf(['true', 'false'] as const, param(sp, 'rx')),
    q: param(sp, 'q'),
    cursor: param(sp, 'cursor'),
    limit: '25',
  };
  const res = await g.api.v1.pharmacist.consultations.$get({ query });
  return (
    <div>
      <ScreenHeader screen="consultations" title="Tư vấn đơn thuốc" />
      {!res.ok ? <LoadFailed res={res} /> : <QueueTable body={await res.json()} sp={sp} status={query.status ?? 'waiting'} rx={query.rx} q={query.q} canClaim={g.me.role === 'pharmacist'} now={Date.now()} />}
    </div>
  );
}

function QueueTable({ body, sp, status, rx, q, canClaim, now }: { body: Queue; sp: SearchParams; status: string; rx?: string; q?: string; canClaim: boolean; now: number }) {
  const tabs: Array<[string, string, number | null]> = [
    ['waiting', 'Đang chờ', body.counts.waiting],
    ...(canClaim ? [['mine', 'Tôi đang xử lý', body.counts.mine] as [string, string, number]] : []),
    ['in_review', 'Đang xử lý', null],
    ['advised', 'Đã tư vấn', null],
    ['rejected', 'Đã từ chối', null],
    ['cancelled', 'Khách đã hủy', null],
    ['all', 'Tất cả', null],
  ];
  return (
    <>
      <nav aria-label="Trạng thái phiếu tư vấn" className="mb-3 flex flex-wrap gap-2">
        {tabs.map(([value, label, n]) => (
          <Link key={value} href={hrefWith(PATH, sp, { status: value === 'waiting' ? null : value })} aria-current={status === value ? 'page' : undefined} className="btn-secondary aria-[current=page]:border-emerald-600 aria-[current=page]:bg-emerald-50">
            {label}
            {n !== null && <span className="ml-1 rounded-full bg-slate-100 px-2 text-xs">{n}</span>}
          </Link>
        ))}
      </nav>
      <FilterBar action={PATH} keep={{ status: status === 'waiting' ? undefined : status }}>
        <FilterField name="q" label="Mã phiếu, tên, điện thoại" type="search" defaultValue={q} className="min-w-[16rem]" />
        <FilterField
          name="rx"
          label="Thuốc kê đơn"
          defaultValue={rx}
          options={[
            ['true', 'Có thuốc kê đơn'],
            ['false', 'Không có thuốc kê đơn'],
          ]}
        />
      </FilterBar>
      <DataTable<Row>
        caption="Phiếu tư vấn"
        testId="consultations-table"
        path={PATH}
        searchParams={sp}
        rows={body.items}
        rowKey={(r) => r.id}
        empty={status === 'waiting' ? 'Không có phiếu nào đang chờ.' : 'Không có phiếu nào.'}
        columns={[
          {
            key: 'code',
            header: 'Phiếu',
            cell: (r) => (
              <>
                <Link href={`${PATH}/${r.id}`} className="font-medium text-emerald-800 hover:underline">
                  {r.code}
                </Link>
                <p className="text-xs text-slate-600">{formatDateTime(r.createdAt)}</p>
              </>
            ),
          },
          {
            key: 'customer',
            header: 'Khách',
            cell: (r) => (
              <>
                {r.customerName}
                {r.isGuest && <span className="ml-1 rounded bg-slate-100 px-1 text-xs text-slate-700">Khách vãng lai</span>}
              </>
            ),
          },
          {
            key: 'products',
            header: 'Sản phẩm hỏi',
            cell: (r) => (
              <>
                <p>{r.productNames.length ? r.productNames.join(', ') : '—'}</p>
                <p className="text-xs text-slate-600">
                  {r.hasRx && <span className="mr-1 rounded bg-red-50 px-1 text-red-700">Có thuốc kê đơn</span>}
                  {r.fileCount > 0 ? `${r.fileCount} tệp đơn thuốc` : 'Không có tệp'}
                </p>
              </>
            ),
          },
          {
            key: 'status',
            header: 'Trạng thái',
            cell: (r) => (
              <>
                <p>{r.statusLabel}</p>
                {r.pharmacistName && <p className="text-xs text-slate-600">Dược sĩ: {r.pharmacistName}</p>}
              </>
            ),
          },
          { key: 'waiting', header: 'Đã chờ', cell: (r) => <span data-testid="waiting-time">{waitingTime(now - r.waitingSeconds * 1000, now)}</span> },
          {
            key: 'action',
            header: 'Thao tác',
            cell: (r) =>
              canClaim && r.status === 'submitted' ? (
                <ClaimButton id={r.id} code={r.code} />
              ) : (
                <Link href={`${PATH}/${r.id}`} className="btn-secondary">
                  Xem
                </Link>
              ),
          },
        ]}
      />
      <Pager path={PATH} searchParams={sp} nextCursor={body.nextCursor} />
    </>
  );
}
