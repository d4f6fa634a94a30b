'use client';
import { useEffect, useState } from 'react';
import type { InferResponseType } from 'hono/client';
import { apiError, browserApi, type Api } from '../lib/api';
import { useSubmit } from '../lib/use-submit';
import { useAppDispatch, useAppSelector } from '../store/hooks';
import { sessionActions } from '../store/session';
import { uiActions } from '../store/ui';
import { Field, FormError, SubmitButton, useHydrated } from './Field';
import { ProvinceWard } from './ProvinceWard';

const card = 'space-y-4 rounded-xl bg-white p-4';

export function ProfileSection() {
  const dispatch = useAppDispatch();
  const user = useAppSelector((s) => s.session.user)!;
  const [f, setF] = useState({ name: user.name, phone: user.phone ?? '' });
  const { busy, error, submit } = useSubmit();
  const save = async (e: React.FormEvent) => {
    e.preventDefault();
    const updated = await submit(() => browserApi().v1.me.$patch({ json: { name: f.name, phone: f.phone || null } }));
    if (!updated) return;
    dispatch(sessionActions.signedIn(updated));
    dispatch(uiActions.toast('success', 'Đã lưu thông tin cá nhân.'));
  };
  return (
    <form onSubmit={save} className={card} noValidate>
      <h2 className="text-lg font-semibold">Thông tin cá nhân</h2>
      <Field label="Họ và tên" name="profile-name" value={f.name} onChange={(e) => setF({ ...f, name: e.target.value })} />
      <Field label="Số điện thoại" name="profile-phone" type="tel" value={f.phone} onChange={(e) => setF({ ...f, phone: e.target.value })} />
      <FormError message={error} />
      <SubmitButton busy={busy}>Lưu</SubmitButton>
    </form>
  );
}

export function PasswordSection() {
  const dispatch = useAppDispatch();
  const [f, setF] = useState({ currentPassword: '', newPassword: '' });
  const { busy, error, submit } = useSubmit();
  const save = async (e: React.FormEvent) => {
    e.preventDefault();
    if (!(await submit(() => browserApi().v1.me.password.$post({ json: f })))) return;
    setF({ currentPassword: '', newPassword: '' });
    dispatch(uiActions.toast('success', 'Đã đổi mật khẩu. Các thiết bị khác đã được đăng xuất.'));
  };
  return (
    <form onSubmit={save} className={card} noValidate>
      <h2 className="text-lg font-semibold">Đổi mật khẩu</h2>
      <Field label="Mật khẩu hiện tại" name="currentPassword" type="password" autoComplete="current-password" value={f.currentPassword} onChange={(e) => setF({ ...f, currentPassword: e.target.value })} />
      <Field label="Mật khẩu mới" name="newPassword" type="password" autoComplete="new-password" value={f.newPassword} onChange={(e) => setF({ ...f, newPassword: e.target.value })} hint="Ít nhất 8 ký tự." />
      <FormError message={error} />
      <SubmitButton busy={busy}>Đổi mật khẩu</SubmitButton>
    </form>
  );
}

type Address = InferResponseType<Api['v1']['me']['addresses']['$get'], 200>['items'][number];

