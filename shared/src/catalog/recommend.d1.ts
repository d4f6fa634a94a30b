/**
 * #18 recommendations without a model (ADR 0048): "trending" (what sold most in the last days) and "for you" (products
 * related to what the shopper bought and viewed), content-based over our own data. Every reason shown to the shopper
 * is written by this code from the relation that produced the pick, never by a model, and no shopper data leaves the
 * database for it.
 *
 * The catalogue's rules are the generated SQL of their owners: what may be promoted to the public (`promotableSql`:
 * shop-visible, sold through the cart — never prescription-only or specially controlled — and in stock today) and
 * what counts as a sale (`countedSaleSql`, the consumer's markers). Queries select ids only; the cards come from
 * `D1CatalogRepository.productsByIds`, the catalogue's one card reader.
 */
import { vietnamDate } from './availability';
import { promotableSql } from './discovery.d1';
import { D1CatalogRepository } from './repo.d1';
import { toSummary } from './service';
import { shopVisibleSql } from './visibility';
import type { ProductSummary } from './schemas';
import { countedSaleSql, SALES_HANDLER } from '../orders/sales';

/** How far back "trending" counts sales, and how far back "for you" looks at the shopper's own orders. */
export const TRENDING_DAYS = 7;
export const FOR_YOU_ORDER_DAYS = 365;
const DAY_MS = 86_400_000;

/** How a pick relates to a product the shopper bought or viewed; the strongest relation names the reason. */
export type Relation = 'ingredient' | 'category' | 'brand';
/** Relation weights: the same active ingredient says most about a need, the same brand least. */
export const RELATION_WEIGHT: Record<Relation, number> = { ingredient: 3, category: 1, brand: 0.5 };
/** Seed weights: a purchase says more than a view. */
export const SEED_WEIGHT = { bought: 2, viewed: 1 } as const;
/** At most this many seeds (newest first) and candidates per seed and relation. */
const MAX_SEEDS = 30;
const PER_SEED = { ingredient: 20, category: 12, brand: 6 } as const;

export interface Seed {
  id: string;
  how: keyof typeof SEED_WEIGHT;
}

export type Recommended = ProductSummary & { reason: string };

export interface RecommendationPage {
  /** What the picks are based on: the shopper's own history, or (none yet) what sells now. */
  basis: 'history' | 'trending';
  items: Recommended[];
}

/** The reason a shopper reads under a pick (Vietnamese, from the relation and the seed's name). */
export function reasonOf(relation: Relation, seed: { name: string; how: Seed['how'] }): string {
  const did = seed.how === 'bought' ? 'bạn đã mua' : 'bạn đã xem';
  switch (relation) {
    case 'ingredient':
      return `Cùng hoạt chất với ${seed.name} ${did}`;
    case 'category':
      return `Cùng nhóm với ${seed.name} ${did}`;
    case 'brand':
      return `Cùng thương hiệu với ${seed.name} ${did}`;
  }
}

export const TRENDING_REASON = `Được mua nhiều trong ${TRENDING_DAYS} ngày qua`;
export const BEST_SELLER_REASON = 'Bán chạy';

/**
 * Scores candidates: each (candidate, seed, relation) adds seed weight × relation weight, the seed weight fading with
 * the seed's position in the shopper's history (newest first). Returns the best `limit` with their strongest reason.
 */
export function rankCandidates(
  seeds: readonly Seed[],
  links: ReadonlyArray<{ cid: string; sid: string; rel: Relation }>,
  limit: number,
): Array<{ id: string; score: number; relation: Relation; seed: string }> {
  const seedWeight = new Map(seeds.map((s, i) => [s.id, SEED_WEIGHT[s.how] * (1 - i / (2 * MAX_SEEDS))]));
  const byId = new Map<string, { id: string; score: number; best: number; relation: Relation; seed: string }>();
  for (const l of links) {
    const w = (seedWeight.get(l.sid) ?? 0) * RELATION_WEIGHT[l.rel];
    if (w <= 0) continue;
    const cur = byId.get(l.cid);
    if (!cur) byId.set(l.cid, { id: l.cid, score: w, best: w, relation: l.rel, seed: l.sid });
    else {
      cur.score += w;
      if (w > cur.best) Object.assign(cur, { best: w, relation: l.rel, seed: l.sid });
    }
  }
  return [...byId.values()]
    .sort((a, b) => b.score - a.score || (a.id < b.id ? -1 : 1))
    .slice(0, limit)
    .map(({ id, score, relation, seed }) => ({ id, score, relation, seed }));
}

