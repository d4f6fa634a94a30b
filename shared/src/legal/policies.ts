/**
 * Policy pages (#17 legal, ADR 0041): articles of the content system that carry a `policy_key` (migrations/0033).
 * Admins edit them in the console's article screens like any article; publishing a change bumps `version`
 * (content/articles-admin.d1.ts). The storefront reads them here, never through the health-article routes.
 */
import { z } from '@hono/zod-openapi';
import { POLICY_KEYS } from '../db/schema';
import { NotFoundError, ServiceUnavailableError } from '../errors';

export type PolicyKey = (typeof POLICY_KEYS)[number];
export { POLICY_KEYS };

/** The documents a new account accepts at sign-up (one consent row each, with the version published then). */
export const SIGN_UP_DOCUMENTS = ['privacy', 'terms'] as const satisfies readonly PolicyKey[];

export const PolicySummarySchema = z
  .object({
    key: z.enum(POLICY_KEYS),
    slug: z.string(),
    title: z.string(),
    version: z.number().int(),
    updatedAt: z.number().int(),
  })
  .openapi('PolicySummary');
export const PolicySchema = PolicySummarySchema.extend({ summary: z.string(), body: z.string().openapi({ description: 'Markdown' }) }).openapi('Policy');
export type PolicySummary = z.infer<typeof PolicySummarySchema>;

const COLUMNS = 'policy_key AS key, slug, title, version, updated_at AS updatedAt';
const order = (k: PolicyKey) => POLICY_KEYS.indexOf(k);

/** The published policies, in the footer's order. */
export async function listPolicies(db: D1Database): Promise<PolicySummary[]> {
  const rows = await db.prepare(`SELECT ${COLUMNS} FROM articles WHERE policy_key IS NOT NULL AND status = 'published'`).all<PolicySummary>();
  return rows.results.sort((a, b) => order(a.key) - order(b.key));
}

export async function getPolicy(db: D1Database, slug: string) {
  const row = await db
    .prepare(`SELECT ${COLUMNS}, summary, body FROM articles WHERE slug = ? AND policy_key IS NOT NULL AND status = 'published'`)
    .bind(slug)
    .first<z.infer<typeof PolicySchema>>();
  if (!row) throw new NotFoundError('Không tìm thấy chính sách.', 'POLICY_NOT_FOUND');
  return row;
}

/** The published version of each document, or 503 if one is missing (sign-up cannot record a consent without it). */
export async function currentVersions<K extends PolicyKey>(db: D1Database, keys: readonly K[]): Promise<Record<K, number>> {
  const rows = await db
    .prepare(`SELECT policy_key AS key, version FROM articles WHERE status = 'published' AND policy_key IN (${keys.map(() => '?').join(',')})`)
    .bind(...keys)
    .all<{ key: K; version: number }>();
  const out = Object.fromEntries(rows.results.map((r) => [r.key, r.version])) as Record<K, number>;
  if (keys.some((k) => !(out[k] >= 1))) throw new ServiceUnavailableError('Chính sách bảo mật đang được cập nhật, vui lòng thử lại sau.', 'POLICY_UNAVAILABLE');
  return out;
}
