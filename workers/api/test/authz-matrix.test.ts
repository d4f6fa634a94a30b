/**
 * The authorisation matrix: every route of the api Worker, called as each kind of caller. A route added without a
 * row here fails the first test, so nobody ships an endpoint without stating who may call it. List routes are read:
 * no caller sees customer A's orders, addresses, cart lines or sessions but A. A refused write (401/403/404 where
 * another caller succeeds or is refused differently) must leave the database as it was. The app.all() handlers are
 * an explicit allow-list (the satellite forwards, whose matrix is satellite-matrix.test.ts).
 */
import { env } from 'cloudflare:test';
import { beforeAll, describe, expect, it } from 'vitest';
import { app } from '../src/app';
import type { Role } from '@medicare/shared/http/auth';
import { api, hcmWard, ids, PNG_96, seedFixtures, tokenFor } from './fixtures';

beforeAll(async () => {
  await seedFixtures();
  await env.DB.batch([
    ...hcmWard(),
  ]);
});

type Caller = 'anonymous' | 'customerA' | 'customerB' | 'pharmacist' | 'admin';
const CALLERS: Caller[] = ['anonymous', 'customerA', 'customerB', 'pharmacist', 'admin'];
const PUBLIC = { anonymous: 200, customerA: 200, customerB: 200, pharmacist: 200, admin: 200 } as const;
const ADMIN_ONLY = (ok: number) => ({ anonymous: 401, customerA: 403, customerB: 403, pharmacist: 403, admin: ok }) as const;
const SIGNED_IN = (ok: number) => ({ anonymous: 401, customerA: ok, customerB: ok, pharmacist: ok, admin: ok }) as const;
const ALL = (status: number) => ({ anonymous: status, customerA: status, customerB: status, pharmacist: status, admin: status }) as const;
const JSON_HEADERS = { 'content-type': 'application/json' };
const body = (f: (caller: Caller) => unknown) => (caller: Caller) => JSON.stringify(f(caller));

interface Row {
  /** Concrete request for the route. */
  path: string;
  body?: (caller: Caller) => BodyInit;
  headers?: Record<string, string>;
  /** Call with a fresh sign-in of the same caller (for routes that end the session they are called with). */
  fresh?: boolean;
  /** Send a fresh Idempotency-Key. */
  idempotent?: boolean;
  expect: Record<Caller, number>;
  /** #17 alerts: one-click email links answer with a redirect, which is the answer under test (not followed). */
  redirect?: 'manual';
  /** Reads the answer: what this caller may and may not see. */
  check?: (caller: Caller, body: any) => void;
}

/** Customer A's things in a list answer: only A's own list may contain them. */
const onlyA = (list: (body: any) => unknown[], idOf: () => string) => (caller: Caller, body: any) => {
  const ids = list(body);
  if (caller === 'customerA') expect(ids).toContain(idOf());
  else expect(ids).not.toContain(idOf());
};

const ORDER_BODY = { items: [{ unitId: '01TESTUNITPARAVI0000000000', quantity: 1 }], address: { recipientName: 'A', phone: '0903123456', provinceCode: '79', wardCode: '26743', street: '1 Lê Lợi' }, paymentMethod: 'cod' };
let orderOfA = '';
let cartItemOfA = '';
/** #15 consult: two consultations of customer A (one is cancelled by its matrix row, one is claimed). */
const consultOfA = { code: '', id: '', claimable: '' };
const consultationForm = () => {
  const f = new FormData();
  f.set('payload', JSON.stringify({ productIds: [ids.amoxicillin], contactPhone: '0903123456' }));
  f.append('files', new Blob([PNG_96], { type: 'image/png' }), 'don-thuoc.png');
  return f;
};
const OTP_PHONES: Record<Caller, string> = { anonymous: '0912700001', customerA: '0912700002', customerB: '0912700003', pharmacist: '0912700004', admin: '0912700005' };
let chatOfA = '';
/** #17 reviews: customer A's approved review and the photo of A's pending one (written straight into D1 below). */
const REVIEW_A = '01MATRIXREVIEWA00000000000';
const REVIEW_PENDING_A = '01MATRIXREVIEWPENDING00000';
const REVIEW_PHOTO_A = '01MATRIXREVIEWPHOTO0000000';
const reviewForm = () => {
  const f = new FormData();
  f.set('payload', JSON.stringify({ orderCode: orderOfA, productId: ids.paracetamol, rating: 5, body: 'Thuốc tốt, giao hàng nhanh.' }));
  return f;
};

const form = () => {
  const f = new FormData();
  f.set('file', new Blob([PNG_96], { type: 'image/png' }), 'a.png');
  f.set('alt', 'Ảnh');
  return f;
};

const pdfForm = () => {
  const f = new FormData();
  f.set('file', new Blob([new TextEncoder().encode('%PDF-1.4\n%%EOF\n')], { type: 'application/pdf' }), 'chung-nhan.pdf');
  return f;
};
/** #14 io: a one-row products CSV upload. */
const importForm = () => {
  const f = new FormData();
  f.set('file', new Blob(['product_name,prices\nThử,[]\n'], { type: 'text/csv' }), 'thu.csv');
  f.set('kind', 'products');
  return f;
};

