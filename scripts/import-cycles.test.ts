/**
 * No import cycles in the repository: two modules that import each other (directly or round a
 * longer loop) can be neither understood nor replaced apart, and their load order decides which
 * one sees the other half-initialised. The graph is that of `server/`, `widgets/`, `demo/` and
 * `scripts/` (relative imports, type-only and `import()` included — see scripts/structure.ts).
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { importCycles, parseSource, sourceFiles, specifiers } from './structure.js';

/**
 * Cycles outside server/emulator that exist today, each as the sorted files of one strongly
 * connected group. The list may only shrink: the check fails for a cycle not listed here and for
 * an entry that no longer matches a cycle, so an entry is removed (or narrowed) in the change
 * that breaks its cycle. When this list was made, the repository had no cycle outside the
 * emulator, and the emulator's own cycles were broken in the same change.
 */
const CYCLES_TODAY_OUTSIDE_EMULATOR: readonly (readonly string[])[] = [];

const key = (files: readonly string[]) => files.join(' | ');

describe('import cycles', () => {
  it('the repository has no import cycle beyond the allow-list', () => {
    const allowed = new Set(CYCLES_TODAY_OUTSIDE_EMULATOR.map(key));
    const unexpected = importCycles().filter((c) => !allowed.has(key(c.files)));
    assert.deepEqual(
      unexpected.map((c) => `${key(c.files)}  (for example ${c.loop.join(' → ')})`),
      [],
      'each line above is an import cycle; break it by moving what both files need into a module of its own',
    );
  });

  it('every allow-listed cycle still exists, outside server/emulator', () => {
    const found = new Set(importCycles().map((c) => key(c.files)));
    for (const entry of CYCLES_TODAY_OUTSIDE_EMULATOR) {
      assert.ok(
        entry.every((f) => !f.startsWith('server/emulator/')),
        `${key(entry)}: the emulator is kept free of cycles; fix it rather than listing it`,
      );
      assert.ok(
        found.has(key(entry)),
        `${key(entry)} is no longer a cycle: remove it (or replace it by what remains) in CYCLES_TODAY_OUTSIDE_EMULATOR`,
      );
    }
  });

  it('finds two-file, longer and self cycles and nothing in a tree', () => {
    const graph = (edges: Record<string, string[]>) =>
      Object.entries(edges).map(([path, imports]) => ({ path, imports }));
    assert.deepEqual(importCycles(graph({ a: ['b'], b: ['c'], c: [] })), []);
    assert.deepEqual(importCycles(graph({ a: ['b'], b: ['a'] })), [
      { files: ['a', 'b'], loop: ['a', 'b', 'a'] },
    ]);
    assert.deepEqual(importCycles(graph({ a: ['b'], b: ['c'], c: ['a', 'd'], d: [] })), [
      { files: ['a', 'b', 'c'], loop: ['a', 'b', 'c', 'a'] },
    ]);
    assert.deepEqual(importCycles(graph({ s: ['s'] })), [{ files: ['s'], loop: ['s', 's'] }]);
    // Two separate tangles are two findings.
    assert.equal(importCycles(graph({ a: ['b'], b: ['a'], c: ['d'], d: ['c'] })).length, 2);
  });

  it('reads static, type-only, re-exported and lazy imports', () => {
    const source = parseSource(
      'x.ts',
      [
        "import { a } from './a.js';",
        "import type { B } from './b.js';",
        "export { c } from './c.js';",
        "export type { D } from './d.js';",
        "import './e.js';",
        "const f = await import('./f.js');",
        "import { readFileSync } from 'node:fs';",
      ].join('\n'),
    );
    assert.deepEqual(specifiers(source), [
      './a.js',
      './b.js',
      './c.js',
      './d.js',
      './e.js',
      './f.js',
      'node:fs',
    ]);
  });

  it('resolves `.js` specifiers to the TypeScript files the repository holds', () => {
    const files = new Map(sourceFiles().map((f) => [f.path, f]));
    const index = files.get('server/emulator/index.ts');
    assert.ok(index, 'server/emulator/index.ts is among the walked files');
    assert.ok(index.imports.includes('server/emulator/db.ts'), 'its `./db.js` import resolves to db.ts');
  });
});
