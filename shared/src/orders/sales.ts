/**
 * THE "this order counts as a sale" rule, as SQL over the consumer's markers (ADR 0039 counters; written by
 * workers/consumer/src/sales.ts `applySale`): an order counts once it was confirmed (a `sale:<orderId>` marker of the
 * `sales` handler) and stops counting once it was cancelled or returned after that (an `unsale:<orderId>` marker).
 * Best-seller counters, "bought together", trending and "for you" all read sales through these fragments.
 */
export const SALES_HANDLER = 'sales';

/** SQL: does the `kind` marker of the order `orderIdExpr` (a column or a `?1` parameter) exist? */
export const saleMarkerSql = (kind: 'sale' | 'unsale', orderIdExpr: string) =>
  `EXISTS (SELECT 1 FROM consumed_events WHERE event_id = '${kind}:' || ${orderIdExpr} AND handler = '${SALES_HANDLER}')`;

/** SQL: the order `orderIdExpr` counts as a sale now (confirmed, and not taken back). */
export const countedSaleSql = (orderIdExpr: string) => `(${saleMarkerSql('sale', orderIdExpr)} AND NOT ${saleMarkerSql('unsale', orderIdExpr)})`;
