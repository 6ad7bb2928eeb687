import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { readFile, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { applyFixture, copySchemas } from '../testing/schema-copies.js';

const root = fileURLToPath(new URL('../..', import.meta.url));

function check(args: string[]): { status: number | null; stdout: string; stderr: string } {
  const r = spawnSync('npm', ['run', '--silent', 'schemas:check', '--', ...args], {
    cwd: root,
    encoding: 'utf8',
  });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

test('schemas:check exits 0 with a one-line summary on the shipped schemas', () => {
  const r = check([]);
  assert.equal(r.status, 0, r.stderr);
  assert.match(
    r.stdout.trim(),
    /^OK .*: 2 entities, 5 forms, 3 lists, 2 roles, 3 languages \(en, ar, de\) \(13 files\)$/,
  );
  assert.equal(r.stderr, '', 'the shipped German lacks no message');
});

test('schemas:check warns, with file, line and key, about a message a language lacks, and still exits 0', async () => {
  const dir = await copySchemas();
  try {
    const file = join(dir, 'languages', 'de.json');
    const de = JSON.parse(await readFile(file, 'utf8')) as Record<string, string>;
    delete de.noMatch;
    await writeFile(file, JSON.stringify(de, null, 2));
    const r = check(['--dir', dir]);
    assert.equal(r.status, 0, r.stderr);
    assert.match(
      r.stderr,
      /^warning: languages\/de\.json \/noMatch: message "noMatch" is not translated; the widgets show it in English \("No matches"\) \[PORTICO_CONFIG_MISSING_MESSAGE\]$/m,
    );
    assert.match(r.stdout, /; 1 warning\(s\) above$/m);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});

test('schemas:check exits 1 and prints each formatted error for a broken folder', async () => {
  const dir = await copySchemas();
  try {
    await applyFixture(dir, '01-misspelt-column-on-form');
    await applyFixture(dir, '40-misspelt-hidden-column');
    const r = check(['--dir', dir]);
    assert.equal(r.status, 1);
    assert.match(
      r.stderr,
      /^forms\/case-create\.json:\d+:\d+ \/sections\/0\/fields\/3\/field: entity "incident" has no column "descripton".* — did you mean "description"\? \[PORTICO_CONFIG_UNKNOWN_COLUMN\]$/m,
    );
    assert.match(r.stderr, /did you mean "ownerid"\? \[PORTICO_CONFIG_UNKNOWN_COLUMN\]$/m);
    assert.match(r.stderr, /2 error\(s\)/);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});

test('schemas:check rejects unknown arguments with exit 2', () => {
  const r = check(['--dri', 'x']);
  assert.equal(r.status, 2);
  assert.match(r.stderr, /unknown argument "--dri"/);
});
