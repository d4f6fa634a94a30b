import { describe, expect, it } from 'vitest';
import { contentSecurityPolicy } from '../src/lib/csp';

const directive = (csp: string, name: string) => csp.split('; ').find((d) => d.startsWith(`${name} `)) ?? '';

describe('storefront Content-Security-Policy', () => {
  it('production: scripts and inline styles only with the nonce, no eval, no unsafe-inline styles', () => {
    const csp = contentSecurityPolicy('abc123');
    expect(directive(csp, 'script-src')).toBe("script-src 'self' 'nonce-abc123' 'strict-dynamic'");
    expect(directive(csp, 'style-src')).toBe("style-src 'self' 'nonce-abc123'");
    expect(csp).not.toContain('unsafe-eval');
  });

  it("next dev: its hot-reloaded <style> tags are allowed (no nonce beside 'unsafe-inline', which would void it)", () => {
    const csp = contentSecurityPolicy('abc123', true);
    expect(directive(csp, 'style-src')).toBe("style-src 'self' 'unsafe-inline'");
    expect(directive(csp, 'script-src')).toContain("'unsafe-eval'");
  });
});
