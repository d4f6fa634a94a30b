'use client';
import Link from 'next/link';
import { useRouter } from 'next/navigation';
import { useEffect, useState } from 'react';
import { apiError, browserApi } from '../../lib/api';

/** Reads the email link's token from the fragment (or `?t=`), restores the guest identity, opens the consultation. */
export function GuestLink() {
  const router = useRouter();
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    const fromHash = new URLSearchParams(window.location.hash.slice(1)).get('t');
    const token = fromHash ?? new URLSearchParams(window.location.search).get('t');
    history.replaceState(null, '', window.location.pathname); // the token leaves the address bar and history at once
    if (!token) return setError('Đường dẫn không đầy đủ. Vui lòng mở lại đường dẫn trong email Medicare đã gửi cho bạn.');
    void (async () => {
      try {
        const res = await browserApi().v1.consultations['guest-link'].$post({ json: { token } });
        if (!res.ok) return setError((await apiError(res)).message);
        router.replace(`/tai-khoan/don-thuoc/${(await res.json()).code}`);
      } catch {
        setError('Không kết nối được tới Medicare. Vui lòng kiểm tra mạng và thử lại.');
      }
    })();
  }, [router]);
  return (
    <div className="mx-auto max-w-lg space-y-3 rounded-xl bg-white p-6" aria-live="polite">
      {error ? (
        <>
          <p role="alert" className="text-red-700">
            {error}
          </p>
          <Link href="/tu-van-duoc-si" className="inline-block rounded-lg bg-emerald-700 px-4 py-2 font-semibold text-white">
            Gửi yêu cầu tư vấn mới
          </Link>
        </>
      ) : (
        <p aria-busy="true">Đang mở yêu cầu tư vấn của bạn…</p>
      )}
    </div>
  );
}
