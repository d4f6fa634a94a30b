'use client';
import { useId, useState } from 'react';

/**
 * The filter column: always shown beside the results from `md` up; on phones folded behind one toggle button. (A
 * `<details>` cannot do both: a closed one hides its content whatever the CSS says, which emptied the desktop column.)
 */
export function FilterPanel({ children }: { children: React.ReactNode }) {
  const [open, setOpen] = useState(false);
  const id = useId();
  return (
    <div className="text-sm">
      <button type="button" aria-expanded={open} aria-controls={id} onClick={() => setOpen((o) => !o)} className="w-full rounded-lg bg-white px-4 py-2 text-left font-semibold text-emerald-800 md:hidden">
        Bộ lọc
      </button>
      <div id={id} role="group" aria-label="Bộ lọc" data-testid="filters" className={`${open ? 'mt-3 block' : 'hidden'} space-y-5 md:mt-0 md:block`}>
        {children}
      </div>
    </div>
  );
}
