/**
 * #15 review fixes (ADR 0030): a quote item is bought once (quote-use.ts, guarded inside the checkout batch), an order
 * cancelled gives it back while the quote is valid, and the advice view says when the epidemic exception was switched
 * off after the advice (`rxOnlineUnavailable`). Through SELF.fetch on the real local D1.
 */
import { env } from 'cloudflare:test';
import { beforeAll, describe, expect, it } from 'vitest';
import { hcmWard, ids, seedFixtures } from './fixtures';
import { AMOX_BOX, consultationHarness, item, LOCATION, PARA_STRIP } from './consultation-fixtures';

const { signIn, call, claimedConsultation, advise, setException, order } = consultationHarness({
  users: { p1: ['pharmacist', 'qu-pharmacist'], admin: ['admin', 'qu-admin'], customer: ['customer', 'qu-customer'] },
  idPrefix: '01TESTQUOTEUSE',
  codeBase: 700,
  keyPrefix: 'qu',
});
const linesOf = async (quoteItemId: string) =>
  (await env.DB.prepare("SELECT COUNT(*) AS n FROM order_lines l JOIN orders o ON o.id = l.order_id WHERE l.quote_item_id = ? AND o.status NOT IN ('cancelled', 'expired')").bind(quoteItemId).first<{ n: number }>())!.n;

beforeAll(async () => {
  await seedFixtures();
  await env.DB.batch(hcmWard());
  await signIn();
});

describe('a quote item is bought once (#15 review)', () => {
  it('of three concurrent checkouts of one prescription quote item exactly one is placed; the others are refused', async () => {
    await setException(true);
    try {
      const d = await claimedConsultation();
      const res = await advise(d.id, { items: [item(ids.amoxicillin, AMOX_BOX, 1)], locationId: LOCATION });
      const quoteItemId = res.body.advice.quote.items[0].id;
      expect((await call('POST', `/v1/consultations/${d.code}/quote/cart`, 'customer')).status).toBe(200);
      const results = await Promise.all([1, 2, 3].map(() => order([{ unitId: AMOX_BOX, quantity: 1, quoteItemId }])));
      expect(results.filter((r) => r.status === 201)).toHaveLength(1);
      // The losers: refused inside the checkout batch (409) or, once the winner committed, priced without the quote (422 Rx).
      for (const r of results.filter((x) => x.status !== 201)) expect(['QUOTE_ALREADY_ORDERED', 'CHECKOUT_PROBLEMS']).toContain(r.body.error.code);
      expect(await linesOf(quoteItemId)).toBe(1);
    } finally {
      await setException(false);
    }
  });

  it('refuses a consumed quote (409 QUOTE_ALREADY_ORDERED, shown as ordered); a cancelled order gives it back at the quoted price', async () => {
    const d = await claimedConsultation();
    const res = await advise(d.id, { items: [item(ids.paracetamol, PARA_STRIP, 1)] });
    const quoteItemId = res.body.advice.quote.items[0].id;
    const price = res.body.advice.quote.items[0].unitPrice;
    expect(res.body.advice.quote.items[0].ordered).toBe(false);
    await env.DB.prepare('UPDATE product_units SET price = price * 2 WHERE id = ?').bind(PARA_STRIP).run();
    try {
      expect((await call('POST', `/v1/consultations/${d.code}/quote/cart`, 'customer')).status).toBe(200);
      const first = await order([{ unitId: PARA_STRIP, quantity: 1, quoteItemId }]);
      expect(first.status).toBe(201);
      expect(first.body.subtotal).toBe(price);

      const again = await call('POST', `/v1/consultations/${d.code}/quote/cart`, 'customer');
      expect(again.status).toBe(409);
      expect(again.body.error.code).toBe('QUOTE_ALREADY_ORDERED');
      expect((await call('GET', `/v1/consultations/${d.code}`, 'customer')).body.advice.quote.items[0].ordered).toBe(true);
      // Naming the item anyway: priced now, not at the quote.
      expect((await order([{ unitId: PARA_STRIP, quantity: 1, quoteItemId }])).body.subtotal).toBe(price * 2);

      expect((await call('POST', `/v1/orders/${first.body.code}/cancel`, 'customer')).status).toBe(200);
      expect((await call('GET', `/v1/consultations/${d.code}`, 'customer')).body.advice.quote.items[0].ordered).toBe(false);
      expect((await call('POST', `/v1/consultations/${d.code}/quote/cart`, 'customer')).status).toBe(200);
      const reordered = await order([{ unitId: PARA_STRIP, quantity: 1, quoteItemId }]);
      expect(reordered.status).toBe(201);
      expect(reordered.body.subtotal).toBe(price);
      // The line priced now does not carry the quote item; the cancelled order no longer holds it.
      expect(await linesOf(quoteItemId)).toBe(1);
    } finally {
      await env.DB.prepare('UPDATE product_units SET price = price / 2 WHERE id = ?').bind(PARA_STRIP).run();
    }
  });
});

describe('the exception switched off after the advice (#15 review)', () => {
  it('tells the shopper the prescription items of the quote can no longer be ordered online (rxOnlineUnavailable)', async () => {
    await setException(true);
    const d = await claimedConsultation();
    const res = await advise(d.id, { items: [item(ids.amoxicillin, AMOX_BOX, 1), item(ids.paracetamol, PARA_STRIP, 1)], locationId: LOCATION });
    expect(res.status).toBe(200);
    expect(res.body.advice.quote.rxOnlineUnavailable).toBe(false);
    await setException(false);
    const detail = await call('GET', `/v1/consultations/${d.code}`, 'customer');
    expect(detail.body.advice.quote).toMatchObject({ rxOnlineUnavailable: true, items: [expect.objectContaining({ unitId: AMOX_BOX, prescriptionRequired: true }), expect.anything()] });
  });
});
