/**
 * THE product save (issue 14, ADR 0024): one D1 batch per product, planned here for the console's POST/PATCH and the
 * import alike. `loadProductForWrite` reads what a save is compared with; `planProductSave` answers the statements
 * (product row, units diffed by id, ingredients, manufacturer find-or-create, slug redirect, revision, audit), or no
 * statements at all when nothing changes (an import round-trip writes nothing).
 *
 * Approval: a new product is inserted hidden (`pending_review`) with a revision of kind `new`. On an approved product,
 * changes to MEDICAL_FIELDS become a pending revision of kind `edit` holding the proposed values; the live row keeps
 * the approved text until a pharmacist approves (`planRevisionDecision` applies it in one batch). Every other field
 * (prices, units, visibility, names…) applies at once.
 */
import { auditReadBack, auditStatement, auditWritten } from '../audit/write.d1';
import type { AuditAction } from '../audit/actions';
import { ConflictError, NotFoundError, ValidationError } from '../errors';
import { newId } from '../ids';
import { slugify } from '../text';
import { liveProductSql, requireLiveProduct } from './live.d1';
import { canonical, MEDICAL_FIELDS, medicalValues, revisionChanges, sameValue, type FieldChange, type MedicalValues } from './approval';
import type { IngredientInput, ManufacturerInput, ProductInput, ProductUnitInput } from './product-input';

export type ApprovalState = 'draft' | 'pending_review' | 'approved' | 'rejected';

export interface ExistingUnit extends ProductUnitInput {
  id: string;
  retiredAt: number | null;
  /** Referenced by an order line, a cart item or a consultation: retired, never deleted. */
  referenced: boolean;
}

export interface PendingRevision {
  id: string;
  kind: 'new' | 'edit';
  /** kind `edit`: the proposed medical values; kind `new`: the product row itself is the proposal. */
  proposed: Partial<MedicalValues>;
  before: Partial<MedicalValues>;
  submittedAt: number;
  submittedBy: string | null;
}

export interface ExistingProduct {
  id: string;
  slug: string;
  approvalState: ApprovalState;
  deletedAt: number | null;
  /** The row's `updated_at` when loaded: an edit applies only if it is still the same (optimistic concurrency). */
  updatedAt: number;
  /** The live row as a ProductInput (with `slug` and unit ids): approved values for an approved product. */
  live: Omit<ProductInput, 'units'> & { slug: string; units: ExistingUnit[] };
  pending: PendingRevision | null;
}

export interface ProductSaveActor {
  id: string | null;
  role: string;
}

export interface ProductSavePlan {
  statements: D1PreparedStatement[];
  productId: string;
  slug: string;
  /** false: the input equals what is stored (and pending); `statements` is empty. */
  changed: boolean;
  /** The revision this save submitted for approval (null when none was needed or the pending one still stands). */
  revisionId: string | null;
  /** Fields written to the live row at once. */
  appliedFields: string[];
  /** Medical fields waiting for a pharmacist after this save. */
  pendingFields: string[];
  /**
   * An edit's guard: the id of its audit row, the batch's first statement, written only if the product is live and
   * unchanged since it was loaded; every later statement is conditioned on that row. Null for a create.
   */
  guardId: string | null;
}

// ---------------------------------------------------------------------------------------------------------------
// Column mapping
// ---------------------------------------------------------------------------------------------------------------

/** ProductInput scalar fields and their products columns. */
const COLUMNS = {
  name: 'name',
  slug: 'slug',
  shortDescription: 'short_description',
  description: 'description',
  categoryId: 'category_id',
  brandId: 'brand_id',
  registrationNumber: 'registration_number',
  prescriptionRequired: 'prescription_required',
  specialControl: 'special_control',
  dosageForm: 'dosage_form',
  packSpec: 'pack_spec',
  baseUnit: 'base_unit',
  indications: 'indications',
  dosage: 'dosage',
  sideEffects: 'side_effects',
  contraindications: 'contraindications',
  precautions: 'precautions',
  storage: 'storage',
  countryOfOrigin: 'country_of_origin',
  lowStockThreshold: 'low_stock_threshold',
  refillEligible: 'refill_eligible',
  dailyUseBase: 'daily_use_base',
  visible: 'visible',
} as const satisfies Partial<Record<keyof ProductInput, string>>;
type ScalarField = keyof typeof COLUMNS;
const SCALAR_FIELDS = Object.keys(COLUMNS) as ScalarField[];

const sqlValue = (v: unknown) => (typeof v === 'boolean' ? (v ? 1 : 0) : v === undefined ? null : v);

