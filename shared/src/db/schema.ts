/**
 * The whole product's relational schema (D1 / SQLite through drizzle-orm).
 *
 * Conventions
 * - IDs are ULIDs (text), never sequences. Customer-facing codes (orders, consultations) are short Crockford base32.
 * - Money is integer VND. Stock quantities are integers in the product's base unit.
 * - Timestamps are integer milliseconds since the Unix epoch (UTC). Calendar dates (batch expiry) are ISO `YYYY-MM-DD`.
 * - Invariants live in the database where SQLite can hold them: unique slugs/codes, CHECKs on stock and money,
 *   foreign keys. `migrations/` is generated from this file by drizzle-kit (plus hand-written trigger migrations).
 */
import { sql } from 'drizzle-orm';
import {
  check,
  index,
  integer,
  primaryKey,
  sqliteTable,
  text,
  uniqueIndex,
  type AnySQLiteColumn,
} from 'drizzle-orm/sqlite-core';

const id = () => text('id').primaryKey();
const createdAt = () => integer('created_at').notNull();
const updatedAt = () => integer('updated_at').notNull();
const bool = (name: string) => integer(name, { mode: 'boolean' });

// ---------------------------------------------------------------------------------------------------------------
// Reference data: Vietnamese addresses after the 2025 reform (34 provinces, wards directly beneath them)
// ---------------------------------------------------------------------------------------------------------------

export const provinces = sqliteTable('provinces', {
  code: text('code').primaryKey(),
  name: text('name').notNull(),
  placeType: text('place_type').notNull(),
  /** Macro-region used by the shipping tariff. */
  region: text('region', { enum: ['north', 'central', 'south'] }).notNull(),
  /** Lowercase, accent-free, đ→d: for lookups typed without diacritics. */
  nameFolded: text('name_folded').notNull(),
});

export const wards = sqliteTable(
  'wards',
  {
    code: text('code').primaryKey(),
    provinceCode: text('province_code')
      .notNull()
      .references(() => provinces.code),
    name: text('name').notNull(),
    nameFolded: text('name_folded').notNull(),
  },
  (t) => [index('wards_province_idx').on(t.provinceCode, t.nameFolded)],
);

/** Old (3-level) ward → new ward, for carrier mappings and old addresses. */
export const wardLegacyMappings = sqliteTable(
  'ward_legacy_mappings',
  {
    oldWardCode: text('old_ward_code').notNull(),
    oldWardName: text('old_ward_name').notNull(),
    oldDistrictName: text('old_district_name').notNull(),
    oldProvinceName: text('old_province_name').notNull(),
    newWardCode: text('new_ward_code').notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.oldWardCode, t.newWardCode] }),
    index('ward_legacy_new_idx').on(t.newWardCode),
  ],
);

// ---------------------------------------------------------------------------------------------------------------
// Accounts
// ---------------------------------------------------------------------------------------------------------------

export const users = sqliteTable(
  'users',
  {
    id: id(),
    email: text('email').notNull(),
    emailVerifiedAt: integer('email_verified_at'),
    passwordHash: text('password_hash'),
    name: text('name').notNull(),
    phone: text('phone'),
    role: text('role', { enum: ['customer', 'pharmacist', 'admin'] })
      .notNull()
      .default('customer'),
    status: text('status', { enum: ['active', 'deactivated'] })
      .notNull()
      .default('active'),
    /** Pharmacists only: the practising certificate number (Chứng chỉ hành nghề dược), shown on the site. */
    practisingCertificate: text('practising_certificate'),
    failedLoginCount: integer('failed_login_count').notNull().default(0),
    lockedUntil: integer('locked_until'),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
    /** #17 legal (0033): the owner asked for deletion; personal fields were anonymised then. */
    deletedAt: integer('deleted_at'),
  },
  (t) => [
    uniqueIndex('users_email_uq').on(t.email),
    index('users_role_idx').on(t.role),
    index('users_role_created_idx').on(t.role, t.createdAt),
    check('users_role_ck', sql`${t.role} IN ('customer','pharmacist','admin')`),
    check(
      'users_pharmacist_cert_ck',
      sql`${t.role} <> 'pharmacist' OR ${t.practisingCertificate} IS NOT NULL`,
    ),
  ],
);