const MATRIX: Record<string, Row> = {
  'GET /health': { path: '/health', expect: PUBLIC },
  'GET /openapi.json': { path: '/openapi.json', expect: PUBLIC },
  'GET /docs': { path: '/docs', expect: PUBLIC },
  'GET /v1/categories': { path: '/v1/categories', expect: PUBLIC },
  'GET /v1/articles': { path: '/v1/articles', expect: PUBLIC },
  'GET /v1/articles/:slug': { path: '/v1/articles/khong-co-bai-nay', expect: ALL(404) },
  'GET /v1/categories/:slug': { path: '/v1/categories/thuoc', expect: PUBLIC },
  'GET /v1/brands': { path: '/v1/brands', expect: PUBLIC },
  'GET /v1/brands/:slug': { path: '/v1/brands/alpha', expect: PUBLIC },
  'GET /v1/products': { path: '/v1/products', expect: PUBLIC },
  'GET /v1/products/:slug': { path: '/v1/products/alpha-paracetamol-500', expect: PUBLIC },
  'GET /v1/images/:key{.+}': { path: '/v1/images/products/placeholder/test-box.png', expect: PUBLIC },
  'GET /v1/search': { path: '/v1/search?q=paracetamol', expect: PUBLIC },
  'GET /v1/search/suggest': { path: '/v1/search/suggest?q=para', expect: PUBLIC },
  'GET /v1/locations/provinces': { path: '/v1/locations/provinces', expect: PUBLIC },
  'GET /v1/locations/provinces/:code/wards': { path: '/v1/locations/provinces/79/wards', expect: PUBLIC },
  // #15 consult: consultations are the owner's (an account or the guest identity) and staff's to read; anyone else gets 404.
  'POST /v1/consultations/otp': { path: '/v1/consultations/otp', headers: JSON_HEADERS, body: body((c) => ({ name: 'Khách', phone: OTP_PHONES[c], email: `otp-${c}@matrix.test` })), expect: ALL(202) },
  'POST /v1/consultations/otp/verify': { path: '/v1/consultations/otp/verify', headers: JSON_HEADERS, body: body((c) => ({ phone: OTP_PHONES[c], code: '000000' })), expect: ALL(400) },
  'POST /v1/consultations/guest-link': { path: '/v1/consultations/guest-link', headers: JSON_HEADERS, body: body(() => ({ token: 'x'.repeat(40) })), expect: ALL(404) },
  'POST /v1/consultations': { path: '/v1/consultations', body: consultationForm, expect: SIGNED_IN(201) },
  'GET /v1/consultations': { path: '/v1/consultations', expect: SIGNED_IN(200), check: onlyA((b) => b.items.map((i: { code: string }) => i.code), () => consultOfA.code) },
  'GET /v1/consultations/:code': { path: '/v1/consultations/{TV_A}', expect: { anonymous: 404, customerA: 200, customerB: 404, pharmacist: 200, admin: 200 } },
  'POST /v1/consultations/:code/cancel': { path: '/v1/consultations/{TV_A}/cancel', expect: { anonymous: 404, customerA: 200, customerB: 404, pharmacist: 403, admin: 403 } },
  'GET /v1/consultation-files/:token': { path: `/v1/consultation-files/${'x'.repeat(30)}`, expect: ALL(404) },
  'GET /v1/pharmacist/consultations': { path: '/v1/pharmacist/consultations?status=all', expect: { anonymous: 401, customerA: 403, customerB: 403, pharmacist: 200, admin: 200 } },
  'GET /v1/pharmacist/consultations/:id': { path: '/v1/pharmacist/consultations/{TV_A_ID}', expect: { anonymous: 401, customerA: 403, customerB: 403, pharmacist: 200, admin: 200 } },
  'POST /v1/pharmacist/consultations/:id/claim': { path: '/v1/pharmacist/consultations/{TV_A_CLAIM}/claim', expect: { anonymous: 401, customerA: 403, customerB: 403, pharmacist: 200, admin: 403 } },
  'POST /v1/pharmacist/consultations/:id/release': { path: '/v1/pharmacist/consultations/01NOSUCHCONSULTATION000000/release', expect: { anonymous: 401, customerA: 403, customerB: 403, pharmacist: 404, admin: 403 } },
  'PATCH /v1/admin/products/:id': {
    path: `/v1/admin/products/${ids.serum}`,
    body: () => JSON.stringify({ shortDescription: 'Serum dưỡng ẩm.' }),
    headers: { 'content-type': 'application/json' },
    expect: ADMIN_ONLY(200),
  },
  'POST /v1/admin/products/:id/images': { path: `/v1/admin/products/${ids.serum}/images`, body: form, expect: ADMIN_ONLY(201) },
  // #14 model: product writes (admin), staff reads (admin, pharmacist), pharmacist decisions (pharmacist only).
  'POST /v1/admin/products': {
    path: '/v1/admin/products',
    headers: JSON_HEADERS,
    body: body((c) => ({
      name: `Ma Trận ${c}`, shortDescription: 'Sản phẩm thử.', description: 'Mô tả.', categoryId: ids.catHaSot, brandId: ids.brandAlpha, manufacturer: null,
      registrationNumber: 'VD-12345-20', prescriptionRequired: false, specialControl: false, dosageForm: 'Viên nén', packSpec: 'Hộp 1 vỉ', baseUnit: 'viên',
      ingredients: [], indications: 'Thử.', countryOfOrigin: 'Việt Nam', lowStockThreshold: 0, visible: true,
      units: [{ name: 'Hộp', factor: 10, price: 10_000, weightGrams: 10, isDefault: true }],
    })),
    expect: ADMIN_ONLY(201),
  },
  'GET /v1/admin/products/:id': { path: `/v1/admin/products/${ids.serum}`, expect: { anonymous: 401, customerA: 403, customerB: 403, pharmacist: 200, admin: 200 } },
  'DELETE /v1/admin/products/:id': { path: '/v1/admin/products/01TESTPRODBULK000000000003', expect: ADMIN_ONLY(200) },
  'POST /v1/admin/products/:id/restore': { path: '/v1/admin/products/01TESTPRODBULK000000000003/restore', expect: ADMIN_ONLY(200) },
  'GET /v1/admin/approvals': { path: '/v1/admin/approvals', expect: { anonymous: 401, customerA: 403, customerB: 403, pharmacist: 200, admin: 200 } },
  'GET /v1/admin/approvals/:revisionId': { path: `/v1/admin/approvals/R${ids.pending}`, expect: { anonymous: 401, customerA: 403, customerB: 403, pharmacist: 200, admin: 200 } },
  'POST /v1/admin/approvals/:revisionId/approve': { path: '/v1/admin/approvals/01NOSUCHREVISION0000000000/approve', headers: JSON_HEADERS, body: body(() => ({})), expect: { anonymous: 401, customerA: 403, customerB: 403, pharmacist: 404, admin: 403 } },
  'POST /v1/admin/approvals/:revisionId/reject': { path: '/v1/admin/approvals/01NOSUCHREVISION0000000000/reject', headers: JSON_HEADERS, body: body(() => ({ note: 'Sai thông tin' })), expect: { anonymous: 401, customerA: 403, customerB: 403, pharmacist: 404, admin: 403 } },
  // #14 products: the staff list (admin, pharmacist), bulk actions and media (admin), the certificate download (staff).
  'GET /v1/admin/products': { path: '/v1/admin/products?limit=5', expect: { anonymous: 401, customerA: 403, customerB: 403, pharmacist: 200, admin: 200 } },
  'POST /v1/admin/products/bulk': { path: '/v1/admin/products/bulk', headers: JSON_HEADERS, body: body(() => ({ ids: [ids.serum], action: 'show' })), expect: ADMIN_ONLY(200) },
  'PUT /v1/admin/products/:id/images/order': { path: `/v1/admin/products/${ids.paracetamol}/images/order`, headers: JSON_HEADERS, body: body(() => ({ ids: ['01TESTIMGPARA000000000000'] })), expect: ADMIN_ONLY(200) },
  'POST /v1/admin/products/:id/images/:imageId/primary': { path: `/v1/admin/products/${ids.paracetamol}/images/01TESTIMGPARA000000000000/primary`, expect: ADMIN_ONLY(200) },
  'DELETE /v1/admin/products/:id/images/:imageId': { path: `/v1/admin/products/${ids.paracetamol}/images/01NOSUCHIMAGE000000000000`, expect: ADMIN_ONLY(404) },
  'PUT /v1/admin/products/:id/certificate': { path: `/v1/admin/products/${ids.cleanser}/certificate`, body: pdfForm, expect: ADMIN_ONLY(200) },
  'GET /v1/admin/products/:id/certificate': { path: `/v1/admin/products/${ids.ibuprofen}/certificate`, expect: { anonymous: 401, customerA: 403, customerB: 403, pharmacist: 404, admin: 404 } },
  'DELETE /v1/admin/products/:id/certificate': { path: `/v1/admin/products/${ids.ibuprofen}/certificate`, expect: ADMIN_ONLY(404) },
  // Accounts: public endpoints answer everyone the same way (and never reveal whether an email exists).
  'POST /v1/auth/register': { path: '/v1/auth/register', headers: JSON_HEADERS, body: body((c) => ({ email: `${c}@matrix.test`, password: 'MatKhau2026', name: 'Ma Trận', acceptPrivacyPolicy: true })), expect: ALL(202) },
  'POST /v1/auth/verify-email': { path: '/v1/auth/verify-email', headers: JSON_HEADERS, body: body(() => ({ email: 'nobody@matrix.test', code: '123456' })), expect: ALL(422) },
  'POST /v1/auth/resend-code': { path: '/v1/auth/resend-code', headers: JSON_HEADERS, body: body((c) => ({ email: `resend-${c}@matrix.test` })), expect: ALL(202) },
  'POST /v1/auth/login': { path: '/v1/auth/login', headers: JSON_HEADERS, body: body(() => ({ email: 'nobody@matrix.test', password: 'Sai12345' })), expect: ALL(401) },
  'POST /v1/auth/refresh': { path: '/v1/auth/refresh', headers: JSON_HEADERS, body: body(() => ({})), expect: ALL(401) },
  'POST /v1/auth/logout': { path: '/v1/auth/logout', headers: JSON_HEADERS, body: body(() => ({})), fresh: true, expect: ALL(200) },
  'POST /v1/auth/password/forgot': { path: '/v1/auth/password/forgot', headers: JSON_HEADERS, body: body((c) => ({ email: `forgot-${c}@matrix.test` })), expect: ALL(202) },
  'POST /v1/auth/password/reset': { path: '/v1/auth/password/reset', headers: JSON_HEADERS, body: body(() => ({ token: 'x'.repeat(43), password: 'MatKhau2026' })), expect: ALL(422) },
  // My account: any signed-in caller, only their own data.
  'GET /v1/me': { path: '/v1/me', expect: SIGNED_IN(200) },
  'PATCH /v1/me': { path: '/v1/me', headers: JSON_HEADERS, body: body(() => ({ name: 'Tên Mới' })), expect: SIGNED_IN(200) },
  'POST /v1/me/password': { path: '/v1/me/password', headers: JSON_HEADERS, body: body(() => ({ currentPassword: 'Sai12345', newPassword: 'MatKhau2026' })), expect: SIGNED_IN(422) },
  'GET /v1/me/sessions': { path: '/v1/me/sessions', expect: SIGNED_IN(200), check: onlyA((b) => b.items.map((i: any) => i.id), () => 'sess-matrix-a-second') },
  // Customer A's second session: only A may end it; everyone else gets "not found" (no leak of other users' ids).
  'DELETE /v1/me/sessions/:id': { path: '/v1/me/sessions/sess-matrix-a-second', expect: { anonymous: 401, customerA: 200, customerB: 404, pharmacist: 404, admin: 404 } },
  'GET /v1/me/addresses': { path: '/v1/me/addresses', expect: SIGNED_IN(200), check: onlyA((b) => b.items.map((i: any) => i.id), () => 'addr-matrix-a-000000000000') },
  'POST /v1/me/addresses': {
    path: '/v1/me/addresses',
    headers: JSON_HEADERS,
    body: body(() => ({ recipientName: 'Người nhận', phone: '0912345678', provinceCode: '79', wardCode: '26743', street: '1 Lê Lợi' })),
    expect: SIGNED_IN(201),
  },
  // Customer A's address: only A may change or delete it; others get "not found".
  'PATCH /v1/me/addresses/:id': { path: '/v1/me/addresses/addr-matrix-a-000000000000', headers: JSON_HEADERS, body: body(() => ({ street: '2 Lê Lợi' })), expect: { anonymous: 401, customerA: 200, customerB: 404, pharmacist: 404, admin: 404 } },
  'DELETE /v1/me/addresses/:id': { path: '/v1/me/addresses/addr-matrix-a-000000000000', expect: { anonymous: 401, customerA: 200, customerB: 404, pharmacist: 404, admin: 404 } },
  'GET /v1/vouchers': { path: '/v1/vouchers', expect: ALL(200) },
  'GET /v1/admin/vouchers': { path: '/v1/admin/vouchers', expect: ADMIN_ONLY(200) },
  'POST /v1/admin/vouchers': {
    path: '/v1/admin/vouchers',
    headers: JSON_HEADERS,
    body: body((c) => ({ code: `MATRIX${c.toUpperCase()}`, name: 'Ma trận', kind: 'order', discountType: 'fixed', discountValue: 1000, startsAt: 1, endsAt: 4_000_000_000_000 })),
    expect: ADMIN_ONLY(201),
  },
  'PATCH /v1/admin/vouchers/:id': { path: '/v1/admin/vouchers/VMATRIXVOUCHER000000000', headers: JSON_HEADERS, body: body(() => ({ active: true })), expect: ADMIN_ONLY(200) },
  'GET /v1/admin/payments': { path: '/v1/admin/payments', expect: ADMIN_ONLY(200) },
  'GET /v1/admin/payments/unmatched': { path: '/v1/admin/payments/unmatched', expect: ADMIN_ONLY(200) },
  // Not awaiting a refund: admins get the state conflict, everyone else never gets that far.
  'GET /v1/admin/dead-letters': { path: '/v1/admin/dead-letters', expect: ADMIN_ONLY(200) },
  'POST /v1/admin/dead-letters/:id/replay': { path: '/v1/admin/dead-letters/01NOSUCHDEADLETTER00000000/replay', expect: ADMIN_ONLY(404) },
  // #16 search origin (SEARCH_BACKEND is not elastic in this project: the reindex answers 409).
  'GET /v1/admin/search': { path: '/v1/admin/search', expect: ADMIN_ONLY(200) },
  'POST /v1/admin/search/reindex': { path: '/v1/admin/search/reindex', expect: ADMIN_ONLY(409) },
  // #13 ops: the staff order API. Reads and notes: admin and pharmacist; every other action: admin only.
  'GET /v1/admin/orders': { path: '/v1/admin/orders', expect: { anonymous: 401, customerA: 403, customerB: 403, pharmacist: 200, admin: 200 } },
  'GET /v1/admin/orders/:code': { path: '/v1/admin/orders/{A}', expect: { anonymous: 401, customerA: 403, customerB: 403, pharmacist: 200, admin: 200 } },
  'GET /v1/admin/orders/:code/pick-list.pdf': { path: '/v1/admin/orders/{A}/pick-list.pdf', expect: { anonymous: 401, customerA: 403, customerB: 403, pharmacist: 200, admin: 200 } },
  'GET /v1/admin/orders/:code/packing-slip.pdf': { path: '/v1/admin/orders/{A}/packing-slip.pdf', expect: { anonymous: 401, customerA: 403, customerB: 403, pharmacist: 200, admin: 200 } },
  'POST /v1/admin/orders/:code/notes': { path: '/v1/admin/orders/{A}/notes', headers: JSON_HEADERS, body: body((c) => ({ text: `Ghi chú của ${c}` })), expect: { anonymous: 401, customerA: 403, customerB: 403, pharmacist: 201, admin: 201 } },
  'POST /v1/admin/orders/:code/status': { path: '/v1/admin/orders/MC9999ZZZZ/status', headers: JSON_HEADERS, body: body(() => ({ to: 'packing', reason: 'Bắt đầu đóng gói' })), expect: ADMIN_ONLY(404) },
  'POST /v1/admin/orders/:code/cancel': { path: '/v1/admin/orders/MC9999ZZZZ/cancel', headers: JSON_HEADERS, body: body(() => ({ reason: 'Khách hủy qua điện thoại' })), expect: ADMIN_ONLY(404) },
  'POST /v1/admin/orders/:code/return': { path: '/v1/admin/orders/MC9999ZZZZ/return', headers: JSON_HEADERS, body: body(() => ({ reason: 'Hàng hoàn về', lines: [{ lineId: '01NOSUCHLINE0000000000000', disposition: 'restock' }] })), expect: ADMIN_ONLY(404) },
  'POST /v1/admin/orders/:code/refund': { path: '/v1/admin/orders/MC9999ZZZZ/refund', headers: JSON_HEADERS, body: body(() => ({ reference: 'PHIEUCHI-1' })), expect: ADMIN_ONLY(404) },
  'POST /v1/admin/orders/:code/emails': { path: '/v1/admin/orders/MC9999ZZZZ/emails', headers: JSON_HEADERS, body: body(() => ({ kind: 'created' })), expect: ADMIN_ONLY(404) },
  'POST /v1/admin/orders/:code/shipments': { path: '/v1/admin/orders/MC9999ZZZZ/shipments', headers: JSON_HEADERS, body: body(() => ({ carrier: 'ghn', trackingCode: 'GHN-MATRIX-1' })), expect: ADMIN_ONLY(404) },
  'POST /v1/admin/payments/:id/refund': { path: '/v1/admin/payments/01NOSUCHTRANSACTION000000/refund', headers: JSON_HEADERS, body: body(() => ({ reference: 'FT-1' })), expect: ADMIN_ONLY(404) },
  'GET /v1/admin/users': { path: '/v1/admin/users', expect: ADMIN_ONLY(200) },
  'POST /v1/admin/users': {
    path: '/v1/admin/users',
    headers: JSON_HEADERS,
    body: body((c) => ({ email: `staff-${c}@matrix.test`, name: 'Dược sĩ', role: 'pharmacist', practisingCertificate: '0123/CCHN-D-SYT-HN', password: 'MatKhau2026' })),
    expect: ADMIN_ONLY(201),
  },
  'PATCH /v1/admin/users/:id': { path: '/v1/admin/users/matrix-target-user', headers: JSON_HEADERS, body: body(() => ({ status: 'active' })), expect: ADMIN_ONLY(200) },
  'GET /dev/mailbox': { path: '/dev/mailbox', expect: ALL(200) },
  // #17 browser tests: the cron's reminder step and outbox publish on a moved clock (dev only, like the mailbox; dev-cron.test.ts).
  'POST /dev/cron': { path: '/dev/cron', expect: ALL(200) },
  // Checkout: anyone may quote and order (guests too); orders are visible to their owner and staff (pharmacists read-only).
  'POST /v1/checkout/quote': { path: '/v1/checkout/quote', headers: JSON_HEADERS, body: body(() => ORDER_BODY), expect: ALL(200) },
  'POST /v1/orders': { path: '/v1/orders', headers: { ...JSON_HEADERS }, body: body(() => ORDER_BODY), idempotent: true, expect: ALL(201) },
  'GET /v1/orders': { path: '/v1/orders', expect: SIGNED_IN(200), check: onlyA((b) => b.items.map((i: any) => i.code), () => orderOfA) },
  // Carts: everyone has one (guests by cookie); a line is reachable only from its own cart.
  'GET /v1/cart': { path: '/v1/cart', expect: ALL(200), check: onlyA((b) => b.lines.map((l: any) => l.id), () => cartItemOfA) },
  'POST /v1/cart/items': { path: '/v1/cart/items', headers: JSON_HEADERS, body: body(() => ({ unitId: '01TESTUNITPARAVI0000000000', quantity: 1 })), expect: ALL(200) },
  'PATCH /v1/cart/items/:id': { path: '/v1/cart/items/{CART_A}', headers: JSON_HEADERS, body: body(() => ({ quantity: 2 })), expect: { anonymous: 404, customerA: 200, customerB: 404, pharmacist: 404, admin: 404 } },
  'DELETE /v1/cart/items/:id': { path: '/v1/cart/items/{CART_A}', expect: { anonymous: 404, customerA: 200, customerB: 404, pharmacist: 404, admin: 404 } },
  // A's order has an account: its phone proves nothing, whoever asks (guest orders: checkout.test.ts).
  'POST /v1/orders/lookup': { path: '/v1/orders/lookup', headers: JSON_HEADERS, body: body(() => ({ code: orderOfA, phone: '0903123456' })), expect: ALL(404) },
  'GET /v1/orders/:code': { path: '/v1/orders/{A}', expect: { anonymous: 401, customerA: 200, customerB: 404, pharmacist: 200, admin: 200 } }, // #13 rules: pharmacists read orders
  // Customer A's order is COD and unpaid: its owner and admins learn there is no invoice yet; others can't tell it exists.
  'GET /v1/orders/:code/invoice.pdf': { path: '/v1/orders/{A}/invoice.pdf', expect: { anonymous: 404, customerA: 409, customerB: 404, pharmacist: 409, admin: 409 } }, // #13 rules
  'GET /v1/orders/:code/payment': { path: '/v1/orders/{A}/payment', expect: { anonymous: 404, customerA: 200, customerB: 404, pharmacist: 200, admin: 200 } }, // #13 rules
  'GET /v1/orders/:code/payment/events': { path: '/v1/orders/{A}/payment/events', expect: { anonymous: 404, customerA: 200, customerB: 404, pharmacist: 200, admin: 200 } }, // #13 rules
  'POST /v1/orders/:code/cancel': { path: '/v1/orders/{A}/cancel', expect: { anonymous: 401, customerA: 200, customerB: 404, pharmacist: 403, admin: 409 } }, // #13 rules: read, never cancel
  'GET /v1/pharmacists/on-duty': { path: '/v1/pharmacists/on-duty', expect: ALL(200) },
  // #15 advice: decisions and dispensing are a pharmacist's (admins refused), pickups read by staff, pharmacy locations
  // and the epidemic exception switch managed by admins; the quote → cart of an unknown consultation is 404 for all.
  'POST /v1/pharmacist/consultations/:id/advice': {
    path: '/v1/pharmacist/consultations/01NOSUCHCONSULTATION00000/advice',
    headers: JSON_HEADERS,
    body: body(() => ({ note: 'Uống sau ăn.', items: [{ productId: ids.paracetamol, unitId: '01TESTUNITPARAVI0000000000', quantity: 1, instructions: 'Ngày 2 lần' }] })),
    expect: { anonymous: 401, customerA: 403, customerB: 403, pharmacist: 404, admin: 403 },
  },
  'POST /v1/pharmacist/consultations/:id/reject': {
    path: '/v1/pharmacist/consultations/01NOSUCHCONSULTATION00000/reject',
    headers: JSON_HEADERS,
    body: body(() => ({ reason: 'unreadable', note: 'Ảnh mờ.' })),
    expect: { anonymous: 401, customerA: 403, customerB: 403, pharmacist: 404, admin: 403 },
  },
  'POST /v1/consultations/:code/quote/cart': { path: '/v1/consultations/TV99999999/quote/cart', expect: ALL(404) },
  'GET /v1/pharmacist/pickups': { path: '/v1/pharmacist/pickups?status=all', expect: { anonymous: 401, customerA: 403, customerB: 403, pharmacist: 200, admin: 200 } },
  'POST /v1/pharmacist/pickups/:id/dispense': {
    path: '/v1/pharmacist/pickups/01NOSUCHPICKUP00000000000/dispense',
    headers: JSON_HEADERS,
    body: body(() => ({ prescriptionSeen: true, paymentMethod: 'cash', amountPaid: 90000 })),
    expect: { anonymous: 401, customerA: 403, customerB: 403, pharmacist: 404, admin: 403 },
  },
  'POST /v1/pharmacist/pickups/:id/cancel': {
    path: '/v1/pharmacist/pickups/01NOSUCHPICKUP00000000000/cancel',
    headers: JSON_HEADERS,
    body: body(() => ({ reason: 'Khách không đến' })),
    expect: { anonymous: 401, customerA: 403, customerB: 403, pharmacist: 404, admin: 403 },
  },
  'GET /v1/pharmacy-locations': { path: '/v1/pharmacy-locations', expect: PUBLIC },
  'GET /v1/admin/pharmacy-locations': { path: '/v1/admin/pharmacy-locations', expect: ADMIN_ONLY(200) },
  'POST /v1/admin/pharmacy-locations': {
    path: '/v1/admin/pharmacy-locations',
    headers: JSON_HEADERS,
    body: body((c) => ({
      name: `Nhà thuốc ${c}`, address: '1 Lê Lợi, Phường Bến Thành, Thành phố Hồ Chí Minh', phone: '02838220000', licenceNumber: 'ĐKKDD-THU', gppCertificate: 'GPP-THU', responsiblePharmacist: 'DS. Thử',
      hours: { mon: [{ open: '08:00', close: '20:00' }], tue: [], wed: [], thu: [], fri: [], sat: [], sun: [] },
    })),
    expect: ADMIN_ONLY(201),
  },
  'PATCH /v1/admin/pharmacy-locations/:id': { path: '/v1/admin/pharmacy-locations/01JPHARMACYHCMQ1000000000', headers: JSON_HEADERS, body: body(() => ({ phone: '02838221234' })), expect: ADMIN_ONLY(200) },
  // Pharmacists read the switch (the console's advice form previews the quote/pickup split); only admins change it.
  'GET /v1/admin/settings': { path: '/v1/admin/settings', expect: { anonymous: 401, customerA: 403, customerB: 403, pharmacist: 200, admin: 200 } },
  'PUT /v1/admin/settings/rx-online-exception': { path: '/v1/admin/settings/rx-online-exception', headers: JSON_HEADERS, body: body(() => ({ enabled: false, note: 'Chưa có công bố dịch nhóm A.' })), expect: ADMIN_ONLY(200) },
  // #13 pay: the unmatched-transfer match (an unknown transfer: admins get 404, everyone else never gets that far) and the audit log.
  'POST /v1/admin/payments/:id/match': { path: '/v1/admin/payments/01NOSUCHTRANSACTION000000/match', headers: JSON_HEADERS, body: body(() => ({ orderCode: 'MC9999ZZZZ' })), expect: ADMIN_ONLY(404) },
  'GET /v1/admin/audit': { path: '/v1/admin/audit', expect: ADMIN_ONLY(200) },
  // #13 dash: the owner's figures are for admins only (a pharmacist is refused too).
  'GET /v1/admin/dashboard': { path: '/v1/admin/dashboard', expect: ADMIN_ONLY(200), check: (caller, b) => { if (caller === 'admin') expect(b.revenueByDay).toHaveLength(30); } },
  // #14 io: import/export is the admin's (a pharmacist is refused too: batch exports carry cost prices).
  'GET /v1/admin/imports/template.xlsx': { path: '/v1/admin/imports/template.xlsx', expect: ADMIN_ONLY(200) },
  'GET /v1/admin/imports/template.csv': { path: '/v1/admin/imports/template.csv?kind=batches', expect: ADMIN_ONLY(200) },
  'POST /v1/admin/imports': { path: '/v1/admin/imports', body: () => importForm(), expect: ADMIN_ONLY(202) },
  'GET /v1/admin/imports': { path: '/v1/admin/imports', expect: ADMIN_ONLY(200) },
  'GET /v1/admin/imports/:id': { path: '/v1/admin/imports/01NOSUCHIMPORT00000000000', expect: ADMIN_ONLY(404) },
  'POST /v1/admin/imports/:id/commit': { path: '/v1/admin/imports/01NOSUCHIMPORT00000000000/commit', expect: ADMIN_ONLY(404) },
  'POST /v1/admin/imports/:id/cancel': { path: '/v1/admin/imports/01NOSUCHIMPORT00000000000/cancel', expect: ADMIN_ONLY(404) },
  'GET /v1/admin/exports/:file': { path: '/v1/admin/exports/batches.csv', expect: ADMIN_ONLY(200) },
  // #14 stock: reads (cost prices included) for staff, writes for admins (an unknown product/batch: admins get 404, nothing is written).
  'POST /v1/admin/stock/receipts': {
    path: '/v1/admin/stock/receipts',
    headers: JSON_HEADERS,
    body: body(() => ({ productId: '01NOSUCHPRODUCT0000000000', unitId: '01TESTUNITPARAVI0000000000', quantity: 1, lotNumber: 'MATRIX-1', expiryDate: '2099-01-01', costPrice: 1000, supplier: 'NCC', receivedDate: '2026-01-01' })),
    expect: ADMIN_ONLY(404),
  },
  'POST /v1/admin/stock/batches/:id/adjustments': { path: '/v1/admin/stock/batches/01NOSUCHBATCH000000000000/adjustments', headers: JSON_HEADERS, body: body(() => ({ kind: 'damage', quantity: 1, reason: 'Vỡ hộp' })), expect: ADMIN_ONLY(404) },
  'GET /v1/admin/stock/batches': { path: '/v1/admin/stock/batches', expect: { anonymous: 401, customerA: 403, customerB: 403, pharmacist: 200, admin: 200 } },
  'GET /v1/admin/stock/batches/:id/movements': { path: '/v1/admin/stock/batches/01TESTBATCHPARANEW00000000/movements', expect: { anonymous: 401, customerA: 403, customerB: 403, pharmacist: 200, admin: 200 } },
  'GET /v1/admin/stock/reports/low-stock': { path: '/v1/admin/stock/reports/low-stock', expect: { anonymous: 401, customerA: 403, customerB: 403, pharmacist: 200, admin: 200 } },
  'GET /v1/admin/stock/reports/expiring': { path: '/v1/admin/stock/reports/expiring?days=60', expect: { anonymous: 401, customerA: 403, customerB: 403, pharmacist: 200, admin: 200 } },
  'GET /v1/admin/stock/reports/valuation': { path: '/v1/admin/stock/reports/valuation', expect: { anonymous: 401, customerA: 403, customerB: 403, pharmacist: 200, admin: 200 } },
  // #14 content: categories, brands and articles are edited by admins only (pharmacists included in the refusals).
  'GET /v1/admin/categories': { path: '/v1/admin/categories', expect: ADMIN_ONLY(200) },
  'POST /v1/admin/categories': { path: '/v1/admin/categories', headers: JSON_HEADERS, body: body((c) => ({ name: `Danh mục ${c}`, parentId: ids.catThuoc })), expect: ADMIN_ONLY(201) },
  'PATCH /v1/admin/categories/:id': { path: `/v1/admin/categories/${ids.catSuaRua}`, headers: JSON_HEADERS, body: body(() => ({ description: 'Sữa rửa mặt dịu nhẹ.' })), expect: ADMIN_ONLY(200) },
  'DELETE /v1/admin/categories/:id': { path: '/v1/admin/categories/01NOSUCHCATEGORY000000000', expect: ADMIN_ONLY(404) },
  'POST /v1/admin/categories/:id/image': { path: `/v1/admin/categories/${ids.catSuaRua}/image`, body: form, expect: ADMIN_ONLY(201) },
  'GET /v1/admin/brands': { path: '/v1/admin/brands', expect: ADMIN_ONLY(200) },
  'POST /v1/admin/brands': { path: '/v1/admin/brands', headers: JSON_HEADERS, body: body((c) => ({ name: `Thương hiệu ${c}` })), expect: ADMIN_ONLY(201) },
  'PATCH /v1/admin/brands/:id': { path: `/v1/admin/brands/${ids.brandGamma}`, headers: JSON_HEADERS, body: body(() => ({ description: 'Mỹ phẩm Hàn Quốc.' })), expect: ADMIN_ONLY(200) },
  'DELETE /v1/admin/brands/:id': { path: '/v1/admin/brands/01NOSUCHBRAND000000000000', expect: ADMIN_ONLY(404) },
  'POST /v1/admin/brands/:id/logo': { path: `/v1/admin/brands/${ids.brandGamma}/logo`, body: form, expect: ADMIN_ONLY(201) },
  'GET /v1/admin/articles': { path: '/v1/admin/articles', expect: ADMIN_ONLY(200) },
  'POST /v1/admin/articles': {
    path: '/v1/admin/articles',
    headers: JSON_HEADERS,
    body: body((c) => ({ title: `Bài viết của ${c}`, summary: 'Tóm tắt bài viết thử.', body: 'Nội dung bài viết đủ dài để lưu.', topic: 'Sức khỏe' })),
    expect: ADMIN_ONLY(201),
  },
  'GET /v1/admin/articles/:id': { path: '/v1/admin/articles/01NOSUCHARTICLE0000000000', expect: ADMIN_ONLY(404) },
  'PATCH /v1/admin/articles/:id': { path: '/v1/admin/articles/01NOSUCHARTICLE0000000000', headers: JSON_HEADERS, body: body(() => ({ status: 'published' })), expect: ADMIN_ONLY(404) },
  'DELETE /v1/admin/articles/:id': { path: '/v1/admin/articles/01NOSUCHARTICLE0000000000', expect: ADMIN_ONLY(404) },
  'POST /v1/admin/articles/:id/cover': { path: '/v1/admin/articles/01NOSUCHARTICLE0000000000/cover', body: form, expect: ADMIN_ONLY(404) },
  // #15 chat: customers (or a guest with name + phone) open chats; only the owner and the holding pharmacist read or
  // close one ({CHAT_A}: customer A's, held by pharmacist-1); the pharmacist routes are pharmacists' only.
  'GET /v1/chat/status': { path: '/v1/chat/status', expect: PUBLIC },
  'POST /v1/chat/conversations': { path: '/v1/chat/conversations', headers: JSON_HEADERS, body: body(() => ({ name: 'Khách thử', phone: '0903111222' })), expect: { anonymous: 201, customerA: 200, customerB: 201, pharmacist: 403, admin: 403 } },
  'GET /v1/chat/conversations/current': { path: '/v1/chat/conversations/current', expect: { anonymous: 401, customerA: 200, customerB: 200, pharmacist: 404, admin: 404 } },
  'GET /v1/chat/conversations/:id/messages': { path: '/v1/chat/conversations/{CHAT_A}/messages', expect: { anonymous: 401, customerA: 200, customerB: 404, pharmacist: 200, admin: 404 } },
  'GET /v1/chat/conversations/:id/ws': { path: '/v1/chat/conversations/{CHAT_A}/ws', expect: { anonymous: 401, customerA: 400, customerB: 404, pharmacist: 400, admin: 404 } },
  'POST /v1/chat/conversations/:id/transcript': { path: '/v1/chat/conversations/{CHAT_A}/transcript', headers: JSON_HEADERS, body: body(() => ({ email: 'matrix-chat@example.vn' })), expect: { anonymous: 401, customerA: 202, customerB: 404, pharmacist: 404, admin: 404 } },
  'GET /v1/pharmacist/chats': { path: '/v1/pharmacist/chats?status=waiting', expect: { anonymous: 401, customerA: 403, customerB: 403, pharmacist: 200, admin: 403 } },
  'GET /v1/pharmacist/chats/:id': { path: '/v1/pharmacist/chats/{CHAT_A}', expect: { anonymous: 401, customerA: 403, customerB: 403, pharmacist: 200, admin: 403 } },
  'POST /v1/pharmacist/chats/:id/take': { path: '/v1/pharmacist/chats/{CHAT_A}/take', expect: { anonymous: 401, customerA: 403, customerB: 403, pharmacist: 200, admin: 403 } },
  'POST /v1/pharmacist/chats/:id/consultation': { path: '/v1/pharmacist/chats/{CHAT_A}/consultation', headers: JSON_HEADERS, body: body(() => ({ contactPhone: '0903123456' })), expect: { anonymous: 401, customerA: 403, customerB: 403, pharmacist: 201, admin: 403 } },
  'POST /v1/chat/conversations/:id/close': { path: '/v1/chat/conversations/{CHAT_A}/close', expect: { anonymous: 401, customerA: 200, customerB: 404, pharmacist: 200, admin: 404 } },
  // #17 reviews: shoppers review their own received orders ({A}: customer A's order, not delivered: 409 for A, 403 for
  // anyone else); a product's approved reviews are public; staff moderate; only a pharmacist replies. REVIEW_A: A's
  // approved review, REVIEW_PHOTO_A: the photo of A's pending review (A's and staff's only).
  'GET /v1/me/reviewable': { path: '/v1/me/reviewable', expect: SIGNED_IN(200) },
  'GET /v1/me/reviews': { path: '/v1/me/reviews', expect: SIGNED_IN(200), check: onlyA((b) => b.items.map((r: { id: string }) => r.id), () => REVIEW_PENDING_A) },
  'POST /v1/reviews': { path: '/v1/reviews', body: () => reviewForm(), expect: { anonymous: 401, customerA: 409, customerB: 403, pharmacist: 403, admin: 403 } },
  'GET /v1/product-reviews/:slug': { path: '/v1/product-reviews/alpha-paracetamol-500', expect: PUBLIC, check: (_c, b) => expect(b.items.map((r: { id: string }) => r.id)).toEqual([REVIEW_A]) },
  'POST /v1/reviews/:id/helpful': { path: `/v1/reviews/${REVIEW_A}/helpful`, expect: { anonymous: 401, customerA: 403, customerB: 200, pharmacist: 200, admin: 200 } },
  'GET /v1/review-photos/:id': { path: `/v1/review-photos/${REVIEW_PHOTO_A}`, expect: { anonymous: 404, customerA: 200, customerB: 404, pharmacist: 200, admin: 200 } },
  'GET /v1/admin/reviews': { path: '/v1/admin/reviews', expect: { anonymous: 401, customerA: 403, customerB: 403, pharmacist: 200, admin: 200 } },
  'POST /v1/admin/reviews/:id/approve': { path: '/v1/admin/reviews/01NOSUCHREVIEW000000000000/approve', expect: { anonymous: 401, customerA: 403, customerB: 403, pharmacist: 404, admin: 404 } },
  'POST /v1/admin/reviews/:id/hide': { path: '/v1/admin/reviews/01NOSUCHREVIEW000000000000/hide', headers: JSON_HEADERS, body: body(() => ({ reason: 'spam' })), expect: { anonymous: 401, customerA: 403, customerB: 403, pharmacist: 404, admin: 404 } },
  'PUT /v1/admin/reviews/:id/reply': { path: '/v1/admin/reviews/01NOSUCHREVIEW000000000000/reply', headers: JSON_HEADERS, body: body(() => ({ body: 'Cảm ơn bạn.' })), expect: { anonymous: 401, customerA: 403, customerB: 403, pharmacist: 404, admin: 403 } },
  // #17 questions: signed-in shoppers ask (any product shoppers see) and read only their own; answered questions are
  // public; the queue, answers and hiding are staff's (pharmacists and admins). {Q_A}: customer A's pending question.
  'POST /v1/questions': { path: '/v1/questions', headers: JSON_HEADERS, body: body(() => ({ productId: ids.paracetamol, body: 'Thuốc này uống lúc nào là tốt nhất ạ?' })), expect: SIGNED_IN(201) },
  'GET /v1/questions': { path: '/v1/questions?product=alpha-paracetamol-500', expect: PUBLIC },
  'GET /v1/questions/mine': { path: '/v1/questions/mine', expect: SIGNED_IN(200), check: onlyA((b) => b.items.map((i: { id: string }) => i.id), () => QUESTION_OF_A) },
  'GET /v1/pharmacist/questions': { path: '/v1/pharmacist/questions', expect: { anonymous: 401, customerA: 403, customerB: 403, pharmacist: 200, admin: 200 } },
  'POST /v1/pharmacist/questions/:id/answer': { path: '/v1/pharmacist/questions/01NOSUCHQUESTION000000000/answer', headers: JSON_HEADERS, body: body(() => ({ body: 'Trả lời.' })), expect: { anonymous: 401, customerA: 403, customerB: 403, pharmacist: 404, admin: 403 } },
  'PUT /v1/pharmacist/questions/:id/answer': { path: '/v1/pharmacist/questions/01NOSUCHQUESTION000000000/answer', headers: JSON_HEADERS, body: body(() => ({ body: 'Trả lời.' })), expect: { anonymous: 401, customerA: 403, customerB: 403, pharmacist: 404, admin: 403 } },
  'POST /v1/pharmacist/questions/:id/hide': { path: '/v1/pharmacist/questions/01NOSUCHQUESTION000000000/hide', headers: JSON_HEADERS, body: body(() => ({ reason: 'Spam' })), expect: { anonymous: 401, customerA: 403, customerB: 403, pharmacist: 404, admin: 404 } },
  // #17 discovery: collections and related products are public (edge-cached); recently viewed is everyone's own list
  // (guests by cookie, accounts in D1): customer A views ibuprofen, the others paracetamol; only A's list holds ibuprofen.
  'GET /v1/collections/:collection': { path: '/v1/collections/best-sellers?category=thuoc', expect: PUBLIC },
  'GET /v1/related/:slug': { path: '/v1/related/alpha-paracetamol-500', expect: PUBLIC },
  'POST /v1/recently-viewed': { path: '/v1/recently-viewed', headers: JSON_HEADERS, body: body((c) => ({ productId: c === 'customerA' ? ids.ibuprofen : ids.paracetamol })), expect: PUBLIC },
  'GET /v1/recently-viewed': { path: '/v1/recently-viewed', expect: PUBLIC, check: onlyA((b) => b.items.map((i: { id: string }) => i.id), () => ids.ibuprofen) },
  // #17 legal: the footer's company profile and policies are public; the export holds only the caller's own data; a
  // deletion needs the caller's password (these fixture accounts have none: 422) and is refused to staff accounts.
  'GET /v1/legal': { path: '/v1/legal', expect: PUBLIC },
  'GET /v1/policies/:slug': { path: '/v1/policies/chinh-sach-bao-mat', expect: PUBLIC },
  'GET /v1/me/export': { path: '/v1/me/export', expect: SIGNED_IN(200), check: onlyA((b) => b.sections.orders.map((o: { code: string }) => o.code), () => orderOfA) },
  'POST /v1/me/deletion': { path: '/v1/me/deletion', headers: JSON_HEADERS, body: body(() => ({ password: 'Sai12345' })), expect: { anonymous: 401, customerA: 422, customerB: 422, pharmacist: 403, admin: 403 } },
  // #17 alerts: anyone may ask for a back-in-stock email (guests with an address); the email links are signed one-click
  // links (a bad token redirects to the notice page, for everyone alike); reminders are the signed-in shopper's own.
  'POST /v1/stock-alerts': { path: '/v1/stock-alerts', headers: JSON_HEADERS, body: body((c) => ({ productId: '01TESTPRODBULK000000000008', email: `matrix-${c}@example.vn` })), expect: ALL(201) },
  'GET /v1/stock-alerts/confirm': { path: '/v1/stock-alerts/confirm?t=not-a-signed-token-at-all', redirect: 'manual', expect: ALL(303) },
  'GET /v1/stock-alerts/unsubscribe': { path: '/v1/stock-alerts/unsubscribe?t=not-a-signed-token-at-all', redirect: 'manual', expect: ALL(303) },
  'GET /v1/me/refill-reminders': { path: '/v1/me/refill-reminders', expect: SIGNED_IN(200), check: (_c, b) => expect(b.reminders).toEqual([]) },
  'POST /v1/me/refill-reminders': { path: '/v1/me/refill-reminders', headers: JSON_HEADERS, body: body(() => ({ orderLineId: '01NOSUCHORDERLINE00000000' })), expect: SIGNED_IN(404) },
  'PATCH /v1/me/refill-reminders/:id': { path: '/v1/me/refill-reminders/01NOSUCHREMINDER000000000', headers: JSON_HEADERS, body: body(() => ({ status: 'paused' })), expect: SIGNED_IN(404) },
  'GET /v1/refill/reorder': { path: '/v1/refill/reorder?t=not-a-signed-token-at-all', redirect: 'manual', expect: ALL(303) },
  'GET /v1/refill/manage': { path: '/v1/refill/manage?t=not-a-signed-token-at-all', redirect: 'manual', expect: ALL(303) },
  // #17 review b: the email actions are POSTs (a GET only opens the storefront page); anyone holding a valid signed link.
  'POST /v1/stock-alerts/confirm': { path: '/v1/stock-alerts/confirm?t=not-a-signed-token-at-all', redirect: 'manual', expect: ALL(303) },
  'POST /v1/stock-alerts/unsubscribe': { path: '/v1/stock-alerts/unsubscribe?t=not-a-signed-token-at-all', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: () => 'List-Unsubscribe=One-Click', expect: ALL(400) },
  'POST /v1/refill/manage': { path: '/v1/refill/manage?t=not-a-signed-token-at-all', redirect: 'manual', expect: ALL(303) },
  // #18 rx reading: a consultation's prescription draft is staff's to read (never the owner's: nothing reaches the
  // shopper without a pharmacist's decision) and the holding pharmacist's to write. {TV_A_CLAIM} is held by the
  // pharmacist since its claim row; the api test stack's recommendation Worker has no OpenAI key (503 RX_READER_OFF).
  'GET /v1/pharmacist/consultations/:id/rx-draft': { path: '/v1/pharmacist/consultations/{TV_A_CLAIM}/rx-draft', expect: { anonymous: 401, customerA: 403, customerB: 403, pharmacist: 200, admin: 200 }, check: (_c, b) => expect(b.reader.mode).toBe('off') },
  'PUT /v1/pharmacist/consultations/:id/rx-draft': { path: '/v1/pharmacist/consultations/{TV_A_CLAIM}/rx-draft', headers: JSON_HEADERS, body: body(() => ({ items: [{ name: 'Amoxicillin 500mg' }] })), expect: { anonymous: 401, customerA: 403, customerB: 403, pharmacist: 200, admin: 403 } },
  'POST /v1/pharmacist/consultations/:id/rx-draft/read': { path: '/v1/pharmacist/consultations/{TV_A_CLAIM}/rx-draft/read', headers: JSON_HEADERS, body: body(() => ({ replace: true })), expect: { anonymous: 401, customerA: 403, customerB: 403, pharmacist: 503, admin: 403 } },
  'DELETE /v1/pharmacist/consultations/:id/rx-draft': { path: '/v1/pharmacist/consultations/{TV_A_CLAIM}/rx-draft', expect: { anonymous: 401, customerA: 403, customerB: 403, pharmacist: 200, admin: 403 } },
};

