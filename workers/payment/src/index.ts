import { createRoute, z } from '@hono/zod-openapi';
import { errorEnvelope, errorResponses, createApp } from '@medicare/shared/http/app';
import { UnauthorizedError, ServiceUnavailableError } from '@medicare/shared/errors';
import { D1PaymentRepository, matchStatusFor } from '@medicare/shared/payments/repo.d1';
import { D1CheckoutRepository } from '@medicare/shared/checkout/repo.d1';
import { publishOutbox } from '@medicare/shared/checkout/service';
import { reconcile } from '@medicare/shared/payments/reconcile';
import { paymentStatusView } from '@medicare/shared/payments/status';
import { extractOrderCode, SepayWebhookSchema, verifyApiKey, verifyHmac, type BankConfig, type SepayWebhook } from '@medicare/shared/payments/sepay';

/** Bindings of the payment Worker: only this Worker holds the SePay credentials. */
export interface PaymentBindings {
  DB: D1Database;
  EVENTS: Queue;
  ENVIRONMENT: string;
  DOCS_ASSETS_ORIGIN?: string;
  /** `apikey` (Authorization: Apikey …) or `hmac` (X-SePay-Signature over timestamp + raw body). */
  SEPAY_AUTH_MODE?: string;
  SEPAY_API_KEY?: string;
  SEPAY_WEBHOOK_SECRET?: string;
  BANK_NAME: string;
  BANK_BIN: string;
  BANK_ACCOUNT: string;
  BANK_HOLDER: string;
  /** SePay user API token (secret) for reconciliation; reconciliation is off without it. */
  SEPAY_API_TOKEN?: string;
  SEPAY_API_URL?: string;
}

export const app = createApp<{ Bindings: PaymentBindings }>({
  service: 'payment',
  prefix: '/v1/payments',
  title: 'Medicare Payment API',
  description: 'Bank-transfer payments: payment instructions with VietQR, the SePay webhook and reconciliation.',
});

const webhookRoute = createRoute({
  method: 'post',
  path: '/v1/payments/sepay/webhook',
  tags: ['SePay'],
  summary: 'SePay transaction webhook (authenticated by API key or HMAC; deduplicated on the SePay id)',
  description:
    'Authenticated before anything else; unauthenticated calls are counted and answered 401 with nothing stored. A replayed id answers ' +
    'success without a second effect. Outgoing transfers and transfers to another account are recorded and ignored.',
  request: { body: { required: true, content: { 'application/json': { schema: SepayWebhookSchema } } } },
  responses: {
    200: { description: 'Accepted', content: { 'application/json': { schema: z.object({ success: z.literal(true) }) } } },
    ...errorResponses(400, 401),
  },
});
app.openAPIRegistry.registerPath(webhookRoute);

async function countUnauthenticated(db: D1Database) {
  await db.prepare("INSERT INTO meta (key, value) VALUES ('sepay_unauthenticated', 1) ON CONFLICT (key) DO UPDATE SET value = value + 1").run();
}

