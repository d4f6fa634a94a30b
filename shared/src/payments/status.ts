/**
 * An order's payment as the shopper polls it (and the server-sent events stream it): built once here by the payment
 * Worker (`paymentStatusView`, the only holder of the bank details) and read back by the api Worker through the service
 * binding with the same schema, so both sides, the OpenAPI document and the web app's client types agree.
 */
import { z } from '@hono/zod-openapi';
import { MoneySchema } from '../catalog/schemas';
import { OrderStatusSchema, PaymentMethodSchema, PaymentStatusSchema } from '../checkout/schemas';
import { paymentInstructions, type BankConfig } from './sepay';

export const PaymentInstructionsSchema = z
  .object({
    bankName: z.string(),
    bankBin: z.string(),
    accountNumber: z.string(),
    accountHolder: z.string(),
    amount: MoneySchema.openapi({ description: 'What is left to transfer (integer VND)' }),
    transferContent: z.string().openapi({ description: 'The order code, to put in the transfer description' }),
    qrImageUrl: z.string().openapi({ description: 'VietQR image (SePay)' }),
    expiresAt: z.number().int().nullable().openapi({ description: 'Payment deadline, Unix time in milliseconds' }),
  })
  .openapi('PaymentInstructions');

export const PaymentStatusViewSchema = z
  .object({
    code: z.string(),
    orderStatus: OrderStatusSchema,
    paymentMethod: PaymentMethodSchema,
    paymentStatus: PaymentStatusSchema,
    total: MoneySchema,
    paidAmount: MoneySchema,
    remaining: MoneySchema,
    instructions: PaymentInstructionsSchema.nullable().openapi({ description: 'Only while a bank-transfer order waits for its transfer' }),
  })
  .openapi('PaymentStatus');
export type PaymentStatusView = z.infer<typeof PaymentStatusViewSchema>;

/** The order columns it is built from (payments/repo.d1.ts `paymentStatus`). */
export type PaymentStatusRow = Pick<PaymentStatusView, 'code' | 'paymentMethod' | 'paymentStatus' | 'total' | 'paidAmount'> & { status: PaymentStatusView['orderStatus']; expiresAt: number | null };

export function paymentStatusView(row: PaymentStatusRow, bank: BankConfig): PaymentStatusView {
  const waiting = row.paymentMethod === 'bank_transfer' && row.status === 'pending_payment';
  return {
    code: row.code,
    orderStatus: row.status,
    paymentMethod: row.paymentMethod,
    paymentStatus: row.paymentStatus,
    total: row.total,
    paidAmount: row.paidAmount,
    remaining: Math.max(0, row.total - row.paidAmount),
    instructions: waiting ? paymentInstructions(bank, row) : null,
  };
}
