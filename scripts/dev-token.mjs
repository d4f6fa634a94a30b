// `npm run dev:token -- admin [userId]`: prints a 15-minute access token signed with the LOCAL secret in .dev.vars,
// so a developer can call admin routes (e.g. the image upload) before the accounts issue adds real sign-in.
// Refuses to run without a local .dev.vars: it never sees a production secret.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { sign } from 'hono/jwt';
import { ROOT } from './lib/proc.mjs';

const [role = 'admin', userId = `dev-${role}`] = process.argv.slice(2);
if (!['customer', 'pharmacist', 'admin'].includes(role)) {
  console.error('Usage: npm run dev:token -- <customer|pharmacist|admin> [userId]');
  process.exit(1);
}
let secret;
try {
  secret = /^JWT_SECRET=(.+)$/m.exec(readFileSync(join(ROOT, '.dev.vars'), 'utf8'))?.[1];
} catch {
  /* handled below */
}
if (!secret) {
  console.error('No local .dev.vars with JWT_SECRET: run `npm run dev` once first.');
  process.exit(1);
}
const now = Math.floor(Date.now() / 1000);
console.log(await sign({ sub: userId, role, iat: now, exp: now + 15 * 60 }, secret, 'HS256'));
