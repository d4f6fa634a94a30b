/**
 * A small catalogue with every case the catalogue rules care about, written straight into the test D1 (the
 * migrations are applied by test/apply-migrations.ts). Independent of the big seed so tests pin exact answers.
 */
import { env } from 'cloudflare:test';
import { drizzle } from 'drizzle-orm/d1';
import { issueAccessToken, type Role } from '@medicare/shared/http/auth';
import { vietnamDate } from '@medicare/shared/catalog/availability';
import * as s from '@medicare/shared/db/schema';
import { catalogVersionMemo, VERSION_MAX_AGE_MS } from '../src/cache';

export const DAY = 86_400_000;
export const NOW = Date.now();
const T0 = NOW - 100 * DAY;
const date = (offsetDays: number) => vietnamDate(NOW + offsetDays * DAY);

// A valid 96×96 PNG (made by seed/png.mjs) for upload and resize tests.
export const PNG_96 = Uint8Array.from(
  atob(
    'iVBORw0KGgoAAAANSUhEUgAAAGAAAABgCAIAAABt+uBvAAAA8klEQVR4nO3WsQ3CMBRF0YxAw1aswT5UDEPFLqmpKUGiRv4oAvIcn6dbuohOYWeab3c1mlb/gvAAAQIECFBwgAABAgQoOECAAAECFBwgQIAAAQruC0C7w6mLAAECBAhQcIAAdQq0P167CBAgQIAABQcIECBAgF49AgaoGKBigIoBKgaoWDdA58v8hwABGhZorQEqBqhYN0C/vmsAbR1orQEqBqgYoGKAigEqFg2UGSBAgAABCm5coPbrPi6Q/6DlOm+NAAECBAgQoBAgz/xCqcaxcYE+DBAgQNsE2naAAAECBCg4QIAAAQIUHCBAgAABCu4JmRMQk0TREUQAAAAASUVORK5CYII=',
  ),
  (ch) => ch.charCodeAt(0),
);

export const ids = {
  catThuoc: '01TESTCATTHUOC000000000000',
  catGiamDau: '01TESTCATGIAMDAU0000000000',
  catHaSot: '01TESTCATHASOT000000000000',
  catKhangSinhL2: '01TESTCATKSL2000000000000',
  catKhangSinh: '01TESTCATKS00000000000000',
  catMyPham: '01TESTCATMYPHAM00000000000',
  catDaMat: '01TESTCATDAMAT000000000000',
  catSuaRua: '01TESTCATSUARUA00000000000',
  brandAlpha: '01TESTBRANDALPHA000000000',
  brandBeta: '01TESTBRANDBETA0000000000',
  brandGamma: '01TESTBRANDGAMMA000000000',
  paracetamol: '01TESTPRODPARACETAMOL0000',
  amoxicillin: '01TESTPRODAMOXICILLIN0000',
  ibuprofen: '01TESTPRODIBUPROFEN000000',
  cleanser: '01TESTPRODCLEANSER0000000',
  serum: '01TESTPRODSERUM0000000000',
  hidden: '01TESTPRODHIDDEN000000000',
  pending: '01TESTPRODPENDING00000000',
};

export const BULK_COUNT = 25;

