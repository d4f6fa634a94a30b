/**
 * Verified-purchase reviews end to end through the api (#17, ADR 0037): an order reaches "delivered" the way real ones
 * do (admin waybill, GHN callbacks), the shopper reviews it with a photo, staff moderate it, the product's rating is
 * the aggregate of approved reviews only.
 */
import { env } from 'cloudflare:test';
import { beforeAll, describe, expect, it } from 'vitest';
import { afterVersionBound, api, hcmWard, ids, json, seedFixtures, tokenFor } from './fixtures';
import { contains, GPS_LATITUDE, jpegStripped, jpegWithGps } from './consultation-files';

const address = { recipientName: 'Trần Thị Mai', phone: '0903123456', provinceCode: '79', wardCode: '26743', street: '9 Pasteur' };
const PARA_UNIT = '01TESTUNITPARAVI0000000000';
const PARA_SLUG = 'alpha-paracetamol-500';
const tok = { shopper: '', other: '', third: '', pharmacist: '', admin: '' };
const bearer = (t: string) => ({ authorization: `Bearer ${t}` });
const JSON_H = { 'content-type': 'application/json' };
let tracking = 0;

beforeAll(async () => {
  await seedFixtures();
  await env.DB.batch([...hcmWard()]);
  tok.shopper = await tokenFor('customer', 'rv-shopper');
  tok.other = await tokenFor('customer', 'rv-other');
  tok.third = await tokenFor('customer', 'rv-third');
  tok.pharmacist = await tokenFor('pharmacist', 'rv-pharmacist');
  tok.admin = await tokenFor('admin', 'rv-admin');
  await env.DB.prepare("UPDATE users SET name = 'Trần Thị Mai' WHERE id = 'rv-shopper'").run();
  await env.DB.prepare("UPDATE users SET name = 'Lê Minh' WHERE id = 'rv-pharmacist'").run();
});

async function placeOrder(token: string, unitId = PARA_UNIT): Promise<string> {
  const res = await api('/v1/orders', {
    method: 'POST',
    headers: { ...JSON_H, 'idempotency-key': `rv-${Math.random().toString(36).slice(2)}`, ...bearer(token) },
    body: JSON.stringify({ items: [{ unitId, quantity: 1 }], address, paymentMethod: 'cod' }),
  });
  expect(res.status).toBe(201);
  return (await json(res)).code;
}

/** A COD order the carrier delivered: admin waybill, then GHN's picked and delivered callbacks. */
async function deliveredOrder(token: string, unitId = PARA_UNIT): Promise<string> {
  const code = await placeOrder(token, unitId);
  const trackingCode = `GHNRV${String(++tracking).padStart(4, '0')}`;
  const ship = await api(`/v1/admin/orders/${code}/shipments`, { method: 'POST', headers: { ...JSON_H, ...bearer(tok.admin) }, body: JSON.stringify({ carrier: 'ghn', trackingCode, fee: 22000 }) });
  expect(ship.status).toBe(201);
  for (const [Status, minute] of [['picked', 1], ['delivered', 2]] as const) {
    const hook = await api('/v1/hooks/ghn/ghn-hook-secret-0123456789', { method: 'POST', headers: JSON_H, body: JSON.stringify({ OrderCode: trackingCode, Status, Time: `2026-11-25T11:0${minute}:00+07:00` }) });
    expect(hook.status).toBe(200);
  }
  return code;
}

function reviewForm(p: { orderCode: string; productId?: string; rating?: number; body?: string }, photos: Array<{ bytes: Uint8Array; type: string; name: string }> = []) {
  const f = new FormData();
  f.set('payload', JSON.stringify({ orderCode: p.orderCode, productId: p.productId ?? ids.paracetamol, rating: p.rating ?? 5, body: p.body ?? 'Thuốc dùng tốt, hạ sốt nhanh cho cả nhà.' }));
  for (const ph of photos) f.append('photos', new Blob([ph.bytes], { type: ph.type }), ph.name);
  return f;
}
const postReview = (token: string, form: FormData) => api('/v1/reviews', { method: 'POST', headers: bearer(token), body: form });
const approve = (id: string, token = tok.pharmacist) => api(`/v1/admin/reviews/${id}/approve`, { method: 'POST', headers: bearer(token) });
const hide = (id: string, reason = 'spam', token = tok.admin) => api(`/v1/admin/reviews/${id}/hide`, { method: 'POST', headers: { ...JSON_H, ...bearer(token) }, body: JSON.stringify({ reason, note: 'Quảng cáo sản phẩm khác' }) });
const productRating = async (productId = ids.paracetamol) =>
  (await env.DB.prepare('SELECT rating_avg_x100 AS avg, rating_count AS count FROM products WHERE id = ?').bind(productId).first<{ avg: number; count: number }>())!;
