import type { MetadataRoute } from 'next';

/** Web app manifest: name, colours and the app icons (icon1.png 192 px, icon2.png 512 px; drawn by scripts/make-icons.mjs). */
export default function manifest(): MetadataRoute.Manifest {
  return {
    name: 'Medicare — Nhà thuốc trực tuyến',
    short_name: 'Medicare',
    lang: 'vi',
    start_url: '/',
    display: 'standalone',
    background_color: '#f1f5f9',
    theme_color: '#047857',
    icons: [
      { src: '/icon1.png', sizes: '192x192', type: 'image/png' },
      { src: '/icon2.png', sizes: '512x512', type: 'image/png', purpose: 'any' },
      { src: '/icon.svg', sizes: 'any', type: 'image/svg+xml' },
    ],
  };
}
