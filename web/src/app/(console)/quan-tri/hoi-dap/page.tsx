import type { InferRequestType, InferResponseType } from 'hono/client';
import type { Metadata } from 'next';
import Link from 'next/link';
import { QuestionActions } from '../../../../components/console/question-actions';
import { gate } from '../../../../components/console/gate';
import { LoadFailed } from '../../../../components/console/LoadFailed';
import { ScreenHeader } from '../../../../components/console/ScreenHeader';
import { formatDateTime, hrefWith, Pager, param, type SearchParams } from '../../../../components/console/table';
import type { Api } from '../../../../lib/api';

export const metadata: Metadata = { title: 'Hỏi đáp sản phẩm' };

const PATH = '/quan-tri/hoi-dap';
type QueueQuery = InferRequestType<Api['v1']['pharmacist']['questions']['$get']>['query'];
type Queue = InferResponseType<Api['v1']['pharmacist']['questions']['$get'], 200>;
const STATUSES = ['pending', 'answered', 'hidden'] as const;
const oneOf = <T extends string>(values: readonly T[], v: string | undefined): T | undefined => values.find((x) => x === v);

/** "chờ 15 phút", "chờ 2 giờ", "chờ 3 ngày": how long a question has waited (seconds computed by the api). */
function waitedLabel(seconds: number): string {
  const minutes = Math.floor(seconds / 60);
  if (minutes < 60) return `${Math.max(1, minutes)} phút`;
  const hours = Math.floor(minutes / 60);
  return hours < 24 ? `${hours} giờ` : `${Math.floor(hours / 24)} ngày`;
}

/**
 * Product questions from shoppers (#17): pending ones with screening flags first, then oldest first, with how long each
 * has waited; a pharmacist answers (published on the product page, the asker emailed) or hides with a reason.
 */
export default async function QuestionQueuePage({ searchParams }: { searchParams: Promise<SearchParams> }) {
  const g = await gate('questions');
  if (!g.ok) return g.view;
  const sp = await searchParams;
  const query: QueueQuery = { status: oneOf(STATUSES, param(sp, 'status')) ?? 'pending', cursor: param(sp, 'cursor'), limit: '20' };
  const res = await g.api.v1.pharmacist.questions.$get({ query });
  return (
    <div>
      <ScreenHeader screen="questions" title="Hỏi đáp sản phẩm" />
      {!res.ok ? <LoadFailed res={res} /> : <QuestionList body={await res.json()} sp={sp} status={query.status ?? 'pending'} canAnswer={g.me.role === 'pharmacist'} />}
    </div>
  );
}

function QuestionList({ body, sp, status, canAnswer }: { body: Queue; sp: SearchParams; status: string; canAnswer: boolean }) {
  const tabs: Array<[string, string, number | null]> = [
    ['pending', 'Chờ trả lời', body.counts.pending],
    ['answered', 'Đã trả lời', null],
    ['hidden', 'Đã ẩn', null],
  ];
  return (
    <>
      <nav aria-label="Trạng thái câu hỏi" className="mb-3 flex flex-wrap gap-2">
        {tabs.map(([value, label, n]) => (
          <Link key={value} href={hrefWith(PATH, sp, { status: value === 'pending' ? null : value, cursor: null })} aria-current={status === value ? 'page' : undefined} className="btn-secondary aria-[current=page]:border-emerald-600 aria-[current=page]:bg-emerald-50">
            {label}
            {n !== null && <span className="ml-1 rounded-full bg-slate-100 px-2 text-xs">{n}</span>}
          </Link>
        ))}
      </nav>
      {status === 'pending' && body.counts.flagged > 0 && <p className="mb-3 text-sm text-amber-800">{body.counts.flagged} câu hỏi bị bộ lọc đánh dấu được xếp lên đầu.</p>}
      {body.items.length === 0 ? (
        <p className="rounded-xl bg-white p-4 text-sm text-slate-600">{status === 'pending' ? 'Không có câu hỏi nào đang chờ trả lời.' : 'Không có câu hỏi nào.'}</p>
      ) : (
        <ul className="space-y-3" data-testid="questions-queue">
          {body.items.map((q) => (
            <li key={q.id} className="space-y-2 rounded-xl bg-white p-4" data-testid="queue-question">
              <div className="flex flex-wrap items-center justify-between gap-2 text-sm">
                <span>
                  <Link href={`/san-pham/${q.product.slug}`} className="font-medium text-emerald-800 hover:underline" target="_blank">
                    {q.product.name}
                  </Link>
                  <span className="text-slate-600"> · {q.askerName} · {formatDateTime(q.createdAt)}</span>
                </span>
                {q.status === 'pending' ? (
                  <span className="rounded bg-amber-100 px-2 text-xs text-amber-800" data-testid="waiting-time">
                    chờ {waitedLabel(q.waitingSeconds)}
                  </span>
                ) : (
                  <span className="rounded bg-slate-100 px-2 text-xs text-slate-700">{q.statusLabel}</span>
                )}
              </div>
              {q.flags.length > 0 && (
                <p className="flex flex-wrap gap-1">
                  {q.flags.map((f) => (
                    <span key={f.code} className="rounded bg-red-50 px-1.5 text-xs text-red-700">
                      {f.label}
                    </span>
                  ))}
                </p>
              )}
              <p className="whitespace-pre-line text-sm text-slate-900">{q.body}</p>
              {q.answer && (
                <div className="rounded-lg bg-emerald-50 p-2 text-sm">
                  <p className="text-xs font-semibold text-emerald-800">
                    {q.answer.pharmacistName} trả lời lúc {formatDateTime(q.answer.answeredAt)}
                    {q.answer.editedAt !== null && ` (sửa lúc ${formatDateTime(q.answer.editedAt)})`}
                  </p>
                  <p className="whitespace-pre-line">{q.answer.body}</p>
                </div>
              )}
              {q.hidden && (
                <p className="text-xs text-slate-600">
                  Ẩn lúc {formatDateTime(q.hidden.at)}
                  {q.hidden.byName ? ` bởi ${q.hidden.byName}` : ''}: {q.hidden.reason}
                </p>
              )}
              <QuestionActions id={q.id} status={q.status} answer={q.answer?.body ?? null} canAnswer={canAnswer} />
            </li>
          ))}
        </ul>
      )}
      <Pager path={PATH} searchParams={sp} nextCursor={body.nextCursor} />
    </>
  );
}
