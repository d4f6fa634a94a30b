/**
 * #15 advice (ADR 0030): the pharmacist's decision and what follows, through SELF.fetch on the real local D1 —
 * the OTC/Rx split, pickup reservations (FEFO, dispense through the stock ledger, expiry by the cron exactly once),
 * quote → cart → checkout at the quoted price, THE online prescription rule with the epidemic exception switch.
 */
import { env } from 'cloudflare:test';
import { beforeAll, describe, expect, it } from 'vitest';
import { runScheduled } from '../src/index';
import { vietnamDate } from '@medicare/shared/catalog/availability';
import { GUEST_COOKIE, issueGuestIdentity } from '@medicare/shared/consultations/access';
import { api, DAY, hcmWard, ids, json, seedFixtures } from './fixtures';
import { address, AMOX_BOX, AMOX_LATE, batchRow, consultationHarness, item, ledgerSum, LOCATION, PARA_STRIP } from './consultation-fixtures';

const AMOX_EARLY = '01TESTBATCHAMOXEARLY00000'; // expires before A-1: FEFO takes it first
const CONTROLLED = '01TESTPRODCONTROLLED00000';
const CONTROLLED_UNIT = '01TESTUNITCONTROLLED00000';

const { signIn, call, claimedConsultation, advise, setException, order } = consultationHarness({
  users: { p1: ['pharmacist', 'advice-pharmacist-1'], p2: ['pharmacist', 'advice-pharmacist-2'], admin: ['admin', 'advice-admin'], customer: ['customer', 'advice-customer'], other: ['customer', 'advice-other'] },
  idPrefix: '01TESTCONSULT',
  codeBase: 0,
  keyPrefix: 'advice',
});

const count = async (sql: string, ...binds: unknown[]) => (await env.DB.prepare(`SELECT COUNT(*) AS n FROM (${sql})`).bind(...binds).first<{ n: number }>())!.n;


beforeAll(async () => {
  await seedFixtures();
  const T = Date.now() - 10 * DAY;
  await env.DB.batch([
    ...hcmWard(),
    // A second amoxicillin batch expiring before A-1 (FEFO takes it first).
    env.DB.prepare("INSERT INTO stock_batches (id, product_id, lot_number, expiry_date, quantity, reserved, received_at, created_at, updated_at) VALUES (?, ?, 'A-0', ?, 150, 0, ?, ?, ?)").bind(
      AMOX_EARLY, ids.amoxicillin, vietnamDate(Date.now() + 100 * DAY), T, T, T,
    ),
    // A special-control drug (never online).
    env.DB.prepare(
      `INSERT INTO products (id, slug, name, short_description, description, dosage_form, pack_spec, base_unit, indications, country_of_origin, brand_id, category_id, approval_state, visible, prescription_required, special_control, created_at, updated_at)
       VALUES (?, 'thuoc-kiem-soat', 'Thuốc kiểm soát đặc biệt', 'x', 'x', 'Viên nén', 'Hộp 10 viên', 'viên', 'x', 'Việt Nam', ?, ?, 'approved', 1, 1, 1, ?, ?)`,
    ).bind(CONTROLLED, ids.brandAlpha, ids.catHaSot, T, T),
    env.DB.prepare("INSERT INTO product_units (id, product_id, name, factor, price, weight_grams, is_default, position, created_at, updated_at) VALUES (?, ?, 'Hộp', 10, 120000, 50, 1, 0, ?, ?)").bind(CONTROLLED_UNIT, CONTROLLED, T, T),
    env.DB.prepare("INSERT INTO stock_batches (id, product_id, lot_number, expiry_date, quantity, reserved, received_at, created_at, updated_at) VALUES ('01TESTBATCHCONTROLLED0000', ?, 'K-1', ?, 100, 0, ?, ?, ?)").bind(
      CONTROLLED, vietnamDate(Date.now() + 200 * DAY), T, T, T,
    ),
  ]);
  await signIn();
});

