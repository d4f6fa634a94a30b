/**
 * The product page's "Hỏi đáp với dược sĩ" section (#17): the first page of answered questions rendered on the server
 * (as text, never HTML); the client parts are the ask entry (its form loaded on demand) and "Xem thêm câu hỏi", which
 * appends the next pages by the server's cursor.
 */
import { QUESTIONS_SECTION_ID } from '../../../../shared/src/questions/anchor';
import { serverApi } from '../../lib/api';
import { QUESTIONS_PAGE_SIZE } from '../../lib/questions';
import { AskQuestion } from './AskQuestion';
import { MoreQuestions } from './MoreQuestions';
import { QuestionItem } from './QuestionItem';
import { ScrollToQuestion } from './ScrollToQuestion';

export async function ProductQuestions({ productId, slug }: { productId: string; slug: string }) {
  const res = await (await serverApi()).v1.questions.$get({ query: { product: slug, limit: String(QUESTIONS_PAGE_SIZE) } }).catch(() => null);
  const { items, nextCursor } = res?.ok ? await res.json() : { items: [], nextCursor: null };
  return (
    <section id={QUESTIONS_SECTION_ID} aria-labelledby="hoi-dap-title" className="mt-6 space-y-4 rounded-xl bg-white p-4" data-testid="product-questions">
      <div className="flex flex-wrap items-center justify-between gap-3">
        <h2 id="hoi-dap-title" className="text-lg font-semibold">
          Hỏi đáp với dược sĩ {items.length > 0 && <span className="text-sm font-normal text-slate-500">({items.length}{nextCursor ? '+' : ''})</span>}
        </h2>
      </div>
      <AskQuestion productId={productId} slug={slug} />
      {items.length === 0 ? (
        <p className="text-sm text-slate-600">Chưa có câu hỏi nào được trả lời. Hãy đặt câu hỏi đầu tiên, dược sĩ của Medicare sẽ trả lời bạn.</p>
      ) : (
        <ul className="divide-y divide-slate-100">
          {items.map((q) => (
            <QuestionItem key={q.id} q={q} />
          ))}
        </ul>
      )}
      {items.length > 0 && <ScrollToQuestion />}
      {nextCursor && <MoreQuestions slug={slug} cursor={nextCursor} />}
    </section>
  );
}
