/**
 * Sign-up consents (#17 legal, ADR 0041): one `consents` row per accepted document with the version published at that
 * moment, written in the same D1 batch as the account (auth/repo.d1.ts createUser), so an account never exists without
 * its consent record. Each row is guarded on the new user row existing: a sign-up with an address already registered
 * inserts no user and no consent.
 */
import { z } from '@hono/zod-openapi';
import { newId } from '../ids';
import type { PolicyKey } from './policies';

export const ConsentSchema = z
  .object({ document: z.enum(['privacy', 'terms']), version: z.number().int(), source: z.enum(['sign_up']), acceptedAt: z.number().int() })
  .openapi('Consent');

export function consentStatements(db: D1Database, userId: string, versions: Partial<Record<PolicyKey, number>>, now: number): D1PreparedStatement[] {
  return Object.entries(versions).map(([document, version]) =>
    db
      .prepare("INSERT INTO consents (id, user_id, document, version, source, accepted_at) SELECT ?, ?, ?, ?, 'sign_up', ? WHERE EXISTS (SELECT 1 FROM users WHERE id = ?)")
      .bind(newId(), userId, document, version, now, userId),
  );
}

export async function consentsOf(db: D1Database, userId: string) {
  const rows = await db
    .prepare('SELECT document, version, source, accepted_at AS acceptedAt FROM consents WHERE user_id = ? ORDER BY accepted_at, document')
    .bind(userId)
    .all<z.infer<typeof ConsentSchema>>();
  return rows.results;
}
