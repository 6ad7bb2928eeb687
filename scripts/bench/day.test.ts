/**
 * A smoke run of `npm run bench:day` (scripts/bench/day.ts): a few users for a few seconds on the
 * demo seed, with latency scaled down, through the same stack the benchmark starts. It asserts what
 * the benchmark's output must always hold — every action of the mix ran, the counts add up, no user
 * saw a 429 or a 5xx — and nothing about timing.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { printSummary, summarize } from './day/report.js';
import { runDay } from './day/run.js';

test('a short portal day: every action runs, the counts add up, no user sees a 429 or a 5xx', async () => {
  const run = await runDay({
    users: 4,
    hourUsers: 4,
    workers: 1,
    seconds: 1,
    // Visits of a few seconds: think times of tens of milliseconds (a hundredth of the model's),
    // a tenth of the modelled latency, and Dataverse's request budget raised to match.
    compress: 20,
    seededDb: undefined,
    generators: 1,
    thinkScale: 0.01,
    latencyScale: 0.1,
    tour: true,
    calibrate: true,
    seed: 1,
  });
  const summary = summarize(run);

  for (const line of summary.actions) {
    assert.ok(line.count > 0, `"${line.action}" never ran`);
    const statuses = Object.values(run.actions[line.action].statuses).reduce((a, b) => a + b, 0);
    assert.equal(statuses, line.count, `"${line.action}": every request has one status`);
    const refused = Object.values(line.refused).reduce((a, b) => a + b, 0);
    assert.equal(
      line.ok + line.conflicts + line.tooMany + line.serverErrors + refused,
      line.count,
      `"${line.action}": its outcomes add up to its count`,
    );
    assert.deepEqual(
      line.refused,
      {},
      `"${line.action}" was refused: the mix sends requests Portico rejects`,
    );
    assert.ok((line.calls ?? 0) >= 1, `"${line.action}": calls upstream were measured (${line.calls})`);
  }
  assert.equal(
    summary.total,
    summary.actions.reduce((sum, a) => sum + a.count, 0),
  );
  assert.equal(summary.serverErrors, 0, 'no user saw a 5xx');
  assert.equal(summary.tooMany, 0, 'no user saw a 429');
  assert.ok(summary.clean);
  // Every action costs at least one Dataverse call, and the emulator counted each kind it answered.
  assert.ok(
    summary.upstream.calls >= summary.total,
    `${summary.upstream.calls} calls for ${summary.total} actions`,
  );
  assert.equal(
    summary.upstream.byKind.reduce((sum, k) => sum + k.count, 0),
    summary.upstream.calls,
    'every Dataverse call was of a known kind',
  );

  const lines: string[] = [];
  printSummary(summary, (line) => lines.push(line));
  const printed = lines.join('\n');
  for (const line of summary.actions)
    assert.match(printed, new RegExp(`^${line.action}\\s+${line.count}\\s`, 'm'));
  assert.match(printed, new RegExp(`Dataverse: ${summary.upstream.calls} calls, \\d+ answered 429`));
});
