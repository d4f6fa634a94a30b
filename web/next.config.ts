import type { NextConfig } from 'next';

const nextConfig: NextConfig = {
  // Product images come from the api Worker's resize route (`/v1/images/...?w=`), chosen by src/lib/image-loader.ts.
  images: { loader: 'custom', loaderFile: './src/lib/image-loader.ts' },
  poweredByHeader: false,
  // The api Worker's sources are imported for their types only (hono/client's AppType).
  transpilePackages: [],
};

export default nextConfig;
