'use client';
import { useEffect, useState, type KeyboardEvent } from 'react';

/**
 * The keyboard and focus behaviour of a search combobox (the header search, the consultation's product picker): the
 * list opens on focus and typing, closes on blur (after a click on an option lands) and Escape; ArrowDown/ArrowUp move
 * the active option among `count` options (-1: none), which resets whenever `results` (the fetched results, a stable
 * reference) change. With `onEnter`, Enter is taken from the form and handed to it. Spread `inputProps` on the input
 * (with its ARIA combobox attributes), give the listbox the id `listId` and each option the id `optionId(i)`.
 */
export function useCombobox(listId: string, count: number, results: unknown, onEnter?: () => void) {
  const [open, setOpen] = useState(false);
  const [active, setActive] = useState(-1);
  useEffect(() => setActive(-1), [results]);
  const optionId = (i: number) => `${listId}-${i}`;
  const inputProps = {
    role: 'combobox',
    autoComplete: 'off',
    'aria-expanded': open && count > 0,
    'aria-controls': listId,
    'aria-activedescendant': active >= 0 ? optionId(active) : undefined,
    onFocus: () => setOpen(true),
    onBlur: () => setTimeout(() => setOpen(false), 150),
    onKeyDown: (e: KeyboardEvent<HTMLInputElement>) => {
      if (e.key === 'ArrowDown') {
        e.preventDefault();
        setOpen(true);
        setActive((i) => Math.min(count - 1, i + 1));
      } else if (e.key === 'ArrowUp') {
        e.preventDefault();
        setActive((i) => Math.max(-1, i - 1));
      } else if (e.key === 'Enter' && onEnter) {
        e.preventDefault();
        onEnter();
      } else if (e.key === 'Escape') setOpen(false);
    },
  };
  return { open, setOpen, active, optionId, inputProps };
}
