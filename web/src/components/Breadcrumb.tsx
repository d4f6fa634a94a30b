import Link from 'next/link';

/** "Trang chủ / … " trail; each crumb is a link. */
export function Breadcrumb({ items }: { items: Array<{ href: string; name: string }> }) {
  return (
    <nav aria-label="Đường dẫn" className="mb-3 text-sm text-slate-600">
      <Link href="/" className="hover:underline">
        Trang chủ
      </Link>
      {items.map((b) => (
        <span key={b.href}>
          {' / '}
          <Link href={b.href} className="hover:underline">
            {b.name}
          </Link>
        </span>
      ))}
    </nav>
  );
}
