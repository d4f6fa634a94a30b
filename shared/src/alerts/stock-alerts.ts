/**
 * "Báo khi có hàng" (#17, ADR 0040): a shopper's alert for an out-of-stock product. A signed-in shopper's alert is
 * active at once; a guest's waits for the confirmation link sent to the address (status `pending`). When the product's
 * in-stock flag flips 0 → 1 in `product_availability` (ADR 0034), a trigger writes ONE outbox event in the same
 * statement; the consumer emails every active alert of the product once (effect keyed by alert and round) and marks it
 * notified. The trigger's SQL is generated here (`stockAlertTriggerSql`) and the migration holds exactly that SQL.
 */
import { z } from '@hono/zod-openapi';
import { signScoped, verifyScoped } from '../auth/signed';
import { inStockSummarySql, SQLITE_NOW_MS, vietnamDate } from '../catalog/availability';
import { shopVisibleSql } from '../catalog/visibility';
import { ConflictError, NotFoundError, ValidationError } from '../errors';
import { newId } from '../ids';

export const STOCK_ALERT_STATUSES = ['pending', 'active', 'notified', 'unsubscribed'] as const;
export type StockAlertStatus = (typeof STOCK_ALERT_STATUSES)[number];

/** The outbox event the back-in-stock trigger writes (aggregate: the product). */
export const BACK_IN_STOCK_EVENT = 'stock.back_in_stock';
/** The outbox event asking the consumer to send a guest's confirmation link (aggregate: the alert). */
export const ALERT_CONFIRM_EVENT = 'alert.confirm_requested';

/** Rate limit of alert creation (shared decision 2): per IP and per address/account. */
export const STOCK_ALERT_RATE = { action: 'stock-alert.create', perIp: 20, perSubject: 5, windowSeconds: 3600 } as const;
/** A confirmation link lives 7 days; an unsubscribe link (in the back-in-stock email) 180 days. */
export const CONFIRM_TTL_SECONDS = 7 * 86_400;
export const UNSUBSCRIBE_TTL_SECONDS = 180 * 86_400;
/**
 * At most this many alerts are emailed per back-in-stock event delivery; the rest by follow-up events of the product.
 * Sized for one consumer invocation: each alert costs about 2 D1 queries and 1 SendGrid subrequest, and a batch holds
 * up to 10 events (workers/consumer/wrangler.toml): ten large announcements in one batch make 10 × 30 × 3 = 900, under
 * Cloudflare's per-invocation budget of 1,000 (paid plan).
 */
export const ALERTS_PER_EVENT = 30;

export type AlertAction = 'confirm' | 'unsubscribe';
export const alertLink = (secret: string, alertId: string, act: AlertAction, nowSeconds: number) =>
  signScoped(secret, 'stock-alert', alertId, act === 'confirm' ? CONFIRM_TTL_SECONDS : UNSUBSCRIBE_TTL_SECONDS, nowSeconds, { act });
/** The alert id of a genuine, unexpired link made for `act`; null otherwise. */
export async function readAlertLink(secret: string, token: string, act: AlertAction, nowSeconds: number): Promise<string | null> {
  const claims = await verifyScoped(secret, 'stock-alert', token, act === 'confirm' ? CONFIRM_TTL_SECONDS : UNSUBSCRIBE_TTL_SECONDS, nowSeconds);
  return claims && claims.act === act ? claims.sub : null;
}

/** SQL: the back-in-stock trigger (migration 0032 holds exactly this statement). */
export function stockAlertTriggerSql(): string {
  return `CREATE TRIGGER stock_alerts_back_in_stock AFTER UPDATE OF in_stock ON product_availability
  WHEN OLD.in_stock = 0 AND NEW.in_stock = 1 AND EXISTS (SELECT 1 FROM stock_alerts sa WHERE sa.product_id = NEW.product_id AND sa.status = 'active') BEGIN
  INSERT INTO outbox_events (id, type, aggregate_type, aggregate_id, payload, created_at)
  VALUES ('bis' || lower(hex(randomblob(16))), '${BACK_IN_STOCK_EVENT}', 'product', NEW.product_id, json_object('productId', NEW.product_id), ${SQLITE_NOW_MS});
END`;
}

export const StockAlertBodySchema = z
  .object({
    productId: z.string().min(10).max(40),
    email: z.string().trim().toLowerCase().email().max(254).optional().openapi({ description: 'Required for guests (confirmed once by a link); ignored when signed in' }),
  })
  .strict()
  .openapi('StockAlertInput');