describe('the pharmacist decides (#15)', () => {
  it('lets only the pharmacist holding the consultation advise or reject it (another pharmacist: 409, an admin: 403), writing nothing otherwise', async () => {
    const c = await claimedConsultation();
    const body = { items: [item(ids.paracetamol, PARA_STRIP, 1)] };
    const other = await advise(c.id, body, 'p2');
    expect(other.status).toBe(409);
    expect(other.body.error.code).toBe('CONSULTATION_NOT_CLAIMED_BY_YOU');
    expect((await call('POST', `/v1/pharmacist/consultations/${c.id}/reject`, 'p2', { reason: 'unreadable', note: 'Ảnh mờ' })).body.error.code).toBe('CONSULTATION_NOT_CLAIMED_BY_YOU');
    expect((await advise(c.id, body, 'admin')).status).toBe(403);
    expect((await advise(c.id, body, 'customer')).status).toBe(403);
    expect(await count('SELECT 1 FROM consultation_decisions WHERE consultation_id = ?', c.id)).toBe(0);
    expect(await count('SELECT 1 FROM advice_items WHERE consultation_id = ?', c.id)).toBe(0);
    expect((await env.DB.prepare('SELECT status FROM consultations WHERE id = ?').bind(c.id).first<{ status: string }>())!.status).toBe('in_review');
  });

  it('rejects with a reason from the list and a note; the shopper reads it and the outbox announces it', async () => {
    const c = await claimedConsultation();
    const res = await call('POST', `/v1/pharmacist/consultations/${c.id}/reject`, 'p1', { reason: 'expired_prescription', note: 'Đơn thuốc đã quá 5 ngày.' });
    expect(res.status).toBe(200);
    expect(res.body.status).toBe('rejected');
    expect(res.body.advice.rejection).toEqual({ reason: 'expired_prescription', reasonLabel: 'Đơn thuốc đã hết hạn', note: 'Đơn thuốc đã quá 5 ngày.' });
    const mine = await call('GET', `/v1/consultations/${c.code}`, 'customer');
    expect(mine.body.advice.rejection.reason).toBe('expired_prescription');
    expect(await count("SELECT 1 FROM outbox_events WHERE type = 'consultation.rejected' AND aggregate_id = ?", c.id)).toBe(1);
    expect(await count("SELECT 1 FROM audit_log WHERE action = 'consultation.reject' AND entity_id = ?", c.id)).toBe(1);
    // Decided: advising it now is refused.
    expect((await advise(c.id, { items: [item(ids.paracetamol, PARA_STRIP, 1)] })).body.error.code).toBe('CONSULTATION_NOT_CLAIMED_BY_YOU');
  });
});

