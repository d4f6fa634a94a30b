'use client';
import Link from 'next/link';
import { usePathname } from 'next/navigation';

/** Side navigation (a scrolling row on narrow screens); marks the current screen for assistive technology too. */
export function ConsoleNav({ items }: { items: Array<{ href: string; label: string }> }) {
  const path = usePathname();
  const current = (href: string) => (href === '/quan-tri' ? path === href : path === href || path.startsWith(`${href}/`));
  return (
    <nav aria-label="Quản trị" className="overflow-x-auto">
      <ul className="flex gap-1 md:flex-col">
        {items.map((i) => (
          <li key={i.href}>
            <Link
              href={i.href}
              aria-current={current(i.href) ? 'page' : undefined}
              className="block whitespace-nowrap rounded-lg px-3 py-2 text-sm font-medium text-slate-700 hover:bg-slate-100 aria-[current=page]:bg-emerald-50 aria-[current=page]:text-emerald-800"
            >
              {i.label}
            </Link>
          </li>
        ))}
      </ul>
    </nav>
  );
}
