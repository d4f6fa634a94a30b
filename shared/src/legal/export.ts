/**
 * The account's data export (#17 legal, ADR 0041; Decree 13/2023/NĐ-CP art. 9 and 14: the data subject's right to
 * obtain their data). A typed JSON document built from SECTIONS: each section is a zod schema and a loader that reads
 * only the rows of the account it is given. A module that keeps personal data adds ONE entry to `EXPORT_SECTIONS`
 * (most are `ownRows`: a row schema and one SELECT of the account's rows); the route, its OpenAPI answer and the web
 * download follow.
 * Health data is in the document (it is the owner's) and never in a log or an audit row.
 */
import { z } from '@hono/zod-openapi';
import { AddressSchema, D1AddressBook } from '../auth/addresses';
import { D1AuthRepository } from '../auth/repo.d1';
import { UserSchema } from '../auth/schemas';
import { publicUser } from '../auth/service';
import { ORDER_STATUSES, PICKUP_PAYMENT_METHODS, PICKUP_STATUSES } from '../db/schema';
import { consentsOf, ConsentSchema } from './consent';

export interface ExportSection<S extends z.ZodTypeAny> {
  /** What the section holds, in Vietnamese (shown in the document itself). */
  title: string;
  schema: S;
  load(db: D1Database, userId: string): Promise<z.infer<S>>;
}
const section = <S extends z.ZodTypeAny>(s: ExportSection<S>) => s;

/**
 * The shape most sections share: the account's rows from ONE SELECT whose only parameter `?1` is the account's id,
 * one object per row; `json` names columns the SELECT builds as JSON (`json_group_array`: a row's products, a chat's
 * messages), parsed here.
 */
function ownRows<T extends z.ZodRawShape>(title: string, row: z.ZodObject<T>, sql: string, json: ReadonlyArray<keyof T & string> = []) {
  return section({
    title,
    schema: z.array(row),
    async load(db, userId) {
      const { results } = await db.prepare(sql).bind(userId).all<Record<string, unknown>>();
      for (const r of results) for (const k of json) r[k] = JSON.parse(String(r[k]));
      return results as Array<z.infer<typeof row>>;
    },
  });
}

const OrderExportSchema = z.object({
  code: z.string(),
  status: z.enum(ORDER_STATUSES),
  paymentMethod: z.enum(['cod', 'bank_transfer']),
  paymentStatus: z.string(),
  subtotal: z.number().int(),
  shippingFee: z.number().int(),
  orderDiscount: z.number().int(),
  shippingDiscount: z.number().int(),
  total: z.number().int(),
  paidAmount: z.number().int(),
  refundedAmount: z.number().int(),
  recipient: z.object({ name: z.string(), phone: z.string(), email: z.string().nullable(), street: z.string(), wardCode: z.string(), provinceCode: z.string() }),
  note: z.string().nullable(),
  invoiceNumber: z.string().nullable(),
  createdAt: z.number().int(),
  lines: z.array(z.object({ productName: z.string(), unitName: z.string(), quantity: z.number().int(), unitPrice: z.number().int(), lineTotal: z.number().int() })),
});

const ConsultationExportSchema = z.object({
  code: z.string(),
  status: z.string(),
  symptoms: z.string().nullable(),
  note: z.string().nullable(),
  contactPhone: z.string(),
  preferredContactTime: z.string(),
  products: z.array(z.string()),
  files: z.number().int().openapi({ description: 'Prescription files sent (downloadable from the consultation page)' }),
  createdAt: z.number().int(),
});

const PickupExportSchema = z.object({
  code: z.string(),
  consultationCode: z.string(),
  pharmacy: z.string(),
  pharmacyAddress: z.string(),
  customerName: z.string(),
  phone: z.string(),
  status: z.enum(PICKUP_STATUSES),
  expiresAt: z.number().int(),
  dispensedAt: z.number().int().nullable(),
  paymentMethod: z.enum(PICKUP_PAYMENT_METHODS).nullable(),
  amountPaid: z.number().int().nullable(),
  note: z.string().nullable(),
  createdAt: z.number().int(),
  items: z.array(z.object({ product: z.string(), unit: z.string(), quantity: z.number().int(), unitPrice: z.number().int(), instructions: z.string() })),
});

const ChatExportSchema = z.object({
  status: z.enum(['waiting', 'active', 'closed']),
  customerName: z.string(),
  customerPhone: z.string().nullable(),
  transcriptEmail: z.string().nullable(),
  createdAt: z.number().int(),
  closedAt: z.number().int().nullable(),
  messages: z.array(z.object({ from: z.enum(['customer', 'pharmacist', 'system']), name: z.string(), body: z.string(), at: z.number().int() })),
});

