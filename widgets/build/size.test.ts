// The embed script's byte budget, checked on every `npm test` (scripts/test.mjs builds first).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { BUDGET, measure, report } from './size.js';

test('each built bundle is within the brotli budget, Lit included', () => {
  const sizes = measure();
  console.log(report(sizes));
  assert.equal(sizes.length, 2);
  for (const s of sizes) {
    assert.ok(s.raw > 10_000, `${s.file} is suspiciously small (${s.raw} B): is Lit bundled?`);
    assert.ok(
      s.brotli <= BUDGET,
      `${s.file} is ${s.brotli} B brotli, over the ${BUDGET} B budget by ${s.brotli - BUDGET} B`,
    );
  }
});
