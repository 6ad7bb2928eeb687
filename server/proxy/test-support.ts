/**
 * Test support (not a test file): a real emulator (in-memory SQLite, demo seed) and a real Portico
 * server on 127.0.0.1 port 0, plus signed tokens for the demo users and a small fetch wrapper.
 */
import { mkdtempSync, readFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SignJWT } from 'jose';
import { DEFAULT_SCHEMAS_DIR, loadRegistry } from '../config/index.js';
import type { Registry } from '../config/types.js';
import { startEmulator } from '../emulator/index.js';
import type { Emulator } from '../emulator/index.js';
import { DEMO_IDS } from '../emulator/demo-ids.js';
import { createServer } from './index.js';
import type { CreateServerOptions, PorticoServer } from './index.js';

export const JWT_SECRET = 'test-secret-for-portico-proxy-0123456789';
export const ISSUER = 'https://site.test';
export const AUDIENCE = 'portico-test';
export const ALLOWED_ORIGIN = 'https://shop.example';
export const ADMIN_TOKEN = 'admin-token-0123456789';

export interface Harness {
  emulator: Emulator;
  server: PorticoServer;
  base: string;
  registry: Registry;
  auditFile: string;
  token(user: 'alice' | 'bob' | 'vera', claims?: Record<string, unknown>): Promise<string>;
  call(method: string, path: string, options?: CallOptions): Promise<CallResult>;
  /** Upstream writes seen by the emulator since the last `emulator.requestLog.clear()`. */
  upstreamWrites(): number;
  /** Audit lines of one phase: by default the outcome lines, one per finished write attempt. */
  audit(phase?: 'intent' | 'outcome'): Array<Record<string, unknown>>;
  close(): Promise<void>;
}

export interface CallOptions {
  as?: 'alice' | 'bob' | 'vera';
  token?: string;
  body?: unknown;
  rawBody?: string;
  headers?: Record<string, string>;
}

export interface CallResult {
  status: number;
  headers: Headers;
  body: any; // eslint-disable-line @typescript-eslint/no-explicit-any -- tests read arbitrary JSON shapes
  text: string;
}

const ROLES = { alice: 'customer', bob: 'customer', vera: 'agent' } as const;

let registryPromise: Promise<Registry> | undefined;
export function demoRegistry(): Promise<Registry> {
  registryPromise ??= loadRegistry(DEFAULT_SCHEMAS_DIR).then((result) => {
    if (!result.ok) throw new Error(`schemas do not load: ${JSON.stringify(result.errors.slice(0, 3))}`);
    return result.registry;
  });
  return registryPromise;
}

export async function startHarness(
  options: CreateServerOptions = {},
  emulatorOptions: { limits?: boolean } = {},
): Promise<Harness> {
  const emulator = await startEmulator({ port: 0, db: ':memory:', seed: 'demo', ...emulatorOptions });
  const registry = await demoRegistry();
  const dir = mkdtempSync(join(tmpdir(), 'portico-proxy-'));
  const auditFile = join(dir, 'audit.log');
  const server = await createServer({
    jwtSecret: JWT_SECRET,
    jwtIssuer: ISSUER,
    jwtAudience: AUDIENCE,
    dataverseUrl: emulator.url,
    allowedOrigins: [ALLOWED_ORIGIN],
    auditLog: auditFile,
    adminToken: ADMIN_TOKEN,
    signingSecret: 'signing-secret-for-tests-0123456789abcdef',
    upstreamMaxRetryWaitMs: 3000,
    logger: false,
    registry: {
      current: () => registry,
      status: () => ({ version: registry.version, files: registry.files }),
    },
    ...options,
  });
  const base = await server.listen(0, '127.0.0.1');
  const token = (user: 'alice' | 'bob' | 'vera', claims: Record<string, unknown> = {}) =>
    new SignJWT({ portico_role: ROLES[user], contactid: DEMO_IDS.contacts[user], ...claims })
      .setProtectedHeader({ alg: 'HS256' })
      .setIssuer(ISSUER)
      .setAudience(AUDIENCE)
      .setSubject(`site-user-${user}`)
      .setIssuedAt()
      .setExpirationTime('5m')
      .sign(new TextEncoder().encode(JWT_SECRET));
  const call = async (method: string, path: string, options: CallOptions = {}): Promise<CallResult> => {
    const headers: Record<string, string> = { ...options.headers };
    const bearer = options.token ?? (options.as ? await token(options.as) : undefined);
    if (bearer !== undefined) headers.Authorization = `Bearer ${bearer}`;
    let body: string | undefined;
    if (options.rawBody !== undefined) body = options.rawBody;
    else if (options.body !== undefined) {
      body = JSON.stringify(options.body);
      headers['Content-Type'] ??= 'application/json';
    }
    const res = await fetch(`${base}${path}`, { method, headers, body });
    const text = await res.text();
    let parsed: unknown = undefined;
    try {
      parsed = text ? JSON.parse(text) : undefined;
    } catch {
      parsed = undefined;
    }
    return { status: res.status, headers: res.headers, body: parsed, text };
  };
  return {
    emulator,
    server,
    base,
    registry,
    auditFile,
    token,
    call,
    upstreamWrites: () => emulator.requestLog.entries().filter((e) => e.method !== 'GET').length,
    audit: (phase = 'outcome') =>
      existsSync(auditFile)
        ? readFileSync(auditFile, 'utf8')
            .split('\n')
            .filter(Boolean)
            .map((line) => JSON.parse(line) as Record<string, unknown>)
            .filter((line) => line.phase === phase)
        : [],
    async close() {
      await server.close();
      await emulator.close();
    },
  };
}

export { DEMO_IDS };
