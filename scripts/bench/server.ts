/**
 * `npm run bench:server` — the CPU Portico spends per request for "list a page" and "update a case",
 * against the floor of any extra hop: a bare node:http forwarder with no checks at all, measured in
 * the same run. The target is Portico ≤ 2.0× the bare hop's CPU per request.
 *
 * The load generator (this process), the Portico server, the bare hop and the emulator each run in
 * their own process (server-emulator.ts), as they would in a deployment. The hop and "direct" replay
 * exactly the upstream request Portico makes for the same action, so the difference is the cost of
 * the security boundary and nothing else. CPU time is each process's own `process.cpuUsage()`
 * (user + system), read before and after each measurement: unlike wall time or throughput, it does
 * not depend on what else the shared machine is doing. Loops are bounded by a request count; all
 * traffic is on 127.0.0.1. Throughput and latency are printed for context.
 *
 * Options: --requests <n per scenario and mode, default 2000> --concurrency <workers, default 8>
 *          --rounds <modes take turns this many times, default 3> --only list|update  --json   (BENCH_CPU_PROF=<dir> profiles the child processes)
 */
import { spawn } from 'node:child_process';
import http from 'node:http';
import { fileURLToPath } from 'node:url';
import { SignJWT } from 'jose';
import { DEMO_IDS } from '../../server/emulator/demo-ids.js';

interface Sample {
  ms: number;
  status: number;
}

interface Result {
  scenario: string;
  mode: 'direct' | 'passthrough' | 'portico';
  requests: number;
  rps: number;
  p50: number;
  p99: number;
  errors: number;
  /** CPU ms per request used by the emulator, by the hop in between (Portico or the pass-through; 0 for direct) and by the load generator. */
  emulatorCpuMs: number;
  proxyCpuMs: number;
  loadCpuMs: number;
}

const args = process.argv.slice(2);
const arg = (name: string, fallback: number): number => {
  const i = args.indexOf(`--${name}`);
  const value = i >= 0 ? Number(args[i + 1]) : fallback;
  if (!Number.isInteger(value) || value < 1 || value > 100_000) {
    throw new TypeError(`--${name} must be a whole number from 1 to 100000`);
  }
  return value;
};
const REQUESTS = arg('requests', 2000);
const CONCURRENCY = arg('concurrency', 8);
const ROUNDS = arg('rounds', 3);
const JSON_OUTPUT = args.includes('--json');
const ONLY = args.includes('--only') ? args[args.indexOf('--only') + 1] : undefined;
if (ONLY !== undefined && ONLY !== 'list' && ONLY !== 'update')
  throw new TypeError('--only must be list or update');

const MODES = ['direct', 'passthrough', 'portico'] as const;

const BENCH_SECRET = 'bench-secret-0123456789-0123456789-abcdef';
const BENCH_ISSUER = 'https://bench.local';
const BENCH_AUDIENCE = 'portico-bench';

const agent = new http.Agent({ keepAlive: true, maxSockets: 64 });

/**
 * One request; the body is kept only when the caller needs it (`keepBody`), so the load generator
 * spends as little CPU as it can: on two shared cores every millisecond it uses is taken from the
 * processes being measured, and more so in the three-process Portico mode.
 */
function request(
  url: string,
  method: string,
  headers: Record<string, string>,
  body?: string,
  keepBody = true,
): Promise<{ status: number; text: string; ms: number }> {
  const started = process.hrtime.bigint();
  return new Promise((resolve, reject) => {
    const req = http.request(url, { method, headers, agent }, (res) => {
      const chunks: Buffer[] = [];
      if (keepBody) res.on('data', (c: Buffer) => chunks.push(c));
      else res.resume();
      res.on('end', () =>
        resolve({
          status: res.statusCode ?? 0,
          text: Buffer.concat(chunks).toString('utf8'),
          ms: Number(process.hrtime.bigint() - started) / 1e6,
        }),
      );
      res.on('error', reject);
    });
    req.on('error', reject);
    req.end(body);
  });
}

/** Runs `total` requests over `workers` loops; each worker calls `step(worker)` until the shared count is spent. */
interface Run {
  samples: number[];
  seconds: number;
  errors: number;
}

