/**
 * The Elasticsearch product document (ADR 0035): built in TypeScript from D1 with the project's own Vietnamese folding
 * (`foldVietnamese`, `accentExact`), so both engines fold the same way and no analysis plugin is needed (the
 * integ-test distribution has no analysis-common). Text fields are pre-tokenised exactly like `tokenize` in query.ts
 * (letters and digits, split on everything else) and indexed with the built-in `whitespace` analyzer; autocomplete
 * prefixes are precomputed into a keyword field (edge n-grams without an edge_ngram filter).
 */
import { inStockSummarySql, vietnamDate } from '../catalog/availability';
import { salePriceAllowed } from '../catalog/pricing';
import { shopVisibleSql } from '../catalog/visibility';
import { cardFromRow, type ProductCard } from '../catalog/card-row';
import { POPULARITY_HALF } from '../catalog/repo.d1';
import { accentExact, foldVietnamese } from '../text';

/** Text fields and their weights (the same as the FTS5 bm25 weights of migrations/0013_search_relevance.sql). */
export const TEXT_FIELDS = ['name', 'brand', 'category', 'ingredients', 'indications', 'body'] as const;
export type TextField = (typeof TEXT_FIELDS)[number];
export const FIELD_WEIGHTS: Record<TextField, number> = { name: 10, brand: 8, category: 4, ingredients: 5, indications: 2, body: 1 };
/** Autocomplete's fields (every field but the long description, as the D1 adapter). */
export const SUGGEST_FIELDS: readonly TextField[] = ['name', 'brand', 'category', 'ingredients', 'indications'];
/** Longest autocomplete prefix indexed; longer typed words match their first MAX_PREFIX characters. */
export const MAX_PREFIX = 20;
/** "Forever" for a price interval's end (epoch ms). */
export const FOREVER = 8_640_000_000_000_000;

export const foldedField = (f: TextField) => `${f}_f`;
export const exactField = (f: TextField) => `${f}_x`;

const words = (s: string) => s.split(/[^a-z0-9]+/).filter(Boolean);
/** Folded words of a text, as the query's `tokenize` folds a query. */
export function foldedWords(text: string): string[] {
  return words(foldVietnamese(text));
}
/** Accent-exact words (Vietnamese marks as digits, other marks dropped), as the D1 `*_x` columns hold them. */
export function exactWords(text: string): string[] {
  return words(accentExact(text).normalize('NFD').replace(/[\u0300-\u036f]/g, '').replace(/đ/g, 'd'));
}

export interface PriceInterval {
  from: number;
  to: number;
  value: number;
}

/** What the default unit costs over time: the sale price inside its window, else the regular price (pricing.ts). */
export function priceIntervals(u: { price: number; salePrice: number | null; saleStartsAt: number | null; saleEndsAt: number | null }): PriceInterval[] {
  if (u.salePrice === null || !salePriceAllowed(u.price, u.salePrice)) return [{ from: 0, to: FOREVER, value: u.price }];
  const start = u.saleStartsAt ?? 0;
  const end = u.saleEndsAt ?? FOREVER;
  const out: PriceInterval[] = [];
  if (start > 0) out.push({ from: 0, to: start, value: u.price });
  out.push({ from: start, to: end, value: u.salePrice });
  if (end < FOREVER) out.push({ from: end, to: FOREVER, value: u.price });
  return out;
}

export type { ProductCard };

export interface ProductDoc {
  id: string;
  visible: boolean;
  [field: string]: unknown;
}

/** The index mapping (strict: a field typo fails loudly). */
export const PRODUCT_MAPPING = {
  dynamic: 'strict' as const,
  properties: {
    id: { type: 'keyword' as const },
    visible: { type: 'boolean' as const },
    ...Object.fromEntries(TEXT_FIELDS.flatMap((f) => [
      [foldedField(f), { type: 'text' as const, analyzer: 'whitespace', copy_to: 'all_f' }],
      [exactField(f), { type: 'text' as const, analyzer: 'whitespace' }],
    ])),
    /** Every folded word, for the term suggester (typo corrections). */
    all_f: { type: 'text' as const, analyzer: 'whitespace' },
    /** Whole words and their prefixes (folded and accent-exact) of the autocomplete fields. */
    suggest_word: { type: 'keyword' as const },
    suggest_prefix: { type: 'keyword' as const },
    brand_slug: { type: 'keyword' as const },
    brand_facet: { type: 'keyword' as const },
    category_facet: { type: 'keyword' as const },
    category_slugs: { type: 'keyword' as const },
    dosage_form: { type: 'keyword' as const },
    rx: { type: 'boolean' as const },
    in_stock: { type: 'boolean' as const },
    sold_count: { type: 'long' as const },
    created_at: { type: 'long' as const },
    popularity: { type: 'float' as const },
    prices: { type: 'nested' as const, properties: { from: { type: 'long' as const }, to: { type: 'long' as const }, value: { type: 'long' as const } } },
    /** What a product card shows (not searchable). */
    card: { type: 'object' as const, enabled: false },
  },
};

