/**
 * A real Elasticsearch 9.x server for tests and the bench (issue #16, ADR 0035): Elastic's own test distribution
 * (`org.elasticsearch.distribution.integ-test-zip:elasticsearch:9.1.0:zip`) from Maven Central, downloaded once into a
 * cache directory outside the repo, unpacked once, and started per call on loopback with a random free port, a 512 MB
 * heap, single-node discovery and security off. Elasticsearch refuses to run as root: when we are root it runs as
 * `nobody`, with its per-run directories (config copy, data, logs, tmp) owned by that user. It needs Java 21+: the
 * first JDK found among $ES_JAVA_HOME, $JAVA_HOME and /usr/lib/jvm/* whose `release` file says 21 or newer.
 *
 * This distribution has no analysis-common and no painless module: the adapter folds text itself and uses no scripts.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { chmodSync, chownSync, cpSync, createWriteStream, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, renameSync, rmSync, statSync } from 'node:fs';
import { createServer } from 'node:net';
import { homedir, tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';

export const ES_VERSION = '9.1.0';
const ZIP_URL = `https://repo1.maven.org/maven2/org/elasticsearch/distribution/integ-test-zip/elasticsearch/${ES_VERSION}/elasticsearch-${ES_VERSION}.zip`;
const NOBODY = { uid: 65534, gid: 65534 };
const READY_TIMEOUT_MS = Number(process.env.MEDICARE_ES_READY_TIMEOUT_MS) || 180_000;

export interface ElasticsearchServer {
  url: string;
  stop(): Promise<void>;
}

const isRoot = () => typeof process.getuid === 'function' && process.getuid() === 0;

/**
 * Where the zip and the unpacked distribution live: $MEDICARE_CACHE_DIR, else ~/.cache/medicare; as root
 * /var/cache/medicare instead (root's home is not readable by `nobody`, who runs the server).
 */
export function cacheDir(): string {
  if (process.env.MEDICARE_CACHE_DIR) return process.env.MEDICARE_CACHE_DIR;
  if (isRoot()) return '/var/cache/medicare';
  return join(process.env.XDG_CACHE_HOME || join(homedir(), '.cache'), 'medicare');
}

function javaMajor(home: string): number | null {
  try {
    const m = /JAVA_VERSION="(\d+)/.exec(readFileSync(join(home, 'release'), 'utf8'));
    return m && existsSync(join(home, 'bin', 'java')) ? Number(m[1]) : null;
  } catch {
    return null;
  }
}

/** A Java 21+ home: $ES_JAVA_HOME, $JAVA_HOME, then the newest under /usr/lib/jvm; a clear error when there is none. */
export function findJava(): string {
  const candidates = [process.env.ES_JAVA_HOME, process.env.JAVA_HOME].filter((h): h is string => Boolean(h));
  let jvms: string[] = [];
  try {
    jvms = readdirSync('/usr/lib/jvm').map((d) => join('/usr/lib/jvm', d));
  } catch {
    /* no system JDKs */
  }
  const scored = [...candidates.map((h) => ({ h, v: javaMajor(h), pref: 1 })), ...jvms.map((h) => ({ h, v: javaMajor(h), pref: 0 }))].filter((c) => c.v !== null && c.v >= 21);
  scored.sort((a, b) => b.pref - a.pref || b.v! - a.v!);
  if (!scored[0]) {
    throw new Error('Elasticsearch 9 needs Java 21 or newer: install a JDK 21+ (e.g. Temurin 25 under /usr/lib/jvm) or set ES_JAVA_HOME to one.');
  }
  return scored[0].h;
}

/** Downloads the zip (once) and unpacks it (once); returns the distribution's directory. Safe against concurrent callers. */
export async function ensureDistribution(): Promise<string> {
  const dir = cacheDir();
  const home = join(dir, `elasticsearch-${ES_VERSION}`);
  if (existsSync(join(home, 'bin', 'elasticsearch'))) return home;
  mkdirSync(dir, { recursive: true, mode: 0o755 });
  const zip = join(dir, `elasticsearch-${ES_VERSION}.zip`);
  if (!existsSync(zip)) {
    const part = `${zip}.${process.pid}.part`;
    const res = await fetch(ZIP_URL);
    if (!res.ok || !res.body) throw new Error(`Elasticsearch download failed: ${ZIP_URL} answered ${res.status}`);
    await pipeline(Readable.fromWeb(res.body as never), createWriteStream(part));
    renameSync(part, zip);
  }
  const staging = mkdtempSync(join(dir, 'unpack-'));
  const unzip = spawnSync('unzip', ['-q', zip, '-d', staging], { stdio: ['ignore', 'ignore', 'pipe'] });
  if (unzip.status !== 0) {
    rmSync(staging, { recursive: true, force: true });
    throw new Error(`unzip of ${zip} failed (${unzip.error?.message ?? unzip.stderr.toString().slice(0, 300)}); is the unzip command installed?`);
  }
  chmodSync(staging, 0o755);
  try {
    renameSync(join(staging, `elasticsearch-${ES_VERSION}`), home);
  } catch (err) {
    if (!existsSync(join(home, 'bin', 'elasticsearch'))) throw err; // another process won the race otherwise
  }
  rmSync(staging, { recursive: true, force: true });
  return home;
}

/** A free loopback port (the OS picks; closed again at once). */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const addr = srv.address();
      srv.close(() => (addr && typeof addr === 'object' ? resolve(addr.port) : reject(new Error('no port'))));
    });
  });
}