type OrderRow = Omit<z.infer<typeof OrderExportSchema>, 'recipient' | 'lines'> & { id: string; name: string; phone: string; email: string | null; street: string; wardCode: string; provinceCode: string };
type LineRow = z.infer<typeof OrderExportSchema>['lines'][number] & { orderId: string };

/** Every section of the export, in document order. Add yours here. */
export const EXPORT_SECTIONS = {
  profile: section({
    title: 'Thông tin tài khoản',
    schema: UserSchema,
    async load(db, userId) {
      return publicUser((await new D1AuthRepository(db).userById(userId))!);
    },
  }),
  addresses: section({ title: 'Sổ địa chỉ', schema: z.array(AddressSchema), load: (db, userId) => new D1AddressBook(db).list(userId) }),
  consents: section({ title: 'Các lần đồng ý chính sách', schema: z.array(ConsentSchema), load: consentsOf }),
  orders: section({
    title: 'Đơn hàng',
    schema: z.array(OrderExportSchema),
    async load(db, userId) {
      const [orders, lines] = await db.batch([
        db
          .prepare(
            `SELECT o.id, o.code, o.status, o.payment_method AS paymentMethod, o.payment_status AS paymentStatus, o.subtotal, o.shipping_fee AS shippingFee,
             o.order_discount AS orderDiscount, o.shipping_discount AS shippingDiscount, o.total, o.paid_amount AS paidAmount, o.refunded_amount AS refundedAmount,
             o.recipient_name AS name, o.phone, o.email, o.street, o.ward_code AS wardCode, o.province_code AS provinceCode, o.note,
             (SELECT i.number FROM invoices i WHERE i.order_id = o.id) AS invoiceNumber, o.created_at AS createdAt
             FROM orders o WHERE o.user_id = ? ORDER BY o.created_at, o.id`,
          )
          .bind(userId),
        db
          .prepare(
            `SELECT l.order_id AS orderId, l.product_name AS productName, l.unit_name AS unitName, l.quantity, l.unit_price AS unitPrice, l.line_total AS lineTotal
             FROM order_lines l JOIN orders o ON o.id = l.order_id WHERE o.user_id = ? ORDER BY l.order_id, l.id`,
          )
          .bind(userId),
      ]);
      const byOrder = new Map<string, LineRow[]>();
      for (const l of lines!.results as LineRow[]) byOrder.set(l.orderId, [...(byOrder.get(l.orderId) ?? []), l]);
      return (orders!.results as OrderRow[]).map(({ id, name, phone, email, street, wardCode, provinceCode, ...o }) => ({
        ...o,
        recipient: { name, phone, email, street, wardCode, provinceCode },
        lines: (byOrder.get(id) ?? []).map(({ orderId: _o, ...l }) => l),
      }));
    },
  }),
  consultations: ownRows(
    'Yêu cầu tư vấn dược sĩ',
    ConsultationExportSchema,
    `SELECT c.code, c.status, c.symptoms, c.note, c.contact_phone AS contactPhone, c.preferred_contact_time AS preferredContactTime, c.created_at AS createdAt,
     (SELECT json_group_array(name) FROM (SELECT p.name FROM consultation_products cp JOIN products p ON p.id = cp.product_id WHERE cp.consultation_id = c.id ORDER BY cp.position)) AS products,
     (SELECT COUNT(*) FROM consultation_files f WHERE f.consultation_id = c.id) AS files
     FROM consultations c WHERE c.user_id = ?1 ORDER BY c.created_at, c.id`,
    ['products'],
  ),
  pickupReservations: ownRows(
    'Giữ thuốc nhận tại nhà thuốc',
    PickupExportSchema,
    `SELECT r.code, c.code AS consultationCode, l.name AS pharmacy, l.address AS pharmacyAddress, r.customer_name AS customerName, r.phone, r.status,
     r.expires_at AS expiresAt, r.dispensed_at AS dispensedAt, r.payment_method AS paymentMethod, r.amount_paid AS amountPaid, r.note, r.created_at AS createdAt,
     (SELECT json_group_array(json_object('product', i.product_name, 'unit', i.unit_name, 'quantity', i.quantity, 'unitPrice', i.unit_price, 'instructions', i.instructions))
        FROM (SELECT * FROM advice_items WHERE reservation_id = r.id ORDER BY position) i) AS items
     FROM pickup_reservations r JOIN consultations c ON c.id = r.consultation_id JOIN pharmacy_locations l ON l.id = r.location_id
     WHERE c.user_id = ?1 ORDER BY r.created_at, r.id`,
    ['items'],
  ),
  chats: ownRows(
    'Trò chuyện với dược sĩ',
    ChatExportSchema,
    `SELECT c.status, c.customer_name AS customerName, c.customer_phone AS customerPhone, c.transcript_email AS transcriptEmail, c.created_at AS createdAt, c.closed_at AS closedAt,
     (SELECT json_group_array(json_object('from', m.sender_role, 'name', m.sender_name, 'body', m.body, 'at', m.created_at))
        FROM (SELECT * FROM messages WHERE conversation_id = c.id ORDER BY seq) m) AS messages
     FROM conversations c WHERE c.user_id = ?1 ORDER BY c.created_at, c.id`,
    ['messages'],
  ),
  // #17 modules (reviews, questions, alerts, refill reminders, recently viewed): the shopper's own rows only.
  reviews: ownRows(
    'Đánh giá sản phẩm',
    z.object({ product: z.string(), orderCode: z.string(), rating: z.number().int(), body: z.string(), status: z.string(), photos: z.number().int(), createdAt: z.number().int() }),
    `SELECT p.name AS product, o.code AS orderCode, r.rating, r.body, r.status, (SELECT COUNT(*) FROM review_photos ph WHERE ph.review_id = r.id) AS photos, r.created_at AS createdAt
     FROM reviews r JOIN products p ON p.id = r.product_id JOIN orders o ON o.id = r.order_id WHERE r.user_id = ?1 ORDER BY r.created_at, r.id`,
  ),
  questions: ownRows(
    'Câu hỏi về sản phẩm',
    z.object({ product: z.string(), body: z.string(), status: z.string(), answer: z.string().nullable(), createdAt: z.number().int() }),
    `SELECT p.name AS product, q.body, q.status, a.body AS answer, q.created_at AS createdAt
     FROM questions q JOIN products p ON p.id = q.product_id LEFT JOIN answers a ON a.question_id = q.id WHERE q.user_id = ?1 ORDER BY q.created_at, q.id`,
  ),
  stockAlerts: ownRows(
    'Đăng ký báo khi có hàng',
    z.object({ product: z.string(), status: z.string(), createdAt: z.number().int(), notifiedAt: z.number().int().nullable() }),
    // Also the guest alerts made with the account's address: deletion treats them as the account's too (ADR 0041).
    `SELECT p.name AS product, a.status, a.created_at AS createdAt, a.notified_at AS notifiedAt FROM stock_alerts a JOIN products p ON p.id = a.product_id
     WHERE a.user_id = ?1 OR a.email = (SELECT email FROM users WHERE id = ?1) ORDER BY a.created_at, a.id`,
  ),
  refillReminders: ownRows(
    'Nhắc mua lại',
    z.object({ product: z.string(), quantity: z.number().int(), cadenceDays: z.number().int(), nextRemindOn: z.string(), status: z.string() }),
    'SELECT p.name AS product, r.quantity, r.cadence_days AS cadenceDays, r.next_remind_on AS nextRemindOn, r.status FROM refill_reminders r JOIN products p ON p.id = r.product_id WHERE r.user_id = ?1 ORDER BY r.created_at, r.id',
  ),
  recentlyViewed: ownRows(
    'Sản phẩm đã xem gần đây',
    z.object({ product: z.string(), viewedAt: z.number().int() }),
    'SELECT p.name AS product, v.viewed_at AS viewedAt FROM recently_viewed v JOIN products p ON p.id = v.product_id WHERE v.user_id = ?1 ORDER BY v.viewed_at DESC',
  ),
};

