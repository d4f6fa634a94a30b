'use client';
/**
 * "Đặt câu hỏi" on the product page (#17): a sign-in link for guests; for a signed-in shopper a button that loads the
 * form on demand, so the product page's first load carries only this small component.
 */
import dynamic from 'next/dynamic';
import Link from 'next/link';
import { useState } from 'react';
import { signInHref } from '../../lib/safe-next';
import { useAppSelector } from '../../store/hooks';

const AskQuestionForm = dynamic(() => import('./AskQuestionForm'), { ssr: false, loading: () => <div className="h-32 animate-pulse rounded-lg bg-slate-100" /> });

export function AskQuestion({ productId, slug }: { productId: string; slug: string }) {
  const { user, checked } = useAppSelector((s) => s.session);
  const [open, setOpen] = useState(false);
  if (!checked) return <div className="h-10" />;
  if (!user)
    return (
      <p className="text-sm text-slate-700">
        <Link href={signInHref(`/san-pham/${slug}`)} className="font-medium text-emerald-700 hover:underline">
          Đăng nhập
        </Link>{' '}
        để đặt câu hỏi cho dược sĩ về sản phẩm này.
      </p>
    );
  if (!open)
    return (
      <button type="button" onClick={() => setOpen(true)} className="rounded-lg border border-emerald-700 px-4 py-2 text-sm font-medium text-emerald-700 hover:bg-emerald-50">
        Đặt câu hỏi
      </button>
    );
  return <AskQuestionForm productId={productId} onClose={() => setOpen(false)} />;
}
