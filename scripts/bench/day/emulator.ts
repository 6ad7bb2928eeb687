/**
 * The Dataverse of `npm run bench:day`, in a process of its own (forked by run.ts): the emulator with
 * Dataverse's service-protection limits on and Dataverse-like latency on every call (model.ts).
 *
 * The latency uses the emulator's fault injection: one standing fault per kind of call, whose delay
 * is drawn afresh each time it is read, so every matching call waits its own sample. Faults act
 * after the limits admit a call, so the wait counts against concurrency and execution time, as a
 * slow Dataverse's would.
 *
 * Messages: it sends `{ type: 'ready', url }`; asked `{ type: 'stats' }` it answers with the calls
 * it has answered so far, by kind (count, latencies) and how many were 429s; asked `{ type: 'count' }`,
 * with the number of calls alone.
 */
import { startEmulator } from '../../../server/emulator/index.js';
import type { LimitsConfig } from '../../../server/emulator/index.js';
import { LATENCY, UPSTREAM_KINDS, classify, logNormal, seeded, upstreamMatchers } from './model.js';
import type { UpstreamKind } from './model.js';

export interface EmulatorConfig {
  /** SQLite file (already seeded) or `:memory:`. */
  db: string;
  seed: 'demo' | 'large';
  limits: LimitsConfig;
  /** Multiplies every latency (0 for none: the smoke test). */
  latencyScale: number;
}

export interface UpstreamStats {
  calls: number;
  refused429: number;
  byKind: Record<UpstreamKind, { count: number; ms: number[] }>;
}

export type EmulatorMessage =
  { type: 'ready'; url: string } | { type: 'stats'; stats: UpstreamStats } | { type: 'count'; calls: number };

const config = JSON.parse(process.env.DAY_EMULATOR ?? '{}') as EmulatorConfig;
const emulator = await startEmulator({
  port: 0,
  host: '127.0.0.1',
  db: config.db,
  seed: config.seed,
  limits: config.limits,
});

if (config.latencyScale > 0) {
  const random = seeded(1);
  for (const { kind, method, path } of upstreamMatchers()) {
    const { median, p95 } = LATENCY[kind];
    const draw = logNormal(median * config.latencyScale, p95 * config.latencyScale, random);
    emulator.faults.inject({
      match: { method, path },
      times: Number.MAX_SAFE_INTEGER,
      get delayMs() {
        return draw();
      },
    });
  }
}

function stats(): UpstreamStats {
  const byKind = Object.fromEntries(
    UPSTREAM_KINDS.map((k) => [k, { count: 0, ms: [] as number[] }]),
  ) as UpstreamStats['byKind'];
  let refused429 = 0;
  const entries = emulator.requestLog.entries();
  for (const entry of entries) {
    if (entry.status === 429) refused429 += 1;
    const kind = classify(entry.method, entry.path);
    if (!kind) continue;
    byKind[kind].count += 1;
    if (entry.status !== 429) byKind[kind].ms.push(entry.durationMs);
  }
  return { calls: entries.length, refused429, byKind };
}

const send = (message: EmulatorMessage) => process.send?.(message);
process.on('message', (message: { type?: string }) => {
  if (message?.type === 'stats') send({ type: 'stats', stats: stats() });
  if (message?.type === 'count') send({ type: 'count', calls: emulator.requestLog.count() });
});
const stop = () => void emulator.close().then(() => process.exit(0));
process.on('SIGTERM', stop);
process.on('disconnect', stop);
send({ type: 'ready', url: emulator.url });
