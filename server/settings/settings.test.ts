import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SETTINGS, ServerConfigError, optionsFromEnv, resolveSettings, suggestEnvName } from './index.js';

const base = {
  PORTICO_JWT_SECRET: 'x'.repeat(32),
  PORTICO_JWT_ISSUER: 'https://site.example',
  PORTICO_JWT_AUDIENCE: 'portico',
};

test('a minimal environment yields a frozen, fully defaulted config', () => {
  const config = resolveSettings(optionsFromEnv(base));
  assert.ok(Object.isFrozen(config));
  assert.equal(config.port, 8080);
  assert.deepEqual(config.jwtAlgorithms, ['HS256']);
  assert.equal(config.jwtClockSkewSeconds, 30);
  assert.equal(config.upstreamConcurrency, 16);
  assert.equal(config.bodyLimitBytes, 65536);
  assert.equal(config.signingSecretGenerated, true);
  assert.equal(config.signingSecret.length >= 32, true);
  assert.equal(config.dataverseUrl, undefined);
});

test('bad values name the variable, the value and a hint (table-driven)', () => {
  const cases: Array<[Record<string, string>, RegExp]> = [
    [
      { PORTICO_PORT: 'eighty' },
      /PORTICO_PORT = "eighty" is not valid: expected a whole number between 0 and 65535/,
    ],
    [{ PORTICO_PORT: '70000' }, /PORTICO_PORT = "70000"/],
    [{ DATAVERSE_MAX_CONCURRENCY: '60' }, /DATAVERSE_MAX_CONCURRENCY = "60" .* between 1 and 52/],
    [{ PORTICO_CREATE_CONTACTS: 'maybe' }, /PORTICO_CREATE_CONTACTS = "maybe" .* true or false/],
    [{ DATAVERSE_URL: 'https://org.crm.dynamics.com/' }, /DATAVERSE_URL .* \/api\/data\/v9\.x\//],
    [{ DATAVERSE_URL: 'ftp://x/api/data/v9.2/' }, /DATAVERSE_URL .* http: or https:/],
    [{ PORTICO_ALLOWED_ORIGINS: 'https://a.example/path' }, /PORTICO_ALLOWED_ORIGINS .* bare origin/],
    [{ PORTICO_ALLOWED_ORIGINS: '*' }, /PORTICO_ALLOWED_ORIGINS .* not an origin/],
    [{ PORTICO_JWT_ALGORITHMS: 'none' }, /PORTICO_JWT_ALGORITHMS .* "none" is not supported/],
    [{ PORTICO_JWT_SECRET: 'short' }, /PORTICO_JWT_SECRET = \(a secret, not shown\) .* at least 32/],
    [{ PORTICO_LOG_LEVEL: 'loud' }, /PORTICO_LOG_LEVEL = "loud" .* one of fatal/],
    [
      { PORTICO_PUBLIC_URL: 'https://www.example.com/portico?x=1' },
      /PORTICO_PUBLIC_URL .*no credentials, query or fragment/,
    ],
    [{ PORTICO_PUBLIC_URL: 'https://u:p@www.example.com/' }, /PORTICO_PUBLIC_URL .*no credentials/],
  ];
  for (const [env, message] of cases) {
    assert.throws(
      () => resolveSettings(optionsFromEnv({ ...base, ...env })),
      (error: unknown) => {
        assert.ok(error instanceof ServerConfigError);
        assert.match(error.message, message);
        return true;
      },
    );
  }
});

test('a misspelt PORTICO_ variable is refused with did-you-mean', () => {
  assert.throws(
    () => optionsFromEnv({ ...base, PORTICO_ALOWED_ORIGINS: 'https://a.example' }),
    /Did you mean PORTICO_ALLOWED_ORIGINS\?/,
  );
  assert.equal(suggestEnvName('PORTICO_JWT_ISUER'), 'PORTICO_JWT_ISSUER');
  assert.equal(suggestEnvName('SOMETHING_ELSE_ENTIRELY'), undefined);
});

test('combinations are checked: one key source, issuer and audience required, algorithms match the key', () => {
  assert.throws(() => resolveSettings({ jwtIssuer: 'i', jwtAudience: 'a' }), /Neither PORTICO_JWT_SECRET/);
  assert.throws(
    () =>
      resolveSettings({
        jwtSecret: 'x'.repeat(32),
        jwksUrl: 'https://idp.example/jwks',
        jwtIssuer: 'i',
        jwtAudience: 'a',
      }),
    /both set/,
  );
  assert.throws(
    () => resolveSettings({ jwtSecret: 'x'.repeat(32), jwtAudience: 'a' }),
    /PORTICO_JWT_ISSUER is required/,
  );
  assert.throws(
    () =>
      resolveSettings({
        jwksUrl: 'https://idp.example/jwks',
        jwtIssuer: 'i',
        jwtAudience: 'a',
        jwtAlgorithms: ['HS256'],
      }),
    /never HS/,
  );
  assert.deepEqual(
    resolveSettings({ jwksUrl: 'https://idp.example/jwks', jwtIssuer: 'i', jwtAudience: 'a' }).jwtAlgorithms,
    ['RS256', 'ES256'],
  );
  assert.throws(
    () =>
      resolveSettings({
        ...{ jwtSecret: 'x'.repeat(32), jwtIssuer: 'i', jwtAudience: 'a' },
        dataverseToken: 't',
      }),
    /DATAVERSE_TOKEN is set but DATAVERSE_URL is not/,
  );
  assert.throws(
    () => resolveSettings({ jwtSecret: 'x'.repeat(32), jwtIssuer: 'i', jwtAudience: 'a', prot: 1 } as never),
    /unknown option "prot". Did you mean "port"\?/,
  );
});

test('the on-premises URL keeps its org path and gains a trailing slash', () => {
  const config = resolveSettings(
    optionsFromEnv({ ...base, DATAVERSE_URL: 'https://crm.local/CONTOSO/api/data/v9.0' }),
  );
  assert.equal(config.dataverseUrl, 'https://crm.local/CONTOSO/api/data/v9.0/');
});

test('the public URL keeps a base path (a reverse proxy on the host site) without a trailing slash', () => {
  const at = (url: string) => resolveSettings(optionsFromEnv({ ...base, PORTICO_PUBLIC_URL: url })).publicUrl;
  assert.equal(at('https://www.example.com/portico/'), 'https://www.example.com/portico');
  assert.equal(at('https://portico.example.com'), 'https://portico.example.com');
});

test('the optional JSON file is read, env wins over it, and unknown keys in it are named', () => {
  const dir = mkdtempSync(join(tmpdir(), 'portico-config-'));
  const file = join(dir, 'portico.json');
  writeFileSync(file, JSON.stringify({ PORTICO_PORT: 9000, PORTICO_RATE_LIMIT_PER_USER: 50 }));
  const config = resolveSettings(
    optionsFromEnv({ ...base, PORTICO_CONFIG_FILE: file, PORTICO_PORT: '9100' }),
  );
  assert.equal(config.port, 9100);
  assert.equal(config.rateLimitPerUser, 50);
  writeFileSync(file, JSON.stringify({ PORTICO_PROT: 1 }));
  assert.throws(
    () => optionsFromEnv({ ...base, PORTICO_CONFIG_FILE: file }),
    /unknown setting "PORTICO_PROT". Did you mean PORTICO_PORT\?/,
  );
  writeFileSync(file, '{ not json');
  assert.throws(() => optionsFromEnv({ ...base, PORTICO_CONFIG_FILE: file }), /could not be read as JSON/);
});

test('scaling out: Redis URL, the identity budget by deployment, workers only with Redis', () => {
  const config = resolveSettings(optionsFromEnv(base));
  assert.equal(config.redisUrl, undefined, 'no Redis unless configured');
  assert.deepEqual(
    [config.identityConcurrency, config.upstreamWindowRequests, config.upstreamWindowSeconds, config.workers],
    [52, 6000, 300, 1],
    "Dataverse online's documented limits",
  );
  const onPremises = resolveSettings(
    optionsFromEnv({
      ...base,
      DATAVERSE_URL: 'https://crm.local/ORG/api/data/v9.0/',
      DATAVERSE_AUTH: 'ntlm',
      DATAVERSE_USERNAME: 'CONTOSO\\svc',
      DATAVERSE_PASSWORD: 'pw',
    }),
  );
  assert.equal(onPremises.upstreamWindowRequests, 0, 'on-premises has no request window by default');
  const shared = resolveSettings(
    optionsFromEnv({
      ...base,
      PORTICO_REDIS_URL: 'rediss://:pw@cache.internal:6380/2',
      PORTICO_WORKERS: '4',
    }),
  );
  assert.deepEqual([shared.redisUrl, shared.workers], ['rediss://:pw@cache.internal:6380/2', 4]);
  const refused = (env: Record<string, string>) => {
    try {
      resolveSettings(optionsFromEnv({ ...base, ...env }));
    } catch (error) {
      assert.ok(error instanceof ServerConfigError);
      return error.message;
    }
    assert.fail(`accepted ${JSON.stringify(env)}`);
  };
  assert.match(refused({ PORTICO_WORKERS: '3' }), /PORTICO_WORKERS = 3 needs PORTICO_REDIS_URL/);
  assert.match(
    refused({ PORTICO_REDIS_URL: 'http://cache:6379' }),
    /PORTICO_REDIS_URL .* redis:\/\/ or rediss:\/\//,
  );
  assert.match(refused({ PORTICO_REDIS_URL: 'redis://cache:6379/x' }), /database number/);
  const secret = refused({ PORTICO_REDIS_URL: 'redis://:hunter2@cache:6379/db' });
  assert.doesNotMatch(secret, /hunter2/, 'the password is never shown');
  assert.match(refused({ DATAVERSE_IDENTITY_CONCURRENCY: '53' }), /between 1 and 52/);
});

test('the README configuration table lists every setting with its default, and nothing else', () => {
  const readme = readFileSync(new URL('../proxy/README.md', import.meta.url), 'utf8');
  const section = readme.slice(readme.indexOf('## Configuration'), readme.indexOf('## Error codes'));
  const rows = new Map(
    [...section.matchAll(/^\|\s*`([A-Z_]+)`\s*\|\s*`(\w+)`\s*\|\s*(.*?)\s*\|/gm)].map((m) => [
      m[1],
      [m[2], m[3]],
    ]),
  );
  const settings = Object.entries(SETTINGS) as Array<[string, { env: string; default?: string }]>;
  for (const [option, setting] of settings) {
    assert.deepEqual(rows.get(setting.env), [option, setting.default ?? '—'], setting.env);
  }
  assert.equal(rows.size, settings.length, 'the table lists a setting that no longer exists');
});
