/**
 * SePay bank-transfer webhooks, pure: payload schema, the two authentication modes, payment-code extraction,
 * VietQR instructions. See ../shared/reference/integrations.md §1 (SePay docs).
 */
import { z } from '@hono/zod-openapi';
import { timingSafeEqual } from '../auth/crypto';

/** SePay webhook payload (camelCase "SePay webhooks" format, not the older BankHub IPN). */
export const SepayWebhookSchema = z.object({
  id: z.number().int().positive(),
  gateway: z.string().max(100),
  transactionDate: z.string().max(40),
  accountNumber: z.string().max(40),
  subAccount: z.string().max(40).nullable().optional(),
  code: z.string().max(100).nullable().optional(),
  content: z.string().max(1000),
  transferType: z.enum(['in', 'out']),
  transferAmount: z.number().int().nonnegative().max(100_000_000_000),
  accumulated: z.number().optional(),
  referenceCode: z.string().max(100).nullable().optional(),
  description: z.string().max(2000).nullable().optional(),
});
export type SepayWebhook = z.infer<typeof SepayWebhookSchema>;

const enc = new TextEncoder();
const toHex = (b: Uint8Array) => [...b].map((x) => x.toString(16).padStart(2, '0')).join('');

/** `Authorization: Apikey <key>` compared in constant time. */
export function verifyApiKey(header: string | undefined, key: string): boolean {
  if (!header || !key) return false;
  const m = /^Apikey\s+(.+)$/i.exec(header.trim());
  if (!m) return false;
  return timingSafeEqual(enc.encode(m[1]!.trim()), enc.encode(key));
}

export const HMAC_WINDOW_SECONDS = 300;

export async function hmacSignature(secret: string, timestamp: string, rawBody: string): Promise<string> {
  const key = await crypto.subtle.importKey('raw', enc.encode(secret), { name: 'HMAC', hash: 'SHA-256' }, false, ['sign']);
  return `sha256=${toHex(new Uint8Array(await crypto.subtle.sign('HMAC', key, enc.encode(`${timestamp}.${rawBody}`))))}`;
}

/** HMAC-SHA256 over `"{timestamp}.{rawBody}"` in `X-SePay-Signature`, with a 5-minute timestamp window. */
export async function verifyHmac(rawBody: string, timestamp: string | undefined, signature: string | undefined, secret: string, nowMs: number): Promise<'ok' | 'stale' | 'bad'> {
  if (!timestamp || !signature || !secret || !/^\d{9,13}$/.test(timestamp)) return 'bad';
  const tsMs = timestamp.length > 10 ? Number(timestamp) : Number(timestamp) * 1000;
  if (Math.abs(nowMs - tsMs) > HMAC_WINDOW_SECONDS * 1000) return 'stale';
  const expected = await hmacSignature(secret, timestamp, rawBody);
  return timingSafeEqual(enc.encode(signature.trim().toLowerCase()), enc.encode(expected)) ? 'ok' : 'bad';
}

const ORDER_CODE_IN_TEXT = /MC[0-9A-HJKMNP-TV-Z]{8}/;

/** The order code from SePay's extracted `code`, else from the transfer content (spaces and dashes removed). */
export function extractOrderCode(code: string | null | undefined, content: string): string | null {
  for (const text of [code ?? '', content.toUpperCase(), content.toUpperCase().replace(/[\s.\-_]/g, '')]) {
    const m = ORDER_CODE_IN_TEXT.exec(text.toUpperCase());
    if (m) return m[0];
  }
  return null;
}

export interface BankConfig {
  bankName: string;
  bankBin: string;
  accountNumber: string;
  accountHolder: string;
}

/** What the shopper needs to pay by bank transfer, with SePay's dynamic QR image (VietQR). */
export function paymentInstructions(bank: BankConfig, order: { code: string; total: number; paidAmount: number; expiresAt: number | null }) {
  const amount = Math.max(0, order.total - order.paidAmount);
  const qr = new URL('https://qr.sepay.vn/img');
  qr.searchParams.set('acc', bank.accountNumber);
  qr.searchParams.set('bank', bank.bankName);
  qr.searchParams.set('amount', String(amount));
  qr.searchParams.set('des', order.code);
  return {
    bankName: bank.bankName,
    bankBin: bank.bankBin,
    accountNumber: bank.accountNumber,
    accountHolder: bank.accountHolder,
    amount,
    transferContent: order.code,
    qrImageUrl: qr.toString(),
    expiresAt: order.expiresAt,
  };
}

/** Raw payload as stored: the bank's free-text notification (may carry the payer's name) is dropped. */
export function redactedRaw(p: SepayWebhook): string {
  const { description: _d, ...rest } = p;
  return JSON.stringify(rest);
}
