/**
 * The product page's "Hỏi đáp với dược sĩ" section (#17): answered questions rendered on the server (as text, never
 * HTML), and the ask entry, the only client part (its form is loaded on demand).
 */
import { QUESTIONS_SECTION_ID, questionAnchor } from '../../../../shared/src/questions/anchor';
import { serverApi } from '../../lib/api';
import { AskQuestion } from './AskQuestion';

const date = (ms: number) => new Intl.DateTimeFormat('vi-VN', { timeZone: 'Asia/Ho_Chi_Minh', day: '2-digit', month: '2-digit', year: 'numeric' }).format(new Date(ms));

export async function ProductQuestions({ productId, slug }: { productId: string; slug: string }) {
  const res = await (await serverApi()).v1.questions.$get({ query: { product: slug, limit: '10' } }).catch(() => null);
  const items = res?.ok ? (await res.json()).items : [];
  return (
    <section id={QUESTIONS_SECTION_ID} aria-labelledby="hoi-dap-title" className="mt-6 space-y-4 rounded-xl bg-white p-4" data-testid="product-questions">
      <div className="flex flex-wrap items-center justify-between gap-3">
        <h2 id="hoi-dap-title" className="text-lg font-semibold">
          Hỏi đáp với dược sĩ {items.length > 0 && <span className="text-sm font-normal text-slate-500">({items.length}{items.length === 10 ? '+' : ''})</span>}
        </h2>
      </div>
      <AskQuestion productId={productId} slug={slug} />
      {items.length === 0 ? (
        <p className="text-sm text-slate-600">Chưa có câu hỏi nào được trả lời. Hãy đặt câu hỏi đầu tiên, dược sĩ của Medicare sẽ trả lời bạn.</p>
      ) : (
        <ul className="divide-y divide-slate-100">
          {items.map((q) => (
            <li key={q.id} id={questionAnchor(q.id)} className="space-y-2 py-3 text-sm" data-testid="answered-question">
              <p className="whitespace-pre-line font-medium text-slate-900">{q.body}</p>
              <p className="text-xs text-slate-500">
                {q.askerName} · hỏi ngày {date(q.createdAt)}
              </p>
              <div className="rounded-lg bg-emerald-50 p-3">
                <p className="text-xs font-semibold text-emerald-800">
                  Dược sĩ {q.answer.pharmacistName} trả lời ngày {date(q.answer.answeredAt)}
                  {q.answer.editedAt !== null && <span className="font-normal"> (đã sửa)</span>}
                </p>
                <p className="mt-1 whitespace-pre-line text-slate-800">{q.answer.body}</p>
              </div>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
