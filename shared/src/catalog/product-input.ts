/**
 * THE product write model (issue 14): what staff send to create or edit a product, whether through the console
 * (POST/PATCH /v1/admin/products) or an import row. One schema, one set of cross-field rules (exactly one default
 * unit, sale windows, unique unit names/barcodes, the SĐK format) so that every path refuses the same input with the
 * same Vietnamese message. `planProductSave` (product-write.d1.ts) turns a parsed input into one D1 batch.
 */
import { z } from '@hono/zod-openapi';
import { normalizeText } from '../text';
import { optionalTextInput, textInput } from '../text-input';
import { saleProblems } from './pricing';

// ---------------------------------------------------------------------------------------------------------------
// SĐK (số đăng ký): the one format check
// ---------------------------------------------------------------------------------------------------------------

/**
 * Accepted registration-number shapes (the Drug Administration of Vietnam's numbering, plus the food-supplement and
 * cosmetic declaration numbers a pharmacy also carries):
 * - drugs, old numbering: `VD-12345-18`, `VN-12345-18`, `VN2-123-19`, `VD3-12-20`, `GC-123-17`, `VS-1234-16`,
 *   `QLĐB-123-15`, `QLSP-1234-19`, `VNA-1234-05` (prefix, 2–6 digit number, 2-digit year);
 * - drugs, numbering since 2022: 12 digits (e.g. `893110123423`);
 * - supplements / cosmetics / devices: `1234/2019/ĐKSP`, `12345/21/CBMP-HN`, `123/2022/XNCB-BYT` (number / year /
 *   register code).
 */
const REGISTRATION_PATTERNS: readonly RegExp[] = [
  /^(VD|VN|VS|GC|VNA|VNB|QLĐB|QLSP|QLVX|VD\d|VN\d)-\d{2,6}-\d{2}$/u,
  /^\d{12}$/,
  /^\d{1,6}\/\d{2,4}\/[A-ZĐ]{2,}(?:-[A-ZĐ]{2,})*$/u,
];

/** Normalises what staff type (spaces, lowercase, en dashes) before the check and before storing. */
export function normalizeRegistrationNumber(raw: string): string {
  return normalizeText(raw).toUpperCase().replace(/\s+/g, '').replace(/[–—]/g, '-');
}

/**
 * THE SĐK format rule: `null` when `raw` is an accepted registration number, otherwise the Vietnamese problem to show.
 * Used by the schema below, the import's row validation and the console's inline check.
 */
export function registrationNumberProblem(raw: string): string | null {
  const v = normalizeRegistrationNumber(raw);
  if (v.length === 0) return 'Số đăng ký không được để trống.';
  if (v.length > 40) return 'Số đăng ký quá dài (tối đa 40 ký tự).';
  if (REGISTRATION_PATTERNS.some((p) => p.test(v))) return null;
  return 'Số đăng ký không đúng định dạng (ví dụ: VD-12345-18, VN-12345-18, 893110123423 hoặc 1234/2019/ĐKSP).';
}

// ---------------------------------------------------------------------------------------------------------------
// Field schemas
// ---------------------------------------------------------------------------------------------------------------

export const PRODUCT_SLUG_PATTERN = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;
const Money = z.number().int('Giá phải là số nguyên (VND)').min(1, 'Giá phải lớn hơn 0').max(1_000_000_000, 'Giá quá lớn');
const Timestamp = z.number().int().min(0).openapi({ description: 'Milliseconds since the Unix epoch (UTC)' });
/** Typed texts are trimmed and stored NFC (`textInput`), so duplicates and diffs compare one encoding. */
const text = textInput;
/** Optional long texts: empty string is stored as NULL (trimmed first). */
const optionalText = (max: number) =>
  optionalTextInput(max)
    .nullable()
    .optional()
    .transform((v) => (v === undefined ? undefined : v === null || v === '' ? null : v));
const Id = z.string().min(10).max(40);

export const ProductUnitInputSchema = z
  .object({
    /** Existing unit id (edit); absent for a new unit. */
    id: Id.optional(),
    name: text(1, 40),
    factor: z.number().int().min(1, 'Hệ số quy đổi phải ≥ 1').max(100_000),
    price: Money,
    salePrice: Money.nullable().optional(),
    saleStartsAt: Timestamp.nullable().optional(),
    saleEndsAt: Timestamp.nullable().optional(),
    weightGrams: z.number().int().min(1, 'Khối lượng phải lớn hơn 0').max(100_000),
    barcode: z
      .string()
      .trim()
      .regex(/^[0-9A-Za-z-]{4,40}$/, 'Mã vạch không hợp lệ')
      .nullable()
      .optional()
      .or(z.literal('').transform(() => null)),
    isDefault: z.boolean(),
    /** true: stop selling this unit (kept for orders that reference it). A retired unit can't be the default. */
    retired: z.boolean().optional(),
  })
  .strict()
  .openapi('ProductUnitInput');

export const ManufacturerInputSchema = z
  // Country names can be one letter in Vietnamese ("Ý", Italy): at least 1 character.
  .object({ name: text(2, 200), address: optionalText(300), country: text(1, 80) })
  .strict()
  .openapi('ManufacturerInput');

export const IngredientInputSchema = z
  .object({ name: text(1, 120), strength: optionalText(80) })
  .strict()
  .openapi('IngredientInput');

