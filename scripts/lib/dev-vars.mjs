// Local-only secrets for `wrangler dev` (.dev.vars per Worker, never committed): written once if missing, shared by
// `npm run dev` and the benchmark's own server (which signs an admin in, so it needs the same JWT secret).
import { randomBytes } from 'node:crypto';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { ROOT } from './proc.mjs';

/**
 * `workerConfigs`: the api Worker's wrangler.toml first, then the satellites'. `model`: the OpenAI-protocol server the
 * recommendation Worker talks to (`{ baseUrl, apiKey }`, the e2e stack's stand-in); without it the Worker has no key
 * and every AI feature runs its labelled fallback (`npm run dev` needs no secret).
 */
export function ensureDevVars(workerConfigs, { model = null } = {}) {
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
  // recommendation Worker (#18: it reads shoppers' access tokens — "for you", assistant conversations — and signs the
  // assistant's hand-off links).
  const rootSecret = /^JWT_SECRET=(.+)$/m.exec(readFileSync(rootVars, 'utf8'))?.[1];
  for (const worker of ['consumer', 'recommendation']) {
    const vars = join(ROOT, `workers/${worker}/.dev.vars`);
    if (rootSecret && existsSync(vars) && !/^JWT_SECRET=/m.test(readFileSync(vars, 'utf8'))) {
      writeFileSync(vars, `${readFileSync(vars, 'utf8')}JWT_SECRET=${rootSecret}\n`);
    }
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
  setModelVars(model);
}

const MODEL_BEGIN = '# >>> model (written by the starting script for this run only; removed when a stack starts without one)';
const MODEL_END = '# <<< model';

/**
 * The recommendation Worker's model settings (OPENAI_API_KEY, OPENAI_BASE_URL) in its .dev.vars, and only there (a
 * satellite's `wrangler dev` reads no process environment and takes no --var): rewritten at every start from what
 * that start was given, so a stack started without one (`npm run dev`, the bench) never inherits the e2e stand-in's.
 * `model` null removes them (scripts/e2e.mjs also does when it stops).
 */
export function setModelVars(model, p = join(ROOT, 'workers/recommendation/.dev.vars')) {
  const current = existsSync(p) ? readFileSync(p, 'utf8') : 'ENVIRONMENT=development\n';
  const start = current.indexOf(MODEL_BEGIN);
  const end = current.indexOf(MODEL_END);
  let rest = start >= 0 && end > start ? current.slice(0, start) + current.slice(end + MODEL_END.length + 1) : current;
  if (model) rest += `${MODEL_BEGIN}\nOPENAI_API_KEY=${model.apiKey}\nOPENAI_BASE_URL=${model.baseUrl}\n${MODEL_END}\n`;
  if (rest !== current) writeFileSync(p, rest);
}
