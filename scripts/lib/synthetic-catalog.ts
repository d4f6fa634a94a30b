/**
 * A synthetic catalogue of any size for the search benchmark (scripts/bench-search.ts `--products N`), built from the
 * seed catalogue so that hit counts grow with the catalogue instead of repeating the seed:
 * - the seed products stay as they are (the relevance queries keep their real targets);
 * - every further product takes a seed product as its template (category, dosage form, pack, texts), and gets
 *   a maker from a pool that grows with the catalogue (the seed's brands plus generated ones, about one per 150
 *   products; each leaf category draws from its own subset of them, as makers have product lines), a name
 *   `<template name without its brand> <maker>[ <line variant>]`, the template's active ingredients plus, for one
 *   product in four, another ingredient of the same category (combination products, and the name says so), the
 *   template's indications plus, for one in three, another product's of the same category, prices scaled 0.7–1.6×,
 *   sales, ratings, and 1–3 stock batches drawn like the seed's (some empty, some expired, some near expiry);
 * - it is deterministic (a seeded PRNG), so two runs measure the same catalogue.
 * A two-word query thus hits hundreds to thousands of products at 100,000, spread over many brands.
 */
import { rng, type SeedCatalog } from '../../seed/generate.mjs';
import { slugify } from '../../shared/src/text';

type Catalog = SeedCatalog & Record<string, unknown>;
type Row = Record<string, any>;

/** A 26-character id from a kind letter and a sequence number: unique, never one of the seed's. */
const synthId = (kind: string, n: number) => `0SYN${kind}${n.toString(32).toUpperCase().padStart(21, '0')}`;

const HEADS = ['Vina', 'Medi', 'Bio', 'Gene', 'Sapo', 'Hapa', 'Tana', 'Ameri', 'Euro', 'Asia', 'Nano', 'Vita', 'Phyto', 'Derma', 'Lacto', 'Calci', 'Hepa', 'Gastro', 'Neuro', 'Cardi', 'Pedia', 'Osteo', 'Immu', 'Sino', 'Nippo', 'Kore', 'Mekong', 'Sài Gòn', 'Hà Nội', 'Đông Á', 'Phương Nam', 'Trường Thọ'];
const TAILS = ['pharm', 'med', 'phar', 'care', 'lab', 'gen', 'farma', 'cure', 'life', 'health', 'plus', 'tech', 'nova', ' Dược', ' Pharma', ' Việt'];
const COUNTRIES = ['Việt Nam', 'Việt Nam', 'Việt Nam', 'Hàn Quốc', 'Nhật Bản', 'Mỹ', 'Pháp', 'Đức', 'Ấn Độ', 'Thái Lan', 'Úc'];
const LINES = ['', '', '', ' Plus', ' Forte', ' Extra', ' Kids', ' Gold', ' 2X', ' New', ' Max', ' Lite', ' Care', ' Fast'];
const DAY = 86_400_000;

