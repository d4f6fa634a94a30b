'use client';
import Image from 'next/image';
import { useEffect, useId, useRef, useState } from 'react';
import { browserApi } from '../../lib/api';
import { useCombobox } from '../../lib/use-combobox';

/** A product the shopper asks about: what the form shows and sends (its id). */
export interface PickedProduct {
  id: string;
  slug: string;
  name: string;
  imageUrl: string | null;
  prescriptionRequired: boolean;
}

export const MAX_PRODUCTS = 10;

/**
 * Products picked from the catalogue search (`GET /v1/search`, which finds prescription-only products too): a
 * combobox operable from the keyboard, the picked ones as removable chips.
 */
export function ProductPicker({ value, onChange, disabled }: { value: PickedProduct[]; onChange: (v: PickedProduct[]) => void; disabled: boolean }) {
  const id = useId();
  const [q, setQ] = useState('');
  const [options, setOptions] = useState<PickedProduct[]>([]);
  const [loading, setLoading] = useState(false);
  const seq = useRef(0);

  useEffect(() => {
    const term = q.trim();
    if (term.length < 2) return setOptions([]);
    const mine = ++seq.current;
    setLoading(true);
    const t = setTimeout(async () => {
      try {
        const res = await browserApi().v1.search.$get({ query: { q: term, limit: '8' } });
        if (mine !== seq.current) return;
        const items = res.ok ? (await res.json()).items : [];
        setOptions(items.map((p) => ({ id: p.id, slug: p.slug, name: p.name, imageUrl: p.image?.url ?? null, prescriptionRequired: p.prescriptionRequired })));
      } catch {
        if (mine === seq.current) setOptions([]);
      } finally {
        if (mine === seq.current) setLoading(false);
      }
    }, 250);
    return () => clearTimeout(t);
  }, [q]);
  const shown = options.filter((o) => !value.some((v) => v.id === o.id));
  // Enter never submits the form from the search box: it picks the active option (or the first).
  const { open, setOpen, active, optionId, inputProps } = useCombobox(`${id}-list`, shown.length, options, () => {
    const o = shown[active >= 0 ? active : 0];
    if (o && open) pick(o);
  });

  const full = value.length >= MAX_PRODUCTS;
  const pick = (p: PickedProduct) => {
    if (!value.some((v) => v.id === p.id) && !full) onChange([...value, p]);
    setQ('');
    setOpen(false);
  };

  return (
    <div className="space-y-2">
      {value.length > 0 && (
        <ul className="flex flex-wrap gap-2" aria-label="Sản phẩm đã chọn" data-testid="picked-products">
          {value.map((p) => (
            <li key={p.id} className="flex items-center gap-2 rounded-full border border-emerald-200 bg-emerald-50 py-1 pl-3 pr-1 text-sm">
              <span>{p.name}</span>
              {p.prescriptionRequired && <span className="rounded bg-amber-100 px-1.5 text-xs font-semibold text-amber-800">Kê đơn</span>}
              <button type="button" disabled={disabled} className="rounded-full px-2 py-0.5 text-slate-600 hover:bg-emerald-100 hover:text-red-700" aria-label={`Bỏ ${p.name}`} onClick={() => onChange(value.filter((v) => v.id !== p.id))}>
                ✕
              </button>
            </li>
          ))}
        </ul>
      )}
      <div className="relative">
        <label htmlFor={`${id}-q`} className="block text-sm font-medium text-slate-700">
          Tìm sản phẩm cần tư vấn
        </label>
        <input
          id={`${id}-q`}
          type="search"
          aria-describedby={`${id}-hint`}
          disabled={disabled || full}
          placeholder="Tên thuốc, hoạt chất…"
          className="mt-1 w-full rounded-lg border border-slate-300 bg-white px-3 py-2 outline-none focus:border-emerald-600 focus:ring-2 focus:ring-emerald-200 disabled:bg-slate-100"
          value={q}
          onChange={(e) => (setQ(e.target.value), setOpen(true))}
          {...inputProps}
        />
        <p id={`${id}-hint`} className="mt-1 text-xs text-slate-500">
          {full ? `Đã chọn tối đa ${MAX_PRODUCTS} sản phẩm.` : `Có thể chọn cả thuốc kê đơn, tối đa ${MAX_PRODUCTS} sản phẩm.`}
        </p>
        {open && q.trim().length >= 2 && (
          <ul id={`${id}-list`} role="listbox" aria-label="Kết quả tìm sản phẩm" className="absolute inset-x-0 top-[4.25rem] z-20 max-h-80 overflow-auto rounded-xl border border-slate-200 bg-white py-1 text-sm shadow-xl">
            {shown.map((o, i) => (
              <li
                key={o.id}
                id={optionId(i)}
                role="option"
                aria-selected={i === active}
                className={`flex cursor-pointer items-center gap-3 px-3 py-2 ${i === active ? 'bg-emerald-50' : 'hover:bg-slate-50'}`}
                onMouseDown={(e) => {
                  e.preventDefault();
                  pick(o);
                }}
              >
                <span className="relative h-9 w-9 shrink-0 overflow-hidden rounded bg-slate-50">{o.imageUrl && <Image src={o.imageUrl} alt="" fill sizes="36px" className="object-contain" />}</span>
                <span className="flex-1 text-slate-900">{o.name}</span>
                {o.prescriptionRequired && <span className="shrink-0 rounded bg-amber-100 px-1.5 text-xs font-semibold text-amber-800">Thuốc kê đơn</span>}
              </li>
            ))}
            {!loading && shown.length === 0 && <li className="px-3 py-2 text-slate-500">Không tìm thấy sản phẩm phù hợp.</li>}
            {loading && shown.length === 0 && <li className="px-3 py-2 text-slate-500">Đang tìm…</li>}
          </ul>
        )}
      </div>
    </div>
  );
}
