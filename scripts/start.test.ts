/**
 * `npm start` as a newcomer meets it, in a process of its own: sign-ins survive a restart (the demo's
 * session key is kept beside the data), request logs go to the file under the data folder and not
 * to the console, and a busy port is one line naming the variable to change.
 */
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const STARTED = 'Press Ctrl-C to stop.';
const tmp = mkdtempSync(join(tmpdir(), 'portico-start-'));
/** Every `npm start` a test began: a failed assertion must not leave one running. */
const running = new Set<ChildProcess>();
after(() => {
  for (const child of running) child.kill('SIGKILL');
  rmSync(tmp, { recursive: true, force: true });
});

interface Run {
  /** Resolves once the banner is out (with the demo's origin), or with the exit when it stops first. */
  started: Promise<{ demoOrigin: string; porticoOrigin: string } | undefined>;
  exited: Promise<number | null>;
  stdout(): string;
  stderr(): string;
  stop(): void;
}

function start(env: Record<string, string>): Run {
  const child = spawn(process.execPath, ['--import', 'tsx', 'scripts/start.ts'], {
    cwd: ROOT,
    env: {
      ...process.env,
      DEMO_PORT: '0',
      PORTICO_PORT: '0',
      PORTICO_EMULATOR_DB: join(tmp, 'emulator.sqlite'),
      ...env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  running.add(child);
  child.once('exit', () => running.delete(child));
  let out = '';
  let err = '';
  child.stderr.on('data', (chunk: Buffer) => (err += chunk.toString()));
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  const started = new Promise<{ demoOrigin: string; porticoOrigin: string } | undefined>((resolve) => {
    child.stdout.on('data', (chunk: Buffer) => {
      out += chunk.toString();
      if (!out.includes(STARTED)) return;
      const demoOrigin = /Demo site \(Contoso Support\): +(http:\/\/\S+?)\/\s/.exec(out)?.[1];
      const porticoOrigin = /Portico server: +(http:\/\/\S+?)\/\s/.exec(out)?.[1];
      resolve(demoOrigin && porticoOrigin ? { demoOrigin, porticoOrigin } : undefined);
    });
    void exited.then(() => resolve(undefined));
  });
  return { started, exited, stdout: () => out, stderr: () => err, stop: () => child.kill('SIGTERM') };
}

async function signedInAs(origin: string, cookie: string): Promise<string | undefined> {
  const res = await fetch(`${origin}/profile`, { headers: { cookie }, redirect: 'manual' });
  if (res.status !== 200) return undefined;
  return /class="who">([^<]+)/.exec(await res.text())?.[1];
}

/** A port held by someone else, on the interface both servers listen on by default. */
async function busyPort(): Promise<{ port: number; release(): Promise<void> }> {
  const holder = createServer();
  await new Promise<void>((resolve) => holder.listen(0, '127.0.0.1', resolve));
  const address = holder.address();
  assert.ok(address && typeof address === 'object');
  return { port: address.port, release: () => new Promise((resolve) => holder.close(() => resolve())) };
}

describe('npm start', () => {
  it('keeps users signed in across a restart, and logs requests to the data folder, not the console', async () => {
    const first = start({});
    const origins = await first.started;
    assert.ok(origins, `npm start did not come up:\n${first.stdout()}\n${first.stderr()}`);
    const signIn = await fetch(`${origins.demoOrigin}/signin`, {
      method: 'POST',
      body: new URLSearchParams({ user: 'alice' }),
      redirect: 'manual',
    });
    assert.equal(signIn.status, 303);
    const cookie = (signIn.headers.get('set-cookie') ?? '').split(';')[0]!;
    assert.equal(await signedInAs(origins.demoOrigin, cookie), 'Alice Brooks');
    assert.equal((await fetch(`${origins.porticoOrigin}/healthz`)).status, 200);
    first.stop();
    assert.equal(await first.exited, 0, first.stderr());

    const key = join(tmp, 'demo-session-key');
    assert.ok(existsSync(key), 'the session key is kept beside the data');
    assert.equal(statSync(key).mode & 0o077, 0, 'only its owner may read the key');
    const log = readFileSync(join(tmp, 'portico.log'), 'utf8').trim().split('\n');
    const requests = log.map((line) => JSON.parse(line) as { msg: string; route?: string });
    assert.ok(
      requests.some((entry) => entry.msg === 'request' && entry.route === '/healthz'),
      'the request is in the log file',
    );
    assert.doesNotMatch(first.stdout(), /"level":/, 'no JSON log lines on the console');
    assert.match(first.stdout(), /Server log: +\S*portico\.log/, 'the banner says where the log is');

    const second = start({});
    const again = await second.started;
    assert.ok(again, `npm start did not come up again:\n${second.stderr()}`);
    try {
      assert.equal(await signedInAs(again.demoOrigin, cookie), 'Alice Brooks', 'still signed in');
    } finally {
      second.stop();
      await second.exited;
    }
  });

  for (const variable of ['DEMO_PORT', 'PORTICO_PORT'] as const) {
    it(`a busy ${variable} is one line naming the variable and the port, and exit code 1`, async () => {
      const held = await busyPort();
      try {
        const run = start({ [variable]: String(held.port) });
        assert.equal(await run.started, undefined, 'it must not start');
        assert.equal(await run.exited, 1);
        const lines = run.stderr().trim().split('\n');
        assert.equal(lines.length, 1, run.stderr());
        assert.match(
          lines[0]!,
          new RegExp(`\\b${held.port}\\b.*\\(${variable}\\).*set ${variable} to a free port`),
        );
        assert.doesNotMatch(run.stderr(), /EADDRINUSE|\n\s+at /, 'no raw error or stack');
      } finally {
        await held.release();
      }
    });
  }
});
