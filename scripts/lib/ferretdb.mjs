/**
 * A real MongoDB-wire server for tests, sync and the bench (issue #19, ADR 0047): FerretDB v1.24.2 with its SQLite
 * backend (no external database), built from the Go module proxy once and cached outside the repo, started per call
 * on loopback with a free port and a fresh data directory, stopped at the end.
 *
 * Build recipe (docs: /work/shared/TOOLCHAIN.md): a plain `go install …/cmd/ferretdb@v1.24.2` panics at start because
 * the module's build/version/version.txt is empty, so: `go mod download -json` (gives the module's Dir), copy it
 * somewhere writable, write the version file, `go build ./cmd/ferretdb`. About 3 minutes the first time.
 *
 * The binary lives in $MEDICARE_FERRETDB_BIN if set, else <cache>/ferretdb-v1.24.2/ferretdb where <cache> is
 * $MEDICARE_CACHE_DIR, /var/cache/medicare as root, ~/.cache/medicare otherwise (the same cache as Elasticsearch's).
 * Needs `go` on PATH (or /usr/local/go/bin) only when the binary is missing.
 *
 * CLI: `node scripts/lib/ferretdb.mjs build` (build if missing, print the path) | `start` (start one, print its URI
 * and pid file; stop it with `kill -- -$(cat <pidfile>)`).
 */
import { spawn, spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, openSync, readFileSync, renameSync, rmSync, writeFileSync, chmodSync } from 'node:fs';
import { createConnection, createServer } from 'node:net';
import { homedir, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const FERRETDB_VERSION = 'v1.24.2';
const MODULE = 'github.com/FerretDB/FerretDB';
const READY_TIMEOUT_MS = Number(process.env.MEDICARE_FERRETDB_READY_TIMEOUT_MS) || 60_000;

const isRoot = () => typeof process.getuid === 'function' && process.getuid() === 0;

function cacheDir() {
  if (process.env.MEDICARE_CACHE_DIR) return process.env.MEDICARE_CACHE_DIR;
  if (isRoot()) return '/var/cache/medicare';
  return join(process.env.XDG_CACHE_HOME || join(homedir(), '.cache'), 'medicare');
}

/** Path of the cached binary (it may not exist yet). */
export function ferretdbBinary() {
  return process.env.MEDICARE_FERRETDB_BIN || join(cacheDir(), `ferretdb-${FERRETDB_VERSION}`, 'ferretdb');
}

function goCommand() {
  const onPath = spawnSync('go', ['version'], { stdio: 'ignore' });
  if (onPath.status === 0) return 'go';
  if (existsSync('/usr/local/go/bin/go')) return '/usr/local/go/bin/go';
  throw new Error('FerretDB is not built yet and there is no Go toolchain: install Go (https://go.dev/dl) or set MEDICARE_FERRETDB_BIN to a FerretDB v1.24.2 binary.');
}

function go(args, cwd) {
  const res = spawnSync(goCommand(), args, { cwd, encoding: 'utf8', env: { ...process.env, GOFLAGS: '-mod=mod', CGO_ENABLED: '0' }, maxBuffer: 64 * 1024 * 1024 });
  if (res.status !== 0) throw new Error(`go ${args.join(' ')} failed (${res.status}):\n${res.stderr || res.stdout}`);
  return res.stdout;
}

/** Builds the binary if it is missing (safe against concurrent callers: each builds into its own dir, then renames). */
export function ensureFerretdb() {
  const bin = ferretdbBinary();
  if (existsSync(bin)) return bin;
  const home = join(cacheDir(), `ferretdb-${FERRETDB_VERSION}`);
  mkdirSync(home, { recursive: true });
  const info = JSON.parse(go(['mod', 'download', '-json', `${MODULE}@${FERRETDB_VERSION}`], tmpdir()));
  if (!info.Dir) throw new Error(`go mod download gave no Dir for ${MODULE}@${FERRETDB_VERSION}: ${info.Error ?? ''}`);
  const src = mkdtempSync(join(home, 'src-'));
  try {
    cpSync(info.Dir, src, { recursive: true });
    spawnSync('chmod', ['-R', 'u+w', src]);
    writeFileSync(join(src, 'build', 'version', 'version.txt'), `${FERRETDB_VERSION}\n`);
    const part = `${bin}.${process.pid}.part`;
    go(['build', '-o', part, './cmd/ferretdb'], src);
    chmodSync(part, 0o755);
    renameSync(part, bin);
  } finally {
    rmSync(src, { recursive: true, force: true });
  }
  return bin;
}

function freePort() {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.unref();
    srv.on('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address();
      srv.close(() => resolve(port));
    });
  });
}

