import { SCREEN_ROLES, staffSession, type Me, type Screen, type StaffRole } from '../../lib/staff';
import type { Api } from '../../lib/api';
import { Forbidden } from './Forbidden';
import { roleLabel } from './roles';

/**
 * Every console page starts with `const g = await gate('users'); if (!g.ok) return g.view;` — the server decides from
 * `/v1/me` before the page fetches or renders anything. (The layout shows the sign-in step or the 403 page for
 * non-staff; a staff member without the screen's role gets the 403 page inside the console.)
 */
export async function gate(screen: Screen): Promise<{ ok: true; me: Me & { role: StaffRole }; api: Api } | { ok: false; view: React.ReactElement | null }> {
  const s = await staffSession();
  if (s.state !== 'staff') return { ok: false, view: null };
  const roles: readonly StaffRole[] = SCREEN_ROLES[screen];
  if (!roles.includes(s.me.role)) return { ok: false, view: <Forbidden roles={roles} signedInAs={`${s.me.email} (${roleLabel(s.me.role)})`} /> };
  return { ok: true, me: s.me, api: s.api };
}
