import Form from 'next/form';
import Link from 'next/link';

/**
 * Filters as a GET form (next/form: a client navigation once hydrated, a plain GET before): the URL keeps them, Enter
 * submits, and "Xóa lọc" goes back to the unfiltered list. `keep` carries parameters that are not fields (a tab).
 */
export function FilterBar({ action, keep = {}, children }: { action: string; keep?: Record<string, string | undefined>; children: React.ReactNode }) {
  return (
    <Form action={action} className="mb-4 flex flex-wrap items-end gap-3 rounded-xl border border-slate-200 bg-white p-3" role="search" aria-label="Bộ lọc">
      {Object.entries(keep).map(([k, v]) => (v ? <input key={k} type="hidden" name={k} value={v} /> : null))}
      {children}
      <div className="flex gap-2">
        <button type="submit" className="btn-primary">
          Lọc
        </button>
        <Link href={action} className="btn-secondary">
          Xóa lọc
        </Link>
      </div>
    </Form>
  );
}

/** A labelled filter control: text/date input or a select with "Tất cả". */
export function FilterField(props: { name: string; label: string; defaultValue?: string; type?: 'text' | 'date' | 'search'; placeholder?: string; options?: Array<[string, string]>; className?: string }) {
  const id = `filter-${props.name}`;
  return (
    <div className={`flex min-w-[9rem] flex-col gap-1 ${props.className ?? ''}`}>
      <label htmlFor={id} className="text-xs font-medium text-slate-700">
        {props.label}
      </label>
      {props.options ? (
        <select id={id} name={props.name} defaultValue={props.defaultValue ?? ''} className="input">
          <option value="">Tất cả</option>
          {props.options.map(([v, l]) => (
            <option key={v} value={v}>
              {l}
            </option>
          ))}
        </select>
      ) : (
        <input id={id} name={props.name} type={props.type ?? 'text'} defaultValue={props.defaultValue} placeholder={props.placeholder} className="input" />
      )}
    </div>
  );
}
