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
        {/* The consultation entry ("Gửi đơn thuốc / Tư vấn dược sĩ"): a plain link, no script on every page. */}
        <Link href="/tu-van-duoc-si" className="flex items-center gap-1.5 whitespace-nowrap rounded-full px-2 py-2 text-sm text-white hover:bg-emerald-800" data-testid="consult-link">
          <svg aria-hidden="true" viewBox="0 0 24 24" className="h-5 w-5 fill-none stroke-current stroke-2">
            <path d="M9 3h6v3H9zM7 5H5v16h14V5h-2M12 10v6M9 13h6" />
          </svg>
          <span className="sr-only md:not-sr-only">Tư vấn dược sĩ</span>
        </Link>
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
