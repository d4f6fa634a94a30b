import Link from 'next/link';

/** Article cards for the home teaser and the Cẩm nang page. */
export function ArticleList({ items }: { items: Array<{ slug: string; title: string; summary: string; topic: string }> }) {
  return (
    <ul className="grid gap-3 sm:grid-cols-2 lg:grid-cols-3">
      {items.map((a) => (
        <li key={a.slug}>
          <Link href={`/cam-nang/${a.slug}`} className="block h-full rounded-xl border border-slate-200 bg-white p-4 hover:border-emerald-500">
            <span className="text-xs font-medium text-emerald-700">{a.topic}</span>
            <span className="mt-1 block font-semibold leading-snug">{a.title}</span>
            <span className="mt-1 line-clamp-3 block text-sm text-slate-600">{a.summary}</span>
          </Link>
        </li>
      ))}
    </ul>
  );
}
