/**
 * Shared helpers for the #15 consultation/advice tests (advice, quote-use, consultation-adversarial, text-nfc15):
 * the fixture ids they advise from, a bearer-token caller over SELF.fetch, a consultation claimed through the API,
 * advice lines and the epidemic exception switch. Each test file passes its own token set and id prefix so files
 * running side by side never share a consultation id or code.
 */
import { env } from 'cloudflare:test';
import { expect } from 'vitest';
import type { Role } from '@medicare/shared/http/auth';
import { api, json, tokenFor } from './fixtures';

/** The pharmacy (HCM, District 1) the migrations seed; pickups are reserved there. */
export const LOCATION = '01JPHARMACYHCMQ1000000000';
/** OTC: Alpha Paracetamol, Vỉ (10 viên, 11 000 đ). */
export const PARA_STRIP = '01TESTUNITPARAVI0000000000';
/** Rx: Beta Amoxicillin, Hộp (100 viên, 90 000 đ). */
export const AMOX_BOX = '01TESTUNITAMOXHOP000000000';
/** Amoxicillin batch A-1 (500 viên). */
export const AMOX_LATE = '01TESTBATCHAMOX0000000000';
/** A shipping address in the ward `hcmWard()` inserts. */
export const address = { recipientName: 'Phạm Minh Châu', phone: '0903123456', provinceCode: '79', wardCode: '26743', street: '45 Lý Tự Trọng' };

/** One advice line. */
export const item = (productId: string, unitId: string, quantity: number, instructions = 'Uống sau ăn.') => ({ productId, unitId, quantity, instructions });

/** A stock batch's on-hand and reserved quantities. */
export const batchRow = (id: string) => env.DB.prepare('SELECT quantity, reserved FROM stock_batches WHERE id = ?').bind(id).first<{ quantity: number; reserved: number }>();
/** The sum of a batch's stock-ledger movements. */
export const ledgerSum = async (id: string) => (await env.DB.prepare('SELECT COALESCE(SUM(delta), 0) AS s FROM stock_movements WHERE batch_id = ?').bind(id).first<{ s: number }>())!.s;

type Caller = 'p1' | 'admin' | 'customer';

export interface ConsultationHarnessOptions<W extends string> {
  /** Each caller's role and users.id (`signIn` creates them); `customer` owns the inserted consultations. */
  users: Record<W | Caller, readonly [Role, string]>;
  /** Start of the consultation ids this file inserts (padded with a counter to 25 characters). */
  idPrefix: string;
  /** Consultation codes are `TV` + (codeBase + counter), 8 digits. */
  codeBase: number;
  /** Start of this file's order idempotency keys. */
  keyPrefix: string;
}

/** A test file's callers and consultation helpers, over SELF.fetch with bearer tokens. Call `signIn()` in `beforeAll`. */
export function consultationHarness<W extends string>(o: ConsultationHarnessOptions<W>) {
  type Who = W | Caller;
  const tokens = Object.fromEntries(Object.keys(o.users).map((k) => [k, ''])) as Record<Who, string>;

  /** Signs every caller in (in the order listed), as after a real sign-in. */
  async function signIn(): Promise<void> {
    for (const [who, [role, userId]] of Object.entries(o.users) as Array<[Who, readonly [Role, string]]>) tokens[who] = await tokenFor(role, userId);
  }

  async function call(method: string, path: string, who: Who | null, body?: unknown, headers: Record<string, string> = {}) {
    const res = await api(path, {
      method,
      headers: { ...(who ? { authorization: `Bearer ${tokens[who]}` } : {}), ...(body === undefined ? {} : { 'content-type': 'application/json' }), ...headers },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    return { status: res.status, body: await json(res) };
  }

  let n = 0;
  /** A consultation of the customer, waiting in the queue, then claimed by pharmacist `p1` through the API. */
  async function claimedConsultation(): Promise<{ id: string; code: string }> {
    const seq = ++n;
    const id = `${o.idPrefix}${String(seq).padStart(25 - o.idPrefix.length, '0')}`;
    const code = `TV${String(o.codeBase + seq).padStart(8, '0')}`;
    const now = Date.now();
    await env.DB.prepare(
      "INSERT INTO consultations (id, code, user_id, status, contact_phone, created_at, updated_at) VALUES (?, ?, ?, 'submitted', '0903123456', ?, ?)",
    )
      .bind(id, code, o.users.customer[1], now, now)
      .run();
    expect((await call('POST', `/v1/pharmacist/consultations/${id}/claim`, 'p1')).status).toBe(200);
    return { id, code };
  }

  const advise = (id: string, body: Record<string, unknown>, who: Who = 'p1') =>
    call('POST', `/v1/pharmacist/consultations/${id}/advice`, who, { note: 'Dùng theo hướng dẫn.', ...body });

  const setException = (enabled: boolean) =>
    call('PUT', '/v1/admin/settings/rx-online-exception', 'admin', {
      enabled,
      note: enabled ? 'Quyết định công bố dịch nhóm A của Bộ Y tế (thử nghiệm)' : 'Bộ Y tế công bố hết dịch',
    });

  let keyN = 0;
  /** A COD order shipped to `address`, with a fresh idempotency key. */
  const order = (items: unknown[], who: Who = 'customer') =>
    call('POST', '/v1/orders', who, { items, address, paymentMethod: 'cod' }, { 'idempotency-key': `${o.keyPrefix}-${Date.now()}-${++keyN}` });

  return { tokens, signIn, call, claimedConsultation, advise, setException, order };
}