const UNIT_COLUMNS = {
  name: 'name',
  factor: 'factor',
  price: 'price',
  salePrice: 'sale_price',
  saleStartsAt: 'sale_starts_at',
  saleEndsAt: 'sale_ends_at',
  weightGrams: 'weight_grams',
  barcode: 'barcode',
  isDefault: 'is_default',
} as const satisfies Partial<Record<keyof ProductUnitInput, string>>;
type UnitField = keyof typeof UNIT_COLUMNS;
const UNIT_FIELDS = Object.keys(UNIT_COLUMNS) as UnitField[];

function normUnit(u: ProductUnitInput): Record<UnitField | 'retired', unknown> {
  return {
    name: u.name,
    factor: u.factor,
    price: u.price,
    salePrice: u.salePrice ?? null,
    saleStartsAt: u.saleStartsAt ?? null,
    saleEndsAt: u.saleEndsAt ?? null,
    weightGrams: u.weightGrams,
    barcode: u.barcode ?? null,
    isDefault: u.isDefault,
    retired: Boolean(u.retired),
  };
}

const normManufacturer = (m: ManufacturerInput | null) => (m ? { name: m.name, address: m.address ?? null, country: m.country } : null);
const normIngredients = (list: IngredientInput[]) => list.map((g) => ({ name: g.name, strength: g.strength ?? null }));

/** Canonical ingredient/manufacturer keys (find-or-create by slug). */
const ingredientSlug = (name: string) => slugify(name) || 'hoat-chat';
const manufacturerSlug = (name: string) => slugify(name) || 'nha-san-xuat';

// ---------------------------------------------------------------------------------------------------------------
// Read
// ---------------------------------------------------------------------------------------------------------------

interface ProductRow {
  id: string;
  slug: string;
  approval_state: ApprovalState;
  deleted_at: number | null;
  updated_at: number;
  m_name: string | null;
  m_address: string | null;
  m_country: string | null;
  [column: string]: unknown;
}

/** The product as the next save compares with (null when no such product). Deleted products load too. */
export async function loadProductForWrite(db: D1Database, productId: string): Promise<ExistingProduct | null> {
  const [prod, units, ings, rev] = await db.batch<Record<string, unknown>>([
    db
      .prepare(
        `SELECT p.*, m.name AS m_name, m.address AS m_address, m.country AS m_country
         FROM products p LEFT JOIN manufacturers m ON m.id = p.manufacturer_id WHERE p.id = ?`,
      )
      .bind(productId),
    db
      .prepare(
        `SELECT u.*, (EXISTS (SELECT 1 FROM order_lines l WHERE l.unit_id = u.id) OR EXISTS (SELECT 1 FROM cart_items c WHERE c.unit_id = u.id)
            OR EXISTS (SELECT 1 FROM advice_items k WHERE k.unit_id = u.id)) AS referenced
         FROM product_units u WHERE u.product_id = ? ORDER BY u.position, u.factor, u.id`,
      )
      .bind(productId),
    db
      .prepare(
        `SELECT i.name, pi.strength FROM product_ingredients pi JOIN ingredients i ON i.id = pi.ingredient_id
         WHERE pi.product_id = ? ORDER BY pi.position, i.name`,
      )
      .bind(productId),
    db.prepare(`SELECT * FROM product_revisions WHERE product_id = ? AND state = 'pending'`).bind(productId),
  ]);
  const p = prod!.results[0] as ProductRow | undefined;
  if (!p) return null;
  const live = {
    ...(Object.fromEntries(SCALAR_FIELDS.map((f) => [f, p[COLUMNS[f]]])) as Record<ScalarField, unknown>),
    prescriptionRequired: Boolean(p.prescription_required),
    specialControl: Boolean(p.special_control),
    visible: Boolean(p.visible),
    refillEligible: Boolean(p.refill_eligible),
    manufacturer: p.m_name ? { name: p.m_name, address: p.m_address, country: p.m_country ?? '' } : null,
    ingredients: (ings!.results as Array<{ name: string; strength: string | null }>).map((g) => ({ name: g.name, strength: g.strength })),
    units: (units!.results as Array<Record<string, unknown>>).map(
      (u): ExistingUnit => ({
        id: u.id as string,
        name: u.name as string,
        factor: u.factor as number,
        price: u.price as number,
        salePrice: (u.sale_price as number | null) ?? null,
        saleStartsAt: (u.sale_starts_at as number | null) ?? null,
        saleEndsAt: (u.sale_ends_at as number | null) ?? null,
        weightGrams: u.weight_grams as number,
        barcode: (u.barcode as string | null) ?? null,
        isDefault: Boolean(u.is_default),
        retired: u.retired_at != null,
        retiredAt: (u.retired_at as number | null) ?? null,
        referenced: Boolean(u.referenced),
      }),
    ),
  } as ExistingProduct['live'];
  const r = rev!.results[0] as Record<string, unknown> | undefined;
  return {
    id: p.id,
    slug: p.slug,
    approvalState: p.approval_state,
    deletedAt: p.deleted_at,
    updatedAt: p.updated_at,
    live,
    pending: r
      ? {
          id: r.id as string,
          kind: r.kind as 'new' | 'edit',
          proposed: JSON.parse(r.proposed as string) as Partial<MedicalValues>,
          before: JSON.parse(r.before as string) as Partial<MedicalValues>,
          submittedAt: r.submitted_at as number,
          submittedBy: (r.submitted_by as string | null) ?? null,
        }
      : null,
  };
}

