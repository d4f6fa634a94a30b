/**
 * THE rule "a quote item is usable" (issue 15, ADR 0030): a pharmacist's quote item prices an online order line, or lets
 * a prescription item into one, only while
 * - its quote belongs to an advised consultation and has not expired, and
 * - it is not on the line of any order that still holds it: every order except a cancelled or expired one. A quote is
 *   bought once; when the order that bought it is cancelled or expires, the item is usable again until the quote expires.
 * The SQL below is the only statement of it: the checkout load (`D1CheckoutRepository.load`) keeps only usable items,
 * the quote-to-cart route refuses a consumed quote (409 QUOTE_ALREADY_ORDERED), and the order-line insert of the checkout
 * batch (`D1CheckoutRepository.place`) re-checks it inside the batch, so two concurrent checkouts can't both use one item.
 */
import { ORDER_STATUS_LIST, statusInSql, type OrderStatus } from '../orders/state';

/** Orders that give their quote items back (nothing was or will be delivered at the quoted terms). */
export const QUOTE_RELEASING_ORDER_STATUSES: ReadonlySet<OrderStatus> = new Set(['cancelled', 'expired']);

/** Orders that hold (consume) the quote items on their lines. */
export const QUOTE_HOLDING_ORDER_STATUSES: readonly OrderStatus[] = ORDER_STATUS_LIST.filter((s) => !QUOTE_RELEASING_ORDER_STATUSES.has(s));

/** SQL: the quote item whose id is the SQL expression `itemId` is on a line of an order that holds it. */
export function quoteItemOrderedSql(itemId: string): string {
  return `EXISTS (SELECT 1 FROM order_lines qu_l JOIN orders qu_o ON qu_o.id = qu_l.order_id
    WHERE qu_l.quote_item_id = ${itemId} AND ${statusInSql(QUOTE_HOLDING_ORDER_STATUSES, 'qu_o.status')})`;
}

/** SQL: the quote item `itemId` (SQL expression) is usable at `now` (SQL expression, epoch ms). */
export function quoteItemUsableSql(itemId: string, now: string): string {
  return `(EXISTS (SELECT 1 FROM advice_items qu_i JOIN quotes qu_q ON qu_q.id = qu_i.quote_id
      JOIN consultation_decisions qu_d ON qu_d.consultation_id = qu_q.consultation_id AND qu_d.decision = 'advised'
      WHERE qu_i.id = ${itemId} AND qu_q.expires_at > ${now})
    AND NOT ${quoteItemOrderedSql(itemId)})`;
}