export const INDEX_SETTINGS = {
  number_of_shards: 1,
  // One replica where there is a second node (Elastic Cloud), none on a single local node.
  auto_expand_replicas: '0-1',
  // Changes are visible to search within a second (the default; explicit because the sync bound depends on it).
  refresh_interval: '1s',
};

/** Separator of a facet key: "slug<US>name" (unit separator, never typed in a name). */
export const FACET_SEP = '\u001f';

interface Row {
  id: string;
  slug: string;
  name: string;
  shortDescription: string;
  description: string;
  indications: string;
  dosage: string | null;
  dosageForm: string;
  packSpec: string;
  prescriptionRequired: number;
  specialControl: number;
  soldCount: number;
  ratingAvgX100: number;
  ratingCount: number;
  createdAt: number;
  brandSlug: string;
  brandName: string;
  categorySlug: string;
  categoryName: string;
  categorySlugs: string | null;
  ingredients: string | null;
  imageKey: string | null;
  imageAlt: string | null;
  imageWidth: number | null;
  imageHeight: number | null;
  unitId: string | null;
  unitName: string | null;
  unitFactor: number | null;
  price: number | null;
  salePrice: number | null;
  saleStartsAt: number | null;
  saleEndsAt: number | null;
  inStock: number;
  shopVisible: number;
  seq: number | null;
}

/**
 * The SQL that reads product documents from D1 (one row per product): every column the document needs, the shop
 * visibility and in-stock flags through THE rules (`shopVisibleSql`, and `inStockSummarySql`, the listings' reader:
 * the availability summary when exact today, else the live rule), and the product's change sequence.
 */
function docSql(where: string): string {
  return `SELECT p.id, p.slug, p.name, p.short_description AS shortDescription, p.description, p.indications, p.dosage,
      p.dosage_form AS dosageForm, p.pack_spec AS packSpec, p.prescription_required AS prescriptionRequired, p.special_control AS specialControl,
      p.sold_count AS soldCount, p.rating_avg_x100 AS ratingAvgX100, p.rating_count AS ratingCount, p.created_at AS createdAt,
      b.slug AS brandSlug, b.name AS brandName, c.slug AS categorySlug, c.name AS categoryName,
      (SELECT group_concat(c2.slug, ' ') FROM categories c2 WHERE instr(c.path, c2.path) = 1) AS categorySlugs,
      (SELECT group_concat(i.name, ' ') FROM (SELECT i0.name FROM product_ingredients pi0 JOIN ingredients i0 ON i0.id = pi0.ingredient_id WHERE pi0.product_id = p.id ORDER BY pi0.position) i) AS ingredients,
      im.r2_key AS imageKey, im.alt AS imageAlt, im.width AS imageWidth, im.height AS imageHeight,
      du.id AS unitId, du.name AS unitName, du.factor AS unitFactor, du.price, du.sale_price AS salePrice, du.sale_starts_at AS saleStartsAt, du.sale_ends_at AS saleEndsAt,
      ${inStockSummarySql('p.id', '?1')} AS inStock,
      ${shopVisibleSql('p')} AS shopVisible,
      (SELECT f.seq FROM search_feed f WHERE f.product_id = p.id) AS seq
    FROM products p JOIN brands b ON b.id = p.brand_id JOIN categories c ON c.id = p.category_id
    LEFT JOIN product_units du ON du.product_id = p.id AND du.is_default = 1
    LEFT JOIN product_images im ON im.id = (SELECT i2.id FROM product_images i2 WHERE i2.product_id = p.id ORDER BY i2.position, i2.id LIMIT 1)
    WHERE ${where}`;
}