async function run(total: number, workers: number, step: (worker: number) => Promise<Sample>): Promise<Run> {
  let issued = 0;
  const samples: number[] = [];
  let errors = 0;
  const started = process.hrtime.bigint();
  await Promise.all(
    Array.from({ length: workers }, async (_, worker) => {
      while (issued < total) {
        issued += 1;
        const sample = await step(worker);
        samples.push(sample.ms);
        if (sample.status >= 400) errors += 1;
      }
    }),
  );
  return { samples, seconds: Number(process.hrtime.bigint() - started) / 1e9, errors };
}

interface Child {
  url: string;
  /** CPU time (µs) the process has used so far. */
  cpu(): Promise<number>;
  stop(): void;
}

async function startChild(env: Record<string, string>, ...args: string[]): Promise<Child> {
  const child = spawn(
    process.execPath,
    [
      ...(process.env.BENCH_CPU_PROF ? ['--cpu-prof', `--cpu-prof-dir=${process.env.BENCH_CPU_PROF}`] : []),
      '--import',
      'tsx',
      fileURLToPath(new URL('./server-emulator.ts', import.meta.url)),
      ...args,
    ],
    { stdio: ['ignore', 'pipe', 'inherit'], env: { ...process.env, ...env } },
  );
  let out = '';
  let cpuWaiter: ((us: number) => void) | undefined;
  const url = await new Promise<string>((resolve, reject) => {
    child.stdout.on('data', (chunk: Buffer) => {
      out += chunk.toString();
      const ready = /^READY (\S+)$/m.exec(out);
      if (ready) resolve(ready[1]!);
      const cpu = /^CPU (\d+)$/m.exec(out);
      if (cpu && cpuWaiter) {
        out = out.replace(cpu[0], '');
        cpuWaiter(Number(cpu[1]));
        cpuWaiter = undefined;
      }
    });
    child.on('exit', (code) => reject(new Error(`${args[0]} process exited with ${code}`)));
  });
  return {
    url,
    cpu: () =>
      new Promise((resolve) => {
        cpuWaiter = resolve;
        child.kill('SIGUSR2');
      }),
    stop: () => child.kill('SIGTERM'),
  };
}

/** The three processes under measurement and what every scenario needs to reach them. */
interface Bench {
  emulator: Child;
  portico: Child;
  passthrough: Child;
  /** Portico's base URL. */
  base: string;
  /** The same upstream request, sent through the pass-through hop instead of straight to the emulator. */
  viaHop(url: string): string;
  /** Portico's Authorization header for the agent the benchmark acts as. */
  auth: Record<string, string>;
  /** Runs one measurement and adds it, with each process's CPU time, to its scenario and mode. */
  measure(scenario: string, mode: Result['mode'], body: () => Promise<Run>): Promise<void>;
}

/** Per scenario and mode, everything measured over all rounds (CPU in µs). */
interface Totals {
  scenario: string;
  mode: Result['mode'];
  runs: Run[];
  emulatorUs: number;
  proxyUs: number;
  loadUs: number;
}

const UPSTREAM_HEADERS = {
  Accept: 'application/json',
  'OData-MaxVersion': '4.0',
  'OData-Version': '4.0',
};

async function main(): Promise<void> {
  const totals = new Map<string, Totals>();
  const bench = await startBench(totals);
  try {
    const activeCases = await benchList(bench);
    await benchUpdate(bench, activeCases);
  } finally {
    bench.portico.stop();
    bench.passthrough.stop();
    bench.emulator.stop();
    agent.destroy();
  }
  const results = summarize(totals);
  if (JSON_OUTPUT) {
    console.log(
      JSON.stringify(
        { requests: REQUESTS, concurrency: CONCURRENCY, results, cpuRatios: cpuRatios(results) },
        null,
        2,
      ),
    );
    return;
  }
  printTable(results);
  printRatios(results);
}