const publicReviews = async (query = '') => json(await api(`/v1/product-reviews/${PARA_SLUG}${query}`));

async function newReview(token: string, rating: number, body?: string): Promise<string> {
  const code = await deliveredOrder(token);
  const res = await postReview(token, reviewForm({ orderCode: code, rating, body }));
  expect(res.status).toBe(201);
  return (await json(res)).id;
}

describe('reviews: who may review', () => {
  it('refuses a product never bought (403 REVIEW_NOT_PURCHASED), and another account’s order', async () => {
    const code = await deliveredOrder(tok.shopper);
    const neverBought = await postReview(tok.shopper, reviewForm({ orderCode: code, productId: ids.cleanser }));
    expect(neverBought.status).toBe(403);
    expect((await json(neverBought)).error.code).toBe('REVIEW_NOT_PURCHASED');
    const notMine = await postReview(tok.other, reviewForm({ orderCode: code }));
    expect(notMine.status).toBe(403);
    expect((await json(notMine)).error.code).toBe('REVIEW_NOT_PURCHASED');
    expect((await env.DB.prepare('SELECT COUNT(*) AS n FROM reviews WHERE order_id = (SELECT id FROM orders WHERE code = ?)').bind(code).first<{ n: number }>())!.n).toBe(0);
  });

  it('refuses an order not delivered yet (409 REVIEW_NOT_DELIVERED)', async () => {
    const code = await placeOrder(tok.shopper);
    const res = await postReview(tok.shopper, reviewForm({ orderCode: code }));
    expect(res.status).toBe(409);
    expect(await json(res)).toMatchObject({ error: { code: 'REVIEW_NOT_DELIVERED', details: { status: 'confirmed' } } });
    const lines = await json(await api('/v1/me/reviewable', { headers: bearer(tok.shopper) }));
    expect(lines.items.map((l: any) => l.orderCode)).not.toContain(code);
  });

  it('one review per product per order: the reviewable line goes away, a second review is refused (409 REVIEW_EXISTS)', async () => {
    const code = await deliveredOrder(tok.shopper);
    const before = await json(await api('/v1/me/reviewable', { headers: bearer(tok.shopper) }));
    expect(before.items).toContainEqual(expect.objectContaining({ orderCode: code, productId: ids.paracetamol, productSlug: PARA_SLUG }));
    const first = await postReview(tok.shopper, reviewForm({ orderCode: code, rating: 4 }));
    expect(first.status).toBe(201);
    expect(await json(first)).toMatchObject({ status: 'pending', rating: 4, authorName: 'T. T. Mai', verifiedPurchase: true });
    const again = await postReview(tok.shopper, reviewForm({ orderCode: code, rating: 1 }));
    expect(again.status).toBe(409);
    expect((await json(again)).error.code).toBe('REVIEW_EXISTS');
    const after = await json(await api('/v1/me/reviewable', { headers: bearer(tok.shopper) }));
    expect(after.items.map((l: any) => l.orderCode)).not.toContain(code);
  });

  it('is for signed-in shoppers only (401) and checks the body length (400)', async () => {
    const code = await deliveredOrder(tok.shopper);
    expect((await api('/v1/reviews', { method: 'POST', body: reviewForm({ orderCode: code }) })).status).toBe(401);
    const short = await postReview(tok.shopper, reviewForm({ orderCode: code, body: 'Tốt' }));
    expect(short.status).toBe(400);
  });
});

