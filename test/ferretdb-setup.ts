// Global setup of the `catalog` project (#19, ADR 0047): one real MongoDB-wire server (FerretDB v1.24.2, SQLite
// backend; scripts/lib/ferretdb.mjs builds it once from the Go module proxy and caches it) per vitest process, started
// only when one of the project's files is selected, stopped at the end. MEDICARE_MONGODB_URI points the suites at a
// server that is already running instead (e.g. MongoDB Atlas or a local mongod).
import type { TestProject } from 'vitest/node';
import { startFerretdb } from '../scripts/lib/ferretdb.mjs';

export default async function setup(project: TestProject) {
  const external = process.env.MEDICARE_MONGODB_URI;
  const server = external ? { uri: external, stop: async () => {} } : await startFerretdb();
  project.provide('mongodbUri', server.uri);
  return async () => {
    await server.stop();
  };
}
