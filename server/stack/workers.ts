/**
 * `PORTICO_WORKERS=N` for `npm run server`: N worker processes (node:cluster) serving one port, each
 * a whole Portico server. Their limits are shared through Redis (settings refuse N > 1 without
 * PORTICO_REDIS_URL); what else they must agree on, the primary settles before forking them:
 * - one Dataverse: without DATAVERSE_URL the primary runs the embedded emulator and hands the
 *   workers its URL, so they share its database and one identity budget;
 * - one signing secret: a configured one, the one kept beside the embedded emulator's database, or
 *   one made by the primary for this start, so a version signed by one worker is good at the others.
 * Shutdown (SIGTERM, SIGINT) tells every worker to finish its requests in flight (their own
 * `close()`), waits for all of them, then stops the emulator. A worker that dies while serving is
 * replaced; one that dies before it listens stops the start.
 */
import { randomBytes } from 'node:crypto';
import cluster from 'node:cluster';
import type { Worker } from 'node:cluster';
import type { ServerSettings } from '../settings/index.js';
import type { PorticoServer } from '../proxy/index.js';
import { assembleServerFromEnv, startEmbedded } from './index.js';

type WorkerMessage = { type: 'listening'; url: string };
type PrimaryMessage = { type: 'shutdown' };

const say = (line: string) => process.stderr.write(`portico[primary ${process.pid}]: ${line}\n`);

/** The primary: settles the Dataverse and the secret, forks the workers, and stops them together. */
export async function runPrimary(settings: Readonly<ServerSettings>): Promise<void> {
  const env: Record<string, string> = {};
  const embedded = settings.dataverseUrl
    ? undefined
    : await startEmbedded(settings.emulatorDb, settings.signingSecretGenerated);
  if (embedded) {
    env.DATAVERSE_URL = embedded.url;
    say(`DATAVERSE_URL is not set: started the embedded Dataverse emulator (${embedded.db}) for all workers`);
  }
  if (settings.signingSecretGenerated) {
    env.PORTICO_SIGNING_SECRET = embedded?.secret ?? randomBytes(32).toString('base64url');
    if (!embedded?.secret)
      say('PORTICO_SIGNING_SECRET is not set: the workers share a key made for this start');
  }
  let stopping = false;
  const listening = new Set<Worker>();
  const fork = () => {
    const worker = cluster.fork(env);
    worker.on('message', (message: WorkerMessage) => {
      if (message?.type !== 'listening') return;
      listening.add(worker);
      if (listening.size === settings.workers) say(`${settings.workers} workers listening on ${message.url}`);
    });
    worker.once('exit', (code, signal) => {
      const served = listening.delete(worker);
      if (stopping) return;
      if (!served) {
        say(`a worker exited (${signal ?? code}) before it listened: stopping`);
        void stop(1);
        return;
      }
      say(`worker ${worker.process.pid} exited (${signal ?? code}): starting another`);
      fork();
    });
  };
  const stop = async (code: number) => {
    if (stopping) return;
    stopping = true;
    const workers = Object.values(cluster.workers ?? {}).filter((w): w is Worker => w !== undefined);
    await Promise.all(
      workers.map(
        (worker) =>
          new Promise<void>((resolve) => {
            if (worker.isDead()) return resolve();
            // Past the workers' own shutdown timeout, a worker that has not ended is ended.
            const force = setTimeout(() => worker.kill('SIGKILL'), settings.shutdownTimeoutMs + 5000);
            worker.once('exit', () => {
              clearTimeout(force);
              resolve();
            });
            const message: PrimaryMessage = { type: 'shutdown' };
            if (worker.isConnected()) worker.send(message);
            else worker.kill('SIGTERM');
          }),
      ),
    );
    await embedded?.close();
    process.exit(code);
  };
  for (const signal of ['SIGTERM', 'SIGINT'] as const) {
    process.on(signal, () => {
      if (!stopping) say(`${signal}: the workers finish their requests in flight…`);
      void stop(0);
    });
  }
  for (let i = 0; i < settings.workers; i += 1) fork();
}

/** A worker: one Portico server on the shared port, closed when the primary says so. */
export async function runWorker(): Promise<void> {
  const started: { server?: PorticoServer } = {};
  let closing = false;
  const close = () => {
    if (closing) return;
    closing = true;
    (started.server?.close() ?? Promise.resolve()).then(
      () => process.exit(0),
      () => process.exit(1),
    );
  };
  process.on('message', (message: PrimaryMessage) => {
    if (message?.type === 'shutdown') close();
  });
  process.on('SIGTERM', close);
  // Ctrl-C reaches every process of the group: the primary decides, and tells the workers.
  process.on('SIGINT', () => undefined);
  const server = await assembleServerFromEnv(process.env);
  started.server = server;
  const url = await server.listen();
  const message: WorkerMessage = { type: 'listening', url };
  process.send?.(message);
}