describe('reviews: photos', () => {
  it('strips EXIF/GPS before storing; the photo is the author’s and staff’s until approved, then public', async () => {
    const code = await deliveredOrder(tok.shopper);
    const res = await postReview(tok.shopper, reviewForm({ orderCode: code }, [{ bytes: jpegWithGps(), type: 'image/png', name: 'IMG_0001.png' }]));
    expect(res.status).toBe(201);
    const review = await json(res);
    expect(review.photos).toHaveLength(1);
    const url = review.photos[0].url as string;
    const stored = await env.DB.prepare('SELECT r2_key AS k, content_type AS t FROM review_photos WHERE review_id = ?').bind(review.id).first<{ k: string; t: string }>();
    expect(stored).toMatchObject({ t: 'image/jpeg' });
    expect(stored!.k.startsWith(`reviews/${review.id}/`)).toBe(true);

    const mine = await api(url, { headers: bearer(tok.shopper) });
    expect(mine.status).toBe(200);
    expect(mine.headers.get('cache-control')).toBe('private, no-store');
    const bytes = new Uint8Array(await mine.arrayBuffer());
    expect(bytes).toEqual(jpegStripped());
    expect(contains(bytes, GPS_LATITUDE)).toBe(false);
    expect((await api(url)).status).toBe(404);
    expect((await api(url, { headers: bearer(tok.other) })).status).toBe(404);
    expect((await api(url, { headers: bearer(tok.pharmacist) })).status).toBe(200);

    expect((await approve(review.id)).status).toBe(200);
    const open = await api(url);
    expect(open.status).toBe(200);
    expect(open.headers.get('cache-control')).toContain('public');
  });

  it('refuses a file that is not a JPEG/PNG/WebP whatever its name and type (415), and a 4th photo (400); nothing is stored', async () => {
    const code = await deliveredOrder(tok.shopper);
    const fake = { bytes: new TextEncoder().encode('%PDF-1.4\n%%EOF\n'), type: 'image/jpeg', name: 'anh.jpg' };
    const wrong = await postReview(tok.shopper, reviewForm({ orderCode: code }, [fake]));
    expect(wrong.status).toBe(415);
    expect((await json(wrong)).error.code).toBe('UNSUPPORTED_FILE_TYPE');
    const jpeg = { bytes: jpegWithGps(), type: 'image/jpeg', name: 'a.jpg' };
    const four = await postReview(tok.shopper, reviewForm({ orderCode: code }, [jpeg, jpeg, jpeg, jpeg]));
    expect(four.status).toBe(400);
    expect((await json(four)).error.code).toBe('TOO_MANY_FILES');
    expect((await env.DB.prepare('SELECT COUNT(*) AS n FROM reviews WHERE order_id = (SELECT id FROM orders WHERE code = ?)').bind(code).first<{ n: number }>())!.n).toBe(0);
  });
});