/**
 * The api Worker's app.all() handlers: the satellite forwards, listed by hand (a new catch-all fails the first test
 * until it is listed here and given a matrix). Middleware (`app.use`, also method ALL) takes `next` and is no route.
 */
const ALL_HANDLERS = ['/v1/payments', '/v1/recommendations', '/v1/hooks', '/v1/consumer'].flatMap((p) => [`ALL ${p}`, `ALL ${p}/*`]);

function routeKeys(): string[] {
  const keys = new Set<string>();
  for (const r of app.routes) {
    if (r.method === 'ALL' && r.handler.length >= 2) continue; // middleware
    keys.add(`${r.method} ${r.path}`);
  }
  return [...keys].sort();
}

/**
 * The database's content, for "a refused write changed nothing". Left out: what the event pipeline writes on its own
 * schedule after earlier successful calls (outbox rows being published/acknowledged, consumer markers, emails,
 * invoices, best-seller counters) and per-IP/per-account counters, which a refused call may tick.
 */
// imports/import_rows (#14): an accepted upload's dry run is processed by the consumer afterwards.
const ASYNC_TABLES = new Set(['outbox_events', 'consumed_events', 'dev_mailbox', 'event_failures', 'dead_letters', 'invoices', 'co_purchases', 'rate_limits', 'imports', 'import_rows']);
async function snapshot(): Promise<string> {
  const tables = (
    await env.DB.prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND sql NOT LIKE 'CREATE VIRTUAL%' AND name NOT LIKE 'sqlite_%' AND name NOT LIKE '_cf_%' AND name NOT LIKE 'd1_%' AND name NOT LIKE '%search%' ORDER BY name").all<{ name: string }>()
  ).results
    .map((t) => t.name)
    .filter((t) => !ASYNC_TABLES.has(t) && !/^\w+_(data|idx|content|docsize|config)$/.test(t));
  const results = await env.DB.batch(tables.map((t) => env.DB.prepare(`SELECT * FROM "${t}" ORDER BY 1`)));
  return JSON.stringify(
    tables.map((t, i) => [t, (results[i]!.results as Array<Record<string, unknown>>).map((r) => (t === 'products' ? { ...r, sold_count: null } : r))]),
  );
}

