import Link from 'next/link';
import { ChatButton } from '../../components/chat/ChatButton';
import { Header } from '../../components/Header';
import { Providers } from '../../components/Providers';
import { Toasts } from '../../components/Toasts';
import { serverApi } from '../../lib/api';

async function topCategories(): Promise<Array<{ slug: string; name: string }>> {
  try {
    const res = await (await serverApi()).v1.categories.$get();
    if (!res.ok) return [];
    return (await res.json()).items.map((c) => ({ slug: c.slug, name: c.name }));
  } catch {
    return [];
  }
}

/** The storefront's chrome (header with categories and cart, footer, toasts, the Redux store) around every shopper page. */
export default async function StoreLayout({ children }: { children: React.ReactNode }) {
  const categories = await topCategories();
  return (
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
            {' · '}
            <Link href="/thuong-hieu" className="text-emerald-700 hover:underline">
              Thương hiệu
            </Link>
          </p>
        </div>
      </footer>
      <Toasts />
      <ChatButton />
    </Providers>
  );
}
