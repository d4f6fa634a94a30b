import type { Metadata } from 'next';
import Link from 'next/link';
import { ARTICLE_STATUS_LABELS as STATUS_LABELS } from '../../../../components/console/article-labels';
import { FilterBar, FilterField } from '../../../../components/console/FilterBar';
import { gate } from '../../../../components/console/gate';
import { LoadFailed } from '../../../../components/console/LoadFailed';
import { ScreenHeader } from '../../../../components/console/ScreenHeader';
import { DataTable, formatDateTime, Pager, param, type SearchParams } from '../../../../components/console/table';

export const metadata: Metadata = { title: 'Bài viết' };
const PATH = '/quan-tri/bai-viet';
const STATUSES = ['draft', 'published'] as const;

/** Health articles (admin): drafts and published, newest edit first; each opens the editor. */
export default async function ArticlesPage({ searchParams }: { searchParams: Promise<SearchParams> }) {
  const g = await gate('articles');
  if (!g.ok) return g.view;
  const sp = await searchParams;
  const q = param(sp, 'q');
  const status = STATUSES.find((s) => s === param(sp, 'status'));
  const res = await g.api.v1.admin.articles.$get({ query: { q, status, cursor: param(sp, 'cursor'), limit: '25' } });
  if (!res.ok) return <LoadFailed res={res} />;
  const body = await res.json();
  type Row = (typeof body.items)[number];
  return (
    <div>
      <ScreenHeader screen="articles" title="Bài viết cẩm nang">
        <Link href={`${PATH}/moi`} className="btn-primary">
          Viết bài mới
        </Link>
      </ScreenHeader>
      <FilterBar action={PATH}>
        <FilterField name="q" type="search" label="Tìm theo tiêu đề" defaultValue={q} className="flex-1" />
        <FilterField name="status" label="Trạng thái" defaultValue={status} options={STATUSES.map((s) => [s, STATUS_LABELS[s]])} />
      </FilterBar>
      <DataTable<Row>
        caption="Danh sách bài viết"
        testId="articles-table"
        path={PATH}
        searchParams={sp}
        rows={body.items}
        rowKey={(a) => a.id}
        empty="Chưa có bài viết nào khớp bộ lọc."
        columns={[
          {
            key: 'title',
            header: 'Tiêu đề',
            cell: (a) => (
              <Link href={`${PATH}/${a.id}`} className="font-medium text-emerald-800 hover:underline">
                {a.title}
              </Link>
            ),
          },
          { key: 'topic', header: 'Chủ đề', cell: (a) => a.topic },
          { key: 'status', header: 'Trạng thái', cell: (a) => <span className={a.status === 'published' ? 'text-emerald-800' : 'text-slate-600'}>{STATUS_LABELS[a.status]}</span> },
          { key: 'published', header: 'Ngày đăng', cell: (a) => (a.publishedAt ? formatDateTime(a.publishedAt) : '—') },
          { key: 'updated', header: 'Sửa lần cuối', cell: (a) => `${formatDateTime(a.updatedAt)}${a.authorName ? ` · ${a.authorName}` : ''}` },
        ]}
      />
      <Pager path={PATH} searchParams={sp} nextCursor={body.nextCursor} />
    </div>
  );
}
