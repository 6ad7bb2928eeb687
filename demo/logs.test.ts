/** The log file of `npm start` stays capped, and the console gets readable warnings only. */
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { pino } from 'pino';
import { cappedLogFile, demoLogDestination } from './logs.js';

const tmp = mkdtempSync(join(tmpdir(), 'portico-logs-'));
after(() => rmSync(tmp, { recursive: true, force: true }));

test('past its cap the log file moves to .1 and a new one begins, counting what was already there', () => {
  const file = join(tmp, 'capped', 'portico.log');
  const line = `${'x'.repeat(99)}\n`;
  const first = cappedLogFile(file, 1000);
  for (let i = 0; i < 9; i++) first.write(line);
  assert.equal(statSync(file).size, 900);
  // A restart: the 900 bytes on disk count towards the cap.
  const second = cappedLogFile(file, 1000);
  second.write(line);
  assert.equal(existsSync(`${file}.1`), false);
  second.write(line);
  assert.equal(statSync(`${file}.1`).size, 1000, 'the full file moved aside');
  assert.equal(statSync(file).size, 100, 'and the new one holds the last line');
  // The next rotation replaces the old .1: never more than two files.
  writeFileSync(`${file}.1`, 'older');
  for (let i = 0; i < 10; i++) second.write(line);
  assert.notEqual(readFileSync(`${file}.1`, 'utf8'), 'older');
});

test('requests go to the file only; warnings and errors also to the console, one readable line each', () => {
  const file = join(tmp, 'multi', 'portico.log');
  const console: string[] = [];
  const logger = pino({ level: 'info' }, demoLogDestination(file, { write: (text) => console.push(text) }));
  logger.info({ route: '/healthz', status: 200 }, 'request');
  logger.warn({ code: 'PORTICO_CONFIG_UNKNOWN_COLUMN' }, 'configuration change refused');
  logger.error({ err: new Error('socket hang up') }, 'unhandled error');
  const lines = readFileSync(file, 'utf8').trim().split('\n');
  assert.deepEqual(
    lines.map((l) => (JSON.parse(l) as { msg: string }).msg),
    ['request', 'configuration change refused', 'unhandled error'],
  );
  assert.deepEqual(console, [
    'warning: configuration change refused (PORTICO_CONFIG_UNKNOWN_COLUMN)\n',
    'error: unhandled error — socket hang up\n',
  ]);
});
