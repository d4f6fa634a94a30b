// Local-only secrets for `wrangler dev` (.dev.vars per Worker, never committed): written once if missing, shared by
// `npm run dev` and the benchmark's own server (which signs an admin in, so it needs the same JWT secret).
import { randomBytes } from 'node:crypto';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { ROOT } from './proc.mjs';

/** `workerConfigs`: the api Worker's wrangler.toml first, then the satellites'. */
export function ensureDevVars(workerConfigs) {
  // One local secret shared by all Workers (they verify the same access tokens). Never committed (.gitignore).
  const rootVars = join(ROOT, '.dev.vars');
  let secret;
  if (!existsSync(rootVars)) {
    secret = randomBytes(32).toString('hex');
    writeFileSync(rootVars, `ENVIRONMENT=development\nJWT_SECRET=${secret}\n`);
  }
  for (const cfg of workerConfigs.slice(1)) {
    const p = join(ROOT, cfg.replace('wrangler.toml', '.dev.vars'));
    if (!existsSync(p)) writeFileSync(p, 'ENVIRONMENT=development\n');
  }
  // The api Worker's secret, also held by: the consumer (#15: it signs the guest links of consultation emails) and the
  // recommendation Worker (#18: it verifies shoppers' access tokens for "for you").
  const rootSecret = /^JWT_SECRET=(.+)$/m.exec(readFileSync(rootVars, 'utf8'))?.[1];
  for (const worker of ['consumer', 'recommendation']) {
    const vars = join(ROOT, `workers/${worker}/.dev.vars`);
    if (rootSecret && existsSync(vars) && !/^JWT_SECRET=/m.test(readFileSync(vars, 'utf8'))) writeFileSync(vars, `${readFileSync(vars, 'utf8')}JWT_SECRET=${rootSecret}\n`);
  }
  // The payment Worker's local SePay secret, used by `npm run simulate:payment` to sign webhooks.
  const paymentVars = join(ROOT, 'workers/payment/.dev.vars');
  if (!/^SEPAY_WEBHOOK_SECRET=/m.test(readFileSync(paymentVars, 'utf8'))) {
    writeFileSync(paymentVars, `${readFileSync(paymentVars, 'utf8')}SEPAY_WEBHOOK_SECRET=whsec_${randomBytes(24).toString('hex')}\n`);
  }
  // The hook Worker's carrier secrets: the unguessable part of the callback URLs registered with GHN and GHTK.
  const hookVars = join(ROOT, 'workers/hook/.dev.vars');
  for (const name of ['HOOK_SECRET_GHN', 'HOOK_SECRET_GHTK']) {
    if (!new RegExp(`^${name}=`, 'm').test(readFileSync(hookVars, 'utf8'))) writeFileSync(hookVars, `${readFileSync(hookVars, 'utf8')}${name}=${randomBytes(24).toString('hex')}\n`);
  }
}
