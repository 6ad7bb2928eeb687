import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFile, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { watchRegistry } from './index.js';
import type { ConfigError, Registry, RegistryWatcher } from './index.js';
import { applyFixture, copySchemas } from '../testing/schema-copies.js';

async function waitFor(what: string, predicate: () => boolean, timeoutMs = 1000): Promise<number> {
  const started = performance.now();
  while (!predicate()) {
    if (performance.now() - started > timeoutMs)
      assert.fail(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 10));
  }
  return performance.now() - started;
}

interface Harness {
  dir: string;
  watcher: RegistryWatcher;
  reloads: Registry[];
  refusals: ConfigError[][];
  done(): Promise<void>;
}

async function start(debounceMs = 50): Promise<Harness> {
  const dir = await copySchemas();
  const reloads: Registry[] = [];
  const refusals: ConfigError[][] = [];
  const watcher = await watchRegistry(dir, {
    debounceMs,
    onReload: (r) => reloads.push(r),
    onRefused: (e) => refusals.push(e),
  });
  return {
    dir,
    watcher,
    reloads,
    refusals,
    async done() {
      await watcher.close();
      await rm(dir, { recursive: true, force: true });
    },
  };
}

async function setTitle(dir: string, en: string): Promise<void> {
  const path = join(dir, 'forms', 'case-create.json');
  const doc = JSON.parse(await readFile(path, 'utf8')) as { title: { en: string } };
  doc.title.en = en;
  await writeFile(path, JSON.stringify(doc, null, 2));
}

const titleOf = (r: Registry): string | undefined =>
  r.forms.get('case-create')?.forRole('customer')?.definition.title.en;

test('a valid change is served within a second', async () => {
  const h = await start();
  try {
    assert.equal(h.watcher.status().version, 1);
    await setTitle(h.dir, 'Report a problem');
    const ms = await waitFor('reload', () => h.reloads.length === 1);
    assert.ok(ms < 1000);
    assert.equal(titleOf(h.watcher.current()), 'Report a problem');
    assert.equal(h.watcher.status().version, 2);
    assert.equal(h.watcher.status().lastRefused, undefined);
  } finally {
    await h.done();
  }
});

test('an invalid change is refused with its errors and the last good registry keeps serving', async () => {
  const h = await start();
  try {
    await applyFixture(h.dir, '01-misspelt-column-on-form');
    await waitFor('refusal', () => h.refusals.length === 1);
    assert.equal(h.refusals[0]?.[0]?.code, 'PORTICO_CONFIG_UNKNOWN_COLUMN');
    assert.equal(h.refusals[0]?.[0]?.suggestion, 'description');
    const status = h.watcher.status();
    assert.equal(status.version, 1);
    assert.equal(status.lastRefused?.errors[0]?.code, 'PORTICO_CONFIG_UNKNOWN_COLUMN');
    assert.ok(h.watcher.current().forms.get('case-create')?.forRole('customer'));
    // Fixing it is picked up, and the refusal is cleared.
    await setTitle(h.dir, 'Fixed');
    const path = join(h.dir, 'forms', 'case-create.json');
    await writeFile(path, (await readFile(path, 'utf8')).replace('"descripton"', '"description"'));
    await waitFor('reload after fix', () => titleOf(h.watcher.current()) === 'Fixed');
    assert.equal(h.watcher.status().lastRefused, undefined);
  } finally {
    await h.done();
  }
});

test('a half-written file is refused, then accepted once complete', async () => {
  const h = await start();
  try {
    const path = join(h.dir, 'access.json');
    const full = await readFile(path, 'utf8');
    await writeFile(path, full.slice(0, Math.floor(full.length / 3)));
    await waitFor('refusal', () => h.refusals.length === 1);
    assert.equal(h.refusals[0]?.[0]?.code, 'PORTICO_CONFIG_INVALID_JSON');
    assert.equal(h.watcher.current().roles.size, 2);
    await writeFile(path, full);
    await waitFor('reload', () => h.reloads.length === 1);
    assert.equal(h.watcher.current().version, 2);
  } finally {
    await h.done();
  }
});

test('deleting a file: accepted when nothing refers to it, refused when something does', async () => {
  const h = await start();
  try {
    await rm(join(h.dir, 'forms', 'case-view.json'));
    await waitFor('reload', () => h.reloads.length === 1);
    assert.equal(h.watcher.current().forms.has('case-view'), false);
    await rm(join(h.dir, 'forms', 'case-create.json'));
    await waitFor('refusal', () => h.refusals.length === 1);
    assert.deepEqual(
      h.refusals[0]?.map((e) => [e.file, e.code]),
      [
        ['lists/account-cases.json', 'PORTICO_CONFIG_UNKNOWN_FORM'],
        ['lists/my-cases.json', 'PORTICO_CONFIG_UNKNOWN_FORM'],
      ],
    );
    assert.equal(h.watcher.current().forms.has('case-create'), true);
  } finally {
    await h.done();
  }
});

test('a burst of saves becomes one reload with the last content', async () => {
  const h = await start(150);
  try {
    for (let i = 1; i <= 10; i += 1) {
      await setTitle(h.dir, `Draft ${i}`);
      await new Promise((r) => setTimeout(r, 5));
    }
    await waitFor('reload', () => titleOf(h.watcher.current()) === 'Draft 10');
    await new Promise((r) => setTimeout(r, 300));
    assert.ok(h.reloads.length <= 2, `${h.reloads.length} reloads for one burst`);
    assert.equal(h.refusals.length, 0);
  } finally {
    await h.done();
  }
});

test('options are checked and a broken initial configuration rejects with its errors', async () => {
  await assert.rejects(watchRegistry('.', { debounceMs: -1 }), /option debounceMs must be a number/);
  const dir = await copySchemas();
  try {
    await applyFixture(dir, '06-misspelt-entity-on-form');
    await assert.rejects(watchRegistry(dir), (error: unknown) => {
      const errors = (error as { errors?: ConfigError[] }).errors;
      assert.equal(errors?.[0]?.code, 'PORTICO_CONFIG_UNKNOWN_ENTITY');
      return true;
    });
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});