type Sections = typeof EXPORT_SECTIONS;
const sectionShape = Object.fromEntries(Object.entries(EXPORT_SECTIONS).map(([k, s]) => [k, s.schema])) as { [K in keyof Sections]: Sections[K]['schema'] };

export const EXPORT_FORMAT = 'medicare.account-export.v1';
export const AccountExportSchema = z
  .object({
    format: z.literal(EXPORT_FORMAT),
    exportedAt: z.number().int(),
    titles: z.record(z.string(), z.string()).openapi({ description: 'Vietnamese title of each section' }),
    sections: z.object(sectionShape),
  })
  .openapi('AccountExport');
export type AccountExport = z.infer<typeof AccountExportSchema>;

/** The export of `userId`'s own data: every loader is given this one id, nothing else. */
export async function buildExport(db: D1Database, userId: string, now: number): Promise<AccountExport> {
  const keys = Object.keys(EXPORT_SECTIONS) as Array<keyof Sections>;
  const values = await Promise.all(keys.map((k) => EXPORT_SECTIONS[k].load(db, userId)));
  return {
    format: EXPORT_FORMAT,
    exportedAt: now,
    titles: Object.fromEntries(keys.map((k) => [k, EXPORT_SECTIONS[k].title])),
    sections: Object.fromEntries(keys.map((k, i) => [k, values[i]])) as AccountExport['sections'],
  };
}