/**
 * What an editor (or a PATCH) starts from: the live values with a pending edit's proposals on top, so that saving an
 * unrelated field (a price) neither drops nor re-submits the proposal.
 */
export function editingView(existing: ExistingProduct): ProductInput & { slug: string } {
  const { units, ...rest } = existing.live;
  const base = { ...rest, units: units.map(({ retiredAt: _r, referenced: _ref, ...u }) => u) };
  if (existing.pending?.kind !== 'edit') return base;
  return { ...base, ...existing.pending.proposed };
}

/** The medical diff of a pending revision, against the product's live (approved) values. */
export function pendingChanges(existing: ExistingProduct): FieldChange[] {
  if (!existing.pending) return [];
  if (existing.pending.kind === 'new') return revisionChanges({}, medicalValues(existing.live));
  return revisionChanges(medicalValues(existing.live), existing.pending.proposed);
}

// ---------------------------------------------------------------------------------------------------------------
// Plan
// ---------------------------------------------------------------------------------------------------------------

/** The category level products are filed under: the tree's leaves (main category → group → leaf). */
export const PRODUCT_CATEGORY_LEVEL = 3;

export interface CategoryProblem {
  code: 'CATEGORY_NOT_FOUND' | 'CATEGORY_NOT_LEAF';
  message: string;
}

/**
 * THE rule "a product sits in an existing level-3 (leaf-level) category", for the product save (console, import) and
 * the bulk move. Null when `categoryId` is fine; callers turn a problem into their answer (400 in a body, 404 for a
 * missing bulk destination).
 */
export async function productCategoryProblem(db: D1Database, categoryId: string): Promise<CategoryProblem | null> {
  const cat = await db.prepare('SELECT level FROM categories WHERE id = ?').bind(categoryId).first<{ level: number }>();
  if (!cat) return { code: 'CATEGORY_NOT_FOUND', message: 'Danh mục không tồn tại.' };
  if (cat.level !== PRODUCT_CATEGORY_LEVEL) return { code: 'CATEGORY_NOT_LEAF', message: 'Sản phẩm chỉ được xếp vào danh mục cấp 3 (danh mục nhỏ nhất).' };
  return null;
}

async function checkReferences(db: D1Database, productId: string, input: ProductInput, existing: ExistingProduct | null): Promise<void> {
  const barcodes = input.units.map((u) => u.barcode).filter((b): b is string => Boolean(b));
  // Checked when the category is set or changed (a product filed before the rule keeps saving its other fields).
  const catProblem = existing?.live.categoryId === input.categoryId ? null : await productCategoryProblem(db, input.categoryId);
  if (catProblem) throw new ValidationError(catProblem.message, { field: 'categoryId' }, catProblem.code);
  const [brand, taken] = await db.batch<Record<string, unknown>>([
    db.prepare('SELECT id FROM brands WHERE id = ?').bind(input.brandId),
    db
      .prepare(`SELECT barcode FROM product_units WHERE product_id <> ? AND barcode IN (${barcodes.map(() => '?').join(',') || "''"})`)
      .bind(productId, ...barcodes),
  ]);
  if (!brand!.results.length) throw new ValidationError('Thương hiệu không tồn tại.', { field: 'brandId' }, 'BRAND_NOT_FOUND');
  if (taken!.results.length) {
    const codes = (taken!.results as Array<{ barcode: string }>).map((r) => r.barcode);
    throw new ConflictError(`Mã vạch ${codes.join(', ')} đã thuộc sản phẩm khác.`, 'BARCODE_TAKEN', { barcodes: codes });
  }
  const known = new Set((existing?.live.units ?? []).map((u) => u.id));
  const foreign = input.units.filter((u) => u.id && !known.has(u.id));
  if (foreign.length) throw new ValidationError('Đơn vị không thuộc sản phẩm này.', { unitIds: foreign.map((u) => u.id) }, 'UNIT_NOT_FOUND');
  const ingSlugs = new Set<string>();
  for (const g of input.ingredients) {
    const sl = ingredientSlug(g.name);
    if (ingSlugs.has(sl)) throw new ValidationError(`Hoạt chất "${g.name}" bị trùng.`, { field: 'ingredients' }, 'DUPLICATE_INGREDIENT');
    ingSlugs.add(sl);
  }
}