/** Starts the emulator, Portico and the pass-through, and signs the agent's token. */
async function startBench(totals: Map<string, Totals>): Promise<Bench> {
  const emulator = await startChild({}, 'emulator');
  const portico = await startChild(
    {
      DATAVERSE_URL: emulator.url,
      PORTICO_JWT_SECRET: BENCH_SECRET,
      PORTICO_JWT_ISSUER: BENCH_ISSUER,
      PORTICO_JWT_AUDIENCE: BENCH_AUDIENCE,
      PORTICO_RATE_LIMIT_PER_IP: '1000000',
      PORTICO_RATE_LIMIT_PER_USER: '1000000',
      PORTICO_AUDIT_LOG: 'data/bench-audit.log',
    },
    'portico',
  );
  // The floor for any extra hop: a bare node:http forwarder with no checks (server-emulator.ts).
  const passthrough = await startChild({ DATAVERSE_URL: emulator.url }, 'passthrough');
  const token = await new SignJWT({ portico_role: 'agent', contactid: DEMO_IDS.contacts.vera })
    .setProtectedHeader({ alg: 'HS256' })
    .setIssuer(BENCH_ISSUER)
    .setAudience(BENCH_AUDIENCE)
    .setSubject('bench-user')
    .setExpirationTime('1h')
    .sign(new TextEncoder().encode(BENCH_SECRET));
  const measure = async (scenario: string, mode: Result['mode'], body: () => Promise<Run>) => {
    const hop = mode === 'portico' ? portico : mode === 'passthrough' ? passthrough : undefined;
    const [e0, p0] = [await emulator.cpu(), (await hop?.cpu()) ?? 0];
    const l0 = process.cpuUsage();
    const r = await body();
    const l = process.cpuUsage(l0);
    const [e1, p1] = [await emulator.cpu(), (await hop?.cpu()) ?? 0];
    const key = `${scenario}|${mode}`;
    const total = totals.get(key) ?? { scenario, mode, runs: [], emulatorUs: 0, proxyUs: 0, loadUs: 0 };
    total.runs.push(r);
    total.emulatorUs += e1 - e0;
    total.proxyUs += p1 - p0;
    total.loadUs += l.user + l.system;
    totals.set(key, total);
  };
  return {
    emulator,
    portico,
    passthrough,
    base: portico.url,
    viaHop: (url: string) => passthrough.url + url.slice(emulator.url.length),
    auth: { Authorization: `Bearer ${token}` },
    measure,
  };
}

/**
 * The modes take turns in ROUNDS rounds, each starting with a different mode, so a burst of other
 * work on the shared machine lands on all modes alike instead of on whichever ran at the time.
 */
function rounds(n: number): Array<{ count: number; modes: Array<Result['mode']> }> {
  return Array.from({ length: ROUNDS }, (_, round) => ({
    count: Math.floor(n / ROUNDS) + (round < n % ROUNDS ? 1 : 0),
    modes: MODES.map((_, i) => MODES[(i + round) % MODES.length]!),
  })).filter((r) => r.count > 0);
}

/**
 * "List a page" (unless `--only update`), after a warm-up of every mode. Returns the active cases,
 * read first, which the update scenario changes.
 */
async function benchList({ base, auth, emulator, viaHop, measure }: Bench): Promise<Array<{ id: string }>> {
  const listUrl = `${base}/api/v1/lists/account-cases/records`;
  const activeUrl = `${base}/api/v1/lists/account-cases/records?filter.statecode=0`;
  const first = await request(listUrl, 'GET', auth);
  if (first.status !== 200) throw new Error(`list through Portico failed: ${first.status} ${first.text}`);
  // Updates go to active cases only (a resolved case cannot be changed).
  const active = await request(activeUrl, 'GET', auth);
  const rows = (JSON.parse(active.text) as { rows: Array<{ id: string }> }).rows;
  // The exact upstream query Portico made, replayed for "direct".
  const upstreamList = `${emulator.url}incidents?$select=incidentid,ticketnumber,title,_customerid_value,prioritycode,statecode,_ownerid_value,createdon,modifiedon&$filter=${encodeURIComponent(
    `_customerid_value eq ${DEMO_IDS.accounts.fabrikam}`,
  )}&$orderby=${encodeURIComponent('modifiedon desc,incidentid asc')}&$count=true`;
  const listPrefer = {
    ...UPSTREAM_HEADERS,
    Prefer:
      'odata.maxpagesize=25,odata.include-annotations="OData.Community.Display.V1.FormattedValue,Microsoft.Dynamics.CRM.lookuplogicalname"',
  };
  for (let i = 0; i < 50; i += 1) {
    await request(listUrl, 'GET', auth);
    await request(upstreamList, 'GET', listPrefer);
    await request(viaHop(upstreamList), 'GET', listPrefer);
  }
  for (const { count, modes } of ONLY === 'update' ? [] : rounds(REQUESTS))
    for (const mode of modes) {
      await measure('list a page', mode, () =>
        run(count, CONCURRENCY, async () => {
          const res =
            mode === 'portico'
              ? await request(listUrl, 'GET', auth, undefined, false)
              : await request(
                  mode === 'direct' ? upstreamList : viaHop(upstreamList),
                  'GET',
                  listPrefer,
                  undefined,
                  false,
                );
          return { ms: res.ms, status: res.status };
        }),
      );
    }
  return rows;
}

