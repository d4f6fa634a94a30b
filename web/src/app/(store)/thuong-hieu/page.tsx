import type { Metadata } from 'next';
import Image from 'next/image';
import Link from 'next/link';
import { Breadcrumb } from '../../../components/Breadcrumb';
import { serverApi } from '../../../lib/api';
import { groupByLetter } from '../../../lib/brands';

export const metadata: Metadata = { title: 'Thương hiệu', description: 'Tất cả thương hiệu dược phẩm, mỹ phẩm và thực phẩm chức năng chính hãng tại nhà thuốc Medicare, xếp theo A–Z.' };

/** The brand directory, A–Z, with logos and how many products each brand has in the shop. */
export default async function BrandsPage() {
  const res = await (await serverApi()).v1.brands.$get();
  const brands = res.ok ? (await res.json()).items : [];
  const groups = groupByLetter(brands);
  return (
    <div>
      <Breadcrumb items={[{ href: '/thuong-hieu', name: 'Thương hiệu' }]} />
      <h1 className="mb-4 text-2xl font-bold">Thương hiệu</h1>
      <nav aria-label="Chữ cái" className="mb-6 flex flex-wrap gap-1">
        {groups.map((g) => (
          <a key={g.letter} href={`#chu-${g.letter}`} className="rounded border border-slate-200 bg-white px-2 py-1 text-sm font-semibold hover:border-emerald-500">
            {g.letter}
          </a>
        ))}
      </nav>
      {groups.length === 0 && <p className="rounded-lg bg-white p-6 text-center text-slate-600">Chưa có thương hiệu nào.</p>}
      {groups.map((g) => (
        <section key={g.letter} id={`chu-${g.letter}`} aria-labelledby={`tieu-de-${g.letter}`} className="mb-6 scroll-mt-4">
          <h2 id={`tieu-de-${g.letter}`} className="mb-2 text-lg font-semibold">
            {g.letter}
          </h2>
          <ul className="grid grid-cols-2 gap-3 sm:grid-cols-3 lg:grid-cols-4" data-testid="brand-directory">
            {g.items.map((b) => (
              <li key={b.slug}>
                <Link href={`/thuong-hieu/${b.slug}`} className="flex h-full items-center gap-3 rounded-xl border border-slate-200 bg-white p-3 hover:border-emerald-500">
                  <span className="relative block h-12 w-12 shrink-0 overflow-hidden rounded bg-slate-50">
                    {b.logo ? <Image src={b.logo.url} alt={`Logo ${b.name}`} fill sizes="48px" className="object-contain" /> : <span className="flex h-full items-center justify-center text-lg font-bold text-slate-400" aria-hidden="true">{b.name.charAt(0)}</span>}
                  </span>
                  <span>
                    <span className="block font-medium leading-snug">{b.name}</span>
                    <span className="block text-xs text-slate-600">
                      {b.country ? `${b.country} · ` : ''}
                      {b.productCount} sản phẩm
                    </span>
                  </span>
                </Link>
              </li>
            ))}
          </ul>
        </section>
      ))}
    </div>
  );
}
