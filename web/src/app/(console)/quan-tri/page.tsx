import type { Metadata } from 'next';
import Link from 'next/link';
import { gate } from '../../../components/console/gate';
import { navFor } from '../../../components/console/nav';
import { ScreenHeader } from '../../../components/console/ScreenHeader';

export const metadata: Metadata = { title: 'Tổng quan' };

/** The console's home: the screens this role can open. */
export default async function ConsoleHome() {
  const g = await gate('overview');
  if (!g.ok) return g.view;
  return (
    <div>
      <ScreenHeader screen="overview" title={`Xin chào, ${g.me.name}`} />
      <ul className="grid gap-3 sm:grid-cols-2 lg:grid-cols-3">
        {navFor(g.me.role)
          .filter((n) => n.screen !== 'overview')
          .map((n) => (
            <li key={n.href}>
              <Link href={n.href} className="block rounded-xl border border-slate-200 bg-white p-4 font-semibold hover:border-emerald-600">
                {n.label}
              </Link>
            </li>
          ))}
      </ul>
    </div>
  );
}
