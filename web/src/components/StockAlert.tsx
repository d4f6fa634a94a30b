'use client';
/** #17 "Báo khi có hàng" (ADR 0040): one click when signed in; a guest gives an email and confirms it once by a link. */
import { useState } from 'react';
import { useAppSelector } from '../store/hooks';

export function StockAlert({ productId }: { productId: string }) {
  const signedIn = useAppSelector((s) => Boolean(s.session.user));
  const [open, setOpen] = useState(false);
  const [email, setEmail] = useState('');
  const [state, setState] = useState<{ done?: string; error?: string; busy?: boolean }>({});
  const send = async (e?: React.FormEvent) => {
    e?.preventDefault();
    if (!signedIn && !open) return setOpen(true);
    setState({ busy: true });
    const res = await fetch('/v1/stock-alerts', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(signedIn ? { productId } : { productId, email }) }).catch(() => null);
    const body = (await res?.json().catch(() => null)) as { status?: string; error?: { message: string } } | null;
    if (!res?.ok) return setState({ error: body?.error?.message ?? 'Không gửi được, vui lòng thử lại.' });
    setState({ done: body?.status === 'pending' ? 'Vui lòng mở email và nhấn liên kết xác nhận.' : 'Chúng tôi sẽ gửi email khi sản phẩm có hàng.' });
  };
  if (state.done) return <p role="status" className="mt-3 rounded-lg bg-emerald-50 p-3 text-sm text-emerald-800">{state.done}</p>;
  return (
    <form onSubmit={send} className="mt-3 space-y-2" noValidate>
      {open && !signedIn && (
        <input type="email" required aria-label="Email nhận thông báo" placeholder="Email của bạn" value={email} onChange={(e) => setEmail(e.target.value)} className="w-full rounded-lg border px-3 py-2" />
      )}
      <button type="submit" disabled={state.busy} className="w-full rounded-lg border border-emerald-700 px-4 py-2 font-medium text-emerald-800 hover:bg-emerald-50">
        Báo khi có hàng
      </button>
      {state.error && <p role="alert" className="text-sm text-red-600">{state.error}</p>}
    </form>
  );
}