describe('reviews: moderation and the rating', () => {
  it('a pending review is not public; approving updates the rating exactly; hiding an approved one takes it back out', async () => {
    const start = await productRating();
    const startList = await publicReviews();
    const five = await newReview(tok.third, 5);
    const two = await newReview(tok.third, 2);
    // Pending: nowhere public.
    const pending = await publicReviews();
    expect(pending.items.map((r: any) => r.id)).not.toContain(five);
    expect(pending.summary.count).toBe(startList.summary.count);
    expect(await productRating()).toEqual(start);

    const feedSeq = () => env.DB.prepare('SELECT seq FROM search_feed WHERE product_id = ?').bind(ids.paracetamol).first<number>('seq');
    const seqBefore = (await feedSeq()) ?? 0;
    expect((await approve(five)).status).toBe(200);
    expect((await approve(two, tok.admin)).status).toBe(200);
    // The new rating reaches the Elasticsearch document too (migration 0037: the feed trigger watches the ratings).
    expect(await feedSeq()).toBeGreaterThan(seqBefore);
    const approvedRows = await env.DB.prepare("SELECT rating FROM reviews WHERE product_id = ? AND status = 'approved'").bind(ids.paracetamol).all<{ rating: number }>();
    const exact = (rs: number[]) => ({ avg: Math.round((rs.reduce((a, b) => a + b, 0) / rs.length) * 100), count: rs.length });
    expect(await productRating()).toEqual(exact(approvedRows.results.map((r) => r.rating)));
    const list = await publicReviews();
    expect(list.items.map((r: any) => r.id)).toEqual(expect.arrayContaining([five, two]));
    expect(list.summary.count).toBe(approvedRows.results.length);
    expect(list.summary.histogram['5']).toBeGreaterThanOrEqual(1);
    expect(list.summary.histogram['2']).toBeGreaterThanOrEqual(1);
    // The product answer (catalogue cache keyed by version: the moderation batch bumps it) carries the same rating.
    afterVersionBound();
    const product = await json(await api(`/v1/products/${PARA_SLUG}`));
    expect(product.rating).toEqual({ average: exact(approvedRows.results.map((r) => r.rating)).avg / 100, count: approvedRows.results.length });

    const hidden = await hide(two);
    expect(hidden.status).toBe(200);
    expect(await json(hidden)).toMatchObject({ status: 'hidden', moderation: { reason: 'spam', reasonLabel: 'Quảng cáo, spam' } });
    const remaining = approvedRows.results.map((r) => r.rating);
    remaining.splice(remaining.indexOf(2), 1);
    expect(await productRating()).toEqual(exact(remaining));
    expect((await publicReviews()).items.map((r: any) => r.id)).not.toContain(two);

    // Audited, without the review's text.
    const audit = await env.DB.prepare("SELECT action, data FROM audit_log WHERE entity_type = 'review' AND entity_id IN (?, ?) ORDER BY created_at").bind(five, two).all<{ action: string; data: string }>();
    expect(audit.results.map((a) => a.action).sort()).toEqual(['review.approve', 'review.approve', 'review.hide']);
    for (const a of audit.results) expect(a.data).not.toContain('Thuốc dùng tốt');
  });

  it('two approvals at once (double click, two moderators) count the review once', async () => {
    const id = await newReview(tok.third, 1);
    const before = await env.DB.prepare("SELECT COUNT(*) AS n, SUM(rating) AS s FROM reviews WHERE product_id = ? AND status = 'approved'").bind(ids.paracetamol).first<{ n: number; s: number }>();
    const answers = await Promise.all([approve(id), approve(id, tok.admin), approve(id)]);
    expect(answers.map((r) => r.status).sort()).toEqual([200, 409, 409]);
    const conflict = answers.find((r) => r.status === 409)!;
    expect((await json(conflict)).error.code).toBe('REVIEW_STATE_CONFLICT');
    const r = await productRating();
    expect(r.count).toBe(before!.n + 1);
    expect(r.avg).toBe(Math.round(((before!.s + 1) / (before!.n + 1)) * 100));
    expect((await env.DB.prepare("SELECT COUNT(*) AS n FROM audit_log WHERE entity_id = ? AND action = 'review.approve'").bind(id).first<{ n: number }>())!.n).toBe(1);
    // Hiding twice at once takes it out once.
    const hides = await Promise.all([hide(id), hide(id, 'other', tok.pharmacist)]);
    expect(hides.map((h) => h.status).sort()).toEqual([200, 409]);
    expect((await productRating()).count).toBe(before!.n);
  });

  it('the queue lists pending first, flagged first, oldest first, with the flags’ Vietnamese labels', async () => {
    const plain = await newReview(tok.third, 4, 'Sản phẩm đúng mô tả, giao nhanh.');
    const flagged = await newReview(tok.third, 4, 'Liên hệ zalo 0903123456 để mua rẻ hơn nhé.');
    const queue = await json(await api('/v1/admin/reviews?status=pending', { headers: bearer(tok.pharmacist) }));
    const order = queue.items.map((r: any) => r.id);
    expect(order.indexOf(flagged)).toBeLessThan(order.indexOf(plain));
    const f = queue.items.find((r: any) => r.id === flagged);
    expect(f.flags).toEqual(expect.arrayContaining([{ code: 'contact', label: 'Có số điện thoại hoặc email' }, { code: 'banned_word', label: 'Có từ ngữ bị cấm' }]));
    expect(queue.hideReasons.length).toBeGreaterThan(3);
    const all = await json(await api('/v1/admin/reviews', { headers: bearer(tok.admin) }));
    const firstNonPending = all.items.findIndex((r: any) => r.status !== 'pending');
    const lastPending = all.items.map((r: any) => r.status).lastIndexOf('pending');
    if (firstNonPending >= 0) expect(lastPending).toBeLessThan(firstNonPending);
  });

  it('a pharmacist replies (shown as "Dược sĩ <tên> trả lời"); an admin may not reply', async () => {
    const id = await newReview(tok.third, 5);
    expect((await approve(id)).status).toBe(200);
    const byAdmin = await api(`/v1/admin/reviews/${id}/reply`, { method: 'PUT', headers: { ...JSON_H, ...bearer(tok.admin) }, body: JSON.stringify({ body: 'Cảm ơn bạn.' }) });
    expect(byAdmin.status).toBe(403);
    const res = await api(`/v1/admin/reviews/${id}/reply`, { method: 'PUT', headers: { ...JSON_H, ...bearer(tok.pharmacist) }, body: JSON.stringify({ body: 'Cảm ơn bạn, nhớ uống sau ăn nhé.' }) });
    expect(res.status).toBe(200);
    const pub = (await publicReviews('?limit=50')).items.find((r: any) => r.id === id);
    expect(pub.reply).toMatchObject({ body: 'Cảm ơn bạn, nhớ uống sau ăn nhé.', heading: 'Dược sĩ Lê Minh trả lời' });
    const audit = await env.DB.prepare("SELECT data FROM audit_log WHERE entity_id = ? AND action = 'review.reply'").bind(id).first<{ data: string }>();
    expect(audit!.data).not.toContain('uống');
  });
});