describe('advice → quote and pickup reservation (#15)', () => {
  let c: { id: string; code: string };
  let advice: any;

  it('splits OTC items into the quote and prescription items into a reservation, reserving FEFO across two batches', async () => {
    c = await claimedConsultation();
    const before = { early: (await batchRow(AMOX_EARLY))!, late: (await batchRow(AMOX_LATE))! };
    const missingLocation = await advise(c.id, { items: [item(ids.paracetamol, PARA_STRIP, 2), item(ids.amoxicillin, AMOX_BOX, 2)] });
    expect(missingLocation.status).toBe(400);
    expect(missingLocation.body.error.code).toBe('LOCATION_REQUIRED');
    const res = await advise(c.id, { items: [item(ids.paracetamol, PARA_STRIP, 2), item(ids.amoxicillin, AMOX_BOX, 2)], locationId: LOCATION });
    expect(res.status).toBe(200);
    advice = res.body.advice;
    expect(res.body.status).toBe('advised');
    expect(advice.quote.items).toEqual([expect.objectContaining({ productId: ids.paracetamol, unitId: PARA_STRIP, quantity: 2, unitPrice: 11_000, lineTotal: 22_000, prescriptionRequired: false })]);
    expect(advice.quote.total).toBe(22_000);
    expect(advice.quote.expired).toBe(false);
    expect(advice.reservation).toMatchObject({ status: 'reserved', location: { id: LOCATION }, items: [{ productName: 'Beta Amoxicillin 500mg', unitName: 'Hộp', quantity: 2 }] });
    expect(advice.reservation.code).toMatch(/^GT[0-9A-HJKMNP-TV-Z]{8}$/);
    // 2 boxes = 200 viên: 150 from the batch expiring first, 50 from the next.
    const allocs = await env.DB.prepare('SELECT batch_id AS batchId, quantity FROM pickup_allocations WHERE reservation_id = ? ORDER BY quantity DESC').bind(advice.reservation.id).all();
    expect(allocs.results).toEqual([
      { batchId: AMOX_EARLY, quantity: 150 },
      { batchId: AMOX_LATE, quantity: 50 },
    ]);
    expect((await batchRow(AMOX_EARLY))!.reserved).toBe(before.early.reserved + 150);
    expect((await batchRow(AMOX_LATE))!.reserved).toBe(before.late.reserved + 50);
    expect(await count("SELECT 1 FROM outbox_events WHERE type = 'consultation.advised' AND aggregate_id = ?", c.id)).toBe(1);
    expect(await count("SELECT 1 FROM audit_log WHERE action = 'consultation.advise' AND entity_id = ?", c.id)).toBe(1);
    expect(await count("SELECT 1 FROM audit_log WHERE action = 'pickup.reserve' AND entity_id = ?", advice.reservation.id)).toBe(1);
    // The shopper reads the same advice; another customer gets 404.
    const mine = await call('GET', `/v1/consultations/${c.code}`, 'customer');
    expect(mine.body.advice.reservation.code).toBe(advice.reservation.code);
    expect((await call('GET', `/v1/consultations/${c.code}`, 'other')).status).toBe(404);
  });

  it('answers 409 INSUFFICIENT_STOCK (with what is free) when the prescription items cannot be reserved, reserving nothing', async () => {
    const d = await claimedConsultation();
    const before = (await batchRow(AMOX_LATE))!;
    const res = await advise(d.id, { items: [item(ids.amoxicillin, AMOX_BOX, 9)], locationId: LOCATION });
    expect(res.status).toBe(409);
    expect(res.body.error).toMatchObject({ code: 'INSUFFICIENT_STOCK', details: { productId: ids.amoxicillin, available: 4 } });
    expect((await batchRow(AMOX_LATE))!.reserved).toBe(before.reserved);
    expect((await env.DB.prepare('SELECT status FROM consultations WHERE id = ?').bind(d.id).first<{ status: string }>())!.status).toBe('in_review');
  });

  it('dispenses at the counter: admins are refused, a pharmacist takes the stock out through `sale` movements (quantity = ledger sum) and closes the reservation once', async () => {
    const id = advice.reservation.id;
    const before = { early: (await batchRow(AMOX_EARLY))!, late: (await batchRow(AMOX_LATE))! };
    const body = { prescriptionSeen: true, paymentMethod: 'cash', amountPaid: 180_000 };
    expect((await call('POST', `/v1/pharmacist/pickups/${id}/dispense`, 'admin', body)).status).toBe(403);
    expect((await call('POST', `/v1/pharmacist/pickups/${id}/dispense`, 'p2', { ...body, prescriptionSeen: false })).status).toBe(400);
    const listed = await call('GET', `/v1/pharmacist/pickups?q=${advice.reservation.code}`, 'admin');
    expect(listed.body.items.map((p: any) => p.id)).toEqual([id]);
    expect((await call('GET', '/v1/pharmacist/pickups?q=3123456', 'p1')).body.items.map((p: any) => p.id)).toContain(id);
    expect((await call('GET', '/v1/pharmacist/pickups?q=test%20customer', 'p1')).body.items.map((p: any) => p.id)).toContain(id);
    const res = await call('POST', `/v1/pharmacist/pickups/${id}/dispense`, 'p2', body);
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ status: 'dispensed', paymentMethod: 'cash', amountPaid: 180_000, dispensedByName: 'Test pharmacist', consultationCode: c.code });
    const after = { early: (await batchRow(AMOX_EARLY))!, late: (await batchRow(AMOX_LATE))! };
    expect(after.early).toEqual({ quantity: before.early.quantity - 150, reserved: before.early.reserved - 150 });
    expect(after.late).toEqual({ quantity: before.late.quantity - 50, reserved: before.late.reserved - 50 });
    expect(after.early.quantity).toBe(await ledgerSum(AMOX_EARLY));
    expect(after.late.quantity).toBe(await ledgerSum(AMOX_LATE));
    const sales = await env.DB.prepare("SELECT batch_id AS batchId, delta, ref FROM stock_movements WHERE kind = 'sale' AND ref = ? ORDER BY delta").bind(advice.reservation.code).all();
    expect(sales.results).toEqual([
      { batchId: AMOX_EARLY, delta: -150, ref: advice.reservation.code },
      { batchId: AMOX_LATE, delta: -50, ref: advice.reservation.code },
    ]);
    expect(await count("SELECT 1 FROM outbox_events WHERE type = 'pickup.dispensed' AND aggregate_id = ?", id)).toBe(1);
    expect(await count("SELECT 1 FROM audit_log WHERE action = 'pickup.dispense' AND entity_id = ? AND actor_id = 'advice-pharmacist-2'", id)).toBe(1);
    // Again: refused, nothing moves twice.
    const again = await call('POST', `/v1/pharmacist/pickups/${id}/dispense`, 'p1', body);
    expect(again.status).toBe(409);
    expect(again.body.error.code).toBe('PICKUP_NOT_RESERVED');
    expect((await batchRow(AMOX_EARLY))!).toEqual(after.early);
    expect((await call('GET', `/v1/consultations/${c.code}`, 'customer')).body.advice.reservation.status).toBe('dispensed');
  });

  it('expires a reservation once its time is up, releasing its stock exactly once however many crons run (twice at once, then again)', async () => {
    const d = await claimedConsultation();
    const before = (await batchRow(AMOX_LATE))!;
    const res = await advise(d.id, { items: [item(ids.amoxicillin, AMOX_BOX, 1)], locationId: LOCATION, pickupValidHours: 1 });
    const id = res.body.advice.reservation.id;
    expect((await batchRow(AMOX_LATE))!.reserved).toBe(before.reserved + 100);
    // Not yet due: nothing happens.
    await runScheduled(env as never, Date.now() + 30 * 60_000);
    expect((await batchRow(AMOX_LATE))!.reserved).toBe(before.reserved + 100);
    const later = Date.now() + 2 * 3_600_000;
    await Promise.all([runScheduled(env as never, later), runScheduled(env as never, later)]);
    await runScheduled(env as never, later + 1000);
    expect((await batchRow(AMOX_LATE))!).toEqual(before);
    expect(await ledgerSum(AMOX_LATE)).toBe(before.quantity);
    expect(await count("SELECT 1 FROM outbox_events WHERE type = 'pickup.expired' AND aggregate_id = ?", id)).toBe(1);
    expect(await count("SELECT 1 FROM audit_log WHERE action = 'pickup.expire' AND entity_id = ?", id)).toBe(1);
    expect(await count('SELECT 1 FROM pickup_allocations WHERE reservation_id = ? AND released_at IS NOT NULL', id)).toBe(1);
    const shown = await call('GET', `/v1/consultations/${d.code}`, 'customer');
    expect(shown.body.advice.reservation.status).toBe('expired');
    // An expired reservation is no longer dispensed.
    expect((await call('POST', `/v1/pharmacist/pickups/${id}/dispense`, 'p1', { prescriptionSeen: true, paymentMethod: 'card', amountPaid: 90_000 })).body.error.code).toBe('PICKUP_NOT_RESERVED');
  });

  it('cancels a reservation (pharmacist), giving its stock back once', async () => {
    const d = await claimedConsultation();
    const before = (await batchRow(AMOX_LATE))!;
    const id = (await advise(d.id, { items: [item(ids.amoxicillin, AMOX_BOX, 1)], locationId: LOCATION })).body.advice.reservation.id;
    expect((await call('POST', `/v1/pharmacist/pickups/${id}/cancel`, 'admin', { reason: 'Khách đổi ý' })).status).toBe(403);
    const res = await call('POST', `/v1/pharmacist/pickups/${id}/cancel`, 'p1', { reason: 'Khách đổi ý' });
    expect(res.status).toBe(200);
    expect(res.body.status).toBe('cancelled');
    expect((await call('POST', `/v1/pharmacist/pickups/${id}/cancel`, 'p1', { reason: 'Lần nữa' })).status).toBe(409);
    expect((await batchRow(AMOX_LATE))!).toEqual(before);
  });

  it('puts the quote into the cart and checkout charges the quoted price while valid, the current price after expiry', async () => {
    // The price rises after the advice: the quote keeps the advised price.
    await env.DB.prepare('UPDATE product_units SET price = 15000 WHERE id = ?').bind(PARA_STRIP).run();
    expect((await call('POST', `/v1/consultations/${c.code}/quote/cart`, 'other')).status).toBe(404);
    expect((await call('POST', `/v1/consultations/${c.code}/quote/cart`, 'p1')).status).toBe(403);
    const added = await call('POST', `/v1/consultations/${c.code}/quote/cart`, 'customer');
    expect(added.status).toBe(200);
    expect(added.body.added).toBe(1);
    const line = added.body.cart.lines.find((l: any) => l.unitId === PARA_STRIP);
    const quoteItemId = advice.quote.items[0].id;
    expect(line).toMatchObject({ quantity: 2, unitPrice: 11_000, listPrice: 15_000, lineTotal: 22_000, quoteItemId, problem: null });
    // More than the pharmacist quoted is refused at the quoted price.
    expect((await call('PATCH', `/v1/cart/items/${line.id}`, 'customer', { quantity: 3 })).body.error.code).toBe('QUOTE_QUANTITY_EXCEEDED');

    const placed = await order([{ unitId: PARA_STRIP, quantity: 2, quoteItemId }]);
    expect(placed.status).toBe(201);
    expect(placed.body.subtotal).toBe(22_000);
    expect(await count('SELECT 1 FROM order_lines l JOIN orders o ON o.id = l.order_id WHERE o.code = ? AND l.quote_item_id = ? AND l.unit_price = 11000', placed.body.code, quoteItemId)).toBe(1);
    // Another customer naming the quote item (not in their cart) pays the current price.
    expect((await order([{ unitId: PARA_STRIP, quantity: 2, quoteItemId }], 'other')).body.subtotal).toBe(30_000);

    // The quote expires: the cart line and checkout price now, and the quote can no longer be added.
    await env.DB.prepare('UPDATE quotes SET expires_at = ? WHERE consultation_id = ?').bind(Date.now() - 1, c.id).run();
    const cart = await call('GET', '/v1/cart', 'customer');
    expect(cart.body.lines.find((l: any) => l.unitId === PARA_STRIP)).toMatchObject({ unitPrice: 15_000, quoteItemId: null });
    expect((await order([{ unitId: PARA_STRIP, quantity: 2, quoteItemId }])).body.subtotal).toBe(30_000);
    const expired = await call('POST', `/v1/consultations/${c.code}/quote/cart`, 'customer');
    expect(expired.status).toBe(409);
    expect(expired.body.error.code).toBe('QUOTE_EXPIRED');
    expect((await call('GET', `/v1/consultations/${c.code}`, 'customer')).body.advice.quote.expired).toBe(true);
  });
});

