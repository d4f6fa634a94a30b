/**
 * Catalogue read rules: which products show, how they are priced now, what is available, how pages are cut.
 * Pure functions over repository records, so they are tested without any runtime.
 */
import { consultationOnly } from '../checkout/pricing';
import { NotFoundError } from '../errors';
import { formatVnd } from '../text';
import { PRICE_BUCKETS, type FacetRows } from './repo.d1';
import { availableBaseUnits, isInStock, nearestExpiry, unitsAvailable, vietnamDate } from './availability';
import { decodeCursor, encodeCursor } from './cursor';
import { effectivePrice } from './pricing';
import type { BrandRecord, CatalogRepository, CategoryDetailRecord, ProductDetailRecord, ProductListResult, ProductListRow } from './ports';
import { sortKeyCount } from './sort';
import type { ProductDetail, ProductListQuery, ProductSummary } from './schemas';
import { buildCategoryTree } from './tree';

export function imageUrl(r2Key: string): string {
  return `/v1/images/${r2Key}`;
}

/** Cart or consultation: asks THE online prescription rule (`consultationOnly`, checkout/pricing.ts). */
export function purchaseMode(p: { prescriptionRequired: boolean; specialControl: boolean }): 'cart' | 'consultation' {
  return consultationOnly(p) ? 'consultation' : 'cart';
}

function rating(avgX100: number, count: number) {
  return { average: Math.round(avgX100) / 100, count };
}

export function toSummary(r: ProductListRow, now: number): ProductSummary {
  return {
    id: r.id,
    slug: r.slug,
    name: r.name,
    shortDescription: r.shortDescription,
    dosageForm: r.dosageForm,
    packSpec: r.packSpec,
    prescriptionRequired: r.prescriptionRequired,
    purchaseMode: purchaseMode(r),
    brand: { slug: r.brandSlug, name: r.brandName },
    category: { slug: r.categorySlug, name: r.categoryName },
    image: r.imageKey ? { url: imageUrl(r.imageKey), alt: r.imageAlt ?? r.name, width: r.imageWidth, height: r.imageHeight } : null,
    defaultUnit: { id: r.unitId, name: r.unitName, ...effectivePrice(r.unit, now) },
    inStock: r.inStock,
    soldCount: r.soldCount,
    rating: rating(r.ratingAvgX100, r.ratingCount),
  };
}

export function priceBucketLabel(i: number): string {
  const b = PRICE_BUCKETS[i]!;
  if (b.min === 0 && b.max !== null) return `Dưới ${formatVnd(b.max)}`;
  if (b.max === null) return `Từ ${formatVnd(b.min)}`;
  return `${formatVnd(b.min)} – ${formatVnd(b.max)}`;
}

/** Facet rows with Vietnamese labels, shared by search and listings. */
export function presentFacets(f: FacetRows) {
  return {
    categories: f.categories.map((c) => ({ slug: c.slug, name: c.name, count: c.n })),
    brands: f.brands.map((b) => ({ slug: b.slug, name: b.name, count: b.n })),
    dosageForms: f.dosageForms.map((d) => ({ value: d.form, count: d.n })),
    prescription: f.rx.map((r) => ({ rx: r.rx, label: r.rx ? 'Thuốc kê đơn' : 'Không kê đơn', count: r.n })),
    priceBuckets: [...f.priceBuckets]
      .sort((a, b) => a.bucket - b.bucket)
      .map((p) => ({ min: PRICE_BUCKETS[p.bucket]!.min, max: PRICE_BUCKETS[p.bucket]!.max, label: priceBucketLabel(p.bucket), count: p.n })),
  };
}

export async function listProducts(repo: CatalogRepository, q: ProductListQuery, now: number) {
  const cursor = q.cursor ? decodeCursor(q.cursor, q.sort, sortKeyCount(q.sort)) : null;
  const res: ProductListResult & { facets?: FacetRows } = q.facets ? await repo.listProductsWithFacets(q, cursor, now) : await repo.listProducts(q, cursor, now);
  if (res.missingCategory) throw new NotFoundError('Không tìm thấy danh mục.', 'CATEGORY_NOT_FOUND', { category: q.category });
  if (res.missingBrands.length) throw new NotFoundError('Không tìm thấy thương hiệu.', 'BRAND_NOT_FOUND', { brands: res.missingBrands });
  const page = res.rows.slice(0, q.limit);
  const last = page[page.length - 1];
  const nextCursor = res.rows.length > q.limit && last ? encodeCursor({ sort: q.sort, keys: last.sortKeys, id: last.id }) : null;
  return { items: page.map((r) => toSummary(r, now)), total: res.total, nextCursor, ...(res.facets ? { facets: presentFacets(res.facets) } : {}) };
}

