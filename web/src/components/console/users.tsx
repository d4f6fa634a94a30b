'use client';
import type { InferRequestType, InferResponseType } from 'hono/client';
import { useRouter } from 'next/navigation';
import { useState } from 'react';
import { apiError, browserApi, type Api } from '../../lib/api';
import { Field, FormError, useHydrated } from '../Field';
import { ConfirmDialog } from './ConfirmDialog';
import { ROLE_LABELS } from './roles';
import { useToast } from './Toaster';
import { useAction } from './use-action';

export type UserRow = InferResponseType<Api['v1']['admin']['users']['$get'], 200>['items'][number];
type CreateBody = InferRequestType<Api['v1']['admin']['users']['$post']>['json'];
type PatchBody = InferRequestType<Api['v1']['admin']['users'][':id']['$patch']>['json'];

const ROLES = ['customer', 'pharmacist', 'admin'] as const satisfies ReadonlyArray<UserRow['role']>;
const EMPTY = { email: '', name: '', phone: '', role: 'pharmacist' as CreateBody['role'], practisingCertificate: '', password: '' };

/** Creates a pharmacist or admin account (POST /v1/admin/users); field errors from the api sit under their field. */
export function CreateUserForm() {
  const router = useRouter();
  const notify = useToast();
  const hydrated = useHydrated();
  const [f, setF] = useState(EMPTY);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [issues, setIssues] = useState<Record<string, string>>({});
  const set = (k: keyof typeof EMPTY) => (e: React.ChangeEvent<HTMLInputElement | HTMLSelectElement>) => setF({ ...f, [k]: e.target.value });

  const submit = async (e: React.FormEvent) => {
    e.preventDefault();
    setBusy(true);
    setError(null);
    setIssues({});
    const json: CreateBody = {
      email: f.email,
      name: f.name,
      role: f.role,
      password: f.password,
      phone: f.phone || undefined,
      practisingCertificate: f.role === 'pharmacist' && f.practisingCertificate ? f.practisingCertificate : undefined,
    };
    try {
      const res = await browserApi().v1.admin.users.$post({ json });
      if (!res.ok) {
        const fail = await apiError(res);
        setError(fail.message);
        setIssues(fail.issues);
        return;
      }
      const user = await res.json();
      notify('success', `Đã tạo tài khoản ${ROLE_LABELS[user.role]} ${user.email}.`);
      setF(EMPTY);
      router.refresh();
    } catch {
      setError('Không kết nối được tới máy chủ. Vui lòng thử lại.');
    } finally {
      setBusy(false);
    }
  };

  return (
    <form onSubmit={submit} className="mt-3 grid gap-3 sm:grid-cols-2" noValidate aria-label="Tạo tài khoản nhân viên">
      <Field label="Email" name="email" type="email" autoComplete="off" required value={f.email} onChange={set('email')} error={issues.email} />
      <Field label="Họ tên" name="name" required value={f.name} onChange={set('name')} error={issues.name} />
      <Field label="Số điện thoại (không bắt buộc)" name="phone" type="tel" value={f.phone} onChange={set('phone')} error={issues.phone} />
      <div className="space-y-1">
        <label htmlFor="new-role" className="block text-sm font-medium text-slate-700">
          Vai trò
        </label>
        <select id="new-role" name="role" value={f.role} onChange={set('role')} className="input">
          <option value="pharmacist">{ROLE_LABELS.pharmacist}</option>
          <option value="admin">{ROLE_LABELS.admin}</option>
        </select>
      </div>
      {f.role === 'pharmacist' && (
        <Field label="Số chứng chỉ hành nghề dược" name="practisingCertificate" value={f.practisingCertificate} onChange={set('practisingCertificate')} error={issues.practisingCertificate} />
      )}
      <Field label="Mật khẩu ban đầu" name="password" type="password" autoComplete="new-password" required value={f.password} onChange={set('password')} error={issues.password} hint="Ít nhất 8 ký tự; nhân viên nên đổi sau lần đăng nhập đầu." />
      <div className="space-y-2 sm:col-span-2">
        <FormError message={error} />
        <button type="submit" className="btn-primary" disabled={busy || !hydrated}>
          {busy ? 'Đang tạo…' : 'Tạo tài khoản'}
        </button>
      </div>
    </form>
  );
}

/** Role change and (de)activation of one account, each behind a confirmation (PATCH /v1/admin/users/{id}; audited). */
export function UserActions({ user }: { user: UserRow }) {
  const [role, setRole] = useState<UserRow['role']>(user.role);
  const run = useAction();
  const patch = (json: PatchBody, done: string) => run(() => browserApi().v1.admin.users[':id'].$patch({ param: { id: user.id }, json }), done);
  const deactivate = user.status === 'active';
  return (
    <div className="flex flex-wrap items-center gap-2">
      <label className="sr-only" htmlFor={`role-${user.id}`}>
        Vai trò mới cho {user.email}
      </label>
      <select id={`role-${user.id}`} value={role} onChange={(e) => setRole(ROLES.find((r) => r === e.target.value) ?? user.role)} className="input w-auto py-1">
        {ROLES.map((r) => (
          <option key={r} value={r}>
            {ROLE_LABELS[r]}
          </option>
        ))}
      </select>
      <ConfirmDialog
        trigger="Đổi vai trò"
        disabled={role === user.role}
        title="Đổi vai trò tài khoản?"
        body={
          <>
            {user.name} ({user.email}): {ROLE_LABELS[user.role]} → <strong>{ROLE_LABELS[role]}</strong>. Thay đổi có hiệu lực ngay và được ghi vào nhật ký.
          </>
        }
        confirmLabel="Đổi vai trò"
        onConfirm={() => patch({ role }, `Đã đổi vai trò của ${user.email} thành ${ROLE_LABELS[role]}.`)}
      />
      <ConfirmDialog
        trigger={deactivate ? 'Khóa' : 'Mở khóa'}
        danger={deactivate}
        title={deactivate ? 'Khóa tài khoản?' : 'Mở khóa tài khoản?'}
        body={deactivate ? `${user.email} sẽ bị đăng xuất khỏi mọi thiết bị và không đăng nhập được nữa.` : `${user.email} sẽ đăng nhập lại được.`}
        confirmLabel={deactivate ? 'Khóa tài khoản' : 'Mở khóa'}
        onConfirm={() => patch({ status: deactivate ? 'deactivated' : 'active' }, deactivate ? `Đã khóa ${user.email}.` : `Đã mở khóa ${user.email}.`)}
      />
    </div>
  );
}
