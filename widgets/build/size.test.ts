// The embed kit's byte budgets, checked on every `npm test` (scripts/test.mjs builds first).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  CLASSIC,
  CRITICAL_PATH_BUDGET,
  ENTRY,
  FILE_BUDGETS,
  TOTAL_BUDGET,
  criticalPath,
  measure,
  moduleTotal,
  report,
  staticImports,
} from './size.js';

test('every built file is within its own brotli budget, and every file has one', () => {
  const sizes = measure();
  console.log(report(sizes));
  for (const name of [ENTRY, CLASSIC])
    assert.ok(
      sizes.find((s) => s.file === name)!.raw > 10_000,
      `${name} is suspiciously small: is Lit bundled?`,
    );
  for (const s of sizes) {
    const budget = FILE_BUDGETS[s.file]?.budget;
    assert.ok(budget, `${s.file} has no budget: add it to FILE_BUDGETS in widgets/build/size.ts, with why`);
    assert.ok(
      s.brotli <= budget,
      `${s.file} is ${s.brotli} B brotli, over its ${budget} B budget by ${s.brotli - budget} B`,
    );
  }
  // The on-demand parts really are chunks of their own.
  for (const chunk of ['portico-form.js', 'portico-list.js', 'portico-more.js', 'portico-timeline.js'])
    assert.ok(
      sizes.some((s) => s.file === chunk),
      `${chunk} was not built`,
    );
});

test('the critical path of a page with one form is within 12 KB brotli, and is the entry alone', () => {
  const critical = criticalPath(measure());
  const total = critical.reduce((sum, s) => sum + s.brotli, 0);
  // A common chunk the entry imports would be a second request in a row before the first input.
  assert.deepEqual(
    critical.map((s) => s.file),
    [ENTRY],
  );
  assert.ok(
    total <= CRITICAL_PATH_BUDGET,
    `critical path ${total} B brotli, over ${CRITICAL_PATH_BUDGET} B by ${total - CRITICAL_PATH_BUDGET} B`,
  );
});

test('the module build together is within 28 KB brotli', () => {
  const total = moduleTotal(measure());
  assert.ok(total <= TOTAL_BUDGET, `${total} B brotli, over ${TOTAL_BUDGET} B by ${total - TOTAL_BUDGET} B`);
});

test('static imports are told apart from import()', () => {
  assert.deepEqual(
    staticImports(
      'import{a as b,c}from"./portico.js";import"./portico-pickers.js";const l=()=>import(`./portico-list.js`)',
    ),
    ['portico.js', 'portico-pickers.js'],
  );
});