describe('reviews: the product page list', () => {
  it('a product the shop does not show has no public reviews (404), and its photos are not public', async () => {
    const res = await postReview(tok.third, reviewForm({ orderCode: await deliveredOrder(tok.third) }, [{ bytes: jpegWithGps(), type: 'image/jpeg', name: 'hop-thuoc.jpg' }]));
    expect(res.status).toBe(201);
    const review = await json(res);
    expect((await approve(review.id)).status).toBe(200);
    const photo = (await env.DB.prepare('SELECT id FROM review_photos WHERE review_id = ?').bind(review.id).first<string>('id'))!;
    expect((await api(`/v1/review-photos/${photo}`)).status).toBe(200);
    await env.DB.prepare('UPDATE products SET visible = 0 WHERE slug = ?').bind(PARA_SLUG).run();
    try {
      expect((await api(`/v1/product-reviews/${PARA_SLUG}`)).status).toBe(404);
      expect((await api(`/v1/review-photos/${photo}`)).status).toBe(404);
    } finally {
      await env.DB.prepare('UPDATE products SET visible = 1 WHERE slug = ?').bind(PARA_SLUG).run();
    }
  });

  it('filters by star, pages with a cursor, sorts by most helpful', async () => {
    const all = await publicReviews('?limit=50');
    const fives = await publicReviews('?star=5&limit=50');
    expect(fives.items.length).toBe(all.summary.histogram['5']);
    expect(fives.items.every((r: any) => r.rating === 5)).toBe(true);
    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const page: any = await publicReviews(`?limit=1${cursor ? `&cursor=${cursor}` : ''}`);
      seen.push(...page.items.map((r: any) => r.id));
      cursor = page.nextCursor;
    } while (cursor);
    expect(seen).toEqual(all.items.map((r: any) => r.id));
    const bad = await api(`/v1/product-reviews/${PARA_SLUG}?sort=helpful&cursor=${all.nextCursor ?? encodeURIComponent(btoa('["reviews:newest:0",[1],"x"]'))}`);
    expect(bad.status).toBe(400);
    expect((await api('/v1/product-reviews/khong-co')).status).toBe(404);
  });

  it('helpful: one vote per account, idempotent, not on one’s own review, not on a pending one', async () => {
    const id = await newReview(tok.third, 4);
    const vote = (token: string) => api(`/v1/reviews/${id}/helpful`, { method: 'POST', headers: bearer(token) });
    expect((await vote(tok.other)).status).toBe(404); // pending
    expect((await approve(id)).status).toBe(200);
    const first = await vote(tok.other);
    expect(first.status).toBe(200);
    expect(await json(first)).toEqual({ helpfulCount: 1, voted: true });
    expect(await json(await vote(tok.other))).toEqual({ helpfulCount: 1, voted: true });
    expect(await json(await vote(tok.shopper))).toEqual({ helpfulCount: 2, voted: true });
    const own = await vote(tok.third);
    expect(own.status).toBe(403);
    expect((await json(own)).error.code).toBe('REVIEW_OWN');
    const top = await publicReviews('?sort=helpful&limit=1');
    expect(top.items[0]).toMatchObject({ id, helpfulCount: 2 });
  });
});