/** Whether `slug` is free for product `productId` (not another product's slug, not a redirect to another product). */
async function slugTaken(db: D1Database, slug: string, productId: string): Promise<boolean> {
  const row = await db
    .prepare(
      `SELECT 1 FROM products WHERE slug = ?1 AND id <> ?2 UNION ALL SELECT 1 FROM product_slug_redirects WHERE old_slug = ?1 AND product_id <> ?2 LIMIT 1`,
    )
    .bind(slug, productId)
    .first();
  return row !== null;
}

/** A free slug for a new product: the name's slug, then `-2`, `-3`… */
async function freeSlug(db: D1Database, base: string, productId: string): Promise<string> {
  const rows = await db
    .prepare(
      `SELECT slug AS s FROM products WHERE slug = ?1 OR substr(slug, 1, length(?1) + 1) = ?1 || '-'
       UNION SELECT old_slug AS s FROM product_slug_redirects WHERE old_slug = ?1 OR substr(old_slug, 1, length(?1) + 1) = ?1 || '-'`,
    )
    .bind(base)
    .all<{ s: string }>();
  const used = new Set(rows.results.map((r) => r.s));
  void productId;
  if (!used.has(base)) return base;
  for (let i = 2; ; i++) if (!used.has(`${base}-${i}`)) return `${base}-${i}`;
}

function manufacturerStatements(db: D1Database, m: ManufacturerInput | null, now: number, guard = 'TRUE'): D1PreparedStatement[] {
  if (!m) return [];
  return [
    db
      .prepare(
        `INSERT INTO manufacturers (id, slug, name, country, address, created_at, updated_at) SELECT ?, ?, ?, ?, ?, ?, ? WHERE ${guard}
         ON CONFLICT (slug) DO UPDATE SET country = excluded.country, address = COALESCE(excluded.address, manufacturers.address), updated_at = excluded.updated_at
         WHERE manufacturers.country IS NOT excluded.country OR (excluded.address IS NOT NULL AND manufacturers.address IS NOT excluded.address)`,
      )
      .bind(newId(), manufacturerSlug(m.name), m.name, m.country, m.address ?? null, now, now),
  ];
}

const manufacturerIdSql = '(SELECT id FROM manufacturers WHERE slug = ?)';

/** Replaces a product's ingredients; `guard` (SQL + binds) conditions the writes (approval applies them only if approved). */
export function ingredientStatements(db: D1Database, productId: string, list: IngredientInput[], now: number, guard?: { sql: string; binds: unknown[] }): D1PreparedStatement[] {
  const cond = guard ? ` AND ${guard.sql}` : '';
  const binds = guard?.binds ?? [];
  const out = [db.prepare(`DELETE FROM product_ingredients WHERE product_id = ?${cond}`).bind(productId, ...binds)];
  list.forEach((g, i) => {
    const sl = ingredientSlug(g.name);
    out.push(db.prepare('INSERT INTO ingredients (id, slug, name, created_at) VALUES (?, ?, ?, ?) ON CONFLICT (slug) DO NOTHING').bind(newId(), sl, g.name, now));
    out.push(
      db
        .prepare(`INSERT INTO product_ingredients (product_id, ingredient_id, strength, position) SELECT ?, id, ?, ? FROM ingredients WHERE slug = ?${cond}`)
        .bind(productId, g.strength ?? null, i, sl, ...binds),
    );
  });
  return out;
}

function insertUnit(db: D1Database, productId: string, u: ProductUnitInput, position: number, now: number, guard = 'TRUE'): D1PreparedStatement {
  const n = normUnit(u);
  return db
    .prepare(
      `INSERT INTO product_units (id, product_id, name, factor, price, sale_price, sale_starts_at, sale_ends_at, weight_grams, barcode, is_default, position, retired_at, created_at, updated_at)
       SELECT ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ? WHERE ${guard}`,
    )
    .bind(u.id ?? newId(), productId, n.name, n.factor, n.price, n.salePrice, n.saleStartsAt, n.saleEndsAt, n.weightGrams, n.barcode, n.isDefault ? 1 : 0, position, n.retired ? now : null, now, now);
}

