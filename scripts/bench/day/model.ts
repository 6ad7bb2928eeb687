/**
 * What `npm run bench:day` assumes about a portal's peak hour and about Dataverse: the users' mix of
 * actions, their think times, and the latency of each kind of Dataverse call. Every figure is an
 * assumption written down here, so a run can be argued with and re-run with other figures.
 */

/** What a virtual user does; each is one request to Portico, as the widgets send it. */
export const ACTIONS = [
  'open list',
  'next page',
  'search',
  'open case',
  'save',
  'create',
  'assign',
  'resolve',
  'add a note',
] as const;
export type Action = (typeof ACTIONS)[number];

export type Role = 'customer' | 'agent';

/**
 * The mix: relative weights per role. Customers (contact scope: their own cases) browse more than
 * they write; vendor agents (account scope) also assign and resolve. An action whose prerequisite is
 * missing (no next page, no case open yet) does the prerequisite instead and is counted as that.
 * `add a note` (the case conversation: a line of text on the case open on screen, as the timeline's
 * box sends it) takes its weight from `open case`: 8 for customers, 6 for agents.
 */
export const MIX: Readonly<Record<Role, Readonly<Record<Action, number>>>> = {
  customer: {
    'open list': 24,
    'next page': 8,
    search: 12,
    'open case': 22,
    save: 14,
    create: 12,
    assign: 0,
    resolve: 0,
    'add a note': 8,
  },
  agent: {
    'open list': 18,
    'next page': 10,
    search: 10,
    'open case': 20,
    save: 12,
    create: 6,
    assign: 10,
    resolve: 8,
    'add a note': 6,
  },
};

/** Share of the users who are vendor agents; the rest are customers. */
export const AGENT_SHARE = 0.1;

/**
 * A user's visit in the peak hour: one session that opens the list, then does more actions from the
 * mix, 4 to 12 actions in all (mean 8). Between two actions the user thinks: log-normal, median 8 s,
 * p95 30 s (reading a list, typing a description). The hour's N users each make one such visit,
 * arriving at random times over the hour.
 */
export const SESSION = { minActions: 4, maxActions: 12 } as const;
export const THINK = { medianMs: 8_000, p95Ms: 30_000 } as const;

/** Kinds of Dataverse call, told apart by method and URL (see `classify`). */
export const UPSTREAM_KINDS = [
  'search',
  'list',
  'read one',
  'other read',
  'write',
  'action',
  'create',
  'delete',
] as const;
export type UpstreamKind = (typeof UPSTREAM_KINDS)[number];

/**
 * Latency the emulator adds to each call, log-normal per kind (median and 95th percentile, ms):
 * typical of Dataverse online answering from the same region under normal load. Reads of one row by
 * key are fastest; counted list pages and `contains` searches scan; writes (updates, and creates,
 * which Portico sends as a PATCH to an id of its own) run plug-ins and audit;
 * CloseIncident is a message with its own transaction. σ = ln(p95 / median) / 1.645.
 */
export const LATENCY: Readonly<Record<UpstreamKind, { median: number; p95: number }>> = {
  search: { median: 150, p95: 450 },
  list: { median: 90, p95: 260 },
  'read one': { median: 40, p95: 110 },
  'other read': { median: 40, p95: 110 },
  write: { median: 120, p95: 340 },
  action: { median: 180, p95: 500 },
  create: { median: 140, p95: 380 },
  delete: { median: 100, p95: 280 },
};

/** The matchers of each kind, in the order they are tried (the first that fits decides). */
const MATCHERS: ReadonlyArray<{ kind: UpstreamKind; method: string; path: RegExp }> = [
  { kind: 'search', method: 'GET', path: /contains(\(|%28)/i },
  { kind: 'list', method: 'GET', path: /(\$|%24)count=true/i },
  { kind: 'read one', method: 'GET', path: /(\$|%24)top=1(&|$)/i },
  { kind: 'other read', method: 'GET', path: /./ },
  // Portico creates with a PATCH too (an id derived from the Idempotency-Key, `If-None-Match: *`).
  { kind: 'write', method: 'PATCH', path: /./ },
  { kind: 'action', method: 'POST', path: /CloseIncident|Microsoft\.Dynamics\.CRM\.|\$batch/ },
  { kind: 'create', method: 'POST', path: /./ },
  { kind: 'delete', method: 'DELETE', path: /./ },
];

export function upstreamMatchers(): ReadonlyArray<{ kind: UpstreamKind; method: string; path: RegExp }> {
  return MATCHERS;
}

export function classify(method: string, path: string): UpstreamKind | undefined {
  return MATCHERS.find((m) => m.method === method && m.path.test(path))?.kind;
}

/** The Dataverse call that stands for each action (the one its latency mostly is). */
export const MAIN_CALL: Readonly<Record<Action, UpstreamKind>> = {
  'open list': 'list',
  'next page': 'list',
  search: 'search',
  'open case': 'read one',
  save: 'write',
  create: 'write',
  assign: 'write',
  resolve: 'action',
  // A note is written with a PATCH to an id derived from its Idempotency-Key, as a create is.
  'add a note': 'write',
};

/** A log-normal sampler with this median and 95th percentile, drawing from `random`. */
export function logNormal(median: number, p95: number, random: () => number): () => number {
  const sigma = Math.log(p95 / median) / 1.645;
  return () => {
    // Box–Muller: one standard normal from two uniforms.
    const u = Math.max(random(), Number.EPSILON);
    const z = Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * random());
    return median * Math.exp(sigma * z);
  };
}

/** A seeded generator (the emulator's sample-data one), so a run's choices can be repeated. */
export { prng as seeded } from '../../../server/emulator/seed.js';

/** Picks a key of `weights` in proportion to its weight (keys of weight 0 never). */
export function pick<K extends string>(weights: Readonly<Record<K, number>>, random: () => number): K {
  const entries = Object.entries(weights) as Array<[K, number]>;
  const total = entries.reduce((sum, [, w]) => sum + w, 0);
  let r = random() * total;
  for (const [key, weight] of entries) {
    r -= weight;
    if (weight > 0 && r < 0) return key;
  }
  return entries.filter(([, w]) => w > 0).at(-1)![0];
}

/** The p-th percentile (0–100) of ascending `sorted`; 0 for none. */
export function percentile(sorted: readonly number[], p: number): number {
  if (sorted.length === 0) return 0;
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))]!;
}
