/**
 * Test support (not a test file): a real emulator (in-memory SQLite, demo seed) and a real Portico
 * server on 127.0.0.1 port 0, plus signed tokens for the demo users and a small fetch wrapper.
 */
import { mkdtempSync, readFileSync, existsSync } from 'node:fs';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SignJWT } from 'jose';
import { DEFAULT_SCHEMAS_DIR, loadRegistry } from '../config/index.js';
import type { Registry } from '../config/types.js';
import { startEmulator } from '../emulator/index.js';
import type { Emulator } from '../emulator/index.js';
import { DEMO_IDS } from '../emulator/demo-ids.js';
import { createServer } from '../proxy/index.js';
import type { CreateServerOptions, PorticoServer } from '../proxy/index.js';

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
  /** Sent as is; a Blob for bytes that are not UTF-8 text. */
  rawBody?: string | Blob;
  /** Sent as multipart/form-data (fetch writes the boundary). */
  form?: FormData;
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

/** A host-site token for a demo user, as every harness server accepts it. */
export function userToken(
  user: 'alice' | 'bob' | 'vera',
  claims: Record<string, unknown> = {},
): Promise<string> {
  return new SignJWT({ portico_role: ROLES[user], contactid: DEMO_IDS.contacts[user], ...claims })
    .setProtectedHeader({ alg: 'HS256' })
    .setIssuer(ISSUER)
    .setAudience(AUDIENCE)
    .setSubject(`site-user-${user}`)
    .setIssuedAt()
    .setExpirationTime('5m')
    .sign(new TextEncoder().encode(JWT_SECRET));
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
  const token = userToken;
  const call = async (method: string, path: string, options: CallOptions = {}): Promise<CallResult> => {
    const headers: Record<string, string> = { ...options.headers };
    const bearer = options.token ?? (options.as ? await token(options.as) : undefined);
    if (bearer !== undefined) headers.Authorization = `Bearer ${bearer}`;
    let body: string | Blob | FormData | undefined;
    if (options.form !== undefined) body = options.form;
    else if (options.rawBody !== undefined) body = options.rawBody;
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

export interface RawRequest {
  method: string;
  /** The request target exactly as sent: no normalisation, no percent-encoding. */
  target: string;
  /** In order; repeats allowed. `Host` (the server's address) and `Connection: close` are added unless given. */
  headers?: Array<[string, string]>;
  body?: string | Buffer;
  /** Leave out the Host header altogether. */
  noHost?: boolean;
  /** Give up after this long (default 5000 ms): an unanswered request is a finding too. */
  timeoutMs?: number;
}

export interface RawResult {
  status: number;
  /** Lower-case names; repeated headers joined with ", ". */
  headers: Map<string, string>;
  text: string;
  body: any; // eslint-disable-line @typescript-eslint/no-explicit-any -- tests read arbitrary JSON shapes
}

/**
 * One HTTP/1.1 request over a fresh socket, byte for byte as given: fetch and node:http normalise
 * paths, refuse odd header values and compute framing themselves, which is exactly what hostile
 * requests must be free to get wrong. A `Content-Length` is added only when neither it nor
 * `Transfer-Encoding` is among the headers.
 */
export function sendRaw(base: string, request: RawRequest): Promise<RawResult> {
  const { hostname, port } = new URL(base);
  const headers = [...(request.headers ?? [])];
  const has = (name: string) => headers.some(([n]) => n.toLowerCase() === name);
  if (!request.noHost && !has('host')) headers.unshift(['Host', `${hostname}:${port}`]);
  if (!has('connection')) headers.push(['Connection', 'close']);
  const body = request.body === undefined ? undefined : Buffer.from(request.body);
  if (body && !has('content-length') && !has('transfer-encoding')) {
    headers.push(['Content-Length', String(body.length)]);
  }
  const head = `${request.method} ${request.target} HTTP/1.1\r\n${headers.map(([n, v]) => `${n}: ${v}\r\n`).join('')}\r\n`;
  return new Promise((resolve, reject) => {
    const socket = connect(Number(port), hostname);
    const chunks: Buffer[] = [];
    const timeoutMs = request.timeoutMs ?? 5000;
    const timer = setTimeout(() => {
      socket.destroy();
      reject(new Error(`no answer within ${timeoutMs} ms`));
    }, timeoutMs);
    socket.on('data', (chunk: Buffer) => chunks.push(chunk));
    // The server may reset the connection after answering (it does not read a body it refused).
    socket.on('error', () => {});
    socket.on('close', () => {
      clearTimeout(timer);
      resolve(parseResponse(Buffer.concat(chunks)));
    });
    socket.write(Buffer.concat([Buffer.from(head, 'latin1'), body ?? Buffer.alloc(0)]));
  });
}

function parseResponse(raw: Buffer): RawResult {
  const split = raw.indexOf('\r\n\r\n');
  const headText = raw.subarray(0, split === -1 ? raw.length : split).toString('latin1');
  let payload = split === -1 ? Buffer.alloc(0) : raw.subarray(split + 4);
  const [statusLine = '', ...lines] = headText.split('\r\n');
  const status = Number(/^HTTP\/1\.[01] (\d{3})/.exec(statusLine)?.[1] ?? 0);
  const headers = new Map<string, string>();
  for (const line of lines) {
    const colon = line.indexOf(':');
    if (colon <= 0) continue;
    const name = line.slice(0, colon).trim().toLowerCase();
    const value = line.slice(colon + 1).trim();
    headers.set(name, headers.has(name) ? `${headers.get(name)}, ${value}` : value);
  }
  if (headers.get('transfer-encoding')?.toLowerCase() === 'chunked') {
    const parts: Buffer[] = [];
    let at = 0;
    for (;;) {
      const end = payload.indexOf('\r\n', at);
      if (end === -1) break;
      const size = parseInt(payload.subarray(at, end).toString('latin1'), 16);
      if (!(size > 0)) break;
      parts.push(payload.subarray(end + 2, end + 2 + size));
      at = end + 2 + size + 2;
    }
    payload = Buffer.concat(parts);
  }
  const text = payload.toString('utf8');
  let body: unknown;
  try {
    body = text ? JSON.parse(text) : undefined;
  } catch {
    body = undefined;
  }
  return { status, headers, text, body };
}

export { DEMO_IDS };
