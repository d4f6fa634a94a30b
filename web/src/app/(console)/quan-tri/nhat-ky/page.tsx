import type { InferResponseType } from 'hono/client';
import type { Metadata } from 'next';
import Link from 'next/link';
import { AUDIT_ACTION_LABELS, AUDIT_ACTIONS, AUDIT_ENTITY_LABELS } from '../../../../../../shared/src/audit/actions';
import { FilterBar, FilterField } from '../../../../components/console/FilterBar';
import { gate } from '../../../../components/console/gate';
import { LoadFailed } from '../../../../components/console/LoadFailed';
import { roleLabel } from '../../../../components/console/roles';
import { ScreenHeader } from '../../../../components/console/ScreenHeader';
import { DataTable, formatDateTime, Pager, param, type SearchParams } from '../../../../components/console/table';
import type { Api } from '../../../../lib/api';

export const metadata: Metadata = { title: 'Nhật ký thao tác' };

const PATH = '/quan-tri/nhat-ky';
type Entry = InferResponseType<Api['v1']['admin']['audit']['$get'], 200>['items'][number];
const isDay = (v: string | undefined) => (v && /^\d{4}-\d{2}-\d{2}$/.test(v) ? v : undefined);

/** The audit log (admin only): every staff action, newest first, append-only; filters by actor, action, entity, days. */
export default async function AuditPage({ searchParams }: { searchParams: Promise<SearchParams> }) {
  const g = await gate('audit');
  if (!g.ok) return g.view;
  const sp = await searchParams;
  const f = {
    actorId: param(sp, 'actorId'),
    action: param(sp, 'action'),
    entityType: param(sp, 'entityType'),
    entityId: param(sp, 'entityId'),
    from: isDay(param(sp, 'from')),
    to: isDay(param(sp, 'to')),
  };
  const res = await g.api.v1.admin.audit.$get({ query: { ...f, cursor: param(sp, 'cursor'), limit: '50' } });
  return (
    <div>
      <ScreenHeader screen="audit" title="Nhật ký thao tác" />
      <p className="mb-3 text-sm text-slate-600">Nhật ký chỉ được ghi thêm, không sửa hay xóa được. Giờ hiển thị theo giờ Việt Nam.</p>
      <FilterBar action={PATH}>
        <FilterField name="action" label="Thao tác" defaultValue={f.action} options={AUDIT_ACTIONS.map((a) => [a, AUDIT_ACTION_LABELS[a]])} />
        <FilterField name="entityType" label="Đối tượng" defaultValue={f.entityType} options={Object.entries(AUDIT_ENTITY_LABELS)} />
        <FilterField name="entityId" label="Mã đối tượng" defaultValue={f.entityId} />
        <FilterField name="actorId" label="Mã người thực hiện" defaultValue={f.actorId} />
        <FilterField name="from" type="date" label="Từ ngày" defaultValue={f.from} />
        <FilterField name="to" type="date" label="Đến ngày" defaultValue={f.to} />
      </FilterBar>
      {!res.ok ? (
        <LoadFailed res={res} />
      ) : (
        <AuditTable sp={sp} body={await res.json()} />
      )}
    </div>
  );
}

function AuditTable({ sp, body }: { sp: SearchParams; body: { items: Entry[]; nextCursor: string | null } }) {
  return (
    <>
      <DataTable<Entry>
        caption="Nhật ký thao tác"
        testId="audit-table"
        path={PATH}
        searchParams={sp}
        rows={body.items}
        rowKey={(e) => e.id}
        empty="Không có mục nào khớp bộ lọc."
        columns={[
          { key: 'at', header: 'Thời gian', cell: (e) => formatDateTime(e.createdAt) },
          {
            key: 'actor',
            header: 'Người thực hiện',
            cell: (e) =>
              e.actorId ? (
                <Link className="text-emerald-800 hover:underline" href={`${PATH}?actorId=${encodeURIComponent(e.actorId)}`}>
                  {e.actorName ?? e.actorId} <span className="text-slate-600">({roleLabel(e.actorRole)})</span>
                </Link>
              ) : (
                <span>Hệ thống ({e.actorRole})</span>
              ),
          },
          { key: 'action', header: 'Thao tác', cell: (e) => e.actionLabel },
          {
            key: 'entity',
            header: 'Đối tượng',
            cell: (e) => (
              <>
                <p>{e.entityLabel}</p>
                {e.orderCode ? (
                  <Link className="font-medium text-emerald-800 hover:underline" href={`/quan-tri/don-hang/${e.orderCode}`}>
                    {e.orderCode}
                  </Link>
                ) : (
                  <p className="break-all text-xs text-slate-600">{e.entityId}</p>
                )}
              </>
            ),
          },
          {
            key: 'data',
            header: 'Chi tiết',
            cell: (e) => (
              <dl className="grid grid-cols-[auto_1fr] gap-x-2 text-xs">
                {Object.entries(e.data).map(([k, v]) => (
                  <div key={k} className="contents">
                    <dt className="text-slate-500">{k}</dt>
                    <dd className="break-all">{String(v)}</dd>
                  </div>
                ))}
              </dl>
            ),
          },
        ]}
      />
      <Pager path={PATH} searchParams={sp} nextCursor={body.nextCursor} />
    </>
  );
}
