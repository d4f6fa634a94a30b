/**
 * The one place an import row becomes the model's product save (planProductSave, product-write.d1.ts): a new product
 * goes to pharmacist approval like one made in the console, a medical edit becomes a pending revision, a row equal to
 * the live product plans nothing. The model's refusals (a barcode of another product…) become the row's problems.
 */
import { AppError } from '../../errors';
import type { ProductInput } from '../product-input';
import { loadProductForWrite, planProductSave } from '../product-write.d1';
import type { RowProblem } from './products';
import type { ChunkActor } from './rows.d1';

export interface RowSavePlan {
  statements: D1PreparedStatement[];
  changed: boolean;
  problems: RowProblem[];
}

const CODE_COLUMN: Record<string, string> = {
  CATEGORY_NOT_FOUND: 'main_category_name',
  CATEGORY_NOT_LEAF: 'child_category_name',
  BRAND_NOT_FOUND: 'brand',
  BARCODE_TAKEN: 'prices',
  UNIT_NOT_FOUND: 'prices',
  DEFAULT_UNIT_REQUIRED: 'prices',
  DUPLICATE_INGREDIENT: 'ingredients',
  SLUG_TAKEN: 'slug',
};

export async function planProductRow(d: D1Database, a: { existingId: string | null; input: ProductInput; actor: ChunkActor; now: number }): Promise<RowSavePlan> {
  try {
    const existing = a.existingId ? await loadProductForWrite(d, a.existingId) : null;
    const plan = await planProductSave(d, { existing, input: a.input, actor: a.actor, now: a.now });
    return { statements: plan.statements, changed: plan.changed, problems: [] };
  } catch (e) {
    if (!(e instanceof AppError) || e.status >= 500) throw e;
    return { statements: [], changed: false, problems: [{ column: CODE_COLUMN[e.code] ?? 'product_name', message: e.message }] };
  }
}
