import type { Metadata } from 'next';
import Link from 'next/link';
import { gate } from '../../../../components/console/gate';
import { LoadFailed } from '../../../../components/console/LoadFailed';
import { ReviewModeration } from '../../../../components/console/reviews';
import { ScreenHeader } from '../../../../components/console/ScreenHeader';
import { formatDateTime, hrefWith, Pager, param, type SearchParams } from '../../../../components/console/table';

export const metadata: Metadata = { title: 'Đánh giá sản phẩm' };

const PATH = '/quan-tri/danh-gia';
const STATUSES = [
  ['all', 'Tất cả'],
  ['pending', 'Chờ duyệt'],
  ['approved', 'Đã duyệt'],
  ['hidden', 'Đã ẩn'],
] as const;

/**
 * Review moderation (#17): pending first, flagged first, oldest first; each review with its flags, photos, the order it
 * was bought in; approve, hide with a reason, and (pharmacists) reply.
 */
export default async function ReviewModerationPage({ searchParams }: { searchParams: Promise<SearchParams> }) {
  const g = await gate('reviews');
  if (!g.ok) return g.view;
  const sp = await searchParams;
  const status = STATUSES.find(([s]) => s === param(sp, 'status'))?.[0] ?? 'all';
  const res = await g.api.v1.admin.reviews.$get({ query: { status, cursor: param(sp, 'cursor'), limit: '30' } });
  if (!res.ok) {
    return (
      <div>
        <ScreenHeader screen="reviews" title="Đánh giá sản phẩm" />
        <LoadFailed res={res} />
      </div>
    );
  }
  const body = await res.json();
  return (
    <div>
      <ScreenHeader screen="reviews" title="Đánh giá sản phẩm">
        <p className="text-sm text-slate-600">{body.pendingCount} đánh giá chờ duyệt</p>
      </ScreenHeader>
      <nav className="mb-3 flex gap-2 text-sm" aria-label="Lọc theo trạng thái">
        {STATUSES.map(([s, label]) => (
          <Link key={s} href={hrefWith(PATH, sp, { status: s === 'all' ? null : s, cursor: null })} aria-current={status === s ? 'page' : undefined} className={`rounded-full border px-3 py-1 ${status === s ? 'border-emerald-700 bg-emerald-50' : 'border-slate-300'}`}>
            {label}
          </Link>
        ))}
      </nav>
      {body.items.length === 0 ? (
        <p className="rounded-lg bg-white p-6 text-slate-600">Không có đánh giá nào.</p>
      ) : (
        <ReviewModeration items={body.items.map((r) => ({ ...r, createdLabel: formatDateTime(r.createdAt) }))} hideReasons={body.hideReasons} canReply={g.me.role === 'pharmacist'} />
      )}
      <Pager path={PATH} searchParams={sp} nextCursor={body.nextCursor} />
    </div>
  );
}
