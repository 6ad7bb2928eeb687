/**
 * connection:check against the emulator: success with each authentication mode, and each failure
 * an integrator meets, reported with its fix.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { startEmulator } from '../emulator/index.js';
import type { Emulator } from '../emulator/index.js';
import { runConnectionCheck, main } from './check.js';
import type { CheckResult } from './check.js';
import { connectionFromEnv } from './env.js';
import { sink } from '../testing/output-sink.js';

const CLIENT_ID = '11111111-2222-4333-8444-555555555555';
const SECRET = 'check-secret-value';

async function check(env: Record<string, string>): Promise<CheckResult[]> {
  const connection = connectionFromEnv(env);
  try {
    return await runConnectionCheck(connection);
  } finally {
    connection.close();
  }
}

const statuses = (results: CheckResult[]) => Object.fromEntries(results.map((r) => [r.id, r.status]));
const find = (results: CheckResult[], id: string) => results.find((r) => r.id === id)!;

describe('connection:check with OAuth (online)', () => {
  let emulator: Emulator;
  let env: Record<string, string>;
  before(async () => {
    emulator = await startEmulator({
      db: ':memory:',
      seed: 'demo',
      oauth: { clientId: CLIENT_ID, clientSecret: SECRET },
    });
    env = {
      DATAVERSE_URL: emulator.url,
      DATAVERSE_AUTH: 'client-credentials',
      DATAVERSE_TOKEN_URL: emulator.oauth!.tokenUrl,
      DATAVERSE_CLIENT_ID: CLIENT_ID,
      DATAVERSE_CLIENT_SECRET: SECRET,
    };
  });
  after(() => emulator.close());

  it('passes every step and exits 0', async () => {
    const results = await check(env);
    assert.deepEqual(statuses(results), {
      url: 'pass',
      authentication: 'pass',
      version: 'pass',
      whoami: 'pass',
      'privileges:contact': 'pass',
      'privileges:incident': 'pass',
    });
    assert.match(find(results, 'whoami').detail, /integration user 5a000000-0000-4000-8000-000000000001/);
    const ok = sink();
    assert.equal(await main([], env, ok.io), 0);
    assert.match(
      ok.text.out,
      /^Checking http:\/\/127\.0\.0\.1:\d+\/api\/data\/v9\.2\/ \(client-credentials: client /,
    );
    assert.match(
      ok.text.out,
      /ok {4}privileges:incident +Read, Create, Write, Delete, Assign, Append, AppendTo at Organization level/,
    );
  });

  it('a wrong secret fails authentication with the AADSTS code and the fix; later steps are skipped', async () => {
    const results = await check({ ...env, DATAVERSE_CLIENT_SECRET: 'wrong' });
    const auth = find(results, 'authentication');
    assert.equal(auth.status, 'fail');
    assert.match(auth.detail, /AADSTS7000215/);
    assert.match(auth.fix!, /application user/);
    assert.equal(find(results, 'whoami').status, 'skip');
    const failed = sink();
    assert.equal(await main([], { ...env, DATAVERSE_CLIENT_SECRET: 'wrong' }, failed.io), 1);
    assert.match(
      failed.text.out,
      /FAIL {2}authentication .*AADSTS7000215[\s\S]*fix: Check DATAVERSE_TENANT_ID/,
    );
    assert.doesNotMatch(failed.text.out, /wrong/);
  });

  it('a wrong version path fails the version check with the URL forms', async () => {
    const results = await check({ ...env, DATAVERSE_URL: emulator.url.replace('v9.2', 'v8.0') });
    assert.equal(find(results, 'url').status, 'pass');
    const version = find(results, 'version');
    assert.equal(version.status, 'fail');
    assert.match(version.detail, /answered 400/);
    assert.match(version.fix!, /api\/data\/v9\.2/);
  });

  it('an unreachable host fails the URL check', async () => {
    const gone = await startEmulator({ db: ':memory:', seed: 'none' });
    const url = gone.url;
    await gone.close();
    const results = await check({ ...env, DATAVERSE_URL: url });
    assert.equal(find(results, 'url').status, 'fail');
    assert.match(find(results, 'url').detail, /ECONNREFUSED/);
    assert.equal(find(results, 'authentication').status, 'skip');
  });

  it('a settings mistake is reported as the first failed check', async () => {
    const out = sink();
    assert.equal(
      await main([], { DATAVERSE_URL: emulator.url, DATAVERSE_AUTH: 'client-credentials' }, out.io),
      1,
    );
    assert.match(
      out.text.out,
      /FAIL {2}settings +DATAVERSE_AUTH = client-credentials needs DATAVERSE_CLIENT_ID/,
    );
    assert.throws(() => connectionFromEnv({ DATAVERSE_AUTH: 'ntlm' }), /DATAVERSE_URL is not set/);
  });
});

describe('connection:check privileges', () => {
  it('names each missing privilege with the security role fix', async () => {
    const emulator = await startEmulator({
      db: ':memory:',
      seed: 'demo',
      token: 'static-token',
      privileges: [
        'prvReadContact',
        'prvCreateContact',
        'prvWriteContact',
        'prvReadIncident',
        'prvAppendToContact',
      ],
    });
    try {
      const results = await check({ DATAVERSE_URL: emulator.url, DATAVERSE_TOKEN: 'static-token' });
      const contact = find(results, 'privileges:contact');
      assert.equal(contact.status, 'fail');
      assert.match(
        contact.detail,
        /^missing Delete \(delete records\), Assign \(assign records to an owner\), Append/,
      );
      assert.match(contact.fix!, /Core Records → Contact: give Delete, Assign, Append at Organization level/);
      const incident = find(results, 'privileges:incident');
      assert.match(incident.detail, /missing Create .*Write .*Delete .*Assign .*Append .*AppendTo/);
    } finally {
      await emulator.close();
    }
  });
});

describe('connection:check with NTLM (on-premises)', () => {
  let emulator: Emulator;
  before(async () => {
    emulator = await startEmulator({
      db: ':memory:',
      seed: 'demo',
      org: 'CONTOSO',
      ntlm: { user: 'CONTOSO\\svc-portico', password: 'Winter2026!' },
    });
  });
  after(() => emulator.close());
  const env = (password: string) => ({
    DATAVERSE_URL: emulator.url.replace('v9.2', 'v9.0'),
    DATAVERSE_AUTH: 'ntlm',
    DATAVERSE_USERNAME: 'CONTOSO\\svc-portico',
    DATAVERSE_PASSWORD: password,
  });

  it('passes with the right password', async () => {
    const results = await check(env('Winter2026!'));
    assert.ok(
      results.every((r) => r.status === 'pass'),
      JSON.stringify(results),
    );
    assert.match(find(results, 'version').detail, /v9\.0/);
  });

  it('a wrong password fails authentication with the NTLM fix', async () => {
    const results = await check(env('wrong'));
    const auth = find(results, 'authentication');
    assert.equal(auth.status, 'fail');
    assert.match(auth.detail, /refused the credentials \(HTTP 401, WWW-Authenticate: NTLM\)/);
    assert.match(auth.fix!, /DATAVERSE_USERNAME \(DOMAIN\\user\)/);
  });

  it('a bearer token against a Windows-authentication server says to use ntlm', async () => {
    const results = await check({ DATAVERSE_URL: emulator.url, DATAVERSE_TOKEN: 'abc' });
    assert.match(
      find(results, 'authentication').fix!,
      /expects Windows authentication: use DATAVERSE_AUTH = ntlm/,
    );
  });
});