/** Unit statements: default cleared first (one default at a time), then updates, inserts, retirements and deletions. */
function unitStatements(db: D1Database, productId: string, existing: ExistingUnit[], input: ProductUnitInput[], now: number, guard: string): { statements: D1PreparedStatement[]; changed: string[] } {
  const byId = new Map(existing.map((u) => [u.id, u]));
  const first: D1PreparedStatement[] = [];
  const rest: D1PreparedStatement[] = [];
  const changed: string[] = [];
  const kept = new Set<string>();
  input.forEach((u, position) => {
    const old = u.id ? byId.get(u.id) : undefined;
    if (!old) {
      rest.push(insertUnit(db, productId, u, position, now, guard));
      changed.push(`units.new:${u.name}`);
      return;
    }
    kept.add(old.id);
    const a = normUnit(old);
    const b = normUnit(u);
    const sets: string[] = [];
    const binds: unknown[] = [];
    for (const f of UNIT_FIELDS) {
      if (f === 'isDefault') continue;
      if (!sameValue(a[f], b[f])) {
        sets.push(`${UNIT_COLUMNS[f]} = ?`);
        binds.push(sqlValue(b[f]));
      }
    }
    // A renamed unit takes a name no unit can hold first, so that two units may swap names within the batch.
    if (a.name !== b.name) first.push(db.prepare(`UPDATE product_units SET name = '~' || id WHERE id = ? AND ${guard}`).bind(old.id));
    if (a.isDefault && !b.isDefault) first.push(db.prepare(`UPDATE product_units SET is_default = 0, updated_at = ? WHERE id = ? AND ${guard}`).bind(now, old.id));
    if (!a.isDefault && b.isDefault) {
      sets.push('is_default = 1');
    }
    if (a.retired !== b.retired) {
      sets.push('retired_at = ?');
      binds.push(b.retired ? now : null);
    }
    const oldPos = existing.indexOf(old);
    if (oldPos !== position) {
      sets.push('position = ?');
      binds.push(position);
    }
    if (sets.length) {
      rest.push(db.prepare(`UPDATE product_units SET ${sets.join(', ')}, updated_at = ? WHERE id = ? AND product_id = ? AND ${guard}`).bind(...binds, now, old.id, productId));
      changed.push(`units.${old.id}`);
    }
  });
  for (const old of existing) {
    if (kept.has(old.id)) continue;
    if (old.referenced) {
      if (old.retiredAt === null) {
        if (old.isDefault) throw new ValidationError('Không thể bỏ đơn vị mặc định; hãy chọn đơn vị mặc định khác trước.', { unitId: old.id }, 'DEFAULT_UNIT_REQUIRED');
        rest.push(db.prepare(`UPDATE product_units SET retired_at = ?, updated_at = ? WHERE id = ? AND ${guard}`).bind(now, now, old.id));
        changed.push(`units.retire:${old.id}`);
      }
    } else {
      first.push(db.prepare(`DELETE FROM product_units WHERE id = ? AND product_id = ? AND ${guard}`).bind(old.id, productId));
      changed.push(`units.delete:${old.id}`);
    }
  }
  return { statements: [...first, ...rest], changed };
}

/**
 * Plans one product save. `existing` null: create. Throws 4xx (`ValidationError`/`ConflictError`) for references
 * that don't exist, a slug or barcode that belongs to another product, or a unit id of another product.
 */
export async function planProductSave(
  db: D1Database,
  args: { existing: ExistingProduct | null; input: ProductInput; actor: ProductSaveActor; now: number; productId?: string; auditAction?: AuditAction },
): Promise<ProductSavePlan> {
  const { existing, input, actor, now } = args;
  const productId = existing?.id ?? args.productId ?? newId();
  await checkReferences(db, productId, input, existing);
  return existing ? planEdit(db, existing, input, actor, now, args.auditAction) : planCreate(db, productId, input, actor, now, args.auditAction);
}

async function planCreate(db: D1Database, productId: string, input: ProductInput, actor: ProductSaveActor, now: number, auditAction?: AuditAction): Promise<ProductSavePlan> {
  let slug: string;
  if (input.slug) {
    if (await slugTaken(db, input.slug, productId)) throw new ConflictError('Slug đã được dùng cho sản phẩm khác.', 'SLUG_TAKEN', { slug: input.slug });
    slug = input.slug;
  } else {
    slug = await freeSlug(db, slugify(input.name) || 'san-pham', productId);
  }
  const cols = SCALAR_FIELDS.filter((f) => f !== 'slug' && input[f] !== undefined); // #17: an absent optional field keeps its column default
  const values = cols.map((f) => sqlValue(input[f]));
  const revisionId = newId();
  const mv = medicalValues(input);
  const statements = [
    ...manufacturerStatements(db, input.manufacturer, now),
    db
      .prepare(
        `INSERT INTO products (id, slug, ${cols.map((f) => COLUMNS[f]).join(', ')}, manufacturer_id, approval_state, created_at, updated_at)
         VALUES (?, ?, ${cols.map(() => '?').join(', ')}, ${input.manufacturer ? manufacturerIdSql : 'NULL'}, 'draft', ?, ?)`,
      )
      .bind(productId, slug, ...values, ...(input.manufacturer ? [manufacturerSlug(input.manufacturer.name)] : []), now, now),
    ...ingredientStatements(db, productId, input.ingredients, now),
    ...input.units.map((u, i) => insertUnit(db, productId, u, i, now)),
    db
      .prepare(`INSERT INTO product_revisions (id, product_id, kind, state, proposed, before, submitted_by, submitted_at) VALUES (?, ?, 'new', 'pending', ?, '{}', ?, ?)`)
      .bind(revisionId, productId, JSON.stringify(mv), actor.id, now),
    db.prepare(`UPDATE products SET approval_state = 'pending_review' WHERE id = ?`).bind(productId),
    auditStatement(db, { actor, action: auditAction ?? 'product.create', entityType: 'product', entityId: productId, data: { slug, name: input.name, revisionId } }, now),
  ];
  return { statements, productId, slug, changed: true, revisionId, appliedFields: Object.keys(input), pendingFields: MEDICAL_FIELDS.slice(), guardId: null };
}

