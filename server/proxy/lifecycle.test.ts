/**
 * Server lifecycle: option validation, the embedded emulator, hot reload of the schemas, readiness,
 * and graceful shutdown.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { cpSync, mkdirSync, mkdtempSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import http from 'node:http';
import { createServer as createNetServer } from 'node:net';
import type { AddressInfo, Socket } from 'node:net';
import { join } from 'node:path';
import { SignJWT } from 'jose';
import { DEFAULT_SCHEMAS_DIR } from '../config/index.js';
import { DEMO_IDS } from '../emulator/demo-ids.js';
import { ServerConfigError, createServer } from './index.js';
import { assembleServer } from '../stack/index.js';
import { AUDIENCE, ISSUER, JWT_SECRET, startHarness } from '../testing/proxy-harness.js';

const base = { jwtSecret: JWT_SECRET, jwtIssuer: ISSUER, jwtAudience: AUDIENCE, logger: false as const };

const aliceToken = () =>
  new SignJWT({ portico_role: 'customer', contactid: DEMO_IDS.contacts.alice })
    .setProtectedHeader({ alg: 'HS256' })
    .setIssuer(ISSUER)
    .setAudience(AUDIENCE)
    .setSubject('alice')
    .setExpirationTime('5m')
    .sign(new TextEncoder().encode(JWT_SECRET));

test('bad options are refused at construction with the option name and a hint', async () => {
  await assert.rejects(createServer({ ...base, upstreamConcurrency: 500 }), (e: unknown) => {
    assert.ok(e instanceof ServerConfigError);
    assert.match(e.message, /upstreamConcurrency = "?500"? .* between 1 and 52/);
    return true;
  });
  await assert.rejects(createServer({ ...base, allowedOrigins: ['*'] }), /allowedOrigins .* not an origin/);
  await assert.rejects(createServer({ ...base, jwtAudience: undefined }), /PORTICO_JWT_AUDIENCE is required/);
  // The proxy starts no Dataverse of its own: the embedded emulator is the assembler's (server/stack).
  await assert.rejects(createServer(base), (e: unknown) => {
    assert.ok(e instanceof ServerConfigError);
    assert.match(e.message, /DATAVERSE_URL is required.*npm run server/);
    return true;
  });
});

test('without DATAVERSE_URL the embedded emulator starts; schema edits apply without a restart; bad edits are refused', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'portico-life-'));
  const schemas = join(dir, 'schemas');
  cpSync(DEFAULT_SCHEMAS_DIR, schemas, { recursive: true });
  const server = await assembleServer({
    ...base,
    schemasDir: schemas,
    emulatorDb: join(dir, 'emulator.sqlite'),
    auditLog: join(dir, 'audit.log'),
    adminToken: 'admin-token-0123456789',
  });
  try {
    assert.equal(server.embeddedEmulator, true);
    const url = await server.listen(0, '127.0.0.1');
    const ready = await fetch(`${url}/readyz`);
    assert.equal(ready.status, 200);
    const auth = { Authorization: `Bearer ${await aliceToken()}` };
    const before = (await (await fetch(`${url}/api/v1/forms/case-create`, { headers: auth })).json()) as {
      title: { en: string };
      validator: string;
    };
    assert.equal(before.title.en, 'New case');

    const file = join(schemas, 'forms', 'case-create.json');
    const form = JSON.parse(readFileSync(file, 'utf8')) as { title: { en: string } };
    form.title.en = 'Open a case';
    writeFileSync(file, JSON.stringify(form, null, 2));
    let after = before;
    for (let i = 0; i < 50 && after.title.en !== 'Open a case'; i += 1) {
      await new Promise((resolve) => setTimeout(resolve, 100));
      after = (await (
        await fetch(`${url}/api/v1/forms/case-create`, { headers: auth })
      ).json()) as typeof before;
    }
    assert.equal(after.title.en, 'Open a case');
    assert.notEqual(after.validator, before.validator, 'the validator URL carries the new version');

    writeFileSync(file, '{ "id": "case-create", broken');
    let refused: { lastRefused?: { formatted?: string[] } } = {};
    for (let i = 0; i < 50 && !refused.lastRefused; i += 1) {
      await new Promise((resolve) => setTimeout(resolve, 100));
      refused = (await (
        await fetch(`${url}/api/v1/admin/config-status`, {
          headers: { Authorization: 'Bearer admin-token-0123456789' },
        })
      ).json()) as typeof refused;
    }
    assert.ok(refused.lastRefused?.formatted?.some((line) => line.includes('case-create.json')));
    const still = (await (
      await fetch(`${url}/api/v1/forms/case-create`, { headers: auth })
    ).json()) as typeof before;
    assert.equal(still.title.en, 'Open a case', 'the last good configuration keeps serving');
  } finally {
    await server.close();
  }
});

test('embedded default without a signing secret: the secret is kept, so a version token outlives a restart', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'portico-secret-'));
  const options = { ...base, emulatorDb: join(dir, 'emulator.sqlite'), auditLog: join(dir, 'audit.log') };
  const auth = { Authorization: `Bearer ${await aliceToken()}` };
  let record = { id: '', etag: '' };
  const first = await assembleServer(options);
  try {
    assert.equal(first.config.signingSecretGenerated, false);
    const url = await first.listen(0, '127.0.0.1');
    const list = (await (await fetch(`${url}/api/v1/lists/my-cases/records`, { headers: auth })).json()) as {
      rows: Array<{ id: string }>;
    };
    const res = await fetch(`${url}/api/v1/forms/case-edit/records/${list.rows[0]!.id}`, { headers: auth });
    record = (await res.json()) as typeof record;
  } finally {
    await first.close();
  }
  const file = join(dir, 'portico-signing-secret');
  assert.equal(statSync(file).mode & 0o777, 0o600, 'readable by the server user only');

  const second = await assembleServer(options);
  try {
    const url = await second.listen(0, '127.0.0.1');
    const res = await fetch(`${url}/api/v1/forms/case-edit/records/${record.id}`, {
      method: 'PATCH',
      headers: { ...auth, 'Content-Type': 'application/json', 'If-Match': record.etag },
      body: JSON.stringify({ values: { title: 'Saved after a restart' } }),
    });
    assert.equal(res.status, 200, await res.clone().text());
    assert.equal(((await res.json()) as { values: { title: string } }).values.title, 'Saved after a restart');
  } finally {
    await second.close();
  }

  // A damaged file stops the start and names the file; it is never silently replaced.
  writeFileSync(file, 'too-short\n');
  await assert.rejects(assembleServer(options), (e: unknown) => {
    assert.ok(e instanceof ServerConfigError);
    assert.ok(e.message.includes(file), e.message);
    return true;
  });
  assert.equal(readFileSync(file, 'utf8'), 'too-short\n');
  // A secret that cannot be read or written is a configuration error with the way out, not a stack
  // trace (here the name is taken by a folder; running as root, permissions would not stop it).
  const blocked = mkdtempSync(join(tmpdir(), 'portico-secret-'));
  mkdirSync(join(blocked, 'portico-signing-secret'));
  await assert.rejects(
    assembleServer({ ...options, emulatorDb: join(blocked, 'emulator.sqlite') }),
    (e: unknown) => {
      assert.ok(e instanceof ServerConfigError);
      assert.match(
        e.message,
        /cannot keep the signing secret in .*portico-signing-secret .*set PORTICO_SIGNING_SECRET/,
      );
      return true;
    },
  );
  // A configured secret wins, and an in-memory emulator keeps a per-start one.
  const configured = await assembleServer({ ...options, signingSecret: 'c'.repeat(40) });
  assert.equal(configured.config.signingSecret, 'c'.repeat(40));
  await configured.close();
  const memory = await assembleServer({ ...options, emulatorDb: ':memory:' });
  assert.equal(memory.config.signingSecretGenerated, true);
  await memory.close();
});

test('graceful shutdown finishes the request in flight and then refuses new connections', async () => {
  const h = await startHarness();
  try {
    h.emulator.faults.inject({ match: { method: 'GET', path: /\/incidents\?/ }, times: 1, delayMs: 700 });
    const inFlight = h.call('GET', '/api/v1/lists/my-cases/records', { as: 'alice' });
    await new Promise((resolve) => setTimeout(resolve, 150));
    const closing = h.server.close();
    const res = await inFlight;
    assert.equal(res.status, 200, res.text);
    await closing;
    await assert.rejects(fetch(`${h.base}/healthz`));
  } finally {
    await h.emulator.close();
  }
});

/** One request through `agent`: a complete answer, or the error code of a connection that failed. */
function send(
  agent: http.Agent,
  url: string,
  headers: Record<string, string> = {},
): Promise<{ status: number; connection: string | undefined; body: string } | { error: string }> {
  return new Promise((resolve) => {
    const failed = (error: NodeJS.ErrnoException) => resolve({ error: error.code ?? error.message });
    const req = http.get(url, { agent, headers }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => (body += chunk));
      res.on('error', failed);
      res.on('end', () => {
        if (res.complete) resolve({ status: res.statusCode ?? 0, connection: res.headers.connection, body });
        else resolve({ error: 'incomplete answer' });
      });
    });
    req.on('error', failed);
  });
}

