/**
 * Pharmacy locations (issue 15, migration 0023): the counters where reserved prescription items are picked up, and
 * whose opening hours make pharmacists "on duty" for the chat (chat/hours.ts). Admins manage them; everyone reads the
 * active ones. `hours` is stored as JSON validated by `OpeningHoursSchema` (the chat's one hours format).
 */
import { z } from '@hono/zod-openapi';
import { formatOpeningHours, OpeningHoursSchema, type OpeningHours } from '../chat/hours';
import { auditStatement } from '../audit/write.d1';
import { normalizeVietnamesePhone } from '../auth/policy';
import { NotFoundError, ValidationError } from '../errors';
import { newId } from '../ids';


export const PharmacyLocationSchema = z
  .object({
    id: z.string(),
    name: z.string(),
    address: z.string(),
    phone: z.string(),
    hours: OpeningHoursSchema,
    hoursText: z.string().openapi({ description: 'The hours in Vietnamese, e.g. "Thứ 2 – Thứ 7: 07:00–22:00; Chủ nhật: 08:00–20:00"' }),
    licenceNumber: z.string().openapi({ description: 'Giấy chứng nhận đủ điều kiện kinh doanh dược' }),
    gppCertificate: z.string().openapi({ description: 'Giấy chứng nhận GPP' }),
    responsiblePharmacist: z.string().openapi({ description: 'Người chịu trách nhiệm chuyên môn về dược' }),
    active: z.boolean(),
  })
  .openapi('PharmacyLocation');
export type PharmacyLocation = z.infer<typeof PharmacyLocationSchema>;

export const PharmacyLocationListSchema = z.object({ items: z.array(PharmacyLocationSchema) }).openapi('PharmacyLocationList');

const text = (max: number, min = 2) => z.string().trim().min(min).max(max);
export const PharmacyLocationCreateSchema = z
  .object({
    name: text(120),
    address: text(300, 5),
    phone: z.string().trim().min(8).max(20),
    hours: OpeningHoursSchema,
    licenceNumber: text(120, 3),
    gppCertificate: text(120, 3),
    responsiblePharmacist: text(200, 3),
    active: z.boolean().default(true),
  })
  .strict()
  .openapi('PharmacyLocationCreate');
export const PharmacyLocationPatchSchema = PharmacyLocationCreateSchema.partial()
  .strict()
  .refine((v) => Object.keys(v).length > 0, { message: 'Cần ít nhất một trường để cập nhật.' })
  .openapi('PharmacyLocationPatch');

interface Row {
  id: string;
  name: string;
  address: string;
  phone: string;
  hours: string;
  licenceNumber: string;
  gppCertificate: string;
  responsiblePharmacist: string;
  active: number;
}

/** SQL columns of a location row `l` in the shape `presentLocation` reads. */
export const locationColumnsSql = (l: string) =>
  `${l}.id, ${l}.name, ${l}.address, ${l}.phone, ${l}.hours, ${l}.licence_number AS licenceNumber, ${l}.gpp_certificate AS gppCertificate, ${l}.responsible_pharmacist AS responsiblePharmacist, ${l}.active`;

/** Hours as stored (validated on write); a row written by hand that does not parse reads as closed every day. */
export function parseHours(json: string): OpeningHours {
  try {
    const r = OpeningHoursSchema.safeParse(JSON.parse(json));
    if (r.success) return r.data;
  } catch {
    /* fall through */
  }
  return { mon: [], tue: [], wed: [], thu: [], fri: [], sat: [], sun: [], closedDates: [] };
}

export function presentLocation(r: Row): PharmacyLocation {
  const hours = parseHours(r.hours);
  return {
    id: r.id,
    name: r.name,
    address: r.address,
    phone: r.phone,
    hours,
    hoursText: formatOpeningHours(hours),
    licenceNumber: r.licenceNumber,
    gppCertificate: r.gppCertificate,
    responsiblePharmacist: r.responsiblePharmacist,
    active: Boolean(r.active),
  };
}

export async function listLocations(d: D1Database, opts: { activeOnly: boolean }): Promise<PharmacyLocation[]> {
  const res = await d.prepare(`SELECT ${locationColumnsSql('l')} FROM pharmacy_locations l ${opts.activeOnly ? 'WHERE l.active = 1' : ''} ORDER BY l.name, l.id`).all<Row>();
  return res.results.map(presentLocation);
}

export async function getLocation(d: D1Database, id: string): Promise<PharmacyLocation | null> {
  const r = await d.prepare(`SELECT ${locationColumnsSql('l')} FROM pharmacy_locations l WHERE l.id = ?`).bind(id).first<Row>();
  return r ? presentLocation(r) : null;
}

function phoneOf(raw: string): string {
  const phone = normalizeVietnamesePhone(raw);
  if (!phone) throw new ValidationError('Số điện thoại nhà thuốc không hợp lệ.', { field: 'phone' }, 'INVALID_PHONE');
  return phone;
}

type Actor = { id: string | null; role: string };

export async function createLocation(d: D1Database, input: z.infer<typeof PharmacyLocationCreateSchema>, actor: Actor, now: number): Promise<PharmacyLocation> {
  const id = newId();
  const phone = phoneOf(input.phone);
  await d.batch([
    d
      .prepare(
        `INSERT INTO pharmacy_locations (id, name, address, phone, hours, licence_number, gpp_certificate, responsible_pharmacist, active, created_at, updated_at)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      )
      .bind(id, input.name, input.address, phone, JSON.stringify(input.hours), input.licenceNumber, input.gppCertificate, input.responsiblePharmacist, input.active ? 1 : 0, now, now),
    auditStatement(d, { actor, action: 'pharmacy_location.create', entityType: 'pharmacy_location', entityId: id, data: { name: input.name, active: input.active } }, now, 'changed'),
  ]);
  return (await getLocation(d, id))!;
}

const COLUMNS = {
  name: 'name',
  address: 'address',
  phone: 'phone',
  hours: 'hours',
  licenceNumber: 'licence_number',
  gppCertificate: 'gpp_certificate',
  responsiblePharmacist: 'responsible_pharmacist',
  active: 'active',
} as const;

export async function updateLocation(d: D1Database, id: string, patch: z.infer<typeof PharmacyLocationPatchSchema>, actor: Actor, now: number): Promise<PharmacyLocation> {
  const sets: string[] = [];
  const binds: unknown[] = [];
  for (const [k, col] of Object.entries(COLUMNS) as Array<[keyof typeof COLUMNS, string]>) {
    const v = patch[k];
    if (v === undefined) continue;
    sets.push(`${col} = ?`);
    binds.push(k === 'hours' ? JSON.stringify(v) : k === 'active' ? (v ? 1 : 0) : k === 'phone' ? phoneOf(v as string) : v);
  }
  const [res] = await d.batch([
    d.prepare(`UPDATE pharmacy_locations SET ${sets.join(', ')}, updated_at = ? WHERE id = ?`).bind(...binds, now, id),
    auditStatement(d, { actor, action: 'pharmacy_location.update', entityType: 'pharmacy_location', entityId: id, data: { fields: Object.keys(patch) } }, now, 'changed'),
  ]);
  if (!res!.meta.changes) throw new NotFoundError('Không tìm thấy nhà thuốc.', 'LOCATION_NOT_FOUND');
  return (await getLocation(d, id))!;
}