export function synthesize(base: SeedCatalog, target: number): SeedCatalog {
  if (target <= base.products.length) return base;
  const r = rng(0x5eed + target);
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(r() * xs.length)]!;
  const todayMs = Date.parse(`${base.today}T00:00:00+07:00`);
  const roundPrice = (v: number) => (v >= 10_000 ? Math.round(v / 500) * 500 : Math.max(100, Math.round(v / 100) * 100));
  const extra = target - base.products.length;

  // Makers: the seed's brands plus generated ones (about one per 150 products).
  const brands: Row[] = [...(base.brands as Row[])];
  const slugs = new Set(brands.map((b) => b.slug as string));
  for (let i = 0; brands.length < base.brands.length + Math.ceil(extra / 150); i++) {
    const name = `${HEADS[i % HEADS.length]}${TAILS[Math.floor(i / HEADS.length) % TAILS.length]}${i >= HEADS.length * TAILS.length ? ` ${Math.floor(i / (HEADS.length * TAILS.length)) + 1}` : ''}`;
    const slug = slugify(name);
    if (slugs.has(slug)) continue;
    slugs.add(slug);
    brands.push({ id: synthId('B', i), slug, name, country: COUNTRIES[i % COUNTRIES.length], description: null });
  }
  const brandById = new Map(brands.map((b) => [b.id as string, b]));

  // Per leaf category: its templates, the ingredients its products use, and the makers that make such products.
  const byCategory = new Map<string, { templates: Row[]; ingredients: Set<string>; makers: Row[] }>();
  const ingByProduct = new Map<string, Row[]>();
  for (const pi of base.productIngredients as Row[]) ingByProduct.set(pi.productId, [...(ingByProduct.get(pi.productId) ?? []), pi]);
  for (const p of base.products as Row[]) {
    const c = byCategory.get(p.categoryId) ?? { templates: [], ingredients: new Set<string>(), makers: [] };
    c.templates.push(p);
    for (const pi of ingByProduct.get(p.id) ?? []) c.ingredients.add(pi.ingredientId);
    byCategory.set(p.categoryId, c);
  }
  for (const c of byCategory.values()) {
    const own = [...new Set(c.templates.map((t) => brandById.get(t.brandId)).filter(Boolean))] as Row[];
    c.makers = [...own, ...Array.from({ length: 40 }, () => pick(brands))];
  }
  const ingName = new Map((base.ingredients as Row[]).map((i) => [i.id as string, i.name as string]));
  const unitsByProduct = new Map<string, Row[]>();
  for (const u of base.units as Row[]) unitsByProduct.set(u.productId, [...(unitsByProduct.get(u.productId) ?? []), u]);
  const imageByProduct = new Map((base.images as Row[]).map((i) => [i.productId as string, i]));

  const out = {
    ...base,
    brands: brands as SeedCatalog['brands'],
    products: [...base.products] as Row[],
    units: [...base.units] as Row[],
    images: [...base.images] as Row[],
    batches: [...base.batches] as Row[],
    productIngredients: [...base.productIngredients] as Row[],
  };
  const productSlugs = new Set(out.products.map((p) => p.slug as string));
  for (let n = 0; n < extra; n++) {
    const t = pick(base.products as Row[]);
    const cat = byCategory.get(t.categoryId)!;
    const brand = pick(cat.makers);
    const oldBrand = brandById.get(t.brandId)?.name as string | undefined;
    const stem = (oldBrand ? t.name.replace(oldBrand, '') : t.name).replace(/\s+/g, ' ').trim();
    const ings = [...(ingByProduct.get(t.id) ?? [])];
    let addIng: string | null = null;
    if (r() < 0.25 && cat.ingredients.size > 1) {
      const cand = pick([...cat.ingredients]);
      if (!ings.some((x) => x.ingredientId === cand)) addIng = cand;
    }
    const name = `${stem}${addIng ? ` + ${ingName.get(addIng)}` : ''} ${brand.name}${pick(LINES)}`.replace(/\s+/g, ' ').trim();
    let slug = slugify(name);
    for (let i = 2; productSlugs.has(slug); i++) slug = `${slugify(name)}-${i}`;
    productSlugs.add(slug);
    const id = synthId('P', n);
    const createdAt = todayMs - Math.floor(r() * 400) * DAY;
    const other = pick(cat.templates);
    const indications = r() < 0.33 && other.id !== t.id ? `${t.indications} ${other.indications}` : t.indications;
    const hidden = r();
    out.products.push({
      ...t,
      id, slug, name,
      description: String(t.description).replace(t.name, name),
      indications,
      brandId: brand.id,
      manufacturerId: null,
      approvalState: hidden < 0.005 ? 'pending_review' : 'approved',
      visible: hidden >= 0.01,
      soldCount: Math.floor(r() ** 3 * 2500),
      ratingAvg: 400 + Math.floor(r() * 100),
      ratingCount: Math.floor(r() ** 2 * 300),
      createdAt, updatedAt: createdAt,
    });
    ings.forEach((pi, i) => out.productIngredients.push({ productId: id, ingredientId: pi.ingredientId, strength: pi.strength, position: i }));
    if (addIng) out.productIngredients.push({ productId: id, ingredientId: addIng, strength: null, position: ings.length });
    const scale = 0.7 + r() * 0.9;
    const onSale = r() < 0.12;
    const units = unitsByProduct.get(t.id) ?? [];
    units.forEach((u, i) => {
      const price = roundPrice(u.price * scale);
      const sale = onSale && i === 0 ? roundPrice(price * 0.85) : null;
      out.units.push({
        ...u, id: synthId('U', n * 4 + i), productId: id, price, barcode: null,
        salePrice: sale !== null && sale < price ? sale : null,
        saleStartsAt: sale !== null && sale < price ? todayMs - 3 * DAY : null,
        saleEndsAt: sale !== null && sale < price ? todayMs + 20 * DAY : null,
        createdAt, updatedAt: createdAt,
      });
    });
    const img = imageByProduct.get(t.id);
    if (img) out.images.push({ ...img, id: synthId('I', n), productId: id, alt: name, createdAt });
    const maxFactor = Math.max(1, ...units.map((u) => u.factor as number));
    const x = r();
    const profile = x < 0.04 ? 'empty' : x < 0.07 ? 'expired' : x < 0.17 ? 'near' : 'normal';
    const batches = 1 + Math.floor(r() * 3);
    for (let b = 0; b < batches; b++) {
      const days = profile === 'expired' ? -(5 + Math.floor(r() * 200)) : profile === 'near' && b === 0 ? 5 + Math.floor(r() * 55) : 120 + Math.floor(r() * 800);
      const expiry = new Date(todayMs + days * DAY + 7 * 3_600_000).toISOString().slice(0, 10);
      out.batches.push({
        id: synthId('L', n * 4 + b), productId: id, lotNumber: `S${n}-${b}`, expiryDate: expiry,
        quantity: profile === 'empty' ? 0 : maxFactor * (2 + Math.floor(r() * 40)), reserved: 0,
        costPrice: Math.max(1, Math.round(((units[0]?.price ?? 10_000) * scale * 0.7) / maxFactor)), supplier: null,
        receivedAt: todayMs - 30 * DAY, createdAt, updatedAt: createdAt,
      });
    }
  }
  return out as unknown as SeedCatalog;
}