describe('reviews: returned goods (#17 review finding d)', () => {
  const staffPost = (path: string, body: unknown) => api(path, { method: 'POST', headers: { ...JSON_H, ...bearer(tok.admin) }, body: JSON.stringify(body) });
  const reviewRow = (id: string) =>
    env.DB.prepare('SELECT status, moderation_reason AS reason, moderated_by AS by FROM reviews WHERE id = ?').bind(id).first<{ status: string; reason: string | null; by: string | null }>();
  const exactRating = async () => {
    const rows = (await env.DB.prepare("SELECT rating FROM reviews WHERE product_id = ? AND status = 'approved'").bind(ids.paracetamol).all<{ rating: number }>()).results.map((r) => r.rating);
    return { avg: rows.length ? Math.round((rows.reduce((a, b) => a + b, 0) / rows.length) * 100) : 0, count: rows.length };
  };

  it('a return received by staff hides the order’s approved review (reason "returned") and recomputes the rating in the same batch; it cannot be approved again', async () => {
    const code = await deliveredOrder(tok.third);
    const created = await postReview(tok.third, reviewForm({ orderCode: code, rating: 1, body: 'Hộp thuốc bị móp, tôi trả lại.' }));
    expect(created.status).toBe(201);
    const id = (await json(created)).id as string;
    expect((await approve(id)).status).toBe(200);
    const withIt = await productRating();
    expect(withIt).toEqual(await exactRating());
    afterVersionBound();
    expect((await json(await api(`/v1/products/${PARA_SLUG}`))).rating.count).toBe(withIt.count);

    expect((await staffPost(`/v1/admin/orders/${code}/status`, { to: 'return_requested', reason: 'Khách yêu cầu trả hàng' })).status).toBe(200);
    // Asking for a return is not a return: the review still counts.
    expect((await reviewRow(id))!.status).toBe('approved');
    const lineId = (await json(await api(`/v1/admin/orders/${code}`, { headers: bearer(tok.admin) }))).lines[0].id as string;
    const received = await staffPost(`/v1/admin/orders/${code}/return`, { reason: 'Nhận hàng hoàn trả', lines: [{ lineId, disposition: 'restock' }] });
    expect(received.status).toBe(200);

    expect(await reviewRow(id)).toEqual({ status: 'hidden', reason: 'returned', by: null });
    const after = await productRating();
    expect(after).toEqual(await exactRating());
    expect(after.count).toBe(withIt.count - 1);
    expect((await publicReviews('?limit=50')).items.map((r: any) => r.id)).not.toContain(id);
    // The product answer (cached by catalogue version) follows: the return's batch bumped the version.
    afterVersionBound();
    expect((await json(await api(`/v1/products/${PARA_SLUG}`))).rating.count).toBe(after.count);
    // The console shows why.
    const queue = await json(await api('/v1/admin/reviews?status=hidden&limit=100', { headers: bearer(tok.pharmacist) }));
    expect(queue.items.find((r: any) => r.id === id).moderation).toMatchObject({ reason: 'returned', reasonLabel: 'Đơn hàng đã được trả lại' });

    const again = await approve(id);
    expect(again.status).toBe(409);
    expect((await json(again)).error.code).toBe('REVIEW_ORDER_RETURNED');
    expect(await productRating()).toEqual(after);
  });

  it('a pending review of the returned order is hidden too; another order’s approved review of the product still counts', async () => {
    const kept = await newReview(tok.other, 5);
    expect((await approve(kept)).status).toBe(200);
    const code = await deliveredOrder(tok.third);
    const id = (await json(await postReview(tok.third, reviewForm({ orderCode: code, rating: 3 })))).id as string;
    const before = await productRating();
    const version = () => env.DB.prepare("SELECT value FROM meta WHERE key = 'catalog_version'").first<number>('value');
    expect((await staffPost(`/v1/admin/orders/${code}/status`, { to: 'return_requested', reason: 'Khách yêu cầu trả hàng' })).status).toBe(200);
    const v0 = await version();
    const lineId = (await json(await api(`/v1/admin/orders/${code}`, { headers: bearer(tok.admin) }))).lines[0].id as string;
    expect((await staffPost(`/v1/admin/orders/${code}/return`, { reason: 'Hàng hỏng, hủy', lines: [{ lineId, disposition: 'write_off' }] })).status).toBe(200);
    expect(await reviewRow(id)).toEqual({ status: 'hidden', reason: 'returned', by: null });
    expect((await reviewRow(kept))!.status).toBe('approved');
    // It never counted: the rating and the catalogue version stay as they were.
    expect(await productRating()).toEqual(before);
    expect(await version()).toBe(v0);
  });
});