export function toDetail(rec: ProductDetailRecord, now: number): ProductDetail {
  const today = vietnamDate(now);
  const p = rec.product;
  const base = availableBaseUnits(rec.batches, today);
  const units = rec.units.map((u) => {
    const available = unitsAvailable(base, u.factor);
    return {
      id: u.id,
      name: u.name,
      factor: u.factor,
      isDefault: u.isDefault,
      weightGrams: u.weightGrams,
      barcode: u.barcode,
      available,
      inStock: available > 0,
      ...effectivePrice(u, now),
    };
  });
  return {
    id: p.id,
    slug: p.slug,
    name: p.name,
    shortDescription: p.shortDescription,
    description: p.description,
    dosageForm: p.dosageForm,
    packSpec: p.packSpec,
    baseUnit: p.baseUnit,
    indications: p.indications,
    dosage: p.dosage,
    sideEffects: p.sideEffects,
    contraindications: p.contraindications,
    precautions: p.precautions,
    storage: p.storage,
    registrationNumber: p.registrationNumber,
    countryOfOrigin: p.countryOfOrigin,
    prescriptionRequired: p.prescriptionRequired,
    purchaseMode: purchaseMode(p),
    brand: p.brand,
    category: p.category,
    manufacturer: p.manufacturer,
    activeIngredients: rec.ingredients,
    breadcrumb: rec.breadcrumb,
    images: rec.images.map((i) => ({ url: imageUrl(i.r2Key), alt: i.alt, width: i.width, height: i.height })),
    units,
    inStock: isInStock(rec.batches, rec.units.map((u) => u.factor), today),
    availableBaseUnits: base,
    nearestExpiry: nearestExpiry(rec.batches, today, now),
    soldCount: p.soldCount,
    rating: rating(p.ratingAvgX100, p.ratingCount),
    updatedAt: p.updatedAt,
  };
}

export async function getProduct(repo: CatalogRepository, slug: string, now: number): Promise<ProductDetail> {
  const found = await getProductOrRedirect(repo, slug, now);
  if ('redirect' in found) throw new NotFoundError('Không tìm thấy sản phẩm.', 'PRODUCT_NOT_FOUND', { slug });
  return found.product;
}

/** The product, or (issue 14) the current slug when `slug` is an old one of a product the shop shows; else 404. */
export async function getProductOrRedirect(repo: CatalogRepository, slug: string, now: number): Promise<{ product: ProductDetail } | { redirect: string }> {
  const rec = await repo.productBySlug(slug, now);
  if (rec && 'redirect' in rec) return { redirect: rec.redirect };
  if (rec) return { product: toDetail(rec, now) };
  throw new NotFoundError('Không tìm thấy sản phẩm.', 'PRODUCT_NOT_FOUND', { slug });
}

export async function getCategoryTree(repo: CatalogRepository) {
  const { rows, counts } = await repo.categoryTree();
  return buildCategoryTree(rows, counts);
}

export function toCategoryDetail(rec: CategoryDetailRecord) {
  const c = rec.category;
  const ancestors = rec.related.filter((r) => c.path.startsWith(r.path)).sort((a, b) => a.level - b.level);
  const children = rec.related
    .filter((r) => r.parentId === c.id)
    .sort((a, b) => a.position - b.position || a.name.localeCompare(b.name, 'vi'));
  return {
    id: c.id,
    slug: c.slug,
    name: c.name,
    level: c.level,
    description: c.description,
    productCount: rec.countsByCategory.get(c.id) ?? 0,
    breadcrumb: ancestors.map((a) => ({ slug: a.slug, name: a.name, level: a.level })),
    children: children.map((ch) => ({ slug: ch.slug, name: ch.name, productCount: rec.countsByCategory.get(ch.id) ?? 0 })),
  };
}

export async function getCategory(repo: CatalogRepository, slug: string) {
  const rec = await repo.categoryBySlug(slug);
  if (!rec) throw new NotFoundError('Không tìm thấy danh mục.', 'CATEGORY_NOT_FOUND', { slug });
  return toCategoryDetail(rec);
}

export function toBrand(b: BrandRecord) {
  return {
    id: b.id,
    slug: b.slug,
    name: b.name,
    country: b.country,
    description: b.description,
    logo: b.logoKey ? { url: imageUrl(b.logoKey), alt: b.name, width: null, height: null } : null,
    productCount: b.productCount,
  };
}

export async function getBrand(repo: CatalogRepository, slug: string) {
  const b = await repo.brandBySlug(slug);
  if (!b) throw new NotFoundError('Không tìm thấy thương hiệu.', 'BRAND_NOT_FOUND', { slug });
  return toBrand(b);
}
