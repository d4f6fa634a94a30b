import type { SeedCatalog } from './generate.mjs';
export function loadSeed(db: D1Database, opts?: { today?: string; catalog?: SeedCatalog; locations?: boolean }): Promise<{ catalog: SeedCatalog; counts: Record<string, number> }>;
