'use client';
/**
 * "Xem thêm câu hỏi" under the server-rendered first page (#17): appends the next pages (server keyset cursor). When
 * the page was opened on `#cau-hoi-<id>` of an older answer (the answer email's link), it reads on until that
 * question is shown, then scrolls to it.
 */
import { useEffect, useState } from 'react';
import { linkedQuestionId, questionAnchor } from '../../../../shared/src/questions/anchor';
import { loadQuestions, type PublicQuestion } from '../../lib/questions';
import { QuestionItem } from './QuestionItem';

export function MoreQuestions({ slug, cursor }: { slug: string; cursor: string }) {
  const [items, setItems] = useState<PublicQuestion[]>([]);
  const [next, setNext] = useState<string | null>(cursor);
  const [busy, setBusy] = useState(false);
  const [failed, setFailed] = useState(false);
  /** The question an emailed link points at, scrolled to once its page has been rendered. */
  const [target, setTarget] = useState<string | null>(null);
  const more = async (until?: string) => {
    if (!next || busy) return;
    setBusy(true);
    setFailed(false);
    try {
      const page = await loadQuestions(slug, next, { until });
      setItems((prev) => [...prev, ...page.items]);
      setNext(page.nextCursor);
      if (until) setTarget(until);
    } catch {
      setFailed(true);
    } finally {
      setBusy(false);
    }
  };
  // After the render that appended the target's page (a frame callback could run before React commits it).
  useEffect(() => {
    if (!target) return;
    document.getElementById(questionAnchor(target))?.scrollIntoView();
    setTarget(null);
  }, [target, items]);
  useEffect(() => {
    const id = linkedQuestionId(window.location.hash);
    if (id && !document.getElementById(questionAnchor(id))) void more(id);
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, []);
  return (
    <>
      {items.length > 0 && <ul className="divide-y divide-slate-100 border-t border-slate-100">{items.map((q) => <QuestionItem key={q.id} q={q} />)}</ul>}
      {failed && <p role="alert" className="text-sm text-red-700">Không tải được câu hỏi, vui lòng thử lại.</p>}
      {next && (
        <button type="button" onClick={() => void more()} disabled={busy} aria-busy={busy} className="rounded-lg border border-slate-300 px-4 py-2 text-sm hover:border-emerald-600" data-testid="more-questions">
          {busy ? 'Đang tải…' : 'Xem thêm câu hỏi'}
        </button>
      )}
    </>
  );
}
