/**
 * THE rule "a shopper may see and buy this product" (issue 14, ADR 0024), as SQL over a `products` alias: approved by a
 * pharmacist, shown by staff, not (soft-)deleted. Every shop read (listings, product page, search, related products,
 * brands' counts, checkout's sellable flag, the dashboard's low-stock list…) uses it, so a fourth condition is added
 * here once. `unitOfferedSql` is its companion for selling units: a retired unit is never offered or bought.
 */
import { liveProductSql } from './live.d1';

/** SQL: product `p` (a table alias or quoted table name) is visible to shoppers and sellable. */
export const shopVisibleSql = (p: string): string => `(${p}.approval_state = 'approved' AND ${p}.visible = 1 AND ${liveProductSql(p)})`;

/** SQL: selling unit `u` (a table alias) is offered: not retired. */
export const unitOfferedSql = (u: string): string => `${u}.retired_at IS NULL`;

/** The same rule in JavaScript, for a row already read (AdminProduct's `shopVisible`). */
export function isShopVisible(p: { approvalState: string; visible: boolean; deletedAt: number | null }): boolean {
  return p.approvalState === 'approved' && p.visible && p.deletedAt === null;
}

/** The same unit rule in JavaScript (`unitOfferedSql`): a retired unit is never offered or bought. */
export function isUnitOffered(u: { retiredAt: number | null }): boolean {
  return u.retiredAt === null;
}
