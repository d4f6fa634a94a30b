import { asc, eq } from 'drizzle-orm';
import { drizzle } from 'drizzle-orm/d1';
import * as s from '../db/schema';

export interface Province {
  code: string;
  name: string;
  placeType: string;
  region: 'north' | 'central' | 'south';
}

export class D1LocationRepository {
  private readonly db;
  constructor(d1: D1Database) {
    // No relational `schema`: only the query builder is used, and building the relational config costs ~1 ms per request.
    this.db = drizzle(d1);
  }

  provinces(): Promise<Province[]> {
    return this.db
      .select({ code: s.provinces.code, name: s.provinces.name, placeType: s.provinces.placeType, region: s.provinces.region })
      .from(s.provinces)
      .orderBy(asc(s.provinces.code));
  }

  /** The province and its wards in one round trip; null when the province code is unknown. */
  async wardsOf(provinceCode: string) {
    const [prov, wards] = await this.db.batch([
      this.db.select({ code: s.provinces.code, name: s.provinces.name }).from(s.provinces).where(eq(s.provinces.code, provinceCode)),
      this.db
        .select({ code: s.wards.code, provinceCode: s.wards.provinceCode, name: s.wards.name })
        .from(s.wards)
        .where(eq(s.wards.provinceCode, provinceCode))
        .orderBy(asc(s.wards.nameFolded)),
    ]);
    const p = prov[0];
    return p ? { province: p, wards } : null;
  }
}
