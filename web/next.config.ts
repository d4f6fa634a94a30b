import type { NextConfig } from 'next';

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

export default nextConfig;
