/**
 * Test helpers: a throw-away copy of the shipped schemas with a fixture's changes applied.
 * A fixture folder holds `patch.json` ({ "<file>": { "<JSON pointer>": value | {"$delete": true} }
 * or "<file>": null to delete the file; a pointer ending in `/-` appends) and/or `files/` with whole
 * files that replace the shipped ones (`x.json.broken` becomes `x.json`, for broken JSON), plus `expected.json`.
 */
import { copyFile, cp, mkdir, mkdtemp, readFile, readdir, rm, writeFile } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, relative } from 'node:path';
import { DEFAULT_SCHEMAS_DIR } from '../config/meta.js';

export const FIXTURES_DIR = new URL('../config/fixtures/', import.meta.url).pathname;

export async function copySchemas(): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'portico-schemas-'));
  for (const name of ['entities', 'forms', 'lists', 'languages', 'access.json']) {
    await cp(join(DEFAULT_SCHEMAS_DIR, name), join(dir, name), { recursive: true });
  }
  return dir;
}

function setAt(root: unknown, pointer: string, value: unknown): void {
  const parts = pointer
    .slice(1)
    .split('/')
    .map((s) => s.replace(/~1/g, '/').replace(/~0/g, '~'));
  const last = parts.pop() as string;
  let node = root as Record<string, unknown>;
  for (const p of parts) node = node[p] as Record<string, unknown>;
  const isDelete =
    value !== null && typeof value === 'object' && (value as { $delete?: boolean }).$delete === true;
  if (Array.isArray(node)) {
    if (last === '-') node.push(value);
    else if (isDelete) node.splice(Number(last), 1);
    else node[Number(last)] = value;
  } else if (isDelete) delete node[last];
  else node[last] = value;
}

export async function applyFixture(dir: string, fixture: string): Promise<void> {
  const base = join(FIXTURES_DIR, fixture);
  const patchFile = join(base, 'patch.json');
  if (existsSync(patchFile)) {
    const patch = JSON.parse(await readFile(patchFile, 'utf8')) as Record<
      string,
      Record<string, unknown> | null
    >;
    for (const [file, changes] of Object.entries(patch)) {
      const path = join(dir, file);
      if (changes === null) {
        await rm(path);
        continue;
      }
      const doc = JSON.parse(await readFile(path, 'utf8')) as unknown;
      for (const [pointer, value] of Object.entries(changes)) setAt(doc, pointer, value);
      await writeFile(path, `${JSON.stringify(doc, null, 2)}\n`);
    }
  }
  // Whole files; broken ones are stored as `<name>.broken` so formatters leave them broken.
  const files = join(base, 'files');
  if (existsSync(files)) {
    for (const entry of await readdir(files, { recursive: true, withFileTypes: true })) {
      if (!entry.isFile()) continue;
      const from = join(entry.parentPath, entry.name);
      const rel = relative(files, from).replace(/\.broken$/, '');
      await mkdir(dirname(join(dir, rel)), { recursive: true });
      await copyFile(from, join(dir, rel));
    }
  }
}

export async function listFixtures(): Promise<string[]> {
  return (await readdir(FIXTURES_DIR, { withFileTypes: true }))
    .filter((e) => e.isDirectory())
    .map((e) => e.name)
    .sort();
}
