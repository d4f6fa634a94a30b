import { SELF } from 'cloudflare:test';
import { describe, expect, it } from 'vitest';

describe('payment worker', () => {
  it('answers health', async () => {
    const res = await SELF.fetch('https://payment.test/health');
    expect(res.status).toBe(200);
  });
});
