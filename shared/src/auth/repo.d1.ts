import type { Role } from '../http/auth';
import { containsText } from '../db/text-match';
import { newId } from '../ids';

export interface UserRow {
  id: string;
  email: string;
  emailVerifiedAt: number | null;
  passwordHash: string | null;
  name: string;
  phone: string | null;
  role: Role;
  status: 'active' | 'deactivated';
  practisingCertificate: string | null;
  failedLoginCount: number;
  lockedUntil: number | null;
  createdAt: number;
  updatedAt: number;
}

export interface SessionRow {
  id: string;
  userId: string;
  familyId: string;
  userAgent: string | null;
  expiresAt: number;
  rotatedAt: number | null;
  revokedAt: number | null;
  createdAt: number;
  lastUsedAt: number | null;
}

const USER_COLUMNS = `id, email, email_verified_at AS emailVerifiedAt, password_hash AS passwordHash, name, phone, role, status,
  practising_certificate AS practisingCertificate, failed_login_count AS failedLoginCount, locked_until AS lockedUntil,
  created_at AS createdAt, updated_at AS updatedAt`;
const SESSION_COLUMNS = `id, user_id AS userId, family_id AS familyId, user_agent AS userAgent, expires_at AS expiresAt,
  rotated_at AS rotatedAt, revoked_at AS revokedAt, created_at AS createdAt, last_used_at AS lastUsedAt`;

/** Accounts persistence in D1. Each method is one round trip; multi-row changes are one atomic batch. */
export class D1AuthRepository {
  constructor(private readonly d1: D1Database) {}

  /** The database, for statements other modules add to this repository's batches (sign-up consents). */
  get db(): D1Database {
    return this.d1;
  }

  userByEmail(email: string) {
    return this.d1.prepare(`SELECT ${USER_COLUMNS} FROM users WHERE email = ?`).bind(email).first<UserRow>();
  }

  userById(id: string) {
    return this.d1.prepare(`SELECT ${USER_COLUMNS} FROM users WHERE id = ?`).bind(id).first<UserRow>();
  }

  /**
   * Inserts the user; returns false when the email is taken (unique index), never throws for that. `also` runs in the
   * same batch (the sign-up consents: they must guard themselves on the new user existing).
   */
  async createUser(u: { id: string; email: string; name: string; phone: string | null; passwordHash: string; role: Role; practisingCertificate: string | null; verified: boolean }, now: number, also: D1PreparedStatement[] = []) {
    const [r] = await this.d1.batch([
      this.d1
        .prepare(
          `INSERT INTO users (id, email, email_verified_at, password_hash, name, phone, role, status, practising_certificate, created_at, updated_at)
           VALUES (?, ?, ?, ?, ?, ?, ?, 'active', ?, ?, ?) ON CONFLICT (email) DO NOTHING`,
        )
        .bind(u.id, u.email, u.verified ? now : null, u.passwordHash, u.name, u.phone, u.role, u.practisingCertificate, now, now),
      ...also,
    ]);
    return r!.meta.changes === 1;
  }

  /** Replaces any open token of this purpose with a new one (one live code or link per purpose). */
  async issueToken(userId: string, purpose: 'verify_email' | 'password_reset', tokenHash: string, expiresAt: number, now: number) {
    await this.d1.batch([
      this.d1.prepare('UPDATE auth_tokens SET consumed_at = ? WHERE user_id = ? AND purpose = ? AND consumed_at IS NULL').bind(now, userId, purpose),
      this.d1
        .prepare('INSERT INTO auth_tokens (id, user_id, purpose, token_hash, attempts, expires_at, created_at) VALUES (?, ?, ?, ?, 0, ?, ?)')
        .bind(newId(), userId, purpose, tokenHash, expiresAt, now),
    ]);
  }

  latestToken(userId: string, purpose: 'verify_email' | 'password_reset') {
    return this.d1
      .prepare('SELECT id, token_hash AS tokenHash, attempts, expires_at AS expiresAt, consumed_at AS consumedAt, created_at AS createdAt FROM auth_tokens WHERE user_id = ? AND purpose = ? ORDER BY created_at DESC LIMIT 1')
      .bind(userId, purpose)
      .first<{ id: string; tokenHash: string; attempts: number; expiresAt: number; consumedAt: number | null; createdAt: number }>();
  }

  tokenByHash(tokenHash: string) {
    return this.d1
      .prepare('SELECT id, user_id AS userId, purpose, expires_at AS expiresAt, consumed_at AS consumedAt FROM auth_tokens WHERE token_hash = ?')
      .bind(tokenHash)
      .first<{ id: string; userId: string; purpose: string; expiresAt: number; consumedAt: number | null }>();
  }

  countTokenAttempt(id: string) {
    return this.d1.prepare('UPDATE auth_tokens SET attempts = attempts + 1 WHERE id = ?').bind(id).run();
  }

