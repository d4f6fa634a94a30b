// #18 prescription drafts through the api Worker (ADR 0045): the pharmacist reads a consultation's photo into a draft
// (api → service binding → recommendation Worker → OpenAI stand-in → our catalogue), corrects and discards it; only
// staff read it (the owner never does), the holder alone writes it, every write and view is audited; without a key
// the reader is labelled off and the pharmacist types the draft by hand.
import { createExecutionContext, env, waitOnExecutionContext } from 'cloudflare:test';
import { beforeAll, describe, expect, it } from 'vitest';
import { app } from '../src/app';
import recommendation from '../../recommendation/src/index';
import { api, ids, json, seedFixtures, tokenFor } from './fixtures';
import { imageDigest, labelledPng, RX_IDS, script, seedRxCatalogue, standinRequests, withModel } from '../../recommendation/test/rx-fixtures';

const T: Record<'owner' | 'other' | 'p1' | 'p2' | 'admin', string> = { owner: '', other: '', p1: '', p2: '', admin: '' };

beforeAll(async () => {
  await seedFixtures();
  await seedRxCatalogue();
  T.owner = await tokenFor('customer', 'rx-owner');
  T.other = await tokenFor('customer', 'rx-other');
  T.p1 = await tokenFor('pharmacist', 'rx-pharmacist-1');
  T.p2 = await tokenFor('pharmacist', 'rx-pharmacist-2');
  T.admin = await tokenFor('admin', 'rx-admin');
});

/** The api Worker with the recommendation Worker behind its binding configured with a model (the stand-in). */
async function apiWithModel(path: string, init: RequestInit = {}) {
  const binding = {
    fetch: async (input: RequestInfo | URL, i?: RequestInit) => {
      const ctx = createExecutionContext();
      const res = await recommendation.fetch(new Request(input, i) as never, withModel(env) as never, ctx);
      await waitOnExecutionContext(ctx);
      return res;
    },
  };
  const ctx = createExecutionContext();
  const res = await app.fetch(new Request(`https://api.medicare.test${path}`, init), { ...env, RECOMMENDATION: binding } as never, ctx);
  await waitOnExecutionContext(ctx);
  return res;
}

const auth = (who: keyof typeof T, extra: Record<string, string> = {}) => ({ authorization: `Bearer ${T[who]}`, ...extra });
const JSON_H = { 'content-type': 'application/json' };

/** A consultation submitted by the owner with one prescription photo, claimed by pharmacist 1. */
async function claimedConsultation(label: string) {
  const image = labelledPng(label);
  const f = new FormData();
  f.set('payload', JSON.stringify({ productIds: [], contactPhone: '0903123456' }));
  f.append('files', new Blob([image], { type: 'image/png' }), 'don-thuoc.png');
  const created = await api('/v1/consultations', { method: 'POST', headers: auth('owner'), body: f });
  expect(created.status).toBe(201);
  const { code } = await json<{ code: string }>(created);
  const id = (await env.DB.prepare('SELECT id FROM consultations WHERE code = ?').bind(code).first<{ id: string }>())!.id;
  expect((await api(`/v1/pharmacist/consultations/${id}/claim`, { method: 'POST', headers: auth('p1') })).status).toBe(200);
  return { id, code, digest: await imageDigest(image) };
}

const audit = (id: string) => env.DB.prepare("SELECT action, actor_id AS actor, data FROM audit_log WHERE entity_id = ? AND action LIKE 'consultation.rx_draft%' ORDER BY created_at, rowid").bind(id).all<{ action: string; actor: string; data: string }>().then((r) => r.results);

