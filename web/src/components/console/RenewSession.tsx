'use client';
import { useEffect } from 'react';
import { signInHref } from '../../lib/safe-next';

const ATTEMPT_KEY = 'medicare.console.renewedAt';

/**
 * Shown by the console's server gate when `/v1/me` answers 401, before any staff data is rendered. The access token
 * lives 15 minutes; the refresh cookie is scoped to /v1/auth, so only the browser can renew it: one POST
 * /v1/auth/refresh, then a reload that passes the gate again. If there is no session (or a renewal was just tried and
 * the gate still refused it), the sign-in page, coming back here afterwards (`next`, checked by safeNextPath).
 */
export function RenewSession() {
  useEffect(() => {
    const here = `${window.location.pathname}${window.location.search}`;
    const toSignIn = () => window.location.replace(signInHref(here));
    const last = Number(window.sessionStorage.getItem(ATTEMPT_KEY) ?? 0);
    if (Date.now() - last < 10_000) {
      window.sessionStorage.removeItem(ATTEMPT_KEY);
      return toSignIn();
    }
    fetch('/v1/auth/refresh', { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}', credentials: 'same-origin' })
      .then((r) => {
        if (!r.ok) return toSignIn();
        window.sessionStorage.setItem(ATTEMPT_KEY, String(Date.now()));
        window.location.reload();
      })
      .catch(toSignIn);
  }, []);
  return (
    <main className="grid min-h-screen place-items-center p-6">
      <p role="status" className="text-slate-600">
        Đang kiểm tra phiên đăng nhập…
      </p>
    </main>
  );
}

/** After a successful gate: forget the renewal marker, so a later expiry gets its own refresh attempt. */
export function SessionRenewed() {
  useEffect(() => window.sessionStorage.removeItem(ATTEMPT_KEY), []);
  return null;
}
