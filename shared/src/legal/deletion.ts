/**
 * Account deletion at the owner's request (#17 legal, ADR 0041; Decree 13/2023/NĐ-CP art. 16). ONE owner of what
 * deletion does, applied in ONE D1 batch so an account is never half-deleted:
 *
 * - the account: email → `deleted-<id>@deleted.invalid`, name → "Tài khoản đã xóa", phone and password removed,
 *   status deactivated, `deleted_at` set: it can no longer sign in (no password; the old address is free again);
 * - sessions revoked, one-time codes dropped, address book and cart deleted;
 * - orders and their lines and money are kept (accounting documents, 10 years: Law on Accounting 88/2015/QH13 art. 41).
 *   An order with an issued invoice keeps the buyer's name and delivery address, as printed on the invoice; its phone,
 *   email and note are cleared. An order never invoiced (never paid) keeps no personal field at all;
 * - consultations (health data): symptoms, note and contact phone cleared, prescription files deleted (rows here, R2
 *   objects by the caller after the batch); the products asked about and the pharmacist's decision are kept;
 *   counter reservations never dispensed lose name and phone (dispensed ones are the pharmacy's sales record);
 * - chats: the customer's name, phone, transcript address and own messages are cleared;
 * - product questions deleted (health data); reviews not published deleted with their photos; published reviews kept
 *   as product information under the anonymised name; stock alerts (also those made as a guest with the account's address), refill reminders and recently viewed deleted;
 * - consents and the audit trail are kept (ids and times, no personal data).
 *
 * Refused (409 ACCOUNT_HAS_OPEN_ACTIVITY) while an order is in progress or owes the shopper money, or a consultation,
 * counter reservation or chat is open: those need a reachable customer. Staff accounts are deactivated by an admin instead.
 */
import { z } from '@hono/zod-openapi';
import { auditStatement } from '../audit/write.d1';
import { verifyPassword } from '../auth/crypto';
import { enforce, type RateLimiter } from '../auth/ratelimit';
import { ConflictError, ForbiddenError, NotFoundError, UnprocessableError } from '../errors';
import type { Principal } from '../http/auth';
import { awaitsRefundSql } from '../orders/money';
import { TERMINAL, UNFULFILLED } from '../orders/state';

export const DeletionRequestSchema = z.object({ password: z.string().min(1).max(128) }).strict().openapi('AccountDeletionRequest');
export const DeletionResultSchema = z
  .object({ message: z.string(), deletedAt: z.number().int(), ordersKept: z.number().int().openapi({ description: 'Orders kept as accounting records (personal fields reduced)' }) })
  .openapi('AccountDeletion');

export const DELETED_NAME = 'Tài khoản đã xóa';
export const deletedEmail = (userId: string) => `deleted-${userId.toLowerCase()}@deleted.invalid`;

const list = (s: Iterable<string>) => [...s].map((x) => `'${x}'`).join(', ');
/** SQL: order `o` still needs its customer (in progress, or money owed back): the order rules' own sets. */
export const openOrderSql = (o = 'orders') => `(${o}.status NOT IN (${list(new Set([...TERMINAL, ...UNFULFILLED]))}) OR ${awaitsRefundSql(o)})`;
const OPEN_CONSULTATIONS = ['submitted', 'in_review'];

/** What keeps an account from being deleted now: open orders, consultations, reservations, chats (codes only). */
async function openActivity(db: D1Database, userId: string) {
  const [orders, consultations, pickups, chats] = await db.batch([
    db.prepare(`SELECT code FROM orders WHERE user_id = ? AND ${openOrderSql()} ORDER BY created_at`).bind(userId),
    db.prepare(`SELECT code FROM consultations WHERE user_id = ? AND status IN (${list(OPEN_CONSULTATIONS)}) ORDER BY created_at`).bind(userId),
    db.prepare("SELECT p.code FROM pickup_reservations p JOIN consultations c ON c.id = p.consultation_id WHERE c.user_id = ? AND p.status = 'reserved'").bind(userId),
    db.prepare("SELECT id FROM conversations WHERE user_id = ? AND status <> 'closed'").bind(userId),
  ]);
  const codes = (r: D1Result | undefined) => (r!.results as Array<{ code: string }>).map((x) => x.code);
  return { orders: codes(orders), consultations: codes(consultations), pickups: codes(pickups), chats: chats!.results.length };
}

