'use client';
import Link from 'next/link';
import { useState } from 'react';
import { apiError, browserApi } from '../lib/api';
import { useSubmit } from '../lib/use-submit';
import { useAppDispatch } from '../store/hooks';
import { uiActions } from '../store/ui';
import { Field, FormError, useHydrated } from './Field';

/**
 * "Dữ liệu của tôi" (#17 legal, ADR 0041): download the account's data (JSON, GET /v1/me/export) and delete the
 * account (password re-check, POST /v1/me/deletion). Rights under Decree 13/2023/NĐ-CP.
 */
export function DataRightsSection() {
  const dispatch = useAppDispatch();
  const hydrated = useHydrated();
  const [exporting, setExporting] = useState(false);
  const [deleting, setDeleting] = useState(false);
  const [password, setPassword] = useState('');
  const { busy, error, submit } = useSubmit();

  const download = async () => {
    setExporting(true);
    try {
      const res = await browserApi().v1.me.export.$get();
      if (!res.ok) return void dispatch(uiActions.toast('error', (await apiError(res)).message));
      const doc = await res.json();
      const url = URL.createObjectURL(new Blob([JSON.stringify(doc, null, 2)], { type: 'application/json' }));
      const a = Object.assign(document.createElement('a'), { href: url, download: `medicare-du-lieu-${new Date(doc.exportedAt).toISOString().slice(0, 10)}.json` });
      document.body.appendChild(a);
      a.click();
      a.remove();
      setTimeout(() => URL.revokeObjectURL(url), 1000);
      dispatch(uiActions.toast('success', 'Đã tải dữ liệu tài khoản.'));
    } catch {
      dispatch(uiActions.toast('error', 'Không kết nối được tới Medicare. Vui lòng thử lại.'));
    } finally {
      setExporting(false);
    }
  };

  const remove = async (e: React.FormEvent) => {
    e.preventDefault();
    const done = await submit(() => browserApi().v1.me.deletion.$post({ json: { password } }));
    if (!done) return;
    // A full load of the home page: every piece of client state goes with the account. Signing out in the store
    // first would let the account page redirect to the sign-in page before the navigation home.
    window.location.replace('/');
  };

  return (
    <section className="space-y-4 rounded-xl bg-white p-4" aria-labelledby="du-lieu-cua-toi">
      <h2 id="du-lieu-cua-toi" className="text-lg font-semibold">
        Dữ liệu của tôi
      </h2>
      <p className="text-sm text-slate-600">
        Tải về toàn bộ dữ liệu Medicare lưu về bạn (thông tin tài khoản, sổ địa chỉ, các lần đồng ý chính sách, đơn hàng, yêu cầu tư vấn) dưới dạng tệp JSON. Xem{' '}
        <Link href="/chinh-sach/chinh-sach-bao-mat" className="text-emerald-700 underline">
          Chính sách bảo mật
        </Link>
        .
      </p>
      <button type="button" onClick={download} disabled={exporting || !hydrated} className="rounded-lg border border-emerald-700 px-4 py-2 text-sm font-medium text-emerald-700 disabled:opacity-60">
        {exporting ? 'Đang chuẩn bị…' : 'Tải dữ liệu (JSON)'}
      </button>
      {deleting ? (
        <form onSubmit={remove} className="space-y-3 border-t border-slate-200 pt-3" noValidate>
          <p className="text-sm text-slate-700">
            Xóa tài khoản là vĩnh viễn: họ tên, email, số điện thoại, sổ địa chỉ và nội dung sức khỏe trong yêu cầu tư vấn bị xóa, mọi thiết bị bị đăng xuất. Đơn hàng và hóa đơn được lưu giữ theo quy định kế toán (10 năm) nhưng không còn gắn với thông tin liên lạc của bạn.
          </p>
          <Field label="Nhập mật khẩu để xác nhận" name="delete-password" type="password" autoComplete="current-password" value={password} onChange={(e) => setPassword(e.target.value)} />
          <FormError message={error} />
          <div className="flex flex-wrap gap-2">
            <button type="submit" disabled={busy || !hydrated || !password} className="rounded-lg bg-red-700 px-4 py-2 text-sm font-semibold text-white hover:bg-red-800 disabled:opacity-60">
              {busy ? 'Đang xử lý…' : 'Xóa vĩnh viễn tài khoản'}
            </button>
            <button type="button" className="rounded-lg border border-slate-300 px-4 py-2 text-sm" onClick={() => setDeleting(false)}>
              Hủy
            </button>
          </div>
        </form>
      ) : (
        <button type="button" onClick={() => setDeleting(true)} className="block text-sm text-red-700 hover:underline">
          Yêu cầu xóa tài khoản
        </button>
      )}
    </section>
  );
}
