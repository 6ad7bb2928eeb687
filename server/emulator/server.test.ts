/**
 * The HTTP layer: URL layout and versions, authentication, service protection limits, the request
 * log, fault injection, option validation, persistence and the CLI.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { request } from 'node:http';
import { DEMO_IDS } from './demo-ids.js';
import { EmulatorOptionError, startEmulator, type EmulatorOptions } from './index.js';
import { call, err, rows, useEmulator } from '../testing/emulator-harness.js';

describe('URL layout and versions', () => {
  const ctx = useEmulator();
  it('accepts v9.0, v9.1 and v9.2 and echoes the version in every URL', async () => {
    for (const v of ['9.0', '9.1', '9.2']) {
      const base = `${ctx.emu.origin}/api/data/v${v}/`;
      const r = await call(ctx.emu, 'GET', `${base}incidents?$select=title`, {
        headers: { Prefer: 'odata.maxpagesize=50' },
      });
      assert.ok(String(r.json['@odata.context']).startsWith(`${base}$metadata#incidents`));
      assert.ok(String(r.json['@odata.nextLink']).startsWith(`${base}incidents?`));
      const c = await call(ctx.emu, 'POST', `${base}contacts`, { body: { lastname: `V${v}` } });
      assert.ok(c.headers.get('odata-entityid')!.startsWith(`${base}contacts(`));
    }
  });

  it('refuses an unknown version with 0x80060888 and unknown paths with 404', async () => {
    const r = await call(ctx.emu, 'GET', `${ctx.emu.origin}/api/data/v8.2/contacts`);
    assert.equal(r.status, 400);
    assert.equal(err(r).code, '0x80060888');
    assert.match(err(r).message, /^Requested API Version 'v8.2' was not understood/);
    assert.equal((await call(ctx.emu, 'GET', `${ctx.emu.origin}/favicon.ico`)).status, 404);
  });
});

describe('on-premises layout', () => {
  const ctx = useEmulator({ org: 'contoso' });
  it('serves /<org>/api/data/ and builds URLs with the org segment', async () => {
    assert.equal(ctx.emu.url, `${ctx.emu.origin}/contoso/api/data/v9.2/`);
    const base = `${ctx.emu.origin}/contoso/api/data/v9.0/`;
    const r = await call(ctx.emu, 'GET', `${base}contacts?$select=fullname`, {
      headers: { Prefer: 'odata.maxpagesize=10' },
    });
    assert.ok(String(r.json['@odata.nextLink']).startsWith(`${base}contacts?`));
    assert.equal((await call(ctx.emu, 'GET', `${ctx.emu.origin}/api/data/v9.0/contacts`)).status, 404);
  });
});

describe('bearer token', () => {
  const ctx = useEmulator({ token: 's3cret' });
  it('answers 401 without the token and 200 with it', async () => {
    const none = await call(ctx.emu, 'GET', 'WhoAmI');
    assert.equal(none.status, 401);
    assert.match(none.headers.get('www-authenticate')!, /^Bearer authorization_uri=/);
    assert.equal(
      (await call(ctx.emu, 'GET', 'WhoAmI', { headers: { Authorization: 'Bearer wrong' } })).status,
      401,
    );
    assert.equal(
      (await call(ctx.emu, 'GET', 'WhoAmI', { headers: { Authorization: 'Bearer s3cret' } })).status,
      200,
    );
  });
});

describe('service protection limits', () => {
  it('limits the number of requests per window with 429, Retry-After and 0x80072322', async () => {
    const emu = await startEmulator({ db: ':memory:', seed: 'none', limits: { requests: 5 } });
    try {
      for (let i = 0; i < 5; i++) assert.equal((await call(emu, 'GET', 'WhoAmI')).status, 200);
      const r = await call(emu, 'GET', 'WhoAmI');
      assert.equal(r.status, 429);
      assert.deepEqual(r.json, {
        error: {
          code: '0x80072322',
          message: 'Number of requests exceeded the limit of 5 over time window of 300 seconds.',
        },
      });
      const retry = Number(r.headers.get('retry-after'));
      assert.ok(retry >= 299 && retry <= 300, `Retry-After ${retry}`);
      const other = await call(emu, 'GET', 'WhoAmI', { headers: { Authorization: 'Bearer other-user' } });
      assert.equal(other.status, 200, 'limits are per user');
    } finally {
      await emu.close();
    }
  });

  it('limits concurrency immediately (0x80072326) and execution time (0x80072321)', async () => {
    const emu = await startEmulator({
      db: ':memory:',
      seed: 'none',
      limits: { concurrent: 2, executionTimeMs: 150 },
    });
    try {
      emu.faults.inject({ match: { path: /WhoAmI/ }, delayMs: 200, times: 2 });
      const slow = [call(emu, 'GET', 'WhoAmI'), call(emu, 'GET', 'WhoAmI')];
      await new Promise((r) => setTimeout(r, 50));
      const third = await call(emu, 'GET', 'WhoAmI');
      assert.equal(third.status, 429);
      assert.equal(err(third).code, '0x80072326');
      assert.equal(err(third).message, 'Number of concurrent requests exceeded the limit of 2.');
      assert.deepEqual(
        (await Promise.all(slow)).map((r) => r.status),
        [200, 200],
      );
      const after = await call(emu, 'GET', 'WhoAmI');
      assert.equal(after.status, 429);
      assert.equal(err(after).code, '0x80072321');
      assert.match(
        err(after).message,
        /^Combined execution time of incoming requests exceeded limit of 150 milliseconds over time window of 300 seconds\./,
      );
      assert.ok(Number(after.headers.get('retry-after')) > 0);
    } finally {
      await emu.close();
    }
  });
});

describe('clients that disconnect', () => {
  /** Sends a request, waits until the emulator holds it, then disconnects; resolves once the emulator let go of it. */
  async function abandon(emu: Awaited<ReturnType<typeof startEmulator>>, path: string): Promise<void> {
    const before = emu.requestLog.entries().length;
    const req = request(`${emu.url}${path}`);
    req.on('error', () => undefined);
    req.end();
    await new Promise((r) => setTimeout(r, 80));
    req.destroy();
    for (let i = 0; i < 100 && emu.requestLog.entries().length === before; i++)
      await new Promise((r) => setTimeout(r, 10));
    const entry = emu.requestLog.entries()[before];
    assert.equal(entry?.status, 0, 'the request was admitted, held, and ended without an answer');
  }

  it('give back their concurrency slot while an injected delay holds their request', async () => {
    const concurrent = 2;
    const emu = await startEmulator({ db: ':memory:', seed: 'none', limits: { concurrent } });
    try {
      const held = concurrent + 1;
      emu.faults.inject({ match: { path: /WhoAmI/ }, delayMs: 30_000, times: held });
      for (let i = 0; i < held; i++) await abandon(emu, 'WhoAmI');
      const started = Date.now();
      const fresh = await call(emu, 'GET', 'WhoAmI');
      assert.equal(fresh.status, 200, JSON.stringify(fresh.json));
      assert.ok(Date.now() - started < 5000, 'answered at once, not after the delay');
    } finally {
      await emu.close();
    }
  });

  it('end a request that a "hang" fault holds, and the emulator closes while one is held', async () => {
    const emu = await startEmulator({ db: ':memory:', seed: 'none', limits: { concurrent: 1 } });
    emu.faults.inject({ match: { path: /WhoAmI/ }, hang: true, times: 2 });
    assert.equal(emu.faults.armed(), 2);
    await abandon(emu, 'WhoAmI');
    assert.equal(emu.faults.armed(), 1);
    assert.equal((await call(emu, 'GET', 'contacts?$top=1')).status, 200, 'the slot came back');
    // A held request does not keep the emulator from closing.
    const stuck = call(emu, 'GET', 'WhoAmI').then(
      () => 'answered',
      () => 'cut',
    );
    await new Promise((r) => setTimeout(r, 80));
    await emu.close();
    assert.equal(await stuck, 'cut');
  });
});

