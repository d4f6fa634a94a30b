/**
 * Products sheet ⇄ ProductInput (#14, ADR 0028). One row is one product: units/prices and ingredients are JSON cells
 * (as in the original template), the category is its three names, the brand its name. A row becomes a ProductInput
 * parsed by the model's ProductInputSchema, so an import row and a console form are refused by the same rules; every
 * problem comes back as { column, message } in Vietnamese. Export writes the same cells back (`productToCells`), so
 * export → import is a no-op.
 */
import type { z } from '@hono/zod-openapi';
import { ProductInputSchema, type ProductInput } from '../product-input';
import type { ProductLabel } from '../ports';
import type { Cells } from './columns';
import type { SheetValue } from './sheet';

export interface RowProblem {
  column: string;
  message: string;
}

/** The product as an export reads it (live values) and as an import compares against it. */
export interface ExportProduct extends ProductLabel {
  id: string;
  prescriptionRequired: boolean;
  specialControl: boolean;
  visible: boolean;
  lowStockThreshold: number;
  brandName: string;
  categoryNames: [string, string, string];
  manufacturer: { name: string; address: string | null; country: string } | null;
  ingredients: Array<{ name: string; strength: string | null }>;
  units: Array<{ id: string; name: string; factor: number; price: number; salePrice: number | null; saleStartsAt: number | null; saleEndsAt: number | null; weightGrams: number; barcode: string | null; isDefault: boolean }>;
  imageUrls: string[];
  certificateFileName: string | null;
}

/** Lookups a row needs: category by its names, brand by name, the current product by slug (for unit ids). */
export interface RowLookups {
  categoryId(names: [string, string, string]): string | null;
  brandId(name: string): string | null;
  existingUnitId(slug: string, unitName: string): string | undefined;
}

// ----- cell formats -----

const VN_OFFSET_MS = 7 * 3_600_000;
const pad = (n: number, w = 2) => String(n).padStart(w, '0');

/** Epoch ms → Vietnam wall time: `YYYY-MM-DD` at midnight, `YYYY-MM-DD HH:mm` on a whole minute, else full ISO. */
export function formatVnTime(ms: number): string {
  const d = new Date(ms + VN_OFFSET_MS);
  const date = `${d.getUTCFullYear()}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())}`;
  if (ms % 60_000 !== 0) return new Date(ms).toISOString();
  if (d.getUTCHours() === 0 && d.getUTCMinutes() === 0) return date;
  return `${date} ${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}`;
}

/** The inverse of formatVnTime (wall times are Vietnam time); null when not a date. */
export function parseVnTime(text: string): number | null {
  const m = /^(\d{4})-(\d{2})-(\d{2})(?:[ T](\d{2}):(\d{2})(?::(\d{2}))?)?$/.exec(text.trim());
  if (m) {
    const [, y, mo, d, h = '0', mi = '0', s = '0'] = m;
    const ms = Date.UTC(+y!, +mo! - 1, +d!, +h, +mi, +s) - VN_OFFSET_MS;
    const back = new Date(ms + VN_OFFSET_MS);
    return back.getUTCDate() === +d! && back.getUTCMonth() === +mo! - 1 ? ms : null;
  }
  if (!/^\d{4}-\d{2}-\d{2}T/.test(text)) return null;
  const ms = Date.parse(text);
  return Number.isNaN(ms) ? null : ms;
}

const YES = new Set(['có', 'co', 'x', '1', 'true', 'yes', 'y']);
const NO = new Set(['không', 'khong', '0', 'false', 'no', 'n', '']);
export const yesNo = (b: boolean) => (b ? 'Có' : 'Không');

function parseBool(text: string): boolean | undefined {
  const t = text.normalize('NFC').trim().toLowerCase();
  return YES.has(t) ? true : NO.has(t) ? false : undefined;
}

function parseInteger(text: string): number | undefined {
  const t = text.replace(/[.\s]/g, '');
  return /^-?\d+$/.test(t) ? Number(t) : undefined;
}

/** Name keys for lookups: NFC, case and spacing folded. */
export const nameKey = (s: string) => s.normalize('NFC').trim().replace(/\s+/g, ' ').toLocaleLowerCase('vi');

// ----- row → input -----

