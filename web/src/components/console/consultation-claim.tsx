'use client';
import { useRouter } from 'next/navigation';
import { useState } from 'react';
import { apiError, browserApi } from '../../lib/api';
import { useHydrated } from '../Field';
import { useToast } from './Toaster';

const OFFLINE = 'Không kết nối được tới máy chủ. Vui lòng thử lại.';

/** "Nhận xử lý": claims the consultation for the signed-in pharmacist (one holder at a time, decided by the api). */
export function ClaimButton({ id, code, stay = false }: { id: string; code: string; stay?: boolean }) {
  const router = useRouter();
  const notify = useToast();
  const hydrated = useHydrated();
  const [busy, setBusy] = useState(false);
  const claim = async () => {
    setBusy(true);
    try {
      const res = await browserApi().v1.pharmacist.consultations[':id'].claim.$post({ param: { id } });
      if (!res.ok) {
        const err = await apiError(res);
        const d = err.details;
        const holder = d && typeof d === 'object' && 'holderName' in d && typeof d.holderName === 'string' ? d.holderName : null;
        notify('error', holder ? `Phiếu ${code} đang do dược sĩ ${holder} xử lý.` : err.message);
        router.refresh();
        return;
      }
      notify('success', `Bạn đã nhận xử lý phiếu ${code}.`);
      if (stay) router.refresh();
      else router.push(`/quan-tri/tu-van/${id}`);
    } catch {
      notify('error', OFFLINE);
    } finally {
      setBusy(false);
    }
  };
  return (
    <button type="button" className="btn-primary" disabled={!hydrated || busy} onClick={() => void claim()} aria-label={`Nhận xử lý phiếu ${code}`}>
      {busy ? 'Đang nhận…' : 'Nhận xử lý'}
    </button>
  );
}

