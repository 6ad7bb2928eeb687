/**
 * Benchmark: a filtered, sorted page of 50 cases from the `large` seed over HTTP, as a portal list
 * asks for it (formatted values, count). Prints median and p99 latency and requests per second for
 * sequential and concurrent clients. Bounded: a fixed number of requests per scenario.
 *
 *   npm run bench:emulator [-- --requests 1000 --concurrency 8 --db <file>]
 */
import { parseArgs } from 'node:util';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const { values } = parseArgs({
  options: {
    requests: { type: 'string', default: '1000' },
    concurrency: { type: 'string', default: '8' },
    db: { type: 'string' },
  },
});
const total = Number(values.requests);
const concurrency = Number(values.concurrency);
if (!Number.isInteger(total) || total < 10 || total > 100_000)
  throw new Error('--requests must be a whole number from 10 to 100000');
if (!Number.isInteger(concurrency) || concurrency < 1 || concurrency > 52)
  throw new Error('--concurrency must be from 1 to 52');

const dir = values.db ? undefined : mkdtempSync(join(tmpdir(), 'emu-bench-'));
const dbFile = values.db ?? join(dir!, 'bench.sqlite');
const seedStart = performance.now();
// The emulator runs in its own process, as it does beside a real Portico server, so the client's
// work does not share its event loop.
const child = spawn(
  process.execPath,
  [
    '--import',
    'tsx',
    fileURLToPath(new URL('../../server/emulator/cli.ts', import.meta.url)),
    '--port',
    '0',
    '--db',
    dbFile,
    '--seed',
    'large',
  ],
  {
    stdio: ['ignore', 'pipe', 'inherit'],
  },
);
const apiUrl = await new Promise<string>((resolve, reject) => {
  let out = '';
  const timer = setTimeout(() => reject(new Error(`emulator did not start: ${out}`)), 180_000);
  child.stdout.on('data', (d: Buffer) => {
    out += d.toString();
    const m = /listening on (\S+)/.exec(out);
    if (m) {
      clearTimeout(timer);
      resolve(m[1]!);
    }
  });
  child.on('exit', (code) => reject(new Error(`emulator exited with ${code}: ${out}`)));
});
const emu = { url: apiUrl };
console.log(`large seed ready in ${((performance.now() - seedStart) / 1000).toFixed(1)} s (${dbFile})`);

const customer = (await (
  await fetch(`${emu.url}incidents?$select=_customerid_value&$top=1&$filter=_primarycontactid_value ne null`)
).json()) as {
  value: { _customerid_value: string }[];
};
const contactId = customer.value[0]!._customerid_value;
const account = (await (
  await fetch(`${emu.url}contacts(${contactId})?$select=_parentcustomerid_value`)
).json()) as { _parentcustomerid_value: string };
const accountId = account._parentcustomerid_value;

const scenarios: [string, string][] = [
  [
    'active high-priority cases, newest first',
    'incidents?$select=title,ticketnumber,statecode,statuscode,prioritycode,modifiedon,_customerid_value&$filter=statecode eq 0 and prioritycode eq 1&$orderby=modifiedon desc&$count=true',
  ],
  [
    "one customer's cases, newest first",
    `incidents?$select=title,ticketnumber,statecode,prioritycode,modifiedon&$filter=_customerid_value eq ${contactId}&$orderby=modifiedon desc`,
  ],
  [
    "an account's cases through its contacts (a record-scope chain), newest first",
    `incidents?$select=title,ticketnumber,statecode,prioritycode,modifiedon&$filter=${encodeURIComponent(`customerid_contact/_parentcustomerid_value eq ${accountId}`)}&$orderby=modifiedon desc&$count=true`,
  ],
  [
    'title search, sorted by ticket number',
    `incidents?$select=title,ticketnumber,modifiedon&$filter=${encodeURIComponent("contains(title,'warranty') and statecode eq 0")}&$orderby=ticketnumber asc`,
  ],
];
const headers = {
  Accept: 'application/json',
  'OData-Version': '4.0',
  Prefer: 'odata.maxpagesize=50,odata.include-annotations="OData.Community.Display.V1.FormattedValue"',
};

async function one(url: string): Promise<number> {
  const t = performance.now();
  const res = await fetch(url, { headers });
  const body = (await res.json()) as { value?: unknown[] };
  if (res.status !== 200 || !Array.isArray(body.value)) throw new Error(`unexpected ${res.status}`);
  return performance.now() - t;
}

function stats(samples: number[], wallMs: number) {
  const s = [...samples].sort((a, b) => a - b);
  const at = (p: number) => s[Math.min(s.length - 1, Math.floor(p * s.length))]!;
  return { median: at(0.5), p99: at(0.99), rps: (samples.length / wallMs) * 1000 };
}

try {
  for (const [name, path] of scenarios) {
    const url = emu.url + path;
    for (let i = 0; i < 20; i++) await one(url); // warm-up
    const seq: number[] = [];
    let t = performance.now();
    for (let i = 0; i < total; i++) seq.push(await one(url));
    const a = stats(seq, performance.now() - t);
    const par: number[] = [];
    let next = 0;
    t = performance.now();
    await Promise.all(
      Array.from({ length: concurrency }, async () => {
        while (next < total) {
          next += 1;
          par.push(await one(url));
        }
      }),
    );
    const b = stats(par, performance.now() - t);
    console.log(`\n${name}\n  ${path}`);
    console.log(
      `  sequential:     median ${a.median.toFixed(2)} ms, p99 ${a.p99.toFixed(2)} ms, ${a.rps.toFixed(0)} req/s (${total} requests)`,
    );
    console.log(
      `  ${concurrency} concurrent:   median ${b.median.toFixed(2)} ms, p99 ${b.p99.toFixed(2)} ms, ${b.rps.toFixed(0)} req/s (${total} requests)`,
    );
  }
} finally {
  child.kill('SIGTERM');
  await new Promise((r) => child.once('exit', r));
  if (dir) rmSync(dir, { recursive: true, force: true });
}
