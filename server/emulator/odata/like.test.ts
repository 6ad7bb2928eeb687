/** The T-SQL LIKE matcher: wildcards, bracket escapes, classes, ranges and hostile patterns. */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import Database from 'better-sqlite3';
import { registerTsqlLike, tsqlLike, tsqlLikeRegExp, tsqlLikeSource } from './like.js';

const cases: readonly { pattern: string; yes: string[]; no: string[] }[] = [
  { pattern: '%[%]%', yes: ['50% off', '%'], no: ['500 units', ''] },
  { pattern: '%[_]%', yes: ['snake_case'], no: ['snakeXcase'] },
  { pattern: '%[[]%', yes: ['[draft]'], no: ['draft]'] },
  { pattern: '%[ab]%', yes: ['xAx', 'b'], no: ['xcx'] },
  { pattern: '[^a]%', yes: ['bat', 'Zed'], no: ['apple', 'Apple', ''] },
  { pattern: '[a-c]_', yes: ['B1', 'cc'], no: ['d1', 'b', 'b12'] },
  { pattern: '%[-x]', yes: ['a-', 'ax'], no: ['ay'] },
  { pattern: '%[]%', yes: [], no: ['[]', 'x'] },
  { pattern: '[z-a]', yes: [], no: ['m', 'z'] },
  { pattern: 'a[b', yes: ['A[B'], no: ['ab'] },
  { pattern: '.*(x)\\$', yes: ['.*(X)\\$'], no: ['abc(x)\\$'] },
  { pattern: '%[\\^]%', yes: ['a^b', 'a\\b'], no: ['ab'] },
  { pattern: 'é%', yes: ['École'], no: ['ecole'] },
];

describe('T-SQL LIKE', () => {
  for (const { pattern, yes, no } of cases) {
    it(`'${pattern}' matches ${JSON.stringify(yes)} and not ${JSON.stringify(no)}`, () => {
      for (const v of yes) assert.equal(tsqlLike(v, pattern), 1, `${v} ~ ${tsqlLikeSource(pattern)}`);
      for (const v of no) assert.equal(tsqlLike(v, pattern), 0, `${v} !~ ${tsqlLikeSource(pattern)}`);
    });
  }

  it('returns NULL for a NULL value, as SQL does, so `not contains` skips empty columns', () => {
    assert.equal(tsqlLike(null, '%a%'), null);
  });

  it('compiles each pattern once', () => {
    assert.equal(tsqlLikeRegExp('%[x]%'), tsqlLikeRegExp('%[x]%'));
  });

  it('never throws on hostile patterns', () => {
    for (const p of ['[', ']', '[^', '[^]', '(', '\\', '[\\]', '[a-]', '[-]', '(?<x>', '${1}', '[[[]]]'])
      assert.doesNotThrow(() => tsqlLike('x', p), p);
  });

  it('is callable from SQL once registered, with the value bound as a parameter', () => {
    const db = new Database(':memory:');
    registerTsqlLike(db);
    const row = db.prepare('SELECT portico_tsql_like(?, ?) AS m').get('50% off', '%[%]%') as { m: number };
    assert.equal(row.m, 1);
    db.close();
  });
});
