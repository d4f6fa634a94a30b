import Link from 'next/link';
import { withParam } from '../lib/format';
import type { FacetGroup } from '../lib/listing';
import { FilterPanel } from './FilterPanel';

const SORTS: Array<[string, string]> = [
  ['relevance', 'Phù hợp nhất'],
  ['best_selling', 'Bán chạy'],
  ['price_asc', 'Giá thấp đến cao'],
  ['price_desc', 'Giá cao đến thấp'],
  ['newest', 'Mới nhất'],
];

/** Filters and sort as links: the URL holds the state, so back/forward, sharing and reloads keep it. */
export function Filters({ basePath, params, groups }: { basePath: string; params: URLSearchParams; groups: FacetGroup[] }) {
  return (
    <FilterPanel>
      {groups.map((g) => (
        <div key={g.key}>
          <h3 className="mb-2 font-semibold text-slate-800">{g.title}</h3>
          <ul className="space-y-1">
            {g.options.slice(0, 8).map((o) => {
              const on = params.get(g.key) === o.value;
              return (
                <li key={o.value}>
                  <Link href={`${basePath}${withParam(params, g.key, on ? null : o.value)}`} className={`flex justify-between rounded px-2 py-1 ${on ? 'bg-emerald-100 font-semibold text-emerald-800' : 'hover:bg-white'}`} aria-current={on ? 'true' : undefined}>
                    <span>{o.label}</span>
                    {o.count !== undefined && <span className="text-slate-600">{o.count}</span>}
                  </Link>
                </li>
              );
            })}
          </ul>
        </div>
      ))}
    </FilterPanel>
  );
}

export function SortBar({ basePath, params, total }: { basePath: string; params: URLSearchParams; total: number }) {
  const current = params.get('sort') ?? 'relevance';
  return (
    <div className="mb-3 flex flex-wrap items-center gap-2 text-sm">
      <span className="text-slate-600">{total} sản phẩm ·</span>
      {SORTS.map(([v, label]) => (
        <Link key={v} href={`${basePath}${withParam(params, 'sort', v === 'relevance' ? null : v)}`} className={`rounded-full px-3 py-1 ${current === v ? 'bg-emerald-700 text-white' : 'bg-white text-slate-700 hover:bg-emerald-50'}`}>
          {label}
        </Link>
      ))}
    </div>
  );
}

export function NextPage({ basePath, params, nextCursor }: { basePath: string; params: URLSearchParams; nextCursor: string | null }) {
  if (!nextCursor && !params.get('cursor')) return null;
  const next = new URLSearchParams(params);
  if (nextCursor) next.set('cursor', nextCursor);
  return (
    <nav className="mt-6 flex justify-center gap-3" aria-label="Phân trang">
      {params.get('cursor') && (
        <Link href={`${basePath}${withParam(params, 'cursor', null)}`} className="rounded-lg bg-white px-4 py-2 text-sm hover:bg-emerald-50">
          Về trang đầu
        </Link>
      )}
      {nextCursor && (
        <Link href={`${basePath}?${next.toString()}`} className="rounded-lg bg-emerald-700 px-4 py-2 text-sm text-white hover:bg-emerald-800">
          Xem thêm sản phẩm
        </Link>
      )}
    </nav>
  );
}