describe('reviews: "Đánh giá của tôi" (#17 review finding g)', () => {
  it('lists my reviews whatever their status, with the hide reason, newest first, paged; never another account’s', async () => {
    const me = await tokenFor('customer', 'rv-mine');
    const pending = await newReview(me, 4, 'Đang chờ duyệt, thuốc dùng ổn.');
    const approved = await newReview(me, 5, 'Thuốc tốt, đã được duyệt.');
    const hidden = await newReview(me, 1, 'Mua ở chỗ khác rẻ hơn nhiều.');
    expect((await approve(approved)).status).toBe(200);
    expect((await hide(hidden, 'off_topic')).status).toBe(200);
    const reply = await api(`/v1/admin/reviews/${approved}/reply`, { method: 'PUT', headers: { ...JSON_H, ...bearer(tok.pharmacist) }, body: JSON.stringify({ body: 'Cảm ơn bạn đã tin dùng.' }) });
    expect(reply.status).toBe(200);

    const res = await api('/v1/me/reviews', { headers: bearer(me) });
    expect(res.status).toBe(200);
    const mine = await json(res);
    expect(mine.items.map((r: any) => r.id)).toEqual([hidden, approved, pending]);
    expect(mine.items[0]).toMatchObject({ status: 'hidden', statusLabel: 'Đã ẩn', hiddenReason: { code: 'off_topic', label: 'Không liên quan đến sản phẩm' }, product: { slug: PARA_SLUG }, rating: 1 });
    expect(mine.items[0]).not.toHaveProperty('moderation');
    expect(mine.items[1]).toMatchObject({ status: 'approved', statusLabel: 'Đã duyệt', hiddenReason: null, reply: { heading: 'Dược sĩ Lê Minh trả lời' } });
    expect(mine.items[2]).toMatchObject({ status: 'pending', statusLabel: 'Chờ duyệt', hiddenReason: null, body: 'Đang chờ duyệt, thuốc dùng ổn.' });
    expect(typeof mine.items[2].orderCode).toBe('string');

    const first = await json(await api('/v1/me/reviews?limit=2', { headers: bearer(me) }));
    expect(first.items.map((r: any) => r.id)).toEqual([hidden, approved]);
    const second = await json(await api(`/v1/me/reviews?limit=2&cursor=${encodeURIComponent(first.nextCursor)}`, { headers: bearer(me) }));
    expect(second).toEqual({ items: [expect.objectContaining({ id: pending })], nextCursor: null });
    expect((await api('/v1/me/reviews?cursor=abc', { headers: bearer(me) })).status).toBe(400);

    const others = await json(await api('/v1/me/reviews?limit=50', { headers: bearer(tok.other) }));
    expect(others.items.map((r: any) => r.id)).not.toEqual(expect.arrayContaining([pending]));
    expect((await api('/v1/me/reviews')).status).toBe(401);
  });
});
