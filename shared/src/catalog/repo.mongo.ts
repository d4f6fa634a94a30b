/**
 * The catalogue read port over MongoDB (issue #19, ADR 0047): MongoDB Atlas in production, FerretDB v1.24.2 in tests.
 * Documents are built from D1 by sync.mongo.ts (doc.mongo.ts describes them).
 *
 * Every rule is the one D1 uses, evaluated in TypeScript over the documents' fields rather than retyped as a MongoDB
 * query: visibility is the `shopVisible` field (THE rule `isShopVisible`, evaluated when the document is written);
 * a unit is offered per `isUnitOffered`; the price now is `effectivePrice`; availability is `inStockFromCopy` (the
 * summary copy when exact today, else `isInStock` over the copied batches); sort keys are `listingSortValues`;
 * price buckets are `priceBucketOf`; facet sums are `facetSums`. MongoDB narrows the candidates (visible, and the
 * category/brand/Rx/dosage-form filters when no facets are asked), TypeScript applies the time-dependent rules (sale
 * windows, expiry), sorts, cuts the page after the cursor and counts. The candidates come from the slim
 * `product_listing` collection (no texts); the page's whole documents are then read by id from `products`. Costs O(candidates) per listing, as D1's `base` CTE does inside SQLite;
 * what crosses the wire here is the projection (ADR 0047 "Costs").
 *
 * Portability: find with `$in`/anchored `$regex`, projections, and (in the sync only, `writeVisibleCounts`)
 * `aggregate([$match, $group $sum])` — all in FerretDB v1.24.2 and Atlas. No `$facet`, `$lookup`, `$expr` or transactions.
 */
import type { Db, Filter } from 'mongodb';
import { AppError, ServiceUnavailableError } from '../errors';
import { inStockFromCopy, vietnamDate } from './availability';
import { COLLECTIONS, type BrandDoc, type CategoryDoc, type ListingDoc, type MetaDoc, type ProductDoc, type UnitDoc } from './doc.mongo';
import type { Cursor } from './cursor';
import type { BrandRecord, CatalogRepository, CategoryDetailRecord, ProductDetailRecord, ProductListResult, ProductListRow } from './ports';
import { effectivePrice } from './pricing';
import { FACET_GROUPS, facetSums, priceBucketOf, type FacetGroup, type FacetGroupRow, type FacetRows } from './repo.d1';
import type { ProductListQuery } from './schemas';
import { listingSortValues } from './sort';
import { ancestorPaths, type CategoryRow } from './tree';
import { isUnitOffered } from './visibility';

/** The candidate fields a listing reads before cutting its page (no texts, no images). */
const CANDIDATE_PROJECTION = {
  _id: 1,
  'category.id': 1,
  'category.slug': 1,
  'category.name': 1,
  'category.path': 1,
  'brand.id': 1,
  'brand.slug': 1,
  'brand.name': 1,
  dosageForm: 1,
  prescriptionRequired: 1,
  soldCount: 1,
  createdAt: 1,
  units: 1,
  batches: 1,
  availability: 1,
} as const;

type Candidate = Pick<ProductDoc, '_id' | 'category' | 'brand' | 'dosageForm' | 'prescriptionRequired' | 'soldCount' | 'createdAt' | 'units' | 'batches' | 'availability'>;

const escapeRegex = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
const byId = (a: { id: string }, b: { id: string }) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);

/**
 * Driver and server failures as our error types: an unreachable or timed-out origin is 503 CATALOG_ORIGIN_UNAVAILABLE
 * (the edge cache serves its stale copy meanwhile, ADR 0047); our own errors pass through.
 */
export function mongoError(e: unknown): AppError {
  if (e instanceof AppError) return e;
  return new ServiceUnavailableError('Danh mục sản phẩm tạm thời không truy cập được, vui lòng thử lại sau.', 'CATALOG_ORIGIN_UNAVAILABLE');
}

/** The non-zero `visibleCount`s the sync stored on category documents (`writeVisibleCounts`), keyed by id or path. */
function storedCounts<D extends { visibleCount?: number }>(docs: readonly D[], key: (d: D) => string): Map<string, number> {
  return new Map(docs.filter((d) => (d.visibleCount ?? 0) > 0).map((d) => [key(d), d.visibleCount!]));
}

export class MongoCatalogRepository implements CatalogRepository {
  constructor(private readonly db: Db) {}