/**
 * Checks the password, then anonymises the account in one batch. Every statement after the account's own UPDATE is
 * conditioned on that UPDATE having happened (`deleted_at` = this request's time), and the UPDATE itself re-checks
 * that nothing opened meanwhile, so a race with a new order leaves the account untouched.
 * Returns the prescription-file keys to delete from R2.
 */
export async function requestDeletion(db: D1Database, limiter: RateLimiter, principal: Principal, password: string, now: number) {
  const userId = principal.userId;
  await enforce(limiter, now, [['account-delete:user', userId, 5, 900]]);
  const user = await db
    .prepare('SELECT role, email, password_hash AS passwordHash, deleted_at AS deletedAt FROM users WHERE id = ?')
    .bind(userId)
    .first<{ role: string; email: string; passwordHash: string | null; deletedAt: number | null }>();
  if (!user || user.deletedAt !== null) throw new NotFoundError('Không tìm thấy tài khoản.', 'USER_NOT_FOUND');
  if (user.role !== 'customer') throw new ForbiddenError('Tài khoản nhân viên không tự xóa được; quản trị viên sẽ vô hiệu hóa tài khoản.', 'STAFF_ACCOUNT');
  if (!user.passwordHash || !(await verifyPassword(password, user.passwordHash)).ok) throw new UnprocessableError('Mật khẩu không đúng.', 'WRONG_PASSWORD');
  const open = await openActivity(db, userId);
  if (open.orders.length + open.consultations.length + open.pickups.length + open.chats > 0) {
    throw new ConflictError(
      'Bạn còn đơn hàng, yêu cầu tư vấn hoặc cuộc trò chuyện đang xử lý. Vui lòng đợi hoàn tất (hoặc hủy) rồi yêu cầu xóa tài khoản.',
      'ACCOUNT_HAS_OPEN_ACTIVITY',
      open,
    );
  }
  const files = await db
    .prepare(
      `SELECT f.r2_key AS key FROM consultation_files f JOIN consultations c ON c.id = f.consultation_id WHERE c.user_id = ?1
       UNION ALL SELECT ph.r2_key FROM review_photos ph JOIN reviews r ON r.id = ph.review_id WHERE r.user_id = ?1 AND r.status <> 'approved'`,
    )
    .bind(userId)
    .all<{ key: string }>();
  const done = '(SELECT deleted_at FROM users WHERE id = ?1) = ?2';
  const mine = 'SELECT id FROM consultations WHERE user_id = ?1';
  const invoiced = 'EXISTS (SELECT 1 FROM invoices i WHERE i.order_id = orders.id)';
  const results = await db.batch([
    db
      .prepare(
        `UPDATE users SET email = ?3, name = ?4, phone = NULL, password_hash = NULL, status = 'deactivated', failed_login_count = 0, locked_until = NULL,
         deleted_at = ?2, updated_at = ?2
         WHERE id = ?1 AND deleted_at IS NULL AND NOT EXISTS (SELECT 1 FROM orders WHERE user_id = ?1 AND ${openOrderSql()})
         AND NOT EXISTS (SELECT 1 FROM consultations WHERE user_id = ?1 AND status IN (${list(OPEN_CONSULTATIONS)}))`,
      )
      .bind(userId, now, deletedEmail(userId), DELETED_NAME),
    db.prepare(`UPDATE auth_sessions SET revoked_at = ?2 WHERE user_id = ?1 AND revoked_at IS NULL AND ${done}`).bind(userId, now),
    db.prepare(`DELETE FROM auth_tokens WHERE user_id = ?1 AND ${done}`).bind(userId, now),
    db.prepare(`DELETE FROM addresses WHERE user_id = ?1 AND ${done}`).bind(userId, now),
    db.prepare(`DELETE FROM cart_items WHERE cart_id IN (SELECT id FROM carts WHERE user_id = ?1) AND ${done}`).bind(userId, now),
    db.prepare(`DELETE FROM carts WHERE user_id = ?1 AND ${done}`).bind(userId, now),
    db.prepare(`UPDATE orders SET phone = '', email = NULL, note = NULL, updated_at = ?2 WHERE user_id = ?1 AND ${invoiced} AND ${done}`).bind(userId, now),
    db.prepare(`UPDATE orders SET recipient_name = ?3, phone = '', email = NULL, street = '', note = NULL, updated_at = ?2 WHERE user_id = ?1 AND NOT ${invoiced} AND ${done}`).bind(userId, now, DELETED_NAME),
    db.prepare(`UPDATE consultations SET symptoms = NULL, note = NULL, contact_phone = '', updated_at = ?2 WHERE user_id = ?1 AND ${done}`).bind(userId, now),
    db.prepare(`DELETE FROM consultation_files WHERE consultation_id IN (${mine}) AND ${done}`).bind(userId, now),
    db.prepare(`UPDATE pickup_reservations SET customer_name = ?3, phone = '', note = NULL WHERE consultation_id IN (${mine}) AND status <> 'dispensed' AND ${done}`).bind(userId, now, DELETED_NAME),
    db.prepare(`UPDATE conversations SET customer_name = ?3, customer_phone = NULL, transcript_email = NULL WHERE user_id = ?1 AND ${done}`).bind(userId, now, DELETED_NAME),
    db
      .prepare(`UPDATE messages SET body = '[Đã xóa]', sender_name = ?3 WHERE sender_role = 'customer' AND conversation_id IN (SELECT id FROM conversations WHERE user_id = ?1) AND ${done}`)
      .bind(userId, now, DELETED_NAME),
    // #17 modules: what the shopper kept here goes with the account. Questions (health data) are deleted with their
    // answers; reviews not published are deleted (photos: R2 keys returned below); published reviews stay as product
    // information, attributed to the anonymised account's name; alerts, refill reminders and recently viewed go.
    db.prepare(`DELETE FROM questions WHERE user_id = ?1 AND ${done}`).bind(userId, now),
    db.prepare(`DELETE FROM reviews WHERE user_id = ?1 AND status <> 'approved' AND ${done}`).bind(userId, now),
    db.prepare(`DELETE FROM stock_alerts WHERE (user_id = ?1 OR email = ?3) AND ${done}`).bind(userId, now, user.email),
    db.prepare(`DELETE FROM refill_reminders WHERE user_id = ?1 AND ${done}`).bind(userId, now),
    db.prepare(`DELETE FROM recently_viewed WHERE user_id = ?1 AND ${done}`).bind(userId, now),
    auditStatement(db, { actor: { id: userId, role: principal.role }, action: 'account.delete', entityType: 'user', entityId: userId, data: {} }, now, { sql: done.replaceAll('?1', '?').replace('?2', '?'), binds: [userId, now] }),
    db.prepare('SELECT deleted_at AS deletedAt, (SELECT COUNT(*) FROM orders WHERE user_id = ?1) AS orders FROM users WHERE id = ?1').bind(userId),
  ]);
  const last = results[results.length - 1]!.results[0] as { deletedAt: number | null; orders: number };
  if (last.deletedAt !== now) {
    throw new ConflictError('Tài khoản vừa có đơn hàng hoặc yêu cầu mới đang xử lý. Vui lòng thử lại sau khi hoàn tất.', 'ACCOUNT_HAS_OPEN_ACTIVITY');
  }
  return { deletedAt: now, ordersKept: last.orders, fileKeys: files.results.map((f) => f.key) };
}
