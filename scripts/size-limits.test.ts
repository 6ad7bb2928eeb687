/**
 * Size limits for the code under `server/`, `widgets/`, `demo/` and `scripts/`: no source file over
 * 700 lines and no function over 150 lines. Past those sizes a file stops holding one
 * responsibility and a function stops fitting in a reader's head (ARCHITECTURE.md, "Limits that
 * hold"). Test files count like any other source,
 * except the callback of a `describe`, which is a list of tests rather than a unit of logic.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { ROOT, functionsOf, parseSource, sourceFiles } from './structure.js';

const MAX_FILE_LINES = 700;
const MAX_FUNCTION_LINES = 150;

/**
 * Files exempt by nature. `generated` files are written by a tool and exempt from both limits;
 * `table` files are declarative data, exempt from the file limit only (their functions are code).
 * A path ending in `/` covers a folder.
 */
const GENERATED_AND_DECLARATIVE: readonly { path: string; kind: 'generated' | 'table'; why: string }[] = [
  {
    path: 'server/config/generated/',
    kind: 'generated',
    why: 'TypeScript types written from schemas/meta by scripts/generate.ts; `npm run gen:check` proves them current',
  },
  {
    path: 'server/emulator/metadata/entities.ts',
    kind: 'table',
    why: 'the served Dataverse tables and their columns, declared once for the database, validation and metadata',
  },
  {
    path: 'server/emulator/seed-data.ts',
    kind: 'table',
    why: 'the people, accounts and case texts of the demo data set',
  },
];

function exemption(path: string): 'generated' | 'table' | undefined {
  return GENERATED_AND_DECLARATIVE.find((e) =>
    e.path.endsWith('/') ? path.startsWith(e.path) : path === e.path,
  )?.kind;
}

function oversizedFiles(): string[] {
  return sourceFiles()
    .filter((f) => f.lines > MAX_FILE_LINES && exemption(f.path) === undefined)
    .map((f) => f.path);
}

function oversizedFunctions(): Map<string, number> {
  const out = new Map<string, number>();
  for (const f of sourceFiles()) {
    if (exemption(f.path) === 'generated') continue;
    for (const fn of f.functions) {
      if (!fn.suiteBody && fn.bodyLines > MAX_FUNCTION_LINES) out.set(`${f.path} ${fn.name}`, fn.bodyLines);
    }
  }
  return out;
}

describe('size limits', () => {
  it(`no source file is over ${MAX_FILE_LINES} lines, but generated files and declarative tables`, () => {
    const sizes = new Map(sourceFiles().map((f) => [f.path, f.lines]));
    assert.deepEqual(
      oversizedFiles().map((p) => `${p}: ${sizes.get(p)} lines`),
      [],
      'split each file above by responsibility',
    );
  });

  it(`no function is over ${MAX_FUNCTION_LINES} lines, but in generated files`, () => {
    assert.deepEqual(
      [...oversizedFunctions()].map(([k, n]) => `${k}: ${n} lines`),
      [],
      'split each function above into steps with names',
    );
  });

  it('every exempt path exists', () => {
    for (const e of GENERATED_AND_DECLARATIVE) assert.ok(existsSync(join(ROOT, e.path)), e.path);
  });

  it('measures bodies of functions, methods and arrows, and names them', () => {
    const source = parseSource(
      'x.ts',
      [
        'function one() {', // 1
        '  return 1;',
        '}',
        'class Box {',
        '  size(): number {', // 5
        '    const inner = () =>',
        '      2;',
        '    return inner();',
        '  }',
        '}', // 10
        "describe('group', () => {",
        "  it('case', () => {});",
        '});',
      ].join('\n'),
    );
    assert.deepEqual(
      functionsOf(source).map((f) => [f.name, f.line, f.bodyLines, f.suiteBody]),
      [
        ['one', 1, 3, false],
        ['Box.size', 5, 5, false],
        ['Box.size.inner', 6, 1, false],
        ['<callback of describe("group")>', 11, 3, true],
        ['<callback of describe("group")>.<callback of it("case")>', 12, 1, false],
      ],
    );
  });
});