export async function seedFixtures(): Promise<void> {
  const db = drizzle(env.DB, { schema: s });
  const ts = { createdAt: T0, updatedAt: T0 };
  await db.insert(s.categories).values([
    { id: ids.catThuoc, parentId: null, level: 1, slug: 'thuoc', name: 'Thuốc', path: '/thuoc/', position: 0, ...ts },
    { id: ids.catGiamDau, parentId: ids.catThuoc, level: 2, slug: 'thuoc-giam-dau', name: 'Thuốc giảm đau', path: '/thuoc/thuoc-giam-dau/', position: 0, ...ts },
    { id: ids.catHaSot, parentId: ids.catGiamDau, level: 3, slug: 'thuoc-ha-sot', name: 'Thuốc hạ sốt', path: '/thuoc/thuoc-giam-dau/thuoc-ha-sot/', position: 0, ...ts },
    { id: ids.catKhangSinhL2, parentId: ids.catThuoc, level: 2, slug: 'khang-sinh-nhom', name: 'Kháng sinh, kháng nấm', path: '/thuoc/khang-sinh-nhom/', position: 1, ...ts },
    { id: ids.catKhangSinh, parentId: ids.catKhangSinhL2, level: 3, slug: 'thuoc-khang-sinh', name: 'Thuốc kháng sinh', path: '/thuoc/khang-sinh-nhom/thuoc-khang-sinh/', position: 0, ...ts },
    { id: ids.catMyPham, parentId: null, level: 1, slug: 'duoc-my-pham', name: 'Dược mỹ phẩm', path: '/duoc-my-pham/', position: 1, ...ts },
    { id: ids.catDaMat, parentId: ids.catMyPham, level: 2, slug: 'cham-soc-da-mat', name: 'Chăm sóc da mặt', path: '/duoc-my-pham/cham-soc-da-mat/', position: 0, ...ts },
    { id: ids.catSuaRua, parentId: ids.catDaMat, level: 3, slug: 'sua-rua-mat', name: 'Sữa rửa mặt', path: '/duoc-my-pham/cham-soc-da-mat/sua-rua-mat/', position: 0, ...ts },
  ]);
  await db.insert(s.brands).values([
    { id: ids.brandAlpha, slug: 'alpha', name: 'Alpha Pharma', country: 'Việt Nam', ...ts },
    { id: ids.brandBeta, slug: 'beta', name: 'Beta Labs', country: 'Pháp', ...ts },
    { id: ids.brandGamma, slug: 'gamma', name: 'Gamma Skin', country: 'Hàn Quốc', ...ts },
  ]);

  const product = (id: string, slug: string, name: string, categoryId: string, brandId: string, extra: Partial<typeof s.products.$inferInsert> = {}) => ({
    id, slug, name, categoryId, brandId,
    shortDescription: `${name}.`, description: `## ${name}`, dosageForm: 'Viên nén', packSpec: 'Hộp 10 vỉ x 10 viên', baseUnit: 'viên',
    indications: 'Giảm đau, hạ sốt.', countryOfOrigin: 'Việt Nam', approvalState: 'approved' as const, visible: true,
    createdAt: T0, updatedAt: T0, ...extra,
  });
  const products = [
    product(ids.paracetamol, 'alpha-paracetamol-500', 'Alpha Paracetamol 500mg', ids.catHaSot, ids.brandAlpha, { soldCount: 500, createdAt: T0 + 1 }),
    product(ids.amoxicillin, 'beta-amoxicillin-500', 'Beta Amoxicillin 500mg', ids.catKhangSinh, ids.brandBeta, { prescriptionRequired: true, dosageForm: 'Viên nang cứng', soldCount: 100, createdAt: T0 + 2 }),
    product(ids.ibuprofen, 'alpha-ibuprofen-400', 'Alpha Ibuprofen 400mg', ids.catHaSot, ids.brandAlpha, { soldCount: 900, createdAt: T0 + 3 }),
    product(ids.cleanser, 'gamma-cleanser', 'Gamma Cleanser 200ml', ids.catSuaRua, ids.brandGamma, { dosageForm: 'Sữa rửa mặt', packSpec: 'Chai 200ml', baseUnit: 'chai', soldCount: 50, createdAt: T0 + 4 }),
    product(ids.serum, 'gamma-serum', 'Gamma Serum 30ml', ids.catSuaRua, ids.brandGamma, { dosageForm: 'Serum', packSpec: 'Lọ 30ml', baseUnit: 'lọ', soldCount: 10, createdAt: T0 + 5 }),
    product(ids.hidden, 'alpha-hidden', 'Alpha Hidden', ids.catHaSot, ids.brandAlpha, { visible: false }),
    product(ids.pending, 'alpha-pending', 'Alpha Pending', ids.catHaSot, ids.brandAlpha, { approvalState: 'pending_review' }),
    ...Array.from({ length: BULK_COUNT }, (_, i) =>
      product(`01TESTPRODBULK${String(i).padStart(12, '0')}`, `gamma-bulk-${i}`, `Gamma Bulk ${i}`, ids.catSuaRua, ids.brandGamma, {
        dosageForm: 'Sữa rửa mặt', packSpec: 'Chai 100ml', baseUnit: 'chai', soldCount: (i * 7) % 11, createdAt: T0 + 1000 + (i % 5),
      }),
    ),
  ];
  // One row per statement: D1 allows at most 100 bound parameters per query.
  const [first, ...rest] = products.map((p) => db.insert(s.products).values(p));
  await db.batch([first!, ...rest]);

  const unit = (id: string, productId: string, name: string, factor: number, price: number, extra: Partial<typeof s.productUnits.$inferInsert> = {}) => ({
    id, productId, name, factor, price, weightGrams: 10 * factor, isDefault: false, position: 0, createdAt: T0, updatedAt: T0, ...extra,
  });
  const units = [
    unit('01TESTUNITPARAHOP000000000', ids.paracetamol, 'Hộp', 100, 100_000, { isDefault: true, position: 0 }),
    unit('01TESTUNITPARAVI0000000000', ids.paracetamol, 'Vỉ', 10, 11_000, { position: 1 }),
    unit('01TESTUNITPARAVIEN00000000', ids.paracetamol, 'Viên', 1, 1_200, { position: 2 }),
    unit('01TESTUNITAMOXHOP000000000', ids.amoxicillin, 'Hộp', 100, 90_000, { isDefault: true }),
    unit('01TESTUNITIBUHOP0000000000', ids.ibuprofen, 'Hộp', 100, 60_000, { isDefault: true }),
    unit('01TESTUNITCLEANSER00000000', ids.cleanser, 'Chai', 1, 250_000, { isDefault: true, salePrice: 199_000, saleStartsAt: NOW - DAY, saleEndsAt: NOW + 10 * DAY }),
    unit('01TESTUNITSERUM0000000000', ids.serum, 'Lọ', 1, 300_000, { isDefault: true, salePrice: 150_000, saleStartsAt: NOW + 2 * DAY, saleEndsAt: NOW + 10 * DAY }),
    unit('01TESTUNITHIDDEN000000000', ids.hidden, 'Hộp', 100, 10_000, { isDefault: true }),
    unit('01TESTUNITPENDING00000000', ids.pending, 'Hộp', 100, 10_000, { isDefault: true }),
    ...Array.from({ length: BULK_COUNT }, (_, i) =>
      unit(`01TESTUNITBULK${String(i).padStart(12, '0')}`, `01TESTPRODBULK${String(i).padStart(12, '0')}`, 'Chai', 1, 10_000 + (i % 6) * 1_000, { isDefault: true }),
    ),
  ];
  for (let i = 0; i < units.length; i += 5) await db.insert(s.productUnits).values(units.slice(i, i + 5));

  const batch = (id: string, productId: string, lot: string, expiry: string, quantity: number, reserved = 0) => ({
    id, productId, lotNumber: lot, expiryDate: expiry, quantity, reserved, receivedAt: T0, createdAt: T0, updatedAt: T0,
  });
  const batches = [
    batch('01TESTBATCHPARAOLD00000000', ids.paracetamol, 'P-OLD', date(-3), 1000),
    batch('01TESTBATCHPARANEW00000000', ids.paracetamol, 'P-NEW', date(30), 250, 30),
    batch('01TESTBATCHPARALATE0000000', ids.paracetamol, 'P-LATE', date(400), 0),
    batch('01TESTBATCHAMOX0000000000', ids.amoxicillin, 'A-1', date(300), 500),
    batch('01TESTBATCHIBU00000000000', ids.ibuprofen, 'I-1', date(0), 800),
    batch('01TESTBATCHCLEANSER000000', ids.cleanser, 'C-1', date(500), 40),
    batch('01TESTBATCHSERUM00000000', ids.serum, 'S-1', date(500), 5, 5),
    ...Array.from({ length: BULK_COUNT }, (_, i) => batch(`01TESTBATCHBULK${String(i).padStart(11, '0')}`, `01TESTPRODBULK${String(i).padStart(12, '0')}`, `B-${i}`, date(200), i % 4 === 0 ? 0 : 20)),
  ];
  for (let i = 0; i < batches.length; i += 5) await db.insert(s.stockBatches).values(batches.slice(i, i + 5));

  await db.insert(s.ingredients).values([{ id: '01TESTINGPARACETAMOL00000', slug: 'paracetamol', name: 'Paracetamol', createdAt: T0 }]);
  await db.insert(s.productIngredients).values([{ productId: ids.paracetamol, ingredientId: '01TESTINGPARACETAMOL00000', strength: '500mg', position: 0 }]);
  await db.insert(s.productImages).values([
    { id: '01TESTIMGPARA000000000000', productId: ids.paracetamol, r2Key: 'products/placeholder/test-box.png', alt: 'Alpha Paracetamol', width: 96, height: 96, contentType: 'image/png', position: 0, createdAt: T0 },
  ]);
  // Workers without the images bucket (the consumer) get the catalogue rows only.
  if ('IMAGES_BUCKET' in env) await (env as { IMAGES_BUCKET: R2Bucket }).IMAGES_BUCKET.put('products/placeholder/test-box.png', PNG_96, { httpMetadata: { contentType: 'image/png' } });
}

