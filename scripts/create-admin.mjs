// Creates an admin account (nobody can make themselves one through the API).
//   npm run admin:create -- --email admin@example.vn [--name "Quản trị"] [--password …] [--remote]
// Without --password a strong one is generated and printed once. Local by default; --remote writes to the
// deployed D1 (needs wrangler login). Safe to re-run: an existing email is left unchanged.
import { randomBytes, randomUUID } from 'node:crypto';
import { hashPassword } from '../shared/src/auth/crypto.ts';
import { run } from './lib/proc.mjs';

const args = process.argv.slice(2);
const opt = (name) => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 ? args[i + 1] : undefined;
};

/** A staff account written straight into D1: `admin` (this script) or, for local development, a `pharmacist` with a practising certificate. */
export async function createAdmin({ email, name = 'Quản trị viên', password, remote = false, role = 'admin', practisingCertificate = null }) {
  if (!email || !/^[^@\s]+@[^@\s]+\.[^@\s]+$/.test(email)) throw new Error('Usage: npm run admin:create -- --email admin@example.vn [--password …] [--remote]');
  const pw = password ?? randomBytes(12).toString('base64url');
  const hash = await hashPassword(pw);
  const now = Date.now();
  const q = (s) => `'${String(s).replace(/'/g, "''")}'`;
  const id = randomUUID().replace(/-/g, '').slice(0, 26).toUpperCase();
  if (!['admin', 'pharmacist'].includes(role)) throw new Error(`unknown staff role ${role}`);
  const sql = `INSERT INTO users (id, email, email_verified_at, password_hash, name, role, status, practising_certificate, created_at, updated_at)
    VALUES (${q(id)}, ${q(email.toLowerCase())}, ${now}, ${q(hash)}, ${q(name)}, ${q(role)}, 'active', ${practisingCertificate ? q(practisingCertificate) : 'NULL'}, ${now}, ${now}) ON CONFLICT (email) DO NOTHING;
    INSERT INTO audit_log (id, actor_id, actor_role, action, entity_type, entity_id, data, created_at)
    SELECT ${q(`${id}A`)}, NULL, 'cli', 'user.create', 'user', id, ${q(JSON.stringify({ role }))}, ${now} FROM users WHERE id = ${q(id)};`;
  await run('npx', ['wrangler', 'd1', 'execute', 'DB', remote ? '--remote' : '--local', '--command', sql], { quiet: true });
  return { email: email.toLowerCase(), password: pw };
}

if (import.meta.url === `file://${process.argv[1]}`) {
  createAdmin({ email: opt('email'), name: opt('name'), password: opt('password'), remote: args.includes('--remote') })
    .then((r) => console.log(`Admin ${r.email} ready. Password: ${r.password}\n(If the email already existed, its password was not changed.)`))
    .catch((e) => {
      console.error(e instanceof Error ? e.message : e);
      process.exit(1);
    });
}
