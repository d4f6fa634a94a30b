/**
 * Deployed reachability (#12 item 26): the satellite Workers serve only the api Worker's service bindings, so their
 * configs turn off the `*.workers.dev` address and preview URLs and declare no route of their own. Read with wrangler's
 * own config reader, so the keys are checked as `wrangler deploy` interprets them.
 */
import { unstable_readConfig } from 'wrangler';
import { describe, expect, it } from 'vitest';

const SATELLITES = { payment: 'PAYMENT', recommendation: 'RECOMMENDATION', hook: 'HOOK', consumer: 'CONSUMER' } as const;

describe('wrangler configs', () => {
  const api = unstable_readConfig({ config: 'wrangler.toml' });

  it.each(Object.keys(SATELLITES))('%s: no workers.dev address, no preview URLs, no routes', (name) => {
    const config = unstable_readConfig({ config: `workers/${name}/wrangler.toml` });
    expect(config.name).toBe(`medicare-${name}`);
    expect(config.workers_dev).toBe(false);
    expect(config.preview_urls).toBe(false);
    expect(config.routes ?? []).toEqual([]);
    expect(config.route).toBeUndefined();
  });

  // #16 review (ADR 0035): the api publishes the search feed and the consumer applies it; both read the same search
  // settings, so a configured value must be the same in both configs (a consumer without Elasticsearch hands chunks
  // back rather than losing them, but it never applies them).
  it('the api and consumer Workers agree on the search engine settings, in every environment', () => {
    const consumerPath = 'workers/consumer/wrangler.toml';
    const keys = ['SEARCH_BACKEND', 'ELASTIC_URL', 'ELASTIC_INDEX'] as const;
    const pick = (vars: Record<string, unknown> | undefined) => Object.fromEntries(keys.map((k) => [k, vars?.[k] ?? null]));
    const envNames = new Set([...Object.keys(api.env ?? {}), ...Object.keys(unstable_readConfig({ config: consumerPath }).env ?? {})]);
    for (const name of [undefined, ...envNames]) {
      const a = name ? unstable_readConfig({ config: 'wrangler.toml', env: name }) : api;
      const c = unstable_readConfig({ config: consumerPath, ...(name ? { env: name } : {}) });
      expect({ env: name ?? 'top-level', ...pick(c.vars as Record<string, unknown>) }).toEqual({ env: name ?? 'top-level', ...pick(a.vars as Record<string, unknown>) });
    }
  });

  it("reaches each satellite through one of the api Worker's service bindings", () => {
    const bindings = Object.fromEntries(((api.services ?? []) as Array<{ binding: string; service?: string }>).map((s) => [s.binding, s.service]));
    for (const [name, binding] of Object.entries(SATELLITES)) expect(bindings[binding]).toBe(`medicare-${name}`);
  });
});