async function planEdit(db: D1Database, existing: ExistingProduct, input: ProductInput, actor: ProductSaveActor, now: number, auditAction?: AuditAction): Promise<ProductSavePlan> {
  const live = existing.live;
  const productId = existing.id;
  const approved = existing.approvalState === 'approved';
  const slug = input.slug ?? existing.slug;
  if (slug !== existing.slug && (await slugTaken(db, slug, productId))) throw new ConflictError('Slug đã được dùng cho sản phẩm khác.', 'SLUG_TAKEN', { slug });

  const target = { ...input, slug } as ProductInput & { slug: string };
  const medicalSet = new Set<string>(MEDICAL_FIELDS);
  // Fields written to the row now: on an approved product everything except the medical fields.
  const rowFields = SCALAR_FIELDS.filter((f) => target[f] !== undefined && !(approved && medicalSet.has(f)) && !sameValue(live[f], target[f]));
  const manufacturerChanged = !sameValue(normManufacturer(live.manufacturer), normManufacturer(target.manufacturer));
  const ingredientsChanged = !sameValue(normIngredients(live.ingredients), normIngredients(target.ingredients));
  const guardId = newId();
  const guard = `EXISTS (SELECT 1 FROM audit_log WHERE id = '${guardId}')`;
  const units = unitStatements(db, productId, live.units, target.units, now, guard);

  // The approval side.
  let revision: { kind: 'new' | 'edit'; proposed: Partial<MedicalValues>; before: Partial<MedicalValues> } | null = null;
  let supersede = false;
  let pendingFields: string[] = [];
  const liveMedical = medicalValues(live);
  const targetMedical = medicalValues(target);
  const medicalDiff = revisionChanges(liveMedical, targetMedical);
  if (approved) {
    const proposed = Object.fromEntries(medicalDiff.map((c) => [c.field, c.after])) as Partial<MedicalValues>;
    const samePending = existing.pending?.kind === 'edit' && canonical(sortKeys(existing.pending.proposed)) === canonical(sortKeys(proposed));
    if (medicalDiff.length === 0) {
      supersede = existing.pending !== null; // the proposal was taken back
    } else if (!samePending) {
      supersede = existing.pending !== null;
      revision = { kind: 'edit', proposed, before: Object.fromEntries(medicalDiff.map((c) => [c.field, c.before])) as Partial<MedicalValues> };
    }
    pendingFields = medicalDiff.map((c) => c.field);
  } else {
    // Not approved yet (pending, rejected, draft): the row is the proposal. A change to a rejected product resubmits
    // it; a medical change to a pending one replaces its revision (the pharmacist decides on what is there now).
    const anyChange = rowFields.length > 0 || manufacturerChanged || ingredientsChanged || units.statements.length > 0;
    if (existing.pending === null ? anyChange : medicalDiff.length > 0) {
      supersede = existing.pending !== null;
      revision = { kind: 'new', proposed: targetMedical, before: {} };
    }
    pendingFields = MEDICAL_FIELDS.slice();
  }

  const directChanged = rowFields.length > 0 || manufacturerChanged || (!approved && ingredientsChanged) || units.statements.length > 0;
  if (!directChanged && !revision && !supersede) {
    return { statements: [], productId, slug: existing.slug, changed: false, revisionId: null, appliedFields: [], pendingFields: existing.pending ? pendingFields : [], guardId: null };
  }

  const statements: D1PreparedStatement[] = [];
  statements.push(...manufacturerStatements(db, manufacturerChanged ? target.manufacturer : null, now, guard));
  if (rowFields.includes('slug')) {
    statements.push(db.prepare(`DELETE FROM product_slug_redirects WHERE old_slug = ? AND product_id = ? AND ${guard}`).bind(slug, productId));
    statements.push(
      db
        .prepare(`INSERT INTO product_slug_redirects (old_slug, product_id, created_at) SELECT ?, ?, ? WHERE ${guard} ON CONFLICT (old_slug) DO UPDATE SET product_id = excluded.product_id, created_at = excluded.created_at`)
        .bind(existing.slug, productId, now),
    );
  }
  // Units first (a default switch clears the old default before the product row is touched; order does not matter to it).
  statements.push(...units.statements);
  const sets = rowFields.map((f) => `${COLUMNS[f]} = ?`);
  const binds = rowFields.map((f) => sqlValue(target[f]));
  if (manufacturerChanged) {
    sets.push(`manufacturer_id = ${target.manufacturer ? manufacturerIdSql : 'NULL'}`);
    if (target.manufacturer) binds.push(manufacturerSlug(target.manufacturer.name));
  }
  const revisionId = revision ? newId() : null;
  if (revision?.kind === 'new' && existing.approvalState !== 'pending_review') sets.push(`approval_state = 'pending_review', rejection_note = NULL`);
  // updated_at always moves forward (even within the same millisecond), so a save loaded before this one is stale.
  statements.push(db.prepare(`UPDATE products SET ${[...sets, 'updated_at = MAX(?, updated_at + 1)'].join(', ')} WHERE id = ? AND ${guard}`).bind(...binds, now, productId));
  if (!approved && ingredientsChanged) statements.push(...ingredientStatements(db, productId, target.ingredients, now, { sql: guard, binds: [] }));
  if (supersede && existing.pending) {
    statements.push(
      db.prepare(`UPDATE product_revisions SET state = 'superseded', decided_at = ?, decided_by = ? WHERE id = ? AND state = 'pending' AND ${guard}`).bind(now, actor.id, existing.pending.id),
    );
  }
  if (revision && revisionId) {
    statements.push(
      db
        .prepare(`INSERT INTO product_revisions (id, product_id, kind, state, proposed, before, submitted_by, submitted_at) SELECT ?, ?, ?, 'pending', ?, ?, ?, ? WHERE ${guard}`)
        .bind(revisionId, productId, revision.kind, JSON.stringify(revision.proposed), JSON.stringify(revision.before), actor.id, now),
    );
  }
  const appliedFields = [...rowFields, ...(manufacturerChanged ? ['manufacturer'] : []), ...(!approved && ingredientsChanged ? ['ingredients'] : []), ...(units.changed.length ? ['units'] : [])];
  // The guard, first in the batch: the audit row, written only if the product is live and unchanged since loaded.
  statements.unshift(
    auditStatement(
      db,
      {
        id: guardId,
        actor,
        action: auditAction ?? 'product.update',
        entityType: 'product',
        entityId: productId,
        data: { fields: appliedFields, ...(units.changed.length ? { units: units.changed } : {}), ...(revisionId ? { revisionId, pendingFields } : {}), ...(supersede && !revision ? { withdrawn: existing.pending?.id } : {}) },
      },
      now,
      { sql: `EXISTS (SELECT 1 FROM products WHERE id = ? AND updated_at = ? AND ${liveProductSql('products')})`, binds: [productId, existing.updatedAt] },
    ),
  );
  return {
    statements,
    productId,
    slug,
    changed: true,
    revisionId,
    appliedFields,
    pendingFields: revision || (existing.pending && !supersede) ? pendingFields : [],
    guardId,
  };
}

