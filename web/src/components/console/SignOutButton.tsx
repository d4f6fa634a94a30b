'use client';
import { useState } from 'react';
import { browserApi } from '../../lib/api';
import { useHydrated } from '../Field';

/** Revokes this sign-in (POST /v1/auth/logout clears the cookies), then leaves the console for the sign-in page. */
export function SignOutButton() {
  const hydrated = useHydrated();
  const [busy, setBusy] = useState(false);
  const signOut = async () => {
    setBusy(true);
    await browserApi()
      .v1.auth.logout.$post({ json: {}, header: {} })
      .catch(() => null);
    window.location.assign('/dang-nhap');
  };
  return (
    <button type="button" onClick={signOut} disabled={!hydrated || busy} className="btn-secondary">
      {busy ? 'Đang đăng xuất…' : 'Đăng xuất'}
    </button>
  );
}