describe('prescription reading into a draft (pharmacist)', () => {
  it('reads the photo with the model through the recommendation Worker, matches our product, stores and audits the draft', async () => {
    const c = await claimedConsultation('api-rx-read');
    await script(c.digest, [
      {
        content: JSON.stringify({
          readable: true,
          drugs: [{ name: 'Amoxicillin', strength: '500mg', form: 'viên nang', quantity: '21 viên', instructions: 'Ngày 3 lần, mỗi lần 1 viên' }],
          prescriber: 'BS. Trần Thị Hoa',
          date: '29/11/2026',
        }),
      },
    ]);
    const res = await apiWithModel(`/v1/pharmacist/consultations/${c.id}/rx-draft/read`, { method: 'POST', headers: auth('p1', JSON_H), body: '{}' });
    expect(res.status).toBe(200);
    const body = await json(res);
    expect(body.reader).toEqual({ mode: 'model', label: 'Đọc đơn thuốc bằng AI' });
    expect(body.draft).toMatchObject({ consultationId: c.id, source: 'model', model: 'gpt-4o-mini', prescriber: 'BS. Trần Thị Hoa', prescribedOn: '29/11/2026', updatedBy: 'rx-pharmacist-1' });
    expect(body.draft.items[0]).toMatchObject({ name: 'Amoxicillin', strength: '500mg', quantity: '21 viên', productId: ids.amoxicillin });
    expect(body.draft.items[0].matches.map((m: { productId: string }) => m.productId)).toContain(RX_IDS.amox500Tablet);
    expect((await standinRequests(c.digest))[0]).toMatchObject({ images: 1 });
    // Audited with counts only: never the drugs or the prescriber.
    const rows = await audit(c.id);
    expect(rows.map((r) => [r.action, r.actor])).toEqual([['consultation.rx_draft_read', 'rx-pharmacist-1']]);
    expect(JSON.parse(rows[0]!.data)).toMatchObject({ code: c.code, source: 'model', items: 1, matched: 1 });
    expect(rows[0]!.data).not.toMatch(/Amoxicillin|Trần/);

    // Reading again does not silently overwrite the pharmacist's draft.
    const again = await apiWithModel(`/v1/pharmacist/consultations/${c.id}/rx-draft/read`, { method: 'POST', headers: auth('p1', JSON_H), body: '{}' });
    expect(again.status).toBe(409);
    expect(await json(again)).toMatchObject({ error: { code: 'RX_DRAFT_EXISTS' } });

    // The pharmacist corrects it: picks the tablets instead, adds a row typed by hand; matches are recomputed.
    const put = await api(`/v1/pharmacist/consultations/${c.id}/rx-draft`, {
      method: 'PUT',
      headers: auth('p1', JSON_H),
      body: JSON.stringify({ prescriber: 'BS. Trần Thị Hoa', prescribedOn: '29/11/2026', items: [{ name: 'Amoxicillin', strength: '500mg', form: 'viên nang', quantity: '21 viên', productId: RX_IDS.amox500Tablet }, { name: 'Paracetamol', strength: '500mg', form: 'viên nén' }] }),
    });
    expect(put.status).toBe(200);
    const saved = (await json(put)).draft;
    expect(saved).toMatchObject({ source: 'edited', model: 'gpt-4o-mini' });
    expect(saved.items.map((i: { productId: string | null }) => i.productId)).toEqual([RX_IDS.amox500Tablet, ids.paracetamol]);
    expect(saved.items[0].matches[0].productId).toBe(ids.amoxicillin);

    // A model that answers nothing usable: a clear error, the draft untouched.
    await script(c.digest, [{ content: '{"drugs": 42}' }, { content: '{"drugs": 42}' }]);
    const bad = await apiWithModel(`/v1/pharmacist/consultations/${c.id}/rx-draft/read`, { method: 'POST', headers: auth('p1', JSON_H), body: JSON.stringify({ replace: true }) });
    expect(bad.status).toBe(502);
    expect(await json(bad)).toMatchObject({ error: { code: 'RX_READER_FAILED' } });
    expect((await json(await api(`/v1/pharmacist/consultations/${c.id}/rx-draft`, { headers: auth('p1') }))).draft.source).toBe('edited');

    // Discard.
    const del = await api(`/v1/pharmacist/consultations/${c.id}/rx-draft`, { method: 'DELETE', headers: auth('p1') });
    expect(del.status).toBe(200);
    expect((await json(del)).draft).toBeNull();
    expect((await api(`/v1/pharmacist/consultations/${c.id}/rx-draft`, { method: 'DELETE', headers: auth('p1') })).status).toBe(404);
    expect((await audit(c.id)).map((r) => r.action)).toEqual(['consultation.rx_draft_read', 'consultation.rx_draft_save', 'consultation.rx_draft_viewed', 'consultation.rx_draft_discard']);
  });

  it('only staff read a draft (the owner never does), only the holding pharmacist writes it', async () => {
    const c = await claimedConsultation('api-rx-authz');
    const put = (who: keyof typeof T) => api(`/v1/pharmacist/consultations/${c.id}/rx-draft`, { method: 'PUT', headers: auth(who, JSON_H), body: JSON.stringify({ items: [{ name: 'Paracetamol 500mg' }] }) });
    expect((await put('p1')).status).toBe(200);
    expect((await put('p2')).status).toBe(409);
    expect((await put('admin')).status).toBe(403);
    expect((await put('owner')).status).toBe(403);
    const read = (who: keyof typeof T | null) => api(`/v1/pharmacist/consultations/${c.id}/rx-draft`, { headers: who ? auth(who) : {} });
    expect((await read(null)).status).toBe(401);
    expect((await read('owner')).status).toBe(403);
    expect((await read('other')).status).toBe(403);
    expect((await read('p2')).status).toBe(200);
    expect((await json(await read('admin'))).draft.items[0]).toMatchObject({ name: 'Paracetamol 500mg', productId: ids.paracetamol });
    // The owner's own consultation view says nothing of the draft.
    const mine = await json(await api(`/v1/consultations/${c.code}`, { headers: auth('owner') }));
    expect(JSON.stringify(mine)).not.toMatch(/Paracetamol|rxDraft|draft/i);
    // Another pharmacist may not discard it, nor read a photo into it.
    expect((await api(`/v1/pharmacist/consultations/${c.id}/rx-draft`, { method: 'DELETE', headers: auth('p2') })).status).toBe(409);
    expect((await apiWithModel(`/v1/pharmacist/consultations/${c.id}/rx-draft/read`, { method: 'POST', headers: auth('p2', JSON_H), body: '{"replace":true}' })).status).toBe(409);
    // A product that is not an approved one cannot be chosen.
    const unknown = await api(`/v1/pharmacist/consultations/${c.id}/rx-draft`, { method: 'PUT', headers: auth('p1', JSON_H), body: JSON.stringify({ items: [{ name: 'X', productId: ids.pending }] }) });
    expect(unknown.status).toBe(400);
    expect(await json(unknown)).toMatchObject({ error: { code: 'UNKNOWN_PRODUCT' } });
  });

  it('without an OpenAI key the reader is labelled off, reading answers 503 RX_READER_OFF, and the pharmacist types the draft by hand', async () => {
    const c = await claimedConsultation('api-rx-off');
    const got = await json(await api(`/v1/pharmacist/consultations/${c.id}/rx-draft`, { headers: auth('p1') }));
    expect(got).toEqual({ draft: null, reader: { mode: 'off', label: expect.stringContaining('Trình đọc AI đang tắt') } });
    const read = await api(`/v1/pharmacist/consultations/${c.id}/rx-draft/read`, { method: 'POST', headers: auth('p1', JSON_H), body: '{}' });
    expect(read.status).toBe(503);
    expect(await json(read)).toMatchObject({ error: { code: 'RX_READER_OFF' } });
    const manual = await api(`/v1/pharmacist/consultations/${c.id}/rx-draft`, { method: 'PUT', headers: auth('p1', JSON_H), body: JSON.stringify({ items: [{ name: 'Amoxicillin', strength: '500 mg', form: 'viên nang cứng', quantity: '1 hộp' }] }) });
    expect(manual.status).toBe(200);
    expect((await json(manual)).draft).toMatchObject({ source: 'manual', model: null, items: [{ productId: ids.amoxicillin }] });
  });

  it('the internal routes are not reachable from outside', async () => {
    for (const path of ['/internal/rx/read', '/v1/recommendations/internal/rx/read', '/v1/recommendations/../internal/rx/read', '/v1/recommendations/%2e%2e/internal/ai/status', '/internal/ai/status']) {
      const res = await api(path, { method: path.endsWith('status') ? 'GET' : 'POST' });
      expect(res.status, path).toBe(404);
    }
  });
});