/** "Update a case" (unless `--only list`): one case per worker, through each mode in turn. */
async function benchUpdate(bench: Bench, activeCases: Array<{ id: string }>): Promise<void> {
  const { base, auth, emulator, passthrough, measure } = bench;
  const cases = await casesToUpdate(bench, activeCases);
  const updaters = caseUpdaters(bench, cases);
  const updates = Math.max(1, Math.floor(REQUESTS / 2));
  for (const { count, modes } of ONLY === 'list' ? [] : rounds(updates))
    for (const mode of modes) {
      updaters.directBase = mode === 'passthrough' ? passthrough.url : emulator.url;
      // Each mode starts from the cases' current versions (the other modes changed them), read
      // outside the measurement: through Portico as a user opening the form would, or straight.
      for (const [i, id] of cases.entries()) {
        if (mode === 'portico') {
          const read = await request(`${base}/api/v1/forms/case-edit/records/${id}`, 'GET', auth);
          updaters.porticoEtags[i] = (JSON.parse(read.text) as { etag: string }).etag;
        } else {
          const read = await request(
            `${emulator.url}incidents(${id})?$select=incidentid`,
            'GET',
            UPSTREAM_HEADERS,
          );
          updaters.directEtags[i] = (JSON.parse(read.text) as { '@odata.etag': string })['@odata.etag'];
        }
      }
      await measure('update a case', mode, () =>
        run(count, CONCURRENCY, mode === 'portico' ? updaters.portico : updaters.direct),
      );
    }
}

/** One case per worker, so workers never conflict: the active ones, and new ones if too few. */
async function casesToUpdate({ base, auth }: Bench, activeCases: Array<{ id: string }>): Promise<string[]> {
  const cases = activeCases.slice(0, CONCURRENCY).map((r) => r.id);
  while (cases.length < CONCURRENCY) {
    const made = await request(
      `${base}/api/v1/forms/case-create/records`,
      'POST',
      { ...auth, 'Content-Type': 'application/json' },
      JSON.stringify({ values: { title: `Bench case ${cases.length}` } }),
    );
    if (made.status !== 201)
      throw new Error(`could not create a case to update: ${made.status} ${made.text}`);
    cases.push((JSON.parse(made.text) as { id: string }).id);
  }
  return cases;
}

/**
 * The save of one worker's case through Portico, and the exact upstream PATCH Portico makes for
 * it, sent to `directBase` (the emulator, or the pass-through). Each worker keeps the version its
 * last save returned.
 */
function caseUpdaters(
  { base, auth, emulator }: Bench,
  cases: readonly string[],
): {
  porticoEtags: string[];
  directEtags: string[];
  directBase: string;
  portico: (worker: number) => Promise<Sample>;
  direct: (worker: number) => Promise<Sample>;
} {
  let n = 0;
  const select =
    'incidentid,ticketnumber,statecode,statuscode,_customerid_value,_ownerid_value,title,casetypecode,prioritycode,description,_primarycontactid_value,createdon,modifiedon';
  const state = {
    porticoEtags: [] as string[],
    directEtags: [] as string[],
    directBase: emulator.url,
    portico: async (worker: number): Promise<Sample> => {
      n += 1;
      const res = await request(
        `${base}/api/v1/forms/case-edit/records/${cases[worker]}`,
        'PATCH',
        { ...auth, 'Content-Type': 'application/json', 'If-Match': state.porticoEtags[worker]! },
        JSON.stringify({ values: { title: `Bench title ${n}` } }),
      );
      if (res.status === 200) state.porticoEtags[worker] = (JSON.parse(res.text) as { etag: string }).etag;
      else if (process.env.BENCH_DEBUG) console.error(res.status, res.text.slice(0, 300));
      return { ms: res.ms, status: res.status };
    },
    direct: async (worker: number): Promise<Sample> => {
      n += 1;
      const res = await request(
        `${state.directBase}incidents(${cases[worker]})?$select=${select}`,
        'PATCH',
        {
          ...UPSTREAM_HEADERS,
          'Content-Type': 'application/json; charset=utf-8',
          'If-Match': state.directEtags[worker]!,
          Prefer:
            'return=representation,odata.include-annotations="OData.Community.Display.V1.FormattedValue,Microsoft.Dynamics.CRM.lookuplogicalname"',
        },
        JSON.stringify({ title: `Bench title ${n}` }),
      );
      if (res.status === 200)
        state.directEtags[worker] = (JSON.parse(res.text) as { '@odata.etag': string })['@odata.etag'];
      else if (process.env.BENCH_DEBUG) console.error(res.status, res.text.slice(0, 300));
      return { ms: res.ms, status: res.status };
    },
  };
  return state;
}

