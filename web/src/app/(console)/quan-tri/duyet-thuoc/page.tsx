import type { Metadata } from 'next';
import Link from 'next/link';
import { fieldLabel, REVISION_KIND_LABELS, waitingTime } from '../../../../components/console/catalog/labels';
import { flattenCategories, type ApprovalQuery, type ApprovalRow } from '../../../../components/console/catalog/types';
import { FilterBar, FilterField } from '../../../../components/console/FilterBar';
import { gate } from '../../../../components/console/gate';
import { LoadFailed } from '../../../../components/console/LoadFailed';
import { ScreenHeader } from '../../../../components/console/ScreenHeader';
import { DataTable, formatDateTime, hrefWith, Pager, param, type SearchParams } from '../../../../components/console/table';

export const metadata: Metadata = { title: 'Duyệt thuốc' };

const PATH = '/quan-tri/duyet-thuoc';
const oneOf = <T extends string>(values: readonly T[], v: string | undefined): T | undefined => values.find((x) => x === v);

/**
 * The pharmacist's approval queue (admins read it): new products and medical edits waiting, oldest first, with how long
 * each has waited; filters (new/edited, category, Rx) in the URL; each opens the side-by-side diff to approve or reject.
 */
export default async function ApprovalQueuePage({ searchParams }: { searchParams: Promise<SearchParams> }) {
  const g = await gate('approvals');
  if (!g.ok) return g.view;
  const sp = await searchParams;
  const query: ApprovalQuery = {
    kind: oneOf(['new', 'edit'] as const, param(sp, 'kind')),
    categoryId: param(sp, 'categoryId'),
    rx: oneOf(['true', 'false'] as const, param(sp, 'rx')),
    cursor: param(sp, 'cursor'),
    limit: '25',
  };
  const [res, cats] = await Promise.all([g.api.v1.admin.approvals.$get({ query }), g.api.v1.categories.$get()]);
  const categories = cats.ok ? flattenCategories((await cats.json()).items) : [];
  const now = Date.now();
  return (
    <div>
      <ScreenHeader screen="approvals" title="Duyệt thuốc" />
      {!res.ok ? (
        <LoadFailed res={res} />
      ) : (
        <Queue body={await res.json()} sp={sp} query={query} categories={categories} now={now} />
      )}
    </div>
  );
}

function Queue({ body, sp, query, categories, now }: { body: { items: ApprovalRow[]; nextCursor: string | null; counts: { new: number; edit: number } }; sp: SearchParams; query: ApprovalQuery; categories: Array<{ id: string; label: string }>; now: number }) {
  const tabs: Array<[string | null, string, number]> = [
    [null, 'Tất cả', body.counts.new + body.counts.edit],
    ['new', 'Sản phẩm mới', body.counts.new],
    ['edit', 'Sửa thông tin dược', body.counts.edit],
  ];
  return (
    <>
      <nav aria-label="Loại yêu cầu" className="mb-3 flex flex-wrap gap-2">
        {tabs.map(([kind, label, n]) => (
          <Link key={label} href={hrefWith(PATH, sp, { kind })} aria-current={(query.kind ?? null) === kind ? 'page' : undefined} className="btn-secondary aria-[current=page]:border-emerald-600 aria-[current=page]:bg-emerald-50">
            {label} <span className="ml-1 rounded-full bg-slate-100 px-2 text-xs">{n}</span>
          </Link>
        ))}
      </nav>
      <FilterBar action={PATH} keep={{ kind: query.kind }}>
        <FilterField name="categoryId" label="Danh mục" defaultValue={query.categoryId} options={categories.map((c) => [c.id, c.label])} />
        <FilterField
          name="rx"
          label="Thuốc kê đơn"
          defaultValue={query.rx}
          options={[
            ['true', 'Thuốc kê đơn'],
            ['false', 'Không kê đơn'],
          ]}
        />
      </FilterBar>
      <DataTable<ApprovalRow>
        caption="Yêu cầu chờ duyệt"
        testId="approvals-table"
        path={PATH}
        searchParams={sp}
        rows={body.items}
        rowKey={(r) => r.revisionId}
        empty="Không có yêu cầu nào chờ duyệt."
        columns={[
          {
            key: 'product',
            header: 'Sản phẩm',
            cell: (r) => (
              <>
                <Link href={`${PATH}/${r.revisionId}`} className="font-medium text-emerald-800 hover:underline">
                  {r.productName}
                </Link>
                <p className="text-xs text-slate-600">
                  {r.categoryName}
                  {r.prescriptionRequired && <span className="ml-1 rounded bg-red-50 px-1 text-red-700">Thuốc kê đơn</span>}
                </p>
              </>
            ),
          },
          { key: 'kind', header: 'Loại', cell: (r) => REVISION_KIND_LABELS[r.kind] ?? r.kind },
          { key: 'fields', header: 'Trường thay đổi', cell: (r) => (r.changedFields.length ? r.changedFields.map(fieldLabel).join(', ') : '—') },
          {
            key: 'submitted',
            header: 'Gửi bởi',
            cell: (r) => (
              <>
                <p>{r.submittedByName ?? '(không rõ)'}</p>
                <p className="text-xs text-slate-600">{formatDateTime(r.submittedAt)}</p>
              </>
            ),
          },
          { key: 'waiting', header: 'Đã chờ', cell: (r) => <span data-testid="waiting-time">{waitingTime(r.submittedAt, now)}</span> },
        ]}
      />
      <Pager path={PATH} searchParams={sp} nextCursor={body.nextCursor} />
    </>
  );
}