describe('a guest orders the quote (#15)', () => {
  it('puts a guest consultation\'s quote into the guest cart (identity cookie) and checkout charges the quoted price', async () => {
    const guest = { name: 'Lê Thu Hà', phone: '0912345678', email: 'thu.ha@example.com' };
    const id = '01TESTCONSULTGUEST0000000';
    const now = Date.now();
    await env.DB.prepare(
      "INSERT INTO consultations (id, code, user_id, guest_name, guest_phone, guest_email, status, contact_phone, created_at, updated_at) VALUES (?, 'TV0000GGGG', NULL, ?, ?, ?, 'submitted', ?, ?, ?)",
    )
      .bind(id, guest.name, guest.phone, guest.email, guest.phone, now, now)
      .run();
    expect((await call('POST', `/v1/pharmacist/consultations/${id}/claim`, 'p1')).status).toBe(200);
    const advised = await advise(id, { items: [item(ids.cleanser, '01TESTUNITCLEANSER00000000', 1)] });
    expect(advised.status).toBe(200);
    expect(advised.body.advice.reservation).toBeNull();
    const quoteItemId = advised.body.advice.quote.items[0].id;
    const identity = `${GUEST_COOKIE}=${await issueGuestIdentity(env.JWT_SECRET, guest, Math.floor(now / 1000))}`;
    // Without the guest identity: not found.
    expect((await call('POST', '/v1/consultations/TV0000GGGG/quote/cart', null)).status).toBe(404);
    const res = await api('/v1/consultations/TV0000GGGG/quote/cart', { method: 'POST', headers: { cookie: identity } });
    expect(res.status).toBe(200);
    const cartCookie = /mc_cart=[^;]+/.exec(res.headers.get('set-cookie') ?? '')![0];
    const body = await json(res);
    // The cleanser is on sale at 199 000 đ now; the quote keeps the price quoted at advice time.
    expect(body.cart.lines).toEqual([expect.objectContaining({ quoteItemId, unitPrice: advised.body.advice.quote.items[0].unitPrice })]);
    await env.DB.prepare('UPDATE product_units SET sale_price = NULL, price = 260000 WHERE id = ?').bind('01TESTUNITCLEANSER00000000').run();
    const placed = await call('POST', '/v1/orders', null, { items: [{ unitId: '01TESTUNITCLEANSER00000000', quantity: 1, quoteItemId }], address, paymentMethod: 'cod' }, { 'idempotency-key': 'advice-guest-order', cookie: cartCookie });
    expect(placed.status).toBe(201);
    expect(placed.body.subtotal).toBe(199_000);
  });
});

