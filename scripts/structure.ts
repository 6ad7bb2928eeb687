/**
 * The repository's source files as the structure checks see them (`import-cycles.test.ts`,
 * `size-limits.test.ts`): each file parsed once with the TypeScript compiler API, giving its
 * relative imports (resolved to files) and the line count of every function in it.
 *
 * Written here rather than taken from a package: the dependency-graph tools (madge, dpdm) are not
 * dependencies of the project, and with the compiler already a dev dependency the graph is a short
 * walk over import declarations; the function lengths need the compiler's syntax tree anyway.
 */
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { dirname, join, relative, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';

export const ROOT = fileURLToPath(new URL('..', import.meta.url));

/** Folders whose code the checks cover; `widgets/` includes `widgets/build/` beside `widgets/src/`. */
export const SOURCE_DIRS = ['server', 'widgets', 'demo', 'scripts'] as const;

const SOURCE_FILE = /\.(?:ts|mts|js|mjs)$/;
const SKIPPED_DIRS = new Set(['node_modules', 'dist', 'data', 'screenshots']);

export interface SourceFile {
  /** Path from the repository root with `/` separators, e.g. `server/emulator/db.ts`. */
  readonly path: string;
  readonly lines: number;
  /** Files this one imports through relative specifiers, as repository paths. */
  readonly imports: readonly string[];
  readonly functions: readonly FunctionInfo[];
}

export interface FunctionInfo {
  /** `name`, `Class.method`, or for a nameless callback `<callback of call>` inside its enclosing name. */
  readonly name: string;
  /** First line of the function (1-based), for messages only: entries are matched by name. */
  readonly line: number;
  /** Lines from the body's opening brace to its closing one (or of an arrow's expression body). */
  readonly bodyLines: number;
  /** The callback of a `describe`/`suite` call: a list of tests, not a unit of logic. */
  readonly suiteBody: boolean;
}

const toRepoPath = (abs: string): string => relative(ROOT, abs).split(sep).join('/');

function walk(dir: string, out: string[]): void {
  if (!existsSync(dir)) return;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    if (entry.name.startsWith('.') || SKIPPED_DIRS.has(entry.name)) continue;
    const full = join(dir, entry.name);
    if (entry.isDirectory()) walk(full, out);
    else if (SOURCE_FILE.test(entry.name) && !entry.name.endsWith('.d.ts')) out.push(full);
  }
}

/**
 * A relative specifier to the file it loads: TypeScript sources import `./x.js` and get `./x.ts`
 * (NodeNext resolution); a specifier naming a file that exists as written is taken as is.
 */
function resolveSpecifier(from: string, specifier: string): string | undefined {
  const target = resolve(dirname(from), specifier);
  const candidates = [
    target.replace(/\.js$/, '.ts'),
    target.replace(/\.mjs$/, '.mts'),
    target,
    `${target}.ts`,
    join(target, 'index.ts'),
  ];
  return candidates.find((c) => existsSync(c) && SOURCE_FILE.test(c));
}

/**
 * Every module specifier of a file: static imports and re-exports, type-only ones included, plus
 * `import('…')` with a literal argument. A type-only import still means one module cannot be read
 * or changed without the other, which is what a cycle costs; the issue that asked for this check
 * counts one such pair (the database module and the LIKE matcher) among the cycles to break. Lazy
 * `import()` is included for the same reason: it defers loading, not the dependency.
 */
export function specifiers(source: ts.SourceFile): string[] {
  const out: string[] = [];
  const visit = (node: ts.Node): void => {
    if (
      (ts.isImportDeclaration(node) || ts.isExportDeclaration(node)) &&
      node.moduleSpecifier &&
      ts.isStringLiteral(node.moduleSpecifier)
    ) {
      out.push(node.moduleSpecifier.text);
    } else if (
      ts.isCallExpression(node) &&
      node.expression.kind === ts.SyntaxKind.ImportKeyword &&
      node.arguments[0] &&
      ts.isStringLiteralLike(node.arguments[0])
    ) {
      out.push(node.arguments[0].text);
    }
    ts.forEachChild(node, visit);
  };
  visit(source);
  return out;
}

/** A readable name for a function node, from its declaration or the place it is assigned to. */
function functionName(node: ts.FunctionLikeDeclaration, source: ts.SourceFile): string {
  const own = (n: ts.Node): string | undefined => {
    if (
      (ts.isFunctionDeclaration(n) ||
        ts.isMethodDeclaration(n) ||
        ts.isGetAccessor(n) ||
        ts.isSetAccessor(n) ||
        ts.isFunctionExpression(n)) &&
      n.name
    ) {
      return n.name.getText(source);
    }
    if (ts.isConstructorDeclaration(n)) return 'constructor';
    return undefined;
  };
  const holder = (n: ts.Node): string | undefined => {
    const parent = n.parent;
    if (
      ts.isVariableDeclaration(parent) ||
      ts.isPropertyAssignment(parent) ||
      ts.isPropertyDeclaration(parent)
    )
      return parent.name.getText(source);
    if (ts.isCallExpression(parent)) {
      // `it('rejects x', () => …)`: the title tells the callbacks of one file apart.
      const callee = parent.expression.getText(source);
      const title = parent.arguments[0];
      const label = title && ts.isStringLiteralLike(title) ? `(${JSON.stringify(title.text)})` : '';
      return `<callback of ${callee.length > 40 ? `${callee.slice(0, 40)}…` : callee}${label}>`;
    }
    return undefined;
  };
  const name = own(node) ?? holder(node) ?? '<anonymous>';
  // Qualify by the enclosing class or function, so names stay unique and say where the code is.
  const outer: string[] = [];
  for (let p: ts.Node | undefined = node.parent; p; p = p.parent) {
    if (ts.isClassDeclaration(p) && p.name) outer.unshift(p.name.text);
    else if (ts.isFunctionLike(p) && 'body' in p && p.body) {
      const n = own(p) ?? holder(p);
      if (n) outer.unshift(n);
    }
  }
  return [...outer, name].join('.');
}

