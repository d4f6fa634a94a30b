import type { Metadata } from 'next';
import { ConsoleShell } from '../../../components/console/ConsoleShell';
import { Forbidden } from '../../../components/console/Forbidden';
import { RenewSession } from '../../../components/console/RenewSession';
import { staffSession } from '../../../lib/staff';
import './console.css';

export const metadata: Metadata = { title: { default: 'Quản trị', template: '%s | Quản trị Medicare' }, robots: { index: false, follow: false } };

/**
 * The staff console's own layout (no storefront header, cart or Redux store). The gate runs here on the server before
 * anything renders: staff (admin, pharmacist) get the shell; a 401 gets the session-renewal step (then the sign-in
 * page); a customer gets the 403 page. Pages repeat the check for their own role (components/console/gate.tsx).
 */
export default async function ConsoleLayout({ children }: { children: React.ReactNode }) {
  const s = await staffSession();
  if (s.state === 'signed-out') return <RenewSession />;
  if (s.state === 'forbidden') return <Forbidden roles={['admin', 'pharmacist']} signedInAs={s.me.email} standalone />;
  return <ConsoleShell me={s.me}>{children}</ConsoleShell>;
}