/** Which column a ProductInput field came from (errors name the column staff see). */
const FIELD_COLUMN: Record<string, string> = {
  name: 'product_name',
  slug: 'slug',
  shortDescription: 'description',
  description: 'full_descriptions',
  categoryId: 'main_category_name',
  brandId: 'brand',
  manufacturer: 'manufacture_name',
  registrationNumber: 'registration_number',
  prescriptionRequired: 'prescription_required',
  specialControl: 'special_control',
  dosageForm: 'dosage_form',
  packSpec: 'pack_spec',
  baseUnit: 'base_unit',
  ingredients: 'ingredients',
  indications: 'uses',
  dosage: 'dosage',
  sideEffects: 'side_effects',
  contraindications: 'contraindications',
  precautions: 'precautions',
  storage: 'storage',
  countryOfOrigin: 'origin',
  lowStockThreshold: 'low_stock_threshold',
  visible: 'visible',
  units: 'prices',
};

const UNIT_KEYS: Record<string, string> = { name: 'unit', factor: 'factor', price: 'price', salePrice: 'sale_price', saleStartsAt: 'sale_starts', saleEndsAt: 'sale_ends', weightGrams: 'weight', barcode: 'barcode', isDefault: 'default' };

function issueMessage(issue: z.core.$ZodIssue): string {
  // The model's own messages are Vietnamese; zod's defaults are not: say it in Vietnamese here.
  if (issue.code === 'custom' || /[^\x00-\x7F]/.test(issue.message)) return issue.message;
  const where = issue.path.length > 2 && issue.path[0] === 'units' ? ` (đơn vị thứ ${Number(issue.path[1]) + 1}, "${UNIT_KEYS[String(issue.path[2])] ?? String(issue.path[2])}")` : '';
  switch (issue.code) {
    case 'too_small':
      return `Giá trị quá ngắn hoặc quá nhỏ${where}.`;
    case 'too_big':
      return `Giá trị quá dài hoặc quá lớn${where}.`;
    case 'invalid_type':
      return `Thiếu giá trị hoặc sai kiểu dữ liệu${where}.`;
    case 'invalid_format':
      return `Sai định dạng${where}.`;
    default:
      return `Giá trị không hợp lệ${where}.`;
  }
}

const opt = (cells: Cells, key: string) => (key in cells ? cells[key]! : undefined);

/**
 * One products-sheet row → a parsed ProductInput, or its problems. `current` is the product this row updates (same
 * slug), whose values fill columns the file does not have at all; an empty cell means empty.
 */