export class D1Recommendations {
  private readonly catalog: D1CatalogRepository;

  constructor(private readonly d1: D1Database) {
    this.catalog = new D1CatalogRepository(d1);
  }

  private async cards(ids: readonly string[], now: number): Promise<Map<string, ProductSummary>> {
    const rows = await this.catalog.productsByIds(ids, now);
    return new Map(rows.map((r) => [r.id, toSummary(r, now)]));
  }

  /**
   * Trending: promotable products by orders (then units) counted as sales in the last TRENDING_DAYS; a quiet week is
   * filled with best sellers, each pick saying which it is.
   */
  async trending(now: number, limit: number): Promise<Recommended[]> {
    const today = vietnamDate(now);
    const since = now - TRENDING_DAYS * DAY_MS;
    const { results } = await this.d1
      .prepare(
        `WITH recent AS (
           SELECT l.product_id AS id, COUNT(DISTINCT l.order_id) AS orders, SUM(l.quantity * l.factor) AS units
           FROM consumed_events ce JOIN order_lines l ON l.order_id = substr(ce.event_id, 6)
           WHERE ce.handler = '${SALES_HANDLER}' AND ce.processed_at >= ?1 AND ce.event_id >= 'sale:' AND ce.event_id < 'sale;' AND ${countedSaleSql('l.order_id')}
           GROUP BY l.product_id)
         SELECT p.id AS id, COALESCE(r.orders, 0) AS orders FROM products p LEFT JOIN recent r ON r.id = p.id
         WHERE ${promotableSql('p', today)} AND (r.orders > 0 OR p.sold_count > 0)
         ORDER BY COALESCE(r.orders, 0) DESC, COALESCE(r.units, 0) DESC, p.sold_count DESC, p.id LIMIT ?2`,
      )
      .bind(since, limit)
      .all<{ id: string; orders: number }>();
    const cards = await this.cards(
      results.map((r) => r.id),
      now,
    );
    return results.flatMap((r) => {
      const card = cards.get(r.id);
      return card ? [{ ...card, reason: r.orders > 0 ? TRENDING_REASON : BEST_SELLER_REASON }] : [];
    });
  }

  /** The signed-in shopper's history, newest first: products of orders that count as sales; viewed products. */
  async accountHistory(userId: string, now: number): Promise<{ bought: string[]; viewed: string[] }> {
    const [bought, viewed] = await this.d1.batch<{ id: string }>([
      this.d1
        .prepare(
          `SELECT l.product_id AS id FROM orders o JOIN order_lines l ON l.order_id = o.id
           WHERE o.user_id = ?1 AND o.created_at >= ?2 AND ${countedSaleSql('o.id')}
           GROUP BY l.product_id ORDER BY MAX(o.created_at) DESC, l.product_id LIMIT ${MAX_SEEDS}`,
        )
        .bind(userId, now - FOR_YOU_ORDER_DAYS * DAY_MS),
      this.d1.prepare(`SELECT product_id AS id FROM recently_viewed WHERE user_id = ? ORDER BY viewed_at DESC, product_id DESC LIMIT ${MAX_SEEDS}`).bind(userId),
    ]);
    return { bought: bought!.results.map((r) => r.id), viewed: viewed!.results.map((r) => r.id) };
  }

