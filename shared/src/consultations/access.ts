/**
 * Who may see a consultation: the ONE rule (ADR 0029) behind the shopper's list and page, the cancel, the quote, the
 * file links and the staff views. The owner account, the guest identity that created it, or staff (pharmacists and
 * admins read; what they may DO is the state table's decision). Anyone else gets a 404 (never 403: the code's
 * existence is not confirmed).
 *
 * The guest identity is the `mc_gc` cookie (HttpOnly, signed, 24 h): a guest who confirmed the one-time code emailed
 * to them (name + phone + email). A consultation made by that guest matches on the phone AND the email; a guest
 * consultation without an email (a chat guest handed over) is readable by staff only.
 */
import { normalizeEmail, normalizeVietnamesePhone } from '../auth/policy';
import { signScoped, verifyScoped, verifyScopedOrExpired } from '../auth/signed';

export interface GuestIdentity {
  name: string;
  phone: string;
  email: string;
}

export interface ConsultationParties {
  userId: string | null;
  guestPhone: string | null;
  guestEmail: string | null;
}

export interface ConsultationAsker {
  principal?: { userId: string; role: string } | null;
  guest?: GuestIdentity | null;
}

/** Staff roles that read every consultation. */
export const CONSULTATION_READER_ROLES: ReadonlySet<string> = new Set(['admin', 'pharmacist']);

export const isOwner = (c: ConsultationParties, a: ConsultationAsker): boolean => {
  if (a.principal && c.userId !== null && a.principal.userId === c.userId) return true;
  if (c.userId !== null || !a.guest || !c.guestPhone || !c.guestEmail) return false;
  return normalizeVietnamesePhone(a.guest.phone) === c.guestPhone && normalizeEmail(a.guest.email) === c.guestEmail;
};

export const isStaffReader = (a: ConsultationAsker): boolean => !!a.principal && CONSULTATION_READER_ROLES.has(a.principal.role);

export function mayViewConsultation(c: ConsultationParties, a: ConsultationAsker): boolean {
  return isOwner(c, a) || isStaffReader(a);
}

// ---- The guest identity cookie -----------------------------------------------------------------------------------
export const GUEST_COOKIE = 'mc_gc';
export const GUEST_COOKIE_TTL_SECONDS = 24 * 3600;
/** Sent to the consultation API only. */
export const GUEST_COOKIE_PATH = '/v1/consultations';

export function issueGuestIdentity(secret: string, g: GuestIdentity, nowSeconds: number): Promise<string> {
  return signScoped(secret, 'consultation-guest', g.phone, GUEST_COOKIE_TTL_SECONDS, nowSeconds, { email: g.email, name: g.name });
}

export async function readGuestIdentity(secret: string, token: string | null | undefined, nowSeconds: number): Promise<GuestIdentity | null> {
  if (!token) return null;
  const p = await verifyScoped(secret, 'consultation-guest', token, GUEST_COOKIE_TTL_SECONDS, nowSeconds);
  if (!p || typeof p.email !== 'string' || typeof p.name !== 'string') return null;
  return { phone: p.sub, email: p.email, name: p.name };
}

// ---- The guest link in emails (7 days): restores the guest identity cookie --------------------------------------
export const GUEST_LINK_TTL_SECONDS = 7 * 24 * 3600;

export function issueGuestLink(secret: string, code: string, nowSeconds: number): Promise<string> {
  return signScoped(secret, 'consultation-link', code, GUEST_LINK_TTL_SECONDS, nowSeconds);
}

/** The consultation code the link was made for, when it is genuine and unexpired. */
export async function readGuestLink(secret: string, token: string, nowSeconds: number): Promise<string | null> {
  const p = await verifyScoped(secret, 'consultation-link', token, GUEST_LINK_TTL_SECONDS, nowSeconds);
  return p?.sub ?? null;
}

// ---- Signed file links (5 minutes) -------------------------------------------------------------------------------
export const FILE_LINK_TTL_SECONDS = 5 * 60;
export const fileLinkPath = (token: string) => `/v1/consultation-files/${token}`;

/** A link to one file, valid 5 minutes. Issued only by routes that checked `mayViewConsultation`. */
export async function issueFileLink(secret: string, fileId: string, nowSeconds: number): Promise<{ url: string; expiresAt: number }> {
  const token = await signScoped(secret, 'consultation-file', fileId, FILE_LINK_TTL_SECONDS, nowSeconds);
  return { url: fileLinkPath(token), expiresAt: (nowSeconds + FILE_LINK_TTL_SECONDS) * 1000 };
}

/** The file id of a link: `{ fileId }`, or `expired` for a genuine link whose time is over, or null for anything else. */
export async function readFileLink(secret: string, token: string, nowSeconds: number): Promise<{ fileId: string } | 'expired' | null> {
  const r = await verifyScopedOrExpired(secret, 'consultation-file', token, FILE_LINK_TTL_SECONDS, nowSeconds);
  if (r.ok) return { fileId: r.claims.sub };
  return r.expired ? 'expired' : null;
}
