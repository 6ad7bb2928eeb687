// The build renames the kit's internal members (vite.config.ts INTERNAL_MEMBERS) in every file it
// writes. A name that something outside the kit's own code reads — a host, the server's JSON, a
// message lookup, a string that stands for a property — would break silently in the built files
// only (the widget suites run the sources), so this checks the table against each of those, and
// that the built files no longer carry the names. Needs `npm run build` first (npm test builds).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { INTERNAL_MEMBERS, memberNames } from '../../vite.config.js';

const root = fileURLToPath(new URL('../../', import.meta.url));
const read = (path: string): string => readFileSync(join(root, path), 'utf8');

function sources(dir = 'widgets/src', out: string[] = []): string[] {
  for (const entry of readdirSync(join(root, dir), { withFileTypes: true })) {
    const path = `${dir}/${entry.name}`;
    if (entry.isDirectory()) {
      if (entry.name !== 'test') sources(path, out);
    } else if (/\.ts$/.test(entry.name) && !/(\.test|-harness)\.ts$/.test(entry.name)) out.push(path);
  }
  return out;
}

const SOURCES = sources().map((path) => ({ path, text: read(path) }));

test('every listed name is a member the kit itself declares', () => {
  for (const name of INTERNAL_MEMBERS) {
    const declared = new RegExp(
      `^\\s+(?:(?:protected|private|public|readonly|override|static|async|get|set)\\s+)*${name}\\s*[(?:=!;<]`,
      'm',
    );
    assert.ok(
      SOURCES.some(({ text }) => declared.test(text)),
      `${name} is not declared as a member in widgets/src`,
    );
  }
});

test('no listed name is a message key, a JSON contract property or part of the host API', () => {
  const messageKeys = new Set(
    SOURCES.filter(({ path }) => /messages\.ts$/.test(path)).flatMap(({ text }) =>
      [...text.matchAll(/^\s+([A-Za-z]+):/gm)].map((m) => m[1]),
    ),
  );
  assert.ok(messageKeys.has('loading') && messageKeys.has('retry'), 'the message files were read');
  const contract = new Set(
    [
      ...read('server/api/generated/contract-types.ts').matchAll(/^\s+(?:readonly\s+)?'?([A-Za-z]+)'?\??:/gm),
    ].map((m) => m[1]),
  );
  assert.ok(contract.has('formatted') && contract.has('rowActions'), 'the contract was read');
  const hostApi = new Set(
    [...read('widgets/types/portico.d.ts').matchAll(/^\s+(?:readonly\s+)?([A-Za-z]+)\??[(:]/gm)].map(
      (m) => m[1],
    ),
  );
  assert.ok(hostApi.has('recordId') && hostApi.has('getToken'), 'the host declarations were read');
  for (const name of INTERNAL_MEMBERS) {
    assert.ok(!messageKeys.has(name), `${name} is a message key (msg() looks it up by its string)`);
    assert.ok(!contract.has(name), `${name} is a property of the JSON the server sends`);
    assert.ok(!hostApi.has(name), `${name} is part of the host API (widgets/types/portico.d.ts)`);
  }
});

test('no listed name is read through a string', () => {
  for (const name of INTERNAL_MEMBERS) {
    // `changed.has('x')`, `'x' in o`, `o['x']`, and a template's property binding `.x=${…}`.
    const asString = new RegExp(
      `\\.has\\(['"]${name}['"]\\)|['"]${name}['"]\\s+in\\b|\\[['"]${name}['"]\\]|\\s\\.${name}=\\$\\{`,
    );
    for (const { path, text } of SOURCES)
      assert.ok(!asString.test(text), `${path} reads ${name} through a string`);
  }
});

test('the built files carry none of the listed names, and the new names clash with none', () => {
  const dir = join(root, 'dist/widgets');
  const files = readdirSync(dir).filter((name) => /^portico(?:-\w+|\.iife)?\.js$/.test(name));
  assert.ok(
    files.includes('portico.js') && files.includes('portico.iife.js'),
    `built files: ${files.join(', ')}`,
  );
  for (const file of files) {
    const code = readFileSync(join(dir, file), 'utf8');
    for (const name of INTERNAL_MEMBERS) {
      // A property access (`x.name`, `).name`) or an object key; CSS class selectors are not.
      const left = new RegExp(`[\\w$)\\]]\\.${name}\\b|[{,]${name}:`).exec(code);
      assert.equal(
        left,
        null,
        `${file} still has ${name}: …${left ? code.slice(left.index - 30, left.index + 30) : ''}…`,
      );
    }
  }
});

test('memberNames: a name the build already uses is never given, and each member gets its own', () => {
  const names = memberNames(['this.$0=1;x.$2();this.problem.text;y.problem;z.fetchPage()']);
  const given = Object.values(names);
  assert.equal(names.$problem, '$1', 'the first used member of the table gets the first free name');
  assert.equal(names.$fetchPage, '$3');
  assert.equal(new Set(given).size, given.length);
  for (const used of ['$0', '$2']) assert.ok(!given.includes(used), `${used} is used by the build`);
  assert.equal(names.$menuTo, undefined, 'a member no file uses is not renamed');
});