describe('THE online prescription rule and the epidemic exception switch (#15)', () => {
  it('refuses every prescription-only product in the cart and at checkout while the exception is off', async () => {
    expect((await call('GET', '/v1/admin/settings', 'admin')).body.rxOnlineException.enabled).toBe(false);
    const rx = await env.DB.prepare(
      'SELECT u.id FROM product_units u JOIN products p ON p.id = u.product_id WHERE p.prescription_required = 1 OR p.special_control = 1',
    ).all<{ id: string }>();
    expect(rx.results.length).toBeGreaterThanOrEqual(2);
    for (const { id } of rx.results) {
      const add = await call('POST', '/v1/cart/items', 'other', { unitId: id, quantity: 1 });
      expect(add.status, id).toBe(422);
      expect(add.body.error.code).toBe('RX_REQUIRES_CONSULTATION');
      const placed = await order([{ unitId: id, quantity: 1 }], 'other');
      expect(placed.status).toBe(422);
      expect(placed.body.error.details.lines[0].problem.code).toBe('RX_REQUIRES_CONSULTATION');
    }
  });

  it('audits every change of the switch (admin only, a note required)', async () => {
    expect((await call('PUT', '/v1/admin/settings/rx-online-exception', 'p1', { enabled: true, note: 'Dược sĩ thử bật công tắc' })).status).toBe(403);
    expect((await call('PUT', '/v1/admin/settings/rx-online-exception', 'admin', { enabled: true })).status).toBe(400);
    const on = await setException(true);
    expect(on.status).toBe(200);
    expect(on.body.rxOnlineException).toMatchObject({ enabled: true, note: 'Quyết định công bố dịch nhóm A của Bộ Y tế (thử nghiệm)', changedByName: 'Test admin' });
    const off = await setException(false);
    expect(off.body.rxOnlineException.enabled).toBe(false);
    const audit = await env.DB.prepare("SELECT actor_id AS actorId, data FROM audit_log WHERE action = 'settings.rx_online_exception' ORDER BY created_at, rowid").all<{ actorId: string; data: string }>();
    expect(audit.results.map((r) => ({ actorId: r.actorId, enabled: JSON.parse(r.data).enabled }))).toEqual([
      { actorId: 'advice-admin', enabled: true },
      { actorId: 'advice-admin', enabled: false },
    ]);
  });

  it('lets a prescription item of an advised quote be ordered online only while the switch is on, and a special-control drug never', async () => {
    await setException(true);
    // A plain add is still refused: only a quote item may carry it.
    expect((await call('POST', '/v1/cart/items', 'customer', { unitId: AMOX_BOX, quantity: 1 })).body.error.code).toBe('RX_REQUIRES_CONSULTATION');
    const d = await claimedConsultation();
    const res = await advise(d.id, { items: [item(ids.amoxicillin, AMOX_BOX, 1), item(CONTROLLED, CONTROLLED_UNIT, 1)], locationId: LOCATION });
    expect(res.status).toBe(200);
    // The prescription item goes into the quote; the special-control one is reserved for the counter.
    expect(res.body.advice.quote.items).toEqual([expect.objectContaining({ unitId: AMOX_BOX, prescriptionRequired: true, unitPrice: 90_000 })]);
    expect(res.body.advice.reservation.items).toEqual([expect.objectContaining({ productName: 'Thuốc kiểm soát đặc biệt' })]);
    expect((await call('POST', '/v1/cart/items', 'customer', { unitId: CONTROLLED_UNIT, quantity: 1 })).body.error.code).toBe('RX_REQUIRES_CONSULTATION');

    const added = await call('POST', `/v1/consultations/${d.code}/quote/cart`, 'customer');
    expect(added.status).toBe(200);
    const quoteItemId = res.body.advice.quote.items[0].id;
    expect(added.body.cart.lines.find((l: any) => l.unitId === AMOX_BOX)).toMatchObject({ quoteItemId, problem: null });
    const placed = await order([{ unitId: AMOX_BOX, quantity: 1, quoteItemId }]);
    expect(placed.status).toBe(201);
    expect(placed.body.lines).toEqual([expect.objectContaining({ productName: 'Beta Amoxicillin 500mg', unitPrice: 90_000 })]);

    // Switched off again: the same cart line and checkout refuse it.
    await setException(false);
    const cart = await call('GET', '/v1/cart', 'customer');
    expect(cart.body.lines.find((l: any) => l.unitId === AMOX_BOX).problem.code).toBe('RX_REQUIRES_CONSULTATION');
    const refused = await order([{ unitId: AMOX_BOX, quantity: 1, quoteItemId }]);
    expect(refused.status).toBe(422);
    expect(refused.body.error.details.lines[0].problem.code).toBe('RX_REQUIRES_CONSULTATION');
    // The quote was bought once already (quote-use.ts).
    expect((await call('POST', `/v1/consultations/${d.code}/quote/cart`, 'customer')).body.error.code).toBe('QUOTE_ALREADY_ORDERED');
  });
});