describe('request log and faults', () => {
  const ctx = useEmulator();
  it('logs method, path, status and duration, and counts with filters', async () => {
    ctx.emu.requestLog.clear();
    await call(ctx.emu, 'GET', 'WhoAmI');
    await call(ctx.emu, 'GET', `contacts(${DEMO_IDS.contacts.alice})?$select=fullname`);
    await call(ctx.emu, 'POST', 'contacts', { body: { lastname: 'Logged' } });
    const entries = ctx.emu.requestLog.entries();
    assert.equal(entries.length, 3);
    assert.deepEqual(
      entries.map((e) => [e.method, e.status]),
      [
        ['GET', 200],
        ['GET', 200],
        ['POST', 204],
      ],
    );
    assert.equal(entries[1]!.path, `/api/data/v9.2/contacts(${DEMO_IDS.contacts.alice})?$select=fullname`);
    assert.ok(entries.every((e) => e.durationMs >= 0 && e.at instanceof Date));
    assert.equal(ctx.emu.requestLog.count({ method: 'get' }), 2);
    assert.equal(ctx.emu.requestLog.count({ path: /contacts/ }), 2);
  });

  it('injects 429 and 503 responses for the matching requests only, the given number of times', async () => {
    ctx.emu.faults.inject({
      match: { method: 'GET', path: /\/incidents/ },
      respond: { status: 429, retryAfterSeconds: 7 },
      times: 2,
    });
    const a = await call(ctx.emu, 'GET', 'incidents?$top=1');
    assert.equal(a.status, 429);
    assert.equal(a.headers.get('retry-after'), '7');
    assert.equal(err(a).code, '0x80072322');
    assert.equal((await call(ctx.emu, 'GET', 'contacts?$top=1')).status, 200);
    assert.equal((await call(ctx.emu, 'GET', 'incidents?$top=1')).status, 429);
    assert.equal((await call(ctx.emu, 'GET', 'incidents?$top=1')).status, 200);
    ctx.emu.faults.inject({ respond: { status: 503 } });
    assert.equal((await call(ctx.emu, 'GET', 'WhoAmI')).status, 503);
    ctx.emu.faults.inject({ respond: { status: 500 } });
    ctx.emu.faults.clear();
    assert.equal((await call(ctx.emu, 'GET', 'WhoAmI')).status, 200);
  });

  it('delays a response', async () => {
    ctx.emu.faults.inject({ match: { path: /WhoAmI/ }, delayMs: 150 });
    const t = Date.now();
    assert.equal((await call(ctx.emu, 'GET', 'WhoAmI')).status, 200);
    assert.ok(Date.now() - t >= 140);
  });

  it('resets the connection before handling (nothing written) and after commit (written, no answer)', async () => {
    ctx.emu.faults.inject({ match: { method: 'POST' }, resetConnection: 'beforeHandling' });
    await assert.rejects(call(ctx.emu, 'POST', 'contacts', { body: { lastname: 'NeverWritten' } }));
    const none = await call(ctx.emu, 'GET', "contacts?$filter=lastname eq 'NeverWritten'");
    assert.equal(rows(none).length, 0);
    ctx.emu.faults.inject({ match: { method: 'POST' }, resetConnection: 'afterCommit' });
    await assert.rejects(call(ctx.emu, 'POST', 'contacts', { body: { lastname: 'WrittenSilently' } }));
    const some = await call(ctx.emu, 'GET', "contacts?$filter=lastname eq 'WrittenSilently'");
    assert.equal(rows(some).length, 1);
    const last = ctx.emu.requestLog
      .entries()
      .filter((e) => e.method === 'POST')
      .at(-1)!;
    assert.equal(last.status, 0, 'a reset is logged with status 0');
  });

  it('validates a fault', () => {
    assert.throws(() => ctx.emu.faults.inject({ times: 0, delayMs: 1 }), EmulatorOptionError);
    assert.throws(() => ctx.emu.faults.inject({}), EmulatorOptionError);
  });

  it('accepts URLs up to the Dataverse limit and refuses longer ones', async () => {
    const filter = encodeURIComponent(
      Array.from({ length: 300 }, () => `contactid eq ${DEMO_IDS.contacts.alice}`).join(' or '),
    );
    const ok = await call(ctx.emu, 'GET', `contacts?$select=fullname&$filter=${filter}`);
    assert.equal(ok.status, 200);
    const tooLong = await call(ctx.emu, 'GET', `contacts?$filter=${'x'.repeat(33_000)}`);
    assert.equal(tooLong.status, 414);
  });

  it('stays up after hostile input', async () => {
    const raw = await new Promise<number>((resolve, reject) => {
      const req = request(
        `${ctx.emu.url}contacts`,
        { method: 'POST', headers: { 'Content-Type': 'application/json' } },
        (res) => {
          res.resume();
          resolve(res.statusCode ?? 0);
        },
      );
      req.on('error', reject);
      req.end(Buffer.from([0xff, 0xfe, 0x00, 0x7b]));
    });
    assert.equal(raw, 400);
    assert.equal((await call(ctx.emu, 'GET', 'WhoAmI')).status, 200);
  });
});

