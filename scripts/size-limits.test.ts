/**
 * Size limits for the code under `server/`, `widgets/`, `demo/` and `scripts/`: no source file over
 * 700 lines and no function over 150 lines. Past those sizes a file stops holding one
 * responsibility and a function stops fitting in a reader's head; both limits come from the
 * architecture issue that split the emulator by phase. Test files count like any other source,
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

/**
 * Today's offenders outside server/emulator, as `path` for files and `path name` for functions
 * (names as scripts/structure.ts gives them). The lists may only shrink: the check fails for an
 * offender not listed and for a listed one that is back within the limit, so an entry is removed
 * in the change that fixes it.
 */
const OVERSIZED_TODAY = {
  files: [],
  functions: ['server/proxy/index.ts createServer', 'server/proxy/openapi.ts openApiDocument'],
} as const;

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
  it(`no source file is over ${MAX_FILE_LINES} lines beyond the allow-lists`, () => {
    const listed = new Set<string>(OVERSIZED_TODAY.files);
    const sizes = new Map(sourceFiles().map((f) => [f.path, f.lines]));
    assert.deepEqual(
      oversizedFiles()
        .filter((p) => !listed.has(p))
        .map((p) => `${p}: ${sizes.get(p)} lines`),
      [],
      'split each file above by responsibility',
    );
  });

  it(`no function is over ${MAX_FUNCTION_LINES} lines beyond the allow-list`, () => {
    const listed = new Set<string>(OVERSIZED_TODAY.functions);
    assert.deepEqual(
      [...oversizedFunctions()].filter(([k]) => !listed.has(k)).map(([k, n]) => `${k}: ${n} lines`),
      [],
      'split each function above into steps with names',
    );
  });

  it('every listed offender is still over its limit, outside server/emulator', () => {
    const files = new Set(oversizedFiles());
    const functions = oversizedFunctions();
    for (const entry of [...OVERSIZED_TODAY.files, ...OVERSIZED_TODAY.functions]) {
      assert.ok(!entry.startsWith('server/emulator/'), `${entry}: the emulator is kept within the limits`);
    }
    for (const p of OVERSIZED_TODAY.files)
      assert.ok(
        files.has(p),
        `${p} is within ${MAX_FILE_LINES} lines now: remove it from OVERSIZED_TODAY.files`,
      );
    for (const k of OVERSIZED_TODAY.functions)
      assert.ok(
        functions.has(k),
        `${k} is within ${MAX_FUNCTION_LINES} lines now (or was renamed): remove it from OVERSIZED_TODAY.functions`,
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
