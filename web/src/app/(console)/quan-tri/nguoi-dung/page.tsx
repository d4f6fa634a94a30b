import type { Metadata } from 'next';
import { FilterBar, FilterField } from '../../../../components/console/FilterBar';
import { gate } from '../../../../components/console/gate';
import { ROLE_LABELS, STATUS_LABELS } from '../../../../components/console/roles';
import { ScreenHeader } from '../../../../components/console/ScreenHeader';
import { DataTable, formatDateTime, Pager, param, type SearchParams } from '../../../../components/console/table';
import { CreateUserForm, UserActions, type UserRow } from '../../../../components/console/users';
import { LoadFailed } from '../../../../components/console/LoadFailed';

export const metadata: Metadata = { title: 'Người dùng' };

const PATH = '/quan-tri/nguoi-dung';
const ROLES = ['customer', 'pharmacist', 'admin'] as const;
const STATUSES = ['active', 'deactivated'] as const;
const oneOf = <T extends string>(values: readonly T[], v: string | undefined): T | undefined => values.find((x) => x === v);

/** Users (admin only): list and search accounts, create pharmacists and admins, change role and status. */
export default async function UsersPage({ searchParams }: { searchParams: Promise<SearchParams> }) {
  const g = await gate('users');
  if (!g.ok) return g.view;
  const sp = await searchParams;
  const q = param(sp, 'q');
  const role = oneOf(ROLES, param(sp, 'role'));
  const status = oneOf(STATUSES, param(sp, 'status'));
  const res = await g.api.v1.admin.users.$get({ query: { q, role, status, cursor: param(sp, 'cursor'), limit: '25' } });
  return (
    <div>
      <ScreenHeader screen="users" title="Người dùng" />
      <details className="mb-4 rounded-xl border border-slate-200 bg-white p-3">
        <summary className="cursor-pointer font-semibold">Tạo tài khoản dược sĩ hoặc quản trị viên</summary>
        <CreateUserForm />
      </details>
      <FilterBar action={PATH}>
        <FilterField name="q" type="search" label="Tìm theo email, tên, số điện thoại" defaultValue={q} className="flex-1" />
        <FilterField name="role" label="Vai trò" defaultValue={role} options={ROLES.map((r) => [r, ROLE_LABELS[r]!])} />
        <FilterField name="status" label="Trạng thái" defaultValue={status} options={STATUSES.map((s) => [s, STATUS_LABELS[s]!])} />
      </FilterBar>
      {!res.ok ? (
        <LoadFailed res={res} />
      ) : (
        <UsersTable sp={sp} selfId={g.me.id} body={await res.json()} />
      )}
    </div>
  );
}

function UsersTable({ sp, body, selfId }: { sp: SearchParams; body: { items: UserRow[]; nextCursor: string | null }; selfId: string }) {
  return (
    <>
      <DataTable<UserRow>
        caption="Danh sách tài khoản"
        testId="users-table"
        path={PATH}
        searchParams={sp}
        rows={body.items}
        rowKey={(u) => u.id}
        empty="Không có tài khoản nào khớp bộ lọc."
        columns={[
          {
            key: 'name',
            header: 'Họ tên',
            cell: (u) => (
              <>
                <p className="font-medium">{u.name}</p>
                <p className="text-slate-600">{u.email}</p>
              </>
            ),
          },
          { key: 'phone', header: 'Điện thoại', cell: (u) => u.phone ?? '—' },
          { key: 'role', header: 'Vai trò', cell: (u) => ROLE_LABELS[u.role] },
          { key: 'status', header: 'Trạng thái', cell: (u) => <span className={u.status === 'active' ? 'text-emerald-800' : 'text-red-700'}>{STATUS_LABELS[u.status]}</span> },
          { key: 'created', header: 'Ngày tạo', cell: (u) => formatDateTime(u.createdAt) },
          { key: 'actions', header: 'Thao tác', cell: (u) => (u.id === selfId ? <span className="text-slate-500">Tài khoản của bạn</span> : <UserActions user={u} />) },
        ]}
      />
      <Pager path={PATH} searchParams={sp} nextCursor={body.nextCursor} />
    </>
  );
}
