import { test } from 'node:test';
import assert from 'node:assert/strict';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { SignJWT, UnsecuredJWT, exportJWK, generateKeyPair } from 'jose';
import { PorticoError } from '../errors.js';
import { createTokenVerifier } from './verify.js';

const secret = 's'.repeat(40);
const key = new TextEncoder().encode(secret);
const verify = createTokenVerifier({
  jwtSecret: secret,
  issuer: 'https://site',
  audience: 'portico',
  algorithms: ['HS256'],
  clockSkewSeconds: 30,
});

const sign = (
  claims: Record<string, unknown> = {},
  opts: { iss?: string; aud?: string; exp?: number | string; alg?: string } = {},
) =>
  new SignJWT({ portico_role: 'customer', ...claims })
    .setProtectedHeader({ alg: opts.alg ?? 'HS256' })
    .setIssuer(opts.iss ?? 'https://site')
    .setAudience(opts.aud ?? 'portico')
    .setSubject('user-1')
    .setIssuedAt()
    .setExpirationTime(opts.exp ?? '5m')
    .sign(key);

async function code(authorization: string | undefined): Promise<[string, string]> {
  try {
    await verify(authorization);
    return ['ok', ''];
  } catch (error) {
    assert.ok(error instanceof PorticoError);
    return [error.code, error.message];
  }
}

test('a good HS256 token verifies', async () => {
  const payload = await verify(`Bearer ${await sign()}`);
  assert.equal(payload.sub, 'user-1');
});

test('each broken token is refused with the right code and a message naming the check', async () => {
  const now = Math.floor(Date.now() / 1000);
  const cases: Array<[string, string | undefined, string, RegExp]> = [
    ['missing header', undefined, 'PORTICO_AUTH_TOKEN_MISSING', /Bearer/],
    ['basic scheme', 'Basic dXNlcjpwYXNz', 'PORTICO_AUTH_TOKEN_MISSING', /Bearer/],
    ['expired', `Bearer ${await sign({}, { exp: now - 120 })}`, 'PORTICO_AUTH_TOKEN_EXPIRED', /expired/],
    [
      'wrong audience',
      `Bearer ${await sign({}, { aud: 'other' })}`,
      'PORTICO_AUTH_TOKEN_INVALID',
      /audience/,
    ],
    [
      'wrong issuer',
      `Bearer ${await sign({}, { iss: 'https://evil' })}`,
      'PORTICO_AUTH_TOKEN_INVALID',
      /issuer/,
    ],
    [
      'alg none',
      `Bearer ${new UnsecuredJWT({ portico_role: 'agent' }).setIssuer('https://site').setAudience('portico').setSubject('x').setExpirationTime('5m').encode()}`,
      'PORTICO_AUTH_TOKEN_INVALID',
      /./,
    ],
    [
      'forged signature',
      `Bearer ${(await sign()).slice(0, -4)}AAAA`,
      'PORTICO_AUTH_TOKEN_INVALID',
      /signature/,
    ],
    [
      'HS512 not pinned',
      `Bearer ${await sign({}, { alg: 'HS512' })}`,
      'PORTICO_AUTH_TOKEN_INVALID',
      /algorithm/,
    ],
    ['garbage', 'Bearer not.a.jwt', 'PORTICO_AUTH_TOKEN_INVALID', /malformed|verified/],
    ['too long', `Bearer ${'a'.repeat(9000)}`, 'PORTICO_AUTH_TOKEN_INVALID', /too long/],
  ];
  for (const [name, header, expected, message] of cases) {
    const [got, text] = await code(header);
    assert.equal(got, expected, name);
    assert.match(text, message, name);
    assert.ok(!/\n\s+at |\.ts:\d|node_modules/.test(text), `${name}: no stack in message`);
  }
});

test('within the clock skew an expired token still passes; beyond it, it does not', async () => {
  const now = Math.floor(Date.now() / 1000);
  assert.equal((await code(`Bearer ${await sign({}, { exp: now - 10 })}`))[0], 'ok');
  assert.equal((await code(`Bearer ${await sign({}, { exp: now - 40 })}`))[0], 'PORTICO_AUTH_TOKEN_EXPIRED');
});

test('OIDC: RS256 and ES256 tokens verify through a JWKS URL; an HS256 token signed with the public key does not', async () => {
  const rsa = await generateKeyPair('RS256');
  const ec = await generateKeyPair('ES256');
  const jwks = {
    keys: [
      { ...(await exportJWK(rsa.publicKey)), kid: 'r1', alg: 'RS256' },
      { ...(await exportJWK(ec.publicKey)), kid: 'e1', alg: 'ES256' },
    ],
  };
  const server = http.createServer((_req, res) => {
    res.writeHead(200, { 'Content-Type': 'application/json' });
    res.end(JSON.stringify(jwks));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/jwks`;
  const oidc = createTokenVerifier({
    jwksUrl: url,
    issuer: 'https://idp',
    audience: 'portico',
    algorithms: ['RS256', 'ES256'],
    clockSkewSeconds: 30,
  });
  const make = (alg: string, kid: string, k: CryptoKey) =>
    new SignJWT({})
      .setProtectedHeader({ alg, kid })
      .setIssuer('https://idp')
      .setAudience('portico')
      .setSubject('u')
      .setExpirationTime('5m')
      .sign(k);
  assert.equal((await oidc(`Bearer ${await make('RS256', 'r1', rsa.privateKey)}`)).sub, 'u');
  assert.equal((await oidc(`Bearer ${await make('ES256', 'e1', ec.privateKey)}`)).sub, 'u');
  const other = await generateKeyPair('RS256');
  await assert.rejects(
    oidc(`Bearer ${await make('RS256', 'r1', other.privateKey)}`),
    (e: unknown) => e instanceof PorticoError && e.code === 'PORTICO_AUTH_TOKEN_INVALID',
  );
  const hs = await new SignJWT({})
    .setProtectedHeader({ alg: 'HS256', kid: 'r1' })
    .setIssuer('https://idp')
    .setAudience('portico')
    .setSubject('u')
    .setExpirationTime('5m')
    .sign(new TextEncoder().encode(JSON.stringify(jwks.keys[0])));
  await assert.rejects(
    oidc(`Bearer ${hs}`),
    (e: unknown) => e instanceof PorticoError && e.code === 'PORTICO_AUTH_TOKEN_INVALID',
  );
  await new Promise<void>((resolve) => server.close(() => resolve()));
});

test('a remembered token is not served from the cache once it has expired', async () => {
  const strict = createTokenVerifier({
    jwtSecret: secret,
    issuer: 'https://site',
    audience: 'portico',
    algorithms: ['HS256'],
    clockSkewSeconds: 0,
  });
  const exp = Math.floor(Date.now() / 1000) + 2;
  const token = `Bearer ${await sign({}, { exp })}`;
  assert.equal((await strict(token)).sub, 'user-1');
  assert.equal((await strict(token)).sub, 'user-1');
  await new Promise((resolve) => setTimeout(resolve, exp * 1000 - Date.now() + 100));
  await assert.rejects(
    strict(token),
    (e: unknown) => e instanceof PorticoError && e.code === 'PORTICO_AUTH_TOKEN_EXPIRED',
  );
});