test('shutdown with keep-alive clients: idle connections close at once, busy ones are told to close, nothing sent later is cut', async () => {
  const h = await startHarness({ shutdownTimeoutMs: 1500 });
  const busyAgent = new http.Agent({ keepAlive: true, maxSockets: 1 });
  const idleAgent = new http.Agent({ keepAlive: true, maxSockets: 1 });
  try {
    const auth = { Authorization: `Bearer ${await h.token('alice')}` };
    const list = `${h.base}/api/v1/lists/my-cases/records`;
    const warm = await send(idleAgent, `${h.base}/healthz`);
    assert.deepEqual(warm, { status: 200, connection: 'keep-alive', body: '{"status":"ok"}' });
    const idleSocket = Object.values(idleAgent.freeSockets).flat()[0]!;
    const idleClosed = new Promise<number>((resolve) => idleSocket.once('close', () => resolve(Date.now())));

    h.emulator.faults.inject({ match: { method: 'GET', path: /\/incidents\?/ }, times: 1, delayMs: 700 });
    const busy = send(busyAgent, list, auth);
    await new Promise((resolve) => setTimeout(resolve, 200));
    const closeStarted = Date.now();
    const closing = h.server.close();

    const answered = await busy;
    const answeredAt = Date.now();
    assert.ok('status' in answered, JSON.stringify(answered));
    assert.equal(answered.status, 200);
    assert.ok(Array.isArray((JSON.parse(answered.body) as { rows: unknown }).rows), 'a complete answer');
    assert.equal(answered.connection, 'close', 'the request in flight is the last on its connection');
    assert.ok((await idleClosed) < answeredAt, 'the idle connection was closed at once');
    assert.ok((await idleClosed) - closeStarted < 300);

    // Both clients send again while shutdown is under way. A request accepted now on a kept
    // connection and answered slowly would be cut at the forced close (1.5 s).
    h.emulator.faults.inject({ match: { method: 'GET', path: /\/incidents\?/ }, times: 2, delayMs: 3000 });
    const later = await Promise.all([send(busyAgent, list, auth), send(idleAgent, list, auth)]);
    for (const result of later) {
      const clean =
        ('error' in result && result.error === 'ECONNREFUSED') ||
        ('status' in result && result.connection === 'close' && result.status === 200);
      assert.ok(clean, `refused outright or answered in full, not cut: ${JSON.stringify(result)}`);
    }
    await closing;
  } finally {
    busyAgent.destroy();
    idleAgent.destroy();
    await h.emulator.close();
  }
});

