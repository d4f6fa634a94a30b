/**
 * The products an assistant turn may talk about (#18): retrieved through OUR search (the same D1 index and ranking the
 * storefront uses) from the shopper's words, then read from our catalogue with what the rails need (Rx flag, special
 * control, ingredient names, the label's dosage). The model never sees anything else, and nothing it says about a
 * product is shown: the UI gets names, prices and links from these rows.
 */
import { SearchQuerySchema } from '../catalog/schemas';
import { D1SearchIndex } from '../search/index.d1';
import type { SearchIndex } from '../search/ports';
import { searchProducts } from '../search/service';
import { MAX_QUERY_CHARS } from '../search/query';
import { foldVietnamese } from '../text';
import { cartSaleSql } from '../checkout/pricing';
import { nameStem, type CandidateProduct } from './rails';

/** Words of a question that say nothing about a product (folded). */
const STOPWORDS = new Set(
  'toi minh em anh chi ban be con nha bi co khong thi nen dung uong gi nao la va hay hoac cho cua voi de duoc roi nhe a oi a ak vay sao the nay kia dang muon can mua tim loai thuoc san pham gi gium giup xin hoi cach lam nhu nao bao nhieu may mot cai nhung cac rat qua lai van con da se dang hien nay'.split(' '),
);

/** The search words of a question: folded, stopwords out, at most 8. */
export function retrievalQuery(question: string): string {
  const words = foldVietnamese(question).replace(/[^a-z0-9 ]+/g, ' ').split(' ').filter((w) => w.length > 1 && w.length <= 30 && !STOPWORDS.has(w));
  return words.slice(0, 8).join(' ').slice(0, MAX_QUERY_CHARS);
}

export async function retrieveCandidates(db: D1Database, question: string, now: number, limit = 8, index: SearchIndex = new D1SearchIndex(db)): Promise<CandidateProduct[]> {
  const q = retrievalQuery(question);
  if (q.length < 2) return [];
  const found = await searchProducts(index, SearchQuerySchema.parse({ q, limit: String(limit) }), now);
  const ids = found.items.map((i) => i.id);
  if (!ids.length) return [];
  const marks = ids.map(() => '?').join(',');
  const [details, ings] = await db.batch([
    db.prepare(`SELECT id, special_control AS specialControl, short_description AS shortDescription, indications, dosage FROM products WHERE id IN (${marks})`).bind(...ids),
    db.prepare(`SELECT pi.product_id AS productId, i.name AS name FROM product_ingredients pi JOIN ingredients i ON i.id = pi.ingredient_id WHERE pi.product_id IN (${marks}) ORDER BY pi.position`).bind(...ids),
  ]);
  const detail = new Map((details!.results as Array<{ id: string; specialControl: number; shortDescription: string; indications: string; dosage: string | null }>).map((d) => [d.id, d]));
  const ingredients = new Map<string, string[]>();
  for (const r of ings!.results as Array<{ productId: string; name: string }>) ingredients.set(r.productId, [...(ingredients.get(r.productId) ?? []), r.name]);
  return found.items.map((p) => {
    const d = detail.get(p.id);
    return {
      id: p.id,
      slug: p.slug,
      name: p.name,
      price: p.defaultUnit.price,
      prescriptionRequired: p.prescriptionRequired,
      specialControl: d ? d.specialControl === 1 : true,
      ingredients: ingredients.get(p.id) ?? [],
      shortDescription: d?.shortDescription ?? '',
      indications: d?.indications ?? '',
      dosage: d?.dosage ?? null,
    };
  });
}

let lexiconMemo: { version: number; terms: string[] } | null = null;

/**
 * The folded names the assistant may never write (`SentenceContext.restricted`), from the whole catalogue, whatever this
 * turn retrieved: each product not sold through the cart (`cartSaleSql`, the one rule: prescription-only or specially
 * controlled) by its name without strengths, and by its first word when no cart-sold product's name starts with it
 * ("klacid"); every ingredient found only in such products ("clarithromycin"). Kept per isolate and rebuilt when the
 * catalogue version moves (one small read per turn), so a product made prescription-only is blocked from its next turn.
 */
export async function restrictedLexicon(db: D1Database): Promise<string[]> {
  const version = (await db.prepare(`SELECT value FROM meta WHERE key = 'catalog_version'`).first<{ value: number }>())?.value ?? 0;
  if (lexiconMemo && lexiconMemo.version === version) return lexiconMemo.terms;
  const [names, ings] = await db.batch<{ name: string; sold: number }>([
    db.prepare(`SELECT p.name AS name, (${cartSaleSql('p')}) AS sold FROM products p WHERE p.deleted_at IS NULL`),
    db.prepare(
      `SELECT i.name AS name, 0 AS sold FROM ingredients i
       WHERE EXISTS (SELECT 1 FROM product_ingredients pi JOIN products p ON p.id = pi.product_id WHERE pi.ingredient_id = i.id AND p.deleted_at IS NULL AND NOT (${cartSaleSql('p')}))
         AND NOT EXISTS (SELECT 1 FROM product_ingredients pi JOIN products p ON p.id = pi.product_id WHERE pi.ingredient_id = i.id AND p.deleted_at IS NULL AND (${cartSaleSql('p')}))`,
    ),
  ]);
  const stems = names!.results.map((r) => ({ stem: nameStem(r.name), sold: r.sold === 1 }));
  const soldFirstWords = new Set(stems.filter((s) => s.sold).map((s) => s.stem.split(' ')[0]));
  const terms = new Set<string>();
  for (const { stem, sold } of stems) {
    if (sold) continue;
    terms.add(stem);
    const first = stem.split(' ')[0]!;
    if (first.length >= 5 && !soldFirstWords.has(first)) terms.add(first);
  }
  for (const r of ings!.results) terms.add(foldVietnamese(r.name));
  lexiconMemo = { version, terms: [...terms].filter((t) => t.length >= 4) };
  return lexiconMemo.terms;
}
