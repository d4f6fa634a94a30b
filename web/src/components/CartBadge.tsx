'use client';
import Link from 'next/link';
import { cartCount } from '../store/cart';
import { useAppSelector } from '../store/hooks';

export function CartBadge() {
  const n = useAppSelector(cartCount);
  return (
    // The name is the visible text ("Giỏ hàng 2") plus a spoken unit; on phones the word is visually hidden but read.
    <Link href="/gio-hang" className="relative flex items-center gap-2 rounded-full px-3 py-2 text-sm font-medium text-white hover:bg-emerald-800">
      <svg aria-hidden="true" viewBox="0 0 24 24" className="h-5 w-5 fill-none stroke-current stroke-2">
        <path d="M3 4h2l2.4 11.2a2 2 0 0 0 2 1.6h7.7a2 2 0 0 0 2-1.5L21 8H6" />
        <circle cx="10" cy="20" r="1.4" />
        <circle cx="17" cy="20" r="1.4" />
      </svg>
      <span className="sr-only sm:not-sr-only">Giỏ hàng</span>
      <span data-testid="cart-count" className="min-w-5 rounded-full bg-amber-400 px-1.5 text-center text-xs font-bold text-slate-900">
        {n}
      </span>
      <span className="sr-only"> sản phẩm</span>
    </Link>
  );
}