function prefixes(ws: Iterable<string>): string[] {
  const out = new Set<string>();
  for (const w of ws) for (let n = 1; n <= Math.min(w.length, MAX_PREFIX); n++) out.add(w.slice(0, n));
  return [...out];
}

/** One D1 row as a document (a hidden, deleted or unapproved product is a tombstone: `visible: false`, no text). */
export function toDoc(r: Row): ProductDoc {
  if (!Number(r.shopVisible) || r.unitId === null || r.price === null) return { id: r.id, visible: false };
  const text: Record<TextField, string> = {
    name: r.name,
    brand: r.brandName,
    category: r.categoryName,
    ingredients: r.ingredients ?? '',
    indications: r.indications,
    body: `${r.shortDescription} ${r.dosageForm} ${r.dosage ?? ''} ${r.description}`,
  };
  const doc: ProductDoc = { id: r.id, visible: true };
  const suggestWords = new Set<string>();
  for (const f of TEXT_FIELDS) {
    const fw = foldedWords(text[f]);
    const xw = exactWords(text[f]);
    doc[foldedField(f)] = fw.join(' ');
    doc[exactField(f)] = xw.join(' ');
    if (SUGGEST_FIELDS.includes(f)) for (const w of [...fw, ...xw]) suggestWords.add(w);
  }
  // The card exactly as a listing decodes it (cardFromRow, card-row.ts): only its fields are stored.
  const card = cardFromRow({ ...r, unitId: r.unitId, unitName: r.unitName ?? '', unitFactor: r.unitFactor ?? 1, price: r.price });
  Object.assign(doc, {
    suggest_word: [...suggestWords],
    suggest_prefix: prefixes(suggestWords),
    brand_slug: r.brandSlug,
    brand_facet: `${r.brandSlug}${FACET_SEP}${r.brandName}`,
    category_facet: `${r.categorySlug}${FACET_SEP}${r.categoryName}`,
    category_slugs: (r.categorySlugs ?? r.categorySlug).split(' ').filter(Boolean),
    dosage_form: r.dosageForm,
    rx: Boolean(r.prescriptionRequired),
    in_stock: card.inStock,
    sold_count: r.soldCount,
    created_at: r.createdAt,
    // The D1 ranking's popularity factor: up to 1.5× for the best sellers (repo.d1.ts sortKeys).
    popularity: 1 + (0.5 * r.soldCount) / (r.soldCount + POPULARITY_HALF),
    prices: priceIntervals(card.unit),
    card,
  });
  return doc;
}

export interface LoadedDoc {
  id: string;
  /** The product's change sequence (the external version); 0 when it never changed since the feed began. */
  seq: number;
  doc: ProductDoc;
}

/** Current documents of the given products (a product that no longer exists comes back as a tombstone). */
export async function loadDocs(d1: D1Database, ids: readonly string[], now: number): Promise<LoadedDoc[]> {
  if (ids.length === 0) return [];
  const out: LoadedDoc[] = [];
  for (let i = 0; i < ids.length; i += 90) {
    const chunk = ids.slice(i, i + 90);
    const [rows, seqs] = await d1.batch<Record<string, unknown>>([
      d1.prepare(docSql(`p.id IN (${chunk.map((_, k) => `?${k + 2}`).join(',')})`)).bind(vietnamDate(now), ...chunk),
      d1.prepare(`SELECT product_id AS id, seq FROM search_feed WHERE product_id IN (${chunk.map(() => '?').join(',')})`).bind(...chunk),
    ]);
    const byId = new Map(((rows?.results ?? []) as unknown as Row[]).map((r) => [r.id, r]));
    const seqById = new Map(((seqs?.results ?? []) as Array<{ id: string; seq: number }>).map((r) => [r.id, Number(r.seq)]));
    for (const id of chunk) {
      const r = byId.get(id);
      out.push({ id, seq: seqById.get(id) ?? 0, doc: r ? toDoc(r) : { id, visible: false } });
    }
  }
  return out;
}

/** One page of every product's document, in id order, after product id `after` ('' = from the start): a reindex step. */
export async function docsPage(d1: D1Database, now: number, after: string, pageSize = 200): Promise<LoadedDoc[]> {
  const res = await d1.prepare(`${docSql('p.id > ?2')} ORDER BY p.id LIMIT ?3`).bind(vietnamDate(now), after, pageSize).all<Row>();
  return (res.results ?? []).map((r) => ({ id: r.id, seq: Number(r.seq ?? 0), doc: toDoc(r) }));
}