export function cellsToInput(cells: Cells, lookups: RowLookups, current: ExportProduct | null): { input: ProductInput | null; slug: string; problems: RowProblem[] } {
  const problems: RowProblem[] = [];
  const add = (column: string, message: string) => problems.push({ column, message });
  const slug = rowSlug(cells);

  const bool = (key: string, fallback: boolean) => {
    const v = opt(cells, key);
    if (v === undefined) return fallback;
    const b = parseBool(v);
    if (b === undefined) add(key, 'Chỉ nhận Có hoặc Không.');
    return b ?? fallback;
  };
  const textOf = (key: string, fallback: string | null) => opt(cells, key) ?? fallback ?? '';

  // Units: JSON array.
  let units: unknown[] = [];
  const pricesText = opt(cells, 'prices');
  if (pricesText === undefined || pricesText === '') add('prices', 'Cần nhập đơn vị bán và giá (JSON).');
  else {
    const parsed = parseJsonArray(pricesText);
    if (!parsed) add('prices', 'Cột prices phải là mảng JSON, ví dụ [{"unit":"Hộp","factor":10,"price":50000,"weight":100,"default":true}].');
    else {
      units = parsed.map((u, i) => {
        if (!u || typeof u !== 'object') {
          add('prices', `Đơn vị thứ ${i + 1} phải là một đối tượng JSON.`);
          return {};
        }
        const o = u as Record<string, unknown>;
        const time = (k: string) => {
          const v = o[k];
          if (v === undefined || v === null || v === '') return null;
          const ms = typeof v === 'number' ? v : parseVnTime(String(v));
          if (ms === null) add('prices', `Đơn vị thứ ${i + 1}: "${k}" phải là ngày YYYY-MM-DD hoặc YYYY-MM-DD HH:mm.`);
          return ms;
        };
        const name = typeof o.unit === 'string' ? o.unit.trim() : o.unit;
        const unitId = typeof name === 'string' ? lookups.existingUnitId(slug, name) : undefined;
        return {
          ...(unitId ? { id: unitId } : {}),
          name,
          factor: o.factor,
          price: o.price,
          salePrice: o.sale_price ?? null,
          saleStartsAt: time('sale_starts'),
          saleEndsAt: time('sale_ends'),
          weightGrams: o.weight,
          barcode: o.barcode === undefined || o.barcode === '' ? null : o.barcode,
          isDefault: o.default === true || o.default === 1 || (typeof o.default === 'string' && parseBool(o.default) === true),
        };
      });
    }
  }

  let ingredients: unknown[] = current?.ingredients ?? [];
  const ingText = opt(cells, 'ingredients');
  if (ingText !== undefined) {
    if (ingText === '') ingredients = [];
    else {
      const parsed = parseJsonArray(ingText);
      if (!parsed) {
        add('ingredients', 'Cột ingredients phải là mảng JSON, ví dụ [{"name":"Paracetamol","strength":"500mg"}].');
        ingredients = [];
      } else ingredients = parsed.map((g) => (g && typeof g === 'object' ? { name: (g as Record<string, unknown>).name, strength: (g as Record<string, unknown>).strength ?? null } : { name: g }));
    }
  }

  // Category by its three names.
  const names: [string, string, string] = [
    textOf('main_category_name', current?.categoryNames[0] ?? null).trim(),
    textOf('sub_category_name', current?.categoryNames[1] ?? null).trim(),
    textOf('child_category_name', current?.categoryNames[2] ?? null).trim(),
  ];
  let categoryId = '';
  if (!names[0]) add('main_category_name', 'Cần nhập danh mục cấp 1.');
  else {
    categoryId = lookups.categoryId(names) ?? '';
    if (!categoryId) add(names[2] ? 'child_category_name' : names[1] ? 'sub_category_name' : 'main_category_name', `Không tìm thấy danh mục "${names.filter(Boolean).join(' › ')}".`);
  }
  const brandName = textOf('brand', current?.brandName ?? null).trim();
  let brandId = '';
  if (!brandName) add('brand', 'Cần nhập thương hiệu.');
  else {
    brandId = lookups.brandId(brandName) ?? '';
    if (!brandId) add('brand', `Không tìm thấy thương hiệu "${brandName}".`);
  }

  const mName = textOf('manufacture_name', current?.manufacturer?.name ?? null).trim();
  const manufacturer = mName
    ? { name: mName, address: textOf('manufacture_address', current?.manufacturer?.address ?? null).trim() || null, country: textOf('manufacture_country', current?.manufacturer?.country ?? null).trim() }
    : null;
  if (manufacturer && !manufacturer.country) add('manufacture_country', 'Cần nhập quốc gia của nhà sản xuất.');

  let lowStockThreshold = current?.lowStockThreshold ?? 10;
  const lst = opt(cells, 'low_stock_threshold');
  if (lst !== undefined && lst !== '') {
    const n = parseInteger(lst);
    if (n === undefined || n < 0) add('low_stock_threshold', 'Ngưỡng cảnh báo phải là số nguyên không âm.');
    else lowStockThreshold = n;
  }

  for (const key of ['images_1', 'images_2', 'images_3', 'images_4', 'images_5', 'images_6', 'images_7', 'images_8', 'images_primary']) {
    const v = opt(cells, key);
    if (v && !/^https?:\/\/\S+$|^\/v1\/images\/\S+$/.test(v)) add(key, 'Ảnh phải là đường dẫn http(s).');
  }

  const raw = {
    name: textOf('product_name', current?.name ?? null),
    slug,
    shortDescription: textOf('description', current?.shortDescription ?? null),
    description: textOf('full_descriptions', current?.description ?? null),
    categoryId,
    brandId,
    manufacturer,
    registrationNumber: textOf('registration_number', current?.registrationNumber ?? null).trim() || null,
    prescriptionRequired: bool('prescription_required', current?.prescriptionRequired ?? false),
    specialControl: bool('special_control', current?.specialControl ?? false),
    dosageForm: textOf('dosage_form', current?.dosageForm ?? null),
    packSpec: textOf('pack_spec', current?.packSpec ?? null),
    baseUnit: textOf('base_unit', current?.baseUnit ?? null),
    ingredients,
    indications: textOf('uses', current?.indications ?? null),
    dosage: textOf('dosage', current?.dosage ?? null),
    sideEffects: textOf('side_effects', current?.sideEffects ?? null),
    contraindications: textOf('contraindications', current?.contraindications ?? null),
    precautions: textOf('precautions', current?.precautions ?? null),
    storage: textOf('storage', current?.storage ?? null),
    countryOfOrigin: textOf('origin', current?.countryOfOrigin ?? null),
    lowStockThreshold,
    visible: bool('visible', current?.visible ?? true),
    units,
  };
  const parsed = ProductInputSchema.safeParse(raw);
  if (!parsed.success) {
    for (const issue of parsed.error.issues) {
      const field = String(issue.path[0] ?? '');
      let column = FIELD_COLUMN[field] ?? 'product_name';
      if (field === 'manufacturer') column = issue.path[1] === 'address' ? 'manufacture_address' : issue.path[1] === 'country' ? 'manufacture_country' : 'manufacture_name';
      // The lookups above already said what is wrong with a category or brand.
      if ((field === 'categoryId' && !categoryId) || (field === 'brandId' && !brandId)) continue;
      if (field === 'manufacturer' && issue.path[1] === 'country' && manufacturer && !manufacturer.country) continue;
      if (!problems.some((p) => p.column === column && p.message === issueMessage(issue))) add(column, issueMessage(issue));
    }
  }
  return { input: problems.length ? null : (parsed.data ?? null), slug, problems };
}