const tokens: Partial<Record<Caller, string>> = {};
beforeAll(async () => {
  await env.DB.batch([
    env.DB.prepare("INSERT INTO vouchers (id, code, name, kind, discount_type, discount_value, starts_at, ends_at, created_at, updated_at) VALUES ('VMATRIXVOUCHER000000000', 'MATRIXV', 'M', 'order', 'fixed', 1000, 1, 4000000000000, 1, 1)"),
    env.DB.prepare("INSERT INTO users (id, email, email_verified_at, name, role, status, created_at, updated_at) VALUES ('matrix-target-user', 'target@matrix.test', 1, 'Target', 'customer', 'active', 1, 1)"),
    env.DB.prepare("INSERT INTO users (id, email, email_verified_at, name, role, status, created_at, updated_at) VALUES ('customer-a', 'customer-a@test.medicare.vn', 1, 'A', 'customer', 'active', 1, 1)"),
    env.DB.prepare("INSERT INTO auth_sessions (id, user_id, family_id, refresh_token_hash, expires_at, created_at) VALUES ('sess-matrix-a-second', 'customer-a', 'sess-matrix-a-second', 'hash-matrix-a-second', 9999999999999, 1)"),
    env.DB.prepare("INSERT INTO addresses (id, user_id, recipient_name, phone, province_code, ward_code, street, is_default, created_at, updated_at) VALUES ('addr-matrix-a-000000000000', 'customer-a', 'A', '0912345678', '79', '26743', '1 Lê Lợi', 1, 1, 1)"),
  ]);
  tokens.customerA = await tokenFor('customer', 'customer-a');
  tokens.customerB = await tokenFor('customer', 'customer-b');
  tokens.pharmacist = await tokenFor('pharmacist', 'pharmacist-1');
  tokens.admin = await tokenFor('admin', 'admin-1');
  const placed = await api('/v1/orders', { method: 'POST', headers: { ...JSON_HEADERS, 'idempotency-key': 'matrix-order-of-a', authorization: `Bearer ${tokens.customerA}` }, body: JSON.stringify(ORDER_BODY) });
  orderOfA = ((await placed.json()) as { code: string }).code;
  const cart = await api('/v1/cart/items', { method: 'POST', headers: { ...JSON_HEADERS, authorization: `Bearer ${tokens.customerA}` }, body: JSON.stringify({ unitId: '01TESTUNITCLEANSER00000000', quantity: 1 }) });
  cartItemOfA = ((await cart.json()) as { lines: Array<{ id: string }> }).lines[0]!.id;
  for (const key of ['code', 'claimable'] as const) {
    const res = await api('/v1/consultations', { method: 'POST', headers: { authorization: `Bearer ${tokens.customerA}` }, body: consultationForm() });
    consultOfA[key] = ((await res.json()) as { code: string }).code;
  }
  consultOfA.id = (await env.DB.prepare('SELECT id FROM consultations WHERE code = ?').bind(consultOfA.code).first<{ id: string }>())!.id;
  consultOfA.claimable = (await env.DB.prepare('SELECT id FROM consultations WHERE code = ?').bind(consultOfA.claimable).first<{ id: string }>())!.id;
  const chatA = await api('/v1/chat/conversations', { method: 'POST', headers: { ...JSON_HEADERS, authorization: `Bearer ${tokens.customerA}` }, body: '{}' });
  chatOfA = ((await chatA.json()) as { id: string }).id;
  await api(`/v1/pharmacist/chats/${chatOfA}/take`, { method: 'POST', headers: { authorization: `Bearer ${tokens.pharmacist}` } });
});