  /**
   * "For you": promotable products sharing an active ingredient, a category or a brand with the seeds, never a seed
   * itself, ranked by `rankCandidates`, each with the reason of its strongest link. With no seed (or no candidate),
   * the trending list. One batch for the candidates, one read for the cards.
   */
  async forYou(seeds: readonly Seed[], now: number, limit: number): Promise<RecommendationPage> {
    const used = seeds.slice(0, MAX_SEEDS);
    if (used.length === 0) return { basis: 'trending', items: await this.trending(now, limit) };
    const today = vietnamDate(now);
    const ids = JSON.stringify(used.map((s) => s.id));
    const notSeed = (col: string) => `${col} NOT IN (SELECT value FROM json_each(?1))`;
    const perSeed = (rel: 'category' | 'brand', col: string) =>
      this.d1
        .prepare(
          `SELECT cid, sid, '${rel}' AS rel FROM (
             SELECT p.id AS cid, s.id AS sid, ROW_NUMBER() OVER (PARTITION BY s.id ORDER BY p.sold_count DESC, p.id) AS rn
             FROM json_each(?1) j JOIN products s ON s.id = j.value JOIN products p ON p.${col} = s.${col}
             WHERE ${notSeed('p.id')} AND ${promotableSql('p', today)})
           WHERE rn <= ${PER_SEED[rel]}`,
        )
        .bind(ids);
    const [names, byIngredient, byCategory, byBrand] = await this.d1.batch<{ id: string; name: string; cid: string; sid: string; rel: Relation }>([
      // Seed names for the reasons: only products the shop still shows (a reason never names a hidden product). A
      // prescription product the shopper bought may be named: the reason is shown to that shopper only.
      this.d1.prepare(`SELECT s.id AS id, s.name AS name FROM json_each(?1) j JOIN products s ON s.id = j.value WHERE ${shopVisibleSql('s')}`).bind(ids),
      this.d1
        .prepare(
          `SELECT cid, sid, 'ingredient' AS rel FROM (
             SELECT ci.product_id AS cid, si.product_id AS sid, ROW_NUMBER() OVER (PARTITION BY si.product_id ORDER BY p.sold_count DESC, p.id) AS rn
             FROM json_each(?1) j JOIN product_ingredients si ON si.product_id = j.value
             JOIN product_ingredients ci ON ci.ingredient_id = si.ingredient_id AND ci.product_id <> si.product_id
             JOIN products p ON p.id = ci.product_id
             WHERE ${notSeed('ci.product_id')} AND ${promotableSql('p', today)})
           WHERE rn <= ${PER_SEED.ingredient}`,
        )
        .bind(ids),
      perSeed('category', 'category_id'),
      perSeed('brand', 'brand_id'),
    ]);
    const named = new Map(names!.results.map((r) => [r.id, r.name]));
    const shown = used.filter((s) => named.has(s.id));
    const links = [...byIngredient!.results, ...byCategory!.results, ...byBrand!.results].filter((l) => named.has(l.sid));
    const picks = rankCandidates(shown, links, limit);
    if (picks.length === 0) return { basis: 'trending', items: await this.trending(now, limit) };
    const cards = await this.cards(
      picks.map((p) => p.id),
      now,
    );
    const how = new Map(shown.map((s) => [s.id, s.how]));
    return {
      basis: 'history',
      items: picks.flatMap((p) => {
        const card = cards.get(p.id);
        return card ? [{ ...card, reason: reasonOf(p.relation, { name: named.get(p.seed)!, how: how.get(p.seed)! }) }] : [];
      }),
    };
  }
}

/** Bought first (newest first), then viewed products not bought; one seed per product. */
export function mergeSeeds(bought: readonly string[], viewed: readonly string[]): Seed[] {
  const seen = new Set<string>();
  const out: Seed[] = [];
  for (const [list, how] of [
    [bought, 'bought'],
    [viewed, 'viewed'],
  ] as const) {
    for (const id of list) if (!seen.has(id)) seen.add(id), out.push({ id, how });
  }
  return out.slice(0, MAX_SEEDS);
}
