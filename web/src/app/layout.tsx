import type { Metadata, Viewport } from 'next';
import localFont from 'next/font/local';
import Link from 'next/link';
import { Header } from '../components/Header';
import { Providers } from '../components/Providers';
import { Toasts } from '../components/Toasts';
import { serverApi } from '../lib/api';
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

/** Every page reads live catalogue data (header categories included): render per request, never at build time. */
export const dynamic = 'force-dynamic';

export const metadata: Metadata = {
  title: { default: 'Medicare — Nhà thuốc trực tuyến', template: '%s | Medicare' },
  description: 'Nhà thuốc trực tuyến Medicare: thuốc không kê đơn, thực phẩm chức năng, dược mỹ phẩm chính hãng; dược sĩ tư vấn thuốc kê đơn; giao hàng toàn quốc.',
};
export const viewport: Viewport = { themeColor: '#047857', width: 'device-width', initialScale: 1 };

async function topCategories(): Promise<Array<{ slug: string; name: string }>> {
  try {
    const res = await (await serverApi()).v1.categories.$get();
    if (!res.ok) return [];
    return (await res.json()).items.map((c) => ({ slug: c.slug, name: c.name }));
  } catch {
    return [];
  }
}

export default async function RootLayout({ children }: { children: React.ReactNode }) {
  const categories = await topCategories();
  return (
    <html lang="vi" className={beVietnam.variable}>
      <body className="font-sans">
        <Providers>
          <Header categories={categories} />
          <main className="mx-auto min-h-[70vh] max-w-6xl px-4 py-6">{children}</main>
          <footer className="mt-10 border-t border-slate-200 bg-white">
            <div className="mx-auto max-w-6xl px-4 py-6 text-sm text-slate-600">
              <p className="font-semibold text-slate-800">Công ty Cổ phần Dược phẩm Medicare</p>
              <p>Hotline: 1900 6868 · Dược sĩ tư vấn 8:00–22:00 hằng ngày</p>
              <p className="mt-2">
                <Link href="/tra-cuu-don-hang" className="text-emerald-700 hover:underline">
                  Tra cứu đơn hàng
                </Link>
              </p>
            </div>
          </footer>
          <Toasts />
        </Providers>
      </body>
    </html>
  );
}
