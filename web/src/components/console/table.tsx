import Link from 'next/link';

/** Next's `searchParams` for a page. */
export type SearchParams = Record<string, string | string[] | undefined>;

/** One value of a query parameter (the first when repeated), trimmed; undefined when absent or empty. */
export function param(sp: SearchParams, key: string): string | undefined {
  const v = sp[key];
  const s = (Array.isArray(v) ? v[0] : v)?.trim();
  return s ? s : undefined;
}

/** `path?…` with `changes` applied to the current parameters (null removes one). Paging restarts unless `cursor` is set. */
export function hrefWith(path: string, sp: SearchParams, changes: Record<string, string | null>): string {
  const q = new URLSearchParams();
  for (const [k, v] of Object.entries(sp)) {
    const s = Array.isArray(v) ? v[0] : v;
    if (s) q.set(k, s);
  }
  if (!('cursor' in changes)) q.delete('cursor');
  for (const [k, v] of Object.entries(changes)) {
    if (v === null || v === '') q.delete(k);
    else q.set(k, v);
  }
  const s = q.toString();
  return s ? `${path}?${s}` : path;
}

export interface Column<T> {
  key: string;
  header: string;
  cell: (row: T) => React.ReactNode;
  /** Sortable: the `sort` values for ascending and descending order (the api's own sort names). */
  sort?: { asc: string; desc: string };
  className?: string;
}

/**
 * A server-rendered table: the URL holds the state (`sort`, filters, `cursor`), so every view is a link that can be
 * shared, reloaded or opened in a new tab. Sortable headers are links with `aria-sort`; empty results say so.
 */
export function DataTable<T>(props: {
  caption: string;
  rows: T[];
  columns: Column<T>[];
  rowKey: (row: T) => string;
  path: string;
  searchParams: SearchParams;
  /** The `sort` in effect (the api's default when the URL has none). */
  sort?: string;
  empty: React.ReactNode;
  testId?: string;
}) {
  const { columns, rows, sort } = props;
  return (
    <div className="overflow-x-auto rounded-xl border border-slate-200 bg-white">
      <table className="w-full min-w-[40rem] text-left text-sm" data-testid={props.testId}>
        <caption className="sr-only">{props.caption}</caption>
        <thead className="border-b border-slate-200 bg-slate-50 text-xs uppercase tracking-wide text-slate-600">
          <tr>
            {columns.map((c) => {
              const dir = c.sort && sort === c.sort.asc ? 'ascending' : c.sort && sort === c.sort.desc ? 'descending' : undefined;
              return (
                <th key={c.key} scope="col" aria-sort={dir} className={`px-3 py-2 font-semibold ${c.className ?? ''}`}>
                  {c.sort ? (
                    <Link href={hrefWith(props.path, props.searchParams, { sort: dir === 'descending' ? c.sort.asc : c.sort.desc })} className="inline-flex items-center gap-1 hover:text-slate-900">
                      {c.header}
                      <span aria-hidden="true">{dir === 'ascending' ? '▲' : dir === 'descending' ? '▼' : '↕'}</span>
                    </Link>
                  ) : (
                    c.header
                  )}
                </th>
              );
            })}
          </tr>
        </thead>
        <tbody className="divide-y divide-slate-100">
          {rows.length === 0 ? (
            <tr>
              <td colSpan={columns.length} className="px-3 py-10 text-center text-slate-600" data-testid="table-empty">
                {props.empty}
              </td>
            </tr>
          ) : (
            rows.map((r) => (
              <tr key={props.rowKey(r)} className="align-top hover:bg-slate-50">
                {columns.map((c) => (
                  <td key={c.key} className={`px-3 py-2 ${c.className ?? ''}`}>
                    {c.cell(r)}
                  </td>
                ))}
              </tr>
            ))
          )}
        </tbody>
      </table>
    </div>
  );
}

/** Keyset paging: "Trang sau" follows the api's `nextCursor`; "Về trang đầu" drops the cursor. */
export function Pager({ path, searchParams, nextCursor }: { path: string; searchParams: SearchParams; nextCursor: string | null }) {
  const onLaterPage = !!param(searchParams, 'cursor');
  if (!nextCursor && !onLaterPage) return null;
  return (
    <nav aria-label="Phân trang" className="mt-3 flex justify-end gap-2">
      {onLaterPage && (
        <Link className="btn-secondary" href={hrefWith(path, searchParams, { cursor: null })}>
          Về trang đầu
        </Link>
      )}
      {nextCursor && (
        <Link className="btn-primary" rel="next" href={hrefWith(path, searchParams, { cursor: nextCursor })}>
          Trang sau
        </Link>
      )}
    </nav>
  );
}

/** A date-time in Vietnam time, as staff read it. */
export function formatDateTime(ms: number | string): string {
  return new Intl.DateTimeFormat('vi-VN', { timeZone: 'Asia/Ho_Chi_Minh', dateStyle: 'short', timeStyle: 'short' }).format(new Date(ms));
}
