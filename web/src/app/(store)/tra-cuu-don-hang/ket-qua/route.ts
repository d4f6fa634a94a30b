/**
 * The lookup form's target (POST, so the phone number never appears in a URL). Asks the api Worker to check the code
 * and phone; on success the api's answer sets the order's guest pass (an HttpOnly cookie scoped to that order) and the
 * shopper is sent to the order page with a relative Location, so the browser stays on the storefront's own origin
 * whatever host the request was addressed to inside the platform.
 */
import { apiFetcher } from '../../../../lib/api';

const ERRORS: Record<number, string> = { 404: 'khong-tim-thay', 429: 'qua-nhieu-lan', 400: 'khong-hop-le' };

function seeOther(location: string, headers = new Headers()): Response {
  headers.set('location', location);
  headers.set('cache-control', 'no-store');
  return new Response(null, { status: 303, headers });
}

/** A code and a phone number fit in far less; a larger form is refused before it is read. */
const MAX_FORM_BYTES = 2048;

export async function POST(req: Request): Promise<Response> {
  if (Number(req.headers.get('content-length') ?? MAX_FORM_BYTES + 1) > MAX_FORM_BYTES) return seeOther('/tra-cuu-don-hang?loi=khong-hop-le');
  const form = await req.formData().catch(() => null);
  const code = String(form?.get('code') ?? '').trim().toUpperCase();
  const phone = String(form?.get('phone') ?? '').trim();
  if (!/^MC[0-9A-Z]{8}$/.test(code) || !phone || phone.length > 20) return seeOther('/tra-cuu-don-hang?loi=khong-hop-le');
  const { origin, fetch: f } = await apiFetcher();
  const headers = new Headers({ 'content-type': 'application/json' });
  // The per-IP limit counts the shopper's address, which Cloudflare's edge set on this request.
  const ip = req.headers.get('cf-connecting-ip');
  if (ip) headers.set('cf-connecting-ip', ip);
  const res = await f(`${origin}/v1/orders/lookup`, { method: 'POST', headers, body: JSON.stringify({ code, phone }), redirect: 'manual' });
  if (!res.ok) return seeOther(`/tra-cuu-don-hang?loi=${ERRORS[res.status] ?? 'loi-he-thong'}`);
  const out = new Headers();
  for (const cookie of res.headers.getSetCookie()) out.append('set-cookie', cookie);
  return seeOther(`/don-hang/${code}`, out);
}

/** Old links (and form submissions from a cached page) land back on the form, never carrying the phone further. */
export function GET(): Response {
  return seeOther('/tra-cuu-don-hang');
}
