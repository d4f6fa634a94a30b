/** Address book: at most 10 per account, exactly one default once there is any; 2025 reform (province → ward). */
import { z } from '@hono/zod-openapi';
import { ConflictError, NotFoundError, ValidationError } from '../errors';
import { newId } from '../ids';
import { normalizeVietnamesePhone } from './policy';

export const MAX_ADDRESSES = 10;

export const AddressInputSchema = z
  .object({
    recipientName: z.string().trim().min(1, 'Vui lòng nhập tên người nhận.').max(100),
    phone: z.string().trim().max(20),
    provinceCode: z.string().regex(/^\d{2}$/, 'Mã tỉnh/thành không hợp lệ.'),
    wardCode: z.string().regex(/^\d{5}$/, 'Mã phường/xã không hợp lệ.'),
    street: z.string().trim().min(3, 'Vui lòng nhập số nhà, tên đường.').max(200),
    isDefault: z.boolean().optional(),
  })
  .strict();
export const AddressPatchSchema = AddressInputSchema.partial().refine((b) => Object.keys(b).length > 0, { message: 'Cần ít nhất một trường để cập nhật' });

export const AddressSchema = z
  .object({
    id: z.string(),
    recipientName: z.string(),
    phone: z.string(),
    province: z.object({ code: z.string(), name: z.string() }),
    ward: z.object({ code: z.string(), name: z.string() }),
    street: z.string(),
    isDefault: z.boolean(),
    createdAt: z.number().int(),
  })
  .openapi('Address');

type AddressInput = z.infer<typeof AddressInputSchema>;
type Row = { id: string; recipientName: string; phone: string; provinceCode: string; provinceName: string; wardCode: string; wardName: string; street: string; isDefault: number; createdAt: number };

const SELECT = `SELECT a.id, a.recipient_name AS recipientName, a.phone, a.province_code AS provinceCode, p.name AS provinceName,
  a.ward_code AS wardCode, w.name AS wardName, a.street, a.is_default AS isDefault, a.created_at AS createdAt
  FROM addresses a JOIN provinces p ON p.code = a.province_code JOIN wards w ON w.code = a.ward_code`;

const toAddress = (r: Row) => ({
  id: r.id,
  recipientName: r.recipientName,
  phone: r.phone,
  province: { code: r.provinceCode, name: r.provinceName },
  ward: { code: r.wardCode, name: r.wardName },
  street: r.street,
  isDefault: Boolean(r.isDefault),
  createdAt: r.createdAt,
});

export class D1AddressBook {
  constructor(private readonly d1: D1Database) {}

  async list(userId: string) {
    const rows = await this.d1.prepare(`${SELECT} WHERE a.user_id = ? ORDER BY a.is_default DESC, a.created_at DESC`).bind(userId).all<Row>();
    return rows.results.map(toAddress);
  }

  private async get(userId: string, id: string) {
    const row = await this.d1.prepare(`${SELECT} WHERE a.user_id = ? AND a.id = ?`).bind(userId, id).first<Row>();
    if (!row) throw new NotFoundError('Không tìm thấy địa chỉ.', 'ADDRESS_NOT_FOUND');
    return toAddress(row);
  }

  /** The ward must belong to the province (there is no district level after the 2025 reform). */
  private async checkPlace(provinceCode: string, wardCode: string) {
    const ok = await this.d1.prepare('SELECT 1 AS ok FROM wards WHERE code = ? AND province_code = ?').bind(wardCode, provinceCode).first();
    if (!ok) throw new ValidationError('Phường/xã không thuộc tỉnh/thành đã chọn.', { provinceCode, wardCode }, 'INVALID_WARD');
  }

  private static phone(p: string) {
    const n = normalizeVietnamesePhone(p);
    if (!n) throw new ValidationError('Số điện thoại không hợp lệ.', { field: 'phone' }, 'INVALID_PHONE');
    return n;
  }

  async create(userId: string, input: AddressInput, now: number) {
    await this.checkPlace(input.provinceCode, input.wardCode);
    const phone = D1AddressBook.phone(input.phone);
    const id = newId();
    // One batch: the insert only happens under the limit; the first address (or an explicit default) becomes the
    // only default. The partial unique index on (user_id) WHERE is_default = 1 guards the invariant.
    const [, inserted] = await this.d1.batch([
      this.d1.prepare(`UPDATE addresses SET is_default = 0 WHERE user_id = ? AND ? = 1 AND (SELECT COUNT(*) FROM addresses WHERE user_id = ?) < ?`).bind(userId, input.isDefault ? 1 : 0, userId, MAX_ADDRESSES),
      this.d1
        .prepare(
          `INSERT INTO addresses (id, user_id, recipient_name, phone, province_code, ward_code, street, is_default, created_at, updated_at)
           SELECT ?, ?, ?, ?, ?, ?, ?, CASE WHEN ? = 1 OR NOT EXISTS (SELECT 1 FROM addresses WHERE user_id = ?) THEN 1 ELSE 0 END, ?, ?
           WHERE (SELECT COUNT(*) FROM addresses WHERE user_id = ?) < ?`,
        )
        .bind(id, userId, input.recipientName, phone, input.provinceCode, input.wardCode, input.street, input.isDefault ? 1 : 0, userId, now, now, userId, MAX_ADDRESSES),
    ]);
    if (inserted!.meta.changes !== 1) throw new ConflictError(`Sổ địa chỉ tối đa ${MAX_ADDRESSES} địa chỉ.`, 'ADDRESS_LIMIT');
    return this.get(userId, id);
  }

  async update(userId: string, id: string, patch: Partial<AddressInput>, now: number) {
    const current = await this.get(userId, id);
    const provinceCode = patch.provinceCode ?? current.province.code;
    const wardCode = patch.wardCode ?? current.ward.code;
    if (patch.provinceCode || patch.wardCode) await this.checkPlace(provinceCode, wardCode);
    const phone = patch.phone !== undefined ? D1AddressBook.phone(patch.phone) : current.phone;
    const statements = [];
    if (patch.isDefault === true) statements.push(this.d1.prepare('UPDATE addresses SET is_default = 0 WHERE user_id = ? AND id <> ?').bind(userId, id));
    statements.push(
      this.d1
        .prepare(
          `UPDATE addresses SET recipient_name = ?, phone = ?, province_code = ?, ward_code = ?, street = ?,
             is_default = CASE WHEN ? = 1 THEN 1 ELSE is_default END, updated_at = ? WHERE id = ? AND user_id = ?`,
        )
        .bind(patch.recipientName ?? current.recipientName, phone, provinceCode, wardCode, patch.street ?? current.street, patch.isDefault ? 1 : 0, now, id, userId),
    );
    if (patch.isDefault === false && current.isDefault) {
      throw new ValidationError('Hãy chọn địa chỉ khác làm mặc định thay vì bỏ mặc định.', undefined, 'DEFAULT_REQUIRED');
    }
    await this.d1.batch(statements);
    return this.get(userId, id);
  }

  /** Deleting the default promotes the newest remaining address, in the same batch. */
  async remove(userId: string, id: string) {
    await this.get(userId, id);
    await this.d1.batch([
      this.d1.prepare('DELETE FROM addresses WHERE id = ? AND user_id = ?').bind(id, userId),
      this.d1
        .prepare(
          `UPDATE addresses SET is_default = 1 WHERE id = (SELECT id FROM addresses WHERE user_id = ? ORDER BY created_at DESC LIMIT 1)
           AND NOT EXISTS (SELECT 1 FROM addresses WHERE user_id = ? AND is_default = 1)`,
        )
        .bind(userId, userId),
    ]);
  }
}
