/**
 * The storefront's Content-Security-Policy, one per response with a fresh nonce (set by src/middleware.ts, which
 * hands the nonce to Next through the request's own CSP header, so Next stamps it on every script it renders).
 * - scripts: only those carrying the nonce, and what they load ('strict-dynamic'); no inline handlers, no eval
 *   (except under `next dev`, whose refresh runtime needs eval);
 * - styles: the app's stylesheets and nonced inline styles (un-nonced inline under `next dev`, for its hot reload); inline `style` attributes (next/image's layout) stay allowed;
 * - images: same origin (product images come through /v1/images) and SePay's VietQR service;
 * - connections: same origin only (the /v1 gateway, the payment event stream);
 * - no framing, no plugins, no foreign form targets or base URLs.
 */
export const VIETQR_IMAGE_ORIGIN = 'https://qr.sepay.vn';

export function contentSecurityPolicy(nonce: string, dev = false): string {
  const directives: Record<string, string[]> = {
    'default-src': ["'self'"],
    'script-src': ["'self'", `'nonce-${nonce}'`, "'strict-dynamic'", ...(dev ? ["'unsafe-eval'"] : [])],
    // `next dev` injects its hot-reloaded CSS as un-nonced <style> tags; a nonce would make browsers ignore
    // 'unsafe-inline', so dev gets 'unsafe-inline' alone. Production styles carry the nonce.
    'style-src': ["'self'", ...(dev ? ["'unsafe-inline'"] : [`'nonce-${nonce}'`])],
    'style-src-attr': ["'unsafe-inline'"],
    'img-src': ["'self'", 'data:', VIETQR_IMAGE_ORIGIN],
    'font-src': ["'self'"],
    'connect-src': ["'self'", ...(dev ? ['ws:'] : [])],
    'manifest-src': ["'self'"],
    'frame-src': ["'none'"],
    'frame-ancestors': ["'none'"],
    'object-src': ["'none'"],
    'base-uri': ["'self'"],
    'form-action': ["'self'"],
  };
  return Object.entries(directives)
    .map(([k, v]) => `${k} ${v.join(' ')}`)
    .join('; ');
}

/** A fresh 128-bit nonce, base64. */
export function newNonce(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  return btoa(String.fromCharCode(...bytes));
}