function parseJsonArray(text: string): unknown[] | null {
  try {
    const v: unknown = JSON.parse(text);
    return Array.isArray(v) ? v : null;
  } catch {
    return null;
  }
}

/** The product a row is about: its slug cell, else the slug its name gives (re-import updates by slug). */
export function rowSlug(cells: Cells): string {
  return (cells.slug ?? '').trim() || slugifyName(cells.product_name ?? '');
}

function slugifyName(name: string): string {
  return name
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/[đĐ]/g, 'd')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 120)
    .replace(/-+$/, '');
}

// ----- product → row -----

export function productToCells(p: ExportProduct): Record<string, SheetValue> {
  const images = p.imageUrls;
  const row: Record<string, SheetValue> = {
    product_name: p.name,
    name_primary: '',
    prices: JSON.stringify(
      p.units.map((u) => ({
        unit: u.name,
        factor: u.factor,
        price: u.price,
        ...(u.salePrice != null ? { sale_price: u.salePrice } : {}),
        ...(u.saleStartsAt != null ? { sale_starts: formatVnTime(u.saleStartsAt) } : {}),
        ...(u.saleEndsAt != null ? { sale_ends: formatVnTime(u.saleEndsAt) } : {}),
        weight: u.weightGrams,
        ...(u.barcode ? { barcode: u.barcode } : {}),
        default: u.isDefault,
      })),
    ),
    ingredients: JSON.stringify(p.ingredients.map((g) => ({ name: g.name, strength: g.strength ?? '' }))),
    slug: p.slug,
    description: p.shortDescription,
    full_descriptions: p.description,
    origin: p.countryOfOrigin,
    uses: p.indications,
    dosage: p.dosage ?? '',
    side_effects: p.sideEffects ?? '',
    precautions: p.precautions ?? '',
    storage: p.storage ?? '',
    dosage_form: p.dosageForm,
    brand: p.brandName,
    prescription_required: yesNo(p.prescriptionRequired),
    registration_number: p.registrationNumber ?? '',
    main_category_name: p.categoryNames[0],
    sub_category_name: p.categoryNames[1],
    child_category_name: p.categoryNames[2],
    manufacture_name: p.manufacturer?.name ?? '',
    manufacture_address: p.manufacturer?.address ?? '',
    manufacture_contact: '',
    images_primary: images[0] ?? '',
    certificate_file: p.certificateFileName ?? '',
    contraindications: p.contraindications ?? '',
    pack_spec: p.packSpec,
    base_unit: p.baseUnit,
    special_control: yesNo(p.specialControl),
    manufacture_country: p.manufacturer?.country ?? '',
    low_stock_threshold: p.lowStockThreshold,
    visible: yesNo(p.visible),
  };
  images.slice(1, 9).forEach((u, i) => (row[`images_${i + 1}`] = u));
  return row;
}
