'use client';
/**
 * Labelled controls for the product editor: each input's label is tied to it, its error sits under it and is announced
 * through aria-describedby (the api's field paths, e.g. `units.0.price`, name the control they belong to).
 */
type Common = { id: string; label: React.ReactNode; error?: string; hint?: string; className?: string };

const describedBy = (id: string, error?: string, hint?: string) => [error ? `${id}-error` : null, hint ? `${id}-hint` : null].filter(Boolean).join(' ') || undefined;

function Help({ id, error, hint }: { id: string; error?: string; hint?: string }) {
  return (
    <>
      {hint && (
        <p id={`${id}-hint`} className="text-xs text-slate-500">
          {hint}
        </p>
      )}
      {error && (
        <p id={`${id}-error`} className="text-sm text-red-700">
          {error}
        </p>
      )}
    </>
  );
}

export function TextInput({ id, label, error, hint, className, ...rest }: Common & Omit<React.InputHTMLAttributes<HTMLInputElement>, 'id'>) {
  return (
    <div className={`space-y-1 ${className ?? ''}`}>
      <label htmlFor={id} className="block text-sm font-medium text-slate-700">
        {label}
      </label>
      <input id={id} className="input" aria-invalid={error ? true : undefined} aria-describedby={describedBy(id, error, hint)} {...rest} />
      <Help id={id} error={error} hint={hint} />
    </div>
  );
}

export function TextArea({ id, label, error, hint, className, ...rest }: Common & Omit<React.TextareaHTMLAttributes<HTMLTextAreaElement>, 'id'>) {
  return (
    <div className={`space-y-1 ${className ?? ''}`}>
      <label htmlFor={id} className="block text-sm font-medium text-slate-700">
        {label}
      </label>
      <textarea id={id} className="input" rows={4} aria-invalid={error ? true : undefined} aria-describedby={describedBy(id, error, hint)} {...rest} />
      <Help id={id} error={error} hint={hint} />
    </div>
  );
}

export function SelectInput({ id, label, error, hint, className, options, placeholder, ...rest }: Common & Omit<React.SelectHTMLAttributes<HTMLSelectElement>, 'id'> & { options: Array<{ value: string; label: string }>; placeholder?: string }) {
  return (
    <div className={`space-y-1 ${className ?? ''}`}>
      <label htmlFor={id} className="block text-sm font-medium text-slate-700">
        {label}
      </label>
      <select id={id} className="input" aria-invalid={error ? true : undefined} aria-describedby={describedBy(id, error, hint)} {...rest}>
        {placeholder !== undefined && <option value="">{placeholder}</option>}
        {options.map((o) => (
          <option key={o.value} value={o.value}>
            {o.label}
          </option>
        ))}
      </select>
      <Help id={id} error={error} hint={hint} />
    </div>
  );
}

export function CheckboxInput({ id, label, error, hint, className, ...rest }: Common & Omit<React.InputHTMLAttributes<HTMLInputElement>, 'id' | 'type'>) {
  return (
    <div className={className}>
      <label htmlFor={id} className="inline-flex items-center gap-2 text-sm font-medium text-slate-700">
        <input id={id} type="checkbox" aria-invalid={error ? true : undefined} aria-describedby={describedBy(id, error, hint)} {...rest} />
        {label}
      </label>
      <Help id={id} error={error} hint={hint} />
    </div>
  );
}

export function Section({ title, children, id, testId }: { title: React.ReactNode; children: React.ReactNode; id?: string; testId?: string }) {
  return (
    <section aria-labelledby={id ? `${id}-h` : undefined} className="rounded-xl border border-slate-200 bg-white p-4" data-testid={testId}>
      <h2 id={id ? `${id}-h` : undefined} className="mb-3 font-semibold">
        {title}
      </h2>
      {children}
    </section>
  );
}
