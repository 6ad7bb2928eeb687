/**
 * Local Dataverse Web API emulator: `startEmulator()` opens (and on first run seeds) the SQLite
 * database and serves the Web API over HTTP. The request path, in order: `http.ts` (the exchange),
 * `router.ts` (the Web API path), then `read.ts`, `write.ts`, `actions.ts`, `batch.ts` and
 * `metadata/api.ts`; ARCHITECTURE.md walks them.
 */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { NtlmMode, OAuthMode, type OAuthControl } from './auth.js';
import { openDatabase, type Db } from './db.js';
import { Faults, type FaultInjector } from './faults.js';
import { requestListener } from './http.js';
import { ServiceProtection } from './limits.js';
import { resolveOptions, type EmulatorOptions } from './options.js';
import { writeOrganization } from './organization.js';
import { Log, type RequestLog } from './request-log.js';
import { Router } from './router.js';
import { seedDatabase } from './seed.js';
import { Store } from './store.js';

export type { LimitsConfig } from './limits.js';
export { DEFAULT_LIMITS } from './limits.js';
export { DEMO_IDS } from './demo-ids.js';
export type { EmulatorNtlmOptions, EmulatorOAuthOptions, OAuthControl } from './auth.js';
export { EmulatorOptionError, resolveOptions, type EmulatorOptions } from './options.js';
export {
  DEFAULT_BLOCKED_ATTACHMENTS,
  DEFAULT_MAX_UPLOAD_FILE_SIZE,
  type OrganizationSettings,
} from './organization.js';
export type { RequestLog, RequestLogEntry } from './request-log.js';
export type { Fault, FaultInjector } from './faults.js';

export interface Emulator {
  /** Web API root including the version, e.g. `http://127.0.0.1:4321/api/data/v9.2/`. */
  url: string;
  /** `http://127.0.0.1:4321` */
  origin: string;
  port: number;
  requestLog: RequestLog;
  faults: FaultInjector;
  /** OAuth mode handles (token endpoint URLs, revocation, test tokens), when `oauth` is set. */
  oauth: OAuthControl | undefined;
  /** NTLM handshakes completed, when `ntlm` is set. */
  ntlmHandshakes(): number;
  close(): Promise<void>;
}

/** Starts the emulator; resolves once it listens. */
export async function startEmulator(options: EmulatorOptions = {}): Promise<Emulator> {
  const config = resolveOptions(options);
  const db: Db = openDatabase(config.db);
  const seeded = seedDatabase(db, config.seed);
  writeOrganization(db, config.organization, new Date());
  const log = new Log();
  const faults = new Faults();
  const prefix = config.org ? `/${config.org}` : '';
  const say = config.logger ?? (() => undefined);
  const oauth = config.oauth ? new OAuthMode(config.oauth) : undefined;
  const ntlm = config.ntlm ? new NtlmMode(config.ntlm) : undefined;
  if (seeded) say(`Seeded ${config.db} with the '${config.seed}' data set.`);
  const listener = requestListener({
    config,
    router: new Router(new Store(db)),
    log,
    faults,
    protection: config.limits ? new ServiceProtection(config.limits) : undefined,
    oauth,
    ntlm,
    prefix,
    say,
  });

  // Dataverse accepts URLs up to 32,768 characters; Node's default header limit (16 KiB) would refuse them.
  const server = createServer({ maxHeaderSize: 96 * 1024 }, listener);
  // Keep idle connections longer than clients do (undici: 4 s, Node's agent: 5 s), so a client never
  // reuses a socket the emulator is closing at that moment (which surfaces as ECONNRESET).
  server.keepAliveTimeout = 65_000;
  server.headersTimeout = 66_000;
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(config.port, config.host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const port = (server.address() as AddressInfo).port;
  const origin = `http://${config.host}:${port}`;
  await oauth?.start(origin);
  let closed = false;
  return {
    url: `${origin}${prefix}/api/data/v9.2/`,
    origin,
    port,
    requestLog: log,
    faults,
    oauth: oauth?.control(),
    ntlmHandshakes: () => ntlm?.handshakes ?? 0,
    close: async () => {
      if (closed) return;
      closed = true;
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      });
      db.close();
    },
  };
}