test('readiness fails with PORTICO_SERVER_NOT_READY when Dynamics is unreachable', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'portico-ready-'));
  const server = await createServer({
    ...base,
    dataverseUrl: 'http://127.0.0.1:9/api/data/v9.2/',
    upstreamTimeoutMs: 500,
    upstreamMaxRetries: 0,
    auditLog: join(dir, 'audit.log'),
  });
  try {
    const url = await server.listen(0, '127.0.0.1');
    const res = await fetch(`${url}/readyz`);
    assert.equal(res.status, 503);
    assert.equal(((await res.json()) as { error: { code: string } }).error.code, 'PORTICO_SERVER_NOT_READY');
    assert.equal((await fetch(`${url}/healthz`)).status, 200, 'liveness does not depend on Dynamics');
  } finally {
    await server.close();
  }
});

test('close() does not wait for the start-up drift check when Dynamics accepts but never answers', async () => {
  const sockets: Socket[] = [];
  const silent = createNetServer((socket) => void sockets.push(socket)); // takes connections, never answers
  await new Promise<void>((r) => silent.listen(0, '127.0.0.1', r));
  const dir = mkdtempSync(join(tmpdir(), 'portico-silent-'));
  const server = await assembleServer({
    ...base,
    dataverseUrl: `http://127.0.0.1:${(silent.address() as AddressInfo).port}/api/data/v9.2/`,
    upstreamTimeoutMs: 30_000,
    auditLog: join(dir, 'audit.log'),
  });
  try {
    assert.ok(server.schemaDrift, 'the drift check is running');
    const order: string[] = [];
    void server.schemaDrift.then(() => order.push('drift check done'));
    await server.close();
    order.push('closed');
    assert.deepEqual(order, ['closed'], 'close() resolved while the check still waited on Dynamics');
  } finally {
    silent.close();
    for (const socket of sockets) socket.destroy();
  }
});

