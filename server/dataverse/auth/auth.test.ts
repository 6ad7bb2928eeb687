/**
 * Every upstream authentication strategy against the emulator's matching mode: OAuth client
 * credentials (secret and certificate assertion, Entra ID and AD FS forms, AD FS password grant)
 * and NTLM, including the failures an integrator meets.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { generateKeyPairSync } from 'node:crypto';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startEmulator } from '../../emulator/index.js';
import type { Emulator } from '../../emulator/index.js';
import { UpstreamClient, UpstreamError, staticToken } from '../client.js';
import type { TokenProvider } from '../client.js';
import { NtlmAuthenticator, OAuthTokenProvider, createAuthStrategy, loadClientCertificate } from './index.js';

const CLIENT_ID = '11111111-2222-4333-8444-555555555555';
const SECRET = 'emulator-client-secret-value';

function clientFor(emulator: Emulator, provider: TokenProvider, concurrency = 4): UpstreamClient {
  return new UpstreamClient({
    baseUrl: emulator.url,
    tokenProvider: provider,
    concurrency,
    maxRetryWaitMs: 500,
  });
}

describe('OAuth client credentials (Entra ID form)', () => {
  let emulator: Emulator;
  let keyFile: string;
  const keys = generateKeyPairSync('rsa', { modulusLength: 2048 });
  before(async () => {
    emulator = await startEmulator({
      db: ':memory:',
      seed: 'none',
      oauth: {
        clientId: CLIENT_ID,
        clientSecret: SECRET,
        clientCertificate: keys.publicKey.export({ type: 'spki', format: 'pem' }).toString(),
      },
    });
    const dir = mkdtempSync(join(tmpdir(), 'portico-auth-'));
    keyFile = join(dir, 'client.pem');
    writeFileSync(keyFile, keys.privateKey.export({ type: 'pkcs8', format: 'pem' }).toString());
  });
  after(() => emulator.close());

  const provider = (extra: Partial<ConstructorParameters<typeof OAuthTokenProvider>[0]> = {}) =>
    new OAuthTokenProvider({
      tokenUrl: emulator.oauth!.tokenUrl,
      clientId: CLIENT_ID,
      clientSecret: SECRET,
      scope: `${emulator.origin}/.default`,
      ...extra,
    });

  it('gets a token with the secret, caches it, and Dataverse accepts it', async () => {
    const before = emulator.oauth!.issued();
    const client = clientFor(emulator, provider());
    const first = await client.request({ method: 'GET', path: 'WhoAmI' });
    const second = await client.request({ method: 'GET', path: 'WhoAmI' });
    assert.equal(first.status, 200);
    assert.equal(second.status, 200);
    assert.equal(emulator.oauth!.issued() - before, 1, 'one token for both requests');
    client.close();
  });

  it('without a token the Web API answers 401 with a Bearer challenge naming the authority', async () => {
    const client = clientFor(emulator, staticToken(undefined));
    const res = await client.request({ method: 'GET', path: 'WhoAmI' });
    assert.equal(res.status, 401);
    assert.match(
      String(res.headers['www-authenticate']),
      /^Bearer authorization_uri=http:\/\/127\.0\.0\.1:\d+\/[^/]+\/oauth2\/authorize/,
    );
    client.close();
  });

  it('a wrong secret is refused with AADSTS7000215, surfaced as an auth failure that never shows the secret', async () => {
    const client = clientFor(emulator, provider({ clientSecret: 'not-the-secret-at-all' }));
    const error = await client.request({ method: 'GET', path: 'WhoAmI' }).catch((e: unknown) => e);
    assert.ok(error instanceof UpstreamError);
    assert.equal(error.kind, 'auth');
    assert.match(error.message, /HTTP 401, invalid_client: AADSTS7000215/);
    assert.match(error.message, /Check DATAVERSE_CLIENT_SECRET/);
    assert.doesNotMatch(error.message, /not-the-secret-at-all/);
    client.close();
  });

  it('an unreachable token endpoint is reported with the settings to check', async () => {
    const gone = await startEmulator({ db: ':memory:', seed: 'none' });
    const url = `${gone.origin}/tenant/oauth2/v2.0/token`;
    await gone.close();
    await assert.rejects(provider({ tokenUrl: url }).getToken(), (e: unknown) => {
      assert.match(
        (e as Error).message,
        /could not be reached .* Check DATAVERSE_TOKEN_URL \/ DATAVERSE_TENANT_ID/,
      );
      assert.equal((e as { status: number }).status, 0);
      return true;
    });
  });

  it('an unknown client id is refused with AADSTS700016', async () => {
    await assert.rejects(
      provider({ clientId: 'nobody' }).getToken(),
      /unauthorized_client: AADSTS700016.*Check DATAVERSE_CLIENT_ID/,
    );
  });

  it('a scope for another organisation is refused at the token endpoint (AADSTS500011)', async () => {
    await assert.rejects(
      provider({ scope: 'https://other.crm.dynamics.com/.default' }).getToken(),
      /invalid_scope: AADSTS500011.*Check DATAVERSE_SCOPE/,
    );
  });

  it('a token for another audience is refused by the Web API', async () => {
    const token = await emulator.oauth!.issueToken({ audience: 'https://other.crm.dynamics.com' });
    const client = clientFor(emulator, staticToken(token));
    const res = await client.request({ method: 'GET', path: 'WhoAmI' });
    assert.equal(res.status, 401);
    assert.match(
      String(res.headers['www-authenticate']),
      /error="invalid_token", error_description="The audience/,
    );
    client.close();
  });

  it('an expired token is refused by the Web API', async () => {
    const token = await emulator.oauth!.issueToken({ lifetimeSeconds: -120 });
    const client = clientFor(emulator, staticToken(token));
    const res = await client.request({ method: 'GET', path: 'WhoAmI' });
    assert.equal(res.status, 401);
    assert.match(String(res.headers['www-authenticate']), /The token is expired/);
    client.close();
  });

  it('refreshes before expiry: a token past its refresh time is replaced', async () => {
    let now = Date.now();
    const p = provider({ now: () => now, refreshSkewSeconds: 300 });
    const first = await p.getToken();
    assert.equal(await p.getToken(), first, 'cached while fresh');
    now += (3600 - 299) * 1000; // inside the 300 s skew before the 3600 s expiry
    const second = await p.getToken();
    assert.notEqual(second, first);
    assert.equal(p.fetches, 2);
  });

  it('concurrent callers share one token request, also after invalidate()', async () => {
    const p = provider();
    const tokens = await Promise.all(Array.from({ length: 20 }, () => p.getToken()));
    assert.equal(new Set(tokens).size, 1);
    assert.equal(p.fetches, 1);
    p.invalidate();
    const again = await Promise.all(Array.from({ length: 20 }, () => p.getToken()));
    assert.equal(new Set(again).size, 1);
    assert.equal(p.fetches, 2);
  });

  it('a 401 from Dataverse (revoked token) triggers one refresh and one retry', async () => {
    const p = provider();
    const client = clientFor(emulator, p);
    assert.equal((await client.request({ method: 'GET', path: 'WhoAmI' })).status, 200);
    emulator.oauth!.revokeAll();
    const res = await client.request({ method: 'GET', path: 'WhoAmI' });
    assert.equal(res.status, 200);
    assert.equal(res.attempts, 2);
    assert.equal(p.fetches, 2);
    client.close();
  });

  it('a second 401 is returned, not retried again', async () => {
    let invalidations = 0;
    const wrong: TokenProvider = {
      getToken: () => emulator.oauth!.issueToken({ audience: 'https://other.crm.dynamics.com' }),
      invalidate: () => {
        invalidations += 1;
      },
    };
    emulator.requestLog.clear();
    const client = clientFor(emulator, wrong);
    const res = await client.request({ method: 'GET', path: 'WhoAmI' });
    assert.equal(res.status, 401);
    assert.equal(res.attempts, 2);
    assert.equal(invalidations, 1);
    assert.equal(emulator.requestLog.count({ path: /WhoAmI/ }), 2);
    client.close();
  });

  it('signs a client assertion with the certificate key (x5t from the thumbprint) instead of a secret', async () => {
    const certificate = loadClientCertificate(keyFile, 'AB'.repeat(20));
    const p = new OAuthTokenProvider({
      tokenUrl: emulator.oauth!.tokenUrl,
      clientId: CLIENT_ID,
      certificate,
      scope: `${emulator.origin}/.default`,
    });
    const client = clientFor(emulator, p);
    assert.equal((await client.request({ method: 'GET', path: 'WhoAmI' })).status, 200);
    client.close();
  });

  it('an assertion signed by another key is refused with AADSTS700027', async () => {
    const other = generateKeyPairSync('rsa', { modulusLength: 2048 });
    const p = new OAuthTokenProvider({
      tokenUrl: emulator.oauth!.tokenUrl,
      clientId: CLIENT_ID,
      certificate: { privateKey: other.privateKey, thumbprint: 'cd'.repeat(20) },
      scope: `${emulator.origin}/.default`,
    });
    await assert.rejects(p.getToken(), /invalid_client: AADSTS700027.*DATAVERSE_CLIENT_CERTIFICATE/);
  });

  it('a PEM without a key, or without certificate and thumbprint, is refused with the variable named', () => {
    const dir = mkdtempSync(join(tmpdir(), 'portico-auth-'));
    const empty = join(dir, 'empty.pem');
    writeFileSync(empty, 'nothing here');
    assert.throws(
      () => loadClientCertificate(empty, undefined),
      /DATAVERSE_CLIENT_CERTIFICATE .* no unencrypted PEM private key/,
    );
    assert.throws(
      () => loadClientCertificate(keyFile, undefined),
      /holds no certificate: .* DATAVERSE_CERTIFICATE_THUMBPRINT/,
    );
    assert.throws(
      () => loadClientCertificate(join(dir, 'missing.pem'), undefined),
      /could not be read: ENOENT/,
    );
    const damaged = join(dir, 'damaged.pem');
    writeFileSync(
      damaged,
      `${readFileSync(keyFile, 'utf8')}-----BEGIN CERTIFICATE-----\nbm90IGEgY2VydGlmaWNhdGU=\n-----END CERTIFICATE-----\n`,
    );
    assert.throws(
      () => loadClientCertificate(damaged, undefined),
      /DATAVERSE_CLIENT_CERTIFICATE = ".*damaged\.pem": the certificate is unreadable/,
    );
  });
});

describe('OAuth against AD FS (IFD): resource, client credentials and the password grant', () => {
  let emulator: Emulator;
  before(async () => {
    emulator = await startEmulator({
      db: ':memory:',
      seed: 'none',
      org: 'contoso',
      oauth: {
        clientId: CLIENT_ID,
        clientSecret: SECRET,
        users: { 'svc-portico@contoso.local': 'P@ssw0rd!' },
      },
    });
  });
  after(() => emulator.close());

  it('client credentials with resource = the organisation URL', async () => {
    const strategy = createAuthStrategy({
      dataverseUrl: emulator.url,
      dataverseAuth: 'adfs',
      dataverseTokenUrl: emulator.oauth!.adfsTokenUrl,
      dataverseClientId: CLIENT_ID,
      dataverseClientSecret: SECRET,
    });
    const client = clientFor(emulator, strategy.provider);
    assert.equal((await client.request({ method: 'GET', path: 'WhoAmI' })).status, 200);
    assert.match(strategy.describe, /^adfs: client .* with secret at http/);
    client.close();
  });

  it('the password grant for a service account, and its wrong password', async () => {
    const base = {
      dataverseUrl: emulator.url,
      dataverseAuth: 'adfs',
      dataverseTokenUrl: emulator.oauth!.adfsTokenUrl,
      dataverseClientId: CLIENT_ID,
      dataverseUsername: 'svc-portico@contoso.local',
    };
    const good = createAuthStrategy({ ...base, dataversePassword: 'P@ssw0rd!' });
    const client = clientFor(emulator, good.provider);
    assert.equal((await client.request({ method: 'GET', path: 'WhoAmI' })).status, 200);
    client.close();
    const bad = createAuthStrategy({ ...base, dataversePassword: 'wrong' });
    await assert.rejects(
      bad.provider.getToken(),
      /invalid_grant.*Check DATAVERSE_USERNAME and DATAVERSE_PASSWORD/,
    );
  });
});

describe('NTLM (on-premises Active Directory)', () => {
  let emulator: Emulator;
  before(async () => {
    emulator = await startEmulator({
      db: ':memory:',
      seed: 'demo',
      org: 'contoso',
      ntlm: { user: 'CONTOSO\\svc-portico', password: 'Winter2026!' },
    });
  });
  after(() => emulator.close());

  it('handshakes once per connection and keep-alive reuses the authenticated socket', async () => {
    const auth = new NtlmAuthenticator({
      username: 'CONTOSO\\svc-portico',
      password: 'Winter2026!',
      maxSockets: 1,
    });
    const client = clientFor(emulator, auth, 1);
    const before = emulator.ntlmHandshakes();
    for (let i = 0; i < 5; i += 1) {
      const res = await client.request({ method: 'GET', path: 'WhoAmI' });
      assert.equal(res.status, 200);
    }
    assert.equal(emulator.ntlmHandshakes() - before, 1, 'five requests, one handshake');
    assert.equal(auth.handshakes, 1);
    assert.equal(auth.openConnections(), 1);
    client.close();
  });

  it('sends the request body with the authenticate message (a create works on a new connection)', async () => {
    const auth = new NtlmAuthenticator({
      username: 'svc-portico',
      domain: 'CONTOSO',
      password: 'Winter2026!',
    });
    const client = clientFor(emulator, auth);
    const res = await client.request({
      method: 'POST',
      path: 'contacts',
      body: { lastname: 'Ntlm' },
      headers: { Prefer: 'return=representation' },
    });
    assert.equal(res.status, 201);
    assert.equal((res.body as { lastname: string }).lastname, 'Ntlm');
    client.close();
  });

  it('opens at most maxSockets connections, each authenticated once, under concurrent load', async () => {
    const auth = new NtlmAuthenticator({
      username: 'CONTOSO\\svc-portico',
      password: 'Winter2026!',
      maxSockets: 3,
    });
    const client = clientFor(emulator, auth, 3);
    const results = await Promise.all(
      Array.from({ length: 12 }, () =>
        client.request({ method: 'GET', path: 'contacts?$select=fullname&$top=1' }),
      ),
    );
    assert.ok(results.every((r) => r.status === 200));
    assert.ok(auth.handshakes >= 1 && auth.handshakes <= 3, `handshakes: ${auth.handshakes}`);
    client.close();
  });

  it('a wrong password is refused with 401 after one retry', async () => {
    const auth = new NtlmAuthenticator({ username: 'CONTOSO\\svc-portico', password: 'wrong' });
    const client = clientFor(emulator, auth);
    const res = await client.request({ method: 'GET', path: 'WhoAmI' });
    assert.equal(res.status, 401);
    assert.equal(res.attempts, 2);
    assert.equal(auth.openConnections(), 0);
    client.close();
  });

  it('a wrong domain is refused too', async () => {
    const auth = new NtlmAuthenticator({ username: 'FABRIKAM\\svc-portico', password: 'Winter2026!' });
    const client = clientFor(emulator, auth);
    assert.equal((await client.request({ method: 'GET', path: 'WhoAmI' })).status, 401);
    client.close();
  });

  it('a server that offers no NTLM challenge is reported with the fix, as a sign-in failure, without retries', async () => {
    const plain = await startEmulator({ db: ':memory:', seed: 'none', token: 'x' });
    const auth = new NtlmAuthenticator({ username: 'CONTOSO\\svc-portico', password: 'Winter2026!' });
    const client = clientFor(plain, auth);
    const error = await client.request({ method: 'GET', path: 'WhoAmI' }).catch((e: unknown) => e);
    assert.ok(error instanceof UpstreamError);
    assert.match(String((error.cause as Error).message), /did not offer an NTLM challenge/);
    assert.equal(error.kind, 'auth', 'a set-up problem, not an outage');
    assert.equal(error.attempts, 1, 'a retry cannot mend it');
    assert.equal(plain.requestLog.count({ path: /WhoAmI/ }), 1, 'one handshake, not one per retry');
    client.close();
    await plain.close();
  });
});

describe('strategy settings', () => {
  const url = 'https://contoso.crm4.dynamics.com/api/data/v9.2/';
  const cases: Array<[Record<string, string>, RegExp]> = [
    [{ dataverseAuth: 'kerberos' }, /DATAVERSE_AUTH = "kerberos" .* static, client-credentials, adfs, ntlm/],
    [{ dataverseAuth: 'client-credentials' }, /needs DATAVERSE_CLIENT_ID and DATAVERSE_TENANT_ID/],
    [
      { dataverseAuth: 'client-credentials', dataverseClientId: 'a', dataverseTenantId: 't' },
      /needs DATAVERSE_CLIENT_SECRET or DATAVERSE_CLIENT_CERTIFICATE/,
    ],
    [
      {
        dataverseAuth: 'client-credentials',
        dataverseClientId: 'a',
        dataverseTenantId: 't',
        dataverseClientSecret: 's',
        dataverseClientCertificate: '/x.pem',
      },
      /DATAVERSE_CLIENT_SECRET and DATAVERSE_CLIENT_CERTIFICATE are both set/,
    ],
    [
      { dataverseAuth: 'adfs', dataverseClientId: 'a', dataverseClientSecret: 's' },
      /adfs needs DATAVERSE_TOKEN_URL/,
    ],
    [{ dataverseAuth: 'ntlm', dataverseUsername: 'u' }, /ntlm needs DATAVERSE_PASSWORD/],
    [
      { dataverseAuth: 'ntlm', dataverseUsername: 'D\\u', dataversePassword: 'p', dataverseDomain: 'D' },
      /already names a domain/,
    ],
    [
      { dataverseAuth: 'ntlm', dataverseUsername: 'u', dataversePassword: 'p', dataverseClientSecret: 's' },
      /DATAVERSE_CLIENT_SECRET does not apply to DATAVERSE_AUTH = ntlm/,
    ],
    [{ dataverseClientSecret: 's' }, /DATAVERSE_CLIENT_SECRET is set but DATAVERSE_AUTH is static/],
    [
      { dataverseAuth: 'ntlm', dataverseUsername: 'u', dataversePassword: 'p', dataverseToken: 't' },
      /DATAVERSE_TOKEN is set with/,
    ],
  ];
  for (const [input, message] of cases) {
    it(`refuses ${JSON.stringify(input)}`, () => {
      assert.throws(() => createAuthStrategy({ dataverseUrl: url, ...input }), message);
    });
  }

  it('defaults the Entra scope to the organisation host and the token URL to the tenant', () => {
    const s = createAuthStrategy({
      dataverseUrl: url,
      dataverseAuth: 'client-credentials',
      dataverseTenantId: 'contoso.onmicrosoft.com',
      dataverseClientId: CLIENT_ID,
      dataverseClientSecret: SECRET,
    });
    assert.equal(
      s.describe,
      `client-credentials: client ${CLIENT_ID} with secret at https://login.microsoftonline.com/contoso.onmicrosoft.com/oauth2/v2.0/token`,
    );
    assert.doesNotMatch(s.describe, new RegExp(SECRET));
  });
});

describe('server configuration', () => {
  const base = { jwtSecret: 'x'.repeat(32), jwtIssuer: 'https://site.test', jwtAudience: 'portico' };

  it('reads the DATAVERSE_AUTH settings from the environment and refuses bad combinations by variable name', async () => {
    const { optionsFromEnv, resolveSettings, ServerConfigError } = await import('../../settings/index.js');
    const env = {
      DATAVERSE_URL: 'https://contoso.crm4.dynamics.com/api/data/v9.2/',
      DATAVERSE_AUTH: 'client-credentials',
      DATAVERSE_TENANT_ID: 'contoso.onmicrosoft.com',
      DATAVERSE_CLIENT_ID: CLIENT_ID,
      DATAVERSE_CLIENT_SECRET: SECRET,
      PORTICO_SCHEMA_DRIFT_CHECK: 'false',
    };
    const config = resolveSettings({ ...base, ...optionsFromEnv(env) });
    assert.equal(config.dataverseAuth, 'client-credentials');
    assert.equal(config.schemaDriftCheck, false);
    assert.throws(
      () =>
        resolveSettings({ ...base, ...optionsFromEnv({ DATAVERSE_AUTH: 'ntlm', DATAVERSE_USERNAME: 'u' }) }),
      (e: unknown) =>
        e instanceof ServerConfigError && /DATAVERSE_AUTH = ntlm needs DATAVERSE_URL/.test(e.message),
    );
    assert.throws(
      () => optionsFromEnv({ PORTICO_SCHEMA_DRIFT_CHEK: 'false' }),
      /Did you mean PORTICO_SCHEMA_DRIFT_CHECK/,
    );
    assert.throws(
      () => resolveSettings({ ...base, ...optionsFromEnv({ ...env, DATAVERSE_CLIENT_SECRET: undefined }) }),
      /DATAVERSE_CLIENT_SECRET or DATAVERSE_CLIENT_CERTIFICATE/,
    );
  });

  it('a server configured for client credentials signs in to the emulator and is ready', async () => {
    const { createServer } = await import('../../proxy/index.js');
    const emulator = await startEmulator({
      db: ':memory:',
      seed: 'demo',
      oauth: { clientId: CLIENT_ID, clientSecret: SECRET },
    });
    const dir = mkdtempSync(join(tmpdir(), 'portico-auth-'));
    const server = await createServer({
      ...base,
      logger: false,
      auditLog: join(dir, 'audit.log'),
      dataverseUrl: emulator.url,
      dataverseAuth: 'client-credentials',
      dataverseTokenUrl: emulator.oauth!.tokenUrl,
      dataverseClientId: CLIENT_ID,
      dataverseClientSecret: SECRET,
    });
    try {
      const url = await server.listen(0, '127.0.0.1');
      const res = await fetch(`${url}/readyz`);
      assert.equal(res.status, 200);
      await server.schemaDrift;
      assert.ok(emulator.oauth!.issued() >= 1);
    } finally {
      await server.close();
      await emulator.close();
    }
  });

  it('a certificate file that cannot be read stops the server with the variable named', async () => {
    const { createServer } = await import('../../proxy/index.js');
    await assert.rejects(
      createServer({
        ...base,
        logger: false,
        dataverseUrl: 'https://contoso.crm4.dynamics.com/api/data/v9.2/',
        dataverseAuth: 'client-credentials',
        dataverseTenantId: 't',
        dataverseClientId: CLIENT_ID,
        dataverseClientCertificate: '/nonexistent/portico.pem',
        schemaDriftCheck: false,
      }),
      /DATAVERSE_CLIENT_CERTIFICATE = "\/nonexistent\/portico.pem" could not be read: ENOENT/,
    );
  });
});
