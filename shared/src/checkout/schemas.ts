/**
 * What the checkout and order routes answer, as zod schemas: the OpenAPI document, the routes' compile-time check
 * (`@hono/zod-openapi` types each handler's `c.json` against its route's schema) and the web app's `hono/client` types
 * all come from here. The builders type their results with these: `presentLine` / `present` (service.ts) → `QuoteLine` /
 * `Quote`, `orderView` (service.ts) → `OrderView`, `listOrders` (repo.d1.ts) → `OrderSummary`, `forOrder`
 * (shipping/repo.d1.ts) → `Delivery`. A field added to a builder but not here (or the other way round) is a type error.
 */
import { z } from '@hono/zod-openapi';
import { ORDER_STATUSES, orderEvents, orders } from '../db/schema';
import { MoneySchema } from '../catalog/schemas';
import { DeliverySchema } from '../shipping/schemas';
import { LINE_MESSAGES, type LineProblem } from './pricing';
import { VOUCHER_MESSAGES, type VoucherProblem } from './vouchers';

const keys = <K extends string>(r: Record<K, unknown>) => Object.keys(r) as [K, ...K[]];

export const OrderStatusSchema = z.enum(ORDER_STATUSES).openapi('OrderStatus');
export const PaymentMethodSchema = z.enum(orders.paymentMethod.enumValues).openapi('PaymentMethod');
export const PaymentStatusSchema = z.enum(orders.paymentStatus.enumValues).openapi('PaymentStatus');
const Millis = z.number().int().openapi({ description: 'Unix time in milliseconds' });

/** A line as the shopper sees it, priced now (cart and checkout alike): a problem line counts 0 in the totals. */
export const QuoteLineSchema = z
  .object({
    unitId: z.string(),
    productSlug: z.string().nullable(),
    productName: z.string().nullable(),
    unitName: z.string().nullable(),
    image: z.string().nullable(),
    quantity: z.number().int(),
    unitPrice: MoneySchema,
    listPrice: MoneySchema,
    lineTotal: MoneySchema,
    available: z.number().int().openapi({ description: 'Whole units of this selling unit that could still be bought' }),
    problem: z.object({ code: z.enum(keys<LineProblem>(LINE_MESSAGES)), message: z.string() }).nullable(),
    quoteItemId: z.string().nullable().openapi({ description: "#15: the pharmacist's quote item pricing this line (send it back in the checkout items); null when none or expired" }),
    quoteExpiresAt: Millis.nullable().openapi({ description: '#15: until when the quoted price holds' }),
  })
  .openapi('QuoteLine');
export type QuoteLine = z.infer<typeof QuoteLineSchema>;

const VoucherRefusal = z.enum([...keys<VoucherProblem>(VOUCHER_MESSAGES), 'VOUCHER_NOT_FOUND', 'VOUCHER_DUPLICATE_KIND']);

const TotalsShape = { subtotal: MoneySchema, shippingFee: MoneySchema, orderDiscount: MoneySchema, shippingDiscount: MoneySchema, total: MoneySchema };

export const QuoteSchema = z
  .object({
    lines: z.array(QuoteLineSchema),
    vouchers: z.array(
      z.object({
        code: z.string(),
        kind: z.enum(['order', 'shipping']).nullable(),
        discount: MoneySchema,
        problem: z.object({ code: VoucherRefusal, message: z.string() }).nullable(),
      }),
    ),
    shipping: z.object({ fee: MoneySchema, freeShipping: z.boolean(), estimatedDays: z.object({ min: z.number().int(), max: z.number().int() }) }),
    ...TotalsShape,
    ok: z.boolean().openapi({ description: 'false while a line or a voucher has a problem (placing the order would answer 422)' }),
  })
  .openapi('Quote');
export type Quote = z.infer<typeof QuoteSchema>;

const Place = z.object({ code: z.string(), name: z.string() });

/** One order as its owner (or a guest with proof) sees it. */
export const OrderViewSchema = z
  .object({
    code: z.string(),
    status: OrderStatusSchema,
    statusLabel: z.string(),
    paymentMethod: PaymentMethodSchema,
    paymentStatus: PaymentStatusSchema,
    ...TotalsShape,
    paidAmount: MoneySchema,
    expiresAt: Millis.nullable().openapi({ description: 'Payment deadline of a bank-transfer order' }),
    createdAt: Millis,
    recipient: z.object({ name: z.string(), phone: z.string(), email: z.string().nullable(), street: z.string(), ward: Place, province: Place }),
    note: z.string().nullable(),
    lines: z.array(
      z.object({ productName: z.string(), productSlug: z.string(), unitName: z.string(), unitPrice: MoneySchema, quantity: z.number().int(), lineTotal: MoneySchema, image: z.string().nullable() }),
    ),
    timeline: z.array(
      z.object({
        status: OrderStatusSchema,
        label: z.string(),
        actor: z.enum(orderEvents.actorType.enumValues),
        note: z.string().nullable(),
        at: Millis,
      }),
    ),
    canCancel: z.boolean(),
  })
  .openapi('Order');
export type OrderView = z.infer<typeof OrderViewSchema>;

/** The order with its shipments and their carrier events (order detail, guest lookup, cancel). */
export const OrderDetailSchema = OrderViewSchema.extend({ delivery: DeliverySchema }).openapi('OrderDetail');
export type OrderDetail = z.infer<typeof OrderDetailSchema>;

/** A row of "my orders". */
export const OrderSummarySchema = z
  .object({
    code: z.string(),
    status: OrderStatusSchema,
    paymentMethod: PaymentMethodSchema,
    paymentStatus: PaymentStatusSchema,
    total: MoneySchema,
    createdAt: Millis,
    lineCount: z.number().int(),
  })
  .openapi('OrderSummary');
export type OrderSummary = z.infer<typeof OrderSummarySchema>;

export const OrderListSchema = z.object({ items: z.array(OrderSummarySchema), nextCursor: z.string().nullable() }).openapi('OrderList');
