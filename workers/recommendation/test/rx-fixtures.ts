/**
 * #18 test data for prescription reading and photo search: amoxicillin in three forms/strengths (so matching must
 * weigh strength AND form), the ingredient rows the match rule reads, and PNG images made unique per test (the
 * OpenAI stand-in's scripts match on the image's digest, which the Worker names in its prompt).
 */
import { env } from 'cloudflare:test';
import { inject } from 'vitest';
import { crc32 } from '../../api/test/consultation-files';
import { ids, PNG_96 } from '../../api/test/fixtures';
import { sha256Hex } from '../src/hash';

export const RX_IDS = {
  amoxIngredient: '01TESTINGAMOXICILLIN00000',
  /** Gamma Amoxicillin 250mg, powder for oral suspension (prescription-only). */
  amox250Powder: '01TESTPRODAMOX250POWDER00',
  /** Delta Amoxicillin 500mg, tablets (prescription-only). */
  amox500Tablet: '01TESTPRODAMOX500TABLET00',
};

export async function seedRxCatalogue() {
  const T = 1_700_000_000_000;
  const product = (id: string, slug: string, name: string, form: string) =>
    env.DB.prepare(
      `INSERT INTO products (id, slug, name, short_description, description, dosage_form, pack_spec, base_unit, indications, country_of_origin, brand_id, category_id,
         prescription_required, approval_state, visible, created_at, updated_at)
       VALUES (?, ?, ?, ?, ?, ?, 'Hộp 10 vỉ x 10 viên', 'viên', 'Nhiễm khuẩn.', 'Việt Nam', ?, ?, 1, 'approved', 1, ?, ?)`,
    ).bind(id, slug, name, `${name}.`, `## ${name}`, form, ids.brandGamma, ids.catKhangSinh, T, T);
  const unit = (id: string, productId: string) =>
    env.DB.prepare("INSERT INTO product_units (id, product_id, name, factor, price, weight_grams, is_default, position, created_at, updated_at) VALUES (?, ?, 'Hộp', 100, 80000, 100, 1, 0, ?, ?)").bind(id, productId, T, T);
  const ingredient = (productId: string, strength: string) =>
    env.DB.prepare('INSERT INTO product_ingredients (product_id, ingredient_id, strength, position) VALUES (?, ?, ?, 0)').bind(productId, RX_IDS.amoxIngredient, strength);
  await env.DB.batch([
    env.DB.prepare("INSERT INTO ingredients (id, slug, name, created_at) VALUES (?, 'amoxicillin', 'Amoxicillin', ?)").bind(RX_IDS.amoxIngredient, T),
    product(RX_IDS.amox250Powder, 'gamma-amoxicillin-250-bot', 'Gamma Amoxicillin 250mg', 'Bột pha hỗn dịch uống'),
    product(RX_IDS.amox500Tablet, 'delta-amoxicillin-500-vien-nen', 'Delta Amoxicillin 500mg', 'Viên nén'),
    unit('01TESTUNITAMOX250POWDER00', RX_IDS.amox250Powder),
    unit('01TESTUNITAMOX500TABLET00', RX_IDS.amox500Tablet),
    ingredient(ids.amoxicillin, '500mg'),
    ingredient(RX_IDS.amox250Powder, '250mg'),
    ingredient(RX_IDS.amox500Tablet, '500mg'),
  ]);
}

// ---- Images -------------------------------------------------------------------------------------------------------

/** The test PNG with a private ancillary chunk carrying `label` after IHDR (kept by the metadata stripper). */
export function labelledPng(label: string): Uint8Array {
  const data = new TextEncoder().encode(label);
  const chunk = new Uint8Array(12 + data.length);
  const view = new DataView(chunk.buffer);
  view.setUint32(0, data.length);
  chunk.set(new TextEncoder().encode('prVt'), 4);
  chunk.set(data, 8);
  view.setUint32(8 + data.length, crc32(chunk.subarray(4, 8 + data.length)));
  const ihdrEnd = 8 + 12 + 13;
  const out = new Uint8Array(PNG_96.length + chunk.length);
  out.set(PNG_96.subarray(0, ihdrEnd));
  out.set(chunk, ihdrEnd);
  out.set(PNG_96.subarray(ihdrEnd), ihdrEnd + chunk.length);
  return out;
}

/** What the Worker names the image by in its prompt (vision.ts): the first 16 hex digits of its SHA-256. */
export async function imageDigest(bytes: Uint8Array): Promise<string> {
  return (await sha256Hex(bytes)).slice(0, 16);
}

// ---- The OpenAI stand-in ------------------------------------------------------------------------------------------
export const standinBase = () => inject('openaiStandinUrl');
export const OPENAI_KEY = 'sk-standin-test-key';

export async function script(match: string, replies: unknown[]) {
  const res = await fetch(standinBase().replace(/\/v1$/, '/__standin/scripts'), { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ match, replies }) });
  if (res.status !== 201) throw new Error(`stand-in script refused: ${res.status}`);
}

export async function standinRequests(match: string): Promise<Array<{ model: string; images: number; response_format?: { type: string; json_schema?: { name: string } }; messages: Array<{ role: string; content: unknown }> }>> {
  return (await fetch(standinBase().replace(/\/v1$/, `/__standin/requests?match=${encodeURIComponent(match)}`))).json() as never;
}

/** The recommendation Worker's bindings with the model configured (the stand-in). */
export const withModel = <E extends object>(e: E) => ({ ...e, OPENAI_API_KEY: OPENAI_KEY, OPENAI_BASE_URL: standinBase() });