/** Every field of a product staff maintain, as an object (before the cross-field rules). */
export const productInputShape = {
  name: text(2, 200),
  /** Absent on create: derived from the name. On edit, a change keeps a redirect from the old slug. */
  slug: z.string().trim().min(1).max(120).regex(PRODUCT_SLUG_PATTERN, 'Slug chỉ gồm chữ thường không dấu, số và dấu gạch ngang').optional(),
  shortDescription: text(1, 500),
  /** Markdown; rendered sanitised on the storefront. */
  description: text(1, 20_000),
  categoryId: Id,
  brandId: Id,
  manufacturer: ManufacturerInputSchema.nullable(),
  registrationNumber: z.string().max(60).nullable(),
  prescriptionRequired: z.boolean(),
  specialControl: z.boolean(),
  dosageForm: text(1, 80),
  packSpec: text(1, 200),
  baseUnit: text(1, 40),
  ingredients: z.array(IngredientInputSchema).max(40),
  indications: text(1, 10_000),
  dosage: optionalText(10_000),
  sideEffects: optionalText(10_000),
  contraindications: optionalText(10_000),
  precautions: optionalText(10_000),
  storage: optionalText(2_000),
  countryOfOrigin: text(1, 80), // "Ý" (Italy) is a whole country name
  lowStockThreshold: z.number().int().min(0).max(1_000_000),
  /** #17 refill reminders (ADR 0040): chronic/regular-use flag and usual daily use in base units; absent = unchanged. */
  refillEligible: z.boolean().optional(),
  dailyUseBase: z.number().int().min(1).max(10_000).nullable().optional(),
  visible: z.boolean(),
  units: z.array(ProductUnitInputSchema).min(1, 'Cần ít nhất một đơn vị bán').max(10),
};

export const ProductInputObject = z.object(productInputShape).strict();

export type ProductUnitInput = z.output<typeof ProductUnitInputSchema>;
export type IngredientInput = z.output<typeof IngredientInputSchema>;
export type ManufacturerInput = z.output<typeof ManufacturerInputSchema>;
export type ProductInput = z.output<typeof ProductInputObject>;
/** What a PATCH may send: any subset of the fields (merged onto the current values, then checked as a whole). */
export type ProductPatch = Partial<z.input<typeof ProductInputObject>>;

export interface InputProblem {
  path: (string | number)[];
  message: string;
}

/**
 * The cross-field rules of a whole product input (the schema applies them; the import calls it on merged rows).
 * Returns every problem with its path, Vietnamese message.
 */
export function productInputProblems(p: z.input<typeof ProductInputObject> | ProductInput): InputProblem[] {
  const out: InputProblem[] = [];
  const units = p.units ?? [];
  const live = units.filter((u) => !u.retired);
  const defaults = units.map((u, i) => ({ u, i })).filter(({ u }) => u.isDefault);
  if (defaults.length !== 1) {
    out.push({ path: ['units'], message: defaults.length === 0 ? 'Cần chọn đúng một đơn vị mặc định.' : 'Chỉ được có một đơn vị mặc định.' });
  } else if (defaults[0]!.u.retired) {
    out.push({ path: ['units', defaults[0]!.i, 'retired'], message: 'Đơn vị mặc định không thể ngừng bán.' });
  }
  if (live.length === 0) out.push({ path: ['units'], message: 'Cần ít nhất một đơn vị đang bán.' });
  const names = new Map<string, number>();
  const barcodes = new Map<string, number>();
  const ids = new Set<string>();
  units.forEach((u, i) => {
    const key = normalizeText(u.name).toLocaleLowerCase('vi');
    if (names.has(key)) out.push({ path: ['units', i, 'name'], message: `Tên đơn vị "${normalizeText(u.name)}" bị trùng.` });
    names.set(key, i);
    const bc = u.barcode?.trim();
    if (bc) {
      if (barcodes.has(bc)) out.push({ path: ['units', i, 'barcode'], message: `Mã vạch ${bc} bị trùng.` });
      barcodes.set(bc, i);
    }
    if (u.id) {
      if (ids.has(u.id)) out.push({ path: ['units', i, 'id'], message: 'Đơn vị bị lặp.' });
      ids.add(u.id);
    }
    for (const problem of saleProblems(u, u)) out.push({ path: ['units', i, problem.field], message: problem.message });
  });
  const ings = new Set<string>();
  (p.ingredients ?? []).forEach((g, i) => {
    const key = normalizeText(g.name).toLocaleLowerCase('vi');
    if (ings.has(key)) out.push({ path: ['ingredients', i, 'name'], message: `Hoạt chất "${normalizeText(g.name)}" bị trùng.` });
    ings.add(key);
  });
  if (p.registrationNumber != null && p.registrationNumber.trim() !== '') {
    const problem = registrationNumberProblem(p.registrationNumber);
    if (problem) out.push({ path: ['registrationNumber'], message: problem });
  }
  return out;
}

/** A whole product (create, or an edit merged onto the current values). The SĐK is stored normalised. */
export const ProductInputSchema = ProductInputObject.superRefine((p, ctx) => {
  for (const problem of productInputProblems(p)) ctx.addIssue({ code: 'custom', path: problem.path, message: problem.message });
})
  .transform((p) => ({
    ...p,
    registrationNumber: p.registrationNumber == null || p.registrationNumber.trim() === '' ? null : normalizeRegistrationNumber(p.registrationNumber),
  }))
  .openapi('ProductInput');

/** PATCH body: any non-empty subset of the fields; the route merges it onto the current values and parses the whole. */
export const ProductPatchSchema = z
  .object(productInputShape)
  .partial()
  .strict()
  .refine((b) => Object.keys(b).length > 0, { message: 'Cần ít nhất một trường để cập nhật' })
  .openapi('ProductPatch');

/** The fields of ProductInput, in display order (diffs, exports). */
export const PRODUCT_INPUT_FIELDS = Object.keys(productInputShape) as (keyof ProductInput)[];
