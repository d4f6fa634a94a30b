/**
 * #18 re-ranking of trending (ADR 0048): the catalogue data a re-rank needs, read from D1 — the pool's ingredients and
 * special-control flag (what the rails check a reason against), and every product's name (a reason names its own
 * product or none). Read once per re-rank (once per catalogue version and day), never per request.
 */
import { productNameTerms, type RerankCandidate } from './rerank';
import type { Recommended } from './recommend.d1';

export async function rerankCandidates(db: D1Database, items: readonly Recommended[]): Promise<{ pool: RerankCandidate[]; productNames: string[] }> {
  const ids = JSON.stringify(items.map((i) => i.id));
  const [details, ings, names] = await db.batch([
    db.prepare(`SELECT p.id AS id, p.special_control AS specialControl FROM json_each(?1) j JOIN products p ON p.id = j.value`).bind(ids),
    db.prepare(`SELECT pi.product_id AS productId, i.name AS name FROM json_each(?1) j JOIN product_ingredients pi ON pi.product_id = j.value JOIN ingredients i ON i.id = pi.ingredient_id ORDER BY pi.product_id, pi.position`).bind(ids),
    db.prepare(`SELECT name FROM products WHERE deleted_at IS NULL`),
  ]);
  const special = new Map((details!.results as Array<{ id: string; specialControl: number }>).map((d) => [d.id, d.specialControl === 1]));
  const ingredients = new Map<string, string[]>();
  for (const r of ings!.results as Array<{ productId: string; name: string }>) ingredients.set(r.productId, [...(ingredients.get(r.productId) ?? []), r.name]);
  const pool = items.map((i) => ({
    id: i.id,
    name: i.name,
    category: i.category.name,
    ingredients: ingredients.get(i.id) ?? [],
    dosageForm: i.dosageForm,
    summary: i.shortDescription,
    reason: i.reason,
    prescriptionRequired: i.prescriptionRequired,
    // Unknown (row gone meanwhile): treated as controlled, so no reason naming it is shown.
    specialControl: special.get(i.id) ?? true,
  }));
  return { pool, productNames: productNameTerms((names!.results as Array<{ name: string }>).map((r) => r.name)) };
}