// Raw-body route (the HMAC is over the exact bytes), validated with the same zod schema the OpenAPI document shows.
app.post('/v1/payments/sepay/webhook', async (c) => {
  const raw = await c.req.text();
  const mode = c.env.SEPAY_AUTH_MODE ?? 'hmac';
  let authenticated = false;
  if (mode === 'apikey') {
    if (!c.env.SEPAY_API_KEY) throw new ServiceUnavailableError('Chưa cấu hình SePay.', 'SEPAY_NOT_CONFIGURED');
    authenticated = verifyApiKey(c.req.header('authorization'), c.env.SEPAY_API_KEY);
  } else {
    if (!c.env.SEPAY_WEBHOOK_SECRET) throw new ServiceUnavailableError('Chưa cấu hình SePay.', 'SEPAY_NOT_CONFIGURED');
    const r = await verifyHmac(raw, c.req.header('x-sepay-timestamp'), c.req.header('x-sepay-signature'), c.env.SEPAY_WEBHOOK_SECRET, Date.now());
    authenticated = r === 'ok';
    if (r === 'stale') {
      await countUnauthenticated(c.env.DB);
      throw new UnauthorizedError('Webhook quá hạn.', 'STALE_TIMESTAMP');
    }
  }
  if (!authenticated) {
    await countUnauthenticated(c.env.DB);
    return c.json({ success: false, ...errorEnvelope('UNAUTHENTICATED', 'Xác thực webhook không hợp lệ.') }, 401);
  }
  let json: unknown;
  try {
    json = JSON.parse(raw);
  } catch {
    return c.json(errorEnvelope('MALFORMED_JSON', 'Nội dung webhook không phải JSON hợp lệ.'), 400);
  }
  const parsed = SepayWebhookSchema.safeParse(json);
  if (!parsed.success) {
    return c.json(errorEnvelope('VALIDATION_FAILED', 'Dữ liệu webhook không hợp lệ.', { issues: parsed.error.issues.map((i) => ({ path: i.path.join('.'), code: i.code })) }), 400);
  }
  await processTransaction(c.env, parsed.data, 'webhook');
  // order.paid and friends go out through the outbox now; the api cron re-publishes anything that does not.
  c.executionCtx.waitUntil(publishOutbox(new D1CheckoutRepository(c.env.DB), c.env.EVENTS, Date.now()).catch(() => 0));
  return c.json({ success: true as const }, 200);
});

/** One path for every SePay transaction, from the webhook or from reconciliation: match (the one rule), then record with effect. */
export async function processTransaction(env: PaymentBindings, p: SepayWebhook, source: 'webhook' | 'reconciliation') {
  const repo = new D1PaymentRepository(env.DB);
  const code = p.transferType === 'in' ? extractOrderCode(p.code, p.content) : null;
  const order = code ? await repo.orderForPayment(code) : null;
  const status = matchStatusFor({ transferType: p.transferType, ourAccount: p.accountNumber === env.BANK_ACCOUNT }, order);
  return repo.record(p, status === 'ignored' || status === 'unmatched' ? null : order!.id, status, source, Date.now());
}

/** Cron: feed every transaction after the stored cursor through processTransaction, then advance the cursor. */
export async function runReconciliation(env: PaymentBindings) {
  if (!env.SEPAY_API_TOKEN) return { skipped: true as const };
  const cursor = await env.DB.prepare("SELECT value FROM meta WHERE key = 'sepay_since_id'").first<{ value: number }>();
  const result = await reconcile({
    baseUrl: env.SEPAY_API_URL ?? 'https://my.sepay.vn',
    token: env.SEPAY_API_TOKEN,
    accountNumber: env.BANK_ACCOUNT,
    sinceId: cursor?.value ?? 0,
    feed: async (p) => {
      await processTransaction(env, p, 'reconciliation');
    },
  });
  await env.DB.prepare("INSERT INTO meta (key, value) VALUES ('sepay_since_id', ?) ON CONFLICT (key) DO UPDATE SET value = MAX(value, excluded.value)").bind(result.lastId).run();
  return result;
}

/** Internal (service binding from the api Worker only; never forwarded publicly): instructions and status. */
app.get('/internal/orders/:code/payment', async (c) => {
  const row = await new D1PaymentRepository(c.env.DB).paymentStatus(c.req.param('code'));
  if (!row) return c.json(errorEnvelope('ORDER_NOT_FOUND', 'Không tìm thấy đơn hàng.'), 404);
  const bank: BankConfig = { bankName: c.env.BANK_NAME, bankBin: c.env.BANK_BIN, accountNumber: c.env.BANK_ACCOUNT, accountHolder: c.env.BANK_HOLDER };
  return c.json(paymentStatusView(row, bank));
});

export default {
  fetch: app.fetch,
  async scheduled(_controller, env, ctx) {
    ctx.waitUntil(runReconciliation(env).then(() => undefined));
  },
} satisfies ExportedHandler<PaymentBindings>;