  /** Marks the email verified and consumes the code, only if the code is still unused (single use under races). */
  async verifyEmail(userId: string, tokenId: string, now: number): Promise<boolean> {
    const [consumed] = await this.d1.batch([
      this.d1.prepare('UPDATE auth_tokens SET consumed_at = ? WHERE id = ? AND consumed_at IS NULL').bind(now, tokenId),
      this.d1.prepare('UPDATE users SET email_verified_at = COALESCE(email_verified_at, ?), updated_at = ? WHERE id = ? AND changes() = 1').bind(now, now, userId),
    ]);
    return consumed!.meta.changes === 1;
  }

  /** Sets a new password from a reset link: consumes the token, clears lockout, revokes every session. */
  async resetPassword(userId: string, tokenId: string, passwordHash: string, now: number): Promise<boolean> {
    const [consumed] = await this.d1.batch([
      this.d1.prepare('UPDATE auth_tokens SET consumed_at = ? WHERE id = ? AND consumed_at IS NULL AND expires_at > ?').bind(now, tokenId, now),
      this.d1
        .prepare('UPDATE users SET password_hash = ?, failed_login_count = 0, locked_until = NULL, updated_at = ? WHERE id = ? AND changes() = 1')
        .bind(passwordHash, now, userId),
      this.d1.prepare('UPDATE auth_sessions SET revoked_at = ? WHERE user_id = ? AND revoked_at IS NULL AND (SELECT consumed_at FROM auth_tokens WHERE id = ?) = ?').bind(now, userId, tokenId, now),
    ]);
    return consumed!.meta.changes === 1;
  }

  recordLoginSuccess(userId: string, now: number, newHash: string | null) {
    return this.d1
      .prepare('UPDATE users SET failed_login_count = 0, locked_until = NULL, password_hash = COALESCE(?, password_hash), updated_at = ? WHERE id = ?')
      .bind(newHash, now, userId)
      .run();
  }

  createSession(s: { userId: string; familyId: string; tokenHash: string; userAgent: string | null; expiresAt: number }, now: number) {
    return this.d1
      .prepare('INSERT INTO auth_sessions (id, user_id, family_id, refresh_token_hash, user_agent, expires_at, created_at, last_used_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)')
      .bind(newId(), s.userId, s.familyId, s.tokenHash, s.userAgent, s.expiresAt, now, now)
      .run();
  }

  sessionByTokenHash(tokenHash: string) {
    return this.d1.prepare(`SELECT ${SESSION_COLUMNS} FROM auth_sessions WHERE refresh_token_hash = ?`).bind(tokenHash).first<SessionRow>();
  }

  /**
   * Rotates a refresh token: the old one is marked used and a new one is inserted in the same family, in one batch.
   * The insert only happens if this call is the one that marked the old token (so a token works exactly once).
   */
  async rotate(old: SessionRow, newTokenHash: string, expiresAt: number, now: number): Promise<boolean> {
    const [, inserted] = await this.d1.batch([
      this.d1.prepare('UPDATE auth_sessions SET rotated_at = ?, last_used_at = ? WHERE id = ? AND rotated_at IS NULL AND revoked_at IS NULL').bind(now, now, old.id),
      this.d1
        .prepare(
          `INSERT INTO auth_sessions (id, user_id, family_id, refresh_token_hash, user_agent, expires_at, created_at, last_used_at)
           SELECT ?, ?, ?, ?, ?, ?, ?, ? WHERE changes() = 1`,
        )
        .bind(newId(), old.userId, old.familyId, newTokenHash, old.userAgent, expiresAt, now, now),
    ]);
    return inserted!.meta.changes === 1;
  }

  /**
   * Adds a token to the family of a just-rotated one (the refresh grace window): only while that token's row is not
   * revoked, so a family revoked for reuse never gains a member.
   */
  async addSibling(rotated: SessionRow, newTokenHash: string, expiresAt: number, now: number): Promise<boolean> {
    const r = await this.d1
      .prepare(
        `INSERT INTO auth_sessions (id, user_id, family_id, refresh_token_hash, user_agent, expires_at, created_at, last_used_at)
         SELECT ?, ?, ?, ?, ?, ?, ?, ? WHERE EXISTS (SELECT 1 FROM auth_sessions WHERE id = ? AND revoked_at IS NULL)`,
      )
      .bind(newId(), rotated.userId, rotated.familyId, newTokenHash, rotated.userAgent, expiresAt, now, now, rotated.id)
      .run();
    return r.meta.changes === 1;
  }

  revokeFamily(familyId: string, now: number) {
    return this.d1.prepare('UPDATE auth_sessions SET revoked_at = ? WHERE family_id = ? AND revoked_at IS NULL').bind(now, familyId).run();
  }

  revokeUserSessions(userId: string, now: number, exceptFamily?: string) {
    return this.d1
      .prepare('UPDATE auth_sessions SET revoked_at = ? WHERE user_id = ? AND revoked_at IS NULL AND family_id <> ?')
      .bind(now, userId, exceptFamily ?? '')
      .run();
  }

  /** Whether an access token's session is still live for this user and role (checked on every authorised call). */
  async sessionActive(userId: string, familyId: string, role: Role, now: number): Promise<boolean> {
    const row = await this.d1
      .prepare(
        `SELECT 1 AS ok FROM auth_sessions s JOIN users u ON u.id = s.user_id
         WHERE s.family_id = ? AND s.user_id = ? AND s.revoked_at IS NULL AND s.expires_at > ? AND u.status = 'active' AND u.role = ? LIMIT 1`,
      )
      .bind(familyId, userId, now, role)
      .first();
    return row !== null;
  }

