'use client';
import { useRouter, useSearchParams } from 'next/navigation';
import { useId, useState } from 'react';
import { formatVnd } from '../lib/format';
import { useCombobox } from '../lib/use-combobox';
import { useAppDispatch, useAppSelector } from '../store/hooks';
import { uiActions } from '../store/ui';

/** Header search with autocomplete (debounced in the saga), a combobox operable from the keyboard. */
export function SearchBox() {
  const router = useRouter();
  const params = useSearchParams();
  const dispatch = useAppDispatch();
  const { result, loading } = useAppSelector((s) => s.ui.suggest);
  const [value, setValue] = useState(params.get('q') ?? '');
  const listId = useId();

  const options = [
    ...(result?.products ?? []).map((p) => ({ key: `p-${p.slug}`, href: `/san-pham/${p.slug}`, label: p.name, hint: p.prescriptionRequired ? 'Cần tư vấn dược sĩ' : formatVnd(p.price) })),
    ...(result?.brands ?? []).map((b) => ({ key: `b-${b.slug}`, href: `/tim-kiem?q=${encodeURIComponent(b.name)}`, label: b.name, hint: 'Thương hiệu' })),
    ...(result?.categories ?? []).map((c) => ({ key: `c-${c.slug}`, href: `/danh-muc/${c.slug}`, label: c.name, hint: 'Danh mục' })),
    ...(result?.ingredients ?? []).map((i) => ({ key: `i-${i.slug}`, href: `/tim-kiem?q=${encodeURIComponent(i.name)}`, label: i.name, hint: 'Hoạt chất' })),
  ];
  const { open, setOpen, active, optionId, inputProps } = useCombobox(listId, options.length, result);

  const go = (href: string) => {
    setOpen(false);
    router.push(href);
  };
  const submit = () => value.trim() && go(`/tim-kiem?q=${encodeURIComponent(value.trim())}`);

  return (
    <form
      role="search"
      className="relative flex-1"
      onSubmit={(e) => {
        e.preventDefault();
        if (active >= 0 && options[active]) go(options[active].href);
        else submit();
      }}
    >
      <label htmlFor={`${listId}-input`} className="sr-only">
        Tìm thuốc, thực phẩm chức năng, thương hiệu
      </label>
      <input
        id={`${listId}-input`}
        name="q"
        type="search"
        placeholder="Tìm thuốc, thực phẩm chức năng, thương hiệu…"
        className="w-full rounded-full border border-emerald-200 bg-white px-4 py-2.5 text-sm text-slate-900 outline-none focus:border-emerald-600 focus:ring-2 focus:ring-emerald-200"
        value={value}
        onChange={(e) => {
          setValue(e.target.value);
          setOpen(true);
          dispatch(uiActions.suggestTyped(e.target.value));
        }}
        {...inputProps}
      />
      {open && value.trim().length >= 2 && (
        <ul id={listId} role="listbox" aria-label="Gợi ý tìm kiếm" className="absolute inset-x-0 top-full z-40 mt-1 max-h-96 overflow-auto rounded-xl border border-slate-200 bg-white py-1 text-sm shadow-xl">
          {options.map((o, i) => (
            <li
              key={o.key}
              id={optionId(i)}
              role="option"
              aria-selected={i === active}
              className={`flex cursor-pointer items-center justify-between gap-3 px-4 py-2 ${i === active ? 'bg-emerald-50' : 'hover:bg-slate-50'}`}
              onMouseDown={(e) => {
                e.preventDefault();
                go(o.href);
              }}
            >
              <span className="text-slate-900">{o.label}</span>
              <span className="shrink-0 text-xs text-slate-500">{o.hint}</span>
            </li>
          ))}
          {!loading && options.length === 0 && <li className="px-4 py-2 text-slate-500">Không có gợi ý. Nhấn Enter để tìm “{value.trim()}”.</li>}
          {loading && options.length === 0 && <li className="px-4 py-2 text-slate-500">Đang tìm…</li>}
        </ul>
      )}
    </form>
  );
}
