import Link from 'next/link';
import { ROLE_LABELS } from './roles';

/**
 * The 403 page: a signed-in account without the role a console screen needs. Says which role sees the screen; no
 * staff data is fetched for it.
 */
export function Forbidden({ roles, signedInAs, standalone = false }: { roles: readonly string[]; signedInAs: string; standalone?: boolean }) {
  const body = (
    <div className="mx-auto max-w-lg rounded-xl bg-white p-8 text-center" data-testid="forbidden">
      <p className="mb-1 text-sm font-semibold text-red-700">Lỗi 403</p>
      <h1 className="mb-2 text-2xl font-bold">Bạn không có quyền truy cập trang này</h1>
      <p className="mb-6 text-slate-600">
        Trang này dành cho {roles.map((r) => ROLE_LABELS[r] ?? r).join(', ')}. Bạn đang đăng nhập với tài khoản {signedInAs}.
      </p>
      <div className="flex justify-center gap-3">
        {standalone ? (
          <Link href="/" className="rounded-lg bg-emerald-700 px-4 py-2 font-semibold text-white">
            Về trang chủ
          </Link>
        ) : (
          <Link href="/quan-tri" className="rounded-lg bg-emerald-700 px-4 py-2 font-semibold text-white">
            Về trang tổng quan
          </Link>
        )}
      </div>
    </div>
  );
  return standalone ? <main className="grid min-h-screen place-items-center p-6">{body}</main> : body;
}
