import type { NextConfig } from 'next';
import { PHASE_DEVELOPMENT_SERVER } from 'next/constants';

const nextConfig: NextConfig = {
  // Product images come from the api Worker's resize route (`/v1/images/...?w=`), chosen by src/lib/image-loader.ts.
  images: { loader: 'custom', loaderFile: './src/lib/image-loader.ts' },
  poweredByHeader: false,
  // Baseline security headers on every storefront response (the api Worker sets its own through Hono's secureHeaders).
  // The Content-Security-Policy needs a nonce per document: src/middleware.ts sets it.
  async headers() {
    return [
      {
        source: '/:path*',
        headers: [
          { key: 'Strict-Transport-Security', value: 'max-age=31536000; includeSubDomains' },
          { key: 'X-Content-Type-Options', value: 'nosniff' },
          { key: 'Referrer-Policy', value: 'strict-origin-when-cross-origin' },
          { key: 'X-Frame-Options', value: 'DENY' },
          { key: 'Permissions-Policy', value: 'camera=(), microphone=(), geolocation=(), payment=()' },
        ],
      },
    ];
  },
};

/**
 * Under `next dev` (npm run dev) there is no Worker entry in front of Next (web/worker.ts passes the chat's WebSocket
 * upgrades to the api in production), so the chat socket path is rewritten to the local api Worker: Next's dev server
 * proxies an Upgrade matched by an external rewrite (router-server's upgradeHandler). `beforeFiles`, so the /v1
 * catch-all route handler (which cannot upgrade) never sees it. Production builds carry no such rewrite.
 */
export default function config(phase: string): NextConfig {
  if (phase !== PHASE_DEVELOPMENT_SERVER) return nextConfig;
  const api = process.env.API_ORIGIN ?? 'http://127.0.0.1:8787';
  return {
    ...nextConfig,
    async rewrites() {
      return { beforeFiles: [{ source: '/v1/chat/conversations/:id/ws', destination: `${api}/v1/chat/conversations/:id/ws` }], afterFiles: [], fallback: [] };
    },
  };
}
