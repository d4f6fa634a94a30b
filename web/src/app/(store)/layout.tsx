import { Footer } from '../../components/Footer';
import { Header } from '../../components/Header';
import { Providers } from '../../components/Providers';
import { SupportDock } from '../../components/SupportDock';
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

/** The storefront's chrome (header with categories and cart, footer, toasts, the Redux store, the assistant and pharmacist chat launchers) around every shopper page. */
export default async function StoreLayout({ children }: { children: React.ReactNode }) {
  const categories = await topCategories();
  return (
    <Providers>
      <Header categories={categories} />
      <main className="mx-auto min-h-[70vh] max-w-6xl px-4 py-6">{children}</main>
      <Footer />
      <Toasts />
      <SupportDock />
    </Providers>
  );
}
