/**
 * One answered question on the product page (#17), as text (never HTML). No hooks: the server list and the client
 * "Xem thêm" render the same markup.
 */
import { questionAnchor } from '../../../../shared/src/questions/anchor';
import type { PublicQuestion } from '../../lib/questions';

const date = (ms: number) => new Intl.DateTimeFormat('vi-VN', { timeZone: 'Asia/Ho_Chi_Minh', day: '2-digit', month: '2-digit', year: 'numeric' }).format(new Date(ms));

export function QuestionItem({ q }: { q: PublicQuestion }) {
  return (
    <li id={questionAnchor(q.id)} className="space-y-2 py-3 text-sm" data-testid="answered-question">
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
  );
}
