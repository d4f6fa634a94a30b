'use client';
/** "Câu hỏi của tôi" on the account page (#17): my product questions, their status, and the answer once published. */
import Link from 'next/link';
import { useEffect, useState } from 'react';
import type { InferResponseType } from 'hono/client';
import { browserApi, type Api } from '../../lib/api';

type Question = InferResponseType<Api['v1']['questions']['mine']['$get'], 200>['items'][number];

const STATUS_CLASS: Record<Question['status'], string> = {
  pending: 'bg-amber-100 text-amber-800',
  answered: 'bg-emerald-100 text-emerald-800',
  hidden: 'bg-slate-100 text-slate-700',
};

export function MyQuestionsSection() {
  const [items, setItems] = useState<Question[] | null>(null);
  useEffect(() => {
    browserApi()
      .v1.questions.mine.$get()
      .then(async (r) => setItems(r.ok ? (await r.json()).items : []))
      .catch(() => setItems([]));
  }, []);
  return (
    <section id="cau-hoi-cua-toi" className="space-y-3 rounded-xl bg-white p-4" data-testid="my-questions">
      <h2 className="text-lg font-semibold">Câu hỏi của tôi</h2>
      {items === null ? (
        <div className="h-16 animate-pulse rounded bg-slate-100" />
      ) : items.length === 0 ? (
        <p className="text-sm text-slate-600">Bạn chưa đặt câu hỏi nào. Hãy hỏi dược sĩ ngay trên trang sản phẩm.</p>
      ) : (
        <ul className="divide-y divide-slate-100 text-sm">
          {items.map((q) => (
            <li key={q.id} className="space-y-1 py-2">
              <div className="flex flex-wrap items-center justify-between gap-2">
                <Link href={`/san-pham/${q.product.slug}`} className="font-medium text-emerald-700 hover:underline">
                  {q.product.name}
                </Link>
                <span className={`rounded px-1.5 text-xs ${STATUS_CLASS[q.status]}`}>{q.statusLabel}</span>
              </div>
              <p className="whitespace-pre-line text-slate-800">{q.body}</p>
              {q.answer && (
                <p className="whitespace-pre-line rounded-lg bg-emerald-50 p-2 text-slate-800">
                  <span className="block text-xs font-semibold text-emerald-800">Dược sĩ {q.answer.pharmacistName} trả lời:</span>
                  {q.answer.body}
                </p>
              )}
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
