/**
 * #17 review finding h: the product page's "Xem thêm câu hỏi" reads the next pages of answered questions by the
 * server's cursor (web/src/lib/questions.ts, used by components/questions/MoreQuestions.tsx). The network is replaced
 * by a stand-in that pages a list of 25 answered questions as `GET /v1/questions` does (10 per page, opaque cursor).
 */
import { describe, expect, it, vi } from 'vitest';
import { loadQuestions, QUESTIONS_PAGE_SIZE } from '../src/lib/questions';

const ALL = Array.from({ length: 25 }, (_, i) => ({
  id: `Q${String(25 - i).padStart(2, '0')}`,
  body: `Câu hỏi ${25 - i}`,
  askerName: 'Lan',
  createdAt: 1,
  answer: { body: 'Trả lời', pharmacistName: 'Minh', answeredAt: 2, editedAt: null },
}));

function api() {
  return vi.fn(async (input: RequestInfo | URL) => {
    const url = new URL(String(input), 'https://medicare.vn');
    expect(url.pathname).toBe('/v1/questions');
    expect(url.searchParams.get('product')).toBe('alpha-paracetamol-500');
    const limit = Number(url.searchParams.get('limit'));
    const from = Number(url.searchParams.get('cursor')!.replace('c', ''));
    const items = ALL.slice(from, from + limit);
    const nextCursor = from + limit < ALL.length ? `c${from + limit}` : null;
    return new Response(JSON.stringify({ items, nextCursor }), { status: 200, headers: { 'content-type': 'application/json' } });
  });
}

describe('"Xem thêm câu hỏi" (product page questions paging)', () => {
  it('reads one more page per click, from the cursor the server gave, until there is none', async () => {
    const f = api();
    // The server-rendered first page ended at cursor c10.
    const second = await loadQuestions('alpha-paracetamol-500', 'c10', {}, f);
    expect(second.items.map((q) => q.id)).toEqual(ALL.slice(10, 20).map((q) => q.id));
    expect(second.nextCursor).toBe('c20');
    const third = await loadQuestions('alpha-paracetamol-500', second.nextCursor!, {}, f);
    expect(third).toEqual({ items: ALL.slice(20), nextCursor: null });
    expect(f).toHaveBeenCalledTimes(2);
    expect(QUESTIONS_PAGE_SIZE).toBe(10);
  });

  it('opened on an older answer’s anchor (the email link), reads on until that question is shown, bounded', async () => {
    const f = api();
    const found = await loadQuestions('alpha-paracetamol-500', 'c10', { until: 'Q02' }, f);
    expect(found.items.map((q) => q.id)).toContain('Q02');
    expect(found.items).toHaveLength(15);
    expect(found.nextCursor).toBeNull();
    const bounded = await loadQuestions('alpha-paracetamol-500', 'c0', { until: 'NOPE', maxPages: 2 }, api());
    expect(bounded.items).toHaveLength(20);
    expect(bounded.nextCursor).toBe('c20');
  });

  it('fails loudly on a refused page (the button offers to retry, the cursor is kept)', async () => {
    const f = vi.fn(async () => new Response('{"error":{"code":"INVALID_CURSOR"}}', { status: 400 }));
    await expect(loadQuestions('alpha-paracetamol-500', 'c10', {}, f)).rejects.toThrow('questions: 400');
  });
});