export const StockAlertResultSchema = z
  .object({ status: z.enum(['active', 'pending']).openapi({ description: 'active: the email comes when stock arrives; pending: check your inbox to confirm' }) })
  .openapi('StockAlertResult');

/**
 * Subscribes (or re-subscribes: a notified or unsubscribed alert becomes live again in a new round) and returns the
 * status. Refused: unknown/hidden product (404), product in stock (409 PRODUCT_IN_STOCK), guest without email (400).
 */
export async function subscribe(db: D1Database, input: { productId: string; userId: string | null; email?: string }, now: number): Promise<{ id: string; status: 'active' | 'pending'; confirmNeeded: boolean }> {
  const p = await db
    .prepare(
      `SELECT p.id, ${inStockSummarySql('p.id', vietnamDate(now))} AS inStock FROM products p WHERE p.id = ? AND ${shopVisibleSql('p')}`,
    )
    .bind(input.productId)
    .first<{ id: string; inStock: number }>();
  if (!p) throw new NotFoundError('Không tìm thấy sản phẩm.', 'PRODUCT_NOT_FOUND');
  if (p.inStock) throw new ConflictError('Sản phẩm đang còn hàng, bạn có thể đặt mua ngay.', 'PRODUCT_IN_STOCK');
  if (!input.userId && !input.email) throw new ValidationError('Vui lòng nhập email để nhận thông báo.', { field: 'email' }, 'EMAIL_REQUIRED');
  const owner = input.userId ? { col: 'user_id', val: input.userId } : { col: 'email', val: input.email! };
  const status: 'active' | 'pending' = input.userId ? 'active' : 'pending';
  // A live alert stays as it is; an ended one (notified/unsubscribed) starts a new round: active again for an account,
  // pending a new confirmation for a guest address (whoever types an address must not switch its emails back on).
  const row = await db
    .prepare(
      `INSERT INTO stock_alerts (id, product_id, user_id, email, status, round, created_at, confirmed_at, updated_at)
       VALUES (?1, ?2, ?3, ?4, ?5, 1, ?6, CASE WHEN ?5 = 'active' THEN ?6 END, ?6)
       ON CONFLICT (product_id, ${owner.col}) WHERE ${owner.col} IS NOT NULL DO UPDATE SET
         status = CASE WHEN stock_alerts.status IN ('pending', 'active') THEN stock_alerts.status ELSE excluded.status END,
         round = CASE WHEN stock_alerts.status IN ('notified', 'unsubscribed') THEN stock_alerts.round + 1 ELSE stock_alerts.round END,
         updated_at = excluded.updated_at
       RETURNING id, status`,
    )
    .bind(newId(), p.id, input.userId, input.userId ? null : input.email, status, now)
    .first<{ id: string; status: 'active' | 'pending' }>();
  return { id: row!.id, status: row!.status, confirmNeeded: row!.status === 'pending' };
}

/** The outbox statement asking for a guest's confirmation email (payload: the signed link only, no address). */
export function confirmRequestStatement(db: D1Database, alertId: string, token: string, now: number): D1PreparedStatement {
  return db
    .prepare('INSERT INTO outbox_events (id, type, aggregate_type, aggregate_id, payload, created_at) VALUES (?, ?, ?, ?, ?, ?)')
    .bind(newId(), ALERT_CONFIRM_EVENT, 'stock_alert', alertId, JSON.stringify({ token }), now);
}

/** Confirms a guest's alert (idempotent); false when it no longer exists or was unsubscribed. */
export async function confirmAlert(db: D1Database, alertId: string, now: number): Promise<boolean> {
  const r = await db
    .prepare("UPDATE stock_alerts SET status = CASE WHEN status = 'pending' THEN 'active' ELSE status END, confirmed_at = COALESCE(confirmed_at, ?), updated_at = ? WHERE id = ? AND status <> 'unsubscribed' RETURNING id")
    .bind(now, now, alertId)
    .first();
  return r !== null;
}

/** Ends an alert (idempotent); false when it does not exist. */
export async function unsubscribeAlert(db: D1Database, alertId: string, now: number): Promise<boolean> {
  const r = await db.prepare("UPDATE stock_alerts SET status = 'unsubscribed', updated_at = ? WHERE id = ? RETURNING id").bind(now, alertId).first();
  return r !== null;
}