const SUITE_CALLS = new Set(['describe', 'suite', 'describe.only', 'describe.skip', 'describe.todo']);

/** Every function, method, accessor, constructor and arrow with a body, nested ones included. */
export function functionsOf(source: ts.SourceFile): FunctionInfo[] {
  const out: FunctionInfo[] = [];
  const line = (pos: number) => source.getLineAndCharacterOfPosition(pos).line + 1;
  const visit = (node: ts.Node): void => {
    if (ts.isFunctionLike(node) && 'body' in node && node.body) {
      const fn = node as ts.FunctionLikeDeclaration;
      const body = fn.body!;
      out.push({
        name: functionName(fn, source),
        line: line(fn.getStart(source)),
        bodyLines: line(body.getEnd()) - line(body.getStart(source)) + 1,
        suiteBody: ts.isCallExpression(fn.parent) && SUITE_CALLS.has(fn.parent.expression.getText(source)),
      });
    }
    ts.forEachChild(node, visit);
  };
  visit(source);
  return out;
}

/** Parses one file's text; `fileName` picks TypeScript or JavaScript syntax by its extension. */
export function parseSource(fileName: string, text: string): ts.SourceFile {
  return ts.createSourceFile(fileName, text, ts.ScriptTarget.Latest, true);
}

let cache: readonly SourceFile[] | undefined;

/** Every source file under {@link SOURCE_DIRS}, sorted by path. */
export function sourceFiles(): readonly SourceFile[] {
  if (cache) return cache;
  const files: string[] = [];
  for (const dir of SOURCE_DIRS) walk(join(ROOT, dir), files);
  cache = files.sort().map((abs) => {
    const text = readFileSync(abs, 'utf8');
    const source = parseSource(abs, text);
    const imports = specifiers(source)
      .filter((s) => s.startsWith('./') || s.startsWith('../'))
      .map((s) => resolveSpecifier(abs, s))
      .filter((p): p is string => p !== undefined)
      .map(toRepoPath);
    return {
      path: toRepoPath(abs),
      lines: text.endsWith('\n') ? text.split('\n').length - 1 : text.split('\n').length,
      imports: [...new Set(imports)],
      functions: functionsOf(source),
    };
  });
  return cache;
}

/** A strongly connected group of files: each reaches every other through imports. */
export interface ImportCycle {
  /** The files of the group, sorted: the cycle's stable identity. */
  readonly files: readonly string[];
  /** One loop through the group, first file repeated at the end, for the message. */
  readonly loop: readonly string[];
}

/**
 * The import cycles of the source files, one per strongly connected group (Tarjan's algorithm), so
 * a tangle of several files is reported once rather than as every loop through it.
 */
export function importCycles(
  files: readonly Pick<SourceFile, 'path' | 'imports'>[] = sourceFiles(),
): ImportCycle[] {
  const edges = new Map(files.map((f) => [f.path, f.imports]));
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const onStack = new Set<string>();
  const groups: string[][] = [];
  let counter = 0;
  const connect = (v: string): void => {
    index.set(v, counter);
    low.set(v, counter);
    counter += 1;
    stack.push(v);
    onStack.add(v);
    for (const w of edges.get(v) ?? []) {
      if (!index.has(w)) {
        connect(w);
        low.set(v, Math.min(low.get(v)!, low.get(w)!));
      } else if (onStack.has(w)) low.set(v, Math.min(low.get(v)!, index.get(w)!));
    }
    if (low.get(v) === index.get(v)) {
      const group: string[] = [];
      let w: string;
      do {
        w = stack.pop()!;
        onStack.delete(w);
        group.push(w);
      } while (w !== v);
      if (group.length > 1 || (edges.get(v) ?? []).includes(v)) groups.push(group.sort());
    }
  };
  for (const f of files) if (!index.has(f.path)) connect(f.path);
  return groups
    .map((group) => ({ files: group, loop: loopThrough(group, edges) }))
    .sort((a, b) => a.files[0]!.localeCompare(b.files[0]!));
}

/** A shortest loop from the group's first file back to itself, staying inside the group. */
function loopThrough(group: readonly string[], edges: ReadonlyMap<string, readonly string[]>): string[] {
  const members = new Set(group);
  const start = group[0]!;
  const previous = new Map<string, string>();
  const queue = [start];
  while (queue.length > 0) {
    const v = queue.shift()!;
    for (const w of edges.get(v) ?? []) {
      if (!members.has(w)) continue;
      if (w === start) {
        const path = [v];
        for (let p = v; p !== start;) {
          p = previous.get(p)!;
          path.unshift(p);
        }
        return [...path, start];
      }
      if (!previous.has(w)) {
        previous.set(w, v);
        queue.push(w);
      }
    }
  }
  return [start, start];
}
