/**
 * Same-origin gateway to the api Worker: the browser calls `/v1/...` on the storefront's origin and this forwards the
 * request unchanged (method, headers, cookies, body) through the service binding (or the local api in development),
 * streaming the answer back with its `Set-Cookie` headers. Cookies therefore stay first-party and HttpOnly.
 */
import { apiFetcher } from '../../../lib/api';

const HOP_BY_HOP = ['host', 'connection', 'content-length', 'accept-encoding'];

async function forward(req: Request): Promise<Response> {
  const { origin, fetch: f } = await apiFetcher();
  const url = new URL(req.url);
  const headers = new Headers(req.headers);
  for (const h of HOP_BY_HOP) headers.delete(h);
  headers.set('x-forwarded-host', url.host);
  const hasBody = !['GET', 'HEAD'].includes(req.method);
  // The body is streamed, never buffered here: the api Worker's per-route size limits stop an oversized body after
  // its first bytes over the cap (413), instead of this Worker reading all of it into memory first.
  const init: RequestInit & { duplex?: 'half' } = { method: req.method, headers, redirect: 'manual' };
  if (hasBody && req.body) Object.assign(init, { body: req.body, duplex: 'half' });
  const res = await f(`${origin}${url.pathname}${url.search}`, init);
  const out = new Headers(res.headers);
  out.delete('content-encoding');
  out.delete('content-length');
  return new Response(res.body, { status: res.status, statusText: res.statusText, headers: out });
}

export const GET = forward;
export const POST = forward;
export const PUT = forward;
export const PATCH = forward;
export const DELETE = forward;
export const dynamic = 'force-dynamic';