function sortKeys<T extends object>(o: T): T {
  return Object.fromEntries(Object.entries(o).sort(([a], [b]) => a.localeCompare(b))) as T;
}

// ---------------------------------------------------------------------------------------------------------------
// Decisions
// ---------------------------------------------------------------------------------------------------------------

export interface RevisionRow {
  id: string;
  productId: string;
  kind: 'new' | 'edit';
  state: 'pending' | 'approved' | 'rejected' | 'superseded';
  proposed: Partial<MedicalValues>;
  before: Partial<MedicalValues>;
  submittedBy: string | null;
  submittedAt: number;
  decidedBy: string | null;
  decidedAt: number | null;
  note: string | null;
}

export async function loadRevision(db: D1Database, revisionId: string): Promise<RevisionRow | null> {
  const r = await db.prepare('SELECT * FROM product_revisions WHERE id = ?').bind(revisionId).first<Record<string, unknown>>();
  if (!r) return null;
  return {
    id: r.id as string,
    productId: r.product_id as string,
    kind: r.kind as RevisionRow['kind'],
    state: r.state as RevisionRow['state'],
    proposed: JSON.parse(r.proposed as string),
    before: JSON.parse(r.before as string),
    submittedBy: (r.submitted_by as string | null) ?? null,
    submittedAt: r.submitted_at as number,
    decidedBy: (r.decided_by as string | null) ?? null,
    decidedAt: (r.decided_at as number | null) ?? null,
    note: (r.note as string | null) ?? null,
  };
}

/**
 * A pharmacist's decision as one batch. The first statement moves the revision out of `pending` (guarded), every
 * later write is conditioned on that having happened in this batch, so two decisions racing apply once: the caller
 * checks `results[0].meta.changes === 1` (else 409 REVISION_NOT_PENDING).
 */
