/**
 * Test support (not a test file): a real `redis-server` on a free loopback port, with a throw-away
 * directory and no persistence, that a test can stop and start again on the same port (an outage
 * and its end). The binary is the one scripts/redis.mjs finds (`npm test` finds or installs it up
 * front and passes REDIS_SERVER_PATH); the process is killed when the test process exits, whatever
 * happened.
 */
import { spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { connect, createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export interface TestRedis {
  /** `redis://127.0.0.1:<port>`. */
  readonly url: string;
  readonly port: number;
  /** Stops the server (its data goes with it); resolves once it has exited. */
  stop(): Promise<void>;
  /** Starts it again on the same port, empty, after `stop`. */
  start(): Promise<void>;
  /** Freezes the process (SIGSTOP): connections stay open and nothing answers, until `thaw`. */
  freeze(): void;
  thaw(): void;
  /** Sends one command (inline protocol) and resolves with the raw reply, e.g. `:3\r\n`. */
  command(...words: string[]): Promise<string>;
  /** Stops it for good and removes its directory: for `after`. */
  dispose(): Promise<void>;
}

/** The project's redis-server (scripts/redis.mjs, plain JavaScript, imported through a specifier TypeScript does not resolve). */
async function redisServerPath(): Promise<string> {
  const specifier = '../../scripts/redis.mjs';
  const m = (await import(specifier)) as { findRedisServer: (options: { install: boolean }) => string };
  return m.findRedisServer({ install: false });
}

/** A loopback port nobody listens on right now. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const { port } = probe.address() as { port: number };
      probe.close(() => resolve(port));
    });
  });
}

/** One command over a fresh connection; rejects when nothing answers within `timeoutMs`. */
function send(port: number, words: string[], timeoutMs = 1000): Promise<string> {
  return new Promise((resolve, reject) => {
    const socket = connect(port, '127.0.0.1');
    let reply = '';
    const timer = setTimeout(() => {
      socket.destroy();
      reject(new Error(`redis-server on port ${port} did not answer within ${timeoutMs} ms`));
    }, timeoutMs);
    socket.on('error', (error) => {
      clearTimeout(timer);
      reject(error);
    });
    socket.on('data', (chunk: Buffer) => {
      reply += chunk.toString('utf8');
      if (reply.endsWith('\r\n')) {
        clearTimeout(timer);
        socket.end();
        resolve(reply);
      }
    });
    socket.write(`${words.map((w) => JSON.stringify(w)).join(' ')}\r\n`);
  });
}

export async function startRedisServer(): Promise<TestRedis> {
  const binary = await redisServerPath();
  const port = await freePort();
  const dir = mkdtempSync(join(tmpdir(), 'portico-redis-'));
  let child: ChildProcess | undefined;
  let exited: Promise<void> = Promise.resolve();
  const killOnExit = () => child?.kill('SIGKILL');
  process.once('exit', killOnExit);

  const start = async () => {
    const args = ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'];
    args.push('--dir', dir, '--daemonize', 'no', '--loglevel', 'warning');
    const proc = spawn(binary, args, { stdio: ['ignore', 'ignore', 'pipe'] });
    let stderr = '';
    proc.stderr?.on('data', (chunk: Buffer) => (stderr += chunk.toString('utf8')));
    child = proc;
    exited = new Promise((resolve) => proc.once('exit', () => resolve()));
    const until = Date.now() + 5000;
    for (;;) {
      try {
        if ((await send(port, ['PING'], 500)).startsWith('+PONG')) return;
      } catch {
        // Not listening yet.
      }
      if (proc.exitCode !== null || Date.now() > until) {
        proc.kill('SIGKILL');
        throw new Error(`redis-server did not start on port ${port}: ${stderr.trim() || 'no output'}`);
      }
      await new Promise((resolve) => setTimeout(resolve, 25));
    }
  };

  const stop = async () => {
    const proc = child;
    child = undefined;
    if (!proc || proc.exitCode !== null) return;
    proc.kill('SIGCONT');
    proc.kill('SIGTERM');
    const killed = setTimeout(() => proc.kill('SIGKILL'), 2000);
    await exited;
    clearTimeout(killed);
  };

  await start();
  return {
    url: `redis://127.0.0.1:${port}`,
    port,
    start,
    stop,
    command: (...words) => send(port, words),
    freeze: () => void child?.kill('SIGSTOP'),
    thaw: () => void child?.kill('SIGCONT'),
    async dispose() {
      await stop();
      process.off('exit', killOnExit);
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
