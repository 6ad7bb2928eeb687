/**
 * The attack suite as a whole: enough hostile requests across all groups, each group run by
 * exactly one test file (so no attack is skipped or sent twice), and no two attacks with one name.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { ATTACK_GROUPS } from './groups.js';

const ALL = Object.values(ATTACK_GROUPS).flat();

test(`has at least 60 hostile requests across all groups (${ALL.length})`, () => {
  assert.ok(ALL.length >= 60);
  for (const [group, attacks] of Object.entries(ATTACK_GROUPS)) assert.ok(attacks.length > 0, group);
});

test('every attack has a name of its own', () => {
  const names = ALL.map((a) => a.name);
  assert.deepEqual(
    names.filter((n, i) => names.indexOf(n) !== i),
    [],
  );
});

test('every group is run by exactly one test file, and no file runs a group that does not exist', () => {
  const dir = new URL('./', import.meta.url);
  const runs = readdirSync(dir)
    .filter((f) => f.endsWith('.test.ts'))
    .flatMap((f) =>
      [...readFileSync(new URL(f, dir), 'utf8').matchAll(/runAttackGroup\('([\w-]+)'\)/g)].map((m) => m[1]),
    );
  assert.deepEqual(runs.sort(), Object.keys(ATTACK_GROUPS).sort());
});