// #17 reviews: the review rows the matrix reads (an approved one of A, a pending one of A with a photo).
beforeAll(async () => {
  const order = (await env.DB.prepare('SELECT id FROM orders WHERE code = ?').bind(orderOfA).first<{ id: string }>())!;
  await (env as unknown as { FILES_BUCKET: R2Bucket }).FILES_BUCKET.put(`reviews/${REVIEW_PENDING_A}/0.png`, PNG_96);
  await env.DB.batch([
    env.DB.prepare("INSERT INTO reviews (id, product_id, order_id, user_id, rating, body, status, created_at, updated_at) VALUES (?, ?, ?, 'customer-a', 5, 'Thuốc tốt, giao nhanh.', 'approved', 1, 1)").bind(REVIEW_A, ids.paracetamol, order.id),
    env.DB.prepare("INSERT INTO reviews (id, product_id, order_id, user_id, rating, body, status, created_at, updated_at) VALUES (?, ?, ?, 'customer-a', 4, 'Đang chờ duyệt.', 'pending', 2, 2)").bind(REVIEW_PENDING_A, ids.ibuprofen, order.id),
    env.DB.prepare("INSERT INTO review_photos (id, review_id, position, r2_key, content_type, size, created_at) VALUES (?, ?, 0, ?, 'image/png', ?, 2)").bind(REVIEW_PHOTO_A, REVIEW_PENDING_A, `reviews/${REVIEW_PENDING_A}/0.png`, PNG_96.length),
  ]);
});
/** #17 questions: a pending question of customer A (only A's "mine" lists it). */
const QUESTION_OF_A = '01QMATRIXQUESTIONOFA000000';
beforeAll(async () => {
  await env.DB.prepare("INSERT INTO questions (id, product_id, user_id, body, status, created_at) VALUES (?, ?, 'customer-a', 'Câu hỏi của khách A.', 'pending', 1)").bind(QUESTION_OF_A, ids.paracetamol).run();
});