/** Visible, approved products in the fixture (what the shop may list). */
export const VISIBLE_COUNT = 5 + BULK_COUNT;

/** A signed-in caller: the user row (verified, active) and a live session exist, as after a real sign-in. */
export async function tokenFor(role: Role, userId = `user-${role}`): Promise<string> {
  const now = Date.now();
  await env.DB.prepare(
    `INSERT INTO users (id, email, email_verified_at, password_hash, name, role, status, practising_certificate, created_at, updated_at)
     VALUES (?, ?, ?, NULL, ?, ?, 'active', ?, ?, ?) ON CONFLICT (id) DO NOTHING`,
  )
    .bind(userId, `${userId}@test.medicare.vn`, now, `Test ${role}`, role, role === 'pharmacist' ? 'CCHN-TEST-0001' : null, now, now)
    .run();
  const sessionId = `sess-${userId}-${Math.random().toString(36).slice(2, 10)}`;
  await env.DB.prepare('INSERT INTO auth_sessions (id, user_id, family_id, refresh_token_hash, expires_at, created_at) VALUES (?, ?, ?, ?, ?, ?)')
    .bind(sessionId, userId, sessionId, `hash-${sessionId}`, now + 86_400_000, now)
    .run();
  return issueAccessToken(env.JWT_SECRET, { userId, role, sessionId });
}

