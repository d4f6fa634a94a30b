/**
 * The one place an import row becomes the model's product save (planProductSave, product-write.d1.ts): new products
 * go to pharmacist approval, a row equal to the live product plans nothing.
 */
import type { ProductInput } from '../product-input';
import type { ChunkActor } from './rows.d1';

export interface RowSavePlan {
  statements: D1PreparedStatement[];
  changed: boolean;
}

export async function planProductRow(_d: D1Database, _a: { existingId: string | null; input: ProductInput; actor: ChunkActor; now: number }): Promise<RowSavePlan> {
  throw new Error('planProductSave has not landed yet');
}