  private products() {
    return this.db.collection<ProductDoc>(COLLECTIONS.products);
  }
  /** The slim per-product collection listings and counts read (doc.mongo.ts `ListingDoc`). */
  private listingCol() {
    return this.db.collection<ListingDoc>(COLLECTIONS.listing);
  }
  private categories() {
    return this.db.collection<CategoryDoc>(COLLECTIONS.categories);
  }
  private brandsCol() {
    return this.db.collection<BrandDoc>(COLLECTIONS.brands);
  }

  private async guard<T>(run: () => Promise<T>): Promise<T> {
    try {
      return await run();
    } catch (e) {
      throw mongoError(e);
    }
  }

  catalogVersion(): Promise<number> {
    return this.guard(async () => (await this.db.collection<MetaDoc>(COLLECTIONS.meta).findOne({ _id: 'catalog_version' }))?.value ?? 0);
  }

  listProducts(q: ProductListQuery, cursor: Cursor | null, now: number): Promise<ProductListResult> {
    return this.guard(async () => {
      const { facets: _f, ...res } = await this.listing(q, cursor, now, false);
      return res;
    });
  }

  listProductsWithFacets(q: ProductListQuery, cursor: Cursor | null, now: number): Promise<ProductListResult & { facets: FacetRows }> {
    return this.guard(async () => {
      const res = await this.listing(q, cursor, now, true);
      return { ...res, facets: res.facets! };
    });
  }

  private async listing(q: ProductListQuery, cursor: Cursor | null, now: number, withFacets: boolean): Promise<ProductListResult & { facets?: FacetRows }> {
    const today = vietnamDate(now);
    const [cat, brands] = await Promise.all([
      q.category ? this.categories().findOne({ slug: q.category }, { projection: { path: 1 } }) : null,
      q.brand ? this.brandsCol().find({ slug: { $in: q.brand } }, { projection: { slug: 1 } }).toArray() : [],
    ]);
    const brandIds = new Set(brands.map((b) => b._id));
    // THE filters per facet group, over a candidate's values (the same groups as D1's `filterParts`).
    const pass: Record<FacetGroup, (c: Candidate, price: number) => boolean> = {
      category: (c) => !q.category || (cat !== null && c.category.path.startsWith(cat.path)),
      brand: (c) => !q.brand || brandIds.has(c.brand.id),
      dosageForm: (c) => !q.dosageForm || q.dosageForm.includes(c.dosageForm),
      rx: (c) => q.rx === undefined || c.prescriptionRequired === q.rx,
      price: (_c, price) => (q.minPrice === undefined || price >= q.minPrice) && (q.maxPrice === undefined || price <= q.maxPrice),
    };
    // MongoDB narrows by the visibility field and, when no facet needs the other values, by the plain filters.
    const filter: Filter<ProductDoc> = { shopVisible: true };
    if (!withFacets) {
      if (q.category) filter['category.path'] = cat ? { $regex: `^${escapeRegex(cat.path)}` } : { $in: [] };
      if (q.brand) filter['brand.id'] = { $in: [...brandIds] };
      if (q.rx !== undefined) filter.prescriptionRequired = q.rx;
      if (q.dosageForm) filter.dosageForm = { $in: q.dosageForm };
    }
    const candidates = (await this.listingCol().find(filter as Filter<ListingDoc>, { projection: CANDIDATE_PROJECTION }).toArray()) as Candidate[];

    const groupRows: FacetGroupRow[] = [];
    const brandCounts = new Map<string, { slug: string; name: string; n: number }>();
    const categoryNames = new Map<string, { slug: string; name: string }>();
    const matching: Array<{ id: string; keys: number[]; inStock: boolean }> = [];
    for (const c of candidates) {
      // D1 lists a product through its default unit (inner join): none, not listed.
      const unit = c.units.find((u) => u.isDefault);
      if (!unit) continue;
      const price = effectivePrice(unit, now).price;
      const offered = c.units.filter(isUnitOffered).map((u) => u.factor);
      const inStock = inStockFromCopy(c.availability, c.batches, offered, today);
      const inStockOk = q.inStock === undefined || inStock === q.inStock;
      const flags = FACET_GROUPS.map((g) => pass[g](c, price));
      const mask = [...flags, inStockOk].reduce((m, ok, i) => m | (ok ? 1 << i : 0), 0);
      if (withFacets) {
        groupRows.push([c.category.id, c.dosageForm, c.prescriptionRequired ? 1 : 0, priceBucketOf(price), mask, 1]);
        categoryNames.set(c.category.id, { slug: c.category.slug, name: c.category.name });
        if (inStockOk && FACET_GROUPS.every((g, i) => g === 'brand' || flags[i])) {
          const b = brandCounts.get(c.brand.id) ?? { slug: c.brand.slug, name: c.brand.name, n: 0 };
          b.n++;
          brandCounts.set(c.brand.id, b);
        }
      }
      if (inStockOk && flags.every(Boolean)) {
        matching.push({ id: c._id, inStock, keys: listingSortValues(q.sort, { price, inStock: inStock ? 1 : 0, soldCount: c.soldCount, createdAt: c.createdAt }) });
      }
    }
    const cmp = (a: { keys: number[]; id: string }, b: { keys: number[]; id: string }) => {
      for (let i = 0; i < a.keys.length; i++) {
        const d = a.keys[i]! - b.keys[i]!;
        if (d) return d;
      }
      return a.id < b.id ? -1 : a.id > b.id ? 1 : 0;
    };
    matching.sort(cmp);
    const after = cursor ? matching.filter((m) => cmp(m, { keys: cursor.keys, id: cursor.id }) > 0) : matching;
    const page = after.slice(0, q.limit + 1);
    // Visible again at read: the product document is written before its listing row (no transaction across them).
    const docs = page.length ? await this.products().find({ _id: { $in: page.map((p) => p.id) }, shopVisible: true }).toArray() : [];
    const docById = new Map(docs.map((d) => [d._id, d]));
    const rows = page.flatMap((p) => {
      const d = docById.get(p.id);
      return d ? [listRow(d, p.inStock, p.keys)] : [];
    });
    const result: ProductListResult & { facets?: FacetRows } = {
      rows,
      total: matching.length,
      missingCategory: q.category !== undefined && cat === null,
      missingBrands: (q.brand ?? []).filter((slug) => !brands.some((b) => b.slug === slug)),
    };
    if (withFacets) {
      const sums = facetSums(groupRows);
      const byCount = <T extends { n: number }>(xs: T[], tie: (r: T) => string) => xs.sort((a, b) => b.n - a.n || (tie(a) < tie(b) ? -1 : tie(a) > tie(b) ? 1 : 0));
      result.facets = {
        categories: byCount([...sums.category].flatMap(([id, n]) => (categoryNames.has(id) ? [{ ...categoryNames.get(id)!, n }] : [])), (r) => r.slug).slice(0, 20),
        brands: byCount([...brandCounts.values()], (r) => r.slug).slice(0, 20),
        dosageForms: byCount([...sums.dosageForm].map(([form, n]) => ({ form, n })), (r) => r.form).slice(0, 20),
        rx: [...sums.rx].sort((a, b) => a[0] - b[0]).map(([rx, n]) => ({ rx: Boolean(rx), n })),
        priceBuckets: [...sums.price].sort((a, b) => a[0] - b[0]).map(([bucket, n]) => ({ bucket, n })),
      };
    }
    return result;
  }

