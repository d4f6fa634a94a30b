/**
 * #18: a drug read from an image, matched to our catalogue (ADR 0045). Candidates come from OUR search (the same
 * index and shop-visibility rules the storefront uses, so a hidden or unapproved product is never offered), their
 * ingredient rows from D1, and the score from THE rule in match.ts. The purchase mode is the card's (`purchaseMode`,
 * which asks `consultationOnly`).
 */
import type { ProductSummary } from '../catalog/schemas';
import { SearchQuerySchema } from '../catalog/schemas';
import { D1SearchIndex } from '../search/index.d1';
import { searchProducts } from '../search/service';
import type { SearchIndex } from '../search/ports';
import { ValidationError } from '../errors';
import { matchScore, MIN_MATCH_CONFIDENCE, type DrugRead } from './match';
import type { RxMatch } from './schemas';

/** Strength-like tokens ("500mg", "0,5 g", "5ml") taken out of the search text: the score weighs them instead. */
const searchText = (name: string) =>
  name
    .replace(/\d+(?:[.,]\d+)?\s*(mcg|µg|ug|mg|g|ml|iu|ui|%)(?![\p{L}])/giu, ' ')
    .replace(/\s+/g, ' ')
    .trim()
    .slice(0, 200);

export interface ScoredProduct {
  product: ProductSummary;
  match: RxMatch;
}

/** Our products that fit `d`, best first (at most `limit`, each at least MIN_MATCH_CONFIDENCE). */
export async function matchDrug(db: D1Database, d: DrugRead, now: number, limit = 3, index: SearchIndex = new D1SearchIndex(db)): Promise<ScoredProduct[]> {
  let items: ProductSummary[];
  try {
    items = (await searchProducts(index, SearchQuerySchema.parse({ q: searchText(d.name) || d.name.slice(0, 200), limit: '12' }), now)).items;
  } catch (e) {
    if (e instanceof ValidationError) return []; // a name too short to search for: nothing to offer
    throw e;
  }
  if (!items.length) return [];
  const rows = await db
    .prepare(
      `SELECT pi.product_id AS productId, i.name, pi.strength FROM product_ingredients pi JOIN ingredients i ON i.id = pi.ingredient_id
       WHERE pi.product_id IN (${items.map(() => '?').join(', ')}) ORDER BY pi.product_id, pi.position`,
    )
    .bind(...items.map((p) => p.id))
    .all<{ productId: string; name: string; strength: string | null }>();
  const byProduct = new Map<string, Array<{ name: string; strength: string | null }>>();
  for (const r of rows.results) byProduct.set(r.productId, [...(byProduct.get(r.productId) ?? []), { name: r.name, strength: r.strength }]);
  return items
    .map((p, rank) => {
      const s = matchScore(d, { name: p.name, dosageForm: p.dosageForm, ingredients: byProduct.get(p.id) ?? [] });
      return {
        rank,
        product: p,
        match: { productId: p.id, slug: p.slug, name: p.name, dosageForm: p.dosageForm, strength: s.strength, prescriptionRequired: p.prescriptionRequired, purchaseMode: p.purchaseMode, confidence: s.confidence },
      };
    })
    .filter((x) => x.match.confidence >= MIN_MATCH_CONFIDENCE)
    .sort((a, b) => b.match.confidence - a.match.confidence || a.rank - b.rank)
    .slice(0, limit)
    .map(({ product, match }) => ({ product, match }));
}

/** Draft rows from drugs: each with its catalogue matches and the best one kept (the pharmacist may pick another). */
export async function matchDrafts<T extends DrugRead>(db: D1Database, drugs: T[], now: number, keep?: Array<string | null | undefined>) {
  const index = new D1SearchIndex(db);
  return Promise.all(
    drugs.map(async (d, i) => {
      const matches = (await matchDrug(db, d, now, 3, index)).map((m) => m.match);
      const chosen = keep?.[i];
      return { ...d, matches, productId: chosen !== undefined ? chosen : (matches[0]?.productId ?? null) };
    }),
  );
}