  /** Live sessions (one per sign-in), newest activity first. */
  async listSessions(userId: string, now: number) {
    const rows = await this.d1
      .prepare(
        `SELECT family_id AS id, MIN(created_at) AS createdAt, MAX(last_used_at) AS lastUsedAt,
           (SELECT user_agent FROM auth_sessions s2 WHERE s2.family_id = s.family_id ORDER BY created_at DESC LIMIT 1) AS userAgent
         FROM auth_sessions s WHERE user_id = ? AND revoked_at IS NULL AND expires_at > ? AND rotated_at IS NULL
         GROUP BY family_id ORDER BY lastUsedAt DESC`,
      )
      .bind(userId, now)
      .all<{ id: string; createdAt: number; lastUsedAt: number; userAgent: string | null }>();
    return rows.results;
  }

  async revokeOwnSession(userId: string, familyId: string, now: number): Promise<boolean> {
    const r = await this.d1.prepare('UPDATE auth_sessions SET revoked_at = ? WHERE user_id = ? AND family_id = ? AND revoked_at IS NULL').bind(now, userId, familyId).run();
    return r.meta.changes > 0;
  }

  updateProfile(userId: string, patch: { name?: string; phone?: string | null }, now: number) {
    return this.d1
      .prepare('UPDATE users SET name = COALESCE(?, name), phone = CASE WHEN ? THEN ? ELSE phone END, updated_at = ? WHERE id = ?')
      .bind(patch.name ?? null, patch.phone !== undefined ? 1 : 0, patch.phone ?? null, now, userId)
      .run();
  }

  /** New password after proving the old one: other sessions are revoked in the same batch. */
  changePassword(userId: string, passwordHash: string, keepFamily: string, now: number) {
    return this.d1.batch([
      this.d1.prepare('UPDATE users SET password_hash = ?, updated_at = ? WHERE id = ?').bind(passwordHash, now, userId),
      this.d1.prepare('UPDATE auth_sessions SET revoked_at = ? WHERE user_id = ? AND revoked_at IS NULL AND family_id <> ?').bind(now, userId, keepFamily),
    ]);
  }

  async listUsers(q: { search?: string; role?: Role; status?: string; limit: number; afterId?: string }) {
    const where = ['1 = 1'];
    const params: unknown[] = [];
    if (q.search) {
      const m = containsText(['email', 'name', 'phone'], q.search);
      where.push(m.sql);
      params.push(...m.params);
    }
    if (q.role) {
      where.push('role = ?');
      params.push(q.role);
    }
    if (q.status) {
      where.push('status = ?');
      params.push(q.status);
    }
    if (q.afterId) {
      where.push('id < ?');
      params.push(q.afterId);
    }
    const rows = await this.d1
      .prepare(`SELECT ${USER_COLUMNS} FROM users WHERE ${where.join(' AND ')} ORDER BY id DESC LIMIT ?`)
      .bind(...params, q.limit + 1)
      .all<UserRow>();
    return rows.results;
  }

  /** Role/status change with its audit row; deactivation and role changes also end the user's sessions. */
  adminUpdateUser(
    userId: string,
    patch: { role?: Role; status?: 'active' | 'deactivated'; practisingCertificate?: string | null },
    audit: { actorId: string; actorRole: string; data: Record<string, unknown> },
    now: number,
  ) {
    const endSessions = patch.role !== undefined || patch.status === 'deactivated';
    return this.d1.batch([
      this.d1
        .prepare(
          `UPDATE users SET role = COALESCE(?, role), status = COALESCE(?, status),
             practising_certificate = CASE WHEN ? THEN ? ELSE practising_certificate END, updated_at = ? WHERE id = ?`,
        )
        .bind(patch.role ?? null, patch.status ?? null, patch.practisingCertificate !== undefined ? 1 : 0, patch.practisingCertificate ?? null, now, userId),
      this.d1.prepare(`UPDATE auth_sessions SET revoked_at = ? WHERE user_id = ? AND revoked_at IS NULL AND ?`).bind(now, userId, endSessions ? 1 : 0),
      this.d1
        .prepare("INSERT INTO audit_log (id, actor_id, actor_role, action, entity_type, entity_id, data, created_at) VALUES (?, ?, ?, 'user.update', 'user', ?, ?, ?)")
        .bind(newId(), audit.actorId, audit.actorRole, userId, JSON.stringify(audit.data), now),
    ]);
  }

  auditUserCreated(userId: string, actor: { actorId: string; actorRole: string }, data: Record<string, unknown>, now: number) {
    return this.d1
      .prepare("INSERT INTO audit_log (id, actor_id, actor_role, action, entity_type, entity_id, data, created_at) VALUES (?, ?, ?, 'user.create', 'user', ?, ?, ?)")
      .bind(newId(), actor.actorId, actor.actorRole, userId, JSON.stringify(data), now)
      .run();
  }
}