describe('pharmacy locations (#15)', () => {
  it('lists the seeded Ho Chi Minh City counter publicly, with its hours in Vietnamese and licence numbers marked fictitious', async () => {
    const res = await call('GET', '/v1/pharmacy-locations', null);
    expect(res.status).toBe(200);
    const seeded = res.body.items.find((l: any) => l.id === LOCATION);
    expect(seeded).toMatchObject({ name: 'Nhà thuốc Medicare Bến Thành', active: true, hoursText: 'Thứ 2 – Thứ 7: 07:00–22:00; Chủ nhật: 08:00–20:00' });
    expect(seeded.licenceNumber).toContain('giả lập');
    expect(seeded.gppCertificate).toContain('giả lập');
  });

  it('lets admins add and deactivate a location (audited); bad hours answer 400; an inactive location takes no reservation', async () => {
    const hours = { mon: [{ open: '08:00', close: '20:00' }], tue: [], wed: [], thu: [], fri: [], sat: [], sun: [] };
    const bad = await call('POST', '/v1/admin/pharmacy-locations', 'admin', { name: 'Nhà thuốc lỗi', address: '1 Lê Lợi, TP.HCM', phone: '02838220000', licenceNumber: 'X-1', gppCertificate: 'G-1', responsiblePharmacist: 'DS. A', hours: { ...hours, mon: [{ open: '20:00', close: '08:00' }] } });
    expect(bad.status).toBe(400);
    const created = await call('POST', '/v1/admin/pharmacy-locations', 'admin', { name: 'Nhà thuốc Medicare Thảo Điền', address: '12 Quốc Hương, Phường An Khánh, TP.HCM', phone: '028 3744 0000', licenceNumber: 'X-2', gppCertificate: 'G-2', responsiblePharmacist: 'DS. B', hours });
    expect(created.status).toBe(201);
    expect(created.body.phone).toBe('02837440000');
    const off = await call('PATCH', `/v1/admin/pharmacy-locations/${created.body.id}`, 'admin', { active: false });
    expect(off.body.active).toBe(false);
    expect((await call('GET', '/v1/pharmacy-locations', null)).body.items.map((l: any) => l.id)).not.toContain(created.body.id);
    expect(await count("SELECT 1 FROM audit_log WHERE entity_type = 'pharmacy_location' AND entity_id = ?", created.body.id)).toBe(2);
    const d = await claimedConsultation();
    const res = await advise(d.id, { items: [item(ids.amoxicillin, AMOX_BOX, 1)], locationId: created.body.id });
    expect(res.status).toBe(400);
    expect(res.body.error.code).toBe('LOCATION_NOT_FOUND');
  });
});
