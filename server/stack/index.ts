/**
 * Assembles a Portico server with what it stands on. The proxy (server/proxy) is the security
 * boundary and imports neither the Dataverse emulator nor the admin tools of server/connect; this
 * is where they meet:
 * - with `DATAVERSE_URL` set, Portico talks to that Dynamics;
 * - without it, the embedded Dataverse emulator starts (demo seed, kept in `PORTICO_EMULATOR_DB`),
 *   and a signing secret that is not configured is generated once and kept beside its database;
 * - the start-up comparison of the entity schemas with Dataverse's metadata (server/connect).
 * `npm run server` (cli.ts), `npm start` (demo/stack.ts), the benchmarks and the tests of the
 * embedded default start Portico through here.
 */
import { randomBytes } from 'node:crypto';
import { linkSync, mkdirSync, readFileSync, unlinkSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { startupDriftCheck } from '../connect/drift.js';
import { createServer, serverSettings } from '../proxy/index.js';
import type { CreateServerOptions, EmbeddedDataverse, PorticoServer } from '../proxy/index.js';
import { ServerConfigError, optionsFromEnv } from '../settings/index.js';

/** A Portico server with its Dataverse (embedded or not) and the admin tools' drift check. */
export async function assembleServer(options: CreateServerOptions = {}): Promise<PorticoServer> {
  // Settings are checked before anything starts, so a mistake never leaves an emulator behind.
  const settings = serverSettings(options);
  const withDrift: CreateServerOptions = { ...options, driftCheck: options.driftCheck ?? startupDriftCheck };
  if (settings.dataverseUrl || options.embedded) return createServer(withDrift);
  const dataverse = await startEmbedded(settings.emulatorDb, settings.signingSecretGenerated);
  return createServer({
    ...withDrift,
    dataverseUrl: dataverse.url,
    ...(dataverse.secret === undefined ? {} : { signingSecret: dataverse.secret }),
    embedded: dataverse,
  });
}

/** `assembleServer` with options from the environment (and `extra` on top). */
export function assembleServerFromEnv(
  env: NodeJS.ProcessEnv = process.env,
  extra: CreateServerOptions = {},
): Promise<PorticoServer> {
  return assembleServer({ ...optionsFromEnv(env), ...extra });
}

/**
 * Starts the emulator on a free loopback port and, when the signing secret is not configured and the
 * database is a file, keeps one beside it. Loaded only here: a server pointed at Dynamics never opens
 * SQLite.
 */
export async function startEmbedded(
  db: string,
  secretGenerated: boolean,
): Promise<EmbeddedDataverse & { url: string; secret?: string }> {
  const { startEmulator } = await import('../emulator/index.js');
  const emulator = await startEmulator({ port: 0, db, seed: 'demo' });
  try {
    const kept = secretGenerated && db !== ':memory:' ? keptSigningSecret(db) : undefined;
    return {
      url: emulator.url,
      db,
      close: () => emulator.close(),
      ...(kept ? { secret: kept.secret, secretFile: kept.path } : {}),
    };
  } catch (error) {
    await emulator.close();
    throw error;
  }
}

/**
 * The signing secret for the embedded default when none is configured: made once and kept beside
 * the emulator's database, so restarting `npm start` does not turn every open form's version into
 * a 412 or move the idempotency namespace (a retried create would then duplicate). Only for the
 * embedded emulator: against Dynamics, several instances must share a configured secret, and a
 * file per instance would hide that.
 */
function keptSigningSecret(emulatorDb: string): { path: string; secret: string } {
  return keptSecret(dirname(resolve(emulatorDb)), 'portico-signing-secret', {
    what: 'the signing secret',
    instead: 'set PORTICO_SIGNING_SECRET',
  });
}

/**
 * A random secret made once and kept in `folder/name` (the demo's session key uses it too, so its
 * sign-ins outlive a restart as open forms do). Written to a temporary name and hard-linked into
 * place, so two processes starting together agree on one secret and neither reads a half-written
 * file; mode 0600. A file that cannot be made or read, or holds fewer than 32 characters, stops the
 * start with a `ServerConfigError` naming it, what it is for, and what else the user may do.
 */
export function keptSecret(
  folder: string,
  name: string,
  { what, instead }: { what: string; instead: string },
): { path: string; secret: string } {
  const path = join(folder, name);
  const temp = `${path}.${process.pid}.${randomBytes(4).toString('hex')}`;
  let secret: string;
  try {
    mkdirSync(folder, { recursive: true });
    writeFileSync(temp, `${randomBytes(32).toString('base64url')}\n`, { mode: 0o600 });
    try {
      linkSync(temp, path);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    } finally {
      unlinkSync(temp);
    }
    secret = readFileSync(path, 'utf8').trim();
  } catch (error) {
    throw new ServerConfigError(
      `cannot keep ${what} in ${path} (${(error as Error).message}); make the folder writable or ${instead}.`,
    );
  }
  if (secret.length < 32)
    throw new ServerConfigError(
      `${path} must hold ${what} of at least 32 characters; delete the file to have a new one made, or ${instead}.`,
    );
  return { path, secret };
}

export { ServerConfigError };
