/**
 * What staff read about a product (issue 14): AdminProduct (every ProductInput field with its live, approved value,
 * plus state, stock, the pending revision and the last decision) and the approval queue's shapes.
 */
import { z } from '@hono/zod-openapi';
import { IngredientInputSchema, ManufacturerInputSchema } from './product-input';

const Money = z.number().int().openapi({ description: 'Integer VND' });
const Ms = z.number().int().openapi({ description: 'Milliseconds since the Unix epoch (UTC)' });

export const FieldChangeSchema = z
  .object({
    field: z.string(),
    label: z.string().openapi({ description: 'Vietnamese label of the field' }),
    before: z.unknown().openapi({ description: 'The approved value (null for a new product)' }),
    after: z.unknown().openapi({ description: 'The proposed value' }),
  })
  .openapi('FieldChange');

export const PendingRevisionSchema = z
  .object({
    id: z.string(),
    kind: z.enum(['new', 'edit']),
    submittedAt: Ms,
    submittedByName: z.string().nullable(),
    changes: z.array(FieldChangeSchema),
  })
  .openapi('PendingRevision');

export const DecisionSchema = z
  .object({ state: z.enum(['approved', 'rejected']), note: z.string().nullable(), byName: z.string().nullable(), at: Ms })
  .openapi('ApprovalDecision');

export const AdminUnitSchema = z
  .object({
    id: z.string(),
    name: z.string(),
    factor: z.number().int(),
    price: Money,
    salePrice: Money.nullable(),
    saleStartsAt: Ms.nullable(),
    saleEndsAt: Ms.nullable(),
    weightGrams: z.number().int(),
    barcode: z.string().nullable(),
    isDefault: z.boolean(),
    retired: z.boolean(),
    retiredAt: Ms.nullable(),
  })
  .openapi('AdminProductUnit');

export const AdminProductSchema = z
  .object({
    id: z.string(),
    slug: z.string(),
    name: z.string(),
    shortDescription: z.string(),
    description: z.string().openapi({ description: 'Markdown' }),
    categoryId: z.string(),
    categoryName: z.string(),
    brandId: z.string(),
    brandName: z.string(),
    manufacturer: ManufacturerInputSchema.nullable(),
    registrationNumber: z.string().nullable(),
    prescriptionRequired: z.boolean(),
    specialControl: z.boolean(),
    dosageForm: z.string(),
    packSpec: z.string(),
    baseUnit: z.string(),
    ingredients: z.array(IngredientInputSchema),
    indications: z.string(),
    dosage: z.string().nullable(),
    sideEffects: z.string().nullable(),
    contraindications: z.string().nullable(),
    precautions: z.string().nullable(),
    storage: z.string().nullable(),
    countryOfOrigin: z.string(),
    lowStockThreshold: z.number().int(),
    refillEligible: z.boolean(),
    dailyUseBase: z.number().int().nullable(),
    visible: z.boolean(),
    units: z.array(AdminUnitSchema),
    approvalState: z.enum(['draft', 'pending_review', 'approved', 'rejected']),
    /** THE shop rule (shopVisibleSql) evaluated: whether shoppers see and may buy it now. */
    shopVisible: z.boolean(),
    deletedAt: Ms.nullable(),
    images: z.array(z.object({ id: z.string(), url: z.string(), alt: z.string(), position: z.number().int() })),
    certificate: z.object({ fileName: z.string(), size: z.number().int(), uploadedAt: Ms }).nullable(),
    stock: z.object({ onHand: z.number().int(), reserved: z.number().int(), available: z.number().int() }).openapi({ description: 'Base units; available = non-expired on hand − reserved' }),
    pendingRevision: PendingRevisionSchema.nullable(),
    lastDecision: DecisionSchema.nullable(),
    createdAt: Ms,
    updatedAt: Ms,
  })
  .openapi('AdminProduct');

export type AdminProduct = z.infer<typeof AdminProductSchema>;

export const RevisionSchema = z
  .object({
    id: z.string(),
    productId: z.string(),
    kind: z.enum(['new', 'edit']),
    state: z.enum(['pending', 'approved', 'rejected', 'superseded']),
    submittedAt: Ms,
    submittedByName: z.string().nullable(),
    decidedAt: Ms.nullable(),
    decidedByName: z.string().nullable(),
    note: z.string().nullable(),
  })
  .openapi('ProductRevision');

export type Revision = z.infer<typeof RevisionSchema>;

export const ApprovalQueueItemSchema = z
  .object({
    revisionId: z.string(),
    productId: z.string(),
    productName: z.string(),
    kind: z.enum(['new', 'edit']),
    categoryName: z.string(),
    prescriptionRequired: z.boolean(),
    submittedAt: Ms,
    submittedByName: z.string().nullable(),
    changedFields: z.array(z.string()),
  })
  .openapi('ApprovalQueueItem');

export const ApprovalQueueSchema = z
  .object({
    items: z.array(ApprovalQueueItemSchema),
    nextCursor: z.string().nullable(),
    counts: z.object({ new: z.number().int(), edit: z.number().int() }),
  })
  .openapi('ApprovalQueue');

export const ApprovalDetailSchema = z
  .object({ revision: RevisionSchema, product: AdminProductSchema, changes: z.array(FieldChangeSchema) })
  .openapi('ApprovalDetail');
