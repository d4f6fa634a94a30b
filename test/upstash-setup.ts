// Global setup of the projects that need Redis (`upstash` node contract suite, `upstash-worker`): a real redis-server
// (test/redis-server.ts) and the Upstash REST stand-in in front of it (test/standins/upstash-standin.ts), both started
// only when one of their files is selected and stopped at the end. Fails with a clear message when redis-server is
// not installed (see test/redis-server.ts).
import type { TestProject } from 'vitest/node';
import { startRedisServer } from './redis-server';
import { startUpstashStandin } from './standins/upstash-standin';

export const UPSTASH_TEST_TOKEN = 'upstash-standin-test-token';

export default async function setup(project: TestProject) {
  const redis = await startRedisServer();
  const standin = await startUpstashStandin(redis.port, UPSTASH_TEST_TOKEN);
  project.provide('upstashStandinUrl', standin.url);
  project.provide('upstashStandinToken', standin.token);
  return async () => {
    await standin.close();
    await redis.stop();
  };
}
