import Link from 'next/link';
import { Suspense } from 'react';
import { AccountLink } from './AccountLink';
import { CartBadge } from './CartBadge';
import { SearchBox } from './SearchBox';

export function Header({ categories }: { categories: Array<{ slug: string; name: string }> }) {
  return (
    <header className="sticky top-0 z-30 bg-emerald-700 shadow">
      {/* Phones: logo, account and cart on one row, the search box full width below; wider screens: one row. */}
      <div className="mx-auto flex max-w-6xl flex-wrap items-center gap-x-3 gap-y-2 px-4 py-3">
        <Link href="/" className="mr-auto shrink-0 text-xl font-bold tracking-tight text-white sm:mr-0">
          Medicare
        </Link>
        <div className="order-last flex w-full sm:order-none sm:w-auto sm:flex-1">
          <Suspense fallback={<div className="h-10 flex-1 rounded-full bg-white/80" />}>
            <SearchBox />
          </Suspense>
        </div>
        <AccountLink />
        <CartBadge />
      </div>
      <nav aria-label="Danh mục" className="border-t border-emerald-600 bg-emerald-800/40">
        <ul className="mx-auto flex max-w-6xl gap-1 overflow-x-auto px-4 py-1 text-sm">
          {categories.map((c) => (
            <li key={c.slug}>
              <Link href={`/danh-muc/${c.slug}`} className="block whitespace-nowrap rounded px-3 py-1.5 text-emerald-50 hover:bg-emerald-700">
                {c.name}
              </Link>
            </li>
          ))}
        </ul>
      </nav>
    </header>
  );
}