/**
 * A test that writes the catalogue straight into D1 plays another isolate (or the queue consumer): this isolate's
 * catalogue version memo learns of the write once its bound has passed (ADR 0032). Moves the memo's clock there.
 */
export function afterVersionBound(): void {
  catalogVersionMemo.advance(VERSION_MAX_AGE_MS + 1);
}

export async function api(path: string, init?: RequestInit): Promise<Response> {
  const { SELF } = await import('cloudflare:test');
  return SELF.fetch(`https://api.medicare.test${path}`, init);
}

export async function json<T = any>(res: Response): Promise<T> {
  return (await res.json()) as T;
}

/** The province and ward most tests ship to (Thành phố Hồ Chí Minh / Phường Bến Thành), for a `DB.batch`. */
export function hcmWard(db: D1Database = env.DB): D1PreparedStatement[] {
  return [
    db.prepare("INSERT OR IGNORE INTO provinces (code, name, place_type, region, name_folded) VALUES ('79', 'Thành phố Hồ Chí Minh', 'Thành phố Trung Ương', 'south', 'thanh pho ho chi minh')"),
    db.prepare("INSERT OR IGNORE INTO wards (code, province_code, name, name_folded) VALUES ('26743', '79', 'Phường Bến Thành', 'phuong ben thanh')"),
  ];
}