function canConnect(port) {
  return new Promise((resolve) => {
    const s = createConnection({ host: '127.0.0.1', port });
    s.once('connect', () => {
      s.destroy();
      resolve(true);
    });
    s.once('error', () => resolve(false));
  });
}

function alive(pid) {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

/**
 * Starts one FerretDB (SQLite backend) on 127.0.0.1:<free port> in its own session (setsid via `detached`), with a
 * pid file in its data directory. Resolves when it accepts connections. `stop()` kills its process group, waits for
 * it to exit and removes the data directory.
 */
export async function startFerretdb({ log = false } = {}) {
  const bin = ensureFerretdb();
  const dir = mkdtempSync(join(tmpdir(), 'medicare-ferretdb-'));
  const data = join(dir, 'data');
  mkdirSync(data);
  const port = await freePort();
  const out = openSync(join(dir, 'ferretdb.log'), 'a');
  const args = ['--handler=sqlite', `--sqlite-url=file:${data}/`, `--listen-addr=127.0.0.1:${port}`, '--telemetry=disable', '--debug-addr=-', '--log-level=warn', `--state-dir=${dir}`];
  const child = spawn(bin, args, { detached: true, stdio: ['ignore', out, out] });
  const pidFile = join(dir, 'ferretdb.pid');
  writeFileSync(pidFile, String(child.pid));
  child.unref();
  // If this process ends without calling stop() (a killed test run), the server goes with it.
  const orphanGuard = () => {
    try {
      process.kill(-child.pid, 'SIGTERM');
    } catch {
      /* already gone */
    }
  };
  process.once('exit', orphanGuard);
  let exited = false;
  child.once('exit', () => (exited = true));

  const stop = async () => {
    process.off('exit', orphanGuard);
    const pid = Number(readFileSync(pidFile, 'utf8'));
    try {
      process.kill(-pid, 'SIGTERM');
    } catch {
      /* already gone */
    }
    const until = Date.now() + 10_000;
    while (alive(pid) && Date.now() < until) await new Promise((r) => setTimeout(r, 50));
    if (alive(pid)) {
      try {
        process.kill(-pid, 'SIGKILL');
      } catch {
        /* gone */
      }
    }
    rmSync(dir, { recursive: true, force: true });
  };

  const start = Date.now();
  while (!(await canConnect(port))) {
    if (exited || Date.now() - start > READY_TIMEOUT_MS) {
      const text = existsSync(join(dir, 'ferretdb.log')) ? readFileSync(join(dir, 'ferretdb.log'), 'utf8').slice(-2000) : '';
      await stop();
      throw new Error(`FerretDB did not start on 127.0.0.1:${port}${exited ? ' (it exited)' : ''}:\n${text}`);
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  // The mongodb driver needs directConnection: FerretDB is no replica set.
  return { uri: `mongodb://127.0.0.1:${port}/?directConnection=true`, port, pidFile, dir, stop };
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const cmd = process.argv[2];
  if (cmd === 'build') {
    console.log(ensureFerretdb());
  } else if (cmd === 'start') {
    const s = await startFerretdb();
    console.log(JSON.stringify({ uri: s.uri, pidFile: s.pidFile }));
    process.exit(0);
  } else {
    console.error('usage: node scripts/lib/ferretdb.mjs build|start');
    process.exit(2);
  }
}
