/**
 * #17 recently viewed (ADR 0039): the last RECENTLY_VIEWED_MAX products a shopper opened, newest first. Signed-in
 * shoppers: rows of `recently_viewed` (migrations/0031_discovery.sql), capped in the same D1 batch as each write.
 * Guests: a cookie of product ids (`guestList` reads it, refusing anything that is not a short list of ids). Per-shopper
 * data: never through the shared edge cache.
 */
import { shopVisibleSql } from './visibility';

export const RECENTLY_VIEWED_MAX = 20;
/** The guest cookie: product ids, newest first, joined by '.'. HttpOnly, 90 days. */
export const RECENTLY_VIEWED_COOKIE = 'mc_rv';
export const RECENTLY_VIEWED_COOKIE_DAYS = 90;

const ID = /^[0-9A-Za-z_-]{1,40}$/;

/** The ids a guest cookie holds: at most RECENTLY_VIEWED_MAX well-formed, distinct ids; anything else is dropped. */
export function guestList(raw: string | undefined | null): string[] {
  if (!raw || raw.length > RECENTLY_VIEWED_MAX * 41) return [];
  const ids = raw.split('.').filter((id) => ID.test(id));
  return [...new Set(ids)].slice(0, RECENTLY_VIEWED_MAX);
}

/** `list` with `productId` moved (or added) to the front, capped. */
export function pushViewed(list: readonly string[], productId: string): string[] {
  return [productId, ...list.filter((id) => id !== productId)].slice(0, RECENTLY_VIEWED_MAX);
}

/** The cookie value of a list (`guestList` reads it back). */
export const guestCookieValue = (list: readonly string[]) => list.slice(0, RECENTLY_VIEWED_MAX).join('.');

/** SQL: the statement that keeps only the newest RECENTLY_VIEWED_MAX rows of user ?1. */
const trimSql = `DELETE FROM recently_viewed WHERE user_id = ?1 AND product_id NOT IN (
  SELECT product_id FROM recently_viewed WHERE user_id = ?1 ORDER BY viewed_at DESC, product_id DESC LIMIT ${RECENTLY_VIEWED_MAX})`;

export class D1RecentlyViewed {
  constructor(private readonly d1: D1Database) {}

  /** Is `productId` a product the shop shows? (A guest's cookie only ever takes those.) */
  async visible(productId: string): Promise<boolean> {
    const row = await this.d1.prepare(`SELECT 1 AS ok FROM products p WHERE p.id = ? AND ${shopVisibleSql('p')}`).bind(productId).first<{ ok: number }>();
    return row !== null;
  }

  /**
   * Records that `userId` viewed `productId` at `now` and keeps the newest 20, in one batch. False when the shop does
   * not show the product (nothing written).
   */
  async record(userId: string, productId: string, now: number): Promise<boolean> {
    const [ins] = await this.d1.batch([
      this.d1
        .prepare(`INSERT INTO recently_viewed (user_id, product_id, viewed_at) SELECT ?1, p.id, ?3 FROM products p WHERE p.id = ?2 AND ${shopVisibleSql('p')}
          ON CONFLICT (user_id, product_id) DO UPDATE SET viewed_at = max(recently_viewed.viewed_at, excluded.viewed_at)`)
        .bind(userId, productId, now),
      this.d1.prepare(trimSql).bind(userId),
    ]);
    return (ins!.meta.changes ?? 0) > 0;
  }

  /**
   * Merges a guest's list (newest first) into the account after sign-in: each id keeps its order just before `now`,
   * never moving a newer account row back; then the cap. One batch.
   */
  async merge(userId: string, ids: readonly string[], now: number): Promise<void> {
    if (ids.length === 0) return;
    const list = ids.slice(0, RECENTLY_VIEWED_MAX);
    await this.d1.batch([
      ...list.map((id, i) =>
        this.d1
          .prepare(`INSERT INTO recently_viewed (user_id, product_id, viewed_at) SELECT ?1, p.id, ?3 FROM products p WHERE p.id = ?2 AND ${shopVisibleSql('p')}
            ON CONFLICT (user_id, product_id) DO UPDATE SET viewed_at = max(recently_viewed.viewed_at, excluded.viewed_at)`)
          .bind(userId, id, now - 1 - i),
      ),
      this.d1.prepare(trimSql).bind(userId),
    ]);
  }

  /** The account's list, newest first. */
  async list(userId: string): Promise<string[]> {
    const { results } = await this.d1
      .prepare(`SELECT product_id AS id FROM recently_viewed WHERE user_id = ? ORDER BY viewed_at DESC, product_id DESC LIMIT ${RECENTLY_VIEWED_MAX}`)
      .bind(userId)
      .all<{ id: string }>();
    return results.map((r) => r.id);
  }
}
