// Global setup of the projects that need a real Elasticsearch (`search`, `search-worker`): one server per vitest
// process (test/elasticsearch-server.ts), started only when one of their test files is selected, stopped at the end.
// MEDICARE_ELASTICSEARCH_URL points the suites at a server that is already running instead (e.g. a local dev server).
import type { TestProject } from 'vitest/node';
import { acquireSharedElasticsearch } from './elasticsearch-server';
import { startTcpProxy } from './standins/tcp-proxy';

export default async function setup(project: TestProject) {
  const external = process.env.MEDICARE_ELASTICSEARCH_URL;
  const es = external ? { url: external, release: async () => {} } : await acquireSharedElasticsearch();
  project.provide('elasticsearchUrl', es.url);
  // A loopback TCP proxy in front of the server that a test can stop (or make hang) through its control URL: the
  // Worker's fallback to D1 is tested against a server that goes away mid-run without stopping the one other suites use.
  const proxy = await startTcpProxy(new URL(es.url));
  project.provide('elasticsearchProxyUrl', proxy.url);
  project.provide('elasticsearchProxyControl', proxy.controlUrl);
  return async () => {
    await proxy.close();
    await es.release();
  };
}
