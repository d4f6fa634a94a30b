/** In production the api Worker sends through SendGrid's client; here it is pointed at the local stand-in. */
import { env } from 'cloudflare:test';
import { describe, expect, inject, it } from 'vitest';
import { app } from '../src/app';

const standin = inject('sendgridStandinUrl');
const prodEnv = (over: Record<string, unknown> = {}) => ({ ...env, ENVIRONMENT: 'production', SENDGRID_API_KEY: 'SG.workerd-test-key', MAIL_FROM: 'no-reply@medicare.vn', SENDGRID_BASE_URL: standin, ...over }) as never;
const register = (email: string, e: never) =>
  app.fetch(new Request('https://api.medicare.test/v1/auth/register', { method: 'POST', headers: { 'content-type': 'application/json', 'cf-connecting-ip': '192.0.2.50' }, body: JSON.stringify({ email, password: 'MatKhau2026', name: 'Lê Thu', acceptPrivacyPolicy: true }) }), e, { waitUntil() {}, passThroughOnException() {} } as never);

describe('email through SendGrid (stand-in) from inside workerd', () => {
  it('sends the verification code with SendGrid when configured', async () => {
    const res = await register('thu.le@example.vn', prodEnv());
    expect(res.status).toBe(202);
    const messages = (await (await fetch(`${standin}/__standin/messages`)).json()) as Array<{ to: string[]; subject: string }>;
    expect(messages.find((m) => m.to.includes('thu.le@example.vn'))?.subject).toMatch(/^Mã xác minh Medicare: \d{6}$/);
    const stored = await env.DB.prepare("SELECT COUNT(*) AS n FROM dev_mailbox WHERE to_address = 'thu.le@example.vn'").first<{ n: number }>();
    expect(stored?.n).toBe(0); // nothing in the dev mailbox
  });

  it('refuses to send in production without SendGrid configured (no silent fallback)', async () => {
    const res = await register('nomail@example.vn', prodEnv({ SENDGRID_API_KEY: undefined }));
    expect(res.status).toBe(503);
    expect(((await res.json()) as { error: { code: string } }).error.code).toBe('MAIL_NOT_CONFIGURED');
  });
});