describe('options', () => {
  const bad: [EmulatorOptions, RegExp][] = [
    [{ port: -1 }, /'port'.*-1/],
    [{ seed: 'demos' as 'demo' }, /did you mean 'demo'/],
    [{ org: 'a/b' }, /'org'/],
    [{ limits: { requests: 0 } }, /'limits.requests'/],
    [{ limits: { request: 5 } as never }, /did you mean 'requests'/],
    [{ token: 'has space' }, /'token'/],
    [{ prot: 1 } as never, /did you mean 'port'/],
    [{ organization: 5 } as never, /'organization'.*expected an object/],
    [{ organization: { maxUploadFileSize: 0 } }, /'organization.maxUploadFileSize'.*131072000/],
    [{ organization: { maxUploadFileSize: 131072001 } }, /'organization.maxUploadFileSize'/],
    [{ organization: { maxUploadFileSize: 1.5 } }, /'organization.maxUploadFileSize'/],
    [
      { organization: { maxUploadFileSize: 2048 }, maxBodyBytes: 1024 },
      /would not fit in a request body of maxBodyBytes \(1024\); raise maxBodyBytes/,
    ],
    [
      { organization: { blockedAttachments: 'exe,js' } },
      /'organization.blockedAttachments'.*separated by ';'/,
    ],
    [{ organization: { blockedAttachments: ['exe'] } } as never, /'organization.blockedAttachments'/],
    [{ organization: { maxUploadSize: 10 } } as never, /did you mean 'maxUploadFileSize'/],
  ];
  for (const [options, message] of bad) {
    it(`rejects ${JSON.stringify(options)}`, async () => {
      await assert.rejects(
        startEmulator({ db: ':memory:', ...options }),
        (e: unknown) =>
          e instanceof EmulatorOptionError &&
          e.code === 'PORTICO_EMULATOR_BAD_OPTION' &&
          message.test(e.message),
      );
    });
  }
});

