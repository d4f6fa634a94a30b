/**
 * `npm run bench -- --ratelimit-only` (#19, ADR 0046): rate-limit check latency per backend, in one run, as ratios.
 * - D1 local: `D1RateLimiter` over a real local D1 (wrangler's `getPlatformProxy`, in memory: every call crosses to a
 *   workerd process, as in `wrangler dev`);
 * - Upstash: `UpstashRateLimiter` through the real `@upstash/redis` client → the REST stand-in on loopback → a real
 *   redis-server (test/redis-server.ts);
 * - baseline: a GET of the stand-in's stats route (one loopback HTTP round trip, no Redis), which the Upstash series
 *   pays on top of Redis.
 * Sequential `hit`s (distinct subjects, so each is a first hit: an INSERT in D1, a new key in Redis), then parallel
 * bursts (50 hits on one subject, exactly `limit` must pass). No fixed port: workerd and the stand-in take free ones.
 * Absolute numbers describe this (shared, busy) machine, not production: Upstash's network is not in them.
 */
import { getPlatformProxy } from 'wrangler';
import { D1RateLimiter, type RateLimiter } from '../shared/src/auth/ratelimit';
import { UpstashRateLimiter } from '../shared/src/auth/ratelimit.upstash';
import { upstashClient } from '../shared/src/upstash/client';
import { startRedisServer } from '../test/redis-server';
import { startUpstashStandin } from '../test/standins/upstash-standin';
import { pct } from './lib/percentile.mjs';

const N = Number(process.argv.find((a) => a.startsWith('--ratelimit-n='))?.split('=')[1]) || 300;
const BURSTS = 10;

async function time(fn: () => Promise<unknown>): Promise<number> {
  const t = performance.now();
  await fn();
  return performance.now() - t;
}

async function series(name: string, limiter: RateLimiter | null, baseline?: () => Promise<unknown>) {
  const now = Date.now();
  const seq: number[] = [];
  for (let i = 0; i < N; i++) seq.push(await time(() => (limiter ? limiter.hit('bench', `subject-${name}-${i}`, 5, 60, now) : baseline!())));
  const bursts: number[] = [];
  if (limiter) {
    for (let b = 0; b < BURSTS; b++) {
      let ok = 0;
      bursts.push(
        await time(async () => {
          const r = await Promise.all(Array.from({ length: 50 }, () => limiter.hit('bench-burst', `burst-${name}-${b}`, 7, 60, now)));
          ok = r.filter((x) => x.ok).length;
        }),
      );
      if (ok !== 7) throw new Error(`${name}: ${ok} of 50 parallel hits passed a limit of 7`);
    }
  }
  return { name, p50: pct(seq, 50), p95: pct(seq, 95), burst50: bursts.length ? pct(bursts, 50) : null };
}

async function main() {
  const proxy = await getPlatformProxy<{ DB: D1Database }>({ configPath: 'wrangler.toml', persist: false, remoteBindings: false, envFiles: [] });
  const redis = await startRedisServer();
  const standin = await startUpstashStandin(redis.port, 'bench-token');
  try {
    const db = proxy.env.DB;
    await db.prepare('CREATE TABLE IF NOT EXISTS rate_limits (key text PRIMARY KEY NOT NULL, window_start integer NOT NULL, count integer NOT NULL)').run();
    const d1 = new D1RateLimiter(db);
    const upstash = new UpstashRateLimiter(upstashClient({ url: standin.url, token: standin.token, timeoutMs: 10_000 }));
    // Warm-up: first calls open the database, compile the scripts, open connections.
    for (let i = 0; i < 20; i++) {
      await d1.hit('warm', `w${i}`, 5, 60, Date.now());
      await upstash.hit('warm', `w${i}`, 5, 60, Date.now());
      await fetch(`${standin.url}/__standin/stats`).then((r) => r.arrayBuffer());
    }
    const rows = [
      await series('baseline: loopback HTTP (stand-in, no Redis)', null, () => fetch(`${standin.url}/__standin/stats`).then((r) => r.arrayBuffer())),
      await series('D1 local (workerd, in memory)', d1),
      await series('Upstash stand-in → redis-server', upstash),
    ];
    const [base, d1Row, upRow] = rows as [(typeof rows)[0], (typeof rows)[0], (typeof rows)[0]];
    const { loadavg } = await import('node:os');
    console.log(`\nRate-limit check latency per backend (${N} sequential first hits each, ${BURSTS} bursts of 50 parallel hits; one run; load average ${loadavg().map((l) => l.toFixed(2)).join(' ')} on a shared machine):\n`);
    console.log(`  ${'series'.padEnd(46)} ${'p50 ms'.padStart(8)} ${'p95 ms'.padStart(8)} ${'p50/base'.padStart(9)} ${'burst-50 p50 ms'.padStart(16)}`);
    for (const r of rows) {
      console.log(`  ${r.name.padEnd(46)} ${r.p50.toFixed(2).padStart(8)} ${r.p95.toFixed(2).padStart(8)} ${(r.p50 / base.p50).toFixed(2).padStart(9)} ${(r.burst50 === null ? '-' : r.burst50.toFixed(2)).padStart(16)}`);
    }
    console.log(`\n  Upstash/D1 p50 ratio ${(upRow.p50 / d1Row.p50).toFixed(2)}; burst ${(upRow.burst50! / d1Row.burst50!).toFixed(2)} (auto-pipelining sends a burst as one /pipeline call)`);
  } finally {
    await standin.close();
    await redis.stop();
    await proxy.dispose();
  }
}

await main();