/** Refresh-token sessions. A family is one login; rotation keeps the family, reuse of a rotated token revokes it. */
export const authSessions = sqliteTable(
  'auth_sessions',
  {
    id: id(),
    userId: text('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    familyId: text('family_id').notNull(),
    refreshTokenHash: text('refresh_token_hash').notNull(),
    userAgent: text('user_agent'),
    expiresAt: integer('expires_at').notNull(),
    rotatedAt: integer('rotated_at'),
    revokedAt: integer('revoked_at'),
    createdAt: createdAt(),
    lastUsedAt: integer('last_used_at'),
  },
  (t) => [
    uniqueIndex('auth_sessions_token_uq').on(t.refreshTokenHash),
    index('auth_sessions_user_idx').on(t.userId),
    index('auth_sessions_family_idx').on(t.familyId),
  ],
);

/** One-time codes and tokens: email verification codes and password-reset tokens (stored hashed). */
export const authTokens = sqliteTable(
  'auth_tokens',
  {
    id: id(),
    userId: text('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    purpose: text('purpose', { enum: ['verify_email', 'password_reset'] }).notNull(),
    tokenHash: text('token_hash').notNull(),
    attempts: integer('attempts').notNull().default(0),
    expiresAt: integer('expires_at').notNull(),
    consumedAt: integer('consumed_at'),
    createdAt: createdAt(),
  },
  (t) => [index('auth_tokens_user_idx').on(t.userId, t.purpose), uniqueIndex('auth_tokens_hash_uq').on(t.tokenHash)],
);

export const addresses = sqliteTable(
  'addresses',
  {
    id: id(),
    userId: text('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    recipientName: text('recipient_name').notNull(),
    phone: text('phone').notNull(),
    provinceCode: text('province_code')
      .notNull()
      .references(() => provinces.code),
    wardCode: text('ward_code')
      .notNull()
      .references(() => wards.code),
    street: text('street').notNull(),
    isDefault: bool('is_default').notNull().default(false),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    index('addresses_user_idx').on(t.userId),
    uniqueIndex('addresses_one_default_uq')
      .on(t.userId)
      .where(sql`${t.isDefault} = 1`),
  ],
);

// ---------------------------------------------------------------------------------------------------------------
// Catalogue
// ---------------------------------------------------------------------------------------------------------------

export const categories = sqliteTable(
  'categories',
  {
    id: id(),
    parentId: text('parent_id').references((): AnySQLiteColumn => categories.id),
    level: integer('level').notNull(),
    slug: text('slug').notNull(),
    name: text('name').notNull(),
    description: text('description'),
    /** Materialised path of slugs, e.g. `/thuoc/thuoc-giam-dau-ha-sot/`; descendants share the prefix. */
    path: text('path').notNull(),
    position: integer('position').notNull().default(0),
    imageKey: text('image_key'),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    uniqueIndex('categories_slug_uq').on(t.slug),
    uniqueIndex('categories_path_uq').on(t.path),
    index('categories_parent_idx').on(t.parentId, t.position),
    check('categories_level_ck', sql`${t.level} BETWEEN 1 AND 3`),
    check('categories_root_ck', sql`(${t.level} = 1) = (${t.parentId} IS NULL)`),
  ],
);

export const brands = sqliteTable(
  'brands',
  {
    id: id(),
    slug: text('slug').notNull(),
    name: text('name').notNull(),
    country: text('country'),
    description: text('description'),
    logoKey: text('logo_key'),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [uniqueIndex('brands_slug_uq').on(t.slug)],
);

export const manufacturers = sqliteTable(
  'manufacturers',
  {
    id: id(),
    slug: text('slug').notNull(),
    name: text('name').notNull(),
    country: text('country').notNull(),
    address: text('address'),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [uniqueIndex('manufacturers_slug_uq').on(t.slug)],
);

export const ingredients = sqliteTable(
  'ingredients',
  {
    id: id(),
    slug: text('slug').notNull(),
    name: text('name').notNull(),
    createdAt: createdAt(),
  },
  (t) => [uniqueIndex('ingredients_slug_uq').on(t.slug)],
);

export const APPROVAL_STATES = ['draft', 'pending_review', 'approved', 'rejected'] as const;

export const products = sqliteTable(
  'products',
  {
    id: id(),
    slug: text('slug').notNull(),
    name: text('name').notNull(),
    shortDescription: text('short_description').notNull(),
    /** Rich description as sanitised Markdown. */
    description: text('description').notNull(),
    dosageForm: text('dosage_form').notNull(),
    /** Quy cách, e.g. "Hộp 10 vỉ x 10 viên". */
    packSpec: text('pack_spec').notNull(),
    /** Base unit that stock is counted in (viên, gói, ml, chai, cái…). */
    baseUnit: text('base_unit').notNull(),
    indications: text('indications').notNull(),
    dosage: text('dosage'),
    sideEffects: text('side_effects'),
    contraindications: text('contraindications'),
    precautions: text('precautions'),
    storage: text('storage'),
    registrationNumber: text('registration_number'),
    countryOfOrigin: text('country_of_origin').notNull(),
    manufacturerId: text('manufacturer_id').references(() => manufacturers.id),
    brandId: text('brand_id')
      .notNull()
      .references(() => brands.id),
    categoryId: text('category_id')
      .notNull()
      .references(() => categories.id),
    prescriptionRequired: bool('prescription_required').notNull().default(false),
    /** Drugs under special control / restricted retail: never sold online (Law 44/2024/QH15). */
    specialControl: bool('special_control').notNull().default(false),
    approvalState: text('approval_state', { enum: APPROVAL_STATES }).notNull().default('draft'),
    approvedBy: text('approved_by').references(() => users.id),
    approvedAt: integer('approved_at'),
    rejectionNote: text('rejection_note'),
    visible: bool('visible').notNull().default(true),
    /** Units sold (in base units / default-unit equivalents), maintained by the order consumer. */
    soldCount: integer('sold_count').notNull().default(0),
    ratingAvg: integer('rating_avg_x100').notNull().default(0),
    ratingCount: integer('rating_count').notNull().default(0),
    /** Low-stock alert (dashboard): sellable stock below this many DEFAULT selling units (hộp, chai…); 0 = no alert. */
    lowStockThreshold: integer('low_stock_threshold').notNull().default(10),
    /** Soft delete (issue 14, migration 0017): hidden everywhere the shop looks (shopVisibleSql); restore clears it. */
    deletedAt: integer('deleted_at'),
    deletedBy: text('deleted_by').references((): AnySQLiteColumn => users.id),
    /** Certificate PDF (migrations/0018): object key in the private FILES_BUCKET, file name, bytes, upload time. */
    certificateKey: text('certificate_key'),
    certificateName: text('certificate_name'),
    certificateSize: integer('certificate_size'),
    certificateUploadedAt: integer('certificate_uploaded_at'),
    /** #17 refill reminders (migrations/0032): chronic/regular-use flag and usual daily use in base units per day. */
    refillEligible: bool('refill_eligible').notNull().default(false),
    dailyUseBase: integer('daily_use_base'),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    uniqueIndex('products_slug_uq').on(t.slug),
    index('products_deleted_idx').on(t.deletedAt),
    index('products_listing_idx').on(t.approvalState, t.visible, t.categoryId),
    index('products_brand_idx').on(t.brandId),
    index('products_created_idx').on(t.createdAt, t.id),
    index('products_sold_idx').on(t.soldCount, t.id),
    index('products_updated_idx').on(t.updatedAt, t.id),
    index('products_name_idx').on(t.name, t.id),
    /** Covering index for a search hit's / listing row's card columns (migrations/0027_search_perf.sql). */
    index('products_card_idx').on(t.id, t.approvalState, t.visible, t.deletedAt, t.brandId, t.categoryId, t.prescriptionRequired, t.dosageForm, t.soldCount, t.createdAt),
    check('products_approval_ck', sql`${t.approvalState} IN ('draft','pending_review','approved','rejected')`),
    check('products_sold_ck', sql`${t.soldCount} >= 0`),
    check('products_low_stock_ck', sql`${t.lowStockThreshold} >= 0`),
  ],
);

export const productIngredients = sqliteTable(
  'product_ingredients',
  {
    productId: text('product_id')
      .notNull()
      .references(() => products.id, { onDelete: 'cascade' }),
    ingredientId: text('ingredient_id')
      .notNull()
      .references(() => ingredients.id),
    /** Strength as printed, e.g. "500mg", "2,5 mg/5 ml". */
    strength: text('strength'),
    position: integer('position').notNull().default(0),
  },
  (t) => [
    primaryKey({ columns: [t.productId, t.ingredientId] }),
    index('product_ingredients_ingredient_idx').on(t.ingredientId),
  ],
);

/** Selling units (hộp / vỉ / viên / chai…), each with its factor to the base unit and its own price. */
export const productUnits = sqliteTable(
  'product_units',
  {
    id: id(),
    productId: text('product_id')
      .notNull()
      .references(() => products.id, { onDelete: 'cascade' }),
    name: text('name').notNull(),
    factor: integer('factor').notNull(),
    price: integer('price').notNull(),
    salePrice: integer('sale_price'),
    saleStartsAt: integer('sale_starts_at'),
    saleEndsAt: integer('sale_ends_at'),
    weightGrams: integer('weight_grams').notNull(),
    barcode: text('barcode'),
    isDefault: bool('is_default').notNull().default(false),
    position: integer('position').notNull().default(0),
    /** Retired (issue 14): kept for the orders/carts that reference it, never offered or bought (unitOfferedSql). */
    retiredAt: integer('retired_at'),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    index('product_units_product_idx').on(t.productId, t.position),
    uniqueIndex('product_units_name_uq').on(t.productId, t.name),
    uniqueIndex('product_units_barcode_uq').on(t.barcode),
    uniqueIndex('product_units_one_default_uq')
      .on(t.productId)
      .where(sql`${t.isDefault} = 1`),
    /** The default unit's price columns, covering (migrations/0027_search_perf.sql). */
    index('product_units_default_price_idx')
      .on(t.productId, t.price, t.salePrice, t.saleStartsAt, t.saleEndsAt)
      .where(sql`${t.isDefault} = 1`),
    check('product_units_factor_ck', sql`${t.factor} >= 1`),
    check('product_units_price_ck', sql`${t.price} > 0`),
    check(
      'product_units_sale_ck',
      sql`${t.salePrice} IS NULL OR (${t.salePrice} > 0 AND ${t.salePrice} < ${t.price})`,
    ),
    check(
      'product_units_sale_window_ck',
      sql`${t.saleStartsAt} IS NULL OR ${t.saleEndsAt} IS NULL OR ${t.saleStartsAt} < ${t.saleEndsAt}`,
    ),
    check('product_units_weight_ck', sql`${t.weightGrams} > 0`),
  ],
);

export const REVISION_KINDS = ['new', 'edit'] as const;
export const REVISION_STATES = ['pending', 'approved', 'rejected', 'superseded'] as const;

/**
 * Pharmacist approval (issue 14, migration 0017, ADR 0024). Kind `new`: a new product, hidden until approved (the
 * proposed values are the product row). Kind `edit`: proposed medical values (JSON `proposed`) of an approved product
 * whose live row keeps the approved text until approval applies them. `before`: the approved values at submission.
 */
export const productRevisions = sqliteTable(
  'product_revisions',
  {
    id: id(),
    productId: text('product_id')
      .notNull()
      .references(() => products.id, { onDelete: 'cascade' }),
    kind: text('kind', { enum: REVISION_KINDS }).notNull(),
    state: text('state', { enum: REVISION_STATES }).notNull().default('pending'),
    proposed: text('proposed').notNull(),
    before: text('before').notNull(),
    submittedBy: text('submitted_by').references(() => users.id),
    submittedAt: integer('submitted_at').notNull(),
    decidedBy: text('decided_by').references(() => users.id),
    decidedAt: integer('decided_at'),
    note: text('note'),
  },
  (t) => [
    uniqueIndex('product_revisions_one_pending_uq')
      .on(t.productId)
      .where(sql`${t.state} = 'pending'`),
    index('product_revisions_queue_idx').on(t.state, t.submittedAt, t.id),
    index('product_revisions_product_idx').on(t.productId, t.decidedAt),
    check('product_revisions_kind_ck', sql`${t.kind} IN ('new','edit')`),
    check('product_revisions_state_ck', sql`${t.state} IN ('pending','approved','rejected','superseded')`),
    check('product_revisions_decided_ck', sql`(${t.state} = 'pending') = (${t.decidedAt} IS NULL)`),
    check('product_revisions_reject_note_ck', sql`${t.state} <> 'rejected' OR length(trim(coalesce(${t.note}, ''))) > 0`),
  ],
);

/** Old product slugs that keep answering with a redirect to the product's current slug (issue 14). */
export const productSlugRedirects = sqliteTable(
  'product_slug_redirects',
  {
    oldSlug: text('old_slug').primaryKey(),
    productId: text('product_id')
      .notNull()
      .references(() => products.id, { onDelete: 'cascade' }),
    createdAt: createdAt(),
  },
  (t) => [index('product_slug_redirects_product_idx').on(t.productId)],
);

export const productImages = sqliteTable(
  'product_images',
  {
    id: id(),
    productId: text('product_id')
      .notNull()
      .references(() => products.id, { onDelete: 'cascade' }),
    /** Object key in the IMAGES R2 bucket. */
    r2Key: text('r2_key').notNull(),
    alt: text('alt').notNull(),
    width: integer('width'),
    height: integer('height'),
    contentType: text('content_type').notNull(),
    position: integer('position').notNull().default(0),
    createdAt: createdAt(),
  },
  (t) => [index('product_images_product_idx').on(t.productId, t.position), index('product_images_key_idx').on(t.r2Key)],
);

/**
 * Stock per batch (lot). `quantity` is on hand in base units, `reserved` is held by unshipped orders.
 * Available = quantity − reserved, only while the batch has not expired. Allocation is FEFO.
 * The CHECKs make an over-reservation fail its whole D1 batch: the guard against overselling.
 */
export const stockBatches = sqliteTable(
  'stock_batches',
  {
    id: id(),
    productId: text('product_id')
      .notNull()
      .references(() => products.id, { onDelete: 'cascade' }),
    lotNumber: text('lot_number').notNull(),
    /** ISO date (YYYY-MM-DD). The batch is sellable strictly before this date. */
    expiryDate: text('expiry_date').notNull(),
    quantity: integer('quantity').notNull(),
    reserved: integer('reserved').notNull().default(0),
    receivedAt: integer('received_at').notNull(),
    /** #14 stock: VND per BASE unit (integer); null for batches received before costs were recorded. Staff only. */
    costPrice: integer('cost_price'),
    supplier: text('supplier'),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    uniqueIndex('stock_batches_lot_uq').on(t.productId, t.lotNumber),
    index('stock_batches_fefo_idx').on(t.productId, t.expiryDate),
    index('stock_batches_expiry_idx').on(t.expiryDate),
    check('stock_batches_quantity_ck', sql`${t.quantity} >= 0`),
    check('stock_batches_reserved_ck', sql`${t.reserved} >= 0 AND ${t.reserved} <= ${t.quantity}`),
  ],
);

/**
 * #14 stock (migration 0020, ADR 0027): the append-only stock ledger. `stock_batches.quantity` is always the sum of its
 * batch's `delta`s: a movement's insert trigger sets it, a batch inserted with a quantity gets an `opening` movement, and
 * an UPDATE of quantity that differs from the sum aborts. UPDATE/DELETE of a movement abort. Write through
 * `stock/ledger.d1.ts`.
 */
export const stockMovements = sqliteTable(
  'stock_movements',
  {
    id: id(),
    batchId: text('batch_id')
      .notNull()
      .references(() => stockBatches.id),
    productId: text('product_id').notNull(),
    /** Base units: + into the batch, − out of it. */
    delta: integer('delta').notNull(),
    kind: text('kind', { enum: ['opening', 'receipt', 'sale', 'return', 'count', 'damage', 'expiry', 'supplier_return', 'write_off'] }).notNull(),
    reason: text('reason'),
    ref: text('ref'),
    allocationId: text('allocation_id'),
    actorId: text('actor_id'),
    at: integer('at').notNull(),
  },
  (t) => [
    index('stock_movements_batch_idx').on(t.batchId),
    index('stock_movements_product_idx').on(t.productId, t.at),
    uniqueIndex('stock_movements_allocation_uq').on(t.allocationId, t.kind).where(sql`${t.allocationId} IS NOT NULL`),
  ],
);

/** Single-row-per-key metadata. `catalog_version` is bumped by triggers on every catalogue write (cache keys). */
export const meta = sqliteTable('meta', {
  key: text('key').primaryKey(),
  value: integer('value').notNull(),
});

// ---------------------------------------------------------------------------------------------------------------
// Carts, vouchers, orders, payments, shipments
// ---------------------------------------------------------------------------------------------------------------

export const carts = sqliteTable(
  'carts',
  {
    id: id(),
    userId: text('user_id').references(() => users.id, { onDelete: 'cascade' }),
    /** SHA-256 of the opaque guest cart token kept in the shopper's cookie. */
    guestTokenHash: text('guest_token_hash'),
    expiresAt: integer('expires_at'),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    uniqueIndex('carts_user_uq').on(t.userId),
    uniqueIndex('carts_guest_uq').on(t.guestTokenHash),
    check('carts_owner_ck', sql`(${t.userId} IS NULL) <> (${t.guestTokenHash} IS NULL)`),
  ],
);

export const cartItems = sqliteTable(
  'cart_items',
  {
    id: id(),
    cartId: text('cart_id')
      .notNull()
      .references(() => carts.id, { onDelete: 'cascade' }),
    productId: text('product_id')
      .notNull()
      .references(() => products.id),
    unitId: text('unit_id')
      .notNull()
      .references(() => productUnits.id),
    quantity: integer('quantity').notNull(),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
    /** #15: the quote item this line came from (priced at the quoted price while the quote is valid). */
    quoteItemId: text('quote_item_id').references((): AnySQLiteColumn => adviceItems.id, { onDelete: 'set null' }),
  },
  (t) => [uniqueIndex('cart_items_unit_uq').on(t.cartId, t.unitId), index('cart_items_unit_idx').on(t.unitId), check('cart_items_qty_ck', sql`${t.quantity} > 0`)],
);

export const vouchers = sqliteTable(
  'vouchers',
  {
    id: id(),
    code: text('code').notNull(),
    name: text('name').notNull(),
    description: text('description'),
    kind: text('kind', { enum: ['order', 'shipping'] }).notNull(),
    discountType: text('discount_type', { enum: ['percent', 'fixed'] }).notNull(),
    /** Percent (1–100) or VND. */
    discountValue: integer('discount_value').notNull(),
    maxDiscount: integer('max_discount'),
    minSubtotal: integer('min_subtotal').notNull().default(0),
    startsAt: integer('starts_at').notNull(),
    endsAt: integer('ends_at').notNull(),
    usageLimit: integer('usage_limit'),
    usedCount: integer('used_count').notNull().default(0),
    perUserLimit: integer('per_user_limit').notNull().default(1),
    scopeCategoryId: text('scope_category_id').references(() => categories.id),
    scopeBrandId: text('scope_brand_id').references(() => brands.id),
    /** JSON array of product ids the voucher never applies to. */
    excludedProductIds: text('excluded_product_ids', { mode: 'json' }).$type<string[]>().notNull().default(sql`'[]'`),
    active: bool('active').notNull().default(true),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    uniqueIndex('vouchers_code_uq').on(t.code),
    check('vouchers_value_ck', sql`${t.discountValue} > 0 AND (${t.discountType} <> 'percent' OR ${t.discountValue} <= 100)`),
    check('vouchers_usage_ck', sql`${t.usedCount} >= 0 AND (${t.usageLimit} IS NULL OR ${t.usedCount} <= ${t.usageLimit})`),
    check('vouchers_window_ck', sql`${t.startsAt} < ${t.endsAt}`),
  ],
);

export const ORDER_STATUSES = [
  'pending_payment',
  'confirmed',
  'packing',
  'shipping',
  'delivered',
  'completed',
  'cancelled',
  'expired',
  'return_requested',
  'returned',
  'refunded',
] as const;

export const orders = sqliteTable(
  'orders',
  {
    id: id(),
    /** Customer-facing code, `MC` + 8 Crockford base32 characters: safe in a bank-transfer note. */
    code: text('code').notNull(),
    userId: text('user_id').references(() => users.id),
    status: text('status', { enum: ORDER_STATUSES }).notNull(),
    paymentMethod: text('payment_method', { enum: ['cod', 'bank_transfer'] }).notNull(),
    paymentStatus: text('payment_status', {
      enum: ['unpaid', 'underpaid', 'paid', 'overpaid', 'refund_pending', 'refunded'],
    })
      .notNull()
      .default('unpaid'),
    subtotal: integer('subtotal').notNull(),
    shippingFee: integer('shipping_fee').notNull(),
    orderDiscount: integer('order_discount').notNull().default(0),
    shippingDiscount: integer('shipping_discount').notNull().default(0),
    total: integer('total').notNull(),
    paidAmount: integer('paid_amount').notNull().default(0),
    /** Given back to the shopper; the order holds `paid_amount - refunded_amount` (orders/money.ts). */
    refundedAmount: integer('refunded_amount').notNull().default(0),
    recipientName: text('recipient_name').notNull(),
    phone: text('phone').notNull(),
    email: text('email'),
    provinceCode: text('province_code')
      .notNull()
      .references(() => provinces.code),
    wardCode: text('ward_code')
      .notNull()
      .references(() => wards.code),
    street: text('street').notNull(),
    note: text('note'),
    consultationId: text('consultation_id'),
    idempotencyKey: text('idempotency_key').notNull(),
    requestHash: text('request_hash').notNull(),
    /** Unpaid bank-transfer orders expire at this time and release their stock. */
    expiresAt: integer('expires_at'),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    uniqueIndex('orders_code_uq').on(t.code),
    uniqueIndex('orders_idempotency_uq').on(t.idempotencyKey),
    index('orders_user_idx').on(t.userId, t.createdAt),
    index('orders_status_idx').on(t.status, t.expiresAt),
    // #13 ops: the staff order queue's keyset orders (migrations/0014_order_ops.sql).
    index('orders_created_idx').on(t.createdAt, t.id),
    index('orders_status_created_idx').on(t.status, t.createdAt, t.id),
    index('orders_total_idx').on(t.total, t.id),
    check('orders_money_ck', sql`${t.subtotal} >= 0 AND ${t.shippingFee} >= 0 AND ${t.total} >= 0 AND ${t.orderDiscount} >= 0 AND ${t.shippingDiscount} >= 0`),
    check('orders_total_ck', sql`${t.total} = ${t.subtotal} + ${t.shippingFee} - ${t.orderDiscount} - ${t.shippingDiscount}`),
    // Dashboard (migrations/0016_dashboard.sql): covering index of the created_at-range aggregates, and payment issues.
    index('orders_dashboard_idx').on(t.createdAt, t.status, t.paymentMethod, t.total, t.paidAmount, t.refundedAmount, t.userId, t.id),
    index('orders_payment_issue_idx')
      .on(t.paymentStatus, t.total, t.paidAmount, t.refundedAmount)
      .where(sql`${t.paymentStatus} IN ('underpaid', 'overpaid', 'refund_pending')`),
  ],
);

export const orderLines = sqliteTable(
  'order_lines',
  {
    id: id(),
    orderId: text('order_id')
      .notNull()
      .references(() => orders.id, { onDelete: 'cascade' }),
    productId: text('product_id')
      .notNull()
      .references(() => products.id),
    unitId: text('unit_id')
      .notNull()
      .references(() => productUnits.id),
    productName: text('product_name').notNull(),
    productSlug: text('product_slug').notNull(),
    unitName: text('unit_name').notNull(),
    factor: integer('factor').notNull(),
    unitPrice: integer('unit_price').notNull(),
    quantity: integer('quantity').notNull(),
    lineTotal: integer('line_total').notNull(),
    imageKey: text('image_key'),
    /** #15: the quote item this line was bought from. */
    quoteItemId: text('quote_item_id').references((): AnySQLiteColumn => adviceItems.id),
  },
  (t) => [
    index('order_lines_order_idx').on(t.orderId),
    index('order_lines_unit_idx').on(t.unitId),
    index('order_lines_sales_idx').on(t.orderId, t.productId, t.lineTotal, t.quantity, t.factor),
    check('order_lines_qty_ck', sql`${t.quantity} > 0`),
    check('order_lines_total_ck', sql`${t.lineTotal} = ${t.unitPrice} * ${t.quantity}`),
  ],
);

/** Which batch each order line took its base units from (FEFO), so cancellations release exactly those. */
export const orderAllocations = sqliteTable(
  'order_allocations',
  {
    id: id(),
    orderLineId: text('order_line_id')
      .notNull()
      .references(() => orderLines.id, { onDelete: 'cascade' }),
    batchId: text('batch_id')
      .notNull()
      .references(() => stockBatches.id),
    quantity: integer('quantity').notNull(),
    /** The reservation ended without the goods leaving (cancelled / expired order). */
    releasedAt: integer('released_at'),
    /** The goods left the warehouse (carrier pickup): on-hand quantity and reservation were both reduced. */
    shippedAt: integer('shipped_at'),
    /** A returned parcel was put back into its batch. */
    restockedAt: integer('restocked_at'),
  },
  (t) => [index('order_allocations_line_idx').on(t.orderLineId), check('order_allocations_qty_ck', sql`${t.quantity} > 0`)],
);

export const orderEvents = sqliteTable(
  'order_events',
  {
    id: id(),
    orderId: text('order_id')
      .notNull()
      .references(() => orders.id, { onDelete: 'cascade' }),
    fromStatus: text('from_status'),
    toStatus: text('to_status').notNull(),
    actorType: text('actor_type', { enum: ['customer', 'pharmacist', 'admin', 'system', 'carrier', 'payment'] }).notNull(),
    actorId: text('actor_id'),
    reason: text('reason'),
    createdAt: createdAt(),
  },
  (t) => [index('order_events_order_idx').on(t.orderId, t.createdAt), index('order_events_order_status_idx').on(t.orderId, t.toStatus, t.createdAt)],
);

export const voucherRedemptions = sqliteTable(
  'voucher_redemptions',
  {
    id: id(),
    voucherId: text('voucher_id')
      .notNull()
      .references(() => vouchers.id),
    orderId: text('order_id')
      .notNull()
      .references(() => orders.id, { onDelete: 'cascade' }),
    userId: text('user_id').references(() => users.id),
    amount: integer('amount').notNull(),
    releasedAt: integer('released_at'),
    createdAt: createdAt(),
  },
  (t) => [
    uniqueIndex('voucher_redemptions_order_uq').on(t.voucherId, t.orderId),
    index('voucher_redemptions_user_idx').on(t.voucherId, t.userId),
  ],
);

export const payments = sqliteTable(
  'payments',
  {
    id: id(),
    orderId: text('order_id')
      .notNull()
      .references(() => orders.id, { onDelete: 'cascade' }),
    method: text('method', { enum: ['cod', 'bank_transfer'] }).notNull(),
    amountDue: integer('amount_due').notNull(),
    amountReceived: integer('amount_received').notNull().default(0),
    status: text('status', { enum: ['pending', 'underpaid', 'paid', 'overpaid', 'refund_pending', 'refunded', 'void'] })
      .notNull()
      .default('pending'),
    refundedAt: integer('refunded_at'),
    refundedBy: text('refunded_by').references(() => users.id),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [uniqueIndex('payments_order_uq').on(t.orderId), check('payments_amount_ck', sql`${t.amountDue} >= 0 AND ${t.amountReceived} >= 0`)],
);

/** Bank transactions reported by SePay (webhook or reconciliation), unique per provider transaction id. */
export const bankTransactions = sqliteTable(
  'bank_transactions',
  {
    id: id(),
    provider: text('provider').notNull(),
    providerTxnId: text('provider_txn_id').notNull(),
    orderId: text('order_id').references(() => orders.id),
    transferType: text('transfer_type', { enum: ['in', 'out'] }).notNull(),
    amount: integer('amount').notNull(),
    paymentCode: text('payment_code'),
    content: text('content'),
    accountNumber: text('account_number'),
    transactionAt: integer('transaction_at'),
    matchStatus: text('match_status', {
      enum: ['matched', 'unmatched', 'ignored', 'refund_pending', 'refunded'],
    }).notNull(),
    source: text('source', { enum: ['webhook', 'reconciliation'] }).notNull(),
    createdAt: createdAt(),
  },
  (t) => [
    uniqueIndex('bank_transactions_provider_uq').on(t.provider, t.providerTxnId),
    index('bank_transactions_order_idx').on(t.orderId),
    index('bank_transactions_match_idx').on(t.matchStatus, t.createdAt),
  ],
);

export const shipments = sqliteTable(
  'shipments',
  {
    id: id(),
    orderId: text('order_id')
      .notNull()
      .references(() => orders.id),
    carrier: text('carrier', { enum: ['ghn', 'ghtk', 'internal'] }).notNull(),
    trackingCode: text('tracking_code').notNull(),
    status: text('status').notNull(),
    fee: integer('fee').notNull().default(0),
    codAmount: integer('cod_amount').notNull().default(0),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    uniqueIndex('shipments_tracking_uq').on(t.carrier, t.trackingCode),
    index('shipments_order_idx').on(t.orderId),
    /** One open waybill per order (ADR 0014): the states that are not TERMINAL_SHIPMENT (shipping/carrier-status.ts). */
    uniqueIndex('shipments_open_uq')
      .on(t.orderId)
      .where(sql`${t.status} NOT IN ('delivered', 'returned', 'cancelled', 'lost', 'damaged')`),
  ],
);

export const shipmentEvents = sqliteTable(
  'shipment_events',
  {
    id: id(),
    shipmentId: text('shipment_id')
      .notNull()
      .references(() => shipments.id, { onDelete: 'cascade' }),
    carrierStatus: text('carrier_status').notNull(),
    mappedStatus: text('mapped_status'),
    unknownStatus: bool('unknown_status').notNull().default(false),
    occurredAt: integer('occurred_at').notNull(),
    /** The event moved the shipment (a real step, shown in the timeline); late and repeated events are kept but hidden. */
    applied: bool('applied').notNull().default(false),
    /** Carrier payload minus personal data. */
    raw: text('raw').notNull(),
    createdAt: createdAt(),
  },
  (t) => [uniqueIndex('shipment_events_dedupe_uq').on(t.shipmentId, t.carrierStatus, t.occurredAt), index('shipment_events_latest_idx').on(t.shipmentId, t.occurredAt)],
);

/** #13 ops: internal staff notes on an order (never in a customer view). */
export const orderNotes = sqliteTable(
  'order_notes',
  {
    id: id(),
    orderId: text('order_id')
      .notNull()
      .references(() => orders.id, { onDelete: 'cascade' }),
    authorId: text('author_id')
      .notNull()
      .references(() => users.id),
    text: text('text').notNull(),
    createdAt: createdAt(),
  },
  (t) => [index('order_notes_order_idx').on(t.orderId, t.createdAt), check('order_notes_text_ck', sql`length(${t.text}) BETWEEN 1 AND 2000`)],
);

/** #13 ops: returned goods written off (once per allocation); `restocked` = they had gone back into the batch first. */
export const stockWriteOffs = sqliteTable(
  'stock_write_offs',
  {
    id: id(),
    allocationId: text('allocation_id')
      .notNull()
      .references(() => orderAllocations.id, { onDelete: 'cascade' }),
    batchId: text('batch_id')
      .notNull()
      .references(() => stockBatches.id),
    quantity: integer('quantity').notNull(),
    restocked: bool('restocked').notNull(),
    reason: text('reason').notNull(),
    actorId: text('actor_id').references(() => users.id),
    createdAt: createdAt(),
  },
  (t) => [uniqueIndex('stock_write_offs_allocation_uq').on(t.allocationId), check('stock_write_offs_qty_ck', sql`${t.quantity} > 0`)],
);

// ---------------------------------------------------------------------------------------------------------------
// Content and community
// ---------------------------------------------------------------------------------------------------------------

export const REVIEW_STATUSES = ['pending', 'approved', 'hidden'] as const;

/** Verified-purchase reviews (migrations/0029, ADR 0037): one per product per delivered order, held for moderation. */
export const reviews = sqliteTable(
  'reviews',
  {
    id: id(),
    productId: text('product_id')
      .notNull()
      .references(() => products.id, { onDelete: 'cascade' }),
    /** The delivered order the product was bought in (the verified purchase). */
    orderId: text('order_id')
      .notNull()
      .references(() => orders.id),
    userId: text('user_id')
      .notNull()
      .references(() => users.id),
    rating: integer('rating').notNull(),
    body: text('body').notNull(),
    /** JSON array of UgcFlag (shared/src/ugc/screen.ts). */
    flags: text('flags').notNull().default('[]'),
    status: text('status', { enum: REVIEW_STATUSES }).notNull().default('pending'),
    moderationReason: text('moderation_reason'),
    moderationNote: text('moderation_note'),
    moderatedBy: text('moderated_by').references((): AnySQLiteColumn => users.id),
    moderatedAt: integer('moderated_at'),
    replyBody: text('reply_body'),
    replyBy: text('reply_by').references((): AnySQLiteColumn => users.id),
    replyAt: integer('reply_at'),
    helpfulCount: integer('helpful_count').notNull().default(0),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    uniqueIndex('reviews_order_product_uq').on(t.orderId, t.productId),
    index('reviews_product_idx').on(t.productId, t.status, t.createdAt),
    index('reviews_product_helpful_idx').on(t.productId, t.status, t.helpfulCount, t.createdAt),
    index('reviews_queue_idx').on(t.status, t.createdAt),
    index('reviews_user_idx').on(t.userId),
    check('reviews_rating_ck', sql`${t.rating} BETWEEN 1 AND 5`),
    check('reviews_status_ck', sql`${t.status} IN ('pending', 'approved', 'hidden')`),
    check('reviews_helpful_ck', sql`${t.helpfulCount} >= 0`),
  ],
);

/** Up to 3 photos per review, metadata stripped, in the private FILES_BUCKET under reviews/ (served once approved). */
export const reviewPhotos = sqliteTable(
  'review_photos',
  {
    id: id(),
    reviewId: text('review_id')
      .notNull()
      .references(() => reviews.id, { onDelete: 'cascade' }),
    position: integer('position').notNull(),
    r2Key: text('r2_key').notNull(),
    contentType: text('content_type').notNull(),
    size: integer('size').notNull(),
    createdAt: createdAt(),
  },
  (t) => [uniqueIndex('review_photos_review_position_uq').on(t.reviewId, t.position), check('review_photos_position_ck', sql`${t.position} BETWEEN 0 AND 2`)],
);

/** "Helpful" votes: one per account per review. */
export const reviewHelpfulVotes = sqliteTable(
  'review_helpful_votes',
  {
    reviewId: text('review_id')
      .notNull()
      .references(() => reviews.id, { onDelete: 'cascade' }),
    userId: text('user_id')
      .notNull()
      .references(() => users.id),
    createdAt: createdAt(),
  },
  (t) => [primaryKey({ columns: [t.reviewId, t.userId] })],
);

/** #17 product questions (migration 0030, ADR 0038): moves owned by shared/src/questions/state.ts. Bodies are health data. */
export const QUESTION_STATUSES = ['pending', 'answered', 'hidden'] as const;
export const questions = sqliteTable(
  'questions',
  {
    id: id(),
    productId: text('product_id')
      .notNull()
      .references(() => products.id, { onDelete: 'cascade' }),
    userId: text('user_id')
      .notNull()
      .references(() => users.id),
    body: text('body').notNull(),
    /** UgcFlag[] from shared/src/ugc/screen.ts. */
    flags: text('flags', { mode: 'json' }).$type<string[]>().notNull().default(sql`'[]'`),
    status: text('status', { enum: QUESTION_STATUSES }).notNull().default('pending'),
    hiddenReason: text('hidden_reason'),
    hiddenBy: text('hidden_by').references(() => users.id),
    hiddenAt: integer('hidden_at'),
    createdAt: createdAt(),
    answeredAt: integer('answered_at'),
  },
  (t) => [
    index('questions_queue_idx').on(t.status, t.createdAt, t.id),
    index('questions_product_idx').on(t.productId, t.status, t.answeredAt, t.id),
    index('questions_user_idx').on(t.userId, t.createdAt),
  ],
);

/** One published answer per question; an edit replaces the body. */
export const answers = sqliteTable(
  'answers',
  {
    id: id(),
    questionId: text('question_id')
      .notNull()
      .references(() => questions.id, { onDelete: 'cascade' }),
    pharmacistId: text('pharmacist_id')
      .notNull()
      .references(() => users.id),
    body: text('body').notNull(),
    createdAt: createdAt(),
    updatedAt: integer('updated_at').notNull(),
  },
  (t) => [uniqueIndex('answers_question_uq').on(t.questionId)],
);

/** #17 legal (0033): the policy pages the storefront links from its footer, one article each. */
export const POLICY_KEYS = ['privacy', 'terms', 'shipping', 'returns', 'payment', 'complaints'] as const;

export const articles = sqliteTable(
  'articles',
  {
    id: id(),
    slug: text('slug').notNull(),
    title: text('title').notNull(),
    summary: text('summary').notNull(),
    /** Markdown. */
    body: text('body').notNull(),
    topic: text('topic').notNull(),
    tags: text('tags', { mode: 'json' }).$type<string[]>().notNull().default(sql`'[]'`),
    coverImageKey: text('cover_image_key'),
    authorId: text('author_id').references(() => users.id),
    status: text('status', { enum: ['draft', 'published'] })
      .notNull()
      .default('draft'),
    publishedAt: integer('published_at'),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
    /** #17 legal (0033): set on the policy pages (one article per key); null for health articles. */
    policyKey: text('policy_key', { enum: POLICY_KEYS }),
    /** #17 legal (0033): published revisions: 1 at first publication, +1 per published change of title/summary/body. */
    version: integer('version').notNull().default(1),
  },
  (t) => [
    uniqueIndex('articles_slug_uq').on(t.slug),
    index('articles_published_idx').on(t.status, t.publishedAt),
    uniqueIndex('articles_policy_key_uq').on(t.policyKey).where(sql`${t.policyKey} IS NOT NULL`),
  ],
);

/** #17 legal (0033): what an account accepted (document + published version) and when. Kept after deletion. */
export const consents = sqliteTable(
  'consents',
  {
    id: id(),
    userId: text('user_id')
      .notNull()
      .references(() => users.id),
    document: text('document', { enum: ['privacy', 'terms'] }).notNull(),
    version: integer('version').notNull(),
    source: text('source', { enum: ['sign_up'] }).notNull(),
    acceptedAt: integer('accepted_at').notNull(),
  },
  (t) => [index('consents_user_idx').on(t.userId, t.acceptedAt)],
);

/** #14 content (0019): the products an article recommends, in the editor's order. */
export const articleProducts = sqliteTable(
  'article_products',
  {
    articleId: text('article_id')
      .notNull()
      .references(() => articles.id, { onDelete: 'cascade' }),
    productId: text('product_id')
      .notNull()
      .references(() => products.id),
    position: integer('position').notNull(),
  },
  (t) => [primaryKey({ columns: [t.articleId, t.productId] }), index('article_products_product_idx').on(t.productId)],
);

// ---------------------------------------------------------------------------------------------------------------
// Pharmacist workflows: consultations (prescription requests), quotes, chat
// ---------------------------------------------------------------------------------------------------------------

/** Consultation statuses (the moves: shared/src/consultations/state.ts; migrations/0022_consultations.sql). */
export const CONSULTATION_STATUSES = ['submitted', 'in_review', 'advised', 'rejected', 'cancelled'] as const;
export const CONTACT_TIMES = ['any', 'morning', 'afternoon', 'evening'] as const;
export const CONSULTATION_FILE_TYPES = ['image/jpeg', 'image/png', 'image/webp', 'application/pdf'] as const;

/**
 * A prescription / advice request (#15, migrations/0022_consultations.sql). Owned by an account, or by a guest (the
 * guest_* columns: a guest who confirmed a one-time code sent to guest_email, or a chat guest handed over).
 */
export const consultations = sqliteTable(
  'consultations',
  {
    id: id(),
    code: text('code').notNull(),
    userId: text('user_id').references(() => users.id),
    guestName: text('guest_name'),
    guestPhone: text('guest_phone'),
    guestEmail: text('guest_email'),
    status: text('status', { enum: CONSULTATION_STATUSES }).notNull().default('submitted'),
    source: text('source', { enum: ['form', 'chat'] }).notNull().default('form'),
    conversationId: text('conversation_id'),
    /** The shopper's symptoms and note (health data: never logged). */
    symptoms: text('symptoms'),
    note: text('note'),
    preferredContactTime: text('preferred_contact_time', { enum: CONTACT_TIMES }).notNull().default('any'),
    contactPhone: text('contact_phone').notNull(),
    /** The holder (in_review) or the decider (advised/rejected); null in the queue. */
    pharmacistId: text('pharmacist_id').references(() => users.id),
    claimedAt: integer('claimed_at'),
    decidedAt: integer('decided_at'),
    cancelledAt: integer('cancelled_at'),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    uniqueIndex('consultations_code_uq').on(t.code),
    index('consultations_user_idx').on(t.userId, t.createdAt),
    index('consultations_guest_idx').on(t.guestPhone, t.createdAt),
    index('consultations_status_idx').on(t.status, t.createdAt, t.id),
    index('consultations_pharmacist_idx').on(t.pharmacistId, t.status, t.createdAt),
    check('consultations_owner_ck', sql`(${t.userId} IS NULL) = (${t.guestPhone} IS NOT NULL AND ${t.guestName} IS NOT NULL)`),
    check('consultations_holder_ck', sql`${t.status} <> 'in_review' OR ${t.pharmacistId} IS NOT NULL`),
    check('consultations_queue_ck', sql`${t.status} <> 'submitted' OR ${t.pharmacistId} IS NULL`),
  ],
);

/** Prescription files: private R2 objects (FILES_BUCKET), served only through signed 5-minute links. */
export const consultationFiles = sqliteTable(
  'consultation_files',
  {
    id: id(),
    consultationId: text('consultation_id')
      .notNull()
      .references(() => consultations.id, { onDelete: 'cascade' }),
    r2Key: text('r2_key').notNull(),
    contentType: text('content_type', { enum: CONSULTATION_FILE_TYPES }).notNull(),
    sizeBytes: integer('size_bytes').notNull(),
    position: integer('position').notNull().default(0),
    createdAt: createdAt(),
  },
  (t) => [uniqueIndex('consultation_files_key_uq').on(t.r2Key), index('consultation_files_consultation_idx').on(t.consultationId, t.position)],
);

/** The products a consultation asks about. */
export const consultationProducts = sqliteTable(
  'consultation_products',
  {
    consultationId: text('consultation_id')
      .notNull()
      .references(() => consultations.id, { onDelete: 'cascade' }),
    productId: text('product_id')
      .notNull()
      .references(() => products.id),
    position: integer('position').notNull().default(0),
  },
  (t) => [primaryKey({ columns: [t.consultationId, t.productId] }), index('consultation_products_product_idx').on(t.productId)],
);

/** The consultation's timeline: one row per status entered. */
export const consultationEvents = sqliteTable(
  'consultation_events',
  {
    id: id(),
    consultationId: text('consultation_id')
      .notNull()
      .references(() => consultations.id, { onDelete: 'cascade' }),
    status: text('status', { enum: CONSULTATION_STATUSES }).notNull(),
    actorId: text('actor_id'),
    createdAt: createdAt(),
  },
  (t) => [index('consultation_events_consultation_idx').on(t.consultationId, t.createdAt)],
);

/** Guest one-time codes: one live code per phone, hashed, 10 minutes, 5 attempts (ADR 0029). */
export const consultationOtps = sqliteTable('consultation_otps', {
  phone: text('phone').primaryKey(),
  name: text('name').notNull(),
  email: text('email').notNull(),
  codeHash: text('code_hash').notNull(),
  attempts: integer('attempts').notNull().default(0),
  expiresAt: integer('expires_at').notNull(),
  createdAt: createdAt(),
});

/**
 * A live chat with a pharmacist (#15, ADR 0031): an account's OR a guest's (`guest_id` is the subject of the signed
 * guest chat cookie), at most one open per customer. `last_seq` is the sequence of the latest message; the read
 * columns are each side's read receipt (highest seq seen).
 */
export const conversations = sqliteTable(
  'conversations',
  {
    id: id(),
    userId: text('user_id').references(() => users.id),
    guestId: text('guest_id'),
    customerName: text('customer_name').notNull(),
    customerPhone: text('customer_phone'),
    pharmacistId: text('pharmacist_id').references(() => users.id),
    status: text('status', { enum: ['waiting', 'active', 'closed'] })
      .notNull()
      .default('waiting'),
    lastSeq: integer('last_seq').notNull().default(0),
    customerReadSeq: integer('customer_read_seq').notNull().default(0),
    pharmacistReadSeq: integer('pharmacist_read_seq').notNull().default(0),
    lastActivityAt: integer('last_activity_at').notNull(),
    takenAt: integer('taken_at'),
    closedAt: integer('closed_at'),
    closedBy: text('closed_by', { enum: ['customer', 'pharmacist', 'inactivity'] }),
    /** The consultation the pharmacist turned this chat into. */
    consultationId: text('consultation_id'),
    transcriptEmail: text('transcript_email'),
    transcriptRequestedAt: integer('transcript_requested_at'),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    index('conversations_user_idx').on(t.userId, t.status),
    index('conversations_guest_idx').on(t.guestId, t.status),
    index('conversations_status_idx').on(t.status, t.createdAt),
    index('conversations_pharmacist_idx').on(t.pharmacistId, t.status),
    uniqueIndex('conversations_open_user_uq').on(t.userId).where(sql`${t.status} <> 'closed' AND ${t.userId} IS NOT NULL`),
    uniqueIndex('conversations_open_guest_uq').on(t.guestId).where(sql`${t.status} <> 'closed' AND ${t.guestId} IS NOT NULL`),
    check('conversations_status_ck', sql`${t.status} IN ('waiting', 'active', 'closed')`),
    check('conversations_customer_ck', sql`(${t.userId} IS NULL) <> (${t.guestId} IS NULL)`),
    check('conversations_holder_ck', sql`${t.status} <> 'active' OR ${t.pharmacistId} IS NOT NULL`),
    check('conversations_closed_by_ck', sql`${t.closedBy} IS NULL OR ${t.closedBy} IN ('customer', 'pharmacist', 'inactivity')`),
  ],
);

/** Chat messages: `seq` orders them within the conversation; (conversation, sender role, client id) makes a resend idempotent. */
export const messages = sqliteTable(
  'messages',
  {
    id: id(),
    conversationId: text('conversation_id')
      .notNull()
      .references(() => conversations.id, { onDelete: 'cascade' }),
    seq: integer('seq').notNull(),
    clientId: text('client_id'),
    senderRole: text('sender_role', { enum: ['customer', 'pharmacist', 'system'] }).notNull(),
    senderId: text('sender_id').references(() => users.id),
    senderName: text('sender_name').notNull(),
    body: text('body').notNull(),
    createdAt: createdAt(),
  },
  (t) => [
    uniqueIndex('messages_conversation_seq_uq').on(t.conversationId, t.seq),
    uniqueIndex('messages_client_uq').on(t.conversationId, t.senderRole, t.clientId),
    check('messages_role_ck', sql`${t.senderRole} IN ('customer', 'pharmacist', 'system')`),
    check('messages_seq_ck', sql`${t.seq} > 0`),
    check('messages_body_ck', sql`length(${t.body}) BETWEEN 1 AND 2000`),
  ],
);

// ---------------------------------------------------------------------------------------------------------------
// Reliability: outbox, webhook dedupe, consumer dedupe, audit
// ---------------------------------------------------------------------------------------------------------------

/** Written in the same D1 batch as the state change; published to the queue and re-published until acked. */
export const outboxEvents = sqliteTable(
  'outbox_events',
  {
    id: id(),
    type: text('type').notNull(),
    aggregateType: text('aggregate_type').notNull(),
    aggregateId: text('aggregate_id').notNull(),
    payload: text('payload', { mode: 'json' }).$type<Record<string, unknown>>().notNull(),
    attempts: integer('attempts').notNull().default(0),
    publishedAt: integer('published_at'),
    ackedAt: integer('acked_at'),
    lastError: text('last_error'),
    createdAt: createdAt(),
    /** The publisher that claimed the row (one sender per row), and until when: after that, if unacked, it is sent again. */
    claimedBy: text('claimed_by'),
    claimUntil: integer('claim_until'),
  },
  (t) => [index('outbox_pending_idx').on(t.ackedAt, t.createdAt)],
);

/** Inbound webhook events, unique per provider event id: the dedupe point for SePay and carriers. */
export const webhookEvents = sqliteTable(
  'webhook_events',
  {
    id: id(),
    provider: text('provider', { enum: ['sepay', 'ghn', 'ghtk'] }).notNull(),
    providerEventId: text('provider_event_id').notNull(),
    /** Raw payload, with personal data removed before storage. */
    raw: text('raw').notNull(),
    processedAt: integer('processed_at'),
    receivedAt: integer('received_at').notNull(),
  },
  (t) => [uniqueIndex('webhook_events_provider_uq').on(t.provider, t.providerEventId)],
);

/**
 * Consumer-side idempotency: one row per (dedupe key, side effect), e.g. (event id, handler) or an order-keyed email.
 * With `leaseUntil` set it is a claim in progress by `claimedBy` (taken over once the lease has passed); without, the
 * effect is done.
 */
export const consumedEvents = sqliteTable(
  'consumed_events',
  {
    eventId: text('event_id').notNull(),
    handler: text('handler').notNull(),
    processedAt: integer('processed_at').notNull(),
    claimedBy: text('claimed_by'),
    leaseUntil: integer('lease_until'),
  },
  (t) => [primaryKey({ columns: [t.eventId, t.handler] }), index('consumed_events_handler_time_idx').on(t.handler, t.processedAt)],
);

export const auditLog = sqliteTable(
  'audit_log',
  {
    id: id(),
    actorId: text('actor_id'),
    actorRole: text('actor_role').notNull(),
    action: text('action').notNull(),
    entityType: text('entity_type').notNull(),
    entityId: text('entity_id').notNull(),
    data: text('data', { mode: 'json' }).$type<Record<string, unknown>>(),
    createdAt: createdAt(),
  },
  (t) => [
    index('audit_log_entity_idx').on(t.entityType, t.entityId, t.createdAt),
    index('audit_log_actor_idx').on(t.actorId, t.createdAt),
    // migrations/0015_audit_append_only.sql: the viewer's newest-first keyset and action filter. The same migration
    // adds triggers that make the table append-only (UPDATE and DELETE abort).
    index('audit_log_created_idx').on(t.createdAt, t.id),
    index('audit_log_action_idx').on(t.action, t.createdAt),
  ],
);

// ---------------------------------------------------------------------------------------------------------------
// Issue 15 (migration 0023, ADR 0030): a pharmacist's decision on a consultation and what follows it — advice items,
// the online quote, pharmacy locations, pickup reservations (FEFO allocations), the platform settings (the epidemic
// exception switch). Written through shared/src/consultations/advice.d1.ts, shared/src/pickup/, shared/src/settings/.
// ---------------------------------------------------------------------------------------------------------------

export const PICKUP_STATUSES = ['reserved', 'dispensed', 'expired', 'cancelled'] as const;
export const PICKUP_PAYMENT_METHODS = ['cash', 'card', 'transfer'] as const;
export const REJECT_REASONS = ['unreadable', 'expired_prescription', 'needs_doctor', 'not_stocked', 'other'] as const;

export const pharmacyLocations = sqliteTable('pharmacy_locations', {
  id: id(),
  name: text('name').notNull(),
  address: text('address').notNull(),
  phone: text('phone').notNull(),
  /** OpeningHours JSON (chat/hours.ts), validated by the API. */
  hours: text('hours').notNull(),
  /** Giấy chứng nhận đủ điều kiện kinh doanh dược. */
  licenceNumber: text('licence_number').notNull(),
  gppCertificate: text('gpp_certificate').notNull(),
  responsiblePharmacist: text('responsible_pharmacist').notNull(),
  active: bool('active').notNull().default(true),
  createdAt: createdAt(),
  updatedAt: updatedAt(),
});

/** The pharmacist's decision, one per consultation. */
export const consultationDecisions = sqliteTable(
  'consultation_decisions',
  {
    consultationId: text('consultation_id')
      .primaryKey()
      .references(() => consultations.id, { onDelete: 'cascade' }),
    decision: text('decision', { enum: ['advised', 'rejected'] }).notNull(),
    pharmacistId: text('pharmacist_id')
      .notNull()
      .references(() => users.id),
    /** Health data: never logged. */
    note: text('note').notNull(),
    rejectReason: text('reject_reason', { enum: REJECT_REASONS }),
    decidedAt: integer('decided_at').notNull(),
  },
  (t) => [check('consultation_decisions_reason_ck', sql`(${t.decision} = 'rejected') = (${t.rejectReason} IS NOT NULL)`)],
);

export const quotes = sqliteTable(
  'quotes',
  {
    id: id(),
    consultationId: text('consultation_id')
      .notNull()
      .references(() => consultations.id, { onDelete: 'cascade' }),
    expiresAt: integer('expires_at').notNull(),
    createdAt: createdAt(),
  },
  (t) => [uniqueIndex('quotes_consultation_uq').on(t.consultationId)],
);

export const pickupReservations = sqliteTable(
  'pickup_reservations',
  {
    id: id(),
    code: text('code').notNull(),
    consultationId: text('consultation_id')
      .notNull()
      .references(() => consultations.id),
    locationId: text('location_id')
      .notNull()
      .references(() => pharmacyLocations.id),
    customerName: text('customer_name').notNull(),
    phone: text('phone').notNull(),
    status: text('status', { enum: PICKUP_STATUSES }).notNull().default('reserved'),
    expiresAt: integer('expires_at').notNull(),
    dispensedBy: text('dispensed_by').references(() => users.id),
    dispensedAt: integer('dispensed_at'),
    paymentMethod: text('payment_method', { enum: PICKUP_PAYMENT_METHODS }),
    amountPaid: integer('amount_paid'),
    note: text('note'),
    closedBy: text('closed_by').references(() => users.id),
    closedAt: integer('closed_at'),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    uniqueIndex('pickup_reservations_code_uq').on(t.code),
    uniqueIndex('pickup_reservations_consultation_uq').on(t.consultationId),
    index('pickup_reservations_status_idx').on(t.status, t.expiresAt),
    index('pickup_reservations_phone_idx').on(t.phone),
    check(
      'pickup_reservations_dispensed_ck',
      sql`(${t.status} = 'dispensed') = (${t.dispensedBy} IS NOT NULL AND ${t.dispensedAt} IS NOT NULL AND ${t.paymentMethod} IS NOT NULL AND ${t.amountPaid} IS NOT NULL)`,
    ),
  ],
);

/** An advised item: in the online quote (`quoteId`) or reserved for pickup (`reservationId`), never both. */
export const adviceItems = sqliteTable(
  'advice_items',
  {
    id: id(),
    consultationId: text('consultation_id')
      .notNull()
      .references(() => consultations.id, { onDelete: 'cascade' }),
    position: integer('position').notNull(),
    kind: text('kind', { enum: ['otc', 'rx'] }).notNull(),
    productId: text('product_id')
      .notNull()
      .references(() => products.id),
    unitId: text('unit_id')
      .notNull()
      .references(() => productUnits.id),
    productName: text('product_name').notNull(),
    unitName: text('unit_name').notNull(),
    factor: integer('factor').notNull(),
    quantity: integer('quantity').notNull(),
    /** Health data: never logged. */
    instructions: text('instructions').notNull(),
    /** Integer VND quoted at advice time. */
    unitPrice: integer('unit_price').notNull(),
    quoteId: text('quote_id').references(() => quotes.id),
    reservationId: text('reservation_id').references(() => pickupReservations.id),
  },
  (t) => [
    index('advice_items_consultation_idx').on(t.consultationId, t.position),
    index('advice_items_quote_idx').on(t.quoteId),
    index('advice_items_reservation_idx').on(t.reservationId),
    check('advice_items_place_ck', sql`(${t.quoteId} IS NULL) <> (${t.reservationId} IS NULL)`),
  ],
);

/** FEFO batches held for a pickup reservation (base units); released or sold once. */
export const pickupAllocations = sqliteTable(
  'pickup_allocations',
  {
    id: id(),
    reservationId: text('reservation_id')
      .notNull()
      .references(() => pickupReservations.id),
    adviceItemId: text('advice_item_id')
      .notNull()
      .references(() => adviceItems.id),
    batchId: text('batch_id')
      .notNull()
      .references(() => stockBatches.id),
    quantity: integer('quantity').notNull(),
    releasedAt: integer('released_at'),
    soldAt: integer('sold_at'),
  },
  (t) => [
    index('pickup_allocations_reservation_idx').on(t.reservationId),
    index('pickup_allocations_batch_idx').on(t.batchId),
    check('pickup_allocations_once_ck', sql`${t.releasedAt} IS NULL OR ${t.soldAt} IS NULL`),
  ],
);

/** Platform switches (the epidemic exception `rx_online_exception`), every change audited. */
export const platformSettings = sqliteTable('platform_settings', {
  key: text('key', { enum: ['rx_online_exception'] }).primaryKey(),
  /** JSON value. */
  value: text('value').notNull(),
  note: text('note'),
  changedBy: text('changed_by').references(() => users.id),
  changedAt: integer('changed_at'),
});

// ---------------------------------------------------------------------------------------------------------------
// Search (SQLite FTS5). `product_search` holds the folded and accent-exact text of each product (kept current by
// triggers from the view product_search_source, see migrations/0003_search.sql and 0013_search_relevance.sql); two FTS5 indexes use it as external content since 0038_search_split.sql: `product_search_fts` (folded columns) and `product_search_fts_x` (accent-exact). Synonyms are data.
// ---------------------------------------------------------------------------------------------------------------

export const productSearch = sqliteTable('product_search', {
  /** Stable integer key: the FTS5 rowid. */
  id: integer('id').primaryKey({ autoIncrement: true }),
  productId: text('product_id')
    .notNull()
    .unique()
    .references(() => products.id, { onDelete: 'cascade' }),
  name: text('name').notNull(),
  brand: text('brand').notNull(),
  ingredients: text('ingredients').notNull(),
  indications: text('indications').notNull(),
  body: text('body').notNull(),
  category: text('category').notNull().default(''),
  // Accent-exact copies of the six fields (shared/src/text.ts accentExact; migrations/0013_search_relevance.sql).
  nameX: text('name_x').notNull().default(''),
  brandX: text('brand_x').notNull().default(''),
  categoryX: text('category_x').notNull().default(''),
  ingredientsX: text('ingredients_x').notNull().default(''),
  indicationsX: text('indications_x').notNull().default(''),
  bodyX: text('body_x').notNull().default(''),
});

/**
 * Query-side expansions: when a shopper's query contains `term` (folded, 1–3 words), `synonym` is searched too.
 * Kinds: ingredient ↔ brand, symptom → indication wording, abbreviation → full form.
 */
export const searchSynonyms = sqliteTable(
  'search_synonyms',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    term: text('term').notNull(),
    synonym: text('synonym').notNull(),
    kind: text('kind', { enum: ['ingredient', 'brand', 'symptom', 'abbreviation', 'other'] }).notNull(),
    createdAt: integer('created_at').notNull(),
  },
  (t) => [uniqueIndex('search_synonyms_uq').on(t.term, t.synonym), check('search_synonyms_ck', sql`${t.term} <> ${t.synonym}`)],
);

// ---------------------------------------------------------------------------------------------------------------
// Accounts support: rate limits (fixed windows, counted atomically in D1) and the local dev mailbox
// ---------------------------------------------------------------------------------------------------------------

/** One row per (action, subject) window; the subject is a hash of the account or IP, never the raw value. */
export const rateLimits = sqliteTable('rate_limits', {
  key: text('key').primaryKey(),
  windowStart: integer('window_start').notNull(),
  count: integer('count').notNull(),
});

/** Emails "sent" in development: readable at GET /dev/mailbox (absent in production). */
export const devMailbox = sqliteTable(
  'dev_mailbox',
  {
    id: id(),
    to: text('to_address').notNull(),
    subject: text('subject').notNull(),
    text: text('text').notNull(),
    html: text('html').notNull(),
    createdAt: createdAt(),
  },
  (t) => [index('dev_mailbox_to_idx').on(t.to, t.createdAt)],
);

/** Per-carrier address codes for a 2025 ward (GHN still prices and ships by district id + ward code). */
export const carrierWardMappings = sqliteTable(
  'carrier_ward_mappings',
  {
    carrier: text('carrier', { enum: ['ghn', 'ghtk'] }).notNull(),
    wardCode: text('ward_code')
      .notNull()
      .references(() => wards.code),
    districtId: integer('district_id').notNull(),
    carrierWardCode: text('carrier_ward_code').notNull(),
    updatedAt: integer('updated_at').notNull(),
  },
  (t) => [primaryKey({ columns: [t.carrier, t.wardCode] })],
);

/** Messages the events queue gave up on (after max_retries), kept for admins to inspect and replay. */
export const deadLetters = sqliteTable(
  'dead_letters',
  {
    id: id(),
    /** Queue message id: the same dead message delivered twice is stored once. */
    messageId: text('message_id').notNull(),
    eventId: text('event_id'),
    type: text('type'),
    aggregateId: text('aggregate_id'),
    /** The envelope as received (ids and codes only, never personal data). */
    body: text('body').notNull(),
    attempts: integer('attempts').notNull(),
    receivedAt: integer('received_at').notNull(),
    replayedAt: integer('replayed_at'),
    replayedBy: text('replayed_by'),
  },
  (t) => [uniqueIndex('dead_letters_message_uq').on(t.messageId), index('dead_letters_pending_idx').on(t.replayedAt, t.receivedAt)],
);

/** One invoice per paid order: numbered once (the number never changes), rendered to R2 by the consumer. */
export const invoices = sqliteTable(
  'invoices',
  {
    id: id(),
    orderId: text('order_id')
      .notNull()
      .references(() => orders.id),
    /** Gapless sequence behind the number `HD<year>-<seq, 6 digits>`. */
    seq: integer('seq').notNull(),
    number: text('number').notNull(),
    /** Object key in the private FILES bucket. */
    r2Key: text('r2_key').notNull(),
    issuedAt: integer('issued_at').notNull(),
    /** Set once the PDF is in R2; until then the download answers INVOICE_NOT_READY. */
    storedAt: integer('stored_at'),
    size: integer('size'),
  },
  (t) => [uniqueIndex('invoices_order_uq').on(t.orderId), uniqueIndex('invoices_seq_uq').on(t.seq), uniqueIndex('invoices_number_uq').on(t.number)],
);

/**
 * "Bought together" counts for recommendations: one row per ordered pair of distinct products (both directions), the
 * number of confirmed orders that held both. Maintained by the consumer with the best-seller counters, same markers.
 */
export const coPurchases = sqliteTable(
  'co_purchases',
  {
    productId: text('product_id')
      .notNull()
      .references(() => products.id),
    otherId: text('other_id')
      .notNull()
      .references(() => products.id),
    orders: integer('orders').notNull(),
    updatedAt: integer('updated_at').notNull(),
  },
  (t) => [primaryKey({ columns: [t.productId, t.otherId] }), index('co_purchases_top_idx').on(t.productId, t.orders), check('co_purchases_orders_ck', sql`${t.orders} >= 0`)],
);

/**
 * #16 (migration 0025, ADR 0034): the availability summary, one row per product, maintained by triggers on the
 * statements that change stock (SQL generated by `availabilityTriggersSql`, catalog/availability.ts). `inStock` and
 * `availableBase` are exact for every Vietnam day in [`computedOn`, `staleOn`); readers go through `inStockSummarySql`,
 * which falls back to the live rule outside that window. An `inStock` flip bumps `meta.catalog_version` (trigger).
 */
export const productAvailability = sqliteTable(
  'product_availability',
  {
    productId: text('product_id')
      .primaryKey()
      .references(() => products.id, { onDelete: 'cascade' }),
    inStock: integer('in_stock').notNull(),
    availableBase: integer('available_base').notNull(),
    /** Smallest factor among the offered units; null when none is offered (never in stock). */
    minFactor: integer('min_factor'),
    /** YYYY-MM-DD: the earliest expiry among the counted batches with stock left; null = never stale. */
    staleOn: text('stale_on'),
    /** YYYY-MM-DD: the Vietnam day the row was computed for (SQLite's clock in triggers). */
    computedOn: text('computed_on').notNull(),
    updatedAt: integer('updated_at').notNull(),
  },
  (t) => [index('product_availability_stale_idx').on(t.staleOn)],
);

/**
 * #16 search_docs (migrations/0034_search_docs.sql, ADR 0042): per product, keyed by its full-text rowid, what a search
 * hit needs to be filtered, counted and sorted; maintained by triggers generated in shared/src/search/search-docs.ts.
 */
export const searchDocs = sqliteTable('search_docs', {
  sid: integer('sid').primaryKey(),
  productId: text('product_id')
    .notNull()
    .unique()
    .references(() => products.id, { onDelete: 'cascade' }),
  shopVisible: integer('shop_visible').notNull(),
  categoryId: text('category_id').notNull(),
  brandId: text('brand_id').notNull(),
  dosageForm: text('dosage_form').notNull(),
  prescriptionRequired: integer('prescription_required').notNull(),
  soldCount: integer('sold_count').notNull(),
  createdAt: integer('created_at').notNull(),
  price: integer('price'),
  salePrice: integer('sale_price'),
  saleStartsAt: integer('sale_starts_at'),
  saleEndsAt: integer('sale_ends_at'),
  inStock: integer('in_stock'),
  computedOn: text('computed_on'),
  staleOn: text('stale_on'),
});

/** Why an event's handler failed, per event: how many deliveries failed and the last error (shown with dead letters). */
export const eventFailures = sqliteTable('event_failures', {
  eventId: text('event_id').primaryKey(),
  type: text('type').notNull(),
  attempts: integer('attempts').notNull(),
  /** Our error code and message, truncated; never a payload. */
  lastError: text('last_error').notNull(),
  lastFailedAt: integer('last_failed_at').notNull(),
});

// ---------------------------------------------------------------------------------------------------------------
// Import/export (#14, ADR 0028): uploads processed by the consumer Worker in chunks, one running import per store
// ---------------------------------------------------------------------------------------------------------------

export const IMPORT_KINDS = ['products', 'batches'] as const;
export const IMPORT_STATUSES = ['queued', 'validating', 'validated', 'committing', 'done', 'failed', 'cancelled'] as const;
/** The states that hold the store's import lock (the unique partial index imports_one_running_uq). */
export const IMPORT_RUNNING_STATUSES = ['queued', 'validating', 'committing'] as const;

export const imports = sqliteTable(
  'imports',
  {
    id: id(),
    store: text('store').notNull().default('main'),
    kind: text('kind', { enum: IMPORT_KINDS }).notNull(),
    fileName: text('file_name').notNull(),
    fileKey: text('file_key').notNull(),
    fileType: text('file_type', { enum: ['xlsx', 'csv'] }).notNull(),
    status: text('status', { enum: IMPORT_STATUSES }).notNull(),
    phase: text('phase', { enum: ['parse', 'validate', 'commit', 'none'] }).notNull().default('parse'),
    cursor: integer('cursor').notNull().default(0),
    totalRows: integer('total_rows').notNull().default(0),
    processedRows: integer('processed_rows').notNull().default(0),
    validRows: integer('valid_rows').notNull().default(0),
    errorRows: integer('error_rows').notNull().default(0),
    createdCount: integer('created_count').notNull().default(0),
    updatedCount: integer('updated_count').notNull().default(0),
    unchangedCount: integer('unchanged_count').notNull().default(0),
    failure: text('failure'),
    createdBy: text('created_by').references(() => users.id),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    uniqueIndex('imports_one_running_uq')
      .on(t.store)
      .where(sql`${t.status} IN ('queued', 'validating', 'committing')`),
    index('imports_created_idx').on(t.createdAt, t.id),
  ],
);

export const importRows = sqliteTable(
  'import_rows',
  {
    importId: text('import_id')
      .notNull()
      .references(() => imports.id, { onDelete: 'cascade' }),
    rowNumber: integer('row_number').notNull(),
    cells: text('cells').notNull(),
    errors: text('errors'),
    outcome: text('outcome', { enum: ['created', 'updated', 'unchanged', 'failed'] }),
  },
  (t) => [primaryKey({ columns: [t.importId, t.rowNumber] })],
);

// ---------------------------------------------------------------------------------------------------------------
// #16 Elasticsearch sync (migrations/0026_search_sync.sql, ADR 0035)
// ---------------------------------------------------------------------------------------------------------------

/** Changed products for the search index: one row per product, `seq` = its latest change (meta.search_seq). */
export const searchFeed = sqliteTable('search_feed', {
  productId: text('product_id').primaryKey(),
  seq: integer('seq').notNull(),
  changedAt: integer('changed_at').notNull(),
}, (t) => [index('search_feed_seq_idx').on(t.seq)]);

/** Searches answered by D1 because Elasticsearch failed or timed out, per Vietnam day (the fallback metric). */
export const searchFallbacks = sqliteTable('search_fallbacks', {
  day: text('day').primaryKey(),
  count: integer('count').notNull(),
  lastError: text('last_error'),
  lastAt: integer('last_at').notNull(),
});

// ---------------------------------------------------------------------------------------------------------------
// #17 discovery (migrations/0031_discovery.sql, ADR 0039)
// ---------------------------------------------------------------------------------------------------------------

/** The products a signed-in shopper viewed last: at most RECENTLY_VIEWED_MAX (20) rows per account. */
export const recentlyViewed = sqliteTable(
  'recently_viewed',
  {
    userId: text('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    productId: text('product_id')
      .notNull()
      .references(() => products.id, { onDelete: 'cascade' }),
    viewedAt: integer('viewed_at').notNull(),
  },
  (t) => [primaryKey({ columns: [t.userId, t.productId] }), index('recently_viewed_user_idx').on(t.userId, t.viewedAt)],
);

/** #16 review: the full reindex as a queue-driven job (migrations/0036_search_ops.sql, ADR 0035); one running at a time. */
export const searchReindexJobs = sqliteTable(
  'search_reindex_jobs',
  {
    id: text('id').primaryKey(),
    status: text('status', { enum: ['running', 'done', 'failed'] }).notNull(),
    phase: text('phase', { enum: ['build', 'swap', 'replay', 'none'] }).notNull(),
    cursor: text('cursor').notNull().default(''),
    alias: text('alias').notNull(),
    indexName: text('index_name').notNull(),
    startSeq: integer('start_seq').notNull(),
    total: integer('total').notNull(),
    indexed: integer('indexed').notNull().default(0),
    replayed: integer('replayed').notNull().default(0),
    previous: text('previous'),
    failure: text('failure'),
    createdBy: text('created_by'),
    createdAt: integer('created_at').notNull(),
    updatedAt: integer('updated_at').notNull(),
    finishedAt: integer('finished_at'),
  },
  (t) => [
    uniqueIndex('search_reindex_jobs_one_running_uq').on(t.status).where(sql`status = 'running'`),
    index('search_reindex_jobs_created_idx').on(t.createdAt),
  ],
);

// ---------------------------------------------------------------------------------------------------------------
// #17 back-in-stock alerts and refill reminders (migrations/0032_alerts_reminders.sql, ADR 0040)
// ---------------------------------------------------------------------------------------------------------------

/** "Báo khi có hàng": an account's (user_id) or a guest's (email, confirmed once) alert for one product. */
export const stockAlerts = sqliteTable(
  'stock_alerts',
  {
    id: id(),
    productId: text('product_id')
      .notNull()
      .references(() => products.id, { onDelete: 'cascade' }),
    userId: text('user_id').references(() => users.id),
    email: text('email'),
    status: text('status', { enum: ['pending', 'active', 'notified', 'unsubscribed'] }).notNull(),
    /** Bumped when an ended alert is subscribed again: the email's once-key names the round. */
    round: integer('round').notNull().default(1),
    createdAt: createdAt(),
    confirmedAt: integer('confirmed_at'),
    notifiedAt: integer('notified_at'),
    updatedAt: updatedAt(),
  },
  (t) => [
    uniqueIndex('stock_alerts_user_uq').on(t.productId, t.userId).where(sql`${t.userId} IS NOT NULL`),
    uniqueIndex('stock_alerts_email_uq').on(t.productId, t.email).where(sql`${t.email} IS NOT NULL`),
    index('stock_alerts_product_status_idx').on(t.productId, t.status),
    check('stock_alerts_status_ck', sql`${t.status} IN ('pending','active','notified','unsubscribed')`),
    check('stock_alerts_owner_ck', sql`(${t.userId} IS NULL) <> (${t.email} IS NULL)`),
  ],
);

/** Refill reminders: one per received order line; dates are Vietnam calendar days. */
export const refillReminders = sqliteTable(
  'refill_reminders',
  {
    id: id(),
    userId: text('user_id')
      .notNull()
      .references(() => users.id),
    orderLineId: text('order_line_id')
      .notNull()
      .references(() => orderLines.id, { onDelete: 'cascade' }),
    productId: text('product_id')
      .notNull()
      .references(() => products.id),
    unitId: text('unit_id')
      .notNull()
      .references(() => productUnits.id),
    quantity: integer('quantity').notNull(),
    cadenceDays: integer('cadence_days').notNull(),
    leadDays: integer('lead_days').notNull().default(3),
    runsOutOn: text('runs_out_on').notNull(),
    nextRemindOn: text('next_remind_on').notNull(),
    cycle: integer('cycle').notNull().default(1),
    status: text('status', { enum: ['active', 'paused', 'stopped'] }).notNull().default('active'),
    lastSentAt: integer('last_sent_at'),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    uniqueIndex('refill_reminders_line_uq').on(t.orderLineId),
    index('refill_reminders_due_idx').on(t.status, t.nextRemindOn),
    index('refill_reminders_user_idx').on(t.userId, t.nextRemindOn),
    check('refill_reminders_status_ck', sql`${t.status} IN ('active','paused','stopped')`),
    check('refill_reminders_numbers_ck', sql`${t.quantity} > 0 AND ${t.cadenceDays} > 0 AND ${t.leadDays} >= 0`),
  ],
);

// ---------------------------------------------------------------------------------------------------------------
// #18 prescription reading (migrations/0040_rx_drafts.sql, ADR 0045)
// ---------------------------------------------------------------------------------------------------------------

export const RX_DRAFT_SOURCES = ['model', 'manual', 'edited'] as const;

/**
 * The pharmacist's working draft of a consultation's prescription: read by the vision model from one of its files
 * (`model`), typed by hand (`manual`), or a model draft the pharmacist corrected (`edited`). `items` is a JSON array
 * validated by shared/src/prescriptions/schemas.ts. Health data: staff only, never logged, every write audited.
 */
export const rxDrafts = sqliteTable(
  'rx_drafts',
  {
    consultationId: text('consultation_id')
      .primaryKey()
      .references(() => consultations.id, { onDelete: 'cascade' }),
    fileId: text('file_id').references(() => consultationFiles.id, { onDelete: 'set null' }),
    source: text('source', { enum: RX_DRAFT_SOURCES }).notNull(),
    model: text('model'),
    prescriber: text('prescriber'),
    prescribedOn: text('prescribed_on'),
    items: text('items').notNull().default('[]'),
    createdBy: text('created_by').references(() => users.id),
    updatedBy: text('updated_by').references(() => users.id),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    check('rx_drafts_source_ck', sql`${t.source} IN ('model', 'manual', 'edited')`),
    check('rx_drafts_items_ck', sql`json_valid(${t.items}) AND json_type(${t.items}) = 'array'`),
  ],
);
/** #18 "Trợ lý Medicare" (migrations/0039_assistant.sql, ADR 0044): conversations with a bounded lifetime. */
export const assistantConversations = sqliteTable(
  'assistant_conversations',
  {
    id: id(),
    userId: text('user_id').references(() => users.id, { onDelete: 'cascade' }),
    /** Guests: SHA-256 of the conversation's secret token. */
    tokenHash: text('token_hash'),
    ipHash: text('ip_hash').notNull(),
    messageCount: integer('message_count').notNull().default(0),
    tokensUsed: integer('tokens_used').notNull().default(0),
    consultationId: text('consultation_id').references(() => consultations.id, { onDelete: 'set null' }),
    createdAt: createdAt(),
    updatedAt: integer('updated_at').notNull(),
    expiresAt: integer('expires_at').notNull(),
  },
  (t) => [
    index('assistant_conversations_expiry_idx').on(t.expiresAt),
    index('assistant_conversations_ip_idx').on(t.ipHash, t.updatedAt),
    index('assistant_conversations_user_idx').on(t.userId, t.updatedAt),
    check('assistant_conversations_owner_ck', sql`(${t.userId} IS NULL) <> (${t.tokenHash} IS NULL)`),
    check('assistant_conversations_counts_ck', sql`${t.messageCount} >= 0 AND ${t.tokensUsed} >= 0`),
  ],
);

/** The messages of an assistant conversation (health data: never logged). */
export const assistantMessages = sqliteTable(
  'assistant_messages',
  {
    id: id(),
    conversationId: text('conversation_id')
      .notNull()
      .references(() => assistantConversations.id, { onDelete: 'cascade' }),
    role: text('role', { enum: ['user', 'assistant'] }).notNull(),
    text: text('text').notNull(),
    /** answer | fallback | emergency | off_topic | blocked:<reason> (assistant rows). */
    outcome: text('outcome'),
    /** JSON array of the product slugs shown with this answer. */
    products: text('products'),
    tokens: integer('tokens').notNull().default(0),
    createdAt: createdAt(),
  },
  (t) => [index('assistant_messages_conversation_idx').on(t.conversationId, t.createdAt, t.id), check('assistant_messages_role_ck', sql`${t.role} IN ('user', 'assistant')`)],
);
