// Types for the seed generator (plain ESM so Node scripts run it directly).
export interface SeedProduct {
  id: string;
  slug: string;
  name: string;
  categoryId: string;
  brandId: string;
  prescriptionRequired: boolean;
  approvalState: string;
  visible: boolean;
  [key: string]: unknown;
}
export interface SeedCatalog {
  today: string;
  categories: Array<{ id: string; parentId: string | null; level: number; slug: string; name: string; path: string; position: number }>;
  brands: Array<{ id: string; slug: string; name: string; country: string | null }>;
  manufacturers: Array<{ id: string; slug: string; name: string; country: string }>;
  ingredients: Array<{ id: string; slug: string; name: string }>;
  products: SeedProduct[];
  productIngredients: Array<{ productId: string; ingredientId: string; strength: string | null; position: number }>;
  units: Array<{ id: string; productId: string; name: string; factor: number; price: number; salePrice: number | null; isDefault: boolean }>;
  images: Array<{ id: string; productId: string; r2Key: string }>;
  batches: Array<{ id: string; productId: string; lotNumber: string; expiryDate: string; quantity: number; reserved: number }>;
  placeholders: Array<{ key: string; shape: string; color: number[] }>;
}
export function buildCatalog(opts?: { today?: string; perLeaf?: number; rxPerLeaf?: number }): SeedCatalog;
export function buildLocations(): {
  provinces: Array<{ code: string; name: string; placeType: string; region: 'north' | 'central' | 'south'; nameFolded: string }>;
  wards: Array<{ code: string; provinceCode: string; name: string; nameFolded: string }>;
  mappings: Array<{ oldWardCode: string; oldWardName: string; oldDistrictName: string; oldProvinceName: string; newWardCode: string }>;
};
export function seedId(kind: string, name: string, timeMs: number): string;
/** The seed's deterministic PRNG (mulberry32; a string seed is hashed first). */
export function rng(seed: number | string): () => number;
