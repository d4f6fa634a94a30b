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
 * Rewrites one marked block of `p` (a .dev.vars file) to hold `vars` (an object; null removes the block), keeping every
 * other line: what a starting script writes for its run only.
 */
function setVarsBlock(p, begin, end, vars) {
  const current = existsSync(p) ? readFileSync(p, 'utf8') : 'ENVIRONMENT=development\n';
  const start = current.indexOf(begin);
  const stop = current.indexOf(end);
  let rest = start >= 0 && stop > start ? current.slice(0, start) + current.slice(stop + end.length + 1) : current;
  if (vars) rest += `${begin}\n${Object.entries(vars).map(([k, v]) => `${k}=${v}\n`).join('')}${end}\n`;
  if (rest !== current) writeFileSync(p, rest);
}

/**
 * The recommendation Worker's model settings (OPENAI_API_KEY, OPENAI_BASE_URL) in its .dev.vars, and only there (a
 * satellite's `wrangler dev` reads no process environment and takes no --var): rewritten at every start from what
 * that start was given, so a stack started without one (`npm run dev`, the bench) never inherits the e2e stand-in's.
 * `model` null removes them (scripts/e2e.mjs also does when it stops).
 */
export function setModelVars(model, p = join(ROOT, 'workers/recommendation/.dev.vars')) {
  setVarsBlock(p, MODEL_BEGIN, MODEL_END, model && { OPENAI_API_KEY: model.apiKey, OPENAI_BASE_URL: model.baseUrl });
}

const CATALOG_BEGIN = '# >>> catalogue origin (#19; written by the starting script for this run only; removed when a stack starts without one)';
const CATALOG_END = '# <<< catalogue origin';

/**
 * #19 (ADR 0047): the api Worker's catalogue origin in the root .dev.vars: `{ uri, db, client }` writes
 * CATALOG_BACKEND=mongo, MONGODB_URI, MONGODB_DB and MONGODB_CLIENT (`per-request` | `durable-object`); null removes
 * them (the catalogue is read from D1). Rewritten at every start (`npm run dev`, the bench), like the model's.
 */
export function setCatalogVars(mongo, p = join(ROOT, '.dev.vars')) {
  setVarsBlock(p, CATALOG_BEGIN, CATALOG_END, mongo && { CATALOG_BACKEND: 'mongo', MONGODB_URI: mongo.uri, MONGODB_DB: mongo.db, MONGODB_CLIENT: mongo.client ?? 'per-request' });
}
