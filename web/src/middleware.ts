import { NextResponse, type NextRequest } from 'next/server';
import { contentSecurityPolicy, newNonce } from './lib/csp';

/**
 * A Content-Security-Policy with a fresh nonce on every page. The policy also goes on the request, where Next reads
 * the nonce and puts it on its scripts (pages render per request, so every document gets its own). `middleware.ts`
 * rather than Next 16's `proxy.ts`: @opennextjs/cloudflare runs edge middleware; the Node.js proxy is not supported.
 */
export function middleware(req: NextRequest) {
  const csp = contentSecurityPolicy(newNonce(), process.env.NODE_ENV === 'development');
  const headers = new Headers(req.headers);
  headers.set('content-security-policy', csp);
  const res = NextResponse.next({ request: { headers } });
  res.headers.set('content-security-policy', csp);
  return res;
}

export const config = {
  // Documents only: not the /v1 gateway (the api sets its own headers), built assets, images or metadata files.
  matcher: [
    {
      source: '/((?!v1/|_next/static|_next/image|favicon.ico|icon|apple-icon|manifest.webmanifest|robots.txt|sitemap.xml).*)',
      missing: [
        { type: 'header', key: 'next-router-prefetch' },
        { type: 'header', key: 'purpose', value: 'prefetch' },
      ],
    },
  ],
};