export function planRevisionDecision(
  db: D1Database,
  rev: RevisionRow,
  decision: { approve: boolean; note: string | null; actor: ProductSaveActor & { id: string }; now: number },
): D1PreparedStatement[] {
  const { approve, note, actor, now } = decision;
  const state = approve ? 'approved' : 'rejected';
  const guard = { sql: `EXISTS (SELECT 1 FROM product_revisions WHERE id = ? AND state = '${state}' AND decided_at = ? AND decided_by = ?)`, binds: [rev.id, now, actor.id] };
  const out: D1PreparedStatement[] = [
    db.prepare(`UPDATE product_revisions SET state = ?, decided_by = ?, decided_at = ?, note = ? WHERE id = ? AND state = 'pending'`).bind(state, actor.id, now, note, rev.id),
    auditStatement(
      db,
      { actor, action: approve ? 'product.approve' : 'product.reject', entityType: 'product', entityId: rev.productId, data: { revisionId: rev.id, kind: rev.kind, fields: Object.keys(rev.proposed), note } },
      now,
      'changed',
    ),
  ];
  if (rev.kind === 'new') {
    out.push(
      db
        .prepare(
          approve
            ? `UPDATE products SET approval_state = 'approved', approved_by = ?, approved_at = ?, rejection_note = NULL, updated_at = ? WHERE id = ? AND ${guard.sql}`
            : `UPDATE products SET approval_state = 'rejected', rejection_note = ?, updated_at = ? WHERE id = ? AND ${guard.sql}`,
        )
        .bind(...(approve ? [actor.id, now, now, rev.productId] : [note, now, rev.productId]), ...guard.binds),
    );
    return out;
  }
  if (!approve) return out;
  const fields = (Object.keys(rev.proposed) as (keyof MedicalValues)[]).filter((f) => f !== 'ingredients') as ScalarField[];
  const sets = fields.map((f) => `${COLUMNS[f]} = ?`);
  out.push(
    db
      .prepare(`UPDATE products SET ${[...sets, 'approved_by = ?', 'approved_at = ?', 'updated_at = ?'].join(', ')} WHERE id = ? AND ${guard.sql}`)
      .bind(...fields.map((f) => sqlValue(rev.proposed[f as keyof MedicalValues])), actor.id, now, now, rev.productId, ...guard.binds),
  );
  if (rev.proposed.ingredients) out.push(...ingredientStatements(db, rev.productId, rev.proposed.ingredients, now, guard));
  return out;
}

// ---------------------------------------------------------------------------------------------------------------
// Execution
// ---------------------------------------------------------------------------------------------------------------

const productChanged = () => new ConflictError('Sản phẩm vừa được người khác thay đổi; hãy tải lại rồi thử lại.', 'PRODUCT_CHANGED');

/** What a refused batch means to staff: a unique index or a guard trigger that a concurrent save got to first. */
const CONSTRAINTS: Array<[RegExp, () => Error]> = [
  [/product_revisions\.product_id/, () => new ConflictError('Sản phẩm vừa được người khác gửi duyệt; hãy tải lại rồi thử lại.', 'PRODUCT_CHANGED')],
  [/products\.slug|slug is a redirect/, () => new ConflictError('Slug đã được dùng cho sản phẩm khác.', 'SLUG_TAKEN')],
  [/product_units\.barcode/, () => new ConflictError('Mã vạch đã thuộc sản phẩm khác.', 'BARCODE_TAKEN')],
  // The one-default partial index (product_units.product_id alone): a concurrent default switch got there first.
  [/product_units\.product_id(?!, product_units\.name)/, () => productChanged()],
  [/product_units\.product_id, product_units\.name/, () => new ConflictError('Tên đơn vị bị trùng với một đơn vị khác của sản phẩm (kể cả đơn vị đã ngừng bán).', 'UNIT_NAME_TAKEN')],
  [/retired unit cannot be the default/, () => new ValidationError('Đơn vị mặc định không thể ngừng bán.', undefined, 'DEFAULT_UNIT_RETIRED')],
];

/**
 * Runs a plan's batch (nothing when unchanged). An edit whose guard refused it (the product was saved or deleted since
 * it was loaded) answers 409 PRODUCT_CHANGED / PRODUCT_DELETED, and a constraint that a concurrent save hit first a
 * 409 with a code instead of a 500; anything else is rethrown.
 */
export async function executeProductSave(db: D1Database, plan: ProductSavePlan): Promise<void> {
  if (!plan.statements.length) return;
  let res: D1Result[];
  try {
    res = await db.batch(plan.guardId ? [...plan.statements, auditReadBack(db, plan.guardId)] : plan.statements);
  } catch (e) {
    const message = e instanceof Error ? e.message : String(e);
    const hit = CONSTRAINTS.find(([re]) => re.test(message));
    if (hit) throw hit[1]();
    throw e;
  }
  if (plan.guardId && !auditWritten(res[res.length - 1])) {
    await requireLiveProduct(db, plan.productId);
    throw productChanged();
  }
}
