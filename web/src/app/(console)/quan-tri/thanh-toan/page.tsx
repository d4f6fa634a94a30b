import type { Metadata } from 'next';
import Link from 'next/link';
import { PAYMENT_FLAG_LABELS, PAYMENT_FLAGS } from '../../../../../../shared/src/payments/admin';
import { FilterBar, FilterField } from '../../../../components/console/FilterBar';
import { gate } from '../../../../components/console/gate';
import { LoadFailed } from '../../../../components/console/LoadFailed';
import { MatchTransfer, RecordRefund, type PaymentRow } from '../../../../components/console/payments';
import { ScreenHeader } from '../../../../components/console/ScreenHeader';
import { DataTable, formatDateTime, hrefWith, Pager, param, type SearchParams } from '../../../../components/console/table';
import { formatVnd } from '../../../../lib/format';

export const metadata: Metadata = { title: 'Thanh toán' };

const PATH = '/quan-tri/thanh-toan';

/** Payments (admin only): transfers with their flags, the unmatched inbox with "match to order", refunds. */
export default async function PaymentsPage({ searchParams }: { searchParams: Promise<SearchParams> }) {
  const g = await gate('payments');
  if (!g.ok) return g.view;
  const sp = await searchParams;
  const q = param(sp, 'q');
  const cursor = param(sp, 'cursor');
  const inbox = param(sp, 'view') === 'unmatched';
  const flag = PAYMENT_FLAGS.find((f) => f === param(sp, 'flag'));
  // Counts for the tabs come with the list; the inbox view asks for them separately (with the same search).
  const [listRes, inboxRes] = await Promise.all([
    g.api.v1.admin.payments.$get({ query: { q, flag: inbox ? undefined : flag, cursor: inbox ? undefined : cursor, limit: inbox ? '1' : '25' } }),
    inbox ? g.api.v1.admin.payments.unmatched.$get({ query: { q, cursor, limit: '25' } }) : null,
  ]);
  if (!listRes.ok) return <LoadFailed res={listRes} />;
  if (inboxRes && !inboxRes.ok) return <LoadFailed res={inboxRes} />;
  const list = await listRes.json();
  const page = inboxRes ? await inboxRes.json() : list;
  const tabs: Array<{ key: string; label: string; count: number; href: string; current: boolean }> = [
    { key: 'all', label: 'Tất cả', count: list.counts.all, href: hrefWith(PATH, sp, { view: null, flag: null }), current: !inbox && !flag },
    { key: 'unmatched', label: 'Chưa khớp đơn', count: list.counts.unmatched, href: hrefWith(PATH, sp, { view: 'unmatched', flag: null }), current: inbox },
    ...PAYMENT_FLAGS.map((f) => ({ key: f, label: PAYMENT_FLAG_LABELS[f], count: list.counts[f], href: hrefWith(PATH, sp, { view: null, flag: f }), current: !inbox && flag === f })),
  ];
  return (
    <div>
      <ScreenHeader screen="payments" title="Thanh toán" />
      <nav aria-label="Lọc theo tình trạng" className="mb-3 flex flex-wrap gap-2">
        {tabs.map((t) => (
          <Link key={t.key} href={t.href} aria-current={t.current ? 'page' : undefined} className="rounded-full border border-slate-300 bg-white px-3 py-1 text-sm aria-[current=page]:border-emerald-700 aria-[current=page]:bg-emerald-700 aria-[current=page]:text-white" data-testid={`payments-tab-${t.key}`}>
            {t.label} <span className="tabular-nums">({t.count})</span>
          </Link>
        ))}
      </nav>
      <FilterBar action={PATH} keep={{ view: inbox ? 'unmatched' : undefined, flag }}>
        <FilterField name="q" type="search" label="Tìm theo mã đơn, mã thanh toán, nội dung, mã SePay" defaultValue={q} className="flex-1" />
      </FilterBar>
      <DataTable<PaymentRow>
        caption={inbox ? 'Chuyển khoản chưa khớp đơn' : 'Giao dịch ngân hàng'}
        testId="payments-table"
        path={PATH}
        searchParams={sp}
        rows={page.items}
        rowKey={(p) => p.id}
        empty={inbox ? 'Không có chuyển khoản nào chưa khớp.' : 'Không có giao dịch nào khớp bộ lọc.'}
        columns={[
          { key: 'at', header: 'Thời gian', cell: (p) => formatDateTime(p.transactionAt ?? p.createdAt) },
          { key: 'amount', header: 'Số tiền', className: 'text-right tabular-nums', cell: (p) => `${p.transferType === 'out' ? '−' : ''}${formatVnd(p.amount)}` },
          {
            key: 'content',
            header: 'Nội dung',
            cell: (p) => (
              <>
                <p className="break-all">{p.content ?? '—'}</p>
                <p className="text-xs text-slate-500">SePay {p.providerTxnId}</p>
              </>
            ),
          },
          { key: 'status', header: 'Tình trạng', cell: (p) => p.matchStatusLabel },
          {
            key: 'order',
            header: 'Đơn hàng',
            cell: (p) =>
              p.orderCode ? (
                <>
                  <Link className="font-medium text-emerald-800 hover:underline" href={`/quan-tri/don-hang/${p.orderCode}`}>
                    {p.orderCode}
                  </Link>
                  <p className="text-xs text-slate-600">
                    {p.orderStatusLabel} · {p.orderPaymentStatusLabel}
                  </p>
                </>
              ) : (
                '—'
              ),
          },
          { key: 'flags', header: 'Cảnh báo', cell: (p) => (p.flags.length ? p.flags.map((f) => PAYMENT_FLAG_LABELS[f]).join(', ') : '—') },
          {
            key: 'actions',
            header: 'Thao tác',
            cell: (p) => (p.matchStatus === 'unmatched' && p.transferType === 'in' ? <MatchTransfer payment={p} /> : p.flags.includes('refund') ? <RecordRefund payment={p} /> : null),
          },
        ]}
      />
      <Pager path={PATH} searchParams={sp} nextCursor={page.nextCursor} />
    </div>
  );
}
