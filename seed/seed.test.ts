import { describe, expect, it } from 'vitest';
import { buildCatalog } from './generate.mjs';
import { KNOWN_PRODUCTS } from './known-products.mjs';

const today = '2026-11-25';
const catalog = buildCatalog({ today });
const byName = new Map(catalog.products.map((p) => [p.name, p]));
const catOf = new Map(catalog.categories.map((c) => [c.id, c]));
const product = (name: string) => {
  const p = byName.get(name);
  if (!p) throw new Error(`missing ${name}`);
  return p;
};

describe('seed catalogue', () => {
  it('is deterministic for a given date', () => {
    const again = buildCatalog({ today });
    expect(again.products.map((p) => p.id)).toEqual(catalog.products.map((p) => p.id));
    expect(again.units.map((u) => u.price)).toEqual(catalog.units.map((u) => u.price));
  });

  it('has at least 2,000 products and 150 brands across the six main categories, three levels deep', () => {
    expect(catalog.products.length).toBeGreaterThanOrEqual(2000);
    expect(catalog.brands.length).toBeGreaterThanOrEqual(150);
    expect(new Set(catalog.products.map((p) => p.brandId)).size).toBeGreaterThanOrEqual(150);
    const roots = catalog.categories.filter((c) => c.level === 1).map((c) => c.name);
    expect(roots).toEqual(['Thuốc', 'Thực phẩm chức năng', 'Dược mỹ phẩm', 'Chăm sóc cá nhân', 'Thiết bị y tế', 'Mẹ và bé']);
    for (const p of catalog.products) expect(catOf.get(p.categoryId)?.level).toBe(3);
    expect(new Set(catalog.products.map((p) => p.slug)).size).toBe(catalog.products.length);
  });

  it('makes about 20% of medicines prescription-only, and only medicines', () => {
    const medicines = catalog.products.filter((p) => catOf.get(p.categoryId)?.path.startsWith('/thuoc/'));
    const rx = medicines.filter((p) => p.prescriptionRequired).length / medicines.length;
    expect(rx).toBeGreaterThan(0.15);
    expect(rx).toBeLessThan(0.27);
    const rxOutside = catalog.products.filter((p) => p.prescriptionRequired && !catOf.get(p.categoryId)?.path.startsWith('/thuoc/'));
    expect(rxOutside).toEqual([]);
  });

  it('contains every well-known product with its ingredients and Rx flag', () => {
    const required = ['Panadol Extra', 'Efferalgan 500mg', 'Hapacol 250', 'Augmentin 625mg', 'Glucophage 850mg', 'Diamicron MR 60mg', 'Máy đo huyết áp bắp tay Omron HEM-7121'];
    for (const name of required) expect(byName.has(name), name).toBe(true);
    for (const k of KNOWN_PRODUCTS) {
      const p = product(k.name);
      expect(p.prescriptionRequired, k.name).toBe(Boolean(k.rx));
      const ingredients = catalog.productIngredients.filter((x) => x.productId === p.id);
      expect(ingredients.length, k.name).toBe(k.ing.length);
    }
    const augmentin = product('Augmentin 625mg');
    const ing = catalog.productIngredients.filter((x) => x.productId === augmentin.id).map((x) => x.strength);
    expect(ing).toEqual(['500mg', '125mg']);
  });

  it('sells multi-unit products with one default unit and integer prices', () => {
    const units = catalog.units.filter((u) => u.productId === product('Panadol Extra').id);
    expect(units.map((u) => [u.name, u.factor])).toEqual([['Hộp', 180], ['Vỉ', 12]]);
    const threeUnit = catalog.products.filter((p) => catalog.units.filter((u) => u.productId === p.id).length === 3);
    expect(threeUnit.length).toBeGreaterThan(100);
    for (const p of catalog.products) {
      const us = catalog.units.filter((u) => u.productId === p.id);
      expect(us.filter((u) => u.isDefault)).toHaveLength(1);
      for (const u of us) expect(Number.isInteger(u.price) && u.price > 0).toBe(true);
    }
  });

  it('has 1–4 batches per product, some expired, some near expiry, some out of stock', () => {
    const perProduct = new Map<string, Array<{ expiryDate: string; quantity: number }>>();
    for (const b of catalog.batches) perProduct.set(b.productId, [...(perProduct.get(b.productId) ?? []), b]);
    for (const p of catalog.products) {
      const n = perProduct.get(p.id)?.length ?? 0;
      expect(n).toBeGreaterThanOrEqual(1);
      expect(n).toBeLessThanOrEqual(4);
    }
    const all = [...perProduct.values()];
    const expiredOnly = all.filter((bs) => bs.every((b) => b.expiryDate <= today));
    const near = all.filter((bs) => bs.some((b) => b.expiryDate > today && b.expiryDate <= '2027-01-25' && b.quantity > 0));
    const empty = all.filter((bs) => bs.every((b) => b.quantity === 0));
    expect(expiredOnly.length).toBeGreaterThan(20);
    expect(near.length).toBeGreaterThan(100);
    expect(empty.length).toBeGreaterThan(20);
  });
});
