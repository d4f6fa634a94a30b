import Link from 'next/link';
import { Suspense } from 'react';
import { AccountLink } from './AccountLink';
import { CartBadge } from './CartBadge';
import { SearchBox } from './SearchBox';

export function Header({ categories }: { categories: Array<{ slug: string; name: string }> }) {
  return (
    <header className="sticky top-0 z-30 bg-emerald-700 shadow">
      <div className="mx-auto flex max-w-6xl items-center gap-3 px-4 py-3">
        <Link href="/" className="shrink-0 text-xl font-bold tracking-tight text-white">
          Medicare
        </Link>
        <Suspense fallback={<div className="h-10 flex-1 rounded-full bg-white/80" />}>
          <SearchBox />
        </Suspense>
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
