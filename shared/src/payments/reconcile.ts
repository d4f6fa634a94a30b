/**
 * Reconciliation with SePay's transactions API (v1 `GET /userapi/transactions/list`, Bearer token, `since_id` cursor):
 * every transaction after the cursor is fed through the same path as the webhook, whose dedupe on the SePay id makes
 * transactions the webhook already delivered a no-op. Requests are spaced to stay under SePay's 3 requests/second and
 * a 429 is honoured with its retry-after.
 */
import type { SepayWebhook } from './sepay';

export interface SepayApiTransaction {
  id: number | string;
  bank_brand_name?: string;
  account_number: string;
  transaction_date: string;
  amount_in: number | string;
  amount_out: number | string;
  accumulated?: number | string;
  transaction_content: string;
  reference_number?: string | null;
  code?: string | null;
  sub_account?: string | null;
}

export function toWebhookShape(t: SepayApiTransaction): SepayWebhook {
  const amountIn = Number(t.amount_in) || 0;
  const amountOut = Number(t.amount_out) || 0;
  return {
    id: Number(t.id),
    gateway: t.bank_brand_name ?? '',
    transactionDate: t.transaction_date,
    accountNumber: t.account_number,
    subAccount: t.sub_account ?? null,
    code: t.code ?? null,
    content: t.transaction_content ?? '',
    transferType: amountIn > 0 ? 'in' : 'out',
    transferAmount: Math.round(amountIn > 0 ? amountIn : amountOut),
    accumulated: Number(t.accumulated ?? 0),
    referenceCode: t.reference_number ?? null,
    description: null,
  };
}

export const MIN_REQUEST_GAP_MS = 350; // < 3 requests per second
export const PAGE_SIZE = 100;

export async function reconcile(opts: {
  baseUrl: string;
  token: string;
  accountNumber: string;
  sinceId: number;
  feed: (p: SepayWebhook) => Promise<void>;
  maxPages?: number;
  sleep?: (ms: number) => Promise<void>;
}): Promise<{ lastId: number; fed: number; pages: number }> {
  const sleep = opts.sleep ?? ((ms: number) => new Promise<void>((r) => setTimeout(r, ms)));
  let since = opts.sinceId;
  let fed = 0;
  let pages = 0;
  let lastRequest = 0;
  for (let page = 0; page < (opts.maxPages ?? 20); page++) {
    let rows: SepayApiTransaction[] | null = null;
    for (let attempt = 0; attempt < 4 && rows === null; attempt++) {
      const wait = lastRequest + MIN_REQUEST_GAP_MS - Date.now();
      if (wait > 0) await sleep(wait);
      lastRequest = Date.now();
      const url = new URL('/userapi/transactions/list', opts.baseUrl);
      url.searchParams.set('account_number', opts.accountNumber);
      url.searchParams.set('since_id', String(since));
      url.searchParams.set('limit', String(PAGE_SIZE));
      const res = await fetch(url, { headers: { authorization: `Bearer ${opts.token}`, accept: 'application/json' } });
      if (res.status === 429) {
        const after = Number(res.headers.get('x-sepay-userapi-retry-after') ?? res.headers.get('retry-after') ?? 1);
        await res.arrayBuffer();
        await sleep(Math.min(10, Math.max(1, after)) * 1000);
        continue;
      }
      if (!res.ok) throw new Error(`SePay transactions API failed (HTTP ${res.status})`);
      rows = ((await res.json()) as { transactions?: SepayApiTransaction[] }).transactions ?? [];
    }
    if (rows === null) throw new Error('SePay transactions API kept rate-limiting');
    pages++;
    for (const row of rows.sort((a, b) => Number(a.id) - Number(b.id))) {
      await opts.feed(toWebhookShape(row));
      fed++;
      since = Math.max(since, Number(row.id));
    }
    if (rows.length < PAGE_SIZE) break;
  }
  return { lastId: since, fed, pages };
}