export function AddressSection() {
  const hydrated = useHydrated();
  const dispatch = useAppDispatch();
  const [items, setItems] = useState<Address[] | null>(null);
  const [adding, setAdding] = useState(false);
  const [f, setF] = useState({ recipientName: '', phone: '', provinceCode: '', wardCode: '', street: '', isDefault: false });
  const [error, setError] = useState<string | null>(null);
  const api = browserApi();
  const load = async () => {
    const r = await api.v1.me.addresses.$get();
    setItems(r.ok ? (await r.json()).items : []);
  };
  useEffect(() => {
    void load();
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, []);
  const act = async (p: Promise<{ ok: boolean; status: number; json(): Promise<unknown> }>, ok: string) => {
    const res = await p;
    if (!res.ok) return dispatch(uiActions.toast('error', (await apiError(res)).message));
    dispatch(uiActions.toast('success', ok));
    await load();
  };
  const add = async (e: React.FormEvent) => {
    e.preventDefault();
    setError(null);
    const res = await api.v1.me.addresses.$post({ json: f });
    if (!res.ok) return setError((await apiError(res)).message);
    setAdding(false);
    setF({ recipientName: '', phone: '', provinceCode: '', wardCode: '', street: '', isDefault: false });
    dispatch(uiActions.toast('success', 'Đã thêm địa chỉ.'));
    await load();
  };
  return (
    <section className={card}>
      <h2 className="text-lg font-semibold">Sổ địa chỉ</h2>
      {items === null ? (
        <div className="h-16 animate-pulse rounded bg-slate-100" />
      ) : (
        <ul className="divide-y divide-slate-100 text-sm">
          {items.map((a) => (
            <li key={a.id} className="flex flex-wrap items-center justify-between gap-2 py-2">
              <span>
                <span className="font-medium">{a.recipientName}</span> · {a.phone}
                {a.isDefault && <span className="ml-2 rounded bg-emerald-100 px-1.5 text-xs text-emerald-800">Mặc định</span>}
                <span className="block text-slate-600">
                  {a.street}, {a.ward.name}, {a.province.name}
                </span>
              </span>
              <span className="flex gap-3">
                {!a.isDefault && (
                  <button type="button" className="text-emerald-700 hover:underline" onClick={() => act(api.v1.me.addresses[':id'].$patch({ param: { id: a.id }, json: { isDefault: true } }), 'Đã đặt làm địa chỉ mặc định.')}>
                    Đặt mặc định
                  </button>
                )}
                <button type="button" className="text-red-600 hover:underline" onClick={() => act(api.v1.me.addresses[':id'].$delete({ param: { id: a.id } }), 'Đã xóa địa chỉ.')}>
                  Xóa
                </button>
              </span>
            </li>
          ))}
          {items.length === 0 && <li className="py-2 text-slate-600">Chưa có địa chỉ nào.</li>}
        </ul>
      )}
      {adding ? (
        <form onSubmit={add} className="space-y-3 border-t border-slate-200 pt-3" noValidate>
          <div className="grid gap-3 sm:grid-cols-2">
            <Field label="Họ tên người nhận" name="addr-name" value={f.recipientName} onChange={(e) => setF({ ...f, recipientName: e.target.value })} />
            <Field label="Số điện thoại" name="addr-phone" type="tel" value={f.phone} onChange={(e) => setF({ ...f, phone: e.target.value })} />
          </div>
          <ProvinceWard provinceCode={f.provinceCode} wardCode={f.wardCode} onChange={(v) => setF({ ...f, ...v })} />
          <Field label="Số nhà, tên đường" name="addr-street" value={f.street} onChange={(e) => setF({ ...f, street: e.target.value })} />
          <label className="flex items-center gap-2 text-sm">
            <input type="checkbox" checked={f.isDefault} onChange={(e) => setF({ ...f, isDefault: e.target.checked })} /> Đặt làm địa chỉ mặc định
          </label>
          <FormError message={error} />
          <div className="flex gap-2">
            <button type="submit" disabled={!hydrated} className="rounded-lg bg-emerald-700 px-4 py-2 font-semibold text-white">
              Lưu địa chỉ
            </button>
            <button type="button" className="rounded-lg border border-slate-300 px-4 py-2" onClick={() => setAdding(false)}>
              Hủy
            </button>
          </div>
        </form>
      ) : (
        <button type="button" className="rounded-lg border border-emerald-700 px-4 py-2 text-sm font-medium text-emerald-700" onClick={() => setAdding(true)}>
          Thêm địa chỉ
        </button>
      )}
    </section>
  );
}

type SignIn = InferResponseType<Api['v1']['me']['sessions']['$get'], 200>['items'][number];

export function SessionsSection() {
  const dispatch = useAppDispatch();
  const [items, setItems] = useState<SignIn[] | null>(null);
  const load = async () => {
    const r = await browserApi().v1.me.sessions.$get();
    setItems(r.ok ? (await r.json()).items : []);
  };
  useEffect(() => {
    void load();
  }, []);
  const revoke = async (id: string) => {
    const res = await browserApi().v1.me.sessions[':id'].$delete({ param: { id } });
    dispatch(res.ok ? uiActions.toast('success', 'Đã đăng xuất thiết bị.') : uiActions.toast('error', (await apiError(res)).message));
    await load();
  };
  return (
    <section className={card}>
      <h2 className="text-lg font-semibold">Thiết bị đang đăng nhập</h2>
      <ul className="divide-y divide-slate-100 text-sm">
        {(items ?? []).map((s) => (
          <li key={s.id} className="flex items-center justify-between gap-3 py-2">
            <span>
              <span className="block">{s.userAgent ? s.userAgent.slice(0, 80) : 'Thiết bị không rõ'}</span>
              <span className="text-xs text-slate-500">Hoạt động lần cuối {new Date(s.lastUsedAt).toLocaleString('vi-VN', { timeZone: 'Asia/Ho_Chi_Minh' })}</span>
            </span>
            {s.current ? (
              <span className="text-xs font-medium text-emerald-700">Thiết bị này</span>
            ) : (
              <button type="button" className="text-red-600 hover:underline" onClick={() => revoke(s.id)}>
                Đăng xuất
              </button>
            )}
          </li>
        ))}
      </ul>
    </section>
  );
}

export { DataRightsSection } from './DataRights'; // #17 legal: data export and account deletion
export { MyReviewsSection } from './reviews/MyReviews'; // #17 reviews: "Đánh giá của tôi"
/** #17 alerts: refill reminders (own component). */
export { RefillRemindersSection } from './RefillReminders';