  productBySlug(slug: string, now: number): Promise<ProductDetailRecord | { redirect: string } | null> {
    void now;
    return this.guard(async () => {
      const d = await this.products().findOne({ slug, shopVisible: true });
      if (!d) {
        const moved = await this.products().findOne({ oldSlugs: slug, shopVisible: true }, { projection: { slug: 1 } });
        return moved ? { redirect: moved.slug } : null;
      }
      const breadcrumb = await this.categories()
        .find({ path: { $in: ancestorPaths(d.category.path) } }, { projection: { slug: 1, name: 1, level: 1 } })
        .toArray();
      const units = d.units.filter(isUnitOffered).sort((a, b) => a.position - b.position || a.factor - b.factor);
      return {
        product: {
          id: d._id,
          slug: d.slug,
          name: d.name,
          shortDescription: d.shortDescription,
          description: d.description,
          dosageForm: d.dosageForm,
          packSpec: d.packSpec,
          baseUnit: d.baseUnit,
          indications: d.indications,
          dosage: d.dosage,
          sideEffects: d.sideEffects,
          contraindications: d.contraindications,
          precautions: d.precautions,
          storage: d.storage,
          registrationNumber: d.registrationNumber,
          countryOfOrigin: d.countryOfOrigin,
          prescriptionRequired: d.prescriptionRequired,
          specialControl: d.specialControl,
          soldCount: d.soldCount,
          ratingAvgX100: d.ratingAvgX100,
          ratingCount: d.ratingCount,
          updatedAt: d.updatedAt,
          brand: { slug: d.brand.slug, name: d.brand.name, country: d.brand.country },
          category: { slug: d.category.slug, name: d.category.name },
          manufacturer: d.manufacturer,
        },
        units: units.map((u) => ({ id: u.id, name: u.name, factor: u.factor, isDefault: u.isDefault, weightGrams: u.weightGrams, barcode: u.barcode, price: u.price, salePrice: u.salePrice, saleStartsAt: u.saleStartsAt, saleEndsAt: u.saleEndsAt })),
        images: d.images.map((i) => ({ r2Key: i.r2Key, alt: i.alt, width: i.width, height: i.height })),
        ingredients: d.ingredients,
        batches: d.batches,
        breadcrumb: breadcrumb.sort((a, b) => a.level - b.level).map((c) => ({ slug: c.slug, name: c.name, level: c.level })),
      };
    });
  }

