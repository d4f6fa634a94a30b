import type { Context } from 'hono';
import { authGuards } from '../http/auth';
import { D1AuthRepository } from './repo.d1';

/**
 * The guards every Worker that reads shoppers' tokens uses: each authorised call confirms that its sign-in is live and
 * its role current (one indexed D1 read), so logout, password changes, deactivation and role changes take effect at
 * once in every Worker. `dbOf` gives the request's database handle (the api Worker's session-aware one, or `env.DB`).
 */
export const sessionGuards = (dbOf: (c: Context) => D1Database) =>
  authGuards(async (c, p) => {
    if (!p.sessionId) return false;
    return new D1AuthRepository(dbOf(c)).sessionActive(p.userId, p.sessionId, p.role, Date.now());
  });