test('rate limits: per user and per IP, with standard headers and PORTICO_RATE_LIMITED', async () => {
  const h = await startHarness({ rateLimitPerUser: 3, rateLimitPerIp: 6 });
  try {
    const statuses: number[] = [];
    let last;
    for (let i = 0; i < 4; i += 1) {
      last = await h.call('GET', '/api/v1/forms/case-edit', { as: 'alice' });
      statuses.push(last.status);
    }
    assert.deepEqual(statuses, [200, 200, 200, 429]);
    assert.equal(last!.body.error.code, 'PORTICO_RATE_LIMITED');
    assert.ok(last!.headers.get('retry-after'));
    assert.match(last!.headers.get('ratelimit-policy') ?? '', /per-user/);
    // Another user still has their own allowance, until the IP limit (6) is reached.
    const bob = [];
    for (let i = 0; i < 3; i += 1)
      bob.push((await h.call('GET', '/api/v1/forms/case-edit', { as: 'bob' })).status);
    assert.deepEqual(bob, [200, 200, 429]);
    const ipLimited = await h.call('GET', '/healthz');
    assert.equal(ipLimited.status, 429);
    assert.match(ipLimited.headers.get('ratelimit-policy') ?? '', /per-ip/);
  } finally {
    await h.close();
  }
});

test('logs carry no tokens, emails or search text', async () => {
  const lines: string[] = [];
  const { pino } = await import('pino');
  const logger = pino({ level: 'debug' }, { write: (line: string) => void lines.push(line) });
  const h = await startHarness({ logger });
  try {
    const token = await h.token('vera', { contactid: undefined, email: 'vera@fabrikam.example' });
    await h.call('GET', '/api/v1/lists/account-cases/records?search=Confidential%20Search', { token });
    await h.call('GET', '/api/v1/lists/account-cases/records', { token: 'not-a-token' });
    h.emulator.faults.inject({ match: { method: 'GET' }, times: 1, respond: { status: 500 } });
    await h.call('GET', '/api/v1/lists/account-cases/records', { token });
    const text = lines.join('\n');
    assert.ok(lines.length >= 3, 'requests were logged');
    assert.ok(text.includes('"route":"/api/v1/lists/:listId/records"'));
    for (const secret of [token, 'vera@fabrikam.example', 'Confidential', 'not-a-token']) {
      assert.ok(!text.includes(secret), `log must not contain ${secret.slice(0, 20)}`);
    }
  } finally {
    await h.close();
  }
});

test('email binding: an unknown email is refused, or creates exactly one contact when creation is on', async () => {
  const h = await startHarness({ createContacts: true });
  const strict = await startHarness();
  try {
    const claims = {
      contactid: undefined,
      email: 'new.person@example.com',
      given_name: 'New',
      family_name: 'Person',
    };
    const refused = await strict.call('GET', '/api/v1/lists/my-cases/records', {
      token: await strict.token('alice', claims),
    });
    assert.equal(refused.status, 403);
    assert.equal(refused.body.error.code, 'PORTICO_AUTH_CONTACT_UNBOUND');
    assert.equal(strict.upstreamWrites(), 0);

    const token = await h.token('alice', claims);
    const results = await Promise.all(
      Array.from({ length: 3 }, () => h.call('GET', '/api/v1/lists/my-cases/records', { token })),
    );
    for (const res of results) {
      assert.equal(res.status, 200, res.text);
      assert.deepEqual(res.body.rows, []);
    }
    const found = await fetch(
      `${h.emulator.url}contacts?$select=contactid,firstname,lastname&$filter=${encodeURIComponent("emailaddress1 eq 'new.person@example.com'")}`,
    );
    const rows = ((await found.json()) as { value: Array<{ firstname: string; lastname: string }> }).value;
    assert.equal(rows.length, 1, 'one contact, however many first requests raced');
    assert.deepEqual([rows[0]!.firstname, rows[0]!.lastname], ['New', 'Person']);
    // The new contact can create a case of its own right away.
    const created = await h.call('POST', '/api/v1/forms/case-create/records', {
      token,
      body: { values: { title: 'Hello' } },
    });
    assert.equal(created.status, 201, created.text);
  } finally {
    await h.close();
    await strict.close();
  }
});
