/**
 * A real `redis-server` for the Upstash contract suites and the bench (#19, ADR 0046): Debian's package (installed by
 * `.ci/run`), started per call on loopback with a free port, no persistence (`--save '' --appendonly no`), in its own
 * session (setsid) with a pid file, and stopped (the whole process group) when the caller is done.
 * No redis-server on PATH: a clear error saying how to install it (the suites FAIL rather than skip, as the
 * Elasticsearch ones do: a contract that silently did not run is worse than a red run). MEDICARE_REDIS_SERVER names
 * another binary.
 */
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort } from './elasticsearch-server';
import { RespClient } from './standins/resp';

export interface RedisServer {
  port: number;
  stop(): Promise<void>;
}

const READY_TIMEOUT_MS = 20_000;

export function redisServerBinary(): string {
  const bin = process.env.MEDICARE_REDIS_SERVER || 'redis-server';
  const probe = spawnSync(bin, ['--version'], { stdio: ['ignore', 'pipe', 'pipe'] });
  if (probe.error || probe.status !== 0) {
    throw new Error(
      `redis-server not found (${bin}): the Upstash/Redis contract suites need a real Redis. Install it ` +
        `(Debian/Ubuntu: apt-get install -y redis-server; macOS: brew install redis) or set MEDICARE_REDIS_SERVER to its path. ` +
        `CI (.ci/run) installs it.`,
    );
  }
  return bin;
}

export async function startRedisServer(): Promise<RedisServer> {
  const bin = redisServerBinary();
  const port = await freePort();
  const dir = mkdtempSync(join(tmpdir(), 'medicare-redis-'));
  const pidFile = join(dir, 'redis.pid');
  // detached = setsid: the server leads its own process group, so stop() (or a crash of ours) ends all of it.
  const child = spawn(bin, ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no', '--dir', dir, '--protected-mode', 'yes'], {
    detached: true,
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  if (!child.pid) throw new Error('redis-server did not start');
  writeFileSync(pidFile, String(child.pid));
  let stderr = '';
  child.stderr?.on('data', (c) => (stderr = (stderr + c).slice(-2000)));
  const kill = (sig: NodeJS.Signals) => {
    try {
      process.kill(-Number(readFileSync(pidFile, 'utf8')), sig);
    } catch {
      /* already gone */
    }
  };
  const onExit = () => kill('SIGKILL');
  process.once('exit', onExit);

  const deadline = Date.now() + READY_TIMEOUT_MS;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`redis-server exited (${child.exitCode}): ${stderr}`);
    try {
      const c = await RespClient.connect(port);
      const pong = await c.send('PING');
      await c.close();
      if (pong === 'PONG') break;
    } catch {
      /* not listening yet */
    }
    if (Date.now() > deadline) {
      kill('SIGKILL');
      throw new Error(`redis-server did not answer PING within ${READY_TIMEOUT_MS} ms: ${stderr}`);
    }
    await new Promise((r) => setTimeout(r, 50));
  }

  let stopped = false;
  return {
    port,
    async stop() {
      if (stopped) return;
      stopped = true;
      process.off('exit', onExit);
      if (child.exitCode === null && child.signalCode === null) {
        const gone = new Promise<void>((r) => child.once('exit', () => r()));
        kill('SIGTERM');
        const t = setTimeout(() => kill('SIGKILL'), 5_000);
        await gone;
        clearTimeout(t);
      }
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