function summarize(totals: ReadonlyMap<string, Totals>): Result[] {
  return [...totals.values()].map((t) => {
    const samples = t.runs.flatMap((r) => r.samples).sort((a, b) => a - b);
    const seconds = t.runs.reduce((sum, r) => sum + r.seconds, 0);
    const pct = (p: number) =>
      samples[Math.min(samples.length - 1, Math.floor((p / 100) * samples.length))] ?? 0;
    const requests = samples.length;
    return {
      scenario: t.scenario,
      mode: t.mode,
      requests,
      rps: requests / seconds,
      p50: pct(50),
      p99: pct(99),
      errors: t.runs.reduce((sum, r) => sum + r.errors, 0),
      emulatorCpuMs: t.emulatorUs / 1000 / requests,
      proxyCpuMs: t.proxyUs / 1000 / requests,
      loadCpuMs: t.loadUs / 1000 / requests,
    };
  });
}

function printTable(results: readonly Result[]): void {
  console.log(
    `Portico benchmark — ${REQUESTS} list requests and ${Math.floor(REQUESTS / 2)} updates per mode, ${CONCURRENCY} concurrent, 127.0.0.1`,
  );
  console.log(
    'scenario        mode         req/s   p50 ms   p99 ms  errors  CPU ms/req: emulator  proxy  load gen',
  );
  for (const r of results) {
    console.log(
      `${r.scenario.padEnd(15)} ${r.mode.padEnd(11)} ${r.rps.toFixed(0).padStart(6)} ${r.p50.toFixed(2).padStart(8)} ${r.p99.toFixed(2).padStart(8)} ${String(r.errors).padStart(7)} ${r.emulatorCpuMs.toFixed(2).padStart(20)} ${r.proxyCpuMs.toFixed(2).padStart(6)} ${r.loadCpuMs.toFixed(2).padStart(9)}`,
    );
  }
}

/** Portico's CPU per request over the bare hop's, per scenario: the figure the hop is held to. */
export const CPU_RATIO_TARGET = 2.0;

function cpuRatios(
  results: readonly Result[],
): Array<{ scenario: string; portico: number; hop: number; ratio: number }> {
  return ['list a page', 'update a case'].flatMap((scenario) => {
    const hop = results.find((r) => r.scenario === scenario && r.mode === 'passthrough');
    const portico = results.find((r) => r.scenario === scenario && r.mode === 'portico');
    if (!hop || !portico) return [];
    return [
      {
        scenario,
        portico: portico.proxyCpuMs,
        hop: hop.proxyCpuMs,
        ratio: portico.proxyCpuMs / hop.proxyCpuMs,
      },
    ];
  });
}

function printRatios(results: readonly Result[]): void {
  for (const { scenario, portico, hop, ratio } of cpuRatios(results)) {
    console.log(
      `${scenario}: Portico ${portico.toFixed(2)} ms CPU per request, bare node:http hop ${hop.toFixed(2)} ms: ` +
        `${ratio.toFixed(2)}× (target ≤ ${CPU_RATIO_TARGET.toFixed(1)}×)${ratio <= CPU_RATIO_TARGET ? '' : '  ABOVE TARGET'}`,
    );
  }
}

await main();
