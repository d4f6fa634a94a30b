import type { InferResponseType } from 'hono/client';
import type { Metadata } from 'next';
import Link from 'next/link';
import { gate } from '../../../../components/console/gate';
import { LoadFailed } from '../../../../components/console/LoadFailed';
import { ReplayButton } from '../../../../components/console/ReplayButton';
import { ScreenHeader } from '../../../../components/console/ScreenHeader';
import { DataTable, formatDateTime, hrefWith, param, type SearchParams } from '../../../../components/console/table';
import type { Api } from '../../../../lib/api';

export const metadata: Metadata = { title: 'Sự kiện lỗi' };

const PATH = '/quan-tri/su-kien-loi';
type DeadLetter = InferResponseType<Api['v1']['admin']['dead-letters']['$get'], 200>['items'][number];

/** Dead letters (admin only): events the queue gave up on, with their last error, and a one-time replay. */
export default async function DeadLettersPage({ searchParams }: { searchParams: Promise<SearchParams> }) {
  const g = await gate('deadLetters');
  if (!g.ok) return g.view;
  const sp = await searchParams;
  const status = param(sp, 'status') === 'all' ? 'all' : 'pending';
  const res = await g.api.v1.admin['dead-letters'].$get({ query: { status, limit: '100' } });
  return (
    <div>
      <ScreenHeader screen="deadLetters" title="Sự kiện lỗi" />
      <nav aria-label="Lọc sự kiện" className="mb-3 flex gap-2">
        {(
          [
            ['pending', 'Chưa gửi lại'],
            ['all', 'Tất cả'],
          ] as const
        ).map(([key, label]) => (
          <Link key={key} href={hrefWith(PATH, sp, { status: key === 'pending' ? null : key })} aria-current={status === key ? 'page' : undefined} className="rounded-full border border-slate-300 bg-white px-3 py-1 text-sm aria-[current=page]:border-emerald-700 aria-[current=page]:bg-emerald-700 aria-[current=page]:text-white">
            {label}
          </Link>
        ))}
      </nav>
      {!res.ok ? (
        <LoadFailed res={res} />
      ) : (
        <DataTable<DeadLetter>
          caption="Sự kiện lỗi"
          testId="dead-letters-table"
          path={PATH}
          searchParams={sp}
          rows={(await res.json()).items}
          rowKey={(d) => d.id}
          empty="Không có sự kiện lỗi nào. Hàng đợi đang chạy tốt."
          columns={[
            { key: 'at', header: 'Nhận lúc', cell: (d) => formatDateTime(d.receivedAt) },
            {
              key: 'type',
              header: 'Sự kiện',
              cell: (d) => (
                <>
                  <p className="font-medium">{d.type ?? d.body?.type ?? 'Không đọc được'}</p>
                  <p className="break-all text-xs text-slate-600">{d.aggregateId ?? d.body?.aggregateId ?? d.raw?.slice(0, 120)}</p>
                </>
              ),
            },
            { key: 'attempts', header: 'Số lần thử', className: 'text-right tabular-nums', cell: (d) => d.failedAttempts ?? d.attempts },
            { key: 'error', header: 'Lỗi gần nhất', cell: (d) => <p className="max-w-md break-words text-xs">{d.lastError ?? '—'}</p> },
            {
              key: 'actions',
              header: 'Thao tác',
              cell: (d) => (d.replayedAt ? <span className="text-slate-600">Đã gửi lại {formatDateTime(d.replayedAt)}</span> : d.body ? <ReplayButton id={d.id} type={d.body.type} /> : <span className="text-slate-600">Không gửi lại được</span>),
            },
          ]}
        />
      )}
    </div>
  );
}