describe('authorisation matrix', () => {
  it('has exactly one row per route of the api Worker, and the allow-listed app.all() handlers', () => {
    expect(routeKeys()).toEqual([...Object.keys(MATRIX), ...ALL_HANDLERS].sort());
  });

  it('compares the tables a refused write could change', async () => {
    const tables = (JSON.parse(await snapshot()) as Array<[string, unknown[]]>).map(([t]) => t);
    expect(tables).toEqual(expect.arrayContaining(['addresses', 'auth_sessions', 'cart_items', 'carts', 'orders', 'product_images', 'products', 'users', 'vouchers', 'audit_log']));
  });

  for (const [route, row] of Object.entries(MATRIX)) {
    it.each(CALLERS)(`${route} as %s`, async (caller) => {
      const method = route.split(' ')[0]!;
      const headers: Record<string, string> = { ...row.headers };
      const FRESH: Record<Caller, [Role, string] | null> = { anonymous: null, customerA: ['customer', 'customer-a'], customerB: ['customer', 'customer-b'], pharmacist: ['pharmacist', 'pharmacist-1'], admin: ['admin', 'admin-1'] };
      const fresh = row.fresh && FRESH[caller] ? await tokenFor(...FRESH[caller]!) : undefined;
      const token = fresh ?? tokens[caller];
      if (token) headers.authorization = `Bearer ${token}`;
      if (row.idempotent) headers['idempotency-key'] = `matrix-${caller}-${Math.random()}`;
      let path = row.path.replace('{A}', orderOfA).replace('{CART_A}', cartItemOfA).replace('{TV_A}', consultOfA.code).replace('{TV_A_ID}', consultOfA.id).replace('{TV_A_CLAIM}', consultOfA.claimable).replace('{CHAT_A}', chatOfA);
      const expected = row.expect[caller];
      const refusedWrite = method !== 'GET' && [401, 403, 404].includes(expected) && new Set(Object.values(row.expect)).size > 1;
      const before = refusedWrite ? await snapshot() : '';
      const res = await api(path, { method, headers, body: row.body?.(caller), redirect: row.redirect });
      const read = row.check !== undefined && expected === 200;
      const text = read ? await res.text() : (await res.arrayBuffer(), '');
      expect(res.status).toBe(expected);
      if (read) row.check!(caller, JSON.parse(text));
      if (refusedWrite) expect(await snapshot()).toBe(before);
    });
  }
});
