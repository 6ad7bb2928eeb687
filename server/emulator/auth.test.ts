/**
 * The emulator's authentication modes on their own: the token endpoint's refusals (shape and
 * status), hostile input, option validation, NTLM challenges and RetrieveUserPrivileges.
 * The upstream strategies that talk to these modes are tested in server/dataverse/auth.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { startEmulator, EmulatorOptionError, DEMO_IDS } from './index.js';
import type { Emulator } from './index.js';

describe('OAuth token endpoint', () => {
  let emulator: Emulator;
  before(async () => {
    emulator = await startEmulator({
      db: ':memory:',
      seed: 'none',
      oauth: { clientId: 'app', clientSecret: 'sec' },
    });
  });
  after(() => emulator.close());
  const post = (body: string, type = 'application/x-www-form-urlencoded') =>
    fetch(emulator.oauth!.tokenUrl, { method: 'POST', headers: { 'Content-Type': type }, body });

  it('issues a bearer token with expires_in for a good request', async () => {
    const res = await post(
      `grant_type=client_credentials&client_id=app&client_secret=sec&scope=${encodeURIComponent(`${emulator.origin}/.default`)}`,
    );
    assert.equal(res.status, 200);
    const body = (await res.json()) as Record<string, unknown>;
    assert.equal(body.token_type, 'Bearer');
    assert.equal(body.expires_in, 3600);
    assert.equal(String(body.access_token).split('.').length, 3);
    assert.equal(res.headers.get('cache-control'), 'no-store');
  });

  const refusals: Array<[string, string, string | undefined, number, string, number]> = [
    [
      'JSON instead of a form',
      '{"grant_type":"client_credentials"}',
      'application/json',
      400,
      'invalid_request',
      900144,
    ],
    ['no grant_type', 'client_id=app', undefined, 400, 'invalid_request', 900144],
    [
      'an unsupported grant',
      'grant_type=authorization_code&client_id=app',
      undefined,
      400,
      'unsupported_grant_type',
      70003,
    ],
    ['no client_id', 'grant_type=client_credentials', undefined, 400, 'invalid_request', 900144],
    [
      'an unknown client',
      'grant_type=client_credentials&client_id=other&client_secret=sec',
      undefined,
      400,
      'unauthorized_client',
      700016,
    ],
    [
      'no secret or assertion',
      'grant_type=client_credentials&client_id=app',
      undefined,
      401,
      'invalid_client',
      7000218,
    ],
    [
      'a garbage assertion',
      'grant_type=client_credentials&client_id=app&client_assertion=x.y.z&client_assertion_type=urn%3Aietf%3Aparams%3Aoauth%3Aclient-assertion-type%3Ajwt-bearer',
      undefined,
      401,
      'invalid_client',
      700027,
    ],
    [
      'a scope for another resource',
      'grant_type=client_credentials&client_id=app&client_secret=sec&scope=https%3A%2F%2Fother%2F.default',
      undefined,
      400,
      'invalid_scope',
      500011,
    ],
  ];
  for (const [name, body, type, status, error, code] of refusals) {
    it(`refuses ${name} with ${status} ${error} AADSTS${code}`, async () => {
      const res = await post(body, type);
      assert.equal(res.status, status);
      const json = (await res.json()) as Record<string, unknown>;
      assert.equal(json.error, error);
      assert.match(
        String(json.error_description),
        new RegExp(`^AADSTS${code}: .* Trace ID: [0-9a-f-]{36} Correlation ID: [0-9a-f-]{36} Timestamp: `),
      );
      assert.deepEqual(json.error_codes, [code]);
      assert.match(String(json.trace_id), /^[0-9a-f-]{36}$/);
    });
  }

  it('refuses GET and an oversized form without reading it all', async () => {
    assert.equal((await fetch(emulator.oauth!.tokenUrl)).status, 405);
    const res = await post(`grant_type=client_credentials&pad=${'x'.repeat(70_000)}`);
    assert.equal(res.status, 413);
  });

  it('the Web API refuses a malformed bearer and a token signed by someone else', async () => {
    const forged = `${Buffer.from('{"alg":"ES256"}').toString('base64url')}.${Buffer.from('{}').toString('base64url')}.AAAA`;
    for (const auth of ['Bearer', 'Basic YTpi', `Bearer ${forged}`]) {
      const res = await fetch(`${emulator.url}WhoAmI`, { headers: { Authorization: auth } });
      assert.equal(res.status, 401, auth);
      assert.match(res.headers.get('www-authenticate') ?? '', /^Bearer /);
    }
  });
});

describe('emulator authentication options', () => {
  const bad: Array<[string, object, RegExp]> = [
    ['oauth without clientId', { oauth: { clientSecret: 'x' } }, /oauth\.clientId/],
    [
      'oauth without a credential',
      { oauth: { clientId: 'a' } },
      /clientSecret, clientCertificate \(PEM\) or users/,
    ],
    [
      'a token lifetime of 0',
      { oauth: { clientId: 'a', clientSecret: 'b', tokenLifetimeSeconds: 0 } },
      /tokenLifetimeSeconds/,
    ],
    [
      'two modes at once',
      { token: 't', ntlm: { user: 'D\\u', password: 'p' } },
      /choose one authentication mode/,
    ],
    ['ntlm without a user', { ntlm: { password: 'p' } }, /'ntlm'/],
    ['privileges that are not names', { privileges: [1] }, /privilege names/],
  ];
  for (const [name, options, message] of bad) {
    it(`refuses ${name}`, async () => {
      await assert.rejects(startEmulator({ db: ':memory:', ...options } as never), (e: unknown) => {
        assert.ok(e instanceof EmulatorOptionError);
        assert.match(e.message, message);
        return true;
      });
    });
  }
});

describe('NTLM challenges and RetrieveUserPrivileges', () => {
  let emulator: Emulator;
  before(async () => {
    emulator = await startEmulator({
      db: ':memory:',
      seed: 'none',
      ntlm: { user: 'CONTOSO\\svc', password: 'pw' },
    });
  });
  after(() => emulator.close());

  it('answers 401 WWW-Authenticate: NTLM without credentials, with garbage, and to a Type 3 without a challenge', async () => {
    const type3 = Buffer.alloc(64);
    Buffer.from('NTLMSSP\0', 'ascii').copy(type3);
    type3.writeUInt32LE(3, 8);
    for (const auth of [undefined, 'NTLM !!!', 'NTLM AAAA', `NTLM ${type3.toString('base64')}`]) {
      const res = await fetch(`${emulator.url}WhoAmI`, auth ? { headers: { Authorization: auth } } : {});
      assert.equal(res.status, 401, String(auth));
      assert.equal(res.headers.get('www-authenticate'), 'NTLM');
    }
    assert.equal(emulator.ntlmHandshakes(), 0);
  });

  it('answers a Type 1 message with a challenge carrying target information', async () => {
    const type1 = Buffer.alloc(32);
    Buffer.from('NTLMSSP\0', 'ascii').copy(type1);
    type1.writeUInt32LE(1, 8);
    const res = await fetch(`${emulator.url}WhoAmI`, {
      headers: { Authorization: `NTLM ${type1.toString('base64')}` },
    });
    assert.equal(res.status, 401);
    const challenge = Buffer.from(
      (res.headers.get('www-authenticate') ?? '').replace(/^NTLM /, ''),
      'base64',
    );
    assert.equal(challenge.readUInt32LE(8), 2);
    assert.ok(challenge.readUInt32LE(20) & 0x00800000, 'NEGOTIATE_TARGET_INFO');
    assert.equal(challenge.subarray(48, 48 + challenge.readUInt16LE(12)).toString('utf16le'), 'CONTOSO');
  });
});

describe('RetrieveUserPrivileges', () => {
  it('lists the integration user privileges (all by default) at Global depth, and none for other users', async () => {
    const emulator = await startEmulator({ db: ':memory:', seed: 'demo' });
    try {
      const mine = await fetch(
        `${emulator.url}systemusers(${DEMO_IDS.integrationUser})/Microsoft.Dynamics.CRM.RetrieveUserPrivileges()`,
      );
      const body = (await mine.json()) as { RolePrivileges: Array<{ PrivilegeName: string; Depth: string }> };
      const names = body.RolePrivileges.map((p) => p.PrivilegeName);
      for (const p of ['prvReadContact', 'prvCreateIncident', 'prvAssignIncident', 'prvAppendToContact'])
        assert.ok(names.includes(p), p);
      assert.ok(body.RolePrivileges.every((p) => p.Depth === 'Global'));
      const other = await fetch(
        `${emulator.url}systemusers(00000000-0000-4000-8000-000000000999)/Microsoft.Dynamics.CRM.RetrieveUserPrivileges()`,
      );
      assert.deepEqual(((await other.json()) as { RolePrivileges: unknown[] }).RolePrivileges, []);
    } finally {
      await emulator.close();
    }
  });
});
