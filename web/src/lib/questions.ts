/**
 * The product page's "Xem thêm" for answered questions (#17): one more page of `GET /v1/questions` (keyset cursor made
 * by the server), through the same-origin `/v1` gateway with plain `fetch` (the typed client is not needed for one
 * GET, and the product page's JavaScript stays small). With `until`, pages are read until that question is among them
 * (an emailed `#cau-hoi-<id>` link to an older answer), at most `maxPages`.
 */
import type { InferResponseType } from 'hono/client';
import type { Api } from './api';

export type PublicQuestion = InferResponseType<Api['v1']['questions']['$get'], 200>['items'][number];
export interface QuestionPage {
  items: PublicQuestion[];
  nextCursor: string | null;
}

export const QUESTIONS_PAGE_SIZE = 10;

export async function loadQuestions(slug: string, cursor: string, opts: { until?: string; maxPages?: number } = {}, f: typeof fetch = fetch): Promise<QuestionPage> {
  const items: PublicQuestion[] = [];
  let next: string | null = cursor;
  for (let n = 0; next && n < (opts.until ? (opts.maxPages ?? 5) : 1); n++) {
    const q = new URLSearchParams({ product: slug, cursor: next, limit: String(QUESTIONS_PAGE_SIZE) });
    const res = await f(`/v1/questions?${q}`, { headers: { accept: 'application/json' } });
    if (!res.ok) throw new Error(`questions: ${res.status}`);
    const page = (await res.json()) as QuestionPage;
    items.push(...page.items);
    next = page.nextCursor;
    if (opts.until && page.items.some((x) => x.id === opts.until)) break;
  }
  return { items, nextCursor: next };
}
