import type { Metadata, Viewport } from 'next';
import localFont from 'next/font/local';
import './globals.css';

// Be Vietnam Pro from npm, subset to Latin + Vietnamese as WOFF2 by scripts/prepare-assets.mjs and served by Next with
// the app: no runtime font download.
const beVietnam = localFont({
  src: [
    { path: '../fonts/be-vietnam-pro-400.woff2', weight: '400', style: 'normal' },
    { path: '../fonts/be-vietnam-pro-600.woff2', weight: '600', style: 'normal' },
  ],
  variable: '--font-be-vietnam',
  display: 'swap',
});

/** Every page reads live data (header categories, staff data): render per request, never at build time. */
export const dynamic = 'force-dynamic';

export const metadata: Metadata = {
  title: { default: 'Medicare — Nhà thuốc trực tuyến', template: '%s | Medicare' },
  description: 'Nhà thuốc trực tuyến Medicare: thuốc không kê đơn, thực phẩm chức năng, dược mỹ phẩm chính hãng; dược sĩ tư vấn thuốc kê đơn; giao hàng toàn quốc.',
};
export const viewport: Viewport = { themeColor: '#047857', width: 'device-width', initialScale: 1 };

/**
 * The document shell shared by the two areas of the app: the storefront (`(store)/layout.tsx`: header, cart, Redux)
 * and the staff console (`(console)/quan-tri/layout.tsx`). No client component here, so neither area ships the
 * other's JavaScript (docs/adr/0023-staff-console.md).
 */
export default function RootLayout({ children }: { children: React.ReactNode }) {
  return (
    <html lang="vi" className={beVietnam.variable}>
      <body className="font-sans">{children}</body>
    </html>
  );
}