describe('persistence', () => {
  it('seeds a file database once, in WAL mode, and keeps changes across restarts', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'emu-'));
    try {
      const file = join(dir, 'nested', 'emu.sqlite');
      const first = await startEmulator({ db: file });
      await call(first, 'PATCH', `contacts(${DEMO_IDS.contacts.alice})`, { body: { jobtitle: 'Survivor' } });
      const count = (await call(first, 'GET', 'contacts/$count')).text;
      assert.ok(existsSync(`${file}-wal`), 'the database runs in WAL mode');
      await first.close();
      assert.ok(existsSync(file));
      const second = await startEmulator({ db: file });
      try {
        assert.equal(
          (await call(second, 'GET', `contacts(${DEMO_IDS.contacts.alice})/jobtitle`)).json['value'],
          'Survivor',
        );
        assert.equal((await call(second, 'GET', 'contacts/$count')).text, count, 'not seeded twice');
      } finally {
        await second.close();
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('CLI', () => {
  it('prints the listening line, serves requests and shuts down cleanly on SIGTERM', async () => {
    const child = spawn(
      process.execPath,
      [
        '--import',
        'tsx',
        'server/emulator/cli.ts',
        '--port',
        '0',
        '--db',
        ':memory:',
        '--seed',
        'none',
        '--org',
        'contoso',
        '--max-upload-file-size',
        '1000',
        '--blocked-attachments',
        'exe;js',
      ],
      {
        stdio: ['ignore', 'pipe', 'pipe'],
      },
    );
    let out = '';
    const url = await new Promise<string>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`no listening line: ${out}`)), 20_000);
      child.stdout.on('data', (d: Buffer) => {
        out += d.toString();
        const m =
          /Dataverse emulator listening on (http:\/\/127\.0\.0\.1:\d+\/contoso\/api\/data\/v9\.2\/)\n/.exec(
            out,
          );
        if (m) {
          clearTimeout(timer);
          resolve(m[1]!);
        }
      });
    });
    const who = await fetch(`${url}WhoAmI`);
    assert.equal(who.status, 200);
    const org = (await (
      await fetch(`${url}organizations?$select=maxuploadfilesize,blockedattachments`)
    ).json()) as {
      value: { maxuploadfilesize: number; blockedattachments: string }[];
    };
    assert.deepEqual(
      [org.value[0]!.maxuploadfilesize, org.value[0]!.blockedattachments],
      [1000, 'exe;js'],
      'the attachment flags set the organization row',
    );
    const code = await new Promise<number | null>((resolve) => {
      child.on('exit', (c) => resolve(c));
      child.kill('SIGTERM');
    });
    assert.equal(code, 0);
  });

  it('exits with 2 and the usage on a bad argument', async () => {
    const child = spawn(
      process.execPath,
      ['--import', 'tsx', 'server/emulator/cli.ts', '--seed', 'huge', '--db', ':memory:'],
      { stdio: ['ignore', 'pipe', 'pipe'] },
    );
    let errText = '';
    child.stderr.on('data', (d: Buffer) => (errText += d.toString()));
    const code = await new Promise<number | null>((resolve) => child.on('exit', resolve));
    assert.equal(code, 2);
    assert.match(errText, /'seed' has the invalid value "huge"/);
    assert.match(errText, /Usage: npm run emulator/);
  });
});
