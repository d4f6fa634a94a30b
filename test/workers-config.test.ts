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

  it("reaches each satellite through one of the api Worker's service bindings", () => {
    const bindings = Object.fromEntries(((api.services ?? []) as Array<{ binding: string; service?: string }>).map((s) => [s.binding, s.service]));
    for (const [name, binding] of Object.entries(SATELLITES)) expect(bindings[binding]).toBe(`medicare-${name}`);
  });
});