function chownTree(path: string) {
  chownSync(path, NOBODY.uid, NOBODY.gid);
  if (statSync(path).isDirectory()) for (const e of readdirSync(path)) chownTree(join(path, e));
}

function exited(child: ChildProcess): Promise<void> {
  return new Promise((resolve) => (child.exitCode !== null || child.signalCode !== null ? resolve() : child.once('exit', () => resolve())));
}

/** Starts one server; resolves once the cluster answers `/_cluster/health` with green or yellow. */
export async function startElasticsearch(opts: { log?: (line: string) => void } = {}): Promise<ElasticsearchServer> {
  const home = await ensureDistribution();
  const java = findJava();
  const [httpPort, transportPort] = [await freePort(), await freePort()];
  const run = mkdtempSync(join(tmpdir(), 'medicare-es-'));
  chmodSync(run, 0o755);
  const conf = join(run, 'config');
  cpSync(join(home, 'config'), conf, { recursive: true });
  for (const d of ['data', 'logs', 'tmp']) mkdirSync(join(run, d));
  if (isRoot()) chownTree(run);
  const args = [
    '-E', 'discovery.type=single-node',
    '-E', 'xpack.security.enabled=false',
    '-E', 'http.host=127.0.0.1',
    '-E', 'transport.host=127.0.0.1',
    '-E', `http.port=${httpPort}`,
    '-E', `transport.port=${transportPort}`,
    '-E', `path.data=${join(run, 'data')}`,
    '-E', `path.logs=${join(run, 'logs')}`,
    '-E', 'cluster.routing.allocation.disk.threshold_enabled=false',
  ];
  const env: NodeJS.ProcessEnv = { ...process.env, ES_JAVA_HOME: java, ES_JAVA_OPTS: '-Xms512m -Xmx512m', ES_PATH_CONF: conf, ES_TMPDIR: join(run, 'tmp'), HOME: run };
  delete env.JAVA_HOME;
  const bin = join(home, 'bin', 'elasticsearch');
  // As root: setpriv drops to nobody (no shell, no login). The server gets its own process group so stop() ends all of it.
  const child = isRoot()
    ? spawn('setpriv', [`--reuid=${NOBODY.uid}`, `--regid=${NOBODY.gid}`, '--clear-groups', bin, ...args], { env, detached: true, stdio: ['ignore', 'pipe', 'pipe'] })
    : spawn(bin, args, { env, detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
  const tail: string[] = [];
  const keep = (chunk: Buffer) => {
    for (const line of chunk.toString().split('\n').filter(Boolean)) {
      tail.push(line);
      if (tail.length > 40) tail.shift();
      opts.log?.(line);
    }
  };
  child.stdout?.on('data', keep);
  child.stderr?.on('data', keep);
  const kill = (sig: NodeJS.Signals) => {
    try {
      if (child.pid) process.kill(-child.pid, sig);
    } catch {
      /* already gone */
    }
  };
  const onExit = () => kill('SIGKILL');
  process.once('exit', onExit);
  let stopped = false;
  const stop = async () => {
    if (stopped) return;
    stopped = true;
    process.off('exit', onExit);
    if (child.exitCode === null && child.signalCode === null) {
      kill('SIGTERM');
      const timer = setTimeout(() => kill('SIGKILL'), 20_000);
      await exited(child);
      clearTimeout(timer);
    }
    rmSync(run, { recursive: true, force: true });
  };
  const url = `http://127.0.0.1:${httpPort}`;
  const deadline = Date.now() + READY_TIMEOUT_MS;
  for (;;) {
    if (child.exitCode !== null || child.signalCode !== null) {
      await stop();
      throw new Error(`Elasticsearch exited before it was ready (code ${child.exitCode ?? child.signalCode}):\n${tail.join('\n')}`);
    }
    try {
      const res = await fetch(`${url}/_cluster/health?wait_for_status=yellow&timeout=1s`, { signal: AbortSignal.timeout(3000) });
      if (res.ok) break;
    } catch {
      /* not listening yet */
    }
    if (Date.now() > deadline) {
      await stop();
      throw new Error(`Elasticsearch was not ready within ${READY_TIMEOUT_MS / 1000} s:\n${tail.join('\n')}`);
    }
    await new Promise((r) => setTimeout(r, 500));
  }
  return { url, stop };
}

// One server per vitest process, shared by every project whose global setup asks for it (the node contract suite and
// the Worker tests): started on first use, stopped when the last user is done.
const SHARED = Symbol.for('medicare.elasticsearch');
type Shared = { server: Promise<ElasticsearchServer>; users: number };

export async function acquireSharedElasticsearch(): Promise<{ url: string; release(): Promise<void> }> {
  const g = globalThis as unknown as Record<symbol, Shared | undefined>;
  let shared = g[SHARED];
  if (!shared) {
    shared = { server: startElasticsearch(), users: 0 };
    g[SHARED] = shared;
  }
  shared.users++;
  const current = shared;
  let server: ElasticsearchServer;
  try {
    server = await current.server;
  } catch (err) {
    if (g[SHARED] === current) g[SHARED] = undefined;
    throw err;
  }
  let released = false;
  return {
    url: server.url,
    async release() {
      if (released) return;
      released = true;
      if (--current.users === 0) {
        if (g[SHARED] === current) g[SHARED] = undefined;
        await server.stop();
      }
    },
  };
}
