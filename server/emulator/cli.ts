/**
 * `npm run emulator -- --port <n> --db <file|:memory:> --seed <demo|none|large> [--org <name>] [--limits] [--token <value> | --oauth <id:secret> | --ntlm <DOMAIN\\user:password>] [--max-upload-file-size <bytes>] [--blocked-attachments <list>] [--verbose]`
 * Starts the local Dataverse Web API emulator and keeps it running until SIGINT/SIGTERM.
 */
import { parseArgs } from 'node:util';
import { EmulatorOptionError, startEmulator, type EmulatorOptions } from './index.js';

const USAGE = `Usage: npm run emulator -- [options]

  --port <n>        TCP port (default 5555; 0 = any free port)
  --host <address>  interface to listen on (default 127.0.0.1)
  --db <file>       SQLite file, or :memory: (default data/emulator.sqlite)
  --seed <name>     demo | none | large — written on first start of an empty database (default demo)
  --org <name>      on-premises layout: /<name>/api/data/v9.x/
  --limits          enforce the service protection limits (6,000 requests and 20 minutes of
                    execution time per 5 minutes, 52 concurrent requests per user)
  --token <value>   require Authorization: Bearer <value>
  --oauth <id:secret>
                    serve an OAuth token endpoint (/<tenant>/oauth2/v2.0/token and /adfs/oauth2/token)
                    for this client and require the JWTs it issues
  --oauth-user <user:password>
                    also accept the AD FS password grant for this service account (repeatable)
  --ntlm <DOMAIN\\user:password>
                    require Windows (NTLM) authentication per connection for this account
  --privileges <prvReadContact,…>
                    the integration user's privileges reported by RetrieveUserPrivileges (default: all)
  --max-upload-file-size <bytes>
                    the organisation's largest note attachment, as Base64 text (default 5242880)
  --blocked-attachments <ext;ext;…>
                    the organisation's blocked file extensions (default: Dataverse's list; '' = none)
  --verbose         log every request
  --help            show this text`;

function fail(message: string): never {
  process.stderr.write(`${message}\n\n${USAGE}\n`);
  process.exit(2);
}

let parsed;
try {
  parsed = parseArgs({
    options: {
      port: { type: 'string' },
      host: { type: 'string' },
      db: { type: 'string' },
      seed: { type: 'string' },
      org: { type: 'string' },
      limits: { type: 'boolean' },
      token: { type: 'string' },
      oauth: { type: 'string' },
      'oauth-user': { type: 'string', multiple: true },
      ntlm: { type: 'string' },
      privileges: { type: 'string' },
      'max-upload-file-size': { type: 'string' },
      'blocked-attachments': { type: 'string' },
      verbose: { type: 'boolean' },
      help: { type: 'boolean' },
    },
    strict: true,
    allowPositionals: false,
  });
} catch (e) {
  fail((e as Error).message);
}
const v = parsed.values;
if (v.help) {
  process.stdout.write(`${USAGE}\n`);
  process.exit(0);
}
const port = v.port === undefined ? 5555 : Number(v.port);
if (v.port !== undefined && !/^\d+$/.test(v.port)) fail(`--port must be a whole number, got '${v.port}'.`);

/** `name:secret` → both parts (the secret may itself contain ':'). */
function pair(flag: string, value: string): [string, string] {
  const i = value.indexOf(':');
  if (i <= 0 || i === value.length - 1)
    fail(`--${flag} expects <name>:<secret>, got '${value.split(':')[0]}:…'.`);
  return [value.slice(0, i), value.slice(i + 1)];
}
const oauth = v.oauth === undefined ? undefined : pair('oauth', v.oauth);
const maxUpload = v['max-upload-file-size'];
if (maxUpload !== undefined && !/^\d+$/.test(maxUpload))
  fail(`--max-upload-file-size must be a whole number of bytes, got '${maxUpload}'.`);
const organization = {
  ...(maxUpload !== undefined ? { maxUploadFileSize: Number(maxUpload) } : {}),
  ...(v['blocked-attachments'] !== undefined ? { blockedAttachments: v['blocked-attachments'] } : {}),
};
const ntlm = v.ntlm === undefined ? undefined : pair('ntlm', v.ntlm);

const options: EmulatorOptions = {
  port,
  ...(v.host !== undefined ? { host: v.host } : {}),
  ...(v.db !== undefined ? { db: v.db } : {}),
  ...(v.seed !== undefined ? { seed: v.seed as EmulatorOptions['seed'] } : {}),
  ...(v.org !== undefined ? { org: v.org } : {}),
  ...(v.limits ? { limits: true } : {}),
  ...(v.token !== undefined ? { token: v.token } : {}),
  ...(oauth
    ? {
        oauth: {
          clientId: oauth[0],
          clientSecret: oauth[1],
          ...(v['oauth-user']
            ? { users: Object.fromEntries(v['oauth-user'].map((u) => pair('oauth-user', u))) }
            : {}),
        },
      }
    : {}),
  ...(ntlm ? { ntlm: { user: ntlm[0], password: ntlm[1] } } : {}),
  ...(v.privileges !== undefined
    ? {
        privileges: v.privileges
          .split(',')
          .map((p) => p.trim())
          .filter(Boolean),
      }
    : {}),
  ...(Object.keys(organization).length > 0 ? { organization } : {}),
  logger: (line) => {
    if (v.verbose || !/^[A-Z]+ \//.test(line)) process.stdout.write(`${line}\n`);
  },
};

try {
  const emulator = await startEmulator(options);
  process.stdout.write(`Dataverse emulator listening on ${emulator.url}\n`);
  if (emulator.oauth) {
    process.stdout.write(
      `OAuth token endpoint: ${emulator.oauth.tokenUrl} (AD FS form: ${emulator.oauth.adfsTokenUrl}); scope ${emulator.oauth.audience}/.default\n`,
    );
  }
  let stopping = false;
  const stop = (signal: string) => {
    if (stopping) return;
    stopping = true;
    process.stdout.write(`${signal}: shutting down\n`);
    void emulator.close().then(() => process.exit(0));
  };
  process.on('SIGINT', () => stop('SIGINT'));
  process.on('SIGTERM', () => stop('SIGTERM'));
} catch (e) {
  if (e instanceof EmulatorOptionError) fail(e.message);
  const err = e as NodeJS.ErrnoException;
  if (err.code === 'EADDRINUSE') fail(`Port ${port} is already in use; choose another with --port.`);
  throw e;
}