  categoryTree(): Promise<{ rows: CategoryRow[]; counts: Map<string, number> }> {
    return this.guard(async () => {
      const docs = await this.categories().find({}).toArray();
      // The counts the sync stored (writeVisibleCounts): no read counts products.
      return { rows: docs.map(categoryRow), counts: storedCounts(docs, (d) => d._id) };
    });
  }

  categoryBySlug(slug: string): Promise<CategoryDetailRecord | null> {
    return this.guard(async () => {
      const c = await this.categories().findOne({ slug });
      if (!c) return null;
      const [related, counts] = await Promise.all([
        this.categories().find({ $or: [{ path: { $in: ancestorPaths(c.path) } }, { parentId: c._id }] }).toArray(),
        this.categories()
          .find({ path: { $regex: `^${escapeRegex(c.path)}` } }, { projection: { path: 1, visibleCount: 1 } })
          .toArray()
          .then((below) => storedCounts(below, (d) => d.path)),
      ]);
      // Roll leaf counts up to every category on their path (as D1's categoryBySlug does).
      const byPath = new Map<string, number>();
      for (const [path, n] of counts) for (const p of ancestorPaths(path)) byPath.set(p, (byPath.get(p) ?? 0) + n);
      const relatedRows = related.map(categoryRow);
      const countsByCategory = new Map<string, number>();
      for (const r of [categoryRow(c), ...relatedRows]) countsByCategory.set(r.id, byPath.get(r.path) ?? 0);
      return { category: { ...categoryRow(c), description: c.description }, related: relatedRows, countsByCategory };
    });
  }

  private async brandRecords(filter: Filter<BrandDoc>): Promise<BrandRecord[]> {
    const docs = await this.brandsCol().find(filter).toArray();
    return docs.map((b) => ({ id: b._id, slug: b.slug, name: b.name, country: b.country, description: b.description, logoKey: b.logoKey, productCount: b.visibleCount ?? 0 }));
  }

  brands(): Promise<BrandRecord[]> {
    return this.guard(async () => (await this.brandRecords({})).sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : byId(a, b))));
  }

  brandBySlug(slug: string): Promise<BrandRecord | null> {
    return this.guard(async () => (await this.brandRecords({ slug }))[0] ?? null);
  }
}

function categoryRow(c: CategoryDoc): CategoryRow {
  return { id: c._id, parentId: c.parentId, level: c.level, slug: c.slug, name: c.name, path: c.path, position: c.position };
}

/** A listing row from a product document (the card's fields, as `cardFromRow` gives them for D1). */
function listRow(d: ProductDoc, inStock: boolean, keys: number[]): ProductListRow {
  const u = d.units.find((x) => x.isDefault) as UnitDoc;
  const img = d.images[0];
  return {
    id: d._id,
    slug: d.slug,
    name: d.name,
    shortDescription: d.shortDescription,
    dosageForm: d.dosageForm,
    packSpec: d.packSpec,
    prescriptionRequired: d.prescriptionRequired,
    specialControl: d.specialControl,
    soldCount: d.soldCount,
    ratingAvgX100: d.ratingAvgX100,
    ratingCount: d.ratingCount,
    brandSlug: d.brand.slug,
    brandName: d.brand.name,
    categorySlug: d.category.slug,
    categoryName: d.category.name,
    imageKey: img?.r2Key ?? null,
    imageAlt: img?.alt ?? null,
    imageWidth: img?.width ?? null,
    imageHeight: img?.height ?? null,
    unitId: u.id,
    unitName: u.name,
    unitFactor: u.factor,
    unit: { price: u.price, salePrice: u.salePrice, saleStartsAt: u.saleStartsAt, saleEndsAt: u.saleEndsAt },
    inStock,
    sortKeys: keys,
  };
}
